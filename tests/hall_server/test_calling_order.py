"""The server's calling order in SQL (the waiting line's ORDER BY, which call-next and the waiting
list use) and its people-ahead counts agree with the pure rules of hall_rules.queue on generated
waiting lines: green channel, ageing at its edge, appointments at the edges of their slots, ties
in queued_at; on SQLite and on PostgreSQL."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hall_rules import queue as rules
from hall_server import db
from hall_server.config import SAMPLE_HALL, load_hall
from hall_server.queue.waiting import WaitingLine
from hall_server.queue.writer import HotStatements

DAY = dt.date(2026, 11, 23)
CATEGORY = "general"
# Minutes: the edges of the hall's ageing (40) and early margin (15) and plain values between.
EDGE_MINUTES = [0, 1, 14, 15, 16, 39, 40, 41, 60]
# Queued before the moment asked about: a ticket queued at that moment is the one just issued
# (people ahead of it are counted in SQL on the premise that it is the newest; see just_issued).
earlier = st.one_of(st.sampled_from(EDGE_MINUTES[1:]), st.floats(0.001, 120, allow_nan=False))
# An appointment's slot: (start in minutes from the moment asked about, length in minutes); its
# early margin's first moment and its end fall on that moment for some of them.
slot_starts = st.one_of(st.sampled_from([-60, -30, -15, -1, 0, 1, 14, 15, 16, 30]),
                        st.floats(-120, 120, allow_nan=False))
ticket = st.fixed_dictionaries({
    "green": st.booleans(),
    "queued_min_ago": earlier,
    "slot": st.one_of(st.none(), st.tuples(slot_starts, st.sampled_from([0, 1, 15, 30]))),
    "state": st.sampled_from(["waiting"] * 4 + ["called", "held"]),
    "category": st.sampled_from([CATEGORY] * 4 + ["tax"]),
})
line_of_tickets = st.lists(ticket, max_size=14)
# A ticket issued at the moment asked about, stored last (the fast path of issuing), or none.
just_issued = st.one_of(st.none(), ticket.map(lambda t: t | {"queued_min_ago": 0, "state": "waiting",
                                                             "category": CATEGORY}))
moments = st.one_of(st.just(1_795_000_000.0), st.floats(1.7e9, 1.8e9, allow_nan=False))


def store_for(url: str) -> db.Store:
    store = db.Store(url)
    db.migrate(store, lambda: 0.0)
    return store


def fill(conn: sa.Connection, now_ts: float, tickets: list[dict], newest: dict | None) -> list:
    """Store the generated tickets (and `newest` last); their rows by id."""
    conn.execute(db.tickets.delete())
    values = []
    for n, t in enumerate(tickets + ([newest] if newest else []), start=1):
        queued = now_ts - t["queued_min_ago"] * 60
        start, length = t["slot"] or (None, None)
        values.append(dict(
            business_day=DAY.isoformat(), number=f"A{n:03d}", number_category=t["category"], seq=n,
            category=t["category"], state=t["state"], green=t["green"], issued_at=queued, queued_at=queued,
            slot_start=None if start is None else now_ts + start * 60,
            slot_end=None if start is None else now_ts + (start + length) * 60,
            recall_count=0, transfers=0, issued_by="kiosk-1", track_token=f"token-{n}"))
    if values:
        conn.execute(db.tickets.insert(), values)
    return list(conn.execute(sa.select(db.tickets).order_by(db.tickets.c.id)))


def check_agreement(store: db.Store, now_ts: float, tickets: list[dict], newest: dict | None) -> None:
    hall = load_hall(SAMPLE_HALL)
    line = WaitingLine(hall, HotStatements(store.engine.dialect))
    pure = {"ageing_minutes": hall.ageing_minutes, "early_minutes": hall.appointment_early_minutes}
    with store.write() as conn:
        rows = fill(conn, now_ts, tickets, newest)
        waiting = [r for r in rows if r.state == "waiting" and r.category == CATEGORY]
        t = db.tickets.c
        in_sql = [r.id for r in conn.execute(sa.select(t.id).where(
            t.business_day == DAY.isoformat(), t.state == "waiting", t.category == CATEGORY,
        ).order_by(*line.order_by(now_ts)))]
        assert in_sql == [r.id for r in sorted(waiting, key=lambda r: rules.order_key(r, now_ts, **pure))]
        tiers = dict(conn.execute(sa.select(t.id, line.tier_sql(now_ts))).all())
        assert tiers == {r.id: rules.calling_tier(r, now_ts, **pure) for r in rows}
        for row in waiting:
            expected = rules.people_ahead(row, waiting, now_ts, **pure)
            assert line.people_ahead(conn, DAY, row, now_ts) == expected, row
            assert line.ahead_in_order(conn, row, now_ts) == expected, row


@pytest.fixture
def sqlite_store(tmp_path) -> Iterator[db.Store]:
    store = store_for(str(tmp_path / "order.db"))
    yield store
    store.close()


@pytest.fixture
def pg_store(pg_url) -> Iterator[db.Store]:
    store = store_for(pg_url)
    yield store
    store.close()


# One store for every example of a test: each example fills the tickets table anew.
@pytest.mark.slow
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(now_ts=moments, tickets=line_of_tickets, newest=just_issued)
def test_sql_order_and_people_ahead_agree_with_the_pure_rules_on_sqlite(sqlite_store, now_ts, tickets, newest):
    check_agreement(sqlite_store, now_ts, tickets, newest)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(now_ts=moments, tickets=line_of_tickets, newest=just_issued)
def test_sql_order_and_people_ahead_agree_with_the_pure_rules_on_postgres(pg_store, now_ts, tickets, newest):
    check_agreement(pg_store, now_ts, tickets, newest)


def test_a_just_issued_ticket_counts_the_better_tiers_in_sql(sqlite_store):
    """The fast path of issuing, by example: the newest ticket's people ahead counted in SQL by tier."""
    store = sqlite_store
    now_ts = 1_795_000_000.0
    walk_in = {"green": False, "slot": None, "state": "waiting", "category": CATEGORY, "queued_min_ago": 5}
    line = WaitingLine(load_hall(SAMPLE_HALL), HotStatements(store.engine.dialect))
    tickets = [walk_in | {"queued_min_ago": 50},   # aged: first tier
               walk_in | {"queued_min_ago": 40},   # aged this very moment
               walk_in | {"slot": (10, 30)},       # in its slot's early margin
               walk_in | {"slot": (15, 30)},       # the early margin's first moment
               walk_in | {"slot": (-30, 30)},      # the slot's last moment
               walk_in | {"slot": (-31, 30)},      # past its slot: by arrival
               walk_in,
               walk_in | {"green": True},
               walk_in | {"state": "called"}]
    for newest, ahead in [(walk_in, 8), (walk_in | {"slot": (0, 30)}, 6), (walk_in | {"green": True}, 3)]:
        newest = newest | {"queued_min_ago": 0}
        check_agreement(store, now_ts, tickets, newest)
        with store.write() as conn:
            row = fill(conn, now_ts, tickets, newest)[-1]
            assert row.queued_at == now_ts
            assert line.people_ahead(conn, DAY, row, now_ts) == ahead
