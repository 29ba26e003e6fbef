"""The centre's store: a page stored twice, or an old event arriving late, changes nothing; statistics add up."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from hall_centre import store

pytestmark = pytest.mark.slow  # a real PostgreSQL

AT = dt.datetime(2026, 11, 23, 1, 0, tzinfo=dt.UTC)


def ticket_event(seq: int, kind: str, tid: int, state: str, minutes: int, window: str | None = None,
                 called: int | None = None) -> store.WireEvent:
    at = AT + dt.timedelta(minutes=minutes)
    ticket = {"id": tid, "number": f"A{tid:03}", "category": "general", "state": state,
              "business_day": "2026-11-23", "issued_at": AT.isoformat(), "queued_at": AT.isoformat(),
              "called_at": (AT + dt.timedelta(minutes=called)).isoformat() if called is not None else None,
              "window": window, "masked_name": "王*明", "id_number": "110105198506121234"}
    return store.WireEvent(seq=seq, type=kind, at=at, data={"ticket": ticket})


def facts(engine: sa.Engine) -> tuple:
    with engine.connect() as conn:
        return (conn.execute(sa.text("SELECT hall, ticket_id, seq, state, wait_s, finished_at FROM tickets "
                                     "ORDER BY 1, 2")).all(),
                conn.execute(sa.text("SELECT hall, seq, waiting, windows, faults FROM hall_now ORDER BY 1")).all(),
                conn.execute(sa.text("SELECT count(*) FROM events")).scalar())


def test_storing_twice_or_late_changes_nothing_and_statistics_add_up(centre_db):
    engine = store.connect(centre_db)
    store.connect(centre_db).dispose()  # a second start finds the schema and its version
    page = [ticket_event(1, "ticket.issued", 1, "waiting", 0), ticket_event(2, "ticket.issued", 2, "waiting", 1),
            store.WireEvent(seq=3, type="window.opened", at=AT, data={"window": {"code": "01"}}),
            ticket_event(4, "ticket.called", 1, "called", 5, "01", called=5),
            ticket_event(5, "ticket.done", 1, "done", 9, "01", called=5),
            store.WireEvent(seq=6, type="device.health", at=AT, data={"reporter": "kiosk-01", "device": "receipt",
                                                                       "state": "down", "reason": "paper out"})]
    assert store.store(engine, "H", page[:4]) == 4
    assert store.store(engine, "H", page[2:]) == 2  # overlapping: only the new two
    once = facts(engine)
    assert store.store(engine, "H", page) == 0
    assert store.store(engine, "H", page[3:4]) == 0  # an old event again: the ticket stays done
    assert facts(engine) == once
    tickets, now, count = once
    assert count == 6
    assert [(t.ticket_id, t.state, t.wait_s) for t in tickets] == [(1, "done", 300), (2, "waiting", None)]
    assert tickets[0].finished_at == AT + dt.timedelta(minutes=9)
    assert now[0].waiting == {"general": 1} and now[0].windows == {"01": "open"}
    assert now[0].faults["kiosk-01/receipt"]["state"] == "down"
    assert store.cursor_of(engine, "H") == 6
    with engine.connect() as conn:
        assert "110105198506121234" not in conn.execute(sa.text("SELECT string_agg(payload::text, '') FROM events"))\
            .scalar()
    rows = store.stats_by_month(engine, dt.date(2026, 11, 1), dt.date(2026, 12, 1))
    assert [(r["hall"], r["issued"], r["served"], r["no_show"], float(r["wait_avg_s"])) for r in rows] == [
        ("H", 2, 1, 0, 300.0)]
    store.store(engine, "H", [ticket_event(7, "ticket.no_show", 2, "no_show", 20, "01", called=12)])
    rows = store.stats_by_month(engine, dt.date(2026, 11, 1), dt.date(2026, 12, 1))
    assert [(r["issued"], r["served"], r["no_show"], float(r["wait_avg_s"]), r["wait_max_s"]) for r in rows] == [
        (2, 1, 1, 510.0, 720)]
    assert store.refresh_days(engine) == 0
    engine.dispose()


def test_the_feed_numbers_only_what_is_committed_in_the_order_it_commits(centre_db):
    engine = store.connect(centre_db)
    try:
        slow = engine.connect()
        pending = slow.begin()
        store._append_feed(slow, [("HALL-A", 1), ("HALL-A", 2)])  # a page still being stored
        assert store.store(engine, "HALL-B", [ticket_event(1, "ticket.issued", 1, "waiting", 0)], feed=True) == 1
        assert store.number_feed(engine) == 1
        pending.commit()
        slow.close()
        # One paging by number has seen 1 (HALL-B); what committed later is numbered after it, in its order.
        assert store.number_feed(engine) == 2 and store.number_feed(engine) == 0
        assert [(r["seq"], r["hall"], r["hall_seq"]) for r in store.feed_page(engine, 0, 10)] == [(1, "HALL-B", 1)]
        with engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT seq, hall, hall_seq FROM feed ORDER BY seq")).all()
        assert [tuple(r) for r in rows] == [(1, "HALL-B", 1), (2, "HALL-A", 1), (3, "HALL-A", 2)]
        # A page stored again adds nothing to the feed.
        assert store.store(engine, "HALL-B", [ticket_event(1, "ticket.issued", 1, "waiting", 0)], feed=True) == 0
        assert store.number_feed(engine) == 0
    finally:
        engine.dispose()


def test_a_centre_that_feeds_no_one_writes_no_feed_and_catches_its_feed_up_when_it_starts_to(centre_db):
    engine = store.connect(centre_db, feeding=False)
    try:
        assert store.store(engine, "HALL-A", [ticket_event(1, "ticket.issued", 1, "waiting", 0)]) == 1
        assert store.number_feed(engine) == 0
    finally:
        engine.dispose()
    engine = store.connect(centre_db, feeding=True)
    try:
        assert store.store(engine, "HALL-A", [ticket_event(2, "ticket.called", 1, "called", 1, "01", 1)],
                           feed=True) == 1
        assert store.number_feed(engine) == 2
        assert [(r["seq"], r["hall_seq"]) for r in store.feed_page(engine, 0, 10)] == [(1, 1), (2, 2)]
    finally:
        engine.dispose()
    for feeding in (None, True):  # a reader, or the same centre again: nothing added twice
        store.connect(centre_db, feeding=feeding).dispose()
    engine = store.connect(centre_db)
    try:
        assert store.number_feed(engine) == 0
    finally:
        engine.dispose()


def test_ratings_are_stored_once_with_their_ticket_and_follow_up(centre_db):
    engine = store.connect(centre_db)
    due = AT + dt.timedelta(hours=24)
    given = store.WireEvent(seq=3, type="rating.given", at=AT + dt.timedelta(minutes=10), data={
        "rating": 7, "subject_kind": "ticket", "level": 2, "level_code": "dissatisfied", "channel": "evaluator",
        "window": "01", "number": "A001", "follow_up_due": due.isoformat()})
    closed = store.WireEvent(seq=4, type="rating.follow_up_closed", at=AT + dt.timedelta(hours=30),
                             data={"follow_up": 1, "rating": 7, "late": True})
    page = [ticket_event(1, "ticket.issued", 1, "waiting", 0), ticket_event(2, "ticket.done", 1, "done", 5, "01"),
            given]

    def rows() -> list:
        with engine.connect() as conn:
            return conn.execute(sa.text("SELECT hall, rating, level, business_day, category, follow_up_due, "
                                        "follow_up_closed, follow_up_late FROM ratings")).all()

    assert store.store(engine, "H", page) == 3
    assert store.store(engine, "H", page) == 0
    assert rows() == [("H", 7, 2, dt.date(2026, 11, 23), "general", due, None, None)]
    store.store(engine, "H", [closed])
    store.store(engine, "H", [given, closed])  # again, late: nothing changes
    assert rows() == [("H", 7, 2, dt.date(2026, 11, 23), "general", due, closed.at, True)]
    engine.dispose()


def test_a_centre_from_before_the_ratings_table_fills_it_from_its_log(centre_db):
    engine = store.connect(centre_db)
    given = store.WireEvent(seq=2, type="rating.given", at=AT + dt.timedelta(minutes=10), data={
        "rating": 3, "subject_kind": "ticket", "level": 5, "level_code": "very_satisfied", "channel": "kiosk",
        "window": "01", "number": "A001"})
    store.store(engine, "H", [ticket_event(1, "ticket.issued", 1, "waiting", 0), given])
    with engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE ratings"))
    engine.dispose()
    engine = store.connect(centre_db)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT hall, rating, level, category FROM ratings")).all() == [
            ("H", 3, 5, "general")]
    engine.dispose()


def test_p90_from_the_rollup_is_the_exact_one_to_the_minute(centre_db):
    import math
    import random

    from hall_centre import reports
    from hall_centre.config import Centre, HallEntry

    engine = store.connect(centre_db)
    rng = random.Random(7)
    waits: dict[str, list[int]] = {"H1": [], "H2": []}
    seq = {"H1": 0, "H2": 0}
    for day in (1, 2, 3):
        for hall in waits:
            page = []
            for i in range(rng.randint(5, 40)):
                wait = rng.randint(0, 5400)
                waits[hall].append(wait)
                issued = dt.datetime(2026, 11, day, 1, 0, tzinfo=dt.UTC)
                seq[hall] += 1
                page.append(store.WireEvent(seq=seq[hall], type="ticket.done", at=issued, data={"ticket": {
                    "id": seq[hall], "number": f"A{i:03}", "category": "general", "state": "done",
                    "business_day": f"2026-11-{day:02}", "issued_at": issued.isoformat(),
                    "queued_at": issued.isoformat(),
                    "called_at": (issued + dt.timedelta(seconds=wait)).isoformat(), "window": "01"}}))
            store.store(engine, hall, page)
    centre = Centre(code="C", name="中心", level="city", parent_url=None, parent_token=None, api_tokens=(),
                    halls=tuple(HallEntry(code=h, name=h, name_en=h, level=lv, parent=None, address="路", lat=0,
                                          lon=0, base_url="http://x", token="x" * 16)
                                for h, lv in (("H1", "district"), ("H2", "street"))))

    def nearest_rank_minutes(values: list[int]) -> float:
        ordered = sorted(values)
        return float(math.floor(ordered[math.ceil(0.9 * len(ordered)) - 1] / 60))

    by_hall = reports.stats(engine, centre, "hall", dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert [(r.key, r.issued, r.p90_wait_minutes) for r in by_hall] == [
        (h, len(w), nearest_rank_minutes(w)) for h, w in waits.items()]
    both = reports.stats(engine, centre, "category", dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert [(r.key, r.p90_wait_minutes) for r in both] == [
        ("general", nearest_rank_minutes(waits["H1"] + waits["H2"]))]
    engine.dispose()
