"""{% fragment %} (mile/templatetags/fragments.py): markup kept in the cache under a key that
names what it shows, with each request's own CSRF token put in its forms (tests of the proposal
page, which uses it, in tests/proposals/test_page_fragments.py)."""

import re

from django.template import Context, RequestContext, Template
from django.test import RequestFactory

TITLE = Template("{% load fragments %}{% fragment key %}<h2>{{ title }}</h2>{% endfragment %}")
FORM = Template(
    "{% load fragments %}{% fragment key %}<form>{% csrf_token %}</form>{% endfragment %}"
)
TOKEN = re.compile(
    r'^<form><input type="hidden" name="csrfmiddlewaretoken" value="(\w{64})"></form>$'
)


def test_a_fragment_is_served_from_the_cache_until_its_key_changes():
    assert TITLE.render(Context({"key": "k1", "title": "Summary"})) == "<h2>Summary</h2>"
    assert TITLE.render(Context({"key": "k1", "title": "Context"})) == "<h2>Summary</h2>"
    assert TITLE.render(Context({"key": "k2", "title": "Context"})) == "<h2>Context</h2>"


def test_a_fragment_without_a_key_is_rendered_every_time():
    assert TITLE.render(Context({"key": "", "title": "Summary"})) == "<h2>Summary</h2>"
    assert TITLE.render(Context({"key": "", "title": "Context"})) == "<h2>Context</h2>"


def test_each_request_gets_a_token_of_its_own_in_a_kept_form():
    first, second = (
        FORM.render(RequestContext(RequestFactory().get("/"), {"key": "k"})) for _ in range(2)
    )

    assert TOKEN.match(first)[1] != TOKEN.match(second)[1]


def test_a_kept_form_rendered_without_a_request_has_no_token_as_django_renders_it():
    FORM.render(RequestContext(RequestFactory().get("/"), {"key": "k"}))

    assert FORM.render(Context({"key": "k"})) == "<form></form>"
