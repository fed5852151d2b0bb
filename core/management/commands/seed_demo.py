from django.core.management.base import BaseCommand

from accounts import demo as accounts_demo


class Command(BaseCommand):
    help = "Load the demo data (idempotent: running it twice duplicates nothing) and print the demo logins."

    def handle(self, *args, **options) -> None:
        logins = accounts_demo.seed()
        self.stdout.write(
            self.style.SUCCESS(f"Demo data loaded. Demo logins (password for all: {accounts_demo.DEMO_PASSWORD}):")
        )
        for username, roles in logins:
            self.stdout.write(f"  {username:<16} {roles}")
