from proposals.admin import call, proposal, scoring

__all__ = ["call", "proposal", "scoring"]
