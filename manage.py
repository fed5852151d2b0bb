#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dacase.settings")
    if "DJANGO_SECRET_KEY" not in os.environ:
        # A developer's shell (no secret set): development defaults. A server has its secret set and stays on
        # the secure production defaults unless told otherwise; the web and worker entry points always do.
        os.environ.setdefault("DJANGO_ENV", "development")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
