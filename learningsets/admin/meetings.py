"""Set meetings, actions and learning logs in the admin: the team reads and corrects them;
the sets record them on the site."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.admin_autocomplete import SafeAutocompleteAdmin
from learningsets.models import Action, LearningLogEntry, Meeting, Problem


class ProblemInline(admin.StackedInline):
    model = Problem
    fields = ["brought_by", "description", "questions", "position"]
    autocomplete_fields = ["brought_by"]
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(SafeAutocompleteAdmin, admin.ModelAdmin):
    list_display = ["starts_at", "learning_set", "partner", "place"]
    list_filter = [
        "learning_set__partner",
        "learning_set__sub_theme",
        "partner",
        ("starts_at", admin.DateFieldListFilter),
    ]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["learning_set", "partner", "attendees"]
    list_select_related = ["learning_set__partner", "learning_set__sub_theme", "partner"]
    readonly_fields = ["recorded_by", "created_at", "updated_at"]
    inlines = [ProblemInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(description=_("learning set"), ordering="learning_set__partner__name")
    def learning_set(self, meeting):
        return meeting.learning_set.name if meeting.learning_set_id else ""


@admin.register(Action)
class ActionAdmin(SafeAutocompleteAdmin, admin.ModelAdmin):
    list_display = ["description", "owner", "due_on", "state"]
    list_filter = [
        "state",
        ("due_on", admin.DateFieldListFilter),
        "owner__learning_set__partner",
        "owner__learning_set__sub_theme",
        "problem__meeting__learning_set",
    ]
    search_fields = ["description", "outcome", "owner__name"]
    autocomplete_fields = ["owner"]
    raw_id_fields = ["problem"]
    list_select_related = ["owner"]
    readonly_fields = ["closed_at", "closed_by", "created_at"]


@admin.register(LearningLogEntry)
class LearningLogEntryAdmin(SafeAutocompleteAdmin, admin.ModelAdmin):
    list_display = ["author", "meeting", "visibility", "created_at"]
    list_filter = ["visibility", "author__learning_set__partner"]
    search_fields = ["text", "author__name"]
    autocomplete_fields = ["author"]
    raw_id_fields = ["meeting"]
    list_select_related = ["author", "meeting"]
