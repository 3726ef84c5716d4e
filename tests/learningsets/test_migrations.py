"""The data migration seeds the handbook's three sub-themes and Common Basic Principles."""

from importlib import import_module

from django.apps import apps

from learningsets.models import CommonBasicPrinciple, SubTheme

seed_migration = import_module("learningsets.migrations.0002_seed_sub_themes_and_principles")

PRINCIPLE_1 = (
    "Integration is a dynamic, two-way process of mutual accommodation by all immigrants and "
    "residents of Member States."
)
PRINCIPLE_11 = (
    "Developing clear goals, indicators and evaluation mechanisms are necessary to adjust "
    "policy, evaluate progress on integration and to make the exchange of information more "
    "effective, so as to transfer good experience."
)


def test_it_seeds_exactly_the_three_sub_themes_in_order(db):
    assert list(SubTheme.objects.values_list("number", "name", "slug")) == [
        (1, "Enterprise support and development", "enterprise-support-and-development"),
        (2, "Active inclusion measures for labour market access", "active-inclusion"),
        (
            3,
            "Access to key services (education, housing, health) and intercultural dialogue",
            "key-services-and-intercultural-dialogue",
        ),
    ]


def test_it_seeds_the_eleven_common_basic_principles_numbered_one_to_eleven(db):
    assert list(CommonBasicPrinciple.objects.values_list("number", flat=True)) == list(range(1, 12))


def test_the_first_and_last_principles_have_the_handbooks_words(db):
    principles = dict(CommonBasicPrinciple.objects.values_list("number", "text"))

    assert (principles[1], principles[11]) == (PRINCIPLE_1, PRINCIPLE_11)


def test_running_the_seed_again_adds_nothing(db):
    before = (
        list(SubTheme.objects.values_list("number", "name", "slug", "description")),
        list(CommonBasicPrinciple.objects.values_list("number", "text")),
    )

    seed_migration.seed(apps, None)

    assert (
        list(SubTheme.objects.values_list("number", "name", "slug", "description")),
        list(CommonBasicPrinciple.objects.values_list("number", "text")),
    ) == before
