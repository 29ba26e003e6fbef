"""Paper out (issue 17, item 4): the ticket page says large where the receipt can be printed again,
and a second kiosk prints it again (补打凭条) by the ticket number or by the ID card; an unknown or
finished number is refused clearly and prints nothing; another citizen's card finds nothing."""
from __future__ import annotations

import pathlib

import pytest
from kiosksupport import KioskRig, all_texts, device_config, screen_problems

from devices.host import DeviceHost
from drivers.idcard.record import parse_card_text
from drivers.sim.idcard_sim import SAMPLE_CARDS
from hallsupport import KIOSK2_TOKEN, screens_dir

pytestmark = pytest.mark.slow  # real kiosk windows (README: the fast subset)

ADVICE = "凭条未能打印。请到其他自助终端或服务台，刷身份证或报号码 {} 补打凭条"
ADVICE_EN = ("The receipt could not be printed. At another kiosk or at the service desk, show your ID card or "
             "give your number {} to get it reprinted")


@pytest.fixture
def host(tmp_path: pathlib.Path):
    device_host = DeviceHost(device_config(tmp_path / "one"), listen="127.0.0.1:0").start()
    yield device_host
    device_host.stop()


@pytest.fixture
def rig(qapp, tmp_path, server, host, clock):
    r = KioskRig(tmp_path, server, host, clock)
    r.ready()
    yield r
    r.close()


@pytest.fixture
def host2(tmp_path: pathlib.Path):
    device_host = DeviceHost(device_config(tmp_path / "two"), listen="127.0.0.1:0").start()
    yield device_host
    device_host.stop()


@pytest.fixture
def rig2(qapp, tmp_path, server, host2, clock):
    """The hall's other kiosk, with its own devices (its printer has paper)."""
    r = KioskRig(tmp_path, server, host2, clock, token=KIOSK2_TOKEN)
    r.ready()
    yield r
    r.close()


def shot(rig: KioskRig, name: str) -> None:
    out = screens_dir() / "kiosk"
    out.mkdir(parents=True, exist_ok=True)
    assert rig.kiosk.window.grabWindow().save(str(out / f"{name}-1080x1920.png"))


def unprinted_ticket(rig: KioskRig, card: str | None = None) -> str:
    """A number taken while the printer is out of paper; its number."""
    rig.sim("sim.set_printer", paper_end=True)
    rig.until(lambda: "receipt" in rig.state.deviceNotices, what="printer out on screen")
    if card:
        rig.sim("sim.place_card", card=card)
        rig.page("categories")
        rig.state.chooseCategory("general")
    else:
        rig.state.startTakeNumber()
        rig.state.chooseCategory("general")
        rig.page("identify")
        rig.state.issueWithoutId()
    rig.page("ticket")
    rig.until(lambda: not rig.state.ticket.get("printing"), what="print answered")
    assert rig.state.ticket["printed"] is False
    return rig.state.ticket["number"]


def last_receipt_bytes(host: DeviceHost) -> bytes:
    return host.sims["receipt"].sink.receipts[-1].raw


def type_number(rig: KioskRig, number: str) -> None:
    """On the reprint page's pad, key by key, as a citizen would."""
    for key in number:
        rig.item(f"reprintKey_{key}").clicked.emit()
    rig.until(lambda: rig.text("reprintTyped") == number, what=f"{number} typed")
    rig.item("reprintGo").clicked.emit()


def test_paper_out_says_large_where_to_get_the_receipt_printed_again(rig: KioskRig):
    number = unprinted_ticket(rig)
    assert rig.text("printStatus") == ADVICE.format(number)
    assert rig.item("ticketQr").property("implicitWidth") > 100  # the QR code too, for those with a phone
    status, plain = rig.item("printStatus"), rig.item("ticketQueue")
    assert status.property("font").pixelSize() >= plain.property("font").pixelSize()  # large, as the title
    assert screen_problems(rig) == []
    shot(rig, "30-ticket-paper-out")
    rig.state.toggleLanguage()
    rig.until(lambda: rig.text("printStatus") == ADVICE_EN.format(number), what="English")
    assert screen_problems(rig) == []
    shot(rig, "30-ticket-paper-out-en")
    rig.state.toggleLanguage()
    normal = status.property("font").pixelSize()
    rig.state.toggleElder()
    rig.until(lambda: status.property("font").pixelSize() > normal * 1.4, what="larger still in elder mode")
    assert rig.text("printStatus") == ADVICE.format(number)
    assert screen_problems(rig) == []
    shot(rig, "30-ticket-paper-out-elder")


def test_a_second_kiosk_reprints_by_number_then_by_card(rig: KioskRig, rig2: KioskRig, host2: DeviceHost, admin):
    number = unprinted_ticket(rig, card="adult")
    record = parse_card_text(SAMPLE_CARDS["adult"].text)
    before = rig2.receipts()
    assert rig2.item("reprintButton").isVisible() and screen_problems(rig2) == []
    shot(rig2, "31-home-with-reprint")
    rig2.item("reprintButton").clicked.emit()
    rig2.page("reprint")
    assert screen_problems(rig2) == []
    type_number(rig2, number)
    rig2.until(lambda: rig2.state.reprint.get("printed") == 1, what="reprinted by number")
    assert rig2.receipts() == before + 1
    raw = last_receipt_bytes(host2)
    assert number.encode() in raw and "补打凭条".encode("gb18030") in raw
    assert record.name.encode("gb18030") not in raw and record.id_number.encode() not in raw
    masked = rig.state.ticket["maskedName"]
    assert masked and masked.encode("gb18030") not in raw  # the number alone prints no name
    assert rig2.text("reprintNumber_0") == number and rig2.text("reprintStatus") == "请取走补打的凭条"
    assert rig2.text("reprintQueue_0").startswith("前面还有 0 人")
    assert screen_problems(rig2) == []
    shot(rig2, "31-reprint-done")
    rig2.item("reprintDone").clicked.emit()
    rig2.page("home")

    rig2.state.startReprint()
    rig2.page("reprint")
    rig2.sim("sim.place_card", card="adult")
    rig2.until(lambda: rig2.state.reprint.get("printed") == 1, what="reprinted by card")
    assert rig2.receipts() == before + 2
    raw = last_receipt_bytes(host2)
    assert number.encode() in raw and "补打凭条".encode("gb18030") in raw and masked.encode("gb18030") in raw
    assert record.id_number.encode() not in raw
    events = admin.get("/events").json()["events"]
    reprints = [(e["data"]["number"], e["data"]["by"], e["data"]["via"]) for e in events
                if e["type"] == "receipt.reprinted"]
    assert reprints == [(number, "device:kiosk-02", "number"), (number, "device:kiosk-02", "id_card")]


def test_unknown_and_finished_numbers_are_refused_clearly_and_print_nothing(rig2: KioskRig, kiosk, admin):
    finished = kiosk.issue("general")["ticket"]
    kiosk.ok(f"/tickets/{finished['id']}/cancel", {})
    before = rig2.receipts()
    rig2.state.startReprint()
    rig2.page("reprint")
    type_number(rig2, "A999")
    rig2.until(lambda: rig2.state.reprint.get("refusal"), what="refused")
    assert rig2.text("reprintMessage") == "今天没有发出过A999号，请核对号码"
    assert rig2.item("reprintMessage").property("font").pixelSize() >= rig2.item("reprintCardHint").property(
        "font").pixelSize()
    rig2.item("reprintKey_clear").clicked.emit()
    assert screen_problems(rig2) == []
    type_number(rig2, finished["number"])
    rig2.until(lambda: "不能补打" in rig2.text("reprintMessage"), what="finished refused")
    assert finished["number"] in rig2.text("reprintMessage")
    rig2.pump(0.3)
    assert rig2.receipts() == before
    shot(rig2, "31-reprint-refused")
    rig2.state.toggleLanguage()
    rig2.until(lambda: "cannot be printed again" in rig2.text("reprintMessage"), what="the refusal in English")
    assert screen_problems(rig2) == []
    shot(rig2, "31-reprint-refused-en")


def test_another_citizens_card_finds_nothing_of_the_first(rig: KioskRig, rig2: KioskRig):
    number = unprinted_ticket(rig, card="adult")
    before = rig2.receipts()
    rig2.state.startReprint()
    rig2.page("reprint")
    rig2.state.toggleElder()
    assert screen_problems(rig2) == []
    shot(rig2, "31-reprint-elder")
    rig2.sim("sim.place_card", card="elder")
    rig2.until(lambda: rig2.state.reprint.get("refusal"), what="refused")
    assert rig2.text("reprintMessage") == "这张身份证今天没有在办理中的号码"
    assert number not in all_texts(rig2)
    rig2.pump(0.3)
    assert rig2.receipts() == before
