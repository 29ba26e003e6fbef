"""Events: append-only with a hall-wide sequence; snapshot + WebSocket stream, resumable after a drop."""
from __future__ import annotations

import contextlib
import json

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from hallsupport import DISPLAY_TOKEN, KIOSK_TOKEN, STAFF_PIN


def stream(server, after: int, token: str = DISPLAY_TOKEN):
    return connect(f"{server.ws_url}/api/v1/events/stream?after={after}&token={token}", open_timeout=10)


def events(ws, count: int, timeout: float = 10) -> list[dict]:
    """The next `count` events (heartbeats skipped)."""
    got = []
    while len(got) < count:
        message = json.loads(ws.recv(timeout=timeout))
        if message["type"] != "heartbeat":
            got.append(message)
    return got


def test_every_change_is_an_event_with_a_hall_wide_sequence(server, kiosk):
    staff = server.login("w01", STAFF_PIN, "01")
    staff.ok("/windows/01/open")
    kiosk.issue("general")
    kiosk.issue("tax")
    called = staff.ok("/windows/01/call-next", {})["ticket"]
    staff.ok("/windows/01/start", {"ticket_id": called["id"]})
    page = kiosk.get("/events").json()
    kinds = [e["type"] for e in page["events"]]
    assert kinds == ["window.opened", "ticket.issued", "ticket.issued", "ticket.called", "ticket.serving"]
    assert [e["seq"] for e in page["events"]] == [1, 2, 3, 4, 5] and page["last_seq"] == 5
    assert page["events"][1]["data"]["ticket"]["number"] == "A001"
    assert page["events"][2]["data"]["ticket"]["number"] == "E001"
    assert kiosk.get("/events", after=3).json()["events"][0]["seq"] == 4
    assert kiosk.get("/events", after=2, limit=1).json()["last_seq"] == 3


def test_snapshot_then_stream_from_its_sequence(server, kiosk):
    kiosk.issue("general")
    kiosk.issue("general")
    snap = kiosk.get("/snapshot").json()
    assert snap["seq"] == 2 and [t["number"] for t in snap["tickets"]] == ["A001", "A002"]
    with stream(server, snap["seq"]) as ws:
        kiosk.issue("general")
        (live,) = events(ws, 1)
        assert live["seq"] == 3 and live["type"] == "ticket.issued"
        assert live["data"]["ticket"]["number"] == "A003"


@pytest.mark.slow
def test_resume_after_a_dropped_connection_misses_nothing_and_repeats_nothing(server, kiosk):
    for _ in range(3):
        kiosk.issue("general")
    with stream(server, 0) as ws:
        seen = events(ws, 3)  # replayed from the database
        kiosk.issue("general")
        seen += events(ws, 1)  # live
    # The connection drops; the hall goes on.
    for _ in range(5):
        kiosk.issue("tax")
    with stream(server, seen[-1]["seq"]) as ws:
        seen += events(ws, 5)  # what happened while away
        kiosk.issue("social")
        seen += events(ws, 1)
        with pytest.raises(TimeoutError):
            ws.recv(timeout=0.5)  # and nothing more
    assert [e["seq"] for e in seen] == list(range(1, 11))
    assert [e["data"]["ticket"]["number"] for e in seen] == [
        "A001", "A002", "A003", "A004", "E001", "E002", "E003", "E004", "E005", "F001"]


def test_a_busy_hall_streams_in_order_to_many_subscribers(server, kiosk):
    with contextlib.ExitStack() as stack:
        sockets = [stack.enter_context(stream(server, 0)) for _ in range(20)]
        for _ in range(30):
            kiosk.issue("general")
        for ws in sockets:
            assert [e["seq"] for e in events(ws, 30)] == list(range(1, 31))


def test_stream_needs_a_known_token(server):
    for token in ("", "wrong-token"):
        with stream(server, 0, token) as ws:
            with pytest.raises(ConnectionClosed) as closed:
                ws.recv(timeout=5)
            assert closed.value.rcvd.code == 4401 and closed.value.rcvd.reason == "unauthorized"


@pytest.mark.slow
def test_idle_stream_sends_heartbeats_with_its_sequence(tmp_path, clock, monkeypatch):
    import hall_server.app
    from hallsupport import SAMPLE_HALL, RunningServer
    monkeypatch.setattr(hall_server.app, "HEARTBEAT_S", 0.2)
    srv = RunningServer(tmp_path / "hall.db", SAMPLE_HALL, clock)
    srv.start()
    try:
        srv.client(KIOSK_TOKEN).issue("general")
        with stream(srv, 0) as ws:
            messages = [json.loads(ws.recv(timeout=5)) for _ in range(3)]
        assert messages[0]["seq"] == 1
        assert messages[1] == {"type": "heartbeat", "seq": 1}
    finally:
        srv.stop()
