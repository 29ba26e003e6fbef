"""Kiosk core fixtures: a real hall server, kiosk stores in tmp_path, and a faulty link between them."""
from __future__ import annotations

import http.server
import json
import pathlib
import threading
from collections.abc import Callable, Iterator

import httpx
import pytest

from hallsupport import KIOSK_TOKEN, FakeClock, RunningServer
from kiosk.core import KioskCore


class FaultyLink:
    """An HTTP relay in front of the hall server that can lose what it relays, for real.

    Modes:
        forward: relay request and answer.
        drop_answer: relay the request (the server acts on it), then close without answering.
        blackhole: read the request and never answer (the kiosk times out).
        mangle: relay the request (the server acts on it), then answer its 2xx JSON object with its
            first field missing (an answer that is not what the wire schema says).
    """

    def __init__(self, upstream: str):
        self.upstream = upstream
        self.mode = "forward"
        #: (path suffix, mode): once a POST to such a path is answered, switch to that mode (the
        #: server goes away between two steps of one flow, e.g. a print granted and its report).
        self.then: tuple[str, str] | None = None
        self.seen: list[tuple[str, str, str, str | None]] = []  # mode, method, path, Idempotency-Key
        self.answered: list[tuple[str, str, int]] = []  # method, path, status relayed back
        self._release = threading.Event()
        relay = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # keep test output quiet
                pass

            def _relay(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                mode = relay.mode
                relay.seen.append((mode, self.command, self.path, self.headers.get("Idempotency-Key")))
                if mode == "blackhole":
                    relay._release.wait(30)
                    self.close_connection = True
                    return
                headers = {k: v for k, v in self.headers.items()
                           if k.lower() not in ("host", "content-length", "connection")}
                with httpx.Client(base_url=relay.upstream, timeout=30) as client:
                    r = client.request(self.command, self.path, content=body, headers=headers)
                if mode == "drop_answer":
                    self.close_connection = True
                    return
                relay.answered.append((self.command, self.path, r.status_code))
                content = r.content
                if mode == "mangle" and 200 <= r.status_code < 300 and content:
                    answer = json.loads(content)
                    answer.pop(next(iter(answer)), None)
                    content = json.dumps(answer).encode()
                if relay.then and self.command == "POST" and self.path.endswith(relay.then[0]):
                    relay.mode, relay.then = relay.then[1], None  # before the answer leaves
                self.send_response(r.status_code)
                for k, v in r.headers.items():
                    if k.lower() not in ("content-length", "transfer-encoding", "connection", "content-encoding",
                                         "date", "server"):
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            do_GET = do_POST = do_PUT = _relay

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def close(self) -> None:
        self._release.set()
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def make_core(tmp_path: pathlib.Path, clock: FakeClock) -> Iterator[Callable[..., KioskCore]]:
    made: list[KioskCore] = []

    def make(url: str, name: str = "kiosk.db", **kwargs) -> KioskCore:
        kwargs.setdefault("sync_interval_s", 3600)
        core = KioskCore(url, kwargs.pop("token", KIOSK_TOKEN), tmp_path / name, clock=clock, **kwargs)
        made.append(core)
        return core

    yield make
    for core in made:
        core.stop()  # idempotent: a test may have stopped it already


@pytest.fixture
def faulty(server: RunningServer) -> Iterator[FaultyLink]:
    link = FaultyLink(server.url)
    yield link
    link.close()
