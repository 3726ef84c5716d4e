"""The MILE demo data: the four partner cities of the handbook's ALS examples and their sister
regions, their learning sets and members, and one demo login per role. Idempotent.

Members are described by their role rather than invented names: the handbook names no people.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from accounts.services import account_email_vouch
from learningsets.models import LearningSet, Member, SubTheme
from partners.models import Partner

DEMO_PASSWORD = "mile-demo-2008"
TEAM_EMAIL = "team@mile.example"
TEAM_GROUP = "MILE management team"
TEAM_APPS = ["accounts", "partners", "learningsets"]

A = Member.ActorType


@dataclass(frozen=True)
class City:
    slug: str
    name: str
    country: str
    town_hall: str
    employment_service: str
    description: str
    region_slug: str
    region_name: str
    managing_authority: str
    region_description: str


CITIES = [
    City(
        "amadora",
        "Amadora",
        "PT",
        "Câmara Municipal da Amadora",
        "Instituto do Emprego e Formação Profissional (IEFP)",
        "A city in the Lisbon metropolitan area and host of the first Transnational Scoping and "
        "Exchange workshop (26–28 February 2008) on enterprise development for ethnic minorities.",
        "lisboa-e-vale-do-tejo",
        "Lisboa e Vale do Tejo",
        "CCDR Lisboa e Vale do Tejo",
        "The region around Lisbon; its Managing Authority joins Amadora's learning sets.",
    ),
    City(
        "komotini",
        "Komotini",
        "GR",
        "Municipality of Komotini",
        "Manpower Employment Organisation (OAED)",
        "The capital of the Rhodope regional unit in Thrace, north-eastern Greece.",
        "east-macedonia-and-thrace",
        "East Macedonia and Thrace",
        "Region of East Macedonia and Thrace",
        "The north-eastern region of Greece; its Managing Authority joins Komotini's sets.",
    ),
    City(
        "sevilla",
        "Sevilla",
        "ES",
        "Ayuntamiento de Sevilla",
        "Servicio Andaluz de Empleo",
        "The capital of Andalucía, in southern Spain.",
        "andalucia",
        "Andalucía",
        "Junta de Andalucía",
        "The southern Spanish region; its Managing Authority joins Sevilla's learning sets.",
    ),
    City(
        "torino",
        "Torino",
        "IT",
        "Città di Torino",
        "Centro per l'impiego di Torino",
        "The capital of Piemonte, in north-western Italy.",
        "piemonte",
        "Piemonte",
        "Regione Piemonte",
        "The north-western Italian region; its Managing Authority joins Torino's sets.",
    ),
]

# (sub-theme number, e-mail name, role, organisation key, actor type): a few per city set.
CITY_MEMBERS = [
    (1, "economy-councillor", "Councillor for economic development", "town_hall", A.ELECTED_REPRESENTATIVE),
    (1, "business-adviser", "Business adviser for ethnic minority entrepreneurs", "town_hall", A.PRACTITIONER),
    (1, "business-network", "Representative of ethnic minority businesses", "business", A.COMPANY),
    (1, "programme-manager", "Programme manager", "managing_authority", A.MANAGING_AUTHORITY),
    (2, "social-councillor", "Councillor for social affairs", "town_hall", A.ELECTED_REPRESENTATIVE),
    (2, "employment-counsellor", "Employment counsellor", "employment_service", A.INSTITUTION),
    (2, "programme-manager", "Programme manager", "managing_authority", A.MANAGING_AUTHORITY),
    (3, "education-councillor", "Councillor for education and housing", "town_hall", A.ELECTED_REPRESENTATIVE),
    (3, "mediator", "Intercultural mediator", "town_hall", A.PRACTITIONER),
    (3, "community", "Representative of migrant community associations", "community", A.COMMUNITY_ORGANISATION),
    (3, "programme-manager", "Programme manager", "managing_authority", A.MANAGING_AUTHORITY),
]  # fmt: skip
REGION_MEMBERS = [
    (1, "enterprise-manager", "Programme manager for enterprise", A.MANAGING_AUTHORITY),
    (2, "labour-market-manager", "Programme manager for the labour market", A.MANAGING_AUTHORITY),
    (3, "inclusion-manager", "Programme manager for social inclusion", A.MANAGING_AUTHORITY),
]

SET_DESCRIPTIONS = {
    1: "Key actors of {name} working on support for businesses owned by migrants and ethnic "
    "minorities, mainly small and micro enterprises.",
    2: "Key actors of {name} working on active inclusion measures that open the local labour "
    "market to immigrants.",
    3: "Key actors of {name} working on access to education, housing and health, through "
    "intercultural dialogue and mediation.",
}


def _organisation(city: City, key: str) -> str:
    return {
        "town_hall": city.town_hall,
        "employment_service": city.employment_service,
        "managing_authority": city.managing_authority,
        "business": f"Ethnic minority business network, {city.name}",
        "community": f"Migrant community associations, {city.name}",
    }[key]


def _user(email: str, *, first_name: str = "", staff: bool = False):
    user, created = get_user_model().objects.get_or_create(
        email=email, defaults={"first_name": first_name, "is_staff": staff}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    account_email_vouch(user=user)
    return user


def _team_group() -> Group:
    group, _ = Group.objects.get_or_create(name=TEAM_GROUP)
    group.permissions.add(*Permission.objects.filter(content_type__app_label__in=TEAM_APPS))
    return group


def _partner(slug, **fields) -> Partner:
    partner, _ = Partner.objects.get_or_create(slug=slug, defaults=fields)
    return partner


def _learning_set(partner: Partner, sub_theme: SubTheme) -> LearningSet:
    description = SET_DESCRIPTIONS[sub_theme.number].format(name=partner.name)
    learning_set, _ = LearningSet.objects.get_or_create(
        partner=partner, sub_theme=sub_theme, defaults={"description": description}
    )
    return learning_set


def _member(learning_set, email, **fields) -> Member:
    member, _ = Member.objects.get_or_create(
        learning_set=learning_set, email=email, defaults=fields
    )
    return member


def _load_city(city: City, sub_themes: dict[int, SubTheme]) -> list[tuple[str, str]]:
    region = _partner(
        city.region_slug,
        name=city.region_name,
        kind=Partner.Kind.REGION,
        country=city.country,
        description=city.region_description,
    )
    town = _partner(
        city.slug,
        name=city.name,
        kind=Partner.Kind.CITY,
        country=city.country,
        description=city.description,
        sister_region=region,
    )
    logins = []
    for partner, members in [(town, _city_members(city)), (region, _region_members(city))]:
        contact = _user(f"contact.{partner.slug}@mile.example", first_name="Partner contact")
        partner.contacts.add(contact)
        logins.append((f"Partner contact, {partner.name}", contact.email))
        for number, email, role, organisation, actor_type in members:
            learning_set = _learning_set(partner, sub_themes[number])
            _member(
                learning_set,
                email,
                name=role,
                organisation=organisation,
                actor_type=actor_type,
            )
        logins.append((f"ALS member, {partner.name}", _als_member_login(partner, sub_themes)))
    return logins


def _city_members(city: City):
    """The Managing Authority's programme manager sits in each of the city's three sets."""
    return [
        (
            number,
            f"{name}@{city.region_slug if key == 'managing_authority' else city.slug}.mile.example",
            role,
            _organisation(city, key),
            actor_type,
        )
        for number, name, role, key, actor_type in CITY_MEMBERS
    ]


def _region_members(city: City):
    return [
        (number, f"{name}@{city.region_slug}.mile.example", role, city.managing_authority, kind)
        for number, name, role, kind in REGION_MEMBERS
    ]


def _als_member_login(partner: Partner, sub_themes) -> str:
    """The first member of the partner's enterprise set gets an account, to show that role."""
    learning_set = LearningSet.objects.get(partner=partner, sub_theme=sub_themes[1])
    member = learning_set.members.order_by("pk").first()
    user = _user(member.email, first_name=member.name[:150])
    if member.user_id != user.pk:
        member.user = user
        member.save(update_fields=["user"])
    return user.email


@transaction.atomic
def load_demo() -> list[tuple[str, str]]:
    """Create the demo data if it is missing; return (role, e-mail) of every demo login."""
    sub_themes = {sub_theme.number: sub_theme for sub_theme in SubTheme.objects.all()}
    team = _user(TEAM_EMAIL, first_name="MILE management team", staff=True)
    team.groups.add(_team_group())
    logins = [("Management team (admin)", team.email)]
    for city in CITIES:
        logins += _load_city(city, sub_themes)
    return logins
