"""Follow every hall's event log: page from the cursor until caught up, then stream; one task per hall.

A hall that is down, slow or refuses the token never holds up another: each hall has its own
task, its own backoff and its own status in `hall_cursor`. Each page of events is stored with its
cursor in one transaction (store.store), so a centre stopped at any moment resumes exactly.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from typing import Any

import httpx
import sqlalchemy as sa
import websockets
from pydantic import TypeAdapter
from websockets.exceptions import ConnectionClosed, InvalidStatus, WebSocketException

from hall_centre import store
from hall_centre.config import Centre, HallEntry
from hall_server.schema import Event, EventPage, Heartbeat

log = logging.getLogger("hall_centre.follower")

PAGE = 1000  # the most the hall's GET /events gives at once
STREAM_BATCH = 1000
HEARD_EVERY_S = 30.0  # a quiet hall's heartbeats keep its last_heard this fresh (hall_centre.nearby: live halls)
REFUSED_RETRY_S = 60.0  # a refused token is retried this often (the hall may be fixed meanwhile)


class Refused(Exception):
    """The hall refused the centre's token (401/403, or the stream's 4401/4403)."""


class Gap(Exception):
    """The stream skipped a sequence number: page from the cursor again."""


_STREAMED: TypeAdapter[Heartbeat | Event] = TypeAdapter(Heartbeat | Event)


class HallFollower:
    """Follows one hall's event log into the centre's store."""

    def __init__(self, engine: sa.Engine, hall: HallEntry, *, backoff_max: float = 30.0,
                 refused_retry: float = REFUSED_RETRY_S, on_stored: Callable[[str, int], None] | None = None,
                 feed: bool = False):
        self.engine = engine
        self.hall = hall
        self.backoff_max = backoff_max
        self.refused_retry = refused_retry
        self.on_stored = on_stored
        self.feed = feed  # the centre feeds a higher one: what it stores goes to its feed too
        self.last = 0
        self.status = "new"
        self._heard = 0.0  # time.monotonic() when last_heard was last kept

    async def run(self) -> None:
        backoff = 0.5
        headers = {"Authorization": f"Bearer {self.hall.token}"}
        async with httpx.AsyncClient(base_url=self.hall.base_url, headers=headers, timeout=30) as http:
            while True:
                try:
                    self.last = await asyncio.to_thread(store.cursor_of, self.engine, self.hall.code)
                    await self._catch_up(http)
                    await self._set("live")
                    backoff = 0.5
                    await self._stream()
                except Refused as exc:
                    await self._set("refused", str(exc))
                    log.warning("hall %s refused the centre's token: %s", self.hall.code, exc)
                    await asyncio.sleep(self.refused_retry)
                except Gap:
                    continue
                except (httpx.HTTPError, OSError, WebSocketException, ValueError, sa.exc.OperationalError) as exc:
                    if self.status != "down":
                        log.info("hall %s away: %s", self.hall.code, exc)
                    await self._set("down", f"{type(exc).__name__}: {exc}"[:500])
                    await asyncio.sleep(backoff)
                    backoff = min(backoff * 2, self.backoff_max)
                except Exception as exc:  # a follower never ends: the others go on, this one retries
                    log.exception("following hall %s failed; will retry", self.hall.code)
                    await self._set("down", f"{type(exc).__name__}: {exc}"[:500])
                    await asyncio.sleep(self.backoff_max)

    async def _set(self, status: str, error: str | None = None) -> None:
        """Show the hall's link status; the database being away too only leaves it unshown for now."""
        if status == self.status and error is None:
            return
        try:
            await asyncio.to_thread(store.mark, self.engine, self.hall.code, status, error)
        except sa.exc.SQLAlchemyError as exc:
            log.warning("hall %s: status %s not recorded: %s", self.hall.code, status, exc)
            return
        if status == "live" and self.status in ("down", "refused"):
            log.info("hall %s back", self.hall.code)
        self.status = status

    async def _store(self, page: list[store.WireEvent]) -> None:
        new = await asyncio.to_thread(store.store, self.engine, self.hall.code, page, None, self.feed)
        self._heard = time.monotonic()
        self.last = max(self.last, page[-1].seq) if page else self.last
        if self.on_stored is not None:
            self.on_stored(self.hall.code, new)

    async def _catch_up(self, http: httpx.AsyncClient) -> None:
        """Page GET /events from the cursor until a page comes back short; the next page is fetched
        while this one is stored (a hall back after a busy day is caught up at the pace of the slower)."""
        pending: asyncio.Task[list[store.WireEvent]] | None = asyncio.create_task(self._page(http, self.last))
        try:
            while pending is not None:
                page = await pending
                pending = asyncio.create_task(self._page(http, page[-1].seq)) if len(page) == PAGE else None
                if pending is not None and self.status != "catching_up":
                    await self._set("catching_up")  # the hall answers and there is more than a page to fetch
                if page:
                    await self._store(page)
        finally:
            if pending is not None:
                pending.cancel()
                await asyncio.gather(pending, return_exceptions=True)

    @staticmethod
    async def _page(http: httpx.AsyncClient, after: int) -> list[store.WireEvent]:
        r = await http.get("/api/v1/events", params={"after": after, "limit": PAGE})
        if r.status_code in (401, 403):
            raise Refused(f"HTTP {r.status_code}")
        r.raise_for_status()
        return EventPage.model_validate_json(r.content).events  # parsed at the edge: the wire schema

    async def _stream(self) -> None:
        """Follow the stream from the cursor, storing in batches; Gap on any skipped number."""
        url = self.hall.base_url.replace("http", "ws", 1) + f"/api/v1/events/stream?after={self.last}"
        try:
            async with websockets.connect(url, additional_headers={"Authorization": f"Bearer {self.hall.token}"},
                                          open_timeout=15, ping_interval=20, ping_timeout=20,
                                          max_size=2**24) as ws:
                inbox: asyncio.Queue[str | None] = asyncio.Queue()
                reader = asyncio.create_task(self._read(ws, inbox))
                try:
                    await self._write(inbox)
                except ConnectionError:
                    if ws.close_code in (4401, 4403):  # the hall's stream: bad token, or not allowed
                        raise Refused(f"stream closed {ws.close_code} {ws.close_reason}") from None
                    raise
                finally:
                    reader.cancel()
                    with contextlib.suppress(asyncio.CancelledError, ConnectionClosed):
                        await reader
        except InvalidStatus as exc:
            if exc.response.status_code in (401, 403):
                raise Refused(f"HTTP {exc.response.status_code}") from exc
            raise
        except ConnectionClosed as exc:
            if exc.rcvd is not None and exc.rcvd.code in (4401, 4403):
                raise Refused(f"stream closed {exc.rcvd.code} {exc.rcvd.reason}") from exc
            raise

    @staticmethod
    async def _read(ws: Any, inbox: asyncio.Queue[str | None]) -> None:
        try:
            async for message in ws:
                inbox.put_nowait(message)
        finally:
            inbox.put_nowait(None)

    async def _write(self, inbox: asyncio.Queue[str | None]) -> None:
        closed = False
        while not closed:
            batch = [await inbox.get()]
            while len(batch) < STREAM_BATCH and not inbox.empty():
                batch.append(inbox.get_nowait())
            page: list[store.WireEvent] = []
            expected = self.last + 1
            for text in batch:
                if text is None:
                    closed = True
                    break
                ev = _STREAMED.validate_json(text)
                if isinstance(ev, Heartbeat):
                    if ev.seq > expected - 1:  # the hall has sent more than reached us
                        await self._flush(page)
                        raise Gap
                    if not page and time.monotonic() - self._heard > HEARD_EVERY_S:
                        await self._store([])  # nothing new: only the time it was last heard from
                    continue
                if ev.seq < expected:
                    continue
                if ev.seq > expected:
                    await self._flush(page)
                    raise Gap
                page.append(ev)
                expected += 1
            await self._flush(page)
        raise ConnectionError("the hall closed the stream")

    async def _flush(self, page: list[store.WireEvent]) -> None:
        if page:
            await self._store(page)


class Followers:
    """One follower task per hall of the centre file."""

    def __init__(self, engine: sa.Engine, centre: Centre, **options: Any):
        self.followers = {h.code: HallFollower(engine, h, **options) for h in centre.halls}
        self.tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        self.tasks = [asyncio.create_task(f.run(), name=f"follow {code}") for code, f in self.followers.items()]

    async def stop(self) -> None:
        for t in self.tasks:
            t.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
