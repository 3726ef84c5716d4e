"""The details of a proposal: title, acronym, funding, dates, co-financing rate, principles.

bob (member) and alice (contact) change them while the proposal is editable; dora (the team)
reads them, as does anybody of a public proposal; charlie and a staff account without
permissions get 404; anonymous visitors are asked to log in.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from pytest_django.asserts import assertNotContains, assertRedirects

from learningsets.models import CommonBasicPrinciple
from proposals import budget
from proposals.models import Proposal
from tests.pages import main_text

NOT_FOUND = (
    "Page not found There is nothing at this address, or you do not have access to it. "
    "Go to the home page"
)
NOT_SAVED = "The details were not saved: correct what is marked below. Nothing was changed."
DURATION_RANGE = "The duration is a whole number of months from 1 to 120."
RATE_RANGE = "The co-financing rate is a percentage from 0 to 100, with at most 2 decimals."
NOT_OFFERED = "%s is not one of the available choices."
HUGE = "99999999999999999999999"  # beyond any id, and beyond SQLite's integers
DETAILS = ("title", "acronym", "funding_source", "call", "duration_months", "planned_start",
           "co_financing_rate", "status")  # fmt: skip


def url(proposal) -> str:
    return f"/proposals/{proposal.pk}/details/"


def principle(number: int) -> CommonBasicPrinciple:
    return CommonBasicPrinciple.objects.get(number=number)


def details(proposal) -> dict:
    """What the page may change, as stored."""
    row = Proposal.objects.values(*DETAILS).get(pk=proposal.pk)
    row["principles"] = sorted(proposal.principles.values_list("number", flat=True))
    return row


def sections(proposal) -> list[tuple]:
    return list(
        proposal.sections.order_by("position").values_list("pk", "key", "char_limit", "text")
    )


def form_data(**changes) -> dict:
    data = {
        "title": "Small loans for ethnic minority entrepreneurs",
        "acronym": "AMA-LOANS",
        "funding_source": "erdf",
        "call": "Regional operational programme 2007–2013",
        "duration_months": "24",
        "planned_start": "2009-01-01",
        "co_financing_rate": "62.5",
        "principles": [str(principle(3).pk), str(principle(6).pk)],
    }
    return data | changes


# Who may.


@pytest.mark.parametrize("role", ["bob", "alice"])
def test_authors_see_the_form_with_the_current_details(as_role, role, proposal):
    proposal.principles.set([principle(3)])

    response = as_role(role).get(url(proposal))

    assert response.status_code == 200
    form = response.context["form"]
    assert form["title"].value() == "Start-up support for migrant entrepreneurs"
    assert form["funding_source"].value() == "erdf"
    assert str(form["co_financing_rate"].value()) == "75.00"
    assert [str(pk) for pk in form["principles"].value()] == [str(principle(3).pk)]
    text = main_text(response)
    assert "Changing it does not re-create the sections" in text
    assert "3. Employment is a key part of the integration process" in text
    assert "6. Access for immigrants to institutions" in text


def test_the_form_marks_the_principles_as_needed_to_submit(login, bob, proposal):
    text = main_text(login(bob).get(url(proposal)))

    assert (
        "Common Basic Principles served (at least one, to submit the proposal) "
        "1. Integration is a dynamic, two-way process"
    ) in text
    assert (
        "The details can be saved without one, but the proposal cannot be submitted for review."
    ) in text


READ_ONLY = (
    "Written in English Acronym — Funding source ERDF (European Regional Development Fund) "
    "Call or programme — "
    "Duration — Planned start — Co-financing rate 75 % Common Basic Principles served "
    "3. Employment is a key part of the integration process"
)


def test_the_team_reads_the_details_without_a_form(login, dora, proposal):
    proposal.principles.set([principle(3)])

    response = login(dora).get(url(proposal))

    assert response.status_code == 200
    assert "form" not in response.context
    assert READ_ONLY in main_text(response)
    assertNotContains(response, '<form method="post" novalidate>')


def test_the_team_changes_nothing(login, dora, proposal):
    before = details(proposal)

    response = login(dora).post(url(proposal), form_data())

    assert response.status_code == 403
    assert "Only the authors of a proposal change its details and budget." in main_text(response)
    assert details(proposal) == before


@pytest.mark.parametrize("role", ["anonymous", "charlie", "staff_without_permissions"])
def test_anybody_reads_the_details_of_a_public_proposal(as_role, role, proposal):
    proposal.principles.set([principle(3)])
    Proposal.objects.filter(pk=proposal.pk).update(status="approved", is_public=True)

    response = as_role(role).get(url(proposal))

    assert response.status_code == 200
    text = main_text(response)
    assert READ_ONLY in text
    assert "Proposals of ALS" not in text  # the learning set's proposals are not theirs to see
    assertNotContains(response, "/history/")


def test_a_reader_of_a_public_proposal_changes_nothing(login, charlie, proposal):
    Proposal.objects.filter(pk=proposal.pk).update(status="approved", is_public=True)
    before = details(proposal)

    response = login(charlie).post(url(proposal), form_data())

    assert response.status_code == 403
    assert "Only the authors of a proposal change its details and budget." in main_text(response)
    assert details(proposal) == before


def test_an_anonymous_change_to_a_public_proposal_asks_to_log_in(client, proposal):
    Proposal.objects.filter(pk=proposal.pk).update(status="approved", is_public=True)
    before = details(proposal)

    response = client.post(url(proposal), form_data())

    assertRedirects(
        response, f"/accounts/login/?next={url(proposal)}", fetch_redirect_response=False
    )
    assert details(proposal) == before


@pytest.mark.parametrize("role", ["charlie", "staff_without_permissions"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_others_get_404_and_change_nothing(as_role, role, method, proposal):
    before = details(proposal)
    client = as_role(role)

    response = (
        client.post(url(proposal), form_data()) if method == "post" else client.get(url(proposal))
    )

    assert response.status_code == 404
    assert main_text(response) == NOT_FOUND
    assert details(proposal) == before


def test_anonymous_visitors_are_asked_to_log_in(client, proposal):
    response = client.post(url(proposal), form_data())

    assertRedirects(
        response, f"/accounts/login/?next={url(proposal)}", fetch_redirect_response=False
    )
    assert details(proposal)["title"] == "Start-up support for migrant entrepreneurs"


@pytest.mark.parametrize("status", ["submitted", "in_review", "approved", "withdrawn"])
def test_authors_get_403_with_the_reason_when_the_status_forbids_changes(
    login, bob, proposal, status
):
    Proposal.objects.filter(pk=proposal.pk).update(status=status)
    before = details(proposal)

    response = login(bob).post(url(proposal), form_data())

    assert response.status_code == 403
    label = dict(Proposal.Status.choices)[status].lower()
    assert (
        f"This proposal is {label}: only a draft, or a proposal whose changes were requested, "
        "can be changed. Nothing was saved."
    ) in main_text(response)
    assert details(proposal) == before


def test_a_proposal_whose_changes_were_requested_can_be_changed(login, alice, proposal):
    Proposal.objects.filter(pk=proposal.pk).update(status="changes_requested")

    login(alice).post(url(proposal), form_data())

    assert details(proposal)["acronym"] == "AMA-LOANS"


# Saving.


def test_it_saves_every_detail_and_the_principles(login, bob, proposal):
    response = login(bob).post(url(proposal), form_data(), follow=True)

    assertRedirects(response, url(proposal))
    assert details(proposal) == {
        "title": "Small loans for ethnic minority entrepreneurs",
        "acronym": "AMA-LOANS",
        "funding_source": "erdf",
        "call": "Regional operational programme 2007–2013",
        "duration_months": 24,
        "planned_start": dt.date(2009, 1, 1),
        "co_financing_rate": Decimal("62.50"),
        "status": "draft",
        "principles": [3, 6],
    }
    assert "The details of the proposal were saved." in main_text(response)


def test_empty_optional_details_are_saved_empty(login, bob, proposal):
    login(bob).post(url(proposal), form_data())

    login(bob).post(
        url(proposal),
        form_data(acronym="", call="", duration_months="", planned_start="", principles=[]),
    )

    saved = details(proposal)
    assert (saved["acronym"], saved["call"], saved["duration_months"]) == ("", "", None)
    assert (saved["planned_start"], saved["principles"]) == (None, [])


def test_a_new_funding_source_keeps_the_sections_and_says_so(login, bob, proposal):
    proposal.sections.filter(key="summary").update(text="Our summary.")
    before = sections(proposal)

    response = login(bob).post(url(proposal), form_data(funding_source="national"), follow=True)

    assert details(proposal)["funding_source"] == "national"
    assert sections(proposal) == before
    assert (
        "The funding source is now National funding. The sections were not re-created: their "
        "texts and character limits stay as they were."
    ) in main_text(response)


def test_a_new_funding_source_warns_about_lines_in_its_missing_categories(login, bob, proposal):
    proposal.budget_lines.create(category="equipment", description="Laptops", amount=900)

    response = login(bob).post(url(proposal), form_data(funding_source="esf"), follow=True)

    assert (
        "1 budget line(s) are in a category that ESF (European Social Fund) budgets do not have: "
        "choose another category for them on the Budget page."
    ) in main_text(response)


# Bad input: the message on the page, what was typed kept, nothing saved.


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "This field is required."),
        ("title", "x" * 301, "Ensure this value has at most 300 characters (it has 301)."),
        ("acronym", "A" * 31, "Ensure this value has at most 30 characters (it has 31)."),
        ("funding_source", "lottery", f"Select a valid choice. {NOT_OFFERED % 'lottery'}"),
        ("duration_months", "0", DURATION_RANGE),
        ("duration_months", "121", DURATION_RANGE),
        ("duration_months", "two years", DURATION_RANGE),
        ("duration_months", "99999999999999999999999", DURATION_RANGE),
        ("planned_start", "2009-02-30", "Enter a valid date."),
        ("co_financing_rate", "-1", RATE_RANGE),
        ("co_financing_rate", "100.01", RATE_RANGE),
        ("co_financing_rate", "75.125", RATE_RANGE),
        ("co_financing_rate", "1e3", RATE_RANGE),
        ("co_financing_rate", "most", RATE_RANGE),
        ("co_financing_rate", "", RATE_RANGE),
        ("principles", ["999"], f"Select a valid choice. {NOT_OFFERED % '999'}"),
        ("principles", [HUGE], f"Select a valid choice. {NOT_OFFERED % HUGE}"),
        ("principles", ["three"], f"Select a valid choice. {NOT_OFFERED % 'three'}"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_with_its_message_and_nothing_changes(
    login, bob, proposal, field, value, message
):
    before = details(proposal)

    response = login(bob).post(url(proposal), form_data(**{field: value}))

    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    text = main_text(response)
    assert NOT_SAVED in text
    assert message in text
    assert response.context["form"]["call"].value() == "Regional operational programme 2007–2013"
    assert details(proposal) == before


def test_a_refused_post_does_not_show_the_unsaved_title_as_the_proposals(login, bob, proposal):
    response = login(bob).post(url(proposal), form_data(title="A new title", duration_months="0"))

    assert response.context["proposal"].title == "Start-up support for migrant entrepreneurs"
    assert "Details of Start-up support for migrant entrepreneurs" in main_text(response)


# The service.


def test_the_service_refuses_a_rate_beyond_100_percent(proposal):
    with pytest.raises(ValidationError) as refused:
        budget.proposal_details_update(
            proposal=proposal,
            title="A title",
            acronym="",
            funding_source="erdf",
            call="",
            duration_months=None,
            planned_start=None,
            co_financing_rate=Decimal("100.5"),
            principles=[],
        )

    assert refused.value.message_dict == {
        "co_financing_rate": ["Ensure this value is less than or equal to 100."]
    }
    assert details(proposal)["co_financing_rate"] == Decimal("75.00")


def test_the_service_refuses_a_proposal_that_is_not_editable(proposal):
    Proposal.objects.filter(pk=proposal.pk).update(status="submitted")

    with pytest.raises(ValidationError) as refused:
        budget.proposal_details_update(
            proposal=proposal,
            title="A title",
            acronym="",
            funding_source="erdf",
            call="",
            duration_months=None,
            planned_start=None,
            co_financing_rate=Decimal("50"),
            principles=[],
        )

    assert refused.value.messages == [budget.NOT_EDITABLE.format(status="submitted")]
    assert details(proposal)["title"] == "Start-up support for migrant entrepreneurs"


def test_the_page_issues_as_many_queries_with_principles_chosen_as_without(
    login, bob, proposal, count_queries
):
    login(bob)
    none = count_queries(url(proposal))
    proposal.principles.set(CommonBasicPrinciple.objects.all())

    assert count_queries(url(proposal)) == none
