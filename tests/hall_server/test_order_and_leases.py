"""Calling order (green channel, appointments in their slot, first come first served with ageing),
number leases for offline kiosks and their merge into the queue."""
from __future__ import annotations

import datetime as dt

from hallsupport import KIOSK2_TOKEN, SHANGHAI, STAFF_PIN, make_id


def serve_all(staff, window: str) -> list[str]:
    """Call, start and finish tickets at a window until nobody waits; the numbers in calling order."""
    called = []
    while (ticket := staff.ok(f"/windows/{window}/call-next", {})["ticket"]) is not None:
        called.append(ticket["number"])
        staff.ok(f"/windows/{window}/start", {"ticket_id": ticket["id"]})
        staff.ok(f"/windows/{window}/finish", {"ticket_id": ticket["id"]})
    return called


def open_window(server, code: str):
    staff = server.login("w" + code, STAFF_PIN, code)
    staff.ok(f"/windows/{code}/open")
    return staff


def local(hour: int, minute: int) -> str:
    return dt.datetime(2026, 11, 23, hour, minute, tzinfo=SHANGHAI).isoformat()


def test_green_channel_first_then_first_come_first_served(server, kiosk, clock):
    staff = open_window(server, "01")
    kiosk.issue("general")                                         # A001
    clock.advance(minutes=1)
    kiosk.issue("general")                                         # A002
    clock.advance(minutes=1)
    staff.issue("general", green_channel=True)                     # A003, marked by staff
    clock.advance(minutes=1)
    kiosk.issue("general", id_number=make_id(birth="19480101"))    # A004, 78 years old
    assert serve_all(staff, "01") == ["A003", "A004", "A001", "A002"]


def test_appointment_in_its_slot_comes_before_walk_ins_but_not_outside_it(server, kiosk, admin, clock):
    staff = open_window(server, "15")  # serves real estate (appointment only) and general
    person = make_id(serial="456")
    appt = admin.ok("/appointments", {"category": "realestate", "date": "2026-11-23", "slot_start": "10:00",
                                      "slot_end": "10:30", "id_number": person, "name": "赵六"}, 201)
    assert appt["masked_name"] == "赵*" and person not in str(appt)
    kiosk.issue("general")                                                       # A001 at 09:00
    clock.advance(minutes=5)
    h = kiosk.issue("realestate", appointment_id=appt["id"], id_number=person)   # H001 at 09:05
    assert h["ticket"]["appointment"] is True
    clock.advance(minutes=5)
    kiosk.issue("general")                                                       # A002 at 09:10
    # 09:10: the slot has not begun (nor its 15 early minutes), so H001 waits its turn by arrival.
    first = staff.ok("/windows/15/call-next", {})["ticket"]
    assert first["number"] == "A001"
    staff.ok("/windows/15/start", {"ticket_id": first["id"]})
    staff.ok("/windows/15/finish", {"ticket_id": first["id"]})
    clock.set_local(2026, 11, 23, 9, 46)  # inside the slot's early margin
    assert serve_all(staff, "15") == ["H001", "A002"]
    # The appointment is used up.
    kiosk.refused("/tickets", {"category": "realestate", "appointment_id": appt["id"], "id_number": person},
                  409, "appointment_used")


def test_appointment_refusals(server, kiosk, admin):
    person = make_id(serial="457")
    appt = admin.ok("/appointments", {"category": "realestate", "date": "2026-11-24", "slot_start": "10:00",
                                      "slot_end": "10:30", "id_number": person}, 201)
    kiosk.refused("/tickets", {"category": "realestate", "appointment_id": appt["id"], "id_number": person},
                  409, "appointment_not_today")
    today = admin.ok("/appointments", {"category": "realestate", "date": "2026-11-23", "slot_start": "10:00",
                                       "slot_end": "10:30", "id_number": person}, 201)
    kiosk.refused("/tickets", {"category": "realestate", "appointment_id": today["id"],
                               "id_number": make_id(serial="458")}, 409, "appointment_other_person")
    admin.refused("/appointments", {"category": "realestate", "date": "2026-11-23", "slot_start": "11:00",
                                    "slot_end": "10:30"}, 422, "bad_slot")
    kiosk.refused("/appointments", {"category": "realestate", "date": "2026-11-23", "slot_start": "10:00",
                                    "slot_end": "10:30"}, 403, "forbidden")


def test_ageing_lets_a_long_wait_go_before_later_priority_tickets(server, kiosk, admin, clock):
    staff = open_window(server, "15")
    kiosk.issue("general")                                                       # A001 at 09:00
    clock.set_local(2026, 11, 23, 9, 45)
    appt = admin.ok("/appointments", {"category": "general", "date": "2026-11-23", "slot_start": "09:30",
                                      "slot_end": "10:00"}, 201)
    kiosk.issue("general", appointment_id=appt["id"])                            # A002, in its slot
    staff.issue("general", green_channel=True)                                   # A003, green
    kiosk.issue("general")                                                       # A004
    # A001 has waited 45 minutes (ageing at 40): it joins the first tier by its arrival.
    assert serve_all(staff, "15") == ["A001", "A003", "A002", "A004"]


def test_lease_offline_tickets_join_by_issue_time(server, kiosk, clock):
    staff = open_window(server, "01")
    lease = kiosk.ok("/leases", {"category": "general", "count": 5}, 201)
    assert (lease["first"], lease["last"], lease["prefix"]) == (1, 5, "A")
    # Online tickets continue after the leased block: no number is ever issued twice.
    clock.advance(minutes=10)
    online = kiosk.issue("general")["ticket"]                 # A006 at 09:10
    assert online["number"] == "A006"
    clock.advance(minutes=10)
    # The kiosk was offline at 09:05 and 09:15 and issued A001 and A002 from its lease; it submits now.
    out = kiosk.ok(f"/leases/{lease['id']}/tickets", {"tickets": [
        {"seq": 1, "issued_at": local(9, 5), "name": "钱七"},
        {"seq": 2, "issued_at": local(9, 15)}]})
    assert [t["ticket"]["number"] for t in out["tickets"]] == ["A001", "A002"]
    assert out["tickets"][0]["ticket"]["issued_at"] == "2026-11-23T01:05:00Z"
    assert serve_all(staff, "01") == ["A001", "A006", "A002"]


def test_offline_submit_is_idempotent_and_checked(server, kiosk, clock):
    lease = kiosk.ok("/leases", {"category": "general", "count": 3}, 201)
    clock.advance(minutes=10)
    path = f"/leases/{lease['id']}/tickets"
    body = {"tickets": [{"seq": 1, "issued_at": local(9, 0)}]}
    first = kiosk.ok(path, body)
    # Sent again after a lost answer (new key, same content): the same ticket, not a second one.
    again = kiosk.ok(path, body)
    assert again["tickets"][0]["ticket"]["id"] == first["tickets"][0]["ticket"]["id"]
    seq = kiosk.get("/health").json()["seq"]
    kiosk.refused(path, {"tickets": [{"seq": 4, "issued_at": local(9, 0)}]}, 422, "seq_outside_lease")
    kiosk.refused(path, {"tickets": [{"seq": 2, "issued_at": local(9, 0)}, {"seq": 2, "issued_at": local(9, 1)}]},
                  422, "seq_outside_lease")
    kiosk.refused(path, {"tickets": [{"seq": 1, "issued_at": local(9, 3)}]}, 409, "seq_already_submitted")
    kiosk.refused(path, {"tickets": [{"seq": 2, "issued_at": "2026-11-23T09:00:00"}]}, 422, "naive_time")
    kiosk.refused(path, {"tickets": [{"seq": 2, "issued_at": local(11, 0)}]}, 422, "issued_at_out_of_range")
    # A good ticket together with a bad one: nothing of the batch is taken.
    kiosk.refused(path, {"tickets": [{"seq": 2, "issued_at": local(9, 0)}, {"seq": 9, "issued_at": local(9, 0)}]},
                  422, "seq_outside_lease")
    assert kiosk.get("/health").json()["seq"] == seq
    # Another kiosk cannot use this kiosk's lease.
    server.client(KIOSK2_TOKEN).refused(path, body, 404, "unknown_lease")


def test_release_gives_unused_numbers_back_to_the_cap_but_never_reissues_them(server, kiosk, clock):
    lease = kiosk.ok("/leases", {"category": "general", "count": 4}, 201)
    kiosk.ok(f"/leases/{lease['id']}/tickets", {"tickets": [{"seq": 1, "issued_at": local(9, 0)}]})
    released = kiosk.ok(f"/leases/{lease['id']}/release")
    assert released["released"] is True and released["used"] == [1]
    assert kiosk.issue("general")["ticket"]["number"] == "A005"
    # A ticket issued offline just before the release still counts when it arrives late.
    out = kiosk.ok(f"/leases/{lease['id']}/tickets", {"tickets": [{"seq": 2, "issued_at": local(9, 0)}]})
    assert out["tickets"][0]["ticket"]["number"] == "A002"
    assert kiosk.get("/leases").json()["leases"][0]["used"] == [1, 2]


def test_leases_end_with_the_day(server, kiosk, clock):
    lease = kiosk.ok("/leases", {"category": "general"}, 201)
    assert lease["last"] - lease["first"] + 1 == 10
    clock.set_local(2026, 11, 24, 9, 0)
    # Yesterday's offline tickets belong to a closed day.
    kiosk.refused(f"/leases/{lease['id']}/tickets", {"tickets": [{"seq": 1, "issued_at": local(16, 0)}]},
                  409, "lease_expired")
    assert kiosk.get("/leases").json()["leases"] == []
    assert kiosk.issue("general")["ticket"]["number"] == "A001"


def test_lease_limits(server, kiosk):
    for _ in range(3):
        kiosk.ok("/leases", {"category": "tax"}, 201)
    kiosk.refused("/leases", {"category": "tax"}, 409, "lease_limit")
    kiosk.refused("/leases", {"category": "nope"}, 404, "unknown_category")
    kiosk.refused("/leases", {"category": "tax", "count": 0}, 422, "bad_request")
    server.client(KIOSK2_TOKEN).ok("/leases", {"category": "tax"}, 201)
    assert kiosk.issue("tax")["ticket"]["number"] == "E041"
