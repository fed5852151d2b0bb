"""Fuzz the API against its own OpenAPI schema with Schemathesis, as three users, and fail on any finding.

    python ci/schemathesis.py [--max-examples N] [--port P] [--keep]

What it does, each step bounded in time:
  1. a database of its own (``<name>_schemathesis`` beside DATABASE_URL's, made afresh), migrated and
     loaded with the demo data, and the static files collected;
  2. the schema written by ``manage.py spectacular``;
  3. ``runserver`` on 127.0.0.1 (port 8114 unless --port) with DEBUG off, so that errors take the
     production path (JSON error bodies under /api/);
  4. for the PVP officer, the MARAC chair and the IDVA in turn: a session opened through the login page and
     an API token taken with it, then ``schemathesis run`` with every check but those listed in
     EXCLUDED_CHECKS (with why), sending the token: the coverage phase on the reads, examples and fuzzing on everything,
     a few examples per operation (--max-examples, default 10);
  5. the server stopped and the database dropped (unless --keep).

Without DATABASE_URL / REDIS_URL it runs itself under ``python -m dacase.devstack services``, which starts
the embedded PostgreSQL and Redis, as CI has them. Exit status: 0 when every run passed, else 1.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
DEMO_PASSWORD = "demo-dacase-2026"  # noqa: S105 - accounts/demo.py: demo data only
USERS = ("pvp", "chair", "idva")  # a PVP officer, a MARAC chair, a partner agency's IDVA

# Checks left out, and why (everything else Schemathesis has runs):
#  - positive_data_acceptance: the schema says what a field may hold, not the domain's rules (a meeting in the
#    past, a second open plan for a victim, a claim on a queue item someone holds), so schema-valid input is
#    rightly refused with a 400 naming the field.
EXCLUDED_CHECKS = "positive_data_acceptance"
# The token endpoints are left out: issuing needs the web session (not the token the run sends), and a
# logout would end the run's own token half-way. tests/test_api_tokens.py covers them.
EXCLUDED_PATHS = r"^/api/v1/auth/"
STEP_TIMEOUT = 600  # seconds for any one step; the whole run stays within a few minutes on two cores


def say(message: str) -> None:
    print(f"schemathesis-ci | {message}", flush=True)


def _database_of(url: str) -> str:
    """The database name: the path's last part (the embedded server's path holds its socket folder first)."""
    return urlsplit(url).path.rpartition("/")[2]


def _with_database(url: str, name: str) -> str:
    """The same server and role, another database; the socket folder of a unix-socket URL is kept."""
    parts = urlsplit(url)
    folder = parts.path.rpartition("/")[0]
    return urlunsplit(parts._replace(path=f"{folder}/{name}"))


def _admin(url: str, sql: str) -> None:
    import environ
    import psycopg2

    # Read the URL as the settings read it (django-environ): libpq would take the embedded server's
    # encoded socket folder for part of the database name.
    config = environ.Env.db_url_config(url)
    conn = psycopg2.connect(
        dbname=config["NAME"],
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
    )
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute(sql)
    finally:
        conn.close()


def _run(cmd: list[str], env: dict[str, str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=ROOT, env=env, timeout=STEP_TIMEOUT, check=True, **kwargs)  # noqa: S603


def _wait_for(port: int, server: subprocess.Popen, seconds: float = 60) -> None:
    import requests

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited with code {server.returncode}")
        with contextlib.suppress(requests.RequestException):
            requests.get(f"http://127.0.0.1:{port}/healthz/", timeout=2)
            return
        time.sleep(0.5)
    raise SystemExit(f"the server did not answer on port {port} within {seconds:.0f} s")


def _token(base: str, username: str) -> str:
    """Sign in through the login page, then take an API token as a user would."""
    import requests

    with requests.Session() as http:
        page = http.get(f"{base}/accounts/login/", timeout=30)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        if token is None:
            raise SystemExit("the login page carries no CSRF token")
        done = http.post(
            f"{base}/accounts/login/",
            data={"username": username, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token.group(1)},
            headers={"Referer": f"{base}/accounts/login/"},
            allow_redirects=False,
            timeout=30,
        )
        session = http.cookies.get("sessionid")
        if done.status_code != 302 or not session:
            raise SystemExit(f"{username} could not sign in (status {done.status_code})")
        # An API token, issued as the API issues them: to a signed-in session, with its CSRF token.
        issued = http.post(
            f"{base}/api/v1/auth/token/",
            headers={"X-CSRFToken": http.cookies["csrftoken"], "Referer": f"{base}/"},
            timeout=30,
        )
        if issued.status_code != 201:
            raise SystemExit(f"{username} got no API token (status {issued.status_code})")
        return issued.json()["token"]


# Two runs per user keep the whole within a few minutes: the coverage phase (boundary and schema-violating
# values of every parameter) on the reads, where the query parameters are; examples, random fuzzing and the
# stateful phase (sequences along the links Schemathesis infers between operations, which the use-after-free
# and resource-availability checks need) on every operation, writes included.
RUNS = (
    ("reads", ["--phases", "coverage", "--include-method", "GET"]),
    ("all", ["--phases", "examples,fuzzing,stateful"]),
)


def _fuzz(schema: Path, base: str, username: str, args, env: dict[str, str], reports: Path) -> int:
    token = _token(base, username)
    failed = 0
    for name, phases in RUNS:
        cmd = [
            PY,
            "-m",
            "schemathesis.cli",
            "run",
            str(schema),
            "--url",
            base,
            "--checks",
            "all",
            "--exclude-checks",
            EXCLUDED_CHECKS,
            *phases,
            "--max-examples",
            str(args.max_examples),
            "--seed",
            str(args.seed),
            "--workers",
            "2",
            "--request-timeout",
            "30",
            "--generation-database",
            "none",
            "--suppress-health-check",
            "all",
            "--no-color",
            "--exclude-path-regex",
            EXCLUDED_PATHS,
            "--header",
            f"Authorization: Token {token}",
            "--report",
            "junit",
            "--report-junit-path",
            str(reports / f"{username}-{name}.xml"),
        ]
        say(f"fuzzing as {username}: {name}")
        try:
            failed |= subprocess.run(cmd, cwd=ROOT, env=env, timeout=STEP_TIMEOUT).returncode  # noqa: S603
        except subprocess.TimeoutExpired:
            say(f"the {name} run as {username} took longer than {STEP_TIMEOUT} s")
            failed = 1
    return failed


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "10")))
    parser.add_argument("--seed", type=int, default=int(os.environ.get("SCHEMATHESIS_SEED", "2026")))
    parser.add_argument("--port", type=int, default=int(os.environ.get("SCHEMATHESIS_PORT", "8114")))
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards (to look at it)")
    parser.add_argument("--reuse-db", action="store_true", help="use the database a --keep run left (no new seed)")
    parser.add_argument("--users", default=",".join(USERS), help="comma-separated demo usernames")
    args = parser.parse_args(argv)

    if not os.environ.get("DATABASE_URL") or not os.environ.get("REDIS_URL"):
        say("no DATABASE_URL / REDIS_URL: starting the embedded ones")
        return subprocess.call(  # noqa: S603
            [PY, "-m", "dacase.devstack", "services", "--", PY, __file__, *argv], cwd=ROOT
        )

    given = os.environ["DATABASE_URL"]
    name = (_database_of(given) or "dacase") + "_schemathesis"
    base_url = _with_database(given, "postgres")  # the maintenance database, to make and drop ours
    env = {
        **os.environ,
        "DATABASE_URL": _with_database(base_url, name),
        "DJANGO_ENV": "development",
        "DJANGO_DEBUG": "false",
        # The fuzzer sends faster than any person: the API throttles would answer it with 429s.
        "DACASE_API_RATE_USER": "100000/minute",
        "DACASE_API_RATE_ANON": "100000/minute",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    base = f"http://127.0.0.1:{args.port}"
    failures = 0
    say(f"database {name}")
    if args.reuse_db:
        args.keep = True
    else:
        _admin(base_url, f'DROP DATABASE IF EXISTS "{name}"')
        _admin(base_url, f'CREATE DATABASE "{name}"')
    server = None
    try:
        _run([PY, "manage.py", "migrate", "--noinput", "-v", "0"], env)
        if not args.reuse_db:
            _run([PY, "manage.py", "seed_demo"], env, stdout=subprocess.DEVNULL)
        # DEBUG off: pages need the hashed static files' manifest.
        _run([PY, "manage.py", "collectstatic", "--noinput", "-v", "0"], env)
        with tempfile.TemporaryDirectory() as tmp:
            schema = Path(tmp) / "schema.json"
            _run([PY, "manage.py", "spectacular", "--format", "openapi-json", "--file", str(schema)], env)
            reports = ROOT / "var" / "schemathesis"
            reports.mkdir(parents=True, exist_ok=True)
            server = subprocess.Popen(  # noqa: S603
                [PY, "manage.py", "runserver", f"127.0.0.1:{args.port}", "--noreload", "--nostatic"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=open(reports / "server.log", "w"),  # noqa: SIM115 - open for the server's life
                start_new_session=True,
            )
            _wait_for(args.port, server)
            for username in args.users.split(","):
                if _fuzz(schema, base, username, args, env, reports):
                    failures += 1
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                server.wait(10)
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGKILL)
        if not args.keep:
            with contextlib.suppress(Exception):
                _admin(base_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    say("passed" if not failures else f"failed for {failures} of {len(args.users.split(','))} users")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
