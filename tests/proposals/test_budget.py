"""The budget: the figures computed in one place, the budget page and its formset, bad input.

bob (member) and alice (contact) edit the budget of a draft; dora (the team) reads it, as
does anybody of a public proposal, and neither changes it; charlie and a staff account without
permissions get 404; anonymous visitors are asked to log in.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from pytest_django.asserts import assertRedirects

from proposals import budget
from proposals.budget import LineInput, budget_lines_save, budget_summary
from proposals.models import BudgetLine, FundingSource, Proposal
from tests.pages import main_text
from tests.proposals.factories import make_proposal

NOT_FOUND = (
    "Page not found There is nothing at this address, or you do not have access to it. "
    "Go to the home page"
)
NOT_SAVED = "The budget lines were not saved: correct what is marked below. Nothing was changed."
D = Decimal


def url(proposal) -> str:
    return f"/proposals/{proposal.pk}/budget/"


def add_lines(proposal, *lines):
    """Lines written directly: (category, description, amount)."""
    return BudgetLine.objects.bulk_create(
        BudgetLine(proposal=proposal, category=c, description=d, amount=D(a), position=n)
        for n, (c, d, a) in enumerate(lines, start=1)
    )


def saved_lines(proposal) -> list[tuple]:
    return list(
        proposal.budget_lines.order_by("position", "pk").values_list(
            "category", "description", "amount", "position"
        )
    )


def form_data(*rows, initial=0, total=None) -> dict:
    """The budget form as a browser posts it: rows of (line pk, category, description, amount
    [, remove])."""
    data = {
        "lines-TOTAL_FORMS": str(len(rows) if total is None else total),
        "lines-INITIAL_FORMS": str(initial),
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "200",
    }
    for index, (pk, category, description, amount, *remove) in enumerate(rows):
        data |= {
            f"lines-{index}-line": "" if pk is None else str(pk),
            f"lines-{index}-category": category,
            f"lines-{index}-description": description,
            f"lines-{index}-amount": amount,
        }
        if remove:
            data[f"lines-{index}-DELETE"] = "on"
    return data


def set_status(proposal, status, **fields) -> Proposal:
    Proposal.objects.filter(pk=proposal.pk).update(status=status, **fields)
    proposal.refresh_from_db()
    return proposal


# The figures: one function, Decimal maths, cents rounded half up.


def test_it_computes_the_totals_the_grant_and_the_own_contribution(proposal):
    add_lines(
        proposal,
        ("staff", "Business adviser, half time", "1000.10"),
        ("travel", "Visits to businesses", "2500"),
        ("staff", "Coordination", "0.05"),
    )

    summary = budget_summary(proposal)

    assert [(c.category, c.label, c.total) for c in summary.categories] == [
        ("staff", "Staff", D("1000.15")),
        ("travel", "Travel and subsistence", D("2500.00")),
    ]
    assert (summary.total, summary.rate, summary.grant, summary.own_contribution) == (
        D("3500.15"),
        D("75.00"),
        D("2625.11"),
        D("875.04"),
    )


@pytest.mark.parametrize(
    ("amount", "rate", "grant", "own"),
    [
        ("0.01", "50", "0.01", "0.00"),  # half a cent rounds up
        ("0.03", "50", "0.02", "0.01"),
        ("1000.00", "0", "0.00", "1000.00"),
        ("1000.00", "100", "1000.00", "0.00"),
        ("333.33", "33.33", "111.10", "222.23"),
        ("9999999999.99", "80", "7999999999.99", "2000000000.00"),
    ],
)
def test_the_grant_is_rounded_to_the_cent_half_up(proposal, amount, rate, grant, own):
    Proposal.objects.filter(pk=proposal.pk).update(co_financing_rate=D(rate))
    proposal.refresh_from_db()
    add_lines(proposal, ("staff", "Staff", amount))

    summary = budget_summary(proposal)

    assert (summary.total, summary.grant, summary.own_contribution) == (D(amount), D(grant), D(own))


def test_a_budget_without_lines_is_all_zero(proposal):
    summary = budget_summary(proposal)

    assert (summary.lines, summary.categories) == ([], [])
    assert (summary.total, summary.grant, summary.own_contribution) == (D("0.00"),) * 3


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-0.01", "An amount cannot be negative."),
        ("10000000000", budget.TOO_LARGE_AMOUNT),
        ("1E+11", budget.TOO_LARGE_AMOUNT),
        ("1.005", "Amounts are in euros and cents: use at most 2 decimal places."),
        ("NaN", "Enter an amount in euros, such as 1250 or 1250.50."),
    ],
)
def test_check_amount_refuses_what_is_not_an_amount_in_cents(amount, message):
    with pytest.raises(ValidationError) as refused:
        budget.check_amount(D(amount))

    assert refused.value.messages == [message]


def test_check_amount_accepts_trailing_zeros_as_cents():
    assert budget.check_amount(D("12.500")) == D("12.50")


# The service: the whole budget at once, or nothing.


def test_it_saves_the_lines_in_order_keeping_changing_and_removing(proposal):
    staff, travel = add_lines(proposal, ("staff", "Adviser", "100"), ("travel", "Trips", "50"))

    summary = budget_lines_save(
        proposal=proposal,
        lines=[
            LineInput("equipment", "Laptops", D("900.50")),
            LineInput("staff", "Adviser, full time", D("200"), pk=staff.pk),
        ],
        removed=[travel.pk],
    )

    assert saved_lines(proposal) == [
        ("equipment", "Laptops", D("900.50"), 1),
        ("staff", "Adviser, full time", D("200.00"), 2),
    ]
    assert proposal.budget_lines.get(description="Adviser, full time").pk == staff.pk
    assert not BudgetLine.objects.filter(pk=travel.pk).exists()
    assert (summary.total, summary.grant) == (D("1100.50"), D("825.38"))


def test_the_service_refuses_a_category_the_funding_source_has_not(proposal):
    add_lines(proposal, ("staff", "Adviser", "100"))
    before = saved_lines(proposal)

    with pytest.raises(ValidationError) as refused:
        budget_lines_save(
            proposal=proposal,
            lines=[
                LineInput("staff", "Adviser", D("100")),
                LineInput("participants", "Allowances", D("10")),
            ],
        )

    assert refused.value.messages == [
        "Line 2: “Participants' costs” is not a budget category of ERDF (European Regional "
        "Development Fund). Choose one of: Staff, Travel and subsistence, Equipment, "
        "Infrastructure and works, External expertise and services, Other."
    ]
    assert saved_lines(proposal) == before


def test_the_service_refuses_a_line_of_another_proposal(proposal, other_als, charlie):
    (theirs,) = add_lines(make_proposal(other_als, by=charlie), ("staff", "Theirs", "1"))

    with pytest.raises(ValidationError) as refused:
        budget_lines_save(
            proposal=proposal, lines=[LineInput("staff", "Mine now", D("2"), pk=theirs.pk)]
        )

    assert refused.value.messages == [budget.LINE_GONE]
    assert BudgetLine.objects.get(pk=theirs.pk).description == "Theirs"
    assert saved_lines(proposal) == []


@pytest.mark.parametrize("lines", [[], [("Adviser", "staff")], [("Adviser", "staff")] * 2])
def test_the_service_deletes_no_line_it_was_not_asked_to_remove(proposal, lines):
    staff, travel = add_lines(proposal, ("staff", "Adviser", "100"), ("travel", "Trips", "50"))
    pks = {"staff": staff.pk, "travel": travel.pk}
    before = saved_lines(proposal)

    with pytest.raises(ValidationError) as refused:
        budget_lines_save(
            proposal=proposal,
            lines=[LineInput("staff", text, D("1"), pk=pks[key]) for text, key in lines],
            removed=[],
        )

    assert refused.value.messages == [budget.LINES_UNACCOUNTED]
    assert saved_lines(proposal) == before


@pytest.mark.parametrize("status", ["submitted", "in_review", "approved", "withdrawn"])
def test_the_service_refuses_a_proposal_that_cannot_be_changed(proposal, status):
    set_status(proposal, status)

    with pytest.raises(ValidationError) as refused:
        budget_lines_save(proposal=proposal, lines=[LineInput("staff", "Adviser", D("1"))])

    label = dict(Proposal.Status.choices)[status].lower()
    assert refused.value.messages == [budget.NOT_EDITABLE.format(status=label)]
    assert saved_lines(proposal) == []


def test_the_service_refuses_more_lines_than_a_budget_holds(proposal):
    lines = [LineInput("staff", f"Line {n}", D("1")) for n in range(budget.MAX_LINES + 1)]

    with pytest.raises(ValidationError) as refused:
        budget_lines_save(proposal=proposal, lines=lines)

    assert refused.value.messages == ["A budget has at most 200 lines."]
    assert saved_lines(proposal) == []


# The page: who may.


@pytest.mark.parametrize("role", ["bob", "alice"])
def test_authors_see_the_budget_form_and_the_figures(as_role, role, proposal):
    add_lines(proposal, ("staff", "Adviser", "1000.10"), ("travel", "Trips", "2500"))

    response = as_role(role).get(url(proposal))

    assert response.status_code == 200
    text = main_text(response)
    assert "Total eligible cost €3,500.10" in text
    assert "Requested grant (75 %) €2,625.08" in text
    assert "Own contribution €875.02" in text
    form = response.context["formset"].forms[0]
    assert form["description"].value() == "Adviser"
    assert [value for value, _ in form.fields["category"].widget.choices] == [
        "", "staff", "travel", "equipment", "infrastructure", "external_expertise", "other",
    ]  # fmt: skip


def test_the_team_reads_the_budget_and_changes_nothing(login, dora, proposal):
    add_lines(proposal, ("staff", "Adviser", "100"))
    client = login(dora)

    read = client.get(url(proposal))
    posted = client.post(url(proposal), form_data((None, "staff", "More", "5")))

    assert (read.status_code, posted.status_code) == (200, 403)
    assert "formset" not in read.context
    assert "Staff Adviser €100.00" in main_text(read)
    assert "Only the authors of a proposal change its details and budget." in main_text(posted)
    assert saved_lines(proposal) == [("staff", "Adviser", D("100.00"), 1)]


@pytest.mark.parametrize("role", ["charlie", "staff_without_permissions"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_others_get_404_and_change_nothing(as_role, role, method, proposal):
    client = as_role(role)
    data = form_data((None, "staff", "Adviser", "10"))

    response = client.post(url(proposal), data) if method == "post" else client.get(url(proposal))

    assert response.status_code == 404
    assert main_text(response) == NOT_FOUND
    assert saved_lines(proposal) == []


def test_anonymous_visitors_are_asked_to_log_in(client, proposal):
    response = client.get(url(proposal))

    assertRedirects(response, f"/accounts/login/?next={url(proposal)}")


@pytest.mark.parametrize("role", ["anonymous", "charlie"])
def test_anybody_reads_the_budget_of_a_public_proposal(as_role, role, proposal):
    add_lines(proposal, ("staff", "Adviser", "100"))
    set_status(proposal, "approved", is_public=True)

    response = as_role(role).get(url(proposal))

    assert response.status_code == 200
    text = main_text(response)
    assert "Staff Adviser €100.00" in text
    assert "Proposals of ALS" not in text
    assert "Change the rate" not in text


def test_the_budget_of_a_public_proposal_is_not_editable_by_the_public(login, charlie, proposal):
    set_status(proposal, "approved", is_public=True)

    response = login(charlie).post(url(proposal), form_data((None, "staff", "More", "5")))

    assert response.status_code == 403
    assert "Only the authors of a proposal change its details and budget." in main_text(response)
    assert saved_lines(proposal) == []


@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_authors_get_403_with_the_reason_when_the_status_forbids_changes(
    login, bob, proposal, status
):
    add_lines(proposal, ("staff", "Adviser", "100"))
    set_status(proposal, status)
    client = login(bob)

    response = client.post(url(proposal), form_data((None, "staff", "More", "5")))

    assert response.status_code == 403
    label = dict(Proposal.Status.choices)[status].lower()
    text = main_text(response)
    assert budget.NOT_EDITABLE.format(status=label) in text
    assert "Staff Adviser €100.00" in text
    assert saved_lines(proposal) == [("staff", "Adviser", D("100.00"), 1)]


# The page: saving.


def test_it_saves_new_lines_and_shows_the_figures(login, bob, proposal):
    client = login(bob)
    data = form_data(
        (None, "staff", "Business adviser, half time", "1000.10"),
        (None, "travel", "Visits to businesses", "2500"),
        (None, "staff", "Coordination", "0.05"),
        (None, "", "", ""),  # an empty extra row is left out
    )

    response = client.post(url(proposal), data, follow=True)

    assertRedirects(response, url(proposal))
    assert saved_lines(proposal) == [
        ("staff", "Business adviser, half time", D("1000.10"), 1),
        ("travel", "Visits to businesses", D("2500.00"), 2),
        ("staff", "Coordination", D("0.05"), 3),
    ]
    text = main_text(response)
    assert "The budget was saved: total eligible cost €3,500.15, requested grant €2,625.11." in text
    assert "Staff €1,000.15 Travel and subsistence €2,500.00" in text
    assert "Total eligible cost €3,500.15 Requested grant (75 %) €2,625.11" in text
    assert "Own contribution €875.04" in text


def test_it_changes_and_removes_existing_lines(login, bob, proposal):
    staff, travel = add_lines(proposal, ("staff", "Adviser", "100"), ("travel", "Trips", "50"))
    data = form_data(
        (staff.pk, "staff", "Adviser, full time", "200"),
        (travel.pk, "travel", "Trips", "50", "remove"),
        initial=2,
    )

    login(bob).post(url(proposal), data)

    assert saved_lines(proposal) == [("staff", "Adviser, full time", D("200.00"), 1)]
    assert proposal.budget_lines.get().pk == staff.pk


def test_add_a_row_without_javascript_keeps_the_input_and_saves_nothing(login, bob, proposal):
    data = form_data((None, "staff", "Adviser", "100")) | {"more_rows": "1"}

    response = login(bob).post(url(proposal), data)

    formset = response.context["formset"]
    assert len(formset.forms) == 2
    assert formset.forms[0]["description"].value() == "Adviser"
    assert formset.forms[1]["description"].value() is None
    assert saved_lines(proposal) == []


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-5", "An amount cannot be negative."),
        ("lots", "Enter an amount in euros, such as 1250 or 1250.50."),
        ("1,000", "Enter an amount in euros, such as 1250 or 1250.50."),
        ("Infinity", "Enter an amount in euros, such as 1250 or 1250.50."),
        ("12.345", "Amounts are in euros and cents: use at most 2 decimal places."),
        ("1e11", budget.TOO_LARGE_AMOUNT),
        ("100000000000000000000000000000000000", budget.TOO_LARGE_AMOUNT),
        ("", "Enter the amount in euros."),
    ],
)
def test_a_bad_amount_is_refused_with_its_message_and_nothing_changes(
    login, bob, proposal, amount, message
):
    (kept,) = add_lines(proposal, ("staff", "Adviser", "100"))
    data = form_data(
        (kept.pk, "staff", "Adviser, changed", "150"),
        (None, "travel", "Trips", amount),
        initial=1,
    )

    response = login(bob).post(url(proposal), data)

    assert response.status_code == 200
    text = main_text(response)
    assert NOT_SAVED in text
    assert message in text
    assert response.context["formset"].errors[1] == {"amount": [message]}
    assert saved_lines(proposal) == [("staff", "Adviser", D("100.00"), 1)]


def test_a_category_the_funding_source_has_not_is_refused(login, bob, proposal):
    data = form_data((None, "staff", "Adviser", "100"), (None, "participants", "Fees", "10"))

    response = login(bob).post(url(proposal), data)

    message = (
        "“Participants' costs” is not a budget category of ERDF (European Regional Development "
        "Fund). Choose one of: Staff, Travel and subsistence, Equipment, Infrastructure and "
        "works, External expertise and services, Other."
    )
    assert response.context["formset"].errors[1] == {"category": [message]}
    assert message in main_text(response)
    assert saved_lines(proposal) == []


def test_an_unknown_category_is_refused(login, bob, proposal):
    response = login(bob).post(url(proposal), form_data((None, "bribes", "Envelopes", "10")))

    assert response.context["formset"].errors[0] == {
        "category": [
            "“bribes” is not a budget category of ERDF (European Regional Development Fund). "
            "Choose one of: Staff, Travel and subsistence, Equipment, Infrastructure and works, "
            "External expertise and services, Other."
        ]
    }
    assert saved_lines(proposal) == []


def test_a_row_without_description_or_category_is_refused(login, bob, proposal):
    response = login(bob).post(url(proposal), form_data((None, "", "", "10")))

    assert response.context["formset"].errors[0] == {
        "category": ["This field is required."],
        "description": ["Describe the cost."],
    }
    assert saved_lines(proposal) == []


def test_a_line_kept_from_another_funding_source_is_shown_and_must_be_moved(login, bob, proposal):
    (line,) = add_lines(proposal, ("equipment", "Laptops", "900"))
    Proposal.objects.filter(pk=proposal.pk).update(funding_source=FundingSource.ESF)
    client = login(bob)

    page = client.get(url(proposal))
    response = client.post(
        url(proposal), form_data((line.pk, "equipment", "Laptops", "900"), initial=1)
    )

    assert (
        "1 line is in a category that ESF (European Social Fund) budgets do not have"
        in main_text(page)
    )
    form = page.context["formset"].forms[0]
    assert form["category"].value() == "equipment"
    assert ("equipment", "Equipment (not a category of this source)") in form.fields[
        "category"
    ].widget.choices
    assert response.context["formset"].errors[0] == {
        "category": [
            "“Equipment” is not a budget category of ESF (European Social Fund). Choose one "
            "of: Staff, Travel and subsistence, External expertise and services, Participants' "
            "costs, Other."
        ]
    }


def test_a_line_of_another_proposal_posted_by_hand_changes_nothing(
    login, bob, charlie, proposal, other_als
):
    (theirs,) = add_lines(make_proposal(other_als, by=charlie), ("staff", "Theirs", "1"))
    data = form_data((theirs.pk, "staff", "Mine now", "2"), initial=1)

    response = login(bob).post(url(proposal), data)

    assert budget.LINE_GONE in main_text(response)
    assert BudgetLine.objects.get(pk=theirs.pk).description == "Theirs"
    assert saved_lines(proposal) == []


@pytest.mark.parametrize("line", ["abc", "0", "-3"])
def test_a_row_naming_no_line_is_refused(login, bob, proposal, line):
    (kept,) = add_lines(proposal, ("staff", "Adviser", "100"))
    data = form_data((kept.pk, "staff", "Adviser", "100"), (None, "travel", "Trips", "5"))
    data["lines-1-line"] = line

    response = login(bob).post(url(proposal), data)

    message = "This row names no line of the budget: reload the page and make your change again."
    assert response.context["formset"].errors[1] == {"line": [message]}
    assert message in main_text(response)
    assert saved_lines(proposal) == [("staff", "Adviser", D("100.00"), 1)]


def test_a_form_without_its_management_fields_is_refused(login, bob, proposal):
    response = login(bob).post(url(proposal), {"lines-0-description": "Adviser"})

    assert (
        "The budget form arrived incomplete: reload the page and save again. Nothing was saved."
        in main_text(response)
    )
    assert saved_lines(proposal) == []


BAD_COUNTS = (
    "The budget form arrived altered (its count of rows is wrong): reload the page and save "
    "again. Nothing was saved."
)


@pytest.mark.parametrize(
    ("total", "initial", "message"),
    [
        ("-5", "2", BAD_COUNTS),  # Django would take it for no rows: every line deleted
        ("-1", "0", BAD_COUNTS),
        ("2", "-1", BAD_COUNTS),
        ("2", "3", BAD_COUNTS),
        ("0", "0", budget.LINES_UNACCOUNTED),  # a form that lists no row of the budget
        ("1", "1", budget.LINES_UNACCOUNTED),  # a form that lists one of the two lines
        ("1", "2", BAD_COUNTS),
        ("", "2", NOT_SAVED),
    ],
)
def test_a_malformed_management_form_is_refused_and_deletes_no_line(
    login, bob, proposal, total, initial, message
):
    staff, travel = add_lines(proposal, ("staff", "Adviser", "100"), ("travel", "Trips", "50"))
    before = saved_lines(proposal)
    data = form_data(
        (staff.pk, "staff", "Adviser", "100"), (travel.pk, "travel", "Trips", "50"), initial=initial
    )
    data["lines-TOTAL_FORMS"] = total

    response = login(bob).post(url(proposal), data)

    assert response.status_code == 200
    assert message in main_text(response)
    assert saved_lines(proposal) == before


def test_more_lines_than_a_budget_holds_are_refused(login, bob, proposal):
    rows = [(None, "staff", f"Line {n}", "1") for n in range(budget.MAX_LINES + 1)]

    response = login(bob).post(url(proposal), form_data(*rows))

    assert "A budget has at most 200 lines." in main_text(response)
    assert saved_lines(proposal) == []


def test_the_page_issues_as_many_queries_with_many_lines_as_with_one(
    login, bob, proposal, count_queries
):
    login(bob)
    add_lines(proposal, ("staff", "Adviser", "1"))
    one = count_queries(url(proposal))
    add_lines(proposal, *[("travel", f"Trip {n}", "10") for n in range(40)])

    assert count_queries(url(proposal)) == one


def test_the_proposal_page_shows_the_budget_figures(login, bob, proposal):
    BudgetLine.objects.create(
        proposal=proposal, category="staff", description="Adviser", amount=1000
    )

    response = login(bob).get(f"/proposals/{proposal.pk}/")

    assert '<td class="text-end text-nowrap" data-figure="total">€1,000.00</td>' in response.text
    assert '<td class="text-end text-nowrap" data-figure="grant">€750.00</td>' in response.text
