from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout
from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.choices import RowsChoiceField
from learningsets.models import Member
from workshops.models import TakeHome

NEW_PERSON_FIELDS = ("name", "email", "organisation", "position", "actor_type")
NEW_PERSON_NEEDS = ("name", "email", "organisation", "actor_type")
NO_LEARNING_SET = _(
    "There is no learning set on this sub-theme yet: the MILE management team sets it up."
)
# The longest take-home text: a few pages, far more than a set writes, and a bound on the page.
MAX_TAKE_HOME_TEXT = 100_000
NOBODY_LEFT = _("Nobody else in the learning set can be chosen; add a new person below.")


def member_label(member: Member) -> str:
    return f"{member.name} — {member.organisation} ({member.get_actor_type_display()})"


class _MembersOrNewPersonForm(forms.Form):
    """Members of the partner's learning set to choose from, or a new person who joins it.

    Only the eligible members are offered, yet any member id posted is accepted here: the
    service is the one place that refuses another partner's member or a delegate twice, each
    with its own message, which the view shows as a form error.
    """

    choice_field: str
    choice_label: str
    # The label with the learning set's name, `%(learning_set)s`.
    choice_label_of_set: str
    new_person_legend: str

    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail address"), max_length=254, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    position = forms.CharField(label=_("Position (optional)"), max_length=200, required=False)
    actor_type = forms.ChoiceField(
        label=_("Type of actor"),
        choices=[("", "---------"), *Member.ActorType.choices],
        required=False,
    )

    def __init__(self, *args, learning_set, eligible, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields[self.choice_field]
        eligible = list(eligible)
        field.widget.choices = [(member.pk, member_label(member)) for member in eligible]
        if learning_set is None:
            field.label = self.choice_label
            field.help_text = NO_LEARNING_SET
        else:
            field.label = self.choice_label_of_set % {"learning_set": learning_set.name}
            if not eligible:
                field.help_text = NOBODY_LEFT
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the page's own <form> carries the token
        self.helper.layout = Layout(
            self.choice_field,
            Fieldset(
                self.new_person_legend,
                HTML(
                    format_html(
                        '<p class="form-text mt-0">{}</p>',
                        gettext(
                            "Someone who is not in the learning set yet: they become a member "
                            "of it in the same step."
                        ),
                    )
                ),
                *NEW_PERSON_FIELDS,
            ),
        )

    def clean(self):
        cleaned = super().clean()
        if self._new_person_started():
            for name in NEW_PERSON_NEEDS:
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, gettext("Needed to add a new person."))
        return cleaned

    def _new_person_started(self) -> bool:
        return any(str(self.data.get(name, "")).strip() for name in NEW_PERSON_FIELDS)

    def new_person(self) -> dict | None:
        """The new person's details for the service, or None when the fieldset was left empty."""
        if not self._new_person_started():
            return None
        return {name: self.cleaned_data[name] for name in NEW_PERSON_FIELDS}


class DelegatesForm(_MembersOrNewPersonForm):
    """A partner contact chooses delegates from the learning set, or adds a new person."""

    choice_field = "members"
    choice_label = _("Members")
    choice_label_of_set = _("Members of %(learning_set)s")
    new_person_legend = _("Add a new person")

    members = RowsChoiceField(
        queryset=Member.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def new_people(self) -> list[dict]:
        person = self.new_person()
        return [person] if person else []


class ReplaceForm(_MembersOrNewPersonForm):
    """Who takes a delegate's place: another member of the learning set, or a new person."""

    choice_field = "member"
    choice_label = _("A member")
    choice_label_of_set = _("A member of %(learning_set)s")
    new_person_legend = _("Or add a new person")

    member = forms.ModelChoiceField(
        queryset=Member.objects.all(), required=False, widget=forms.RadioSelect, empty_label=None
    )


class TakeHomeForm(forms.ModelForm):
    """A learning set's take-home of a workshop: its learning points and the actions."""

    learning_points = forms.CharField(
        label=_("Learning points"),
        max_length=MAX_TAKE_HOME_TEXT,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What the set learnt at the workshop. Markdown is allowed."),
    )
    actions = forms.CharField(
        label=_("Actions it leads to"),
        max_length=MAX_TAKE_HOME_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the set will do about them. Markdown is allowed."),
    )

    class Meta:
        model = TakeHome
        fields = ["learning_points", "actions", "is_public"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
