"""Demo history: past working days lived through the queue engine, then read by the statistics."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from hall_server import db, demo_history, stats
from hall_server.cli import main as cli
from hall_server.config import load_hall, SAMPLE_HALL
from hall_server.engine import QueueEngine

pytestmark = pytest.mark.slow  # each test here takes over a second (README: the fast subset)


@pytest.mark.slow
def test_past_days_served_and_rated_then_never_again(tmp_path) -> None:
    hall = load_hall(SAMPLE_HALL)
    store = db.Store(str(tmp_path / "hall.db"))
    db.migrate(store, lambda: 0.0)
    monday = dt.date(2026, 11, 23)
    done = demo_history.seed_history(hall, store, days=2, per_day=40, today=monday)
    days = ["2026-11-19", "2026-11-20"]  # Thursday and Friday: the weekend is skipped
    with store.read() as conn:
        t = db.tickets.c
        by_day = dict(conn.execute(sa.select(t.business_day, sa.func.count()).group_by(t.business_day)).all())
        left = conn.execute(sa.select(sa.func.count()).select_from(db.tickets)
                            .where(t.state.not_in(["done", "no_show"]))).scalar_one()
        segments = conn.execute(sa.select(db.service_segments.c.outcome, sa.func.count())
                                .group_by(db.service_segments.c.outcome)).all()
        levels = {r[0] for r in conn.execute(sa.select(db.ratings.c.level))}
    assert sorted(by_day) == days and sum(by_day.values()) == done["issued"] > 40
    assert left == 0  # every citizen of those days was served or did not come
    assert dict(segments) == {"done": done["served"], "no_show": done["no_shows"],
                              **({"transferred": done["transfers"]} if done["transfers"] else {})}
    assert done["rated"] > done["served"] // 2 and levels <= {1, 2, 3, 4, 5} and 5 in levels

    engine = QueueEngine(hall, store)
    try:
        report = stats.report(engine, dt.date(2026, 11, 19), dt.date(2026, 11, 20), "day")
    finally:
        engine.close()
    assert [r.key for r in report.rows] == days
    assert report.total.issued == done["issued"] and report.total.no_shows == done["no_shows"]
    assert report.total.ratings == done["rated"] and report.total.average_wait_minutes > 0

    with pytest.raises(RuntimeError, match="already holds tickets"):
        demo_history.seed_history(hall, store, days=1, per_day=5, today=monday)
    store.close()


def test_the_command_refuses_bad_figures_and_leaves_a_used_database_alone(tmp_path, capsys) -> None:
    path = str(tmp_path / "hall.db")
    assert cli(["demo-history", "--db", path, "--days", "0"]) == 1
    assert "--days is 1..30" in capsys.readouterr().err
    assert cli(["demo-history", "--db", path, "--days", "1", "--per-day", "5"]) == 0
    assert "past working days 1;" in capsys.readouterr().out
    assert cli(["demo-history", "--db", path, "--days", "1", "--per-day", "5"]) == 0
    assert "nothing done" in capsys.readouterr().out
