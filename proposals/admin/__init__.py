from proposals.admin import proposal, scoring

__all__ = ["proposal", "scoring"]
