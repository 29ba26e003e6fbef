"""Fan-out of committed events to WebSocket subscribers, in sequence order, resumable.

Commands commit on worker threads and hand their events over with `publish_threadsafe`; the
hub runs on the server's event loop. Each subscriber has a bounded queue; a subscriber that
falls behind (or sees a gap, as when several server instances share one database) reads the
missing events back from the database, so delivery is gap-free and never repeats.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from .schema import Event

log = logging.getLogger(__name__)

QUEUE_LIMIT = 2000
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
    def __init__(self, last_seq: int):
        self.last = last_seq
        self.loop: asyncio.AbstractEventLoop | None = None
        self.subscribers: set[Subscriber] = set()

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop

    def publish_threadsafe(self, events: list[Event]) -> None:
        items = [(e.seq, e.model_dump_json()) for e in events]
        if self.loop is not None and not self.loop.is_closed():
            self.loop.call_soon_threadsafe(self.publish, items)

    def publish(self, items: list[tuple[int, str]]) -> None:
        for seq, text in items:
            if seq <= self.last:
                continue
            self.last = seq
            for sub in self.subscribers:
                sub.push(seq, text)

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

    async def poll(self, read_after: Callable[[int], list[Event]], interval: float) -> None:
        """Pick up events committed by other server instances sharing the database."""
        while True:
            await asyncio.sleep(interval)
            try:
                events = await asyncio.to_thread(read_after, self.last)
            except Exception:
                log.exception("reading new events failed; retrying")
                continue
            if events:
                self.publish([(e.seq, e.model_dump_json()) for e in events])
