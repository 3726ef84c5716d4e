import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from learningsets.invitations import account_invitation_send
from learningsets.models import AccountInvitation, CommonBasicPrinciple, LearningSet, Member
from tests.factories import LearningSetFactory, MemberFactory, sub_theme


def test_a_partner_has_one_learning_set_per_sub_theme_in_the_database(als):
    with pytest.raises(IntegrityError), transaction.atomic():
        LearningSet.objects.create(partner=als.partner, sub_theme=als.sub_theme)

    assert list(LearningSet.objects.values_list("pk", flat=True)) == [als.pk]


def test_a_second_learning_set_on_a_sub_theme_is_explained_on_full_clean(als):
    duplicate = LearningSet(partner=als.partner, sub_theme=als.sub_theme)

    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()

    assert error.value.message_dict == {
        "__all__": ["This partner already has a learning set on this sub-theme."]
    }


def test_a_partner_has_a_learning_set_on_each_sub_theme(amadora_sets):
    assert [learning_set.name for learning_set in LearningSet.objects.all()] == [
        "ALS Amadora — Enterprise support and development",
        "ALS Amadora — Active inclusion measures for labour market access",
        "ALS Amadora — Access to key services (education, housing, health) and "
        "intercultural dialogue",
    ]


def test_a_learning_set_is_named_by_its_number_without_reading_its_partner(
    amadora_sets, django_assert_num_queries
):
    learning_sets = list(LearningSet.objects.order_by("pk"))

    with django_assert_num_queries(0):
        named = [str(learning_set) for learning_set in learning_sets]

    assert named == [f"Action Learning Set #{s.pk}" for s in amadora_sets]


def test_an_account_invitation_is_named_by_its_address_without_a_query(
    ana, alice, django_assert_num_queries
):
    account_invitation_send(member=ana, by=alice)
    invitation = AccountInvitation.objects.get()

    with django_assert_num_queries(0):
        name = str(invitation)

    assert name == "Account invitation sent to ana@amadora.example"


def test_two_partners_have_a_learning_set_on_the_same_sub_theme(als, other_als):
    assert als.sub_theme == other_als.sub_theme


def test_a_learning_set_links_to_its_page(als):
    assert als.get_absolute_url() == f"/learning-sets/{als.pk}/"


def test_a_member_email_is_unique_in_a_learning_set_case_insensitively(bob_member):
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberFactory(learning_set=bob_member.learning_set, email="BOB@Amadora.example")

    assert list(Member.objects.values_list("email", flat=True)) == ["bob@amadora.example"]


def test_a_duplicate_member_email_is_explained_on_full_clean(bob_member):
    duplicate = MemberFactory.build(
        learning_set=bob_member.learning_set, email="Bob@amadora.EXAMPLE"
    )

    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()

    assert error.value.message_dict == {
        "__all__": ["This e-mail address is already a member of this learning set."]
    }


def test_the_same_email_may_be_a_member_of_another_learning_set(bob_member, amadora_sets):
    MemberFactory(learning_set=amadora_sets[1], email="Bob@Amadora.example")

    assert sorted(Member.objects.values_list("learning_set__sub_theme__number", "email")) == [
        (1, "bob@amadora.example"),
        (2, "Bob@Amadora.example"),
    ]


def test_a_member_reads_as_name_and_organisation(als):
    member = MemberFactory(learning_set=als, name="Ana Silva", organisation="IEFP")

    assert str(member) == "Ana Silva (IEFP)"


def test_a_sub_theme_reads_as_its_name_and_a_principle_as_its_number(db):
    assert (str(sub_theme(2)), str(CommonBasicPrinciple.objects.get(number=7))) == (
        "Active inclusion measures for labour market access",
        "CBP 7",
    )


def test_learning_sets_are_ordered_by_partner_then_sub_theme(db):
    LearningSetFactory(partner__name="Torino", sub_theme=sub_theme(1))
    LearningSetFactory(partner__name="Amadora", sub_theme=sub_theme(2))
    amadora = LearningSet.objects.get(partner__name="Amadora").partner
    LearningSetFactory(partner=amadora, sub_theme=sub_theme(1))

    assert list(LearningSet.objects.values_list("partner__name", "sub_theme__number")) == [
        ("Amadora", 1),
        ("Amadora", 2),
        ("Torino", 1),
    ]
