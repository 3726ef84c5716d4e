from proposals.admin import proposal

__all__ = ["proposal"]
