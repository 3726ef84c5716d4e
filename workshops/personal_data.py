"""A person's data in workshops: their registrations as a delegate, with the invitations sent
to them and the status changes, the trail's records of both, and the take-homes they wrote for
their learning sets. Erasure replaces the address each invitation (and its history) copied;
the registrations stay, their member anonymous; the take-homes stay, their writer anonymous
(the account) and the person's name and addresses replaced wherever they were typed in one."""

from django.db.models import Prefetch

from accounts.personal_data import Erasure, Part, Person, Rows, register
from common.erasure import scrub
from learningsets.personal_data import members_of
from workshops.models import Invitation, Registration, TakeHome

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
        "take_homes_written": _take_homes_written(person),
    }


def _take_homes_written(person: Person) -> list[dict]:
    if person.user is None:
        return []
    take_homes = TakeHome.objects.filter(written_by=person.user).select_related(
        "workshop", "learning_set__partner", "learning_set__sub_theme"
    )
    return [
        {
            "workshop": take_home.workshop.title,
            "learning_set": take_home.learning_set.name,
            "learning_points": take_home.learning_points,
            "actions": take_home.actions,
            "is_public": take_home.is_public,
            "updated_at": take_home.updated_at,
        }
        for take_home in take_homes.order_by("created_at", "pk")
    ]


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
    scrub(TakeHome.objects.all(), ["learning_points", "actions"], erasure.replacements())
