"""The proposal's workflow: the service's table of steps by role and status, the submission
checks, the recorded steps, the e-mails, the endpoint and the box on the proposal page."""

import datetime as dt
import re
import threading

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Permission
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone
from pytest_django.asserts import assertRedirects

from learningsets.models import CommonBasicPrinciple
from outbox.models import Email
from proposals import workflow
from proposals.models import Proposal, Transition
from tests.factories import MemberFactory, UserFactory

S = Proposal.Status
User = get_user_model()
TITLE = "Start-up support for migrant entrepreneurs"
AT = dt.datetime(2030, 3, 4, 10, 30, tzinfo=dt.UTC)

TEAM_ACTIONS = ["start_review", "request_changes", "approve", "publish", "unpublish"]
AUTHOR_ACTIONS = ["submit", "withdraw"]
ROLE_REFUSALS = {
    "submit": "Only the members of the proposal's learning set and the contacts of its partner "
    "can submit it.",
    "withdraw": "Only the members of the proposal's learning set and the contacts of its "
    "partner can withdraw it.",
    "start_review": "Only the MILE management team can start the review of a proposal.",
    "request_changes": "Only the MILE management team can request changes to a proposal.",
    "approve": "Only the MILE management team can approve a proposal.",
    "publish": "Only the MILE management team can make a proposal public.",
    "unpublish": "Only the MILE management team can take a proposal out of the library.",
}
# A status from which each action is allowed to the right role.
ALLOWED_FROM = {
    "submit": S.DRAFT,
    "withdraw": S.SUBMITTED,
    "start_review": S.SUBMITTED,
    "request_changes": S.IN_REVIEW,
    "approve": S.IN_REVIEW,
    "publish": S.APPROVED,
    "unpublish": S.APPROVED,
}


@pytest.fixture
def ready(proposal):
    """The draft with every section written and a Common Basic Principle: it can be submitted."""
    proposal.sections.update(text="Written.")
    proposal.principles.add(CommonBasicPrinciple.objects.get(number=1))
    return proposal


def put(proposal: Proposal, status: str, *, public: bool = False) -> Proposal:
    """Arrange: the proposal in a status, as earlier steps would have left it."""
    Proposal.objects.filter(pk=proposal.pk).update(status=status, is_public=public)
    proposal.refresh_from_db()
    return proposal


def take(proposal, action, by, note=None):
    """Take a step at AT; a request for changes gets the note it needs."""
    if note is None:
        note = "Please change it." if action == "request_changes" else ""
    return workflow.proposal_transition(proposal=proposal, action=action, by=by, note=note, at=AT)


def refusal(proposal, action, by, note="Reason.") -> list[str]:
    """The messages with which the service refuses the step."""
    with pytest.raises(ValidationError) as refused:
        workflow.proposal_transition(proposal=proposal, action=action, by=by, note=note, at=AT)
    return refused.value.messages


def unchanged(proposal: Proposal, status: str, *, public: bool = False) -> bool:
    """Still in `status`, with no step recorded and no e-mail queued."""
    proposal.refresh_from_db()
    state = (proposal.status, proposal.is_public)
    return (state, Transition.objects.count(), Email.objects.count()) == ((status, public), 0, 0)


def who(role, request):
    return AnonymousUser() if role == "anonymous" else request.getfixturevalue(role)


class TestAllowedSteps:
    @pytest.mark.parametrize("role", ["bob", "alice"])
    @pytest.mark.parametrize("start", [S.DRAFT, S.CHANGES_REQUESTED])
    def test_an_author_submits_a_draft_or_a_proposal_back_for_changes(
        self, ready, role, start, request
    ):
        put(ready, start)

        proposal = take(ready, "submit", who(role, request))

        proposal.refresh_from_db()
        assert (proposal.status, proposal.updated_at) == (S.SUBMITTED, AT)

    @pytest.mark.parametrize("role", ["bob", "alice"])
    @pytest.mark.parametrize("start", [S.DRAFT, S.SUBMITTED, S.IN_REVIEW, S.CHANGES_REQUESTED])
    def test_an_author_withdraws_a_proposal_until_it_is_approved(
        self, proposal, role, start, request
    ):
        put(proposal, start)

        take(proposal, "withdraw", who(role, request))

        proposal.refresh_from_db()
        assert proposal.status == S.WITHDRAWN

    @pytest.mark.parametrize(
        ("action", "start", "end"),
        [
            ("start_review", S.SUBMITTED, S.IN_REVIEW),
            ("request_changes", S.SUBMITTED, S.CHANGES_REQUESTED),
            ("request_changes", S.IN_REVIEW, S.CHANGES_REQUESTED),
            ("approve", S.IN_REVIEW, S.APPROVED),
        ],
    )
    def test_the_team_reviews(self, proposal, dora, action, start, end):
        put(proposal, start)

        returned = take(proposal, action, dora)

        proposal.refresh_from_db()
        assert (returned.status, proposal.status, proposal.updated_at) == (end, end, AT)

    def test_the_team_makes_an_approved_proposal_public_and_takes_it_back(self, proposal, dora):
        put(proposal, S.APPROVED)

        take(proposal, "publish", dora)
        proposal.refresh_from_db()
        public_after_publishing = proposal.is_public
        take(proposal, "unpublish", dora)
        proposal.refresh_from_db()

        assert (public_after_publishing, proposal.is_public, proposal.status) == (
            True,
            False,
            S.APPROVED,
        )
        assert list(Transition.objects.values_list("from_status", "to_status", "note")) == [
            (S.APPROVED, S.APPROVED, "Made public."),
            (S.APPROVED, S.APPROVED, "Taken out of the library."),
        ]

    def test_the_whole_journey_is_recorded_step_by_step(self, ready, bob, dora):
        take(ready, "submit", bob)
        take(ready, "start_review", dora)
        take(ready, "request_changes", dora, note="Name the mentors in the work plan.")
        take(ready, "submit", bob, note="Mentors named.")
        take(ready, "start_review", dora)
        take(ready, "approve", dora, note="Well done.")

        assert [
            (t.from_status, t.to_status, t.by, t.at, t.note) for t in ready.transitions.all()
        ] == [
            (S.DRAFT, S.SUBMITTED, bob, AT, ""),
            (S.SUBMITTED, S.IN_REVIEW, dora, AT, ""),
            (S.IN_REVIEW, S.CHANGES_REQUESTED, dora, AT, "Name the mentors in the work plan."),
            (S.CHANGES_REQUESTED, S.SUBMITTED, bob, AT, "Mentors named."),
            (S.SUBMITTED, S.IN_REVIEW, dora, AT, ""),
            (S.IN_REVIEW, S.APPROVED, dora, AT, "Well done."),
        ]

    def test_a_note_is_kept_without_the_spaces_around_it(self, proposal, dora):
        put(proposal, S.SUBMITTED)

        workflow.proposal_transition(
            proposal=proposal, action="request_changes", by=dora, note="  Shorter.\r\nPlease. "
        )

        assert Transition.objects.get().note == "Shorter.\nPlease."


class TestRefusedByRole:
    @pytest.mark.parametrize("role", ["bob", "alice", "charlie", "anonymous"])
    @pytest.mark.parametrize("action", TEAM_ACTIONS)
    def test_only_the_team_takes_the_review_steps(self, proposal, action, role, request):
        public = action == "unpublish"
        put(proposal, ALLOWED_FROM[action], public=public)

        messages = refusal(proposal, action, who(role, request))

        assert messages == [ROLE_REFUSALS[action]]
        assert unchanged(proposal, ALLOWED_FROM[action], public=public)

    @pytest.mark.parametrize("role", ["dora", "charlie", "anonymous"])
    @pytest.mark.parametrize("action", AUTHOR_ACTIONS)
    def test_only_the_authors_submit_and_withdraw(self, ready, action, role, request):
        put(ready, ALLOWED_FROM[action])

        messages = refusal(ready, action, who(role, request))

        assert messages == [ROLE_REFUSALS[action]]
        assert unchanged(ready, ALLOWED_FROM[action])

    def test_a_member_of_another_learning_set_of_the_same_partner_is_not_an_author(
        self, ready, amadora_sets
    ):
        other_member = UserFactory(email="eva@amadora.example")
        MemberFactory(learning_set=amadora_sets[1], email=other_member.email, user=other_member)

        assert refusal(ready, "submit", other_member) == [ROLE_REFUSALS["submit"]]

    @pytest.mark.parametrize("action", TEAM_ACTIONS)
    def test_a_staff_account_without_permissions_takes_no_review_step(
        self, proposal, action, staff_without_permissions
    ):
        public = action == "unpublish"
        put(proposal, ALLOWED_FROM[action], public=public)

        messages = refusal(proposal, action, staff_without_permissions)

        assert messages == [ROLE_REFUSALS[action]]
        assert unchanged(proposal, ALLOWED_FROM[action], public=public)

    def test_the_permission_to_change_proposals_is_what_makes_a_reviewer(
        self, proposal, staff_without_permissions
    ):
        reviewer = staff_without_permissions
        reviewer.user_permissions.add(
            *Permission.objects.filter(
                content_type__app_label="proposals",
                codename__in=["view_proposal", "change_proposal"],
            )
        )
        put(proposal, S.SUBMITTED)

        take(proposal, "start_review", User.objects.get(pk=reviewer.pk))

        proposal.refresh_from_db()
        assert proposal.status == S.IN_REVIEW

    def test_a_superuser_reviews_without_being_in_the_team_group(self, proposal, superuser):
        put(proposal, S.IN_REVIEW)

        take(proposal, "approve", superuser)

        proposal.refresh_from_db()
        assert proposal.status == S.APPROVED

    def test_an_author_on_the_team_submits_their_proposal(self, ready, dora, als):
        MemberFactory(learning_set=als, email=dora.email, user=dora)

        take(ready, "submit", dora)

        ready.refresh_from_db()
        assert ready.status == S.SUBMITTED

    @pytest.mark.parametrize("role", ["member", "contact"])
    @pytest.mark.parametrize("action", TEAM_ACTIONS)
    def test_an_author_on_the_team_takes_no_review_step_of_their_proposal(
        self, proposal, dora, als, action, role
    ):
        if role == "member":
            MemberFactory(learning_set=als, email=dora.email, user=dora)
        else:
            als.partner.contacts.add(dora)
        public = action == "unpublish"
        put(proposal, ALLOWED_FROM[action], public=public)

        messages = refusal(proposal, action, dora)

        assert messages == [
            "You are one of this proposal's authors: another member of the MILE management "
            "team reviews it."
        ]
        assert unchanged(proposal, ALLOWED_FROM[action], public=public)


class TestRefusedByStatus:
    @pytest.mark.parametrize(
        ("action", "status", "message"),
        [
            ("submit", S.SUBMITTED, "This proposal is submitted already."),
            ("submit", S.IN_REVIEW, "This proposal is in review: it can't be submitted."),
            ("submit", S.APPROVED, "This proposal is approved: it can't be submitted."),
            ("submit", S.WITHDRAWN, "This proposal is withdrawn: it can't be submitted."),
            ("withdraw", S.APPROVED, "This proposal is approved: it can't be withdrawn."),
            ("withdraw", S.WITHDRAWN, "This proposal is withdrawn already."),
        ],
    )
    def test_an_author_step_from_the_wrong_status(self, ready, bob, action, status, message):
        put(ready, status)

        assert refusal(ready, action, bob) == [message]
        assert unchanged(ready, status)

    @pytest.mark.parametrize(
        ("action", "status", "message"),
        [
            ("start_review", S.DRAFT, "This proposal is a draft: its review can't be started."),
            ("start_review", S.IN_REVIEW, "This proposal is in review already."),
            (
                "start_review",
                S.CHANGES_REQUESTED,
                "This proposal is back with its authors for changes: its review can't be started.",
            ),
            ("request_changes", S.DRAFT, "This proposal is a draft: changes can't be requested."),
            (
                "request_changes",
                S.CHANGES_REQUESTED,
                "This proposal is back with its authors for changes already.",
            ),
            (
                "request_changes",
                S.APPROVED,
                "This proposal is approved: changes can't be requested.",
            ),
            ("approve", S.DRAFT, "This proposal is a draft: it can't be approved."),
            ("approve", S.SUBMITTED, "This proposal is submitted: it can't be approved."),
            ("approve", S.APPROVED, "This proposal is approved already."),
            ("approve", S.WITHDRAWN, "This proposal is withdrawn: it can't be approved."),
            ("publish", S.IN_REVIEW, "This proposal is in review: it can't be made public."),
            (
                "unpublish",
                S.WITHDRAWN,
                "This proposal is withdrawn: it can't be taken out of the library.",
            ),
        ],
    )
    def test_a_team_step_from_the_wrong_status(self, proposal, dora, action, status, message):
        put(proposal, status)

        assert refusal(proposal, action, dora) == [message]
        assert unchanged(proposal, status)

    def test_a_public_proposal_cannot_be_made_public_again(self, proposal, dora):
        put(proposal, S.APPROVED, public=True)

        assert refusal(proposal, "publish", dora) == ["This proposal is public already."]
        assert unchanged(proposal, S.APPROVED, public=True)

    def test_a_proposal_that_is_not_public_cannot_be_taken_out_of_the_library(self, proposal, dora):
        put(proposal, S.APPROVED)

        assert refusal(proposal, "unpublish", dora) == ["This proposal is not public."]
        assert unchanged(proposal, S.APPROVED)

    def test_the_status_of_the_database_counts_not_the_one_in_hand(self, ready, bob):
        stale = Proposal.objects.get(pk=ready.pk)
        take(ready, "submit", bob)

        assert refusal(stale, "submit", bob) == ["This proposal is submitted already."]
        assert Transition.objects.count() == 1

    def test_an_unknown_step_is_refused(self, proposal, dora):
        assert refusal(proposal, "reject", dora) == ["A proposal has no step called “reject”."]


class TestNotes:
    @pytest.mark.parametrize("note", ["", "  \r\n "])
    def test_requesting_changes_needs_a_note(self, proposal, dora, note):
        put(proposal, S.IN_REVIEW)

        assert refusal(proposal, "request_changes", dora, note=note) == ["Say what should change."]
        assert unchanged(proposal, S.IN_REVIEW)

    def test_a_note_has_a_length_limit(self, proposal, dora):
        put(proposal, S.IN_REVIEW)

        assert refusal(proposal, "approve", dora, note="x" * 5001) == [
            "A note can be at most 5,000 characters long; this one has 5,001."
        ]
        assert unchanged(proposal, S.IN_REVIEW)

    def test_a_note_with_a_null_character_is_refused(self, proposal, dora):
        put(proposal, S.IN_REVIEW)

        assert refusal(proposal, "request_changes", dora, note="Fix\x00 this") == [
            "A note cannot contain a null character."
        ]
        assert unchanged(proposal, S.IN_REVIEW)

    def test_the_role_is_checked_before_the_note(self, proposal, bob):
        put(proposal, S.IN_REVIEW)

        assert refusal(proposal, "request_changes", bob, note="") == [
            ROLE_REFUSALS["request_changes"]
        ]


class TestSubmissionChecks:
    def test_an_empty_required_section_is_named(self, ready, bob):
        ready.sections.filter(key="summary").update(text="  \n ")

        assert refusal(ready, "submit", bob) == ["Summary is empty."]
        assert unchanged(ready, S.DRAFT)

    def test_an_empty_optional_section_is_fine(self, ready, bob):
        ready.sections.filter(key="sustainability").update(text="", required=False)

        take(ready, "submit", bob)

        ready.refresh_from_db()
        assert ready.status == S.SUBMITTED

    def test_a_section_over_its_limit_says_by_how_much(self, ready, bob):
        ready.sections.filter(key="activities").update(text="x" * 6120)

        assert refusal(ready, "submit", bob) == [
            "Activities and work plan is over the limit by 120 characters."
        ]
        assert unchanged(ready, S.DRAFT)

    def test_one_character_over_is_one_character(self, ready, bob):
        ready.sections.filter(key="summary").update(text="x" * 1501)

        assert refusal(ready, "submit", bob) == ["Summary is over the limit by 1 character."]

    def test_a_section_at_its_limit_is_fine(self, ready, bob):
        ready.sections.filter(key="summary").update(text="x" * 1500)

        take(ready, "submit", bob)

        ready.refresh_from_db()
        assert ready.status == S.SUBMITTED

    def test_a_common_basic_principle_is_needed(self, ready, bob):
        ready.principles.clear()

        assert refusal(ready, "submit", bob) == [
            "Choose at least one Common Basic Principle that the proposal serves, on the Details "
            "page of the proposal."
        ]
        assert unchanged(ready, S.DRAFT)

    def test_a_title_is_needed(self, ready, bob):
        Proposal.objects.filter(pk=ready.pk).update(title=" ")

        assert refusal(ready, "submit", bob) == ["The proposal needs a title."]

    def test_every_problem_is_listed_in_the_order_of_the_form(self, proposal, bob):
        proposal.sections.update(text="Written.")
        proposal.sections.filter(key__in=["summary", "results"]).update(text="")
        proposal.sections.filter(key="activities").update(text="x" * 6120)
        Proposal.objects.filter(pk=proposal.pk).update(title="")

        assert refusal(proposal, "submit", bob) == [
            "The proposal needs a title.",
            "Summary is empty.",
            "Activities and work plan is over the limit by 120 characters.",
            "Expected results and indicators is empty.",
            "Choose at least one Common Basic Principle that the proposal serves, on the Details "
            "page of the proposal.",
        ]
        assert unchanged(proposal, S.DRAFT)

    def test_a_new_draft_lists_every_required_section(self, proposal, bob):
        assert refusal(proposal, "submit", bob) == [
            "Summary is empty.",
            "Context and problem is empty.",
            "Objectives is empty.",
            "Target groups is empty.",
            "Activities and work plan is empty.",
            "Expected results and indicators is empty.",
            "Partnership and local ownership is empty.",
            "Sustainability and mainstreaming is empty.",
            "Choose at least one Common Basic Principle that the proposal serves, on the Details "
            "page of the proposal.",
        ]

    def test_resubmitting_after_changes_checks_again(self, ready, bob):
        put(ready, S.CHANGES_REQUESTED)
        ready.sections.filter(key="objectives").update(text="")

        assert refusal(ready, "submit", bob) == ["Objectives is empty."]
        assert unchanged(ready, S.CHANGES_REQUESTED)


@pytest.fixture
def people(alice, bob, dora, charlie, als, team_group, staff_without_permissions):
    """Besides the roles: another team member, a former one, a staff account without
    permissions, a member without an account and an inactive contact."""
    UserFactory(email="emma@mile.example", is_staff=True).groups.add(team_group)
    UserFactory(email="former@mile.example", is_staff=True, is_active=False).groups.add(team_group)
    MemberFactory(learning_set=als, email="no-account@amadora.example")
    inactive = UserFactory(email="gone@amadora.example", is_active=False)
    als.partner.contacts.add(inactive)
    MemberFactory(learning_set=als, email=alice.email, user=alice)  # a contact and a member


def sent(*, kind=None):
    emails = Email.objects.order_by("to")
    if kind:
        emails = emails.filter(kind=kind)
    return list(emails.values_list("kind", "to", "subject", "dedupe_key"))


@pytest.mark.usefixtures("english_only")
class TestEmails:
    def test_a_submission_tells_the_active_team(self, ready, bob, people):
        take(ready, "submit", bob)

        transition = Transition.objects.get()
        dora, emma = User.objects.filter(email__in=["dora@mile.example", "emma@mile.example"])
        subject = f"Proposal submitted for review: {TITLE}"
        assert sent() == [
            ("proposal_submitted", "dora@mile.example", subject, key(transition, dora)),
            ("proposal_submitted", "emma@mile.example", subject, key(transition, emma)),
        ]

    @pytest.mark.parametrize(
        ("action", "start", "kind", "subject"),
        [
            ("start_review", S.SUBMITTED, "proposal_in_review", "Your proposal is in review"),
            ("request_changes", S.IN_REVIEW, "proposal_changes_requested", "Changes requested"),
            ("approve", S.IN_REVIEW, "proposal_approved", "Your proposal is approved"),
        ],
    )
    def test_the_review_steps_tell_the_authors_with_an_account(
        self, proposal, dora, alice, bob, people, action, start, kind, subject
    ):
        put(proposal, start)

        take(proposal, action, dora)

        transition = Transition.objects.get()
        assert sent() == [
            (kind, "alice@amadora.example", f"{subject}: {TITLE}", key(transition, alice)),
            (kind, "bob@amadora.example", f"{subject}: {TITLE}", key(transition, bob)),
        ]

    def test_a_withdrawal_tells_the_team(self, proposal, alice, people):
        put(proposal, S.IN_REVIEW)

        take(proposal, "withdraw", alice)

        assert [(kind, to) for kind, to, *_ in sent()] == [
            ("proposal_withdrawn", "dora@mile.example"),
            ("proposal_withdrawn", "emma@mile.example"),
        ]

    @pytest.mark.parametrize("action", ["publish", "unpublish"])
    def test_making_public_tells_nobody(self, proposal, dora, people, action):
        put(proposal, S.APPROVED, public=action == "unpublish")

        take(proposal, action, dora)

        assert sent() == []

    def test_the_request_for_changes_carries_the_note(self, proposal, dora, alice):
        put(proposal, S.IN_REVIEW)

        take(proposal, "request_changes", dora, note="Name the mentors in the *work plan*.")

        email = Email.objects.get(to=alice.email)
        assert email.body_text == (
            "Dear alice@amadora.example,\n\n"
            f"dora@mile.example of the MILE management team has reviewed **{TITLE}**, the "
            "proposal of ALS Amadora — Enterprise support and development, and asks for these "
            "changes:\n\n"
            "Name the mentors in the *work plan*.\n\n"
            "The proposal can be edited again. When the changes are made, submit it once more:"
            f"\n\n[Open the proposal](http://127.0.0.1:8000/proposals/{proposal.pk}/)\n\n"
            "With kind regards,\nthe MILE management team\n"
        )
        # The note shows as typed, as on the proposal's page: Markdown in it is no markup.
        assert email.related == proposal
        assert "<p>Name the mentors in the *work plan*.</p>" in email.body_html

    def test_the_team_is_addressed_by_name(self, ready, bob, dora):
        dora.first_name, dora.last_name = "Dora", "Costa"
        dora.save()
        bob.first_name = "Bob"
        bob.save()

        take(ready, "submit", bob)

        assert Email.objects.get(to=dora.email).body_text.startswith(
            f"Dear Dora Costa,\n\nBob has submitted **{TITLE}**, the proposal of ALS Amadora — "
            "Enterprise support and development, for review."
        )

    @pytest.mark.parametrize("role", ["bob", "charlie"])
    def test_a_refused_step_sends_nothing(self, ready, dora, role, request):
        put(ready, S.SUBMITTED)

        refusal(ready, "approve", who(role, request))
        refusal(ready, "submit", request.getfixturevalue(role))

        assert Email.objects.count() == 0

    def test_a_rolled_back_transaction_sends_nothing(
        self, ready, bob, dora, django_capture_on_commit_callbacks, mailoutbox
    ):
        with (
            django_capture_on_commit_callbacks(execute=True) as callbacks,
            pytest.raises(RuntimeError),
            transaction.atomic(),
        ):
            take(ready, "submit", bob)
            raise RuntimeError("something after the step failed")

        ready.refresh_from_db()
        assert (callbacks, mailoutbox, Email.objects.count(), ready.status) == (
            [],
            [],
            0,
            S.DRAFT,
        )

    def test_the_e_mails_go_out_once_the_step_is_committed(
        self, ready, bob, dora, django_capture_on_commit_callbacks, mailoutbox
    ):
        with django_capture_on_commit_callbacks(execute=True):
            take(ready, "submit", bob)

        assert [(m.to, m.subject) for m in mailoutbox] == [
            (["dora@mile.example"], f"Proposal submitted for review: {TITLE}")
        ]

    def test_each_person_is_told_in_their_language(self, proposal, dora, alice, bob, settings):
        settings.LANGUAGES = list(settings.MILE_LANGUAGES.items())
        alice.language = "es"
        alice.save()
        put(proposal, S.IN_REVIEW)

        take(proposal, "approve", dora)
        told = list(Email.objects.order_by("to").values_list("to", "language"))

        # The authors: alice's chosen language, bob's partner's (Amadora, Portugal).
        assert told == [("alice@amadora.example", "es"), ("bob@amadora.example", "pt-pt")]

    def test_the_team_is_told_in_its_own_language_not_the_authors_partners(
        self, ready, bob, dora, settings
    ):
        settings.LANGUAGES = list(settings.MILE_LANGUAGES.items())
        emma = UserFactory(email="emma@mile.example", is_staff=True, language="el")
        emma.groups.add(*dora.groups.all())

        take(ready, "submit", bob)

        assert list(Email.objects.order_by("to").values_list("to", "language")) == [
            ("dora@mile.example", "en-gb"),
            ("emma@mile.example", "el"),
        ]

    def test_telling_a_step_again_sends_nothing_twice(self, ready, bob, dora, people):
        take(ready, "submit", bob)
        before = sent()

        queued_again = workflow.transition_notify(transition=Transition.objects.get())

        assert (queued_again, sent()) == (0, before)


def key(transition, user) -> str:
    return f"proposal-transition:{transition.pk}:{user.pk}"


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite lets one writer in at a time, so the race can only be shown on PostgreSQL.",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_approvals_record_one_step(ready, dora):
    put(ready, S.IN_REVIEW)
    barrier = threading.Barrier(2)
    outcomes = []

    def approve():
        try:
            connection.ensure_connection()
            barrier.wait(timeout=30)
            outcomes.append(workflow.proposal_transition(proposal=ready, action="approve", by=dora))
        except ValidationError as error:
            outcomes.append(error.messages)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert ["This proposal is approved already."] in outcomes
    # One step, one e-mail: to bob, the only author with an account.
    assert (Transition.objects.count(), Email.objects.count()) == (1, 1)


def transition_url(proposal, action) -> str:
    return f"/proposals/{proposal.pk}/transition/{action}/"


def shown(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


class TestTransitionEndpoint:
    def test_an_author_submits_from_the_proposal_page(self, login, ready, bob, dora):
        response = login(bob).post(transition_url(ready, "submit"))

        ready.refresh_from_db()
        assert (response.status_code, response["Location"]) == (302, f"/proposals/{ready.pk}/")
        assert shown(response) == [
            "The proposal is submitted. The MILE management team has been told."
        ]
        assert (ready.status, Email.objects.count()) == (S.SUBMITTED, 1)

    def test_the_team_requests_changes_with_a_note(self, login, proposal, dora):
        put(proposal, S.IN_REVIEW)

        response = login(dora).post(
            transition_url(proposal, "request_changes"), {"note": "Shorter, please."}
        )

        assert shown(response) == [
            "Changes requested. The authors have been told and can edit the proposal again."
        ]
        assert list(Transition.objects.values_list("to_status", "note")) == [
            (S.CHANGES_REQUESTED, "Shorter, please.")
        ]

    def test_every_problem_is_shown_and_nothing_changes(self, login, proposal, bob):
        proposal.sections.update(text="Written.")
        proposal.sections.filter(key="summary").update(text="")

        response = login(bob).post(transition_url(proposal, "submit"))

        assert (response.status_code, response["Location"]) == (302, f"/proposals/{proposal.pk}/")
        assert shown(response) == [
            "Summary is empty.",
            "Choose at least one Common Basic Principle that the proposal serves, on the Details "
            "page of the proposal.",
        ]
        assert unchanged(proposal, S.DRAFT)

    def test_a_missing_note_is_shown(self, login, proposal, dora):
        put(proposal, S.IN_REVIEW)

        response = login(dora).post(transition_url(proposal, "request_changes"), {"note": " "})

        assert shown(response) == ["Say what should change."]
        assert unchanged(proposal, S.IN_REVIEW)

    @pytest.mark.parametrize("role", ["bob", "alice"])
    def test_an_author_cannot_approve(self, login, proposal, role, request):
        put(proposal, S.IN_REVIEW)

        response = login(request.getfixturevalue(role)).post(transition_url(proposal, "approve"))

        assert shown(response) == ["Only the MILE management team can approve a proposal."]
        assert unchanged(proposal, S.IN_REVIEW)

    def test_an_author_on_the_team_cannot_approve_their_proposal(self, login, proposal, dora, als):
        MemberFactory(learning_set=als, email=dora.email, user=dora)
        put(proposal, S.IN_REVIEW)

        response = login(dora).post(transition_url(proposal, "approve"))

        assert (response.status_code, response["Location"]) == (302, f"/proposals/{proposal.pk}/")
        assert shown(response) == [
            "You are one of this proposal's authors: another member of the MILE management "
            "team reviews it."
        ]
        assert unchanged(proposal, S.IN_REVIEW)

    def test_a_staff_account_without_permissions_cannot_unpublish(
        self, login, proposal, staff_without_permissions
    ):
        put(proposal, S.APPROVED, public=True)  # public: they may read it

        response = login(staff_without_permissions).post(transition_url(proposal, "unpublish"))

        assert shown(response) == [ROLE_REFUSALS["unpublish"]]
        assert unchanged(proposal, S.APPROVED, public=True)

    def test_a_staff_account_without_permissions_finds_no_unpublished_proposal(
        self, login, proposal, staff_without_permissions
    ):
        put(proposal, S.IN_REVIEW)

        response = login(staff_without_permissions).post(transition_url(proposal, "approve"))

        assert response.status_code == 404
        assert unchanged(proposal, S.IN_REVIEW)

    def test_the_team_cannot_submit(self, login, ready, dora):
        response = login(dora).post(transition_url(ready, "submit"))

        assert shown(response) == [ROLE_REFUSALS["submit"]]
        assert unchanged(ready, S.DRAFT)

    def test_an_outsider_finds_no_proposal(self, login, proposal, charlie):
        put(proposal, S.IN_REVIEW)

        response = login(charlie).post(transition_url(proposal, "approve"))

        assert response.status_code == 404
        assert unchanged(proposal, S.IN_REVIEW)

    def test_an_outsider_cannot_take_a_public_proposal_out_of_the_library(
        self, login, proposal, charlie
    ):
        put(proposal, S.APPROVED, public=True)

        response = login(charlie).post(transition_url(proposal, "unpublish"))

        assert shown(response) == [ROLE_REFUSALS["unpublish"]]
        assert unchanged(proposal, S.APPROVED, public=True)

    @pytest.mark.parametrize(("status", "public"), [(S.DRAFT, False), (S.APPROVED, True)])
    def test_an_author_logged_out_meanwhile_logs_in_and_comes_back_to_the_proposal(
        self, client, proposal, status, public
    ):
        put(proposal, status, public=public)

        response = client.post(transition_url(proposal, "submit"))

        assertRedirects(
            response,
            f"/accounts/login/?next=/proposals/{proposal.pk}/",
            fetch_redirect_response=False,
        )
        assert unchanged(proposal, status, public=public)

    def test_an_unknown_step_is_not_found(self, login, proposal, dora):
        response = login(dora).post(transition_url(proposal, "reject"))

        assert response.status_code == 404

    def test_an_unknown_proposal_is_not_found(self, login, dora, db):
        response = login(dora).post("/proposals/999999/transition/approve/")

        assert response.status_code == 404

    def test_it_rejects_get(self, login, ready, bob):
        response = login(bob).get(transition_url(ready, "submit"))

        assert response.status_code == 405
        assert unchanged(ready, S.DRAFT)


def box_html(proposal, user) -> str:
    """The workflow box as the user gets it on the proposal page."""
    client = Client()
    if user.is_authenticated:
        client.force_login(user)
    html = client.get(f"/proposals/{proposal.pk}/").content.decode()
    start = html.index('<section class="card mb-3" id="workflow"')
    return html[start : html.index("</section>", start) + len("</section>")]


def box(proposal, user) -> str:
    """The workflow box as it reads."""
    return " ".join(re.sub(r"<[^>]+>", " ", box_html(proposal, user)).split())


def buttons(proposal, user) -> list[str]:
    """The steps the box offers, by the address its forms post to; Submit for review is offered
    as its checklist, whose form shows only once nothing blocks the submission."""
    html = box_html(proposal, user)
    steps = re.findall(r'action="/proposals/\d+/transition/(\w+)/"', html)
    if 'id="submit-checklist"' in html and "submit" not in steps:
        steps.insert(0, "submit")
    return steps


class TestWorkflowBox:
    @pytest.mark.parametrize(
        ("status", "public", "role", "expected"),
        [
            (S.DRAFT, False, "bob", ["submit", "withdraw"]),
            (S.DRAFT, False, "alice", ["submit", "withdraw"]),
            (S.DRAFT, False, "dora", []),
            (S.SUBMITTED, False, "bob", ["withdraw"]),
            (S.SUBMITTED, False, "dora", ["start_review", "request_changes"]),
            (S.IN_REVIEW, False, "alice", ["withdraw"]),
            (S.IN_REVIEW, False, "dora", ["request_changes", "approve"]),
            (S.CHANGES_REQUESTED, False, "bob", ["submit", "withdraw"]),
            (S.CHANGES_REQUESTED, False, "dora", []),
            (S.APPROVED, False, "bob", []),
            (S.APPROVED, False, "dora", ["publish"]),
            (S.APPROVED, True, "dora", ["unpublish"]),
            (S.APPROVED, True, "charlie", []),
            (S.APPROVED, True, "anonymous", []),
            (S.WITHDRAWN, False, "bob", []),
            (S.WITHDRAWN, False, "dora", []),
        ],
    )
    def test_it_offers_exactly_the_steps_the_viewer_may_take(
        self, proposal, status, public, role, expected, request
    ):
        put(proposal, status, public=public)

        assert buttons(proposal, who(role, request)) == expected

    @pytest.mark.parametrize(
        ("status", "public"),
        [(S.SUBMITTED, False), (S.IN_REVIEW, False), (S.APPROVED, False), (S.APPROVED, True)],
    )
    def test_it_offers_no_review_step_to_an_author_on_the_team(
        self, proposal, dora, als, status, public
    ):
        MemberFactory(learning_set=als, email=dora.email, user=dora)
        put(proposal, status, public=public)

        expected = ["withdraw"] if status != S.APPROVED else []
        assert buttons(proposal, dora) == expected

    def test_it_offers_no_step_to_a_staff_account_without_permissions(
        self, proposal, staff_without_permissions
    ):
        put(proposal, S.APPROVED, public=True)  # the only proposals they may read

        assert buttons(proposal, staff_without_permissions) == []

    def test_it_shows_the_status_and_the_history_to_the_authors(self, ready, bob, dora):
        bob.first_name = "Bob"
        bob.save()
        take(ready, "submit", bob, note="Ready.")
        take(ready, "start_review", dora)
        take(ready, "request_changes", dora, note="Shorter, please.")

        assert box(ready, bob) == (
            "Status Changes requested Submit for review… Nothing keeps the proposal from being "
            "submitted. Still missing: The budget has no lines yet. It does not keep the proposal "
            "from being submitted, but the application form asks for it. Once submitted, the "
            "proposal can't be changed until the MILE management team asks for changes. "
            "Submit for review Withdraw the proposal… A withdrawn "
            "proposal can't be submitted again. The MILE management team is told. "
            "Why (optional) Withdraw the proposal History "
            "Submitted by Bob, 4 Mar 2030, 11:30 Ready. "
            "In review by dora@mile.example, 4 Mar 2030, 11:30 "
            "Changes requested by dora@mile.example, 4 Mar 2030, 11:30 Shorter, please."
        )

    def test_the_team_gets_a_note_field_to_request_changes(self, proposal, dora):
        put(proposal, S.IN_REVIEW)

        assert box(proposal, dora) == (
            "Status In review What should change? Request changes Approve"
        )

    def test_the_public_sees_neither_who_reviewed_nor_the_notes(self, proposal, dora):
        put(proposal, S.IN_REVIEW)
        take(proposal, "approve", dora, note="Internal remark.")
        take(proposal, "publish", dora)

        assert box(proposal, AnonymousUser()) == "Status Approved Public"

    def test_making_public_reads_as_what_it_did(self, proposal, dora):
        put(proposal, S.APPROVED)
        take(proposal, "publish", dora)

        assert box(proposal, dora) == (
            "Status Approved Public Take out of the library History "
            "Made public. by dora@mile.example, 4 Mar 2030, 11:30"
        )

    def test_the_proposal_page_includes_the_box(self, login, proposal, dora):
        put(proposal, S.SUBMITTED)

        response = login(dora).get(f"/proposals/{proposal.pk}/")

        assert response.status_code == 200
        content = response.content.decode()
        assert f'action="/proposals/{proposal.pk}/transition/start_review/"' in content
        assert f'action="/proposals/{proposal.pk}/transition/request_changes/"' in content


def test_the_actions_are_the_workflows_table():
    assert {name: (a.by, sorted(a.sources), a.target) for name, a in workflow.ACTIONS.items()} == {
        "submit": ("authors", ["changes_requested", "draft"], "submitted"),
        "start_review": ("team", ["submitted"], "in_review"),
        "request_changes": ("team", ["in_review", "submitted"], "changes_requested"),
        "approve": ("team", ["in_review"], "approved"),
        "withdraw": (
            "authors",
            ["changes_requested", "draft", "in_review", "submitted"],
            "withdrawn",
        ),
        "publish": ("team", ["approved"], "approved"),
        "unpublish": ("team", ["approved"], "approved"),
    }


def test_timestamps_default_to_now(proposal, bob, dora):
    put(proposal, S.SUBMITTED)
    before = timezone.now()

    workflow.proposal_transition(proposal=proposal, action="withdraw", by=bob)

    assert Transition.objects.get().at >= before
