"""The management team's admin for e-mail: the outbox, read-only and re-sendable, and the
wording of each kind of e-mail, checked before it is saved and previewed with example values."""

import re
from dataclasses import dataclass

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template import Context, TemplateSyntaxError, engines
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import escape, format_html, format_html_join
from django.views.decorators.http import require_POST

from mile import mail
from mile.models import Email, EmailKind, EmailTemplate

PERSONAL_LINK_SHOWN = "[personal link, made when the e-mail is sent]"

# One example value per placeholder, for previews and for the trial render of new wording.
EXAMPLE_VALUES = {
    "agenda": mail.Markdown(
        "- Thu 4 Mar 09:30 Opening plenary\n- Thu 4 Mar 11:00 Learning set meetings"
    ),
    "by": "Dora Costa",
    "city": "Amadora",
    "contact": "Alice Ferreira",
    "dates": "4–6 March 2030",
    "deadline": "25 February 2030, 18:00 (Europe/Lisbon)",
    "email": "bob.martins@amadora.example",
    "delegate": "Bob Martins",
    "delegates_url": "https://mile.example/workshops/amadora-2030/delegates/amadora/",
    "expires": "11 March 2030",
    "learning_set": "Amadora: Enterprise support and development",
    "link": "https://mile.example/links/example/",
    "name": "Bob Martins",
    "note": "Please say in the work plan who runs the mentoring sessions.",
    "partner": "Amadora",
    "password_reset_url": "https://mile.example/accounts/password/reset/",
    "proposal": "Start-up support for migrant entrepreneurs",
    "proposal_url": "https://mile.example/proposals/1/",
    "quota": "3",
    "registered": "1",
    "start": "4 March 2030",
    "sub_theme": "Enterprise support and development",
    "time_zone": "Europe/Lisbon",
    "valid_for": "3 days",
    "venue": "Recreios da Amadora",
    "workshop": "Amadora 2030",
    "workshop_url": "https://mile.example/workshops/amadora-2030/",
}

PLACEHOLDER = re.compile(r"{{\s*([A-Za-z_]\w*)")
# The wording is rendered by the project's template engine: it may not reach templates,
# files or tag libraries, nor dump the engine's state.
REFUSED_TAG = re.compile(r"{%\s*(load|include|extends|debug)\b")


def placeholders(kind: str) -> list[str]:
    """The placeholders of a kind, in order of first use in the repository's wording."""
    subject, body = mail.default_wording(kind)
    return list(dict.fromkeys(PLACEHOLDER.findall(f"{subject}\n{body}")))


def example_context(kind: str) -> dict[str, str]:
    # A placeholder without an example value yet shows its own name.
    return {name: EXAMPLE_VALUES.get(name, f"[{name}]") for name in placeholders(kind)}


def wording_errors(kind: str, source: str, *, required: list[str] = ()) -> list[str]:
    """Why `source` cannot be the subject or body of this kind of e-mail; empty if it can.

    A `required` placeholder must show in the wording as rendered, not only be typed in it.
    """
    refused = list(dict.fromkeys(REFUSED_TAG.findall(source)))
    if refused:
        tags = ", ".join(f"{{% {tag} %}}" for tag in refused)
        return [f"{tags} cannot be used in an e-mail's wording."]
    try:
        template = engines["django"].from_string(source).template
    except TemplateSyntaxError as error:
        return [str(error)]
    known = placeholders(kind)
    unknown = [name for name in dict.fromkeys(PLACEHOLDER.findall(source)) if name not in known]
    if unknown:
        names = ", ".join(f"{{{{ {name} }}}}" for name in unknown)
        allowed = ", ".join(f"{{{{ {name} }}}}" for name in known)
        return [f"Unknown placeholder {names}. This e-mail has: {allowed}."]
    example = example_context(kind)
    try:
        shown = template.render(Context(example, autoescape=False))
    except Exception as error:  # a tag may fail only when run ({% url %}, say): refuse it now
        return [f"The wording cannot be rendered: {error}"]
    missing = [name for name in required if example.get(name, name) not in shown]
    if missing:
        names = ", ".join(f"{{{{ {name} }}}}" for name in missing)
        return [f"The wording must show {names}: without it the recipient cannot use this e-mail."]
    return []


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
    return body.replace(mail.PERSONAL_LINK, PERSONAL_LINK_SHOWN)


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    """The outbox: every message, as written. Only its delivery can be started again."""

    list_display = [
        "to",
        "subject",
        "kind",
        "workshop",
        "status_badge",
        "attempts",
        "created_at",
        "sent_at",
    ]
    list_filter = ["status", "kind", "workshop"]
    list_select_related = ["workshop"]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
    actions = ["resend"]
    readonly_fields = [
        "status_badge",
        "related_object",
        "attachment_names",
        "text_body",
        "html_body",
    ]
    fieldsets = [
        (
            "Message",
            {
                "fields": [
                    *("to", "subject", "kind", "dedupe_key"),
                    *("related_object", "workshop", "attachment_names"),
                ]
            },
        ),
        (
            "Delivery",
            {
                "fields": [
                    *("status_badge", "attempts", "last_error", "created_at"),
                    *("next_attempt_at", "sent_at"),
                ]
            },
        ),
        ("Text", {"fields": ["text_body"]}),
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

    @admin.display(description="status", ordering="status")
    def status_badge(self, email):
        return format_html(
            '<span class="email-status email-status-{}">{}</span>',
            email.status,
            email.get_status_display(),
        )

    @admin.display(description="related to")
    def related_object(self, email):
        related = email.related
        if related is None:
            return "—"
        label = f"{related._meta.verbose_name.capitalize()}: {related}"
        if not self.admin_site.is_registered(type(related)):
            return label
        opts = related._meta
        url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change",
            args=[related.pk],
            current_app=self.admin_site.name,
        )
        return format_html('<a href="{}">{}</a>', url, label)

    @admin.display(description="attachments")
    def attachment_names(self, email):
        return ", ".join(attachment["filename"] for attachment in email.attachments) or "—"

    @admin.display(description="text")
    def text_body(self, email):
        return text_block(without_personal_link(email.body_text))

    @admin.display(description="HTML")
    def html_body(self, email):
        if not email.body_html:
            return "—"
        return html_frame(without_personal_link(email.body_html), f"HTML of {email}")

    @admin.action(description="Resend the selected failed e-mails", permissions=["resend"])
    def resend(self, request, queryset):
        emails = list(queryset.select_related(None).only("pk", "status"))
        self._report_resent(request, queued=mail.emails_resend(emails=emails), of=len(emails))

    def _report_resent(self, request, *, queued: int, of: int) -> None:
        if queued:
            noun = "e-mail" if queued == 1 else "e-mails"
            self.message_user(request, f"{queued} {noun} queued again.", messages.SUCCESS)
        if skipped := of - queued:
            noun = "e-mail" if skipped == 1 else "e-mails"
            self.message_user(
                request,
                f"{skipped} {noun} skipped: only failed e-mails are sent again.",
                messages.WARNING,
            )

    def get_urls(self):
        resend = path(
            "<path:object_id>/resend/",
            self.admin_site.admin_view(self.resend_view),
            name="mile_email_resend",
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
        return redirect("admin:mile_email_change", email.pk)


class EmailTemplateForm(forms.ModelForm):
    """The wording of one kind, refused if it would fail or reach beyond its placeholders."""

    email_kind = ""  # set per request by EmailTemplateAdmin.get_form

    class Meta:
        model = EmailTemplate
        fields = ["subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 20, "cols": 90})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.kind = self.email_kind
        self.fields["body"].help_text = (
            "Markdown with {{ placeholders }}; see the list below. Deleting this wording "
            "returns the e-mail to the repository's default wording."
        )

    def clean_subject(self):
        return self._checked(self.cleaned_data["subject"])

    def clean_body(self):
        required = mail.required_placeholders(self.email_kind)
        return self._checked(self.cleaned_data["body"], required=required)

    def _checked(self, source: str, required: list[str] = ()) -> str:
        if errors := wording_errors(self.email_kind, source, required=required):
            raise ValidationError(errors)
        return source

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None and EmailTemplate.objects.filter(kind=self.email_kind).exists():
            raise ValidationError(
                "Someone has changed this wording meanwhile; open it from the list again."
            )
        return cleaned


@dataclass(frozen=True)
class WordingRow:
    label: str
    wording: EmailTemplate | None
    url: str


@admin.register(EmailTemplate)
class EmailTemplateAdmin(admin.ModelAdmin):
    """Every kind of e-mail, with the team's wording where they changed it."""

    form = EmailTemplateForm
    readonly_fields = ["kind", "placeholders", "preview", "updated_at", "updated_by"]

    def get_fieldsets(self, request, obj=None):
        wording = (None, {"fields": ["kind", "subject", "body", "placeholders"]})
        if obj is None:
            return [wording]
        return [
            wording,
            ("Preview with example values", {"fields": ["preview"]}),
            ("Last change", {"fields": ["updated_at", "updated_by"]}),
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        kind = obj.kind if obj else request.GET.get("kind", "")
        return type(form.__name__, (form,), {"email_kind": kind})

    def get_changeform_initial_data(self, request):
        subject, body = mail.default_wording(request.GET["kind"])
        return {"subject": subject, "body": body}

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description="placeholders")
    def placeholders(self, wording):
        required = mail.required_placeholders(wording.kind)
        return format_html_join(
            ", ",
            "<code>{{{{ {} }}}}</code>{}",
            (
                (name, " (required in the body)" if name in required else "")
                for name in placeholders(wording.kind)
            ),
        )

    @admin.display(description="preview")
    def preview(self, wording):
        subject, text, html = mail.render(wording.kind, example_context(wording.kind))
        return format_html(
            "<p><strong>Subject:</strong> {}</p>{}{}",
            subject,
            text_block(text),
            html_frame(html, f"Preview of {wording}"),
        )

    def add_view(self, request, form_url="", extra_context=None):
        """The add page of one kind (?kind=…), pre-filled with the repository's wording."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        kind = request.GET.get("kind", "")
        if kind not in EmailKind.values:
            self.message_user(request, "Choose the e-mail whose wording to change.")
            return redirect("admin:mile_emailtemplate_changelist")
        saved = EmailTemplate.objects.filter(kind=kind).values_list("pk", flat=True).first()
        if saved is not None:
            return redirect("admin:mile_emailtemplate_change", saved)
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
            for kind, label in EmailKind.choices
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "E-mail wording",
            "rows": rows,
            "has_add_permission": self.has_add_permission(request),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/mile/emailtemplate/change_list.html", context)

    def _wording_url(self, kind: str, wording: EmailTemplate | None) -> str:
        if wording is None:
            add = reverse("admin:mile_emailtemplate_add", current_app=self.admin_site.name)
            return f"{add}?kind={kind}"
        return reverse(
            "admin:mile_emailtemplate_change", args=[wording.pk], current_app=self.admin_site.name
        )
