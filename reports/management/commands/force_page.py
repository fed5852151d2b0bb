"""manage.py force_page --start YYYY-MM-DD --end YYYY-MM-DD [--area CODE] [--snapshot YYYY-MM-DD] --json"""

import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404, QueryDict

from accounts.models import Area, Force
from reports import services
from reports.api.serializers import ForcePageSerializer
from reports.filters import ForcePageQuery, force_page_query
from reports.policies import ReportReach, reach_of


class Command(BaseCommand):
    help = (
        "Print the force page's figures for a period, an area (or the whole force) and a snapshot day: one JSON "
        "object with --json, else lines of text. The run is logged."
    )

    def add_arguments(self, parser):
        parser.add_argument("--start", help="YYYY-MM-DD (default: the first of the 12 whole months past)")
        parser.add_argument("--end", help="YYYY-MM-DD, included (default: the end of last month)")
        parser.add_argument("--area", default="", help="Area code (default: the whole force)")
        parser.add_argument("--snapshot", help="YYYY-MM-DD, the day active cases are counted on (default: end)")
        parser.add_argument("--force", default="", help="Force code; needed only when there are several")
        parser.add_argument(
            "--user", default="", help="Run as this user: their reach applies and the run is in the access log"
        )
        parser.add_argument("--json", action="store_true", help="Print one JSON object")

    def handle(self, *args, **options):
        data = QueryDict(mutable=True)
        for name in ForcePageQuery.base_fields:
            if options.get(name):
                data[name] = options[name]
        user = self._user(options["user"])
        reach = reach_of(user) if user else self._server_reach(options["force"])
        if not reach:
            raise CommandError("This user may not see the force page.")
        try:
            form, scope = force_page_query(data, reach, api=True)
        except Http404:
            raise CommandError(f"No area {options['area']!r} within reach.") from None
        if form.errors:
            raise CommandError(
                "; ".join(f"--{name}: {' '.join(msgs)}" for name, msgs in form.errors.items() if name != "__all__")
            )
        page = services.force_page_run(user=user, scope=scope, query=form.cleaned_data, fmt="command")
        if options["json"]:
            self.stdout.write(json.dumps(ForcePageSerializer(page).data, indent=2))
            return
        self.stdout.write(
            f"Force page: {page.scope.label}, {page.start} to {page.end}; active cases on {page.snapshot}"
        )
        for heading, _, figures in page.sections():
            self.stdout.write(heading)
            for f in figures:
                self.stdout.write(
                    f"  {f.label}: {f.shown} ({f.numerator} / {f.denominator}){' ' + f.note if f.note else ''}"
                )

    def _user(self, username: str):
        if not username:
            return None
        try:
            return get_user_model().objects.get(username__iexact=username, is_active=True)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No active user {username!r}.") from None

    def _server_reach(self, code: str) -> ReportReach:
        """On the server without a user: every area of the one force (or of --force)."""
        forces = Force.objects.filter(code=code) if code else Force.objects.all()
        found = list(forces[:2])
        if len(found) != 1:
            raise CommandError("Name the force with --force CODE." if found else "No such force.")
        areas = tuple(Area.objects.filter(force=found[0]).select_related("force").order_by("name"))
        return ReportReach(areas, (found[0],))
