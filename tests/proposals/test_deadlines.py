"""A proposal's deadline: the time left shown on its page and on My MILE, Submit for review
refused once it has passed, and the team's extension for one proposal."""

import datetime as dt
import zoneinfo

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from pytest_django.asserts import assertContains, assertFormError, assertNotContains

from learningsets.models import CommonBasicPrinciple
from proposals import deadlines, services, workflow
from proposals.models import Proposal
from tests.factories import sub_theme
from tests.proposals.factories import make_call, make_proposal

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")
# A Friday in winter: 17:00 in Brussels is 17:00 CET.
DEADLINE = dt.datetime(2031, 1, 17, 17, 0, tzinfo=BRUSSELS)
PASSED = (
    "The deadline of Lisbon ROP: social inclusion passed on 17 January 2031, 17:00 CET: the "
    "proposal can no longer be submitted. If there is a good reason, ask the MILE management "
    "team to extend the deadline for this proposal."
)


@pytest.fixture
def call(als):
    return make_call(als.sub_theme, time_zone="Europe/Brussels", deadline=DEADLINE,
                     opens_at=DEADLINE - dt.timedelta(days=90))  # fmt: skip


@pytest.fixture
def drafted(als, bob, call):
    """A draft for the call, every section written and a principle chosen: ready to submit."""
    proposal = make_proposal(als, by=bob, funding_call=call)
    proposal.sections.update(text="Written.")
    proposal.principles.add(CommonBasicPrinciple.objects.get(number=1))
    return Proposal.objects.select_related("funding_call").get(pk=proposal.pk)


def move(call, deadline: dt.datetime) -> None:
    """Arrange: the call closes at `deadline`, having opened 90 days before."""
    call.opens_at, call.deadline = deadline - dt.timedelta(days=90), deadline
    call.save()


def closing_in(days: int, at_time=dt.time(17, 0)) -> dt.datetime:
    """17:00 in Brussels, `days` calendar days from today there."""
    today = timezone.now().astimezone(BRUSSELS).date()
    return dt.datetime.combine(today + dt.timedelta(days=days), at_time, tzinfo=BRUSSELS)


# The time left


@pytest.mark.parametrize(
    ("at", "shown"),
    [
        (DEADLINE - dt.timedelta(days=12), "12 days left"),
        (DEADLINE - dt.timedelta(days=2, hours=1), "2 days left"),
        (DEADLINE - dt.timedelta(days=1), "closes tomorrow at 17:00 CET"),
        (DEADLINE - dt.timedelta(hours=16, minutes=59), "closes today at 17:00 CET"),
        (DEADLINE - dt.timedelta(seconds=1), "closes today at 17:00 CET"),
        (DEADLINE, "closed"),
        (DEADLINE + dt.timedelta(days=3), "closed"),
    ],
)
def test_the_time_left_is_counted_in_days_of_the_calls_calendar(drafted, at, shown):
    assert deadlines.time_left(drafted, at=at) == shown


def test_a_deadline_is_shown_on_the_clocks_of_its_calls_time_zone(drafted):
    drafted.funding_call.time_zone = "Europe/Athens"

    assert deadlines.deadline_shown(drafted) == "17 January 2031, 18:00 EET"


def test_a_proposal_without_a_call_has_no_deadline(als, bob):
    proposal = make_proposal(als, by=bob)

    assert (deadlines.time_left(proposal), deadlines.deadline_shown(proposal)) == ("", "")
    assert not deadlines.is_past(proposal, at=DEADLINE + dt.timedelta(days=900))


def test_the_proposal_page_shows_the_call_and_the_time_left(login, bob, drafted, call):
    move(call, closing_in(12))

    response = login(bob).get(drafted.get_absolute_url())

    assertContains(
        response,
        '<dd class="col-sm-9" id="proposal-deadline">'
        f"{deadlines.on_its_clocks(call, call.deadline)}: <strong>12 days left</strong></dd>",
        html=True,
    )


def test_my_mile_lists_the_deadlines_of_my_drafts(login, bob, alice, als, drafted, call):
    move(call, closing_in(0, dt.time(23, 59)))
    without_call = make_proposal(als, by=bob, title="No call")
    Proposal.objects.filter(pk=without_call.pk).update(status=Proposal.Status.DRAFT)

    for person in (bob, alice):
        response = login(person).get("/my/")

        assert list(response.context["deadlines"]) == [drafted]
        assertContains(response, "<strong>closes today at 23:59 CET</strong>", html=True)


def test_my_mile_lists_no_deadline_of_another_set_or_a_submitted_proposal(
    login, charlie, bob, drafted
):
    assert list(login(charlie).get("/my/").context["deadlines"]) == []
    Proposal.objects.filter(pk=drafted.pk).update(status=Proposal.Status.SUBMITTED)
    assert list(login(bob).get("/my/").context["deadlines"]) == []


# Submitting after the deadline


def test_submit_for_review_is_refused_after_the_deadline_with_the_reason(drafted, bob):
    with pytest.raises(ValidationError) as refused:
        workflow.proposal_transition(proposal=drafted, action="submit", by=bob, at=DEADLINE)

    assert refused.value.messages == [PASSED]
    assert Proposal.objects.get(pk=drafted.pk).status == Proposal.Status.DRAFT


def test_submit_for_review_is_taken_until_the_deadline(drafted, bob):
    at = DEADLINE - dt.timedelta(seconds=1)

    workflow.proposal_transition(proposal=drafted, action="submit", by=bob, at=at)

    assert Proposal.objects.get(pk=drafted.pk).status == Proposal.Status.SUBMITTED


def test_the_page_says_why_submit_is_no_longer_offered(login, bob, drafted, call):
    move(call, timezone.now() - dt.timedelta(minutes=1))
    client = login(bob)

    page = client.get(drafted.get_absolute_url())
    response = client.post(f"/proposals/{drafted.pk}/transition/submit/")

    assert "submit" not in [action.name for action in page.context["workflow"].actions]
    assert page.context["workflow"].deadline_refusal.startswith(
        "The deadline of Lisbon ROP: social inclusion passed on "
    )
    assertContains(page, "ask the MILE management team to extend the deadline")
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        page.context["workflow"].deadline_refusal
    ]
    assert Proposal.objects.get(pk=drafted.pk).status == Proposal.Status.DRAFT


def test_the_team_sees_no_deadline_refusal(login, dora, drafted, call):
    move(call, timezone.now() - dt.timedelta(minutes=1))

    response = login(dora).get(drafted.get_absolute_url())

    assert response.context["workflow"].deadline_refusal == ""
    assertNotContains(response, "ask the MILE management team to extend")


# The team's extension


def test_an_extension_lets_the_proposal_be_submitted_after_the_calls_deadline(drafted, bob, dora):
    extended = services.proposal_deadline_extend(
        proposal=drafted, until=DEADLINE + dt.timedelta(days=7), by=dora
    )

    workflow.proposal_transition(
        proposal=extended, action="submit", by=bob, at=DEADLINE + dt.timedelta(days=6)
    )

    assert Proposal.objects.get(pk=drafted.pk).status == Proposal.Status.SUBMITTED
    change = Proposal.history.filter(id=drafted.pk, history_change_reason="deadline extended")
    assert change.get().history_user == dora


def test_after_the_extension_submit_is_refused_again(drafted, bob, dora):
    until = DEADLINE + dt.timedelta(days=7)
    services.proposal_deadline_extend(proposal=drafted, until=until, by=dora)
    drafted.refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        workflow.proposal_transition(proposal=drafted, action="submit", by=bob, at=until)

    assert "passed on 24 January 2031, 17:00 CET" in refused.value.messages[0]


@pytest.mark.parametrize(
    ("until", "message"),
    [
        (DEADLINE, "An extension must end after the call's deadline."),
        (DEADLINE - dt.timedelta(days=1), "An extension must end after the call's deadline."),
    ],
)
def test_an_extension_that_is_none_is_refused(drafted, dora, until, message):
    with pytest.raises(ValidationError) as refused:
        services.proposal_deadline_extend(proposal=drafted, until=until, by=dora)

    assert refused.value.messages == [message]
    assert Proposal.objects.get(pk=drafted.pk).deadline_extended_to is None


def test_a_proposal_without_a_call_gets_no_extension(als, bob, dora):
    proposal = make_proposal(als, by=bob)

    with pytest.raises(ValidationError) as refused:
        services.proposal_deadline_extend(proposal=proposal, until=DEADLINE, by=dora)

    assert refused.value.messages == ["Only a proposal drafted for a call has a deadline."]


def admin_change(proposal, **changes) -> dict:
    """The proposal's admin form: its language and extension, and the read-only inlines."""
    inlines = {
        f"{prefix}-{count}": "0"
        for prefix in ("sections", "budget_lines", "transitions")
        for count in ("TOTAL_FORMS", "INITIAL_FORMS")
    }
    empty = {"deadline_extended_to_0": "", "deadline_extended_to_1": ""}
    return {"language": proposal.language, **empty, **inlines, **changes}


def test_the_team_extends_the_deadline_in_the_admin_on_the_calls_clocks(login, dora, drafted):
    url = f"/admin/proposals/proposal/{drafted.pk}/change/"
    data = admin_change(drafted, deadline_extended_to_0="2031-01-24",
                        deadline_extended_to_1="12:00")  # fmt: skip

    response = login(dora).post(url, data)

    assert response.status_code == 302
    extended = Proposal.objects.get(pk=drafted.pk).deadline_extended_to
    assert extended == dt.datetime(2031, 1, 24, 12, 0, tzinfo=BRUSSELS)


def test_an_extension_before_the_calls_deadline_is_refused_in_the_admin(login, dora, drafted):
    url = f"/admin/proposals/proposal/{drafted.pk}/change/"
    data = admin_change(drafted, deadline_extended_to_0="2031-01-10",
                        deadline_extended_to_1="12:00")  # fmt: skip

    response = login(dora).post(url, data)

    assert response.status_code == 200
    assertFormError(
        response.context["adminform"].form,
        "deadline_extended_to",
        "An extension must end after the call's deadline.",
    )
    assert Proposal.objects.get(pk=drafted.pk).deadline_extended_to is None


def test_the_time_left_follows_the_readers_language(drafted):
    with translation.override("en-gb"):
        assert deadlines.time_left(drafted, at=DEADLINE - dt.timedelta(days=3)) == "3 days left"
    # The catalogue of the other languages is made after the merge; the date follows them now.
    with translation.override("pt-pt"):
        assert deadlines.deadline_shown(drafted) == "17 de janeiro de 2031 às 17:00 CET"


def test_a_call_of_another_sub_theme_gives_no_deadline_refusal_before_it(als, bob):
    proposal = make_proposal(als, by=bob, funding_call=make_call(sub_theme(2)))

    assert workflow.deadline_refusal(proposal) == ""
