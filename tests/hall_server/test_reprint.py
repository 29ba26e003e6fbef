"""补打凭条: a receipt printed again at another kiosk (by the ticket number or by the ID card that
took it) or read out at the service desk; finished, cancelled and other days' numbers refused, another
citizen's card finds nothing of the first's, and each reprint an event the console can count."""
from __future__ import annotations

import pytest

from hall_server.schema import ReceiptReprintData, ReprintList
from hallsupport import ADMIN_PIN, KIOSK2_TOKEN, STAFF_PIN, make_id


def events_after(client, seq: int, type_: str) -> list[dict]:
    return [e for e in client.get("/events", after=seq).json()["events"] if e["type"] == type_]


@pytest.fixture
def kiosk2(server):
    return server.client(KIOSK2_TOKEN)


def test_another_kiosk_reprints_by_number_without_personal_data(server, kiosk, kiosk2):
    first = kiosk.issue("general", id_number=make_id(), name="张三")["ticket"]
    kiosk.issue("general")
    second = kiosk.issue("general")["ticket"]
    seq = kiosk.get("/health").json()["seq"]
    answer = ReprintList.model_validate(kiosk2.ok("/tickets/reprint", {"number": second["number"].lower()}))
    [t] = answer.tickets
    assert t.number == second["number"] and t.state == "waiting" and t.people_ahead == 2
    assert t.category_name == "综合受理" and "/t/" in t.track_url
    assert t.masked_name is None and t.window is None
    by_number = kiosk2.ok("/tickets/reprint", {"number": first["number"]})["tickets"][0]
    assert by_number["masked_name"] is None  # the number alone carries no personal data
    events = [ReceiptReprintData.model_validate(e["data"]) for e in events_after(kiosk2, seq, "receipt.reprinted")]
    assert [(e.number, e.by, e.via) for e in events] == [
        (second["number"], "device:kiosk-02", "number"), (first["number"], "device:kiosk-02", "number")]


def test_a_called_ticket_reprints_with_its_window(server, kiosk, kiosk2):
    number = kiosk.issue("general")["ticket"]["number"]
    staff = server.login("w01", STAFF_PIN, "01")
    staff.ok("/windows/01/open")
    staff.ok("/windows/01/call-next", {})
    [t] = kiosk2.ok("/tickets/reprint", {"number": number})["tickets"]
    assert t["state"] == "called" and t["window"] == "01" and t["window_name"] and t["people_ahead"] == 0


def test_finished_cancelled_and_unknown_numbers_are_refused_and_nothing_is_recorded(server, kiosk, kiosk2):
    done = kiosk.issue("general")["ticket"]
    cancelled = kiosk.issue("general")["ticket"]
    kiosk.ok(f"/tickets/{cancelled['id']}/cancel", {})
    staff = server.login("w01", STAFF_PIN, "01")
    staff.ok("/windows/01/open")
    staff.ok("/windows/01/call-next", {"ticket_id": done["id"]})
    staff.ok("/windows/01/start", {"ticket_id": done["id"]})
    staff.ok("/windows/01/finish", {"ticket_id": done["id"]})
    seq = kiosk.get("/health").json()["seq"]
    for number in (done["number"], cancelled["number"]):
        error = kiosk2.refused("/tickets/reprint", {"number": number}, 409, "ticket_finished")
        assert number in error["message"] and "不能补打" in error["message"] and error["message_en"]
    error = kiosk2.refused("/tickets/reprint", {"number": "A999"}, 404, "unknown_ticket")
    assert "今天没有发出过A999号" in error["message"]
    for bad in ({}, {"number": "12"}, {"number": "A012", "id_number": make_id()}, {"number": "A-12"}):
        kiosk2.refused("/tickets/reprint", bad, 422, "bad_request")
    assert events_after(kiosk2, seq, "receipt.reprinted") == []


def test_yesterdays_number_is_not_today_s(server, kiosk, kiosk2, clock):
    number = kiosk.issue("general")["ticket"]["number"]
    clock.advance(days=1)
    kiosk2.refused("/tickets/reprint", {"number": number}, 404, "unknown_ticket")


def test_by_card_finds_the_card_s_live_tickets_and_another_card_finds_nothing(server, kiosk, kiosk2):
    mine, theirs = make_id(serial="123"), make_id(serial="456")
    a = kiosk.issue("general", id_number=mine, name="张三")["ticket"]
    b = kiosk.issue("social", id_number=mine, name="张三")["ticket"]
    kiosk.issue("general", id_number=theirs, name="李四")
    cancelled = kiosk.issue("tax", id_number=mine, name="张三")["ticket"]
    kiosk.ok(f"/tickets/{cancelled['id']}/cancel", {})
    found = kiosk2.ok("/tickets/reprint", {"id_number": mine})["tickets"]
    assert [t["number"] for t in found] == [a["number"], b["number"]]
    assert {t["masked_name"] for t in found} == {"张*"}
    nobody = make_id(serial="789")
    error = kiosk2.refused("/tickets/reprint", {"id_number": nobody}, 404, "no_ticket_for_card")
    assert a["number"] not in str(error)
    kiosk2.refused("/tickets/reprint", {"id_number": "110105198506121230"}, 422, "bad_id_number")


def test_the_desk_reads_a_number_out_without_a_limit_and_a_kiosk_has_one(server, kiosk, kiosk2):
    number = kiosk.issue("general")["ticket"]["number"]
    admin = server.login("admin", ADMIN_PIN)
    seq = kiosk.get("/health").json()["seq"]
    for _ in range(25):
        admin.ok("/tickets/reprint", {"number": number})
    [e] = events_after(admin, seq, "receipt.reprinted")[:1]
    assert e["data"]["role"] == "hall-admin"
    for _ in range(20):
        kiosk2.ok("/tickets/reprint", {"number": number})
    error = kiosk2.refused("/tickets/reprint", {"number": number}, 429, "too_many_attempts")
    assert error["detail"]["retry_after_s"] >= 1
    kiosk.ok("/tickets/reprint", {"number": number})  # another kiosk has its own count
