"""The management team's wording of an e-mail: its placeholders, their example values, and the
checks new wording passes before it is saved."""

import re

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
    return list(dict.fromkeys(PLACEHOLDER.findall(f"{subject}\n{body}")))


def example_context(kind: str) -> dict[str, str]:
    """The kind's registered example values; a placeholder without one shows its own name."""
    examples = kinds.get(kind).examples
    return {name: examples.get(name, f"[{name}]") for name in placeholders(kind)}


def wording_errors(kind: str, source: str, *, required: list[str] = ()) -> list[str]:
    """Why `source` cannot be the subject or body of this kind of e-mail; empty if it can.

    A `required` placeholder must show in the wording as rendered, not only be typed in it.
    """
    refused = list(dict.fromkeys(REFUSED_TAG.findall(source)))
    if refused:
        tags = ", ".join(f"{{% {tag} %}}" for tag in refused)
        return [gettext("{tags} cannot be used in an e-mail's wording.").format(tags=tags)]
    try:
        template = engines["django"].from_string(source).template
    except TemplateSyntaxError as error:
        return [str(error)]
    known = placeholders(kind)
    unknown = [name for name in dict.fromkeys(PLACEHOLDER.findall(source)) if name not in known]
    if unknown:
        names = ", ".join(f"{{{{ {name} }}}}" for name in unknown)
        allowed = ", ".join(f"{{{{ {name} }}}}" for name in known)
        unknown = gettext("Unknown placeholder {names}. This e-mail has: {allowed}.")
        return [unknown.format(names=names, allowed=allowed)]
    example = example_context(kind)
    try:
        shown = template.render(Context(example, autoescape=False))
    except Exception as error:  # a tag may fail only when run ({% url %}, say): refuse it now
        return [gettext("The wording cannot be rendered: {error}").format(error=error)]
    missing = [name for name in required if example.get(name, name) not in shown]
    if missing:
        names = ", ".join(f"{{{{ {name} }}}}" for name in missing)
        must = gettext(
            "The wording must show {names}: without it the recipient cannot use this e-mail."
        )
        return [must.format(names=names)]
    return []
