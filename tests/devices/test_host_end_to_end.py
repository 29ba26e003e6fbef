"""The device host with every device simulated, driven through its local API end to end."""
from __future__ import annotations

import base64
import datetime as dt
import logging
import pathlib

import pytest

from devices.client import DeviceClient, DeviceCommandError
from devices.host import DeviceHost
from devices.testpage import certificate_test_page
from drivers.idcard import is_valid_id_number

TICKET = {
    "hall_name": "测试区政务服务中心",
    "ticket_number": "A017",
    "category_name": "综合受理",
    "people_ahead": 3,
    "estimated_wait_minutes": 12,
    "issued_at": "2026-11-23T09:15:00+08:00",
    "masked_name": "张*三",
    "tracking_url": "https://hall.example/t/A017",
}


@pytest.mark.slow
def test_card_placed_gives_one_card_read_event_with_the_full_number(host: DeviceHost, client: DeviceClient, hs,
                                                                    caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    client.call("sim.place_card", card="elder")
    events = hs.events_until(client, lambda e: e["event"] == "card.read", timeout=5)
    card = events[-1]["card"]
    assert is_valid_id_number(card["id_number"])
    assert card["masked_id"] != card["id_number"] and card["masked_id"].endswith(card["id_number"][-4:])
    assert card["birth_date"] < (dt.date.today() - dt.timedelta(days=70 * 365)).isoformat()  # the elder card
    # The card stays on the reader: no second event for the same presentation.
    assert [e for e in hs.drain(client, 0.8) if e["event"] == "card.read"] == []
    # Taken away and placed again: a new presentation, a new event.
    client.call("sim.remove_card")
    hs.drain(client, 0.4)
    client.call("sim.place_card", card="elder")
    again = hs.events_until(client, lambda e: e["event"] == "card.read", timeout=5)
    assert again[-1]["card"]["id_number"] == card["id_number"]
    # Personal data never reaches the log in full.
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert card["id_number"] not in logged
    assert card["name"] not in logged and card["address"] not in logged
    assert card["masked_id"] in logged


@pytest.mark.slow
def test_card_events_go_only_to_card_subscribers(host: DeviceHost, client: DeviceClient, hs) -> None:
    with DeviceClient(host.api_url) as display:
        display.subscribe("health.changed")
        client.call("sim.place_card", card="adult")
        hs.events_until(client, lambda e: e["event"] == "card.read", timeout=5)
        assert display.next_event(timeout=0.5) is None


@pytest.mark.slow
def test_code_presented_gives_code_scanned(client: DeviceClient, hs) -> None:
    client.call("sim.present_code", text="预约:2026-11-23 09:30 综合受理")
    events = hs.events_until(client, lambda e: e["event"] == "code.scanned", timeout=5)
    scanned = events[-1]
    assert scanned["text"] == "预约:2026-11-23 09:30 综合受理"
    assert scanned["symbology"] == "qrcode"
    assert base64.b64decode(scanned["raw_base64"]).decode("utf-8") == scanned["text"]
    assert [e for e in hs.drain(client, 0.6) if e["event"] == "code.scanned"] == []  # held still: once


def test_print_receipt_reaches_the_printer(host: DeviceHost, client: DeviceClient) -> None:
    result = client.call("print_receipt", ticket=TICKET)
    assert result["printed"] is True and result["health"]["state"] == "ok"
    receipts = host.sims["receipt"].sink.wait_for_receipts(1)
    assert "A017" in receipts[-1].text
    assert "综合受理" in receipts[-1].text
    assert client.call("sim.state", device="receipt")["receipts"] == 1


def test_receipt_with_a_full_id_number_is_refused_and_not_printed(host: DeviceHost, client: DeviceClient) -> None:
    with pytest.raises(DeviceCommandError) as refused:
        client.call("print_receipt", ticket=dict(TICKET, masked_name="110101194903071425"))
    assert refused.value.code == "refused"
    assert "证件号码" in refused.value.message
    with pytest.raises(DeviceCommandError) as bad:
        client.call("print_receipt", ticket=dict(TICKET, people_ahead="three"))
    assert bad.value.code == "bad_args" and "people_ahead" in bad.value.message_en
    assert host.sims["receipt"].sink.receipts == []


def test_a_receipt_carries_the_promised_range_and_a_broken_range_is_refused(host: DeviceHost,
                                                                            client: DeviceClient) -> None:
    for broken in ({"wait_low_minutes": 15}, {"wait_low_minutes": 25, "wait_high_minutes": 15},
                   {"wait_low_minutes": -5, "wait_high_minutes": 5},
                   {"wait_low_minutes": "15", "wait_high_minutes": 25}):
        with pytest.raises(DeviceCommandError) as bad:
            client.call("print_receipt", ticket=dict(TICKET, **broken))
        assert bad.value.code == "bad_args" and bad.value.message and bad.value.message_en
    assert host.sims["receipt"].sink.receipts == []  # nothing printed for a bad ticket
    client.call("print_receipt", ticket=dict(TICKET, wait_low_minutes=15, wait_high_minutes=25))
    text = host.sims["receipt"].sink.wait_for_receipts(1)[-1].text
    assert "预计等候：约 15–25 分钟" in text and "约 12 分钟" not in text


def test_test_receipt_prints(host: DeviceHost, client: DeviceClient) -> None:
    client.call("print_test_receipt")
    assert len(host.sims["receipt"].sink.wait_for_receipts(1)) == 1


@pytest.mark.slow
def test_show_on_led_appears_on_that_window_only(host: DeviceHost, client: DeviceClient, hs) -> None:
    result = client.call("show_on_led", window="01", lines=["A017", "请到1号窗口"], colour="green")
    assert result["shown"] == ["A017", "请到1号窗口"]
    shown = hs.wait_for(lambda: host.sims["window_led.01"].shown())
    assert shown == [{"colour": "green", "text": "A017"}, {"colour": "green", "text": "请到1号窗口"}]
    assert host.sims["window_led.02"].shown() == []
    # The periodic refresh keeps it there (a power-cycled screen gets it back).
    hs.drain(client, 0.7)
    assert host.sims["window_led.01"].shown() == shown
    client.call("clear_led", window="01")
    hs.wait_for(lambda: host.sims["window_led.01"].shown() == [])
    with pytest.raises(DeviceCommandError) as unknown:
        client.call("show_on_led", window="09", lines=["A017"])
    assert unknown.value.code == "not_configured"


@pytest.mark.slow
def test_led_test_pattern_stays_until_replaced(host: DeviceHost, client: DeviceClient, hs) -> None:
    lines = client.call("led_test_pattern", window="02")["shown"]
    assert len(lines) == 2
    hs.drain(client, 0.7)
    assert [x["text"] for x in host.sims["window_led.02"].shown()] == lines


def test_certificate_to_pdfdir_completes(tmp_path: pathlib.Path, client: DeviceClient) -> None:
    pdf = certificate_test_page()
    result = client.call("print_certificate", pdf_base64=base64.b64encode(pdf).decode(), title="营业执照")
    assert result["outcome"] == "completed" and result["completed"] is True
    written = list((tmp_path / "certificates").glob("*.pdf"))
    assert [p.read_bytes() for p in written] == [pdf]
    source = tmp_path / "cert.pdf"
    source.write_bytes(pdf)
    assert client.call("print_certificate", path=str(source))["completed"] is True


def test_certificate_that_is_not_a_pdf_is_refused(tmp_path: pathlib.Path, client: DeviceClient) -> None:
    with pytest.raises(DeviceCommandError) as refused:
        client.call("print_certificate", pdf_base64=base64.b64encode(b"hello").decode())
    assert refused.value.code == "refused"
    with pytest.raises(DeviceCommandError) as bad:
        client.call("print_certificate", pdf_base64="***not base64***")
    assert bad.value.code == "bad_args"
    assert not (tmp_path / "certificates").exists() or not list((tmp_path / "certificates").glob("*.pdf"))


@pytest.mark.slow
def test_self_tests_pass_on_every_simulated_device(host: DeviceHost, client: DeviceClient, hs) -> None:
    for name in host.services:
        result = client.call("self_test", device=name, wait_seconds=5)
        assert result["passed"], result
        assert result["detail_zh"] and result["detail_en"]
    # The technician's test card and test code are not citizens: no events for the kiosk.
    assert [e for e in hs.drain(client, 0.3) if e["event"] in ("card.read", "code.scanned")] == []
