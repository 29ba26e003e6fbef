"""Several hall-server instances on one PostgreSQL database, doing everything at once.

Each instance is a whole server (its own queue writer, pool, event hub and NOTIFY listener) on a
loopback port; they share nothing but the database, as instances on several machines would.
"""
from __future__ import annotations

import concurrent.futures
import functools
import contextlib
import json
import pathlib
import re
import subprocess
import sys
import threading
import time
import uuid

import httpx
import psycopg
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from hallsupport import (
    ADMIN_PIN, DISPLAY_TOKEN, KIOSK2_TOKEN, KIOSK_TOKEN, SAMPLE_HALL, STAFF_PIN, RunningServer, hall_file_with,
)
from pgsupport import free_port

pytestmark = pytest.mark.slow

ROOT = pathlib.Path(__file__).resolve().parents[2]
QUIET_POLL = 3600.0  # instances that would only hear of each other by polling would not hear at all


def _start_all(servers: list[RunningServer]) -> None:
    """Start every instance at once on a new database: they migrate and set it up side by side."""
    with concurrent.futures.ThreadPoolExecutor(len(servers)) as pool:
        list(pool.map(lambda s: s.start(), servers))


def _dsn(pg_url: str) -> str:
    return pg_url.replace("postgresql+psycopg://", "postgresql://")


class Stream:
    """A display's event stream from one instance, read on a thread into a list."""

    def __init__(self, server: RunningServer, after: int = 0):
        self.events: list[dict] = []
        self.changed = threading.Condition()
        self.failed: BaseException | None = None
        self._stack = contextlib.ExitStack()
        self.ws = self._stack.enter_context(connect(
            f"{server.ws_url}/api/v1/events/stream?after={after}&token={DISPLAY_TOKEN}", open_timeout=20))
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        try:
            for text in self.ws:
                event = json.loads(text)
                if event.get("type") != "heartbeat":
                    with self.changed:
                        self.events.append(event)
                        self.changed.notify_all()
        except ConnectionClosed:
            return
        except BaseException as exc:  # noqa: BLE001 - handed to the test's thread by until()
            with self.changed:
                self.failed = exc
                self.changed.notify_all()

    def until(self, check, timeout: float = 60) -> list[dict]:
        """Wait (for events, up to a generous limit) until `check(events)` holds; returns the events."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while not check(self.events):
                if self.failed is not None:
                    raise self.failed
                left = deadline - time.monotonic()
                assert left > 0, f"stream stopped at {self.events[-1:]}"
                self.changed.wait(left)
            return list(self.events)

    def close(self) -> None:
        self._stack.close()
        self.thread.join(timeout=10)


def test_instances_share_one_queue_under_contention(pg_url, tmp_path, clock):
    """Tickets, leases, offline submissions, calls and retried keys on three instances at once:
    no number twice, no server error, nothing acknowledged lost, one event order everywhere."""
    hall = hall_file_with(tmp_path, daily_cap=9999)
    servers = [RunningServer(pg_url, hall, clock, poll_interval=QUIET_POLL) for _ in range(3)]
    _start_all(servers)
    streams: list[Stream] = []
    try:
        assert all(s.client().get("/health").json()["listening"] for s in servers)
        streams = [Stream(s) for s in servers]
        statuses: list[int] = []
        acked: list[dict] = []   # every ticket an instance answered 201 for
        lock = threading.Lock()

        def answered(r: httpx.Response) -> httpx.Response:
            with lock:
                statuses.append(r.status_code)
            return r

        def kiosk_worker(i: int) -> None:
            k = servers[i % 3].client(KIOSK_TOKEN if i % 2 else KIOSK2_TOKEN)
            for n in range(25):
                r = answered(k.post("/tickets", {"category": ("general", "tax", "social")[(i + n) % 3]}))
                if r.status_code == 201:
                    with lock:
                        acked.append(r.json()["ticket"])

        def same_key_worker(i: int) -> None:
            # A kiosk retrying one command on another instance (its answer was lost): one ticket.
            key = f"retry-{i}-{uuid.uuid4().hex}"
            clients = [servers[i % 3].client(KIOSK_TOKEN), servers[(i + 1) % 3].client(KIOSK_TOKEN)]
            with concurrent.futures.ThreadPoolExecutor(2) as pool:
                rs = list(pool.map(lambda c: answered(c.post("/tickets", {"category": "general"}, key=key)),
                                   clients))
            assert [r.status_code for r in rs] == [201, 201], [r.text for r in rs]
            assert rs[0].json() == rs[1].json()
            with lock:
                acked.append(rs[0].json()["ticket"])

        def lease_worker(i: int) -> None:
            # An offline kiosk: a block of numbers, tickets issued from it, submitted, released.
            k = servers[i % 3].client(KIOSK2_TOKEN if i % 2 else KIOSK_TOKEN)
            for _ in range(4):
                r = answered(k.post("/leases", {"category": "general", "count": 5}))
                assert r.status_code == 201, r.text
                lease = r.json()
                issued = [{"seq": seq, "issued_at": clock().isoformat()}
                          for seq in range(lease["first"], lease["last"] + 1)][:3]
                r = answered(k.post(f"/leases/{lease['id']}/tickets", {"tickets": issued}))
                assert r.status_code == 200, r.text
                with lock:
                    acked.extend(t["ticket"] for t in r.json()["tickets"])
                assert answered(k.post(f"/leases/{lease['id']}/release")).status_code == 200

        def window_worker(i: int) -> None:
            code = f"0{i + 1}"
            staff = servers[i % 3].login(f"w0{i + 1}", STAFF_PIN, code)
            assert answered(staff.post(f"/windows/{code}/open")).status_code == 200
            for _ in range(15):
                r = answered(staff.post(f"/windows/{code}/call-next", {}))
                if r.status_code != 200:
                    continue  # nobody waiting for this window just now
                ticket = r.json()["ticket"]
                assert answered(staff.post(f"/windows/{code}/start", {"ticket_id": ticket["id"]})).status_code == 200
                assert answered(staff.post(f"/windows/{code}/finish", {"ticket_id": ticket["id"]})).status_code == 200

        with concurrent.futures.ThreadPoolExecutor(16) as pool:
            jobs = ([pool.submit(kiosk_worker, i) for i in range(6)]
                    + [pool.submit(same_key_worker, i) for i in range(12)]
                    + [pool.submit(lease_worker, i) for i in range(2)]
                    + [pool.submit(window_worker, i) for i in range(3)])
            for job in jobs:
                job.result()

        assert [s for s in statuses if s >= 500] == []
        with psycopg.connect(_dsn(pg_url)) as conn:
            rows = conn.execute("SELECT id, number, number_category, seq, lease_id FROM tickets").fetchall()
            leases = conn.execute("SELECT category, first, last FROM leases").fetchall()
            counters = dict(((c, v) for c, v in conn.execute("SELECT category, value FROM number_counters")))
            db_events = [(seq, type_) for seq, type_ in conn.execute("SELECT seq, type FROM events ORDER BY seq")]
        numbers = {r[1] for r in rows}
        assert len(numbers) == len(rows)
        # Nothing acknowledged is lost: every ticket answered 201 is in the database, as answered.
        assert {(t["id"], t["number"]) for t in acked} <= {(r[0], r[1]) for r in rows}
        # Lease blocks overlap neither each other nor numbers issued online.
        taken: dict[str, set[int]] = {}
        for category, first, last in leases:
            block = set(range(first, last + 1))
            assert not block & taken.setdefault(category, set()), "two leases share a number"
            taken[category] |= block
        for _id, _number, category, seq, lease_id in rows:
            if lease_id is None:
                assert seq not in taken.get(category, set()), f"online ticket {_number} inside a lease"
        # The counters never went back: each stands at the highest number handed out.
        for category, block in taken.items():
            assert counters[category] >= max(block)
        for _id, _number, category, seq, _lease in rows:
            assert counters[category] >= seq
        # One order on every instance: the database's, each event once.
        last = db_events[-1][0]
        assert [seq for seq, _ in db_events] == list(range(1, last + 1))
        for stream in streams:
            seen = stream.until(lambda evs: evs and evs[-1]["seq"] >= last)
            assert [(e["seq"], e["type"]) for e in seen] == db_events
    finally:
        for stream in streams:
            stream.close()
        for s in servers:
            s.stop()


def test_a_call_on_one_instance_reaches_a_display_on_another_by_notify(pg_url, clock):
    """No polling: the display on B hears A's call by NOTIFY, in order, once; when B's LISTEN
    connection is cut, B listens again by itself and delivers what it missed, in order."""
    a, b = (RunningServer(pg_url, SAMPLE_HALL, clock, poll_interval=QUIET_POLL) for _ in range(2))
    _start_all([a, b])
    stream = None
    try:
        seq = b.client(KIOSK_TOKEN).get("/health").json()["seq"]
        stream = Stream(b, after=seq)
        staff = a.login("w01", STAFF_PIN, "01")
        staff.ok("/windows/01/open")
        ticket = a.client(KIOSK_TOKEN).issue("general")["ticket"]
        called = staff.ok("/windows/01/call-next", {})["ticket"]
        assert called["id"] == ticket["id"]
        seen = stream.until(lambda evs: any(e["type"] == "ticket.called" for e in evs))
        assert [e["type"] for e in seen] == ["window.opened", "ticket.issued", "ticket.called"]
        assert [e["seq"] for e in seen] == [seq + 1, seq + 2, seq + 3]

        # Cut B's listening connection: it polls until it listens again, and misses nothing.
        kiosk_b = b.client(KIOSK_TOKEN)
        with psycopg.connect(_dsn(pg_url), autocommit=True) as conn:
            cut = conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                               "WHERE query LIKE 'LISTEN %' AND datname = current_database()").fetchall()
        assert len(cut) == 2 and all(ok for (ok,) in cut)  # A's listener and B's
        for _ in range(3):
            a.client(KIOSK_TOKEN).issue("tax")
        seen = stream.until(lambda evs: sum(e["type"] == "ticket.issued" for e in evs) == 4)
        assert [e["seq"] for e in seen] == list(range(seq + 1, seq + 7))
        deadline = time.monotonic() + 60
        while not kiosk_b.get("/health").json()["listening"]:
            assert time.monotonic() < deadline, "B never listened again"
            time.sleep(0.1)
        staff.ok("/windows/01/start", {"ticket_id": called["id"]})
        seen = stream.until(lambda evs: evs[-1]["type"] == "ticket.serving")
        assert [e["seq"] for e in seen] == list(range(seq + 1, seq + 8))
    finally:
        if stream is not None:
            stream.close()
        a.stop()
        b.stop()


def test_category_settings_changed_on_one_instance_hold_on_every_instance(pg_url, clock):
    """The hall admin lowers a cap on A: B numbers within it at once and shows it without a restart."""
    a, b = (RunningServer(pg_url, SAMPLE_HALL, clock, poll_interval=QUIET_POLL) for _ in range(2))
    _start_all([a, b])
    try:
        kiosk_b = b.client(KIOSK_TOKEN)
        kiosk_b.issue("tax")
        stream = Stream(b, after=kiosk_b.get("/health").json()["seq"])
        try:
            a.login("admin", ADMIN_PIN).ok("/categories/tax/settings", {"daily_cap": 3, "warning_level": 7})
            stream.until(lambda evs: any(e["type"] == "category.changed" for e in evs))
        finally:
            stream.close()
        kiosk_b.issue("tax")
        kiosk_b.issue("tax")
        kiosk_b.refused("/tickets", {"category": "tax"}, 409, "daily_cap_reached")
        tax = next(c for c in kiosk_b.get("/snapshot").json()["categories"] if c["code"] == "tax")
        assert (tax["daily_cap"], tax["warn_waiting"], tax["issued_today"]) == (3, 7, 3)
    finally:
        a.stop()
        b.stop()


def test_hall_settings_edited_on_one_instance_hold_on_every_instance(pg_url, clock):
    """The hall admin adds a category to a window's profile on A: B calls it there without a restart."""
    a, b = (RunningServer(pg_url, SAMPLE_HALL, clock, poll_interval=QUIET_POLL) for _ in range(2))
    _start_all([a, b])
    try:
        admin = a.login("admin", ADMIN_PIN)
        read = admin.get("/settings")
        window = next(w for w in read.json()["windows"] if w["code"] == "01")
        window["categories"] = [*window["categories"], "tax"]
        stream = Stream(b, after=b.client(KIOSK_TOKEN).get("/health").json()["seq"])
        try:
            r = admin.http.put("/api/v1/settings/windows/01", json=window,
                               headers=admin.headers(new_key=True) | {"If-Match": read.headers["ETag"]})
            assert r.status_code == 200, r.text
            stream.until(lambda evs: any(e["type"] == "config.changed" for e in evs))
        finally:
            stream.close()
        shown = next(w for w in b.client(KIOSK_TOKEN).get("/config").json()["windows"] if w["code"] == "01")
        assert "tax" in shown["categories"]
        ticket = b.client(KIOSK_TOKEN).issue("tax")["ticket"]
        staff = b.login("w01", STAFF_PIN, window="01")
        staff.ok("/windows/01/open")
        assert staff.ok("/windows/01/call-next", {})["ticket"]["id"] == ticket["id"]
    finally:
        a.stop()
        b.stop()


def test_a_staff_logout_on_one_instance_ends_the_session_on_the_others(pg_url, clock, monkeypatch):
    from hall_server import auth

    monkeypatch.setattr(auth, "SESSION_CACHE_S", 0.0)  # the 10 s a cached session is trusted, run out
    a, b = (RunningServer(pg_url, SAMPLE_HALL, clock, poll_interval=QUIET_POLL) for _ in range(2))
    _start_all([a, b])
    try:
        staff_a = a.login("w01", STAFF_PIN, "01")
        staff_b = b.client(staff_a.token)
        assert staff_b.post("/windows/01/open").status_code == 200
        assert staff_a.post("/auth/logout").status_code in (200, 204)
        assert staff_b.post("/windows/01/close").status_code == 401
    finally:
        a.stop()
        b.stop()


def test_serve_with_workers_runs_processes_on_one_port(pg_url, tmp_path):
    """`hall-server serve --workers 2`: two processes, one port, one numbering; SQLite refuses."""
    refused = subprocess.run([sys.executable, "-m", "hall_server.cli", "serve", "--workers", "2",
                              "--db", str(tmp_path / "hall.db")], cwd=ROOT, capture_output=True, text=True,
                             timeout=60)
    assert refused.returncode == 1 and "PostgreSQL" in refused.stderr

    port = free_port()
    log_path = tmp_path / "serve.log"
    with open(log_path, "w") as log_file:
        hall_file = hall_file_with(tmp_path, daily_cap=9999)
        proc = subprocess.Popen([sys.executable, "-m", "hall_server.cli", "serve", "--workers", "2",
                                 "--port", str(port), "--db", pg_url, "--hall", str(hall_file), "--ignore-hours",
                                 "--log-level", "info"], cwd=ROOT, stdout=log_file, stderr=log_file)
    try:
        deadline = time.monotonic() + 90
        while len(re.findall(r"hall server ready", log_path.read_text())) < 2:
            assert proc.poll() is None and time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.1)
        base = f"http://127.0.0.1:{port}/api/v1"

        def take(_: int) -> str:
            with httpx.Client(base_url=base, timeout=30) as http:  # a connection of its own each time
                r = http.post("/tickets", json={"category": "general"},
                              headers={"Authorization": f"Bearer {KIOSK_TOKEN}", "Idempotency-Key": uuid.uuid4().hex})
                assert r.status_code == 201, r.text
                return r.json()["ticket"]["number"]

        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            numbers = sorted(int(n[1:]) for n in pool.map(take, range(80)))
        assert numbers == list(range(1, 81))
        assert len(re.findall(r"listening for events of other server instances", log_path.read_text())) == 2
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def test_the_business_day_turns_over_once_when_every_instance_meets_it(pg_url, tmp_path, clock):
    """The first tickets of a new day on three instances at once: numbering starts again at 1
    without a gap or a repeat, and the day turns over once."""
    servers = [RunningServer(pg_url, hall_file_with(tmp_path, daily_cap=9999), clock, poll_interval=QUIET_POLL)
               for _ in range(3)]
    _start_all(servers)
    try:
        kiosks = [s.client(KIOSK_TOKEN) for s in servers]
        kiosks[0].issue("general")
        clock.advance(days=1)
        barrier = threading.Barrier(6)

        def first_of_the_day(i: int) -> httpx.Response:
            k = kiosks[i % 3]
            barrier.wait()
            return k.post("/tickets", {"category": "general"})

        with concurrent.futures.ThreadPoolExecutor(6) as pool:
            answers = list(pool.map(first_of_the_day, range(6)))
        assert [r.status_code for r in answers] == [201] * 6, [r.text for r in answers]
        assert sorted(r.json()["ticket"]["number"] for r in answers) == [f"A{n:03d}" for n in range(1, 7)]
        assert {r.json()["ticket"]["business_day"] for r in answers} == {"2026-11-24"}
        events = kiosks[1].get("/events", after=0, limit=500).json()["events"]
        assert [e["data"]["business_day"] for e in events if e["type"] == "day.rolled"] == ["2026-11-24"]
    finally:
        for s in servers:
            s.stop()


def test_a_batch_the_database_rolls_back_runs_again(pg_url, clock):
    """A serialization failure (SQLSTATE 40001) raised by PostgreSQL inside a command: the server
    runs the batch again and answers; nothing of the failed attempt remains."""
    from hall_server import db
    from hall_server.config import load_hall
    from hall_server.engine import SYSTEM, QueueEngine

    store = db.Store(pg_url)
    db.migrate(store, lambda: 0.0)
    engine = QueueEngine(load_hall(SAMPLE_HALL), store, clock)
    attempts = []

    def command(tx):
        attempts.append(1)
        tx.emit("notice.changed", {"attempt": len(attempts)})
        if len(attempts) == 1:
            tx.conn.exec_driver_sql("DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = '40001'; END $$")
        return 200, {"attempts": len(attempts)}

    try:
        out = engine.execute(SYSTEM, "retried-key-0001", "h", command)
        assert (out.status, json.loads(out.body)) == (200, {"attempts": 2})
        assert [e.data for e in engine.events_after(0) if e.type == "notice.changed"] == [{"attempt": 2}]
        assert engine.execute(SYSTEM, "retried-key-0001", "h", command).replayed
    finally:
        engine.close()
        store.close()


def test_undoing_a_no_show_on_two_instances_at_once(pg_url, clock):
    """Two undos of one no-show, one per instance, and an undo racing a call-next on the other
    instance: the hall's write lock orders them, one wins and the other gets a clear refusal."""
    a, b = (RunningServer(pg_url, SAMPLE_HALL, clock) for _ in range(2))
    _start_all([a, b])
    try:
        on_a = a.login("w01", STAFF_PIN, "01")
        on_b = b.login("admin", ADMIN_PIN)
        on_a.ok("/windows/01/open")
        kiosk = a.client(KIOSK_TOKEN)
        start = threading.Barrier(2)

        def at_once(*calls):
            def run(call):
                start.wait()
                return call()
            with concurrent.futures.ThreadPoolExecutor(2) as pool:
                return list(pool.map(run, calls))

        for _ in range(3):
            t = kiosk.issue("general")["ticket"]
            on_a.ok("/windows/01/call-next", {"ticket_id": t["id"]})
            on_a.ok("/windows/01/no-show", {"ticket_id": t["id"]})
            answers = at_once(functools.partial(on_a.post, "/windows/01/undo-no-show", {"ticket_id": t["id"]}),
                              functools.partial(on_b.post, "/windows/01/undo-no-show", {"ticket_id": t["id"]}))
            assert sorted(r.status_code for r in answers) == [200, 409]
            assert next(r for r in answers if r.status_code == 409).json()["error"]["code"] == "no_show_undo_not_here"
            on_a.ok("/windows/01/no-show", {"ticket_id": t["id"]})

            other = kiosk.issue("general")["ticket"]
            undo, call = at_once(functools.partial(on_a.post, "/windows/01/undo-no-show", {"ticket_id": t["id"]}),
                                 functools.partial(on_b.post, "/windows/01/call-next", {"ticket_id": other["id"]}))
            assert sorted((undo.status_code, call.status_code)) == [200, 409]
            if undo.status_code == 200:
                assert call.json()["error"]["code"] == "window_busy"
                on_a.ok("/windows/01/no-show", {"ticket_id": t["id"]})
                on_a.ok("/windows/01/call-next", {"ticket_id": other["id"]})
            else:
                assert undo.json()["error"]["code"] == "no_show_undo_called_since"
            on_a.ok("/windows/01/no-show", {"ticket_id": other["id"]})
            states = {on_b.get(f"/tickets/{x['id']}").json()["state"] for x in (t, other)}
            assert states == {"no_show"}
    finally:
        a.stop()
        b.stop()
