"""Statistics per business day, category or window: tickets issued, services, no-shows, waits,
service times, ratings and (per day or category) the wait promises kept; and the same rows as CSV
for Excel.

Counts and sums are aggregated by the database; only the waits (needed whole for the 90th
percentile) come back per ticket, a few columns each: a month of a busy hall is ~60 000 rows.
A transferred ticket (一票到底) is served once per window: its services are the rows of
`service_segments`, which the queue engine writes as each one ends.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
import sqlalchemy as sa

from . import db
from .engine import QueueEngine
from .ratings import check_range
from .schema import RATING_LEVELS, StatsBy, StatsReport, StatsRow

SATISFIED_LEVELS = (3, 4, 5)  # 好评: 非常满意、满意、基本满意
NO_WINDOW = "-"  # ratings of cases belong to no window


@dataclass
class _Group:
    issued: int = 0
    served: int = 0
    no_shows: int = 0
    service_s: float = 0.0
    waits: list[float] = field(default_factory=list)
    levels: dict[int, int] = field(default_factory=lambda: dict.fromkeys(RATING_LEVELS, 0))
    promises_called: int = 0  # tickets called that were promised a wait at issue ...
    promises_kept: int = 0  # ... called within the promised range ...
    promises_uncalled: int = 0  # ... and promised ones never called (cancelled, or still waiting)

    def add(self, other: _Group) -> None:
        self.promises_called += other.promises_called
        self.promises_kept += other.promises_kept
        self.promises_uncalled += other.promises_uncalled
        self.issued += other.issued
        self.served += other.served
        self.no_shows += other.no_shows
        self.service_s += other.service_s
        self.waits.extend(other.waits)
        for level, n in other.levels.items():
            self.levels[level] += n


def p90(values: list[float]) -> float | None:
    """Nearest-rank 90th percentile: the smallest value with at least 90 % of the values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]


def _minutes(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 60, 1)


def _row(key: str, name: str, name_en: str, g: _Group, issued: bool) -> StatsRow:
    rated = sum(g.levels.values())
    return StatsRow(
        key=key, name=name, name_en=name_en, issued=g.issued if issued else None, served=g.served,
        no_shows=g.no_shows,
        average_wait_minutes=_minutes(sum(g.waits) / len(g.waits)) if g.waits else None,
        p90_wait_minutes=_minutes(p90(g.waits)),
        average_service_minutes=_minutes(g.service_s / g.served) if g.served else None,
        ratings=rated, levels={str(level): g.levels[level] for level in RATING_LEVELS},
        satisfaction_rate=round(sum(g.levels[x] for x in SATISFIED_LEVELS) / rated, 4) if rated else None,
        promises_called=g.promises_called if issued else None, promises_kept=g.promises_kept if issued else None,
        promises_uncalled=g.promises_uncalled if issued else None,
        promise_hit_rate=round(g.promises_kept / g.promises_called, 4) if issued and g.promises_called else None)


def report(engine: QueueEngine, date_from: dt.date, date_to: dt.date, by: StatsBy) -> StatsReport:
    """Figures per `by` (day | category | window) over the business days from..to, with a total row."""
    check_range(date_from, date_to)
    hall = engine.hall
    first, last = date_from.isoformat(), date_to.isoformat()
    t, s, r = db.tickets.c, db.service_segments.c, db.ratings.c
    ticket_key = {"day": t.business_day, "category": t.number_category}.get(by)
    segment_key = {"day": s.business_day, "category": s.category, "window": s.window}[by]
    rating_key = {"day": r.business_day, "category": r.category, "window": r.window}[by]
    # A ticket the kiosk gave up on (its request went unanswered and it issued a lease number) was never a visit.
    issued_tickets = (t.business_day.between(first, last)) & ((t.reason.is_(None)) | (t.reason != "kiosk_fallback"))
    served = s.serving_at.is_not(None) & s.outcome.in_(("done", "transferred"))
    groups: dict[str, _Group] = defaultdict(_Group)
    with engine.store.read() as conn:
        issued_total = conn.execute(
            sa.select(sa.func.count()).select_from(db.tickets).where(issued_tickets)).scalar_one()
        if ticket_key is not None:
            for key, n in conn.execute(sa.select(ticket_key, sa.func.count()).where(issued_tickets)
                                       .group_by(ticket_key)):
                groups[key].issued = n
        for key, n_served, n_no_show, seconds in conn.execute(sa.select(
                segment_key,
                sa.func.sum(sa.case((served, 1), else_=0)),
                sa.func.sum(sa.case((s.outcome == "no_show", 1), else_=0)),
                sa.func.sum(sa.case((served, s.ended_at - s.serving_at), else_=0.0)))
                .where(s.business_day.between(first, last)).group_by(segment_key)):
            g = groups[key]
            g.served, g.no_shows, g.service_s = int(n_served or 0), int(n_no_show or 0), float(seconds or 0)
        for key, level, n in conn.execute(sa.select(rating_key, r.level, sa.func.count())
                                          .where(r.business_day.between(first, last))
                                          .group_by(rating_key, r.level)):
            groups[NO_WINDOW if key is None else key].levels[level] = n
        # Waits: issue → first call. A transfer clears the ticket's call, so the first call is the
        # earliest of its services, or its current call while it has ended none yet. The database
        # finds each; only (group, seconds) pairs come back, read raw for speed (see db.Prepared).
        for key, seconds in db.Prepared(_waits(by, first, last), conn.dialect).execute(conn).fetchall():
            groups[key].waits.append(max(0.0, seconds))
        if ticket_key is not None:
            for key, called, kept, uncalled in conn.execute(_promises(ticket_key, issued_tickets)):
                g = groups[key]
                g.promises_called, g.promises_kept = int(called), int(kept or 0)
                g.promises_uncalled = int(uncalled or 0)
    rows = []
    for key, name, name_en in _keys(engine, by, date_from, date_to, groups):
        rows.append(_row(key, name, name_en, groups.get(key, _Group()), by != "window"))
    total = _Group()
    for g in groups.values():
        total.add(g)
    total.issued = issued_total
    return StatsReport(date_from=date_from, date_to=date_to, by=by, timezone=str(hall.tz), rows=rows,
                       total=_row("total", "合计", "Total", total, True))


def _waits(by: StatsBy, first: str, last: str) -> sa.CompoundSelect:
    """(group key, seconds from issue to first call) of every ticket of the days called at least once."""
    t, s = db.tickets.c, db.service_segments.c
    in_range = t.business_day.between(first, last)
    earliest = (sa.select(s.ticket_id, sa.func.min(s.called_at).label("called_at"))
                .where(s.business_day.between(first, last)).group_by(s.ticket_id).subquery())
    served_key: sa.ColumnElement[str]
    current_key: sa.ColumnElement[str]
    if by == "window":  # the window of the first call
        first_window = (sa.select(s.window).where(s.ticket_id == t.id).order_by(s.called_at, s.id).limit(1)
                        .scalar_subquery())
        served_key, current_key = first_window, t.window
    else:
        served_key = current_key = t.business_day if by == "day" else t.number_category
    served = (sa.select(served_key, earliest.c.called_at - t.issued_at)
              .select_from(db.tickets.join(earliest, earliest.c.ticket_id == t.id)).where(in_range))
    never_ended = ~sa.exists().where(s.ticket_id == t.id)
    current = sa.select(current_key, t.called_at - t.issued_at).where(in_range, t.called_at.is_not(None), never_ended)
    return sa.union_all(served, current)


def _promises(key: sa.ColumnElement[str], issued: sa.ColumnElement[bool]) -> sa.Select[str, int, Any, Any]:
    """Per group: promised tickets called, those called within their promise, and those never called.

    The real wait is issue → first call (the earliest service, or the current call), as for the waits.
    """
    t, s = db.tickets.c, db.service_segments.c
    # Looked up per promised ticket by ix_segments_ticket: a hall without promises pays nothing.
    earliest = sa.select(sa.func.min(s.called_at)).where(s.ticket_id == t.id).scalar_subquery()
    called = sa.func.coalesce(earliest, t.called_at)
    wait = called - t.issued_at
    kept = called.is_not(None) & (wait >= t.promise_low_min * 60) & (wait <= t.promise_high_min * 60)
    return (sa.select(key, sa.func.count(called), sa.func.sum(sa.case((kept, 1), else_=0)),
                      sa.func.sum(sa.case((called.is_(None), 1), else_=0)))
            .where(issued, t.promise_low_min.is_not(None)).group_by(key))


def _keys(engine: QueueEngine, by: StatsBy, date_from: dt.date, date_to: dt.date,
          groups: dict[str, _Group]) -> list[tuple[str, str, str]]:
    """Every group of the range, with data or not (a chart needs its empty days), then any unknown ones."""
    hall = engine.hall
    if by == "day":
        days = [date_from + dt.timedelta(days=n) for n in range((date_to - date_from).days + 1)]
        return [(d.isoformat(), d.isoformat(), d.isoformat()) for d in days]
    if by == "category":
        known = [(c.code, c.name, c.name_en) for c in hall.categories.values()]
    else:
        known = [(w.code, w.name, w.name_en) for w in hall.windows.values()]
    codes = {k for k, _, _ in known}
    extra = sorted(k for k in groups if k not in codes)
    names = {NO_WINDOW: ("未关联窗口（办件评价）", "No window (case ratings)") if by == "window"
             else ("未归类（办件评价）", "No category (case ratings)")}
    return known + [(k, *names.get(k, (k, k))) for k in extra]


CSV_COLUMNS = [
    ("key", "分组"), ("name", "名称"), ("issued", "取号数"), ("served", "办理数"), ("no_shows", "过号数"),
    ("average_wait_minutes", "平均等候（分钟）"), ("p90_wait_minutes", "P90等候（分钟）"),
    ("average_service_minutes", "平均办理（分钟）"), ("ratings", "评价数"),
    *((f"level_{level}", name) for level, (_, name, _) in RATING_LEVELS.items()),
    ("satisfaction_rate", "满意率"),
    ("promises_called", "承诺等候已叫号数"), ("promises_kept", "等候在承诺范围内"),
    ("promise_hit_rate", "等候承诺兑现率"), ("promises_uncalled", "承诺后未叫号"),
]


def to_csv(report_: StatsReport) -> bytes:
    """The report's rows and total as CSV: UTF-8 with a BOM (so Excel reads the Chinese), zh header with codes."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([f"{zh} {code}" for code, zh in CSV_COLUMNS])
    for row in [*report_.rows, report_.total]:
        values = row.model_dump()
        cells = []
        for code, _ in CSV_COLUMNS:
            value = row.levels[code[6:]] if code.startswith("level_") else values[code]
            cells.append("" if value is None else value)
        writer.writerow(cells)
    return ("\ufeff" + out.getvalue()).encode("utf-8")
