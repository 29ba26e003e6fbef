"""The kiosk on the typed wire: every answer of the hall server becomes its wire-schema model at the
link; an answer that is not (a field missing) is a clear failure the kiosk treats as the server
being away, loses nothing over and never crashes on; the store keeps the answers' JSON as ever."""
from __future__ import annotations

import logging

import pytest

from hallsupport import ADMIN_PIN, KIOSK_TOKEN
from hall_server.schema import HallInfo, IssuedTicket, RatingOptions
from kiosk.casedesk import CaseDesk, DeskUnavailable
from kiosk.core import CategoryNow
from kiosk.link import Ambiguous, HallLink, Malformed
from kiosk.store import KioskStore


def test_answers_arrive_as_models_and_a_malformed_one_says_where(server, faulty):
    link = HallLink(faulty.url, KIOSK_TOKEN, timeout_s=2.0)
    try:
        hall = link.fetch("/config", HallInfo)
        assert isinstance(hall, HallInfo) and hall.categories
        issued = link.post("/tickets", {"category": "general"}, IssuedTicket)
        assert isinstance(issued, IssuedTicket) and issued.ticket.number
        faulty.mode = "mangle"
        with pytest.raises(Malformed) as malformed:
            link.fetch("/config", HallInfo)
        assert isinstance(malformed.value, Ambiguous) and not malformed.value.timed_out
        assert "HallInfo" in str(malformed.value) and "code" in str(malformed.value)
    finally:
        link.close()


@pytest.mark.slow
def test_a_malformed_answer_counts_as_the_server_away_and_nothing_is_lost(server, faulty, make_core, caplog):
    core = make_core(faulty.url)
    assert core.sync_now() is True
    assert all(isinstance(c, CategoryNow) for c in core.categories())
    faulty.mode = "mangle"
    assert core.sync_now() is False and core.online is False  # its configuration is unreadable: as if away
    core._known_away = False  # a citizen's number asked before the sync thread noticed
    with caplog.at_level(logging.WARNING, logger="kiosk.link"):
        info = core.take_ticket("general")
    # The server issued a number whose answer could not be read, asked again with the same key: a
    # number from the lease instead, and the unread one is cancelled when the server is back.
    ticket_posts = [s for s in faulty.seen if s[1] == "POST" and s[2].endswith("/tickets")]
    assert len(ticket_posts) == 2 and ticket_posts[0][3] == ticket_posts[1][3]
    assert info.offline is True
    assert any("not a IssuedTicket" in r.getMessage() for r in caplog.records)
    faulty.mode = "forward"
    assert core.sync_now() is True and core.pending_outbox() == 0 and core.failed_outbox() == []
    tickets = server.login("admin", ADMIN_PIN).get("/tickets").json()["tickets"]
    states = {t["number"]: t["state"] for t in tickets}
    assert states.pop(info.number) == "waiting"
    assert list(states.values()) == ["cancelled"]  # the number issued for the unreadable answer


def test_the_desk_takes_a_malformed_answer_for_the_server_away(server, faulty):
    desk = CaseDesk(HallLink(faulty.url, KIOSK_TOKEN, timeout_s=2.0))
    try:
        assert isinstance(desk.rating_options(), RatingOptions)
        faulty.mode = "mangle"
        with pytest.raises(DeskUnavailable):
            desk.rating_options()
        faulty.mode = "forward"
        assert isinstance(desk.rating_options(), RatingOptions)  # and back as soon as it answers right
    finally:
        desk.link.close()


def test_the_store_keeps_the_answers_json_and_reads_it_as_its_model(tmp_path, server, caplog):
    raw = server.client(KIOSK_TOKEN).get("/config").json()
    store = KioskStore(tmp_path / "kiosk.db")
    store.put("hall", raw, 1.0)
    first = store.view_model("hall", HallInfo)
    assert isinstance(first, HallInfo) and first.code == raw["code"]
    assert store.view_model("hall", HallInfo) is first  # parsed once per value
    store.put("hall", raw, 2.0)
    assert store.view_model("hall", HallInfo) is first  # the same value fetched again
    store.close()
    again = KioskStore(tmp_path / "kiosk.db")  # the file as it always was: the server's JSON
    assert again.get("hall") == raw and again.view_model("hall", HallInfo) == first
    with caplog.at_level(logging.WARNING, logger="kiosk.store"):
        again.put("hall", {"categories": [1, 2]}, 3.0)
        assert again.view_model("hall", HallInfo) is None  # not a HallInfo: not cached, never a crash
    assert any("not a HallInfo" in r.getMessage() for r in caplog.records)
    again.close()


def test_an_outbox_row_of_a_kind_this_kiosk_does_not_make_is_kept_as_failed(server, make_core, clock):
    core = make_core(server.url)
    core.store.enqueue("odd-row-0001", "from_the_future", "POST", "/tickets", {"category": "general"},
                       created_at=clock().timestamp())
    assert core.sync_now() is True  # the pass goes on
    [row] = core.failed_outbox()
    assert row["key"] == "odd-row-0001" and "from_the_future" in row["last_error"]
    assert server.login("admin", ADMIN_PIN).get("/tickets").json()["tickets"] == []  # never sent blind
