import os

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from core.dbroles import RoleSetupError, app_role_setup


class Command(BaseCommand):
    help = (
        "Create (if missing) the role the application connects as, and leave it with row privileges only: "
        "no TRUNCATE, no DDL, no UPDATE or DELETE on the append-only audit tables. Run it as the owner "
        "(DATABASE_URL naming the owner) after every migrate; it is idempotent. The password, if any, "
        "is read from DACASE_APP_DB_PASSWORD."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--app-role", default="dacase_app", help="the application's role (default dacase_app)")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, **options) -> None:
        role, using = options["app_role"], options["database"]
        password = os.environ.get("DACASE_APP_DB_PASSWORD") or None
        try:
            with transaction.atomic(using=using), connections[using].cursor() as cursor:
                withheld = app_role_setup(cursor=cursor, role=role, password=password)
        except RoleSetupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(f"{role}: row privileges only; {len(withheld)} append-only tables it cannot change.")
        )
