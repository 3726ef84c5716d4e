"""The admin's two actions on a person — on the users and on the members: export their data,
erase it after a confirmation page. Each asks its own permission (accounts.export_person,
accounts.erase_person); without it the action is not offered."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.personal_data import (
    Person,
    person_erase,
    person_erasure_plan,
    person_export_zip,
)


class PersonalDataActions:
    """Mixed into a ModelAdmin whose rows are people; `person_of(obj)` says who."""

    def person_of(self, obj) -> Person:
        raise NotImplementedError

    def has_export_person_permission(self, request) -> bool:
        return request.user.has_perm("accounts.export_person")

    def has_erase_person_permission(self, request) -> bool:
        return request.user.has_perm("accounts.erase_person")

    @admin.action(description=_("Export the selected person's data"), permissions=["export_person"])
    def export_person(self, request, queryset):
        obj = self._one(request, queryset)
        if obj is None:
            return None
        response = HttpResponse(person_export_zip(self.person_of(obj)), "application/zip")
        name = f"person-{obj._meta.model_name}-{obj.pk}.zip"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    @admin.action(description=_("Erase the selected person's data…"), permissions=["erase_person"])
    def erase_person(self, request, queryset):
        obj = self._one(request, queryset)
        if obj is None:
            return None
        person = self.person_of(obj)
        if person.is_erased:
            self.message_user(
                request, gettext("This person is already erased: nothing changed."), messages.INFO
            )
            return None
        if request.POST.get("confirm") != "yes":
            return self._confirmation(request, obj, person)
        log = person_erase(person=person, by=request.user)
        message = gettext("Erased: the person's data is anonymised (erasure #{number}).")
        self.message_user(request, message.format(number=log.pk), messages.SUCCESS)
        return None

    def _one(self, request, queryset):
        chosen = list(queryset[:2])
        if len(chosen) != 1:
            self.message_user(
                request, gettext("Select one person at a time for this action."), messages.ERROR
            )
            return None
        return chosen[0]

    def _confirmation(self, request, obj, person):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Erase a person's data"),
            "person": obj,
            "plan": person_erasure_plan(person),
            "action": "erase_person",
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/accounts/erase_person.html", context)
