"""The sub-themes and the Common Basic Principles in the five languages, from the data
migration (learningsets 0008): a reader sees their language, else the English marked lang="en".

Only English is offered until the catalogues are complete: these tests offer the five.
"""

from importlib import import_module

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings
from django.utils import translation
from pytest_django.asserts import assertContains, assertNotContains

from learningsets.models import CommonBasicPrinciple, SubTheme
from proposals.forms import PrinciplesField
from tests.factories import sub_theme
from tests.proposals.factories import make_proposal

FIVE = override_settings(LANGUAGES=list(settings.MILE_LANGUAGES.items()))
languages = import_module("learningsets.migrations.0007_languages")
translations = import_module(
    "learningsets.migrations.0008_sub_themes_and_principles_in_five_languages"
)

ENTERPRISE = {
    "en-gb": "Enterprise support and development",
    "pt-pt": "Apoio e desenvolvimento empresarial",
    "el": "Υποστήριξη και ανάπτυξη επιχειρήσεων",
    "es": "Apoyo y desarrollo empresarial",
    "it": "Sostegno e sviluppo d'impresa",
}
GREEK_PRINCIPLE_1 = (
    "Η ένταξη είναι μια δυναμική, αμφίδρομη διαδικασία αμοιβαίας προσαρμογής όλων των "
    "μεταναστών και των κατοίκων των κρατών μελών."
)
ENGLISH_PRINCIPLE_1 = (
    "Integration is a dynamic, two-way process of mutual accommodation by all immigrants and "
    "residents of Member States."
)


def state_apps(*targets):
    """The models as the migrations `targets` left them (without modeltranslation)."""
    return MigrationExecutor(connection).loader.project_state(list(targets)).apps


@pytest.mark.parametrize(("language", "name"), ENTERPRISE.items())
def test_the_migration_names_the_first_sub_theme_in_each_language(db, language, name):
    with translation.override(language):
        assert sub_theme(1).name == name


def test_every_sub_theme_and_principle_has_its_five_languages(db):
    columns = [code.replace("-", "_") for code in settings.MILE_LANGUAGES]
    texts = [
        getattr(row, f"{field}_{column}")
        for rows, fields in [
            (SubTheme.objects.all(), ("name", "description")),
            (CommonBasicPrinciple.objects.all(), ("text",)),
        ]
        for row in rows
        for field in fields
        for column in columns
    ]
    assert len(texts) == (3 * 2 + 11) * 5
    assert all(texts), "a sub-theme or principle lacks a language"


def test_the_existing_rows_keep_their_english_in_the_en_gb_columns(db):
    principle = CommonBasicPrinciple.objects.get(number=1)

    assert (principle.text_en_gb, sub_theme(1).name_en_gb) == (
        ENGLISH_PRINCIPLE_1,
        ENTERPRISE["en-gb"],
    )


def test_moving_the_english_fills_en_gb_from_the_columns_the_rows_had(db):
    """0007 on rows made before it: their text, still in the untranslated column, is copied."""
    apps = state_apps(("learningsets", "0007_languages"))
    principles = apps.get_model("learningsets", "CommonBasicPrinciple")
    principles.objects.update(text_en_gb=None, text="Integration, as written before.")

    languages.english_into_en_gb(apps, None)

    assert set(principles.objects.values_list("text_en_gb", flat=True)) == {
        "Integration, as written before."
    }


def test_the_translations_fill_only_the_empty_columns(db):
    """A Greek name the team wrote in the admin is kept; an emptied Italian one comes back."""
    SubTheme.objects.filter(number=1).update(name_el="Επιχειρηματικότητα", name_it=None)
    apps = state_apps(("learningsets", "0008_sub_themes_and_principles_in_five_languages"))

    translations.translate(apps, None)

    row = SubTheme.objects.get(number=1)
    assert (row.name_en_gb, row.name_el, row.name_it) == (
        ENTERPRISE["en-gb"],
        "Επιχειρηματικότητα",
        ENTERPRISE["it"],
    )


@FIVE
def test_a_greek_reader_sees_the_greek_sub_themes_on_the_home_page(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="el")

    assertContains(
        response,
        f'<a href="/sub-themes/enterprise-support-and-development/">{ENTERPRISE["el"]}</a>',
        html=True,
    )
    assertNotContains(response, ENTERPRISE["en-gb"])


@FIVE
def test_a_sub_theme_without_greek_shows_its_english_marked_english(client, db):
    SubTheme.objects.filter(number=1).update(description_el="")

    response = client.get(
        "/sub-themes/enterprise-support-and-development/", HTTP_ACCEPT_LANGUAGE="el"
    )

    assertContains(response, f"<h1>{ENTERPRISE['el']}</h1>", html=True)
    english = sub_theme(1).description_en_gb
    assertContains(response, f'<p class="lead"><span lang="en">{english}</span></p>', html=True)


@FIVE
def test_a_greek_reader_sees_the_greek_principles_on_a_proposal(login, bob, als):
    proposal = make_proposal(als, by=bob)
    proposal.principles.set(CommonBasicPrinciple.objects.filter(number__in=[1, 2]))
    CommonBasicPrinciple.objects.filter(number=2).update(text_el=None)

    client = login(bob)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "el"
    response = client.get(f"/proposals/{proposal.pk}/details/")

    assertContains(response, GREEK_PRINCIPLE_1)
    english_2 = CommonBasicPrinciple.objects.get(number=2).text_en_gb
    assertContains(response, f'<span lang="en">{english_2}</span>')


def test_the_principles_checkboxes_mark_an_english_label(db):
    CommonBasicPrinciple.objects.filter(number=2).update(text_el="")
    field = PrinciplesField(queryset=CommonBasicPrinciple.objects.order_by("number"))

    with translation.override("el"):
        labels = [label for _, label in field.choices]

    assert labels[0] == f"1. {GREEK_PRINCIPLE_1}"
    english_2 = CommonBasicPrinciple.objects.get(number=2).text_en_gb
    assert labels[1] == f'2. <span lang="en">{english_2}</span>'


def test_the_review_filter_marks_a_sub_theme_shown_in_english(db):
    from proposals.views.workflow import ReviewFilters

    SubTheme.objects.filter(number=2).update(name_el=None)

    with translation.override("el"):
        html = str(ReviewFilters()["sub_theme"])

    assert f'<option value="enterprise-support-and-development">{ENTERPRISE["el"]}</option>' in html
    english = sub_theme(2).name_en_gb
    assert f'<option value="active-inclusion" lang="en">{english}</option>' in html
