"""The console's 设备 page end to end: a real kiosk with a real device host whose printer runs out of
paper, a real hall server and the console offscreen; the kiosk's remote self-test relayed through
the server and shown; an offline kiosk's self-test refused."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from kiosksupport import KioskRig, device_config
from PySide6.QtQuick import QQuickItem

import quicksupport as quick
from devices.host import DeviceHost
from hallsupport import ADMIN_PIN, FakeClock, HallClient, RunningServer, screens_dir
from kiosk.health import device_self_test
from queue_display.console import Console, install_translator

SCREENS = screens_dir()
WAIT_MS = 60_000  # generous: waiting for an event costs nothing when it comes

PAPER_OUT = {"role": "receipt", "state": "down", "reason": "paper_end", "reason_zh": "打印纸已用完，请更换纸卷",
             "reason_en": "paper roll is empty: load a new roll"}


def find(c: Console, name: str) -> QQuickItem | None:
    return quick.find(c.window, name)


def click(qtbot, c: Console, name: str) -> None:
    quick.click(qtbot, c.window, name, WAIT_MS)


def log_in(qtbot, c: Console) -> None:
    # Typing into the login is test_console's; here the kiosk's window may hold the keyboard focus.
    c.state.login("admin", ADMIN_PIN)
    qtbot.waitUntil(lambda: c.state.screen == "main" and c.state.linkState == "live", timeout=WAIT_MS)


def screenshot(c: Console, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    image = c.window.grabWindow()
    assert (image.width(), image.height()) == (1600, 1000)
    assert image.save(str(SCREENS / f"console-{name}.png"))


def badge(c: Console) -> str | None:
    item = find(c, "tabBadge_devices")
    return item.property("text") if item is not None and item.isVisible() else None


def row(c: Console, device: str) -> QQuickItem | None:
    return find(c, f"fleetDevice_{device}")


def listed(c: Console, device: str) -> dict:
    """The device's row as the page's model holds it (a row scrolled out of view has no delegate)."""
    return next((r for r in c.state.fleet.rows.rows() if r["id"] == device), {})


def fleet_device(admin: HallClient, device: str) -> dict:
    r = admin.get("/devices/fleet")
    assert r.status_code == 200, r.text
    return next(d for d in r.json()["devices"] if d["id"] == device)


@pytest.fixture
def console(qtbot, server: RunningServer) -> Iterator[Console]:
    c = Console(server.url, refresh_s=0.3)
    c.window.resize(1600, 1000)
    qtbot.waitExposed(c.window)
    yield c
    c.close()


@pytest.fixture
def english(qapp) -> Iterator[None]:
    translator = install_translator(qapp, "en")
    assert translator is not None
    yield
    qapp.removeTranslator(translator)


@pytest.mark.slow
def test_paper_out_on_a_real_kiosk_shows_on_the_devices_page_and_its_self_test_runs_remotely(
        qtbot, tmp_path, server: RunningServer, admin: HallClient, clock: FakeClock, console: Console) -> None:
    host = DeviceHost(device_config(tmp_path), listen="127.0.0.1:0").start()
    rig = KioskRig(tmp_path, server, host, clock)
    rig.core.version = "0.1.0"
    rig.core.self_tester = device_self_test(host.api_url)  # what the kiosk app wires (kiosk/app.py)
    try:
        rig.ready()
        log_in(qtbot, console)
        click(qtbot, console, "tab_devices")
        qtbot.waitUntil(lambda: listed(console, "kiosk-01").get("condition") == "ok", timeout=WAIT_MS)
        assert badge(console) is None

        clock.advance(minutes=5)
        began = clock()
        rig.sim("sim.set_printer", paper_end=True)
        qtbot.waitUntil(lambda: fleet_device(admin, "kiosk-01")["condition"] == "paper_out", timeout=WAIT_MS)
        shown = fleet_device(admin, "kiosk-01")
        assert dt.datetime.fromisoformat(shown["since"]) == began and shown["version"] == "0.1.0"
        qtbot.waitUntil(lambda: (r := row(console, "kiosk-01")) is not None and r.property("conditionLabel") == "缺纸"
                        and badge(console) == "1", timeout=WAIT_MS)
        assert console.state.fleet.trouble == 1
        # The kiosk with paper out is listed first, above devices never heard from and those that are well.
        assert console.state.fleet.rows.rows()[0]["id"] == "kiosk-01"
        clock.advance(minutes=3)
        console.state.fleet.refresh()
        qtbot.waitUntil(lambda: (r := row(console, "kiosk-01")) is not None and r.property("sinceText") == "3 分钟前",
                        timeout=WAIT_MS)
        screenshot(console, "devices")

        click(qtbot, console, "selfTest_kiosk-01")
        qtbot.waitUntil(lambda: console.state.fleet.selfTest.get("state") == "done", timeout=WAIT_MS)
        run = console.state.fleet.selfTest
        assert run["passed"] is False and run["summary"].startswith("自检未通过")
        assert console.state.message == run["summary"] and console.state.messageIsError  # the status line too
        receipt = next(x for x in run["lines"] if x["name"] == "凭条打印机")
        assert receipt["passed"] is False
        assert '"name": "receipt"' in run["json"]  # kiosk-diag --json's report, pretty
        qtbot.waitUntil(lambda: find(console, "selfTestSummary") is not None
                        and find(console, "selfTestSummary").property("text") == run["summary"], timeout=WAIT_MS)
        screenshot(console, "self-test")
        click(qtbot, console, "selfTestClose")

        rig.sim("sim.set_printer", paper_end=False)
        qtbot.waitUntil(lambda: badge(console) is None and listed(console, "kiosk-01").get("condition") == "ok",
                        timeout=WAIT_MS)
        changes = [(e["previous"], e["condition"]) for e in admin.get("/devices/kiosk-01/history").json()["entries"]
                   if e["part"] == "receipt"]
        assert changes[:2] == [("paper_out", "ok"), ("ok", "paper_out")]
    finally:
        rig.close()
        host.stop()


@pytest.mark.slow
def test_devices_page_in_english_and_an_offline_kiosk_refused(
        qtbot, english, server: RunningServer, kiosk: HallClient) -> None:
    r = kiosk.post("/devices/health", {"devices": {"receipt": PAPER_OUT}, "version": "0.1.0"})
    assert r.status_code == 204, r.text
    console = Console(server.url, "en", refresh_s=0.3)
    console.window.resize(1600, 1000)
    qtbot.waitExposed(console.window)
    try:
        _english_page(qtbot, console)
    finally:
        console.close()


def _english_page(qtbot, console: Console) -> None:
    log_in(qtbot, console)
    click(qtbot, console, "tab_devices")
    qtbot.waitUntil(lambda: (r := row(console, "kiosk-01")) is not None
                    and r.property("conditionLabel") == "paper out" and badge(console) == "1", timeout=WAIT_MS)
    screenshot(console, "devices-en")
    click(qtbot, console, "selfTest_kiosk-02")  # never heard from
    qtbot.waitUntil(lambda: console.state.message == "the kiosk is offline: no remote self-test"
                    and console.state.messageIsError, timeout=WAIT_MS)
    assert console.state.fleet.selfTest == {}


@pytest.mark.slow
def test_a_7x24_kiosk_down_at_night_is_a_notice_on_the_devices_page(
        qtbot, server: RunningServer, clock: FakeClock) -> None:
    from hallsupport import KIOSK2_TOKEN

    clock.set_local(2026, 11, 23, 22, 40)
    r = server.client(KIOSK2_TOKEN).post("/devices/health", {"devices": {"receipt": PAPER_OUT}})
    assert r.status_code == 204, r.text
    console = Console(server.url, refresh_s=0.3)
    console.window.resize(1600, 1000)
    qtbot.waitExposed(console.window)
    try:
        log_in(qtbot, console)
        click(qtbot, console, "tab_devices")
        qtbot.waitUntil(lambda: len(console.state.fleet.alerts) == 1, timeout=WAIT_MS)
        assert console.state.fleet.alerts[0]["text"] == "7×24自助终端“7×24自助区终端2”夜间缺纸"
        qtbot.waitUntil(lambda: (item := find(console, f"fleetAlert_{console.state.fleet.alerts[0]['id']}"))
                        is not None and item.isVisible(), timeout=WAIT_MS)
        screenshot(console, "devices-night-alert")
    finally:
        console.close()
