"""A person's data in learningsets: their member rows (an account's, and those bearing an
address it has proven) and the account invitations sent to them. Erased, a member keeps their
place in the record (a past delegate, say) as a former member with no name or address."""

from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Coalesce, Concat, Lower
from django.utils import timezone

from accounts.personal_data import Erasure, Part, Person, Rows, register
from learningsets.models import AccountInvitation, Member

MEMBERS = "learningsets.member"
INVITATIONS = "learningsets.accountinvitation"


def register_part() -> None:
    register(Part("learningsets", export, rows, words, erase, knows))


def members_of(person: Person):
    """The person's member rows, oldest first."""
    theirs = Q(low_email__in=person.addresses)
    if person.user is not None:
        theirs |= Q(user=person.user)
    members = Member.objects.annotate(low_email=Lower("email")).filter(theirs)
    return members.order_by("created_at", "pk")


def knows(address: str) -> bool:
    return Member.objects.annotate(low_email=Lower("email")).filter(low_email=address).exists()


def export(person: Person) -> dict:
    members = members_of(person).select_related("learning_set__partner", "learning_set__sub_theme")
    invitations = AccountInvitation.objects.filter(member__in=members_of(person))
    return {
        "memberships": [
            {
                "learning_set": member.learning_set.name,
                "name": member.name,
                "email": member.email,
                "organisation": member.organisation,
                "position": member.position,
                "actor_type": member.get_actor_type_display(),
                "left_on": member.left_on,
                "created_at": member.created_at,
            }
            for member in members
        ],
        "account_invitations": list(
            invitations.order_by("created_at", "pk").values(
                "email", "created_at", "expires_at", "used_at", "revoked_at"
            )
        ),
    }


def rows(person: Person) -> Rows:
    members = members_of(person)
    invitations = AccountInvitation.objects.filter(member__in=members).order_by("pk")
    return {
        MEMBERS: list(members.values_list("pk", flat=True)),
        INVITATIONS: list(invitations.values_list("pk", flat=True)),
    }


def words(rows: Rows) -> list[str]:
    members = Member.objects.filter(pk__in=rows.get(MEMBERS, []))
    invitations = AccountInvitation.objects.filter(pk__in=rows.get(INVITATIONS, []))
    return [
        *(word for name, email in members.values_list("name", "email") for word in (name, email)),
        *invitations.values_list("email", flat=True),
    ]


def erase(erasure: Erasure) -> None:
    # One address per row: a learning set holds an address once.
    address = Concat(Value(f"erased-{erasure.number}-"), Cast("pk", CharField()), Value("@invalid"))
    Member.objects.filter(pk__in=erasure.ids(MEMBERS)).update(
        name=erasure.name,
        email=address,
        organisation="",
        position="",
        left_on=Coalesce("left_on", Value(timezone.localdate())),
    )
    AccountInvitation.objects.filter(pk__in=erasure.ids(INVITATIONS)).update(email=erasure.address)
