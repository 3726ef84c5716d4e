"""The kinds of e-mail: each app registers its own when it starts (AppConfig.ready).

A kind is a string stored on every e-mail and wording row, so a kind keeps its name for as long
as rows of it exist. Its default wording is the pair of templates `emails/<kind>.subject.txt`
and `emails/<kind>.md` in the registering app (English; `emails/<code>/<kind>...` in another
language); its placeholders are the names the English wording uses.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class EmailKind:
    name: str
    label: str  # marked with gettext_lazy by the registering app: read in the reader's language
    # A value for each placeholder, for the admin's preview and the trial render of new wording.
    examples: dict[str, str] = field(default_factory=dict)
    # How to make the e-mail's personal link when it is sent ({{ link }}): the link is never
    # stored in the outbox. It takes the e-mail row and returns the URL.
    personal_link: Callable | None = None


_kinds: dict[str, EmailKind] = {}


def register(
    name: str,
    *,
    label: str,
    examples: dict[str, str],
    personal_link: Callable | None = None,
) -> None:
    """Make a kind of e-mail known to the outbox (from the sending app's AppConfig.ready)."""
    if name in _kinds and _kinds[name].label != label:
        raise ValueError(f"The e-mail kind {name!r} is registered twice.")
    _kinds[name] = EmailKind(name, label, dict(examples), personal_link)


def get(name: str) -> EmailKind:
    """The registered kind; an unknown name is a programming error, refused before any row."""
    try:
        return _kinds[name]
    except KeyError:
        raise LookupError(f"{name!r} is not a registered kind of e-mail.") from None


def is_known(name: str) -> bool:
    return name in _kinds


def choices() -> list[tuple[str, str]]:
    """The kinds as the model fields' choices, in the order the apps registered them."""
    return [(kind.name, kind.label) for kind in _kinds.values()]
