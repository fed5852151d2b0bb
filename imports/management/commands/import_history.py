"""manage.py import_history DIR --user USERNAME [--source NAME] [--force CODE]"""

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Force
from accounts.reach import force_of
from imports.policies import IMPORT_HISTORY
from imports.rows import KINDS
from imports.services import history_import, source_for


class Command(BaseCommand):
    help = (
        "Import a force's history from its old system: a directory holding any of "
        + ", ".join(k.file_name for k in KINDS)
        + " (UTF-8 CSV with a header row; columns in the README). Each file imports whole or not at all; every bad"
        " row is reported as file:line. A rerun writes nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument("--user", required=True, help="Who imports (an active user holding the permission)")
        parser.add_argument(
            "--source", default="old-system", help="The old system's name: its ids are unique within it"
        )
        parser.add_argument("--force", default="", help="Force code, to check: the user's own force is imported into")
        parser.add_argument("--no-progress", action="store_true", help="No progress line")

    def handle(self, *args, directory: Path, user: str, source: str, force: str, no_progress: bool, **options):
        User = get_user_model()
        try:
            importer = User.objects.get(username__iexact=user, is_active=True)
        except User.DoesNotExist:
            raise CommandError(f"No active user {user!r}.") from None
        if not importer.has_perm(IMPORT_HISTORY) or importer.is_partner:
            raise CommandError(f"{importer.username} may not import a force's history.")
        own = Force.objects.filter(pk=force_of(importer)).first()
        if own is None:
            raise CommandError(f"{importer.username} works in no force (or in two): give them one force's areas.")
        if force and force != own.code:
            known = Force.objects.filter(code=force).exists()
            raise CommandError(
                f"{importer.username} imports into {own.code}, not {force}." if known else "No such force."
            )
        if not directory.is_dir():
            raise CommandError(f"{directory} is not a directory.")
        if not any((directory / k.file_name).exists() for k in KINDS):
            raise CommandError(f"{directory} holds none of " + ", ".join(k.file_name for k in KINDS) + ".")
        results = history_import(
            directory=directory,
            source=source_for(force=own, name=source),
            user=importer,
            progress=None if no_progress else self._progress,
        )
        failed = 0
        for r in results:
            if r.imported:
                self.stdout.write(
                    f"{r.path.name}: {r.rows} rows, {r.created} new, {r.matched} matched to the index,"
                    f" {r.unchanged} imported before (left as they were)."
                )
            else:
                failed += 1
                for message in r.problems:
                    self.stderr.write(message)
                self.stderr.write(f"{r.path.name}: nothing imported from this file.")
        if failed:
            raise CommandError(f"{failed} file(s) not imported: see the lines above.")

    def _progress(self, name: str, done: int, lines: int) -> None:
        total = max(lines - 1, 1)
        width = 30
        filled = min(width, width * done // total)
        bar = f"{name:<14} [{'#' * filled}{'.' * (width - filled)}] {done:>10,} / {total:,} rows"
        if sys.stderr.isatty():
            self.stderr.write("\r" + bar, ending="\n" if done >= total else "")
        elif done >= total or done % 100_000 < 20_000:
            self.stderr.write(bar)
