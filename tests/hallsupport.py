"""Test support: a real hall server on loopback with a clock the test controls, and its clients."""
from __future__ import annotations

import datetime as dt
import http.client
import os
import pathlib
import re
import socket
import sqlite3
import tempfile
import threading
import time
import uuid
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

import httpx
import uvicorn

from hall_server.app import Settings, create_app
from hall_server.cli import WS_DEFLATE, WS_PROTOCOL
from hall_server.config import SAMPLE_HALL
from hall_server.idnumber import check_digit

SHANGHAI = ZoneInfo("Asia/Shanghai")
KIOSK_TOKEN = "demo-kiosk-01-3f9c2a7be14d"
KIOSK2_TOKEN = "demo-kiosk-02-8d21e6c0b593"
DISPLAY_TOKEN = "demo-display-hall-5a7e90c2d418"
STAFF_PIN = "110101"
ADMIN_PIN = "860301"
TECH_PIN = "240724"


def device_token(device_id: str, hall_file: pathlib.Path = SAMPLE_HALL) -> str:
    """A device's token as the hall file gives it (the server keeps only its hash)."""
    import tomllib

    raw = tomllib.loads(pathlib.Path(hall_file).read_text(encoding="utf-8"))
    return next(d["token"] for d in raw["devices"] if d["id"] == device_id)


def make_id(birth: str = "19850612", region: str = "110105", serial: str = "123") -> str:
    """A synthetic ID number with a valid GB 11643 check digit."""
    first17 = region + birth + serial
    return first17 + check_digit(first17)


class FakeClock:
    """A settable clock; starts on a working Monday at 09:00 in the hall's time zone."""

    def __init__(self, start: dt.datetime | None = None):
        self.now = start or dt.datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI)
        self._lock = threading.Lock()

    def __call__(self) -> dt.datetime:
        with self._lock:
            return self.now.astimezone(dt.UTC)

    def advance(self, **delta: float) -> None:
        with self._lock:
            self.now += dt.timedelta(**delta)

    def set_local(self, *args: int) -> None:
        with self._lock:
            self.now = dt.datetime(*args, tzinfo=SHANGHAI)


_BUILDING = threading.Lock()


class RunningServer:
    """A hall server in a thread on a loopback port; can be stopped and started again on the same files."""

    def __init__(self, db_path: pathlib.Path, hall_file: pathlib.Path, clock: FakeClock, **settings):
        self.db_path = db_path
        self.hall_file = hall_file
        self.clock = clock
        self.settings = settings
        self.port = 0
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._clients: list[HallClient] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def start(self) -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", self.port))
        self.port = sock.getsockname()[1]
        with _BUILDING:  # FastAPI builds its routes' models in shared state: one app at a time
            app = create_app(Settings(db_url=str(self.db_path), hall_file=self.hall_file, clock=self.clock,
                                      **self.settings))
        config = uvicorn.Config(app, log_level="warning", lifespan="on", ws=WS_PROTOCOL,
                                ws_per_message_deflate=WS_DEFLATE)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]}, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 20
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("hall server did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        for c in self._clients:
            c.close()
        self._clients.clear()
        if self._server is not None:
            self._server.should_exit = True
            self._thread.join(timeout=20)
            self._server = None

    def client(self, token: str | None = None) -> HallClient:
        c = HallClient(self.url, token)
        self._clients.append(c)
        return c

    def login(self, username: str, pin: str, window: str | None = None) -> HallClient:
        body = {"username": username, "pin": pin}
        if window:
            body["window"] = window
        r = httpx.post(f"{self.url}/api/v1/auth/login", json=body)
        assert r.status_code == 200, r.text
        return self.client(r.json()["token"])


class HallClient:
    """A thin HTTP client that makes an idempotency key per command unless given one."""

    def __init__(self, base: str, token: str | None):
        self.base = base
        self.token = token
        self.http = httpx.Client(base_url=base, timeout=30)

    def headers(self, key: str | None = None, new_key: bool = False) -> dict[str, str]:
        h = {}
        if self.token:
            h["Authorization"] = f"Bearer {self.token}"
        if key or new_key:
            h["Idempotency-Key"] = key or uuid.uuid4().hex
        return h

    def get(self, path: str, **params) -> httpx.Response:
        return self.http.get(f"/api/v1{path}", params=params, headers=self.headers())

    def post(self, path: str, body: dict | None = None, key: str | None = None) -> httpx.Response:
        return self.http.post(f"/api/v1{path}", json=body if body is not None else None,
                              headers=self.headers(key, new_key=True))

    def ok(self, path: str, body: dict | None = None, status: int | None = None) -> dict:
        r = self.post(path, body)
        assert r.status_code in ((status,) if status else (200, 201)), r.text
        return r.json()

    def issue(self, category: str = "general", **fields) -> dict:
        return self.ok("/tickets", {"category": category, **fields}, 201)

    def refused(self, path: str, body: dict | None, status: int, code: str) -> dict:
        r = self.post(path, body)
        assert r.status_code == status, r.text
        assert r.json()["error"]["code"] == code, r.text
        return r.json()["error"]

    def close(self) -> None:
        self.http.close()


class AnswerLosingProxy:
    """An HTTP relay that can let the server act on a command and then drop its answer.

    That is the case an idempotency key exists for: a client that sends the command again with a
    new key would act twice.
    """

    def __init__(self, upstream_port: int):
        self.upstream_port = upstream_port
        self.seen: list[tuple[str, str, str | None]] = []  # method, path, Idempotency-Key
        self.lose = 0
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self.url = f"http://127.0.0.1:{self._sock.getsockname()[1]}"
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._sock.close()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            threading.Thread(target=self._relay, args=(conn,), daemon=True).start()

    def _relay(self, conn: socket.socket) -> None:
        with conn:
            reader = conn.makefile("rb")
            while True:
                head = reader.readline()
                if not head:
                    return
                method, path, _ = head.decode("latin-1").split(" ", 2)
                headers = {}
                while (line := reader.readline()) not in (b"\r\n", b""):
                    name, value = line.decode("latin-1").split(":", 1)
                    headers[name.strip().lower()] = value.strip()
                body = reader.read(int(headers.get("content-length", 0)))
                self.seen.append((method, path, headers.get("idempotency-key")))
                up = http.client.HTTPConnection("127.0.0.1", self.upstream_port, timeout=30)
                keep = {k: v for k, v in headers.items() if k not in ("host", "connection", "content-length")}
                up.request(method, path, body=body or None, headers=keep)
                answer = up.getresponse()
                data = answer.read()
                up.close()
                if method == "POST" and self.lose > 0:
                    self.lose -= 1
                    return  # the server acted; its answer never arrives
                out = [f"HTTP/1.1 {answer.status} {answer.reason}"]
                out += [f"{k}: {v}" for k, v in answer.getheaders()
                        if k.lower() not in ("content-length", "connection", "transfer-encoding")]
                out += [f"Content-Length: {len(data)}", "Connection: keep-alive", "", ""]
                conn.sendall("\r\n".join(out).encode("latin-1") + data)


def hall_file_with(tmp_path: pathlib.Path, **caps: int) -> pathlib.Path:
    """The sample hall with every daily cap raised (or set) — for load tests."""
    text = SAMPLE_HALL.read_text(encoding="utf-8")
    if "daily_cap" in caps:
        text = re.sub(r"daily_cap = \d+", f"daily_cap = {caps['daily_cap']}", text)
    path = tmp_path / "hall.toml"
    path.write_text(text, encoding="utf-8")
    return path


def untranslated(ts_file: pathlib.Path) -> tuple[int, list[str]]:
    """The messages of a Qt translation file, and the sources of those without a finished translation."""
    messages = ET.parse(ts_file).getroot().findall(".//message")
    unfinished = [m.findtext("source") or "" for m in messages
                  if m.find("translation").get("type") in ("unfinished", "obsolete", "vanished")
                  or not (m.findtext("translation") or "").strip()]
    return len(messages), unfinished


def screens_dir() -> pathlib.Path:
    """Where tests save their screenshots: `docs/screens/` (the reference images kept in the
    repository) when HALL_UPDATE_SCREENS=1, else a scratch folder, so a test run leaves the
    checkout as it was."""
    if os.environ.get("HALL_UPDATE_SCREENS") == "1":
        return pathlib.Path(__file__).resolve().parents[1] / "docs" / "screens"
    return pathlib.Path(tempfile.gettempdir()) / "hall-screens"


#: What the revisions after the servers before Alembic added (0015 onwards), newest first: a test that
#: takes a database back to one of those servers' steps drops them, as no step made them.
LATER_TABLES = ("forms", "forms_seen",  # 0018
                "device_states", "device_history", "device_alerts", "self_tests")  # 0016
LATER_COLUMNS = (("device_health", "version"),  # 0016
                 ("tickets", "promise_point_min"), ("tickets", "promise_low_min"), ("tickets", "promise_high_min"))


def drop_later_revisions(conn: sqlite3.Connection) -> None:
    """Take a SQLite hall database back past every revision made after the servers before Alembic."""
    for table in LATER_TABLES:
        conn.execute(f"DROP TABLE {table}")
    for table, column in LATER_COLUMNS:
        conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
