"""Who may call what: one table of every endpoint and the roles it admits, checked against the
running server for every role (the OpenAPI document lists the endpoints, so a new one without a
line here fails)."""
from __future__ import annotations

import re

import httpx
import pytest

from hallsupport import ADMIN_PIN, DISPLAY_TOKEN, KIOSK_TOKEN, STAFF_PIN, TECH_PIN, device_token

pytestmark = pytest.mark.slow  # each test here takes over a second (README: the fast subset)

ANON, K, D, E, AP, C = "anonymous", "kiosk", "display", "evaluator", "approval-system", "centre"
W, A, T = "window-staff", "hall-admin", "technician"
PUBLIC = {ANON, K, D, E, AP, C, W, A, T}
SIGNED_IN = PUBLIC - {ANON}

# Every endpoint: the roles that get past the access check (the rest are answered 401 or 403).
ACCESS: dict[str, set[str]] = {
    "POST /api/v1/appointments": {A},
    "GET /api/v1/appointments": {K, A},
    "POST /api/v1/appointments/lookup": {K},
    "POST /api/v1/auth/logout": SIGNED_IN,
    "POST /api/v1/auth/login": PUBLIC,
    "POST /api/v1/cases/import": {AP, A},
    "POST /api/v1/cases/lookup": {K, W, A},
    "POST /api/v1/cases/scan": {K, W, A},
    "GET /api/v1/cases/{number}": {W, A},
    "PUT /api/v1/cases/{number}/documents/{doc}": {AP, A},
    "POST /api/v1/categories/{code}/settings": {A},
    "GET /api/v1/nearby": {K},
    "POST /api/v1/certificate-prints": {K},
    "POST /api/v1/certificate-prints/{print_id}/result": {K},
    "GET /api/v1/config": {K, D, E, AP, C, W, A, T},
    "GET /api/v1/dashboard": {A, T},
    "PUT /api/v1/forms/{track_token}": {K},
    "POST /api/v1/devices/health": {K, D, E},
    "GET /api/v1/devices/health": {A, T, C},
    "GET /api/v1/devices/fleet": {A, T},
    "GET /api/v1/devices/{device_id}/history": {A, T},
    "POST /api/v1/devices/{device_id}/self-test": {A, T},
    "GET /api/v1/devices/self-tests/{test_id}": {A, T},
    "POST /api/v1/devices/self-tests/take": {K},
    "POST /api/v1/devices/self-tests/{test_id}/result": {K},
    "GET /api/v1/events": {K, D, W, A, T, C},
    "GET /api/v1/health": PUBLIC,
    "GET /api/v1/leases": {K},
    "POST /api/v1/leases": {K},
    "POST /api/v1/leases/{lease_id}/release": {K},
    "POST /api/v1/leases/{lease_id}/tickets": {K},
    "GET /api/v1/matters": PUBLIC,
    "GET /api/v1/notices": {K, D, W, A, T},
    "POST /api/v1/notices": {A},
    "POST /api/v1/notices/{notice_id}": {A},
    "POST /api/v1/notices/{notice_id}/delete": {A},
    "POST /api/v1/ratings/by-case": {K},
    "POST /api/v1/ratings/by-ticket-code": {K},
    "POST /api/v1/ratings/evaluator": {E},
    "GET /api/v1/ratings/export": {A},
    "GET /api/v1/ratings/follow-ups": {A},
    "POST /api/v1/ratings/follow-ups/{follow_up_id}/close": {A},
    "GET /api/v1/ratings/options": {K, E, W, A},
    "GET /api/v1/ratings/request": {E},
    "POST /api/v1/ratings/ticket-lookup": {K},
    "GET /api/v1/settings": {A},
    "PUT /api/v1/settings/{table}": {A},
    "PUT /api/v1/settings/{table}/{code}": {A},
    "DELETE /api/v1/settings/{table}/{code}": {A},
    "GET /api/v1/snapshot": {K, D, W, A, T, C},
    "GET /api/v1/stats": {A},
    "GET /api/v1/stats.csv": {A},
    "GET /api/v1/supervision/cases": {A},
    "GET /api/v1/supervision/tickets": {A},
    "GET /api/v1/tickets": {W, A, T},
    "POST /api/v1/tickets": {K, W, A},
    "POST /api/v1/tickets/abandon": {K},
    "POST /api/v1/tickets/reprint": {K, A},
    "GET /api/v1/tickets/{ticket_id}": {K, W, A},
    "GET /api/v1/tickets/{ticket_id}/form": {E, W, A},
    "POST /api/v1/tickets/{ticket_id}/form/confirm": {E},
    "POST /api/v1/tickets/{ticket_id}/form/ask-confirm": {W},
    "GET /api/v1/tickets/{ticket_id}/form.pdf": {W},
    "POST /api/v1/tickets/{ticket_id}/cancel": {K, W, A},
    "GET /api/v1/track/{token}": PUBLIC,
    "GET /api/v1/verify/{code}": PUBLIC,
    "POST /api/v1/windows/{code}/call-next": {W, A},
    "POST /api/v1/windows/{code}/close": {W, A},
    "POST /api/v1/windows/{code}/finish": {W, A},
    "POST /api/v1/windows/{code}/hold": {W, A},
    "POST /api/v1/windows/{code}/no-show": {W, A},
    "POST /api/v1/windows/{code}/open": {W, A},
    "POST /api/v1/windows/{code}/pause": {W, A},
    "POST /api/v1/windows/{code}/rating-request": {W, A},
    "POST /api/v1/windows/{code}/recall": {W, A},
    "POST /api/v1/windows/{code}/resume": {W, A},
    "POST /api/v1/windows/{code}/undo-no-show": {W, A},
    "POST /api/v1/windows/{code}/start": {W, A},
    "POST /api/v1/windows/{code}/transfer": {W, A},
    "GET /t/{token}": PUBLIC,
    "GET /verify/{code}": PUBLIC,
}


def _credentials(server) -> dict[str, str | None]:
    tokens: dict[str, str | None] = {ANON: None, K: KIOSK_TOKEN, D: DISPLAY_TOKEN, E: device_token("evaluator-01"),
                                     AP: "demo-approval-system-7b3e51d0c9a2",
                                     C: device_token("centre")}
    for role, body in ((W, {"username": "w01", "pin": STAFF_PIN, "window": "01"}),
                       (A, {"username": "admin", "pin": ADMIN_PIN}), (T, {"username": "tech", "pin": TECH_PIN})):
        tokens[role] = httpx.post(f"{server.url}/api/v1/auth/login", json=body).json()["token"]
    return tokens


def _admitted(server, tokens: dict[str, str | None], operation: str) -> set[str]:
    method, path = operation.split(" ", 1)
    url = server.url + re.sub(r"\{[^}]+\}", "x01", path)
    admitted = set()
    for role, token in tokens.items():
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        # An empty body and no Idempotency-Key: past the access check the request is refused as
        # malformed (or read), so the walk changes nothing.
        r = httpx.request(method, url, headers=headers, content=None if method == "GET" else b"{}")
        assert r.status_code < 500, f"{operation} as {role}: {r.status_code} {r.text[:200]}"
        if r.status_code not in (401, 403):
            admitted.add(role)
    return admitted


def test_every_endpoint_admits_exactly_the_roles_of_the_table(server):
    spec = httpx.get(f"{server.url}/openapi.json").json()
    operations = [f"{m.upper()} {p}" for p, ops in spec["paths"].items() for m in ops]
    assert sorted(operations) == sorted(ACCESS), "every endpoint has one line in ACCESS, and only those"
    tokens = _credentials(server)
    wrong = {}
    for operation in operations:
        if operation == "POST /api/v1/auth/logout":
            continue  # it ends the sessions the walk uses: last
        admitted = _admitted(server, tokens, operation)
        if admitted != ACCESS[operation]:
            wrong[operation] = (sorted(admitted), sorted(ACCESS[operation]))
    assert _admitted(server, tokens, "POST /api/v1/auth/logout") == ACCESS["POST /api/v1/auth/logout"]
    assert wrong == {}, "admitted, expected"
