"""The kiosk's local store: one SQLite file (sqlite-utils) with cached configuration, number
leases and the outbox of commands the server has not acknowledged yet.

Nothing personal is ever written here: no ID numbers, names, birth dates or photos. Offline
tickets are kept as OfflineTicket bodies with id_number and name null.
"""
from __future__ import annotations

import copy
import json
import logging
import pathlib
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import sqlite_utils
from pydantic import BaseModel, ValidationError

from hall_server.schema import Lease

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)

PENDING, DONE, FAILED = "pending", "done", "failed"
KEEP_DONE_S = 2 * 24 * 3600  # acknowledged rows are kept this long, for the technician's eyes
KEEP_ISSUED_S = 8 * 24 * 3600  # when this kiosk issued its numbers: a week of busy hours to size leases by


@dataclass
class LeaseRow:
    id: str
    category: str
    prefix: str
    business_day: str
    first: int
    last: int
    next_seq: int

    @property
    def left(self) -> int:
        return max(self.last - self.next_seq + 1, 0)


class KioskStore:
    """The kiosk's SQLite file; every method is thread-safe (one connection behind a lock).

    Args:
        path: the database file; created with its tables when missing.
    """

    def __init__(self, path: str | pathlib.Path):
        self.path = pathlib.Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None)
        self.db = sqlite_utils.Database(conn)
        self._lock = threading.RLock()
        # WAL, and FULL sync: a lease number handed out or an outbox row must survive a power cut.
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.execute("PRAGMA busy_timeout=5000")
        self._create()
        # The cache is read on the GUI thread (hall, services, guide): it is answered from memory,
        # never by waiting for the file while the sync thread writes and syncs it to disk.
        # Each entry keeps its JSON text too: a sync pass that brings the same value again (most do)
        # keeps the object already parsed instead of making a new one every few seconds, which in a
        # process that runs for weeks would scatter long-lived objects across the heap.
        self._memory_lock = threading.Lock()
        self._memory: dict[str, tuple[Any, float, str]] = {
            row["key"]: (json.loads(row["value"]), row["fetched_at"], row["value"])
            for row in self.db.query("select key, value, fetched_at from cache")}
        # A cached server answer as its wire-schema model, parsed once per value (the JSON text it came from).
        self._models: dict[str, tuple[str, BaseModel | None]] = {}

    def _create(self) -> None:
        with self._lock:
            if "cache" not in self.db.table_names():
                self.db.table("cache").create({"key": str, "value": str, "fetched_at": float}, pk="key")
            if "leases" not in self.db.table_names():
                self.db.table("leases").create({"id": str, "category": str, "prefix": str, "business_day": str,
                                          "first": int, "last": int, "next_seq": int}, pk="id")
            if "outbox" not in self.db.table_names():
                self.db.table("outbox").create({
                    "n": int, "key": str, "kind": str, "method": str, "path": str, "body": str,
                    "created_at": float, "attempts": int, "last_error": str, "state": str,
                    # what the kiosk needs to know of its own offline tickets, none of it personal
                    "lease_id": str, "category": str, "business_day": str, "number": str,
                }, pk="n", not_null={"key", "kind", "method", "path", "state"})
                self.db.table("outbox").create_index(["key"], unique=True)
                self.db.table("outbox").create_index(["state", "n"])
            if "issued" not in self.db.table_names():
                # When each number of this kiosk was issued (online or offline), nothing else: the
                # pace of its busiest hour sizes the numbers it leases for a cut from the server.
                self.db.table("issued").create({"category": str, "at": float}, not_null={"category", "at"})
                self.db.table("issued").create_index(["category", "at"])

    def close(self) -> None:
        with self._lock:
            self.db.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite_utils.Database]:
        """One immediate write transaction (the store's lock is held throughout)."""
        with self._lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")

    # --- cache ------------------------------------------------------------------------------

    def put(self, key: str, value: Any, fetched_at: float | None = None) -> None:
        text = json.dumps(value, ensure_ascii=False, default=str)
        when = time.time() if fetched_at is None else fetched_at
        with self._lock:
            self.db.execute("insert into cache (key, value, fetched_at) values (?, ?, ?) on conflict (key) "
                            "do update set value = excluded.value, fetched_at = excluded.fetched_at",
                            [key, text, when])
        with self._memory_lock:
            kept = self._memory.get(key)
            parsed = kept[0] if kept is not None and kept[2] == text else json.loads(text)  # as the file gives it
            self._memory[key] = (parsed, when, text)

    def get(self, key: str, default: Any = None) -> Any:
        found = self.get_with_time(key)
        return default if found is None else found[0]

    def get_with_time(self, key: str) -> tuple[Any, float] | None:
        """A cached value (a copy: the caller may change it) and when it was fetched; no disk I/O."""
        with self._memory_lock:
            found = self._memory.get(key)
        return None if found is None else (copy.deepcopy(found[0]), found[1])

    def view(self, key: str, default: Any = None) -> Any:
        """A cached value itself, shared with every other reader: to read, never to change.

        For what the kiosk reads again and again (the hall, the services' status, the guide):
        a deep copy of each on every read would be most of the kiosk's garbage.
        """
        found = self.view_with_time(key)
        return default if found is None else found[0]

    def view_with_time(self, key: str) -> tuple[Any, float] | None:
        """`view` and when the value was fetched."""
        with self._memory_lock:
            found = self._memory.get(key)
        return None if found is None else (found[0], found[1])

    def view_model(self, key: str, model: type[M]) -> M | None:
        """A cached server answer as its wire-schema model, shared like `view`: to read, never to change.

        The file keeps the answer's JSON, as it always did; it is parsed again only when it changes.
        A value that is not a `model` (a file from a kiosk of another version) counts as not cached:
        the next sync pass replaces it.
        """
        with self._memory_lock:
            found = self._memory.get(key)
            if found is None:
                return None
            parsed = self._models.get(key)
            if parsed is not None and parsed[0] == found[2]:
                if parsed[1] is None:
                    return None
                if isinstance(parsed[1], model):  # parsed by another model: parsed again below
                    return parsed[1]
            try:
                value: M | None = model.model_validate(found[0])
            except ValidationError as exc:
                log.warning("cached %s is not a %s (%d problems); ignored until the next sync",
                            key, model.__name__, exc.error_count())
                value = None
            self._models[key] = (found[2], value)
            return value

    def drop(self, key: str) -> None:
        with self._lock:
            self.db.execute("delete from cache where key = ?", [key])
        with self._memory_lock:
            self._memory.pop(key, None)

    # --- leases -----------------------------------------------------------------------------

    def leases(self, category: str | None = None) -> list[LeaseRow]:
        sql, args = "select * from leases", []
        if category is not None:
            sql, args = sql + " where category = ?", [category]
        with self._lock:
            return [LeaseRow(**r) for r in self.db.query(sql + " order by first", args)]

    def add_lease(self, lease: Lease) -> None:
        """Keep a lease the server granted (numbers already used by the server are skipped)."""
        start = max([lease.first - 1, *lease.used]) + 1
        with self._lock:
            self.db.execute("insert or ignore into leases (id, category, prefix, business_day, first, last, next_seq) "
                            "values (?, ?, ?, ?, ?, ?, ?)", [lease.id, lease.category, lease.prefix,
                                                             lease.business_day.isoformat(), lease.first,
                                                             lease.last, start])

    def drop_lease(self, lease_id: str) -> None:
        with self._lock:
            self.db.execute("delete from leases where id = ?", [lease_id])

    def take_number(self, category: str, business_day: str) -> LeaseRow | None:
        """Take the next unused number of the category's leases of that day (within the caller's
        transaction); returns the lease with next_seq = the number taken, or None when none is left."""
        with self._lock:
            rows = list(self.db.query(
                "select * from leases where category = ? and business_day = ? and next_seq <= last "
                "order by first limit 1", [category, business_day]))
            if not rows:
                return None
            lease = LeaseRow(**rows[0])
            self.db.execute("update leases set next_seq = next_seq + 1 where id = ?", [lease.id])
            return lease

    # --- this kiosk's pace -------------------------------------------------------------------

    def record_issue(self, category: str, at: float) -> None:
        """Remember that this kiosk issued a number of the category at `at` (epoch seconds)."""
        with self._lock:
            self.db.execute("insert into issued (category, at) values (?, ?)", [category, at])

    def busiest_hour(self, category: str, since: float) -> int:
        """The most numbers of the category this kiosk issued within any 60 minutes since `since`."""
        with self._lock:
            times = [r[0] for r in self.db.execute(
                "select at from issued where category = ? and at >= ? order by at", [category, since])]
        most, start = 0, 0
        for end, at in enumerate(times):  # a window sliding over the sorted times
            while at - times[start] >= 3600:
                start += 1
            most = max(most, end - start + 1)
        return most

    # --- outbox -----------------------------------------------------------------------------

    def enqueue(self, key: str, kind: str, method: str, path: str, body: Any, *, created_at: float,
                lease_id: str | None = None, category: str | None = None, business_day: str | None = None,
                number: str | None = None) -> None:
        # Raw SQL: sqlite-utils' insert commits on its own, which would end a caller's transaction.
        with self._lock:
            self.db.execute(
                "insert into outbox (key, kind, method, path, body, created_at, attempts, last_error, state, "
                "lease_id, category, business_day, number) values (?, ?, ?, ?, ?, ?, 0, null, ?, ?, ?, ?, ?)",
                [key, kind, method, path, json.dumps(body, ensure_ascii=False, default=str), created_at, PENDING,
                 lease_id, category, business_day, number])

    def outbox(self, state: str | None = None) -> list[dict[str, Any]]:
        sql, args = "select * from outbox", []
        if state is not None:
            sql, args = sql + " where state = ?", [state]
        with self._lock:
            rows = list(self.db.query(sql + " order by n", args))
        for r in rows:
            r["body"] = json.loads(r["body"]) if r["body"] is not None else None
        return rows

    def count(self, state: str) -> int:
        with self._lock:
            return self.db.execute("select count(*) from outbox where state = ?", [state]).fetchone()[0]

    def mark(self, keys: list[str], state: str, error: str | None = None) -> None:
        """Record an attempt on outbox rows: their new state and the error, if any."""
        with self.transaction() as db:
            for key in keys:
                db.execute("update outbox set state = ?, attempts = attempts + 1, last_error = ? where key = ?",
                           [state, error, key])

    def wipe(self, keys: list[str]) -> None:
        """Forget what rows carried (a form's personal data) once the server has answered them."""
        with self.transaction() as db:
            for key in keys:
                db.execute("update outbox set body = ? where key = ?", ["{}", key])

    def note(self, key: str, text: str) -> None:
        """Keep the server's remark on a row it accepted (state stays as it is)."""
        with self._lock:
            self.db.execute("update outbox set last_error = ? where key = ?", [text, key])

    def prune(self, now: float) -> None:
        with self._lock:
            self.db.execute("delete from outbox where state = ? and created_at < ?", [DONE, now - KEEP_DONE_S])
            self.db.execute("delete from issued where at < ?", [now - KEEP_ISSUED_S])

    def offline_tickets(self, business_day: str, category: str | None = None) -> list[dict[str, Any]]:
        """This kiosk's offline tickets of a day (any state)."""
        sql = "select * from outbox where kind = 'offline_ticket' and business_day = ?"
        args: list[Any] = [business_day]
        if category is not None:
            sql, args = sql + " and category = ?", [*args, category]
        with self._lock:
            rows = list(self.db.query(sql + " order by n", args))
        for r in rows:
            r["body"] = json.loads(r["body"])
        return rows
