"""Who may open a section's socket, in which language it speaks to them, and why a locked
proposal can't be edited: the same rules as the section's form (proposals.permissions)."""

from dataclasses import dataclass

from django.conf import settings

from accounts.languages import language_offered, reader_language
from proposals.models import Proposal, Section
from proposals.permissions import EDITABLE, can_edit, is_author
from proposals.services import NOT_EDITABLE

NOT_LOGGED_IN, MAY_NOT_EDIT, NO_SUCH_SECTION = 4401, 4403, 4404


@dataclass(frozen=True)
class Access:
    refused: int | None = None  # the close code, or None: the socket may write
    locked: bool = False  # an author of a proposal that can't be edited now


def socket_access(*, user, section_id: int) -> Access:
    if not user.is_authenticated:
        return Access(refused=NOT_LOGGED_IN)
    section = (
        Section.objects.select_related("proposal__learning_set__partner")
        .filter(pk=section_id)
        .first()
    )
    if section is None:
        return Access(refused=NO_SUCH_SECTION)
    if can_edit(user, section.proposal):
        return Access()
    if is_author(user, section.proposal):
        return Access(locked=True)
    return Access(refused=MAY_NOT_EDIT)


def locked_reason(*, section_id: int) -> str:
    """Why the section's proposal can't be edited, in the active language ("" if it can)."""
    status = Proposal.objects.values_list("status", flat=True).get(sections=section_id)
    if status in EDITABLE:
        return ""
    return NOT_EDITABLE.format(status=Proposal.Status(status).label.lower())


def socket_language(scope) -> str:
    """The language of the socket's messages: the page's (the language menu's cookie), else
    the one on the person's account, else English, as their e-mails."""
    cookie = scope.get("cookies", {}).get(settings.LANGUAGE_COOKIE_NAME, "")
    user = scope["user"]
    return language_offered(cookie) or reader_language(user if user.is_authenticated else None)
