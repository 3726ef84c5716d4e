from django.contrib.staticfiles import finders
from pytest_django.asserts import assertContains


def test_every_page_names_the_site_icon_so_browsers_do_not_ask_for_favicon_ico(
    client, admin_client, db
):
    icon = '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">'

    assertContains(client.get("/"), icon, html=True)
    assertContains(admin_client.get("/admin/workshops/workshop/add/"), icon, html=True)
    assert finders.find("img/favicon.svg").endswith("static/img/favicon.svg")
