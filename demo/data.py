"""The MILE demo data: the four partner cities of the handbook's ALS examples and their sister
regions, their learning sets and members, one demo login per role, the Amadora workshop of
February 2008 that the handbook was written for, one workshop open for registration now, and
a funding proposal per city (demo/proposals.py), Amadora's set meetings, actions, learning
logs and take-home (demo/cycle.py). Idempotent: what exists is left as it is, so a second run
changes nothing.

Members are described by their role rather than invented names: the handbook names no people.
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from accounts.services import account_email_vouch
from demo.cycle import load_demo_cycle
from demo.proposals import load_demo_proposals
from learningsets.models import LearningSet, Member, SubTheme
from partners.models import Partner
from workshops.models import Registration, Session, StatusChange, Workshop
from workshops.services import delegates_register

DEMO_PASSWORD = "mile-demo-2008"
TEAM_EMAIL = "team@mile.example"
TEAM_GROUP = "MILE management team"
TEAM_APPS = ["accounts", "partners", "learningsets", "workshops", "proposals", "outbox"]
# Erasing a person cannot be undone: superusers only. The team exports (it answers the request).
TEAM_WITHHELD = ["erase_person"]

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
    permissions = Permission.objects.filter(content_type__app_label__in=TEAM_APPS)
    group.permissions.add(*permissions.exclude(codename__in=TEAM_WITHHELD))
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


# The workshops: the one the handbook was written for, and one open for registration now.
AMADORA_2008 = "amadora-2008"
OPEN_WORKSHOP = "torino-active-inclusion"
PLACES = {Session.Kind.PLENARY: "Plenary room", Session.Kind.ALS_MEETING: "Learning set rooms"}
P, ALS = Session.Kind.PLENARY, Session.Kind.ALS_MEETING

# (day of the workshop from 0, start, end, kind, title, description): only what the handbook says.
AMADORA_AGENDA = [
    (0, "09:30", "11:00", P, "Welcome and introduction to the MILE project", "A succinct overview of MILE: a thematic network of 10 cities and their 10 sister regions, a pilot for the “Regions for Economic Change” programme."),
    (0, "11:30", "13:00", P, "The Action Learning methodology", "How the Action Learning Sets learn with and from each other, in pursuit of the solutions to real-life, work-related problems."),
    (0, "14:30", "17:00", ALS, "Action Learning Set meetings", "Each partner's Action Learning Set meets."),
    (1, "09:30", "11:00", P, "Transnational exchange: ethnic entrepreneurship", "Enterprise development for ethnic minorities: the experience of the partner cities and regions."),
    (1, "11:30", "13:00", P, "The Common Basic Principles for integration", "The Common Basic Principles adopted by the Justice and Home Affairs Council in 2004."),
    (1, "14:30", "17:00", ALS, "Action Learning Set meetings", "Each partner's Action Learning Set meets."),
    (2, "09:30", "11:30", ALS, "Action Learning Set meetings: towards a project proposal", "Each Action Learning Set works on a concrete project proposal that could secure future ERDF, ESF or other EU or national funding."),
    (2, "12:00", "13:00", P, "Next steps towards project proposals", "This workshop is the first phase of a process that will support each Action Learning Set to achieve this goal."),
]  # fmt: skip
OPEN_AGENDA = [
    (0, "09:30", "11:00", P, "Welcome and introduction to the workshop", ""),
    (0, "11:30", "13:00", P, "Transnational exchange: active inclusion measures for labour market access", "The experience of the partner cities and regions."),
    (0, "14:30", "17:00", ALS, "Action Learning Set meetings", "Each partner's Action Learning Set meets."),
    (1, "09:30", "12:30", ALS, "Action Learning Set meetings: towards a project proposal", ""),
    (2, "09:30", "11:00", P, "Next steps towards project proposals", ""),
]  # fmt: skip

AMADORA_HANDBOOK = """\
> “Businesses owned by migrants and ethnic minorities have a significant impact on economic growth in Europe. At present there are roughly 24 million non nationals living in the countries of the European Union, many of them from ethnic minority populations. Their businesses – mainly small and micro enterprises – play an important role in the European society and in particular in urban areas.”
>
> — DG Enterprise and Industry

### Welcome

This handbook has been produced for the participants of the first Transnational Scoping and Exchange workshop that will take place in Amadora, Portugal on 26–28 February 2008. The theme of the workshop is “Enterprise Development for Ethnic Minorities”. This theme has been selected by partner organisations in the “Managing Migration and Integration in Cities and Regions” (MILE) project.

Each partner has selected a group of three delegates to participate in this event. These three delegates are the Action Learning Set of each of the 10 partners. The Action Learning methodology which the MILE project will be using is designed to help each Action Learning Set to develop a concrete project proposal that could secure future ERDF/ESF or other EU or National funding.

This workshop is the first phase of a process that will support each of the ALSs to achieve this goal. This handbook provides a succinct overview of the MILE project and then outlines the ALS methodology.

We look forward to seeing you in Amadora,

*MILE management team*

### General Project Information

This project seeks to establish a thematic network of 10 Cities and 10 Regions which is based on the need to develop an integrated exchange programme relating to the theme of “Managing Migration and Integration in Cities and Regions”. The project is a pilot for the newly launched “Regions for Economic Change” (REC) programme. Regions for Economic Change is a new proactive policy tool offered to Member States, regions and cities to help them implement the renewed Lisbon agenda through actions aimed at economic modernisation. It aims to draw on the experience and best practice of high performing regions and to transfer this to regions wishing to improve.

The “raison d’être” of this project are the significant changes in migration flows in Europe that have taken place over the past two decades:

- First, there has been an increase in intra-EU mobility.
- Second, there has been a rapid increase in the diversity of migrants as a result of a more interconnected world, yet with continuing economic disparities.
- Finally, the flow of migrants has become more complex, both in terms of their movements and their legal status.

### Aims

The overall aim of this project is to assist 20 partner Cities and Regions to actively address and improve practice in relation to the issues of migration and integration within their regional operational programmes. However, it is also the aim to assist partner cities to develop and identify good practice project proposals for possible funding from ERDF, ESF or other EU or National sources of funding.

In order to realise this overall goal the project will develop and deliver an Action Learning Sets (ALS) transnational exchange programme for over 90 key actors from 10 cities and their 10 “sister regions”. The aim will be to ensure close involvement and co-operation in the learning exchange between practitioners, policy makers and programme managers focusing on three specific sub-themes which reflect the priorities identified by partners:

- Enterprise support and development
- Active Inclusion measures for labour market access
- Access to key Services (Education; Housing; Health) and Intercultural Dialogue

### The Action Learning Set methodology

The project will use an Action Learning Methodology. Action Learning is inherently based on ensuring that the personal and social capital that participants bring will form part of the exchange and learning process.

Action Learning is an organisational, problem-solving technique which encourages participants to learn with and from each other, in pursuit of the solutions to real-life, work-related problems.

An Action Learning Set would be established by each partner for each of the three sub-themes. The ALSs bring together key actors in the business of “doing” (elected representatives, practitioners, institutions, companies, or community-based organisations) from the cities, alongside involvement of actors from each of the Managing Authority in the partnership.

The methodology aims to achieve two key goals:

1. **Maximise impact at a local level and ensure that the eventual local project proposals have wide ownership.** The key actors who will be responsible, with support, in maximising local impact will be the members of the Action Learning Sets established by each project partner for each one of three sub-themes. The members of three Action Learning Sets will form a Local Support Group.
2. **Facilitate the effective transnational exchange of experience and learning.** The key role here will be played by the Transnational Exchange Workshops involving the members of all Action Learning Sets focusing on one sub-theme.
"""

OPEN_HANDBOOK = """\
### Welcome

This handbook is for the participants of the Transnational Exchange Workshop in Torino on the second MILE sub-theme, active inclusion measures for labour market access.

Each partner registers a group of three delegates from its Action Learning Set on this sub-theme. As in Amadora, the workshop supports each Action Learning Set in developing a concrete project proposal that could secure future ERDF/ESF or other EU or National funding.

### Why this sub-theme

> For the potential advantages of migration to be maximised however, it is crucial that immigration is accompanied by integration, that is, effective mechanisms for ensuring immigrants are effectively incorporated into local labour markets.

> Employment is a key part of the integration process and is central to the participation of immigrants, to the contributions immigrants make to the host society, and to making such contributions visible.
>
> — Common Basic Principle 3
"""


def _at(day: dt.date, time: str, zone: str) -> dt.datetime:
    return timezone.make_aware(
        dt.datetime.combine(day, dt.time.fromisoformat(time)), ZoneInfo(zone)
    )


def _workshop(slug: str, agenda, **fields) -> tuple[Workshop, bool]:
    """The workshop with its agenda and every demo partner invited, created only if missing."""
    workshop, created = Workshop.objects.get_or_create(slug=slug, defaults=fields)
    if created:
        partners = [city.slug for city in CITIES] + [city.region_slug for city in CITIES]
        workshop.invited_partners.set(Partner.objects.filter(slug__in=partners))
        Session.objects.bulk_create(
            Session(
                workshop=workshop,
                day=workshop.start_date + dt.timedelta(days=day),
                start_time=dt.time.fromisoformat(start),
                end_time=dt.time.fromisoformat(end),
                kind=kind,
                title=title,
                location=PLACES[kind],
                description=description,
            )
            for day, start, end, kind, title, description in agenda
        )
    return workshop, created


def _load_amadora_2008(sub_themes, team) -> None:
    start = dt.date(2008, 2, 26)
    workshop, created = _workshop(
        AMADORA_2008,
        AMADORA_AGENDA,
        title="Transnational Scoping and Exchange Workshop: Enterprise development for ethnic minorities",
        theme="Enterprise development for ethnic minorities",
        sub_theme=sub_themes[1],
        host=Partner.objects.get(slug="amadora"),
        city="Amadora",
        time_zone="Europe/Lisbon",
        start_date=start,
        end_date=dt.date(2008, 2, 28),
        registration_opens_at=_at(dt.date(2008, 1, 7), "09:00", "Europe/Lisbon"),
        registration_closes_at=_at(dt.date(2008, 2, 15), "18:00", "Europe/Lisbon"),
        status=Workshop.Status.HELD,
        handbook=AMADORA_HANDBOOK,
    )
    if created:
        registered_at = _at(dt.date(2008, 1, 14), "10:00", "Europe/Lisbon")
        attended_at = _at(start, "09:00", "Europe/Lisbon")
        for city in CITIES:
            _attended_delegates(workshop, city.slug, registered_at, attended_at, team)


def _attended_delegates(workshop, partner_slug, registered_at, attended_at, team) -> None:
    """Three delegates from the partner's enterprise set, registered by its contact, attended.

    Written directly: the registration service refuses changes outside the window, rightly.
    """
    partner = Partner.objects.get(slug=partner_slug)
    contact = partner.contacts.order_by("pk").first()
    learning_set = LearningSet.objects.get(partner=partner, sub_theme=workshop.sub_theme)
    for member in learning_set.members.order_by("pk")[: workshop.delegates_per_partner]:
        registration = Registration.objects.create(
            workshop=workshop,
            partner=partner,
            member=member,
            status=Registration.Status.ATTENDED,
            registered_by=contact,
            registered_at=registered_at,
            status_changed_at=attended_at,
            status_changed_by=team,
        )
        StatusChange.objects.bulk_create(
            [
                StatusChange(
                    registration=registration,
                    status=Registration.Status.REGISTERED,
                    changed_at=registered_at,
                    changed_by=contact,
                ),
                StatusChange(
                    registration=registration,
                    status=Registration.Status.ATTENDED,
                    changed_at=attended_at,
                    changed_by=team,
                ),
            ]
        )


def _load_open_workshop(sub_themes, at) -> None:
    """Registration opened a week before the first load and closes four weeks after it."""
    today = timezone.localdate(at)
    start = today + dt.timedelta(weeks=10)
    workshop, created = _workshop(
        OPEN_WORKSHOP,
        OPEN_AGENDA,
        title="Transnational Exchange Workshop: Incorporating immigrants into local labour markets",
        theme="Incorporating immigrants into local labour markets",
        sub_theme=sub_themes[2],
        host=Partner.objects.get(slug="torino"),
        city="Torino",
        time_zone="Europe/Rome",
        start_date=start,
        end_date=start + dt.timedelta(days=2),
        registration_opens_at=_at(today - dt.timedelta(weeks=1), "09:00", "Europe/Rome"),
        registration_closes_at=_at(today + dt.timedelta(weeks=4), "18:00", "Europe/Rome"),
        status=Workshop.Status.REGISTRATION_OPEN,
        handbook=OPEN_HANDBOOK,
    )
    if created:
        for partner_slug, email_name in [
            ("amadora", "employment-counsellor"),
            ("torino", "social-councillor"),
        ]:
            partner = Partner.objects.get(slug=partner_slug)
            delegates_register(
                workshop=workshop,
                partner=partner,
                members=[Member.objects.get(email=f"{email_name}@{partner_slug}.mile.example")],
                by=partner.contacts.order_by("pk").first(),
                at=at,
            )


@transaction.atomic
def load_demo(*, at=None) -> list[tuple[str, str]]:
    """Create the demo data if it is missing; return (role, e-mail) of every demo login.

    `at` is when the load happens (default: now); the open workshop's dates follow it.
    """
    at = at or timezone.now()
    sub_themes = {sub_theme.number: sub_theme for sub_theme in SubTheme.objects.all()}
    team = _user(TEAM_EMAIL, first_name="MILE management team", staff=True)
    team.groups.add(_team_group())
    logins = [("Management team (admin)", team.email)]
    for city in CITIES:
        logins += _load_city(city, sub_themes)
    _load_amadora_2008(sub_themes, team)
    _load_open_workshop(sub_themes, at)
    load_demo_proposals(team=team, at=at)
    load_demo_cycle(at=at)
    return logins
