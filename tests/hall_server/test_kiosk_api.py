"""What the citizen kiosk needs of the hall server: hall info, signed appointment codes, today's
appointments with ID digests, check-in time rules, offline tickets with green channel and
appointments, abandoned ticket requests, the service guide and device health."""
from __future__ import annotations

import base64
import concurrent.futures
import datetime as dt
import hashlib
import hmac
import json
import logging
import sqlite3
import subprocess
import sys

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from hall_server.config import ConfigError, load_hall
from hall_server.schema import (
    AppointmentCodeError, AppointmentCodePayload, decode_appointment_code, encode_appointment_code,
)
from hallsupport import (ADMIN_PIN, DISPLAY_TOKEN, KIOSK2_TOKEN, KIOSK_TOKEN, SAMPLE_HALL, SHANGHAI, STAFF_PIN,
                         TECH_PIN, RunningServer, make_id)

TODAY = "2026-11-23"
HALL = "SFQ-ZWFW-001"


def seq_of(client) -> int:
    return client.get("/health").json()["seq"]


def events_after(client, seq: int, type_: str | None = None) -> list[dict]:
    events = client.get("/events", after=seq).json()["events"]
    return [e for e in events if type_ is None or e["type"] == type_]


def appoint(admin, category: str = "general", date: str = TODAY, start: str = "10:00", end: str = "10:30",
            **fields) -> dict:
    return admin.ok("/appointments", {"category": category, "date": date, "slot_start": start, "slot_end": end,
                                      **fields}, 201)


def public_key(client) -> bytes:
    return base64.b64decode(client.get("/config").json()["appointment_public_key"])


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


# --- hall info ---------------------------------------------------------------------------------

def test_hall_info_carries_what_an_offline_kiosk_needs(server, kiosk):
    info = kiosk.get("/config").json()
    assert info["green_channel_age"] == 70 and info["lease_block"] == 10
    assert info["appointment_early_minutes"] == 15
    assert info["appointment_checkin_early_minutes"] == 60 and info["appointment_late_minutes"] == 15
    assert len(base64.b64decode(info["appointment_public_key"], validate=True)) == 32
    assert info["track_base_url"] == "http://127.0.0.1:8000"
    issued = kiosk.issue("general")
    assert issued["track_url"] == info["track_base_url"] + "/t/" + issued["track_token"]
    windows = {w["code"]: w for w in info["windows"]}
    assert windows["01"]["name_en"] == "Window 1" and windows["16"]["name_en"].startswith("Window 16")
    assert all(w["name_en"] for w in info["windows"]) and len(windows) == 16
    snap = kiosk.get("/snapshot").json()
    assert {w["code"]: w["name_en"] for w in snap["windows"]}["12"] == "Window 12"
    # How many digits a number has, so a kiosk can ask for the categories without the queue's tickets.
    number = issued["ticket"]["number"]
    assert info["number_digits"] == len(number) - 1
    assert [t["number"] for t in snap["tickets"]] == [number]
    light = kiosk.get("/snapshot", tickets="false").json()
    assert light["tickets"] == [] and light["categories"] == snap["categories"] and light["seq"] == snap["seq"]
    dashboard = server.login("admin", ADMIN_PIN).get("/dashboard").json()
    assert {w["code"]: w["name_en"] for w in dashboard["windows"]}["03"] == "Window 3"


def test_public_base_and_settings_follow_the_configuration(tmp_path, clock):
    text = SAMPLE_HALL.read_text(encoding="utf-8")
    text = text.replace("appointment_checkin_early_minutes = 60", "appointment_checkin_early_minutes = 30")
    text = text.replace("appointment_late_minutes = 15 ", "appointment_late_minutes = 5 ")
    text = text.replace('name_en = "Window 3"\n', "")
    hall_file = tmp_path / "hall.toml"
    hall_file.write_text(text, encoding="utf-8")
    srv = RunningServer(tmp_path / "hall.db", hall_file, clock, public_url="https://q.example.gov.cn/")
    srv.start()
    try:
        info = srv.client(KIOSK_TOKEN).get("/config").json()
        assert info["appointment_checkin_early_minutes"] == 30 and info["appointment_late_minutes"] == 5
        assert info["track_base_url"] == "https://q.example.gov.cn"
        # A hall file without an English window name gets the window by its number (hall_rules.names).
        assert {w["code"]: w["name_en"] for w in info["windows"]}["03"] == "Window 3"
    finally:
        srv.stop()


# --- signed appointment codes ------------------------------------------------------------------

def test_appointment_code_is_signed_and_reads_back_offline(server, kiosk, admin):
    appt = appoint(admin, "realestate", start="10:00", end="10:30", id_number=make_id(), name="赵六")
    code = appt["code"]
    assert code.startswith("HA1.") and len(code) <= 512 and make_id() not in code
    payload = decode_appointment_code(code, public_key(kiosk), HALL)
    assert payload == AppointmentCodePayload(hall=HALL, id=appt["id"], category="realestate",
                                             date=dt.date(2026, 11, 23), slot_start=dt.time(10, 0),
                                             slot_end=dt.time(10, 30))
    # No name or ID in the QR text, only what the kiosk needs to find the appointment.
    prefix, body, _ = code.split(".")
    content = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    assert set(content) == {"hall", "id", "category", "date", "slot_start", "slot_end"}
    assert "赵" not in json.dumps(content, ensure_ascii=False)


def test_forged_altered_other_hall_oversized_and_malformed_codes_are_refused(server, kiosk, admin):
    key = public_key(kiosk)
    code = appoint(admin)["code"]
    prefix, body, signature = code.split(".")
    payload = decode_appointment_code(code, key, HALL)

    def refused(text, expected: str) -> None:
        with pytest.raises(AppointmentCodeError) as caught:
            decode_appointment_code(text, key, HALL)
        err = caught.value
        assert err.code == expected and err.message and err.message_en and isinstance(err, ValueError)

    # Forged: a well-formed code signed by another key.
    forger = Ed25519PrivateKey.generate()
    refused(encode_appointment_code(payload, forger.sign), "code_signature")
    # Altered: another slot with the original signature; one character of the signature changed.
    later = payload.model_copy(update={"slot_start": dt.time(8, 30)})
    refused(f"{prefix}.{b64url(later.model_dump_json().encode())}.{signature}", "code_signature")
    flipped = ("A" if signature[5] != "A" else "B")
    refused(f"{prefix}.{body}.{signature[:5]}{flipped}{signature[6:]}", "code_signature")
    refused(f"{prefix}.{body}.{signature[:-4]}", "code_signature")  # truncated signature
    # Another hall's reader (same format, its own hall code).
    with pytest.raises(AppointmentCodeError) as other:
        decode_appointment_code(code, key, "OTHER-HALL-002")
    assert other.value.code == "code_other_hall"
    # Oversized: refused before anything is decoded.
    refused("HA1." + "A" * 600 + "." + signature, "code_too_large")
    refused("x" * 513, "code_too_large")
    for text in ("", "hello", "HA2." + body + "." + signature, f"{prefix}.{body}", f"{prefix}.{body}.{signature}.x",
                 f"{prefix}.{body}!.{signature}", f"{prefix}..{signature}", "https://example.com/?q=1"):
        refused(text, "code_malformed")
    # Signed but not an appointment: malformed (only the hall's key can make one, so the server never does).
    hall_key = Ed25519PrivateKey.generate()
    junk = "HA1." + b64url(b'{"hall": 1}')
    junk_code = junk + "." + b64url(hall_key.sign(junk.encode()))
    with pytest.raises(AppointmentCodeError) as caught:
        decode_appointment_code(junk_code, hall_key.public_key().public_bytes_raw(), HALL)
    assert caught.value.code == "code_malformed"


@pytest.mark.slow
def test_signing_key_lives_in_the_database_and_is_never_served_or_logged(tmp_path, clock, caplog):
    caplog.set_level(logging.DEBUG)
    srv = RunningServer(tmp_path / "hall.db", SAMPLE_HALL, clock)
    srv.start()
    try:
        kiosk = srv.client(KIOSK_TOKEN)
        admin = srv.login("admin", ADMIN_PIN)
        first_key = public_key(kiosk)
        code = appoint(admin)["code"]
        config_text = kiosk.get("/config").text
    finally:
        srv.stop()
    with sqlite3.connect(tmp_path / "hall.db") as conn:
        (private,) = conn.execute("SELECT value FROM hall_state WHERE key = 'appointment_signing_key'").fetchone()
    raw = base64.b64decode(private)
    assert Ed25519PrivateKey.from_private_bytes(raw).public_key().public_bytes_raw() == first_key
    for form in (private, raw.hex(), b64url(raw)):
        assert form not in config_text and form not in caplog.text
    srv.start()  # the same key after a restart: codes already handed out stay valid
    try:
        again = srv.client(KIOSK_TOKEN)
        assert public_key(again) == first_key
        assert decode_appointment_code(code, public_key(again), HALL).date == dt.date(2026, 11, 23)
    finally:
        srv.stop()


# --- today's appointments ----------------------------------------------------------------------

def test_appointment_list_digests_match_the_id_under_the_days_key(server, kiosk, admin, clock):
    person = make_id(serial="321", birth="19900101")
    lower_x = next(make_id(serial=f"{n:03d}") for n in range(1000) if make_id(serial=f"{n:03d}").endswith("X"))
    mine = appoint(admin, "realestate", id_number=person, name="赵六")
    with_x = appoint(admin, "general", start="11:00", end="11:30", id_number=lower_x.lower())
    anonymous = appoint(admin, "general", start="14:00", end="14:30")
    tomorrow = appoint(admin, "realestate", date="2026-11-24", id_number=person)
    listed = kiosk.get("/appointments", date=TODAY).json()
    key = listed["lookup_key"]
    assert len(base64.urlsafe_b64decode(key + "=" * (-len(key) % 4))) == 32
    by_id = {a["id"]: a for a in listed["appointments"]}
    assert set(by_id) == {mine["id"], with_x["id"], anonymous["id"]}

    def digest(k, n):
        return hmac.new(k.encode("utf-8"), n.upper().encode("utf-8"), hashlib.sha256).hexdigest()

    assert by_id[mine["id"]]["id_digest"] == digest(key, person)
    assert by_id[with_x["id"]]["id_digest"] == digest(key, lower_x)  # the ID upper-cased
    assert by_id[anonymous["id"]]["id_digest"] is None
    assert by_id[mine["id"]]["masked_name"] == "赵*" and by_id[mine["id"]]["used"] is False
    assert by_id[mine["id"]]["slot_start"] == "10:00:00" and by_id[mine["id"]]["category"] == "realestate"
    assert person not in json.dumps(listed)
    # Without a date: the business day. The key stays the same on every call.
    assert kiosk.get("/appointments").json() == listed
    # Another date's key is not handed out (it would match ID numbers to that date's bookings).
    for other in ("2026-11-24", "2026-12-01", "2026-11-20"):
        refused = kiosk.get("/appointments", date=other)
        assert refused.status_code == 422 and refused.json()["error"]["code"] == "appointments_today_only"
        assert "lookup_key" not in refused.text
    # Checked in: the list says used.
    kiosk.issue("realestate", appointment_id=mine["id"], id_number=person)
    assert {a["id"]: a["used"] for a in kiosk.get("/appointments").json()["appointments"]}[mine["id"]] is True
    assert admin.get("/appointments").status_code == 200
    for client in (server.client(DISPLAY_TOKEN), server.login("w01", STAFF_PIN, "01"), server.login("tech", TECH_PIN)):
        r = client.get("/appointments")
        assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    bad = kiosk.get("/appointments", date="23/11/2026")
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "bad_request"
    # The next day has its own key, so a digest of today tells nothing about tomorrow.
    clock.advance(days=1)
    other_day = kiosk.get("/appointments").json()
    assert other_day["lookup_key"] != key
    assert other_day["appointments"][0]["id"] == tomorrow["id"]
    assert other_day["appointments"][0]["id_digest"] == digest(other_day["lookup_key"], person)


def test_lookup_by_id_card_finds_only_that_cards_appointments_today(server, kiosk, admin):
    person, other = make_id(serial="611"), make_id(serial="612")
    morning = appoint(admin, "realestate", id_number=person)
    afternoon = appoint(admin, "general", start="14:00", end="14:30", id_number=person)
    appoint(admin, "general", id_number=other)
    appoint(admin, "general", date="2026-11-24", id_number=person)
    found = kiosk.ok("/appointments/lookup", {"id_number": person})
    assert {a["id"] for a in found["appointments"]} == {morning["id"], afternoon["id"]}
    assert found["lookup_key"] == kiosk.get("/appointments").json()["lookup_key"]
    assert person not in json.dumps(found)
    assert kiosk.ok("/appointments/lookup", {"id_number": make_id(serial="613")})["appointments"] == []
    seq = seq_of(kiosk)
    err = kiosk.refused("/appointments/lookup", {"id_number": person[:17] + ("1" if person[17] != "1" else "2")},
                        422, "bad_id_number")
    assert err["message"] and err["message_en"]
    kiosk.refused("/appointments/lookup", {}, 422, "bad_request")
    admin.refused("/appointments/lookup", {"id_number": person}, 403, "forbidden")
    assert seq_of(kiosk) == seq


# --- check-in time rules -----------------------------------------------------------------------

def test_check_in_opens_an_hour_before_the_slot(server, kiosk, admin, clock):
    appt = appoint(admin, "general", start="10:00", end="10:30")
    clock.set_local(2026, 11, 23, 8, 59, 59)
    seq = seq_of(kiosk)
    err = kiosk.refused("/tickets", {"category": "general", "appointment_id": appt["id"]}, 409,
                        "appointment_too_early")
    assert err["detail"]["from"] == "09:00" and "09:00" in err["message"] and "09:00" in err["message_en"]
    assert seq_of(kiosk) == seq
    clock.set_local(2026, 11, 23, 9, 0)
    ticket = kiosk.issue("general", appointment_id=appt["id"])["ticket"]
    assert ticket["appointment"] is True and ticket["number"] == "A001"


def test_check_in_lapses_fifteen_minutes_after_the_slot(server, kiosk, admin, clock):
    late = appoint(admin, "general", start="09:00", end="09:30")
    missed = appoint(admin, "general", start="09:00", end="09:30")
    clock.set_local(2026, 11, 23, 9, 45)
    assert kiosk.issue("general", appointment_id=late["id"])["ticket"]["appointment"] is True
    clock.set_local(2026, 11, 23, 9, 45, 1)
    seq = seq_of(kiosk)
    err = kiosk.refused("/tickets", {"category": "general", "appointment_id": missed["id"]}, 409,
                        "appointment_missed")
    assert "普通号" in err["message"] and "ordinary number" in err["message_en"]
    assert seq_of(kiosk) == seq
    # The citizen takes an ordinary number instead.
    assert kiosk.issue("general")["ticket"]["appointment"] is False
    # The earlier refusals still hold.
    kiosk.refused("/tickets", {"category": "general", "appointment_id": late["id"]}, 409, "appointment_used")
    kiosk.refused("/tickets", {"category": "general", "appointment_id": "nope"}, 409, "appointment_not_today")


# --- offline tickets ---------------------------------------------------------------------------

def local(hour: int, minute: int) -> str:
    return dt.datetime(2026, 11, 23, hour, minute, tzinfo=SHANGHAI).isoformat()


def test_offline_tickets_keep_green_channel_and_appointments_without_personal_data(server, kiosk, admin, clock):
    known = appoint(admin, "general", start="09:00", end="09:30")
    used = appoint(admin, "general", start="09:00", end="09:30")
    twice = appoint(admin, "general", start="09:00", end="09:30")
    other_category = appoint(admin, "tax", start="09:00", end="09:30")
    lease = kiosk.ok("/leases", {"category": "general", "count": 8}, 201)
    online = kiosk.issue("general", appointment_id=used["id"])["ticket"]          # A009, checks `used` in
    assert online["number"] == "A009"
    clock.advance(minutes=10)
    body = {"tickets": [
        {"seq": 1, "issued_at": local(9, 1), "id_number": None, "name": None, "green_channel": True},
        {"seq": 2, "issued_at": local(9, 2), "appointment_id": known["id"]},
        {"seq": 3, "issued_at": local(9, 3), "appointment_id": used["id"]},
        {"seq": 4, "issued_at": local(9, 4), "appointment_id": "0" * 32},
        {"seq": 5, "issued_at": local(9, 5), "appointment_id": twice["id"]},
        {"seq": 6, "issued_at": local(9, 6), "appointment_id": twice["id"]},
        {"seq": 7, "issued_at": local(9, 7), "appointment_id": other_category["id"]},
    ]}
    out = kiosk.ok(f"/leases/{lease['id']}/tickets", body)
    tickets = {t["ticket"]["number"]: t["ticket"] for t in out["tickets"]}
    assert list(tickets) == ["A001", "A002", "A003", "A004", "A005", "A006", "A007"]  # none dropped
    assert tickets["A001"]["green_channel"] is True and tickets["A001"]["masked_name"] is None
    assert [n for n, t in tickets.items() if t["appointment"]] == ["A002", "A005"]
    assert not any(t["green_channel"] for n, t in tickets.items() if n != "A001")
    notes = {n["number"]: n for n in out["notes"]}
    assert {n: x["code"] for n, x in notes.items()} == {
        "A003": "appointment_used", "A004": "appointment_unknown", "A006": "appointment_used",
        "A007": "appointment_unknown"}
    assert all(x["message"] and x["message_en"] and x["seq"] == int(n[1:]) for n, x in notes.items())
    used_now = {a["id"]: a["used"] for a in kiosk.get("/appointments").json()["appointments"]}
    assert used_now[known["id"]] and used_now[twice["id"]] and not used_now[other_category["id"]]
    # Checked-in appointments have their slot's priority (09:00-09:30, now 09:10): after the green
    # channel, A009 (online, 09:00), A002 and A005 go before the ordinary A003, A004, A006, A007.
    staff = server.login("w01", STAFF_PIN, "01")
    staff.ok("/windows/01/open")
    order = []
    while (t := staff.ok("/windows/01/call-next", {})["ticket"]) is not None:
        order.append(t["number"])
        staff.ok("/windows/01/start", {"ticket_id": t["id"]})
        staff.ok("/windows/01/finish", {"ticket_id": t["id"]})
    assert order == ["A001", "A009", "A002", "A005", "A003", "A004", "A006", "A007", "A008"][:len(order)]
    assert len(order) == 8
    # Sent again after a lost answer: the same tickets and the same notes.
    again = kiosk.ok(f"/leases/{lease['id']}/tickets", body)
    assert [t["ticket"]["id"] for t in again["tickets"]] == [t["ticket"]["id"] for t in out["tickets"]]
    assert again["notes"] == out["notes"]


def test_offline_green_channel_only_where_the_category_has_one(server, kiosk, clock):
    lease = kiosk.ok("/leases", {"category": "business", "count": 2}, 201)   # 企业开办: no green channel
    clock.advance(minutes=5)
    out = kiosk.ok(f"/leases/{lease['id']}/tickets", {"tickets": [
        {"seq": 1, "issued_at": local(9, 1), "green_channel": True}]})
    assert out["tickets"][0]["ticket"]["green_channel"] is False and out["notes"] == []


# --- abandoning a ticket request ---------------------------------------------------------------

def test_abandon_after_the_ticket_was_issued_cancels_it(server, kiosk):
    issued = kiosk.post("/tickets", {"category": "general"}, key="kiosk-01-lost-0001")
    assert issued.status_code == 201
    seq = seq_of(kiosk)
    out = kiosk.ok("/tickets/abandon", {"idempotency_key": "kiosk-01-lost-0001"})
    assert out["ticket"]["id"] == issued.json()["ticket"]["id"]
    assert out["ticket"]["state"] == "cancelled" and out["ticket"]["reason"] == "kiosk_fallback"
    cancelled = events_after(kiosk, seq)
    assert [e["type"] for e in cancelled] == ["ticket.cancelled"]
    assert cancelled[0]["data"]["ticket"]["reason"] == "kiosk_fallback"
    # Abandoning again is harmless: the same answer, nothing new happens.
    assert kiosk.ok("/tickets/abandon", {"idempotency_key": "kiosk-01-lost-0001"}) == out
    assert seq_of(kiosk) == seq + 1
    # The original request, retried now, issues nothing.
    late = kiosk.post("/tickets", {"category": "general"}, key="kiosk-01-lost-0001")
    assert late.status_code == 409 and late.json()["error"]["code"] == "request_abandoned"
    assert late.json()["error"]["message"] and late.json()["error"]["message_en"]
    assert seq_of(kiosk) == seq + 1
    assert kiosk.issue("general")["ticket"]["number"] == "A002"


def test_abandon_before_the_request_arrives_refuses_it(server, kiosk):
    seq = seq_of(kiosk)
    assert kiosk.ok("/tickets/abandon", {"idempotency_key": "kiosk-01-slow-0001"}) == {"ticket": None}
    assert kiosk.ok("/tickets/abandon", {"idempotency_key": "kiosk-01-slow-0001"}) == {"ticket": None}
    for _ in range(2):
        late = kiosk.post("/tickets", {"category": "general"}, key="kiosk-01-slow-0001")
        assert late.status_code == 409 and late.json()["error"]["code"] == "request_abandoned"
    assert seq_of(kiosk) == seq
    assert kiosk.issue("general")["ticket"]["number"] == "A001"
    # A kiosk that sends the abandoned key as the Idempotency-Key header too gets the same service.
    issued = kiosk.post("/tickets", {"category": "general"}, key="kiosk-01-same-0001").json()["ticket"]
    both = kiosk.post("/tickets/abandon", {"idempotency_key": "kiosk-01-same-0001"}, key="kiosk-01-same-0001")
    assert both.status_code == 200 and both.json()["ticket"]["id"] == issued["id"]
    assert both.json()["ticket"]["state"] == "cancelled"


def test_abandon_belongs_to_the_kiosk_that_sent_the_request(server, kiosk):
    mine = kiosk.post("/tickets", {"category": "general"}, key="kiosk-01-own-0001").json()["ticket"]
    other = server.client(KIOSK2_TOKEN)
    assert other.ok("/tickets/abandon", {"idempotency_key": "kiosk-01-own-0001"}) == {"ticket": None}
    assert kiosk.get(f"/tickets/{mine['id']}").json()["state"] == "waiting"
    again = kiosk.post("/tickets", {"category": "general"}, key="kiosk-01-own-0001")
    assert again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    for client in (server.client(DISPLAY_TOKEN), server.login("w01", STAFF_PIN, "01")):
        client.refused("/tickets/abandon", {"idempotency_key": "kiosk-01-own-0001"}, 403, "forbidden")
    kiosk.refused("/tickets/abandon", {"idempotency_key": "short"}, 422, "bad_request")
    kiosk.refused("/tickets/abandon", {}, 422, "bad_request")
    assert kiosk.get(f"/tickets/{mine['id']}").json()["state"] == "waiting"


@pytest.mark.slow
def test_abandon_racing_the_request_never_leaves_a_ticket_behind(server, kiosk):
    headers = {"Authorization": f"Bearer {KIOSK_TOKEN}"}

    def issue(key: str) -> httpx.Response:
        return httpx.post(f"{server.url}/api/v1/tickets", json={"category": "general"},
                          headers={**headers, "Idempotency-Key": key}, timeout=30)

    def abandon(key: str) -> httpx.Response:
        return httpx.post(f"{server.url}/api/v1/tickets/abandon", json={"idempotency_key": key}, headers=headers,
                          timeout=30)

    orders = set()
    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        keys = [f"kiosk-01-race-{n:04d}" for n in range(40)]
        issued = [pool.submit(issue, k) for k in keys]
        abandoned = [pool.submit(abandon, k) for k in keys]
        for i, a in zip(issued, abandoned, strict=True):
            i, a = i.result(), a.result()
            assert a.status_code == 200, a.text
            if i.status_code == 201:        # the request came first: its ticket is cancelled
                orders.add("request first")
                assert a.json()["ticket"]["id"] == i.json()["ticket"]["id"]
                assert a.json()["ticket"]["state"] == "cancelled"
            else:                           # the abandon came first: the request issued nothing
                orders.add("abandon first")
                assert i.status_code == 409 and i.json()["error"]["code"] == "request_abandoned"
                assert a.json()["ticket"] is None
    waiting = server.login("tech", TECH_PIN).get("/tickets", state="waiting").json()["tickets"]
    assert waiting == []
    assert orders  # at least one order observed; both are checked whenever they occur


# --- service guide -----------------------------------------------------------------------------

def test_service_guide_is_public_with_pinyin_and_an_etag(server):
    r = httpx.get(f"{server.url}/api/v1/matters")
    assert r.status_code == 200
    guide = r.json()
    assert r.headers["ETag"] == f'"{guide["version"]}"'
    matters = {m["code"]: m for m in guide["matters"]}
    assert len(matters) >= 20
    categories = {c.code for c in load_hall().categories.values()}
    assert {m["category"] for m in matters.values()} <= categories
    assert len({m["category"] for m in matters.values()}) == len(categories)  # every category has matters
    card = next(m for m in matters.values() if m["name"] == "居民身份证换领")
    assert card["initials"] == "JMSFZHL" and card["pinyin"] == "juminshenfenzhenghuanling"
    assert card["category"] == "hukou" and card["name_en"] and card["fee_en"] and card["location_en"]
    assert card["materials"][0] == {"name": "原居民身份证", "name_en": "Current resident identity card",
                                    "copies": "原件1份", "copies_en": "1 original"}
    assert card["legal_days"] >= card["promised_days"] and isinstance(card["online"], bool)
    fund = next(m for m in matters.values() if m["name"] == "住房公积金提取")
    assert fund["initials"] == "ZFGJJTQ"
    # Unchanged: 304 with no body; another version: the whole guide again.
    same = httpx.get(f"{server.url}/api/v1/matters", headers={"If-None-Match": r.headers["ETag"]})
    assert same.status_code == 304 and same.content == b"" and same.headers["ETag"] == r.headers["ETag"]
    changed = httpx.get(f"{server.url}/api/v1/matters", headers={"If-None-Match": '"0123"'})
    assert changed.status_code == 200 and changed.json() == guide


def _bad_matter(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize("old,new,expect", [
    ('category = "hukou"\nmaterials', 'category = "nope"\nmaterials', "unknown category 'nope'"),
    ("promised_days = 20", "promised_days = 90", "promised_days exceeds legal_days"),
    ('copies = "原件1份", copies_en = "1 original" },\n  { name = "居民户口簿"',
     'copies = "原件1份" },\n  { name = "居民户口簿"', "materials[0]: copies_en: missing"),
    ("online = false\nnotes = \"现场采集人像", "online = \"no\"\nnotes = \"现场采集人像",
     "online: must be true or false"),
    ("legal_days = 60", "legal_days = \"sixty\"", "legal_days: must be a whole number"),
    ('name_en = "Renewal of resident identity card"\n', "", "name_en: missing"),
], ids=["unknown-category", "promise-over-legal", "material-without-english", "online-not-bool", "days-not-int",
        "no-english-name"])
def test_a_bad_matter_row_fails_loading_and_names_the_row(tmp_path, old, new, expect):
    bad = tmp_path / "hall.toml"
    bad.write_text(_bad_matter(SAMPLE_HALL.read_text(encoding="utf-8"), old, new), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_hall(bad)
    assert "matters[0] (GA-HZ-001)" in str(caught.value) and expect in str(caught.value)


def test_check_config_reports_the_bad_matter_row(tmp_path):
    text = SAMPLE_HALL.read_text(encoding="utf-8")
    bad = tmp_path / "hall.toml"
    bad.write_text(_bad_matter(text, 'code = "GJJ-001"', 'code = "GA-HZ-001"'), encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "hall_server.cli", "check-config", str(bad)],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 1 and "(GA-HZ-001): duplicate matter code" in out.stderr


# --- device health -----------------------------------------------------------------------------

REPORT = {"devices": {
    "idcard": {"role": "idcard", "state": "ok", "reason": ""},
    "receipt": {"role": "receipt", "state": "degraded", "reason": "paper_low", "reason_zh": "打印纸将用完",
                "reason_en": "paper is running low"},
}}


def test_device_health_is_kept_per_reporter_and_goes_stale(server, kiosk, clock):
    admin = server.login("admin", ADMIN_PIN)
    seq = seq_of(kiosk)
    r = kiosk.post("/devices/health", REPORT)
    assert r.status_code == 204 and r.content == b""
    first = events_after(kiosk, seq, "device.health")
    assert {(e["data"]["device"], e["data"]["state"], e["data"]["previous"]) for e in first} == {
        ("idcard", "ok", None), ("receipt", "degraded", None)}
    assert all(e["data"]["reporter"] == "kiosk-01" for e in first)
    listed = {x["reporter"]: x for x in admin.get("/devices/health").json()["reporters"]}
    mine = listed["kiosk-01"]
    assert mine["stale"] is False and mine["role"] == "kiosk" and mine["name"] == "一楼大厅自助终端1"
    assert mine["reported_at"] == "2026-11-23T01:00:00Z"
    assert mine["devices"]["receipt"]["reason_zh"] == "打印纸将用完" and mine["devices"]["idcard"]["state"] == "ok"
    assert listed["display-hall"]["reported_at"] is None and listed["display-hall"]["stale"] is True
    # The same states again: the report time moves, no event.
    clock.advance(minutes=1)
    seq = seq_of(kiosk)
    assert kiosk.post("/devices/health", REPORT).status_code == 204
    assert events_after(kiosk, seq) == []
    # One device changes: one event; only the latest report is kept.
    down = json.loads(json.dumps(REPORT))
    down["devices"]["receipt"] = {"role": "receipt", "state": "down", "reason": "paper_out"}
    assert kiosk.post("/devices/health", down).status_code == 204
    changed = events_after(kiosk, seq, "device.health")
    assert [(e["data"]["device"], e["data"]["previous"], e["data"]["state"]) for e in changed] == [
        ("receipt", "degraded", "down")]
    tech = server.login("tech", TECH_PIN)
    mine = {x["reporter"]: x for x in tech.get("/devices/health").json()["reporters"]}["kiosk-01"]
    assert mine["devices"]["receipt"]["state"] == "down" and mine["reported_at"] == "2026-11-23T01:01:00Z"
    # Three minutes without a report: stale.
    clock.advance(minutes=3)
    assert {x["reporter"]: x["stale"] for x in tech.get("/devices/health").json()["reporters"]}["kiosk-01"] is False
    clock.advance(seconds=1)
    assert {x["reporter"]: x["stale"] for x in tech.get("/devices/health").json()["reporters"]}["kiosk-01"] is True


@pytest.mark.slow
def test_device_health_roles_and_bad_reports(server, kiosk):
    display = server.client(DISPLAY_TOKEN)
    health = {"devices": {"led": {"role": "window-led", "state": "ok"}}}
    assert display.post("/devices/health", health).status_code == 204
    admin = server.login("admin", ADMIN_PIN)
    reporters = admin.get("/devices/health").json()["reporters"]
    assert {x["reporter"]: x["stale"] for x in reporters}["display-hall"] is False
    for client in (admin, server.login("w01", STAFF_PIN, "01"), server.login("tech", TECH_PIN)):
        client.refused("/devices/health", REPORT, 403, "forbidden")
    for client in (kiosk, display, server.login("w02", STAFF_PIN, "02")):
        r = client.get("/devices/health")
        assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    seq = seq_of(kiosk)
    kiosk.refused("/devices/health", {"devices": {"printer": {"role": "receipt", "state": "broken"}}}, 422,
                  "bad_request")
    kiosk.refused("/devices/health", {"devices": {"printer": {"role": "receipt", "state": "ok", "x": 1}}}, 422,
                  "bad_request")
    kiosk.refused("/devices/health", {"devices": {f"d{n}": {"role": "x", "state": "ok"} for n in range(40)}}, 422,
                  "bad_request")
    assert seq_of(kiosk) == seq
    reporters = admin.get("/devices/health").json()["reporters"]
    assert {x["reporter"]: x["reported_at"] for x in reporters}["kiosk-01"] is None
