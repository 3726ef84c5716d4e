"""What every request and response of the site gets, whichever view (ours, the admin's or
allauth's) answers it.

- `served_methods`: the site serves GET, HEAD and POST; any other method (PUT, PATCH,
  DELETE, TRACE, OPTIONS...) is answered 405 before a view runs. Each of our views also says
  which of these it serves (`@require_safe`, `@require_POST`, `@require_http_methods`); this
  covers the libraries' views, which answer a PUT like a GET or a POST.
- `private_pages`: a page made for somebody logged in, or one that sets a cookie, says
  `Cache-Control: private` and is not kept by the browser (Django's never_cache headers), unless
  the view said otherwise. The pages of visitors without a session set no cookie and are left
  as they are.
- `refuse_unreadable`: an address or a form the site cannot read is refused with 400 and the
  reason, before a view runs, and nothing changes:
  - a query string or a form (urlencoded or multipart) that is not valid UTF-8: Django would
    read it with U+FFFD (or Latin-1) in place of the bad bytes and save that without a word;
  - a NUL in the address: PostgreSQL refuses it in any string it is sent, so an admin filter,
    search or autocomplete term with one failed as a 500 (a form's own fields refuse NUL
    field by field, through Django's ProhibitNullCharactersValidator, and say which);
  - a query string beyond 8 KiB (what a web server in front accepts by default): SQLite
    fails on a search pattern of 50 KB.
"""

from email.parser import BytesParser
from email.policy import HTTP
from urllib.parse import parse_qsl

from django.conf import settings
from django.http import HttpResponseNotAllowed
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

SERVED_METHODS = ("GET", "HEAD", "POST")

BAD_QUERY = _(
    "This address is not valid: what follows its “?” is not UTF-8 text. "
    "Check the link, or go back and try again."
)
BAD_FORM = _(
    "Nothing was saved: the form sent is not valid UTF-8 text. Reload the page and send it again."
)
NUL = "\x00"
NUL_IN_ADDRESS = _("The address contains a character that is not allowed (NUL).")
LONGEST_QUERY = 8192
ADDRESS_TOO_LONG = _("The address is too long.")


def served_methods(get_response):
    def middleware(request):
        if request.method not in SERVED_METHODS:
            return HttpResponseNotAllowed(SERVED_METHODS)
        return get_response(request)

    return middleware


def private_pages(get_response):
    def middleware(request):
        response = get_response(request)
        user = getattr(request, "user", None)
        personal = (user is not None and user.is_authenticated) or response.cookies
        if personal and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)  # max-age=0, no-cache, no-store, ..., private
        return response

    return middleware


def refuse_unreadable(get_response):
    def middleware(request):
        reason = _undecodable(request) or _unsearchable(request)
        if reason:
            # htmx swaps the reason into the element that asked (an autosave's status line).
            htmx = getattr(request, "htmx", False)
            template = "includes/_bad_request.html" if htmx else "400.html"
            return render(request, template, {"reason": reason}, status=400)
        return get_response(request)

    return middleware


def _undecodable(request) -> str:
    """The reason to refuse the request, or "" when its query string and form decode."""
    encoding = request.encoding or settings.DEFAULT_CHARSET
    if not _decodes(_query_bytes(request), encoding):
        return BAD_QUERY
    if request.method != "POST":
        return ""
    if request.content_type == "application/x-www-form-urlencoded":
        return "" if _decodes(request.body, encoding) else BAD_FORM
    if request.content_type == "multipart/form-data":
        return "" if _fields_decode(request, encoding) else BAD_FORM
    return ""


def _unsearchable(request) -> str:
    """The reason to refuse an address no lookup can take, or "" when it can be served."""
    if len(request.META.get("QUERY_STRING", "")) > LONGEST_QUERY:
        return ADDRESS_TOO_LONG
    if NUL in request.path or any(
        NUL in name or any(NUL in value for value in values) for name, values in request.GET.lists()
    ):
        return NUL_IN_ADDRESS
    return ""


def _query_bytes(request) -> bytes:
    """The query string as sent: the server gives it as Latin-1 (PEP 3333); a test client may
    give text that is already decoded."""
    query = request.META.get("QUERY_STRING", "")
    try:
        return query.encode("iso-8859-1")
    except UnicodeEncodeError:
        return query.encode()


def _decodes(urlencoded: bytes, encoding: str) -> bool:
    """Whether the bytes, and every %-escape in them, decode as Django decodes them."""
    try:
        parse_qsl(
            urlencoded.decode(encoding), keep_blank_values=True, encoding=encoding, errors="strict"
        )
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _fields_decode(request, encoding: str) -> bool:
    """Whether every field of a multipart form (not its files) decodes. A form larger than
    Django keeps in memory carries a file; its fields are not checked here."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True  # Django refuses it itself
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is not None and length > limit:
        return True
    head = f"Content-Type: {request.META['CONTENT_TYPE']}\r\n\r\n".encode("iso-8859-1", "replace")
    message = BytesParser(policy=HTTP).parsebytes(head + request.body)
    if not message.is_multipart():
        return True  # not a form Django can read: it sees no fields in it
    for part in message.iter_parts():
        payload = part.get_payload(decode=True)  # None for a part that is itself multipart
        if part.get_filename() is None and payload is not None:
            try:
                payload.decode(encoding)
            except (UnicodeDecodeError, LookupError):
                return False
    return True
