"""kiosk-diag against an embedded host: status listing, self-tests, exit status."""
from __future__ import annotations

import io
import json

import pytest

from devices import diag
from devices.host import DeviceHost


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    status = diag.main(list(argv), out=out)
    return status, out.getvalue()


def test_json_listing_all_ok(host: DeviceHost) -> None:
    status, text = run("--url", host.api_url, "--json")
    report = json.loads(text)
    assert status == 0 and report["passed"] is True
    assert {d["name"]: d["state"] for d in report["devices"]} == {name: "ok" for name in host.services}
    assert all(d["reason_zh"] and d["reason_en"] for d in report["devices"])


@pytest.mark.slow
def test_self_test_json_passes_on_simulators(host: DeviceHost) -> None:
    status, text = run("--url", host.api_url, "--json", "--self-test", "--wait", "5")
    report = json.loads(text)
    assert status == 0, text
    assert {d["name"]: d["self_test"]["passed"] for d in report["devices"]} == {n: True for n in host.services}
    card = next(d for d in report["devices"] if d["name"] == "idcard")["self_test"]
    assert "*" in card["detail_zh"]  # masked: the test card's number is not shown in full
    assert len(host.sims["receipt"].sink.receipts) == 1


@pytest.mark.slow
def test_a_device_down_fails_the_check(host: DeviceHost, hs) -> None:
    host.execute("sim.unplug", {"device": "window_led.02"})
    hs.wait_for(lambda: host.services["window_led.02"].health.state == "down")
    status, text = run("--url", host.api_url, "--json")
    assert status == 1
    down = [d for d in json.loads(text)["devices"] if d["state"] != "ok"]
    assert [d["name"] for d in down] == ["window_led.02"]
    status, text = run("--url", host.api_url, "--lang", "both")
    assert status == 1
    assert "窗口屏 02 / window LED screen 02" in text and "故障 DOWN" in text
    assert "设备未连接或无响应" in text and "not connected" in text


def test_a_failed_self_test_fails_the_check(host: DeviceHost) -> None:
    host.execute("sim.set_printer", {"cover_open": True})
    status, text = run("--url", host.api_url, "--self-test", "--device", "receipt", "--lang", "zh")
    assert status == 1
    assert "自检 未通过" in text and "打印机盖未关好" in text
    assert "self-test" not in text  # zh only


def test_host_unreachable_exits_2() -> None:
    status, text = run("--url", "ws://127.0.0.1:1", "--json")
    assert status == 2 and json.loads(text)["passed"] is False
