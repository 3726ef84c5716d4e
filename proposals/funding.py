"""What a proposal looks like for each source of funding: its sections with their character
limits, its budget categories and the usual co-financing rate. Real application forms differ
by fund; these defaults follow the ERDF and ESF operational programme forms of the time.

The titles and help are translated lazily: a proposal's sections take them in the proposal's
language (Proposal.in_its_language) when it is created, and again when its language changes.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: str
    limit: int
    required: bool = True
    help: str = ""


SECTIONS = [
    SectionSpec("summary", _("Summary"), 1500, help=_("The project in a few sentences.")),
    SectionSpec(
        "context", _("Context and problem"), 4000, help=_("The local situation it answers.")
    ),
    SectionSpec("objectives", _("Objectives"), 2500),
    SectionSpec("target_groups", _("Target groups"), 2000),
    SectionSpec("activities", _("Activities and work plan"), 6000),
    SectionSpec("results", _("Expected results and indicators"), 3000),
    SectionSpec(
        "partnership",
        _("Partnership and local ownership"),
        3000,
        help=_("How the Local Support Group and the Managing Authority take part."),
    ),
    SectionSpec("sustainability", _("Sustainability and mainstreaming"), 2500),
]

# What a fund's own form adds to or asks more of the common sections.
EXTRA_SECTIONS = {
    "esf": {
        "target_groups": SectionSpec(
            "participants",
            _("Participants and their pathway to work"),
            2500,
            required=False,
            help=_("How many people take part, how they are reached and what each one gains."),
        ),
    },
}
LIMIT_OVERRIDES = {"esf": {"target_groups": 3000}}

LIMIT_FACTORS = {"erdf": 1.0, "esf": 1.0, "other_eu": 1.0, "national": 0.8, "other": 0.8}

# The EU share of eligible costs usually asked for (a default; each proposal sets its own).
CO_FINANCING_RATES = {
    "erdf": Decimal("75"),
    "esf": Decimal("80"),
    "other_eu": Decimal("75"),
    "national": Decimal("50"),
    "other": Decimal("50"),
}

BUDGET_CATEGORIES = {
    "erdf": ["staff", "travel", "equipment", "infrastructure", "external_expertise", "other"],
    "esf": ["staff", "travel", "external_expertise", "participants", "other"],
    "other_eu": ["staff", "travel", "equipment", "external_expertise", "other"],
    "national": ["staff", "travel", "equipment", "external_expertise", "other"],
    "other": ["staff", "travel", "equipment", "external_expertise", "other"],
}


def sections_for(funding_source: str) -> list[SectionSpec]:
    """The sections a proposal to this fund starts with, in order, with their limits."""
    factor = LIMIT_FACTORS[funding_source]
    overrides = LIMIT_OVERRIDES.get(funding_source, {})
    extras = EXTRA_SECTIONS.get(funding_source, {})
    sections = []
    for spec in SECTIONS:
        limit = overrides.get(spec.key, int(spec.limit * factor))
        sections.append(SectionSpec(spec.key, spec.title, limit, spec.required, spec.help))
        if spec.key in extras:
            sections.append(extras[spec.key])
    return sections


def every_section() -> list[SectionSpec]:
    """Every section any funding source has, the common ones and each fund's own."""
    extras = [spec for specs in EXTRA_SECTIONS.values() for spec in specs.values()]
    return [*SECTIONS, *extras]
