"""The management team's admin for e-mail: the outbox, read-only and re-sendable, and the
wording of each kind of e-mail, checked before it is saved and previewed with example values."""

from dataclasses import dataclass

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_permission_codename
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import escape, format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from modeltranslation.admin import TranslationAdmin
from modeltranslation.settings import AVAILABLE_LANGUAGES, DEFAULT_LANGUAGE
from modeltranslation.utils import build_localized_fieldname

from outbox import kinds, mail
from outbox.models import Email, EmailTemplate
from outbox.wording import example_context, language_name, placeholders, wording_errors

PERSONAL_LINK_SHOWN = _("[personal link, made when the e-mail is sent]")


# The iframe's srcdoc inherits the page's Content-Security-Policy: the pages that show an
# e-mail's HTML allow the inline style attributes every e-mail carries (scripts stay refused).
allow_email_styles = method_decorator(csp_update({"style-src-attr": [UNSAFE_INLINE]}))


def html_frame(html: str, title: str) -> str:
    """An e-mail's HTML shown as a page of its own in which no script can run."""
    # escape(), not format_html's own escaping, which would pass HTML already marked safe.
    return format_html(
        '<iframe class="email-html" sandbox srcdoc="{}" title="{}"></iframe>', escape(html), title
    )


def text_block(text: str) -> str:
    return format_html('<pre class="email-text">{}</pre>', text)


def without_personal_link(body: str) -> str:
    return body.replace(mail.PERSONAL_LINK, str(PERSONAL_LINK_SHOWN))


def body_deleted(email: Email) -> str:
    """What the admin shows for the subject and body that retention deleted."""
    days = (email.body_deleted_at - email.sent_at).days
    return ngettext(
        "Body deleted %(days)d day after sending.",
        "Body deleted %(days)d days after sending.",
        days,
    ) % {"days": days}


class AboutFilter(admin.SimpleListFilter):
    """The e-mails about one object, `?about=<app_label>.<model>:<pk>`: the link another app's
    page gives to its e-mails (a workshop's registration overview, say)."""

    title = _("about")
    parameter_name = "about"

    def _about(self):
        """(content type, pk) of the value, or None if it names no model."""
        label, _, pk = self.value().partition(":")
        app_label, _, model = label.partition(".")
        if not pk.isdigit():
            return None
        try:
            return ContentType.objects.get_by_natural_key(app_label, model), int(pk)
        except ContentType.DoesNotExist:
            return None

    def lookups(self, request, model_admin):
        # Only the object chosen: listing every object e-mails are about would be long.
        if self.value() is None:
            return []
        about = self._about()
        if about is None:
            return [(self.value(), gettext("nothing known"))]
        about_type, pk = about
        obj = about_type.get_all_objects_for_this_type(pk=pk).first()
        deleted = gettext("a deleted {model}").format(model=about_type.name)
        return [(self.value(), str(obj) if obj else deleted)]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        about = self._about()
        if about is None:
            return queryset.none()
        about_type, pk = about
        return queryset.filter(about_type=about_type, about_id=pk)


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    """The outbox: every message, as written. Only its delivery can be started again."""

    list_display = [
        "to",
        "subject_shown",
        "kind",
        "language",
        "status_badge",
        "attempts",
        "created_at",
        "sent_at",
    ]
    list_filter = ["status", "kind", "language", AboutFilter]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
    actions = ["resend"]
    readonly_fields = [
        "subject_shown",
        "status_badge",
        "related_object",
        "about_object",
        "attachment_names",
        "text_body",
        "html_body",
    ]
    fieldsets = [
        (
            _("Message"),
            {
                "fields": [
                    *("to", "language", "subject_shown", "kind", "dedupe_key"),
                    *("related_object", "about_object", "attachment_names"),
                ]
            },
        ),
        (
            _("Delivery"),
            {
                "fields": [
                    *("status_badge", "attempts", "last_error", "created_at"),
                    *("next_attempt_at", "sent_at"),
                ]
            },
        ),
        (_("Text"), {"fields": ["text_body"]}),
        ("HTML", {"fields": ["html_body"]}),
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_resend_permission(self, request, obj=None):
        # Resending touches the delivery, never the message: the model's change permission.
        codename = get_permission_codename("change", self.opts)
        return request.user.has_perm(f"{self.opts.app_label}.{codename}")

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, email):
        return format_html(
            '<span class="email-status email-status-{}">{}</span>',
            email.status,
            email.get_status_display(),
        )

    @admin.display(description=_("related to"))
    def related_object(self, email):
        return self._link(email.related)

    @admin.display(description=_("about"))
    def about_object(self, email):
        return self._link(email.about)

    def _link(self, obj):
        """The object named with its kind, linked to its admin page if it has one."""
        if obj is None:
            return "—"
        label = f"{obj._meta.verbose_name.capitalize()}: {obj}"
        if not self.admin_site.is_registered(type(obj)):
            return label
        opts = obj._meta
        url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change",
            args=[obj.pk],
            current_app=self.admin_site.name,
        )
        return format_html('<a href="{}">{}</a>', url, label)

    @admin.display(description=_("attachments"))
    def attachment_names(self, email):
        return ", ".join(attachment["filename"] for attachment in email.attachments) or "—"

    @admin.display(description=_("subject"), ordering="subject")
    def subject_shown(self, email):
        return body_deleted(email) if email.body_deleted_at else email.subject

    @admin.display(description=_("text"))
    def text_body(self, email):
        if email.body_deleted_at:
            return body_deleted(email)
        return text_block(without_personal_link(email.body_text))

    @admin.display(description="HTML")
    def html_body(self, email):
        if email.body_deleted_at or not email.body_html:
            return "—"
        title = gettext("HTML of {email}").format(email=email)
        return html_frame(without_personal_link(email.body_html), title)

    @admin.action(description=_("Resend the selected failed e-mails"), permissions=["resend"])
    def resend(self, request, queryset):
        emails = list(queryset.select_related(None).only("pk", "status"))
        self._report_resent(request, queued=mail.emails_resend(emails=emails), of=len(emails))

    def _report_resent(self, request, *, queued: int, of: int) -> None:
        if queued:
            again = ngettext(
                "%(count)d e-mail queued again.", "%(count)d e-mails queued again.", queued
            )
            self.message_user(request, again % {"count": queued}, messages.SUCCESS)
        if skipped := of - queued:
            not_again = ngettext(
                "%(count)d e-mail skipped: only failed e-mails are sent again.",
                "%(count)d e-mails skipped: only failed e-mails are sent again.",
                skipped,
            )
            self.message_user(request, not_again % {"count": skipped}, messages.WARNING)

    def get_urls(self):
        resend = path(
            "<path:object_id>/resend/",
            self.admin_site.admin_view(self.resend_view),
            name="outbox_email_resend",
        )
        return [resend, *super().get_urls()]

    @allow_email_styles
    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "has_resend_permission": self.has_resend_permission(request),
            "failed": Email.Status.FAILED,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    @method_decorator(require_POST)
    def resend_view(self, request, object_id):
        """The "Resend" button of a failed e-mail's page."""
        if not self.has_resend_permission(request):
            raise PermissionDenied
        email = get_object_or_404(Email, pk=object_id)
        self._report_resent(request, queued=mail.emails_resend(emails=[email]), of=1)
        return redirect("admin:outbox_email_change", email.pk)


ENGLISH = DEFAULT_LANGUAGE  # the wording's source language, as the repository's files write it


def in_language(field: str, language: str) -> str:
    """The form field of one part (subject, body) of the wording in one language."""
    return build_localized_fieldname(field, language)


class EmailTemplateForm(forms.ModelForm):
    """The wording of one kind in each language, refused if it would fail or reach beyond its
    placeholders in any of them."""

    email_kind = ""  # set per request by EmailTemplateAdmin.get_form

    class Meta:
        model = EmailTemplate
        fields = ["subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 20, "cols": 90})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.kind = self.email_kind
        self.fields[in_language("body", ENGLISH)].help_text = _(
            "Markdown with {{ placeholders }}; see the list above. Deleting this wording "
            "returns the e-mail to the repository's default wording."
        )
        for language in AVAILABLE_LANGUAGES:
            if language != ENGLISH:
                self.fields[in_language("body", language)].help_text = _(
                    "Left blank, its readers get the repository's wording in this language, or "
                    "else the English above. It uses the placeholders of the English."
                )

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None and EmailTemplate.objects.filter(kind=self.email_kind).exists():
            raise ValidationError(
                _("Someone has changed this wording meanwhile; open it from the list again.")
            )
        for part, _extension in mail.PARTS:
            self._check(part, cleaned)
        return cleaned

    def _check(self, part: str, cleaned: dict) -> None:
        """Each language's subject or body; the others must keep the English's placeholders."""
        required = mail.required_placeholders(self.email_kind) if part == "body" else []
        english = cleaned.get(in_language(part, ENGLISH)) or ""
        for language in AVAILABLE_LANGUAGES:
            field = in_language(part, language)
            source = cleaned.get(field) or ""
            if not source.strip():
                continue  # English is required by its field; another language may stay blank
            errors = wording_errors(
                self.email_kind,
                source,
                required=required,
                language=language,
                english=english if language != ENGLISH else "",
            )
            for error in errors:
                self.add_error(field, error)


@dataclass(frozen=True)
class WordingRow:
    label: str
    wording: EmailTemplate | None
    url: str

    @property
    def languages(self) -> str:
        """The languages the team wrote this wording in (a part or both), named in themselves."""
        return ", ".join(
            language_name(language)
            for language in AVAILABLE_LANGUAGES
            if any(
                (getattr(self.wording, in_language(part, language)) or "").strip()
                for part, _extension in mail.PARTS
            )
        )


@admin.register(EmailTemplate)
class EmailTemplateAdmin(TranslationAdmin):
    """Every kind of e-mail, with the team's wording where they changed it, in each language."""

    form = EmailTemplateForm
    readonly_fields = ["kind", "placeholders", "preview", "updated_at", "updated_by"]

    def get_fieldsets(self, request, obj=None):
        # One group per language, English (the source) first; no tabs: modeltranslation's
        # tabbed admin loads jQuery UI from a CDN.
        languages = sorted(AVAILABLE_LANGUAGES, key=lambda language: language != ENGLISH)
        wording = [
            (None, {"fields": ["kind", "placeholders"]}),
            *(
                (
                    f"{language_name(language)} ({language})",
                    {"fields": [in_language("subject", language), in_language("body", language)]},
                )
                for language in languages
            ),
        ]
        if obj is None:
            return wording
        return [
            *wording,
            (_("Preview with example values"), {"fields": ["preview"]}),
            (_("Last change"), {"fields": ["updated_at", "updated_by"]}),
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        kind = obj.kind if obj else request.GET.get("kind", "")
        return type(form.__name__, (form,), {"email_kind": kind})

    def get_changeform_initial_data(self, request):
        # The English as the repository writes it; the other languages stay blank, so that
        # they keep following the repository's wording in their language until written here.
        subject, body = mail.default_wording(request.GET["kind"])
        return {in_language("subject", ENGLISH): subject, in_language("body", ENGLISH): body}

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("placeholders"))
    def placeholders(self, wording):
        required = mail.required_placeholders(wording.kind)
        in_body = " " + gettext("(required in the body)")
        return format_html_join(
            ", ",
            "<code>{{{{ {} }}}}</code>{}",
            ((name, in_body if name in required else "") for name in placeholders(wording.kind)),
        )

    @admin.display(description=_("preview"))
    def preview(self, wording):
        """What a reader of each language gets, as saved (blank parts follow the fallback)."""
        example = example_context(wording.kind)
        return format_html_join(
            "",
            '<section class="email-preview" lang="{}"><h3>{}</h3>{}</section>',
            (
                (language, language_name(language), self._preview(wording, example, language))
                for language in AVAILABLE_LANGUAGES
            ),
        )

    def _preview(self, wording, example: dict, language: str) -> str:
        subject, text, html = mail.render(wording.kind, example, language)
        title = gettext("Preview of {wording} in {language}").format(
            wording=wording, language=language_name(language)
        )
        return format_html(
            "<p><strong>{}</strong> {}</p>{}{}",
            gettext("Subject:"),
            subject,
            text_block(text),
            html_frame(html, title),
        )

    def add_view(self, request, form_url="", extra_context=None):
        """The add page of one kind (?kind=…), pre-filled with the repository's wording."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        kind = request.GET.get("kind", "")
        if not kinds.is_known(kind):
            self.message_user(request, gettext("Choose the e-mail whose wording to change."))
            return redirect("admin:outbox_emailtemplate_changelist")
        saved = EmailTemplate.objects.filter(kind=kind).values_list("pk", flat=True).first()
        if saved is not None:
            return redirect("admin:outbox_emailtemplate_change", saved)
        extra_context = {**(extra_context or {}), "show_save_and_add_another": False}
        return super().add_view(request, form_url, extra_context)

    @allow_email_styles
    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "show_save_and_add_another": False}
        return super().change_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        """Every kind, whether the team changed its wording, and the way to change it."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        saved = {w.kind: w for w in EmailTemplate.objects.select_related("updated_by")}
        rows = [
            WordingRow(label, saved.get(kind), self._wording_url(kind, saved.get(kind)))
            for kind, label in kinds.choices()
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("E-mail wording"),
            "rows": rows,
            "has_add_permission": self.has_add_permission(request),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/outbox/emailtemplate/change_list.html", context)

    def _wording_url(self, kind: str, wording: EmailTemplate | None) -> str:
        if wording is None:
            add = reverse("admin:outbox_emailtemplate_add", current_app=self.admin_site.name)
            return f"{add}?kind={kind}"
        return reverse(
            "admin:outbox_emailtemplate_change", args=[wording.pk], current_app=self.admin_site.name
        )
