"""The management team's admin for proposals: read them with their sections, budget and steps,
and take the review's steps through the workflow service. Text, particulars and budget are
written on the site by the authors (through the site's services), so here they are read-only,
and so is the status: only `proposal_transition` changes it. The one thing the team changes
here is the language a proposal is written in (through `proposal_language_set`)."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from common import l10n
from common.audit import ReadOnlyAdmin, TrailAdmin, register_trail
from proposals import services, workflow
from proposals.models import BudgetLine, Comment, Proposal, Section, Transition


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class SectionInline(ReadOnlyInline):
    model = Section
    fields = ["title", "required", "size", "version", "updated_at", "updated_by", "on_the_site"]
    readonly_fields = fields
    verbose_name_plural = _("Sections (written on the site)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("proposal", "updated_by")

    @admin.display(description=_("Characters"))
    def size(self, section):
        if section.pk is None:  # a row a tampered post named none of the sections
            return "—"
        size = f"{section.length} / {section.char_limit}"
        if section.is_over_limit:
            return gettext("{size}, over the limit").format(size=size)
        return size

    @admin.display(description=_("On the site"))
    def on_the_site(self, section):
        url = f"{section.proposal.get_absolute_url()}#section-{section.key}"
        return format_html('<a href="{}">{}</a>', url, gettext("Read the section"))


class BudgetLineInline(ReadOnlyInline):
    model = BudgetLine
    fields = ["category", "description", "amount_in_euros"]
    readonly_fields = fields
    verbose_name_plural = _("Budget (written on the site)")

    @admin.display(description=_("Amount"))
    def amount_in_euros(self, line):
        return l10n.money(line.amount)


class TransitionInline(ReadOnlyInline):
    model = Transition
    fields = ["from_status", "to_status", "by", "at", "note"]
    readonly_fields = fields
    verbose_name = _("step")
    verbose_name_plural = _("Workflow history")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")


@admin.register(Proposal)
class ProposalAdmin(TrailAdmin):
    list_display = [
        "title",
        "learning_set_name",
        "partner",
        "funding_source",
        "status",
        "is_public",
        "updated_at",
    ]
    list_filter = [
        "status",
        "funding_source",
        "learning_set__sub_theme",
        ("learning_set__partner", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["learning_set__partner", "learning_set__sub_theme"]
    search_fields = ["title", "acronym", "call", "learning_set__partner__name"]
    fieldsets = [
        (
            _("Proposal"),
            {
                "fields": [
                    "title",
                    "language",
                    "acronym",
                    "learning_set_name",
                    "on_the_site",
                    "principles",
                ]
            },
        ),
        (
            _("Funding"),
            {
                "fields": [
                    "funding_source",
                    "call",
                    "duration_months",
                    "planned_start",
                    "co_financing_rate",
                ]
            },
        ),
        (
            _("Workflow"),
            {"fields": ["status", "is_public", "created_by", "created_at", "updated_at"]},
        ),
    ]
    readonly_fields = [
        field for _, options in fieldsets for field in options["fields"] if field != "language"
    ]
    inlines = [SectionInline, BudgetLineInline, TransitionInline]
    actions = ["start_review", "approve", "publish", "unpublish"]

    def has_add_permission(self, request):
        return False  # a proposal starts on the site, with its funding source's sections

    def save_model(self, request, obj, form, change):
        # The form changes only the language; the service gives the sections' titles in it.
        services.proposal_language_set(proposal=obj, language=obj.language)

    @admin.display(description=_("Action Learning Set"), ordering="learning_set__partner__name")
    def learning_set_name(self, proposal):
        return proposal.learning_set.name

    @admin.display(description=_("Partner"), ordering="learning_set__partner__name")
    def partner(self, proposal):
        return proposal.learning_set.partner

    @admin.display(description=_("On the site"))
    def on_the_site(self, proposal):
        return format_html(
            gettext(
                '<a href="{url}">Open the proposal</a> to review it, request changes (with a note '
                "to its authors) or approve it."
            ),
            url=f"{proposal.get_absolute_url()}#workflow",
        )

    @admin.action(
        description=_("Start the review of the selected proposals"), permissions=["change"]
    )
    def start_review(self, request, queryset):
        done = ngettext_lazy(
            "%(count)d proposal taken into review.",
            "%(count)d proposals taken into review.",
            "count",
        )
        self._take(request, queryset, "start_review", done)

    @admin.action(description=_("Approve the selected proposals"), permissions=["change"])
    def approve(self, request, queryset):
        done = ngettext_lazy(
            "%(count)d proposal approved.", "%(count)d proposals approved.", "count"
        )
        self._take(request, queryset, "approve", done)

    @admin.action(description=_("Make the selected proposals public"), permissions=["change"])
    def publish(self, request, queryset):
        done = ngettext_lazy(
            "%(count)d proposal made public.", "%(count)d proposals made public.", "count"
        )
        self._take(request, queryset, "publish", done)

    @admin.action(
        description=_("Take the selected proposals out of the library"), permissions=["change"]
    )
    def unpublish(self, request, queryset):
        done = ngettext_lazy(
            "%(count)d proposal taken out of the library.",
            "%(count)d proposals taken out of the library.",
            "count",
        )
        self._take(request, queryset, "unpublish", done)

    def _take(self, request, queryset, action: str, done) -> None:
        """Take the step on each proposal through the service; say which it refused, and why.
        `done` says how many were taken (a plural with a `count`)."""
        taken, refused = 0, []
        for proposal in queryset:
            try:
                workflow.proposal_transition(proposal=proposal, action=action, by=request.user)
            except ValidationError as error:
                refused.append(f"{proposal.title}: {' '.join(error.messages)}")
            else:
                taken += 1
        if taken:
            self.message_user(request, done % {"count": taken}, messages.SUCCESS)
        if refused:
            not_changed = ngettext(
                "{count} not changed. {reasons}", "{count} not changed. {reasons}", len(refused)
            )
            reasons = " ".join(refused)
            self.message_user(
                request, not_changed.format(count=len(refused), reasons=reasons), messages.WARNING
            )


class OpenOrResolved(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("open", _("Open")), ("resolved", _("Resolved"))]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(resolved_at__isnull=True)
        if self.value() == "resolved":
            return queryset.filter(resolved_at__isnull=False)
        return queryset


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin, TrailAdmin):
    """Comments are written and resolved on the proposal page; here they are only read."""

    list_display = ["excerpt", "proposal", "section", "author", "created_at", "is_resolved"]
    list_filter = [
        OpenOrResolved,
        "proposal__status",
        ("proposal__learning_set__partner", admin.RelatedOnlyFieldListFilter),
        "created_at",
    ]
    list_select_related = ["proposal", "section", "author"]
    search_fields = ["body", "author__email", "proposal__title"]
    fields = ["proposal", "section", "parent", "author", "body", "created_at", "resolved_at"]
    readonly_fields = fields

    @admin.display(description=_("Comment"))
    def excerpt(self, comment):
        return Truncator(comment.body).chars(80)

    @admin.display(description=_("Resolved"), boolean=True, ordering="resolved_at")
    def is_resolved(self, comment):
        return comment.resolved_at is not None


register_trail(Proposal, Section, BudgetLine, Comment)
