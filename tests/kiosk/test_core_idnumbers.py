"""The kiosk judges ID numbers by the hall's one rule set: online and offline agree on which
numbers are valid, on who is the same person, and on how an invalid number is refused."""
from __future__ import annotations

import pytest

from hallsupport import ADMIN_PIN
from kiosk.core import Identity, TicketRefused, mask_id

FULL_WIDTH = str.maketrans("0123456789ASUX", "０１２３４５６７８９ＡＳＵＸ")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

# Each line a different person, unless marked "same as".
NUMBERS = [
    "11010519491231002X",  # citizen
    "110105491231002",  # same as the citizen: the legacy 15-digit number
    "11010519491231002x",  # same as the citizen, lower-case x
    " 11010519491231002X ",  # same as the citizen, spaces around (20 characters)
    "11010519491231002X".translate(FULL_WIDTH),  # same as the citizen, full-width
    "110101198805152313",  # another citizen
    "810000199103040171", "820000198001010024", "830000197512250035",  # HK, Macao, Taiwan permits
    "USA110079012345",  # foreign permanent resident card 2017
    "usa110079012345",  # same as the 2017 card
    "USA110079012345".translate(FULL_WIDTH),  # same as the 2017 card
    "932682198501010017",  # foreign permanent resident card 2023
    # Not valid:
    "110105198813010011",  # month 13
    "110105198801320012",  # day 32
    "110105199102290015",  # 29 February of 1991
    "110105209901010012",  # born in 2099
    "110105194912310021",  # wrong check character
    "11010519491231002X".translate(ARABIC_INDIC),  # Arabic-Indic digits
    "110105 19491231002X",  # a space inside
    "USA110088130101",  # 2017 card, month 13
    "USA1100790123",  # 2017 card, too short
    "984011197902300021",  # 2023 card, 30 February
    "810000199103040172",  # HK permit, wrong check character
]


def outcome(core, category: str, number: str) -> tuple:
    try:
        core.take_ticket(category, Identity(number, None, None, None))
    except TicketRefused as refused:
        if refused.code == "already_holding":
            return (refused.code,)  # its message names the category and number: compared by code
        return refused.code, refused.message, refused.message_en, refused.detail
    return ("ticket",)


def test_online_and_offline_agree_on_every_number(server, make_core, kiosk):
    core = make_core(server.url)
    core.sync_now()
    online = [outcome(core, "hukou", n) for n in NUMBERS]
    assert core.online is True
    # What the kiosk shows offline is what the server itself answers.
    for number, said in zip(NUMBERS, online, strict=True):
        if said[0] == "bad_id_number" and 15 <= len(number) <= 18:
            body = kiosk.refused("/tickets", {"category": "vehicle", "id_number": number}, 422, "bad_id_number")
            assert (body["code"], body["message"], body["message_en"], body["detail"] or {}) == said
    server.stop()
    offline = [outcome(core, "vehicle", n) for n in NUMBERS]
    assert core.online is False and core.pending_outbox() > 0
    assert offline == online
    assert [o[0] for o in online] == ["ticket"] + ["already_holding"] * 4 + ["ticket"] * 5 + \
        ["already_holding"] * 2 + ["ticket"] + ["bad_id_number"] * 11


def test_an_invalid_number_is_refused_like_the_server_refuses_it(server, make_core):
    core = make_core(server.url)
    core.sync_now()
    server.stop()
    with pytest.raises(TicketRefused) as refused:
        core.take_ticket("general", Identity("110105198813010011", "张三", "张*", None))
    assert (refused.value.code, refused.value.message, refused.value.message_en) == (
        "bad_id_number", "身份证号码无效", "the ID number is not valid")
    assert "110105198813010011" not in str(refused.value)
    assert core.pending_outbox() == 0  # nothing issued


def test_appointments_are_found_by_any_form_of_the_number(server, make_core):
    admin = server.login("admin", ADMIN_PIN)
    booked = admin.ok("/appointments", {"category": "social", "date": "2026-11-23", "slot_start": "09:00",
                                         "slot_end": "09:30", "id_number": "11010519491231002X", "name": "张三"}, 201)
    foreign = admin.ok("/appointments", {"category": "tax", "date": "2026-11-23", "slot_start": "09:00",
                                          "slot_end": "09:30", "id_number": "USA110079012345", "name": "X"}, 201)
    core = make_core(server.url)
    core.sync_now()
    forms = ["11010519491231002X", "110105491231002", "11010519491231002x".translate(FULL_WIDTH),
             " 11010519491231002X\u3000"]
    online = [[m.id for m in core.check_in_identity(Identity(n, None, None, None))] for n in forms]
    server.stop()
    offline = [[m.id for m in core.check_in_identity(Identity(n, None, None, None))] for n in forms]
    assert core.online is False
    assert online == offline == [[booked["id"]]] * len(forms)
    mine = core.check_in_identity(Identity("usa110079012345".translate(FULL_WIDTH), None, None, None))
    assert [m.id for m in mine] == [foreign["id"]]
    with pytest.raises(TicketRefused) as refused:
        core.check_in_identity(Identity("110105198813010011", None, None, None))
    assert refused.value.code == "bad_id_number"


def test_the_identity_shows_the_one_masked_form():
    who = Identity("11010519491231002X", "欧阳小明", "欧**明", None)
    assert "110105********002X" in repr(who) and "11010519491231002X" not in repr(who)
    assert mask_id("USA110079012345") == "USA110*****2345" and mask_id(None) is None
