"""The management team's partner administration."""

import pytest
from pytest_django.asserts import assertContains, assertRedirects

from tests.factories import add_partners


def listed(response):
    return [
        (
            partner.name,
            partner.sister_region and partner.sister_region.name,
            partner.learning_set_count,
        )
        for partner in response.context["cl"].result_list
    ]


def test_the_team_lists_partners_with_sister_and_learning_set_count(
    login, dora, lisboa, amadora_sets, komotini
):
    response = login(dora).get("/admin/partners/partner/")

    assert listed(response) == [
        ("Amadora", "Lisboa e Vale do Tejo", 3),
        ("Komotini", None, 0),
        ("Lisboa e Vale do Tejo", None, 0),
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?q=amadora", ["Amadora"]),
        ("?q=charlie@komotini", ["Komotini"]),
        ("?kind__exact=region", ["Lisboa e Vale do Tejo"]),
        ("?country__exact=GR", ["Komotini"]),
        ("?kind__exact=city&country__exact=PT", ["Amadora"]),
        ("?o=-5", ["Amadora", "Komotini", "Lisboa e Vale do Tejo"]),
    ],
)
def test_the_team_searches_filters_and_sorts_partners(
    login, dora, lisboa, amadora_sets, charlie, query, expected
):
    response = login(dora).get(f"/admin/partners/partner/{query}")

    assert [partner.name for partner in response.context["cl"].result_list] == expected


def test_the_team_opens_a_partners_change_page_with_its_learning_sets(
    login, dora, lisboa, amadora_sets, alice
):
    response = login(dora).get(f"/admin/partners/partner/{lisboa.sister_city.pk}/change/")

    assertContains(response, 'name="name" value="Amadora"')
    assertContains(
        response, f'<option value="{lisboa.pk}" selected>Lisboa e Vale do Tejo</option>', html=True
    )
    assertContains(
        response, f'<option value="{alice.pk}" selected>alice@amadora.example</option>', html=True
    )
    # Each row is labelled by the set's __str__, its number, beside its sub-theme.
    assert [
        (str(form.instance), form.initial["sub_theme"])
        for form in response.context["inline_admin_formsets"][0].formset
    ] == [(f"Action Learning Set #{s.pk}", s.sub_theme_id) for s in amadora_sets]
    for learning_set in amadora_sets:
        assertContains(
            response,
            f'<option value="{learning_set.sub_theme_id}" selected>'
            f"{learning_set.sub_theme.name}</option>",
            html=True,
        )


def test_the_team_opens_the_add_partner_page(login, dora):
    response = login(dora).get("/admin/partners/partner/add/")

    assertContains(response, "<h1>Add partner</h1>", html=True)
    assertContains(response, "Partner contacts")


def test_the_sister_region_autocomplete_offers_only_regions(login, dora, lisboa, komotini):
    response = login(dora).get(
        "/admin/autocomplete/",
        {"app_label": "partners", "model_name": "partner", "field_name": "sister_region"},
    )

    assert response.json()["results"] == [{"id": str(lisboa.pk), "text": "Lisboa e Vale do Tejo"}]


def test_someone_who_is_not_staff_is_sent_to_the_admin_login(login, alice):
    response = login(alice).get("/admin/partners/partner/")

    assertRedirects(
        response, "/admin/login/?next=/admin/partners/partner/", fetch_redirect_response=False
    )


def test_partner_changelist_queries_do_not_grow(
    login, dora, amadora_sets, count_queries, django_assert_num_queries
):
    client = login(dora)
    small = count_queries("/admin/partners/partner/")
    add_partners(30)

    with django_assert_num_queries(small):
        response = client.get("/admin/partners/partner/")

    assert len(response.context["cl"].result_list) == 61


def test_the_team_sets_a_partners_time_zone_for_its_set_meetings(login, dora, amadora):
    response = login(dora).get(f"/admin/partners/partner/{amadora.pk}/change/")

    field = response.context["adminform"].form.fields["time_zone"]
    assert ("Atlantic/Azores", "Atlantic/Azores") in field.choices
    assertContains(response, 'name="time_zone"')
