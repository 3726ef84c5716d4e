"""The demo proposals: one per demo city's enterprise learning set, written through the services."""

import datetime as dt
import io
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from demo.data import load_demo
from demo.proposals import AMADORA
from proposals.budget import budget_summary
from proposals.models import BudgetLine, Comment, Proposal, Revision, Section, Transition
from tests.pages import main_text

AT = dt.datetime(2030, 5, 6, 12, tzinfo=dt.UTC)
TEAM = "team@mile.example"


def member(city: str) -> str:
    """The demo ALS member with an account in the city's enterprise learning set."""
    return f"economy-councillor@{city}.mile.example"


def everything() -> dict[str, list[dict]]:
    """Every proposal row the demo writes, field by field."""
    models = [Proposal, Proposal.principles.through, Section, Revision, BudgetLine, Comment,
              Transition]  # fmt: skip
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in models}


def proposal_of(partner: str) -> Proposal:
    return Proposal.objects.select_related("learning_set__sub_theme").get(
        learning_set__partner__slug=partner
    )


@pytest.fixture
def demo(db):
    load_demo(at=AT)


def test_each_demo_city_has_a_proposal_of_its_enterprise_set(demo):
    proposals = Proposal.objects.order_by("learning_set__partner__name")

    assert [
        (
            p.learning_set.partner.name,
            p.learning_set.sub_theme.number,
            p.status,
            p.is_public,
            p.funding_source,
        )
        for p in proposals
    ] == [
        ("Amadora", 1, "approved", True, "erdf"),
        ("Komotini", 1, "draft", False, "erdf"),
        ("Sevilla", 1, "submitted", False, "esf"),
        ("Torino", 1, "draft", False, "national"),
    ]
    assert sorted(proposal_of("amadora").principles.values_list("number", flat=True)) == [3, 6]


def test_the_sections_were_written_by_the_demo_als_member_with_revisions(demo):
    amadora = proposal_of("amadora")
    summary = amadora.sections.get(key="summary")

    assert summary.version == 2
    assert [
        (r.version, r.author.email, r.text[:40]) for r in summary.revisions.order_by("created_at")
    ] == [
        (1, "economy-councillor@amadora.mile.example", "A desk in the town hall where ethnic min"),
        (2, "economy-councillor@amadora.mile.example", "A **small-loans and business advice desk"),
    ]
    assert amadora.sections.filter(text="").count() == 0
    assert Revision.objects.filter(section__proposal=amadora).count() == 10
    komotini = proposal_of("komotini")
    assert list(komotini.sections.exclude(text="").values_list("key", flat=True)) == [
        "summary",
        "context",
        "objectives",
    ]
    assert not Revision.objects.exclude(author__memberships__learning_set__sub_theme__number=1)


def test_the_team_commented_and_the_members_replied(demo):
    threads = Comment.objects.filter(parent__isnull=True).order_by("proposal__learning_set")

    assert [
        (
            c.proposal.learning_set.partner.name,
            c.section.key,
            c.author.email,
            [r.author.email for r in c.replies.all()],
            c.resolved_at is not None,
        )
        for c in threads
    ] == [
        ("Amadora", "results", TEAM, [member("amadora")], True),
        ("Komotini", "context", TEAM, [], False),
        ("Sevilla", "partnership", TEAM, [member("sevilla")], False),
        ("Torino", "summary", TEAM, [member("torino")], False),
    ]


def test_amadoras_proposal_went_through_the_workflow_and_has_a_budget(demo):
    amadora = proposal_of("amadora")

    assert [
        (t.from_status, t.to_status, t.by.email, t.at.date()) for t in amadora.transitions.all()
    ] == [
        ("draft", "submitted", "economy-councillor@amadora.mile.example", dt.date(2030, 4, 22)),
        ("submitted", "in_review", "team@mile.example", dt.date(2030, 4, 26)),
        ("in_review", "approved", "team@mile.example", dt.date(2030, 5, 2)),
        ("approved", "approved", "team@mile.example", dt.date(2030, 5, 2)),
    ]
    assert [(t.from_status, t.to_status) for t in proposal_of("sevilla").transitions.all()] == [
        ("draft", "submitted")
    ]
    summary = budget_summary(amadora)
    assert [(c.label, c.total) for c in summary.categories] == [
        ("Staff", Decimal("100800.00")),
        ("Travel and subsistence", Decimal("6200.00")),
        ("Equipment", Decimal("4800.00")),
        ("External expertise and services", Decimal("9500.00")),
        ("Other", Decimal("3100.00")),
    ]
    assert (summary.total, summary.rate, summary.grant, summary.own_contribution) == (
        Decimal("124400.00"),
        Decimal("75.00"),
        Decimal("93300.00"),
        Decimal("31100.00"),
    )


def test_every_demo_text_fits_its_sections_limit(demo):
    assert [s for s in Section.objects.all() if s.is_over_limit] == []


def test_loading_the_demo_twice_changes_nothing(demo):
    before = everything()

    load_demo(at=AT + dt.timedelta(days=30))

    assert everything() == before


def test_the_demo_command_prints_the_public_proposal(db):
    out = StringIO()

    call_command("load_demo", stdout=out)

    amadora = proposal_of("amadora")
    assert f"Public proposal: /proposals/{amadora.pk}/\n" in out.getvalue()


def test_the_public_proposal_is_in_the_library_and_its_pdf_downloads(client, demo):
    amadora = proposal_of("amadora")

    library = main_text(client.get("/proposals/"))
    response = client.get(f"/proposals/{amadora.pk}/pdf/")

    assert (
        f"Enterprise support and development {AMADORA.title} (AMA-START) Amadora · ERDF" in library
    )
    assert "Sevilla" not in library
    assert response["Content-Disposition"] == 'attachment; filename="ama-start.pdf"'
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split()
    )
    assert "Total eligible cost €124,400.00 Co-financing rate 75 %" in text
    assert "Requested grant €93,300.00" in text


@pytest.mark.parametrize("partner", ["komotini", "sevilla", "torino"])
def test_the_other_proposals_are_not_public(client, demo, partner):
    proposal = proposal_of(partner)

    assert client.get(f"/proposals/{proposal.pk}/pdf/").status_code == 404


def test_the_demo_proposals_are_english_whatever_their_partners_language(db, settings):
    # Their texts are English: once Portuguese, Greek, Spanish and Italian are offered, their
    # partners' languages, they stay English, their sections' titles too.
    settings.LANGUAGES = list(settings.MILE_LANGUAGES.items())

    load_demo(at=AT)

    assert set(Proposal.objects.values_list("language", flat=True)) == {"en-gb"}
    assert proposal_of("amadora").sections.get(key="summary").title == "Summary"
