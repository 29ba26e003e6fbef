"""Devices unplugged and plugged back while the host runs: down once with a reason, ok within 2 s."""
from __future__ import annotations

import logging

import pytest

from devices.client import DeviceClient, DeviceCommandError
from devices.host import DeviceHost

pytestmark = pytest.mark.slow  # each test here takes over a second (README: the fast subset)


def health_events(events: list[dict], device: str) -> list[dict]:
    return [e for e in events if e["event"] == "health.changed" and e["device"] == device]


@pytest.mark.parametrize("device", ["idcard", "receipt", "scanner", "window_led.01"])
def test_unplug_and_replug(device: str, host: DeviceHost, client: DeviceClient, hs,
                           caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="devices")
    client.call("sim.unplug", device=device)
    events = hs.events_until(client, lambda e: e["event"] == "health.changed" and e["device"] == device, timeout=5)
    down = health_events(events, device)[-1]["health"]
    assert down["state"] == "down" and down["code"] == "unreachable"
    assert "连接" in down["reason_zh"] and "not connected" in down["reason_en"]
    listed = client.call("health")["devices"][device]
    assert listed["state"] == "down" and listed["reason_en"] == down["reason_en"]
    # Retries while it stays away do not repeat the news.
    later = hs.drain(client, 1.5)
    assert health_events(later, device) == []
    # The other devices did not notice.
    assert {n: d["state"] for n, d in client.call("health")["devices"].items() if n != device} == \
        {n: "ok" for n in host.services if n != device}

    client.call("sim.replug", device=device)
    back = hs.events_until(client, lambda e: e["event"] == "health.changed" and e["device"] == device, timeout=30.0)
    assert health_events(back, device)[-1]["health"]["state"] == "ok"
    assert health_events(back, device)[-1]["previous"] == "down"
    assert health_events(hs.drain(client, 0.8), device) == []
    # Logged once when it went, once when it came back (Home Assistant's rule).
    said = [r.getMessage() for r in caplog.records if r.name == "devices.services"]
    assert len([m for m in said if m.startswith(f"{device} unavailable")]) == 1
    assert len([m for m in said if m.startswith(f"{device} is back")]) == 1


def test_devices_work_again_after_replug(host: DeviceHost, client: DeviceClient, hs) -> None:
    for device in ("idcard", "receipt", "scanner", "window_led.01"):
        client.call("sim.unplug", device=device)
    hs.wait_for(lambda: all(client.call("health")["devices"][d]["state"] == "down"
                            for d in ("idcard", "receipt", "scanner", "window_led.01")))
    with pytest.raises(DeviceCommandError) as printing:
        client.call("print_test_receipt")
    assert printing.value.code == "device_down" and "小票打印机" in printing.value.message
    with pytest.raises(DeviceCommandError) as showing:
        client.call("show_on_led", window="01", lines=["A001"])
    assert showing.value.code == "device_down"
    for device in ("idcard", "receipt", "scanner", "window_led.01"):
        client.call("sim.replug", device=device)
    hs.wait_for(lambda: all(d["state"] == "ok" for d in client.call("health")["devices"].values()), timeout=3)
    hs.drain(client, 0.1)
    client.call("sim.place_card", card="hkmotw")
    card = hs.events_until(client, lambda e: e["event"] == "card.read", timeout=5)[-1]["card"]
    assert card["card_type"] == "hk_mo_tw_residence"
    client.call("sim.present_code", text="T-A001")
    assert hs.events_until(client, lambda e: e["event"] == "code.scanned", timeout=5)[-1]["text"] == "T-A001"
    client.call("print_test_receipt")
    assert len(host.sims["receipt"].sink.wait_for_receipts(1)) == 1
    client.call("show_on_led", window="01", lines=["A001"])
    hs.wait_for(lambda: host.sims["window_led.01"].shown())


def test_printer_paper_end_refuses_printing_clearly(host: DeviceHost, client: DeviceClient, hs) -> None:
    client.call("sim.set_printer", paper_near_end=True)
    events = hs.events_until(client, lambda e: e["event"] == "health.changed" and e["device"] == "receipt", timeout=3)
    near = events[-1]["health"]
    assert near["state"] == "degraded" and near["code"] == "paper_near_end" and "将尽" in near["reason_zh"]
    client.call("print_test_receipt")  # near end still prints
    assert len(host.sims["receipt"].sink.wait_for_receipts(1)) == 1

    client.call("sim.set_printer", paper_end=True)
    events = hs.events_until(client, lambda e: e["event"] == "health.changed" and e["device"] == "receipt", timeout=3)
    empty = events[-1]["health"]
    assert empty["state"] == "down" and empty["code"] == "paper_end"
    assert "用完" in empty["reason_zh"] and "paper roll is empty" in empty["reason_en"]
    with pytest.raises(DeviceCommandError) as refused:
        client.call("print_receipt", ticket={
            "hall_name": "测试中心", "ticket_number": "B002", "category_name": "社保", "people_ahead": 0,
            "masked_name": None, "tracking_url": "https://hall.example/t/B002"})
    assert refused.value.code == "not_ready"
    assert "小票未打印" in refused.value.message and "打印纸已用完" in refused.value.message
    assert len(host.sims["receipt"].sink.receipts) == 1  # nothing more came out

    client.call("sim.set_printer", paper_end=False, paper_near_end=False)
    events = hs.events_until(client, lambda e: e["event"] == "health.changed" and e["device"] == "receipt", timeout=3)
    assert events[-1]["health"]["state"] == "ok"
