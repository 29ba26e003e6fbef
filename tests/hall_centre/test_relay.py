"""A centre feeds a higher centre: a hall's events reach the higher centre through the lower one, once each,
whatever restarts; the lower centre's halls appear in the higher centre's list."""
from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import psycopg
import pytest
import sqlalchemy as sa

from centresupport import API_TOKEN, RunningCentre, centre_file, centre_seqs, free_port, hall_seqs, wait_for
from hall_centre import store
from hallsupport import KIOSK_TOKEN, SAMPLE_HALL, STAFF_PIN, FakeClock, HallClient, RunningServer

pytestmark = pytest.mark.slow  # a real hall server, two centres, a real PostgreSQL

PARENT_TOKEN = "test-parent-centre-token-0001"


def open_window(server: RunningServer) -> HallClient:
    staff = server.login("w01", STAFF_PIN, "01")
    staff.ok("/windows/01/open")
    return staff


def work(server: RunningServer, staff: HallClient, issue: int, serve: int) -> None:
    """Issue tickets at the kiosk and serve some at window 01."""
    kiosk = server.client(KIOSK_TOKEN)
    for _ in range(issue):
        kiosk.issue("general")
        server.clock.advance(minutes=1)
    for _ in range(serve):
        called = staff.ok("/windows/01/call-next", {})["ticket"]
        staff.ok("/windows/01/start", {"ticket_id": called["id"]})
        server.clock.advance(minutes=3)
        staff.ok("/windows/01/finish", {"ticket_id": called["id"]})


@pytest.fixture
def hall(tmp_path) -> Iterator[RunningServer]:
    server = RunningServer(tmp_path / "hall.db", SAMPLE_HALL, FakeClock(), poll_interval=0.2, tick_interval=0.5)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def higher_db(cluster: str) -> str:
    name = "higher_" + uuid.uuid4().hex[:12]
    with psycopg.connect(f"postgresql://hall@{cluster}/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return f"postgresql+psycopg://hall@{cluster}/{name}"


def two_centres(tmp_path, hall: RunningServer, lower_db: str, higher_db: str, token: str = PARENT_TOKEN) -> \
        tuple[RunningCentre, RunningCentre]:
    """A lower centre following the hall and feeding a higher centre, which follows nothing else."""
    lower_port, higher_port = free_port(), free_port()
    (tmp_path / "lower").mkdir()
    lower_file = centre_file(tmp_path / "lower", {"HALL-A": hall})
    lower_file.write_text(lower_file.read_text(encoding="utf-8").replace(
        "[centre]\n", f'[centre]\nparent_url = "http://127.0.0.1:{higher_port}"\nparent_token = "{PARENT_TOKEN}"\n'),
        encoding="utf-8")
    higher_file = tmp_path / "higher.toml"
    higher_file.write_text(f"""[centre]
code = "CITY"
name = "测试市中心"
level = "city"
api_tokens = ["{API_TOKEN}"]

[[centres]]
code = "TEST-CENTRE"
name = "测试区中心"
base_url = "http://127.0.0.1:{lower_port}"
token = "{token}"
""", encoding="utf-8")
    lower, higher = RunningCentre(lower_file, lower_db), RunningCentre(higher_file, higher_db)
    lower.port, higher.port = lower_port, higher_port
    return lower, higher


def feed_counts(engine: sa.Engine, hall: str) -> tuple[int, int]:
    """(feed rows, distinct hall seqs in the feed) of a hall."""
    with engine.connect() as conn:
        return tuple(conn.execute(sa.text("SELECT count(*), count(DISTINCT hall_seq) FROM feed WHERE hall = :h"),
                                  {"h": hall}).one())


def test_a_halls_events_reach_the_higher_centre_through_the_lower_once_each(tmp_path, hall, centre_db, higher_db):
    staff = open_window(hall)
    work(hall, staff, issue=5, serve=2)
    lower, higher = two_centres(tmp_path, hall, centre_db, higher_db)
    lower.start()
    higher.start()
    lower_engine, higher_engine = store.connect(centre_db), store.connect(higher_db)
    try:
        wait_for(lambda: centre_seqs(higher_engine, "HALL-A") == hall_seqs(hall), "the hall's events at the top")
        shown = higher.halls()
        assert shown["HALL-A"]["status"] == "live" and shown["HALL-A"]["name"] == "测试大厅1"
        assert shown["HALL-A"]["level"] == "district" and shown["HALL-A"]["waiting"] == {"general": 3}
        # The lower centre restarts while the hall works on: the higher one resumes from its cursor.
        lower.stop()
        wait_for(lambda: higher.halls()["HALL-A"]["status"] == "down", "the hall shown away with its centre")
        work(hall, staff, issue=3, serve=3)
        lower.start()
        wait_for(lambda: centre_seqs(higher_engine, "HALL-A") == hall_seqs(hall), "the events after the restart")
        wait_for(lambda: higher.halls()["HALL-A"]["status"] == "live", "the hall live again")
        # And the higher centre restarts too: nothing read twice, nothing missed.
        higher.stop()
        work(hall, staff, issue=2, serve=0)
        higher.start()
        wait_for(lambda: centre_seqs(higher_engine, "HALL-A") == hall_seqs(hall), "the events after its restart")
        own = hall_seqs(hall)
        assert feed_counts(lower_engine, "HALL-A") == (len(own), len(own))
        assert feed_counts(higher_engine, "HALL-A") == (0, 0)  # it feeds no one: it keeps no feed
        with higher_engine.connect() as conn:
            issued = conn.execute(sa.text("SELECT count(*) FROM tickets WHERE hall = 'HALL-A'")).scalar()
            cursor = conn.execute(sa.text("SELECT last_seq, status FROM centre_cursor")).one()
        assert issued == 10
        assert tuple(cursor) == (len(own), "live")
        assert higher.halls()["HALL-A"]["waiting"] == {"general": 5}
    finally:
        higher.stop()
        lower.stop()
        lower_engine.dispose()
        higher_engine.dispose()


def test_the_feed_answers_only_the_parents_token(tmp_path, hall, centre_db, higher_db):
    lower, higher = two_centres(tmp_path, hall, centre_db, higher_db, token="not-the-parents-token-000")
    lower.start()
    higher.start()
    higher_engine = store.connect(higher_db)
    try:
        for token in ("not-the-parents-token-000", API_TOKEN, "x"):
            r = httpx.get(f"{lower.url}/api/v1/feed", headers={"Authorization": f"Bearer {token}"}, timeout=30)
            assert r.status_code == 401 and r.json()["error"]["message"] == "请先登录或提供有效令牌"
        r = httpx.get(f"{lower.url}/api/v1/feed", params={"after": 0, "limit": 5},
                      headers={"Authorization": f"Bearer {PARENT_TOKEN}"}, timeout=30)
        assert r.status_code == 200 and r.json()["centre"] == "TEST-CENTRE"
        r = httpx.get(f"{lower.url}/api/v1/feed", params={"limit": 0},
                      headers={"Authorization": f"Bearer {PARENT_TOKEN}"}, timeout=30)
        assert r.status_code == 422
        # A centre that feeds no higher centre refuses its feed to anyone.
        r = httpx.get(f"{higher.url}/api/v1/feed", headers={"Authorization": f"Bearer {API_TOKEN}"}, timeout=30)
        assert r.status_code == 403 and r.json()["error"]["message_en"] == "this centre feeds no higher centre"
        # The higher centre with a wrong token: the lower centre refused, nothing stored.
        wait_for(lambda: _centre_status(higher_engine) == "refused", "the lower centre refusing")
        assert centre_seqs(higher_engine, "HALL-A") == [] and "HALL-A" not in higher.halls()
    finally:
        higher.stop()
        lower.stop()
        higher_engine.dispose()


def _centre_status(engine: sa.Engine) -> str | None:
    with engine.connect() as conn:
        return conn.execute(sa.text("SELECT status FROM centre_cursor WHERE centre = 'TEST-CENTRE'")).scalar()
