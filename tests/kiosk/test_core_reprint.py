"""补打凭条 in the kiosk's core: the hall server's answer parsed at the edge, its refusals as
TicketRefused, and a clear refusal (nothing printed) when the server cannot be reached."""
from __future__ import annotations

import pytest

from hallsupport import KIOSK2_TOKEN, make_id
from kiosk.core import Identity, TicketRefused


def test_reprint_by_number_and_by_card_as_the_server_answers(server, kiosk, make_core):
    mine = make_id(serial="321")
    number = kiosk.issue("general", id_number=mine, name="张三")["ticket"]["number"]
    core = make_core(server.url, token=KIOSK2_TOKEN)
    [by_number] = core.reprint(number=f" {number.lower()} ")
    assert by_number.number == number and by_number.masked_name is None and by_number.track_url
    card = Identity(id_number=mine.lower(), name="张三", masked_name="张*", birth_date=None)
    [by_card] = core.reprint(identity=card)
    assert by_card.number == number and by_card.masked_name == "张*"
    with pytest.raises(TicketRefused) as refused:
        core.reprint(number="A999")
    assert refused.value.code == "unknown_ticket" and "A999" in refused.value.message


@pytest.mark.slow
def test_reprint_with_the_server_away_is_refused_clearly(server, make_core, faulty):
    core = make_core(faulty.url, timeout_s=0.5)
    faulty.mode = "blackhole"
    with pytest.raises(TicketRefused) as refused:
        core.reprint(number="A001")
    assert refused.value.code == "reprint_offline" and "服务台" in refused.value.message
    server.stop()
    with pytest.raises(TicketRefused) as refused:
        make_core(server.url, name="other.db", timeout_s=0.5).reprint(number="A001")
    assert refused.value.code == "reprint_offline"
