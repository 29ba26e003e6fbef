"""Statistics over real HTTP: the figures of a small scripted day (with a transfer and a no-show)
computed by hand, per day, category and window; the CSV read back; refusals."""
from __future__ import annotations

import csv
import io
import sqlite3

import pytest

from hall_server.config import load_hall
from hall_server.engine import QueueEngine
from hall_server import cli, db, migrations, ratings
from hallsupport import ADMIN_PIN, SAMPLE_HALL, STAFF_PIN, TECH_PIN, device_token, drop_later_revisions

LEVELS_NONE = {"5": 0, "4": 0, "3": 0, "2": 0, "1": 0}


def at(clock, hhmm: str) -> None:
    h, m = map(int, hhmm.split(":"))
    clock.set_local(2026, 11, 23, h, m)


def scripted_day(server, kiosk, clock) -> dict[str, dict]:
    """09:00–09:52 at windows 01 (general) and 06 (tax), all times by hand:

    A001 general  issued 09:00, called 09:10 at 01, served 09:12–09:20, transferred to tax at 06,
                  called 09:36 at 06, served 09:40–09:52, done          wait 10, services 8 and 12
    A002 general  issued 09:00, called 09:30 at 01, no-show 09:35      wait 30
    E001 tax      issued 09:00, called 09:25 at 06, served 09:26–09:36  wait 25, service 10
    A003 general  issued 09:05, called 09:40 at 01, served 09:41–09:47  wait 35, service 6
    A004 general  issued 09:50, still waiting                           no wait yet
    Ratings: A001 4 (kiosk, window 06), E001 2 (evaluator, 06), A003 5 (kiosk, 01).
    """
    w01 = server.login("w01", STAFF_PIN, "01")
    w06 = server.login("w06", STAFF_PIN, "06")
    w01.ok("/windows/01/open")
    w06.ok("/windows/06/open")
    t = {}
    for name, category in (("A001", "general"), ("A002", "general"), ("E001", "tax")):
        t[name] = kiosk.issue(category)
    at(clock, "09:05")
    t["A003"] = kiosk.issue("general")
    ids = {k: v["ticket"]["id"] for k, v in t.items()}

    def step(hhmm: str, staff, code: str, action: str, name: str, **extra) -> None:
        at(clock, hhmm)
        staff.ok(f"/windows/{code}/{action}", {"ticket_id": ids[name], **extra})

    step("09:10", w01, "01", "call-next", "A001")
    step("09:12", w01, "01", "start", "A001")
    step("09:20", w01, "01", "transfer", "A001", category="tax", window="06")
    step("09:25", w06, "06", "call-next", "E001")
    step("09:26", w06, "06", "start", "E001")
    step("09:30", w01, "01", "call-next", "A002")
    step("09:35", w01, "01", "no-show", "A002")
    step("09:36", w06, "06", "finish", "E001")
    request = w06.ok("/windows/06/rating-request", {"ticket_id": ids["E001"]}, 201)
    server.client(device_token("evaluator-06")).ok(
        "/ratings/evaluator", {"request_id": request["id"], "level": 2, "reason_code": "slow_service"}, 201)
    step("09:36", w06, "06", "call-next", "A001")
    step("09:40", w06, "06", "start", "A001")
    step("09:40", w01, "01", "call-next", "A003")
    step("09:41", w01, "01", "start", "A003")
    step("09:47", w01, "01", "finish", "A003")
    at(clock, "09:50")
    t["A004"] = kiosk.issue("general")
    step("09:52", w06, "06", "finish", "A001")
    at(clock, "09:55")
    kiosk.ok("/ratings/by-ticket-code", {"code": t["A001"]["track_url"], "level": 4}, 201)
    kiosk.ok("/ratings/by-ticket-code", {"code": t["A003"]["track_url"], "level": 5}, 201)
    return t


def stats(admin, by: str, start: str = "2026-11-23", end: str = "2026-11-24") -> dict:
    r = admin.get("/stats", **{"from": start, "to": end, "by": by})
    assert r.status_code == 200, r.text
    return r.json()


def figures(row: dict) -> tuple:
    return (row["issued"], row["served"], row["no_shows"], row["average_wait_minutes"], row["p90_wait_minutes"],
            row["average_service_minutes"], row["ratings"], row["satisfaction_rate"])


@pytest.mark.slow
def test_a_scripted_day_by_day_category_and_window(server, kiosk, clock):
    scripted_day(server, kiosk, clock)
    admin = server.login("admin", ADMIN_PIN)

    by_day = stats(admin, "day")
    assert (by_day["by"], by_day["timezone"]) == ("day", "Asia/Shanghai")
    assert [r["key"] for r in by_day["rows"]] == ["2026-11-23", "2026-11-24"]
    day, empty = by_day["rows"]
    # waits 10, 30, 25, 35 → mean 25, nearest-rank p90 of 4 = the 4th = 35; services 8, 10, 12, 6 → 9.
    assert figures(day) == (5, 4, 1, 25.0, 35.0, 9.0, 3, 0.6667)
    assert day["levels"] == {"5": 1, "4": 1, "3": 0, "2": 1, "1": 0}
    assert figures(empty) == (0, 0, 0, None, None, None, 0, None) and empty["levels"] == LEVELS_NONE
    assert figures(by_day["total"]) == figures(day) and by_day["total"]["key"] == "total"

    by_category = {r["key"]: r for r in stats(admin, "category")["rows"]}
    assert list(by_category)[:3] == ["general", "hukou", "vehicle"]  # every category, in the hall's order
    general, tax = by_category["general"], by_category["tax"]
    # general: issued A001–A004; served A001 at 01 (8) and A003 (6); waits of A001, A002, A003.
    assert figures(general) == (4, 2, 1, 25.0, 35.0, 7.0, 1, 1.0)
    # tax: issued E001; served E001 (10) and A001 after its transfer (12); the ratings of E001 and A001.
    assert figures(tax) == (1, 2, 0, 25.0, 25.0, 11.0, 2, 0.5)
    assert (general["name"], general["name_en"]) == ("综合受理", "General acceptance")
    assert figures(by_category["hukou"]) == (0, 0, 0, None, None, None, 0, None)

    by_window = stats(admin, "window")
    rows = {r["key"]: r for r in by_window["rows"]}
    assert len(rows) == 16
    # Window 01: A001's first service and A003; A002's no-show; first calls of A001, A002, A003.
    assert figures(rows["01"]) == (None, 2, 1, 25.0, 35.0, 7.0, 1, 1.0)
    # Window 06: E001 and A001's second service; E001's first call; ratings of E001 (2) and A001 (4).
    assert figures(rows["06"]) == (None, 2, 0, 25.0, 25.0, 11.0, 2, 0.5)
    assert rows["06"]["levels"] == {"5": 0, "4": 1, "3": 0, "2": 1, "1": 0}
    assert figures(rows["02"]) == (None, 0, 0, None, None, None, 0, None)
    assert figures(by_window["total"]) == figures(day)


@pytest.mark.slow
def test_stats_csv_reads_back_as_the_same_rows(server, kiosk, clock):
    scripted_day(server, kiosk, clock)
    admin = server.login("admin", ADMIN_PIN)
    for by in ("day", "category", "window"):
        r = admin.http.get("/api/v1/stats.csv", params={"from": "2026-11-23", "to": "2026-11-24", "by": by},
                           headers=admin.headers())
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
        assert r.headers["content-disposition"] == f'attachment; filename="stats-{by}-2026-11-23-2026-11-24.csv"'
        assert r.content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for UTF-8
        table = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
        assert table[0][:3] == ["分组 key", "名称 name", "取号数 issued"]
        assert table[0][-10:-4] == ["非常满意 level_5", "满意 level_4", "基本满意 level_3", "不满意 level_2",
                                    "非常不满意 level_1", "满意率 satisfaction_rate"]
        assert table[0][-4:] == ["承诺等候已叫号数 promises_called", "等候在承诺范围内 promises_kept",
                                 "等候承诺兑现率 promise_hit_rate", "承诺后未叫号 promises_uncalled"]
        report = stats(admin, by)
        expected = [*report["rows"], report["total"]]
        assert len(table) == 1 + len(expected)
        for line, row in zip(table[1:], expected, strict=True):
            parsed = dict(zip([h.split(" ")[1] for h in table[0]], line, strict=True))
            assert parsed["key"] == row["key"] and parsed["name"] == row["name"]
            for code in ("issued", "served", "no_shows", "ratings", "promises_called", "promises_kept",
                         "promises_uncalled"):
                assert parsed[code] == ("" if row[code] is None else str(row[code]))
            for code in ("average_wait_minutes", "p90_wait_minutes", "average_service_minutes", "satisfaction_rate",
                         "promise_hit_rate"):
                assert (None if parsed[code] == "" else float(parsed[code])) == row[code]
            assert [int(parsed[f"level_{n}"]) for n in "54321"] == [row["levels"][n] for n in "54321"]
    window_csv = admin.http.get("/api/v1/stats.csv", params={"from": "2026-11-23", "to": "2026-11-23", "by": "window"},
                                headers=admin.headers()).content.decode("utf-8-sig")
    assert "1号窗口" in window_csv and "\r\n合计" not in window_csv and "total,合计" in window_csv


def test_stats_refusals(server, kiosk, clock):
    admin = server.login("admin", ADMIN_PIN)
    for params, code in [
        ({"from": "2026-11-24", "to": "2026-11-23"}, "bad_range"),
        ({"from": "2025-11-22", "to": "2026-11-23"}, "range_too_long"),  # 367 days
        ({"from": "2026-11-23", "to": "2026-11-23", "by": "staff"}, "bad_request"),
        ({"to": "2026-11-23"}, "bad_request"),
    ]:
        for path in ("/stats", "/stats.csv"):
            r = admin.get(path, **params)
            assert (r.status_code, r.json()["error"]["code"]) == (422, code)
    assert len(stats(admin, "day", "2025-11-23", "2026-11-23")["rows"]) == 366  # a leap year's worth: fine
    for other in (server.login("w01", STAFF_PIN, "01"), kiosk, server.login("tech", TECH_PIN)):
        for path in ("/stats", "/stats.csv"):
            assert other.get(path, **{"from": "2026-11-23", "to": "2026-11-23"}).status_code == 403


def test_hold_and_resume_make_two_services_and_one_first_call(server, kiosk, clock):
    admin = server.login("admin", ADMIN_PIN)
    w01 = server.login("w01", STAFF_PIN, "01")
    w01.ok("/windows/01/open")
    ticket = kiosk.issue("general")["ticket"]["id"]
    at(clock, "09:04")
    w01.ok("/windows/01/call-next", {"ticket_id": ticket})
    w01.ok("/windows/01/start", {"ticket_id": ticket})
    at(clock, "09:10")
    w01.ok("/windows/01/hold", {"ticket_id": ticket, "reason": "documents_missing"})
    at(clock, "09:30")
    w01.ok("/windows/01/resume", {"ticket_id": ticket})
    w01.ok("/windows/01/start", {"ticket_id": ticket})
    at(clock, "09:33")
    w01.ok("/windows/01/finish", {"ticket_id": ticket})
    row = {r["key"]: r for r in stats(admin, "window", "2026-11-23", "2026-11-23")["rows"]}["01"]
    # The wait is to the first call (4 min), not the resumed one; the service counted is the one that finished.
    assert figures(row) == (None, 1, 0, 4.0, 4.0, 3.0, 0, None)
    with sqlite3.connect(server.db_path) as conn:
        assert conn.execute("SELECT outcome, window, staff FROM service_segments ORDER BY id").fetchall() == [
            ("held", "01", "w01"), ("done", "01", "w01")]


def test_demo_seed_rates_served_tickets(server, kiosk, clock, capsys):
    scripted_day(server, kiosk, clock)
    server.stop()
    store = db.Store(str(server.db_path))
    try:
        db.migrate(store, lambda: 0.0)
        engine = QueueEngine(load_hall(SAMPLE_HALL), store, clock)
        try:
            rated = ratings.seed_demo_ratings(engine, share=1.0)
            assert rated == 0  # the day's served tickets (A001, E001, A003) are all rated already
            with store.write() as conn:
                conn.execute(db.ratings.delete())
                conn.execute(db.rating_follow_ups.delete())
            assert ratings.seed_demo_ratings(engine, share=1.0) == 3
            assert ratings.seed_demo_ratings(engine, share=1.0) == 0  # never twice
            with store.read() as conn:
                levels = [r.level for r in conn.execute(db.ratings.select())]
                follow_ups = conn.execute(db.rating_follow_ups.select()).all()
            assert len(levels) == 3 and sum(1 for x in levels if x <= 2) == len(follow_ups)
            with store.write() as conn:
                conn.execute(db.ratings.delete())
                conn.execute(db.rating_follow_ups.delete())
        finally:
            engine.close()
    finally:
        store.close()
    # The same from the command line, as the demo would run it.
    assert cli.main(["demo-ratings", "--db", str(server.db_path), "--day", "2026-11-23", "--share", "1"]) == 0
    assert capsys.readouterr().out == "ok: 3 served tickets rated\n"
    assert cli.main(["demo-ratings", "--db", str(server.db_path), "--share", "2"]) == 1


@pytest.mark.slow
@pytest.mark.parametrize("by", ["day", "category", "window"])
def test_totals_agree_whatever_the_grouping(server, kiosk, clock, by):
    scripted_day(server, kiosk, clock)
    report = stats(server.login("admin", ADMIN_PIN), by)
    rows, total = report["rows"], report["total"]
    for code in ("served", "no_shows", "ratings"):
        assert sum(r[code] for r in rows) == total[code]
    if by != "window":
        assert sum(r["issued"] for r in rows) == total["issued"] == 5


@pytest.mark.slow
def test_a_database_from_before_segments_gets_one_per_served_ticket(server, kiosk, clock):
    """Upgrading a hall that served tickets before migration 6: their last services count."""
    scripted_day(server, kiosk, clock)
    server.stop()
    with sqlite3.connect(server.db_path) as conn:  # back to what step 5 of the servers before Alembic left
        drop_later_revisions(conn)
        for table in ("service_segments", "rating_requests", "ratings", "rating_follow_ups", "attempts"):
            conn.execute(f"DROP TABLE {table}")
        conn.execute("DROP TABLE alembic_version")
        conn.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL,"
                     " applied_at FLOAT NOT NULL)")
        conn.executemany("INSERT INTO schema_version VALUES (?, 'step', 0)", [(v,) for v in range(1, 6)])
    server.start()
    with sqlite3.connect(server.db_path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(migrations.head(),)]
        segments = conn.execute("SELECT t.number, s.window, s.outcome, s.ended_at - s.called_at FROM service_segments s"
                                " JOIN tickets t ON t.id = s.ticket_id ORDER BY t.number").fetchall()
    # A001's first service (before its transfer) is lost; the rest is as served.
    assert segments == [("A001", "06", "done", 16 * 60.0), ("A002", "01", "no_show", 5 * 60.0),
                        ("A003", "01", "done", 7 * 60.0), ("E001", "06", "done", 11 * 60.0)]
    day = stats(server.login("admin", ADMIN_PIN), "day", "2026-11-23", "2026-11-23")["rows"][0]
    # waits: A001 now from its last call (36), A002 30, A003 35, E001 25; services 12, 6, 10.
    assert figures(day) == (5, 3, 1, 31.5, 36.0, 9.3, 0, None)


def test_promises_are_kept_on_the_tickets_and_counted_per_day_and_category(server, kiosk, clock):
    """The scripted day's promises (default band: no earlier calls; general at window 01 alone, 8 minutes a person):

    A001 0 ahead: 即将叫号 0–5, waited 10: missed    A002 1 ahead: point 8, 0–25, waited 30: missed
    E001 0 ahead: 0–5, waited 25: missed            A003 2 ahead: point 16, 5–40, waited 35: kept
    A004 issued 09:50 (A001's promise calibrates it), still waiting: left out, counted apart.
    """
    t = scripted_day(server, kiosk, clock)
    promised = {k: (v["estimated_wait_minutes"], v["wait_low_minutes"], v["wait_high_minutes"]) for k, v in t.items()}
    assert {k: promised[k] for k in ("A001", "A002", "E001", "A003")} == {
        "A001": (0, 0, 5), "A002": (8, 0, 25), "E001": (0, 0, 5), "A003": (16, 5, 40)}
    with sqlite3.connect(server.db_path) as conn:
        kept = dict((number, (point, low, high)) for number, point, low, high in conn.execute(
            "SELECT number, promise_point_min, promise_low_min, promise_high_min FROM tickets"))
    assert kept == promised  # what the citizen was told is what the server keeps
    admin = server.login("admin", ADMIN_PIN)

    def hits(row: dict) -> tuple:
        return row["promises_called"], row["promises_kept"], row["promises_uncalled"], row["promise_hit_rate"]

    day = stats(admin, "day")
    assert [hits(r) for r in day["rows"]] == [(4, 1, 1, 0.25), (0, 0, 0, None)]
    assert hits(day["total"]) == (4, 1, 1, 0.25)
    category = {r["key"]: hits(r) for r in stats(admin, "category")["rows"]}
    assert category["general"] == (3, 1, 1, 0.3333) and category["tax"] == (1, 0, 0, 0.0)
    assert category["hukou"] == (0, 0, 0, None)
    window = stats(admin, "window")
    assert {hits(r) for r in window["rows"]} == {(None, None, None, None)}  # a promise belongs to a category


def test_a_category_with_no_window_open_is_promised_nothing(server, kiosk, clock):
    """No window open for tax: the wait is unknown, nothing is recorded, the statistics leave it out."""
    unknown = kiosk.issue("tax")
    assert (unknown["wait_low_minutes"], unknown["wait_high_minutes"]) == (None, None)
    assert unknown["estimated_wait_minutes"] == 0  # the point estimate as before
    with sqlite3.connect(server.db_path) as conn:
        assert conn.execute("SELECT promise_low_min, promise_high_min FROM tickets").fetchall() == [(None, None)]
    total = stats(server.login("admin", ADMIN_PIN), "day")["total"]
    assert (total["issued"], total["promises_called"], total["promises_uncalled"]) == (1, 0, 0)
