"""A centre feeds a higher centre: the lower centre's feed on the wire, and the higher centre's follower of it.

The lower centre serves `GET /api/v1/feed?after=N&limit=M`, its own sequence-numbered log of the
events it stored (store.feed), and `GET /api/v1/feed/halls`, the halls it follows with their
link status, both behind its `parent_token`. The higher centre follows each lower centre of its
file (`[[centres]]`) the way it follows a hall: it pages the feed from its cursor and stores each
page as the original halls' events (hall, seq), with the cursor, in one transaction
(store.store_relayed); a centre stopped at any moment, above or below, resumes with nothing
lost or doubled. Caught up, it asks again every `poll` seconds (no stream: a centre's view of
its halls is not a queue to watch second by second).
"""
from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import httpx
import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field

from hall_centre import store
from hall_centre.config import ChildEntry
from hall_server.schema import Event

log = logging.getLogger("hall_centre.relay")

FEED = "/api/v1/feed"
PAGE = 1000  # the most the feed gives at once
POLL_S = 1.0
HALLS_EVERY_S = 10.0  # how often the lower centre's halls (and their links) are read again
REFUSED_RETRY_S = 60.0


class FeedItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    seq: int = Field(description="the lower centre's own feed number")
    hall: str
    event: Event = Field(description="the hall's event as the centre stored it (its seq is the hall's own)")


class FeedPage(BaseModel):
    model_config = ConfigDict(extra="forbid")

    centre: str
    items: list[FeedItem]
    last_seq: int = Field(description="the last feed number given (the `after` asked when there is none)")


class RelayedHall(BaseModel):
    """A hall as the lower centre's halls list gives it; the rest of its row is not needed here."""

    model_config = ConfigDict(extra="ignore")

    code: str
    name: str
    name_en: str
    level: str
    parent: str | None
    address: str
    lat: float
    lon: float
    travel_minutes: int | None
    status: str
    error: str | None


class Refused(Exception):
    """The lower centre refused this centre's token."""


def feed_page(engine: sa.Engine, centre: str, after: int, limit: int) -> FeedPage:
    rows = store.feed_page(engine, after, limit)
    return FeedPage(centre=centre, last_seq=rows[-1]["seq"] if rows else after,
                    items=[FeedItem(seq=r["seq"], hall=r["hall"],
                                    event=Event(seq=r["hall_seq"], type=r["type"], at=r["at"], data=r["payload"]))
                           for r in rows])


class CentreFollower:
    """Follows one lower centre's feed into this centre's store."""

    def __init__(self, engine: sa.Engine, child: ChildEntry, own_halls: frozenset[str], *,
                 backoff_max: float = 30.0, refused_retry: float = REFUSED_RETRY_S, poll: float = POLL_S,
                 feed: bool = False, **_ignored: Any):
        self.engine = engine
        self.child = child
        self.own_halls = own_halls  # halls this centre follows itself: their status is its own
        self.backoff_max = backoff_max
        self.refused_retry = refused_retry
        self.poll = poll
        self.feed = feed  # this centre feeds a higher one in turn
        self.last = 0
        self.status = "new"
        self.halls: set[str] = set()

    async def run(self) -> None:
        backoff = 0.5
        headers = {"Authorization": f"Bearer {self.child.token}"}
        async with httpx.AsyncClient(base_url=self.child.base_url, headers=headers, timeout=30) as http:
            while True:
                try:
                    self.last = await asyncio.to_thread(store.centre_cursor_of, self.engine, self.child.code)
                    await self._follow(http)
                except Refused as exc:
                    await self._set("refused", str(exc))
                    log.warning("centre %s refused this centre's token: %s", self.child.code, exc)
                    await asyncio.sleep(self.refused_retry)
                except (httpx.HTTPError, OSError, ValueError, sa.exc.OperationalError) as exc:
                    if self.status != "down":
                        log.info("centre %s away: %s", self.child.code, exc)
                    await self._set("down", f"{type(exc).__name__}: {exc}"[:500])
                    await asyncio.sleep(backoff)
                    backoff = min(backoff * 2, self.backoff_max)
                    continue
                except Exception as exc:  # a follower never ends: the others go on, this one retries
                    log.exception("following centre %s failed; will retry", self.child.code)
                    await self._set("down", f"{type(exc).__name__}: {exc}"[:500])
                    await asyncio.sleep(self.backoff_max)
                backoff = 0.5

    async def _follow(self, http: httpx.AsyncClient) -> None:
        halls_read = 0.0
        loop = asyncio.get_running_loop()
        while True:
            if loop.time() - halls_read >= HALLS_EVERY_S:
                await self._read_halls(http)
                halls_read = loop.time()
            page = FeedPage.model_validate_json(await self._get(http, FEED, {"after": self.last, "limit": PAGE}))
            if page.items:
                items = [(i.seq, i.hall, i.event) for i in page.items]
                await asyncio.to_thread(store.store_relayed, self.engine, self.child.code, items, None,
                                        self.feed)
                self.last = max(self.last, page.items[-1].seq)
                if not self.halls.issuperset(i.hall for i in page.items):
                    halls_read = 0.0  # a hall new to the lower centre: its description next round
            if len(page.items) < PAGE:
                await self._set("live")
                await asyncio.sleep(self.poll)
            elif self.status != "catching_up":
                await self._set("catching_up")

    async def _get(self, http: httpx.AsyncClient, path: str, params: dict[str, Any] | None = None) -> bytes:
        r = await http.get(path, params=params)
        if r.status_code in (401, 403):
            raise Refused(f"HTTP {r.status_code}")
        r.raise_for_status()
        return r.content

    async def _read_halls(self, http: httpx.AsyncClient) -> None:
        """Keep the lower centre's halls (for this centre's list) and show each with its link there."""
        raw = await self._get(http, f"{FEED}/halls")
        found = [RelayedHall.model_validate(h) for h in _halls_of(raw)]
        entries = {h.code: h.model_dump(exclude={"status", "error"}) for h in found if h.code not in self.own_halls}
        await asyncio.to_thread(store.keep_relayed_halls, self.engine, self.child.code, entries)
        self.halls = {h.code for h in found}
        for h in found:
            if h.code not in self.own_halls:
                await asyncio.to_thread(store.mark, self.engine, h.code, h.status,
                                        None if h.error is None else f"{self.child.code}: {h.error}")

    async def _set(self, status: str, error: str | None = None) -> None:
        """Show the lower centre's link; away, its halls show as away too (this centre hears nothing of them)."""
        if status == self.status and error is None:
            return
        try:
            await asyncio.to_thread(store.mark_centre, self.engine, self.child.code, status, error)
            if status in ("down", "refused"):
                for code in self.halls - self.own_halls:
                    await asyncio.to_thread(store.mark, self.engine, code, "down",
                                            f"through centre {self.child.code}: {status}")
        except sa.exc.SQLAlchemyError as exc:
            log.warning("centre %s: status %s not recorded: %s", self.child.code, status, exc)
            return
        self.status = status


def _halls_of(raw: bytes) -> list[dict[str, Any]]:
    body = json.loads(raw)
    if not isinstance(body, dict) or not isinstance(body.get("halls"), list):
        raise ValueError("the centre's halls list is not {'halls': [...]}")
    return list(body["halls"])
