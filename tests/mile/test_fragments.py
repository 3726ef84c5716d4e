"""{% fragment %} (mile/templatetags/fragments.py): markup kept in the cache under a key that
names what it shows, with each request's own CSRF token put in its forms (tests of the proposal
page, which uses it, in tests/proposals/test_page_fragments.py)."""

import re

from django.contrib.auth.models import Permission
from django.template import Context, RequestContext, Template
from django.test import RequestFactory

from tests.factories import UserFactory

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


# The admin's sidebar (templates/admin/base_site.html) is a cached fragment.


def sidebar(client, url) -> str:
    html = client.get(url).content.decode()
    start = html.index('<nav class="sticky" id="nav-sidebar"')
    return html[start : html.index("</nav>", start)]


def test_the_admin_sidebar_from_the_cache_marks_the_page_shown(login, dora):
    client = login(dora)
    sidebar(client, "/admin/workshops/workshop/")

    workshops = sidebar(client, "/admin/workshops/workshop/")
    partners = sidebar(client, "/admin/partners/partner/")

    assert 'href="/admin/workshops/workshop/" aria-current="page"' in workshops
    assert 'href="/admin/partners/partner/" aria-current="page"' in partners
    assert workshops.count('aria-current="page"') == partners.count('aria-current="page"') == 1


def test_the_admin_sidebar_lists_only_what_each_person_may_reach(login, dora):
    assert "/admin/workshops/workshop/" in sidebar(login(dora), "/admin/partners/partner/")
    erin = UserFactory(email="erin@mile.example", is_staff=True)
    erin.user_permissions.add(*Permission.objects.filter(content_type__app_label="partners"))

    menu = sidebar(login(erin), "/admin/partners/partner/")

    assert "/admin/partners/partner/" in menu
    assert "/admin/workshops/" not in menu
