"""docker-compose.yml's production shape: Redis persisted append-only, web and worker scalable
(`docker compose up --scale web=N --scale worker=N`), web's gunicorn adding up metrics over its processes."""

from pathlib import Path
from types import SimpleNamespace

import yaml

from dacase import gunicorn_conf

COMPOSE = yaml.safe_load((Path(__file__).resolve().parent.parent / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def test_redis_keeps_its_queue_in_an_append_only_file_on_a_volume():
    redis = SERVICES["redis"]
    command = redis["command"]
    assert command[command.index("--appendonly") + 1] == "yes"
    assert any(v.endswith(":/data") for v in redis["volumes"])


def test_web_and_worker_can_be_scaled_and_beat_stays_one():
    for name in ("web", "worker"):
        assert "container_name" not in SERVICES[name], f"{name} has a fixed name: it cannot be scaled"
    (port,) = SERVICES["web"]["ports"]
    host = port.rsplit(":", 1)[0]
    assert "-" in host, "web publishes one host port: a second container could not start"
    assert "container_name" not in SERVICES["beat"] and "deploy" not in SERVICES["beat"]


def test_web_counts_metrics_across_its_gunicorn_processes(tmp_path, monkeypatch):
    web = SERVICES["web"]
    assert "--config=python:dacase.gunicorn_conf" in web["command"]
    assert web["environment"]["PROMETHEUS_MULTIPROC_DIR"]
    directory = tmp_path / "metrics"
    directory.mkdir()
    (directory / "counter_999.db").write_bytes(b"stale")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(directory))
    gunicorn_conf.on_starting(server=None)
    assert directory.is_dir() and list(directory.iterdir()) == []  # a restart does not count old processes
    (directory / "gauge_livesum_4242.db").write_bytes(b"")
    gunicorn_conf.child_exit(server=None, worker=SimpleNamespace(pid=4242))
    assert not (directory / "gauge_livesum_4242.db").exists()
