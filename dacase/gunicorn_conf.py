"""gunicorn's settings for web (docker-compose.yml: ``gunicorn -c python:dacase.gunicorn_conf``).

Metrics over several worker processes (core/metrics.py): with ``PROMETHEUS_MULTIPROC_DIR`` set, each process
writes its counts to files there and a scrape of any one of them adds up all. The directory is emptied when
gunicorn starts, and a worker that exits is marked dead so that its gauges are dropped (its counts stay).
"""

import os
import shutil


def on_starting(server) -> None:
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        shutil.rmtree(directory, ignore_errors=True)
        os.makedirs(directory, exist_ok=True)


def child_exit(server, worker) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
