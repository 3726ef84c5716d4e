"""The audit trail: who changed what on workshops, registrations and proposals, in the admin."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from proposals import services as proposal_services
from proposals import workflow
from tests.audit.helpers import admin_rows
from tests.factories import MemberFactory
from tests.proposals.factories import make_proposal
from tests.workshops.factories import WorkshopFactory
from tests.workshops.test_admin import workshop_data
from workshops import services
from workshops.models import Registration, Workshop

pytestmark = pytest.mark.django_db

DURING = dt.datetime(2025, 1, 20, 12, 0, tzinfo=dt.UTC)
BASE = "/workshops/amadora-2008/delegates/amadora/"
TRAIL = "/admin/workshops/historicalregistration/"


@pytest.fixture
def proposal(als, bob):
    return make_proposal(als, by=bob)


@pytest.fixture
def people(als):
    return [MemberFactory(learning_set=als, name=name) for name in ("Ana", "Bruno", "Carla")]


def test_registering_on_the_site_records_the_contact(login, alice, workshop, people):
    login(alice).post(BASE, {"members": [people[0].pk]})

    registration = Registration.objects.get()
    rows = list(Registration.history.filter(id=registration.pk).order_by("history_id"))
    assert [(row.history_type, row.history_user, row.status) for row in rows] == [
        ("+", alice, "registered"),
        ("~", alice, "invited"),
    ]
    assert [change.field for change in rows[1].diff_against(rows[0]).changes] == ["status"]
    invitation = registration.invitations.get()
    assert [(row.history_type, row.history_user) for row in invitation.history.all()] == [
        ("+", alice)
    ]


def test_replacing_a_delegate_on_the_site_records_the_contact(login, alice, workshop, people):
    (ana,) = services.delegates_register(
        workshop=workshop, partner=workshop.host, members=people[:1], by=alice, at=DURING
    )

    login(alice).post(f"{BASE}{ana.pk}/replace/", {"member": people[2].pk})

    rows = list(Registration.history.filter(id=ana.pk).order_by("history_id"))
    assert (rows[-1].history_user, rows[-1].status) == (alice, "withdrawn")
    changed = {change.field for change in rows[-1].diff_against(rows[-2]).changes}
    assert "status" in changed and "status_changed_at" in changed
    carla = Registration.objects.get(member=people[2])
    assert Registration.history.filter(id=carla.pk).first().history_user == alice
    assert Registration.history.filter(id=carla.pk).first().replaces_id == ana.pk
    # The old invitation link was revoked: that is in the trail too, by alice.
    revoked = ana.invitations.get()
    assert revoked.history.first().revoked_at is not None
    assert revoked.history.first().history_user == alice


def test_a_staff_edit_of_a_workshop_in_the_admin_records_who_and_what(login, dora, amadora):
    workshop = WorkshopFactory(host=amadora, slug="amadora-2030", invited=[amadora])
    data = workshop_data(amadora, [amadora], venue="Cine-Teatro", delegates_per_partner="4")

    response = login(dora).post(f"/admin/workshops/workshop/{workshop.pk}/change/", data)

    assert response.status_code == 302
    last, before = Workshop.history.filter(id=workshop.pk).order_by("-history_id")[:2]
    assert (last.history_type, last.history_user) == ("~", dora)
    changed = {change.field for change in last.diff_against(before).changes}
    assert {"venue", "delegates_per_partner"} <= changed
    history = login(dora).get(f"/admin/workshops/workshop/{workshop.pk}/history/")
    assert history.status_code == 200
    assert "dora@mile.example" in history.content.decode()


def test_a_section_save_and_a_transition_record_who(proposal, bob):
    section = proposal.sections.first()
    assert section.history.get().history_type == "+"  # created with the proposal, by bob
    assert section.history.get().history_user == bob

    proposal_services.section_save(section=section, text="Our plan", version=0, by=bob)
    # A save against an old version is a conflict: no change, no trail row.
    proposal_services.section_save(section=section, text="Stale", version=0, by=bob)

    rows = list(section.history.order_by("history_id"))
    assert [(r.history_type, r.history_user, r.version, r.history_change_reason) for r in rows] == [
        ("+", bob, 0, "proposal created"),
        ("~", bob, 1, "text saved"),
    ]
    workflow.proposal_transition(proposal=proposal, action="withdraw", by=bob)
    last = proposal.history.order_by("-history_id").first()
    assert (last.history_user, last.status, last.history_change_reason) == (
        bob,
        "withdrawn",
        "Draft → Withdrawn",
    )


def test_the_audit_page_lists_who_changed_what_for_the_team(login, dora, alice, workshop, people):
    (registration,) = services.delegates_register(
        workshop=workshop, partner=workshop.host, members=people[:1], by=alice, at=DURING
    )
    record = f"registration #{registration.pk}"

    response = login(dora).get(TRAIL)

    assert response.status_code == 200
    assert admin_rows(response) == [
        ["alice@amadora.example", "Changed", record, "status: Registered → Invited"],
        ["alice@amadora.example", "Created", record, "(new)"],
    ]


@pytest.mark.parametrize("role", ["alice", "bob", "charlie"])
def test_the_audit_page_is_not_for_contacts_or_members(as_role, role):
    response = as_role(role).get(TRAIL)

    assert response.status_code in (302, 403)
    assert response.status_code == 403 or "/login" in response["Location"]


def test_the_audit_page_costs_the_same_queries_for_2_and_20_changes(
    login, dora, alice, workshop, als
):
    client = login(dora)

    def count():
        client.get(TRAIL)
        with CaptureQueriesContext(connection) as context:
            assert client.get(TRAIL).status_code == 200
        return len(context.captured_queries)

    member = MemberFactory(learning_set=als)
    services.delegates_register(
        workshop=workshop, partner=workshop.host, members=[member], by=alice, at=DURING
    )
    few = count()
    for _ in range(9):
        registration = Registration.objects.get(member=member, status="invited")
        services.delegate_withdraw(registration=registration, by=alice, at=DURING)
        services.delegates_register(
            workshop=workshop, partner=workshop.host, members=[member], by=alice, at=DURING
        )
    assert Registration.history.count() >= 20
    assert count() == few


@pytest.mark.parametrize(
    "path",
    [
        "/admin/workshops/historicalregistration/add/",
        "/admin/workshops/historicalregistration/{pk}/change/",
        "/admin/workshops/historicalregistration/{pk}/delete/",
    ],
)
def test_nobody_edits_or_deletes_the_trail(login, dora, alice, workshop, people, path):
    services.delegates_register(
        workshop=workshop, partner=workshop.host, members=people[:1], by=alice, at=DURING
    )
    row = Registration.history.first()
    client = login(dora)

    if path.endswith("/change/"):  # the change page is a read-only view
        response = client.post(path.format(pk=row.pk), {"status": "withdrawn"})
        assert response.status_code == 403
    else:
        assert client.get(path.format(pk=row.pk)).status_code == 403
    assert Registration.history.count() == 2
    assert Registration.history.get(pk=row.pk).status == row.status


def test_the_team_cannot_revert_from_the_history(login, dora, alice, workshop, people):
    (registration,) = services.delegates_register(
        workshop=workshop, partner=workshop.host, members=people[:1], by=alice, at=DURING
    )
    first = registration.history.order_by("history_id").first()
    url = f"/admin/workshops/registration/{registration.pk}/history/{first.pk}/"

    response = login(dora).post(url, {"status": "registered"})

    assert response.status_code == 403
    registration.refresh_from_db()
    assert registration.status == "invited"
