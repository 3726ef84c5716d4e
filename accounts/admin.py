from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.forms import UserChangeAdminForm, UserCreationAdminForm
from accounts.models import ErasureLog, User
from accounts.personal_data import person_of_user
from accounts.personal_data.admin import PersonalDataActions
from accounts.services import account_email_vouch
from common.audit import ReadOnlyAdmin

# What an account may do beyond its own pages: only a superuser gives or takes it.
PRIVILEGES = ["is_staff", "is_superuser", "groups", "user_permissions"]


def may_manage(manager: User, user: User | None) -> bool:
    """Whether `manager` may change or delete the account `user` (None: accounts in general).

    Whoever changes an account's address or password can take it over: only a superuser
    manages the accounts of staff and superusers; the rest of the team manages their own and
    those of people outside the staff.
    """
    if manager.is_superuser or user is None or user.pk == manager.pk:
        return True
    return not (user.is_staff or user.is_superuser)


@admin.register(User)
class UserAdmin(PersonalDataActions, BaseUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active", "last_login"]
    list_filter = ["is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password", "language"]}),
        (_("Name"), {"fields": ["first_name", "last_name"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    actions = ["export_person", "erase_person"]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        # A field shown read-only is left out of the form: a tampered POST cannot set it either.
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += PRIVILEGES
        return readonly

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and may_manage(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and may_manage(request.user, obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        account_email_vouch(user=obj)

    def person_of(self, user):
        return person_of_user(user)


@admin.register(ErasureLog)
class ErasureLogAdmin(ReadOnlyAdmin):
    """Who erased whom, when, by row ids only: the trail of the one change made to history."""

    list_display = ["__str__", "at", "by", "records"]
    list_select_related = ["by"]
    fields = ["at", "by", "rows"]

    @admin.display(description=_("records"))
    def records(self, log):
        return sum(len(ids) for ids in log.rows.values())
