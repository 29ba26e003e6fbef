"""EventLink against a real hall server: snapshot, live events, replay after drops and restarts, gaps, tokens."""
from __future__ import annotations

import json

import pytest

from hall_server.schema import Event, Snapshot
from hallsupport import DISPLAY_TOKEN, KIOSK_TOKEN, SAMPLE_HALL, STAFF_PIN, RunningServer
from queue_display.link import EventLink

WAIT_MS = 30_000  # generous: waiting for an event costs nothing when it comes


class Recorder:
    """Everything a link emitted, in order."""

    def __init__(self, link: EventLink):
        self.snapshots: list[Snapshot] = []
        self.events: list[Event] = []
        self.states: list[str] = [link.state]
        link.snapshotReceived.connect(self.snapshots.append)
        link.eventReceived.connect(self.events.append)
        link.stateChanged.connect(self.states.append)

    @property
    def seqs(self) -> list[int]:
        return [e.seq for e in self.events]

    def numbers(self, kind: str) -> list[str]:
        return [e.data["ticket"]["number"] for e in self.events if e.type == kind]


@pytest.fixture
def link(qtbot, server):
    link = EventLink(server.url, DISPLAY_TOKEN)
    yield link
    link.stop()


def call_next(staff, window: str = "01") -> dict:
    """Finish the window's current ticket, if any, and call the next one."""
    current = staff.get("/snapshot").json()
    for w in current["windows"]:
        if w["code"] == window and w["current_ticket"]:
            ticket = w["current_ticket"]
            if ticket["state"] == "called":
                staff.ok(f"/windows/{window}/start", {"ticket_id": ticket["id"]})
            staff.ok(f"/windows/{window}/finish", {"ticket_id": ticket["id"]})
    return staff.ok(f"/windows/{window}/call-next", {})["ticket"]


def wait_live(qtbot, link: EventLink) -> None:
    qtbot.waitUntil(lambda: link.state == "live", timeout=WAIT_MS)


def test_snapshot_first_then_every_event_once_in_order(qtbot, server, kiosk, link):
    kiosk.issue("general")
    rec = Recorder(link)
    link.start()
    assert link.state == "connecting"
    wait_live(qtbot, link)
    assert len(rec.snapshots) == 1 and rec.snapshots[0].seq == 1
    assert [t.number for t in rec.snapshots[0].tickets] == ["A001"]
    for _ in range(3):
        kiosk.issue("tax")
    qtbot.waitUntil(lambda: len(rec.events) == 3, timeout=WAIT_MS)
    assert rec.seqs == [2, 3, 4] and link.lastSeq == 4
    assert rec.numbers("ticket.issued") == ["E001", "E002", "E003"]
    assert rec.states == ["connecting", "live"]


@pytest.mark.slow
def test_a_cut_connection_replays_what_was_missed_once(qtbot, server, kiosk, link):
    rec = Recorder(link)
    link.start()
    wait_live(qtbot, link)
    kiosk.issue("general")
    qtbot.waitUntil(lambda: len(rec.events) == 1, timeout=WAIT_MS)
    link.drop_connection()
    qtbot.waitUntil(lambda: link.state == "reconnecting", timeout=WAIT_MS)
    for _ in range(4):  # while the link is away (its first retry is 0.5 s off)
        kiosk.issue("general")
    wait_live(qtbot, link)
    kiosk.issue("social")
    qtbot.waitUntil(lambda: len(rec.events) == 6, timeout=WAIT_MS)
    qtbot.wait(300)
    assert rec.seqs == [1, 2, 3, 4, 5, 6]
    assert rec.numbers("ticket.issued") == ["A001", "A002", "A003", "A004", "A005", "F001"]
    assert len(rec.snapshots) == 1  # resumed, no fresh snapshot needed
    assert rec.states == ["connecting", "live", "reconnecting", "live"]


@pytest.mark.slow
def test_server_restart_between_calls(qtbot, server, kiosk, link):
    staff = server.login("w01", STAFF_PIN, "01")
    staff.ok("/windows/01/open")
    for _ in range(6):
        kiosk.issue("general")
    rec = Recorder(link)
    link.start()
    wait_live(qtbot, link)
    call_next(staff)
    qtbot.waitUntil(lambda: len(rec.numbers("ticket.called")) == 1, timeout=WAIT_MS)

    server.stop()
    qtbot.waitUntil(lambda: link.state == "reconnecting", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: link._backoff > 1.0, timeout=WAIT_MS)  # the back-off has grown past a second
    server.start()
    staff = server.login("w01", STAFF_PIN, "01")
    for _ in range(3):  # called before the link is back
        call_next(staff)
    wait_live(qtbot, link)
    call_next(staff)
    qtbot.waitUntil(lambda: len(rec.numbers("ticket.called")) == 5, timeout=WAIT_MS)
    qtbot.wait(300)
    assert rec.numbers("ticket.called") == ["A001", "A002", "A003", "A004", "A005"]
    assert rec.seqs == list(range(rec.seqs[0], rec.seqs[0] + len(rec.seqs)))
    assert "reconnecting" in rec.states and rec.states[-1] == "live"
    assert len(rec.snapshots) == 1


@pytest.mark.slow
def test_a_gap_in_the_stream_is_filled_from_the_event_list(qtbot, server, kiosk, link):
    rec = Recorder(link)
    link.start()
    wait_live(qtbot, link)
    kiosk.issue("general")
    qtbot.waitUntil(lambda: len(rec.events) == 1, timeout=WAIT_MS)
    kiosk.issue("general")
    kiosk.issue("general")
    later = kiosk.get("/events", after=2).json()["events"]
    # The stream hands over seq 3 before 2 (as a lost message would look); 2 and 3 also come live.
    link._on_message(json.dumps(later[0]))
    qtbot.waitUntil(lambda: len(rec.events) == 3, timeout=WAIT_MS)
    qtbot.wait(300)
    assert rec.seqs == [1, 2, 3]


@pytest.mark.slow
def test_silence_reconnects(qtbot, server, kiosk, link):
    rec = Recorder(link)
    link._silence.setInterval(400)  # the server's heartbeat is 15 s away
    link.start()
    wait_live(qtbot, link)
    qtbot.waitUntil(lambda: "reconnecting" in rec.states, timeout=WAIT_MS)
    link._silence.setInterval(40_000)
    wait_live(qtbot, link)
    kiosk.issue("general")
    qtbot.waitUntil(lambda: len(rec.events) == 1, timeout=WAIT_MS)


@pytest.mark.slow
def test_a_bad_token_is_unauthorized_and_a_revoked_one_is_closed_4401(qtbot, server, kiosk):
    bad = EventLink(server.url, "no-such-token")
    try:
        bad.start()
        qtbot.waitUntil(lambda: bad.state == "unauthorized", timeout=WAIT_MS)
    finally:
        bad.stop()

    staff = server.login("w01", STAFF_PIN, "01")
    link = EventLink(server.url, staff.token)
    try:
        rec = Recorder(link)
        link.start()
        wait_live(qtbot, link)
        assert staff.http.post("/api/v1/auth/logout", headers=staff.headers()).status_code == 204
        link.drop_connection()
        qtbot.waitUntil(lambda: link.state == "unauthorized", timeout=WAIT_MS)
        assert link._retry.remainingTime() > 20_000  # retries slowly
        assert rec.states[-3:] == ["live", "reconnecting", "unauthorized"]
        # The stream itself refuses a revoked token with close code 4401 (after accepting).
        link._retry.stop()
        seen = len(rec.states)
        link._open_stream()
        qtbot.waitUntil(lambda: rec.states[seen:] == ["live", "unauthorized"], timeout=WAIT_MS)
        assert link._retry.remainingTime() > 20_000
    finally:
        link.stop()


@pytest.mark.slow
def test_a_server_with_another_history_gives_a_fresh_snapshot(qtbot, tmp_path, server, kiosk, link, clock):
    rec = Recorder(link)
    link.start()
    wait_live(qtbot, link)
    for _ in range(3):
        kiosk.issue("general")
    qtbot.waitUntil(lambda: len(rec.events) == 3, timeout=WAIT_MS)
    server.stop()
    other = RunningServer(tmp_path / "other.db", SAMPLE_HALL, clock, poll_interval=0.2)
    other.port = server.port  # the same address, a new database
    other.start()
    try:
        other.client(KIOSK_TOKEN).issue("tax")
        qtbot.waitUntil(lambda: len(rec.snapshots) == 2, timeout=WAIT_MS)
        assert rec.snapshots[1].seq == 1 and [t.number for t in rec.snapshots[1].tickets] == ["E001"]
        wait_live(qtbot, link)
        other.client(KIOSK_TOKEN).issue("tax")
        qtbot.waitUntil(lambda: len(rec.events) == 4, timeout=WAIT_MS)
        assert rec.events[-1].seq == 2 and rec.events[-1].data["ticket"]["number"] == "E002"
    finally:
        link.stop()
        other.stop()


def test_rejects_a_server_url_that_is_not_http():
    with pytest.raises(ValueError, match="http"):
        EventLink("ftp://hall", DISPLAY_TOKEN)
