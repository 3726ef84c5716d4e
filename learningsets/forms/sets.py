from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from learningsets.models import LearningSet, Member
from partners.models import Partner


class LearningSetChoiceField(forms.ModelChoiceField):
    """Learning sets offered by name: give it a queryset that selects their partner and
    sub-theme."""

    def label_from_instance(self, obj):
        return obj.name


class MemberForm(forms.ModelForm):
    """A partner contact adds or edits a person in one of the partner's own learning sets."""

    class Meta:
        model = Member
        fields = ["learning_set", "name", "email", "organisation", "position", "actor_type"]
        labels = {"learning_set": _("Action Learning Set"), "actor_type": _("Type of actor")}
        field_classes = {"learning_set": LearningSetChoiceField}
        help_texts = {
            "email": _("Used for workshop invitations; never shown to the public."),
            "position": _("Optional: the person's role in their organisation."),
        }

    def __init__(self, *args, partner: Partner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["learning_set"].queryset = LearningSet.objects.filter(
            partner=partner
        ).select_related("partner", "sub_theme")
        self.fields["learning_set"].empty_label = None
        self.helper = FormHelper()
        self.helper.form_tag = False
