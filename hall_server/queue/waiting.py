"""The waiting line: calling order, people ahead and wait estimates.

The order is hall_rules.queue's (calling_tier, order_key, people_ahead), the one the kiosk also
uses; `tier_sql` is the same tier written for the database so it can pick the next ticket, and
tests hold the two to the same order on generated tickets.
"""
from __future__ import annotations

import datetime as dt
import time
from typing import Any

import sqlalchemy as sa

from hall_rules import queue as rules
from hall_rules import wait_promise

from .. import db
from ..config import Hall
from ..schema import TicketState, WindowState
from .writer import COUNT_WAITING, HotStatements

ESTIMATE_CACHE_S = 5.0
PROMISE_HISTORY_DAYS = 14  # how far back the calibration of a promise looks when today has too few
OPEN_WINDOWS = sa.select(db.windows.c.code).where(db.windows.c.state == WindowState.OPEN)
RECENT_SERVICE = sa.select(db.tickets.c.serving_at, db.tickets.c.finished_at).where(
    db.tickets.c.business_day == sa.bindparam("day"), db.tickets.c.category == sa.bindparam("category"),
    db.tickets.c.state == TicketState.DONE, db.tickets.c.serving_at.is_not(None),
).order_by(db.tickets.c.finished_at.desc()).limit(20)
# The category's last called tickets with a promise, today's first, then earlier days': how far off
# their point estimates were calibrates the next promise (hall_rules.wait_promise). A transferred
# ticket's call is its last one, not the wait it was promised, so it is left out.
RECENT_PROMISES = sa.select(db.tickets.c.promise_point_min, db.tickets.c.issued_at, db.tickets.c.called_at).where(
    db.tickets.c.business_day.between(sa.bindparam("since"), sa.bindparam("day")),
    db.tickets.c.category == sa.bindparam("category"), db.tickets.c.promise_point_min.is_not(None),
    db.tickets.c.called_at.is_not(None), db.tickets.c.transfers == 0,
).order_by(db.tickets.c.business_day.desc(), db.tickets.c.called_at.desc()).limit(wait_promise.CALIBRATION_TICKETS)


class WaitingLine:
    """Who is called next and how long the others wait, by the hall's calling rules."""

    def __init__(self, hall: Hall, hot: HotStatements):
        self.hall = hall
        self.hot = hot
        self._open_cache: tuple[frozenset[str], float] | None = None
        self._service_cache: dict[tuple[str, str], tuple[float, float]] = {}
        self._score_cache: dict[tuple[str, str], tuple[list[float], float]] = {}

    def _settings(self) -> dict[str, int]:
        return {"ageing_minutes": self.hall.ageing_minutes, "early_minutes": self.hall.appointment_early_minutes}

    def tier_sql(self, now_ts: float) -> sa.ColumnElement[int]:
        """hall_rules.queue.calling_tier as a SQL expression over db.tickets: the database picks the next ticket."""
        t = db.tickets.c
        early = self.hall.appointment_early_minutes * 60
        return sa.case(
            (t.green.is_(True) | (t.queued_at <= rules.aged_before(now_ts, self.hall.ageing_minutes)),
             int(rules.Tier.FIRST)),
            (t.slot_start.is_not(None) & (t.slot_start - early <= now_ts) & (t.slot_end >= now_ts),
             int(rules.Tier.APPOINTMENT)),
            else_=int(rules.Tier.ARRIVAL))

    def order_by(self, now_ts: float) -> tuple[sa.ColumnElement[Any], ...]:
        """The ORDER BY of calling order: hall_rules.queue.order_key in SQL."""
        return self.tier_sql(now_ts), db.tickets.c.queued_at, db.tickets.c.id

    def order_key(self, row: Any, now_ts: float) -> tuple[int, float, int]:
        """Calling order: green channel or aged tickets, then appointments in their slot, then FIFO."""
        return rules.order_key(row, now_ts, **self._settings())

    def people_ahead(self, conn: sa.Connection, day: dt.date, row: Any, now_ts: float) -> int:
        """How many waiting tickets of the same category will be called before this one."""
        params = {"day": day.isoformat(), "category": row.category}
        if row.queued_at >= now_ts:
            # Just issued, so the newest waiting ticket of its category: by hall_rules.queue's
            # people_ahead, everyone waiting in its tier or a better one is ahead. Counted in SQL, the
            # common case (an ordinary ticket) by a prepared statement: the fast path of issuing.
            tier = rules.calling_tier(row, now_ts, **self._settings())
            itself = 1 if row.state == TicketState.WAITING else 0
            if tier == rules.Tier.ARRIVAL:
                return self.hot.count_waiting.execute(conn, params).fetchone()[0] - itself
            return conn.execute(COUNT_WAITING.where(self.tier_sql(now_ts) <= int(tier)), params).scalar_one() - itself
        return self._ahead(conn, params["day"], row, now_ts)

    def ahead_in_order(self, conn: sa.Connection, row: Any, now_ts: float) -> int:
        """Waiting tickets of the ticket's own day and category before it in calling order."""
        return self._ahead(conn, row.business_day, row, now_ts)

    def _ahead(self, conn: sa.Connection, day: str, row: Any, now_ts: float) -> int:
        t = db.tickets
        waiting = conn.execute(sa.select(t).where(
            t.c.business_day == day, t.c.state == TicketState.WAITING,
            t.c.category == row.category, t.c.id != row.id))
        return rules.people_ahead(row, waiting, now_ts, **self._settings())

    def forget_open_windows(self) -> None:
        """A window opened, paused or closed: count the open windows again for the next estimate."""
        self._open_cache = None

    def forget_service(self, business_day: str, category: str) -> None:
        """A ticket of the category was done: take the mean service time again for the next estimate."""
        self._service_cache.pop((business_day, category), None)

    def _open_windows(self, conn: sa.Connection, category: str) -> int:
        now = time.monotonic()
        cached = self._open_cache
        if cached is None or cached[1] < now:
            codes = frozenset(r.code for r in conn.execute(OPEN_WINDOWS))
            cached = self._open_cache = (codes, now + ESTIMATE_CACHE_S)
        return sum(1 for code in cached[0] if code in self.hall.windows
                   and category in self.hall.windows[code].categories)

    def _service_minutes(self, conn: sa.Connection, day: dt.date, category: str) -> float:
        """Mean service time of the category's last 20 tickets today (cached briefly: it is an estimate)."""
        key = (day.isoformat(), category)
        now = time.monotonic()
        cached = self._service_cache.get(key)
        if cached is not None and cached[1] >= now:
            return cached[0]
        rows = conn.execute(RECENT_SERVICE, {"day": key[0], "category": category}).all()
        minutes = (sum(r.finished_at - r.serving_at for r in rows) / len(rows) / 60 if rows
                   else self.hall.default_service_minutes)
        self._service_cache[key] = (minutes, now + ESTIMATE_CACHE_S)
        return minutes

    def estimate_minutes(self, conn: sa.Connection, day: dt.date, category: str, ahead: int) -> int:
        """Minutes until `ahead` people are served, by the category's recent pace and its open windows."""
        return wait_promise.point_minutes(ahead, self._open_windows(conn, category),
                                          self._service_minutes(conn, day, category))

    def promise(self, conn: sa.Connection, day: dt.date, category: str, ahead: int) -> wait_promise.WaitPromise:
        """The wait promised with `ahead` people before: the point estimate and a calibrated range."""
        return wait_promise.promise(ahead, self._open_windows(conn, category),
                                    self._service_minutes(conn, day, category), self._scores(conn, day, category))

    def _scores(self, conn: sa.Connection, day: dt.date, category: str) -> list[float]:
        """How far off the category's last promises were, newest first (cached briefly, like the pace)."""
        key = (day.isoformat(), category)
        now = time.monotonic()
        cached = self._score_cache.get(key)
        if cached is not None and cached[1] >= now:
            return cached[0]
        since = (day - dt.timedelta(days=PROMISE_HISTORY_DAYS)).isoformat()
        rows = conn.execute(RECENT_PROMISES, {"day": key[0], "since": since, "category": category}).all()
        scores = [wait_promise.score(r.promise_point_min, max(0.0, r.called_at - r.issued_at) / 60) for r in rows]
        self._score_cache[key] = (scores, now + ESTIMATE_CACHE_S)
        return scores
