"""电子填单 from the kiosk core: a ticket's form goes to the hall server with its ticket, waits in the
outbox behind an offline ticket, and leaves no value behind in the kiosk's store once answered."""
from __future__ import annotations

import sqlite3

import pytest

from hallsupport import ADMIN_PIN, make_id
from hall_server.schema import FormMaterialCheck, TicketFormRequest
from kiosk.core import Identity
from kiosk.link import Refused

NAME = "欧阳小明"
ID_NUMBER = make_id("19790305", "330106", "517")


def renewal_form(**values: str) -> TicketFormRequest:
    filled = {"name": NAME, "sex": "男", "id_number": ID_NUMBER, "nation": "汉", "birth": "1979-03-05",
              "address": "浙江省杭州市西湖区文三路477号", "valid_until": "2026-12-31", "phone": "13912345678",
              "reason": "有效期满", **values}
    return TicketFormRequest(matter="GA-HZ-001", values=filled,
                             materials=[FormMaterialCheck(name="原居民身份证", have=True),
                                        FormMaterialCheck(name="居民户口簿", have=False)])


def kiosk_bytes(core) -> bytes:
    path = core.store.path
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("VACUUM")
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


def stored_form(server, number: str) -> dict:
    """The ticket's form as the hall admin reads it."""
    admin = server.login("admin", ADMIN_PIN)
    ticket = next(t for t in admin.get("/tickets").json()["tickets"] if t["number"] == number)
    return admin.get(f"/tickets/{ticket['id']}/form").json()


def test_the_form_of_an_online_ticket_reaches_the_server_at_once(server, make_core):
    core = make_core(server.url)
    assert core.sync_now() is True
    card = Identity(ID_NUMBER, NAME, "欧**明", None)
    info = core.take_ticket("general", card)
    assert core.send_form(info, renewal_form()) is True
    form = stored_form(server, info.number)
    assert {v["key"]: v["value"] for v in form["values"]}["name"] == NAME
    assert form["materials"] == [{"name": "原居民身份证", "have": True}, {"name": "居民户口簿", "have": False}]
    assert core.pending_outbox() == 0
    assert NAME.encode() not in kiosk_bytes(core)  # the outbox keeps no value once answered


def test_a_refused_form_says_why_and_keeps_nothing(server, make_core):
    core = make_core(server.url)
    assert core.sync_now() is True
    info = core.take_ticket("general")
    with pytest.raises(Refused) as refused:
        core.send_form(info, renewal_form(phone="12345"))
    assert refused.value.code == "form_bad_phone" and refused.value.message
    assert stored_form(server, info.number)["error"]["code"] == "no_form"
    assert NAME.encode() not in kiosk_bytes(core)


@pytest.mark.slow
def test_the_form_of_an_offline_ticket_waits_in_the_outbox_and_follows_its_ticket(server, make_core):
    core = make_core(server.url)
    assert core.sync_now() is True
    server.stop()
    info = core.take_ticket("general")
    assert info.offline is True
    assert core.send_form(info, renewal_form()) is False
    assert [r["kind"] for r in core.store.outbox() if r["state"] == "pending"] == ["offline_ticket", "ticket_form"]
    assert NAME.encode() in kiosk_bytes(core)  # kept until the server has it: the check below can see it
    server.start()
    assert core.sync_now() is True
    assert core.pending_outbox() == 0 and core.failed_outbox() == []
    form = stored_form(server, info.number)
    assert {v["key"]: v["value"] for v in form["values"]}["id_number"] == ID_NUMBER
    assert NAME.encode() not in kiosk_bytes(core)


@pytest.mark.slow
def test_a_form_whose_answer_was_lost_is_sent_again_with_its_key(server, faulty, make_core):
    core = make_core(faulty.url)
    assert core.sync_now() is True
    info = core.take_ticket("general")
    faulty.mode = "drop_answer"
    assert core.send_form(info, renewal_form()) is False
    faulty.mode = "forward"
    assert core.sync_now() is True
    puts = [s for s in faulty.seen if s[1] == "PUT"]
    assert len(puts) == 2 and puts[0][3] == puts[1][3]  # the same Idempotency-Key
    assert core.pending_outbox() == 0
    assert stored_form(server, info.number)["matter"] == "GA-HZ-001"
