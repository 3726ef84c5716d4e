"""The names of a delegate's rows: their own columns, read without a query (the admin's delete
page names every row a deletion takes)."""

from workshops import services
from workshops.models import Invitation, Registration


def test_registrations_and_invitations_are_named_without_a_query(
    workshop, bob_member, dora, django_assert_num_queries
):
    [registration] = services.delegates_register(
        workshop=workshop, partner=bob_member.learning_set.partner, members=[bob_member], by=dora
    )
    rows = [Registration.objects.get(pk=registration.pk), Invitation.objects.get()]

    with django_assert_num_queries(0):
        names = [str(row) for row in rows]

    assert names == [f"Registration #{registration.pk}", "Invitation sent to bob@amadora.example"]
