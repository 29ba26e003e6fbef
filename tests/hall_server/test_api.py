"""The HTTP surface: idempotent retries, roles, logins, bad requests, restarts, OpenAPI."""
from __future__ import annotations

import json
import logging
import subprocess
import sys

import httpx
import pytest

from hallsupport import (ADMIN_PIN, DISPLAY_TOKEN, KIOSK2_TOKEN, KIOSK_TOKEN, SAMPLE_HALL, STAFF_PIN, TECH_PIN,
                         RunningServer, make_id)


def seq_of(client) -> int:
    return client.get("/health").json()["seq"]


def test_a_retry_with_the_same_key_returns_the_first_answer(server, kiosk):
    first = kiosk.post("/tickets", {"category": "general"}, key="kiosk-01-retry-0001")
    assert first.status_code == 201 and "Idempotent-Replayed" not in first.headers
    seq = seq_of(kiosk)
    again = kiosk.post("/tickets", {"category": "general"}, key="kiosk-01-retry-0001")
    assert again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert seq_of(kiosk) == seq
    # A refusal is an answer too: replayed, not re-judged.
    refused = kiosk.post("/tickets", {"category": "nope"}, key="kiosk-01-retry-0002")
    assert refused.status_code == 404
    assert kiosk.post("/tickets", {"category": "nope"}, key="kiosk-01-retry-0002").json() == refused.json()
    # The same key with another body is refused and changes nothing.
    other = kiosk.post("/tickets", {"category": "tax"}, key="kiosk-01-retry-0001")
    assert other.status_code == 422 and other.json()["error"]["code"] == "idempotency_key_reused"
    assert seq_of(kiosk) == seq
    assert kiosk.issue("general")["ticket"]["number"] == "A002"


def test_keys_belong_to_their_caller(server, kiosk):
    kiosk.post("/tickets", {"category": "general"}, key="shared-key-0001")
    other = server.client(KIOSK2_TOKEN)
    r = other.post("/tickets", {"category": "general"}, key="shared-key-0001")
    assert r.status_code == 201 and r.json()["ticket"]["number"] == "A002"


def test_concurrent_retries_of_one_key_make_one_ticket(server, kiosk):
    import concurrent.futures
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: httpx.post(
            f"{server.url}/api/v1/tickets", json={"category": "general"},
            headers={"Authorization": f"Bearer {KIOSK_TOKEN}", "Idempotency-Key": "burst-key-0001"}), range(8)))
    assert {r.status_code for r in answers} == {201}
    assert len({r.json()["ticket"]["id"] for r in answers}) == 1
    assert kiosk.issue("general")["ticket"]["number"] == "A002"


ROLE_CASES = [
    # (who, method, path, body, allowed)
    ("kiosk", "post", "/tickets", {"category": "general"}, True),
    ("display", "post", "/tickets", {"category": "general"}, False),
    ("tech", "post", "/tickets", {"category": "general"}, False),
    ("kiosk", "post", "/windows/01/open", None, False),
    ("display", "post", "/windows/01/open", None, False),
    ("tech", "post", "/windows/01/open", None, False),
    ("staff", "post", "/windows/01/open", None, True),
    ("staff", "post", "/leases", {"category": "general"}, False),
    ("admin", "post", "/leases", {"category": "general"}, False),
    ("kiosk", "post", "/leases", {"category": "general"}, True),
    ("kiosk", "post", "/appointments", {"category": "general", "date": "2026-11-23", "slot_start": "10:00",
                                        "slot_end": "10:30"}, False),
    ("staff", "post", "/appointments", {"category": "general", "date": "2026-11-23", "slot_start": "10:00",
                                        "slot_end": "10:30"}, False),
    ("display", "get", "/tickets", None, False),
    ("kiosk", "get", "/tickets", None, False),
    ("tech", "get", "/tickets", None, True),
    ("display", "get", "/snapshot", None, True),
    ("display", "get", "/leases", None, False),
]


@pytest.mark.slow
@pytest.mark.parametrize("who,method,path,body,allowed", ROLE_CASES,
                         ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in ROLE_CASES])
def test_each_role_only_where_it_belongs(server, who, method, path, body, allowed):
    client = {"kiosk": lambda: server.client(KIOSK_TOKEN), "display": lambda: server.client(DISPLAY_TOKEN),
              "tech": lambda: server.login("tech", TECH_PIN), "admin": lambda: server.login("admin", ADMIN_PIN),
              "staff": lambda: server.login("w01", STAFF_PIN, "01")}[who]()
    seq = seq_of(client)
    r = client.post(path, body) if method == "post" else client.get(path)
    if allowed:
        assert r.status_code in (200, 201), r.text
    else:
        assert r.status_code == 403, r.text
        assert r.json()["error"]["code"] == "forbidden"
        assert seq_of(client) == seq


@pytest.mark.slow
@pytest.mark.parametrize("token", [None, "", "not-a-token", KIOSK_TOKEN + "x"])
def test_no_or_unknown_token_is_401(server, token):
    client = server.client(token)
    for r in (client.post("/tickets", {"category": "general"}), client.get("/snapshot"), client.get("/config")):
        assert r.status_code == 401, r.text
        assert r.json()["error"]["code"] == "unauthorized"
    assert seq_of(client) == 0


def test_staff_work_only_at_their_window(server, kiosk):
    w01 = server.login("w01", STAFF_PIN, "01")
    w01.ok("/windows/01/open")
    w01.refused("/windows/02/open", None, 403, "not_your_window")
    admin = server.login("admin", ADMIN_PIN)
    admin.ok("/windows/02/open")  # the hall admin may run any window


@pytest.mark.slow
def test_login_pins_lockout_and_logout(server, clock):
    url = f"{server.url}/api/v1/auth/login"
    bad = httpx.post(url, json={"username": "w02", "pin": "000000", "window": "02"})
    assert bad.status_code == 401 and bad.json()["error"]["code"] == "wrong_pin"
    assert "000000" not in bad.text
    unknown = httpx.post(url, json={"username": "nobody", "pin": "000000"})
    assert unknown.status_code == 401 and unknown.json()["error"]["code"] == "wrong_pin"  # no user probing
    assert httpx.post(url, json={"username": "w02", "pin": STAFF_PIN}).json()["error"]["code"] == "window_required"
    for _ in range(5):  # five wrong PINs in a row (the right one above started the count afresh)
        httpx.post(url, json={"username": "w02", "pin": "000000", "window": "02"})
    locked = httpx.post(url, json={"username": "w02", "pin": STAFF_PIN, "window": "02"})
    assert locked.status_code == 429 and locked.json()["error"]["code"] == "locked"
    clock.advance(minutes=6)
    ok = httpx.post(url, json={"username": "w02", "pin": STAFF_PIN, "window": "02"})
    assert ok.status_code == 200 and ok.json()["role"] == "window-staff" and ok.json()["window"] == "02"
    token = ok.json()["token"]
    staff = server.client(token)
    assert staff.get("/snapshot").status_code == 200
    assert staff.post("/auth/logout").status_code == 204
    assert staff.get("/snapshot").status_code == 401
    # Expiry: the session lasts the configured hours.
    fresh = server.login("w03", STAFF_PIN, "03")
    clock.advance(hours=10, seconds=1)
    r = fresh.get("/snapshot")
    assert r.status_code == 401 and r.json()["error"]["code"] == "session_expired"


def test_bad_requests_get_a_clear_4xx_and_change_nothing(server, kiosk):
    seq = seq_of(kiosk)
    headers = {"Authorization": f"Bearer {KIOSK_TOKEN}", "Idempotency-Key": "bad-request-0001",
               "Content-Type": "application/json"}
    url = f"{server.url}/api/v1/tickets"
    person = make_id()
    cases = [
        (b"{not json", 422),
        (b"[]", 422),
        (json.dumps({"category": "general", "colour": "red"}).encode(), 422),   # unknown field
        (json.dumps({"category": ""}).encode(), 422),
        (json.dumps({"category": "hukou", "id_number": person + "123"}).encode(), 422),
        (json.dumps({"category": "general", "name": "名" * 65}).encode(), 422),
        ("类".encode() * 300_000, 413),
    ]
    for body, status in cases:
        r = httpx.post(url, content=body, headers=headers)
        assert r.status_code == status, (body[:40], r.text)
        if status == 422:
            err = r.json()["error"]
            assert err["code"] == "bad_request" and err["message"] and err["message_en"]
        assert person not in r.text
    no_key = httpx.post(url, json={"category": "general"}, headers={"Authorization": f"Bearer {KIOSK_TOKEN}"})
    assert no_key.status_code == 422 and "idempotency-key" in no_key.text.lower()
    bad_key = httpx.post(url, json={"category": "general"},
                         headers={"Authorization": f"Bearer {KIOSK_TOKEN}", "Idempotency-Key": "x y"})
    assert bad_key.status_code == 422
    assert kiosk.get("/tickets/abc").status_code == 422
    assert kiosk.get("/events", after=-1).status_code == 422
    assert seq_of(kiosk) == seq
    # The key of a malformed request was never used.
    assert httpx.post(url, json={"category": "general"}, headers=headers).status_code == 201


def test_id_numbers_never_reach_the_logs(server, kiosk, caplog):
    caplog.set_level(logging.DEBUG)
    person = make_id(birth="19900101", serial="777")
    kiosk.issue("hukou", id_number=person, name="孙八")
    kiosk.refused("/tickets", {"category": "hukou", "id_number": person}, 409, "already_holding")
    kiosk.refused("/tickets", {"category": "hukou", "id_number": person[:-1] + "0"}, 422, "bad_id_number")
    text = caplog.text
    assert person not in text and person[:-1] not in text and "孙八" not in text


@pytest.mark.slow
def test_restart_keeps_all_state(tmp_path, clock):
    srv = RunningServer(tmp_path / "hall.db", SAMPLE_HALL, clock)
    srv.start()
    try:
        k = srv.client(KIOSK_TOKEN)
        staff = srv.login("w01", STAFF_PIN, "01")
        staff.ok("/windows/01/open")
        k.issue("general")
        k.issue("general")
        first = k.post("/tickets", {"category": "tax"}, key="before-restart-0001").json()
        called = staff.ok("/windows/01/call-next", {})["ticket"]
        lease = k.ok("/leases", {"category": "general", "count": 3}, 201)
        before = k.get("/snapshot").json()
        events_before = k.get("/events").json()["events"]
        srv.stop()
        srv.start()
        k = srv.client(KIOSK_TOKEN)
        assert k.get("/snapshot").json() == before
        assert k.get("/events").json()["events"] == events_before
        replay = k.post("/tickets", {"category": "tax"}, key="before-restart-0001")
        assert replay.json() == first and replay.headers["Idempotent-Replayed"] == "true"
        assert k.issue("general")["ticket"]["number"] == "A006"  # after A001, A002 and the lease A003-A005
        assert k.get("/leases").json()["leases"][0]["id"] == lease["id"]
        staff = srv.client(staff.token)  # the login survives the restart
        assert staff.ok("/windows/01/start", {"ticket_id": called["id"]})["ticket"]["state"] == "serving"
        assert seq_of(k) == before["seq"] + 2
    finally:
        srv.stop()


@pytest.mark.slow
def test_openapi_from_the_server_and_the_command_line(server, kiosk):
    served = httpx.get(f"{server.url}/openapi.json").json()
    out = subprocess.run([sys.executable, "-m", "hall_server.cli", "openapi"], capture_output=True, text=True,
                         check=True, timeout=60)
    printed = json.loads(out.stdout)
    assert printed["paths"].keys() == served["paths"].keys()
    for path in ("/api/v1/tickets", "/api/v1/windows/{code}/call-next", "/api/v1/leases/{lease_id}/tickets",
                 "/api/v1/snapshot", "/api/v1/events", "/api/v1/auth/login"):
        assert path in printed["paths"], path
    assert "IssueTicketRequest" in printed["components"]["schemas"]


@pytest.mark.slow
def test_check_config_names_the_problem(tmp_path):
    bad = tmp_path / "hall.toml"
    bad.write_text(SAMPLE_HALL.read_text(encoding="utf-8").replace('prefix = "B"', 'prefix = "A"'),
                   encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "hall_server.cli", "check-config", str(bad)],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 1 and "prefix 'A' is already used" in out.stderr
    good = subprocess.run([sys.executable, "-m", "hall_server.cli", "check-config", str(SAMPLE_HALL)],
                          capture_output=True, text=True, timeout=60)
    assert good.returncode == 0 and "示范区政务服务中心" in good.stdout
    broken = tmp_path / "broken.toml"
    broken.write_text("[hall\nname = 1", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "hall_server.cli", "check-config", str(broken)],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 1 and out.stderr.startswith("error:")
