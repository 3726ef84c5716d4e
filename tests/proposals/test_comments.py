"""Comments on a proposal: who may write, reply and resolve, what the other side is e-mailed,
and bad input."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from outbox.models import Email
from proposals import comments, selectors
from proposals.models import Comment, Proposal, Section
from tests.factories import MemberFactory, UserFactory
from tests.pages import main_text
from tests.proposals.factories import make_proposal

NOT_FOUND = (
    "Page not found There is nothing at this address, or you do not have access to it. "
    "Go to the home page"
)
COMMENT_ROW = ("proposal", "section", "parent", "author", "body", "resolved_at", "resolved_by")


def summary(proposal: Proposal) -> Section:
    return proposal.sections.get(key="summary")


def add_url(proposal: Proposal) -> str:
    return f"/proposals/{proposal.pk}/comments/"


def resolve_url(comment: Comment) -> str:
    return f"/proposals/{comment.proposal_id}/comments/{comment.pk}/resolve/"


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def comment_rows() -> list[tuple]:
    return list(Comment.objects.order_by("pk").values_list(*COMMENT_ROW))


def recipients() -> list[str]:
    return sorted(Email.objects.values_list("to", flat=True))


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://mile.example"


@pytest.fixture
def thread(proposal, dora):
    """The team's remark on the summary: a thread the authors answer."""
    comment = comments.comment_add(
        proposal=proposal, section=summary(proposal), body="Please give numbers.", by=dora
    )
    Email.objects.all().delete()
    return comment


@pytest.fixture
def erin(team_group):
    """A second member of the management team."""
    user = UserFactory(email="erin@mile.example", is_staff=True)
    user.groups.add(team_group)
    return user


# The services


def test_a_comment_is_anchored_to_its_section(proposal, bob):
    comment = comments.comment_add(
        proposal=proposal, section=summary(proposal), body="  Is 12 enough?\r\n", by=bob
    )

    assert comment_rows() == [
        (proposal.pk, summary(proposal).pk, None, bob.pk, "Is 12 enough?", None, None)
    ]
    assert comment.created_at <= timezone.now()


def test_a_comment_on_the_whole_proposal_has_no_section(proposal, bob):
    comments.comment_add(proposal=proposal, section=None, body="A general remark.", by=bob)

    assert comment_rows() == [(proposal.pk, None, None, bob.pk, "A general remark.", None, None)]
    general = selectors.sections_with_threads(proposal=proposal).general_threads
    assert [comment.body for comment in general] == ["A general remark."]


def test_a_reply_joins_the_thread_and_its_section(thread, bob, alice):
    reply = comments.comment_reply(parent=thread, body="Twelve companies.", by=bob)
    second = comments.comment_reply(parent=reply, body="And four more.", by=alice)

    assert (reply.parent, reply.section, reply.proposal) == (
        thread,
        thread.section,
        thread.proposal,
    )
    assert second.parent == thread
    assert list(thread.replies.values_list("body", flat=True)) == [
        "Twelve companies.",
        "And four more.",
    ]


def test_resolving_twice_keeps_the_first_resolver(thread, bob, alice):
    assert comments.comment_resolve(comment=thread, by=bob) is True
    assert comments.comment_resolve(comment=thread, by=alice) is False

    thread.refresh_from_db()
    assert thread.resolved_by == bob
    assert thread.resolved_at is not None


def test_a_resolved_comment_can_be_reopened_once(thread, bob):
    comments.comment_resolve(comment=thread, by=bob)

    assert comments.comment_reopen(comment=thread) is True
    assert comments.comment_reopen(comment=thread) is False
    thread.refresh_from_db()
    assert (thread.resolved_at, thread.resolved_by) == (None, None)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "Write a comment before sending it."),
        (" \r\n\t ", "Write a comment before sending it."),
        ("x" * 5001, "A comment can be at most 5,000 characters long; this one has 5,001."),
        ("Nul\x00here", "A comment cannot contain a null character."),
    ],
)
def test_an_empty_or_overlong_comment_is_refused(proposal, bob, body, message):
    with pytest.raises(ValidationError) as refused:
        comments.comment_add(proposal=proposal, section=summary(proposal), body=body, by=bob)

    assert refused.value.messages == [message]
    assert comment_rows() == []
    assert Email.objects.count() == 0


def test_a_comment_of_exactly_the_limit_is_kept(proposal, bob):
    comments.comment_add(proposal=proposal, section=None, body="x" * 5000, by=bob)

    assert Comment.objects.get().body == "x" * 5000


def test_a_section_of_another_proposal_is_refused(proposal, als, bob):
    other = make_proposal(als, title="Another", by=bob)

    with pytest.raises(ValidationError) as refused:
        comments.comment_add(proposal=proposal, section=summary(other), body="Hi.", by=bob)

    assert refused.value.messages == ["This section is not part of the proposal."]
    assert comment_rows() == []


# The e-mails to the other side


@pytest.mark.usefixtures("english_only")
def test_the_teams_comment_is_emailed_to_the_authors(proposal, dora, erin, alice, bob, als):
    MemberFactory(learning_set=als, name="No account yet", email="ana@amadora.example")
    UserFactory(email="gone@amadora.example", is_active=False).partners.add(als.partner)

    comment = comments.comment_add(
        proposal=proposal, section=summary(proposal), body="Please give numbers.", by=dora
    )

    assert recipients() == ["alice@amadora.example", "bob@amadora.example"]
    email = Email.objects.get(to="bob@amadora.example")
    assert email.kind == "proposal_comment"
    assert email.dedupe_key == f"proposal-comment:{comment.pk}:{bob.pk}"
    assert email.related == comment
    assert email.subject == "New comment on Start-up support for migrant entrepreneurs: Summary"
    assert email.body_text == (
        "Dear Bob,\n\n"
        "dora@mile.example commented on **Start-up support for migrant entrepreneurs** "
        "(Summary):\n\n"
        "> Please give numbers.\n\n"
        "Read the whole comment and answer it on the proposal page: "
        f"https://mile.example/proposals/{proposal.pk}/?section=summary#section-summary\n\n"
        "With kind regards,\nthe MILE management team\n"
    )


def test_an_authors_comment_is_emailed_to_the_active_team_only(
    proposal, dora, erin, alice, bob, charlie, staff_without_permissions, team_group
):
    UserFactory(email="former@mile.example", is_staff=True, is_active=False).groups.add(team_group)

    comments.comment_add(proposal=proposal, section=None, body="Ready for a look.", by=bob)

    assert recipients() == ["dora@mile.example", "erin@mile.example"]
    email = Email.objects.get(to="dora@mile.example")
    assert email.subject == (
        "New comment on Start-up support for migrant entrepreneurs: the whole proposal"
    )
    assert email.body_text.startswith(
        "Dear dora@mile.example,\n\nBob commented on **Start-up support for migrant "
        "entrepreneurs** (the whole proposal):"
    )
    assert f"https://mile.example/proposals/{proposal.pk}/#comments" in email.body_text


@pytest.mark.usefixtures("english_only")
def test_a_reply_is_emailed_to_the_other_side_but_never_to_its_writer(thread, dora, erin, bob):
    reply = comments.comment_reply(parent=thread, body="Twelve companies.", by=dora)

    assert recipients() == ["bob@amadora.example"]
    assert Email.objects.get().body_text.startswith(
        "Dear Bob,\n\ndora@mile.example replied to a comment on **Start-up support"
    )
    assert Email.objects.get().dedupe_key == f"proposal-comment:{reply.pk}:{bob.pk}"


def test_a_long_comment_is_excerpted_on_one_line(proposal, dora, bob):
    body = "First line.\n\n" + "word " * 100

    comments.comment_add(proposal=proposal, section=None, body=body, by=dora)

    excerpt = Email.objects.get(to=bob.email).body_text.split("\n> ")[1].split("\n")[0]
    assert len(excerpt) == 200
    assert excerpt.startswith("First line. word word")
    assert excerpt.endswith("…")


def test_each_side_is_emailed_in_its_own_language(proposal, dora, erin, alice, bob, settings):
    settings.LANGUAGES = list(settings.MILE_LANGUAGES.items())
    alice.language, erin.language = "it", "el"
    alice.save()
    erin.save()

    comments.comment_add(proposal=proposal, section=None, body="Numbers?", by=dora)
    comments.comment_add(proposal=proposal, section=None, body="Here.", by=bob)

    # The authors: alice's choice, bob's partner's; the team: their own, else English.
    assert list(Email.objects.order_by("pk").values_list("to", "language")) == [
        ("alice@amadora.example", "it"),
        ("bob@amadora.example", "pt-pt"),
        ("dora@mile.example", "en-gb"),
        ("erin@mile.example", "el"),
    ]


def test_each_person_is_emailed_once_however_often_it_runs(thread, bob, dora):
    reply = comments.comment_reply(parent=thread, body="Done.", by=bob)

    comments.comment_notify(comment=reply)

    assert recipients() == ["dora@mile.example"]


def test_a_rolled_back_comment_sends_nothing(
    proposal, dora, bob, django_capture_on_commit_callbacks, mailoutbox
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        comments.comment_add(proposal=proposal, section=None, body="Hello.", by=dora)
        raise RuntimeError("the request failed after the comment")

    assert callbacks == []
    assert (Comment.objects.count(), Email.objects.count(), mailoutbox) == (0, 0, [])


def test_a_committed_comment_is_delivered(
    proposal, dora, bob, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        comments.comment_add(proposal=proposal, section=None, body="Hello.", by=dora)

    assert sorted(m.to[0] for m in mailoutbox) == ["bob@amadora.example"]


# Adding a comment or a reply through the page


@pytest.mark.parametrize("role", ["bob", "alice", "dora"])
def test_the_authors_and_the_team_comment_on_a_section(as_role, role, request, proposal):
    user = request.getfixturevalue(role)
    section = summary(proposal)

    response = as_role(role).post(add_url(proposal), {"section": section.pk, "body": "Good."})

    assertRedirects(
        response,
        f"/proposals/{proposal.pk}/?section=summary#section-summary",
        fetch_redirect_response=False,
    )
    assert messages_of(response) == ["Your comment was added."]
    assert comment_rows() == [(proposal.pk, section.pk, None, user.pk, "Good.", None, None)]


def test_a_comment_without_a_section_is_on_the_whole_proposal(login, bob, proposal):
    response = login(bob).post(add_url(proposal), {"section": "", "body": "Overall fine."})

    assertRedirects(response, f"/proposals/{proposal.pk}/#comments", fetch_redirect_response=False)
    assert comment_rows() == [(proposal.pk, None, None, bob.pk, "Overall fine.", None, None)]


@pytest.mark.parametrize("role", ["bob", "alice", "dora"])
def test_the_authors_and_the_team_reply(as_role, role, request, proposal, thread):
    user = request.getfixturevalue(role)

    response = as_role(role).post(add_url(proposal), {"parent": thread.pk, "body": "Agreed."})

    assertRedirects(
        response,
        f"/proposals/{proposal.pk}/?section=summary#section-summary",
        fetch_redirect_response=False,
    )
    assert messages_of(response) == ["Your reply was added."]
    reply = Comment.objects.get(parent=thread)
    assert (reply.author, reply.section, reply.body) == (user, thread.section, "Agreed.")


def test_a_reply_to_a_reply_attaches_to_the_top_comment(login, bob, alice, proposal, thread):
    first = comments.comment_reply(parent=thread, body="Twelve.", by=alice)

    login(bob).post(add_url(proposal), {"parent": first.pk, "body": "Sixteen, in fact."})

    assert list(thread.replies.values_list("body", flat=True)) == ["Twelve.", "Sixteen, in fact."]


def test_another_partner_cannot_comment(login, charlie, proposal):
    response = login(charlie).post(
        add_url(proposal), {"section": summary(proposal).pk, "body": "Hi."}
    )

    assert response.status_code == 404
    assert main_text(response) == NOT_FOUND
    assert comment_rows() == []


def test_another_partner_cannot_comment_on_a_public_proposal(login, charlie, proposal):
    Proposal.objects.filter(pk=proposal.pk).update(status="approved", is_public=True)

    response = login(charlie).post(add_url(proposal), {"body": "Hi."})

    assert response.status_code == 404
    assert comment_rows() == []


def test_an_anonymous_visitor_is_asked_to_log_in_to_comment(client, proposal):
    response = client.post(add_url(proposal), {"body": "Hi."})

    assertRedirects(
        response, f"/accounts/login/?next={add_url(proposal)}", fetch_redirect_response=False
    )
    assert comment_rows() == []


def test_comments_are_added_only_by_post(login, bob, proposal):
    assert login(bob).get(add_url(proposal)).status_code == 405


def test_a_withdrawn_proposal_takes_no_comments(login, bob, proposal):
    Proposal.objects.filter(pk=proposal.pk).update(status="withdrawn")

    response = login(bob).post(add_url(proposal), {"body": "Hi."})

    assert messages_of(response) == ["This proposal was withdrawn: its comments are closed."]
    assert comment_rows() == []


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("   ", "Write a comment before sending it."),
        ("é" * 5001, "A comment can be at most 5,000 characters long; this one has 5,001."),
        ("Nul\x00here", "A comment cannot contain a null character."),
    ],
)
def test_a_bad_comment_is_shown_again_with_the_reason(login, bob, proposal, body, message):
    response = login(bob).post(add_url(proposal), {"section": summary(proposal).pk, "body": body})

    assert response.status_code == 200
    text = main_text(response)
    assert text.startswith(f"{proposal.title} Your comment Your comment was not sent {message}")
    assert f"A comment on “Summary” of {proposal.title}." in text
    assertContains(response, f'<input type="hidden" name="section" value="{summary(proposal).pk}">')
    assert response.context["body"] == body
    assert comment_rows() == []
    assert Email.objects.count() == 0


def test_a_bad_reply_keeps_the_thread(login, bob, proposal, thread):
    response = login(bob).post(add_url(proposal), {"parent": thread.pk, "body": ""})

    assert "Your reply was not sent Write a comment before sending it." in main_text(response)
    assertContains(response, f'<input type="hidden" name="parent" value="{thread.pk}">')
    assert Comment.objects.count() == 1


def test_the_typed_text_comes_back_escaped(login, bob, proposal):
    body = "<script>alert(1)</script>" + "x" * 5000

    response = login(bob).post(add_url(proposal), {"body": body})

    assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;xxx")
    assertNotContains(response, "<script>alert(1)")


@pytest.mark.parametrize("field", ["section", "parent"])
@pytest.mark.parametrize("value", ["abc", "-3", "²", "99999999999999999999999"])
def test_a_malformed_id_is_404(login, bob, proposal, field, value):
    response = login(bob).post(add_url(proposal), {field: value, "body": "Hi."})

    assert response.status_code == 404
    assert comment_rows() == []


def test_a_section_of_another_proposal_is_404(login, bob, als, proposal):
    other = make_proposal(als, title="Another", by=bob)

    response = login(bob).post(add_url(proposal), {"section": summary(other).pk, "body": "Hi."})

    assert response.status_code == 404
    assert comment_rows() == []


def test_a_parent_of_another_proposal_is_404(login, bob, als, proposal, dora):
    other = make_proposal(als, title="Another", by=bob)
    theirs = comments.comment_add(proposal=other, section=None, body="Elsewhere.", by=dora)

    response = login(bob).post(add_url(proposal), {"parent": theirs.pk, "body": "Hi."})

    assert response.status_code == 404
    assert Comment.objects.count() == 1


# Resolving and reopening


@pytest.mark.parametrize("role", ["bob", "alice", "dora"])
def test_the_authors_and_the_team_resolve_a_thread(as_role, role, request, proposal, thread):
    user = request.getfixturevalue(role)

    response = as_role(role).post(resolve_url(thread), {"action": "resolve"})

    assertRedirects(
        response,
        f"/proposals/{proposal.pk}/?section=summary#section-summary",
        fetch_redirect_response=False,
    )
    assert messages_of(response) == ["The comment was marked resolved."]
    thread.refresh_from_db()
    assert thread.resolved_by == user
    assert thread.resolved_at is not None


@pytest.mark.parametrize("role", ["bob", "alice", "dora"])
def test_the_authors_and_the_team_reopen_a_thread(as_role, role, proposal, thread, bob):
    comments.comment_resolve(comment=thread, by=bob)

    response = as_role(role).post(resolve_url(thread), {"action": "reopen"})

    assert messages_of(response) == ["The comment is open again."]
    thread.refresh_from_db()
    assert (thread.resolved_at, thread.resolved_by) == (None, None)


def test_resolving_a_resolved_thread_says_so(login, alice, bob, thread):
    comments.comment_resolve(comment=thread, by=bob)

    response = login(alice).post(resolve_url(thread), {"action": "resolve"})

    assert messages_of(response) == ["The comment was already resolved."]
    thread.refresh_from_db()
    assert thread.resolved_by == bob


@pytest.mark.parametrize("action", ["", "delete", None])
def test_an_unknown_action_changes_nothing(login, bob, thread, action):
    data = {"action": action} if action is not None else {}

    response = login(bob).post(resolve_url(thread), data)

    assert messages_of(response) == ["Choose whether to resolve the comment or to open it again."]
    thread.refresh_from_db()
    assert thread.resolved_at is None


def test_another_partner_cannot_resolve(login, charlie, thread):
    response = login(charlie).post(resolve_url(thread), {"action": "resolve"})

    assert response.status_code == 404
    thread.refresh_from_db()
    assert thread.resolved_at is None


def test_an_anonymous_visitor_is_asked_to_log_in_to_resolve(client, thread):
    response = client.post(resolve_url(thread), {"action": "resolve"})

    assertRedirects(
        response, f"/accounts/login/?next={resolve_url(thread)}", fetch_redirect_response=False
    )
    thread.refresh_from_db()
    assert thread.resolved_at is None


def test_a_reply_is_not_resolved_on_its_own(login, bob, dora, thread):
    reply = comments.comment_reply(parent=thread, body="Done.", by=dora)

    response = login(bob).post(resolve_url(reply), {"action": "resolve"})

    assert response.status_code == 404
    assert Comment.objects.filter(resolved_at__isnull=False).count() == 0


def test_a_comment_of_another_proposal_is_404(login, bob, als, proposal, dora):
    other = make_proposal(als, title="Another", by=bob)
    theirs = comments.comment_add(proposal=other, section=None, body="Elsewhere.", by=dora)

    response = login(bob).post(
        f"/proposals/{proposal.pk}/comments/{theirs.pk}/resolve/", {"action": "resolve"}
    )

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.resolved_at is None


def test_a_withdrawn_proposals_threads_stay_as_they_are(login, bob, proposal, thread):
    Proposal.objects.filter(pk=proposal.pk).update(status="withdrawn")

    response = login(bob).post(resolve_url(thread), {"action": "resolve"})

    assert messages_of(response) == ["This proposal was withdrawn: its comments are closed."]
    thread.refresh_from_db()
    assert thread.resolved_at is None


# The comments beside their section


def render_comments(proposal: Proposal, user, *, key="summary") -> str:
    request = RequestFactory().get(f"/proposals/{proposal.pk}/")
    request.user = user
    section = next(
        s for s in selectors.sections_with_threads(proposal=proposal).sections if s.key == key
    )
    context = {"proposal": proposal, "section": section, "is_author": True, "is_management": False}
    return render_to_string("proposals/_section_comments.html", context, request=request)


def test_the_teams_feedback_shows_beside_its_section_with_the_replies(proposal, thread, bob):
    comments.comment_reply(parent=thread, body="Twelve companies.", by=bob)

    html = render_comments(proposal, bob)

    assert 'aria-labelledby="comments-summary"' in html
    assert "Comments on Summary" in html
    assert '<span class="badge text-bg-info">MILE team</span>' in html
    assert html.index("Please give numbers.") < html.index("Twelve companies.")
    assert f'<input type="hidden" name="parent" value="{thread.pk}">' in html
    assert f'<input type="hidden" name="section" value="{thread.section_id}">' in html
    assert 'value="resolve"' in html
    assert "Please give numbers." not in render_comments(proposal, bob, key="objectives")


def test_a_resolved_thread_is_folded_away_and_can_be_reopened(proposal, thread, bob):
    comments.comment_resolve(comment=thread, by=bob)

    html = render_comments(proposal, bob)

    assert "Resolved by bob@amadora.example on" in html
    assert '<details class="comment-resolved mb-2">' in html
    assert 'value="reopen"' in html


def test_a_script_in_a_comment_shows_as_text(proposal, bob):
    comments.comment_add(
        proposal=proposal, section=summary(proposal), body="<script>alert(1)</script>", by=bob
    )

    html = render_comments(proposal, bob)

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in html


def test_readers_who_are_not_authors_see_no_comments(proposal, thread, charlie):
    request = RequestFactory().get("/")
    request.user = charlie
    section = selectors.sections_with_threads(proposal=proposal).sections[0]
    context = {"proposal": proposal, "section": section, "is_author": False}

    html = render_to_string("proposals/_section_comments.html", context, request=request)

    assert html.strip() == ""


def test_the_comments_of_all_sections_take_two_queries(
    proposal, dora, bob, django_assert_num_queries
):
    for section in proposal.sections.all():
        for number in range(3):
            thread = comments.comment_add(
                proposal=proposal, section=section, body=f"Remark {number}.", by=dora
            )
            comments.comment_reply(parent=thread, body="Answered.", by=bob)
    request = RequestFactory().get("/")
    request.user = bob

    with django_assert_num_queries(2):  # the sections, then every comment
        html = "".join(
            render_to_string(
                "proposals/_section_comments.html",
                {"proposal": proposal, "section": section, "is_author": True},
                request=request,
            )
            for section in selectors.sections_with_threads(proposal=proposal).sections
        )

    assert html.count("Answered.") == 3 * proposal.sections.count()


# On the proposal page


def test_the_proposal_page_shows_the_feedback_inside_its_section(login, bob, proposal, thread):
    html = login(bob).get(f"/proposals/{proposal.pk}/").content.decode()

    start, end = html.index('id="section-summary"'), html.index('id="section-context"')
    assert start < html.index("Please give numbers.") < end


def test_the_readers_of_a_public_proposal_do_not_see_its_comments(login, charlie, proposal, thread):
    Proposal.objects.filter(pk=proposal.pk).update(status="approved", is_public=True)

    response = login(charlie).get(f"/proposals/{proposal.pk}/")

    assert response.status_code == 200
    assertNotContains(response, "Please give numbers.")
    assertNotContains(response, "/comments/")


def test_the_proposal_pages_queries_do_not_grow_with_the_comments(
    login, bob, dora, proposal, thread, count_queries
):
    url = f"/proposals/{proposal.pk}/"
    login(bob)
    few = count_queries(url)

    for section in proposal.sections.all():
        for number in range(4):
            top = comments.comment_add(
                proposal=proposal, section=section, body=f"Remark {number}.", by=dora
            )
            comments.comment_reply(parent=top, body="Answered.", by=bob)
    many = count_queries(url)

    assert few == many


def test_comments_on_the_whole_proposal_show_below_the_sections(login, bob, dora, proposal):
    comments.comment_add(proposal=proposal, section=None, body="Mind the deadline.", by=dora)

    html = login(bob).get(f"/proposals/{proposal.pk}/").content.decode()

    general = html.index('id="comments"')
    assert html.index('id="section-sustainability"') < general < html.index("Mind the deadline.")
    assert "Comments on the whole proposal" in html
