import pytest
from django.core.exceptions import ValidationError

from learningsets.models import Member
from learningsets.services import member_create, member_remove, member_update
from tests.factories import MemberFactory, UserFactory

MEMBER_ROW = ("learning_set", "name", "email", "organisation", "position", "actor_type", "user")


def member_rows():
    return list(Member.objects.order_by("pk").values_list(*MEMBER_ROW))


def test_member_create_adds_a_person_to_the_learning_set(als):
    member = member_create(
        learning_set=als,
        name="Ana Silva",
        email="ana@amadora.example",
        organisation="IEFP",
        actor_type=Member.ActorType.INSTITUTION,
        position="Employment counsellor",
    )

    assert member_rows() == [
        (
            als.pk,
            "Ana Silva",
            "ana@amadora.example",
            "IEFP",
            "Employment counsellor",
            "institution",
            None,
        )
    ]
    assert member.pk is not None


def test_member_create_strips_the_email(als):
    member = member_create(
        learning_set=als,
        name="Ana Silva",
        email="  ana@amadora.example \n",
        organisation="IEFP",
        actor_type=Member.ActorType.INSTITUTION,
    )

    assert Member.objects.get(pk=member.pk).email == "ana@amadora.example"


def test_member_create_links_an_existing_account_by_email_case_insensitively(als):
    ana = UserFactory(email="ana@amadora.example")

    member = member_create(
        learning_set=als,
        name="Ana Silva",
        email="Ana@AMADORA.example",
        organisation="IEFP",
        actor_type=Member.ActorType.INSTITUTION,
    )

    assert Member.objects.get(pk=member.pk).user == ana


def test_member_create_rejects_a_duplicate_email_in_the_set_with_the_constraint_message(
    bob_member,
):
    before = member_rows()

    with pytest.raises(ValidationError) as error:
        member_create(
            learning_set=bob_member.learning_set,
            name="Robert",
            email="BOB@amadora.example",
            organisation="Town hall",
            actor_type=Member.ActorType.PRACTITIONER,
        )

    assert error.value.message_dict == {
        "__all__": ["This e-mail address is already a member of this learning set."]
    }
    assert member_rows() == before


def test_member_create_accepts_the_same_email_in_another_learning_set(bob, amadora_sets):
    member_create(
        learning_set=amadora_sets[2],
        name="Bob",
        email="bob@amadora.example",
        organisation="Town hall",
        actor_type=Member.ActorType.PRACTITIONER,
    )

    assert sorted(
        Member.objects.values_list("learning_set__sub_theme__number", "email", "user")
    ) == [(1, "bob@amadora.example", bob.pk), (3, "bob@amadora.example", bob.pk)]


def test_member_update_changes_details_and_moves_within_the_partner(bob_member, amadora_sets):
    member_update(
        member=bob_member,
        learning_set=amadora_sets[1],
        name="Bob Costa",
        email=" bob.costa@amadora.example ",
        organisation="Câmara Municipal da Amadora",
        position="Mediator",
        actor_type=Member.ActorType.ELECTED_REPRESENTATIVE,
    )

    assert member_rows() == [
        (
            amadora_sets[1].pk,
            "Bob Costa",
            "bob.costa@amadora.example",
            "Câmara Municipal da Amadora",
            "Mediator",
            "elected",
            None,
        )
    ]


def test_member_update_links_the_account_of_the_new_email(als):
    member = MemberFactory(learning_set=als, email="old@amadora.example")
    ana = UserFactory(email="ana@amadora.example")

    member_update(member=member, learning_set=als, email="ANA@amadora.example")

    assert Member.objects.get(pk=member.pk).user == ana


def test_member_update_refuses_another_partners_learning_set_and_changes_nothing(
    bob_member, other_als
):
    before = member_rows()

    with pytest.raises(ValidationError) as error:
        member_update(member=bob_member, learning_set=other_als, name="Moved")

    assert error.value.message_dict == {
        "learning_set": ["A member can only move to another learning set of the same partner."]
    }
    assert member_rows() == before


def test_member_update_rejects_a_duplicate_email_and_changes_nothing(bob_member):
    other = MemberFactory(learning_set=bob_member.learning_set, email="ana@amadora.example")
    before = member_rows()

    with pytest.raises(ValidationError) as error:
        member_update(member=other, learning_set=other.learning_set, email="Bob@amadora.example")

    assert error.value.message_dict == {
        "__all__": ["This e-mail address is already a member of this learning set."]
    }
    assert member_rows() == before


def test_member_update_rejects_a_field_it_does_not_know(bob_member):
    with pytest.raises(TypeError, match="Unknown member fields: user"):
        member_update(member=bob_member, learning_set=bob_member.learning_set, user=None)


def test_member_remove_deletes_the_member_but_keeps_the_account(bob, bob_member):
    member_remove(member=bob_member)

    assert (Member.objects.count(), type(bob).objects.filter(pk=bob.pk).exists()) == (0, True)
