"""A person's data in partners: the partners whose contact they are. An erased person is no
longer anyone's contact."""

from accounts.personal_data import Erasure, Part, Person, Rows, register
from partners.models import Partner

Contact = Partner.contacts.through
CONTACTS = "partners.partner_contacts"


def register_part() -> None:
    register(Part("partners", export, rows, erase=erase))


def export(person: Person) -> dict:
    if person.user is None:
        return {"contact_of": []}
    partners = Partner.objects.filter(contacts=person.user).order_by("name")
    return {"contact_of": list(partners.values_list("name", flat=True))}


def rows(person: Person) -> Rows:
    if person.user is None:
        return {}
    contacts = Contact.objects.filter(user=person.user).order_by("pk")
    return {CONTACTS: list(contacts.values_list("pk", flat=True))}


def erase(erasure: Erasure) -> None:
    Contact.objects.filter(pk__in=erasure.ids(CONTACTS)).delete()
