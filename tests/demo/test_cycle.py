"""The demo's Action Learning cycle: Amadora's enterprise set between workshops."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from learningsets.models import Action, LearningLogEntry, Meeting
from workshops.models import TakeHome

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", stdout=StringIO())


def test_amadoras_enterprise_set_has_met_twice(demo):
    meetings = Meeting.objects.filter(learning_set__partner__slug="amadora").order_by("starts_at")

    assert [
        (m.learning_set.sub_theme.number, (timezone.localdate() - m.starts_at.date()).days // 7)
        for m in meetings
    ] == [(1, 5), (1, 1)]
    assert [m.attendees.count() for m in meetings] == [4, 3]
    assert meetings[1].guests == "Director, Cape Verdean traders' association"


def test_the_set_agreed_four_actions_one_overdue_and_one_done(demo):
    today = timezone.localdate()
    actions = Action.objects.filter(problem__meeting__learning_set__partner__slug="amadora")

    assert sorted((a.owner.name, a.state, a.due_on < today) for a in actions) == [
        ("Business adviser for ethnic minority entrepreneurs", "open", False),
        ("Councillor for economic development", "open", False),
        ("Councillor for economic development", "open", True),
        ("Programme manager", "done", True),
    ]
    assert actions.get(state="done").outcome.startswith("Yes, under the regional programme")


def test_the_demo_member_login_owns_the_overdue_action(demo):
    overdue = Action.objects.get(state="open", due_on__lt=timezone.localdate())

    assert overdue.owner.user.email == "economy-councillor@amadora.mile.example"
    assert overdue.due_on == timezone.localdate() - dt.timedelta(days=3)


def test_learning_logs_are_public_and_private(demo):
    assert sorted(LearningLogEntry.objects.values_list("author__name", "visibility")) == [
        ("Business adviser for ethnic minority entrepreneurs", "public"),
        ("Councillor for economic development", "public"),
        ("Representative of ethnic minority businesses", "set"),
    ]


def test_the_local_support_group_met_once_with_each_person_once(demo):
    meeting = Meeting.objects.get(partner__slug="amadora")
    emails = [member.email for member in meeting.attendees.all()]

    assert meeting.learning_set is None
    assert len(emails) == len(set(emails)) == 9  # eleven rows, the programme manager thrice


def test_the_set_wrote_its_public_take_home_from_the_amadora_workshop(demo):
    take_home = TakeHome.objects.get()

    assert (take_home.workshop.slug, take_home.learning_set.partner.slug) == (
        "amadora-2008",
        "amadora",
    )
    assert take_home.is_public
    assert take_home.learning_points.startswith("- Access to finance is the first barrier")


def test_loading_twice_adds_no_meeting_action_log_or_take_home(demo):
    before = [model.objects.count() for model in (Meeting, Action, LearningLogEntry, TakeHome)]

    call_command("load_demo", stdout=StringIO())

    assert [model.objects.count() for model in (Meeting, Action, LearningLogEntry, TakeHome)] == (
        before
    )
