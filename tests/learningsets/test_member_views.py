"""Adding, editing and removing members: who may, who may not, and what they see."""

import pytest
from pytest_django.asserts import assertContains, assertRedirects

from learningsets.models import Member
from tests.factories import MemberFactory
from tests.pages import main_text

NOT_FOUND = "Page not found There is nothing at this address, or you do not have access to it."
MEMBER_ROW = ("learning_set", "name", "email", "organisation", "position", "actor_type", "user")
NEW_MEMBER = {
    "name": "Ana Silva",
    "email": "ana@amadora.example",
    "organisation": "IEFP",
    "position": "Employment counsellor",
    "actor_type": "institution",
}


def member_rows():
    return list(Member.objects.order_by("pk").values_list(*MEMBER_ROW))


def manage_urls(member):
    base = f"/partners/{member.learning_set.partner.slug}/manage"
    return {
        "add": f"{base}/members/add/",
        "edit": f"{base}/members/{member.pk}/edit/",
        "remove": f"{base}/members/{member.pk}/remove/",
    }


def send(client, method, url, data):
    """A GET or a POST of `data` to `url`."""
    return client.post(url, data) if method == "post" else client.get(url)


def member_form_data(member, **changes):
    data = {
        "learning_set": member.learning_set_id,
        "name": member.name,
        "email": member.email,
        "organisation": member.organisation,
        "position": member.position,
        "actor_type": member.actor_type,
    }
    return data | changes


# Who may: the partner's contact and the management team.


@pytest.mark.parametrize("role", ["alice", "dora"])
def test_the_add_form_offers_only_the_partners_own_learning_sets(
    as_role, role, amadora_sets, other_als
):
    response = as_role(role).get("/partners/amadora/manage/members/add/")

    assert list(response.context["form"].fields["learning_set"].queryset) == amadora_sets
    assertContains(response, "<h1>Add a member</h1>", html=True)
    assertContains(response, "ALS Amadora — Active inclusion measures for labour market access")
    assert "Komotini" not in response.text


def test_the_add_form_preselects_the_learning_set_of_the_link(login, alice, amadora_sets):
    response = login(alice).get(
        f"/partners/amadora/manage/members/add/?learning_set={amadora_sets[1].pk}"
    )

    assertContains(
        response,
        f'<option value="{amadora_sets[1].pk}" selected>'
        "ALS Amadora — Active inclusion measures for labour market access</option>",
        html=True,
    )


@pytest.mark.parametrize("role", ["alice", "dora"])
def test_a_contact_or_the_team_adds_a_member(as_role, role, als):
    response = as_role(role).post(
        "/partners/amadora/manage/members/add/",
        {"learning_set": als.pk, **NEW_MEMBER},
        follow=True,
    )

    assertRedirects(response, "/partners/amadora/manage/")
    assertContains(
        response,
        "Ana Silva was added to ALS Amadora — Enterprise support and development.",
    )
    assert member_rows() == [
        (
            als.pk,
            "Ana Silva",
            "ana@amadora.example",
            "IEFP",
            "Employment counsellor",
            "institution",
            None,
        )
    ]


def test_adding_a_member_links_their_existing_account(login, alice, bob, amadora_sets):
    login(alice).post(
        "/partners/amadora/manage/members/add/",
        {"learning_set": amadora_sets[2].pk, **NEW_MEMBER, "email": "BOB@amadora.example"},
    )

    assert Member.objects.get(learning_set=amadora_sets[2]).user == bob


@pytest.mark.parametrize("role", ["alice", "dora"])
def test_the_edit_form_shows_the_members_details(as_role, role, bob_member):
    response = as_role(role).get(manage_urls(bob_member)["edit"])

    assertContains(response, "<h1>Edit Bob</h1>", html=True)
    assertContains(response, 'name="email" value="bob@amadora.example"')
    assertContains(
        response, '<option value="practitioner" selected>Practitioner</option>', html=True
    )


@pytest.mark.parametrize("role", ["alice", "dora"])
def test_a_contact_or_the_team_edits_and_moves_a_member(as_role, role, bob, amadora_sets):
    member = bob.memberships.get()

    response = as_role(role).post(
        manage_urls(member)["edit"],
        member_form_data(
            member, learning_set=amadora_sets[1].pk, name="Bob Costa", position="Mediator"
        ),
        follow=True,
    )

    assertRedirects(response, "/partners/amadora/manage/")
    assertContains(response, "The details of Bob Costa were saved.")
    assert member_rows() == [
        (
            amadora_sets[1].pk,
            "Bob Costa",
            "bob@amadora.example",
            "Town hall",
            "Mediator",
            "practitioner",
            bob.pk,
        )
    ]


# Who may not: another partner's contact, an ALS member and a staff account without the
# admin's permissions for members get 404; a visitor logs in first.


@pytest.mark.parametrize("role", ["bob", "charlie", "staff_without_permissions"])
@pytest.mark.parametrize("page", ["add", "edit", "remove"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_the_member_pages_are_not_found_for_who_does_not_look_after_the_partner(
    as_role, role, page, method, bob_member
):
    client = as_role(role)
    before = member_rows()

    response = send(
        client, method, manage_urls(bob_member)[page], member_form_data(bob_member, name="Changed")
    )

    assert (response.status_code, main_text(response)) == (404, f"{NOT_FOUND} Go to the home page")
    assert member_rows() == before


@pytest.mark.parametrize("page", ["add", "edit", "remove"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_the_member_pages_send_an_anonymous_visitor_to_log_in(client, page, method, bob_member):
    url = manage_urls(bob_member)[page]
    before = member_rows()

    response = send(client, method, url, member_form_data(bob_member, name="Changed"))

    assertRedirects(response, f"/accounts/login/?next={url}", fetch_redirect_response=False)
    assert member_rows() == before


@pytest.mark.parametrize("page", ["edit", "remove"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_member_of_another_partner_is_not_found_through_the_contacts_own_partner(
    login, alice, other_als, page, method
):
    stranger = MemberFactory(learning_set=other_als, name="Eleni")
    url = f"/partners/amadora/manage/members/{stranger.pk}/{page}/"
    before = member_rows()

    response = send(login(alice), method, url, member_form_data(stranger, name="Changed"))

    assert (response.status_code, main_text(response)) == (404, f"{NOT_FOUND} Go to the home page")
    assert member_rows() == before


def test_the_member_pages_reject_other_methods(login, alice, bob_member):
    response = login(alice).delete(manage_urls(bob_member)["remove"])

    assert (response.status_code, response["Allow"]) == (405, "GET, HEAD, POST")
    assert Member.objects.filter(pk=bob_member.pk).exists()
