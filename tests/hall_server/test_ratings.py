"""好差评 over real HTTP: the window evaluator flow and its event, rating by the receipt's QR on the
kiosk, case ratings, every rule and refusal, follow-ups with deadlines, the provincial export,
and the supervision of waiting tickets."""
from __future__ import annotations

import json
import sqlite3
import time

import pytest
from websockets.sync.client import connect

from hall_server import idnumber
from hall_server.config import ConfigError, load_hall, parse_hall
from hallsupport import device_token, ADMIN_PIN, DISPLAY_TOKEN, KIOSK2_TOKEN, SAMPLE_HALL, STAFF_PIN, TECH_PIN, make_id

HALL = load_hall(SAMPLE_HALL)
EVALUATOR_01 = device_token("evaluator-01")
EVALUATOR_02 = device_token("evaluator-02")


def seq_of(client) -> int:
    return client.get("/health").json()["seq"]


def events_after(client, seq: int, type_: str | None = None) -> list[dict]:
    events = client.get("/events", after=seq).json()["events"]
    return [e for e in events if type_ is None or e["type"] == type_]


def serve(staff, window: str, ticket_id: int, finish: bool = True) -> None:
    """Call this ticket at the window, start and (by default) finish its service."""
    staff.ok(f"/windows/{window}/call-next", {"ticket_id": ticket_id})
    staff.ok(f"/windows/{window}/start", {"ticket_id": ticket_id})
    if finish:
        staff.ok(f"/windows/{window}/finish", {"ticket_id": ticket_id})


@pytest.fixture
def w01(server):
    staff = server.login("w01", STAFF_PIN, "01")
    staff.ok("/windows/01/open")
    return staff


@pytest.fixture
def evaluator(server):
    return server.client(EVALUATOR_01)


# --- options ----------------------------------------------------------------------------------

def test_rating_options_offer_the_national_levels_and_the_halls_reasons(server, kiosk, evaluator):
    options = evaluator.get("/ratings/options").json()
    assert [(x["level"], x["code"], x["name"], x["reason_required"]) for x in options["levels"]] == [
        (5, "very_satisfied", "非常满意", False), (4, "satisfied", "满意", False),
        (3, "basically_satisfied", "基本满意", False), (2, "dissatisfied", "不满意", True),
        (1, "very_dissatisfied", "非常不满意", True)]
    assert all(x["name_en"] for x in options["levels"])
    reasons = {r["code"]: r for r in options["reasons"]}
    assert reasons["long_wait"]["name"] == "等候时间长" and reasons["long_wait"]["name_en"] == "Long wait"
    assert options["reason_max_chars"] == 200 and options["request_minutes"] == 3
    assert kiosk.get("/ratings/options").status_code == 200
    assert server.client(DISPLAY_TOKEN).get("/ratings/options").status_code == 403


# --- the window evaluator ---------------------------------------------------------------------

def test_evaluator_flow_from_request_to_rating_with_events(server, kiosk, w01, evaluator):
    ticket = kiosk.issue("general", name="张小三", id_number=make_id())["ticket"]
    serve(w01, "01", ticket["id"], finish=False)
    assert evaluator.get("/ratings/request").json() == {"request": None}
    seq = seq_of(kiosk)
    request = w01.ok("/windows/01/rating-request", {"ticket_id": ticket["id"]}, 201)
    assert (request["window"], request["ticket_number"], request["masked_name"]) == ("01", "A001", "张*三")
    assert request["category_name"] == "综合受理" and request["category_name_en"] == "General acceptance"
    [event] = events_after(kiosk, seq, "rating.requested")
    assert set(event["data"]) == {"request", "window", "number", "category", "masked_name", "expires_at"}
    assert (event["data"]["request"], event["data"]["window"], event["data"]["number"],
            event["data"]["masked_name"]) == (request["id"], "01", "A001", "张*三")
    assert event["data"]["expires_at"] == "2026-11-23T01:03:00+00:00"
    assert evaluator.get("/ratings/request").json()["request"] == request

    # The citizen taps before the window has finished: refused, the request stays open.
    evaluator.refused("/ratings/evaluator", {"request_id": request["id"], "level": 5}, 409, "service_not_finished")
    w01.ok("/windows/01/finish", {"ticket_id": ticket["id"]})
    seq = seq_of(kiosk)
    body = {"request_id": request["id"], "level": 4, "reason": "  很耐心\n谢谢 "}
    first = evaluator.post("/ratings/evaluator", body, key="evaluator-rating-0001")
    assert first.status_code == 201, first.text
    rating = first.json()
    assert (rating["subject_kind"], rating["ticket_number"], rating["window"], rating["level"],
            rating["level_code"], rating["channel"]) == ("ticket", "A001", "01", 4, "satisfied", "evaluator")
    assert rating["reason"] == "很耐心 谢谢" and rating["follow_up_due"] is None
    [given] = events_after(kiosk, seq, "rating.given")
    assert given["data"] == {"rating": rating["id"], "subject_kind": "ticket", "level": 4, "level_code": "satisfied",
                             "channel": "evaluator", "window": "01", "number": "A001"}
    # A retry with the same key answers the same; a new key finds the request closed by the rating.
    again = evaluator.post("/ratings/evaluator", body, key="evaluator-rating-0001")
    assert again.json() == rating and again.headers["Idempotent-Replayed"] == "true"
    error = evaluator.refused("/ratings/evaluator", body, 409, "rating_request_closed")
    assert error["detail"]["reason"] == "rated" and error["message"] and error["message_en"]
    assert evaluator.get("/ratings/request").json() == {"request": None}
    # One rating per ticket: not even a new request for it.
    w01.refused("/windows/01/rating-request", {"ticket_id": ticket["id"]}, 409, "already_rated")


def test_evaluator_hears_only_its_own_windows_rating_events(server, kiosk, w01):
    w02 = server.login("w02", STAFF_PIN, "02")
    w02.ok("/windows/02/open")
    mine, other = kiosk.issue("general")["ticket"], kiosk.issue("general")["ticket"]
    start = seq_of(kiosk)
    with connect(f"{server.ws_url}/api/v1/events/stream?after={start}&token={EVALUATOR_01}", open_timeout=10) as ws:
        serve(w02, "02", other["id"])
        w02.ok("/windows/02/rating-request", {"ticket_id": other["id"]}, 201)
        serve(w01, "01", mine["id"])
        request = w01.ok("/windows/01/rating-request", {"ticket_id": mine["id"]}, 201)
        got = []
        while len(got) < 2:
            message = json.loads(ws.recv(timeout=10))
            if message["type"] != "heartbeat":
                got.append(message)
            if len(got) == 1:
                server.client(EVALUATOR_01).ok("/ratings/evaluator", {"request_id": request["id"], "level": 5}, 201)
    assert [(e["type"], e["data"]["window"]) for e in got] == [("rating.requested", "01"), ("rating.given", "01")]
    assert got[0]["data"]["number"] == mine["number"]
    # Reconnecting after a sequence replays the same two, nothing of the queue or of window 02.
    with connect(f"{server.ws_url}/api/v1/events/stream?after={start}&token={EVALUATOR_01}", open_timeout=10) as ws:
        replayed = [json.loads(ws.recv(timeout=10)) for _ in range(2)]
    assert [e["seq"] for e in replayed] == [e["seq"] for e in got]


@pytest.mark.slow
def test_evaluator_rules_and_refusals_change_nothing(server, kiosk, w01, evaluator, clock):
    served = kiosk.issue("general")["ticket"]
    waiting = kiosk.issue("general")["ticket"]
    serve(w01, "01", served["id"])
    # Who may ask: the staff of that window (or the hall admin), not an evaluator, kiosk or other window.
    w02 = server.login("w02", STAFF_PIN, "02")
    w02.refused("/windows/01/rating-request", {"ticket_id": served["id"]}, 403, "not_your_window")
    evaluator.refused("/windows/01/rating-request", {"ticket_id": served["id"]}, 403, "forbidden")
    kiosk.refused("/windows/01/rating-request", {"ticket_id": served["id"]}, 403, "forbidden")
    w01.refused("/windows/99/rating-request", {"ticket_id": served["id"]}, 404, "unknown_window")
    w01.refused("/windows/01/rating-request", {"ticket_id": 9999}, 404, "unknown_ticket")
    w01.refused("/windows/01/rating-request", {"ticket_id": waiting["id"]}, 409, "not_at_this_window")
    w01.refused("/windows/01/rating-request", {}, 422, "bad_request")
    no_show = kiosk.issue("general")["ticket"]
    w01.ok("/windows/01/call-next", {"ticket_id": no_show["id"]})
    w01.ok("/windows/01/no-show", {"ticket_id": no_show["id"]})
    w01.refused("/windows/01/rating-request", {"ticket_id": no_show["id"]}, 409, "not_served")

    request = w01.ok("/windows/01/rating-request", {"ticket_id": served["id"]}, 201)
    seq = seq_of(kiosk)
    other = server.client(EVALUATOR_02)
    other.refused("/ratings/evaluator", {"request_id": request["id"], "level": 5}, 403, "not_your_window")
    kiosk.refused("/ratings/evaluator", {"request_id": request["id"], "level": 5}, 403, "forbidden")
    w01.refused("/ratings/evaluator", {"request_id": request["id"], "level": 5}, 403, "forbidden")
    evaluator.refused("/ratings/evaluator", {"request_id": "nope", "level": 5}, 404, "unknown_rating_request")
    for body, code in [
        ({"level": 1}, "reason_required"),
        ({"level": 2, "reason": "   "}, "reason_required"),
        ({"level": 2, "reason_code": "rude_weather"}, "unknown_reason"),
        ({"level": 5, "reason": "好\x07"}, "bad_reason_text"),
        ({"level": 6}, "bad_request"),
        ({"level": 0}, "bad_request"),
        ({"level": 2, "reason": "长" * 201}, "bad_request"),
        ({"level": 5, "extra": 1}, "bad_request"),
    ]:
        evaluator.refused("/ratings/evaluator", {"request_id": request["id"], **body}, 422, code)
    assert seq_of(kiosk) == seq
    assert evaluator.get("/ratings/request").json()["request"]["id"] == request["id"]
    # Three minutes later the request has lapsed.
    clock.advance(minutes=3)
    assert evaluator.get("/ratings/request").json() == {"request": None}
    error = evaluator.refused("/ratings/evaluator", {"request_id": request["id"], "level": 5}, 409,
                              "rating_request_closed")
    assert error["detail"]["reason"] == "expired"
    # A new request replaces the open one.
    first = w01.ok("/windows/01/rating-request", {"ticket_id": served["id"]}, 201)
    second = w01.ok("/windows/01/rating-request", {"ticket_id": served["id"]}, 201)
    error = evaluator.refused("/ratings/evaluator", {"request_id": first["id"], "level": 5}, 409,
                              "rating_request_closed")
    assert error["detail"]["reason"] == "replaced"
    assert evaluator.get("/ratings/request").json()["request"]["id"] == second["id"]
    # The hall admin may ask on a window's behalf.
    admin = server.login("admin", ADMIN_PIN)
    assert admin.ok("/windows/01/rating-request", {"ticket_id": served["id"]}, 201)["window"] == "01"


# --- the kiosk: the receipt's QR code ---------------------------------------------------------

def test_kiosk_rates_a_served_ticket_by_its_receipt_code(server, kiosk, w01, clock):
    issued = kiosk.issue("general")
    serve(w01, "01", issued["ticket"]["id"])
    shown = kiosk.post("/ratings/ticket-lookup", {"code": issued["track_url"]}).json()
    assert shown == {"number": "A001", "business_day": "2026-11-23", "category": "general",
                     "category_name": "综合受理", "category_name_en": "General acceptance", "window": "01",
                     "window_name": "1号窗口", "window_name_en": "Window 1", "served_at": "2026-11-23T01:00:00Z"}
    seq = seq_of(kiosk)
    rating = kiosk.ok("/ratings/by-ticket-code", {"code": issued["track_url"], "level": 3}, 201)
    assert (rating["ticket_number"], rating["level"], rating["channel"], rating["window"]) == ("A001", 3, "kiosk", "01")
    assert [e["data"]["rating"] for e in events_after(kiosk, seq, "rating.given")] == [rating["id"]]
    # Once per ticket, whichever way it is scanned (the bare token too) or rated.
    kiosk.refused("/ratings/by-ticket-code", {"code": issued["track_token"], "level": 5}, 409, "already_rated")
    r = kiosk.post("/ratings/ticket-lookup", {"code": issued["track_token"]})
    assert r.status_code == 409 and r.json()["error"]["code"] == "already_rated"
    server.client(KIOSK2_TOKEN).refused("/ratings/by-ticket-code", {"code": issued["track_url"], "level": 1,
                                                                    "reason": "再评一次"}, 409, "already_rated")
    kiosk.refused("/ratings/by-ticket-code", {"code": issued["track_url"] + "?lang=en", "level": 5}, 409,
                  "already_rated")
    w01.refused("/windows/01/rating-request", {"ticket_id": issued["ticket"]["id"]}, 409, "already_rated")
    assert seq_of(kiosk) == seq + 1


def test_kiosk_code_refusals(server, kiosk, w01, clock):
    waiting = kiosk.issue("general")
    for code, status, error in [
        ("HA1.eyJ9.c2ln", 422, "not_a_ticket_code"),
        ("http://127.0.0.1:8000/t/short", 422, "not_a_ticket_code"),
        ("https://example.org/t/" + "x" * 24, 404, "unknown_ticket"),
        ("", 422, "bad_request"),
        ("x" * 513, 422, "bad_request"),
        (waiting["track_url"], 409, "service_not_finished"),
    ]:
        kiosk.refused("/ratings/by-ticket-code", {"code": code, "level": 5}, status, error)
        r = kiosk.post("/ratings/ticket-lookup", {"code": code})
        assert (r.status_code, r.json()["error"]["code"]) == (status, error)
    no_show = kiosk.issue("general")
    w01.ok("/windows/01/call-next", {"ticket_id": no_show["ticket"]["id"]})
    w01.ok("/windows/01/no-show", {"ticket_id": no_show["ticket"]["id"]})
    kiosk.refused("/ratings/by-ticket-code", {"code": no_show["track_url"], "level": 5}, 409, "not_served")
    cancelled = kiosk.issue("general")
    kiosk.ok(f"/tickets/{cancelled['ticket']['id']}/cancel", {})
    kiosk.refused("/ratings/by-ticket-code", {"code": cancelled["track_url"], "level": 5}, 409, "not_served")
    # Only kiosks rate by code; a served ticket can be rated for rate_within_days after its day.
    serve(w01, "01", waiting["ticket"]["id"])
    for other in (w01, server.client(EVALUATOR_01), server.client(DISPLAY_TOKEN)):
        other.refused("/ratings/by-ticket-code", {"code": waiting["track_url"], "level": 5}, 403, "forbidden")
    clock.advance(days=8)
    kiosk.refused("/ratings/by-ticket-code", {"code": waiting["track_url"], "level": 5}, 409, "rating_period_over")
    clock.advance(days=-1)
    assert kiosk.ok("/ratings/by-ticket-code", {"code": waiting["track_url"], "level": 5}, 201)["level"] == 5


@pytest.mark.slow
def test_a_transferred_ticket_is_rated_once_its_last_service_ended(server, kiosk, w01):
    w06 = server.login("w06", STAFF_PIN, "06")
    w06.ok("/windows/06/open")
    issued = kiosk.issue("general")
    ticket_id = issued["ticket"]["id"]
    serve(w01, "01", ticket_id, finish=False)
    w01.ok("/windows/01/rating-request", {"ticket_id": ticket_id}, 201)
    w01.ok("/windows/01/transfer", {"ticket_id": ticket_id, "category": "tax", "window": "06"})
    kiosk.refused("/ratings/by-ticket-code", {"code": issued["track_url"], "level": 5}, 409, "service_not_finished")
    w01.refused("/windows/01/rating-request", {"ticket_id": ticket_id}, 409, "not_at_this_window")
    serve(w06, "06", ticket_id, finish=False)
    kiosk.refused("/ratings/by-ticket-code", {"code": issued["track_url"], "level": 5}, 409, "service_not_finished")
    w06.ok("/windows/06/finish", {"ticket_id": ticket_id})
    shown = kiosk.post("/ratings/ticket-lookup", {"code": issued["track_url"]}).json()
    assert (shown["window"], shown["category"]) == ("06", "tax")
    rating = kiosk.ok("/ratings/by-ticket-code", {"code": issued["track_url"], "level": 2,
                                                  "reason_code": "repeat_visits"}, 201)
    assert (rating["window"], rating["category"]) == ("06", "tax")
    exported = server.login("admin", ADMIN_PIN).get("/ratings/export", **{"from": "2026-11-23",
                                                                          "to": "2026-11-23"}).json()
    assert [(x["window"], x["staff_username"]) for x in exported["ratings"]] == [("06", "w06")]


# --- cases ------------------------------------------------------------------------------------

def add_case(server, number: str, id_number: str, stage: str, matter: str = "ZH-001") -> None:
    """A case as the approval system's import leaves it (the import is another module's)."""
    with sqlite3.connect(server.db_path) as conn:
        key = conn.execute("SELECT value FROM hall_state WHERE key = 'id_key'").fetchone()[0]
        id_hash = idnumber.keyed_hash(bytes.fromhex(key), idnumber.normalise(id_number))
        now = time.time()
        conn.execute("INSERT INTO cases (number, matter, id_hash, masked_name, stage, accepted_on, legal_due, "
                     "promised_due, done_on, stage_at, imported_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                     (number, matter, id_hash, "李*", stage, "2026-11-16", "2026-11-23", "2026-11-20",
                      "2026-11-20" if stage == "done" else None, now, now, now))


def test_a_finished_case_is_rated_by_its_applicant(server, kiosk):
    applicant, stranger = make_id(serial="321"), make_id(serial="654")
    add_case(server, "SFQ2026110001", applicant, "done")
    add_case(server, "SFQ2026110002", applicant, "reviewing")
    seq = seq_of(kiosk)
    body = {"case_number": "SFQ2026110001", "id_number": stranger, "level": 5}
    first = kiosk.refused("/ratings/by-case", body, 404, "case_not_found")
    unknown = kiosk.refused("/ratings/by-case", {**body, "case_number": "SFQ0000"}, 404, "case_not_found")
    assert first == unknown  # a wrong ID number tells nothing about whether the case exists
    kiosk.refused("/ratings/by-case", {**body, "id_number": applicant[:17] + "0" if applicant[17] != "0"
                                       else applicant[:17] + "1"}, 422, "bad_id_number")
    kiosk.refused("/ratings/by-case", {**body, "case_number": "SFQ2026110002", "id_number": applicant}, 409,
                  "case_not_done")
    kiosk.refused("/ratings/by-case", {**body, "id_number": applicant, "level": 1}, 422, "reason_required")
    server.client(EVALUATOR_01).refused("/ratings/by-case", {**body, "id_number": applicant}, 403, "forbidden")
    assert seq_of(kiosk) == seq
    r = kiosk.post("/ratings/by-case", {**body, "id_number": applicant.lower(), "level": 1,
                                        "reason_code": "slow_service"})
    assert r.status_code == 201, r.text
    rating = r.json()
    assert (rating["subject_kind"], rating["case_number"], rating["matter"], rating["category"], rating["window"],
            rating["level"]) == ("case", "SFQ2026110001", "ZH-001", "general", None, 1)
    assert applicant not in r.text and "李" not in r.text
    assert rating["follow_up_due"] == "2026-11-24T01:00:00Z"
    kiosk.refused("/ratings/by-case", {**body, "id_number": applicant}, 409, "already_rated")
    [event] = events_after(kiosk, seq, "rating.given")
    assert event["data"]["matter"] == "ZH-001" and "case_number" not in event["data"]
    with sqlite3.connect(server.db_path) as conn:
        assert applicant not in json.dumps(conn.execute("SELECT * FROM ratings").fetchall())


# --- follow-ups -------------------------------------------------------------------------------

@pytest.mark.slow
def test_bad_ratings_open_follow_ups_with_deadlines(server, kiosk, w01, clock):
    admin = server.login("admin", ADMIN_PIN)
    codes = []
    for _ in range(4):
        issued = kiosk.issue("general")
        serve(w01, "01", issued["ticket"]["id"])
        codes.append(issued["track_url"])
    kiosk.ok("/ratings/by-ticket-code", {"code": codes[0], "level": 5}, 201)
    kiosk.ok("/ratings/by-ticket-code", {"code": codes[1], "level": 3, "reason_code": "long_wait"}, 201)
    bad = kiosk.ok("/ratings/by-ticket-code", {"code": codes[2], "level": 2, "reason_code": "long_wait"}, 201)
    assert bad["follow_up_due"] == "2026-11-24T01:00:00Z"
    clock.advance(hours=2)
    worse = kiosk.ok("/ratings/by-ticket-code", {"code": codes[3], "level": 1, "reason": "材料反复退回"}, 201)
    listed = admin.get("/ratings/follow-ups").json()
    assert (listed["open"], listed["overdue"], listed["closed"]) == (2, 0, 0)
    assert [(f["rating"]["id"], f["state"], f["overdue"], f["staff"]) for f in listed["follow_ups"]] == [
        (bad["id"], "open", False, "w01"), (worse["id"], "open", False, "w01")]
    assert listed["follow_ups"][1]["due_at"] == "2026-11-24T03:00:00Z"
    assert listed["follow_ups"][1]["rating"]["reason"] == "材料反复退回"

    # The first deadline passes (24 h after the rating): flagged overdue; the second not yet.
    clock.advance(hours=22, seconds=1)
    admin, w01 = server.login("admin", ADMIN_PIN), server.login("w01", STAFF_PIN, "01")  # a new shift
    listed = admin.get("/ratings/follow-ups").json()
    assert [(f["state"], f["overdue"]) for f in listed["follow_ups"]] == [("overdue", True), ("open", False)]
    assert [f["rating"]["id"] for f in admin.get("/ratings/follow-ups", state="overdue").json()["follow_ups"]] == [
        bad["id"]]
    first, second = listed["follow_ups"]

    seq = seq_of(admin)
    admin.refused(f"/ratings/follow-ups/{first['id']}/close", {"note": ""}, 422, "bad_request")
    admin.refused(f"/ratings/follow-ups/{first['id']}/close", {"note": "  \n "}, 422, "note_required")
    admin.refused(f"/ratings/follow-ups/{first['id']}/close", {}, 422, "bad_request")
    admin.refused("/ratings/follow-ups/999/close", {"note": "已回访"}, 404, "unknown_follow_up")
    w01.refused(f"/ratings/follow-ups/{first['id']}/close", {"note": "已回访"}, 403, "forbidden")
    assert w01.get("/ratings/follow-ups").status_code == 403
    # Refusals change nothing (the first command of the new day may turn the day over: not theirs).
    assert [e for e in events_after(admin, seq) if e["type"] != "day.rolled"] == []
    closed = admin.ok(f"/ratings/follow-ups/{first['id']}/close", {"note": "已电话回访，说明高峰时段"})
    assert (closed["state"], closed["overdue"], closed["closed_by"], closed["note"]) == (
        "closed", True, "admin", "已电话回访，说明高峰时段")
    in_time = admin.ok(f"/ratings/follow-ups/{second['id']}/close", {"note": "已协调退件问题"})
    assert (in_time["state"], in_time["overdue"]) == ("closed", False)
    admin.refused(f"/ratings/follow-ups/{first['id']}/close", {"note": "再次"}, 409, "follow_up_closed")
    closed = events_after(admin, seq, "rating.follow_up_closed")
    assert [(e["data"]["follow_up"], e["data"]["late"]) for e in closed] == [(first["id"], True), (second["id"], False)]
    listed = admin.get("/ratings/follow-ups").json()
    assert (listed["open"], listed["overdue"], listed["closed"]) == (0, 0, 2)
    assert admin.get("/ratings/follow-ups", state="open").json()["follow_ups"] == []
    assert admin.get("/ratings/follow-ups", state="late").status_code == 422


# --- export -----------------------------------------------------------------------------------

@pytest.mark.slow
def test_export_for_the_provincial_system(server, kiosk, w01, clock):
    issued = kiosk.issue("general", name="王小明", id_number=make_id())
    serve(w01, "01", issued["ticket"]["id"])
    request = w01.ok("/windows/01/rating-request", {"ticket_id": issued["ticket"]["id"]}, 201)
    server.client(EVALUATOR_01).ok("/ratings/evaluator", {"request_id": request["id"], "level": 2,
                                                          "reason_code": "long_wait", "reason": "等了四十分钟"}, 201)
    applicant = make_id(serial="777")
    add_case(server, "SFQ2026110009", applicant, "done", matter="SW-001")
    clock.set_local(2026, 11, 24, 0, 30)  # after midnight: the next local day
    kiosk.ok("/ratings/by-case", {"case_number": "SFQ2026110009", "id_number": applicant, "level": 5}, 201)
    admin, w01 = server.login("admin", ADMIN_PIN), server.login("w01", STAFF_PIN, "01")  # the sessions lapsed

    r = admin.get("/ratings/export", **{"from": "2026-11-23", "to": "2026-11-23"})
    assert r.status_code == 200
    body = r.json()
    assert (body["format"], body["hall_code"], body["timezone"], body["count"]) == (
        "hall-ratings/1", "SFQ-ZWFW-001", "Asia/Shanghai", 1)
    assert body["ratings"] == [{
        "rating_id": "SFQ-ZWFW-001-1", "subject_kind": "ticket", "ticket_number": "A001",
        "business_day": "2026-11-23", "case_number": None, "matter_code": None, "matter_name": None,
        "category_code": "general", "category_name": "综合受理", "window": "01", "staff_username": "w01",
        "level": 2, "level_code": "dissatisfied", "level_name": "不满意", "reason_code": "long_wait",
        "reason_text": "等了四十分钟", "channel": "window_evaluator", "rated_at": "2026-11-23T09:00:00+08:00"}]
    both = admin.get("/ratings/export", **{"from": "2026-11-23", "to": "2026-11-24"})
    assert both.json()["count"] == 2
    case = both.json()["ratings"][1]
    assert (case["subject_kind"], case["case_number"], case["matter_code"], case["matter_name"], case["category_code"],
            case["channel"], case["rated_at"], case["business_day"]) == (
        "case", "SFQ2026110009", "SW-001", "个人所得税纳税记录开具", "tax", "kiosk", "2026-11-24T00:30:00+08:00", None)
    # Nothing that names a person: no ID number, no name, not even masked.
    for secret in (applicant, issued["ticket"]["masked_name"], "王", "小明", "李*"):
        assert secret not in both.text
    for params, status, code in [
        ({"from": "2026-11-24", "to": "2026-11-23"}, 422, "bad_range"),
        ({"from": "2025-01-01", "to": "2026-11-23"}, 422, "range_too_long"),
        ({"from": "2026-11-23"}, 422, "bad_request"),
        ({"from": "yesterday", "to": "2026-11-23"}, 422, "bad_request"),
    ]:
        r = admin.get("/ratings/export", **params)
        assert (r.status_code, r.json()["error"]["code"]) == (status, code)
    for other in (w01, kiosk, server.login("tech", TECH_PIN)):
        assert other.get("/ratings/export", **{"from": "2026-11-23", "to": "2026-11-23"}).status_code == 403


# --- supervision (电子监察) ----------------------------------------------------------------------

def test_waiting_tickets_turn_yellow_then_red(server, kiosk, w01, clock):
    admin = server.login("admin", ADMIN_PIN)
    first = kiosk.issue("general")["ticket"]
    clock.advance(minutes=20)
    second = kiosk.issue("tax")["ticket"]
    clock.advance(minutes=10)  # first: exactly 30 minutes, not yet past the yellow line
    listed = admin.get("/supervision/tickets").json()
    assert (listed["yellow_minutes"], listed["red_minutes"], listed["tickets"]) == (30, 60, [])
    clock.advance(seconds=1)
    listed = admin.get("/supervision/tickets").json()
    assert [(t["number"], t["waited_minutes"], t["level"]) for t in listed["tickets"]] == [("A001", 30, "yellow")]
    clock.advance(minutes=30)  # first: 60 min 1 s → red; second: 40 min → yellow
    listed = admin.get("/supervision/tickets").json()
    assert [(t["number"], t["category"], t["waited_minutes"], t["level"]) for t in listed["tickets"]] == [
        ("A001", "general", 60, "red"), ("E001", "tax", 40, "yellow")]
    assert (listed["yellow"], listed["red"]) == (1, 1)
    assert listed["tickets"][1]["category_name"] == "税务" and listed["tickets"][1]["category_name_en"] == "Taxation"
    # A ticket called to a window is no longer waiting.
    w01.ok("/windows/01/call-next", {"ticket_id": first["id"]})
    assert [t["id"] for t in admin.get("/supervision/tickets").json()["tickets"]] == [second["id"]]
    for other in (w01, kiosk, server.login("tech", TECH_PIN)):
        assert other.get("/supervision/tickets").status_code == 403


# --- configuration ----------------------------------------------------------------------------

def test_rating_configuration_is_checked():
    import tomllib

    raw = tomllib.loads(SAMPLE_HALL.read_text(encoding="utf-8"))
    hall = parse_hall(raw)
    assert hall.ratings.follow_up_hours == 24 and hall.ratings.request_minutes == 3
    assert {d.window for d in hall.devices.values() if d.role == "evaluator"} == set(hall.windows)
    assert hall.devices["evaluator-09"].area == "二楼"

    def broken(change) -> str:
        copy = tomllib.loads(SAMPLE_HALL.read_text(encoding="utf-8"))
        change(copy)
        with pytest.raises(ConfigError) as caught:
            parse_hall(copy, "hall.toml")
        return str(caught.value)

    assert "window" in broken(lambda c: c["devices"][-1].pop("window"))
    assert "window" in broken(lambda c: c["devices"][-1].update(window="99"))
    assert "follow_up_hours" in broken(lambda c: c["ratings"].update(follow_up_hours=0))
    assert "request_minutes" in broken(lambda c: c["ratings"].update(request_minutes=-1))
    assert "ratings: follow_up_days: unknown key" in broken(lambda c: c["ratings"].update(follow_up_days=1))
    assert "duplicate" in broken(lambda c: c["ratings"]["reasons"].append(dict(c["ratings"]["reasons"][0])))
    assert "name_en" in broken(lambda c: c["ratings"]["reasons"][0].pop("name_en"))
    assert "code" in broken(lambda c: c["ratings"]["reasons"][0].update(code="Long Wait"))


def test_an_evaluator_is_a_device_of_its_window(server, evaluator):
    """It reports its health like kiosks and displays, and reads nothing of the queue."""
    report = {"devices": {"touch": {"role": "touchscreen", "state": "ok"}}}
    assert evaluator.post("/devices/health", report).status_code == 204
    listed = {x["reporter"]: x for x in server.login("tech", TECH_PIN).get("/devices/health").json()["reporters"]}
    assert (listed["evaluator-01"]["role"], listed["evaluator-01"]["name"]) == ("evaluator", "1号窗口评价器")
    assert listed["evaluator-01"]["stale"] is False and listed["evaluator-02"]["reported_at"] is None
    for path in ("/snapshot", "/events", "/tickets", "/dashboard", "/stats", "/ratings/follow-ups"):
        assert evaluator.get(path).status_code == 403, path
    assert evaluator.get("/config").json()["code"] == "SFQ-ZWFW-001"
