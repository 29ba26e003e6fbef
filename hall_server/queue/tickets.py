"""Tickets: numbering within the daily cap, issuing, the ticket's life outside a window (cancel,
abandon), and reading tickets (by id, as a list in calling order, by tracking token)."""
from __future__ import annotations

import datetime as dt
import json
import secrets
import types
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from hall_rules import queue as rules
from hall_rules import wait_promise
from hall_rules.names import window_name

from .. import db, idnumber
from ..config import Category, Hall
from ..schema import (
    ACTIVE_STATES, AbandonRequest, AbandonResult, CancelRequest, IssuedTicket, IssueTicketRequest, Role, Ticket,
    TicketResult, TicketState, TicketTrack,
)
from .core import (
    ABANDONED, FINAL_STATES, STAFF_ROLES, TRACK_DAYS, Principal, QueueRefusal, from_ts, unknown_ticket,
    wrong_state,
)
from .waiting import WaitingLine
from .writer import COUNTER_READ, HotStatements, Tx


class Tickets:
    """The tickets of the hall: the one authority for their numbers.

    Args:
        id_key: the hall's key for ID numbers' keyed hashes (never an ID number is stored).
        public_url: the public base of tracking addresses.
        ignore_hours: issue at any time (demos, tests).
    """

    def __init__(self, hall: Hall, store: db.Store, clock: Callable[[], dt.datetime], line: WaitingLine,
                 id_key: bytes, public_url: str, ignore_hours: bool = False):
        self.hall = hall
        self.store = store
        self.clock = clock
        self.line = line
        self.public_url = public_url
        self.ignore_hours = ignore_hours
        self._id_key = id_key

    # --- what other parts use -----------------------------------------------------------------

    def model(self, row: Any) -> Ticket:
        """The wire model of a tickets row."""
        return Ticket(
            id=row.id, number=row.number, category=row.category, state=row.state,
            business_day=dt.date.fromisoformat(row.business_day), issued_at=from_ts(row.issued_at),
            queued_at=from_ts(row.queued_at), called_at=from_ts(row.called_at), window=row.window,
            target_window=row.target_window, recall_count=row.recall_count, green_channel=bool(row.green),
            appointment=row.appointment_id is not None, masked_name=row.masked_name,
            transfers=row.transfers, reason=row.reason,
        )

    def public(self, row: Any) -> dict[str, Any]:
        """A tickets row as an event carries it."""
        return self.model(row).model_dump(mode="json")

    def ticket(self, tx: Tx, ticket_id: int) -> Any:
        """The tickets row of this id.

        Raises:
            QueueRefusal: unknown_ticket.
        """
        row = tx.conn.execute(sa.select(db.tickets).where(db.tickets.c.id == ticket_id)).first()
        if row is None:
            raise unknown_ticket()
        return row

    def update(self, tx: Tx, row: Any, **values: Any) -> Any:
        """Change a ticket; returns its row as it is now."""
        tx.conn.execute(db.tickets.update().where(db.tickets.c.id == row.id).values(**values))
        return tx.conn.execute(sa.select(db.tickets).where(db.tickets.c.id == row.id)).one()

    @staticmethod
    def may_see(actor: Principal, row: Any) -> bool:
        """Staff see every ticket; a kiosk those it issued (another's is answered as no such ticket)."""
        return actor.role != Role.KIOSK or row.issued_by == actor.id

    def category(self, code: str) -> Category:
        """The category of this code.

        Raises:
            QueueRefusal: unknown_category.
        """
        cat = self.hall.categories.get(code)
        if cat is None:
            raise QueueRefusal.rule(404, "unknown_category", category=code)
        return cat

    def is_open(self, cat: Category, now: dt.datetime) -> bool:
        """Whether the category issues at this moment (its hours on the hall's workdays)."""
        if self.ignore_hours:
            return True
        local = now.astimezone(self.hall.tz)
        if not cat.all_days and not self.hall.calendar.is_workday(local.date()):
            return False
        return rules.open_at(cat.hours, local.time())

    def id_hash(self, id_number: str | None) -> tuple[str | None, str | None]:
        """(keyed hash, normalised number) of an ID number; (None, None) for none given.

        Raises:
            QueueRefusal: the ID number is malformed.
        """
        if not id_number:
            return None, None
        try:
            number = idnumber.normalise(id_number)
        except idnumber.BadIdNumber:
            raise QueueRefusal(422, idnumber.BAD_ID_NUMBER, idnumber.BAD_ID_NUMBER_ZH,
                               idnumber.BAD_ID_NUMBER_EN) from None
        return idnumber.keyed_hash(self._id_key, number), number

    def green_by_age(self, cat: Category, number: str | None, day: dt.date) -> bool:
        """Whether the ID number's holder is old enough for the category's green channel."""
        return bool(cat.green_channel and number and idnumber.age_on(number, day) >= self.hall.green_channel_age)

    def allocate(self, tx: Tx, cat: Category, count: int, clip: bool = False) -> tuple[int, int]:
        """Hand out `count` sequence numbers of today within the daily cap; returns (first, count).

        Args:
            clip: give fewer than asked when the cap leaves fewer (leases), instead of refusing.
        """
        c = tx.conn
        params = {"b_day": tx.day.isoformat(), "b_category": cat.code, "b_cap": cat.daily_cap}
        if clip:
            reserved = c.execute(COUNTER_READ, params).scalar() or 0
            count = min(count, cat.daily_cap - reserved)
        if count > 0:
            # One statement moves the counter on from its stored value, within the cap: the
            # numbers it returns are nobody else's, whatever else runs at the same time.
            taken = tx.hot.counter_take.execute(c, {**params, "b_count": count}).fetchone()
            if taken is None:  # the day's first number of the category, or the cap is reached
                tx.hot.counter_create.execute(c, params)
                taken = tx.hot.counter_take.execute(c, {**params, "b_count": count}).fetchone()
            if taken is not None:
                return taken[0] - count + 1, count
        raise QueueRefusal.rule(409, "daily_cap_reached", name=cat.name, name_en=cat.name_en)

    def reserved(self, tx: Tx, cat: Category) -> int:
        """The numbers of the category taken or held in leases today."""
        return tx.conn.execute(COUNTER_READ, {"b_day": tx.day.isoformat(), "b_category": cat.code,
                                              "b_cap": cat.daily_cap}).scalar() or 0

    def unreserve(self, tx: Tx, category: str, day: str, count: int) -> None:
        """Give `count` numbers back to the day's cap (a lease's unused ones)."""
        key = (db.number_counters.c.business_day == day) & (db.number_counters.c.category == category)
        tx.conn.execute(db.number_counters.update().where(key)
                        .values(reserved=db.number_counters.c.reserved - count))

    def insert(self, tx: Tx, actor: Principal, cat: Category, seq: int, *, issued_at: float,
               id_hash: str | None, name: str | None, green: bool, lease_id: str | None = None,
               appointment: Any | None = None, track_token: str | None = None) -> Any:
        """Put a numbered ticket in the queue and announce it; returns its row."""
        values = dict(
            business_day=tx.day.isoformat(), number=rules.format_number(cat.prefix, seq, self.hall.number_digits),
            number_category=cat.code, seq=seq, category=cat.code, state=TicketState.WAITING,
            id_hash=id_hash, masked_name=idnumber.mask_name(name), green=green,
            issued_at=issued_at, queued_at=issued_at, recall_count=0, transfers=0,
            lease_id=lease_id, issued_by=actor.id, track_token=track_token or secrets.token_urlsafe(18),
        )
        if appointment is not None:
            day = dt.date.fromisoformat(appointment.date)
            values.update(
                appointment_id=appointment.id,
                slot_start=self._local_ts(day, appointment.slot_start),
                slot_end=self._local_ts(day, appointment.slot_end))
        row = types.SimpleNamespace(**(dict.fromkeys(HotStatements.TICKET_COLUMNS) | values))
        row.id = tx.hot.insert_ticket.execute(tx.conn, vars(row)).fetchone()[0]
        tx.emit("ticket.issued", {"ticket": self.public(row), "offline": lease_id is not None})
        return row

    def _local_ts(self, day: dt.date, hhmm: str) -> float:
        t = dt.time.fromisoformat(hhmm)
        return dt.datetime.combine(day, t, tzinfo=self.hall.tz).timestamp()

    def issued(self, tx: Tx, row: Any) -> IssuedTicket:
        """The answer to issuing: the ticket, the people ahead of it, the wait and its tracking address."""
        ahead = self.line.people_ahead(tx.conn, tx.day, row, tx.ts)
        promise = self.line.promise(tx.conn, tx.day, row.category, ahead)
        point = promise.point if promise.point is not None else self.line.estimate_minutes(
            tx.conn, tx.day, row.category, ahead)
        return IssuedTicket(ticket=self.model(row), people_ahead=ahead, estimated_wait_minutes=point,
                            wait_low_minutes=promise.low, wait_high_minutes=promise.high,
                            track_token=row.track_token, track_url=self.track_url(row.track_token))

    def track_url(self, token: str) -> str:
        """The address a receipt's QR code carries: the public base URL, never the ticket number."""
        return f"{self.public_url}/t/{token}"

    # --- commands -----------------------------------------------------------------------------

    def issue(self, tx: Tx, actor: Principal, req: IssueTicketRequest) -> tuple[int, IssuedTicket]:
        cat = self.category(req.category)
        if req.green_channel and actor.role not in STAFF_ROLES:
            raise QueueRefusal(403, "green_channel_staff_only", "绿色通道需由工作人员标记",
                               "only staff may mark a ticket for the green channel")
        named = {"name": cat.name, "name_en": cat.name_en}
        if not self.is_open(cat, tx.now):
            raise QueueRefusal.rule(409, "category_closed", **named, hours=rules.format_hours(cat.hours))
        if cat.id_required and not req.id_number:
            raise QueueRefusal.rule(422, "id_required", **named)
        id_hash, number = self.id_hash(req.id_number)
        c = tx.conn
        appointment = None
        if req.appointment_id:
            appointment = c.execute(sa.select(db.appointments).where(
                db.appointments.c.id == req.appointment_id)).first()
            if appointment is None or appointment.category != cat.code or appointment.date != tx.day.isoformat():
                raise QueueRefusal.rule(409, "appointment_not_today")
            if appointment.ticket_id is not None:
                raise QueueRefusal.rule(409, "appointment_used")
            if appointment.id_hash and id_hash and appointment.id_hash != id_hash:
                raise QueueRefusal.rule(409, "appointment_other_person")
            self._check_in_time(tx, appointment)
        elif cat.appointment_only:
            raise QueueRefusal.rule(409, "appointment_only", **named)
        if id_hash:
            holding = c.execute(sa.select(db.tickets.c.number).where(
                db.tickets.c.business_day == tx.day.isoformat(), db.tickets.c.id_hash == id_hash,
                db.tickets.c.category == cat.code,
                db.tickets.c.state.in_([s.value for s in ACTIVE_STATES]))).scalar()
            if holding:
                raise QueueRefusal.rule(409, "already_holding", **named, number=holding)
        green = req.green_channel or self.green_by_age(cat, number, tx.day)
        seq, _ = self.allocate(tx, cat, 1)
        row = self.insert(tx, actor, cat, seq, issued_at=tx.ts, id_hash=id_hash, name=req.name,
                          green=green, appointment=appointment)
        if appointment is not None:
            c.execute(db.appointments.update().where(db.appointments.c.id == appointment.id)
                      .values(ticket_id=row.id))
        answer = self.issued(tx, row)
        if answer.wait_low_minutes is not None:  # the promise kept on the ticket, to be measured at its call
            c.execute(db.tickets.update().where(db.tickets.c.id == row.id).values(
                promise_point_min=answer.estimated_wait_minutes, promise_low_min=answer.wait_low_minutes,
                promise_high_min=answer.wait_high_minutes))
        return 201, answer

    def _check_in_time(self, tx: Tx, appointment: Any) -> None:
        """Refuse a check-in before slot_start − checkin_early, or after slot_end + late (lapsed)."""
        answer = rules.check_in(tx.now, dt.date.fromisoformat(appointment.date),
                                dt.time.fromisoformat(appointment.slot_start),
                                dt.time.fromisoformat(appointment.slot_end), self.hall.tz,
                                early_minutes=self.hall.appointment_checkin_early_minutes,
                                late_minutes=self.hall.appointment_late_minutes)
        refused = answer.refusal()
        if refused is not None:
            raise QueueRefusal.of(409, refused)

    def abandon(self, tx: Tx, actor: Principal, req: AbandonRequest) -> tuple[int, AbandonResult]:
        """The kiosk gave up on POST /tickets with this key and issued a lease number instead.

        If the key made a ticket, it is cancelled (reason kiosk_fallback); either way the key is
        tombstoned, so the original request arriving later (or again) is refused and issues nothing.
        Runs on the one writer, so it is ordered with the original request whichever comes first.
        """
        i = db.idempotency.c
        row = tx.conn.execute(sa.select(db.idempotency).where(i.principal == actor.id,
                                                             i.key == req.idempotency_key)).first()
        ticket_id = None
        if row is not None and row.request_hash == ABANDONED:  # abandoned before: the same answer
            ticket_id = json.loads(row.response)["error"]["detail"].get("ticket_id")
            if ticket_id is None:
                return 200, AbandonResult(ticket=None)
            return 200, AbandonResult(ticket=self.model(self.ticket(tx, ticket_id)))
        ticket = None
        if row is not None and row.status == 201:
            body = json.loads(row.response)
            ticket_id = body.get("ticket", {}).get("id") if isinstance(body.get("ticket"), dict) else None
            if ticket_id is not None:
                ticket = self.ticket(tx, ticket_id)
                if ticket.state in (TicketState.WAITING, TicketState.HELD):
                    ticket = self.update(tx, ticket, state=TicketState.CANCELLED, reason="kiosk_fallback",
                                         finished_at=tx.ts)
                    if ticket.appointment_id is not None:  # the citizen checks in with the lease ticket
                        tx.conn.execute(db.appointments.update().where(
                            db.appointments.c.id == ticket.appointment_id,
                            db.appointments.c.ticket_id == ticket.id).values(ticket_id=None))
                    tx.emit("ticket.cancelled", {"ticket": self.public(ticket)})
        tombstone = json.dumps(QueueRefusal(
            409, "request_abandoned", "该取号请求已由本机放弃（已改为离线取号），不再出号",
            "this ticket request was abandoned by the kiosk (it issued an offline number instead)",
            ticket_id=ticket_id).body(), ensure_ascii=False)
        if row is None:
            tx.conn.execute(db.idempotency.insert().values(principal=actor.id, key=req.idempotency_key,
                                                           request_hash=ABANDONED, status=409, response=tombstone,
                                                           at=tx.ts))
        else:
            tx.conn.execute(db.idempotency.update().where(i.principal == actor.id, i.key == req.idempotency_key)
                            .values(request_hash=ABANDONED, status=409, response=tombstone, at=tx.ts))
        return 200, AbandonResult(ticket=self.model(ticket) if ticket is not None else None)

    def cancel(self, tx: Tx, actor: Principal, ticket_id: int, req: CancelRequest) -> tuple[int, TicketResult]:
        row = self.ticket(tx, ticket_id)
        if not self.may_see(actor, row):
            raise unknown_ticket()
        if row.state not in (TicketState.WAITING, TicketState.HELD):
            raise wrong_state(row, "cancel")
        row = self.update(tx, row, state=TicketState.CANCELLED, reason=req.reason or "cancelled",
                          finished_at=tx.ts)
        tx.emit("ticket.cancelled", {"ticket": self.public(row)})
        return 200, TicketResult(ticket=self.model(row))

    # --- reading ------------------------------------------------------------------------------

    def find(self, state: str | None, category: str | None, window: str | None) -> list[Ticket]:
        """Today's tickets, filtered; waiting ones in calling order, others by id."""
        day = self.hall.business_day(self.clock())
        with self.store.read() as conn:
            q = sa.select(db.tickets).where(db.tickets.c.business_day == day.isoformat())
            if state:
                q = q.where(db.tickets.c.state == state)
            if category:
                q = q.where(db.tickets.c.category == category)
            if window:
                cats = list(self.hall.windows[window].categories) if window in self.hall.windows else []
                q = q.where(db.tickets.c.category.in_(cats))
            if state == TicketState.WAITING:  # in calling order
                q = q.order_by(*self.line.order_by(self.clock().timestamp()))
            else:
                q = q.order_by(db.tickets.c.id)
            rows = list(conn.execute(q))
        return [self.model(r) for r in rows]

    def get(self, ticket_id: int, reader: Principal) -> Ticket:
        """A ticket by its id; a kiosk sees only the tickets it issued (ids are sequential)."""
        with self.store.read() as conn:
            row = conn.execute(sa.select(db.tickets).where(db.tickets.c.id == ticket_id)).first()
        if row is None or not self.may_see(reader, row):
            raise unknown_ticket()
        return self.model(row)

    def track(self, token: str, poll_seconds: int) -> TicketTrack | None:
        """The tracking view of the ticket with this token, or None (unknown, or older than TRACK_DAYS).

        A read transaction only: phones polling never queue behind the writer. A ticket of a
        business day that has ended reads as closed even before the turnover is committed.
        """
        now = self.clock()
        today = self.hall.business_day(now)
        with self.store.read() as conn:
            row = conn.execute(sa.select(db.tickets).where(db.tickets.c.track_token == token)).first()
            if row is None:
                return None
            day = dt.date.fromisoformat(row.business_day)
            if (today - day).days > TRACK_DAYS:
                return None  # expired: answered exactly as an unknown token
            state = TicketState(row.state)
            day_closed = day < today and state not in FINAL_STATES or row.reason == "day_closed"
            if day_closed:
                state = TicketState.CANCELLED
            ahead = minutes = None
            promise = wait_promise.UNKNOWN
            if state == TicketState.WAITING:
                ahead = self.line.ahead_in_order(conn, row, now.timestamp())
                minutes = self.line.estimate_minutes(conn, day, row.category, ahead)
                promise = self.line.promise(conn, day, row.category, ahead)
        cat = self.hall.categories.get(row.category)
        window = row.window if state in (TicketState.CALLED, TicketState.SERVING) else None
        target = row.target_window if state == TicketState.WAITING else None
        return TicketTrack(
            number=row.number, category_name=cat.name if cat else row.category,
            category_name_en=cat.name_en if cat else row.category, state=state, day_closed=day_closed,
            window=window, window_name=self._window_name(window, "zh"), window_name_en=self._window_name(window, "en"),
            target_window=target, target_window_name=self._window_name(target, "zh"),
            target_window_name_en=self._window_name(target, "en"),
            people_ahead=ahead, estimated_wait_minutes=minutes, business_day=day,
            wait_low_minutes=promise.low, wait_high_minutes=promise.high,
            hall_name=self.hall.name, hall_name_en=self.hall.name_en,
            final=state in FINAL_STATES, poll_seconds=poll_seconds)

    def _window_name(self, code: str | None, lang: str) -> str | None:
        """A window's name in the hall file, or by its number (hall_rules.names) when the file has no such window."""
        if code is None:
            return None
        w = self.hall.windows.get(code)
        if w is not None:
            return w.name_en if lang == "en" else w.name
        return window_name(code, lang)
