"""The forms of learning sets: their members (sets.py), and their meetings (meetings.py)."""

from learningsets.forms.sets import LearningSetChoiceField, MemberForm

__all__ = ["LearningSetChoiceField", "MemberForm"]
