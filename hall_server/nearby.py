"""Waits at nearby halls, from the hall network's centre (hall_centre `GET /api/v1/nearby`).

Every `interval` seconds the hall asks its centre (`[centre]` of the hall file, with the token the
catalogue uses) for each of its categories, with a short timeout, and keeps the answers in memory
with the time it got them. An answer older than `MAX_AGE_S` counts as none: with the centre away
or the hall offline, kiosks and phones simply show no nearby hall. Nothing is ever written.
"""
from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterable

import httpx
from pydantic import ValidationError

from hall_rules.nearby import NearbyWait, suggestion

from .config import Centre
from .schema import NearbyHall, NearbyList

log = logging.getLogger(__name__)

PATH = "/api/v1/nearby"
INTERVAL_S = 60.0
MAX_AGE_S = 300.0
TIMEOUT = httpx.Timeout(5.0, connect=2.0)


class NearbyWaits:
    """The centre's nearby waits per category, as last fetched, forgotten after MAX_AGE_S."""

    def __init__(self, centre: Centre | None, token: str | None, categories: Callable[[], Iterable[str]],
                 clock: Callable[[], float] = time.monotonic, max_age_s: float = MAX_AGE_S):
        self.centre, self.token, self.categories = centre, token, categories
        self.clock, self.max_age_s = clock, max_age_s
        self._kept: dict[str, tuple[list[NearbyHall], float]] = {}
        self.away = False

    def halls(self, category: str) -> list[NearbyHall]:
        """The other halls offering `category`, fastest first; none when the answer is too old."""
        found = self._kept.get(category)
        if found is None or self.clock() - found[1] > self.max_age_s:
            return []
        return found[0]

    def current(self) -> NearbyList:
        """Every category's fresh answer (for the kiosk), with the oldest one's age."""
        now = self.clock()
        fresh = {c: (h, at) for c, (h, at) in self._kept.items() if now - at <= self.max_age_s}
        return NearbyList(categories={c: h for c, (h, _) in fresh.items()},
                          age_seconds=round(max((now - at for _, at in fresh.values()), default=0.0), 1))

    def suggest(self, category: str, own_wait_minutes: int) -> NearbyHall | None:
        """The one hall worth the trip for a citizen waiting `own_wait_minutes` here (hall_rules.nearby)."""
        halls = {h.code: h for h in self.halls(category)}
        best = suggestion(own_wait_minutes, [NearbyWait(h.code, h.wait_minutes, h.travel_minutes)
                                             for h in halls.values()])
        return None if best is None else halls[best.code]

    def refresh(self) -> str:
        """Ask the centre once for every category; returns "away" or "ok"."""
        if self.centre is None:
            return "away"
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        try:
            with httpx.Client(timeout=TIMEOUT) as client:
                for category in list(self.categories()):
                    r = client.get(self.centre.url + PATH, params={"category": category}, headers=headers)
                    if r.status_code != 200:
                        raise httpx.HTTPError(f"{r.status_code} for {category}")
                    answer = NearbyList.model_validate_json(r.content)
                    self._kept[category] = (answer.categories.get(category, []), self.clock())
        except (httpx.HTTPError, ValidationError) as exc:
            if not self.away:  # once when it goes, once when it is back
                log.warning("nearby waits: the centre is away (%s); kept answers age out", exc)
            self.away = True
            return "away"
        if self.away:
            log.info("nearby waits: the centre answers again")
            self.away = False
        return "ok"

    async def run(self, interval: float = INTERVAL_S) -> None:
        """Refresh now and every `interval` seconds for as long as the server runs."""
        while True:
            try:
                await asyncio.to_thread(self.refresh)
            except Exception:
                log.exception("nearby waits refresh failed; will retry")
            await asyncio.sleep(interval)
