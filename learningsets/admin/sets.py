from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from accounts.personal_data import person_find, person_of_user
from accounts.personal_data.admin import PersonalDataActions
from common.admin_autocomplete import SafeAutocompleteAdmin
from common.admin_export import TeamExport
from common.admin_import import SafeImportMixin
from learningsets.forms import LearningSetChoiceField
from learningsets.invitations import account_invitation_send, account_invitations_revoke
from learningsets.models import CommonBasicPrinciple, LearningSet, Member, SubTheme
from learningsets.resources import MemberResource
from learningsets.services import member_link_account
from partners.admin import PartnerAdmin
from partners.models import Partner


@admin.register(SubTheme)
class SubThemeAdmin(TranslationAdmin):
    """Name and description in each language (name_en_gb, name_el…); English is required."""

    list_display = ["number", "name"]
    list_display_links = ["name"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(CommonBasicPrinciple)
class CommonBasicPrincipleAdmin(TranslationAdmin):
    """A principle's text in each language (text_en_gb, text_el…); English is required."""

    list_display = ["number", "text"]
    list_display_links = ["number"]
    search_fields = ["text"]


class MemberInline(admin.TabularInline):
    model = Member
    fields = ["name", "email", "organisation", "position", "actor_type", "left_on", "user"]
    # The account follows the e-mail address (member_link_account, on save): shown, not
    # chosen, so that a set with many members is not a query per row for its widget.
    readonly_fields = ["user"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


@admin.register(LearningSet)
class LearningSetAdmin(SafeAutocompleteAdmin, admin.ModelAdmin):
    list_display = ["learning_set", "partner", "sub_theme", "member_count"]
    list_filter = ["sub_theme", "partner__kind", "partner__country"]
    # Explicit, because the annotated queryset drops Meta.ordering (autocomplete paginates it).
    ordering = ["partner__name", "sub_theme__number"]
    search_fields = ["partner__name", "sub_theme__name"]
    autocomplete_fields = ["partner"]
    list_select_related = ["partner", "sub_theme"]
    inlines = [MemberInline]

    def get_queryset(self, request):
        current = Q(members__left_on__isnull=True)
        return super().get_queryset(request).annotate(member_count=Count("members", filter=current))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:  # the page's heading: the set's name, not its number
            context["subtitle"] = obj.name
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description=_("Action Learning Set"), ordering="partner__name")
    def learning_set(self, learning_set):
        return learning_set.name

    @admin.display(description=_("Members (former ones left out)"), ordering="member_count")
    def member_count(self, learning_set):
        return learning_set.member_count

    def save_formset(self, request, form, formset, change):
        for member in formset.save(commit=False):
            member_link_account(member)
            member.save()
        for member, changed in formset.changed_objects:
            if "email" in changed:  # a link sent to the old address must not prove the new one
                account_invitations_revoke(member=member)
        for member in formset.deleted_objects:
            member.delete()
        formset.save_m2m()


@admin.register(Member)
class MemberAdmin(
    PersonalDataActions, SafeAutocompleteAdmin, SafeImportMixin, TeamExport, admin.ModelAdmin
):
    list_display = [
        "name", "email", "organisation", "actor_type", "learning_set_name", "has_account",
        "left_on",
    ]  # fmt: skip
    list_filter = [
        "actor_type",
        "learning_set__sub_theme",
        "learning_set__partner",
        ("left_on", admin.EmptyFieldListFilter),
    ]
    search_fields = ["name", "email", "organisation", "learning_set__partner__name"]
    autocomplete_fields = ["user"]
    list_select_related = ["learning_set__partner", "learning_set__sub_theme", "user"]
    # Import: members from the lists partners send (see learningsets/resources.py); the
    # export has the same columns, so that a list exported can be imported elsewhere.
    resource_classes = [MemberResource]
    import_export_change_list_template = "admin/import_export/change_list_import_export.html"
    export_name = "members"

    actions = ["send_account_invitations", "export_person", "erase_person"]

    def person_of(self, member):
        """The member's account and what it proved; without one, whoever has its address: an
        account that proved it, else the members bearing it."""
        if member.user_id:
            return person_of_user(member.user)
        return person_find(email=member.email)

    @admin.action(
        description=_("Send an account invitation to the selected members"),
        permissions=["change"],
    )
    def send_account_invitations(self, request, queryset):
        sent, refused = 0, []
        for member in queryset.select_related("learning_set__partner", "learning_set__sub_theme"):
            try:
                account_invitation_send(member=member, by=request.user)
                sent += 1
            except ValidationError as error:
                refused += error.messages
        queued = ngettext(
            "%(count)d account invitation queued.", "%(count)d account invitations queued.", sent
        )
        self.message_user(request, queued % {"count": sent}, messages.SUCCESS)
        if refused:
            not_sent = gettext("Not sent: {reasons}").format(reasons=" ".join(refused))
            self.message_user(request, not_sent, messages.WARNING)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "learning_set":
            # Offered by name in a select: an autocomplete labels them by their __str__, a
            # number.
            kwargs["queryset"] = LearningSet.objects.select_related("partner", "sub_theme")
            kwargs["form_class"] = LearningSetChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("Action Learning Set"), ordering="learning_set__partner__name")
    def learning_set_name(self, member):
        return member.learning_set.name

    @admin.display(description=_("Account"), boolean=True)
    def has_account(self, member):
        return member.user_id is not None

    def save_model(self, request, obj, form, change):
        member_link_account(obj)
        super().save_model(request, obj, form, change)
        if change and "email" in form.changed_data:
            account_invitations_revoke(member=obj)

    def has_import_permission(self, request):
        return self.has_add_permission(request)

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            # The rows changed since the preview (say, someone added one of these people).
            messages.error(
                request,
                gettext(
                    "Nothing was imported: the file no longer imports cleanly. "
                    "Upload it again to see which rows are wrong."
                ),
            )
            url = reverse("admin:learningsets_member_import", current_app=self.admin_site.name)
            return HttpResponseRedirect(url)
        return super().process_result(result, request)


class LearningSetInline(admin.TabularInline):
    model = LearningSet
    fields = ["sub_theme", "description"]
    extra = 0
    show_change_link = True


# A partner's page lists its learning sets: registered here, as partners knows no learning set.
admin.site.unregister(Partner)


@admin.register(Partner)
class PartnerWithLearningSetsAdmin(PartnerAdmin):
    inlines = [*PartnerAdmin.inlines, LearningSetInline]
