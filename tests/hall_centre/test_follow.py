"""The centre follows real hall servers on loopback into a real PostgreSQL: every event once, whatever goes away."""
from __future__ import annotations

import dataclasses

import re
import threading
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from centresupport import (CENTRE_TOKEN, CentreProcess, RunningCentre, centre_file, centre_seqs, cursor, hall_seqs,
                           wait_for)
from hall_centre import store
from hallsupport import KIOSK_TOKEN, SAMPLE_HALL, STAFF_PIN, FakeClock, HallClient, RunningServer, make_id

pytestmark = pytest.mark.slow  # real hall servers, a real PostgreSQL, a process killed

FULL_NAME = "欧阳小明"


@pytest.fixture
def halls(tmp_path) -> Iterator[dict[str, RunningServer]]:
    started = {code: RunningServer(tmp_path / f"{code}.db", SAMPLE_HALL, FakeClock(), poll_interval=0.2,
                                   tick_interval=0.5) for code in ("HALL-A", "HALL-B")}
    for s in started.values():
        s.start()
    yield started
    for s in started.values():
        s.stop()


@dataclasses.dataclass
class AtWindow:
    """A member of staff logged in at an open window: where work() serves."""

    staff: HallClient
    code: str

    def ok(self, path: str, body: dict | None = None) -> dict:
        return self.staff.ok(path, body)


def open_window(server: RunningServer, code: str = "01") -> AtWindow:
    staff = server.login("w01", STAFF_PIN, code)
    staff.ok(f"/windows/{code}/open")
    return AtWindow(staff, code)


def work(server: RunningServer, staff: AtWindow, issue: int, serve: int, people: list[str] | None = None,
         pace: float = 1.0) -> None:
    """Issue tickets at the kiosk (with these people's ID numbers and a name), and serve some at the staff's window."""
    kiosk = server.client(KIOSK_TOKEN)
    for i in range(issue):
        kiosk.issue("general", **({"name": FULL_NAME, "id_number": people[i]} if people else {}))
        server.clock.advance(minutes=pace)
    for _ in range(serve):
        window = staff.code
        called = staff.ok(f"/windows/{window}/call-next", {})["ticket"]
        staff.ok(f"/windows/{window}/start", {"ticket_id": called["id"]})
        server.clock.advance(minutes=3 * pace)
        staff.ok(f"/windows/{window}/finish", {"ticket_id": called["id"]})


def caught_up(engine: sa.Engine, code: str, server: RunningServer) -> bool:
    found = cursor(engine, code)
    return found is not None and found[0] == hall_seqs(server)[-1]


def assert_every_event_once(engine: sa.Engine, code: str, server: RunningServer) -> None:
    own = hall_seqs(server)
    stored = centre_seqs(engine, code)
    assert stored == own, f"{code}: {len(stored)} stored, {len(own)} in the hall's log"
    with engine.connect() as conn:
        issued = conn.execute(sa.text("SELECT count(*) FROM events WHERE hall = :h AND type = 'ticket.issued'"),
                              {"h": code}).scalar()
        derived = conn.execute(sa.text("SELECT count(*) FROM tickets WHERE hall = :h"), {"h": code}).scalar()
    assert derived == issued


def snapshot_waiting(server: RunningServer) -> dict[str, int]:
    snap = server.client(CENTRE_TOKEN).get("/snapshot", tickets="false").json()
    return {c["code"]: c["waiting"] for c in snap["categories"] if c["waiting"]}


def test_two_halls_at_once_live_with_no_personal_data(tmp_path, halls, centre_db):
    a, b = halls["HALL-A"], halls["HALL-B"]
    staff_a = open_window(a)
    open_window(b)
    people = [make_id("19850612", serial=f"{i:03}") for i in range(8)]
    work(a, staff_a, issue=6, serve=3, people=people[:6])
    work(b, open_window(b, "02"), issue=4, serve=0)
    centre = RunningCentre(centre_file(tmp_path, halls), centre_db)
    centre.start()
    engine = store.connect(centre_db)
    try:
        wait_for(lambda: all(caught_up(engine, c, s) for c, s in halls.items()), "both halls caught up")
        # Live: what happens now reaches the centre through the stream.
        work(a, staff_a, issue=2, serve=1, people=people[6:])
        wait_for(lambda: caught_up(engine, "HALL-A", a), "the live events")
        for code, server in halls.items():
            assert_every_event_once(engine, code, server)
        shown = centre.halls()
        assert shown["HALL-A"]["status"] == shown["HALL-B"]["status"] == "live"
        assert shown["HALL-A"]["waiting"] == snapshot_waiting(a) == {"general": 4}
        assert shown["HALL-B"]["waiting"] == snapshot_waiting(b) == {"general": 4}
        assert (shown["HALL-A"]["open_windows"], shown["HALL-B"]["open_windows"]) == (1, 2)
        assert shown["HALL-A"]["longest_wait_s"] > 0 and shown["HALL-A"]["level"] == "district"
        with engine.connect() as conn:
            served = conn.execute(sa.text("SELECT count(*), min(wait_s) FROM tickets "
                                          "WHERE hall = 'HALL-A' AND state = 'done'")).one()
            everything = "\n".join(conn.execute(sa.text(
                "SELECT payload::text FROM events UNION ALL SELECT row_to_json(t)::text FROM tickets t "
                "UNION ALL SELECT row_to_json(n)::text FROM hall_now n")).scalars())
        assert served[0] == 4 and served[1] > 0
        # Personal data stays in the hall: the name only masked, no ID number at all.
        assert "欧**明" in everything and FULL_NAME not in everything
        assert not any(p in everything for p in people) and not re.search(r"\d{17}[\dXx]", everything)
    finally:
        centre.stop()
        engine.dispose()


def test_a_hall_cut_off_for_a_day_catches_up_with_nothing_lost_or_doubled(tmp_path, halls, centre_db):
    a = halls["HALL-A"]
    staff = open_window(a)
    work(a, staff, issue=3, serve=1)
    config = centre_file(tmp_path, {"HALL-A": a})
    centre = RunningCentre(config, centre_db)
    centre.start()
    engine = store.connect(centre_db)
    try:
        wait_for(lambda: caught_up(engine, "HALL-A", a), "the first events")
        # The hall goes away while the centre runs: shown as down; back, and nothing is missed.
        a.stop()
        wait_for(lambda: centre.halls()["HALL-A"]["status"] == "down", "the hall shown as down")
        a.start()
        staff = open_window(a, "02")
        work(a, staff, issue=2, serve=0)
        wait_for(lambda: caught_up(engine, "HALL-A", a), "the hall back")
        assert centre.halls()["HALL-A"]["status"] == "live"
        # The centre is away for a whole working day and the night's reset: the hall works on alone.
        centre.stop()
        for afternoon in (False, True):
            if afternoon:
                a.clock.set_local(2026, 11, 23, 13, 30)
            for _ in range(4):
                work(a, staff, issue=6, serve=5)
        a.clock.set_local(2026, 11, 24, 9, 0)
        wait_for(lambda: any(e["type"] == "day.rolled" for e in a.client(CENTRE_TOKEN).get(
            "/events", after=hall_seqs(a)[-1] - 1).json()["events"]) or
            a.client(CENTRE_TOKEN).get("/config").json()["business_day"] == "2026-11-24", "the day's reset")
        staff = open_window(a, "03")
        work(a, staff, issue=4, serve=2)
        assert cursor(engine, "HALL-A")[0] < hall_seqs(a)[-1]
        centre = RunningCentre(config, centre_db)
        centre.start()
        wait_for(lambda: caught_up(engine, "HALL-A", a), "the day caught up")
        assert_every_event_once(engine, "HALL-A", a)
        shown = centre.halls()["HALL-A"]
        assert shown["business_day"] == "2026-11-24" and shown["waiting"] == snapshot_waiting(a)
    finally:
        centre.stop()
        engine.dispose()


def test_the_centre_killed_mid_stream_resumes_with_nothing_lost_or_doubled(tmp_path, halls, centre_db):
    a = halls["HALL-A"]
    staff = open_window(a)
    centre = CentreProcess(centre_file(tmp_path, {"HALL-A": a}), centre_db, tmp_path / "centre.log")
    engine = store.connect(centre_db)
    busy = threading.Event()
    done = threading.Event()

    def hall_at_work() -> None:
        busy.set()
        for _ in range(40):
            work(a, staff, issue=3, serve=2, pace=0.1)
        done.set()

    worker = threading.Thread(target=hall_at_work, daemon=True)
    try:
        centre.start()
        worker.start()
        busy.wait(30)
        wait_for(lambda: (cursor(engine, "HALL-A") or (0, ""))[0] > 20 and
                 cursor(engine, "HALL-A")[1] == "live", "the centre following live")
        assert not done.is_set(), "the hall was still at work when the centre was killed"
        centre.kill()
        stored_at_kill = len(centre_seqs(engine, "HALL-A"))
        centre.start()
        worker.join(timeout=300)
        assert done.is_set()
        wait_for(lambda: caught_up(engine, "HALL-A", a), "the restarted centre caught up")
        assert stored_at_kill < len(hall_seqs(a))
        assert_every_event_once(engine, "HALL-A", a)
    finally:
        centre.stop()
        engine.dispose()


def test_a_hall_with_a_wrong_token_is_refused_and_nothing_is_stored(tmp_path, halls, centre_db):
    a, b = halls["HALL-A"], halls["HALL-B"]
    work(a, open_window(a), issue=2, serve=1)
    work(b, open_window(b), issue=2, serve=1)
    config = centre_file(tmp_path, halls, tokens={"HALL-B": "not-the-centre-token-0000"})
    centre = RunningCentre(config, centre_db)
    centre.start()
    engine = store.connect(centre_db)
    try:
        wait_for(lambda: caught_up(engine, "HALL-A", a), "the good hall")
        wait_for(lambda: (cursor(engine, "HALL-B") or (0, ""))[1] == "refused", "the wrong token refused")
        shown = centre.halls()
        assert shown["HALL-B"]["status"] == "refused" and "401" in shown["HALL-B"]["error"]
        assert shown["HALL-B"]["last_seq"] == 0 and centre_seqs(engine, "HALL-B") == []
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM tickets WHERE hall = 'HALL-B'")).scalar() == 0
        assert shown["HALL-A"]["status"] == "live"
    finally:
        centre.stop()
        engine.dispose()
