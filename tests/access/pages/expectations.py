"""What each role gets from a page, and how a response is held to it.

Outcomes (`Expect`): a status code, or a redirect whose Location starts with a path: `login()`
is the site's login page with `next=`, `admin_login()` the admin's. `Page.writes` names the
roles whose request must change the database; everybody else's must change nothing, a refused
POST included (`database_rows()` before and after, compared by `changes()`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode, urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.shortcuts import resolve_url
from django.urls import reverse

from tests.access.pages.world import ROLES


@dataclass(frozen=True)
class Expect:
    """What a role gets: a status code and, for a redirect, where it leads."""

    status: int
    to: str = ""  # the Location starts with this path
    next: bool = False  # the Location carries next=: the page itself, unless `back` says
    back: str = ""  # where next= leads when it is not the page itself

    def __str__(self):
        if self.status != 302:
            return str(self.status)
        return f"302 to {self.to}" + (" with next=" if self.next else "")


def login(back: str = "") -> Expect:
    """To the login page, with next= the page itself, or `back` (where a POST sends them)."""
    return Expect(302, to=resolve_url(settings.LOGIN_URL), next=True, back=back)


def admin_login() -> Expect:
    return Expect(302, to=reverse("admin:login"), next=True)


def to(path: str) -> Expect:
    return Expect(302, to=path)


def as_expect(value) -> Expect:
    """An `Expect` as it is, a status code as an `Expect`."""
    return value if isinstance(value, Expect) else Expect(value)


def by(default, **roles) -> dict[str, Expect]:
    """The outcome of every role: `default` unless the role is named."""
    unknown = set(roles) - set(ROLES)
    assert not unknown, f"not roles: {unknown}"
    return {role: as_expect(roles.get(role, default)) for role in ROLES}


def looked_after_by(contact: str) -> dict[str, Expect]:
    """A page of a partner's own: its contact (the role `contact` or `other_contact`) and the
    team open it; nobody else learns it exists (404), and a visitor is sent to log in."""
    return by(404, anonymous=login(), team=200, **{contact: 200})


@dataclass(frozen=True)
class Page:
    """One request of the matrix: a URL with its method (and data), and what each role gets.

    `writes` are the roles whose request changes the database; every other role's request
    must leave it exactly as it was.
    """

    name: str  # the URL name ("app:name"), or the route of an unnamed pattern
    label: str  # which objects the arguments are, e.g. "partner, other_member"
    path: str
    expect: dict[str, Expect]
    method: str = "GET"
    data: dict = field(default_factory=dict)
    writes: frozenset[str] = frozenset()

    @property
    def key(self) -> str:
        """A stable name for the test id (no database ids in it)."""
        return f"{self.method} {self.name}" + (f" [{self.label}]" if self.label else "")


class Listing(list):
    """The pages of one module, in the order `page()` lists them."""

    def page(self, name, label, args, expect, method="GET", data=None, writes=(), query=None):
        """The page of the URL named `name` with `args` (and a `query` string: a search);
        `label` says which objects they are."""
        self.append(
            Page(
                name=name,
                label=label,
                path=reverse(name, args=args) + (f"?{urlencode(query)}" if query else ""),
                expect=expect,
                method=method,
                data=data or {},
                writes=frozenset(writes),
            )
        )


def check(response, expected: Expect) -> str:
    """What differs between the response and the outcome expected; empty when they agree."""
    got = response.status_code
    if got != expected.status:
        where = f" to {response['Location']}" if got in (301, 302) else ""
        return f"expected {expected}, got {got}{where}"
    if expected.status != 302:
        return ""
    location = urlsplit(response["Location"])
    if not location.path.startswith(expected.to):
        return f"expected {expected}, got 302 to {response['Location']}"
    if expected.next and not parse_qs(location.query).get("next"):
        return f"expected {expected}, got 302 to {response['Location']} without next="
    back = expected.back or response.request["PATH_INFO"]
    if expected.next and parse_qs(location.query)["next"] != [back]:
        return f"expected next={back}, got 302 to {response['Location']}"
    return ""


def database_rows() -> dict[str, list]:
    """Every row of every table but the sessions: what a refused request must leave alone."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values_list())
        for model in apps.get_models()
        if model is not Session
    }


def changes(before: dict, after: dict) -> list[str]:
    return [
        f"{label}: {len(before[label])} rows before, {len(after[label])} after"
        if len(before[label]) != len(after[label])
        else f"{label}: a row changed"
        for label in before
        if before[label] != after[label]
    ]
