"""The silent calling chain in one hall: a window terminal calls → the hall display shows it →
the window's LED screen shows it, through a real hall server, the LED relay and a device host
whose LED simulators parse the EQ protocol bytes."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from devices.host import DeviceHost
from hallsupport import DISPLAY_TOKEN, STAFF_PIN, RunningServer
from queue_display.display import DisplayApp
from queue_display.led_relay import LedRelay
from queue_display.terminal import Terminal

pytestmark = pytest.mark.slow  # each test here takes over a second (README: the fast subset)

WAIT_MS = 30_000  # generous: waiting for an event costs nothing when it comes


def press(qtbot, terminal: Terminal, key: Qt.Key, action: str) -> None:
    """Press a terminal shortcut once its action is allowed (as its button would be)."""
    qtbot.waitUntil(lambda: terminal.desk.actions[action], timeout=WAIT_MS)
    terminal.window.requestActivate()
    qtbot.waitUntil(terminal.window.isActive, timeout=WAIT_MS)
    QTest.keyClick(terminal.window, key)


def led(host: DeviceHost, window: str) -> tuple[str, ...]:
    return tuple(line["text"] for line in host.sims[f"window_led.{window}"].shown())


@pytest.fixture
def hall(qtbot, server: RunningServer) -> Iterator[tuple[Terminal, DisplayApp, DeviceHost]]:
    host = DeviceHost({"window_led": {"01": "sim://"}, "host": {"status_interval": 0.3}},
                      listen="127.0.0.1:0").start()
    host.wait_ready()
    relay = LedRelay(server.url, DISPLAY_TOKEN, host.api_url).start()
    shown = DisplayApp(server.url, DISPLAY_TOKEN)
    shown.window.resize(1920, 1080)
    shown.window.show()
    terminal = Terminal(server.url, "01", retry_first_s=0.05, retry_max_s=0.4)
    qtbot.waitExposed(terminal.window)
    try:
        yield terminal, shown, host
    finally:
        terminal.close()
        shown.close()
        relay.stop()
        host.stop()


def test_a_call_from_the_terminal_reaches_the_display_and_the_window_led(qtbot, hall, kiosk):
    terminal, shown, host = hall
    desk = terminal.desk
    desk.login("w01", STAFF_PIN)
    qtbot.waitUntil(lambda: desk.screen == "work" and desk.linkState == "live", timeout=WAIT_MS)
    desk.openWindow()
    qtbot.waitUntil(lambda: desk.windowState == "open" and not desk.busy, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: led(host, "01") == ("1号窗口", "欢迎光临"), timeout=WAIT_MS)
    kiosk.issue("general", name="王小明")

    press(qtbot, terminal, Qt.Key.Key_F1, "callNext")  # 叫号
    qtbot.waitUntil(lambda: shown.display.currentNumber == "A001", timeout=WAIT_MS)
    assert "1号窗口" in shown.display.currentWindow and shown.display.currentName == "王*明"
    qtbot.waitUntil(lambda: led(host, "01") == ("A001", "请A001到1号窗口"), timeout=WAIT_MS)
    serial = shown.display.callSerial

    press(qtbot, terminal, Qt.Key.Key_F2, "recall")  # 重呼: highlighted again, once more
    qtbot.waitUntil(lambda: shown.display.callSerial == serial + 1, timeout=WAIT_MS)
    assert shown.display.currentNumber == "A001"

    press(qtbot, terminal, Qt.Key.Key_F3, "start")  # 开始办理
    qtbot.waitUntil(lambda: led(host, "01") == ("A001", "正在办理"), timeout=WAIT_MS)
    press(qtbot, terminal, Qt.Key.Key_F4, "finish")  # 办结
    qtbot.waitUntil(lambda: led(host, "01") == ("1号窗口", "欢迎光临"), timeout=WAIT_MS)
    assert shown.display.currentNumber == "A001"  # the display keeps the last call on screen
