"""PostgreSQL LISTEN on a connection of its own: wakes this instance when events are committed.

Several server instances share one PostgreSQL database; the `events` table's trigger (migration
7) sends a NOTIFY on every commit that adds events, and PostgreSQL delivers it on commit, in
commit order. The listener only says "there is something new": the hub reads the events
themselves from the database, so their sequence stays the one order. While the connection is
down the hub polls instead, and once it is back the hub reads whatever it missed.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import sqlalchemy as sa

from .db import EVENTS_CHANNEL

log = logging.getLogger(__name__)

RECONNECT_S, RECONNECT_MAX_S = 0.5, 10.0
WAKE_S = 1.0  # how often the listening thread looks up from the connection to see if it should stop


class NotifyListener:
    """A thread that listens on `EVENTS_CHANNEL` and calls `on_notify` for each notification.

    Args:
        url: the store's SQLAlchemy URL (postgresql+psycopg://…).
        on_notify: called on the listener's thread for each notification.
        on_state: called with True once listening (again), False when the connection was lost.
    """

    def __init__(self, url: sa.URL, on_notify: Callable[[], None], on_state: Callable[[bool], None]):
        self.conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
        self.on_notify = on_notify
        self.on_state = on_state
        self.listening = False
        self._warned = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="event-listener", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=WAKE_S * 5)

    def _run(self) -> None:
        import psycopg

        delay = RECONNECT_S
        while not self._stop.is_set():
            try:
                # Keepalives: a cable pulled between here and the database is noticed in ~25 s.
                with psycopg.connect(self.conninfo, autocommit=True, connect_timeout=10, keepalives=1,
                                     keepalives_idle=10, keepalives_interval=5, keepalives_count=3) as conn:
                    conn.execute(f"LISTEN {EVENTS_CHANNEL}")
                    self._set_state(True)
                    delay = RECONNECT_S
                    while not self._stop.is_set():
                        for _ in conn.notifies(timeout=WAKE_S):
                            self.on_notify()
            except Exception as exc:  # noqa: BLE001 - psycopg.Error, OSError: gone; the listener always reconnects
                if self._stop.is_set():
                    return
                self._set_state(False, exc)
                self._stop.wait(delay)
                delay = min(delay * 2, RECONNECT_MAX_S)

    def _set_state(self, listening: bool, exc: BaseException | None = None) -> None:
        if listening:
            log.info("listening for events of other server instances (PostgreSQL NOTIFY %s)", EVENTS_CHANNEL)
        elif self.listening or not self._warned:  # once when it goes, not on every failed reconnect
            log.warning("no event notification connection (%s); polling until it is back",
                        str(exc).strip() or type(exc).__name__)
        self._warned = not listening
        self.listening = listening
        self.on_state(listening)
