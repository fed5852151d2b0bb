from django.core.management.base import BaseCommand

from accounts import demo as accounts_demo
from incidents import demo as incidents_demo
from marac import demo as marac_demo
from people.services import duplicates_suggest
from plans import demo as plans_demo
from risk import demo as risk_demo


class Command(BaseCommand):
    help = "Load the demo data (idempotent: running it twice duplicates nothing) and print the demo logins."

    def handle(self, *args, **options) -> None:
        logins = accounts_demo.seed()
        incidents = incidents_demo.seed()
        if incidents:
            suggestions = duplicates_suggest()
            self.stdout.write(f"Demo incidents: {incidents}; duplicate suggestions: {suggestions}.")
        assessments = risk_demo.seed()
        if assessments:
            self.stdout.write(f"Demo DASH assessments: {assessments}.")
        plans = plans_demo.seed()
        if plans:
            self.stdout.write(f"Demo risk-management plans: {plans}.")
        referrals = marac_demo.seed()
        if referrals:
            self.stdout.write(f"Demo MARAC referrals: {referrals}, on past and coming meetings in every area.")
        self.stdout.write(
            self.style.SUCCESS(f"Demo data loaded. Demo logins (password for all: {accounts_demo.DEMO_PASSWORD}):")
        )
        for username, roles in logins:
            self.stdout.write(f"  {username:<16} {roles}")
