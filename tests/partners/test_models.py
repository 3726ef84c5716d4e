import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from partners.models import Partner
from tests.factories import PartnerFactory, RegionFactory


def test_a_region_cannot_name_a_sister_region_in_the_database(db):
    other_region = RegionFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        RegionFactory(name="Andalucía", slug="andalucia", sister_region=other_region)

    assert not Partner.objects.filter(slug="andalucia").exists()


def test_a_region_naming_a_sister_region_is_explained_on_clean(db):
    region = RegionFactory.build(sister_region=RegionFactory())

    with pytest.raises(ValidationError) as error:
        region.full_clean()

    assert error.value.message_dict == {"sister_region": ["Only a city names its sister region."]}


def test_the_sister_of_a_city_must_be_a_region(db):
    torino = PartnerFactory(name="Torino")
    city = PartnerFactory.build(sister_region=torino)

    with pytest.raises(ValidationError) as error:
        city.full_clean()

    # The first message comes from the field's limit_choices_to, the second from clean().
    assert error.value.message_dict == {
        "sister_region": [
            f"partner instance with id {torino.pk} is not a valid choice.",
            "The sister of a city must be a region.",
        ]
    }


def test_a_city_cannot_be_its_own_sister(amadora):
    amadora.sister_region = amadora

    with pytest.raises(ValidationError) as error:
        amadora.full_clean()

    assert error.value.message_dict == {
        "sister_region": [
            f"partner instance with id {amadora.pk} is not a valid choice.",
            "A partner cannot be its own sister.",
        ]
    }


def test_a_city_paired_with_a_region_is_valid(amadora, lisboa):
    amadora.full_clean()

    assert Partner.objects.get(slug="amadora").sister_region == lisboa


def test_a_region_is_the_sister_of_only_one_city(amadora, lisboa):
    rival = PartnerFactory.build(name="Oeiras", slug="oeiras", sister_region=lisboa)

    with pytest.raises(ValidationError) as error:
        rival.full_clean()

    assert error.value.message_dict == {
        "sister_region": ["Partner with this Sister region already exists."]
    }


def test_sister_answers_in_both_directions(amadora, lisboa):
    city = Partner.objects.get(slug="amadora")
    region = Partner.objects.get(slug="lisboa-e-vale-do-tejo")

    assert (city.sister, region.sister) == (lisboa, amadora)


def test_an_unpaired_city_or_region_has_no_sister(amadora):
    region = RegionFactory()

    assert (amadora.sister, region.sister) == (None, None)


def test_a_partner_reads_as_its_name_and_links_to_its_page(amadora):
    assert (str(amadora), amadora.get_absolute_url()) == ("Amadora", "/partners/amadora/")


def test_partners_are_ordered_by_name(db):
    for name in ["Torino", "Amadora", "Sevilla"]:
        PartnerFactory(name=name)

    assert list(Partner.objects.values_list("name", flat=True)) == ["Amadora", "Sevilla", "Torino"]
