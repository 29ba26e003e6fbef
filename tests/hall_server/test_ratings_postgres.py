"""Ratings, follow-ups and statistics on PostgreSQL: the scripted day of test_stats gives the same
figures, and the one-rating rule holds."""
from __future__ import annotations

import importlib.util
import pathlib

import pytest

from hallsupport import ADMIN_PIN, KIOSK_TOKEN, SAMPLE_HALL, RunningServer

pytestmark = pytest.mark.slow  # each test here takes over a second (README: the fast subset)


def _load(name: str):
    """A sibling test module, for its fixtures and helpers (tests are not a package here)."""
    spec = importlib.util.spec_from_file_location(f"_ratings_pg_{name}", pathlib.Path(__file__).with_name(f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_stats = _load("test_stats")


def test_ratings_and_statistics_on_postgresql(pg_url, clock):
    srv = RunningServer(pg_url, SAMPLE_HALL, clock)
    srv.start()
    try:
        kiosk = srv.client(KIOSK_TOKEN)
        assert kiosk.get("/health").json()["storage"] == "postgresql"
        tickets = _stats.scripted_day(srv, kiosk, clock)
        kiosk.refused("/ratings/by-ticket-code", {"code": tickets["A001"]["track_url"], "level": 5}, 409,
                      "already_rated")
        admin = srv.login("admin", ADMIN_PIN)
        day = _stats.stats(admin, "day")["rows"][0]
        assert _stats.figures(day) == (5, 4, 1, 25.0, 35.0, 9.0, 3, 0.6667)
        # The wait promises kept, as on SQLite (test_stats): of four called, A003's.
        assert (day["promises_called"], day["promises_kept"], day["promises_uncalled"],
                day["promise_hit_rate"]) == (4, 1, 1, 0.25)
        assert tickets["A003"]["wait_low_minutes"] == 5 and tickets["A003"]["wait_high_minutes"] == 40
        windows = {r["key"]: r for r in _stats.stats(admin, "window")["rows"]}
        assert _stats.figures(windows["01"]) == (None, 2, 1, 25.0, 35.0, 7.0, 1, 1.0)
        assert _stats.figures(windows["06"]) == (None, 2, 0, 25.0, 25.0, 11.0, 2, 0.5)
        follow_ups = admin.get("/ratings/follow-ups").json()
        assert (follow_ups["open"], [f["rating"]["ticket_number"] for f in follow_ups["follow_ups"]]) == (1, ["E001"])
        closed = admin.ok(f"/ratings/follow-ups/{follow_ups['follow_ups'][0]['id']}/close", {"note": "已回访"})
        assert closed["state"] == "closed"
        exported = admin.get("/ratings/export", **{"from": "2026-11-23", "to": "2026-11-23"}).json()
        assert [(x["ticket_number"], x["level"], x["window"], x["staff_username"]) for x in exported["ratings"]] == [
            ("E001", 2, "06", "w06"), ("A001", 4, "06", "w06"), ("A003", 5, "01", "w01")]
        # A restart keeps everything, and the CSV answers from PostgreSQL too.
        srv.stop()
        srv.start()
        admin = srv.login("admin", ADMIN_PIN)
        assert _stats.figures(_stats.stats(admin, "day")["rows"][0]) == _stats.figures(day)
        csv = admin.http.get("/api/v1/stats.csv", params={"from": "2026-11-23", "to": "2026-11-23"},
                             headers=admin.headers())
        assert csv.status_code == 200
        assert "2026-11-23,2026-11-23,5,4,1,25.0,35.0,9.0,3" in csv.content.decode("utf-8-sig")
    finally:
        srv.stop()
