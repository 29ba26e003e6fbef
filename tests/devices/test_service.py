"""`device-host` as a systemd service: READY once its API listens, the watchdog fed from the API's
loop, STOPPING and exit 0 on SIGTERM, no crash file after a clean run."""
from __future__ import annotations

import pathlib
import signal
import socket
import subprocess
import sys

import pytest
from notifysupport import NotifySocket
from websockets.sync.client import connect

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_the_device_host_says_ready_feeds_the_watchdog_and_ends_on_sigterm(tmp_path) -> None:
    sock = NotifySocket(tmp_path / "notify")
    env = sock.env(watchdog_usec=1_000_000) | {"PYTHONPATH": str(ROOT), "HALL_LOG_DIR": str(tmp_path / "log")}
    api = tmp_path / "api.sock"
    proc = subprocess.Popen([sys.executable, "-m", "devices.host", "--demo", "--listen", f"unix:{api}"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        ready = sock.wait_for("READY=1")
        assert f"STATUS=listening on unix:{api}" in ready.split("\n")
        with connect("ws://localhost/", sock=_unix(api), open_timeout=60):
            pass  # ready means the API answers
        for _ in range(3):
            sock.wait_for("WATCHDOG=1")
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=120)
        after = sock.drain()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
        sock.close()
    assert proc.returncode == 0, out
    assert "STOPPING=1" in after
    assert list((tmp_path / "log").glob("device-host-crash-*")) == []


def _unix(path: pathlib.Path) -> socket.socket:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(str(path))
    return s
