"""The delegate list as the management team exports it (CSV, XLSX): human labels, not codes."""

from django.utils.translation import gettext_lazy as _
from import_export import fields, resources

from common.admin_export import FormulaSafeExport
from workshops.models import Registration


class DelegateResource(FormulaSafeExport, resources.ModelResource):
    """Names and organisations are typed by partner contacts: never run as formulas."""

    workshop = fields.Field(attribute="workshop__title", column_name=_("Workshop"))
    partner = fields.Field(attribute="partner__name", column_name=_("Partner"))
    learning_set = fields.Field(
        attribute="workshop__sub_theme__name", column_name=_("Learning set")
    )
    name = fields.Field(attribute="member__name", column_name=_("Name"))
    organisation = fields.Field(attribute="member__organisation", column_name=_("Organisation"))
    position = fields.Field(attribute="member__position", column_name=_("Position"))
    actor_type = fields.Field(
        attribute="member__get_actor_type_display", column_name=_("Type of actor")
    )
    email = fields.Field(attribute="member__email", column_name=_("E-mail"))
    status = fields.Field(attribute="get_status_display", column_name=_("Status"))

    class Meta:
        model = Registration
        name = _("Delegates")
        fields = (
            "workshop",
            "partner",
            "learning_set",
            "name",
            "organisation",
            "position",
            "actor_type",
            "email",
            "status",
        )
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("workshop__sub_theme", "partner", "member").order_by(
            "workshop__start_date", "partner__name", "member__name", "pk"
        )
