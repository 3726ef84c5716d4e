"""Drafting a proposal in the browser: the learning set's proposals, the proposal page, saving a
section with and without htmx, the stale-version conflict with two clients, bad input.

Who gets what: bob (member) and alice (contact) write; dora (the team) reads, and a save of
hers is refused with 403 and the reason (she may see the proposal, so a 404 would be a lie);
charlie gets 404; an anonymous visitor is asked to log in.
"""

import datetime as dt
import re
from html import unescape

import pytest
from django.test import Client
from django.utils.formats import date_format
from django.utils.timezone import localtime
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from learningsets.models import LearningSet
from proposals import services
from proposals.models import Comment, Proposal, Revision, Section
from tests.pages import INLINE_TAGS, OTHER_TAGS, main_text
from tests.proposals.factories import make_proposal

NOT_FOUND = "Page not found There is nothing at this address, or you do not have access to it."
HTMX = {"HX-Request": "true"}
MONDAY = dt.datetime(2025, 3, 3, 13, 2, tzinfo=dt.UTC)  # 14:02 in Brussels
OVER = "over the limit by 1 — allowed in a draft, blocks submission"
SUBMITTED = "This proposal is submitted: it can't be edited now."
NOT_AN_AUTHOR = (
    "Only the members of the learning set and the contacts of its partner write its proposals."
)
KEYS = [
    "summary", "context", "objectives", "target_groups", "activities", "results",
    "partnership", "sustainability",
]  # fmt: skip
LOTTERY = "lottery is not one of the available choices."
SCRIPT = '<script>alert("x")</script><img src=x onerror="alert(1)"> [y](javascript:alert(2))'


def page(proposal) -> str:
    return f"/proposals/{proposal.pk}/"


def save_url(proposal, key="summary") -> str:
    return f"/proposals/{proposal.pk}/sections/{key}/"


def list_url(learning_set) -> str:
    return f"/learning-sets/{learning_set.pk}/proposals/"


def as_read(html: str) -> str:
    """HTML as it reads, whitespace collapsed (as tests.pages.main_text reads <main>)."""
    return " ".join(unescape(OTHER_TAGS.sub(" ", INLINE_TAGS.sub("", html))).split())


def fragment_text(response) -> str:
    """The text of an htmx answer."""
    return as_read(response.content.decode())


def section_html(response, key="summary") -> str:
    """One section as drafting shows it: title, help, text or form, counter, status and
    conflict panel (the comments beside it are another feature's)."""
    html = response.content.decode()
    start = html.rindex("<", 0, html.index(f'id="section-body-{key}"'))
    depth = 0
    for tag in re.finditer(r"<(/?)div\b[^>]*>", html[start:]):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return html[start : start + tag.end()]
    raise AssertionError(f"section-body-{key} is not closed")


def section_text(response, key="summary") -> str:
    return as_read(section_html(response, key))


def sections_text(response) -> str:
    return " ".join(section_text(response, key) for key in KEYS)


def loaded_version(response, key="summary") -> str:
    """The version the page's form of the section carries, as the browser would post it."""
    html = response.content.decode()
    return re.search(rf'name="version" value="(\d+)" id="version-{key}"', html).group(1)


def sections(proposal):
    return list(proposal.sections.order_by("position").values_list("key", "text", "version"))


def revisions():
    """Every revision, oldest first: section, version, text, author, kept in a conflict."""
    return list(
        Revision.objects.order_by("pk").values_list(
            "section__key", "version", "text", "author__email", "is_conflict"
        )
    )


def local(moment) -> str:
    return date_format(localtime(moment), "j F Y, H:i")


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def write(proposal, key, text, by, at=MONDAY):
    section = proposal.sections.get(key=key)
    return services.section_save(section=section, text=text, version=section.version, by=by, at=at)


def set_status(proposal, status, **fields):
    Proposal.objects.filter(pk=proposal.pk).update(status=status, **fields)


# The learning set's proposals


@pytest.mark.parametrize("role", ["bob", "alice"])
def test_an_author_sees_the_sets_proposals_and_the_form_to_start_one(
    as_role, role, proposal, bob, als
):
    write(proposal, "summary", "x" * 1501, bob)
    write(proposal, "context", "The town.", bob)

    response = as_role(role).get(list_url(als))

    updated = local(Proposal.objects.get(pk=proposal.pk).updated_at)
    assert main_text(response) == (
        "ALS Amadora — Enterprise support and development Proposals "
        "Proposals of ALS Amadora Enterprise support and development Proposals "
        "Title Funding source Status Updated Sections "
        "Start-up support for migrant entrepreneurs ERDF (European Regional Development Fund) "
        f"Draft {updated} 2 of 8 written, 1 over the limit "
        "Start a proposal The proposal starts with the sections, character limits and budget "
        "categories of its funding source. Title* Call No call yet "
        "The open calls this learning set's sub-theme is eligible for. Funding source* "
        "ERDF (European Regional Development Fund) ESF (European Social Fund) "
        "Other EU programme National funding Other funding "
        "Sets the sections, their character limits and the budget categories. "
        "Language of the proposal English Português Ελληνικά Español Italiano The language the "
        "proposal is written in: its "
        "sections' titles and help and its PDF are in this language. The pages around it stay "
        "in each reader's language."
    )
    assertContains(response, f'<a href="{page(proposal)}">{proposal.title}</a>', html=True)


def test_the_team_sees_the_sets_proposals_without_the_form(login, dora, proposal, als):
    response = login(dora).get(list_url(als))

    assert "Start-up support for migrant entrepreneurs" in main_text(response)
    assert response.context["form"] is None
    assertNotContains(response, "Start a proposal")


def test_a_set_without_proposals_says_so(login, bob, als):
    response = login(bob).get(list_url(als))

    assertContains(response, "This learning set has no proposal yet.")


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_partners_contact_finds_no_proposals_of_the_set(login, charlie, als, method):
    response = getattr(login(charlie), method)(
        list_url(als), {"title": "Mine", "funding_source": "esf"}
    )

    assert (response.status_code, main_text(response)) == (404, f"{NOT_FOUND} Go to the home page")
    assert Proposal.objects.count() == 0


def test_an_anonymous_visitor_is_asked_to_log_in_for_the_sets_proposals(client, als):
    response = client.get(list_url(als))

    assertRedirects(
        response, f"/accounts/login/?next={list_url(als)}", fetch_redirect_response=False
    )


@pytest.mark.parametrize("role", ["bob", "alice"])
def test_an_author_starts_a_proposal_with_the_sections_of_its_funding_source(
    as_role, role, als, bob, alice
):
    response = as_role(role).post(
        list_url(als), {"title": "Training in the mother tongue", "funding_source": "national"},
        follow=True,
    )  # fmt: skip

    proposal = Proposal.objects.get()
    assertRedirects(response, page(proposal))
    assertContains(
        response, "“Training in the mother tongue” is started: write it section by section."
    )
    assert (proposal.learning_set, proposal.funding_source, proposal.status) == (
        als,
        "national",
        "draft",
    )
    assert proposal.created_by == {"bob": bob, "alice": alice}[role]
    assert list(proposal.sections.values_list("key", "char_limit")) == [
        ("summary", 1200),
        ("context", 3200),
        ("objectives", 2000),
        ("target_groups", 1600),
        ("activities", 4800),
        ("results", 2400),
        ("partnership", 2400),
        ("sustainability", 2000),
    ]


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"title": "", "funding_source": "esf"}, {"title": ["This field is required."]}),
        (
            {"title": "T" * 301, "funding_source": "esf"},
            {"title": ["Ensure this value has at most 300 characters (it has 301)."]},
        ),
        (
            {"title": "Training", "funding_source": "lottery"},
            {"funding_source": [f"Select a valid choice. {LOTTERY}"]},
        ),
    ],
)  # fmt: skip
def test_a_proposal_with_bad_input_is_not_started(login, bob, als, data, errors):
    response = login(bob).post(list_url(als), data)

    assert (response.status_code, response.context["form"].errors) == (200, errors)
    for message in errors.values():
        assertContains(response, message[0])
    assert response.context["form"]["title"].value() == data["title"]
    assert Proposal.objects.count() == 0


def test_the_team_does_not_start_a_learning_sets_proposal(login, dora, als):
    response = login(dora).post(list_url(als), {"title": "Ours", "funding_source": "esf"})

    assert (response.status_code, response.content.decode()) == (403, NOT_AN_AUTHOR)
    assert Proposal.objects.count() == 0


@pytest.mark.parametrize(
    ("role", "shown"),
    [("alice", 1), ("bob", 1), ("dora", 1), ("charlie", 0), ("anonymous", 0)],
)
def test_the_learning_set_page_links_to_its_proposals_for_who_may_see_them(
    as_role, role, shown, als, bob
):
    response = as_role(role).get(f"/learning-sets/{als.pk}/")

    assertContains(response, f'href="{list_url(als)}">Proposals</a>', count=shown)


def test_my_learning_sets_link_to_their_proposals(login, bob, als):
    response = login(bob).get("/my/")

    assertContains(
        response,
        f'<a class="btn btn-sm btn-outline-primary" href="{list_url(als)}">Proposals<span '
        'class="visually-hidden"> of Amadora on Enterprise support and development</span></a>',
        html=True,
    )


# The proposal page


HEADER = (
    "ALS Amadora — Enterprise support and development Proposals "
    "Start-up support for migrant entrepreneurs "
    "Start-up support for migrant entrepreneurs Learning set ALS Amadora — Enterprise "
    "support and development Funding source ERDF (European Regional Development Fund) "
    "Status Draft Written in English "
)
NAVIGATION = (
    "Sections Summary Written Context and problem Empty Objectives Over the limit "
    "Target groups Empty Activities and work plan Empty Expected results and indicators Empty "
    "Partnership and local ownership Empty Sustainability and mainstreaming Empty "
)
HINT = (
    "Write in Markdown. Each section saves itself a moment after you stop typing; without "
    "JavaScript, use its Save button. "
)


@pytest.mark.parametrize("role", ["bob", "alice"])
def test_an_author_writes_the_first_section_in_a_form_and_sees_the_others_collapsed(
    as_role, role, proposal, bob
):
    write(proposal, "summary", "Loans and **mentoring**.", bob)
    write(proposal, "objectives", "o" * 2501, bob)

    response = as_role(role).get(page(proposal))

    assert main_text(response).startswith(
        HEADER
        + NAVIGATION
        + HINT
        + "Summary The project in a few sentences. Summary (Markdown) Loans and **mentoring**. "
        "24 / 1 500 Saved on 3 March 2025, 14:02 by bob@amadora.example (version 1) Save Summary "
        "Comments on Summary No comments yet. Add a comment on Summary Your comment on Summary "
        "Send the comment "
        "Context and problem Empty Open Context and problem Objectives Over the limit Open "
        "Objectives Target groups Empty Open Target groups Activities and work plan Empty Open "
        "Activities and work plan Expected results and indicators Empty Open Expected results "
        "and indicators Partnership and local ownership Empty Open Partnership and local "
        "ownership Sustainability and mainstreaming Empty Open Sustainability and mainstreaming "
        "Supporting documents"
    )
    assertContains(response, "data-autosave", count=1)
    assertContains(
        response,
        f'hx-post="{save_url(proposal)}" hx-trigger="input changed delay:1500ms, blur, '
        'retry-save" hx-include="#version-summary"',
    )
    assertContains(response, '<script src="/static/js/autosave.js" defer></script>')
    for name in ("details", "budget", "history", "pdf"):
        assertContains(response, f'href="{page(proposal)}{name}/"')


@pytest.mark.parametrize("role", ["bob", "alice"])
def test_an_author_brings_a_section_into_focus_with_its_link(as_role, role, proposal, bob):
    write(proposal, "objectives", "o" * 2501, bob)

    response = as_role(role).get(page(proposal) + "?section=objectives")

    assert section_text(response, "objectives") == (
        f"Objectives Objectives (Markdown) {'o' * 2501} 2 501 / 2 500 {OVER} "
        "Saved on 3 March 2025, 14:02 by bob@amadora.example (version 1) Save Objectives"
    )
    assertContains(response, "data-autosave", count=1)
    assertContains(
        response, '<p id="counter-objectives" class="section-counter small mb-1 text-danger">'
    )
    assertContains(
        response,
        f'<a href="{page(proposal)}?section=objectives#section-objectives" '
        'aria-current="location"><span lang="en-gb">Objectives</span></a>',
        html=True,
    )
    assertContains(response, 'aria-current="location"', count=1)
    assert "Summary Empty Open Summary" in main_text(response)


@pytest.mark.parametrize("asked", ["nothing-like-it", "", "SUMMARY"])
def test_a_section_that_is_not_the_proposals_brings_the_first_into_focus(
    login, bob, proposal, asked
):
    response = login(bob).get(f"{page(proposal)}?section={asked}")

    assert response.status_code == 200
    assertContains(response, 'id="section-form-summary"')
    assertContains(response, "data-autosave", count=1)
    assertContains(
        response,
        f'<a href="{page(proposal)}?section=summary#section-summary" aria-current="location">'
        '<span lang="en-gb">Summary</span></a>',
        html=True,
    )


def test_the_team_reads_the_sections_rendered_without_a_form(login, dora, proposal, bob):
    write(proposal, "summary", "Loans and **mentoring**.", bob)

    response = login(dora).get(page(proposal))

    assert main_text(response).startswith(
        HEADER + "Sections Summary Written Context and problem Empty Objectives Empty "
        "Target groups Empty Activities and work plan Empty Expected results and indicators "
        "Empty Partnership and local ownership Empty Sustainability and mainstreaming Empty "
        "Summary The project in a few sentences. Loans and mentoring."
    )
    assert sections_text(response) == (
        "Summary The project in a few sentences. Loans and mentoring. 24 / 1 500 "
        "Context and problem The local situation it answers. Not written yet. 0 / 4 000 "
        "Objectives Not written yet. 0 / 2 500 Target groups Not written yet. 0 / 2 000 "
        "Activities and work plan Not written yet. 0 / 6 000 "
        "Expected results and indicators Not written yet. 0 / 3 000 "
        "Partnership and local ownership How the Local Support Group and the Managing "
        "Authority take part. Not written yet. 0 / 3 000 "
        "Sustainability and mainstreaming Not written yet. 0 / 2 500"
    )
    assertContains(response, "<p>Loans and <strong>mentoring</strong>.</p>", html=True)
    assertNotContains(response, "data-autosave")
    assertNotContains(response, "autosave.js")


@pytest.mark.parametrize("status", ["submitted", "in_review", "approved", "withdrawn"])
def test_an_author_reads_a_proposal_that_is_not_editable(login, bob, proposal, status):
    set_status(proposal, status)

    response = login(bob).get(page(proposal))

    assert (
        section_text(response)
        == "Summary The project in a few sentences. Not written yet. 0 / 1 500"
    )
    assertNotContains(response, "data-autosave")


def test_the_comments_slot_gets_each_section(login, bob, dora, proposal):
    Comment.objects.create(
        proposal=proposal, section=proposal.sections.get(key="context"), author=dora,
        body="Name the target group.",
    )  # fmt: skip

    response = login(bob).get(page(proposal) + "?section=context")

    text = main_text(response)
    assert "Context and problem Empty 1 comment Objectives" in text  # the side navigation
    assert "Name the target group." in text[text.index("Context and problem (Markdown)") :]


def test_another_partners_contact_finds_no_draft(login, charlie, proposal):
    response = login(charlie).get(page(proposal))

    assert (response.status_code, main_text(response)) == (404, f"{NOT_FOUND} Go to the home page")


def test_an_anonymous_visitor_is_asked_to_log_in_for_a_draft(client, proposal):
    response = client.get(page(proposal))

    assertRedirects(
        response, f"/accounts/login/?next={page(proposal)}", fetch_redirect_response=False
    )


def test_anyone_reads_an_approved_public_proposal(client, proposal, bob):
    write(proposal, "summary", "Loans.", bob)
    set_status(proposal, "approved", is_public=True)

    response = client.get(page(proposal))

    assert section_text(response) == "Summary The project in a few sentences. Loans. 6 / 1 500"
    assertNotContains(response, "data-autosave")
    assertNotContains(response, f"/learning-sets/{proposal.learning_set_id}/proposals/")


# Saving a section without JavaScript


@pytest.mark.parametrize("role", ["bob", "alice"])
def test_an_author_saves_a_section_with_the_save_button(as_role, role, proposal):
    response = as_role(role).post(
        save_url(proposal), {"text": "Loans.", "version": "0"}, follow=True
    )

    email = f"{role}@amadora.example"
    assertRedirects(response, f"{page(proposal)}?section=summary#section-summary")
    assert main_text(response).startswith(
        "Summary is saved (version 1). ALS Amadora — Enterprise support and development"
    )
    assert loaded_version(response) == "1"
    assert sections(proposal)[0] == ("summary", "Loans.", 1)
    assert revisions() == [("summary", 1, "Loans.", email, False)]


# Saving a section by autosave (htmx)


def test_autosave_answers_the_time_and_the_new_version(login, bob, proposal):
    response = login(bob).post(save_url(proposal), {"text": "Loans.", "version": "0"}, headers=HTMX)

    saved_at = localtime(Section.objects.get(key="summary").updated_at)
    assert (response.status_code, fragment_text(response)) == (200, f"Saved at {saved_at:%H:%M:%S}")
    assertContains(
        response,
        '<input type="hidden" name="version" value="1" id="version-summary" hx-swap-oob="true">',
        html=True,
    )
    assertContains(response, '<div id="conflict-summary" hx-swap-oob="true"></div>', html=True)
    assert revisions() == [("summary", 1, "Loans.", "bob@amadora.example", False)]


def test_autosave_of_the_same_text_again_keeps_the_version(login, bob, proposal):
    write(proposal, "summary", "Loans.", bob)

    response = login(bob).post(save_url(proposal), {"text": "Loans.", "version": "1"}, headers=HTMX)

    assert (response.status_code, fragment_text(response)) == (200, "Saved at 14:02:00")
    assert 'value="1" id="version-summary"' in response.content.decode()
    assert len(revisions()) == 1


NOT_UTF8 = (
    "Nothing was saved: the form sent is not valid UTF-8 text. Reload the page and send it again."
)


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["post", "htmx"])
def test_a_text_that_is_not_utf8_is_refused_with_the_reason_and_nothing_changes(
    login, bob, proposal, headers
):
    write(proposal, "summary", "Loans.", bob)

    response = login(bob).post(
        save_url(proposal),
        b"text=Caf%E9+or+caf\xe9&version=1",  # Latin-1, escaped and raw: not UTF-8
        content_type="application/x-www-form-urlencoded",
        headers=headers,
    )

    assert response.status_code == 400
    if headers:  # autosave.js swaps a 400 into the section's status line
        assert fragment_text(response) == NOT_UTF8
    else:
        assert main_text(response) == f"Request refused {NOT_UTF8} Go to the home page"
    assert sections(proposal)[0] == ("summary", "Loans.", 1)
    assert len(revisions()) == 1


# Who may not save


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["post", "htmx"])
def test_the_team_does_not_save_a_section(login, dora, proposal, headers):
    response = login(dora).post(
        save_url(proposal), {"text": "Ours.", "version": "0"}, headers=headers
    )

    assert response.status_code == 403
    if headers:
        assert fragment_text(response) == f"Not saved. {NOT_AN_AUTHOR}"
    else:
        assert main_text(response).startswith(f"Summary was not saved. {NOT_AN_AUTHOR} ALS Amadora")
    assert sections(proposal)[0] == ("summary", "", 0)
    assert revisions() == []


@pytest.mark.parametrize("status", ["submitted", "in_review", "approved", "withdrawn"])
def test_an_author_does_not_save_a_proposal_that_is_not_editable(login, bob, proposal, status):
    set_status(proposal, status)

    response = login(bob).post(save_url(proposal), {"text": "Late.", "version": "0"}, headers=HTMX)

    label = dict(Proposal.Status.choices)[status].lower()
    assert (response.status_code, fragment_text(response)) == (
        403,
        f"Not saved. This proposal is {label}: it can't be edited now.",
    )
    assert (sections(proposal)[0], revisions()) == (("summary", "", 0), [])


def test_a_refused_save_keeps_the_text_on_the_page_to_copy(login, bob, proposal):
    set_status(proposal, "submitted")

    response = login(bob).post(save_url(proposal), {"text": "Late <b>work</b>.", "version": "0"})

    assert response.status_code == 403
    assert main_text(response).startswith(f"Summary was not saved. {SUBMITTED} ALS Amadora")
    assert section_text(response) == (
        "Summary The project in a few sentences. Not written yet. 0 / 1 500 "
        "Your text, not saved — copy it to keep it Late <b>work</b>."
    )
    assertContains(response, "Late &lt;b&gt;work&lt;/b&gt;.", status_code=403)


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["post", "htmx"])
def test_another_partners_contact_saves_nothing(login, charlie, proposal, headers):
    response = login(charlie).post(
        save_url(proposal), {"text": "Ours.", "version": "0"}, headers=headers
    )

    assert response.status_code == 404
    assert (sections(proposal)[0], revisions()) == (("summary", "", 0), [])


def test_an_anonymous_save_is_sent_to_log_in(client, proposal):
    response = client.post(save_url(proposal), {"text": "Mine.", "version": "0"})

    assertRedirects(
        response, f"/accounts/login/?next={page(proposal)}", fetch_redirect_response=False
    )
    assert revisions() == []


def test_an_anonymous_autosave_says_to_log_in_and_leaves_the_text_in_the_browser(client, proposal):
    response = client.post(save_url(proposal), {"text": "Mine.", "version": "0"}, headers=HTMX)

    assert (response.status_code, fragment_text(response)) == (
        403,
        "Not saved. You are logged out: log in again in another tab, then save. "
        "Your text is still here.",
    )
    assert revisions() == []


# Bad input: a 400 with the reason, the text kept, nothing saved

MISSING_VERSION = (
    "The form did not say which version of the text it started from: reload the page and save "
    "again. Nothing was saved."
)
BAD_VERSION = (
    "The version of the text this form started from is not valid: reload the page and save "
    "again. Nothing was saved."
)
TOO_LONG = (  # as read: the no-break spaces between the groups of digits read as spaces
    "A section holds at most 100 000 characters and this text has 100 001: shorten it and save "
    "again. Nothing was saved."
)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "Mine."}, MISSING_VERSION),
        ({"text": "Mine.", "version": ""}, MISSING_VERSION),
        ({"text": "Mine.", "version": "latest"}, BAD_VERSION),
        ({"text": "Mine.", "version": "1.5"}, BAD_VERSION),
        ({"text": "Mine.", "version": "-1"}, BAD_VERSION),
        ({"text": "Mine.", "version": str(2**31)}, BAD_VERSION),
        ({"text": "Mine.", "version": "9" * 30}, BAD_VERSION),
        ({"version": "0"}, "The form sent no text for this section. Nothing was saved."),
        ({"text": "x" * 100_001, "version": "0"}, TOO_LONG),
        ({"text": "Mine.\x00", "version": "0"}, "Null characters are not allowed."),
    ],
)
def test_a_save_with_bad_input_is_refused_with_the_reason(login, bob, proposal, data, message):
    client = login(bob)

    response = client.post(save_url(proposal), data, headers=HTMX)
    page_response = client.post(save_url(proposal), data)

    assert (response.status_code, fragment_text(response)) == (400, f"Not saved. {message}")
    assert page_response.status_code == 400
    assert main_text(page_response).startswith("Summary was not saved. See why below. ALS Amadora")
    assert section_text(page_response).startswith(
        f"Summary The project in a few sentences. {message} Summary (Markdown)"
    )
    assert (sections(proposal)[0], revisions()) == (("summary", "", 0), [])


def test_a_save_with_a_bad_version_keeps_the_text_in_the_box(login, bob, proposal):
    response = login(bob).post(save_url(proposal), {"text": "Mine <em>now</em>.", "version": "x"})

    assertContains(response, "Mine &lt;em&gt;now&lt;/em&gt;.</textarea>", status_code=400)
    assert section_text(response) == (
        f"Summary The project in a few sentences. {BAD_VERSION} Summary (Markdown) "
        "Mine <em>now</em>. 18 / 1 500 Not written yet Save Summary"
    )


def test_an_unknown_section_is_not_found(login, bob, proposal):
    response = login(bob).post(save_url(proposal, "appendix"), {"text": "Mine.", "version": "0"})

    assert (response.status_code, main_text(response)) == (404, f"{NOT_FOUND} Go to the home page")


def test_a_save_by_get_is_not_allowed(login, bob, proposal):
    response = login(bob).get(save_url(proposal))

    assert (response.status_code, response["Allow"]) == (405, "POST")


# The stale-version conflict, with two clients


@pytest.fixture
def both_loaded(proposal, bob, alice):
    """bob and alice each in their own browser, both with the page at version 0."""
    bobs, alices = client_of(bob), client_of(alice)
    assert loaded_version(bobs.get(page(proposal))) == loaded_version(alices.get(page(proposal)))
    return bobs, alices


def test_a_save_from_a_stale_version_shows_both_texts_and_loses_neither(both_loaded, proposal):
    bobs, alices = both_loaded
    bobs.post(save_url(proposal), {"text": "Summary by Bob.", "version": "0"})

    response = alices.post(save_url(proposal), {"text": "Summary by Alice.", "version": "0"})

    assert response.status_code == 409
    saved = local(Section.objects.get(key="summary").updated_at)
    kept = local(Revision.objects.get(is_conflict=True).created_at)
    assert (
        "Summary was not saved over a newer version: choose below which text to keep. ALS Amadora"
    ) in main_text(response)
    assert section_text(response) == (
        "Summary The project in a few sentences. Summary (Markdown) Summary by Alice. 17 / 1 500 "
        "Not saved — bob@amadora.example saved a newer version first: choose below which text "
        "to keep. Save Summary "
        "bob@amadora.example saved this section while you were writing "
        "Your text was not written over theirs, and nothing is lost: yours is kept in the "
        "history. Choose which text the section keeps. "
        f"Theirs: version 1, saved on {saved} by bob@amadora.example Summary by Bob. Keep theirs "
        "The section keeps their text; yours stays in the history. "
        f"Yours: kept in the history on {kept} Summary by Alice. Use mine "
        "Saves the text in your box over theirs as version 2; theirs stays in the history."
    )
    assert loaded_version(response) == "1"
    assertContains(
        response,
        f'href="{page(proposal)}?section=summary#section-summary" '
        f'hx-get="{page(proposal)}?section=summary"',
        status_code=409,
    )
    assert sections(proposal)[0] == ("summary", "Summary by Bob.", 1)
    assert revisions() == [
        ("summary", 1, "Summary by Bob.", "bob@amadora.example", False),
        ("summary", None, "Summary by Alice.", "alice@amadora.example", True),
    ]


def test_use_mine_after_a_conflict_saves_the_writers_text_as_the_next_version(
    both_loaded, proposal
):
    bobs, alices = both_loaded
    bobs.post(save_url(proposal), {"text": "Summary by Bob.", "version": "0"})
    conflict = alices.post(save_url(proposal), {"text": "Summary by Alice.", "version": "0"})

    response = alices.post(
        save_url(proposal), {"text": "Summary by Alice.", "version": loaded_version(conflict)}
    )

    assertRedirects(
        response, f"{page(proposal)}?section=summary#section-summary", fetch_redirect_response=False
    )
    assert sections(proposal)[0] == ("summary", "Summary by Alice.", 2)
    assert revisions() == [
        ("summary", 1, "Summary by Bob.", "bob@amadora.example", False),
        ("summary", None, "Summary by Alice.", "alice@amadora.example", True),
        ("summary", 2, "Summary by Alice.", "alice@amadora.example", False),
    ]


def test_keep_theirs_after_a_conflict_shows_their_text_and_keeps_the_writers(both_loaded, proposal):
    bobs, alices = both_loaded
    bobs.post(save_url(proposal), {"text": "Summary by Bob.", "version": "0"})
    alices.post(save_url(proposal), {"text": "Summary by Alice.", "version": "0"})

    response = alices.get(page(proposal), headers=HTMX)  # what "Keep theirs" fetches

    assertContains(response, "Summary by Bob.</textarea>")
    assert loaded_version(response) == "1"
    assert revisions()[-1] == ("summary", None, "Summary by Alice.", "alice@amadora.example", True)


def test_autosave_from_a_stale_version_swaps_in_the_conflict_panel(both_loaded, proposal):
    bobs, alices = both_loaded
    bobs.post(save_url(proposal), {"text": "Summary by Bob.", "version": "0"}, headers=HTMX)

    response = alices.post(
        save_url(proposal), {"text": "Summary by Alice.", "version": "0"}, headers=HTMX
    )

    assert response.status_code == 409
    text = fragment_text(response)
    assert text.startswith(
        "Not saved — bob@amadora.example saved a newer version first: choose below which text "
        "to keep. bob@amadora.example saved this section while you were writing"
    )
    assert "Summary by Bob. Keep theirs" in text
    assert "Summary by Alice. Use mine" in text
    assertContains(
        response,
        '<input type="hidden" name="version" value="1" id="version-summary" hx-swap-oob="true">',
        html=True,
        status_code=409,
    )
    assertContains(response, '<div id="conflict-summary" hx-swap-oob="true">', status_code=409)

    use_mine = alices.post(
        save_url(proposal), {"text": "Summary by Alice.", "version": "1"}, headers=HTMX
    )

    assert use_mine.status_code == 200
    assertContains(use_mine, '<div id="conflict-summary" hx-swap-oob="true"></div>', html=True)
    assertContains(use_mine, 'value="2" id="version-summary"')
    assert sections(proposal)[0] == ("summary", "Summary by Alice.", 2)
    assert [row[1:] for row in revisions()] == [
        (1, "Summary by Bob.", "bob@amadora.example", False),
        (None, "Summary by Alice.", "alice@amadora.example", True),
        (2, "Summary by Alice.", "alice@amadora.example", False),
    ]


# No script reaches another user's browser


def test_a_script_in_every_section_never_reaches_a_readers_page(login, bob, dora, proposal):
    for key in KEYS:
        write(proposal, key, SCRIPT, bob)

    response = login(dora).get(page(proposal))

    text = re.compile(r'<div class="section-text" lang="en-gb">(.*?)</div>', re.S)
    assert [text.search(section_html(response, key))[1] for key in KEYS] == [
        " [y](javascript:alert(2))"
    ] * 8  # a line opening with a tag is HTML: the rest is text
    assertNotContains(response, 'alert("x")')
    assertNotContains(response, "onerror")
    assertNotContains(response, 'href="javascript')


def test_a_script_in_a_section_is_escaped_in_another_writers_box(login, bob, alice, proposal):
    write(proposal, "summary", SCRIPT, bob)

    response = login(alice).get(page(proposal))

    assertContains(response, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;", count=1)
    assertNotContains(response, '<script>alert("x")')


def test_a_script_in_a_conflict_is_escaped_on_both_sides(both_loaded, proposal):
    bobs, alices = both_loaded
    bobs.post(save_url(proposal), {"text": SCRIPT, "version": "0"})

    response = alices.post(save_url(proposal), {"text": SCRIPT + "!", "version": "0"}, headers=HTMX)

    assert "<script>alert" not in response.content.decode()
    assertContains(
        response, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;", count=2, status_code=409
    )


# Query counts stay constant as sections, revisions, comments and proposals grow


def grow(proposal, learning_set: LearningSet, bob, dora, *, times: int):
    """`times` more of everything: proposals of the set, and a save, a comment and a reply on
    each section (one of each at least, so that every prefetch has rows to fetch)."""
    for number in range(times):
        make_proposal(learning_set, title=f"Proposal {number}", by=bob)
        for section in proposal.sections.all():
            services.section_save(
                section=section,
                text=f"Version {section.version + 1}",
                version=section.version,
                by=bob,
            )
            remark = Comment.objects.create(
                proposal=proposal, section=section, author=dora, body=f"Remark {number}"
            )
            Comment.objects.create(
                proposal=proposal, section=section, parent=remark, author=bob, body="Answer"
            )


@pytest.mark.parametrize("role", ["bob", "dora"])
def test_the_proposal_page_issues_as_many_queries_whatever_its_size(
    as_role, role, count_queries, proposal, als, bob, dora
):
    as_role(role)
    grow(proposal, als, bob, dora, times=1)
    small = count_queries(page(proposal))

    grow(proposal, als, bob, dora, times=5)

    assert count_queries(page(proposal)) == small
    assert (Revision.objects.count(), Comment.objects.count()) == (48, 96)


@pytest.mark.parametrize("role", ["alice", "dora"])
def test_the_sets_proposals_issue_as_many_queries_whatever_their_number(
    as_role, role, count_queries, proposal, als, bob, dora
):
    as_role(role)
    grow(proposal, als, bob, dora, times=1)
    small = count_queries(list_url(als))

    grow(proposal, als, bob, dora, times=5)

    assert count_queries(list_url(als)) == small
    assert Proposal.objects.count() == 7
