"""Stand-in until i18-live-store is merged (that branch's module replaces this one): the name
of a section's channel-layer group, which the rooms of every ASGI process join."""


def group_name(section_id: int) -> str:
    return f"live-section-{section_id}"
