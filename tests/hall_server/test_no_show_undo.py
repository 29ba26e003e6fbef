"""Undoing a no-show (过号) at its window, over real HTTP on loopback: the ticket is called there
again with its number and place, for the hall's short time only, once, and never after the
window has moved on; and so when two people (or two instances) act at once."""
from __future__ import annotations

import concurrent.futures
import functools
import threading
import uuid

import pytest

from hall_rules import queue as rules
from hallsupport import KIOSK_TOKEN, SAMPLE_HALL, STAFF_PIN, HallClient, RunningServer


def open_window(server: RunningServer, code: str = "01", user: str = "w01") -> HallClient:
    staff = server.login(user, STAFF_PIN, code)
    staff.ok(f"/windows/{code}/open")
    return staff


def called_then_no_show(staff: HallClient, kiosk: HallClient, code: str = "01") -> dict:
    ticket = kiosk.issue("general")["ticket"]
    staff.ok(f"/windows/{code}/call-next", {"ticket_id": ticket["id"]})
    return staff.ok(f"/windows/{code}/no-show", {"ticket_id": ticket["id"]})["ticket"]


def window(client: HallClient, code: str = "01") -> dict:
    return next(w for w in client.get("/snapshot").json()["windows"] if w["code"] == code)


def at_once(*calls):
    """Run the calls on threads released together; their answers in the same order."""
    start = threading.Barrier(len(calls))

    def run(call):
        start.wait()
        return call()

    with concurrent.futures.ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def test_the_hall_says_how_long_a_no_show_can_be_undone(server, kiosk):
    assert kiosk.get("/config").json()["no_show_undo_seconds"] == rules.NO_SHOW_UNDO_SECONDS == 120


def test_undo_calls_the_same_ticket_here_again_keeping_its_place(server, kiosk, clock):
    staff = open_window(server)
    first = kiosk.issue("general")["ticket"]
    later = kiosk.issue("general")["ticket"]
    called = staff.ok("/windows/01/call-next", {})["ticket"]
    assert called["id"] == first["id"]
    staff.ok("/windows/01/recall", {"ticket_id": first["id"]})
    seq = kiosk.get("/health").json()["seq"]
    clock.advance(seconds=30)
    gone = staff.ok("/windows/01/no-show", {"ticket_id": first["id"]})["ticket"]
    assert gone["state"] == "no_show" and window(staff)["current_ticket"] is None
    clock.advance(seconds=60)

    back = staff.ok("/windows/01/undo-no-show", {"ticket_id": first["id"]})["ticket"]
    assert back["state"] == "called" and back["window"] == "01" and back["number"] == first["number"]
    assert back["called_at"] == called["called_at"] and back["queued_at"] == first["queued_at"]
    assert back["recall_count"] == 1 and back["reason"] is None
    assert window(staff)["current_ticket"]["id"] == first["id"]
    # Not queued again: the other citizen is still the only one waiting.
    waiting = staff.get("/tickets", state="waiting").json()["tickets"]
    assert [t["id"] for t in waiting] == [later["id"]]
    # Displays, LED screens and consoles follow: a call at this window, marked as an undo.
    events = kiosk.get("/events", after=seq).json()["events"]
    assert [e["type"] for e in events] == ["ticket.no_show", "ticket.resumed"]
    assert events[1]["data"]["undone"] == "no_show" and events[1]["data"]["window"]["code"] == "01"
    assert events[1]["data"]["ticket"]["state"] == "called"
    # The service then goes on as if the no-show had not been: started, finished, no no-show counted.
    staff.ok("/windows/01/start", {"ticket_id": first["id"]})
    staff.ok("/windows/01/finish", {"ticket_id": first["id"]})
    admin = server.login("admin", "860301")
    stats = admin.get("/stats", **{"from": "2026-11-23", "to": "2026-11-23"}).json()
    assert stats["total"]["no_shows"] == 0 and stats["total"]["served"] == 1


def test_undo_is_idempotent_by_its_key(server, kiosk):
    staff = open_window(server)
    gone = called_then_no_show(staff, kiosk)
    key = uuid.uuid4().hex
    first = staff.post("/windows/01/undo-no-show", {"ticket_id": gone["id"]}, key=key)
    again = staff.post("/windows/01/undo-no-show", {"ticket_id": gone["id"]}, key=key)
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json() and again.headers.get("Idempotent-Replayed") == "true"
    # A new key is a new command: nothing left to undo.
    staff.refused("/windows/01/undo-no-show", {"ticket_id": gone["id"]}, 409, "no_show_undo_not_here")


def test_too_late_is_refused_in_both_languages(server, kiosk, clock):
    staff = open_window(server)
    gone = called_then_no_show(staff, kiosk)
    clock.advance(seconds=rules.NO_SHOW_UNDO_SECONDS + 1)
    error = staff.refused("/windows/01/undo-no-show", {"ticket_id": gone["id"]}, 409, "no_show_undo_too_late")
    assert gone["number"] in error["message"] and "过号" in error["message"]
    assert gone["number"] in error["message_en"] and "too late" in error["message_en"]
    assert error["detail"] == {"number": gone["number"]}
    assert window(staff)["current_ticket"] is None
    assert staff.get(f"/tickets/{gone['id']}").json()["state"] == "no_show"


def test_refused_once_the_window_has_called_someone_else(server, kiosk):
    staff = open_window(server)
    gone = called_then_no_show(staff, kiosk)
    other = kiosk.issue("general")["ticket"]
    staff.ok("/windows/01/call-next", {"ticket_id": other["id"]})
    staff.refused("/windows/01/undo-no-show", {"ticket_id": gone["id"]}, 409, "no_show_undo_called_since")
    # Still refused when that citizen has gone too and the window is free again.
    staff.ok("/windows/01/no-show", {"ticket_id": other["id"]})
    staff.refused("/windows/01/undo-no-show", {"ticket_id": gone["id"]}, 409, "no_show_undo_called_since")
    assert staff.get(f"/tickets/{gone['id']}").json()["state"] == "no_show"
    # The latest no-show of the window may still be undone.
    assert staff.ok("/windows/01/undo-no-show", {"ticket_id": other["id"]})["ticket"]["state"] == "called"


def test_only_a_no_show_of_this_window_can_be_undone(server, kiosk):
    w01 = open_window(server, "01", "w01")
    w02 = open_window(server, "02", "w02")
    waiting = kiosk.issue("general")["ticket"]
    w01.refused("/windows/01/undo-no-show", {"ticket_id": waiting["id"]}, 409, "no_show_undo_not_here")
    theirs = called_then_no_show(w02, kiosk, "02")
    w01.refused("/windows/01/undo-no-show", {"ticket_id": theirs["id"]}, 409, "no_show_undo_not_here")
    w01.refused("/windows/02/undo-no-show", {"ticket_id": theirs["id"]}, 403, "not_your_window")
    w01.refused("/windows/01/undo-no-show", {"ticket_id": 999_999}, 404, "unknown_ticket")
    w01.refused("/windows/01/undo-no-show", {}, 422, "bad_request")
    assert w02.get(f"/tickets/{theirs['id']}").json()["state"] == "no_show"
    assert w02.ok("/windows/02/undo-no-show", {"ticket_id": theirs["id"]})["ticket"]["window"] == "02"


def test_a_closed_window_cannot_take_its_no_show_back(server, kiosk):
    staff = open_window(server)
    gone = called_then_no_show(staff, kiosk)
    staff.ok("/windows/01/close")
    staff.refused("/windows/01/undo-no-show", {"ticket_id": gone["id"]}, 409, "window_not_open")


def test_two_undos_at_once_one_wins(server, kiosk):
    w01 = open_window(server)
    admin = server.login("admin", "860301")
    for _ in range(5):  # several rounds: either may come first
        gone = called_then_no_show(w01, kiosk)
        answers = at_once(functools.partial(w01.post, "/windows/01/undo-no-show", {"ticket_id": gone["id"]}),
                          functools.partial(admin.post, "/windows/01/undo-no-show", {"ticket_id": gone["id"]}))
        assert sorted(a.status_code for a in answers) == [200, 409]
        lost = next(a for a in answers if a.status_code == 409).json()["error"]
        assert lost["code"] == "no_show_undo_not_here" and gone["number"] in lost["message"]
        assert window(w01)["current_ticket"]["id"] == gone["id"]
        w01.ok("/windows/01/start", {"ticket_id": gone["id"]})
        w01.ok("/windows/01/finish", {"ticket_id": gone["id"]})


def test_an_undo_racing_a_call_next_one_wins(server, kiosk):
    staff = open_window(server)
    admin = server.login("admin", "860301")
    for _ in range(6):
        gone = called_then_no_show(staff, kiosk)
        waiting = kiosk.issue("general")["ticket"]
        undo, call = at_once(functools.partial(staff.post, "/windows/01/undo-no-show", {"ticket_id": gone["id"]}),
                             functools.partial(admin.post, "/windows/01/call-next", {}))
        current = window(staff)["current_ticket"]
        if undo.status_code == 200:
            assert call.status_code == 409 and call.json()["error"]["code"] == "window_busy"
            assert current["id"] == gone["id"]
            staff.ok("/windows/01/no-show", {"ticket_id": gone["id"]})
            staff.ok("/windows/01/call-next", {"ticket_id": waiting["id"]})
        else:
            assert undo.status_code == 409 and undo.json()["error"]["code"] == "no_show_undo_called_since"
            assert call.status_code == 200 and call.json()["ticket"]["id"] == waiting["id"]
            assert current["id"] == waiting["id"]
            assert staff.get(f"/tickets/{gone['id']}").json()["state"] == "no_show"
        staff.ok("/windows/01/no-show", {"ticket_id": waiting["id"]})


def test_the_hall_file_sets_the_time_and_zero_turns_undo_off(tmp_path, clock):
    hall = tmp_path / "hall.toml"
    hall.write_text(SAMPLE_HALL.read_text(encoding="utf-8").replace(
        "no_show_undo_seconds = 120", "no_show_undo_seconds = 0"), encoding="utf-8")
    srv = RunningServer(tmp_path / "hall.db", hall, clock)
    srv.start()
    try:
        kiosk = srv.client(KIOSK_TOKEN)
        assert kiosk.get("/config").json()["no_show_undo_seconds"] == 0
        staff = open_window(srv)
        gone = called_then_no_show(staff, kiosk)
        staff.refused("/windows/01/undo-no-show", {"ticket_id": gone["id"]}, 409, "no_show_undo_too_late")
    finally:
        srv.stop()


@pytest.mark.parametrize("value", [-1, 3601])
def test_a_hall_file_with_a_bad_undo_time_is_refused(value):
    import tomllib

    from hall_server.config import ConfigError, parse_hall

    text = SAMPLE_HALL.read_text(encoding="utf-8").replace("no_show_undo_seconds = 120",
                                                            f"no_show_undo_seconds = {value}")
    with pytest.raises(ConfigError, match="no_show_undo_seconds"):
        parse_hall(tomllib.loads(text), "hall.toml")
