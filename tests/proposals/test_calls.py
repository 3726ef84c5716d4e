"""Calls: the team curates them in the admin; a learning set starts a proposal for an open
call of its sub-theme (or none yet); a proposal's free-text call is linked to the call it
names, by the migration and whenever the team saves a call."""

import datetime as dt
import zoneinfo
from importlib import import_module

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from pytest_django.asserts import assertContains, assertFormError, assertRedirects

from proposals.calls import calls_open_to
from proposals.models import Call, Proposal
from tests.factories import LearningSetFactory, sub_theme
from tests.proposals.factories import make_call, make_proposal

LISBON = zoneinfo.ZoneInfo("Europe/Lisbon")
CALLS = "/admin/proposals/call/"
calls_migration = import_module("proposals.migrations.0005_calls")


def call_data(**changes) -> dict:
    """A valid add form: opening 7 January 2030 09:00 and closing 30 June 2030 17:00, Lisbon."""
    return {
        "name_en_gb": "Lisbon ROP: social inclusion",
        "name_pt_pt": "POR Lisboa: inclusão social",
        "funding_source": "esf",
        "programme_en_gb": "Lisbon ROP 2007–2013",
        "url": "https://www.example.eu/calls/42",
        "sub_themes": [sub_theme(2).pk],
        "time_zone": "Europe/Lisbon",
        "opens_at_0": "2030-01-07",
        "opens_at_1": "09:00",
        "deadline_0": "2030-06-30",
        "deadline_1": "17:00",
    } | changes


def start_url(learning_set) -> str:
    return f"/learning-sets/{learning_set.pk}/proposals/"


def started(call, source="erdf") -> dict:
    """The start form as an author posts it, for `call` (None: no call yet)."""
    return {
        "title": "Mentors",
        "funding_call": call.pk if call else "",
        "funding_source": source,
        "language": "en-gb",
    }


# The admin


def test_the_team_adds_a_call_read_on_the_clocks_of_its_time_zone(login, dora):
    response = login(dora).post(f"{CALLS}add/", call_data())

    assertRedirects(response, CALLS, fetch_redirect_response=False)
    call = Call.objects.get()
    assert (call.name_en_gb, call.name_pt_pt, call.funding_source) == (
        "Lisbon ROP: social inclusion",
        "POR Lisboa: inclusão social",
        "esf",
    )
    assert call.opens_at == dt.datetime(2030, 1, 7, 9, 0, tzinfo=LISBON)
    assert call.deadline == dt.datetime(2030, 6, 30, 17, 0, tzinfo=LISBON)
    assert list(call.sub_themes.all()) == [sub_theme(2)]


def test_a_deadline_before_the_opening_is_refused_beside_the_deadline(login, dora):
    response = login(dora).post(
        f"{CALLS}add/", call_data(deadline_0="2030-01-07", deadline_1="08:59")
    )

    assert response.status_code == 200
    assertFormError(
        response.context["adminform"].form,
        "deadline",
        "The deadline must come after the call opens.",
    )
    assert not Call.objects.exists()


def test_a_time_the_clocks_skip_is_refused(login, dora):
    # Lisbon's clocks go from 01:00 to 02:00 on 31 March 2030.
    response = login(dora).post(
        f"{CALLS}add/", call_data(deadline_0="2030-03-31", deadline_1="01:30")
    )

    assert response.status_code == 200
    assert "does not exist or happens twice in Europe/Lisbon" in str(
        response.context["adminform"].form.errors["deadline"]
    )
    assert not Call.objects.exists()


def test_the_list_shows_each_call_on_its_own_clocks_and_filters_by_state(login, dora):
    make_call(sub_theme(1), name="Open call", deadline=dt.datetime(2099, 6, 30, 17, tzinfo=LISBON))
    make_call(
        sub_theme(1),
        name="Closed call",
        opens_at=timezone.now() - dt.timedelta(days=60),
        deadline=timezone.now() - dt.timedelta(days=1),
    )
    client = login(dora)

    everything = client.get(CALLS)
    open_ones = client.get(f"{CALLS}?state=open")
    searched = client.get(f"{CALLS}?q=closed")

    assertContains(everything, "30 Jun 2099, 17:00 WEST")
    assert [c.name for c in open_ones.context["cl"].result_list] == ["Open call"]
    assert [c.name for c in searched.context["cl"].result_list] == ["Closed call"]


def test_saving_a_call_links_the_proposals_whose_free_text_names_it(login, dora, als, bob):
    named = make_proposal(als, by=bob)
    other = make_proposal(als, by=bob, title="Another")
    Proposal.objects.filter(pk=named.pk).update(call="  lisbon ROP: Social inclusion ")
    Proposal.objects.filter(pk=other.pk).update(call="A national scheme")

    login(dora).post(f"{CALLS}add/", call_data())

    call = Call.objects.get()
    assert dict(Proposal.objects.values_list("title", "funding_call")) == {
        named.title: call.pk,
        "Another": None,
    }
    assert Proposal.objects.get(pk=named.pk).call == "  lisbon ROP: Social inclusion "


# The data migration


def test_the_migration_links_a_free_text_call_that_names_exactly_one_call(als, bob):
    apps = MigrationExecutor(connection).loader.project_state([("proposals", "0005_calls")]).apps
    Calls, Proposals = apps.get_model("proposals", "Call"), apps.get_model("proposals", "Proposal")
    now = timezone.now()
    times = {"opens_at": now, "deadline": now + dt.timedelta(days=9)}
    names = {"name": "Lisbon ROP", "name_en_gb": "Lisbon ROP", "name_pt_pt": "POR Lisboa"}
    lisbon = Calls.objects.create(**names, funding_source="erdf", **times)
    for _ in range(2):
        Calls.objects.create(name="Twin", name_en_gb="Twin", funding_source="esf", **times)
    texts = {"en": "LISBON rop", "pt": "por lisboa", "twin": "twin", "none": "Interreg", "": ""}
    pks = {}
    for label, text in texts.items():
        proposal = make_proposal(als, by=bob, title=label)
        Proposals.objects.filter(pk=proposal.pk).update(call=text)
        pks[label] = proposal.pk

    calls_migration.link_free_text_calls(apps, None)

    linked = dict(Proposals.objects.values_list("title", "funding_call"))
    assert linked == {"en": lisbon.pk, "pt": lisbon.pk, "twin": None, "none": None, "": None}
    kept = dict(Proposals.objects.values_list("title", "call"))
    assert kept == texts


# Starting a proposal


def test_the_start_form_offers_the_open_calls_of_the_sets_sub_theme(login, bob, als):
    now = timezone.now()
    offered = make_call(als.sub_theme, name="Open to enterprise")
    make_call(sub_theme(2), name="Open to inclusion only")
    make_call(als.sub_theme, name="Not open yet", opens_at=now + dt.timedelta(days=1),
              deadline=now + dt.timedelta(days=40))  # fmt: skip
    make_call(als.sub_theme, name="Closed", opens_at=now - dt.timedelta(days=40),
              deadline=now - dt.timedelta(minutes=1))  # fmt: skip

    response = login(bob).get(start_url(als))

    field = response.context["form"].fields["funding_call"]
    assert next(label for _, label in field.choices) == "No call yet"
    assert list(field.queryset) == [offered]


def test_an_author_starts_a_proposal_for_a_call(login, bob, als):
    call = make_call(als.sub_theme)

    response = login(bob).post(
        start_url(als),
        {
            "title": "Mentors",
            "funding_call": call.pk,
            "funding_source": "erdf",
            "language": "en-gb",
        },
    )

    proposal = Proposal.objects.get()
    assertRedirects(response, proposal.get_absolute_url(), fetch_redirect_response=False)
    assert (proposal.funding_call, proposal.deadline) == (call, call.deadline)


def test_an_author_starts_a_proposal_without_a_call(login, bob, als):
    make_call(als.sub_theme)

    login(bob).post(start_url(als), started(None))

    assert Proposal.objects.get().funding_call is None


@pytest.mark.parametrize(
    ("call_of", "source", "field", "message"),
    [
        ("other sub-theme", "erdf", "funding_call",
         "This call is not open to this learning set now: choose another, or no call yet."),
        ("this set", "esf", "funding_source",
         "Lisbon ROP: social inclusion is funded by ERDF (European Regional Development Fund): "
         "choose it, or another call."),
    ],
)  # fmt: skip
def test_a_call_that_does_not_fit_is_refused_beside_its_field(
    login, bob, als, call_of, source, field, message
):
    themes = [sub_theme(2)] if call_of == "other sub-theme" else [als.sub_theme]
    call = make_call(*themes)

    response = login(bob).post(
        start_url(als),
        {
            "title": "Mentors",
            "funding_call": call.pk,
            "funding_source": source,
            "language": "en-gb",
        },
    )

    assert response.status_code == 200
    assertFormError(response.context["form"], field, message)
    assert response.context["form"]["title"].value() == "Mentors"
    assert not Proposal.objects.exists()


def test_a_closed_call_is_offered_to_no_learning_set(db):
    learning_set = LearningSetFactory()
    now = timezone.now()
    make_call(learning_set.sub_theme, opens_at=now - dt.timedelta(days=9), deadline=now)

    assert not calls_open_to(learning_set=learning_set, at=now).exists()
