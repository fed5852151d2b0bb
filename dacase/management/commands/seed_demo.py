from time import monotonic

from django.core.management.base import BaseCommand

from accounts import demo as accounts_demo
from incidents import demo as incidents_demo
from marac import demo as marac_demo
from people.services import duplicates_suggest
from plans import demo as plans_demo
from reports import demo as reports_demo
from risk import demo as risk_demo
from safeguarding import demo as safeguarding_demo
from sampling import demo as sampling_demo


class Command(BaseCommand):
    help = "Load the demo data (idempotent: running it twice duplicates nothing) and print the demo logins."

    def say(self, line: str) -> None:
        self.stdout.write(f"seed: {line}")
        self.stdout.flush()  # `make run` shows each step as it ends, not all at the end

    def step(self, what: str, seed, *args, **kwargs):
        """Run one app's seed and say how many it made and how long it took."""
        started = monotonic()
        made = seed(*args, **kwargs)
        count = len(made) if isinstance(made, list) else made
        self.say(f"{what} {count} ({monotonic() - started:.1f} s)" if count else f"{what}: none new")
        return made

    def handle(self, *args, **options) -> None:
        started = monotonic()
        logins = self.step("demo logins", accounts_demo.seed)
        calls = self.step("demo calls", incidents_demo.seed, say=self.say)
        # A second force shares the deployment: a few calls of its own, never seen by the demo force's users.
        if self.step("the neighbouring force's calls", incidents_demo.seed_neighbour) or calls:
            self.step("duplicate suggestions", duplicates_suggest)
        self.step("DASH assessments", risk_demo.seed)
        self.step("dip samples", sampling_demo.seed)
        self.step("risk-management plans", plans_demo.seed)
        self.step("MARAC referrals (past and coming meetings in every area)", marac_demo.seed)
        self.step("force totals (the 12 months past, per area)", reports_demo.seed)
        self.step("safeguarding notices, orders and clocks", safeguarding_demo.seed)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded in {monotonic() - started:.1f} s. "
                f"Demo logins (password for all: {accounts_demo.DEMO_PASSWORD}):"
            )
        )
        for username, roles in logins:
            self.stdout.write(f"  {username:<16} {roles}")
