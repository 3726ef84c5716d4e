"""manage.py erase_person EMAIL: anonymise one person everywhere, and log it."""

from django.core.management.base import BaseCommand, CommandError

from accounts.personal_data import (
    PersonNotFound,
    person_erase,
    person_erasure_plan,
    person_find,
)


class Command(BaseCommand):
    help = (
        "Anonymise the person with this address: name, address, organisation and position, "
        "wherever they are copied. Their proposals' texts stay, without their name."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, email, interactive, **options):
        try:
            person = person_find(email=email)
        except PersonNotFound as error:
            raise CommandError(str(error)) from error
        self.stdout.write("To anonymise:")
        for name, count in person_erasure_plan(person):
            self.stdout.write(f"  {name}: {count}")
        if interactive and input("Type 'yes' to erase: ") != "yes":
            raise CommandError("Nothing erased.")
        log = person_erase(person=person)
        if log is None:
            self.stdout.write("Already erased: nothing changed.")
        else:
            self.stdout.write(f"Erased (erasure #{log.pk}).")
