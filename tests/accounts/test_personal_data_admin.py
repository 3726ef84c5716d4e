"""The admin's actions on a person: export (superusers and the management team), erase after a
confirmation page (superusers only); everyone else is refused and nothing changes."""

import io
import json
import zipfile

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.models import ErasureLog
from learningsets.models import Member
from tests.accounts.personal_data_world import make_marta

USERS = reverse("admin:accounts_user_changelist")
MEMBERS = reverse("admin:learningsets_member_changelist")


@pytest.fixture
def marta(als, amadora_sets, workshop, alice, dora):
    return make_marta(als=als, sibling=amadora_sets[1], workshop=workshop, contact=alice, team=dora)


def act(client, url, action, *objects, **extra):
    data = {"action": action, "_selected_action": [obj.pk for obj in objects], **extra}
    return client.post(url, data)


def said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def person_json(response) -> dict:
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return json.loads(archive.read("person.json"))


@pytest.mark.parametrize("role", ["superuser", "dora"])
def test_the_team_exports_a_person_from_the_users(client, marta, role, request):
    client.force_login(request.getfixturevalue(role))

    response = act(client, USERS, "export_person", marta)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == f'attachment; filename="person-user-{marta.pk}.zip"'
    assert person_json(response)["account"]["email"] == "marta@amadora.example"


def test_the_team_exports_a_member_without_an_account(client, dora, ana):
    client.force_login(dora)

    response = act(client, MEMBERS, "export_person", ana)

    data = person_json(response)
    assert data["account"] is None
    assert [m["email"] for m in data["learningsets"]["memberships"]] == ["ana@amadora.example"]


def test_erasure_asks_for_confirmation_with_what_it_anonymises(client, superuser, marta):
    client.force_login(superuser)

    response = act(client, USERS, "erase_person", marta)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Erase the data of Marta Quaresma" in page
    assert "<td>Members</td><td>2</td>" in page
    assert "<td>Invitations</td><td>1</td>" in page
    assert 'name="confirm" value="yes"' in page
    marta.refresh_from_db()
    assert marta.first_name == "Marta"
    assert not ErasureLog.objects.exists()


def test_a_confirmed_erasure_anonymises_the_person(client, superuser, marta):
    client.force_login(superuser)

    response = act(client, USERS, "erase_person", marta, confirm="yes")

    assert response.status_code == 302
    log = ErasureLog.objects.get()
    assert said(response) == [f"Erased: the person's data is anonymised (erasure #{log.pk})."]
    assert log.by == superuser
    marta.refresh_from_db()
    assert (marta.email, marta.is_active) == (f"erased-{log.pk}@invalid", False)


def test_erasing_from_the_members_takes_their_account_too(client, superuser, marta):
    client.force_login(superuser)
    member = Member.objects.get(user=marta)

    act(client, MEMBERS, "erase_person", member, confirm="yes")

    marta.refresh_from_db()
    assert str(marta) == "Erased person"
    assert Member.objects.filter(name="Erased person").count() == 2


def test_erasing_an_erased_person_changes_nothing(client, superuser, marta):
    client.force_login(superuser)
    act(client, USERS, "erase_person", marta, confirm="yes")

    response = act(client, USERS, "erase_person", marta, confirm="yes")

    assert said(response)[-1] == "This person is already erased: nothing changed."
    assert ErasureLog.objects.count() == 1


def test_one_person_at_a_time(client, superuser, marta, alice):
    client.force_login(superuser)

    response = act(client, USERS, "erase_person", marta, alice, confirm="yes")

    assert said(response) == ["Select one person at a time for this action."]
    assert not ErasureLog.objects.exists()


def test_the_team_may_not_erase(client, dora, marta):
    client.force_login(dora)

    page = client.get(USERS).content.decode()
    response = act(client, USERS, "erase_person", marta, confirm="yes")

    assert 'value="export_person"' in page
    assert 'value="erase_person"' not in page
    assert said(response) == ["No action selected."]
    marta.refresh_from_db()
    assert marta.first_name == "Marta"
    assert not ErasureLog.objects.exists()


@pytest.mark.parametrize("action", ["export_person", "erase_person"])
def test_staff_without_the_permission_is_refused(client, staff_without_permissions, marta, action):
    client.force_login(staff_without_permissions)

    for url, obj in ((USERS, marta), (MEMBERS, Member.objects.get(user=marta))):
        response = act(client, url, action, obj, confirm="yes")
        assert response.status_code == 403
    assert not ErasureLog.objects.exists()


@pytest.mark.parametrize("role", ["anonymous", "bob"])
def test_people_outside_the_team_are_sent_to_the_admin_login(client, marta, role, request):
    user = request.getfixturevalue(role)
    if user is not None:
        client.force_login(user)

    response = act(client, USERS, "erase_person", marta, confirm="yes")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    marta.refresh_from_db()
    assert marta.first_name == "Marta"


def test_the_erasure_log_is_read_only_and_holds_no_personal_data(client, superuser, marta):
    client.force_login(superuser)
    act(client, USERS, "erase_person", marta, confirm="yes")
    log = ErasureLog.objects.get()

    page = client.get(reverse("admin:accounts_erasurelog_changelist")).content.decode()

    assert f"Erasure #{log.pk}" in page
    assert "marta" not in page.lower()
    assert reverse("admin:accounts_erasurelog_add") not in page
