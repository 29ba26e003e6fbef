"""The one writer: commands queued from any thread run in group-committed writing transactions,
each together with its idempotency record and the events it appends.

A command either happened completely (and its answer is kept for retries) or not at all. The
statements every ticket runs are compiled once (HotStatements): the fast path of issuing.
"""
from __future__ import annotations

import concurrent.futures
import datetime as dt
import functools
import json
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from .. import db
from ..schema import Event, TicketState
from .core import ABANDONED, Principal, QueueRefusal

log = logging.getLogger("hall_server.engine")

BATCH_LIMIT = 64
TRANSIENT_TRIES = 5  # times a batch runs when the database rolls it back (deadlock, serialization failure)

IDEMPOTENCY_LOOKUP = sa.select(db.idempotency.c.request_hash, db.idempotency.c.status,
                               db.idempotency.c.response).where(
    db.idempotency.c.principal == sa.bindparam("principal"), db.idempotency.c.key == sa.bindparam("key"))
COUNTER_KEY = ((db.number_counters.c.business_day == sa.bindparam("b_day"))
               & (db.number_counters.c.category == sa.bindparam("b_category")))
COUNTER_READ = sa.select(db.number_counters.c.reserved).where(COUNTER_KEY)
COUNTER_TAKE = db.number_counters.update().where(
    COUNTER_KEY & (db.number_counters.c.reserved + sa.bindparam("b_count") <= sa.bindparam("b_cap"))
).values(value=db.number_counters.c.value + sa.bindparam("b_count"),
         reserved=db.number_counters.c.reserved + sa.bindparam("b_count"),
         ).returning(db.number_counters.c.value)
CONFIG_VERSION = sa.select(sa.func.max(db.hall_config.c.id))
COUNT_WAITING = sa.select(sa.func.count()).select_from(db.tickets).where(
    db.tickets.c.business_day == sa.bindparam("day"), db.tickets.c.state == TicketState.WAITING,
    db.tickets.c.category == sa.bindparam("category"))
BUMP_SEQ = (db.counters.update().where(db.counters.c.name == "event_seq")
            .values(value=db.counters.c.value + 1).returning(db.counters.c.value))


class HotStatements:
    """The statements every ticket runs, compiled once for the store's dialect (see db.Prepared)."""

    TICKET_COLUMNS = [c.name for c in db.tickets.columns if c.name != "id"]

    def __init__(self, dialect: sa.Dialect):
        self.idempotency_lookup = db.Prepared(IDEMPOTENCY_LOOKUP, dialect)
        self.insert_idempotency = db.Prepared(db.idempotency.insert(), dialect,
                                              [c.name for c in db.idempotency.columns])
        self.counter_take = db.Prepared(COUNTER_TAKE, dialect)
        self.counter_create = db.Prepared(db.insert_missing(db.number_counters, dialect).values(
            business_day=sa.bindparam("b_day"), category=sa.bindparam("b_category"), value=0, reserved=0), dialect)
        self.config_version = db.Prepared(CONFIG_VERSION, dialect)
        self.insert_ticket = db.Prepared(db.tickets.insert().returning(db.tickets.c.id), dialect,
                                         self.TICKET_COLUMNS)
        self.bump_seq = db.Prepared(BUMP_SEQ, dialect)
        self.insert_event = db.Prepared(db.events.insert(), dialect, [c.name for c in db.events.columns])
        self.count_waiting = db.Prepared(COUNT_WAITING, dialect)


@dataclass
class Tx:
    """One writing transaction: its connection, its moment and the events it appends."""

    conn: sa.Connection
    now: dt.datetime
    day: dt.date
    hot: HotStatements
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


Command = Callable[[Tx], tuple[int, Any]]


@dataclass
class Job:
    actor: Principal
    key: str | None
    request_hash: str
    command: Command
    future: concurrent.futures.Future[Outcome]


class Writer:
    """The one writer thread: takes what is queued and commits it as one transaction (group commit).

    Args:
        business_day: the business day of a moment (the hall's).
    """

    def __init__(self, store: db.Store, clock: Callable[[], dt.datetime],
                 business_day: Callable[[dt.datetime], dt.date], hot: HotStatements):
        self.store = store
        self.clock = clock
        self.business_day = business_day
        self.hot = hot
        self.listeners: list[Callable[[list[Event]], None]] = []
        # Run first in every batch's transaction, before its commands (the day's turnover ...).
        self.batch_hooks: list[Callable[[Tx], None]] = []
        # Run after each command that succeeded, in its savepoint, with its events (forms of tickets that ended ...).
        self.command_hooks: list[Callable[[Tx], None]] = []
        # Run when the database rolled a batch back, before it runs again (forget what it saw).
        self.retry_hooks: list[Callable[[], None]] = []
        self.batches = self.batched = 0  # group-commit figures, for the health report
        self._closed = False
        self._jobs: queue.SimpleQueue[Job | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._write_loop, name="queue-writer", daemon=True)
        self._thread.start()

    def submit(self, actor: Principal, key: str | None, request_hash: str,
               command: Command) -> concurrent.futures.Future[Outcome]:
        """Queue a command for the writer; the future resolves once its transaction committed."""
        job = Job(actor, key, request_hash, command, concurrent.futures.Future())
        if self._closed:
            raise RuntimeError("the queue engine is closed")
        self._jobs.put(job)
        return job.future

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._jobs.put(None)
            self._thread.join(timeout=30)

    def _write_loop(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            batch = [job]
            self._take_queued(batch)
            self._run_batch(batch)
            self.batches += 1
            self.batched += len(batch)

    def _take_queued(self, batch: list[Job]) -> None:
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

    def _run_batch(self, batch: list[Job]) -> None:
        for attempt in range(1, TRANSIENT_TRIES + 1):
            events: list[Event] = []
            answers: list[Outcome | BaseException] = []
            try:
                with self.store.write(after_commit=functools.partial(self._publish, events)) as conn:
                    # Commands that came while another instance held the hall's write lock join
                    # this transaction: one commit for them all.
                    self._take_queued(batch)
                    now = self.clock()
                    tx = Tx(conn, now, self.business_day(now), self.hot)
                    for hook in self.batch_hooks:
                        hook(tx)
                    events.extend(tx.events)
                    for job in batch:
                        answers.append(self._run_job(conn, now, job, events))
            except Exception as exc:  # the commit itself failed: nothing in the batch happened
                if db.is_transient(exc) and attempt < TRANSIENT_TRIES:
                    # The database gave up on this transaction (a deadlock, a serialization
                    # failure): it left no trace, so the same commands run again.
                    log.warning("a batch of %d commands was rolled back by the database (%s); running it again",
                                len(batch), db.sqlstate(exc))
                    for undo in self.retry_hooks:
                        undo()
                    continue
                log.exception("writing a batch of %d commands failed", len(batch))
                for job in batch:
                    job.future.set_exception(exc)
                return
            break
        for job, answer in zip(batch, answers, strict=True):  # one answer was made per job
            if isinstance(answer, BaseException):
                job.future.set_exception(answer)
            else:
                job.future.set_result(answer)

    def _run_job(self, conn: sa.Connection, now: dt.datetime, job: Job, events: list[Event]) -> Outcome | BaseException:
        if job.key is not None:
            row = self.hot.idempotency_lookup.execute(conn, {"principal": job.actor.id, "key": job.key}).fetchone()
            if row is not None:
                request_hash, status, response = row
                if request_hash == ABANDONED:  # the kiosk gave this request up: it issues nothing
                    return Outcome(status, response)
                if request_hash != job.request_hash:
                    return QueueRefusal(422, "idempotency_key_reused", "该请求标识已用于另一请求",
                                        "this Idempotency-Key was used for a different request")
                return Outcome(status, response, replayed=True)
        tx = Tx(conn, now, self.business_day(now), self.hot)
        # The command and its idempotency record stand or fall together, apart from the batch.
        savepoint = db.Savepoint(conn)
        try:
            try:
                status, result = job.command(tx)
                for hook in self.command_hooks:
                    hook(tx)
                body = result.model_dump_json() if hasattr(result, "model_dump_json") else json.dumps(result)
            except QueueRefusal as refusal:
                savepoint.undo()
                tx.events.clear()
                if refusal.leave is not None:
                    refusal.leave(tx)
                status, body = refusal.status, json.dumps(refusal.body(), ensure_ascii=False)
            if job.key is not None:
                self.hot.insert_idempotency.execute(conn, {
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

    def _publish(self, events: list[Event]) -> None:
        if not events:
            return
        for listener in self.listeners:
            try:
                listener(events)
            except Exception:  # a broken subscriber must never undo a committed command
                log.exception("event listener failed")
