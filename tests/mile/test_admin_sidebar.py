"""The admin's sidebar marks the page shown and lists only what each person may reach."""

from django.contrib.auth.models import Permission

from tests.factories import UserFactory


def sidebar(client, url) -> str:
    html = client.get(url).content.decode()
    start = html.index('<nav class="sticky" id="nav-sidebar"')
    return html[start : html.index("</nav>", start)]


def test_the_admin_sidebar_marks_the_page_shown(login, dora):
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
