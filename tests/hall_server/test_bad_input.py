"""Bad input found by fuzzing: integers beyond what the database holds, text that is not valid
Unicode (lone surrogates) and ID numbers typed with full-width characters. Each gets a clear 4xx
(or, in a case import, the one row is refused) and changes nothing; none is a server error."""
from __future__ import annotations

import json

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from hall_server import idnumber
from hallsupport import KIOSK_TOKEN, STAFF_PIN, make_id

APPROVAL_TOKEN = "demo-approval-system-7b3e51d0c9a2"
ID_MAX = 2**31 - 1  # ids live in INTEGER columns (int4 on PostgreSQL)
SEQ_MAX = 2**63 - 1  # event sequence numbers in BIGINT
# Beyond a signed 64-bit integer (SQLite's and PostgreSQL's bigint) and, for row ids, a 32-bit one.
BEYOND_64 = [SEQ_MAX + 1, 2**64, -(2**63) - 1]
BEYOND_ID = [ID_MAX + 1, *BEYOND_64]


def seq_of(client) -> int:
    return client.get("/health").json()["seq"]


def send(client, path: str, body, *, key: bool = True, method: str = "POST"):
    """POST a JSON body as bytes, so text that is not valid Unicode goes out as its JSON escape (\\ud800)."""
    headers = {**client.headers(new_key=key), "Content-Type": "application/json"}
    return client.http.request(method, f"/api/v1{path}", content=json.dumps(body).encode("ascii"), headers=headers)


def assert_bad_request(r) -> None:
    assert r.status_code == 422, r.text
    error = r.json()["error"]
    assert error["code"] == "bad_request" and error["message"] and error["message_en"]


@pytest.fixture
def staff(server):
    return server.login("w01", STAFF_PIN, "01")


@pytest.fixture
def approval(server):
    return server.client(APPROVAL_TOKEN)


# --- integers ---------------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("big", BEYOND_ID)
def test_ids_beyond_the_database_are_bad_requests(server, kiosk, staff, admin, big):
    seq = seq_of(kiosk)
    answers = [
        kiosk.get(f"/tickets/{big}"),
        kiosk.post(f"/tickets/{big}/cancel", {}),
        admin.post(f"/notices/{big}", {"text": "通知"}),
        admin.post(f"/notices/{big}/delete"),
        admin.post(f"/ratings/follow-ups/{big}/close", {"note": "已回访"}),
        staff.post("/windows/01/call-next", {"ticket_id": big}),
        staff.post("/windows/01/transfer", {"ticket_id": big, "category": "tax"}),
        staff.post("/windows/01/hold", {"ticket_id": big, "reason": "材料不全"}),
        staff.post("/windows/01/rating-request", {"ticket_id": big}),
        kiosk.post("/leases/no-such-lease/tickets",
                   {"tickets": [{"seq": big, "issued_at": "2026-11-23T09:00:00+08:00"}]}),
    ]
    answers += [staff.post(f"/windows/01/{action}", {"ticket_id": big})
                for action in ("recall", "no-show", "undo-no-show", "start", "finish", "resume")]
    for r in answers:
        assert_bad_request(r)
    assert seq_of(kiosk) == seq


@pytest.mark.slow
@pytest.mark.parametrize("big", BEYOND_64)
def test_an_event_sequence_beyond_64_bits_is_a_bad_request(server, kiosk, big):
    assert_bad_request(kiosk.get("/events", after=big))
    assert kiosk.get("/events", after=SEQ_MAX).json() == {"events": [], "last_seq": SEQ_MAX}


@pytest.mark.slow
@pytest.mark.parametrize("after", [str(SEQ_MAX + 1), str(2**64), "-1", "abc", "1.5"])
def test_the_stream_closes_with_a_code_for_a_bad_after(server, after):
    with connect(f"{server.ws_url}/api/v1/events/stream?after={after}&token={KIOSK_TOKEN}", open_timeout=10) as ws:
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=5)
    assert closed.value.rcvd is not None, "closed without a close frame"
    assert closed.value.rcvd.code == 4400 and closed.value.rcvd.reason.startswith("bad_request")


def test_the_stream_still_resumes_from_a_good_after(server, kiosk):
    kiosk.issue("general")
    with connect(f"{server.ws_url}/api/v1/events/stream?after=0&token={KIOSK_TOKEN}", open_timeout=10) as ws:
        assert json.loads(ws.recv(timeout=5))["seq"] == 1


# --- text that is not valid Unicode ---------------------------------------------------------------

def row(number: str, name: str = "张小三", **more) -> dict:
    return {"number": number, "matter": "GA-HZ-003", "id_number": make_id(), "name": name, "stage": "accepted",
            "accepted_on": "2026-11-20", **more}


def test_a_lone_surrogate_refuses_its_row_and_the_rest_is_imported(server, approval, admin):
    rows = [
        row("SUR2026000001"),
        row("SUR2026000002", name="张\ud800三"),
        row("SUR2026000003"),
        {**row("SUR2026000004"), "\udc00": "x"},
        row("SUR\ud8002026000005"),
        row("SUR2026000006", stage_at=["\udfff"]),
    ]
    r = send(approval, "/cases/import", {"cases": rows}, key=False)
    assert r.status_code == 200, r.text
    result = r.json()
    assert result["created"] == 2
    refused = {x["row"]: (x["number"], x["code"], x["field"]) for x in result["refused"]}
    assert refused == {2: ("SUR2026000002", "bad_text", "name"), 4: ("SUR2026000004", "bad_text", None),
                       5: (None, "bad_text", "number"), 6: ("SUR2026000006", "bad_text", "stage_at")}
    for x in result["refused"]:
        assert x["message"] and x["message_en"] and x["message"] != x["message_en"]
    assert admin.get("/cases/SUR2026000001").status_code == 200
    assert admin.get("/cases/SUR2026000003").status_code == 200
    assert admin.get("/cases/SUR2026000002").status_code == 404


def test_a_deeply_nested_row_is_refused_alone(server, approval, admin):
    deep = 300  # within what JSON parsing takes, beyond what a case row could be
    body = ('{"cases": [' + json.dumps(row("DEEP2026000001")) + ", "
            + json.dumps(row("DEEP2026000002"))[:-1] + ', "x": ' + "[" * deep + "]" * deep + "}]}")
    r = approval.http.post("/api/v1/cases/import", content=body.encode(),
                           headers={**approval.headers(), "Content-Type": "application/json"})
    assert r.status_code == 200, r.text
    assert r.json()["created"] == 1
    [refused] = r.json()["refused"]
    assert (refused["row"], refused["number"], refused["code"], refused["field"]) == (
        2, "DEEP2026000002", "too_deep", "x")
    assert refused["message"] and refused["message_en"]
    assert admin.get("/cases/DEEP2026000001").status_code == 200


def test_lone_surrogates_in_text_fields_are_bad_requests(server, kiosk, staff, admin):
    seq = seq_of(kiosk)
    answers = [
        send(kiosk, "/tickets", {"category": "general", "name": "张\ud800"}),
        send(kiosk, "/tickets", {"category": "gen\udc00"}),
        send(kiosk, "/leases", {"category": "\ud800"}),
        send(staff, "/windows/01/transfer", {"ticket_id": 1, "category": "t\ud800x"}),
        send(staff, "/windows/01/transfer", {"ticket_id": 1, "window": "\ud800"}),
        send(staff, "/windows/01/pause", {"reason": "午休\ud800"}),
        send(admin, "/notices", {"text": "通知\ud800"}),
        send(admin, "/notices", {"text": "通知", "text_en": "\udbff"}),
        send(admin, "/categories/general/settings", {"hours": ["08:30-12:00\ud800"]}),
        send(admin, "/appointments", {"category": "\ud800", "date": "2026-11-24", "slot_start": "10:00",
                                      "slot_end": "10:30"}),
        send(admin, "/ratings/follow-ups/1/close", {"note": "\ud800"}),
        send(kiosk, "/ratings/by-ticket-code", {"code": "x", "level": 1, "reason": "太慢\ud800"}),
        send(kiosk, "/ratings/by-ticket-code", {"code": "x", "level": 1, "reason_code": "\ud800"}),
        send(kiosk, "/devices/health", {"devices": {"\ud800": {"role": "idcard", "state": "ok"}}}, key=False),
        send(kiosk, "/devices/health", {"devices": {"idcard": {"role": "idcard", "state": "ok", "reason": "\ud800"}}},
             key=False),
        send(kiosk, "/cases/scan", {"qr": "HC1.\ud800"}, key=False),
        send(server.client(), "/auth/login", {"username": "w\ud80001", "pin": "110101"}, key=False),
    ]
    for r in answers:
        assert_bad_request(r)
    assert seq_of(kiosk) == seq


# --- ID numbers typed with full-width characters --------------------------------------------------

FULL_WIDTH = str.maketrans("0123456789Xx", "０１２３４５６７８９Ｘｘ")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def _id_ending_in_x() -> str:
    return next(n for n in (make_id(serial=f"{s:03d}") for s in range(1000)) if n.endswith("X"))


def test_full_width_id_numbers_normalise_to_the_same_number():
    person, with_x = make_id(), _id_ending_in_x()
    assert idnumber.normalise(person.translate(FULL_WIDTH)) == person
    assert idnumber.normalise("１" + person[1:]) == person
    assert idnumber.normalise(with_x.translate(FULL_WIDTH)) == with_x
    assert idnumber.normalise(with_x[:-1].translate(FULL_WIDTH) + "ｘ") == with_x
    assert idnumber.normalise("\u3000" + person + "\u3000") == person  # ideographic spaces around it
    for junk in (person[:17].translate(ARABIC_INDIC) + person[17], "１" * 18, person[:-1] + "Ｙ",
                 person[:17] + "\u0660", "\ud800" * 18):
        with pytest.raises(idnumber.BadIdNumber):
            idnumber.normalise(junk)


def test_a_full_width_id_number_is_the_same_person(server, kiosk, approval):
    person = make_id(birth="19900101", serial="321")
    kiosk.issue("hukou", id_number=person.translate(FULL_WIDTH))
    kiosk.refused("/tickets", {"category": "hukou", "id_number": person}, 409, "already_holding")
    kiosk.refused("/tickets", {"category": "hukou", "id_number": "１" + person[1:]}, 409, "already_holding")
    arabic = person[:17].translate(ARABIC_INDIC) + person[17]
    kiosk.refused("/tickets", {"category": "hukou", "id_number": arabic}, 422, "bad_id_number")
    kiosk.refused("/tickets", {"category": "hukou", "id_number": "１" * 18}, 422, "bad_id_number")
    # A case imported with the ASCII number is found by the full-width one, and the other way round.
    imported = approval.post("/cases/import", {"cases": [
        {**row("FW2026000001"), "id_number": person},
        {**row("FW2026000002"), "id_number": ("１" + person[1:])}]}).json()
    assert imported["created"] == 2 and imported["refused"] == []
    found = kiosk.post("/cases/lookup", {"id_number": person.translate(FULL_WIDTH)}).json()["cases"]
    assert sorted(c["number"] for c in found) == ["FW2026000001", "FW2026000002"]
    r = kiosk.post("/cases/lookup", {"id_number": arabic})
    assert r.status_code == 422 and r.json()["error"]["code"] == "bad_id_number"
