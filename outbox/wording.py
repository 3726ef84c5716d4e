"""The management team's wording of an e-mail: its placeholders, their example values, and the
checks new wording passes before it is saved."""

import re

from django.conf import settings
from django.template import Context, TemplateSyntaxError, engines
from django.utils.translation import gettext

from outbox import kinds, mail

PLACEHOLDER = re.compile(r"{{\s*([A-Za-z_]\w*)")
# The wording is rendered by the project's template engine: it may not reach templates,
# files or tag libraries, nor dump the engine's state.
REFUSED_TAG = re.compile(r"{%\s*(load|include|extends|debug)\b")


def placeholders(kind: str) -> list[str]:
    """The placeholders of a kind, in order of first use in the repository's wording."""
    subject, body = mail.default_wording(kind)
    return _placeholders_in(f"{subject}\n{body}")


def example_context(kind: str) -> dict[str, str]:
    """The kind's registered example values; a placeholder without one shows its own name."""
    examples = kinds.get(kind).examples
    return {name: examples.get(name, f"[{name}]") for name in placeholders(kind)}


def language_name(language: str) -> str:
    """A language named in itself, as the language menu names it (Português, Ελληνικά...)."""
    return settings.MILE_LANGUAGES.get(language, language)


def _names(names) -> str:
    return ", ".join(f"{{{{ {name} }}}}" for name in names)


def wording_errors(
    kind: str,
    source: str,
    *,
    required: list[str] = (),
    language: str = "",
    english: str = "",
) -> list[str]:
    """Why `source` cannot be the subject or body of this kind of e-mail; empty if it can.

    A `required` placeholder must show in the wording as rendered, not only be typed in it.
    A wording in another language than English must have every placeholder of `english`, the
    English of the same part: its readers are told what the English tells. Each reason names
    the `language` when one is given.
    """
    reasons = _wording_errors(kind, source, required)
    if not reasons and english:
        missing = [
            name for name in _placeholders_in(english) if name not in _placeholders_in(source)
        ]
        if missing:
            lacks = gettext("The wording lacks {names}, which its English has.")
            reasons = [lacks.format(names=_names(missing))]
    if language:
        named = gettext("{language}: {reason}")
        return [named.format(language=language_name(language), reason=r) for r in reasons]
    return reasons


def _placeholders_in(source: str) -> list[str]:
    return list(dict.fromkeys(PLACEHOLDER.findall(source)))


def _wording_errors(kind: str, source: str, required: list[str]) -> list[str]:
    refused = list(dict.fromkeys(REFUSED_TAG.findall(source)))
    if refused:
        tags = ", ".join(f"{{% {tag} %}}" for tag in refused)
        return [gettext("{tags} cannot be used in an e-mail's wording.").format(tags=tags)]
    try:
        template = engines["django"].from_string(source).template
    except TemplateSyntaxError as error:
        return [str(error)]
    known = placeholders(kind)
    unknown = [name for name in _placeholders_in(source) if name not in known]
    if unknown:
        message = gettext("Unknown placeholder {names}. This e-mail has: {allowed}.")
        return [message.format(names=_names(unknown), allowed=_names(known))]
    example = example_context(kind)
    try:
        shown = template.render(Context(example, autoescape=False))
    except Exception as error:  # a tag may fail only when run ({% url %}, say): refuse it now
        return [gettext("The wording cannot be rendered: {error}").format(error=error)]
    missing = [name for name in required if example.get(name, name) not in shown]
    if missing:
        must = gettext(
            "The wording must show {names}: without it the recipient cannot use this e-mail."
        )
        return [must.format(names=_names(missing))]
    return []
