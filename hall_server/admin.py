"""The hall manager's side of the queue: scrolling notices, category settings and the SLA dashboard.

Kept apart from `engine.py` so the queue engine stays about tickets. Commands here run on the
engine's one writer like every other command (`command(tx) -> (status, model)`), so a notice
or a settings change commits with its event and its idempotency record, or not at all.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import math
import re
import tomllib
from typing import Any

import sqlalchemy as sa

from hall_rules import queue as rules

from . import db
from .config import ConfigError, parse_hall, parse_time
from .engine import Principal, QueueEngine, QueueRefusal, Tx, from_ts
from .schema import (
    CategorySettings, CategorySettingsRequest, Dashboard, DashboardCategory, DashboardWindow, HourFigures,
    Notice, NoticeList, NoticeRequest, SlaState, TicketState, WindowState,
)

log = logging.getLogger(__name__)

DASHBOARD_HOURS = range(8, 19)  # 08:00 … 18:59, the hall's working hours on the charts
PENDING_PREFIX = "pending_prefix:"  # hall_state key prefix: a category's prefix from the next business day
_HOURS = re.compile(r"^(\d\d:\d\d)-(\d\d:\d\d)$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


# --- notices ----------------------------------------------------------------------------------

def _notice_model(row: Any) -> Notice:
    return Notice(id=row.id, text=row.text, text_en=row.text_en, area=row.area, active=bool(row.active),
                  updated_at=from_ts(row.updated_at))


def list_notices(engine: QueueEngine, area: str | None, include_inactive: bool = False) -> NoticeList:
    """Notices for one area (with the hall-wide ones), or all of them when no area is given."""
    n = db.notices.c
    q = sa.select(db.notices).order_by(n.id)
    if area is not None:
        q = q.where(n.area.is_(None) | (n.area == area))
    if not include_inactive:
        q = q.where(n.active.is_(True))
    with engine.store.read() as conn:
        return NoticeList(notices=[_notice_model(r) for r in conn.execute(q)])


def _clean_notice(engine: QueueEngine, req: NoticeRequest) -> dict[str, Any]:
    """The notice's columns, or a 422 that says what is wrong (a notice scrolls on every display)."""
    text = req.text.strip()
    text_en = (req.text_en or "").strip() or None
    if not text:
        raise QueueRefusal(422, "notice_empty", "通知内容不能为空", "the notice text is empty")
    if _CONTROL.search(text) or (text_en and _CONTROL.search(text_en)):
        raise QueueRefusal(422, "notice_bad_text", "通知内容不能包含换行或控制字符",
                           "the notice may not contain line breaks or control characters")
    areas = {w.area for w in engine.hall.windows.values()}
    if req.area is not None and req.area not in areas:
        raise QueueRefusal(422, "unknown_area", "没有这个区域", "no such area in this hall",
                           area=req.area, areas=sorted(areas))
    return {"text": text, "text_en": text_en, "area": req.area, "active": req.active}


def _notice_row(tx: Tx, notice_id: int) -> Any:
    row = tx.conn.execute(sa.select(db.notices).where(db.notices.c.id == notice_id)).first()
    if row is None:
        raise QueueRefusal(404, "unknown_notice", "没有这条通知", "no such notice", notice=notice_id)
    return row


def create_notice(engine: QueueEngine, tx: Tx, actor: Principal, req: NoticeRequest) -> tuple[int, Notice]:
    values = _clean_notice(engine, req)
    notice_id = tx.conn.execute(db.notices.insert().values(
        **values, created_at=tx.ts, updated_at=tx.ts, updated_by=actor.id).returning(db.notices.c.id)).scalar_one()
    notice = _notice_model(_notice_row(tx, notice_id))
    tx.emit("notice.changed", {"action": "created", "notice": notice.model_dump(mode="json")})
    return 201, notice


def edit_notice(engine: QueueEngine, tx: Tx, actor: Principal, notice_id: int,
                req: NoticeRequest) -> tuple[int, Notice]:
    values = _clean_notice(engine, req)
    _notice_row(tx, notice_id)
    tx.conn.execute(db.notices.update().where(db.notices.c.id == notice_id)
                    .values(**values, updated_at=tx.ts, updated_by=actor.id))
    notice = _notice_model(_notice_row(tx, notice_id))
    tx.emit("notice.changed", {"action": "edited", "notice": notice.model_dump(mode="json")})
    return 200, notice


def delete_notice(engine: QueueEngine, tx: Tx, actor: Principal, notice_id: int) -> tuple[int, Notice]:
    notice = _notice_model(_notice_row(tx, notice_id))
    tx.conn.execute(db.notices.delete().where(db.notices.c.id == notice_id))
    tx.emit("notice.changed", {"action": "deleted", "notice": notice.model_dump(mode="json")})
    return 200, notice


# --- category settings ------------------------------------------------------------------------

def _parse_hours(spans: list[str]) -> tuple[tuple[dt.time, dt.time], ...]:
    """Issuing hours as HH:MM-HH:MM spans, each ending after it starts, in order, not overlapping."""
    if not spans:
        raise QueueRefusal(422, "bad_hours", "至少需要一个取号时段", "give at least one span of issuing hours")
    out: list[tuple[dt.time, dt.time]] = []
    for span in spans:
        m = _HOURS.match(span.strip())
        try:
            if not m:
                raise ConfigError(span)
            start, end = parse_time(m.group(1), "hours"), parse_time(m.group(2), "hours")
        except ConfigError:
            raise QueueRefusal(422, "bad_hours", f"时段“{span}”格式应为 08:30-12:00",
                               f"hours {span!r} must look like 08:30-12:00", span=span) from None
        if not start < end:
            raise QueueRefusal(422, "bad_hours", f"时段“{span}”的结束早于开始",
                               f"hours {span!r} end before they start", span=span)
        if out and start < out[-1][1]:
            raise QueueRefusal(422, "bad_hours", "取号时段须按时间先后排列且不重叠",
                               "spans of hours must be in order and must not overlap", span=span)
        out.append((start, end))
    return tuple(out)


def _hours_text(hours: tuple[tuple[dt.time, dt.time], ...]) -> list[str]:
    return rules.format_hours(hours)


def pending_prefixes(conn: sa.Connection) -> dict[str, str]:
    rows = conn.execute(sa.select(db.hall_state.c.key, db.hall_state.c.value)
                        .where(db.hall_state.c.key.startswith(PENDING_PREFIX)))
    return {key[len(PENDING_PREFIX):]: value for key, value in rows}


def _settings(engine: QueueEngine, code: str, pending: dict[str, str]) -> CategorySettings:
    cat = engine.hall.categories[code]
    return CategorySettings(code=code, prefix=cat.prefix, pending_prefix=pending.get(code),
                            hours=_hours_text(cat.hours), daily_cap=cat.daily_cap, warn_waiting=cat.warn_waiting)


def change_category(engine: QueueEngine, tx: Tx, actor: Principal, code: str,
                    req: CategorySettingsRequest) -> tuple[int, CategorySettings]:
    """Hours, cap and warning level apply at once; a new prefix waits for the next business day.

    A prefix changed mid-day would give the same citizen-visible number (A012) two meanings, so
    today's tickets keep theirs and the day rollover applies the new one.
    """
    cat = engine.hall.categories.get(code)
    if cat is None:
        raise QueueRefusal.rule(404, "unknown_category", category=code)
    if req.hours is None and req.daily_cap is None and req.warning_level is None and req.prefix is None:
        raise QueueRefusal(422, "nothing_to_change", "没有要修改的设置", "the request changes nothing")
    hours = _parse_hours(req.hours) if req.hours is not None else cat.hours
    pending = pending_prefixes(tx.conn)
    key = PENDING_PREFIX + code
    if req.prefix is not None:
        taken = {c.prefix: c.code for c in engine.hall.categories.values() if c.code != code}
        taken.update({p: other for other, p in pending.items() if other != code})
        if req.prefix in taken:
            other = engine.hall.categories[taken[req.prefix]]
            raise QueueRefusal(409, "prefix_in_use", f"字母{req.prefix}已由“{other.name}”使用",
                               f"prefix {req.prefix} is used by {other.name_en}",
                               prefix=req.prefix, category=other.code)
        tx.conn.execute(db.hall_state.delete().where(db.hall_state.c.key == key))
        if req.prefix != cat.prefix:
            tx.conn.execute(db.hall_state.insert().values(key=key, value=req.prefix))
            pending[code] = req.prefix
        else:
            pending.pop(code, None)  # back to the prefix in force: nothing left to apply
    changes: dict[str, Any] = {}
    if req.hours is not None:
        changes["hours"] = _hours_text(hours)
    if req.daily_cap is not None:
        changes["daily_cap"] = req.daily_cap
    if req.warning_level is not None:
        changes["warn_waiting"] = req.warning_level
    if changes:
        _store_config(tx, actor, code, changes)
    # Last, after everything that may refuse: the writer's in-memory hall is what numbering reads.
    engine.hall.categories[code] = dataclasses.replace(
        cat, hours=hours, daily_cap=req.daily_cap if req.daily_cap is not None else cat.daily_cap,
        warn_waiting=req.warning_level if req.warning_level is not None else cat.warn_waiting)
    result = _settings(engine, code, pending)
    tx.emit("category.changed", {"category": result.model_dump(mode="json"),
                                 "changed": sorted(changes) + (["pending_prefix"] if req.prefix else [])})
    log.info("category %s settings changed by %s: %s", code, actor.id, sorted(changes) or "prefix")
    return 200, result


def apply_pending_prefixes(engine: QueueEngine, tx: Tx) -> None:
    """Day rollover hook: categories take the prefixes set for them during the day that ended."""
    pending = pending_prefixes(tx.conn)
    for code, prefix in pending.items():
        tx.conn.execute(db.hall_state.delete().where(db.hall_state.c.key == PENDING_PREFIX + code))
        cat = engine.hall.categories.get(code)
        if cat is None:
            continue
        _store_config(tx, None, code, {"prefix": prefix})
        engine.hall.categories[code] = dataclasses.replace(cat, prefix=prefix)
        log.info("category %s numbers with prefix %s from %s", code, prefix, tx.day)
        tx.emit("category.changed", {"category": _settings(engine, code, {}).model_dump(mode="json"),
                                     "changed": ["prefix"]})


def _store_config(tx: Tx, actor: Principal | None, code: str, changes: dict[str, Any]) -> None:
    """Append the changed configuration to `hall_config`, which a restart loads (the latest row)."""
    row = tx.conn.execute(sa.select(db.hall_config).order_by(db.hall_config.c.id.desc()).limit(1)).one()
    raw = tomllib.loads(row.toml)
    for entry in raw.get("categories", []):
        if entry.get("code") == code:
            entry.update(changes)
    text = dump_toml(raw)
    parse_hall(tomllib.loads(text), "changed configuration")  # never store what would not load
    who = actor.id if actor is not None else "day rollover"
    tx.conn.execute(db.hall_config.insert().values(
        source=f"{who}: category {code} {', '.join(sorted(changes))}", toml=text, loaded_at=tx.ts))


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # JSON's escapes are valid in TOML basic strings
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def dump_toml(raw: dict[str, Any]) -> str:
    """Write a hall configuration back as TOML (tables and arrays of tables; comments are not kept)."""
    def is_table_list(v: Any) -> bool:
        return isinstance(v, list) and bool(v) and all(isinstance(x, dict) for x in v)

    lines = [f"{json.dumps(k)} = {_toml_value(v)}" for k, v in raw.items()
             if not isinstance(v, dict) and not is_table_list(v)]
    for key, value in raw.items():
        if isinstance(value, dict):
            lines += ["", f"[{json.dumps(key)}]"] + [f"{json.dumps(k)} = {_toml_value(v)}" for k, v in value.items()]
        elif is_table_list(value):
            for entry in value:
                lines += ["", f"[[{json.dumps(key)}]]"]
                lines += [f"{json.dumps(k)} = {_toml_value(v)}" for k, v in entry.items()]
    return "\n".join(lines) + "\n"


# --- dashboard --------------------------------------------------------------------------------

_DASHBOARD_TICKETS = sa.select(
    db.tickets.c.id, db.tickets.c.number, db.tickets.c.category, db.tickets.c.number_category, db.tickets.c.state,
    db.tickets.c.issued_at, db.tickets.c.queued_at, db.tickets.c.called_at,
).where(db.tickets.c.business_day == sa.bindparam("day"))


def sla_state(engine: QueueEngine, longest_wait_minutes: float) -> SlaState:
    if longest_wait_minutes > engine.hall.sla_red_minutes:
        return "red"
    if longest_wait_minutes > engine.hall.sla_yellow_minutes:
        return "yellow"
    return "ok"


def dashboard(engine: QueueEngine) -> Dashboard:
    """The manager's view of today: queues against their SLA, windows and their idle time, hourly figures."""
    hall = engine.hall
    now = engine.clock()
    now_ts = now.timestamp()
    day = hall.business_day(now)
    with engine.store.read() as conn:
        seq = conn.execute(sa.select(db.counters.c.value).where(db.counters.c.name == "event_seq")).scalar_one()
        stored_day = conn.execute(sa.select(db.hall_state.c.value)
                                  .where(db.hall_state.c.key == "business_day")).scalar()
        if stored_day is not None and stored_day < day.isoformat():
            day = dt.date.fromisoformat(stored_day)  # the turnover has not been committed yet
        rows = conn.execute(_DASHBOARD_TICKETS, {"day": day.isoformat()}).all()
        window_rows = {r.code: r for r in conn.execute(sa.select(db.windows))}
        pending = pending_prefixes(conn)
    by_id = {r.id: r for r in rows}

    categories = []
    for cat in hall.categories.values():
        waiting = [r for r in rows if r.category == cat.code and r.state == TicketState.WAITING]
        longest = max(((now_ts - r.queued_at) / 60 for r in waiting), default=0.0)
        open_windows = sum(1 for code, w in hall.windows.items() if cat.code in w.categories
                           and code in window_rows and window_rows[code].state == WindowState.OPEN)
        categories.append(DashboardCategory(
            code=cat.code, prefix=cat.prefix, pending_prefix=pending.get(cat.code), name=cat.name,
            name_en=cat.name_en, hours=_hours_text(cat.hours), daily_cap=cat.daily_cap,
            warn_waiting=cat.warn_waiting, waiting=len(waiting),
            over_warning=cat.warn_waiting > 0 and len(waiting) >= cat.warn_waiting,
            longest_wait_minutes=max(0, math.floor(longest)), sla=sla_state(engine, longest),
            issued_today=sum(1 for r in rows if r.number_category == cat.code), open_windows=open_windows))

    windows = []
    for code, w in hall.windows.items():
        row = window_rows.get(code)
        if row is None:
            continue
        current = by_id.get(row.current_ticket) if row.current_ticket is not None else None
        idle = None
        if row.state == WindowState.OPEN and row.current_ticket is None:
            since = max(row.since or 0.0, row.idle_since or 0.0)
            idle = max(0, math.floor((now_ts - since) / 60)) if since else None
        staff = hall.staff.get(row.staff) if row.staff else None
        windows.append(DashboardWindow(
            code=code, name=w.name, name_en=w.name_en, area=w.area, state=row.state, reason=row.reason,
            staff_name=staff.name if staff else None, current_number=current.number if current else None,
            current_state=current.state if current else None, idle_minutes=idle))

    hours = []
    for hour in DASHBOARD_HOURS:
        issued = [r for r in rows if from_ts(r.issued_at).astimezone(hall.tz).hour == hour]
        waits = [(r.called_at - r.issued_at) / 60 for r in issued if r.called_at is not None]
        hours.append(HourFigures(hour=hour, issued=len(issued), called=len(waits),
                                 average_wait_minutes=round(sum(waits) / len(waits), 1) if waits else None))
    return Dashboard(at=now, business_day=day, seq=seq, sla_yellow_minutes=hall.sla_yellow_minutes,
                     sla_red_minutes=hall.sla_red_minutes, categories=categories, windows=windows, hours=hours)
