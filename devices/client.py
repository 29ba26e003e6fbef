"""A small synchronous client of the device host's local API (kiosk-diag, and the Qt apps' worker thread).

    with DeviceClient("ws://127.0.0.1:8790") as host:
        host.subscribe("card.read", "health.changed")
        host.call("show_on_led", window="01", lines=["A012", "请到1号窗口"])
        for event in host.events(timeout=30):
            ...

A reader thread takes every message off the connection: replies wake the `call` waiting for
them, events go to the `events()` queue and to the `on_event` callback (run on that reader
thread: a Qt app forwards them with a queued signal).
"""
from __future__ import annotations

import itertools
import json
import queue
import threading
from collections.abc import Callable, Iterator
from typing import Any

from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI
from websockets.sync.client import ClientConnection, connect, unix_connect

from hall_rules.errors import HallError

from .config import DEFAULT_LISTEN

DEFAULT_URL = f"ws://{DEFAULT_LISTEN}"


class DeviceHostUnavailable(ConnectionError):
    """The device host cannot be reached, or the connection to it closed."""


class DeviceCommandError(HallError):
    """The host refused or failed a command.

    Attributes:
        code: the API error code ("device_down", "not_ready", "bad_args"...).
        message: Chinese text; message_en: English text.
    """



class DeviceClient:
    """A connection to the device host.

    Args:
        url: ws://127.0.0.1:PORT or unix:/path.
        timeout: default seconds a call waits for its reply.
        on_event: called with each event dict, on the reader thread.
    Raises:
        DeviceHostUnavailable: the host does not answer.
    """

    def __init__(self, url: str = DEFAULT_URL, *, timeout: float = 30.0,
                 on_event: Callable[[dict[str, Any]], None] | None = None) -> None:
        self.url = url
        self.timeout = timeout
        self.on_event = on_event
        try:
            if url.startswith("unix:"):
                self._ws: ClientConnection = unix_connect(url.removeprefix("unix:"), uri="ws://localhost/",
                                                          compression=None, max_size=None, open_timeout=5,
                                                          legacy=True)
            else:
                # proxy=None: a proxy set in the environment must never carry loopback traffic.
                # legacy=True: websockets 17 wants a with-block; this connection outlives one.
                self._ws = connect(url, compression=None, max_size=None, open_timeout=5, proxy=None, legacy=True)
        except (OSError, InvalidHandshake, InvalidURI, TimeoutError) as exc:
            raise DeviceHostUnavailable(f"device host at {url} cannot be reached: {exc}") from exc
        self._ids = itertools.count(1)
        self._pending: dict[int, queue.Queue[dict[str, Any]]] = {}
        self._lock = threading.Lock()
        self._send_lock = threading.Lock()
        self._events: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._closed = threading.Event()
        self._reader = threading.Thread(target=self._read, name="device-client", daemon=True)
        self._reader.start()

    def __enter__(self) -> DeviceClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection and stop the reader thread."""
        self._ws.close()
        self._reader.join(timeout=10)

    @property
    def closed(self) -> bool:
        """True once the connection is gone."""
        return self._closed.is_set()

    def _read(self) -> None:
        try:
            for text in self._ws:
                try:
                    message = json.loads(text)
                except ValueError:
                    continue
                if not isinstance(message, dict):
                    continue
                if "event" in message:
                    self._events.put(message)
                    if self.on_event is not None:
                        self.on_event(message)
                    continue
                with self._lock:
                    request_id = message.get("id")
                    waiter = self._pending.pop(request_id, None) if isinstance(request_id, int) else None
                if waiter is not None:
                    waiter.put(message)
        except ConnectionClosed:
            pass
        finally:
            self._closed.set()
            self._events.put(None)
            with self._lock:
                waiters, self._pending = list(self._pending.values()), {}
            for waiter in waiters:
                waiter.put({})

    def call(self, command: str, /, *, timeout: float | None = None, **args: Any) -> Any:
        """Run a command on the host and return its result.

        Raises:
            DeviceCommandError: the host answered with an error.
            DeviceHostUnavailable: the connection is gone.
            TimeoutError: no reply in time.
        """
        request_id = next(self._ids)
        waiter: queue.Queue[dict[str, Any]] = queue.Queue(1)
        with self._lock:
            if self._closed.is_set():
                raise DeviceHostUnavailable(f"connection to the device host at {self.url} is closed")
            self._pending[request_id] = waiter
        try:
            with self._send_lock:
                self._ws.send(json.dumps({"id": request_id, "command": command, "args": args}, ensure_ascii=False))
        except ConnectionClosed as exc:
            with self._lock:
                self._pending.pop(request_id, None)
            raise DeviceHostUnavailable(f"connection to the device host at {self.url} closed") from exc
        try:
            reply = waiter.get(timeout=self.timeout if timeout is None else timeout)
        except queue.Empty:
            with self._lock:
                self._pending.pop(request_id, None)
            raise TimeoutError(f"device host did not answer {command} in time") from None
        if not reply:
            raise DeviceHostUnavailable(f"connection to the device host at {self.url} closed")
        if not reply.get("ok"):
            error = reply.get("error") or {}
            raise DeviceCommandError(error.get("code", "internal"), error.get("message", ""),
                                     error.get("message_en", ""))
        return reply.get("result")

    def subscribe(self, *events: str) -> dict[str, Any]:
        """Receive these events (all when none are named); returns the subscription and the health."""
        return self.call("subscribe", events=list(events)) if events else self.call("subscribe")

    def next_event(self, timeout: float | None = None) -> dict[str, Any] | None:
        """The next event, or None when none comes in time or the connection closed."""
        try:
            event = self._events.get(timeout=timeout)
        except queue.Empty:
            return None
        if event is None:
            self._events.put(None)  # keep telling later callers the connection is gone
        return event

    def events(self, timeout: float | None = None) -> Iterator[dict[str, Any]]:
        """Yield events until none comes for `timeout` seconds or the connection closes."""
        while True:
            event = self.next_event(timeout)
            if event is None:
                return
            yield event
