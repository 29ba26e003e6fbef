"""`hall-server serve` as a systemd service: READY once its port answers, the watchdog fed from
its loop, STOPPING and a clean exit on SIGTERM, no crash file after a clean run."""
from __future__ import annotations

import pathlib
import signal
import subprocess
import sys

import httpx
import pytest
from notifysupport import NotifySocket
from pgsupport import free_port

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_the_server_says_ready_once_it_answers_and_feeds_the_watchdog(tmp_path) -> None:
    sock = NotifySocket(tmp_path / "notify")
    port = free_port()
    env = sock.env(watchdog_usec=1_000_000) | {"PYTHONPATH": str(ROOT), "HALL_LOG_DIR": str(tmp_path / "log")}
    log_path = tmp_path / "serve.log"
    with open(log_path, "w") as log_file:
        proc = subprocess.Popen([sys.executable, "-m", "hall_server.cli", "serve", "--port", str(port),
                                 "--db", str(tmp_path / "hall.db")], cwd=ROOT, env=env,
                                stdout=log_file, stderr=subprocess.STDOUT)
    try:
        ready = sock.wait_for("READY=1")
        assert "STATUS=正在服务 / serving" in ready.split("\n")
        # Ready means listening: the first request after it is answered, no retry needed.
        assert httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=60).status_code == 200
        for _ in range(3):
            sock.wait_for("WATCHDOG=1")
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=120) == 0, log_path.read_text()
        assert "Application shutdown complete" in log_path.read_text()
        after = sock.drain()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        sock.close()
    assert "STOPPING=1" in after
    assert list((tmp_path / "log").glob("hall-server-crash-*")) == []


@pytest.mark.slow
def test_each_worker_says_ready_and_feeds_the_watchdog(pg_url, tmp_path) -> None:
    """--workers N: the port is bound before the workers start, so each says READY once its app
    has started (the unit has NotifyAccess=all) and feeds the watchdog from its own loop."""
    sock = NotifySocket(tmp_path / "notify")
    port = free_port()
    env = sock.env(watchdog_usec=1_000_000) | {"PYTHONPATH": str(ROOT), "HALL_LOG_DIR": str(tmp_path / "log")}
    log_path = tmp_path / "serve.log"
    with open(log_path, "w") as log_file:
        proc = subprocess.Popen([sys.executable, "-m", "hall_server.cli", "serve", "--port", str(port), "--workers",
                                 "2", "--db", pg_url], cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT)
    try:
        sock.wait_for("READY=1")
        sock.wait_for("READY=1")  # the second worker
        assert httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=60).status_code == 200
        for _ in range(3):
            sock.wait_for("WATCHDOG=1")
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=120)
        after = sock.drain()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        sock.close()
    assert after.count("STOPPING=1") == 2, log_path.read_text()
    assert proc.returncode == 0, log_path.read_text()
    assert list((tmp_path / "log").glob("hall-server-crash-*")) == []
