"""What kiosks and displays need beyond the queue: today's appointments for offline check-in,
the service guide (办事指南) and the health of the devices they drive.

Kept apart from `engine.py` like `admin.py`. Writing commands run on the engine's one writer
(`command(tx) -> (status, model)`); reading runs in a read transaction.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from typing import Any, Literal

import sqlalchemy as sa

from . import db, fleet
from .config import Hall
from .config import Matter as HallMatter
from .engine import CLOCK_SKEW_S, Principal, QueueEngine, QueueRefusal, Tx
from .limits import Attempts, Limit, TooManyAttempts
from .queue.core import from_ts
from .schema import (
    ACTIVE_STATES, AppointmentList, DeviceHealthList, DeviceHealthReport, DeviceState, FormField, KioskAppointment,
    Matter, MatterList, MatterMaterial, ReceiptReprintData, ReporterHealth, ReprintList, ReprintRequest, ReprintTicket,
    Role, TicketState,
)

log = logging.getLogger(__name__)

STALE_S = 180  # a reporter silent this long is shown as stale


# --- appointments -----------------------------------------------------------------------------

def _kiosk_appointment(row: Any) -> KioskAppointment:
    return KioskAppointment(id=row.id, category=row.category, date=dt.date.fromisoformat(row.date),
                            slot_start=dt.time.fromisoformat(row.slot_start),
                            slot_end=dt.time.fromisoformat(row.slot_end), masked_name=row.masked_name,
                            used=row.ticket_id is not None, id_digest=row.id_digest)


def _stored_lookup_key(engine: QueueEngine, day: dt.date) -> str | None:
    with engine.store.read() as conn:
        return conn.execute(sa.select(db.lookup_keys.c.key).where(db.lookup_keys.c.date == day.isoformat())).scalar()


def appointments_of(engine: QueueEngine, actor: Principal, day: dt.date | None) -> AppointmentList:
    """A date's appointments (default: the business day) with the date's lookup key, made if new."""
    now = engine.clock()
    # Only the day a kiosk is checking citizens in (allowing for its clock at the turnover): a
    # key for another date would let a kiosk's token match ID numbers to that date's bookings.
    near = {engine.hall.business_day(now + dt.timedelta(seconds=s)) for s in (-CLOCK_SKEW_S, 0, CLOCK_SKEW_S)}
    day = day or engine.hall.business_day(now)
    if day not in near:
        raise QueueRefusal(422, "appointments_today_only", "只能查询当天的预约", "only today's appointments are listed",
                           date=day.isoformat())
    key = _stored_lookup_key(engine, day)
    if key is None:  # the first to ask on a date with no appointment yet: the writer makes the key
        made = engine.execute(actor, None, "", lambda tx: (200, {"key": engine.lookup_key(tx, day)}))
        key = json.loads(made.body)["key"]
    a = db.appointments.c
    with engine.store.read() as conn:
        rows = conn.execute(sa.select(db.appointments).where(a.date == day.isoformat())
                            .order_by(a.slot_start, a.created_at, a.id)).all()
    return AppointmentList(appointments=[_kiosk_appointment(r) for r in rows], lookup_key=key)


def appointments_by_id(engine: QueueEngine, actor: Principal, id_number: str) -> AppointmentList:
    """Today's appointments of one ID card (online check-in by ID card)."""
    id_hash, _ = engine.tickets.id_hash(id_number)
    listed = appointments_of(engine, actor, None)
    a = db.appointments.c
    with engine.store.read() as conn:
        mine = {r.id for r in conn.execute(sa.select(a.id).where(
            a.date == engine.hall.business_day(engine.clock()).isoformat(), a.id_hash == id_hash))}
    return AppointmentList(appointments=[x for x in listed.appointments if x.id in mine],
                           lookup_key=listed.lookup_key)


# --- receipts printed again (补打凭条) -----------------------------------------------------------

# A kiosk serves one citizen at a time: more reprints than this from one kiosk is somebody reading
# the hall's tickets one number after another (staff at the desk read without a limit).
REPRINT_READS = Attempts("reprint", (Limit("source", 20, 600, count_all=True),))


def count_reprint(engine: QueueEngine, actor: Principal) -> None:
    """Count a kiosk's reprint against REPRINT_READS; a limit reached is answered 429."""
    if actor.role != Role.KIOSK:
        return
    with engine.store.write() as conn:
        try:
            REPRINT_READS.take(conn, "", actor.id, engine.clock().timestamp())
        except TooManyAttempts as too_many:
            raise QueueRefusal(429, "too_many_attempts", "尝试次数过多，请稍后再试或到服务台办理",
                               "too many attempts; try again later or ask at the service desk",
                               retry_after_s=too_many.retry_after_s) from None


def _reprint_ticket(engine: QueueEngine, tx: Tx, row: Any, *, named: bool) -> ReprintTicket:
    cat = engine.hall.categories.get(row.category)
    called = row.state in (TicketState.CALLED, TicketState.SERVING)
    window = engine.hall.windows.get(row.window) if called and row.window else None
    ahead = engine.tickets.line.ahead_in_order(tx.conn, row, tx.ts) if row.state == TicketState.WAITING else 0
    minutes = engine.tickets.line.estimate_minutes(tx.conn, tx.day, row.category, ahead) if ahead else 0
    return ReprintTicket(
        number=row.number, category=row.category, category_name=cat.name if cat else row.category,
        category_name_en=cat.name_en if cat else row.category, state=TicketState(row.state), people_ahead=ahead,
        estimated_wait_minutes=minutes, window=row.window if called else None,
        window_name=window.name if window else None, window_name_en=window.name_en if window else None,
        issued_at=from_ts(row.issued_at), green_channel=bool(row.green), appointment=row.appointment_id is not None,
        track_url=engine.tickets.track_url(row.track_token), masked_name=row.masked_name if named else None)


def reprint(engine: QueueEngine, tx: Tx, actor: Principal, req: ReprintRequest) -> tuple[int, ReprintList]:
    """Today's ticket by its number, or the ID card's live tickets of today, as their receipts show
    them now; each one found is a receipt.reprinted event (the console counts them).

    Refused: a number not issued today (unknown_ticket), one finished or cancelled (ticket_finished),
    a card with no live ticket today (no_ticket_for_card: never telling whose tickets exist).
    """
    t = db.tickets.c
    today = tx.day.isoformat()
    via: Literal["number", "id_card"]
    if req.number is not None:
        number = req.number.strip().upper()
        row = tx.conn.execute(sa.select(db.tickets).where(t.business_day == today, t.number == number)).first()
        if row is None:
            raise QueueRefusal(404, "unknown_ticket", f"今天没有发出过{number}号，请核对号码",
                               f"no ticket {number} was issued today; please check the number", number=number)
        if row.state not in ACTIVE_STATES:
            raise QueueRefusal(409, "ticket_finished", f"{number}号已办结、过号或已取消，不能补打凭条",
                               f"ticket {number} is finished, missed or cancelled: its receipt cannot be printed "
                               "again", number=number, state=row.state)
        rows, via = [row], "number"
    else:
        id_hash, _ = engine.tickets.id_hash(req.id_number)
        rows = list(tx.conn.execute(sa.select(db.tickets).where(
            t.business_day == today, t.id_hash == id_hash,
            t.state.in_([s.value for s in ACTIVE_STATES])).order_by(t.id)))
        if not rows:
            raise QueueRefusal(404, "no_ticket_for_card", "这张身份证今天没有在办理中的号码",
                               "this ID card holds no ticket in the queue today")
        via = "id_card"
    for row in rows:
        tx.emit("receipt.reprinted", ReceiptReprintData(ticket_id=row.id, number=row.number, by=actor.id,
                                                        role=actor.role, via=via).model_dump(mode="json"))
    return 200, ReprintList(tickets=[_reprint_ticket(engine, tx, r, named=via == "id_card") for r in rows])


# --- service guide ----------------------------------------------------------------------------

def _form_fields(matter: HallMatter) -> list[FormField] | None:
    """A matter's form template as the kiosk gets it."""
    if matter.form is None:
        return None
    return [FormField(key=f.key, label=f.label, label_en=f.label_en, type=f.type, source=f.source,
                      required=f.required, choices=list(f.choices), max_length=f.max_length)
            for f in matter.form.fields]


def matter_list(hall: Hall) -> MatterList:
    """The hall's service guide, versioned by a hash of its content (the ETag)."""
    matters = [Matter(code=m.code, name=m.name, name_en=m.name_en, category=m.category, initials=m.initials,
                      pinyin=m.pinyin,
                      materials=[MatterMaterial(name=x.name, name_en=x.name_en, copies=x.copies,
                                                copies_en=x.copies_en) for x in m.materials],
                      legal_days=m.legal_days, promised_days=m.promised_days, fee=m.fee, fee_en=m.fee_en,
                      location=m.location, location_en=m.location_en, online=m.online, notes=m.notes,
                      notes_en=m.notes_en, form=_form_fields(m), allow_missing=m.allow_missing,
                      allow_missing_note=m.allow_missing_note, allow_missing_note_en=m.allow_missing_note_en)
               for m in hall.matters]
    content = json.dumps([m.model_dump(mode="json") for m in matters], sort_keys=True, ensure_ascii=False)
    return MatterList(version=hashlib.sha256(content.encode("utf-8")).hexdigest()[:20], matters=matters)


# --- device health ----------------------------------------------------------------------------

def _reporter_id(actor: Principal) -> str:
    return actor.id.split(":", 1)[1] if actor.id.startswith("device:") else actor.id


def report_health(engine: QueueEngine, tx: Tx, actor: Principal, req: DeviceHealthReport) -> tuple[int, None]:
    """Keep a reporter's latest device states; an event for each device whose state changed."""
    reporter = _reporter_id(actor)
    h = db.device_health.c
    row = tx.conn.execute(sa.select(db.device_health).where(h.reporter == reporter)).first()
    before = {} if row is None else json.loads(row.devices)
    devices = {name: state.model_dump(mode="json") for name, state in req.devices.items()}
    if row is None:
        tx.conn.execute(db.device_health.insert().values(reporter=reporter, reported_at=tx.ts, version=req.version,
                                                         devices=json.dumps(devices, ensure_ascii=False)))
    else:
        tx.conn.execute(db.device_health.update().where(h.reporter == reporter).values(
            reported_at=tx.ts, devices=json.dumps(devices, ensure_ascii=False),
            **({} if req.version is None else {"version": req.version})))
    fleet.record_report(engine, tx, reporter, req.devices)
    for name, state in sorted(devices.items()):
        previous = before.get(name, {}).get("state")
        if previous != state["state"]:
            if state["state"] != "ok" or previous is not None:
                log.info("device %s of %s: %s → %s (%s)", name, reporter, previous, state["state"], state["reason"])
            tx.emit("device.health", {"reporter": reporter, "device": name, "previous": previous, **state})
    return 204, None


def health_list(engine: QueueEngine) -> DeviceHealthList:
    """Every configured kiosk, display and evaluator (and any other reporter), with its last report and staleness."""
    now = engine.clock().timestamp()
    with engine.store.read() as conn:
        rows = {r.reporter: r for r in conn.execute(sa.select(db.device_health))}
    reporters = []
    # Devices that report health: not the approval system, which only imports cases.
    known = {k: d for k, d in engine.hall.devices.items() if d.role in ("kiosk", "display", "evaluator")}
    for reporter in list(known) + sorted(set(rows) - set(known)):
        row = rows.get(reporter)
        device = known.get(reporter)
        reported = None if row is None else dt.datetime.fromtimestamp(row.reported_at, dt.UTC)
        states = {} if row is None else {k: DeviceState(**v) for k, v in json.loads(row.devices).items()}
        reporters.append(ReporterHealth(
            reporter=reporter, name=device.name if device else reporter, role=device.role if device else "",
            reported_at=reported, stale=row is None or now - row.reported_at > STALE_S, devices=states))
    return DeviceHealthList(reporters=reporters)
