"""Issuing and the ticket life over real HTTP on loopback."""
from __future__ import annotations

import concurrent.futures
import datetime as dt
import time

import pytest

from hallsupport import (KIOSK2_TOKEN, KIOSK_TOKEN, STAFF_PIN, FakeClock, RunningServer, hall_file_with,
                      make_id)


def open_window(server: RunningServer, code: str, user: str = "w01"):
    staff = server.login(user, STAFF_PIN, code)
    staff.ok(f"/windows/{code}/open")
    return staff


def test_numbers_are_prefix_and_zero_padded_sequence(kiosk):
    numbers = [kiosk.issue("general")["ticket"]["number"] for _ in range(3)]
    tax = kiosk.issue("tax")["ticket"]["number"]
    assert numbers == ["A001", "A002", "A003"]
    assert tax == "E001"


@pytest.mark.slow
def test_concurrent_issuing_is_unique_and_gap_free(tmp_path, clock):
    srv = RunningServer(tmp_path / "hall.db", hall_file_with(tmp_path, daily_cap=5000), clock)
    srv.start()
    try:
        categories = ["general", "tax", "social", "housing_fund"]

        def worker(i: int) -> list[str]:
            client = srv.client(KIOSK_TOKEN if i % 2 else KIOSK2_TOKEN)
            try:
                return [client.issue(categories[(i + n) % 4])["ticket"]["number"] for n in range(200)]
            finally:
                client.close()

        with concurrent.futures.ThreadPoolExecutor(16) as pool:
            issued = [n for batch in pool.map(worker, range(16)) for n in batch]
    finally:
        srv.stop()
    assert len(issued) == 16 * 200
    assert len(set(issued)) == len(issued)
    by_prefix: dict[str, list[int]] = {}
    for number in issued:
        by_prefix.setdefault(number[0], []).append(int(number[1:]))
    assert set(by_prefix) == {"A", "E", "F", "J"}
    for prefix, seqs in by_prefix.items():
        assert sorted(seqs) == list(range(1, len(seqs) + 1)), prefix


@pytest.mark.slow
def test_numbers_widen_past_the_padding(tmp_path, clock):
    srv = RunningServer(tmp_path / "hall.db", hall_file_with(tmp_path, daily_cap=2000), clock)
    srv.start()
    try:
        k = srv.client(KIOSK_TOKEN)
        last = None
        for _ in range(1000):
            last = k.issue("general")["ticket"]["number"]
        assert last == "A1000"
    finally:
        srv.stop()


def test_refusals_say_why_and_change_nothing(server, kiosk, clock):
    seq0 = kiosk.get("/health").json()["seq"]
    kiosk.refused("/tickets", {"category": "nope"}, 404, "unknown_category")
    kiosk.refused("/tickets", {"category": "hukou"}, 422, "id_required")
    kiosk.refused("/tickets", {"category": "hukou", "id_number": "110105198506121230"}, 422, "bad_id_number")
    kiosk.refused("/tickets", {"category": "realestate", "id_number": make_id()}, 409, "appointment_only")
    kiosk.refused("/tickets", {"category": "general", "green_channel": True}, 403, "green_channel_staff_only")
    clock.set_local(2026, 11, 23, 12, 30)  # lunch break
    err = kiosk.refused("/tickets", {"category": "general"}, 409, "category_closed")
    assert err["message"] == "综合受理当前不在取号时间"
    assert err["detail"]["hours"] == ["08:30-12:00", "13:00-17:30"]
    assert kiosk.get("/health").json()["seq"] == seq0
    # Other days: the only event is the business day rolling over, never a ticket.
    clock.set_local(2026, 11, 28, 10, 0)  # a Saturday
    kiosk.refused("/tickets", {"category": "general"}, 409, "category_closed")
    clock.set_local(2026, 10, 1, 10, 0)  # National Day
    kiosk.refused("/tickets", {"category": "general"}, 409, "category_closed")
    kinds = [e["type"] for e in kiosk.get("/events", after=seq0).json()["events"]]
    assert set(kinds) <= {"day.rolled"}, kinds
    clock.set_local(2026, 10, 10, 10, 0)  # a Saturday that is a make-up workday
    assert kiosk.issue("general")["ticket"]["number"] == "A001"


def test_one_waiting_ticket_per_id_per_category(kiosk):
    person = make_id()
    first = kiosk.issue("hukou", id_number=person, name="李四")
    err = kiosk.refused("/tickets", {"category": "hukou", "id_number": person.lower()}, 409, "already_holding")
    assert err["detail"]["number"] == first["ticket"]["number"]
    assert "B001" in err["message"]
    # Another category is fine, and the ID number itself is not echoed anywhere.
    other = kiosk.issue("vehicle", id_number=person)
    assert person not in str(other) and person not in str(err)


def test_daily_cap(tmp_path, clock):
    srv = RunningServer(tmp_path / "hall.db", hall_file_with(tmp_path, daily_cap=3), clock)
    srv.start()
    try:
        k = srv.client(KIOSK_TOKEN)
        for _ in range(3):
            k.issue("general")
        err = k.refused("/tickets", {"category": "general"}, 409, "daily_cap_reached")
        assert err["message"] == "综合受理今日号码已取完"
    finally:
        srv.stop()


def test_green_channel_by_age_from_the_id_card(kiosk):
    elder = kiosk.issue("general", id_number=make_id("19500301"))
    younger = kiosk.issue("general", id_number=make_id("19900301"))
    just_70 = kiosk.issue("tax", id_number=make_id("19561123"))
    not_yet = kiosk.issue("tax", id_number=make_id("19561124"))
    assert elder["ticket"]["green_channel"] is True
    assert younger["ticket"]["green_channel"] is False
    assert just_70["ticket"]["green_channel"] is True
    assert not_yet["ticket"]["green_channel"] is False
    # 企业开办 has no green channel in the sample hall.
    assert kiosk.issue("business", id_number=make_id("19400101"))["ticket"]["green_channel"] is False


def test_full_ticket_life(server, kiosk):
    staff = open_window(server, "01")
    t = kiosk.issue("general", name="王小明")
    assert t["ticket"]["masked_name"] == "王*明"
    called = staff.ok("/windows/01/call-next", {})["ticket"]
    assert called["number"] == t["ticket"]["number"] and called["state"] == "called" and called["window"] == "01"
    tid = called["id"]
    staff.refused("/windows/01/call-next", {}, 409, "window_busy")
    staff.refused("/windows/01/finish", {"ticket_id": tid}, 409, "wrong_state")
    assert staff.ok("/windows/01/recall", {"ticket_id": tid})["ticket"]["recall_count"] == 1
    assert staff.ok("/windows/01/start", {"ticket_id": tid})["ticket"]["state"] == "serving"
    staff.refused("/windows/01/start", {"ticket_id": tid}, 409, "wrong_state")
    staff.refused("/windows/01/recall", {"ticket_id": tid}, 409, "wrong_state")
    done = staff.ok("/windows/01/finish", {"ticket_id": tid})["ticket"]
    assert done["state"] == "done"
    assert staff.ok("/windows/01/call-next", {}) == {"ticket": None}
    staff.refused("/windows/01/finish", {"ticket_id": 999}, 404, "unknown_ticket")


def test_recall_limit_turns_into_no_show(server, kiosk):
    staff = open_window(server, "01")
    kiosk.issue("general")
    tid = staff.ok("/windows/01/call-next", {})["ticket"]["id"]
    for expected in (1, 2):
        assert staff.ok("/windows/01/recall", {"ticket_id": tid})["ticket"]["recall_count"] == expected
    gone = staff.ok("/windows/01/recall", {"ticket_id": tid})["ticket"]
    assert gone["state"] == "no_show" and gone["reason"] == "recall_limit"
    # The window is free again.
    kiosk.issue("general")
    assert staff.ok("/windows/01/call-next", {})["ticket"]["number"] == "A002"


def test_no_show_by_staff(server, kiosk):
    staff = open_window(server, "01")
    kiosk.issue("general")
    tid = staff.ok("/windows/01/call-next", {})["ticket"]["id"]
    assert staff.ok("/windows/01/no-show", {"ticket_id": tid})["ticket"]["state"] == "no_show"
    staff.refused("/windows/01/no-show", {"ticket_id": tid}, 409, "wrong_state")


def test_transfer_keeps_the_ticket_and_its_place(server, kiosk, clock):
    w01 = open_window(server, "01", "w01")
    w06 = open_window(server, "06", "w06")
    kiosk.issue("general")
    clock.advance(minutes=5)
    kiosk.issue("tax")  # E001, issued after A001
    tid = w01.ok("/windows/01/call-next", {})["ticket"]["id"]
    w01.ok("/windows/01/start", {"ticket_id": tid})
    w01.refused("/windows/01/transfer", {"ticket_id": tid}, 422, "transfer_target_missing")
    w01.refused("/windows/01/transfer", {"ticket_id": tid, "category": "general"}, 409, "transfer_to_itself")
    moved = w01.ok("/windows/01/transfer", {"ticket_id": tid, "category": "tax", "note": "需缴税"})["ticket"]
    assert moved["number"] == "A001" and moved["category"] == "tax" and moved["state"] == "waiting"
    assert moved["transfers"] == 1
    # A001 came earlier than E001, so the tax window calls it first: one ticket to the end (一票到底).
    assert w06.ok("/windows/06/call-next", {})["ticket"]["number"] == "A001"


def test_transfer_to_a_window(server, kiosk):
    w01 = open_window(server, "01", "w01")
    w02 = open_window(server, "02", "w02")
    w03 = open_window(server, "03", "w03")
    kiosk.issue("general")
    tid = w01.ok("/windows/01/call-next", {})["ticket"]["id"]
    w01.refused("/windows/01/transfer", {"ticket_id": tid, "window": "06", "category": "social"}, 409,
                "window_does_not_serve")
    moved = w01.ok("/windows/01/transfer", {"ticket_id": tid, "window": "03"})["ticket"]
    assert moved["target_window"] == "03"
    assert w02.ok("/windows/02/call-next", {}) == {"ticket": None}  # only window 03 may call it
    assert w03.ok("/windows/03/call-next", {})["ticket"]["id"] == tid


def test_hold_and_resume(server, kiosk):
    staff = open_window(server, "01")
    kiosk.issue("general")
    kiosk.issue("general")
    tid = staff.ok("/windows/01/call-next", {})["ticket"]["id"]
    staff.ok("/windows/01/start", {"ticket_id": tid})
    staff.refused("/windows/01/hold", {"ticket_id": tid, "reason": ""}, 422, "bad_request")
    # A hold reason is the code of one of the hall's hold_reasons; words, or an unknown code, are refused.
    for unknown in ("材料不全，补材料", "documents"):
        refused = staff.refused("/windows/01/hold", {"ticket_id": tid, "reason": unknown}, 422, "unknown_hold_reason")
        assert refused["message"].startswith("没有这个挂起原因") and "hold reason" in refused["message_en"]
        assert "documents_missing" in refused["detail"]["known"]
    assert staff.get(f"/tickets/{tid}").json()["state"] == "serving"  # refused: nothing changed
    held = staff.ok("/windows/01/hold", {"ticket_id": tid, "reason": "documents_missing"})["ticket"]
    assert held["state"] == "held" and held["reason"] == "documents_missing"
    other = staff.ok("/windows/01/call-next", {})["ticket"]
    assert other["number"] == "A002"
    staff.refused("/windows/01/resume", {"ticket_id": tid}, 409, "window_busy")
    staff.ok("/windows/01/no-show", {"ticket_id": other["id"]})
    resumed = staff.ok("/windows/01/resume", {"ticket_id": tid})["ticket"]
    assert resumed["state"] == "called" and resumed["window"] == "01"
    staff.refused("/windows/01/resume", {"ticket_id": tid}, 409, "wrong_state")


def test_cancel(server, kiosk):
    t = kiosk.issue("general")["ticket"]
    other_kiosk = server.client(KIOSK2_TOKEN)
    other_kiosk.refused(f"/tickets/{t['id']}/cancel", {}, 404, "unknown_ticket")  # as if there were none
    assert kiosk.ok(f"/tickets/{t['id']}/cancel", {"reason": "不办了"})["ticket"]["state"] == "cancelled"
    kiosk.refused(f"/tickets/{t['id']}/cancel", {}, 409, "wrong_state")
    kiosk.refused("/tickets/4242/cancel", {}, 404, "unknown_ticket")


def test_window_open_pause_close(server, kiosk):
    staff = server.login("w01", STAFF_PIN, "01")
    kiosk.issue("general")
    staff.refused("/windows/01/call-next", {}, 409, "window_not_open")
    staff.refused("/windows/01/pause", {"reason": "lunch"}, 409, "window_closed")
    staff.ok("/windows/01/open")
    paused = staff.ok("/windows/01/pause", {"reason": "system_fault"})["window"]
    assert (paused["state"], paused["reason"], paused["reason_name"], paused["reason_name_en"]) == (
        "paused", "system_fault", "系统故障", "System fault")
    staff.refused("/windows/01/call-next", {}, 409, "window_not_open")
    staff.ok("/windows/01/open")
    tid = staff.ok("/windows/01/call-next", {})["ticket"]["id"]
    staff.refused("/windows/01/close", None, 409, "window_busy")
    staff.ok("/windows/01/no-show", {"ticket_id": tid})
    closed = staff.ok("/windows/01/close")["window"]
    assert closed["state"] == "closed"
    staff.refused("/windows/02/open", None, 403, "not_your_window")
    staff.refused("/windows/99/open", None, 404, "unknown_window")


def test_a_pause_reason_is_a_code_of_the_hall_and_its_event_names_it(server, admin):
    """An unknown code (or words) is refused in both languages and changes nothing, no event either;
    a known one is stored as its code and its event carries the code with its names."""
    staff = server.login("w01", STAFF_PIN, "01")
    staff.ok("/windows/01/open")
    info = admin.get("/config").json()
    assert {"code": "lunch", "name": "午间休息", "name_en": "Lunch break"} in info["pause_reasons"]
    assert {"code": "documents_missing", "name": "材料不全", "name_en": "Documents missing"} in info["hold_reasons"]
    seq = admin.get("/health").json()["seq"]
    for unknown in ("Lunch break", "午间休息", "nap"):
        refused = staff.refused("/windows/01/pause", {"reason": unknown}, 422, "unknown_pause_reason")
        assert refused["message"] == "没有这个暂停原因，请从本大厅的暂停原因中选择"
        assert refused["message_en"] == "no such pause reason: choose one of the hall's pause reasons"
        assert refused["detail"] == {"known": ["away", "consulting", "system_fault", "lunch", "training"]}
    assert admin.get("/health").json()["seq"] == seq  # no event
    assert next(w for w in admin.get("/snapshot").json()["windows"] if w["code"] == "01")["state"] == "open"

    staff.ok("/windows/01/pause", {"reason": "lunch"})
    event = admin.get("/events", after=seq).json()["events"][-1]
    assert event["type"] == "window.paused"
    assert {k: event["data"][k] for k in ("reason", "reason_name", "reason_name_en")} == {
        "reason": "lunch", "reason_name": "午间休息", "reason_name_en": "Lunch break"}
    snap = next(w for w in admin.get("/snapshot").json()["windows"] if w["code"] == "01")
    assert (snap["state"], snap["reason"], snap["reason_name"], snap["reason_name_en"]) == (
        "paused", "lunch", "午间休息", "Lunch break")


def test_hall_admin_pauses_and_resumes_a_staffed_window(server, admin):
    staff = server.login("w01", STAFF_PIN, "01")
    staff.ok("/windows/01/open")
    paused = admin.ok("/windows/01/pause", {"reason": "training"})["window"]
    assert (paused["state"], paused["reason"], paused["staff_name"]) == ("paused", "training", "王芳")
    row = next(w for w in admin.get("/dashboard").json()["windows"] if w["code"] == "01")
    assert (row["state"], row["reason"]) == ("paused", "training")
    admin.refused("/windows/01/pause", {"reason": ""}, 422, "bad_request")
    admin.refused("/windows/02/pause", {"reason": "lunch"}, 409, "window_closed")
    resumed = admin.ok("/windows/01/open")["window"]
    assert (resumed["state"], resumed["reason"], resumed["staff_name"]) == ("open", None, "王芳")
    assert staff.ok("/windows/01/call-next", {})["ticket"] is None  # still the staff's own open window


def test_estimated_wait_from_service_times_and_open_windows(server, kiosk, clock):
    staff = open_window(server, "06", "w06")
    for _ in range(4):
        kiosk.issue("tax")
    # No history yet: the configured 8 minutes a ticket, one open window.
    assert kiosk.issue("tax")["estimated_wait_minutes"] == 4 * 8
    for _ in range(2):  # serve two tickets in 3 minutes each
        tid = staff.ok("/windows/06/call-next", {})["ticket"]["id"]
        staff.ok("/windows/06/start", {"ticket_id": tid})
        clock.advance(minutes=3)
        staff.ok("/windows/06/finish", {"ticket_id": tid})
    issued = kiosk.issue("tax")
    assert issued["people_ahead"] == 3
    assert issued["estimated_wait_minutes"] == 9
    open_window(server, "07", "w07")  # a second window serving tax halves the wait
    snap = kiosk.get("/snapshot").json()
    tax = next(c for c in snap["categories"] if c["code"] == "tax")
    assert tax["waiting"] == 4 and tax["open_windows"] == 2
    assert tax["estimated_wait_minutes"] == 6


def test_day_rollover_resets_numbers_and_closes_the_day(server, kiosk, clock):
    staff = open_window(server, "01")
    kiosk.issue("general")
    kiosk.issue("general")
    clock.set_local(2026, 11, 24, 2, 59)  # still the 23rd's business day
    assert kiosk.get("/snapshot").json()["business_day"] == "2026-11-23"
    clock.set_local(2026, 11, 24, 9, 0)
    fresh = kiosk.issue("general")["ticket"]
    assert fresh["number"] == "A001" and fresh["business_day"] == "2026-11-24"
    old = kiosk.get("/tickets/1").json()
    assert old["state"] == "cancelled" and old["reason"] == "day_closed"
    snap = kiosk.get("/snapshot").json()
    assert snap["business_day"] == "2026-11-24"
    assert [t["number"] for t in snap["tickets"]] == ["A001"]
    assert all(w["state"] == "closed" for w in snap["windows"])
    rolled = [e for e in kiosk.get("/events", after=0).json()["events"] if e["type"] == "day.rolled"]
    assert len(rolled) == 1 and rolled[0]["data"]["closed_tickets"] == 2
    # Yesterday's login has expired; after logging in again the window must be opened anew.
    staff.refused("/windows/01/call-next", {}, 401, "session_expired")
    server.login("w01", STAFF_PIN, window="01").refused("/windows/01/call-next", {}, 409, "window_not_open")


@pytest.mark.slow
def test_day_rolls_over_by_itself(server, kiosk, clock):
    kiosk.issue("general")
    clock.set_local(2026, 11, 24, 3, 1)
    deadline = time.monotonic() + 5
    while kiosk.get("/tickets/1").json()["state"] != "cancelled":
        assert time.monotonic() < deadline, "the housekeeping tick did not turn the day over"
        time.sleep(0.1)


def test_ticket_issue_time_and_numbers_use_the_hall_time_zone(tmp_path):
    clock = FakeClock(dt.datetime(2026, 11, 23, 17, 20, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    srv = RunningServer(tmp_path / "hall.db", hall_file_with(tmp_path), clock)
    srv.start()
    try:
        k = srv.client(KIOSK_TOKEN)
        assert k.issue("general")["ticket"]["issued_at"] == "2026-11-23T09:20:00Z"
        k.refused("/tickets", {"category": "hukou", "id_number": make_id()}, 409, "category_closed")
    finally:
        srv.stop()


def test_demo_mode_issues_at_any_hour(tmp_path):
    clock = FakeClock(dt.datetime(2026, 11, 29, 23, 0, tzinfo=dt.UTC))
    srv = RunningServer(tmp_path / "hall.db", hall_file_with(tmp_path), clock, ignore_hours=True)
    srv.start()
    try:
        assert srv.client(KIOSK_TOKEN).issue("general")["ticket"]["number"] == "A001"
    finally:
        srv.stop()


def test_every_id_document_gets_a_ticket_online(kiosk):
    # The 2017 foreign permanent resident card: 15 characters, three letters and twelve digits.
    foreign = "USA110079012345"
    assert kiosk.issue("general", id_number=foreign)["ticket"]["number"].startswith("A")
    assert kiosk.issue("hukou", id_number=foreign)["ticket"]["number"].startswith("B")
    for same in (foreign.lower(), "ＵＳＡ１１００７９０１２３４５", f" {foreign} "):
        kiosk.refused("/tickets", {"category": "hukou", "id_number": same}, 409, "already_holding")
    # Every other document, on a service that needs an ID card.
    for number in ("932682198501010017",  # foreign permanent resident card, 2023
                   "810000199103040171", "820000198001010024", "830000197512250035",  # HK/Macao/Taiwan
                   "110105491231002"):  # a legacy 15-digit citizen number
        assert kiosk.issue("vehicle", id_number=number)["ticket"]["number"].startswith("C")
    # The legacy number and its 18-character form are one person.
    kiosk.refused("/tickets", {"category": "vehicle", "id_number": "11010519491231002X"}, 409, "already_holding")
    for bad in ("USA110088130101",  # 2017 card, month 13
                "USA110091022901",  # 2017 card, 29 February of 1991
                "110105209901010012",  # born in 2099
                "110105198813010011",  # month 13, right check character
                "984011197902300021",  # 2023 card, 30 February
                "810000199103040172"):  # HK permit, wrong check character
        kiosk.refused("/tickets", {"category": "general", "id_number": bad}, 422, "bad_id_number")


def test_green_channel_by_age_from_a_foreign_card(kiosk):
    assert kiosk.issue("general", id_number="USA110050030101")["ticket"]["green_channel"] is True  # born 1950
    assert kiosk.issue("general", id_number="KAZ110090123105")["ticket"]["green_channel"] is False  # born 1990
