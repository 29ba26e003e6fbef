"""The hall display's language from the hall file: Chinese, English, or each in turn ("alternate"),
switching only once a new call's flash is over; and the band shown while it is not connected, in both
languages at once. A real display offscreen against a real hall server, driven by its events."""
from __future__ import annotations

import pathlib
import tomllib
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject
from PySide6.QtQuick import QQuickItem

import quicksupport as quick
from hall_server.config import SAMPLE_HALL, ConfigError, parse_hall
from hallsupport import DISPLAY_TOKEN, KIOSK_TOKEN, STAFF_PIN, FakeClock, RunningServer, screens_dir
from queue_display.display import DisplayApp

WAIT_MS = 30_000  # generous: waiting for an event costs nothing when it comes
DISPLAY_ROW = 'id = "display-hall"\nrole = "display"\n'


def hall_file(tmp_path: pathlib.Path, settings: str) -> pathlib.Path:
    """The sample hall with these lines added to its hall display's row."""
    text = SAMPLE_HALL.read_text(encoding="utf-8")
    assert DISPLAY_ROW in text
    path = tmp_path / "hall.toml"
    path.write_text(text.replace(DISPLAY_ROW, DISPLAY_ROW + settings), encoding="utf-8")
    return path


@pytest.fixture
def hall_with(tmp_path: pathlib.Path, clock: FakeClock) -> Iterator:
    servers: list[RunningServer] = []

    def start(settings: str) -> RunningServer:
        srv = RunningServer(tmp_path / "hall.db", hall_file(tmp_path, settings), clock, poll_interval=0.2,
                            tick_interval=0.5)
        srv.start()
        servers.append(srv)
        return srv

    yield start
    for srv in servers:
        srv.stop()


@pytest.fixture
def opened(qtbot) -> Iterator:
    shown: list[DisplayApp] = []

    def open_display(server: RunningServer) -> DisplayApp:
        app = DisplayApp(server.url, DISPLAY_TOKEN)
        shown.append(app)
        app.window.resize(1920, 1080)
        app.window.show()
        qtbot.waitUntil(lambda: app.display.live, timeout=WAIT_MS)
        return app

    yield open_display
    for app in shown:
        app.close()


def text(shown: DisplayApp, name: str) -> str:
    item = quick.find(shown.window, name)
    assert item is not None, name
    return str(item.property("text"))


def category_names(shown: DisplayApp) -> set[str]:
    return {str(i.property("text")) for i in quick.all_items(shown.window)
            if i.objectName() == "categoryName" and i.isVisible()}


@pytest.mark.slow
def test_alternate_switches_every_label_between_chinese_and_english(qtbot, hall_with, opened):
    server = hall_with('language = "alternate"\nalternate_seconds = 1\n')
    staff = server.login("w01", STAFF_PIN, "01")
    staff.ok("/windows/01/open")
    server.client(KIOSK_TOKEN).issue("general")
    staff.ok("/windows/01/call-next", {})
    shown = opened(server)
    qtbot.waitUntil(lambda: shown.display.alternating and text(shown, "currentNumber") == "A001", timeout=WAIT_MS)
    assert shown.display.alternateMs == 1000
    for _ in range(2):  # there and back, twice
        qtbot.waitUntil(lambda: text(shown, "nowCallingLabel") == "Now calling", timeout=WAIT_MS)
        qtbot.waitUntil(lambda: text(shown, "currentWindow") == "Please go to Window 1"
                        and "A  General acceptance" in category_names(shown)
                        and text(shown, "hallName") == "Model District Government Service Centre", timeout=WAIT_MS)
        qtbot.waitUntil(lambda: text(shown, "nowCallingLabel") == "正在叫号", timeout=WAIT_MS)
        qtbot.waitUntil(lambda: text(shown, "currentWindow") == "请到 1号窗口"
                        and "A  综合受理" in category_names(shown)
                        and text(shown, "hallName") == "示范区政务服务中心", timeout=WAIT_MS)


@pytest.mark.slow
def test_a_new_calls_flash_is_never_interrupted_by_a_switch(qtbot, hall_with, opened):
    server = hall_with('language = "alternate"\nalternate_seconds = 1\n')
    staff = server.login("w01", STAFF_PIN, "01")
    staff.ok("/windows/01/open")
    shown = opened(server)
    panel = quick.find(shown.window, "callPanel")
    flash = shown.window.findChild(QObject, "highlight")  # the animation itself: its state as it changes
    switches: list[tuple[str, bool]] = []
    shown.display.languageChanged.connect(lambda lang: switches.append((lang, flash.property("running"))))
    qtbot.waitUntil(lambda: len(switches) >= 2, timeout=WAIT_MS)  # it alternates
    server.client(KIOSK_TOKEN).issue("general")
    with qtbot.waitSignal(shown.display.callShown, timeout=WAIT_MS):
        staff.ok("/windows/01/call-next", {})
    before = len(switches)
    qtbot.waitUntil(lambda: panel.property("highlighted"), timeout=WAIT_MS)
    # The flash lasts about five seconds, five switches' worth: the switch due waits for its end.
    qtbot.waitUntil(lambda: not panel.property("highlighted"), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: len(switches) > before, timeout=WAIT_MS)
    assert all(not flashing for _, flashing in switches), switches


def test_a_display_the_hall_file_sets_to_english_shows_english(qtbot, hall_with, opened):
    server = hall_with('language = "en"\n')
    shown = opened(server)
    qtbot.waitUntil(lambda: text(shown, "nowCallingLabel") == "Now calling", timeout=WAIT_MS)
    assert not shown.display.alternating
    qtbot.waitUntil(lambda: "A  General acceptance" in category_names(shown), timeout=WAIT_MS)


def test_a_display_without_the_setting_stays_as_started(qtbot, server, opened):
    shown = opened(server)
    qtbot.waitUntil(lambda: shown.display.hallName == "示范区政务服务中心", timeout=WAIT_MS)
    assert not shown.display.alternating and shown.display.lang == "zh"
    assert text(shown, "nowCallingLabel") == "正在叫号"


def test_the_reconnecting_band_speaks_both_languages(qtbot, server, opened):
    shown = opened(server)
    band = quick.find(shown.window, "reconnectBanner")
    assert band is None or not band.isVisible()
    server.stop()
    qtbot.waitUntil(lambda: quick.find(shown.window, "reconnectText") is not None, timeout=WAIT_MS)
    assert text(shown, "reconnectText") == "正在重新连接…"
    assert text(shown, "reconnectTextOther") == "Reconnecting…"
    other: QQuickItem = quick.find(shown.window, "reconnectTextOther")
    assert not other.property("truncated") and other.property("contentWidth") <= other.width() + 1
    out = screens_dir()
    out.mkdir(parents=True, exist_ok=True)
    assert shown.window.grabWindow().save(str(out / "display-reconnecting.png"))
    shown.display.switchLanguage()  # an English screen says it in English first, then in Chinese
    qtbot.waitUntil(lambda: text(shown, "reconnectText") == "Reconnecting…", timeout=WAIT_MS)
    assert text(shown, "reconnectTextOther") == "正在重新连接…"
    assert shown.window.grabWindow().save(str(out / "display-reconnecting-en.png"))
    server.start()


@pytest.mark.parametrize("settings, problem", [
    ('language = "fr"\n', "language"),
    ('language = "zh"\nalternate_seconds = 5\n', 'alternate_seconds needs language = "alternate"'),
    ('language = "alternate"\nalternate_seconds = 0\n', "alternate_seconds"),
])
def test_bad_display_settings_are_refused_with_the_place(tmp_path, settings, problem):
    raw = tomllib.loads(hall_file(tmp_path, settings).read_text(encoding="utf-8"))
    with pytest.raises(ConfigError) as caught:
        parse_hall(raw, "hall.toml")
    assert problem in str(caught.value) and "devices" in str(caught.value)


def test_display_settings_belong_to_displays(tmp_path):
    text_ = SAMPLE_HALL.read_text(encoding="utf-8").replace(
        'id = "kiosk-01"\nrole = "kiosk"\n', 'id = "kiosk-01"\nrole = "kiosk"\nlanguage = "en"\n')
    with pytest.raises(ConfigError) as caught:
        parse_hall(tomllib.loads(text_), "hall.toml")
    assert "settings of a display" in str(caught.value)
