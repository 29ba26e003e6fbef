"""The ambiguous case, caused for real: the server may have issued a ticket whose answer was lost.

The kiosk retries once with the same key; when that is lost too it issues from its lease and
queues an `abandon` of the key, which the outbox sends before that lease's offline tickets.
"""
from __future__ import annotations

import pytest

from hallsupport import ADMIN_PIN, KIOSK_TOKEN, make_id
from kiosk.core import Identity, TicketRefused

pytestmark = pytest.mark.slow  # each test here takes over a second (README: the fast subset)

YOUNG = Identity(make_id("19900315", serial="386"), "钱七", "钱*", None)


def tickets_on(server) -> dict[str, dict]:
    admin = server.login("admin", ADMIN_PIN)
    return {t["number"]: t for t in admin.get("/tickets").json()["tickets"]}


def posts(faulty, path_part: str) -> list[tuple]:
    return [s for s in faulty.seen if s[1] == "POST" and path_part in s[2]]


def test_lost_answer_is_retried_then_abandoned_before_the_offline_ticket(server, faulty, make_core):
    core = make_core(faulty.url)
    assert core.sync_now() is True
    faulty.mode = "drop_answer"
    info = core.take_ticket("general", YOUNG)
    assert info.offline is True and info.number == "A001"
    tries = posts(faulty, "/api/v1/tickets")
    assert len(tries) == 2 and tries[0][3] == tries[1][3]  # retried once, with the same key
    lost_key = tries[0][3]
    # The server did issue a ticket for the lost answer (the retry was answered from its record).
    assert [n for n in tickets_on(server) if n.startswith("A")] == ["A011"]
    rows = core.store.outbox()
    assert [r["kind"] for r in rows] == ["abandon", "offline_ticket"]
    assert rows[0]["body"] == {"idempotency_key": lost_key}

    faulty.mode = "forward"
    faulty.seen.clear()
    assert core.sync_now() is True
    order = [s[2] for s in faulty.seen if s[1] == "POST" and ("abandon" in s[2] or s[2].endswith("/tickets"))]
    assert order[0] == "/api/v1/tickets/abandon" and order[1].startswith("/api/v1/leases/")
    assert core.pending_outbox() == 0 and core.failed_outbox() == []
    on_server = tickets_on(server)
    assert on_server["A011"]["state"] == "cancelled"  # the citizen holds one ticket: A001
    assert on_server["A001"]["state"] == "waiting"


def test_unanswered_request_times_out_and_the_key_is_tombstoned(server, faulty, make_core):
    core = make_core(faulty.url)  # the default timeout: a loaded machine still answers a sync
    assert core.sync_now() is True
    faulty.mode = "blackhole"
    info = core.take_ticket("tax")
    assert info.offline is True and info.number == "E001"
    assert core.online is False
    lost_key = posts(faulty, "/api/v1/tickets")[0][3]
    assert [r["kind"] for r in core.store.outbox()] == ["abandon", "offline_ticket"]
    faulty.mode = "forward"
    assert core.sync_now() is True
    assert core.pending_outbox() == 0 and core.failed_outbox() == []
    # The key never reached the server; now it is tombstoned: a late copy issues nothing.
    late = server.client(KIOSK_TOKEN).post("/tickets", {"category": "tax"}, key=lost_key)
    assert late.status_code == 409 and late.json()["error"]["code"] == "request_abandoned"
    assert sorted(n for n in tickets_on(server) if n.startswith("E")) == ["E001"]


def test_lost_answer_without_a_number_left_still_abandons_the_key(server, faulty, make_core):
    core = make_core(faulty.url)
    assert core.sync_now() is True
    for lease in core.store.leases("pickup"):  # this kiosk holds no numbers for the category
        core.store.drop_lease(lease.id)
    faulty.mode = "drop_answer"
    try:
        core.take_ticket("pickup")
    except TicketRefused as refused:
        assert refused.code == "no_lease"
    else:
        raise AssertionError("a number was issued without a lease")
    lost_key = posts(faulty, "/api/v1/tickets")[0][3]
    rows = core.store.outbox()
    assert [(r["kind"], r["body"]) for r in rows] == [("abandon", {"idempotency_key": lost_key})]
    faulty.mode = "forward"
    assert core.sync_now() is True
    assert core.pending_outbox() == 0 and core.failed_outbox() == []
    assert tickets_on(server)["K011"]["state"] == "cancelled"
