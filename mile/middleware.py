"""Refuse an address the site cannot serve: 400, with the reason on the page.

A NUL character: no text the site stores or looks up can hold one (forms refuse it field by
field, through Django's ProhibitNullCharactersValidator), and PostgreSQL refuses it in any
string it is sent, so an admin filter, search or autocomplete term with one failed as a 500.
A query string beyond 8 KiB (what a web server in front accepts by default): SQLite fails on
a search pattern of 50 KB. A form's own fields are left to the form, which says which is wrong.
"""

from django.shortcuts import render

NUL = "\x00"
NUL_IN_ADDRESS = "The address contains a character that is not allowed (NUL)."
LONGEST_QUERY = 8192
ADDRESS_TOO_LONG = "The address is too long."


def _refusal(request) -> str:
    if len(request.META.get("QUERY_STRING", "")) > LONGEST_QUERY:
        return ADDRESS_TOO_LONG
    if NUL in request.path or any(
        NUL in name or any(NUL in value for value in values) for name, values in request.GET.lists()
    ):
        return NUL_IN_ADDRESS
    return ""


def refuse_bad_address(get_response):
    def middleware(request):
        reason = _refusal(request)
        if reason:
            return render(request, "400.html", {"reason": reason}, status=400)
        return get_response(request)

    return middleware
