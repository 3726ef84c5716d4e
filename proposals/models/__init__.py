from proposals.models.call import Call
from proposals.models.document import Document
from proposals.models.live import SectionDocument
from proposals.models.proposal import (
    BudgetLine,
    Comment,
    FundingSource,
    Proposal,
    Revision,
    Section,
    Transition,
    site_language,
)
from proposals.models.scoring import Criterion, ReviewRound, RubricVersion, Score, ScoreSheet

__all__ = [
    "BudgetLine",
    "Call",
    "Comment",
    "Criterion",
    "Document",
    "FundingSource",
    "Proposal",
    "ReviewRound",
    "Revision",
    "RubricVersion",
    "Score",
    "ScoreSheet",
    "Section",
    "SectionDocument",
    "Transition",
    "site_language",  # the migrations name proposals.models.site_language
]
