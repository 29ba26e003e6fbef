"""A kiosk cut off from the hall server: numbers for two hours of its busiest hour, no citizen
waiting for a timeout once the server is known to be away, and a lease that never takes more
than half of what is left under the daily cap."""
from __future__ import annotations

import datetime as dt

import pytest

from hallsupport import KIOSK_TOKEN, make_id
from kiosk.core import LEASES_PER_CATEGORY, OFFLINE_HOURS, Identity, TicketRefused


def ticket_posts(faulty) -> list[tuple]:
    return [s for s in faulty.seen if s[1] == "POST" and s[2] == "/api/v1/tickets"]


@pytest.mark.slow
def test_a_cut_off_kiosk_keeps_issuing_for_two_hours_of_its_busiest_hour(server, make_core, clock):
    core = make_core(server.url)
    assert core.sync_now() is True
    busiest = 40  # its rush: 40 numbers in half an hour
    for _ in range(busiest):
        clock.advance(seconds=45)
        assert core.take_ticket("general").offline is False
    assert core.sync_now() is True
    held = core.store.leases("general")
    assert len(held) <= LEASES_PER_CATEGORY
    assert sum(lease.left for lease in held) >= OFFLINE_HOURS * busiest

    server.stop()
    issued = []
    for _ in range(OFFLINE_HOURS * busiest):  # twice the rush hour's numbers, cut off
        clock.advance(seconds=45)
        issued.append(core.take_ticket("general"))
    assert all(i.offline for i in issued)
    assert len({i.number for i in issued}) == len(issued)

    server.start()
    assert core.sync_now() is True
    assert core.pending_outbox() == 0 and core.failed_outbox() == []


@pytest.mark.slow
def test_a_known_away_server_costs_a_citizen_no_timeout(server, faulty, make_core):
    core = make_core(faulty.url, timeout_s=5)
    assert core.sync_now() is True
    faulty.mode = "blackhole"
    assert core.sync_now() is False  # the sync thread finds it silent
    before = len(ticket_posts(faulty))
    info = core.take_ticket("tax")
    assert info.offline is True and info.number == "E001"
    assert len(ticket_posts(faulty)) == before  # nobody waited for the server
    card = Identity(make_id("19900315", serial="386"), "钱七", "钱*", None)
    assert core.check_in_identity(card) == []  # today's appointments from the cache, at once
    assert not [s for s in faulty.seen if s[2].endswith("/appointments/lookup")]
    faulty.mode = "forward"
    assert core.sync_now() is True
    assert core.take_ticket("tax").offline is False  # back: numbers come from the server again


@pytest.mark.slow
def test_a_silent_server_is_waited_for_once_not_twice(server, faulty, make_core):
    core = make_core(faulty.url)
    assert core.sync_now() is True
    faulty.mode = "blackhole"
    info = core.take_ticket("tax")
    assert info.offline is True
    assert len(ticket_posts(faulty)) == 1  # a timeout is not retried: its key is abandoned instead
    assert [r["kind"] for r in core.store.outbox()] == ["abandon", "offline_ticket"]


@pytest.mark.slow
def test_a_kiosk_out_of_numbers_while_the_server_is_away_says_so_at_once(server, faulty, make_core):
    core = make_core(faulty.url, timeout_s=5)
    assert core.sync_now() is True
    for lease in core.store.leases("tax"):
        core.store.drop_lease(lease.id)
    faulty.mode = "blackhole"
    assert core.sync_now() is False
    before = len(ticket_posts(faulty))
    try:
        core.take_ticket("tax")
    except TicketRefused as refused:
        assert refused.code == "no_lease"
    else:
        raise AssertionError("a number without a lease")
    assert len(ticket_posts(faulty)) == before  # no citizen waits for a timeout to hear no
    faulty.mode = "forward"
    assert core.sync_now() is True
    assert core.take_ticket("tax").offline is False


@pytest.mark.slow
def test_leases_keep_up_with_a_rush_the_kiosk_syncs_through(server, make_core, clock):
    """Synced every few numbers while its pace grows, the kiosk still ends holding two hours of it."""
    core = make_core(server.url)
    assert core.sync_now() is True
    busiest = 40
    for i in range(busiest):
        clock.advance(seconds=45)
        assert core.take_ticket("general").offline is False
        if i % 4 == 3:  # the sync thread's passes during the rush
            assert core.sync_now() is True
    assert core.sync_now() is True
    held = core.store.leases("general")
    assert len(held) <= LEASES_PER_CATEGORY
    assert sum(lease.left for lease in held) >= OFFLINE_HOURS * busiest
    # Blocks given back for bigger ones leave the server with no more than the kiosk holds.
    on_server = server.client(KIOSK_TOKEN).get("/leases").json()["leases"]
    active = [lease for lease in on_server if lease["category"] == "general" and not lease["released"]]
    assert sorted(lease["id"] for lease in active) == sorted(lease.id for lease in held)


def test_a_big_lease_takes_at_most_half_of_what_is_left(server):
    kiosk = server.client(KIOSK_TOKEN)
    r = kiosk.post("/leases", {"category": "exit_entry", "count": 1000})  # daily cap 120
    assert r.status_code == 201, r.text
    first = r.json()
    assert first["last"] - first["first"] + 1 == 60
    second = kiosk.post("/leases", {"category": "exit_entry", "count": 1000}).json()
    assert second["last"] - second["first"] + 1 == 30
    small = kiosk.post("/leases", {"category": "hukou", "count": 5}).json()
    assert small["last"] - small["first"] + 1 == 5  # a small request is granted as asked


@pytest.mark.slow
def test_an_offline_tickets_phone_page_says_not_yet_known_then_shows_the_real_queue(server, faulty, make_core):
    core = make_core(faulty.url)
    assert core.sync_now() is True
    faulty.mode = "blackhole"
    assert core.sync_now() is False
    online = server.client(KIOSK_TOKEN)
    for _ in range(3):  # others take numbers online while this kiosk is cut off
        assert online.post("/tickets", {"category": "tax"}).status_code == 201
    info = core.take_ticket("tax")
    assert info.offline is True and info.people_ahead == 0  # all the kiosk can know: a guess
    token = info.track_url.rsplit("/t/", 1)[1]

    phone = server.client()
    page = phone.http.get(f"/t/{token}")
    assert page.status_code == 404
    assert "暂未查到该号码" in page.text and 'http-equiv="refresh"' in page.text
    stranger = phone.http.get("/t/" + "Qx7-" * 6)  # a token of the server's form: plainly unknown
    assert stranger.status_code == 404 and "未找到该号码" in stranger.text and "refresh" not in stranger.text

    faulty.mode = "forward"
    assert core.sync_now() is True
    tracked = phone.get(f"/track/{token}").json()
    assert tracked["number"] == info.number and tracked["people_ahead"] == 3
    assert info.number in phone.http.get(f"/t/{token}").text


def test_people_ahead_offline_follow_the_calling_order(server, make_core, clock):
    """The kiosk's offline estimate uses the server's calling order (hall_rules.queue): the green
    channel goes before arrivals, and a line that has waited past the ageing time goes first."""
    elder = Identity(make_id("19500101", serial="271"), "欧阳小明", "欧**明", dt.date(1950, 1, 1))
    online = server.client(KIOSK_TOKEN)
    for _ in range(2):  # two wait at the last status the kiosk saw
        assert online.post("/tickets", {"category": "general"}).status_code == 201
    core = make_core(server.url)
    assert core.sync_now() is True
    server.stop()
    ahead = []
    for who in (None, None, elder, None):
        clock.advance(minutes=1)
        ahead.append(core.take_ticket("general", who).people_ahead)
    assert ahead == [2, 3, 0, 5]  # the elder behind none of the arrivals, the next arrival behind all
    clock.advance(minutes=41)  # everyone waiting has now waited past the ageing time: they go first
    another = Identity(make_id("19480612", serial="153"), "孙老伯", "孙**", dt.date(1948, 6, 12))
    assert core.take_ticket("general", another).people_ahead == 6
