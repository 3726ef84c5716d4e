"""The management team's admin forms under random and hostile input: every field of the form
as the add or change page renders it (inlines and their management forms included) gets its
own value or a hostile one. Never a 500; a form sent back with errors changes nothing."""

from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fuzz import strategies as s
from tests.fuzz.harness import encode_form, example, post_checked, redirected

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
    ("outbox.emailtemplate", True),
    ("proposals.call", False),
    ("proposals.call", True),
    ("proposals.proposal", True),
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


def _changelists() -> list[tuple[str, list[str]]]:
    """Every changelist with the parameters of its search, filters, ordering and pages."""
    found = []
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        params = ["q", "o", "p", "e", "all", "_popup", "_to_field"]
        for item in model_admin.list_filter:
            name = item[0] if isinstance(item, tuple) else item
            if isinstance(name, str):
                params += [f"{name}__exact", f"{name}__isempty", f"{name}__id__exact"]
        found.append((reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"), params))
    return found


@given(data=st.data())
def test_admin_changelist_query(world, data):
    """A changelist's search, filters and pages with hostile values: never a 500."""
    url, params = data.draw(st.sampled_from(_changelists()))
    value = s.field(st.sampled_from([*s.CONTROL, "1", "Amadora"]))
    query = data.draw(st.dictionaries(st.sampled_from(params), value, max_size=3))
    with example(world.users["team"]) as client:
        response = client.get(f"{url}?{encode_form(query).decode()}")
        assert response.status_code < 500, (url, query)


@given(term=s.field(st.sampled_from([*s.CONTROL, "Ama"])))
def test_admin_autocomplete_term(world, term):
    query = {
        "term": term,
        "app_label": ["learningsets"],
        "model_name": ["member"],
        "field_name": ["learning_set"],
    }
    with example(world.users["team"]) as client:
        response = client.get(f"/admin/autocomplete/?{encode_form(query).decode()}")
        assert response.status_code < 500, query
