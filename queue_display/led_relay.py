"""`led-relay`: the hall server's calls on the window LED screens, through the machine's device host.

    led-relay --server http://hall:8000 --token DISPLAY_TOKEN --device-host ws://127.0.0.1:8790 [--windows 01,02]
    led-relay --demo

Two threads, each of which may lose its peer and find it again by itself:

* `HallFollower` reads `/snapshot` once, then the event stream after its sequence number. When
  the stream drops (server restarted, network gone) it reconnects with back-off and resumes after
  the last event it handled, so calls made meanwhile replay in order and none is handled twice.
  A server with another history (its heartbeat sequence is behind ours) is read afresh.
* `LedBoard` sends each change to the device host (`show_on_led`) in the order it came. While the
  device host or a screen is gone it keeps only what each screen should show, and draws that once
  they are back: stale calls are not replayed on a screen that missed them.

Pure Python: it runs on the machine that owns the LED screens, where no Qt may be installed.
"""
from __future__ import annotations

import argparse
import logging
import queue
import signal
import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
from pydantic import ValidationError
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI
from websockets.sync.client import connect

from devices.backoff import Backoff
from devices.client import DEFAULT_URL, DeviceClient, DeviceCommandError, DeviceHostUnavailable
from hall_server.schema import API, Health, Heartbeat, Snapshot
from servicekit import crash, notify

from .led_screens import LED_COLUMNS, HallScreens, LedText
from .wire import problems, stream_message

log = logging.getLogger(__name__)

DEMO_SERVER = "http://127.0.0.1:8000"
DEMO_TOKEN = "demo-display-hall-5a7e90c2d418"
SILENCE_LIMIT_S = 40.0  # the server sends a heartbeat every 15 s when idle
UNAUTHORIZED_RETRY_S = 30.0
CLOSE_UNAUTHORIZED = 4401
SCREEN_RETRY_S = 2.0  # a screen the host reports down is tried again this often
CALL_TIMEOUT_S = 10.0
_STOP = object()


class LedBoard:
    """The window screens of one device host, kept showing what they should.

    Args:
        url: the device host's local API.
        windows: window codes to drive; None: every window LED screen the host has.
        connect: makes a DeviceClient (tests may wrap it).
    """

    def __init__(self, url: str = DEFAULT_URL, windows: set[str] | None = None,
                 connect: Callable[[str], DeviceClient] | None = None) -> None:
        self.url = url
        self.fixed_windows = windows
        self.windows: set[str] = set(windows or ())
        self._connect = connect or (lambda u: DeviceClient(u, timeout=CALL_TIMEOUT_S))
        self._queue: queue.Queue[Any] = queue.Queue()
        self._wanted: dict[str, LedText] = {}
        self._stale: set[str] = set()  # screens that may not show what they should
        self._client: DeviceClient | None = None
        self._backoff = Backoff(0.25, 2.0)
        self._retry_at = 0.0
        self._host_down_logged = False
        self._screens_down: set[str] = set()
        self._thread: threading.Thread | None = None
        self.shown = 0  # show_on_led calls that succeeded, for the health log

    def start(self) -> LedBoard:
        self._thread = threading.Thread(target=self._run, name="led-board", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._queue.put(_STOP)
        if self._thread is not None:
            self._thread.join(timeout=15)
        if self._client is not None:
            self._client.close()
            self._client = None

    def show(self, window: str, text: LedText) -> None:
        """Queue a change for one window's screen (any thread)."""
        self._queue.put((window, text))

    # --- the board's own thread -------------------------------------------------------------

    def _run(self) -> None:
        while True:
            try:
                item = self._queue.get(timeout=0.25)
            except queue.Empty:
                item = None
            if item is _STOP:
                return
            try:
                if item is not None:
                    window, text = item
                    self._wanted[window] = text
                    self._stale.add(window)
                    if self._client is not None:
                        self._push(window)
                if self._client is not None and self._client.closed:
                    self._lost("the connection closed")
                if self._stale and time.monotonic() >= self._retry_at:
                    self._resync()
            except Exception:  # a bug must not stop the screens for the rest of the day
                log.exception("LED board step failed; carrying on")

    def _resync(self) -> None:
        if self._client is None and not self._open():
            return
        for window in sorted(self._stale):
            if self._client is None:
                return
            self._push(window)
        if self._stale:
            self._retry_at = time.monotonic() + SCREEN_RETRY_S

    def _open(self) -> bool:
        client = None
        try:
            client = self._connect(self.url)
            health = client.call("health")
        except (DeviceHostUnavailable, DeviceCommandError, TimeoutError, OSError) as exc:
            if client is not None:
                client.close()
            if not self._host_down_logged:
                log.warning("device host at %s unavailable (%s); retrying", self.url, exc)
                self._host_down_logged = True
            self._retry_at = time.monotonic() + self._backoff.next()
            return False
        self._client = client
        self._backoff.reset()
        if self.fixed_windows is None:
            self.windows = {name.split(".", 1)[1] for name in health.get("devices", {})
                            if name.startswith("window_led.")}
        log.info("device host at %s %s; window screens %s", self.url,
                 "back" if self._host_down_logged else "connected", ", ".join(sorted(self.windows)) or "none")
        self._host_down_logged = False
        self._stale = set(self._wanted)  # a host that restarted shows nothing: draw every screen again
        return True

    def _lost(self, why: object) -> None:
        if not self._host_down_logged:
            log.warning("device host at %s lost (%s); reconnecting", self.url, why)
            self._host_down_logged = True
        if self._client is not None:
            try:
                self._client.close()
            except Exception:  # noqa: BLE001 - closing a broken connection may fail any way
                pass
        self._client = None
        self._stale = set(self._wanted)
        self._retry_at = time.monotonic() + self._backoff.next()

    def _push(self, window: str) -> None:
        if window not in self.windows:
            self._stale.discard(window)  # not a screen of this machine
            return
        text = self._wanted[window]
        assert self._client is not None
        try:
            self._client.call("show_on_led", window=window, lines=list(text.lines), colour=text.colour)
        except (DeviceHostUnavailable, TimeoutError) as exc:
            self._lost(exc)
            return
        except DeviceCommandError as exc:
            if exc.code in ("device_down", "busy"):
                if window not in self._screens_down:
                    log.warning("window %s screen unavailable (%s); will show it when it is back",
                                window, exc.message_en)
                    self._screens_down.add(window)
                return
            log.error("window %s screen refused %s: %s", window, text.lines, exc)
            self._stale.discard(window)
            return
        self.shown += 1
        self._stale.discard(window)
        if window in self._screens_down:
            self._screens_down.discard(window)
            log.info("window %s screen back", window)


class Unauthorized(Exception):
    """The hall server refused the token."""


class HallFollower:
    """Follows the hall server: a snapshot, then every event once and in order, across drops.

    Args:
        server: http(s)://host:port of the hall server.
        token: a display token.
        on_change: called with (window, text) for each screen change, in event order.
    """

    def __init__(self, server: str, token: str, on_change: Callable[[str, LedText], None],
                 columns: int = LED_COLUMNS) -> None:
        self.server = server.rstrip("/")
        self.token = token
        self.on_change = on_change
        self.screens = HallScreens(columns)
        self.last_seq: int | None = None
        self._stop = threading.Event()
        self._ws: Any = None
        self._thread: threading.Thread | None = None
        self._backoff = Backoff(0.5, 5.0)
        self._down_logged = False
        self.connected = threading.Event()

    def start(self) -> HallFollower:
        self._thread = threading.Thread(target=self._run, name="hall-follower", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        ws = self._ws
        if ws is not None:
            ws.close()
        if self._thread is not None:
            self._thread.join(timeout=15)

    def _stream_url(self) -> str:
        parts = urlsplit(self.server)
        scheme = "wss" if parts.scheme == "https" else "ws"
        return urlunsplit((scheme, parts.netloc, f"{parts.path}{API}/events/stream", f"after={self.last_seq}", ""))

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                head = self._server_seq() if self.last_seq is not None else None
                if head is not None and self.last_seq is not None and head < self.last_seq:
                    log.warning("hall server is at event %d, behind our %d: it has another history; "
                                "reading its state afresh", head, self.last_seq)
                    self.last_seq = None
                if self.last_seq is None:
                    self._snapshot()
                self._stream()
                delay = self._backoff.next()
            except Unauthorized:
                log.error("hall server at %s refused the display token; retrying in %.0f s",
                          self.server, UNAUTHORIZED_RETRY_S)
                self._down_logged = True
                delay = UNAUTHORIZED_RETRY_S
            except (OSError, httpx.HTTPError, InvalidHandshake, InvalidURI, ConnectionClosed, TimeoutError) as exc:
                if self._stop.is_set():
                    return
                if not self._down_logged:
                    log.warning("hall server at %s unavailable (%s); retrying", self.server, exc or type(exc).__name__)
                    self._down_logged = True
                delay = self._backoff.next()
            except ValidationError as exc:  # /health or /snapshot not what the schema says
                log.error("hall server at %s answered what the schema does not allow (%s); retrying",
                          self.server, problems(exc))
                delay = self._backoff.next()
            except Exception:  # a bug: log it and start over from a snapshot
                log.exception("following the hall server failed; starting over")
                self.last_seq = None
                delay = self._backoff.next()
            self.connected.clear()
            self._stop.wait(delay)

    def _server_seq(self) -> int:
        """The newest event sequence the server has (open endpoint)."""
        with httpx.Client(trust_env=False, timeout=10) as http:
            r = http.get(f"{self.server}{API}/health")
        r.raise_for_status()
        return Health.model_validate_json(r.content).seq

    def _snapshot(self) -> None:
        with httpx.Client(trust_env=False, timeout=10) as http:
            r = http.get(f"{self.server}{API}/snapshot", headers={"Authorization": f"Bearer {self.token}"})
        if r.status_code == 401:
            raise Unauthorized()
        r.raise_for_status()
        snapshot = Snapshot.model_validate_json(r.content)
        for window, text in sorted(self.screens.load(snapshot).items()):
            self.on_change(window, text)
        self.last_seq = snapshot.seq

    def _stream(self) -> None:
        with connect(self._stream_url(), additional_headers={"Authorization": f"Bearer {self.token}"},
                     open_timeout=10, proxy=None, max_size=2 ** 22) as ws:
            self._ws = ws
            if self._stop.is_set():
                return
            if self._down_logged:
                log.info("hall server at %s back; resuming after event %s", self.server, self.last_seq)
                self._down_logged = False
            self._backoff.reset()
            self.connected.set()
            silent_since = time.monotonic()
            while not self._stop.is_set():
                try:
                    text = ws.recv(timeout=1.0)
                except TimeoutError:
                    if time.monotonic() - silent_since > SILENCE_LIMIT_S:
                        raise TimeoutError(f"no word from the hall server for {SILENCE_LIMIT_S:.0f} s") from None
                    continue
                except ConnectionClosed as exc:
                    if exc.rcvd is not None and exc.rcvd.code == CLOSE_UNAUTHORIZED:
                        raise Unauthorized() from exc
                    raise
                silent_since = time.monotonic()
                if not self._handle(text):
                    return

    def _handle(self, text: str | bytes) -> bool:
        """Handle one message; False when the stream must be read afresh from a snapshot."""
        item = stream_message(text)
        assert self.last_seq is not None
        if item is None or isinstance(item, Heartbeat):
            return True
        if item.seq <= self.last_seq:
            return True  # seen already: a call is never shown twice
        changes: list[tuple[str, LedText]] = []
        if item.event is not None:
            try:
                changes = self.screens.apply(item.event)
            except ValidationError as exc:
                log.warning("ignoring event %d (%s): %s", item.seq, item.event.type, problems(exc))
        for window, led in changes:
            self.on_change(window, led)
        self.last_seq = item.seq
        return True


class LedRelay:
    """The follower feeding the board."""

    def __init__(self, server: str, token: str, device_host: str = DEFAULT_URL, windows: set[str] | None = None,
                 columns: int = LED_COLUMNS, connect_device_host: Callable[[str], DeviceClient] | None = None) -> None:
        self.board = LedBoard(device_host, windows, connect_device_host)
        self.follower = HallFollower(server, token, self.board.show, columns)

    def start(self) -> LedRelay:
        self.board.start()
        self.follower.start()
        return self

    def stop(self) -> None:
        self.follower.stop()
        self.board.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="led-relay", description="Show the hall's calls on the window LED screens.")
    parser.add_argument("--demo", action="store_true",
                        help=f"demo defaults: --server {DEMO_SERVER}, the demo display token")
    parser.add_argument("--server", help="hall server, e.g. http://10.0.0.2:8000")
    parser.add_argument("--token", help="display token of this relay")
    parser.add_argument("--device-host", default=DEFAULT_URL, help=f"device host local API (default {DEFAULT_URL})")
    parser.add_argument("--windows", help="window codes to drive, e.g. 01,02,03 (default: every screen the host has)")
    parser.add_argument("--columns", type=int, default=LED_COLUMNS, help="screen width in half-width columns")
    parser.add_argument("--log-level", default="info")
    args = parser.parse_args(argv)
    server = args.server or (DEMO_SERVER if args.demo else None)
    token = args.token or (DEMO_TOKEN if args.demo else None)
    if not server or not token:
        parser.error("--server and --token are needed (or --demo)")
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request would drown the log
    crash.enable_crash_file("led-relay")
    windows = {w.strip() for w in args.windows.split(",") if w.strip()} if args.windows else None
    relay = LedRelay(server, token, args.device_host, windows, args.columns).start()
    done = threading.Event()

    def on_signal(signum: int, frame: object) -> None:
        done.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    log.info("LED relay: %s -> %s", server, args.device_host)
    notify.notify(notify.READY)
    interval = notify.watchdog_interval()
    while not done.wait(interval):
        notify.notify(notify.WATCHDOG)
    notify.notify(notify.STOPPING)
    relay.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
