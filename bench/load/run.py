"""The load test (`make load`): dacase under gunicorn on the loopback, driven by locust, bounded in requests and time.

    python -m bench.load.run [--users 60] [--spawn-rate 10] [--time 60s] [--requests 20000] [--workers 3]

With DATABASE_URL and REDIS_URL set (make load starts the embedded servers), it makes a database of its own
(``<name>_load``) afresh, migrates it and loads the demo data, makes an API token for each role the users play,
starts gunicorn with ``--workers`` processes, runs locust headless (bench/load/locustfile.py) until ``--requests``
requests or ``--time`` have passed, and prints the throughput and p50/p95/p99 of each kind of request, then
whether pages' p95 is under the goal (300 ms). The figures are the machine's: on a shared machine they are
pessimistic.
"""

import argparse
import contextlib
import csv
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent.parent
PY = sys.executable
PAGE_P95_GOAL_MS = 300
# National: about 1.35 million DA incidents and crimes a year, peaks of about 13 a minute; x 100.
NATIONAL_PEAK_PER_MINUTE = 13

TOKENS = """
import json, sys
from accounts.models import User
from knox.models import AuthToken
from risk.models import Question
tokens = {role: AuthToken.objects.create(user=User.objects.get(username=name))[1]
          for role, name in {"handler": "handler", "officer": "officer", "pvp": "pvp", "crsup": "crsup"}.items()}
area = User.objects.get(username="officer").areas.order_by("pk").first().code
questions = list(Question.objects.filter(section__questionnaire__code="dash", section__code="main",
                 section__questionnaire__is_current=True).order_by("number").values_list("pk", flat=True))
json.dump({"tokens": tokens, "area": area, "questions": questions, "password": "demo-dacase-2026"}, sys.stdout)
"""


def say(line: str) -> None:
    print(f"load| {line}", flush=True)


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"{parts.path.rpartition('/')[0]}/{name}"))


def _admin(url: str, sql: str) -> None:
    import environ
    import psycopg2

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
        with conn.cursor() as cursor:
            cursor.execute(sql)
    finally:
        conn.close()


def _run(cmd: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=ROOT, env=env, check=True, timeout=900, **kwargs)  # noqa: S603


def _wait_for(port: int, server: subprocess.Popen, seconds: float = 90) -> None:
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with code {server.returncode}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=2)  # noqa: S310 - the loopback
            return
        except urllib.error.HTTPError:
            return  # it answers (503: no Celery worker runs in the load test, which needs none)
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer on port {port} within {seconds:.0f} s")


def _report(stats: Path, seconds: float) -> int:
    rows = list(csv.DictReader(stats.open()))
    say(f"{'':<5} {'request':<20} {'count':>7} {'fail':>5} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
    pages_p95, intake = None, 0.0
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "ALL"
        say(
            f"{row['Type']:<5} {name:<20} {row['Request Count']:>7} {row['Failure Count']:>5}"
            f" {float(row['Requests/s']):>7.1f} {row['50%']:>7} {row['95%']:>7} {row['99%']:>7}"
        )
        if name == "intake":
            intake = float(row["Requests/s"])
    pages = [r for r in rows if r["Name"].startswith("page ") and r["Name"] != "page login"]
    if pages:
        pages_p95 = max(float(r["95%"]) for r in pages)
    goal = NATIONAL_PEAK_PER_MINUTE * 100 / 60
    say(
        f"intake {intake:.1f}/s over {seconds:.0f} s: {intake / goal:.2f} x the goal of {goal:.1f}/s"
        " (national peak x 100)"
    )
    if pages_p95 is not None:
        verdict = "met" if pages_p95 < PAGE_P95_GOAL_MS else "NOT met"
        say(f"pages' worst p95 {pages_p95:.0f} ms: goal {PAGE_P95_GOAL_MS} ms {verdict}")
    failures = sum(int(r["Failure Count"]) for r in rows if r["Name"] == "Aggregated")
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=60)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--time", default="60s", help="locust's --run-time (60s, 2m)")
    parser.add_argument("--requests", type=int, default=20_000, help="stop after this many requests")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--port", type=int, default=8731)
    parser.add_argument("--reuse-db", action="store_true", help="keep the database of an earlier run (no new seed)")
    parser.add_argument("--max-failures", type=int, default=0, help="exit 1 with more failed requests than this")
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL") or not os.environ.get("REDIS_URL"):
        say("no DATABASE_URL / REDIS_URL: starting the embedded ones")
        return subprocess.call(
            [PY, "-m", "dacase.devstack", "services", "--", PY, "-m", "bench.load.run", *sys.argv[1:]], cwd=ROOT
        )  # noqa: S603

    given = os.environ["DATABASE_URL"]
    name = urlsplit(given).path.rpartition("/")[2] + "_load"
    maintenance = _with_database(given, "postgres")
    env = {
        **os.environ,
        "DATABASE_URL": _with_database(given, name),
        "DJANGO_ENV": "development",
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Many people at once from one address and a few accounts: the per-user API throttle would answer 429.
        "DACASE_API_RATE_USER": "1000000/minute",
        "DACASE_API_RATE_ANON": "1000000/minute",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DACASE_LOG_LEVEL": "WARNING",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    started = time.monotonic()
    if not args.reuse_db:
        say(f"database {name}: migrate and load the demo data")
        _admin(maintenance, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _admin(maintenance, f'CREATE DATABASE "{name}"')
        _run([PY, "manage.py", "migrate", "--noinput", "-v", "0"], env)
        _run([PY, "manage.py", "seed_demo"], env, stdout=subprocess.DEVNULL)
    if not (ROOT / "staticfiles" / "staticfiles.json").exists():  # DEBUG off: pages need the static manifest
        _run([PY, "manage.py", "collectstatic", "--noinput", "-v", "0"], env, stdout=subprocess.DEVNULL)
    credentials = _run([PY, "manage.py", "shell", "-c", TOKENS], env, capture_output=True, text=True).stdout
    say(f"ready after {time.monotonic() - started:.0f} s; gunicorn with {args.workers} workers")
    server = None
    with tempfile.TemporaryDirectory() as tmp:
        creds = Path(tmp) / "credentials.json"
        creds.write_text(credentials.strip().splitlines()[-1])
        try:
            server = subprocess.Popen(  # noqa: S603
                [PY, "-m", "gunicorn", "dacase.wsgi", f"--bind=127.0.0.1:{args.port}", f"--workers={args.workers}"]
                + ["--timeout=60", "--log-level=warning"],
                cwd=ROOT,
                env=env,
                start_new_session=True,
            )
            _wait_for(args.port, server)
            out = Path(tmp) / "load"
            say(f"locust: {args.users} users, at most {args.requests} requests or {args.time}")
            began = time.monotonic()
            _run(
                [PY, "-m", "locust", "-f", str(Path(__file__).with_name("locustfile.py")), "--headless"]
                + [f"--host=http://127.0.0.1:{args.port}", f"--users={args.users}", f"--spawn-rate={args.spawn_rate}"]
                + [
                    f"--run-time={args.time}",
                    f"--csv={out}",
                    "--only-summary",
                    "--loglevel=WARNING",
                    "--exit-code-on-error=0",
                ],
                {**env, "LOAD_CREDENTIALS": str(creds), "LOAD_MAX_REQUESTS": str(args.requests)},
                stdout=subprocess.DEVNULL,
            )
            failures = _report(Path(f"{out}_stats.csv"), time.monotonic() - began)
        finally:
            if server is not None and server.poll() is None:
                os.killpg(server.pid, signal.SIGTERM)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    server.wait(20)
    say(f"failed requests: {failures}")
    return 1 if failures > args.max_failures else 0


if __name__ == "__main__":
    sys.exit(main())
