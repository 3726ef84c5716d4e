"""The management team's overview (/manage/): who may read it, the exact figures it shows for
a small known world, and the admin's lists behind its numbers."""

import datetime as dt
import re
from html import unescape

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from learningsets.models import Action, Member
from proposals.models import FundingSource, Proposal
from tests.factories import ActionFactory, MeetingFactory, MemberFactory, ProblemFactory
from tests.pages import main_text
from tests.proposals.factories import make_proposal
from tests.workshops.factories import RegistrationFactory, WorkshopFactory
from workshops.models import Registration, Workshop

URL = "/manage/"
A = Member.ActorType
S = Registration.Status


@pytest.fixture
def world(workshop, amadora, komotini, als, other_als, bob, ana):
    """Amadora's set `als` (Bob and Ana, practitioners; Maria, the Managing Authority) and
    Komotini's set (Kostas, a company); the open workshop inviting both, a draft and a held
    one; three proposals; meetings and actions of `als`."""
    maria = MemberFactory(learning_set=als, name="Maria", actor_type=A.MANAGING_AUTHORITY)
    MemberFactory(
        learning_set=als, name="Former", actor_type=A.COMPANY, left_on=dt.date(2020, 1, 1)
    )
    kostas = MemberFactory(learning_set=other_als, name="Kostas", actor_type=A.COMPANY)
    for member, status in [
        (bob.memberships.get(), S.CONFIRMED),
        (ana, S.CONFIRMED),
        (maria, S.INVITED),
    ]:
        RegistrationFactory(workshop=workshop, member=member, status=status)
    RegistrationFactory(workshop=workshop, member=kostas, status=S.DECLINED)
    today = timezone.localdate()
    WorkshopFactory(title="Draft", status=Workshop.Status.DRAFT, invited=[amadora])
    WorkshopFactory(
        title="Held",
        status=Workshop.Status.HELD,
        start_date=today - dt.timedelta(days=30),
        end_date=today - dt.timedelta(days=29),
        registration_opens_at=timezone.now() - dt.timedelta(days=60),
        registration_closes_at=timezone.now() - dt.timedelta(days=40),
        invited=[amadora],
    )

    make_proposal(als, funding_source=FundingSource.ERDF)
    submitted = make_proposal(als, title="Second", funding_source=FundingSource.ERDF)
    Proposal.objects.filter(pk=submitted.pk).update(status=Proposal.Status.SUBMITTED)
    make_proposal(other_als, title="Komotini's", funding_source=FundingSource.ESF)

    recent = MeetingFactory(learning_set=als)
    MeetingFactory(learning_set=als, starts_at=timezone.now() - dt.timedelta(days=120))
    MeetingFactory(learning_set=None, partner=amadora)  # the Local Support Group's: no set's
    problem = ProblemFactory(meeting=recent, brought_by=ana)
    ActionFactory(problem=problem)
    ActionFactory(problem=problem, due_on=today - dt.timedelta(days=1))
    ActionFactory(problem=problem, state=Action.State.DONE, due_on=today - dt.timedelta(days=3))
    return {"workshop": workshop, "als": als, "other_als": other_als}


def links(response) -> dict[str, str]:
    """The page's links by their text, the first of each."""
    found = {}
    for href, text in re.findall(r'<a href="([^"]+)">([^<]+)</a>', response.content.decode()):
        found.setdefault(unescape(text), unescape(href))
    return found


@pytest.mark.parametrize("role", ["alice", "bob", "charlie", "staff_without_permissions"])
def test_it_is_not_found_for_anyone_but_the_team(db, as_role, role):
    response = as_role(role).get(URL)

    assert response.status_code == 404


def test_it_sends_a_visitor_to_log_in(client, db):
    assertRedirects(client.get(URL), f"/accounts/login/?next={URL}")


@pytest.mark.parametrize("role", ["dora", "superuser"])
def test_the_navigation_offers_it_to_the_team_only(as_role, role, staff_without_permissions, login):
    assertContains(as_role(role).get("/my/"), f'<a class="nav-link" href="{URL}">Team overview</a>')
    other = login(staff_without_permissions).get("/my/")
    assertNotContains(other, "Team overview")


def test_it_shows_the_registration_of_each_open_workshop(login, dora, world):
    response = login(dora).get(URL)

    [row] = response.context["workshops"]["rows"]
    assert row["workshop"] == world["workshop"]
    figures = {key: row[key].value for key in row if key != "workshop"}
    assert figures == {
        "partners": 2,
        "complete": 1,
        "missing": 1,
        "places": 6,
        "taken": 3,
        "free": 3,
        "confirmed": 2,
        "invited": 1,
        "registered": 0,
        "declined": 1,
        "answered": 3,
        "asked": 4,
    }
    assert "Enterprise development Registration open 2 1 1 6 3 2 1 0 3 1 3 of 4" in main_text(
        response
    )
    assert [bar.label for bar in response.context["registration_chart"].bars] == [
        "Enterprise development"
    ]


def test_a_partner_below_its_quota_is_missing_delegates(login, dora, world):
    Registration.objects.filter(member__name="Maria").update(status=S.WITHDRAWN)

    [row] = login(dora).get(URL).context["workshops"]["rows"]

    assert (row["complete"].value, row["missing"].value, row["free"].value) == (0, 2, 4)


def test_it_shows_the_ten_next_open_workshops_and_links_to_them_all(login, dora, world):
    WorkshopFactory.create_batch(10, start_date=timezone.localdate() + dt.timedelta(days=5))
    client = login(dora)

    response = client.get(URL)

    shown = [row["workshop"] for row in response.context["workshops"]["rows"]]
    assert len(shown) == 10
    assert world["workshop"] not in shown  # it starts in 2090, after the others
    every_open = response.context["workshops"]["open"]
    assert every_open.value == 11
    assert "The next 10 workshops to start, of 11 open" in main_text(response)
    assert client.get(every_open.url).context["cl"].result_count == 11


def test_it_counts_the_proposals_by_status_sub_theme_and_funding_source(login, dora, world):
    proposals = login(dora).get(URL).context["proposals"]

    table = [
        (str(row["sub_theme"]), str(row["source"]), [cell.value for cell in row["cells"]])
        for row in proposals["rows"]
    ]
    # Columns: draft, submitted, in review, changes requested, approved, withdrawn.
    assert table == [
        ("Enterprise support and development", "ERDF (European Regional Development Fund)",
         [1, 1, 0, 0, 0, 0]),
        ("Enterprise support and development", "ESF (European Social Fund)", [1, 0, 0, 0, 0, 0]),
    ]  # fmt: skip
    assert [cell.value for cell in proposals["by_status"]] == [2, 1, 0, 0, 0, 0]
    assert proposals["total"].value == 3


def test_it_shows_each_sets_meetings_and_open_and_overdue_actions(login, dora, world):
    response = login(dora).get(URL)

    rows = {row["learning_set"]: row for row in response.context["learning_sets"]["rows"]}
    activity = {
        learning_set.partner.name: (
            row["meetings"].value,
            row["open_actions"].value,
            row["overdue_actions"].value,
        )
        for learning_set, row in rows.items()
    }
    assert activity == {"Amadora": (1, 2, 1), "Komotini": (0, 0, 0)}
    totals = response.context["totals"]
    assert (totals["meetings"].value, totals["open_actions"].value) == (1, 2)
    assert (totals["overdue_actions"].value, totals["sets"].value) == (1, 2)


def test_it_shows_each_sets_current_members_by_actor_type_and_marks_the_gaps(login, dora, world):
    response = login(dora).get(URL)

    rows = response.context["learning_sets"]["rows"]
    mix = [[actor["figure"].value for actor in row["actors"]] for row in rows]
    # elected, practitioner, institution, company, community, Managing Authority
    assert mix == [[0, 2, 0, 0, 0, 1], [0, 0, 0, 1, 0, 0]]
    assert [row["no_managing_authority"] for row in rows] == [False, True]
    lacking = [figure.value for _label, figure in response.context["totals"]["lacking"]]
    assert lacking == [2, 1, 2, 1, 2, 1]
    assert [bar.note for bar in response.context["actor_chart"].bars] == [
        "",
        "No Managing Authority member",
    ]
    assertContains(response, "No Managing Authority member", count=1)


def test_every_number_links_to_the_admin_list_of_the_rows_it_counts(
    login, dora, world, django_capture_on_commit_callbacks
):
    client = login(dora)
    response = client.get(URL)
    rows = response.context["learning_sets"]["rows"]
    [workshop] = response.context["workshops"]["rows"]
    als = rows[0]
    figures = [
        workshop["confirmed"],
        workshop["taken"],
        workshop["answered"],
        *response.context["proposals"]["rows"][0]["cells"][:2],
        als["meetings"],
        als["open_actions"],
        als["overdue_actions"],
        als["actors"][1]["figure"],
        als["members"],
        response.context["totals"]["meetings"],
        response.context["totals"]["overdue_actions"],
        response.context["totals"]["lacking"][5][1],
    ]

    for figure in figures:
        assertContains(response, f'<a href="{figure.url.replace("&", "&amp;")}">{figure.value}</a>')
        listed = client.get(figure.url)
        assert listed.status_code == 200, figure.url  # a refused lookup redirects with ?e=1
        assert listed.context["cl"].result_count == figure.value, figure.url


def test_the_partners_missing_delegates_link_to_the_workshops_registration_overview(
    login, dora, world
):
    [row] = login(dora).get(URL).context["workshops"]["rows"]

    assert row["missing"].url == f"/admin/workshops/workshop/{world['workshop'].pk}/registrations/"
    assert login(dora).get(row["missing"].url).status_code == 200


def test_numbers_are_grouped_as_the_readers_language_groups_them(login, dora, world, settings):
    from portal.overview import Figure

    with timezone.override("UTC"):
        from django.utils import translation

        with translation.override("pt-pt"):
            assert str(Figure(12345, "/x/")) == '<a href="/x/">12.345</a>'
        with translation.override("en-gb"):
            assert str(Figure(12345, "/x/")) == '<a href="/x/">12,345</a>'


def test_the_sets_are_paged_thirty_at_a_time(login, dora, world):
    from tests.factories import add_partners

    add_partners(10)

    first = login(dora).get(URL)
    second = login(dora).get(URL, {"page": "2"})
    beyond = login(dora).get(URL, {"page": "x"})

    assert len(first.context["learning_sets"]["rows"]) == 30
    assert len(second.context["learning_sets"]["rows"]) == 2
    assert beyond.context["learning_sets"]["page"].number == 1
    assert first.context["totals"]["sets"].value == 32


def test_it_says_so_when_no_workshop_is_open(login, dora, db):
    response = login(dora).get(URL)

    assertContains(response, "No workshop is open: none is published and still to be held.")
    assertContains(response, "No learning set has started a proposal yet.")


def test_the_charts_carry_no_inline_style_or_script(login, dora, world):
    html = login(dora).get(URL).content.decode()

    main = html[html.index("<main") : html.index("</main>")]
    assert " style=" not in main
    assert "<script" not in main
    assert main.count('<svg class="chart"') == 4


def test_the_admins_filter_of_sets_missing_a_type_ignores_a_type_it_does_not_know(
    login, dora, world
):
    response = login(dora).get("/admin/learningsets/learningset/", {"missing_actor": "x"})

    assert response.status_code == 200
    assert response.context["cl"].result_count == 2
