"""The learning sets' take-homes of the workshops in the admin: the team reads and corrects
them; the sets write them on the workshop's page."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from common.admin_autocomplete import SafeAutocompleteAdmin
from workshops.models import TakeHome


@admin.register(TakeHome)
class TakeHomeAdmin(SafeAutocompleteAdmin, admin.ModelAdmin):
    list_display = ["workshop", "learning_set_name", "is_public", "updated_at"]
    list_filter = ["is_public", "workshop", "learning_set__partner", "learning_set__sub_theme"]
    search_fields = ["learning_points", "actions", "learning_set__partner__name"]
    autocomplete_fields = ["workshop", "learning_set"]
    list_select_related = ["workshop", "learning_set__partner", "learning_set__sub_theme"]
    readonly_fields = ["written_by", "created_at", "updated_at"]

    @admin.display(description=_("learning set"), ordering="learning_set__partner__name")
    def learning_set_name(self, take_home):
        return take_home.learning_set.name
