"""A person's data in workshops: their registrations as a delegate, with the invitations sent
to them and the status changes, and the trail's records of both. Erasure replaces the address
each invitation (and its history) copied; the registrations stay, their member anonymous."""

from django.db.models import Prefetch

from accounts.personal_data import Erasure, Part, Person, Rows, register
from learningsets.personal_data import members_of
from workshops.models import Invitation, Registration

INVITATIONS = "workshops.invitation"


def register_part() -> None:
    register(Part("workshops", export, rows, words, erase))


def _registrations(person: Person):
    return Registration.objects.filter(member__in=members_of(person)).order_by(
        "registered_at", "pk"
    )


def export(person: Person) -> dict:
    registrations = _registrations(person).select_related("workshop", "partner")
    registrations = registrations.prefetch_related(
        Prefetch("invitations", Invitation.objects.order_by("created_at", "pk")),
        "status_changes",
    )
    rows = list(registrations)
    trail = Registration.history.filter(id__in=[row.pk for row in rows]).order_by(
        "history_date", "history_id"
    )
    return {
        "registrations": [_registration(row) for row in rows],
        "registration_history": list(
            trail.values("id", "status", "history_date", "history_type", "history_change_reason")
        ),
    }


def _registration(registration: Registration) -> dict:
    return {
        "workshop": registration.workshop.title,
        "partner": registration.partner.name,
        "status": registration.get_status_display(),
        "registered_at": registration.registered_at,
        "status_changed_at": registration.status_changed_at,
        "invitations": [
            {
                "email": invitation.email,
                "created_at": invitation.created_at,
                "expires_at": invitation.expires_at,
                "used_at": invitation.used_at,
                "revoked_at": invitation.revoked_at,
            }
            for invitation in registration.invitations.all()
        ],
        "status_changes": [
            {"status": change.get_status_display(), "changed_at": change.changed_at}
            for change in registration.status_changes.all()
        ],
    }


def rows(person: Person) -> Rows:
    invitations = Invitation.objects.filter(registration__in=_registrations(person)).order_by("pk")
    return {INVITATIONS: list(invitations.values_list("pk", flat=True))}


def words(rows: Rows) -> list[str]:
    ids = rows.get(INVITATIONS, [])
    return [
        *Invitation.objects.filter(pk__in=ids).values_list("email", flat=True),
        *Invitation.history.filter(id__in=ids).values_list("email", flat=True).distinct(),
    ]


def erase(erasure: Erasure) -> None:
    # Bulk UPDATEs, the history's included: the one change ever made to the trail, and one that
    # records no new copy of what it removes.
    ids = erasure.ids(INVITATIONS)
    Invitation.objects.filter(pk__in=ids).update(email=erasure.address)
    Invitation.history.filter(id__in=ids).update(email=erasure.address)
