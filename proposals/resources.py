"""The proposals as the management team exports them from the admin (CSV, XLSX): labels in the
reader's language, not codes, and who wrote each one."""

from django.db.models import Min
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets

from common.admin_export import FormulaSafeExport
from proposals.models import Proposal, Revision

WHEN = widgets.DateTimeWidget(format="%Y-%m-%d %H:%M")


class ProposalResource(FormulaSafeExport, resources.ModelResource):
    title = fields.Field(attribute="title", column_name=_("Title"))
    partner = fields.Field(attribute="learning_set__partner__name", column_name=_("Partner"))
    learning_set = fields.Field(attribute="learning_set__name", column_name=_("Learning set"))
    sub_theme = fields.Field(attribute="learning_set__sub_theme__name", column_name=_("Sub-theme"))
    funding_source = fields.Field(
        attribute="get_funding_source_display", column_name=_("Funding source")
    )
    status = fields.Field(attribute="get_status_display", column_name=_("Status"))
    language = fields.Field(attribute="get_language_display", column_name=_("Language"))
    created_at = fields.Field(attribute="created_at", column_name=_("Started"), widget=WHEN)
    updated_at = fields.Field(attribute="updated_at", column_name=_("Last changed"), widget=WHEN)
    authors = fields.Field(column_name=_("Authors"))

    class Meta:
        model = Proposal
        name = _("Proposals")
        fields = (
            "title",
            "partner",
            "learning_set",
            "sub_theme",
            "funding_source",
            "status",
            "language",
            "created_at",
            "updated_at",
            "authors",
        )
        export_order = fields

    def before_export(self, queryset, **kwargs):
        # One query for every proposal's authors, however many are exported.
        self._authors = authors_of(queryset)

    def dehydrate_authors(self, proposal: Proposal) -> str:
        return ", ".join(self._authors.get(proposal.pk, []))


def authors_of(proposals) -> dict[int, list[str]]:
    """Who wrote each proposal: who started it, then each account that saved its text, in the
    order of their first save. Two queries however many proposals and revisions."""
    person = ("author__first_name", "author__last_name", "author__email")
    starters = Proposal.objects.filter(pk__in=proposals.values("pk"), created_by__isnull=False)
    writers = (
        Revision.objects.filter(section__proposal__in=proposals.values("pk"), author__isnull=False)
        .values_list("section__proposal_id", *person)
        .annotate(first_save=Min("created_at"))
        .order_by("first_save")
    )
    authors: dict[int, list[str]] = {}
    for proposal, first, last, email, *_first_save in [
        *starters.values_list(
            "pk", "created_by__first_name", "created_by__last_name", "created_by__email"
        ),
        *writers,
    ]:
        name = " ".join(part for part in (first, last) if part) or email
        names = authors.setdefault(proposal, [])
        if name not in names:
            names.append(name)
    return authors
