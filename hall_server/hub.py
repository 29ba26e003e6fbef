"""Fan-out of committed events to WebSocket subscribers, in sequence order, resumable.

Commands commit on the queue writer's thread and hand their events over with
`publish_threadsafe`; the hub runs on the server's event loop and delivers every event once,
in sequence order, with no gap. Events committed elsewhere (another server instance sharing
the database, a command-line import) are read back from the database when the hub is told of
them (`mark_behind`: PostgreSQL's NOTIFY, see notify.py) or, where nothing tells, by polling.
The database's sequence is the only order: whenever what arrives does not follow the last
event delivered, the hub reads the missing ones from the database, once for every subscriber.
Each subscriber has a bounded queue; one that falls behind catches up from the database.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from .schema import Event

log = logging.getLogger(__name__)

QUEUE_LIMIT = 2000
READ_PAGE = 500  # events read back from the database at a time
# Control items in a subscriber's queue, below any event sequence number.
CATCH_UP, HEARTBEAT, CLOSED = -1, -2, -3


class Subscriber:
    def __init__(self) -> None:
        self.queue: asyncio.Queue[tuple[int, str]] = asyncio.Queue(maxsize=QUEUE_LIMIT)
        self.lagging = False

    def push(self, seq: int, text: str) -> None:
        if self.lagging:
            return
        try:
            self.queue.put_nowait((seq, text))
        except asyncio.QueueFull:
            # Too slow to keep up: drop the backlog and let it catch up from the database.
            self.lagging = True
            while not self.queue.empty():
                self.queue.get_nowait()
            self.queue.put_nowait((CATCH_UP, ""))

    def signal(self, kind: int) -> None:
        """Queue a control item (heartbeat, closed) even when the queue is full."""
        if self.queue.full():
            self.push(0, "")  # turns the backlog into a catch-up, which makes room
        self.queue.put_nowait((kind, ""))


class EventHub:
    def __init__(self, last_seq: int, read_after: Callable[[int, int], list[Event]]):
        self.last = last_seq
        self.read_after = read_after
        self.loop: asyncio.AbstractEventLoop | None = None
        self.subscribers: set[Subscriber] = set()
        # Called on the loop with the events read back from the database (committed elsewhere).
        self.on_read: list[Callable[[list[Event]], None]] = []
        # Where nothing announces other writers' commits (SQLite; PostgreSQL while its LISTEN
        # connection is down), `poll` looks for them now and then.
        self.polling = True
        self._behind = False
        self._wake: asyncio.Event | None = None

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self._wake = asyncio.Event()

    def publish_threadsafe(self, events: list[Event]) -> None:
        items = [(e.seq, e.model_dump_json()) for e in events]
        if self.loop is not None and not self.loop.is_closed():
            self.loop.call_soon_threadsafe(self.publish, items)

    def mark_behind_threadsafe(self) -> None:
        if self.loop is not None and not self.loop.is_closed():
            self.loop.call_soon_threadsafe(self.mark_behind)

    def publish(self, items: list[tuple[int, str]]) -> None:
        """Deliver events this instance committed, unless an earlier one is still to be read."""
        for seq, text in items:
            if seq <= self.last:
                continue
            if self._behind or seq != self.last + 1:
                self.mark_behind()  # another writer's events come first: read them all in order
                return
            self._deliver(seq, text)

    def mark_behind(self) -> None:
        """Events were committed that this hub has not delivered: read them from the database."""
        self._behind = True
        if self._wake is not None:
            self._wake.set()

    def _deliver(self, seq: int, text: str) -> None:
        self.last = seq
        for sub in self.subscribers:
            sub.push(seq, text)

    async def run(self) -> None:
        """Read back from the database, in order, whatever was committed and not yet delivered."""
        assert self._wake is not None, "bind() first"
        while True:
            await self._wake.wait()
            self._wake.clear()
            while self._behind:
                self._behind = False
                try:
                    events = await asyncio.to_thread(self.read_after, self.last, READ_PAGE)
                except Exception:
                    log.exception("reading new events failed; retrying")
                    self._behind = True
                    await asyncio.sleep(1.0)
                    continue
                fresh = [e for e in events if e.seq > self.last]
                for e in fresh:
                    self._deliver(e.seq, e.model_dump_json())
                if len(events) == READ_PAGE:
                    self._behind = True
                for hook in self.on_read if fresh else ():
                    try:
                        hook(fresh)
                    except Exception:  # a broken hook must never stop delivery
                        log.exception("event hook failed")

    def subscribe(self) -> Subscriber:
        sub = Subscriber()
        self.subscribers.add(sub)
        return sub

    def unsubscribe(self, sub: Subscriber) -> None:
        self.subscribers.discard(sub)

    async def heartbeat(self, interval: float) -> None:
        """Wake every subscriber now and then, so an idle connection still shows it is alive."""
        while True:
            await asyncio.sleep(interval)
            for sub in list(self.subscribers):
                sub.signal(HEARTBEAT)

    async def poll(self, interval: float) -> None:
        """Look for events committed by other writers while nothing else announces them."""
        while True:
            await asyncio.sleep(interval)
            if self.polling:
                self.mark_behind()
