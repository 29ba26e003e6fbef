"""What the centre's pages show: statistics per hall, level, category or day (and their CSV), the
supervision roll-up (电子监察 and 差评回访) per hall, and the provincial ratings export for all halls.

Statistics read the daily rollup only: `ticket_days` for the counts and averages, and for the 90th
percentile of waits (nearest rank, as the hall's own statistics) the count of waits per whole minute
of each hall, day and category (`ticket_day_waits`), which add up over days where percentiles do not:
the P90 shown is the exact one rounded down to the minute.
"""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import zoneinfo
from typing import Any, Literal

import sqlalchemy as sa

from hall_server.schema import RATING_LEVELS, ExportedRating, RatingExport

from hall_centre import store
from hall_centre.config import Centre

StatsBy = Literal["hall", "level", "category", "day"]
STATS_BY: tuple[StatsBy, ...] = ("hall", "level", "category", "day")
MAX_RANGE_DAYS = 366
LEVEL_NAMES = {"district": ("区级", "District"), "street": ("街道", "Street"), "community": ("社区", "Community")}


class ReportRefusal(ValueError):
    """A request the reports cannot answer, with its reason in Chinese and English."""

    def __init__(self, message: str, message_en: str):
        super().__init__(message_en)
        self.message, self.message_en = message, message_en


def check_range(date_from: dt.date, date_to: dt.date) -> None:
    if date_from > date_to:
        raise ReportRefusal("开始日期晚于结束日期", "the range starts after it ends")
    if (date_to - date_from).days >= MAX_RANGE_DAYS:
        raise ReportRefusal(f"一次最多查询{MAX_RANGE_DAYS}天", f"at most {MAX_RANGE_DAYS} days at a time")


@dataclasses.dataclass(frozen=True)
class StatsRow:
    key: str
    issued: int
    served: int
    no_shows: int
    average_wait_minutes: float | None
    p90_wait_minutes: float | None
    longest_wait_minutes: float | None


def _minutes(seconds: Any) -> float | None:
    return None if seconds is None else round(float(seconds) / 60, 1)


def stats(engine: sa.Engine, centre: Centre, by: StatsBy, date_from: dt.date, date_to: dt.date) -> list[StatsRow]:
    """Tickets on the business days date_from..date_to (both included), one row per hall, level, category or day."""
    check_range(date_from, date_to)
    store.refresh_days(engine)
    levels = {h.code: h.level for h in centre.halls}
    r, w = store.ticket_days.c, store.ticket_day_waits.c

    def base_of(table: Any) -> Any:
        """What the rollup is grouped by first (a level's halls are mapped to it afterwards, on few rows)."""
        c = table.c
        return {"hall": c.hall, "level": c.hall, "category": c.category}.get(by, sa.cast(c.business_day, sa.String))

    def key_of(base: Any) -> Any:
        if by != "level":
            return base
        return sa.case(levels, value=base, else_="") if levels else sa.literal("")

    base = base_of(store.ticket_days).label("base")
    inner = (sa.select(base, sa.func.sum(r.issued).label("issued"), sa.func.sum(r.served).label("served"),
                       sa.func.sum(r.no_show).label("no_show"), sa.func.sum(r.waits).label("waits"),
                       sa.func.sum(r.wait_s_sum).label("wait_s_sum"), sa.func.max(r.wait_s_max).label("max"))
             .where(r.business_day >= date_from, r.business_day <= date_to).group_by(base).subquery())
    rk = key_of(inner.c.base).label("key")
    sums = sa.select(rk, sa.func.sum(inner.c.issued).label("issued"), sa.func.sum(inner.c.served).label("served"),
                     sa.func.sum(inner.c.no_show).label("no_show"),
                     (sa.func.sum(inner.c.wait_s_sum) / sa.func.nullif(sa.func.sum(inner.c.waits), 0)).label("avg"),
                     sa.func.max(inner.c.max).label("max")).group_by(rk)
    wbase = base_of(store.ticket_day_waits).label("base")
    minutes = (sa.select(wbase, w.minute, sa.func.sum(w.tickets).label("n"))
               .where(w.business_day >= date_from, w.business_day <= date_to).group_by(wbase, w.minute).subquery())
    wk = key_of(minutes.c.base).label("key")
    per_minute = sa.select(wk, minutes.c.minute, sa.func.sum(minutes.c.n).label("n")).group_by(
        wk, minutes.c.minute).subquery()
    running = sa.select(per_minute.c.key, per_minute.c.minute,
                        sa.func.sum(per_minute.c.n).over(partition_by=per_minute.c.key,
                                                         order_by=per_minute.c.minute).label("up_to"),
                        sa.func.sum(per_minute.c.n).over(partition_by=per_minute.c.key).label("all")).subquery()
    p90 = (sa.select(running.c.key, sa.func.min(running.c.minute).label("p90"))
           .where(running.c.up_to >= sa.func.ceil(0.9 * running.c.all)).group_by(running.c.key))
    with engine.connect() as conn:
        found = {row.key: row for row in conn.execute(sums)}
        tails = {row.key: row.p90 for row in conn.execute(p90)}
    order = {"hall": [h.code for h in centre.halls], "level": list(LEVEL_NAMES)}.get(by)
    keys = sorted(found, key=lambda k: (order.index(k) if order and k in order else len(order or []), str(k)))
    return [StatsRow(key=str(k), issued=int(found[k].issued), served=int(found[k].served),
                     no_shows=int(found[k].no_show), average_wait_minutes=_minutes(found[k].avg),
                     p90_wait_minutes=None if tails.get(k) is None else float(tails[k]),
                     longest_wait_minutes=_minutes(found[k].max))
            for k in keys]


@dataclasses.dataclass(frozen=True)
class Names:
    """The catalogue's standard names the centre knows (none without a catalogue)."""

    categories: dict[str, tuple[str, str]] = dataclasses.field(default_factory=dict)  # code → (zh, en)
    matters: dict[str, str] = dataclasses.field(default_factory=dict)  # code → name


def key_names(centre: Centre, by: StatsBy, key: str, names: Names | None = None) -> tuple[str, str]:
    """A row key's name in Chinese and English (a hall's from the centre file, a category's from the catalogue)."""
    if by == "category" and names and key in names.categories:
        return names.categories[key]
    if by == "hall":
        hall = next((h for h in centre.halls if h.code == key), None)
        return (hall.name, hall.name_en) if hall else (key, key)
    if by == "level":
        return LEVEL_NAMES.get(key, (key, key))
    return key, key


CSV_COLUMNS = [("key", "分组"), ("name", "名称"), ("issued", "取号数"), ("served", "办结数"), ("no_shows", "过号数"),
               ("average_wait_minutes", "平均等候（分钟）"), ("p90_wait_minutes", "P90等候（分钟）"),
               ("longest_wait_minutes", "最长等候（分钟）")]


def stats_csv(centre: Centre, by: StatsBy, rows: list[StatsRow], names: Names | None = None) -> bytes:
    """The rows as CSV: UTF-8 with a BOM (so Excel reads the Chinese), a zh header with the column codes,
    as the hall's own statistics CSV."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([f"{zh} {code}" for code, zh in CSV_COLUMNS])
    for row in rows:
        values = {**dataclasses.asdict(row), "name": key_names(centre, by, row.key, names)[0]}
        writer.writerow(["" if values[code] is None else values[code] for code, _ in CSV_COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# --- 电子监察 and 差评回访, per hall ----------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Supervision:
    hall: str
    waiting_yellow: int  # waiting now, strictly past the yellow minutes
    waiting_red: int  # waiting now, strictly past the red minutes
    late_this_month: int  # tickets of this month first called after more than the red minutes
    bad_this_month: int  # ratings of level 1–2 given this month
    follow_ups_open: int  # open, before their deadline
    follow_ups_overdue: int  # open past their deadline
    closed_late_this_month: int  # closed this month after their deadline

    @property
    def weight(self) -> tuple[int, ...]:
        """Worst first: overdue follow-ups, tickets waiting past red, then the rest."""
        return (self.follow_ups_overdue, self.waiting_red, self.waiting_yellow, self.late_this_month,
                self.follow_ups_open, self.bad_this_month, self.closed_late_this_month)


def supervision(engine: sa.Engine, centre: Centre, now: dt.datetime) -> list[Supervision]:
    """Every hall of the centre file with its supervision and follow-up counts, worst first."""
    tz = zoneinfo.ZoneInfo(centre.timezone)
    local = now.astimezone(tz)
    month = local.date().replace(day=1)
    month_start = dt.datetime.combine(month, dt.time(), tzinfo=tz)
    yellow, red = now - dt.timedelta(minutes=centre.sla_yellow_minutes), now - dt.timedelta(
        minutes=centre.sla_red_minutes)
    t, n, g = store.tickets.c, store.hall_now.c, store.ratings.c
    waiting = (sa.select(t.hall, sa.func.count().filter(t.queued_at < yellow).label("yellow"),
                         sa.func.count().filter(t.queued_at < red).label("red"))
               .select_from(store.tickets.join(store.hall_now, sa.and_(n.hall == t.hall,
                                                                       n.business_day == t.business_day)))
               .where(t.state == "waiting").group_by(t.hall))
    late = (sa.select(t.hall, sa.func.count().label("late")).where(
        t.business_day >= month, t.wait_s > centre.sla_red_minutes * 60).group_by(t.hall))
    open_ = sa.and_(g.follow_up_due.is_not(None), g.follow_up_closed.is_(None))
    rated = (sa.select(g.hall,
                       sa.func.count().filter(g.level <= 2, g.rated_at >= month_start).label("bad"),
                       sa.func.count().filter(open_, g.follow_up_due >= now).label("open"),
                       sa.func.count().filter(open_, g.follow_up_due < now).label("overdue"),
                       sa.func.count().filter(g.follow_up_late.is_(True), g.follow_up_closed >= month_start)
                       .label("closed_late"))
             .where(sa.or_(g.rated_at >= month_start, g.follow_up_closed.is_(None), g.follow_up_closed >= month_start))
             .where(g.level <= 2).group_by(g.hall))
    with engine.connect() as conn:
        w = {row.hall: row for row in conn.execute(waiting)}
        lt = {row.hall: row.late for row in conn.execute(late)}
        rt = {row.hall: row for row in conn.execute(rated)}
    out = []
    for h in centre.halls:
        ww, rr = w.get(h.code), rt.get(h.code)
        out.append(Supervision(
            hall=h.code, waiting_yellow=ww.yellow if ww else 0, waiting_red=ww.red if ww else 0,
            late_this_month=lt.get(h.code, 0), bad_this_month=rr.bad if rr else 0,
            follow_ups_open=rr.open if rr else 0, follow_ups_overdue=rr.overdue if rr else 0,
            closed_late_this_month=rr.closed_late if rr else 0))
    return sorted(out, key=lambda s: s.weight, reverse=True)


# --- the provincial ratings export (hall-ratings/1), all halls in one file ---------------------------

def ratings_export(engine: sa.Engine, centre: Centre, date_from: dt.date, date_to: dt.date,
                   now: dt.datetime, names: Names | None = None) -> RatingExport:
    """Every rating the centre stored with its rating time on the local days date_from..date_to, all halls.

    The file is `hall-ratings/1` with the centre's code and name in place of a hall's; each record's
    `rating_id` is the hall's code and its rating number, as the hall's own export writes it. What
    stays in the hall is left empty, as the format allows: the reason (code and the citizen's words),
    the staff member and the case number; the names of matter and category come from the centre's
    catalogue, empty without one.
    """
    check_range(date_from, date_to)
    tz = zoneinfo.ZoneInfo(centre.timezone)
    start = dt.datetime.combine(date_from, dt.time(), tzinfo=tz)
    end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time(), tzinfo=tz)
    g = store.ratings.c
    halls = [h.code for h in centre.halls]
    with engine.connect() as conn:
        rows = conn.execute(sa.select(store.ratings).where(g.rated_at >= start, g.rated_at < end,
                                                           g.hall.in_(halls))
                            .order_by(g.hall, g.rating)).all()
    out = []
    for row in rows:
        if row.level not in RATING_LEVELS:
            continue
        code, name, _ = RATING_LEVELS[row.level]
        ticket = row.subject_kind == "ticket"
        out.append(ExportedRating(
            rating_id=f"{row.hall}-{row.rating}", subject_kind=row.subject_kind,
            ticket_number=row.number if ticket else None, business_day=row.business_day if ticket else None,
            matter_code=row.matter, matter_name=names.matters.get(row.matter or "") if names else None,
            category_code=row.category,
            category_name=names.categories.get(row.category or "", (None,))[0] if names else None,
            window=row.window, level=row.level,
            level_code=code, level_name=name, channel="window_evaluator" if row.channel == "evaluator" else "kiosk",
            rated_at=row.rated_at.astimezone(tz)))
    return RatingExport(hall_code=centre.code, hall_name=centre.name, timezone=centre.timezone, date_from=date_from,
                        date_to=date_to, generated_at=now.astimezone(tz), count=len(out), ratings=out)
