"""Kiosk core against a real hall server on loopback: online tickets, offline tickets from the
lease, the outbox draining after a server restart, refusals, and nothing personal on disk."""
from __future__ import annotations

import datetime as dt
import pathlib
import threading
import time

import pytest

from hallsupport import ADMIN_PIN, KIOSK_TOKEN, make_id
from kiosk.core import Identity, TicketRefused
from hall_server.schema import HallInfo, IssuedTicket
from kiosk.link import Ambiguous, HallLink, Refused, Unreachable

ELDER = Identity(make_id("19500101", serial="271"), "欧阳小明", "欧**明", dt.date(1950, 1, 1))
YOUNG = Identity(make_id("19900315", serial="386"), "钱七", "钱*", dt.date(1990, 3, 15))
THIRD = Identity(make_id("19880808", serial="529"), "孙八", "孙*", dt.date(1988, 8, 8))


def server_tickets(server) -> dict[str, dict]:
    admin = server.login("admin", ADMIN_PIN)
    r = admin.get("/tickets")
    assert r.status_code == 200, r.text
    found: dict[str, dict] = {}
    for t in r.json()["tickets"]:
        assert t["number"] not in found, f"{t['number']} issued twice"
        found[t["number"]] = t
    return found


def store_bytes(path: pathlib.Path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


def test_online_ticket_and_status(server, make_core):
    core = make_core(server.url)
    assert core.online is False and core.hall is None
    assert core.sync_now() is True and core.online
    cats = {c.info.code: c for c in core.categories()}
    assert cats["general"].info.name == "综合受理" and cats["general"].open_now is True
    assert cats["hukou"].info.id_required is True and cats["realestate"].info.appointment_only is True
    # A block of numbers leased ahead for every category, none used yet.
    leases = {lease.category: lease for lease in core.store.leases()}
    assert set(leases) == set(cats)
    assert (leases["general"].first, leases["general"].last, leases["general"].next_seq) == (1, 10, 1)

    info = core.take_ticket("general", ELDER)
    assert info.offline is False
    assert info.number == "A011"  # online numbers continue after the leased block
    assert info.green_channel is True and info.masked_name == "欧**明"
    assert info.category_name_en == "General acceptance" and info.people_ahead == 0
    token = info.track_url.rsplit("/t/", 1)[1]
    assert server.client().get(f"/track/{token}").json()["number"] == "A011"
    young = core.take_ticket("general", YOUNG)
    assert (young.number, young.green_channel, young.people_ahead) == ("A012", False, 1)
    core.sync_now()
    assert {c.info.code: c for c in core.categories()}["general"].waiting == 2
    assert core.pending_outbox() == 0


@pytest.mark.slow
def test_offline_tickets_come_from_the_lease_and_drain_after_restart(server, make_core, clock):
    core = make_core(server.url)
    core.sync_now()
    server.stop()
    issued = []
    for who in (ELDER, YOUNG, None):
        clock.advance(minutes=3)
        issued.append(core.take_ticket("general", who))
    assert [i.number for i in issued] == ["A001", "A002", "A003"]
    assert all(i.offline for i in issued) and core.online is False
    assert [i.green_channel for i in issued] == [True, False, False]  # by age read from the card
    assert core.pending_outbox() == 3
    assert [i.people_ahead for i in issued] == [0, 1, 2]

    # Nothing personal in the kiosk's files: not the ID numbers, names or birth dates.
    data = store_bytes(core.store.path)
    assert b"A003" in data  # the grep itself works on these files
    for who in (ELDER, YOUNG):
        for secret in (who.id_number, who.name, who.birth_date.isoformat(), who.birth_date.strftime("%Y%m%d")):
            assert secret.encode("utf-8") not in data, secret
        assert who.name.encode("utf-16-le") not in data
    assert all(r["body"]["id_number"] is None and r["body"]["name"] is None for r in core.store.outbox())

    clock.advance(minutes=5)
    server.start()
    core.start()  # the background thread drains the outbox
    deadline = time.monotonic() + 20
    while (core.pending_outbox() or not core.online) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert core.pending_outbox() == 0 and core.failed_outbox() == []
    assert core.online is True
    on_server = server_tickets(server)
    assert sorted(on_server) == ["A001", "A002", "A003"]
    assert [on_server[n]["green_channel"] for n in ("A001", "A002", "A003")] == [True, False, False]
    for info in issued:
        t = on_server[info.number]
        assert dt.datetime.fromisoformat(t["issued_at"]) == info.issued_at
        assert t["masked_name"] is None  # the name never left the kiosk offline
        token = info.track_url.rsplit("/t/", 1)[1]
        assert server.client().get(f"/track/{token}").json()["number"] == info.number
    # A second pass sends nothing again.
    core.sync_now()
    assert sorted(server_tickets(server)) == ["A001", "A002", "A003"]


@pytest.mark.slow
def test_kiosk_restart_keeps_leases_and_outbox(server, make_core, clock):
    first = make_core(server.url)
    first.sync_now()
    server.stop()
    assert [first.take_ticket("tax").number for _ in range(2)] == ["E001", "E002"]
    leases = first.store.leases("tax")
    first.stop()

    again = make_core(server.url)  # the same store file
    assert again.store.leases("tax") == [leases[0]] and leases[0].next_seq == 3
    assert again.pending_outbox() == 2
    assert again.hall is not None  # the cached config works offline from the start
    assert again.take_ticket("tax").number == "E003"
    server.start()
    assert again.sync_now() is True
    assert again.pending_outbox() == 0
    assert sorted(n for n in server_tickets(server) if n.startswith("E")) == ["E001", "E002", "E003"]


def test_online_refusals(server, make_core, clock):
    core = make_core(server.url)
    core.sync_now()
    with pytest.raises(TicketRefused) as refused:
        core.take_ticket("hukou")
    assert refused.value.code == "id_required" and "身份证" in refused.value.message
    with pytest.raises(TicketRefused) as refused:
        core.take_ticket("realestate", YOUNG)
    assert refused.value.code == "appointment_only" and refused.value.message_en
    first = core.take_ticket("hukou", YOUNG)
    with pytest.raises(TicketRefused) as refused:
        core.take_ticket("hukou", YOUNG)
    assert refused.value.code == "already_holding" and refused.value.detail["number"] == first.number
    clock.set_local(2026, 11, 23, 12, 30)  # lunch break
    with pytest.raises(TicketRefused) as refused:
        core.take_ticket("general")
    assert refused.value.code == "category_closed" and refused.value.detail["hours"]
    assert core.online is True and core.pending_outbox() == 0


def test_offline_refusals_follow_the_server_rules(server, make_core, clock):
    core = make_core(server.url)
    core.sync_now()
    server.stop()
    with pytest.raises(TicketRefused) as refused:
        core.take_ticket("hukou")
    assert refused.value.code == "id_required"
    with pytest.raises(TicketRefused) as refused:
        core.take_ticket("realestate", YOUNG)
    assert refused.value.code == "appointment_only"
    with pytest.raises(TicketRefused) as refused:
        core.take_ticket("nope")
    assert refused.value.code == "unknown_category"
    held = core.take_ticket("hukou", YOUNG)
    with pytest.raises(TicketRefused) as refused:
        core.take_ticket("hukou", YOUNG)
    assert refused.value.code == "already_holding" and refused.value.detail["number"] == held.number
    assert core.take_ticket("vehicle", YOUNG).offline  # one per category, not one per person
    # The lease runs out: the citizen is asked, politely, to see staff.
    for _ in range(10):
        core.take_ticket("general")
    with pytest.raises(TicketRefused) as refused:
        core.take_ticket("general")
    assert refused.value.code == "no_lease"
    assert "工作人员" in refused.value.message and "staff" in refused.value.message_en
    clock.set_local(2026, 11, 23, 12, 30)
    with pytest.raises(TicketRefused) as refused:
        core.take_ticket("tax")
    assert refused.value.code == "category_closed"
    assert core.pending_outbox() == 12  # refusals queued nothing


def test_offline_knows_a_rest_day_from_the_last_status(server, make_core, clock):
    clock.set_local(2026, 11, 28, 9, 0)  # Saturday: inside the hours, but not a working day
    core = make_core(server.url)
    core.sync_now()
    assert {c.info.code: c for c in core.categories()}["general"].open_now is False
    server.stop()
    with pytest.raises(TicketRefused) as refused:
        core.take_ticket("general")
    assert refused.value.code == "category_closed"
    assert core.pending_outbox() == 0


@pytest.mark.slow
def test_refused_outbox_row_is_kept_as_failed(server, make_core, clock):
    core = make_core(server.url)
    core.sync_now()
    server.stop()
    clock.set_local(2026, 11, 23, 16, 0)
    late = core.take_ticket("general")
    assert late.number == "A001"
    clock.set_local(2026, 11, 24, 9, 0)  # the server comes back the next day: the lease has expired
    server.start()
    assert core.sync_now() is True
    assert core.pending_outbox() == 0
    failed = core.failed_outbox()
    assert [r["number"] for r in failed] == ["A001"]
    assert "lease_expired" in failed[0]["last_error"] and failed[0]["attempts"] == 1
    # Yesterday's lease is gone; today's is fresh.
    assert {lease.business_day for lease in core.store.leases()} == {"2026-11-24"}
    assert "A001" not in server_tickets(server)


@pytest.mark.slow
def test_one_refused_ticket_does_not_hold_back_the_others(server, make_core, clock):
    core = make_core(server.url)
    core.sync_now()
    server.stop()
    good = [core.take_ticket("social").number for _ in range(2)]
    lease = core.store.leases("social")[0]
    # A row that cannot be right (its number lies outside the lease), as a corrupted row would be.
    core.store.enqueue("bad-row-0001", "offline_ticket", "POST", f"/leases/{lease.id}/tickets",
                       {"seq": 99, "issued_at": clock().isoformat()}, created_at=clock().timestamp(),
                       lease_id=lease.id, category="social", business_day="2026-11-23", number="F099")
    assert core.take_ticket("social").number == "F003"
    server.start()
    core.sync_now()
    assert [r["key"] for r in core.failed_outbox()] == ["bad-row-0001"]
    assert "seq_outside_lease" in core.failed_outbox()[0]["last_error"]
    assert sorted(n for n in server_tickets(server) if n.startswith("F")) == [*good, "F003"]


@pytest.mark.slow
def test_link_sorts_failures(server, faulty, tmp_path):
    link = HallLink(server.url, KIOSK_TOKEN, timeout_s=0.5)
    with pytest.raises(Refused) as refused:
        link.post("/tickets", {"category": "nope"}, IssuedTicket)
    assert (refused.value.code, refused.value.status) == ("unknown_category", 404)
    assert refused.value.message == "没有这个事项类别"
    bad = HallLink(server.url, "not-a-token", timeout_s=0.5)
    with pytest.raises(Refused) as refused:
        bad.fetch("/config", HallInfo)
    assert refused.value.status == 401
    faulty.mode = "blackhole"
    slow = HallLink(faulty.url, KIOSK_TOKEN, timeout_s=0.3)
    with pytest.raises(Ambiguous):
        slow.post("/tickets", {"category": "general"}, IssuedTicket)
    server.stop()
    with pytest.raises(Unreachable):
        link.fetch("/config", HallInfo)
    for each in (link, bad, slow):
        each.close()


def test_identity_never_shows_in_full():
    card = {"card_type": "resident", "name": "欧阳小明", "masked_name": "欧**明", "birth_date": "1950-01-01",
            "id_number": ELDER.id_number, "masked_id": "x", "address": "某地"}
    who = Identity.from_card(card)
    assert who == ELDER
    text = repr(who) + str(who) + f"{who}"
    assert ELDER.id_number not in text and "欧阳小明" not in text and "1950" not in text
    assert ELDER.id_number[-4:] in text and "欧**明" in text
    assert Identity.from_card({"name": "X", "birth_date": "长期"}).birth_date is None


def test_worker_threads_never_share_a_number(server, make_core):
    core = make_core(server.url)
    core.sync_now()
    server.stop()
    numbers: list[str] = []
    refusals: list[str] = []

    def take() -> None:
        try:
            numbers.append(core.take_ticket("general").number)
        except TicketRefused as refused:
            refusals.append(refused.code)

    workers = [threading.Thread(target=take) for _ in range(12)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=30)
    assert sorted(numbers) == [f"A{n:03d}" for n in range(1, 11)]
    assert refusals == ["no_lease", "no_lease"]
    assert sorted(r["number"] for r in core.store.outbox()) == sorted(numbers)


def test_online_the_servers_opening_word_holds_offline_the_hours(tmp_path, make_core, clock):
    """At 22:00 the sample hall is closed by its hours; a server told to ignore hours (the demo)
    is open, and the kiosk shows what the server says while it can reach it."""
    from hallsupport import SAMPLE_HALL, RunningServer

    clock.set_local(2026, 11, 23, 22, 0)
    srv = RunningServer(tmp_path / "late.db", SAMPLE_HALL, clock, ignore_hours=True)
    srv.start()
    try:
        core = make_core(srv.url)
        assert core.sync_now()
        assert all(c.open_now for c in core.categories())
        srv.stop()
        core.sync_now()
        assert core.online is False
        assert not any(c.open_now for c in core.categories())  # offline: the hall's own hours
    finally:
        srv.stop()


def test_cache_reads_never_wait_for_a_write_to_the_file(tmp_path):
    """The GUI reads the cache while the sync thread writes the file: the read is from memory, the
    value survives a restart, and a caller changing what it got does not change the cache."""
    from kiosk.store import KioskStore

    store = KioskStore(tmp_path / "k.db")
    store.put("hall", {"name": "示范区", "categories": [1, 2]}, 123.0)
    got: list = []
    with store.transaction():  # the file is locked, as during the sync thread's write
        reader = threading.Thread(target=lambda: got.append(store.get_with_time("hall")))
        reader.start()
        reader.join(timeout=2)
        assert got == [({"name": "示范区", "categories": [1, 2]}, 123.0)]
    got[0][0]["categories"].append(3)
    assert store.get("hall")["categories"] == [1, 2]
    store.drop("hall")
    assert store.get("hall") is None
    store.put("status", {"general": {"waiting": 4}})
    store.close()
    assert KioskStore(tmp_path / "k.db").get("status") == {"general": {"waiting": 4}}


def test_a_value_fetched_again_unchanged_keeps_the_object_already_read(tmp_path):
    """A sync pass that brings the same hall again updates when it was fetched, not the object the
    screens read: a kiosk that runs for weeks would otherwise make a new copy every few seconds."""
    from kiosk.store import KioskStore

    store = KioskStore(tmp_path / "k.db")
    store.put("hall", {"name": "示范区", "categories": [1, 2]}, 1.0)
    first = store.view("hall")
    store.put("hall", {"name": "示范区", "categories": [1, 2]}, 2.0)
    assert store.view("hall") is first and store.get_with_time("hall")[1] == 2.0
    store.put("hall", {"name": "示范区", "categories": [1, 2, 3]}, 3.0)
    assert store.view("hall") is not first and store.view("hall")["categories"] == [1, 2, 3]
    assert store.view("missing", {}) == {} and store.view_with_time("missing") is None
    assert store.view_with_time("hall")[0] is store.view("hall") and store.view_with_time("hall")[1] == 3.0
    store.close()
    assert KioskStore(tmp_path / "k.db").get_with_time("hall") == ({"name": "示范区", "categories": [1, 2, 3]}, 3.0)
