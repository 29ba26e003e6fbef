"""Appointment check-in at the kiosk: signed codes verified offline with the hall's public key,
today's rules (too early, lapsed, not today, used), ID-card lookup online and offline."""
from __future__ import annotations

import datetime as dt

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from hall_server.schema import AppointmentCodePayload, encode_appointment_code
from hallsupport import ADMIN_PIN, KIOSK2_TOKEN, make_id
from kiosk.core import Identity, TicketRefused

YOUNG = Identity(make_id("19900315", serial="386"), "钱七", "钱*", dt.date(1990, 3, 15))
THIRD = Identity(make_id("19880808", serial="529"), "孙八", "孙*", dt.date(1988, 8, 8))


def book(admin, category: str, start: str, end: str, who: Identity | None = None,
         date: str = "2026-11-23") -> dict:
    body = {"category": category, "date": date, "slot_start": start, "slot_end": end}
    if who is not None:
        body |= {"id_number": who.id_number, "name": who.name}
    return admin.ok("/appointments", body, 201)


def refused(call, *args) -> TicketRefused:
    with pytest.raises(TicketRefused) as caught:
        call(*args)
    assert caught.value.message and caught.value.message_en
    return caught.value


def test_code_check_in_online(server, make_core):
    admin = server.login("admin", ADMIN_PIN)
    mine = book(admin, "realestate", "09:30", "10:00", YOUNG)
    later = book(admin, "general", "11:00", "11:30")
    tomorrow = book(admin, "tax", "09:00", "09:30", date="2026-11-24")
    lapsed = book(admin, "social", "07:00", "08:00")
    core = make_core(server.url)
    core.sync_now()

    match = core.check_in_code(mine["code"])
    assert match.id == mine["id"] and match.category == "realestate"
    names = {c.code: c.name for c in core.hall.categories}
    assert match.category_name == names["realestate"]
    assert (match.slot_start, match.slot_end, match.date) == (dt.time(9, 30), dt.time(10), dt.date(2026, 11, 23))
    assert match.masked_name == "钱*"
    early = refused(core.check_in_code, later["code"])
    assert early.code == "appointment_too_early" and early.detail["from"] == "10:00"
    assert refused(core.check_in_code, tomorrow["code"]).code == "appointment_not_today"
    assert refused(core.check_in_code, lapsed["code"]).code == "appointment_missed"

    info = core.take_ticket(match.category, YOUNG, appointment_id=match.id)
    assert info.offline is False and info.appointment is True and info.number.startswith("H")
    assert refused(core.check_in_code, mine["code"]).code == "appointment_used"


def test_forged_and_malformed_codes_change_nothing(server, make_core):
    admin = server.login("admin", ADMIN_PIN)
    real = book(admin, "general", "09:00", "09:30")
    core = make_core(server.url)
    core.sync_now()
    hall = core.hall.code
    # Signed with a key that is not the hall's.
    forged = encode_appointment_code(AppointmentCodePayload(
        hall=hall, id=real["id"], category="general", date=dt.date(2026, 11, 23), slot_start=dt.time(9),
        slot_end=dt.time(9, 30)), Ed25519PrivateKey.generate().sign)
    assert refused(core.check_in_code, forged).code == "code_signature"
    prefix, payload, signature = real["code"].split(".")
    altered = ".".join([prefix, payload[:-2] + ("AA" if payload[-2:] != "AA" else "BB"), signature])
    assert refused(core.check_in_code, altered).code in ("code_signature", "code_malformed")
    assert refused(core.check_in_code, "https://example.com/not-a-code").code == "code_malformed"
    assert refused(core.check_in_code, "HA1." + "A" * 600).code == "code_too_large"
    assert core.pending_outbox() == 0
    assert core.check_in_code(real["code"]).id == real["id"]  # the real one still works


@pytest.mark.slow
def test_check_in_offline_by_code_and_by_id_card(server, make_core, clock):
    admin = server.login("admin", ADMIN_PIN)
    by_card = book(admin, "social", "09:00", "09:30", THIRD)
    by_code = book(admin, "general", "09:15", "09:45", YOUNG)
    too_early = book(admin, "tax", "10:30", "11:00", YOUNG)
    core = make_core(server.url)
    core.sync_now()
    # Online lookup by ID card: today's unused appointments of that card.
    assert [m.id for m in core.check_in_identity(YOUNG)] == [by_code["id"], too_early["id"]]
    server.stop()

    found = core.check_in_identity(THIRD)  # offline: matched by the day's digest in the cached list
    assert core.online is False and [m.id for m in found] == [by_card["id"]]
    assert found[0].masked_name == "孙*"
    assert core.check_in_identity(Identity(make_id("19700101", serial="111"), "X", "X", None)) == []
    first = core.take_ticket(found[0].category, THIRD, appointment_id=found[0].id)
    assert first.offline and first.appointment and first.number == "F001"
    match = core.check_in_code(by_code["code"])
    second = core.take_ticket(match.category, YOUNG, appointment_id=match.id)
    assert second.offline and second.appointment and second.number == "A001"
    assert refused(core.check_in_code, by_code["code"]).code == "appointment_used"
    assert core.check_in_identity(THIRD) == []  # checked in already
    early = refused(core.take_ticket, "tax", YOUNG, too_early["id"])
    assert early.code == "appointment_too_early" and early.detail["from"] == "09:30"
    assert core.pending_outbox() == 2

    server.start()
    assert core.sync_now() is True and core.pending_outbox() == 0 and core.failed_outbox() == []
    tickets = {t["number"]: t for t in admin_after_restart(server).get("/tickets").json()["tickets"]}
    assert tickets["F001"]["appointment"] is True and tickets["A001"]["appointment"] is True
    used = {a["id"]: a["used"] for a in core.store.get("appointments")["appointments"]}
    assert used[by_card["id"]] is True and used[by_code["id"]] is True


def admin_after_restart(server):
    return server.login("admin", ADMIN_PIN)


def test_appointment_checked_in_elsewhere_reads_as_used(server, make_core):
    admin = server.login("admin", ADMIN_PIN)
    booked = book(admin, "general", "09:00", "09:30", YOUNG)
    server.client(KIOSK2_TOKEN).issue("general", id_number=YOUNG.id_number, appointment_id=booked["id"])
    core = make_core(server.url)
    core.sync_now()
    server.stop()  # the kiosk knows only what it cached
    assert refused(core.check_in_code, booked["code"]).code == "appointment_used"
    assert core.check_in_identity(YOUNG) == []
