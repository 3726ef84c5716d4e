"""The management team's administration of sub-themes, principles, learning sets, members."""

import pytest
from pytest_django.asserts import assertContains, assertRedirects

from learningsets.models import Member
from tests.factories import MemberFactory, UserFactory, add_partners, sub_theme

ENTERPRISE = "ALS Amadora — Enterprise support and development"
INCLUSION = "ALS Amadora — Active inclusion measures for labour market access"


def listed(response):
    return [str(row) for row in response.context["cl"].result_list]


def learning_sets_listed(response):
    """The learning sets of the list by the name its first column shows."""
    return [row.name for row in response.context["cl"].result_list]


@pytest.fixture
def team(login, dora):
    return login(dora)


@pytest.fixture
def sets_with_members(bob_member, amadora_sets, other_als):
    MemberFactory(
        learning_set=amadora_sets[1],
        name="Ana Silva",
        email="ana@amadora.example",
        organisation="IEFP",
        actor_type=Member.ActorType.INSTITUTION,
    )
    MemberFactory(
        learning_set=other_als,
        name="Eleni Papadopoulou",
        email="eleni@komotini.example",
        organisation="Municipality of Komotini",
        actor_type=Member.ActorType.ELECTED_REPRESENTATIVE,
    )
    return amadora_sets


def test_the_team_lists_the_sub_themes_in_order(team):
    response = team.get("/admin/learningsets/subtheme/")

    assert listed(response) == [
        "Enterprise support and development",
        "Active inclusion measures for labour market access",
        "Access to key services (education, housing, health) and intercultural dialogue",
    ]


def test_the_team_searches_and_opens_a_sub_theme(team):
    found = team.get("/admin/learningsets/subtheme/?q=inclusion")
    page = team.get(f"/admin/learningsets/subtheme/{sub_theme(2).pk}/change/")

    assert listed(found) == ["Active inclusion measures for labour market access"]
    assertContains(page, 'name="slug" value="active-inclusion"')


def test_the_team_lists_searches_and_opens_the_common_basic_principles(team):
    listing = team.get("/admin/learningsets/commonbasicprinciple/")
    found = team.get("/admin/learningsets/commonbasicprinciple/?q=employment")
    page = team.get("/admin/learningsets/commonbasicprinciple/1/change/")

    assert listed(listing) == [f"CBP {number}" for number in range(1, 12)]
    assert listed(found) == ["CBP 3"]
    assertContains(page, "Integration is a dynamic, two-way process of mutual accommodation")


def test_the_team_lists_learning_sets_with_member_counts(team, sets_with_members):
    response = team.get("/admin/learningsets/learningset/")

    enterprise = sets_with_members[0]
    assertContains(
        response,
        f'<th class="field-learning_set"><a href="/admin/learningsets/learningset/'
        f'{enterprise.pk}/change/">{ENTERPRISE}</a></th>',
        html=True,
    )
    assert [(row.name, row.member_count) for row in response.context["cl"].result_list] == [
        (ENTERPRISE, 1),
        (INCLUSION, 1),
        (
            "ALS Amadora — Access to key services (education, housing, health) and "
            "intercultural dialogue",
            0,
        ),
        ("ALS Komotini — Enterprise support and development", 1),
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?q=komotini", ["ALS Komotini — Enterprise support and development"]),
        ("?q=inclusion", [INCLUSION]),
        ("?sub_theme__id__exact=2", [INCLUSION]),
        ("?partner__kind__exact=city&partner__country__exact=GR", [
            "ALS Komotini — Enterprise support and development"
        ]),
        ("?partner__kind__exact=region", []),
    ],
)  # fmt: skip
def test_the_team_searches_and_filters_learning_sets(team, sets_with_members, query, expected):
    response = team.get(f"/admin/learningsets/learningset/{query}")

    assert learning_sets_listed(response) == expected


def test_the_team_opens_a_learning_set_with_its_members_inline(team, sets_with_members):
    response = team.get(f"/admin/learningsets/learningset/{sets_with_members[0].pk}/change/")

    assertContains(response, f"<h2>{ENTERPRISE}</h2>", html=True)
    formset = response.context["inline_admin_formsets"][0].formset
    assert [str(form.instance) for form in formset] == ["Bob (Town hall)"]


def test_the_team_opens_the_add_learning_set_page(team):
    response = team.get("/admin/learningsets/learningset/add/")

    assertContains(response, "<h1>Add Action Learning Set</h1>", html=True)


def test_the_team_lists_members_with_their_learning_set_and_account(team, sets_with_members):
    response = team.get("/admin/learningsets/member/")

    assert [
        (member.name, member.learning_set.name, member.user_id is not None)
        for member in response.context["cl"].result_list
    ] == [
        ("Ana Silva", INCLUSION, False),
        ("Bob", ENTERPRISE, True),
        ("Eleni Papadopoulou", "ALS Komotini — Enterprise support and development", False),
    ]
    assertContains(response, f'<td class="field-learning_set_name">{INCLUSION}</td>', html=True)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?q=eleni@komotini", ["Eleni Papadopoulou (Municipality of Komotini)"]),
        ("?q=amadora", ["Ana Silva (IEFP)", "Bob (Town hall)"]),
        ("?q=IEFP", ["Ana Silva (IEFP)"]),
        ("?actor_type__exact=elected", ["Eleni Papadopoulou (Municipality of Komotini)"]),
        ("?learning_set__sub_theme__id__exact=2", ["Ana Silva (IEFP)"]),
        ("?learning_set__sub_theme__id__exact=1&actor_type__exact=practitioner", [
            "Bob (Town hall)"
        ]),
    ],
)  # fmt: skip
def test_the_team_searches_and_filters_members(team, sets_with_members, query, expected):
    response = team.get(f"/admin/learningsets/member/{query}")

    assert listed(response) == expected


def test_the_team_filters_members_by_partner(team, sets_with_members, komotini):
    response = team.get(
        f"/admin/learningsets/member/?learning_set__partner__id__exact={komotini.pk}"
    )

    assert listed(response) == ["Eleni Papadopoulou (Municipality of Komotini)"]


def test_the_team_opens_a_members_change_page(team, bob_member):
    response = team.get(f"/admin/learningsets/member/{bob_member.pk}/change/")

    assertContains(response, "<h2>Bob (Town hall)</h2>", html=True)
    assertContains(response, 'name="email" value="bob@amadora.example"')


def test_a_member_added_in_the_admin_is_linked_to_their_account(team, als):
    eva = UserFactory(email="eva@amadora.example")

    response = team.post(
        "/admin/learningsets/member/add/",
        {
            "learning_set": als.pk,
            "name": "Eva Costa",
            "email": "EVA@amadora.example",
            "organisation": "IEFP",
            "position": "",
            "actor_type": "institution",
            "user": "",
        },
    )

    assertRedirects(response, "/admin/learningsets/member/")
    assert list(Member.objects.values_list("name", "email", "user")) == [
        ("Eva Costa", "EVA@amadora.example", eva.pk)
    ]


def test_a_duplicate_member_added_in_the_admin_is_explained(team, bob_member):
    response = team.post(
        "/admin/learningsets/member/add/",
        {
            "learning_set": bob_member.learning_set_id,
            "name": "Robert",
            "email": "Bob@Amadora.example",
            "organisation": "IEFP",
            "actor_type": "institution",
        },
    )

    assertContains(response, "This e-mail address is already a member of this learning set.")
    assert list(Member.objects.values_list("name", flat=True)) == ["Bob"]


def test_the_member_page_offers_every_learning_set_by_name(
    team, bob_member, sets_with_members, other_als
):
    response = team.get(f"/admin/learningsets/member/{bob_member.pk}/change/")

    choices = response.context["adminform"].form.fields["learning_set"].choices
    assert [(value, label) for value, label in choices if value] == [
        (learning_set.pk, learning_set.name) for learning_set in [*sets_with_members, other_als]
    ]
    assertContains(
        response,
        f'<option value="{bob_member.learning_set_id}" selected>{ENTERPRISE}</option>',
        html=True,
    )


@pytest.mark.parametrize(
    "url",
    [
        "/admin/learningsets/learningset/",
        "/admin/learningsets/member/",
        "/admin/learningsets/subtheme/",
    ],
)
def test_someone_who_is_not_staff_is_sent_to_the_admin_login(login, alice, url):
    response = login(alice).get(url)

    assertRedirects(response, f"/admin/login/?next={url}", fetch_redirect_response=False)


@pytest.mark.parametrize(
    ("url", "rows_after"),
    [("/admin/learningsets/learningset/", 94), ("/admin/learningsets/member/", 100)],
)
def test_changelist_queries_do_not_grow(
    team, sets_with_members, count_queries, django_assert_num_queries, url, rows_after
):
    small = count_queries(url)
    add_partners(30, members_per_set=2)

    with django_assert_num_queries(small):
        response = team.get(url)

    # 100 rows per page: the member list has 183 members and shows its first page.
    assert len(response.context["cl"].result_list) == rows_after
