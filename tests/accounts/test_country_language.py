from django.test import override_settings

from accounts.languages import language_of_country
from tests.factories import PartnerFactory

ALL = [("en-gb", "English"), ("pt-pt", "P"), ("el", "E"), ("es", "E"), ("it", "I")]


@override_settings(LANGUAGES=ALL)
def test_each_partner_country_reads_its_own_language_and_others_read_english():
    assert [language_of_country(code) for code in ["PT", "GR", "es", "IT", "BE", "", "XX"]] == [
        "pt-pt",
        "el",
        "es",
        "it",
        "en-gb",
        "en-gb",
        "en-gb",
    ]


@override_settings(LANGUAGES=[("en-gb", "English"), ("el", "Ελληνικά")])
def test_a_country_whose_language_is_not_offered_yet_reads_english():
    assert (language_of_country("PT"), language_of_country("GR")) == ("en-gb", "el")


@override_settings(LANGUAGES=ALL)
def test_a_partner_reads_its_country_language(db):
    assert PartnerFactory(country="PT").language == "pt-pt"
