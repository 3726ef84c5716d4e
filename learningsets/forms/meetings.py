"""The forms of set meetings: a meeting, a problem with the actions agreed (a few in one go),
closing an action, and a member's learning log entry. Times are entered in the partner's time
zone; each rule is asked of learningsets.meetings, so that its message shows beside its field."""

import datetime as dt

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.choices import RowsChoiceField
from learningsets import meetings
from learningsets.models import Action, LearningLogEntry, Meeting

MAX_TEXT = 100_000  # as a proposal's section: no page takes long to render it
EARLIEST = dt.date(1990, 1, 1)  # before MILE; an earlier date is a typing slip
ACTION_ROWS = 3  # the blank rows of actions under a problem: a few, in one go
MOST_ACTIONS = 20
TOO_LONG = _("At most %(limit_value)d characters, please (this has %(show_value)d).")


def text_field(label, *, required=True, rows=4, error_messages=None, **kwargs):
    return forms.CharField(
        label=label,
        required=required,
        max_length=MAX_TEXT,
        strip=True,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"max_length": TOO_LONG, **(error_messages or {})},
        **kwargs,
    )


def _helper():
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True  # the page's own <form> carries the token
    return helper


class MemberChoiceField(forms.ModelChoiceField):
    """Members by name, and by learning set in a Local Support Group: give it members with
    their learning set's sub-theme selected."""

    def __init__(self, *args, support_group=False, **kwargs):
        self.support_group = support_group
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        if self.support_group:
            return f"{obj.name} ({obj.learning_set.sub_theme.name})"
        return obj.name

    def offer(self, members, *, support_group: bool, choices=None) -> None:
        """Offer `members`, a queryset read once here (or the `choices` another field read
        from it: the rows of a formset share them); it is asked again only to validate."""
        self.support_group = support_group
        self.queryset = members
        if choices is None:
            empty = [] if self.empty_label is None else [("", self.empty_label)]
            choices = [*empty, *((m.pk, self.label_from_instance(m)) for m in members)]
        self.choices = choices


def offered_members(meeting=None, **holder):
    """Who a meeting's forms offer, by name, with what their labels read."""
    return (
        meetings.members_who_may_attend(meeting=meeting, **holder)
        .select_related("learning_set__sub_theme")
        .order_by("name", "pk")
    )


class MembersChoiceField(MemberChoiceField, RowsChoiceField):
    pass


class MeetingForm(forms.Form):
    """When and where a set met, who attended, and the guests by name."""

    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    starts = forms.TimeField(
        label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    ends = forms.TimeField(
        label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    online_link = forms.URLField(
        label=_("Online link"), max_length=500, required=False, assume_scheme="https"
    )
    attendees = MembersChoiceField(
        label=_("Who attended"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    guests = text_field(
        _("Guests"), required=False, rows=3, help_text=_("People from outside the set: one a line.")
    )

    # The service's names of the fields it refuses, as this form calls them.
    FIELD_OF = {"starts_at": "date", "ends_at": "ends"}

    def __init__(self, *args, learning_set=None, partner=None, meeting=None, **kwargs):
        holder = meeting or Meeting(learning_set=learning_set, partner=partner)
        self.zone = holder.zone
        if meeting is not None:
            starts = timezone.localtime(meeting.starts_at, self.zone)
            ends = timezone.localtime(meeting.ends_at, self.zone)
            kwargs["initial"] = {
                "date": starts.date(),
                "starts": starts.time(),
                "ends": ends.time(),
                "place": meeting.place,
                "online_link": meeting.online_link,
                "attendees": [member.pk for member in meeting.attendees.all()],
                "guests": meeting.guests,
            }
        super().__init__(*args, **kwargs)
        zone_name = str(self.zone)
        for name in ("date", "starts", "ends"):
            self.fields[name].help_text = gettext("In the time zone {zone}.").format(zone=zone_name)
        self.fields["attendees"].offer(
            offered_members(meeting, learning_set=learning_set, partner=partner),
            support_group=holder.is_support_group,
        )
        self.helper = _helper()

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date < EARLIEST:
            raise ValidationError(gettext("This is long before MILE: check the date."))
        return date

    def clean_attendees(self):
        posted = self.data.getlist(self.add_prefix("attendees"))
        if len(posted) != len(set(posted)):
            raise ValidationError(gettext("Someone is ticked twice: tick each person once."))
        return list(self.cleaned_data["attendees"])

    def clean(self):
        cleaned = super().clean()
        somewhere = cleaned.get("place") or cleaned.get("online_link")
        if not somewhere and not {"place", "online_link"} & set(self.errors):
            self.add_error("place", gettext("Give a place, an online link, or both."))
        if self.errors:
            return cleaned
        cleaned["starts_at"] = dt.datetime.combine(cleaned["date"], cleaned["starts"], self.zone)
        cleaned["ends_at"] = dt.datetime.combine(cleaned["date"], cleaned["ends"], self.zone)
        try:
            meetings.meeting_check(
                starts_at=cleaned["starts_at"],
                ends_at=cleaned["ends_at"],
                attendees=cleaned["attendees"],
                guests=cleaned["guests"],
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    self.add_error(self.FIELD_OF.get(field, field), message)
        return cleaned

    def meeting_fields(self) -> dict:
        """What the services take, from a valid form."""
        names = ("starts_at", "ends_at", "place", "online_link", "attendees", "guests")
        return {name: self.cleaned_data[name] for name in names}


class ProblemForm(forms.Form):
    """A problem a member brought, and the questions that helped."""

    brought_by = MemberChoiceField(label=_("Brought by"), queryset=None)
    description = text_field(
        _("The problem"), error_messages={"required": _("Say what the problem is.")}
    )
    questions = text_field(_("The questions that helped"), required=False)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["brought_by"].offer(
            offered_members(meeting), support_group=meeting.is_support_group
        )
        self.helper = _helper()


class ActionForm(forms.Form):
    """One action agreed about a problem; a blank row is no action."""

    description = text_field(_("Action"), required=False, rows=2)
    owner = MemberChoiceField(label=_("Who will do it"), queryset=None, required=False)
    due_on = forms.DateField(
        label=_("Due on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, meeting, owners, action=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting, self.action = meeting, action
        members, rows = owners
        self.fields["owner"].offer(members, support_group=meeting.is_support_group, choices=rows)
        self.helper = _helper()

    def clean(self):
        cleaned = super().clean()
        given = [cleaned.get(name) for name in ("description", "owner", "due_on")]
        if self.errors or (not any(given) and self.action is None):
            return cleaned
        needs = {
            "description": gettext("Say what will be done."),
            "owner": gettext("Choose who will do it."),
            "due_on": gettext("Give the date it is due."),
        }
        for name, message in needs.items():
            if not cleaned.get(name):
                self.add_error(name, message)
        if self.errors:
            return cleaned
        try:
            meetings.action_check(
                meeting=self.meeting, owner=cleaned["owner"], due_on=cleaned["due_on"]
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    self.add_error(field, message)
        return cleaned

    def action_input(self) -> meetings.ActionInput | None:
        """The action to save, or None for a blank row."""
        if not self.cleaned_data.get("description"):
            return None
        return meetings.ActionInput(
            description=self.cleaned_data["description"],
            owner=self.cleaned_data["owner"],
            due_on=self.cleaned_data["due_on"],
            action=self.action,
        )


class BaseActionFormSet(forms.BaseFormSet):
    """The actions of a problem: its own first (each form knows its action), then blank rows."""

    def __init__(self, *args, meeting, actions=(), **kwargs):
        self.actions = list(actions)
        # The members are read once for every row of the formset.
        choosing = MemberChoiceField(queryset=None, required=False)
        choosing.offer(offered_members(meeting), support_group=meeting.is_support_group)
        owners = (choosing.queryset, choosing.choices)
        initial = [
            {"description": a.description, "owner": a.owner_id, "due_on": a.due_on}
            for a in self.actions
        ]
        kwargs.setdefault("form_kwargs", {}).update(meeting=meeting, owners=owners)
        super().__init__(*args, initial=initial, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs["action"] = self.actions[index] if index < len(self.actions) else None
        return kwargs

    def action_inputs(self) -> list[meetings.ActionInput]:
        wanted = (form.action_input() for form in self.forms)
        return [action for action in wanted if action is not None]


def action_formset(*args, meeting, actions=(), **kwargs):
    formset = forms.formset_factory(
        ActionForm,
        formset=BaseActionFormSet,
        extra=ACTION_ROWS,
        max_num=MOST_ACTIONS,
        absolute_max=MOST_ACTIONS,
        validate_max=True,
    )
    return formset(*args, meeting=meeting, actions=actions, prefix="actions", **kwargs)


class ActionCloseForm(forms.Form):
    state = forms.ChoiceField(
        label=_("The action is"),
        choices=[(Action.State.DONE, _("Done")), (Action.State.DROPPED, _("Dropped"))],
        widget=forms.RadioSelect,
    )
    outcome = text_field(
        _("Outcome"), required=False, help_text=_("What came of it, or why it was dropped.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class LearningLogForm(forms.ModelForm):
    class Meta:
        model = LearningLogEntry
        fields = ["text", "visibility"]
        widgets = {"visibility": forms.RadioSelect}
        error_messages = {"text": {"max_length": TOO_LONG}}

    text = text_field(_("What I learnt"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
