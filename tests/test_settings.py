"""Production settings are secure by default."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DACASE_"))}
    environ.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=60
    )


def test_check_deploy_with_production_settings_reports_nothing():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY="x" * 20 + "a-long-random-secret-for-the-deploy-check-0123456789",
        DJANGO_ALLOWED_HOSTS="dacase.force.example",
        DACASE_SITE_URL="https://dacase.force.example/",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_without_the_site_address_for_e_mail_links():
    result = _manage(
        "check",
        "--deploy",
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY="x" * 20 + "a-long-random-secret-for-the-deploy-check-0123456789",
        DJANGO_ALLOWED_HOSTS="dacase.force.example",
    )
    assert result.returncode == 0 and "dacase.W001" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", DJANGO_ENV="production")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_requires_two_factor_and_debug_is_off():
    code = "from django.conf import settings as s; print(s.DEBUG, s.DACASE_REQUIRE_2FA, s.SESSION_COOKIE_SECURE)"
    result = _manage("shell", "-c", code, DJANGO_ENV="production", DJANGO_SECRET_KEY="k" * 60)
    assert result.stdout.split()[-3:] == ["False", "True", "True"], result.stderr
