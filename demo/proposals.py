"""The demo proposals: one per demo city's enterprise learning set, written as users write them
(through the services, so revisions, comments and workflow steps exist). Amadora's is approved
and public, Sevilla's submitted, Komotini's and Torino's drafts. Part of `demo.data.load_demo`:
a proposal that exists already is left as it is.

The texts draw on the MILE handbook's section on ethnic entrepreneurship: access to finance and
small loans, the voice of ethnic minority businesses, Common Basic Principles 3 and 6.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from learningsets.models import CommonBasicPrinciple, LearningSet
from proposals import comments, services, workflow
from proposals.budget import LineInput, budget_lines_save, proposal_details_update
from proposals.models import Proposal


@dataclass(frozen=True)
class Thread:
    """A comment of the management team on a section, the ALS member's reply, and whether the
    team resolved it."""

    section: str
    comment: str
    reply: str = ""
    resolved: bool = False


@dataclass(frozen=True)
class DemoProposal:
    partner: str
    title: str
    acronym: str
    funding_source: str
    call: str
    duration_months: int
    planned_start: dt.date
    principles: list[int]
    # Each section's texts in the order they were saved: the last one is the section's text.
    sections: dict[str, list[str]]
    status: str = Proposal.Status.DRAFT
    # The language its texts are written in: the demo's are English, whatever its partner's.
    language: str = "en-gb"
    budget: list[tuple[str, str, str]] = field(default_factory=list)
    threads: list[Thread] = field(default_factory=list)


AMADORA = DemoProposal(
    partner="amadora",
    title="A small-loans and business advice desk for ethnic minority entrepreneurs",
    acronym="AMA-START",
    funding_source="erdf",
    call="Regional operational programme 2007–2013: support for small and micro enterprises",
    duration_months=24,
    planned_start=dt.date(2009, 1, 1),
    principles=[3, 6],
    status=Proposal.Status.APPROVED,
    sections={
        "summary": [
            "A desk in the town hall where ethnic minority entrepreneurs get advice on starting "
            "a business and help with applying for small loans.",
            "A **small-loans and business advice desk** in Amadora's town hall for entrepreneurs "
            "from ethnic minorities. Advisers help people prepare a business plan, apply for a "
            "small loan and talk to banks, in the languages of the main communities. The desk "
            "is run with the ethnic minority business network and the regional Managing "
            "Authority, and brings the voice of these businesses into local policy.",
        ],
        "context": [
            "Ethnic minority entrepreneurs in Amadora mostly run small and micro enterprises, "
            "often serving their own community. They tend to need small loans, which are less "
            "attractive for banks, so their access to bank financing is very limited, "
            "particularly in the start-up phase. Differences in language, culture and education "
            "are often perceived as barriers to financing, and perceived discrimination can "
            "make them worse.\n\n"
            "The Action Learning Set found that these entrepreneurs rarely use the existing "
            "advice services, and that banks and advisers seldom meet them.",
        ],
        "objectives": [
            "1. Give ethnic minority entrepreneurs one place for advice on starting and growing "
            "a business.\n"
            "2. Help them prepare applications for small loans, and talk with banks about their "
            "needs.\n"
            "3. Open a regular dialogue between the town hall, the banks and ethnic minority "
            "businesses.",
        ],
        "target_groups": [
            "- People from ethnic minorities who want to start a business, young people and "
            "women in particular.\n"
            "- Owners of micro enterprises who want to grow beyond their own community's "
            "market.\n"
            "- Local bank branches and micro-credit providers.",
        ],
        "activities": [
            "**Months 1–3:** set up the desk; train two business advisers on small loans and "
            "intercultural communication.\n\n"
            "**Months 4–24:** the desk is open four days a week for individual advice; a "
            "monthly information session with a bank; leaflets in the main community "
            "languages.\n\n"
            "**Every quarter:** the Local Support Group meets representatives of ethnic "
            "minority businesses to review the desk's work.",
        ],
        "results": [
            "- About 120 first interviews and 40 loan applications a year.\n"
            "- At least 20 new businesses started in the two years.",
            "- About 120 first interviews and 40 loan applications a year.\n"
            "- At least 20 new businesses started in the two years.\n"
            "- Eight meetings with ethnic minority businesses, their conclusions sent to the "
            "municipality and the Managing Authority.\n\n"
            "The desk counts the indicators every month and reports them to the Local Support "
            "Group.",
        ],
        "partnership": [
            "The desk grows out of the work of ALS Amadora on enterprise support: the "
            "councillor for economic development, the town hall's business adviser, the ethnic "
            "minority business network and the programme manager of the Managing Authority. "
            "With Amadora's two other learning sets they form the Local Support Group, which "
            "steers the project.",
        ],
        "sustainability": [
            "After two years the town hall intends to keep the desk within its economic "
            "development services. What works is shared with the MILE partners at the "
            "Transnational Exchange Workshops and proposed to the Managing Authority for the "
            "regional operational programme.",
        ],
    },
    budget=[
        ("staff", "Two business advisers, half time, 24 months", "86400.00"),
        ("staff", "Coordination in the town hall", "14400.00"),
        (
            "external_expertise",
            "Training of the advisers: small loans, intercultural communication",
            "9500.00",
        ),
        ("travel", "Visits to businesses and exchanges with MILE partners", "6200.00"),
        ("equipment", "Desk equipment and two laptops", "4800.00"),
        ("other", "Leaflets translated into the main community languages", "3100.00"),
    ],
    threads=[
        Thread(
            "results",
            "Could you say how you will count the results, and who receives the figures?",
            "The desk counts them every month and reports to the Local Support Group; the "
            "results section now says so.",
            resolved=True,
        ),
    ],
)

SEVILLA = DemoProposal(
    partner="sevilla",
    title="A local dialogue table with ethnic minority businesses",
    acronym="SEV-DIALOGUE",
    funding_source="esf",
    call="Regional ESF operational programme 2007–2013",
    duration_months=24,
    planned_start=dt.date(2009, 3, 1),
    principles=[3, 6, 9],
    status=Proposal.Status.SUBMITTED,
    sections={
        "summary": [
            "A dialogue table where ethnic minority business owners meet the city.",
            "A **dialogue table** where ethnic minority business owners, the city, the regional "
            "employment service and business associations meet every two months, and training "
            "for business advisers on the needs of these entrepreneurs.",
        ],
        "context": [
            "The voice of ethnic minority businesses is not yet fully heard at local level. "
            "These businesses rely heavily on family and co-ethnic networks for staff and "
            "capital: this helps them start, but can hold back their growth. The Action "
            "Learning Set wants to give them a regular place to speak with the institutions "
            "that shape local business support.",
        ],
        "objectives": [
            "1. Hold a dialogue table every two months for two years.\n"
            "2. Train business advisers of the city and the employment service to work with "
            "ethnic minority entrepreneurs.\n"
            "3. Turn the table's proposals into changes to local business support.",
        ],
        "target_groups": [
            "Owners of ethnic minority businesses and their associations; the business "
            "advisers of the city and of the regional employment service.",
        ],
        "activities": [
            "- Preparation with community associations (months 1–2).\n"
            "- Twelve meetings of the dialogue table, with interpreting where needed.\n"
            "- Four training days for advisers (months 3–12).\n"
            "- A short yearly report to the Local Support Group and the Managing Authority.",
        ],
        "results": [
            "- Twelve meetings held, with about 15 business owners at each.\n"
            "- 30 advisers trained.\n"
            "- At least three changes to local business support agreed at the table.",
        ],
        "partnership": [
            "ALS Sevilla on enterprise support prepares the table with the regional Managing "
            "Authority and reports to Sevilla's Local Support Group.",
        ],
        "sustainability": [
            "If the table proves useful the city keeps it as a standing consultation; the "
            "training material is shared with the other MILE partners.",
        ],
    },
    threads=[
        Thread(
            "partnership",
            "Before the review: who will chair the dialogue table?",
            "The business associations and the city's councillor for economic development, in "
            "turn.",
        ),
    ],
)

KOMOTINI = DemoProposal(
    partner="komotini",
    title="Start-up coaching for young entrepreneurs from ethnic minorities",
    acronym="",
    funding_source="erdf",
    call="",
    duration_months=18,
    planned_start=dt.date(2009, 6, 1),
    principles=[3],
    sections={
        "summary": [
            "Support for young people from ethnic minorities who want to start a business.",
            "Coaching through the first year of a business for young people from ethnic "
            "minorities, and introductions to banks and established businesses, for those who "
            "want to work beyond the traditional markets of their community.",
        ],
        "context": [
            "The younger generation of ethnic minority entrepreneurs is more open and looks for "
            "opportunities outside the traditional markets. Many lack contacts, business "
            "skills and access to bank financing in the start-up phase.",
        ],
        "objectives": [
            "1. Coach young people through the first year of their business.\n"
            "2. Introduce them to established businesses and to banks.",
        ],
    },
    threads=[
        Thread(
            "context",
            "Could you add how many young people you expect to reach, and how they will hear "
            "of the project?",
        ),
    ],
)

TORINO = DemoProposal(
    partner="torino",
    title="Mentoring between established and new ethnic minority entrepreneurs",
    acronym="TO-MENTOR",
    funding_source="national",
    call="",
    duration_months=12,
    planned_start=dt.date(2009, 9, 1),
    principles=[3, 7],
    sections={
        "summary": [
            "Established entrepreneurs mentor new ones.",
            "Experienced business owners, from ethnic minorities and from the wider city, mentor "
            "people starting a business for a year: a practical way to pass on knowledge of "
            "markets, suppliers and banks, and to bring people of different communities "
            "together.",
        ],
        "target_groups": [
            "- New entrepreneurs from ethnic minorities in their first two years.\n"
            "- Experienced business owners from all communities who are willing to mentor.",
        ],
    },
    threads=[
        Thread(
            "summary",
            "A good idea. Will the mentors be paid or volunteers? It matters for the budget.",
            "Volunteers: we plan to budget only for their training and the meetings.",
        ),
    ],
)

DEMO_PROPOSALS = [AMADORA, SEVILLA, KOMOTINI, TORINO]

# How the demo proposals came about, counted back from the load: written over a few weeks,
# commented on, then submitted, reviewed and approved.
WRITTEN_FROM, COMMENTED, SUBMITTED, REVIEWED, APPROVED = 42, 21, 14, 10, 4


def _enterprise_set(partner_slug: str) -> LearningSet:
    return LearningSet.objects.select_related("partner").get(
        partner__slug=partner_slug, sub_theme__number=1
    )


def _member_user(learning_set: LearningSet):
    """The demo ALS member with an account (see demo.data._als_member_login)."""
    return learning_set.members.filter(user__isnull=False).order_by("pk").first().user


def public_proposal() -> Proposal | None:
    """The demo's public proposal (Amadora's), if the demo is loaded."""
    return Proposal.objects.filter(
        learning_set__partner__slug=AMADORA.partner, title=AMADORA.title, is_public=True
    ).first()


def _write_sections(proposal: Proposal, spec: DemoProposal, member, start: dt.datetime) -> None:
    """Each text saved in turn, a day apart: the history shows every revision."""
    moment = start
    for section in proposal.sections.filter(key__in=spec.sections).order_by("position"):
        version = section.version
        for text in spec.sections[section.key]:
            moment += dt.timedelta(days=1)
            saved = services.section_save(
                section=section, text=text, version=version, by=member, at=moment
            )
            version = saved.section.version


def _discuss(proposal: Proposal, spec: DemoProposal, member, team, at: dt.datetime) -> None:
    sections = {section.key: section for section in proposal.sections.all()}
    for thread in spec.threads:
        comment = comments.comment_add(
            proposal=proposal, section=sections[thread.section], body=thread.comment, by=team,
            at=at,
        )  # fmt: skip
        if thread.reply:
            later = at + dt.timedelta(hours=20)
            comments.comment_reply(parent=comment, body=thread.reply, by=member, at=later)
        if thread.resolved:
            comments.comment_resolve(comment=comment, by=team, at=at + dt.timedelta(days=1))


def _move_on(proposal: Proposal, spec: DemoProposal, member, team, at: dt.datetime) -> None:
    """The workflow steps to the proposal's demo status, each through the workflow service."""
    steps = {
        Proposal.Status.DRAFT: [],
        Proposal.Status.SUBMITTED: [("submit", member, SUBMITTED)],
        Proposal.Status.APPROVED: [
            ("submit", member, SUBMITTED),
            ("start_review", team, REVIEWED),
            ("approve", team, APPROVED),
            ("publish", team, APPROVED),
        ],
    }[spec.status]
    for action, by, days_ago in steps:
        workflow.proposal_transition(
            proposal=proposal, action=action, by=by, at=at - dt.timedelta(days=days_ago)
        )


def _load_proposal(spec: DemoProposal, team, at: dt.datetime) -> None:
    learning_set = _enterprise_set(spec.partner)
    if Proposal.objects.filter(learning_set=learning_set, title=spec.title).exists():
        return
    member = _member_user(learning_set)
    proposal = services.proposal_create(
        learning_set=learning_set,
        title=spec.title,
        funding_source=spec.funding_source,
        by=member,
        language=spec.language,
    )
    start = at - dt.timedelta(days=WRITTEN_FROM)
    Proposal.objects.filter(pk=proposal.pk).update(created_at=start)
    proposal = proposal_details_update(
        proposal=proposal,
        title=spec.title,
        acronym=spec.acronym,
        funding_source=spec.funding_source,
        call=spec.call,
        duration_months=spec.duration_months,
        planned_start=spec.planned_start,
        co_financing_rate=proposal.co_financing_rate,
        principles=CommonBasicPrinciple.objects.filter(number__in=spec.principles),
    )
    budget_lines_save(
        proposal=proposal,
        lines=[
            LineInput(category, text, Decimal(amount)) for category, text, amount in spec.budget
        ],
    )
    _write_sections(proposal, spec, member, start)
    _discuss(proposal, spec, member, team, at - dt.timedelta(days=COMMENTED))
    _move_on(proposal, spec, member, team, at)


def load_demo_proposals(*, team, at: dt.datetime) -> None:
    """The demo proposals that are missing, created as their authors and the team would."""
    for spec in DEMO_PROPOSALS:
        _load_proposal(spec, team, at)
