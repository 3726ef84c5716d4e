from proposals.admin import call, proposal

__all__ = ["call", "proposal"]
