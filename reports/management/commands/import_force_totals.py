"""manage.py import_force_totals FILE.csv --user USERNAME [--force CODE]"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Force
from reports.policies import ENTER_TOTALS
from reports.services import CSV_COLUMNS, decode_upload, force_totals_import


class Command(BaseCommand):
    help = (
        "Import the force's monthly totals from a CSV file with the columns "
        + ",".join(CSV_COLUMNS)
        + " (month YYYY-MM; area code, empty for the whole force). Every row or none: each bad row is "
        "reported with its line. A month entered before is replaced."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="Who the totals are entered by (an active user)")
        parser.add_argument("--force", default="", help="Force code; needed only when there are several")

    def handle(self, *args, file: Path, user: str, force: str, **options):
        User = get_user_model()
        try:
            entered_by = User.objects.get(username__iexact=user, is_active=True)
        except User.DoesNotExist:
            raise CommandError(f"No active user {user!r}.") from None
        if not entered_by.has_perm(ENTER_TOTALS) or entered_by.is_partner:
            raise CommandError(f"{entered_by.username} may not enter the force's totals (an analyst's task).")
        forces = list((Force.objects.filter(code=force) if force else Force.objects.all())[:2])
        if len(forces) != 1:
            raise CommandError("Name the force with --force CODE." if forces else "No such force.")
        try:
            lines = decode_upload(file.read_bytes())
            saved = force_totals_import(force=forces[0], lines=lines, user=entered_by)
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}.") from None
        except ValidationError as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError(f"Nothing imported: {len(exc.messages)} problem(s) in {file}.") from None
        self.stdout.write(f"Imported {saved.created} new months and replaced {saved.replaced} from {file}.")
