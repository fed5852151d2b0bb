"""manage.py import_force_totals FILE.csv --user USERNAME [--force CODE]"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Force
from accounts.reach import force_of
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
        parser.add_argument(
            "--force", default="", help="Force code, to check: the user's own force is the one imported"
        )

    def handle(self, *args, file: Path, user: str, force: str, **options):
        User = get_user_model()
        try:
            entered_by = User.objects.get(username__iexact=user, is_active=True)
        except User.DoesNotExist:
            raise CommandError(f"No active user {user!r}.") from None
        if not entered_by.has_perm(ENTER_TOTALS) or entered_by.is_partner:
            raise CommandError(f"{entered_by.username} may not enter the force's totals (an analyst's task).")
        # The user's own force (accounts/reach.py): no one enters another force's totals.
        own = Force.objects.filter(pk=force_of(entered_by)).first()
        if own is None:
            raise CommandError(f"{entered_by.username} works in no force (or in two): give them one force's areas.")
        if force and force != own.code:
            known = Force.objects.filter(code=force).exists()
            raise CommandError(
                f"{entered_by.username} enters {own.code}'s totals, not {force}'s." if known else "No such force."
            )
        try:
            lines = decode_upload(data=file.read_bytes())
            saved = force_totals_import(force=own, lines=lines, user=entered_by)
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}.") from None
        except ValidationError as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError(f"Nothing imported: {len(exc.messages)} problem(s) in {file}.") from None
        self.stdout.write(f"Imported {saved.created} new months and replaced {saved.replaced} from {file}.")
