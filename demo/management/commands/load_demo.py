from django.core.management.base import BaseCommand
from django.urls import reverse

from demo.data import DEMO_PASSWORD, OPEN_WORKSHOP, load_demo
from demo.proposals import public_proposal


class Command(BaseCommand):
    help = "Load the MILE demo data (idempotent) and print the demo logins."

    def handle(self, *args, **options):
        logins = load_demo()
        self.stdout.write(self.style.SUCCESS("MILE demo data is loaded."))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        width = max(len(role) for role, _ in logins)
        for role, email in logins:
            self.stdout.write(f"  {role.ljust(width)}  {email}")
        self.stdout.write("Open http://127.0.0.1:8000/ and log in at /accounts/login/.")
        proposal = public_proposal()
        if proposal is not None:
            self.stdout.write(f"Public proposal: {proposal.get_absolute_url()}")
        open_workshop = reverse("workshops:detail", kwargs={"slug": OPEN_WORKSHOP})
        self.stdout.write(f"Workshop with registration open: {open_workshop}")
