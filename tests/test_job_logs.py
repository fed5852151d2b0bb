"""Structured logs of the periodic jobs (core/jobs.py): each period's start, end and failure is one JSON line
carrying the job, its period and its outcome."""

import json
import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connections
from django.utils.module_loading import import_string

from core.jobs import Job, daily_at, job_run

LONDON = ZoneInfo("Europe/London")


def _formatter() -> logging.Formatter:
    """The formatter the settings give the console handler (python-json-logger)."""
    spec = dict(settings.LOGGING["formatters"]["json"])
    factory = import_string(spec.pop("()"))
    return factory(spec.pop("format"), **spec)  # dictConfig passes "format" as the first argument


def _steps(fail: bool):
    def step(cursor):
        if fail:
            raise ValueError("a bad row")
        n = cursor["n"] + 1
        return (None if n == 2 else {"n": n}), {"done": 1}

    return step


def _lines(caplog) -> list[dict]:
    formatter = _formatter()
    return [json.loads(formatter.format(r)) for r in caplog.records if r.name == "core.jobs"]


def test_a_period_run_logs_its_start_and_end_as_json_with_job_period_and_outcome(db, caplog):
    job = Job("test.logged", periods=daily_at("06:00"), start=lambda p, n: {"n": 0}, step=_steps(fail=False))
    with caplog.at_level(logging.INFO, logger="core.jobs"):
        job_run(job, now=datetime(2026, 3, 2, 7, 0, tzinfo=LONDON))
    lines = _lines(caplog)
    assert [(x["message"], x["job"], x["period"], x["outcome"]) for x in lines] == [
        ("Job period started", "test.logged", "2026-03-02", "running"),
        ("Job period finished", "test.logged", "2026-03-02", "done"),
    ]
    assert lines[-1]["detail"] == {"done": 2} and lines[-1]["chunks"] == 2
    assert all(x["level"] == "INFO" and "asctime" in x for x in lines)


def test_a_failed_chunk_logs_a_warning_with_its_job_period_and_the_error(db, caplog):
    job = Job("test.failing", periods=daily_at("06:00"), start=lambda p, n: {"n": 0}, step=_steps(fail=True))
    with caplog.at_level(logging.INFO, logger="core.jobs"):
        job_run(job, now=datetime(2026, 3, 2, 7, 0, tzinfo=LONDON))
    failed = [x for x in _lines(caplog) if x["level"] == "WARNING"]
    assert len(failed) == 1
    assert (failed[0]["job"], failed[0]["period"], failed[0]["outcome"], failed[0]["attempts"]) == (
        "test.failing",
        "2026-03-02",
        "running",
        1,
    )
    assert "ValueError: a bad row" in failed[0]["exc_info"]


def test_a_second_wake_up_while_one_runs_logs_busy_with_the_job(db, caplog):
    job = Job("test.busy", periods=daily_at("06:00"), start=lambda p, n: {"n": 0}, step=_steps(fail=False))
    with caplog.at_level(logging.INFO, logger="core.jobs"):
        # Hold the job's lock from another session, as a run in another worker would.
        other = connections.create_connection("default")
        try:
            with other.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_lock(hashtext('core.jobs'), hashtext(%s))", [job.name])
            assert job_run(job, now=datetime(2026, 3, 2, 5, 0, tzinfo=LONDON)).outcome == "busy"
        finally:
            other.close()
    assert [(x["job"], x["outcome"]) for x in _lines(caplog)] == [("test.busy", "busy")]
