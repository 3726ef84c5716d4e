import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories import UserFactory

User = get_user_model()


def test_it_rejects_a_duplicate_email_case_insensitively_in_the_database(db):
    UserFactory(email="alice@amadora.example")

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="Alice@Amadora.example")

    assert list(User.objects.values_list("email", flat=True)) == ["alice@amadora.example"]


def test_it_explains_a_duplicate_email_of_another_case_on_full_clean(db):
    UserFactory(email="alice@amadora.example")
    user = User(email="ALICE@amadora.example", password="unusable")

    with pytest.raises(ValidationError) as error:
        user.full_clean()

    assert error.value.message_dict == {
        "__all__": ["A user with this e-mail address already exists."]
    }


def test_it_explains_an_identical_duplicate_email_on_the_email_field(db):
    UserFactory(email="alice@amadora.example")
    user = User(email="alice@amadora.example", password="unusable")

    with pytest.raises(ValidationError) as error:
        user.full_clean()

    assert error.value.message_dict["email"] == ["User with this E-mail address already exists."]


def test_create_user_lowercases_the_email_and_sets_a_usable_password(db):
    user = User.objects.create_user(" Eva@Sevilla.EXAMPLE", "a-long-password")

    user.refresh_from_db()
    assert user.email == "eva@sevilla.example"
    assert user.check_password("a-long-password")
    assert (user.is_staff, user.is_superuser, user.is_active) == (False, False, True)


def test_create_user_without_a_password_makes_it_unusable(db):
    user = User.objects.create_user("eva@sevilla.example")

    assert user.has_usable_password() is False


def test_create_user_requires_an_email(db):
    with pytest.raises(ValueError, match="An e-mail address is required"):
        User.objects.create_user("", "a-long-password")

    assert User.objects.count() == 0


def test_create_superuser_makes_a_staff_superuser(db):
    user = User.objects.create_superuser("Root@MILE.example", "a-long-password")

    user.refresh_from_db()
    assert (user.email, user.is_staff, user.is_superuser) == ("root@mile.example", True, True)


def test_a_user_reads_as_their_full_name_or_else_their_email(db):
    named = UserFactory(email="eva@sevilla.example", first_name="Eva", last_name="Martín")
    unnamed = UserFactory(email="team@mile.example")

    assert (str(named), str(unnamed)) == ("Eva Martín", "team@mile.example")


def test_users_are_ordered_by_email(db):
    for email in ["carla@x.example", "ana@x.example", "bea@x.example"]:
        UserFactory(email=email)

    assert list(User.objects.values_list("email", flat=True)) == [
        "ana@x.example",
        "bea@x.example",
        "carla@x.example",
    ]
