"""A security fuzz of every API operation, for every role.

schemathesis reads the server's OpenAPI, makes one test per operation and generates requests for
it: its coverage phase (boundaries, missing and wrong-typed values) and its fuzzing phase (random
valid and invalid data), the latter with hostile values mixed in — integers beyond 32 and 64 bits,
lone surrogates in JSON text, full-width digits — the kinds of input that once made the server
answer 500. Each generated request goes to a live server on loopback once per role's credentials,
and every answer must be no server error and match its documented schema.

Bounded (a few fuzzing examples per operation, no shrinking, fixed seed) so that the whole run takes
a few minutes on a slow machine; the last test checks that it fuzzed every operation.
"""
from __future__ import annotations

import collections
import pathlib
import string
import time
import tomllib
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.errors import FailureGroup
from schemathesis.specs.openapi.checks import response_schema_conformance

from hall_server.app import Settings, create_app
from hallsupport import (ADMIN_PIN, DISPLAY_TOKEN, KIOSK_TOKEN, SAMPLE_HALL, STAFF_PIN, TECH_PIN, FakeClock,
                         RunningServer)

pytestmark = pytest.mark.slow

APPROVAL_TOKEN = "demo-approval-system-7b3e51d0c9a2"
EXAMPLES = 8  # fuzzing-phase examples per operation (the coverage phase adds its own)
ROLES = ("none", "kiosk", "display", "window-staff", "hall-admin", "technician", "approval-system", "evaluator")
LOGINS = {"window-staff": ("w01", STAFF_PIN, "01"), "hall-admin": ("admin", ADMIN_PIN, None),
          "technician": ("tech", TECH_PIN, None)}
CHECKS = [not_a_server_error, response_schema_conformance]

# The OpenAPI of the app (built without storage, which opens only when the app starts); the
# `hall` fixture checks that the live server serves this very document at /openapi.json.
OPENAPI = create_app(Settings()).openapi()
# Logging out ends a role's session, and logins are fuzzed with wrong PINs until they lock: the
# roles log in before the fuzz starts, and their logout is fuzzed last.
OPENAPI["paths"] = dict(sorted(OPENAPI["paths"].items(), key=lambda item: item[0] == "/api/v1/auth/logout"))
schema = schemathesis.openapi.from_dict(OPENAPI, config=schemathesis.Config.from_dict({
    "seed": 20261123,
    # Every operation is fuzzed for its own methods; other methods are FastAPI's 405, not ours.
    "phases": {"coverage": {"unexpected-methods": []}},
}))
# Result documents are uploaded as raw PDF bytes: send generated bodies as bytes.
schemathesis.serializer.alias("application/pdf", "application/octet-stream")

# What was fuzzed: cases per operation and per role, answers per status.
CASES: collections.Counter[str] = collections.Counter()
ROLE_CASES: collections.Counter[str] = collections.Counter()
ANSWERS: collections.Counter[int] = collections.Counter()
STARTED: list[float] = []


# --- hostile values -------------------------------------------------------------------------------

BIG_INTS = [2**31, 2**53 + 1, 2**63 - 1, 2**63, 2**64, -(2**31) - 1, -(2**63) - 1]
FULL_WIDTH = str.maketrans({c: chr(ord(c) + 0xFEE0) for c in string.digits + string.ascii_letters})  # 0 → ０


def hostile(value: Any, *, in_url: bool = False) -> st.SearchStrategy:
    """The value, or often a nasty variant of each integer and text in it."""
    if isinstance(value, bool) or value is None:
        return st.just(value)
    if isinstance(value, int):
        return st.one_of(st.just(value), st.sampled_from(BIG_INTS))
    if isinstance(value, str):
        variants = [value.translate(FULL_WIDTH)] + ([] if in_url else [value + "\ud800", "\udc00" + value])
        return st.one_of(st.just(value), st.just(value), st.sampled_from(variants))
    if isinstance(value, dict):
        return st.fixed_dictionaries({k: hostile(v, in_url=in_url) for k, v in value.items()})
    if isinstance(value, list):
        return st.tuples(*(hostile(v, in_url=in_url) for v in value)).map(list)
    return st.just(value)


@schema.hook
def flatmap_body(context, body):
    return hostile(body)


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    return hostile(path_parameters, in_url=True)


@schema.hook
def flatmap_query(context, query):
    return hostile(query, in_url=True)


# --- the server and its roles ----------------------------------------------------------------------

class Roles:
    """Each role's Authorization header (the staff roles log in once, before the fuzz)."""

    def __init__(self, hall: RunningServer):
        devices = tomllib.loads(pathlib.Path(SAMPLE_HALL).read_text(encoding="utf-8"))["devices"]
        evaluator = next(d["token"] for d in devices if d["role"] == "evaluator")
        self.tokens: dict[str, str | None] = {"none": None, "kiosk": KIOSK_TOKEN, "display": DISPLAY_TOKEN,
                                              "approval-system": APPROVAL_TOKEN, "evaluator": evaluator}
        self.tokens.update({role: hall.login(*login).token for role, login in LOGINS.items()})

    def headers(self, role: str) -> dict[str, str] | None:
        token = self.tokens[role]
        return {"Authorization": f"Bearer {token}"} if token else None  # none: whatever was generated


@pytest.fixture(scope="module")
def hall(tmp_path_factory: pytest.TempPathFactory):
    srv = RunningServer(tmp_path_factory.mktemp("fuzz") / "hall.db", SAMPLE_HALL, FakeClock(),
                        poll_interval=0.5, tick_interval=5)
    srv.start()
    served = httpx.get(f"{srv.url}/openapi.json").json()
    assert served == OPENAPI, "the live server's /openapi.json is not the schema being fuzzed"
    STARTED.append(time.monotonic())
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def roles(hall: RunningServer) -> Roles:
    return Roles(hall)


# --- the fuzz --------------------------------------------------------------------------------------

@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
          phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
def test_no_server_error_and_every_answer_as_documented(case, hall: RunningServer, roles: Roles):
    CASES[case.operation.label] += 1
    failed = []
    for role in ROLES:
        ROLE_CASES[role] += 1
        headers = roles.headers(role)
        response = case.call(base_url=hall.url, headers=headers)
        ANSWERS[response.status_code] += 1
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except FailureGroup as exc:  # a failed check (a BaseExceptionGroup: no Exception); every role is still tried
            failed.append(f"--- as {role}:\n{exc}")
    assert not failed, "\n".join(failed)


def test_the_fuzz_covered_every_operation_for_every_role(request: pytest.FixtureRequest, capsys):
    """Runs after the fuzz: it must have fuzzed each operation selected, with every role."""
    selected = [item for item in request.session.items
                if item.name.startswith("test_no_server_error_and_every_answer_as_documented[")]
    if not selected:
        pytest.skip("the fuzz itself was not selected")
    elapsed = time.monotonic() - STARTED[0] if STARTED else 0.0
    with capsys.disabled():
        print(f"\n[fuzz] {len(CASES)} operations fuzzed, {sum(CASES.values())} generated cases, "
              f"{sum(ROLE_CASES.values())} requests over {len(ROLES)} roles in {elapsed:.0f}s; "
              f"answers by status {dict(sorted(ANSWERS.items()))}, "
              f"{sum(n for status, n in ANSWERS.items() if status >= 500)} server errors")
    assert len(CASES) == len(selected), sorted(CASES)
    assert all(n >= 2 for n in CASES.values()), [op for op, n in CASES.items() if n < 2]
    assert set(ROLE_CASES) == set(ROLES) and min(ROLE_CASES.values()) >= 2 * len(CASES), ROLE_CASES
    if len(selected) == sum(1 for _ in schema.get_all_operations()):  # all of it ran: it tested the API
        assert len(CASES) >= 50 and sum(CASES.values()) >= 500
