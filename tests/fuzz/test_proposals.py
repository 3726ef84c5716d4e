"""Proposal section autosave, details, budget, comments, transitions, revision restore and
score sheets."""

import pytest
from django.http import QueryDict
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from proposals import scoring, workflow
from proposals.forms import SectionForm
from proposals.models import BudgetLine, Call, FundingSource, ReviewRound, Score, Section
from tests.fuzz import strategies as s
from tests.fuzz.harness import encode_form, example, no_error_message, post_checked, redirected

pytestmark = pytest.mark.django_db

AUTHORS = st.sampled_from(["member", "contact", "other_contact", "team"])


def url(name, world, *args):
    return reverse(f"proposals:{name}", args=[world.proposal.pk, *args])


@given(data=st.data(), htmx=st.booleans(), role=AUTHORS)
def test_section_save(world, data, htmx, role):
    """Saved text is the cleaned text at the next version; a refusal (4xx) changes nothing."""
    good_text = st.one_of(s.names, st.just("A longer paragraph.\n\nWith two parts."))
    version = st.sampled_from([str(world.section_version), "0", str(world.section_version + 1)])
    posted = data.draw(s.form(text=good_text, version=version))
    headers = {"HX-Request": "true"} if htmx else {}
    section = Section.objects.get(proposal=world.proposal, key=world.section_key)
    with example(world.users[role]) as client:
        form = SectionForm(QueryDict(encode_form(posted)), section=section)
        expected = form.cleaned_data["text"] if form.is_valid() else None
        response, diff = post_checked(
            client,
            url("section_save", world, world.section_key),
            posted,
            accepted=lambda r: r.status_code < 400 or r.status_code == 409,
            **headers,
        )
        if response.status_code == 409:  # a conflict keeps the writer's text as a revision
            assert diff == ["proposals.Revision"]
            assert section.revisions.order_by("-pk").first().is_conflict
        after = Section.objects.get(pk=section.pk)
        if after.version != section.version:
            assert role in ("member", "contact")
            assert (after.text, after.version) == (expected, section.version + 1)


@given(data=st.data(), role=AUTHORS)
def test_proposal_start(world, data, role):
    posted = data.draw(
        s.form(
            title=s.names,
            funding_call=s.ids(*Call.objects.values_list("pk", flat=True), 1),
            funding_source=st.sampled_from(FundingSource.values),
            language=st.sampled_from(["en-gb", "pt-pt", "EN-GB", "xx"]),
        )
    )
    learning_set = world.proposal.learning_set
    with example(world.users[role]) as client:
        start = reverse("proposals:for_learning_set", args=[learning_set.pk])
        post_checked(client, start, posted, accepted=redirected)


@given(data=st.data())
def test_proposal_details(world, data):
    posted = data.draw(
        s.form(
            title=s.names,
            acronym=s.names,
            funding_source=st.sampled_from(FundingSource.values),
            language=st.sampled_from(["en-gb", "pt-pt", "EN-GB", "xx"]),
            call=s.names,
            duration_months=st.integers(1, 60).map(str),
            planned_start=st.dates().map(str),
            co_financing_rate=st.decimals(0, 100, places=2).map(str),
            principles=st.integers(1, 11).map(str),
        )
    )
    with example(world.users["member"]) as client:
        post_checked(client, url("details", world), posted, accepted=redirected)


def budget_rows(world, count):
    row = {
        "line": s.ids(*BudgetLine.objects.values_list("pk", flat=True), 1),
        "category": st.sampled_from(["staff", "travel", "equipment", "other"]),
        "description": s.names,
        "amount": st.decimals(0, 10**6, places=2).map(str),
        "DELETE": st.sampled_from(["on", ""]),
    }
    return {f"lines-{n}-{name}": good for n in range(count) for name, good in row.items()}


def _removes(posted: dict, pk: int) -> bool:
    """The form names this line in a row ticked "Remove"."""
    rows = {name.split("-")[1] for name in posted if name.startswith("lines-")}
    return any(
        posted.get(f"lines-{n}-line") == [str(pk)] and posted.get(f"lines-{n}-DELETE") == ["on"]
        for n in rows
    )


@given(data=st.data(), count=st.integers(0, 3))
def test_budget_formset(world, data, count):
    """Besides the two properties: a saved line the form does not remove by name survives,
    whatever the management form says (a negative count once meant no rows: all deleted)."""
    counts = st.integers(-10, 10).map(str)
    management = {
        "lines-TOTAL_FORMS": st.one_of(st.just(str(count)), counts, s.hostile_string),
        "lines-INITIAL_FORMS": st.one_of(st.sampled_from(["0", "1"]), counts),
        "more_rows": None,
    }
    posted = data.draw(s.form(**management, **budget_rows(world, count)))
    if data.draw(st.booleans()):
        posted.pop("more_rows")
    with example(world.users["member"]) as client:
        saved = BudgetLine.objects.create(
            proposal=world.proposal, category="staff", description="Adviser", amount=1, position=1
        )
        post_checked(client, url("budget", world), posted, accepted=redirected)
        assert BudgetLine.objects.filter(pk=saved.pk).exists() or _removes(posted, saved.pk)


@given(data=st.data(), role=AUTHORS)
def test_comment_add(world, data, role):
    section = Section.objects.get(proposal=world.proposal, key=world.section_key)
    posted = data.draw(
        s.form(
            body=s.names,
            section=s.ids(section.pk, world.other_revision.section_id),
            parent=s.ids(world.comment.pk, world.other_comment.pk),
        )
    )
    with example(world.users[role]) as client:
        post_checked(client, url("comment_add", world), posted, accepted=redirected)


@given(data=st.data(), role=AUTHORS)
def test_comment_resolve(world, data, role):
    posted = data.draw(s.form(action=st.sampled_from(["resolve", "reopen"])))
    pk = data.draw(st.sampled_from([world.comment.pk, world.other_comment.pk]))
    with example(world.users[role]) as client:
        post_checked(client, url("comment_resolve", world, pk), posted, accepted=no_error_message)


@given(data=st.data(), role=AUTHORS, action=st.sampled_from(sorted(workflow.ACTIONS)))
def test_transitions(world, data, role, action):
    posted = data.draw(s.form(note=s.names))
    with example(world.users[role]) as client:
        post_checked(client, url("transition", world, action), posted, accepted=no_error_message)


@given(data=st.data(), role=AUTHORS)
def test_revision_restore(world, data, role):
    pk = data.draw(st.sampled_from([world.revision.pk, world.other_revision.pk]))
    with example(world.users[role]) as client:
        post_checked(
            client, url("restore", world, pk), data.draw(s.form()), accepted=no_error_message
        )


@given(data=st.data(), role=AUTHORS)
def test_score_sheet(world, data, role):
    """The world's proposal in its first round of review; a sheet taken holds a score on the
    scale for every criterion."""
    rubric = scoring.rubric_current(world.proposal.funding_source)
    criteria = list(rubric.criteria.all())
    fields = {"round": st.sampled_from(["1", "2"])}
    for criterion in criteria:
        fields[f"score-{criterion.pk}"] = st.integers(-2, 7).map(str)
        fields[f"note-{criterion.pk}"] = s.names
    posted = data.draw(s.form(**fields))
    with example(world.users[role]) as client:
        ReviewRound.objects.create(proposal=world.proposal, number=1, rubric_version=rubric)
        response, _ = post_checked(client, url("scores", world), posted, accepted=no_error_message)
        if no_error_message(response):
            assert role == "team"
            scores = Score.objects.filter(sheet__reviewer=world.users[role])
            assert sorted(scores.values_list("criterion", flat=True)) == [c.pk for c in criteria]
            assert all(0 <= score.value <= 5 for score in scores)
