"""The management team's admin forms under random and hostile input: every field of the form
as the add or change page renders it (inlines and their management forms included) gets its
own value or a hostile one. Never a 500; a form sent back with errors changes nothing."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fuzz import strategies as s
from tests.fuzz.harness import example, post_checked, redirected

pytestmark = pytest.mark.django_db


class FormFields(HTMLParser):
    """The fields of a page's form with the values it would post as it stands (the first
    choice of a select without a selected one)."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, list[str]] = {}
        self._select: str | None = None
        self._chosen = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag in ("input", "textarea") and name and name != "csrfmiddlewaretoken":
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                self.values.setdefault(name, [])
            elif attrs.get("type") not in ("submit", "file"):
                self.values.setdefault(name, []).append(attrs.get("value") or "")
        elif tag == "select" and name:
            self._select, self._chosen = name, False
            self.values.setdefault(name, [])
        elif tag == "option" and self._select:
            options = self.values[self._select]
            if "selected" in attrs and not self._chosen:
                options[:] = [attrs.get("value") or ""]
                self._chosen = True
            elif not options and attrs.get("value"):
                options.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def fields_of(client, url) -> dict[str, list[str]]:
    parser = FormFields()
    parser.feed(client.get(url).content.decode())
    return parser.values


def hostile(fields: dict[str, list[str]]) -> st.SearchStrategy[dict[str, list[str]]]:
    """The page's own values, each field now and then hostile, missing or repeated."""
    return st.fixed_dictionaries(
        {
            name: st.one_of(st.just(values), st.just(values), s.field(st.sampled_from(values)))
            if values
            else s.field()
            for name, values in fields.items()
        }
    )


def admin_form(world, label: str, change: bool) -> str:
    app, model = label.split(".")
    if change:
        return reverse(f"admin:{app}_{model}_change", args=[world.admin_pks[label]])
    return reverse(f"admin:{app}_{model}_add")


FORMS = [
    ("workshops.workshop", False),
    ("workshops.workshop", True),
    ("workshops.registration", False),
    ("learningsets.member", False),
    ("learningsets.learningset", True),
    ("partners.partner", False),
    ("partners.partner", True),
    ("mile.emailtemplate", True),
]


@pytest.mark.parametrize(("label", "change"), FORMS)
@settings(max_examples=15)  # a big form per example: fewer examples, each field drawn anew
@given(data=st.data())
def test_admin_form(world, label, change, data):
    team = world.users["team"]
    with example(team) as client:
        url = admin_form(world, label, change)
        posted = data.draw(hostile(fields_of(client, url)))
        post_checked(client, url, posted, accepted=redirected)
