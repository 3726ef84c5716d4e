"""manage.py export_person EMAIL [--output FILE]: everything about one person, as a ZIP."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.personal_data import PersonNotFound, person_export_zip, person_find


class Command(BaseCommand):
    help = "Write everything the platform holds about the person with this address to a ZIP."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--output", default="person.zip", help="The ZIP to write (default: person.zip)."
        )

    def handle(self, *args, email, output, **options):
        try:
            person = person_find(email=email)
        except PersonNotFound as error:
            raise CommandError(str(error)) from error
        Path(output).write_bytes(person_export_zip(person))
        self.stdout.write(f"Wrote {output}.")
