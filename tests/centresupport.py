"""Test support for the hall network's centre: a centre in a thread (or a process) on loopback, and its checks."""
from __future__ import annotations

import os
import pathlib
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable

import httpx
import sqlalchemy as sa
import uvicorn

from hall_centre.api import create_app
from hall_centre.config import Centre, load_centre
from hallsupport import RunningServer, device_token

CENTRE_TOKEN = device_token("centre")  # the sample hall's `centre` device
API_TOKEN = "test-centre-api-token-0001"
ROOT = pathlib.Path(__file__).resolve().parents[1]


def centre_file(tmp_path: pathlib.Path, halls: dict[str, RunningServer], tokens: dict[str, str] | None = None) -> \
        pathlib.Path:
    """A centre file following these halls (by code), each with the sample hall's centre token unless given."""
    tokens = tokens or {}
    lines = ['[centre]', 'code = "TEST-CENTRE"', 'name = "测试中心"', 'level = "district"',
             f'api_tokens = ["{API_TOKEN}"]']
    for i, (code, server) in enumerate(halls.items()):
        lines += ["", "[[halls]]", f'code = "{code}"', f'name = "测试大厅{i + 1}"', f'name_en = "Test hall {i + 1}"',
                  f'level = "{"district" if i == 0 else "street"}"', f'address = "测试路{i + 1}号"',
                  f"lat = {31.2 + i / 100}", f"lon = {121.4 + i / 100}", f'base_url = "{server.url}"',
                  f'token = "{tokens.get(code, CENTRE_TOKEN)}"']
    path = tmp_path / "centre.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RunningCentre:
    """The centre's app (API and followers) in a thread on a loopback port."""

    def __init__(self, config: pathlib.Path, db_url: str, **app_options):
        self.app_options = app_options  # more of create_app's options (the pages' clock, their refresh)
        self.centre: Centre = load_centre(config)
        self.db_url = db_url
        self.port = free_port()
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        app = create_app(self.centre, self.db_url, backoff_max=0.5, refused_retry=0.5, **self.app_options)
        self._server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 30
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the centre did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
            assert self._thread is not None
            self._thread.join(timeout=30)
            self._server = None

    def halls(self) -> dict[str, dict]:
        r = httpx.get(f"{self.url}/api/v1/halls", headers={"Authorization": f"Bearer {API_TOKEN}"}, timeout=30)
        assert r.status_code == 200, r.text
        return {h["code"]: h for h in r.json()["halls"]}


class CentreProcess:
    """`hall-centre serve` as a real process, to be killed with SIGKILL."""

    def __init__(self, config: pathlib.Path, db_url: str, log: pathlib.Path):
        self.config, self.db_url, self.log = config, db_url, log
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen([sys.executable, "-m", "hall_centre.cli", "serve", "--config",
                                          str(self.config), "--db", self.db_url, "--port", str(self.port)],
                                         stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT)

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.kill()  # SIGKILL: no goodbye, whatever was in flight is lost
        self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)


def wait_for(condition: Callable[[], object], what: str, timeout: float = 120) -> None:
    """Wait until `condition()` is true (polling; the deadline only catches a hang)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def hall_seqs(server: RunningServer) -> list[int]:
    """Every sequence number of a hall's own event log, read as the centre reads it."""
    client = server.client(CENTRE_TOKEN)
    seqs: list[int] = []
    while True:
        page = client.get("/events", after=seqs[-1] if seqs else 0, limit=1000).json()["events"]
        seqs += [e["seq"] for e in page]
        if len(page) < 1000:
            return seqs


def centre_seqs(engine: sa.Engine, hall: str) -> list[int]:
    with engine.connect() as conn:
        return list(conn.execute(sa.text("SELECT seq FROM events WHERE hall = :h ORDER BY seq"), {"h": hall})
                    .scalars())


def cursor(engine: sa.Engine, hall: str) -> tuple[int, str] | None:
    with engine.connect() as conn:
        row = conn.execute(sa.text("SELECT last_seq, status FROM hall_cursor WHERE hall = :h"), {"h": hall}).first()
    return None if row is None else (int(row[0]), str(row[1]))
