from dataclasses import dataclass

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.forms.formsets import INITIAL_FORM_COUNT, TOTAL_FORM_COUNT
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import offered_languages
from common.content import marked
from learningsets.models import CommonBasicPrinciple
from proposals import budget, calls, deadlines
from proposals.models import BudgetLine, Call, FundingSource, Proposal, Section

# A section is a few pages of an application form; this bounds what one request may store.
MAX_TEXT = 100_000
# The largest value a section's version column holds on PostgreSQL.
LARGEST_VERSION = 2**31 - 1
AUTOSAVE_TRIGGER = "input changed delay:1500ms, blur, retry-save"
BAD_VERSION = _(
    "The version of the text this form started from is not valid: reload the page and save "
    "again. Nothing was saved."
)


def grouped(number: int) -> str:
    """1234 as "1 234" (a no-break space between the groups), as the counter shows numbers."""
    return f"{number:,}".replace(",", "\u00a0")


@dataclass(frozen=True)
class CharacterCount:
    """What the counter under a section shows: "1 234 / 1 500" and how far over the limit."""

    length: int
    limit: int

    def __str__(self) -> str:
        return f"{grouped(self.length)} / {grouped(self.limit)}"

    @property
    def over_by(self) -> int:
        return max(0, self.length - self.limit)

    @property
    def over_by_text(self) -> str:
        return grouped(self.over_by)


NOT_A_LANGUAGE = _(
    "“%(value)s” is not one of the platform's languages: choose one from the list. "
    "Nothing was changed."
)


def language_field() -> forms.ChoiceField:
    """The language a proposal is written in, one of the platform's (read when the form is
    shown, so a language joins the list with its catalogue). Left out, nothing changes: a new
    proposal takes its partner's language, an existing one keeps its own."""
    return forms.ChoiceField(
        label=_("Language of the proposal"),
        choices=offered_languages,
        required=False,
        help_text=_(
            "The language the proposal is written in: its sections' titles and help and its PDF "
            "are in this language. The pages around it stay in each reader's language."
        ),
        error_messages={"invalid_choice": NOT_A_LANGUAGE},
    )


class CallChoiceField(forms.ModelChoiceField):
    """An open call, named with its funding source and its deadline on its own clocks."""

    def label_from_instance(self, call):
        return gettext("{call} ({source}), deadline {deadline}").format(
            call=call.name,
            source=call.get_funding_source_display(),
            deadline=deadlines.on_its_clocks(call, call.deadline),
        )


class ProposalStartForm(forms.Form):
    """A new proposal of a learning set: its title, the call it is drafted for (one open to the
    set's sub-theme, or none yet), where the money is to come from and the language it is
    written in (by default its partner's)."""

    title = forms.CharField(label=_("Title"), max_length=300)
    funding_call = CallChoiceField(
        queryset=Call.objects.none(),
        required=False,
        label=_("Call"),
        empty_label=_("No call yet"),
        help_text=_("The open calls this learning set's sub-theme is eligible for."),
        error_messages={
            "invalid_choice": _(
                "This call is not open to this learning set now: choose another, or no call yet."
            )
        },
    )
    funding_source = forms.ChoiceField(
        label=_("Funding source"),
        choices=FundingSource.choices,
        help_text=_("Sets the sections, their character limits and the budget categories."),
    )
    language = language_field()

    def __init__(self, *args, learning_set, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funding_call"].queryset = calls.calls_open_to(learning_set=learning_set)
        self.fields["language"].initial = learning_set.partner.language
        self.helper = FormHelper()
        self.helper.add_input(Submit("start", _("Start a proposal")))

    def clean(self):
        cleaned = super().clean()
        call, source = cleaned.get("funding_call"), cleaned.get("funding_source")
        if call is not None and source and call.funding_source != source:
            self.add_error(
                "funding_source",
                gettext("{call} is funded by {source}: choose it, or another call.").format(
                    call=call.name, source=call.get_funding_source_display()
                ),
            )
        return cleaned


class SectionForm(forms.Form):
    """One section's text and the version its writer loaded: autosave and Save both post it."""

    text = forms.CharField(required=False, strip=False, widget=forms.Textarea(attrs={"rows": 10}))
    version = forms.IntegerField(
        min_value=0,
        max_value=LARGEST_VERSION,
        widget=forms.HiddenInput,
        error_messages={
            "required": _(
                "The form did not say which version of the text it started from: "
                "reload the page and save again. Nothing was saved."
            ),
            "invalid": BAD_VERSION,
            "min_value": BAD_VERSION,
            "max_value": BAD_VERSION,
        },
    )

    def __init__(self, data=None, *, section: Section, text: str | None = None):
        initial = {"text": section.text if text is None else text, "version": section.version}
        super().__init__(data, initial=initial, auto_id=f"%s-{section.key}")
        self.section = section
        where = {"pk": section.proposal_id, "key": section.key}
        self.save_url = reverse("proposals:section_save", kwargs=where)
        self.preview_url = reverse("proposals:section_preview", kwargs=where)
        described_by = f"counter-{section.key} status-{section.key}"
        if section.help:
            described_by = f"help-{section.key} {described_by}"
        field = self.fields["text"]
        field.label = gettext("{section} (Markdown)").format(section=section.title)
        field.widget.attrs.update(
            {
                # The text is the document's: spell-checking follows the proposal's language.
                "lang": section.proposal.language,
                "maxlength": MAX_TEXT,
                "aria-describedby": described_by,
                "data-autosave": "",
                "data-limit": section.char_limit,
                "data-counter": f"counter-{section.key}",
                "hx-post": self.save_url,
                "hx-trigger": AUTOSAVE_TRIGGER,
                "hx-include": f"#version-{section.key}",
            }
        )

    def clean_text(self):
        if "text" not in self.data:
            raise ValidationError(
                gettext("The form sent no text for this section. Nothing was saved.")
            )
        text = self.cleaned_data["text"].replace("\r\n", "\n")
        if len(text) > MAX_TEXT:
            too_long = gettext(
                "A section holds at most {most} characters and this text has {length}: shorten "
                "it and save again. Nothing was saved."
            )
            raise ValidationError(
                too_long.format(most=grouped(MAX_TEXT), length=grouped(len(text)))
            )
        return text

    @property
    def count(self) -> CharacterCount:
        """The counter for the text in the box: what was posted, or else what was loaded."""
        text = self["text"].value() or ""
        return CharacterCount(len(text.replace("\r\n", "\n")), self.section.char_limit)


class SectionPreviewForm(forms.Form):
    """A section's text as its writer has it now, to be shown as the page will show it."""

    text = forms.CharField(required=False, strip=False)

    def clean_text(self):
        if "text" not in self.data:
            raise ValidationError(gettext("The request sent no text to preview."))
        text = self.cleaned_data["text"].replace("\r\n", "\n")
        if len(text) > MAX_TEXT:
            too_long = gettext(
                "A section holds at most {most} characters and this text has {length}: shorten "
                "it to see its preview."
            )
            raise ValidationError(
                too_long.format(most=grouped(MAX_TEXT), length=grouped(len(text)))
            )
        return text


# The particulars and the budget of a proposal (views in proposals/views/budget.py).

DURATION_RANGE = _("The duration is a whole number of months from 1 to 120.")
RATE_RANGE = _("The co-financing rate is a percentage from 0 to 100, with at most 2 decimals.")


class PrinciplesField(forms.ModelMultipleChoiceField):
    """The Common Basic Principles as checkboxes, each with its number and text."""

    def label_from_instance(self, obj):
        return format_html("{}. {}", obj.number, marked(obj, "text"))

    def clean(self, value):
        # An id is checked against the few principles offered before any query: SQLite fails
        # on an id beyond its integers in an `IN (...)` lookup instead of finding nothing.
        offered = {str(principle.pk) for principle in self.queryset}
        for pk in value if isinstance(value, list | tuple) else ():
            if str(pk) not in offered:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super().clean(value)


class PercentageField(forms.DecimalField):
    """A percentage from 0 to 100 in hundredths; whatever is wrong, one message says so."""

    def __init__(self, **kwargs):
        messages = {"required": RATE_RANGE, "invalid": RATE_RANGE}
        super().__init__(
            min_value=0, max_value=100, max_digits=5, decimal_places=2, error_messages=messages,
            **kwargs,
        )  # fmt: skip

    def run_validators(self, value):
        try:
            super().run_validators(value)
        except ValidationError:
            raise ValidationError(RATE_RANGE, code="out_of_range") from None


class ProposalDetailsForm(forms.ModelForm):
    """A proposal's title, funding, dates, co-financing rate and the principles it serves."""

    duration_months = forms.IntegerField(
        label=_("Duration in months"),
        required=False,
        min_value=1,
        max_value=120,
        help_text=_("From 1 to 120 months."),
        error_messages={
            "invalid": DURATION_RANGE,
            "min_value": DURATION_RANGE,
            "max_value": DURATION_RANGE,
        },
    )
    co_financing_rate = PercentageField(
        label=_("Co-financing rate (%)"),
        help_text=_("From 0 to 100 %: the share of the eligible costs the fund is asked to pay."),
    )
    principles = PrinciplesField(
        queryset=CommonBasicPrinciple.objects.order_by("number"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Common Basic Principles served (at least one, to submit the proposal)"),
        help_text=_(
            "The Common Basic Principles for integration this project serves. The details "
            "can be saved without one, but the proposal cannot be submitted for review."
        ),
    )

    language = language_field()

    class Meta:
        model = Proposal
        fields = ["title", "language", "acronym", "funding_source", "call", "duration_months",
                  "planned_start", "co_financing_rate", "principles"]  # fmt: skip
        labels = {"call": _("Call or programme"), "planned_start": _("Planned start")}
        help_texts = {
            "acronym": _("Optional: a short name, such as the one on the application form."),
            "funding_source": _(
                "Changing it does not re-create the sections: their texts and character limits "
                "stay as they are. The budget categories follow the new source."
            ),
        }
        widgets = {"planned_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, data=None, *, proposal: Proposal):
        # Unbound to the proposal itself: a refused post must not alter the object on the page.
        initial = forms.model_to_dict(proposal, fields=self._meta.fields)
        super().__init__(data, initial=initial)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the page's own <form> carries the token


BAD_LINE = _("This row names no line of the budget: reload the page and make your change again.")


class BudgetLineForm(forms.Form):
    """One line of a budget: a category of the proposal's funding source, what, and how much."""

    line = forms.IntegerField(
        required=False,
        min_value=1,
        widget=forms.HiddenInput,
        error_messages={"invalid": BAD_LINE, "min_value": BAD_LINE},
    )
    category = forms.ChoiceField(label=_("Category"), choices=BudgetLine.Category.choices)
    description = forms.CharField(
        label=_("Description"),
        max_length=budget.DESCRIPTION_LENGTH,
        error_messages={
            "required": _(budget.NO_DESCRIPTION),
            "max_length": _(budget.LONG_DESCRIPTION),
        },
    )
    amount = forms.DecimalField(
        label=_("Amount (EUR)"),
        error_messages={
            "required": _("Enter the amount in euros."),
            "invalid": _(budget.NOT_AN_AMOUNT),
        },
    )

    def __init__(self, *args, funding_source: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.funding_source = funding_source
        offered = budget.categories_for(funding_source)
        current = self["category"].value()
        labels = dict(BudgetLine.Category.choices)
        if current in labels and current not in dict(offered):
            # A line from before the funding source changed: shown as it is, refused on save.
            outside = gettext("{category} (not a category of this source)")
            offered.append((current, outside.format(category=labels[current])))
        field = self.fields["category"]
        field.widget.choices = [("", gettext("Choose a category")), *offered]
        field.error_messages["invalid_choice"] = budget.category_refusal(funding_source)
        self.fields["amount"].widget.attrs.update({"inputmode": "decimal", "step": "0.01"})
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.label_class = "visually-hidden"

    def clean_category(self):
        return budget.check_category(self.funding_source, self.cleaned_data["category"])

    def clean_amount(self):
        return budget.check_amount(self.cleaned_data["amount"])

    def line_input(self) -> budget.LineInput:
        data = self.cleaned_data
        return budget.LineInput(
            category=data["category"],
            description=data["description"],
            amount=data["amount"],
            pk=data.get("line"),
        )


class BaseBudgetFormSet(forms.BaseFormSet):
    default_error_messages = {
        "missing_management_form": _(
            "The budget form arrived incomplete: reload the page and save again. Nothing was saved."
        ),
        "too_many_forms": _(budget.TOO_MANY_LINES),
        "bad_counts": _(
            "The budget form arrived altered (its count of rows is wrong): reload the page and "
            "save again. Nothing was saved."
        ),
    }

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = gettext("Remove")

    def clean(self):
        # Django takes a negative count for no rows at all: refused, like a missing one.
        counts = self.management_form.cleaned_data
        total, initial = counts[TOTAL_FORM_COUNT], counts[INITIAL_FORM_COUNT]
        if self.management_form.is_valid() and not 0 <= initial <= total:
            raise ValidationError(self.error_messages["bad_counts"], code="bad_counts")

    def lines(self) -> list[budget.LineInput]:
        """The lines to save: every row that is kept and filled in, in the order shown."""
        removed = self.deleted_forms
        return [
            form.line_input()
            for form in self.forms
            if form not in removed and (form.has_changed() or form.cleaned_data.get("line"))
        ]

    def removed_lines(self) -> list[int]:
        """The saved lines whose rows were ticked "Remove"."""
        return [
            form.cleaned_data["line"]
            for form in self.deleted_forms
            if form.cleaned_data.get("line")
        ]


BudgetFormSet = forms.formset_factory(
    BudgetLineForm,
    formset=BaseBudgetFormSet,
    extra=2,
    can_delete=True,
    max_num=budget.MAX_LINES,
    validate_max=True,
    absolute_max=budget.MAX_LINES,
)
