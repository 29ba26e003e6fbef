"""The kiosk's part in the console's 设备 page: a heartbeat with its version every heartbeat period
(not only when a device changes), and the remote self-test it takes from the server, runs against
its device host as kiosk-diag --self-test does, and answers with kiosk-diag's JSON."""
from __future__ import annotations

import time

import pytest
from kiosksupport import device_config

from devices.host import DeviceHost
from hallsupport import ADMIN_PIN, HallClient, RunningServer
from kiosk.core import KioskCore
from kiosk.health import device_self_test

WAIT_S = 60.0


def fleet_kiosk(admin: HallClient) -> dict:
    return next(d for d in admin.get("/devices/fleet").json()["devices"] if d["id"] == "kiosk-01")


def wait_for(check, what: str):
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def test_the_first_pass_is_a_heartbeat_with_the_version_even_before_any_device_health(
        server: RunningServer, make_core) -> None:
    core: KioskCore = make_core(server.url, version="1.2.3")
    assert core.sync_now() is True
    admin = server.login("admin", ADMIN_PIN)
    shown = fleet_kiosk(admin)
    assert shown["online"] is True and shown["version"] == "1.2.3" and shown["condition"] == "ok"


def test_a_heartbeat_goes_every_period_though_nothing_changed(server: RunningServer, make_core, monkeypatch) -> None:
    core: KioskCore = make_core(server.url)
    core.report_health({"receipt": {"role": "receipt", "state": "ok", "reason": "ready"}})
    assert core.sync_now() is True
    admin = server.login("admin", ADMIN_PIN)
    first = fleet_kiosk(admin)["last_heard"]
    server.clock.advance(seconds=30)
    core.sync_now()
    assert fleet_kiosk(admin)["last_heard"] == first  # within the period: no heartbeat
    monkeypatch.setattr(core, "_health_sent_at", time.monotonic() - 61)  # the period (60 s) has passed
    server.clock.advance(seconds=31)
    core.sync_now()
    assert fleet_kiosk(admin)["last_heard"] != first


@pytest.mark.slow
def test_a_self_test_asked_by_the_console_runs_on_the_kiosk_and_its_json_comes_back(
        tmp_path, server: RunningServer, make_core) -> None:
    host = DeviceHost(device_config(tmp_path), listen="127.0.0.1:0").start()
    try:
        core: KioskCore = make_core(server.url, self_tester=device_self_test(host.api_url))
        core.report_health({"receipt": {"role": "receipt", "state": "ok", "reason": "ready"}})
        assert core.sync_now() is True
        admin = server.login("admin", ADMIN_PIN)
        run = admin.ok("/devices/kiosk-01/self-test", None, 202)
        core.sync_now()  # the kiosk's next pass takes it
        done = wait_for(lambda: (r := admin.get(f"/devices/self-tests/{run['id']}").json())["state"] == "done"
                        and r, "the self-test's result")
        report = done["result"]
        assert {d["name"] for d in report["devices"]} == {"idcard", "receipt", "certificate", "scanner"}
        assert all("self_test" in d for d in report["devices"])
        assert done["passed"] is report["passed"] is True
        assert done["summary"] == "自检通过：4 台设备全部正常"
    finally:
        host.stop()


def test_a_self_test_with_the_device_host_away_says_so(server: RunningServer, make_core) -> None:
    core: KioskCore = make_core(server.url, self_tester=device_self_test("ws://127.0.0.1:9"))
    assert core.sync_now() is True
    admin = server.login("admin", ADMIN_PIN)
    run = admin.ok("/devices/kiosk-01/self-test", None, 202)
    core.sync_now()
    done = wait_for(lambda: (r := admin.get(f"/devices/self-tests/{run['id']}").json())["state"] == "done"
                    and r, "the self-test's result")
    assert done["passed"] is False and done["result"]["error"]
    assert done["summary"].startswith("自检未通过")
