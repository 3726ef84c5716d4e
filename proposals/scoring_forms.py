"""A reviewer's score sheet: a score and a note for every criterion of the round's rubric.

The rules are the service's (proposals.scoring): the form asks them field by field, so that
each message stands beside its field and what the reviewer typed stays in the form.
"""

from crispy_forms.helper import FormHelper
from django import forms
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.content import marked
from proposals import scoring
from proposals.models import Criterion, ScoreSheet

NOT_A_NUMBER = _("A score is a whole number.")


class ScoreSheetForm(forms.Form):
    """One field pair per criterion: `score-<id>` and `note-<id>`, filled in with the
    reviewer's sheet of the round when they have one."""

    def __init__(self, data=None, *, criteria: list[Criterion], sheet: ScoreSheet | None = None):
        given = {score.criterion_id: score for score in sheet.scores.all()} if sheet else {}
        initial = {}
        for criterion in criteria:
            if criterion.pk in given:
                initial[f"score-{criterion.pk}"] = given[criterion.pk].value
                initial[f"note-{criterion.pk}"] = given[criterion.pk].note
        super().__init__(data, initial=initial)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score-{criterion.pk}"] = forms.IntegerField(
                label=marked(criterion, "name"),
                required=False,  # the service's message names the criterion
                help_text=gettext("From {lowest} to {highest}; weight {weight}.").format(
                    lowest=criterion.scale_min,
                    highest=criterion.scale_max,
                    weight=floatformat(criterion.weight, "-2"),
                ),
                widget=forms.NumberInput(
                    attrs={"min": criterion.scale_min, "max": criterion.scale_max}
                ),
                error_messages={"invalid": NOT_A_NUMBER},
            )
            self.fields[f"note-{criterion.pk}"] = forms.CharField(
                label=gettext("Note on “{criterion}”").format(criterion=criterion.name),
                required=False,
                widget=forms.Textarea(attrs={"rows": 3, "maxlength": scoring.NOTE_LIMIT}),
            )
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        for criterion in self.criteria:
            score, note = f"score-{criterion.pk}", f"note-{criterion.pk}"
            if score in cleaned:
                problem = scoring.score_problem(criterion, cleaned[score])
                if problem:
                    self.add_error(score, problem)
            if note in cleaned:
                problem = scoring.note_problem(cleaned[note].replace("\r\n", "\n"))
                if problem:
                    self.add_error(note, problem)
        return cleaned

    def scores(self) -> dict[int, scoring.ScoreInput]:
        """The valid form's scores for the service, by criterion id."""
        return {
            criterion.pk: scoring.ScoreInput(
                self.cleaned_data[f"score-{criterion.pk}"],
                self.cleaned_data[f"note-{criterion.pk}"].replace("\r\n", "\n"),
            )
            for criterion in self.criteria
        }
