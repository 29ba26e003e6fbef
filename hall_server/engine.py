"""The queue engine: one authority for ticket numbers and queue state, composed of parts.

Every command runs on the one writer (queue.writer), in one writing transaction together with its
idempotency record and the events it appends, so a command either happened completely (and its
answer is kept for retries) or not at all. The parts each keep one concern and call one another's
public methods only: tickets, windows, leases, appointments, the waiting line (calling order and
estimates) and the days. QueueEngine composes them and answers what routes and tools call.
"""
from __future__ import annotations

import base64
import concurrent.futures
import datetime as dt
import json
import secrets
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from . import db
from .config import Hall
from .queue.appointments import Appointments, id_digest
from .queue.core import (
    ABANDONED, CLOCK_SKEW_S, FINAL_STATES, STAFF_ROLES, SYSTEM, TRACK_DAYS, Principal, QueueRefusal, from_ts,
    utc_now,
)
from .queue.days import Days, StoredSettings
from .queue.leases import Leases
from .queue.tickets import Tickets
from .queue.waiting import ESTIMATE_CACHE_S, WaitingLine
from .queue.windows import Windows
from .queue.writer import BATCH_LIMIT, CONFIG_VERSION, TRANSIENT_TRIES, HotStatements, Outcome, Tx, Writer
from .schema import (
    ACTIVE_STATES, AbandonRequest, AbandonResult, Appointment, AppointmentRequest, CallNextRequest, CallResult,
    CancelRequest, CategoryStatus, Event, HoldRequest, IssuedTicket, IssueTicketRequest, Lease, LeaseRequest,
    OfflineResult, OfflineSubmit, PauseRequest, Snapshot, Ticket, TicketResult, TicketState, TicketTrack,
    TransferRequest, WindowResult, WindowState, WindowTicketRequest,
)

__all__ = [
    "ABANDONED", "BATCH_LIMIT", "CLOCK_SKEW_S", "ESTIMATE_CACHE_S", "FINAL_STATES", "STAFF_ROLES", "SYSTEM",
    "TRACK_DAYS", "TRANSIENT_TRIES", "HotStatements", "Outcome", "Principal", "QueueEngine", "QueueRefusal", "Tx",
    "id_digest", "utc_now",
]


class QueueEngine:
    """The one authority for ticket numbers and queue state.

    Its parts, for code that needs one of them: `tickets`, `windows`, `leases`, `appointments`,
    `line` (calling order, people ahead, estimates), `days`, `writer`.
    """

    def __init__(self, hall: Hall, store: db.Store, clock: Callable[[], dt.datetime] = utc_now,
                 ignore_hours: bool = False, public_url: str = "http://127.0.0.1:8000"):
        self.hall = hall
        self.public_url = public_url.rstrip("/")
        self.store = store
        self.clock = clock
        self.ignore_hours = ignore_hours
        hot = HotStatements(store.engine.dialect)
        self.line = WaitingLine(hall, hot)
        with store.write() as conn:
            key = conn.execute(sa.select(db.hall_state.c.value).where(db.hall_state.c.key == "id_key")).scalar()
            if key is None:
                key = secrets.token_hex(32)
                conn.execute(db.hall_state.insert().values(key="id_key", value=key))
            signing = conn.execute(sa.select(db.hall_state.c.value).where(
                db.hall_state.c.key == db.APPOINTMENT_SIGNING_KEY)).scalar_one()
            config_version = conn.execute(CONFIG_VERSION).scalar()
            self.tickets = Tickets(hall, store, clock, self.line, bytes.fromhex(key), self.public_url, ignore_hours)
            self.windows = Windows(hall, self.tickets, self.line)
            self.windows.add_missing(conn)
        self.leases = Leases(hall, store, clock, self.tickets)
        self.appointments = Appointments(hall, self.tickets,
                                         Ed25519PrivateKey.from_private_bytes(base64.b64decode(signing)))
        self.appointment_public_key = self.appointments.public_key
        self.days = Days()
        self.settings = StoredSettings(hall, hot, config_version)
        self.writer = Writer(store, clock, hall.business_day, hot)
        self.writer.batch_hooks += [self.settings.follow, self.days.roll]
        self.writer.retry_hooks.append(self.days.forget)
        # Called with the events of each committed batch, in commit order.
        self.listeners: list[Callable[[list[Event]], None]] = self.writer.listeners
        # Run inside the transaction that turns the business day over (e.g. pending category prefixes).
        self.day_hooks: list[Callable[[Tx], None]] = self.days.hooks
        # Run in the periodic housekeeping batch (`tick`): what turns stale without any request (fleet.watch).
        self.tick_hooks: list[Callable[[Tx], None]] = []

    # --- running commands -------------------------------------------------------------------

    def submit(self, actor: Principal, key: str | None, request_hash: str,
               command: Callable[[Tx], tuple[int, Any]]) -> concurrent.futures.Future[Outcome]:
        """Queue a command for the writer; the future resolves once its transaction committed."""
        return self.writer.submit(actor, key, request_hash, command)

    def execute(self, actor: Principal, key: str | None, request_hash: str,
                command: Callable[[Tx], tuple[int, Any]]) -> Outcome:
        """Run a command once per idempotency key; a retry returns the first answer unchanged.

        Raises:
            QueueRefusal: when the key was used before with a different request.
        """
        return self.submit(actor, key, request_hash, command).result()

    def tick(self) -> None:
        """Periodic housekeeping: turn the business day over when its time has come, run the tick hooks."""
        if not self.tick_hooks:
            self.nudge().result()
            return

        def housekeeping(tx: Tx) -> tuple[int, Any]:
            for hook in self.tick_hooks:
                hook(tx)
            return 200, {}

        self.submit(SYSTEM, None, "", housekeeping).result()

    def nudge(self) -> concurrent.futures.Future[Outcome]:
        """Run an empty batch soon: it takes up settings stored by another instance, turns the day over."""
        return self.submit(SYSTEM, None, "", lambda tx: (200, {}))

    def close(self) -> None:
        self.writer.close()

    @property
    def batches(self) -> int:
        """Transactions the writer committed (group-commit figures, for the health report)."""
        return self.writer.batches

    @property
    def batched(self) -> int:
        """Commands in those transactions."""
        return self.writer.batched

    # --- commands, each run in a writing transaction (Tx) -------------------------------------

    def issue_ticket(self, tx: Tx, actor: Principal, req: IssueTicketRequest) -> tuple[int, IssuedTicket]:
        return self.tickets.issue(tx, actor, req)

    def cancel(self, tx: Tx, actor: Principal, ticket_id: int, req: CancelRequest) -> tuple[int, TicketResult]:
        return self.tickets.cancel(tx, actor, ticket_id, req)

    def abandon(self, tx: Tx, actor: Principal, req: AbandonRequest) -> tuple[int, AbandonResult]:
        return self.tickets.abandon(tx, actor, req)

    def open_window(self, tx: Tx, actor: Principal, code: str) -> tuple[int, WindowResult]:
        return self.windows.open(tx, actor, code)

    def pause_window(self, tx: Tx, actor: Principal, code: str, req: PauseRequest) -> tuple[int, WindowResult]:
        return self.windows.pause(tx, actor, code, req)

    def close_window(self, tx: Tx, actor: Principal, code: str) -> tuple[int, WindowResult]:
        return self.windows.close(tx, actor, code)

    def call_next(self, tx: Tx, actor: Principal, code: str, req: CallNextRequest) -> tuple[int, CallResult]:
        return self.windows.call_next(tx, actor, code, req)

    def recall(self, tx: Tx, actor: Principal, code: str, req: WindowTicketRequest) -> tuple[int, TicketResult]:
        return self.windows.recall(tx, actor, code, req)

    def no_show(self, tx: Tx, actor: Principal, code: str, req: WindowTicketRequest) -> tuple[int, TicketResult]:
        return self.windows.no_show(tx, actor, code, req)

    def start(self, tx: Tx, actor: Principal, code: str, req: WindowTicketRequest) -> tuple[int, TicketResult]:
        return self.windows.start(tx, actor, code, req)

    def finish(self, tx: Tx, actor: Principal, code: str, req: WindowTicketRequest) -> tuple[int, TicketResult]:
        return self.windows.finish(tx, actor, code, req)

    def transfer(self, tx: Tx, actor: Principal, code: str, req: TransferRequest) -> tuple[int, TicketResult]:
        return self.windows.transfer(tx, actor, code, req)

    def hold(self, tx: Tx, actor: Principal, code: str, req: HoldRequest) -> tuple[int, TicketResult]:
        return self.windows.hold(tx, actor, code, req)

    def resume(self, tx: Tx, actor: Principal, code: str, req: WindowTicketRequest) -> tuple[int, TicketResult]:
        return self.windows.resume(tx, actor, code, req)

    def grant_lease(self, tx: Tx, actor: Principal, req: LeaseRequest) -> tuple[int, Lease]:
        return self.leases.grant(tx, actor, req)

    def submit_offline(self, tx: Tx, actor: Principal, lease_id: str, req: OfflineSubmit) -> tuple[int, OfflineResult]:
        return self.leases.submit_offline(tx, actor, lease_id, req)

    def release_lease(self, tx: Tx, actor: Principal, lease_id: str) -> tuple[int, Lease]:
        return self.leases.release(tx, actor, lease_id)

    def create_appointment(self, tx: Tx, actor: Principal, req: AppointmentRequest) -> tuple[int, Appointment]:
        return self.appointments.create(tx, actor, req)

    def lookup_key(self, tx: Tx, day: dt.date) -> str:
        return self.appointments.lookup_key(tx, day)

    # --- reading ----------------------------------------------------------------------------

    def ticket_model(self, row: Any) -> Ticket:
        return self.tickets.model(row)

    def track_url(self, token: str) -> str:
        return self.tickets.track_url(token)

    def list_tickets(self, state: str | None, category: str | None, window: str | None) -> list[Ticket]:
        return self.tickets.find(state, category, window)

    def get_ticket(self, ticket_id: int, reader: Principal) -> Ticket:
        return self.tickets.get(ticket_id, reader)

    def track(self, token: str, poll_seconds: int) -> TicketTrack | None:
        return self.tickets.track(token, poll_seconds)

    def leases_of(self, device: str) -> list[Lease]:
        return self.leases.of(device)

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
            issued: dict[str, int] = dict(conn.execute(sa.select(db.tickets.c.number_category, sa.func.count()).where(
                db.tickets.c.business_day == day.isoformat()).group_by(db.tickets.c.number_category)).all())
            categories = []
            for cat in cats:
                waiting = sum(1 for r in active if r.category == cat.code and r.state == TicketState.WAITING)
                categories.append(CategoryStatus(
                    code=cat.code, prefix=cat.prefix, name=cat.name, name_en=cat.name_en, waiting=waiting,
                    estimated_wait_minutes=self.line.estimate_minutes(conn, day, cat.code, waiting),
                    open_now=self.tickets.is_open(cat, now), issued_today=issued.get(cat.code, 0),
                    daily_cap=cat.daily_cap, warn_waiting=cat.warn_waiting,
                    open_windows=sum(1 for code, w in windows_rows.items() if w.state == WindowState.OPEN
                                     and code in self.hall.windows
                                     and cat.code in self.hall.windows[code].categories)))
            windows = [self.windows.model(w.code, windows_rows[w.code], by_id.get(windows_rows[w.code].current_ticket),
                                          staff_names=staff_names) for w in window_list]
            tickets = [self.tickets.model(r) for r in active if area is None or r.category in served] \
                if with_tickets else []
        return Snapshot(seq=seq, business_day=day, categories=categories, windows=windows, tickets=tickets)

    def events_after(self, after: int, limit: int = 500) -> list[Event]:
        with self.store.read() as conn:
            rows = conn.execute(sa.select(db.events).where(db.events.c.seq > after)
                                .order_by(db.events.c.seq).limit(limit)).all()
        return [Event(seq=r.seq, type=r.type, at=from_ts(r.at), data=json.loads(r.data)) for r in rows]

    def last_seq(self) -> int:
        with self.store.read() as conn:
            return conn.execute(sa.select(db.counters.c.value).where(db.counters.c.name == "event_seq")).scalar_one()
