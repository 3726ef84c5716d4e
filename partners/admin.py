from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from common.admin_autocomplete import SafeAutocompleteAdmin
from partners.models import Partner


@admin.register(Partner)
class PartnerAdmin(SafeAutocompleteAdmin, admin.ModelAdmin):
    list_display = ["name", "kind", "country", "sister_region", "learning_set_count"]
    list_filter = ["kind", "country"]
    # Explicit, because the annotated queryset drops Meta.ordering (autocomplete paginates it).
    ordering = ["name"]
    search_fields = ["name", "slug", "contacts__email"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["sister_region", "contacts"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "country", "time_zone", "sister_region"]}),
        (_("Public page"), {"fields": ["website", "description"]}),
        (_("Partner contacts"), {"fields": ["contacts"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("sister_region")
            .annotate(learning_set_count=Count("learning_sets"))
        )

    @admin.display(description=_("Learning sets"), ordering="learning_set_count")
    def learning_set_count(self, partner):
        return partner.learning_set_count
