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

__all__ = [
    "BudgetLine",
    "Comment",
    "FundingSource",
    "Proposal",
    "Revision",
    "Section",
    "Transition",
    "site_language",  # the migrations name proposals.models.site_language
]
