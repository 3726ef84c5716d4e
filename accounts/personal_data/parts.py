"""The parts accounts registers: the account and its addresses, and, for the outbox and the
admin log (which know no person), the e-mails sent to the person and the log's names of their
rows."""

from allauth.account.models import EmailAddress
from django.contrib.admin.models import LogEntry
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Q
from django.db.models.functions import Lower

from accounts.models import User
from accounts.personal_data import Erasure, Part, Person, Rows, register
from common.erasure import scrub
from outbox.models import Email


def register_parts() -> None:
    register(Part("account", export_account, rows_account, words_account, erase_account))
    register(Part("emails", export_emails, rows_emails, erase=erase_emails))
    register(Part("admin_log", export_admin_log, erase=erase_admin_log))


def export_account(person: Person) -> dict | None:
    user = person.user
    if user is None:
        return None
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "language": user.language,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "is_active": user.is_active,
        "is_staff": user.is_staff,
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
    }


def rows_account(person: Person) -> Rows:
    if person.user is None:
        return {}
    addresses = EmailAddress.objects.filter(user=person.user).order_by("pk")
    return {
        "accounts.user": [person.user.pk],
        "account.emailaddress": list(addresses.values_list("pk", flat=True)),
    }


def words_account(rows: Rows) -> list[str]:
    users = User.objects.filter(pk__in=rows.get("accounts.user", []))
    addresses = EmailAddress.objects.filter(
        Q(pk__in=rows.get("account.emailaddress", [])) | Q(user__in=users)
    )
    words = [address.email for address in addresses]
    for user in users:
        words += [user.email, user.get_full_name()]
    return words


def erase_account(erasure: Erasure) -> None:
    users = erasure.ids("accounts.user")
    User.objects.filter(pk__in=users).update(
        first_name=erasure.name,
        last_name="",
        email=erasure.address,
        password=UNUSABLE_PASSWORD_PREFIX,  # the same every time: erasing again changes nothing
        is_active=False,
    )
    EmailAddress.objects.filter(
        Q(pk__in=erasure.ids("account.emailaddress")) | Q(user__in=users)
    ).delete()


def _emails_to(person: Person):
    emails = Email.objects.annotate(low_to=Lower("to")).filter(low_to__in=person.addresses)
    return emails.order_by("created_at", "pk")


def export_emails(person: Person) -> list[dict]:
    fields = ["kind", "to", "language", "subject", "body_text", "status", "created_at", "sent_at"]
    return list(_emails_to(person).values(*fields))


def rows_emails(person: Person) -> Rows:
    return {"outbox.email": list(_emails_to(person).values_list("pk", flat=True))}


def erase_emails(erasure: Erasure) -> None:
    # What was written to them goes with their address; who was sent what kind, when, stays.
    Email.objects.filter(pk__in=erasure.ids("outbox.email")).update(
        to=erasure.address, body_text="", body_html="", attachments=[]
    )
    scrub(Email.objects.all(), ["subject", "body_text", "body_html"], erasure.replacements())


def _entries_about(rows: Rows):
    about = Q(pk__in=[])
    for label, ids in rows.items():
        app_label, model = label.split(".")
        about |= Q(
            content_type__app_label=app_label,
            content_type__model=model,
            object_id__in=[str(pk) for pk in ids],
        )
    return LogEntry.objects.filter(about)


def export_admin_log(person: Person) -> list[dict]:
    from accounts.personal_data import person_rows

    entries = _entries_about(person_rows(person)).order_by("action_time", "pk")
    return [
        {
            "action_time": entry.action_time,
            "model": f"{entry.content_type.app_label}.{entry.content_type.model}",
            "object_repr": entry.object_repr,
            "action": entry.get_action_flag_display(),
        }
        for entry in entries.select_related("content_type")
    ]


def erase_admin_log(erasure: Erasure) -> None:
    _entries_about(erasure.rows).exclude(object_repr=erasure.name).update(object_repr=erasure.name)
    scrub(LogEntry.objects.all(), ["object_repr", "change_message"], erasure.replacements())
