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
