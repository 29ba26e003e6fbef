"""The queue engine: numbering, the ticket life, windows, calling order, leases, events.

Every command runs in one writing transaction together with its idempotency record and the
events it appends, so a command either happened completely (and its answer is kept for
retries) or not at all.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import logging
import concurrent.futures
import functools
import math
import queue
import secrets
import threading
import time
import tomllib
import types
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from hall_rules import queue as rules
from hall_rules.errors import HallError

from . import db, idnumber
from .config import Category, Hall, parse_hall
from .schema import (
    ACTIVE_STATES, AbandonRequest, AbandonResult, Appointment, AppointmentCodePayload, AppointmentRequest,
    CallNextRequest, CallResult, CancelRequest, CategoryStatus, Event, HoldRequest, IssuedTicket,
    IssueTicketRequest, Lease, LeaseRequest, OfflineNote, OfflineResult, OfflineSubmit, PauseRequest,
    encode_appointment_code, Role, Snapshot, Ticket, TicketResult, TicketState,
    TicketTrack, TransferRequest, WindowResult, WindowState, WindowStatus, WindowTicketRequest,
)

log = logging.getLogger(__name__)

STAFF_ROLES = (Role.WINDOW_STAFF, Role.HALL_ADMIN)
TRACK_DAYS = 1  # a tracking address still answers (as closed) this many days after its business day
FINAL_STATES = (TicketState.DONE, TicketState.NO_SHOW, TicketState.CANCELLED)
CLOCK_SKEW_S = 120  # how far an offline kiosk's clock may run ahead of the server's
ABANDONED = "abandoned"  # idempotency.request_hash of a key its kiosk gave up on (POST /tickets/abandon)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class QueueRefusal(HallError):
    """A command the queue rules refuse; carries an HTTP status and a reason in zh and en."""

    def __init__(self, status: int, code: str, message: str, message_en: str, **detail: Any):
        super().__init__(code, message, message_en, detail)
        self.status = status
        # What the refusal itself leaves behind once the command's writes are undone (a failed
        # attempt counted against its limit); run in the command's transaction.
        self.leave: Callable[["Tx"], None] | None = None

    @classmethod
    def of(cls, status: int, refusal: rules.Refusal) -> "QueueRefusal":
        """A refusal of a shared queue rule (hall_rules.queue), in the words the kiosk gives offline."""
        return cls(status, refusal.code, refusal.message, refusal.message_en, **refusal.detail)

    @classmethod
    def rule(cls, status: int, code: str, **values: Any) -> "QueueRefusal":
        """`of` the refusal `code` of hall_rules.queue's table, filled from `values`."""
        return cls.of(status, rules.refusal(code, **values))

    def body(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message, "message_en": self.message_en,
                          "detail": self.detail}}


@dataclass(frozen=True)
class Principal:
    """Who is asking: a device (kiosk, display) or a logged-in staff member."""

    id: str
    role: Role
    name: str
    window: str | None = None
    area: str | None = None


@dataclass
class Tx:
    """One writing transaction: its connection, its moment and the events it appends."""

    conn: sa.Connection
    now: dt.datetime
    day: dt.date
    hot: "HotStatements"
    events: list[Event] = field(default_factory=list)

    @property
    def ts(self) -> float:
        return self.now.timestamp()

    def emit(self, type_: str, data: dict[str, Any]) -> Event:
        conn = self.conn
        seq = self.hot.bump_seq.execute(conn).fetchone()[0]
        text = json.dumps(data, ensure_ascii=False, default=str)
        self.hot.insert_event.execute(conn, {"seq": seq, "at": self.ts, "type": type_, "data": text})
        event = Event.model_construct(seq=seq, type=type_, at=self.now, data=json.loads(text))
        self.events.append(event)
        return event


@dataclass
class Outcome:
    status: int
    body: str
    replayed: bool = False


@dataclass
class _Job:
    actor: Principal
    key: str | None
    request_hash: str
    command: Callable[[Tx], tuple[int, Any]]
    future: concurrent.futures.Future[Outcome]


class HotStatements:
    """The statements every ticket runs, compiled once for the store's dialect (see db.Prepared)."""

    TICKET_COLUMNS = [c.name for c in db.tickets.columns if c.name != "id"]

    def __init__(self, dialect: sa.Dialect):
        self.idempotency_lookup = db.Prepared(_IDEMPOTENCY_LOOKUP, dialect)
        self.insert_idempotency = db.Prepared(db.idempotency.insert(), dialect,
                                              [c.name for c in db.idempotency.columns])
        self.counter_take = db.Prepared(_COUNTER_TAKE, dialect)
        self.counter_create = db.Prepared(db.insert_missing(db.number_counters, dialect).values(
            business_day=sa.bindparam("b_day"), category=sa.bindparam("b_category"), value=0, reserved=0), dialect)
        self.config_version = db.Prepared(_CONFIG_VERSION, dialect)
        self.insert_ticket = db.Prepared(db.tickets.insert().returning(db.tickets.c.id), dialect,
                                         self.TICKET_COLUMNS)
        self.bump_seq = db.Prepared(_BUMP_SEQ, dialect)
        self.insert_event = db.Prepared(db.events.insert(), dialect, [c.name for c in db.events.columns])
        self.count_waiting = db.Prepared(_COUNT_WAITING, dialect)


SYSTEM = Principal(id="system", role=Role.HALL_ADMIN, name="system")
BATCH_LIMIT = 64
TRANSIENT_TRIES = 5  # times a batch runs when the database rolls it back (deadlock, serialization failure)
_IDEMPOTENCY_LOOKUP = sa.select(db.idempotency.c.request_hash, db.idempotency.c.status,
                                db.idempotency.c.response).where(
    db.idempotency.c.principal == sa.bindparam("principal"), db.idempotency.c.key == sa.bindparam("key"))
_OPEN_WINDOWS = sa.select(db.windows.c.code).where(db.windows.c.state == WindowState.OPEN)
_RECENT_SERVICE = sa.select(db.tickets.c.serving_at, db.tickets.c.finished_at).where(
    db.tickets.c.business_day == sa.bindparam("day"), db.tickets.c.category == sa.bindparam("category"),
    db.tickets.c.state == TicketState.DONE, db.tickets.c.serving_at.is_not(None),
).order_by(db.tickets.c.finished_at.desc()).limit(20)
_COUNT_WAITING = sa.select(sa.func.count()).select_from(db.tickets).where(
    db.tickets.c.business_day == sa.bindparam("day"), db.tickets.c.state == TicketState.WAITING,
    db.tickets.c.category == sa.bindparam("category"))
_COUNTER_KEY = ((db.number_counters.c.business_day == sa.bindparam("b_day"))
                & (db.number_counters.c.category == sa.bindparam("b_category")))
_COUNTER_READ = sa.select(db.number_counters.c.reserved).where(_COUNTER_KEY)
_CONFIG_VERSION = sa.select(sa.func.max(db.hall_config.c.id))
_COUNTER_TAKE = db.number_counters.update().where(
    _COUNTER_KEY & (db.number_counters.c.reserved + sa.bindparam("b_count") <= sa.bindparam("b_cap"))
).values(value=db.number_counters.c.value + sa.bindparam("b_count"),
         reserved=db.number_counters.c.reserved + sa.bindparam("b_count"),
         ).returning(db.number_counters.c.value)
ESTIMATE_CACHE_S = 5.0
_BUMP_SEQ = (db.counters.update().where(db.counters.c.name == "event_seq")
             .values(value=db.counters.c.value + 1).returning(db.counters.c.value))


def _ts(value: float | None) -> dt.datetime | None:
    return None if value is None else dt.datetime.fromtimestamp(value, dt.timezone.utc)


class QueueEngine:
    """The one authority for ticket numbers and queue state."""

    def __init__(self, hall: Hall, store: db.Store, clock: Callable[[], dt.datetime] = utc_now,
                 ignore_hours: bool = False, public_url: str = "http://127.0.0.1:8000"):
        self.hall = hall
        self.public_url = public_url.rstrip("/")
        self.store = store
        self.clock = clock
        self.ignore_hours = ignore_hours
        self.listeners: list[Callable[[list[Event]], None]] = []
        # Run inside the transaction that turns the business day over (e.g. pending category prefixes).
        self.day_hooks: list[Callable[[Tx], None]] = []
        with store.write() as conn:
            existing = {r.code for r in conn.execute(sa.select(db.windows.c.code))}
            for code in hall.windows:
                if code not in existing:
                    conn.execute(db.windows.insert().values(code=code, state=WindowState.CLOSED))
            key = conn.execute(sa.select(db.hall_state.c.value).where(db.hall_state.c.key == "id_key")).scalar()
            if key is None:
                key = secrets.token_hex(32)
                conn.execute(db.hall_state.insert().values(key="id_key", value=key))
            signing = conn.execute(sa.select(db.hall_state.c.value).where(
                db.hall_state.c.key == db.APPOINTMENT_SIGNING_KEY)).scalar_one()
            config_version = conn.execute(_CONFIG_VERSION).scalar()
        self._id_key = bytes.fromhex(key)
        # The appointment codes' signing key: never logged, never served (only its public half).
        self._signing_key = Ed25519PrivateKey.from_private_bytes(base64.b64decode(signing))
        self.appointment_public_key = self._signing_key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        self._hot = HotStatements(store.engine.dialect)
        self._day_seen: str | None = None
        self._config_version = config_version  # the hall_config row the categories were read from
        self.batches = self.batched = 0  # group-commit figures, for the health report
        self._open_cache: tuple[frozenset[str], float] | None = None
        self._service_cache: dict[tuple[str, str], tuple[float, float]] = {}
        self._closed = False
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._writer = threading.Thread(target=self._write_loop, name="queue-writer", daemon=True)
        self._writer.start()

    # --- running commands -------------------------------------------------------------------

    def submit(self, actor: Principal, key: str | None, request_hash: str,
               command: Callable[[Tx], tuple[int, Any]]) -> concurrent.futures.Future[Outcome]:
        """Queue a command for the writer; the future resolves once its transaction committed."""
        job = _Job(actor, key, request_hash, command, concurrent.futures.Future())
        if self._closed:
            raise RuntimeError("the queue engine is closed")
        self._jobs.put(job)
        return job.future

    def execute(self, actor: Principal, key: str | None, request_hash: str,
                command: Callable[[Tx], tuple[int, Any]]) -> Outcome:
        """Run a command once per idempotency key; a retry returns the first answer unchanged.

        Raises:
            QueueRefusal: when the key was used before with a different request.
        """
        return self.submit(actor, key, request_hash, command).result()

    def tick(self) -> None:
        """Periodic housekeeping: turn the business day over when its time has come."""
        self.nudge().result()

    def nudge(self) -> concurrent.futures.Future[Outcome]:
        """Run an empty batch soon: it takes up settings stored by another instance, turns the day over."""
        return self.submit(SYSTEM, None, "", lambda tx: (200, {}))

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._jobs.put(None)
            self._writer.join(timeout=30)

    def _write_loop(self) -> None:
        """The one writer: takes what is queued and commits it as one transaction (group commit)."""
        while True:
            job = self._jobs.get()
            if job is None:
                return
            batch = [job]
            self._take_queued(batch)
            self._run_batch(batch)
            self.batches += 1
            self.batched += len(batch)

    def _take_queued(self, batch: list[_Job]) -> None:
        """Add the commands queued by now to the batch, up to BATCH_LIMIT."""
        while len(batch) < BATCH_LIMIT:
            try:
                more = self._jobs.get_nowait()
            except queue.Empty:
                return
            if more is None:
                self._jobs.put(None)
                return
            batch.append(more)

    def _run_batch(self, batch: list[_Job]) -> None:
        for attempt in range(1, TRANSIENT_TRIES + 1):
            events: list[Event] = []
            answers: list[Outcome | BaseException] = []
            try:
                with self.store.write(after_commit=functools.partial(self._publish, events)) as conn:
                    # Commands that came while another instance held the hall's write lock join
                    # this transaction: one commit for them all.
                    self._take_queued(batch)
                    now = self.clock()
                    self._follow_config(conn)
                    tx = Tx(conn, now, self.hall.business_day(now), self._hot)
                    self._roll_day(tx)
                    events.extend(tx.events)
                    for job in batch:
                        answers.append(self._run_job(conn, now, job, events))
            except Exception as exc:  # the commit itself failed: nothing in the batch happened
                if db.is_transient(exc) and attempt < TRANSIENT_TRIES:
                    # The database gave up on this transaction (a deadlock, a serialization
                    # failure): it left no trace, so the same commands run again.
                    log.warning("a batch of %d commands was rolled back by the database (%s); running it again",
                                len(batch), db.sqlstate(exc))
                    self._day_seen = None
                    continue
                log.exception("writing a batch of %d commands failed", len(batch))
                for job in batch:
                    job.future.set_exception(exc)
                return
            break
        for job, answer in zip(batch, answers):
            if isinstance(answer, BaseException):
                job.future.set_exception(answer)
            else:
                job.future.set_result(answer)

    def _run_job(self, conn: sa.Connection, now: dt.datetime, job: _Job, events: list[Event]) -> Outcome | BaseException:
        if job.key is not None:
            row = self._hot.idempotency_lookup.execute(conn, {"principal": job.actor.id, "key": job.key}).fetchone()
            if row is not None:
                request_hash, status, response = row
                if request_hash == ABANDONED:  # the kiosk gave this request up: it issues nothing
                    return Outcome(status, response)
                if request_hash != job.request_hash:
                    return QueueRefusal(422, "idempotency_key_reused", "该请求标识已用于另一请求",
                                        "this Idempotency-Key was used for a different request")
                return Outcome(status, response, replayed=True)
        tx = Tx(conn, now, self.hall.business_day(now), self._hot)
        # The command and its idempotency record stand or fall together, apart from the batch.
        savepoint = db.Savepoint(conn)
        try:
            try:
                status, result = job.command(tx)
                body = result.model_dump_json() if hasattr(result, "model_dump_json") else json.dumps(result)
            except QueueRefusal as refusal:
                savepoint.undo()
                tx.events.clear()
                if refusal.leave is not None:
                    refusal.leave(tx)
                status, body = refusal.status, json.dumps(refusal.body(), ensure_ascii=False)
            if job.key is not None:
                self._hot.insert_idempotency.execute(conn, {
                    "principal": job.actor.id, "key": job.key, "request_hash": job.request_hash,
                    "status": status, "response": body, "at": tx.ts})
            savepoint.commit()
        except Exception as exc:  # a bug must not take the other commands of the batch with it
            savepoint.rollback()
            if db.is_transient(exc):
                raise  # the whole transaction is lost: the batch runs again
            log.exception("command failed")
            return exc
        events.extend(tx.events)
        return Outcome(status, body)

    def _follow_config(self, conn: sa.Connection) -> None:
        """Take up category settings another server instance stored since this one last looked."""
        latest = self._hot.config_version.execute(conn).fetchone()[0]
        if latest == self._config_version:
            return
        if self._config_version is not None:
            row = conn.execute(sa.select(db.hall_config.c.toml).where(db.hall_config.c.id == latest)).one()
            stored = parse_hall(tomllib.loads(row.toml), "stored configuration")
            for code, cat in stored.categories.items():
                if code in self.hall.categories and self.hall.categories[code] != cat:
                    self.hall.categories[code] = cat
                    log.info("category %s settings taken from the configuration stored by another instance", code)
        self._config_version = latest

    def _publish(self, events: list[Event]) -> None:
        if not events:
            return
        for listener in self.listeners:
            try:
                listener(events)
            except Exception:  # a broken subscriber must never undo a committed command
                log.exception("event listener failed")

    def _roll_day(self, tx: Tx) -> None:
        c = tx.conn
        today = tx.day.isoformat()
        if self._day_seen == today:
            return
        stored = c.execute(sa.select(db.hall_state.c.value).where(db.hall_state.c.key == "business_day")).scalar()
        self._day_seen = today
        if stored == today:
            return
        if stored is None:
            c.execute(db.hall_state.insert().values(key="business_day", value=today))
        else:
            c.execute(db.hall_state.update().where(db.hall_state.c.key == "business_day").values(value=today))
        if stored is not None and stored > today:
            log.warning("clock went back across a business day (%s → %s); keeping state", stored, today)
            return
        closed = c.execute(db.tickets.update().where(
            db.tickets.c.business_day < today, db.tickets.c.state.in_([s.value for s in ACTIVE_STATES]),
        ).values(state=TicketState.CANCELLED, reason="day_closed", finished_at=tx.ts)).rowcount
        c.execute(db.leases.update().where(db.leases.c.business_day < today, db.leases.c.released_at.is_(None))
                  .values(released_at=tx.ts))
        c.execute(db.windows.update().values(state=WindowState.CLOSED, reason=None, staff=None,
                                             current_ticket=None, since=tx.ts))
        for hook in self.day_hooks:
            hook(tx)
        if stored is not None:
            log.info("business day turned over to %s; %d unfinished tickets closed", today, closed)
            tx.emit("day.rolled", {"business_day": today, "previous": stored, "closed_tickets": closed})

    # --- reading ----------------------------------------------------------------------------

    def ticket_model(self, row: Any) -> Ticket:
        return Ticket(
            id=row.id, number=row.number, category=row.category, state=row.state,
            business_day=dt.date.fromisoformat(row.business_day), issued_at=_ts(row.issued_at),
            queued_at=_ts(row.queued_at), called_at=_ts(row.called_at), window=row.window,
            target_window=row.target_window, recall_count=row.recall_count, green_channel=bool(row.green),
            appointment=row.appointment_id is not None, masked_name=row.masked_name,
            transfers=row.transfers, reason=row.reason,
        )

    def tier_sql(self, now_ts: float) -> sa.ColumnElement[int]:
        """The calling tier of `order_key` as a SQL expression, so the database can pick the next ticket."""
        t = db.tickets.c
        aged_before = now_ts - self.hall.ageing_minutes * 60
        early = self.hall.appointment_early_minutes * 60
        return sa.case(
            (t.green.is_(True) | (t.queued_at <= aged_before), 0),
            (t.slot_start.is_not(None) & (t.slot_start - early <= now_ts) & (t.slot_end >= now_ts), 1),
            else_=2)

    def order_key(self, row: Any, now_ts: float) -> tuple[int, float, int]:
        """Calling order: green channel or aged tickets, then appointments in their slot, then FIFO."""
        aged = now_ts - row.queued_at >= self.hall.ageing_minutes * 60
        if row.green or aged:
            tier = 0
        elif (row.slot_start is not None
              and row.slot_start - self.hall.appointment_early_minutes * 60 <= now_ts <= row.slot_end):
            tier = 1
        else:
            tier = 2
        return (tier, row.queued_at, row.id)

    def _open_windows(self, conn: sa.Connection, category: str) -> int:
        now = time.monotonic()
        cached = self._open_cache
        if cached is None or cached[1] < now:
            codes = frozenset(r.code for r in conn.execute(_OPEN_WINDOWS))
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
        rows = conn.execute(_RECENT_SERVICE, {"day": key[0], "category": category}).all()
        minutes = (sum(r.finished_at - r.serving_at for r in rows) / len(rows) / 60 if rows
                   else self.hall.default_service_minutes)
        self._service_cache[key] = (minutes, now + ESTIMATE_CACHE_S)
        return minutes

    def estimate_minutes(self, conn: sa.Connection, day: dt.date, category: str, ahead: int) -> int:
        per = self._service_minutes(conn, day, category)
        return math.ceil(ahead * per / max(self._open_windows(conn, category), 1))

    def people_ahead(self, conn: sa.Connection, day: dt.date, row: Any, now_ts: float) -> int:
        """How many waiting tickets of the same category will be called before this one."""
        t = db.tickets
        params = {"day": day.isoformat(), "category": row.category}
        tier = self.order_key(row, now_ts)[0]
        if row.queued_at >= now_ts:
            # Just issued: everyone queued earlier in the same or a better tier is ahead. Count in SQL.
            itself = 1 if row.state == TicketState.WAITING else 0
            if tier == 2:
                return self._hot.count_waiting.execute(conn, params).fetchone()[0] - itself
            aged_before = now_ts - self.hall.ageing_minutes * 60
            first_tier = t.c.green.is_(True) | (t.c.queued_at <= aged_before)
            ahead = conn.execute(_COUNT_WAITING.where(first_tier), params).scalar_one() - itself
            if tier == 1:
                early = self.hall.appointment_early_minutes * 60
                ahead += conn.execute(_COUNT_WAITING.where(
                    ~first_tier & t.c.slot_start.is_not(None)
                    & (t.c.slot_start - early <= now_ts) & (t.c.slot_end >= now_ts)), params).scalar_one()
            return ahead
        mine = self.order_key(row, now_ts)
        others = conn.execute(sa.select(t).where(
            t.c.business_day == params["day"], t.c.state == TicketState.WAITING,
            t.c.category == row.category, t.c.id != row.id))
        return sum(1 for other in others if self.order_key(other, now_ts) < mine)

    def _ahead_in_order(self, conn: sa.Connection, row: Any, now_ts: float) -> int:
        """Waiting tickets of the same category before this one in calling order (ties broken by id)."""
        t = db.tickets
        mine = self.order_key(row, now_ts)
        others = conn.execute(sa.select(t).where(
            t.c.business_day == row.business_day, t.c.state == TicketState.WAITING,
            t.c.category == row.category, t.c.id != row.id))
        return sum(1 for other in others if self.order_key(other, now_ts) < mine)

    def snapshot(self, area: str | None = None, *, with_tickets: bool = True, staff_names: bool = False) -> Snapshot:
        """Current state with the event sequence it includes, read in one consistent transaction.

        Args:
            area: only the windows of this area and the categories they serve.
            with_tickets: False leaves `tickets` empty, for a kiosk that needs only the categories.
            staff_names: the windows' staff by their full names (for staff); else masked (kiosks, displays).
        """
        now = self.clock()
        day = self.hall.business_day(now)
        with self.store.read() as conn:
            seq = conn.execute(sa.select(db.counters.c.value).where(db.counters.c.name == "event_seq")).scalar_one()
            stored_day = conn.execute(sa.select(db.hall_state.c.value)
                                      .where(db.hall_state.c.key == "business_day")).scalar()
            if stored_day is not None and stored_day < day.isoformat():
                day = dt.date.fromisoformat(stored_day)  # the turnover has not been committed yet
            windows_rows = {r.code: r for r in conn.execute(sa.select(db.windows))}
            active = list(conn.execute(sa.select(db.tickets).where(
                db.tickets.c.business_day == day.isoformat(),
                db.tickets.c.state.in_([s.value for s in ACTIVE_STATES])).order_by(db.tickets.c.id)))
            by_id = {r.id: r for r in active}
            window_list = [w for w in self.hall.windows.values() if area is None or w.area == area]
            served = {c for w in window_list for c in w.categories}
            cats = [c for c in self.hall.categories.values() if area is None or c.code in served]
            issued = dict(conn.execute(sa.select(db.tickets.c.number_category, sa.func.count()).where(
                db.tickets.c.business_day == day.isoformat()).group_by(db.tickets.c.number_category)).all())
            categories = []
            for cat in cats:
                waiting = sum(1 for r in active if r.category == cat.code and r.state == TicketState.WAITING)
                categories.append(CategoryStatus(
                    code=cat.code, prefix=cat.prefix, name=cat.name, name_en=cat.name_en, waiting=waiting,
                    estimated_wait_minutes=self.estimate_minutes(conn, day, cat.code, waiting),
                    open_now=self._is_open(cat, now), issued_today=issued.get(cat.code, 0),
                    daily_cap=cat.daily_cap, warn_waiting=cat.warn_waiting,
                    open_windows=sum(1 for code, w in windows_rows.items() if w.state == WindowState.OPEN
                                     and code in self.hall.windows
                                     and cat.code in self.hall.windows[code].categories)))
            windows = [self._window_model(w.code, windows_rows[w.code], by_id.get(windows_rows[w.code].current_ticket),
                                          staff_names=staff_names) for w in window_list]
            tickets = [self.ticket_model(r) for r in active if area is None or r.category in served] \
                if with_tickets else []
        return Snapshot(seq=seq, business_day=day, categories=categories, windows=windows, tickets=tickets)

    def _window_model(self, code: str, row: Any, current: Any | None, staff_names: bool = True) -> WindowStatus:
        w = self.hall.windows[code]
        staff = self.hall.staff.get(row.staff) if row.staff else None
        name = None if staff is None else staff.name if staff_names else idnumber.mask_name(staff.name)
        return WindowStatus(code=code, name=w.name, name_en=w.name_en, area=w.area, categories=list(w.categories),
                            state=row.state, reason=row.reason, staff_name=name,
                            current_ticket=self.ticket_model(current) if current is not None else None,
                            since=_ts(row.since))

    def events_after(self, after: int, limit: int = 500) -> list[Event]:
        with self.store.read() as conn:
            rows = conn.execute(sa.select(db.events).where(db.events.c.seq > after)
                                .order_by(db.events.c.seq).limit(limit)).all()
        return [Event(seq=r.seq, type=r.type, at=_ts(r.at), data=json.loads(r.data)) for r in rows]

    def last_seq(self) -> int:
        with self.store.read() as conn:
            return conn.execute(sa.select(db.counters.c.value).where(db.counters.c.name == "event_seq")).scalar_one()

    def list_tickets(self, state: str | None, category: str | None, window: str | None) -> list[Ticket]:
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
                q = q.order_by(self.tier_sql(self.clock().timestamp()), db.tickets.c.queued_at, db.tickets.c.id)
            else:
                q = q.order_by(db.tickets.c.id)
            rows = list(conn.execute(q))
        return [self.ticket_model(r) for r in rows]

    def get_ticket(self, ticket_id: int, reader: Principal) -> Ticket:
        """A ticket by its id; a kiosk sees only the tickets it issued (ids are sequential)."""
        with self.store.read() as conn:
            row = conn.execute(sa.select(db.tickets).where(db.tickets.c.id == ticket_id)).first()
        if row is None or not self._may_see(reader, row):
            raise _unknown_ticket()
        return self.ticket_model(row)

    @staticmethod
    def _may_see(actor: Principal, row: Any) -> bool:
        """Staff see every ticket; a kiosk those it issued (another's is answered as no such ticket)."""
        return actor.role != Role.KIOSK or row.issued_by == actor.id

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
            if state == TicketState.WAITING:
                ahead = self._ahead_in_order(conn, row, now.timestamp())
                minutes = self.estimate_minutes(conn, day, row.category, ahead)
        cat = self.hall.categories.get(row.category)
        window = row.window if state in (TicketState.CALLED, TicketState.SERVING) else None
        return TicketTrack(
            number=row.number, category_name=cat.name if cat else row.category,
            category_name_en=cat.name_en if cat else row.category, state=state, day_closed=day_closed,
            window=window, window_name=self.hall.windows[window].name if window in self.hall.windows else None,
            target_window=row.target_window if state == TicketState.WAITING else None,
            people_ahead=ahead, estimated_wait_minutes=minutes, business_day=day,
            hall_name=self.hall.name, hall_name_en=self.hall.name_en,
            final=state in FINAL_STATES, poll_seconds=poll_seconds)

    def leases_of(self, device: str) -> list[Lease]:
        day = self.hall.business_day(self.clock())
        with self.store.read() as conn:
            rows = conn.execute(sa.select(db.leases).where(db.leases.c.device == device,
                                                           db.leases.c.business_day == day.isoformat())).all()
            return [self._lease_model(conn, r) for r in rows]

    # --- rules shared by commands -----------------------------------------------------------

    def _category(self, code: str) -> Category:
        cat = self.hall.categories.get(code)
        if cat is None:
            raise QueueRefusal.rule(404, "unknown_category", category=code)
        return cat

    def _is_open(self, cat: Category, now: dt.datetime) -> bool:
        if self.ignore_hours:
            return True
        local = now.astimezone(self.hall.tz)
        if not cat.all_days and not self.hall.calendar.is_workday(local.date()):
            return False
        return rules.open_at(cat.hours, local.time())

    def _id_hash(self, id_number: str | None) -> tuple[str | None, str | None]:
        if not id_number:
            return None, None
        try:
            number = idnumber.normalise(id_number)
        except idnumber.BadIdNumber:
            raise QueueRefusal(422, idnumber.BAD_ID_NUMBER, idnumber.BAD_ID_NUMBER_ZH,
                               idnumber.BAD_ID_NUMBER_EN) from None
        return idnumber.keyed_hash(self._id_key, number), number

    def _green_by_age(self, cat: Category, number: str | None, day: dt.date) -> bool:
        return bool(cat.green_channel and number and idnumber.age_on(number, day) >= self.hall.green_channel_age)

    def _allocate(self, tx: Tx, cat: Category, count: int, clip: bool = False) -> tuple[int, int]:
        """Hand out `count` sequence numbers of today within the daily cap; returns (first, count).

        Args:
            clip: give fewer than asked when the cap leaves fewer (leases), instead of refusing.
        """
        c = tx.conn
        params = {"b_day": tx.day.isoformat(), "b_category": cat.code, "b_cap": cat.daily_cap}
        if clip:
            reserved = c.execute(_COUNTER_READ, params).scalar() or 0
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

    def _unreserve(self, tx: Tx, category: str, day: str, count: int) -> None:
        key = (db.number_counters.c.business_day == day) & (db.number_counters.c.category == category)
        tx.conn.execute(db.number_counters.update().where(key)
                        .values(reserved=db.number_counters.c.reserved - count))

    def _insert_ticket(self, tx: Tx, actor: Principal, cat: Category, seq: int, *, issued_at: float,
                       id_hash: str | None, name: str | None, green: bool, lease_id: str | None = None,
                       appointment: Any | None = None, track_token: str | None = None) -> Any:
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
        tx.emit("ticket.issued", {"ticket": self._public(row), "offline": lease_id is not None})
        return row

    def _local_ts(self, day: dt.date, hhmm: str) -> float:
        t = dt.time.fromisoformat(hhmm)
        return dt.datetime.combine(day, t, tzinfo=self.hall.tz).timestamp()

    def _public(self, row: Any) -> dict[str, Any]:
        return self.ticket_model(row).model_dump(mode="json")

    def _issued(self, tx: Tx, row: Any) -> IssuedTicket:
        ahead = self.people_ahead(tx.conn, tx.day, row, tx.ts)
        return IssuedTicket(ticket=self.ticket_model(row), people_ahead=ahead,
                            estimated_wait_minutes=self.estimate_minutes(tx.conn, tx.day, row.category, ahead),
                            track_token=row.track_token, track_url=self.track_url(row.track_token))

    def track_url(self, token: str) -> str:
        """The address a receipt's QR code carries: the public base URL, never the ticket number."""
        return f"{self.public_url}/t/{token}"

    # --- tickets ----------------------------------------------------------------------------

    def issue_ticket(self, tx: Tx, actor: Principal, req: IssueTicketRequest) -> tuple[int, IssuedTicket]:
        cat = self._category(req.category)
        if req.green_channel and actor.role not in STAFF_ROLES:
            raise QueueRefusal(403, "green_channel_staff_only", "绿色通道需由工作人员标记",
                               "only staff may mark a ticket for the green channel")
        named = {"name": cat.name, "name_en": cat.name_en}
        if not self._is_open(cat, tx.now):
            raise QueueRefusal.rule(409, "category_closed", **named, hours=rules.format_hours(cat.hours))
        if cat.id_required and not req.id_number:
            raise QueueRefusal.rule(422, "id_required", **named)
        id_hash, number = self._id_hash(req.id_number)
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
        green = req.green_channel or self._green_by_age(cat, number, tx.day)
        seq, _ = self._allocate(tx, cat, 1)
        row = self._insert_ticket(tx, actor, cat, seq, issued_at=tx.ts, id_hash=id_hash, name=req.name,
                                  green=green, appointment=appointment)
        if appointment is not None:
            c.execute(db.appointments.update().where(db.appointments.c.id == appointment.id)
                      .values(ticket_id=row.id))
        return 201, self._issued(tx, row)

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
        row = tx.conn.execute(sa.select(db.idempotency).where(i.principal == actor.id, i.key == req.idempotency_key)).first()
        ticket_id = None
        if row is not None and row.request_hash == ABANDONED:  # abandoned before: the same answer
            ticket_id = json.loads(row.response)["error"]["detail"].get("ticket_id")
            if ticket_id is None:
                return 200, AbandonResult(ticket=None)
            return 200, AbandonResult(ticket=self.ticket_model(self._ticket(tx, ticket_id)))
        ticket = None
        if row is not None and row.status == 201:
            body = json.loads(row.response)
            ticket_id = body.get("ticket", {}).get("id") if isinstance(body.get("ticket"), dict) else None
            if ticket_id is not None:
                ticket = self._ticket(tx, ticket_id)
                if ticket.state in (TicketState.WAITING, TicketState.HELD):
                    ticket = self._update(tx, ticket, state=TicketState.CANCELLED, reason="kiosk_fallback",
                                          finished_at=tx.ts)
                    if ticket.appointment_id is not None:  # the citizen checks in with the lease ticket
                        tx.conn.execute(db.appointments.update().where(
                            db.appointments.c.id == ticket.appointment_id,
                            db.appointments.c.ticket_id == ticket.id).values(ticket_id=None))
                    tx.emit("ticket.cancelled", {"ticket": self._public(ticket)})
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
        return 200, AbandonResult(ticket=self.ticket_model(ticket) if ticket is not None else None)

    def cancel(self, tx: Tx, actor: Principal, ticket_id: int, req: CancelRequest) -> tuple[int, TicketResult]:
        row = self._ticket(tx, ticket_id)
        if not self._may_see(actor, row):
            raise _unknown_ticket()
        if row.state not in (TicketState.WAITING, TicketState.HELD):
            raise _wrong_state(row, "cancel")
        row = self._update(tx, row, state=TicketState.CANCELLED, reason=req.reason or "cancelled",
                           finished_at=tx.ts)
        tx.emit("ticket.cancelled", {"ticket": self._public(row)})
        return 200, TicketResult(ticket=self.ticket_model(row))

    def _ticket(self, tx: Tx, ticket_id: int) -> Any:
        row = tx.conn.execute(sa.select(db.tickets).where(db.tickets.c.id == ticket_id)).first()
        if row is None:
            raise _unknown_ticket()
        return row

    def _update(self, tx: Tx, row: Any, **values: Any) -> Any:
        tx.conn.execute(db.tickets.update().where(db.tickets.c.id == row.id).values(**values))
        return tx.conn.execute(sa.select(db.tickets).where(db.tickets.c.id == row.id)).one()

    # --- windows ----------------------------------------------------------------------------

    def _window(self, tx: Tx, actor: Principal, code: str) -> Any:
        if code not in self.hall.windows:
            raise QueueRefusal(404, "unknown_window", "没有这个窗口", "no such window", window=code)
        if actor.role == Role.WINDOW_STAFF and actor.window != code:
            raise QueueRefusal(403, "not_your_window", "您未登录到此窗口", "you are not logged in at this window")
        return tx.conn.execute(sa.select(db.windows).where(db.windows.c.code == code)).one()

    def _set_window(self, tx: Tx, code: str, **values: Any) -> None:
        if "current_ticket" in values and values["current_ticket"] is None:
            values["idle_since"] = tx.ts  # the dashboard's idle time counts from here
        tx.conn.execute(db.windows.update().where(db.windows.c.code == code).values(**values))
        if "state" in values:
            self._open_cache = None

    def _record_service(self, tx: Tx, row: Any, code: str, outcome: str) -> None:
        """Keep the service this ticket got at this window as it ends: a transfer clears the ticket's times."""
        staff = tx.conn.execute(sa.select(db.windows.c.staff).where(db.windows.c.code == code)).scalar()
        called = row.called_at if row.called_at is not None else tx.ts
        # A ticket resumed after a hold keeps its earlier serving_at until it is started again.
        tx.conn.execute(db.service_segments.insert().values(
            ticket_id=row.id, business_day=row.business_day, category=row.category, window=code, staff=staff,
            called_at=called, serving_at=row.serving_at if (row.serving_at or 0) >= called else None,
            ended_at=tx.ts, outcome=outcome))

    def _window_info(self, code: str) -> dict[str, str]:
        w = self.hall.windows[code]
        return {"code": w.code, "name": w.name, "name_en": w.name_en, "area": w.area}

    def _window_result(self, tx: Tx, code: str) -> WindowResult:
        row = tx.conn.execute(sa.select(db.windows).where(db.windows.c.code == code)).one()
        current = None
        if row.current_ticket is not None:
            current = tx.conn.execute(sa.select(db.tickets).where(db.tickets.c.id == row.current_ticket)).first()
        return WindowResult(window=self._window_model(code, row, current))

    def open_window(self, tx: Tx, actor: Principal, code: str) -> tuple[int, WindowResult]:
        w = self._window(tx, actor, code)
        if w.state != WindowState.OPEN:
            staff = actor.id.split(":", 1)[1] if actor.id.startswith("staff:") else None
            if w.state == WindowState.PAUSED and actor.role == Role.HALL_ADMIN:
                staff = w.staff  # a manager resuming a paused window leaves its staff at it
            self._set_window(tx, code, state=WindowState.OPEN, reason=None, staff=staff, since=tx.ts)
            # The event reaches displays: the staff member's name masked, as a citizen's would be.
            tx.emit("window.opened", {"window": self._window_info(code), "staff": idnumber.mask_name(actor.name)})
        return 200, self._window_result(tx, code)

    def pause_window(self, tx: Tx, actor: Principal, code: str, req: PauseRequest) -> tuple[int, WindowResult]:
        w = self._window(tx, actor, code)
        if w.state == WindowState.CLOSED:
            raise QueueRefusal(409, "window_closed", "窗口已关闭，无法暂停", "the window is closed")
        self._set_window(tx, code, state=WindowState.PAUSED, reason=req.reason, since=tx.ts)
        tx.emit("window.paused", {"window": self._window_info(code), "reason": req.reason})
        return 200, self._window_result(tx, code)

    def close_window(self, tx: Tx, actor: Principal, code: str) -> tuple[int, WindowResult]:
        w = self._window(tx, actor, code)
        if w.current_ticket is not None:
            raise QueueRefusal(409, "window_busy", "请先办结、过号或转移当前号码",
                               "finish, no-show or transfer the current ticket first")
        if w.state != WindowState.CLOSED:
            self._set_window(tx, code, state=WindowState.CLOSED, reason=None, staff=None, since=tx.ts)
            tx.emit("window.closed", {"window": self._window_info(code)})
        return 200, self._window_result(tx, code)

    def call_next(self, tx: Tx, actor: Principal, code: str, req: CallNextRequest) -> tuple[int, CallResult]:
        w = self._window(tx, actor, code)
        if w.state != WindowState.OPEN:
            raise QueueRefusal(409, "window_not_open", "窗口未开放，不能叫号", "the window is not open for calling")
        if w.current_ticket is not None:
            raise QueueRefusal(409, "window_busy", "请先办结、过号或转移当前号码",
                               "finish, no-show or transfer the current ticket first",
                               ticket_id=w.current_ticket)
        t = db.tickets.c
        candidates = sa.select(db.tickets).where(
            t.business_day == tx.day.isoformat(), t.state == TicketState.WAITING,
            t.category.in_(self.hall.windows[code].categories),
            t.target_window.is_(None) | (t.target_window == code))
        if req.ticket_id is not None:
            chosen = tx.conn.execute(candidates.where(t.id == req.ticket_id)).first()
            if chosen is None:
                raise QueueRefusal(409, "ticket_not_waiting", "该号码不在本窗口的等候队列中",
                                   "that ticket is not waiting for this window")
        else:
            chosen = tx.conn.execute(candidates.order_by(self.tier_sql(tx.ts), t.queued_at, t.id).limit(1)).first()
            if chosen is None:
                return 200, CallResult(ticket=None)
        row = self._update(tx, chosen, state=TicketState.CALLED, called_at=tx.ts, window=code,
                           target_window=None, recall_count=0)
        self._set_window(tx, code, current_ticket=row.id)
        tx.emit("ticket.called", {"ticket": self._public(row), "window": self._window_info(code)})
        return 200, CallResult(ticket=self.ticket_model(row))

    def _current(self, tx: Tx, actor: Principal, code: str, req_ticket: int, states: tuple[str, ...],
                 action: str) -> Any:
        self._window(tx, actor, code)
        row = self._ticket(tx, req_ticket)
        if row.window != code or row.state not in states:
            raise _wrong_state(row, action)
        return row

    def recall(self, tx: Tx, actor: Principal, code: str, req: WindowTicketRequest) -> tuple[int, TicketResult]:
        row = self._current(tx, actor, code, req.ticket_id, (TicketState.CALLED,), "recall")
        if row.recall_count >= self.hall.recall_limit:
            return self._no_show(tx, code, row, "recall_limit")
        row = self._update(tx, row, recall_count=row.recall_count + 1)
        tx.emit("ticket.recalled", {"ticket": self._public(row), "window": self._window_info(code)})
        return 200, TicketResult(ticket=self.ticket_model(row))

    def no_show(self, tx: Tx, actor: Principal, code: str, req: WindowTicketRequest) -> tuple[int, TicketResult]:
        row = self._current(tx, actor, code, req.ticket_id, (TicketState.CALLED,), "no_show")
        return self._no_show(tx, code, row, "no_show")

    def _no_show(self, tx: Tx, code: str, row: Any, reason: str) -> tuple[int, TicketResult]:
        self._record_service(tx, row, code, "no_show")
        row = self._update(tx, row, state=TicketState.NO_SHOW, reason=reason, finished_at=tx.ts)
        self._set_window(tx, code, current_ticket=None)
        tx.emit("ticket.no_show", {"ticket": self._public(row), "window": self._window_info(code)})
        return 200, TicketResult(ticket=self.ticket_model(row))

    def start(self, tx: Tx, actor: Principal, code: str, req: WindowTicketRequest) -> tuple[int, TicketResult]:
        row = self._current(tx, actor, code, req.ticket_id, (TicketState.CALLED,), "start")
        row = self._update(tx, row, state=TicketState.SERVING, serving_at=tx.ts)
        tx.emit("ticket.serving", {"ticket": self._public(row), "window": self._window_info(code)})
        return 200, TicketResult(ticket=self.ticket_model(row))

    def finish(self, tx: Tx, actor: Principal, code: str, req: WindowTicketRequest) -> tuple[int, TicketResult]:
        row = self._current(tx, actor, code, req.ticket_id, (TicketState.SERVING,), "finish")
        self._record_service(tx, row, code, "done")
        row = self._update(tx, row, state=TicketState.DONE, finished_at=tx.ts)
        self._service_cache.pop((row.business_day, row.category), None)
        self._set_window(tx, code, current_ticket=None)
        tx.emit("ticket.done", {"ticket": self._public(row), "window": self._window_info(code)})
        return 200, TicketResult(ticket=self.ticket_model(row))

    def transfer(self, tx: Tx, actor: Principal, code: str, req: TransferRequest) -> tuple[int, TicketResult]:
        """一票到底: the same ticket goes on to another category or window, keeping its place in time."""
        row = self._current(tx, actor, code, req.ticket_id, (TicketState.CALLED, TicketState.SERVING), "transfer")
        if req.category is None and req.window is None:
            raise QueueRefusal(422, "transfer_target_missing", "请选择转往的事项或窗口",
                               "name a category or a window to transfer to")
        target_window = None
        category = row.category
        if req.category is not None:
            category = self._category(req.category).code
        if req.window is not None:
            if req.window not in self.hall.windows:
                raise QueueRefusal(404, "unknown_window", "没有这个窗口", "no such window", window=req.window)
            target_window = req.window
            served = self.hall.windows[req.window].categories
            if req.category is None and category not in served:
                category = served[0]
            elif category not in served:
                raise QueueRefusal(409, "window_does_not_serve", "目标窗口不办理该事项",
                                   "that window does not serve that category")
        if target_window == code or (target_window is None and category == row.category):
            raise QueueRefusal(409, "transfer_to_itself", "不能转到当前窗口或事项",
                               "the transfer target is where the ticket already is")
        self._record_service(tx, row, code, "transferred")
        row = self._update(tx, row, state=TicketState.WAITING, category=category, target_window=target_window,
                           window=None, called_at=None, serving_at=None, recall_count=0,
                           transfers=row.transfers + 1, reason=req.note)
        self._set_window(tx, code, current_ticket=None)
        tx.emit("ticket.transferred", {"ticket": self._public(row), "from_window": self._window_info(code)})
        return 200, TicketResult(ticket=self.ticket_model(row))

    def hold(self, tx: Tx, actor: Principal, code: str, req: HoldRequest) -> tuple[int, TicketResult]:
        row = self._current(tx, actor, code, req.ticket_id, (TicketState.CALLED, TicketState.SERVING), "hold")
        self._record_service(tx, row, code, "held")
        row = self._update(tx, row, state=TicketState.HELD, reason=req.reason)
        self._set_window(tx, code, current_ticket=None)
        tx.emit("ticket.held", {"ticket": self._public(row), "window": self._window_info(code)})
        return 200, TicketResult(ticket=self.ticket_model(row))

    def resume(self, tx: Tx, actor: Principal, code: str, req: WindowTicketRequest) -> tuple[int, TicketResult]:
        w = self._window(tx, actor, code)
        row = self._ticket(tx, req.ticket_id)
        if row.state != TicketState.HELD:
            raise _wrong_state(row, "resume")
        if row.window != code and row.category not in self.hall.windows[code].categories:
            raise QueueRefusal(409, "window_does_not_serve", "本窗口不办理该事项",
                               "this window does not serve that category")
        if w.state != WindowState.OPEN:
            raise QueueRefusal(409, "window_not_open", "窗口未开放", "the window is not open")
        if w.current_ticket is not None:
            raise QueueRefusal(409, "window_busy", "请先办结、过号或转移当前号码",
                               "finish, no-show or transfer the current ticket first")
        row = self._update(tx, row, state=TicketState.CALLED, window=code, called_at=tx.ts, reason=None,
                           recall_count=0)
        self._set_window(tx, code, current_ticket=row.id)
        tx.emit("ticket.resumed", {"ticket": self._public(row), "window": self._window_info(code)})
        return 200, TicketResult(ticket=self.ticket_model(row))

    # --- leases (offline kiosks) ------------------------------------------------------------

    def _lease_model(self, conn: sa.Connection, row: Any) -> Lease:
        used = [r.seq for r in conn.execute(sa.select(db.tickets.c.seq).where(db.tickets.c.lease_id == row.id)
                                            .order_by(db.tickets.c.seq))]
        return Lease(id=row.id, category=row.category, prefix=self.hall.categories[row.category].prefix,
                     business_day=dt.date.fromisoformat(row.business_day), first=row.first, last=row.last,
                     used=used, released=row.released_at is not None)

    def grant_lease(self, tx: Tx, actor: Principal, req: LeaseRequest) -> tuple[int, Lease]:
        cat = self._category(req.category)
        active = tx.conn.execute(sa.select(sa.func.count()).select_from(db.leases).where(
            db.leases.c.device == actor.id, db.leases.c.category == cat.code,
            db.leases.c.business_day == tx.day.isoformat(), db.leases.c.released_at.is_(None))).scalar_one()
        if active >= 3:
            raise QueueRefusal(409, "lease_limit", "本机该事项已有足够的预留号段",
                               "this kiosk already holds enough leases for this category")
        wanted = req.count or self.hall.lease_block
        if wanted > self.hall.lease_block:
            # A big lease holds numbers back from everyone else: never more than half of what is left.
            reserved = tx.conn.execute(_COUNTER_READ, {"b_day": tx.day.isoformat(), "b_category": cat.code,
                                                       "b_cap": cat.daily_cap}).scalar() or 0
            wanted = max(self.hall.lease_block, min(wanted, (cat.daily_cap - reserved) // 2))
        first, count = self._allocate(tx, cat, wanted, clip=True)
        lease_id = uuid.uuid4().hex
        tx.conn.execute(db.leases.insert().values(
            id=lease_id, device=actor.id, category=cat.code, business_day=tx.day.isoformat(),
            first=first, last=first + count - 1, granted_at=tx.ts))
        row = tx.conn.execute(sa.select(db.leases).where(db.leases.c.id == lease_id)).one()
        tx.emit("lease.granted", {"lease": lease_id, "device": actor.id, "category": cat.code,
                                  "first": row.first, "last": row.last})
        return 201, self._lease_model(tx.conn, row)

    def _lease(self, tx: Tx, actor: Principal, lease_id: str) -> Any:
        row = tx.conn.execute(sa.select(db.leases).where(db.leases.c.id == lease_id)).first()
        if row is None or row.device != actor.id:
            raise QueueRefusal(404, "unknown_lease", "没有这个号段", "no such lease for this kiosk")
        return row

    def submit_offline(self, tx: Tx, actor: Principal, lease_id: str, req: OfflineSubmit) -> tuple[int, OfflineResult]:
        """Tickets a kiosk issued from its lease while offline join the queue by their issue time."""
        lease = self._lease(tx, actor, lease_id)
        cat = self.hall.categories[lease.category]
        seen = set()
        for t in req.tickets:
            if not lease.first <= t.seq <= lease.last or t.seq in seen:
                raise QueueRefusal(422, "seq_outside_lease", "号码不在该号段内或重复",
                                   "a ticket number lies outside the lease or repeats", seq=t.seq)
            seen.add(t.seq)
            if t.issued_at.tzinfo is None:
                raise QueueRefusal(422, "naive_time", "取号时间须带时区", "issued_at needs a time zone")
            ts = t.issued_at.timestamp()
            if ts > tx.ts + CLOCK_SKEW_S or ts < lease.granted_at - CLOCK_SKEW_S:
                raise QueueRefusal(422, "issued_at_out_of_range", "取号时间不在号段有效期内",
                                   "issued_at is outside the lease's lifetime", seq=t.seq)
        if lease.business_day != tx.day.isoformat():
            raise QueueRefusal(409, "lease_expired", "号段已过期（跨日）", "the lease belongs to an earlier day")
        results, notes = [], []
        for t in req.tickets:
            number = rules.format_number(cat.prefix, t.seq, self.hall.number_digits)
            existing = tx.conn.execute(sa.select(db.tickets).where(
                db.tickets.c.business_day == lease.business_day, db.tickets.c.number == number)).first()
            if existing is not None:
                if existing.lease_id != lease.id or abs(existing.issued_at - t.issued_at.timestamp()) > 0.001:
                    raise QueueRefusal(409, "seq_already_submitted", "该号码已以不同内容提交",
                                       "this number was already submitted with other details", seq=t.seq)
                if t.appointment_id and existing.appointment_id != t.appointment_id:  # the same note again
                    _, refused = self._offline_appointment(tx, cat, lease.business_day, t.appointment_id, None)
                    notes.append(self._offline_note(t.seq, number, refused or "appointment_used"))
                results.append(self._issued(tx, existing))
                continue
            id_hash, id_number = self._id_hash(t.id_number)
            appointment, refused = self._offline_appointment(tx, cat, lease.business_day, t.appointment_id, id_hash)
            if refused:
                notes.append(self._offline_note(t.seq, number, refused))
            # The kiosk read the age from the card and keeps no ID number: trust its flag where the
            # category has a green channel at all.
            green = cat.green_channel and t.green_channel or self._green_by_age(cat, id_number, tx.day)
            token = t.track_token
            if token is not None and not self._fresh_track_token(tx, token):
                # The ticket joins the queue all the same, with a token of the server's own; only
                # the address the kiosk printed will not find it.
                notes.append(self._offline_note(t.seq, number, "track_token_refused"))
                token = None
            row = self._insert_ticket(tx, actor, cat, t.seq, issued_at=t.issued_at.timestamp(), id_hash=id_hash,
                                      name=t.name, green=green, lease_id=lease.id, track_token=token,
                                      appointment=appointment)
            if appointment is not None:
                tx.conn.execute(db.appointments.update().where(db.appointments.c.id == appointment.id)
                                .values(ticket_id=row.id))
            if lease.released_at is not None:  # its unused numbers were given back to the cap
                self._unreserve(tx, cat.code, lease.business_day, -1)
            results.append(self._issued(tx, row))
        return 200, OfflineResult(tickets=results, notes=notes)

    def _offline_appointment(self, tx: Tx, cat: Category, day: str, appointment_id: str | None,
                             id_hash: str | None) -> tuple[Any | None, str | None]:
        """The appointment an offline ticket checked in, or (None, why not): then it merges as ordinary."""
        if not appointment_id:
            return None, None
        row = tx.conn.execute(sa.select(db.appointments).where(db.appointments.c.id == appointment_id)).first()
        if row is None or row.category != cat.code or row.date != day:
            return None, "appointment_unknown"
        if row.ticket_id is not None:
            return None, "appointment_used"
        if row.id_hash and id_hash and row.id_hash != id_hash:
            return None, "appointment_other_person"
        return row, None

    _OFFLINE_NOTES = {
        "appointment_unknown": ("没有今天该事项的这个预约，已按普通号排队",
                                "no such appointment for this service today; queued as an ordinary ticket"),
        "appointment_used": ("该预约已取过号，已按普通号排队",
                             "the appointment was already checked in; queued as an ordinary ticket"),
        "appointment_other_person": ("该预约不属于此身份证，已按普通号排队",
                                     "the appointment belongs to another ID card; queued as an ordinary ticket"),
        "track_token_refused": ("该号码的查询码无效（重复或过于简单），已另行生成；回执上的二维码无法查询",
                                "the ticket's tracking token was refused (reused or too simple) and replaced; "
                                "the receipt's QR code will not find it"),
    }

    @staticmethod
    def _fresh_track_token(tx: Tx, token: str) -> bool:
        """A tracking token a kiosk made offline is taken if it looks random and no ticket has it.

        A kiosk makes it as the server does (`secrets.token_urlsafe(18)`, 24 characters); 24 random
        characters of 64 show ten or more different ones but for odds below one in 10^10, so
        fewer is a token somebody chose (`AAAA…`), which would let others guess the address.
        """
        if len(set(token)) < 10:
            return False
        return tx.conn.execute(sa.select(db.tickets.c.id).where(db.tickets.c.track_token == token)).first() is None

    def _offline_note(self, seq: int, number: str, code: str) -> OfflineNote:
        message, message_en = self._OFFLINE_NOTES[code]
        return OfflineNote(seq=seq, number=number, code=code, message=message, message_en=message_en)

    def release_lease(self, tx: Tx, actor: Principal, lease_id: str) -> tuple[int, Lease]:
        lease = self._lease(tx, actor, lease_id)
        if lease.released_at is None:
            tx.conn.execute(db.leases.update().where(db.leases.c.id == lease.id).values(released_at=tx.ts))
            used = tx.conn.execute(sa.select(sa.func.count()).select_from(db.tickets)
                                   .where(db.tickets.c.lease_id == lease.id)).scalar_one()
            self._unreserve(tx, lease.category, lease.business_day, lease.last - lease.first + 1 - used)
            tx.emit("lease.released", {"lease": lease.id, "device": actor.id, "category": lease.category})
        row = tx.conn.execute(sa.select(db.leases).where(db.leases.c.id == lease.id)).one()
        return 200, self._lease_model(tx.conn, row)

    # --- appointments -----------------------------------------------------------------------

    def create_appointment(self, tx: Tx, actor: Principal, req: AppointmentRequest) -> tuple[int, Appointment]:
        cat = self._category(req.category)
        if not req.slot_start < req.slot_end:
            raise QueueRefusal(422, "bad_slot", "预约时段结束早于开始", "the slot ends before it starts")
        id_hash, number = self._id_hash(req.id_number)
        # Minutes only: the slot is stored, shown and signed as HH:MM.
        slot_start, slot_end = req.slot_start.replace(second=0, microsecond=0), req.slot_end.replace(second=0, microsecond=0)
        appointment_id = uuid.uuid4().hex
        digest = id_digest(self.lookup_key(tx, req.date), number) if number else None
        tx.conn.execute(db.appointments.insert().values(
            id=appointment_id, category=cat.code, date=req.date.isoformat(),
            slot_start=slot_start.strftime("%H:%M"), slot_end=slot_end.strftime("%H:%M"),
            id_hash=id_hash, masked_name=idnumber.mask_name(req.name), created_at=tx.ts, id_digest=digest))
        tx.emit("appointment.created", {"appointment": appointment_id, "category": cat.code,
                                        "date": req.date.isoformat()})
        code = encode_appointment_code(AppointmentCodePayload(
            hall=self.hall.code, id=appointment_id, category=cat.code, date=req.date, slot_start=slot_start,
            slot_end=slot_end), self._signing_key.sign)
        return 201, Appointment(id=appointment_id, category=cat.code, date=req.date, slot_start=slot_start,
                                slot_end=slot_end, masked_name=idnumber.mask_name(req.name), code=code)

    def lookup_key(self, tx: Tx, day: dt.date) -> str:
        """The date's random key for kiosks' ID digests; made and stored when first needed."""
        k = db.lookup_keys.c
        key = tx.conn.execute(sa.select(k.key).where(k.date == day.isoformat())).scalar()
        if key is None:
            key = secrets.token_urlsafe(32)
            tx.conn.execute(db.lookup_keys.insert().values(date=day.isoformat(), key=key))
        return key


def id_digest(lookup_key: str, id_number: str) -> str:
    """hex HMAC-SHA256 of the upper-cased ID number under a date's lookup key (as a kiosk computes it)."""
    return hmac.new(lookup_key.encode("utf-8"), id_number.upper().encode("utf-8"), hashlib.sha256).hexdigest()


def _unknown_ticket() -> QueueRefusal:
    return QueueRefusal(404, "unknown_ticket", "没有这个号码", "no such ticket")


_ACTION_ZH = {"cancel": "取消", "recall": "重呼", "no_show": "过号", "start": "开始办理", "finish": "办结",
              "transfer": "转移", "hold": "挂起", "resume": "恢复"}


def _wrong_state(row: Any, action: str) -> QueueRefusal:
    return QueueRefusal(409, "wrong_state", f"号码{row.number}当前状态不能{_ACTION_ZH[action]}",
                        f"ticket {row.number} cannot be {action.replace('_', '-')} in state {row.state}"
                        + (f" at window {row.window}" if row.window else ""),
                        number=row.number, state=row.state, action=action)
