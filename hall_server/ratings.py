"""好差评: ratings of a ticket's service or of a case, the window evaluator's requests, follow-ups of
bad ratings, the export for the provincial rating system, and the supervision of waiting tickets.

Kept apart from `engine.py` like `admin.py`. Writing commands run on the engine's one writer
(`command(tx) -> (status, model)`), so a rating commits with its follow-up, its event and its
idempotency record, or not at all; reading runs in a read transaction.
"""
from __future__ import annotations

import datetime as dt
import hmac
import json
import logging
import math
import random
import re
import uuid
from typing import Any

import sqlalchemy as sa

from . import db
from .engine import Principal, QueueEngine, QueueRefusal, Tx, from_ts
from .schema import (
    RATING_LEVELS, RATING_REASON_MAX, REASON_REQUIRED_LEVELS, CaseRating, CurrentRatingRequest, EvaluatorRating,
    ExportedRating, FollowUp, FollowUpClose, FollowUpList, RateableTicket, Rating, RatingChoice, RatingExport,
    RatingLevelInfo, RatingOptions, RatingReasonInfo, RatingRequestInfo, RatingRequestStart, Role,
    SupervisedTicket, SupervisionList, TicketCodeRating, TicketState,
)
from .trackpage import TOKEN_PATTERN

log = logging.getLogger(__name__)

MAX_RANGE_DAYS = 366
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SPACES = re.compile(r"\s+")


def options(engine: QueueEngine) -> RatingOptions:
    """The five levels and the hall's preset reasons, for the evaluator's and the kiosk's screens."""
    rules = engine.hall.ratings
    return RatingOptions(
        levels=[RatingLevelInfo(level=level, code=code, name=name, name_en=name_en,
                                reason_required=level in REASON_REQUIRED_LEVELS)
                for level, (code, name, name_en) in RATING_LEVELS.items()],
        reasons=[RatingReasonInfo(code=r.code, name=r.name, name_en=r.name_en) for r in rules.reasons],
        reason_max_chars=RATING_REASON_MAX, request_minutes=rules.request_minutes)


# --- rules shared by every way of rating ------------------------------------------------------

def _reason(engine: QueueEngine, choice: RatingChoice) -> tuple[str | None, str | None]:
    """The preset code and the citizen's words, checked; levels 1–2 need at least one of them."""
    code = choice.reason_code or None
    if code is not None and code not in {r.code for r in engine.hall.ratings.reasons}:
        raise QueueRefusal(422, "unknown_reason", "没有这个评价原因选项", "no such preset reason",
                           reason_code=code)
    text = _SPACES.sub(" ", choice.reason or "").strip() or None
    if text is not None and _CONTROL.search(text):
        raise QueueRefusal(422, "bad_reason_text", "评价内容含有无法识别的字符",
                           "the reason contains characters that cannot be kept")
    if choice.level in REASON_REQUIRED_LEVELS and code is None and text is None:
        raise QueueRefusal(422, "reason_required", "选择“不满意”或“非常不满意”时，请选择或填写原因",
                           "please choose or write a reason for a dissatisfied rating", level=choice.level)
    return code, text


def _ticket_refusal(engine: QueueEngine, conn: sa.Connection, row: Any, today: dt.date) -> QueueRefusal | None:
    """Why this ticket cannot be rated now, or None: only a served ticket, once, within the period."""
    if row.state in (TicketState.NO_SHOW, TicketState.CANCELLED):
        return _not_served(row)
    if row.state != TicketState.DONE:
        return QueueRefusal(409, "service_not_finished", f"号码{row.number}的业务尚未办结，请办结后再评价",
                            f"the service of ticket {row.number} has not ended yet; rate it once it has",
                            number=row.number, state=row.state)
    if conn.execute(sa.select(db.ratings.c.id).where(db.ratings.c.ticket_id == row.id)).first() is not None:
        return _already_rated(row.number)
    days = engine.hall.ratings.rate_within_days
    if (today - dt.date.fromisoformat(row.business_day)).days > days:
        return QueueRefusal(409, "rating_period_over", f"该号码办结已超过{days}天，不能再评价",
                            f"ratings are taken within {days} days of the service", days=days)
    return None


def _not_served(row: Any) -> QueueRefusal:
    return QueueRefusal(409, "not_served", f"号码{row.number}未办理业务（过号或已取消），不能评价",
                        f"ticket {row.number} was not served (no-show or cancelled) and cannot be rated",
                        number=row.number, state=row.state)


def _already_rated(subject: str) -> QueueRefusal:
    return QueueRefusal(409, "already_rated", "已评价过，每次服务只能评价一次",
                        "this has already been rated; each service is rated once", subject=subject)


def _last_staff(conn: sa.Connection, ticket_id: int) -> str | None:
    """The staff member of the ticket's last finished service (一票到底: the one it ended with)."""
    s = db.service_segments.c
    return conn.execute(sa.select(s.staff).where(s.ticket_id == ticket_id, s.outcome == "done")
                        .order_by(s.ended_at.desc(), s.id.desc()).limit(1)).scalar()


def _rating_model(row: Any, due_at: float | None) -> Rating:
    return Rating(id=row.id, subject_kind=row.subject_kind, ticket_number=row.ticket_number,
                  business_day=dt.date.fromisoformat(row.business_day), case_number=row.case_number,
                  category=row.category, matter=row.matter, window=row.window, level=row.level,
                  level_code=RATING_LEVELS[row.level][0], reason_code=row.reason_code, reason=row.reason_text,
                  channel=row.channel, rated_at=from_ts(row.rated_at), follow_up_due=from_ts(due_at))


def _record(engine: QueueEngine, tx: Tx, actor: Principal, choice: RatingChoice, channel: str,
            **subject: Any) -> Rating:
    """Store a rating, open a follow-up for a bad one, and tell the hall."""
    code, text = _reason(engine, choice)
    try:
        rating_id = tx.conn.execute(db.ratings.insert().values(
            level=choice.level, reason_code=code, reason_text=text, channel=channel, device=actor.id,
            rated_at=tx.ts, **subject).returning(db.ratings.c.id)).scalar_one()
    except sa.exc.IntegrityError:  # another server instance stored its rating first (PostgreSQL)
        raise _already_rated(subject.get("ticket_number") or subject.get("case_number") or "") from None
    due = None
    if choice.level in REASON_REQUIRED_LEVELS:
        due = tx.ts + engine.hall.ratings.follow_up_hours * 3600
        tx.conn.execute(db.rating_follow_ups.insert().values(rating_id=rating_id, opened_at=tx.ts, due_at=due))
    row = tx.conn.execute(sa.select(db.ratings).where(db.ratings.c.id == rating_id)).one()
    data: dict[str, Any] = {"rating": rating_id, "subject_kind": row.subject_kind, "level": row.level,
                            "level_code": RATING_LEVELS[row.level][0], "channel": channel, "window": row.window}
    if row.subject_kind == "ticket":
        data["number"] = row.ticket_number
    else:
        data["matter"] = row.matter
    if due is not None:
        data["follow_up_due"] = from_ts(due).isoformat()
    tx.emit("rating.given", data)
    return _rating_model(row, due)


def _rate_ticket(engine: QueueEngine, tx: Tx, actor: Principal, row: Any, choice: RatingChoice,
                 channel: str) -> Rating:
    refusal = _ticket_refusal(engine, tx.conn, row, tx.day)
    if refusal is not None:
        raise refusal
    return _record(engine, tx, actor, choice, channel, subject_kind="ticket", ticket_id=row.id,
                   ticket_number=row.number, business_day=row.business_day, category=row.category,
                   window=row.window, staff=_last_staff(tx.conn, row.id))


# --- the window's evaluator -------------------------------------------------------------------

def _request_info(engine: QueueEngine, request: Any, ticket: Any) -> RatingRequestInfo:
    w = engine.hall.windows[request.window]
    cat = engine.hall.categories.get(ticket.category)
    return RatingRequestInfo(
        id=request.id, window=w.code, window_name=w.name, window_name_en=w.name_en, ticket_number=ticket.number,
        category=ticket.category, category_name=cat.name if cat else ticket.category,
        category_name_en=cat.name_en if cat else ticket.category, masked_name=ticket.masked_name,
        requested_at=from_ts(request.requested_at), expires_at=from_ts(request.expires_at))


def request_rating(engine: QueueEngine, tx: Tx, actor: Principal, code: str,
                   req: RatingRequestStart) -> tuple[int, RatingRequestInfo]:
    """The window asks its evaluator to rate the ticket it is serving or has just finished."""
    engine.windows.window_for(tx, actor, code)
    row = engine.tickets.ticket(tx, req.ticket_id)
    if row.state in (TicketState.NO_SHOW, TicketState.CANCELLED):
        raise _not_served(row)
    just_served = (row.state == TicketState.SERVING
                   or row.state == TicketState.DONE and row.business_day == tx.day.isoformat())
    if row.window != code or not just_served:
        raise QueueRefusal(409, "not_at_this_window", f"号码{row.number}不是本窗口正在办理或刚办结的号码",
                           f"ticket {row.number} is not being served or just finished at this window",
                           number=row.number, state=row.state)
    if tx.conn.execute(sa.select(db.ratings.c.id).where(db.ratings.c.ticket_id == row.id)).first() is not None:
        raise _already_rated(row.number)
    r = db.rating_requests.c
    tx.conn.execute(db.rating_requests.update().where(r.window == code, r.closed_at.is_(None))
                    .values(closed_at=tx.ts, closed_reason="replaced"))
    request_id = uuid.uuid4().hex
    tx.conn.execute(db.rating_requests.insert().values(
        id=request_id, window=code, ticket_id=row.id, requested_by=actor.id, requested_at=tx.ts,
        expires_at=tx.ts + engine.hall.ratings.request_minutes * 60))
    request = tx.conn.execute(sa.select(db.rating_requests).where(r.id == request_id)).one()
    info = _request_info(engine, request, row)
    # Only what the evaluator shows: the number, the category, the masked name.
    tx.emit("rating.requested", {"request": info.id, "window": code, "number": info.ticket_number,
                                 "category": info.category, "masked_name": info.masked_name,
                                 "expires_at": info.expires_at.isoformat()})
    return 201, info


def current_request(engine: QueueEngine, actor: Principal) -> CurrentRatingRequest:
    """The open request at the evaluator's window (after a restart or a lost event)."""
    now = engine.clock().timestamp()
    r = db.rating_requests.c
    with engine.store.read() as conn:
        request = conn.execute(sa.select(db.rating_requests).where(
            r.window == actor.window, r.closed_at.is_(None), r.expires_at > now)
            .order_by(r.requested_at.desc()).limit(1)).first()
        if request is None:
            return CurrentRatingRequest(request=None)
        ticket = conn.execute(sa.select(db.tickets).where(db.tickets.c.id == request.ticket_id)).one()
    return CurrentRatingRequest(request=_request_info(engine, request, ticket))


def rate_by_evaluator(engine: QueueEngine, tx: Tx, actor: Principal, req: EvaluatorRating) -> tuple[int, Rating]:
    """The citizen's choice on the window's evaluator, for the ticket its window asked about."""
    request = tx.conn.execute(sa.select(db.rating_requests).where(db.rating_requests.c.id == req.request_id)).first()
    if request is None:
        raise QueueRefusal(404, "unknown_rating_request", "没有这个评价请求", "no such rating request")
    if request.window != actor.window:
        raise QueueRefusal(403, "not_your_window", "该评价请求不属于本窗口的评价器",
                           "this rating request is for another window's evaluator")
    if request.closed_at is not None or tx.ts >= request.expires_at:
        why = request.closed_reason if request.closed_at is not None else "expired"
        raise QueueRefusal(409, "rating_request_closed", "该评价请求已结束，请联系窗口工作人员重新发起",
                           "this rating request has ended; ask the window to start a new one", reason=why)
    ticket = engine.tickets.ticket(tx, request.ticket_id)
    rating = _rate_ticket(engine, tx, actor, ticket, req, "evaluator")
    tx.conn.execute(db.rating_requests.update().where(db.rating_requests.c.id == request.id)
                    .values(closed_at=tx.ts, closed_reason="rated"))
    return 201, rating


# --- the kiosk: the receipt's QR, a case --------------------------------------------------------

def _token_of(code: str) -> str:
    """The tracking token in a receipt's QR text (`…/t/<token>`, or the bare token)."""
    text = code.strip()
    if "/t/" in text:
        text = re.split(r"[?#]", text.rsplit("/t/", 1)[1], maxsplit=1)[0].rstrip("/")
    if not TOKEN_PATTERN.fullmatch(text):
        raise QueueRefusal(422, "not_a_ticket_code", "无法识别该二维码，请扫描取号凭条上的二维码",
                           "this is not a ticket's code; scan the QR code on the queue receipt")
    return text


def _ticket_by_code(conn: sa.Connection, code: str) -> Any:
    row = conn.execute(sa.select(db.tickets).where(db.tickets.c.track_token == _token_of(code))).first()
    if row is None:
        raise QueueRefusal(404, "unknown_ticket", "未找到该号码", "no such ticket")
    return row


def lookup_ticket_code(engine: QueueEngine, code: str) -> RateableTicket:
    """The ticket a scanned receipt is for, if it can be rated; else the refusal rating would give."""
    today = engine.hall.business_day(engine.clock())
    with engine.store.read() as conn:
        row = _ticket_by_code(conn, code)
        refusal = _ticket_refusal(engine, conn, row, today)
        ended = conn.execute(sa.select(sa.func.max(db.service_segments.c.ended_at)).where(
            db.service_segments.c.ticket_id == row.id, db.service_segments.c.outcome == "done")).scalar()
    if refusal is not None:
        raise refusal
    cat = engine.hall.categories.get(row.category)
    w = engine.hall.windows.get(row.window) if row.window else None
    return RateableTicket(
        number=row.number, business_day=dt.date.fromisoformat(row.business_day), category=row.category,
        category_name=cat.name if cat else row.category, category_name_en=cat.name_en if cat else row.category,
        window=row.window, window_name=w.name if w else None, window_name_en=w.name_en if w else None,
        served_at=from_ts(ended if ended is not None else row.finished_at))


def rate_by_ticket_code(engine: QueueEngine, tx: Tx, actor: Principal, req: TicketCodeRating) -> tuple[int, Rating]:
    """A citizen rates a served ticket on the kiosk by scanning the receipt's QR code."""
    return 201, _rate_ticket(engine, tx, actor, _ticket_by_code(tx.conn, req.code), req, "kiosk")


def rate_case(engine: QueueEngine, tx: Tx, actor: Principal, req: CaseRating) -> tuple[int, Rating]:
    """A citizen rates a finished case (办件) on the kiosk, proven by the applicant's ID number."""
    id_hash, _ = engine.tickets.id_hash(req.id_number)
    case = tx.conn.execute(sa.select(db.cases).where(db.cases.c.number == req.case_number.strip())).first()
    # An unknown case and a wrong ID number get the same answer: the kiosk must not confirm a case exists.
    if case is None or not hmac.compare_digest(case.id_hash, id_hash or ""):
        raise QueueRefusal(404, "case_not_found", "未找到该办件，或身份证号码与办件不符",
                           "no such case, or the ID number does not match it")
    if case.stage != "done":
        raise QueueRefusal(409, "case_not_done", "该办件尚未办结，办结后才能评价",
                           "the case is not finished yet; it can be rated once it is", stage=case.stage)
    if tx.conn.execute(sa.select(db.ratings.c.id).where(db.ratings.c.case_number == case.number)).first():
        raise _already_rated(case.number)
    matter = next((m for m in engine.hall.matters if m.code == case.matter), None)
    return 201, _record(engine, tx, actor, req, "kiosk", subject_kind="case", case_number=case.number,
                        business_day=tx.day.isoformat(), matter=case.matter,
                        category=matter.category if matter else None)


# --- follow-ups of bad ratings ----------------------------------------------------------------

def _follow_up_model(row: Any, rating: Any, now: float) -> FollowUp:
    closed = row.closed_at is not None
    overdue = (row.closed_at if closed else now) > row.due_at
    return FollowUp(id=row.id, state="closed" if closed else "overdue" if overdue else "open", overdue=overdue,
                    opened_at=from_ts(row.opened_at), due_at=from_ts(row.due_at), closed_at=from_ts(row.closed_at),
                    closed_by=row.closed_by, note=row.note, rating=_rating_model(rating, row.due_at),
                    staff=rating.staff)


def follow_ups(engine: QueueEngine, state: str | None) -> FollowUpList:
    """Follow-ups of bad ratings, the earliest deadline first; counts of each state."""
    now = engine.clock().timestamp()
    f, r = db.rating_follow_ups, db.ratings
    with engine.store.read() as conn:
        rows = conn.execute(sa.select(f).order_by(f.c.due_at, f.c.id)).all()
        ratings = {x.id: x for x in conn.execute(sa.select(r).where(r.c.id.in_(
            sa.select(f.c.rating_id).scalar_subquery())))}
    listed = [_follow_up_model(row, ratings[row.rating_id], now) for row in rows]
    counts = {s: sum(1 for x in listed if x.state == s) for s in ("open", "overdue", "closed")}
    return FollowUpList(follow_ups=[x for x in listed if state in (None, "all") or x.state == state], **counts)


def close_follow_up(engine: QueueEngine, tx: Tx, actor: Principal, follow_up_id: int,
                    req: FollowUpClose) -> tuple[int, FollowUp]:
    """The hall admin closes a follow-up with a note of what was done."""
    f = db.rating_follow_ups.c
    row = tx.conn.execute(sa.select(db.rating_follow_ups).where(f.id == follow_up_id)).first()
    if row is None:
        raise QueueRefusal(404, "unknown_follow_up", "没有这条差评回访", "no such follow-up")
    if row.closed_at is not None:
        raise QueueRefusal(409, "follow_up_closed", "这条差评回访已办结", "this follow-up is already closed")
    note = _SPACES.sub(" ", req.note).strip()
    if not note or _CONTROL.search(note):
        raise QueueRefusal(422, "note_required", "请填写处理情况", "write down what was done")
    by = actor.id.split(":", 1)[1] if actor.id.startswith("staff:") else actor.id
    tx.conn.execute(db.rating_follow_ups.update().where(f.id == row.id).values(closed_at=tx.ts, closed_by=by,
                                                                                note=note))
    row = tx.conn.execute(sa.select(db.rating_follow_ups).where(f.id == row.id)).one()
    rating = tx.conn.execute(sa.select(db.ratings).where(db.ratings.c.id == row.rating_id)).one()
    model = _follow_up_model(row, rating, tx.ts)
    tx.emit("rating.follow_up_closed", {"follow_up": row.id, "rating": rating.id, "late": model.overdue})
    return 200, model


# --- export for the provincial rating system --------------------------------------------------

def check_range(date_from: dt.date, date_to: dt.date) -> None:
    if date_from > date_to:
        raise QueueRefusal(422, "bad_range", "开始日期晚于结束日期", "the range starts after it ends")
    if (date_to - date_from).days >= MAX_RANGE_DAYS:
        raise QueueRefusal(422, "range_too_long", f"一次最多查询{MAX_RANGE_DAYS}天",
                           f"at most {MAX_RANGE_DAYS} days at a time")


def export(engine: QueueEngine, date_from: dt.date, date_to: dt.date) -> RatingExport:
    """Every rating given on the local days from..to, in the documented `hall-ratings/1` format."""
    check_range(date_from, date_to)
    hall = engine.hall
    start = dt.datetime.combine(date_from, dt.time(), tzinfo=hall.tz).timestamp()
    end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time(), tzinfo=hall.tz).timestamp()
    r = db.ratings.c
    with engine.store.read() as conn:
        rows = conn.execute(sa.select(db.ratings).where(r.rated_at >= start, r.rated_at < end).order_by(r.id)).all()
    matters = {m.code: m for m in hall.matters}
    out = []
    for row in rows:
        code, name, _ = RATING_LEVELS[row.level]
        cat = hall.categories.get(row.category) if row.category else None
        matter = matters.get(row.matter) if row.matter else None
        out.append(ExportedRating(
            rating_id=f"{hall.code}-{row.id}", subject_kind=row.subject_kind, ticket_number=row.ticket_number,
            business_day=dt.date.fromisoformat(row.business_day) if row.subject_kind == "ticket" else None,
            case_number=row.case_number, matter_code=row.matter, matter_name=matter.name if matter else None,
            category_code=row.category, category_name=cat.name if cat else None, window=row.window,
            staff_username=row.staff, level=row.level, level_code=code, level_name=name,
            reason_code=row.reason_code, reason_text=row.reason_text,
            channel="window_evaluator" if row.channel == "evaluator" else "kiosk",
            rated_at=dt.datetime.fromtimestamp(row.rated_at, hall.tz)))
    return RatingExport(hall_code=hall.code, hall_name=hall.name, timezone=str(hall.tz), date_from=date_from,
                        date_to=date_to, generated_at=engine.clock().astimezone(hall.tz), count=len(out),
                        ratings=out)


# --- 电子监察: waiting tickets against the SLA ----------------------------------------------------

def supervision(engine: QueueEngine) -> SupervisionList:
    """Today's waiting tickets that have waited past the hall's yellow (and red) minutes."""
    hall = engine.hall
    now = engine.clock()
    now_ts = now.timestamp()
    day = hall.business_day(now)
    t = db.tickets.c
    yellow_before = now_ts - hall.sla_yellow_minutes * 60
    with engine.store.read() as conn:
        rows = conn.execute(sa.select(t.id, t.number, t.category, t.queued_at, t.transfers, t.target_window).where(
            t.business_day == day.isoformat(), t.state == TicketState.WAITING, t.queued_at < yellow_before)
            .order_by(t.queued_at, t.id)).all()
    tickets = []
    for row in rows:
        waited = (now_ts - row.queued_at) / 60
        if waited <= hall.sla_yellow_minutes:  # the dashboard's rule: strictly past the threshold
            continue
        cat = hall.categories.get(row.category)
        tickets.append(SupervisedTicket(
            id=row.id, number=row.number, category=row.category, category_name=cat.name if cat else row.category,
            category_name_en=cat.name_en if cat else row.category, waited_minutes=math.floor(waited),
            level="red" if waited > hall.sla_red_minutes else "yellow", transfers=row.transfers,
            target_window=row.target_window))
    red = sum(1 for x in tickets if x.level == "red")
    return SupervisionList(at=now, business_day=day, yellow_minutes=hall.sla_yellow_minutes,
                           red_minutes=hall.sla_red_minutes, yellow=len(tickets) - red, red=red, tickets=tickets)


# --- demo data --------------------------------------------------------------------------------

DEMO = Principal(id="device:demo", role=Role.KIOSK, name="demo")
_DEMO_LEVELS = (5, 4, 3, 2, 1)
_DEMO_WEIGHTS = (62, 24, 8, 4, 2)
_DEMO_WORDS = ("等了比较久", "材料要求没有一次说清楚", "窗口人员很耐心")


def seed_demo_ratings(engine: QueueEngine, day: dt.date | None = None, share: float = 0.7, seed: int = 1) -> int:
    """Rate a share of a day's served, unrated tickets as citizens might; returns how many were rated.

    Mostly satisfied, a few bad ones with a reason (each opening a follow-up), from the window
    evaluator or the kiosk. For the demo only: every rating is marked as given by `device:demo`.
    """
    rng = random.Random(seed)
    reasons = [r.code for r in engine.hall.ratings.reasons]

    def command(tx: Tx) -> tuple[int, dict]:
        on = (day or tx.day).isoformat()
        t = db.tickets.c
        rated = sa.select(db.ratings.c.ticket_id).where(db.ratings.c.ticket_id.is_not(None))
        rows = tx.conn.execute(sa.select(db.tickets).where(t.business_day == on, t.state == TicketState.DONE,
                                                           t.id.not_in(rated)).order_by(t.id)).all()
        count = 0
        for row in rows:
            if rng.random() >= share:
                continue
            level = rng.choices(_DEMO_LEVELS, _DEMO_WEIGHTS)[0]
            bad = level in REASON_REQUIRED_LEVELS
            choice = RatingChoice(level=level, reason_code=rng.choice(reasons) if bad and reasons else None,
                                  reason=rng.choice(_DEMO_WORDS) if bad or rng.random() < 0.1 else None)
            if bad and choice.reason_code is None and choice.reason is None:
                choice.reason = _DEMO_WORDS[0]
            _record(engine, tx, DEMO, choice, rng.choice(("evaluator", "evaluator", "kiosk")),
                    subject_kind="ticket", ticket_id=row.id, ticket_number=row.number,
                    business_day=row.business_day, category=row.category, window=row.window,
                    staff=_last_staff(tx.conn, row.id))
            count += 1
        return 200, {"rated": count}

    out = engine.execute(DEMO, None, "", command)
    if out.status != 200:
        raise RuntimeError(f"seeding demo ratings failed: {out.body}")
    return int(json.loads(out.body)["rated"])
