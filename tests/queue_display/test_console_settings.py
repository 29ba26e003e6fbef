"""The console's 设置 page against a real hall server: a window's profile edited through the form, a
refusal shown under the field it names, and what the server keeps read back over HTTP."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPointF

import quicksupport as quick
from hallsupport import ADMIN_PIN, KIOSK_TOKEN, HallClient, RunningServer, screens_dir
from queue_display.console import Console, install_translator

WAIT_MS = 30_000
SCREENS = screens_dir()


def find(c: Console, name: str):
    return quick.find(c.window, name)


def click(qtbot, c: Console, name: str) -> None:
    quick.click(qtbot, c.window, name, WAIT_MS)


def type_into(qtbot, c: Console, name: str, text: str) -> None:
    """Replace a field's text as a person would: focus it, then the input method commits the new text."""
    editor = find(c, f"{name}_input")
    assert editor is not None, name
    c.window.grabWindow()
    quick.click_item(c.window, editor)
    qtbot.waitUntil(lambda: editor.hasActiveFocus(), timeout=WAIT_MS)
    editor.setProperty("text", "")
    editor.insert(0, text)  # as a commit of the input method: the field's textEdited goes to the page


def screenshot(c: Console, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    image = c.window.grabWindow()
    assert (image.width(), image.height()) == (1600, 1000)
    assert image.save(str(SCREENS / f"console-{name}.png"))


def log_in(qtbot, c: Console) -> None:
    find(c, "loginPin_input").setProperty("text", ADMIN_PIN)
    click(qtbot, c, "loginButton")
    qtbot.waitUntil(lambda: c.state.screen == "main" and c.state.linkState == "live", timeout=WAIT_MS)


def open_window_row(qtbot, c: Console, code: str) -> None:
    click(qtbot, c, "tab_hallsettings")
    click(qtbot, c, "hallSettingsTable_windows")
    qtbot.waitUntil(lambda: find(c, f"hallSettingsRow_{code}") is not None, timeout=WAIT_MS)
    click(qtbot, c, f"hallSettingsRow_{code}")
    qtbot.waitUntil(lambda: find(c, "hallSetting_categories_input") is not None, timeout=WAIT_MS)


@pytest.fixture
def console(qtbot, server: RunningServer) -> Iterator[Console]:
    c = Console(server.url, refresh_s=0.3)
    c.window.resize(1600, 1000)
    qtbot.waitExposed(c.window)
    yield c
    c.close()


def test_a_window_profile_edited_in_the_console(qtbot, console: Console, server: RunningServer,
                                                admin: HallClient) -> None:
    log_in(qtbot, console)
    open_window_row(qtbot, console, "01")
    before = admin.get("/settings").json()
    profile = find(console, "hallSetting_categories_input")
    assert profile.property("text") == ", ".join(before["windows"][0]["categories"])
    screenshot(console, "hall-settings")

    # A category the hall does not have: refused, shown under the profile field, nothing stored.
    type_into(qtbot, console, "hallSetting_categories", "general, nosuch")
    click(qtbot, console, "hallSettingsSave")

    def error() -> str:
        shown = find(console, "hallSetting_categories_error")  # found only while shown
        return "" if shown is None else shown.property("text")

    qtbot.waitUntil(lambda: "nosuch" in error(), timeout=WAIT_MS)
    assert error() == "本厅没有这些类别：['nosuch']"
    screenshot(console, "hall-settings-refused")
    assert admin.get("/settings").json() == before

    # The profile corrected: stored, taken up by the running hall, one event naming the admin.
    type_into(qtbot, console, "hallSetting_categories", "general, social")
    qtbot.waitUntil(lambda: error() == "", timeout=WAIT_MS)
    click(qtbot, console, "hallSettingsSave")
    qtbot.waitUntil(lambda: console.state.message == "设置已保存", timeout=WAIT_MS)
    windows = {w["code"]: w for w in server.client(KIOSK_TOKEN).get("/config").json()["windows"]}
    assert windows["01"]["categories"] == ["general", "social"]
    events = [e for e in admin.get("/events", after=0).json()["events"] if e["type"] == "config.changed"]
    assert [(e["data"]["table"], e["data"]["code"], e["data"]["by"]) for e in events] == [
        ("windows", "01", "staff:admin")]
    qtbot.waitUntil(lambda: console.state.hallSettings.version == events[0]["data"]["version"], timeout=WAIT_MS)


def test_english_settings_page(qtbot, qapp, server: RunningServer) -> None:
    translator = install_translator(qapp, "en")
    assert translator is not None
    c = Console(server.url, "en", refresh_s=0.3)
    try:
        c.window.resize(1600, 1000)
        qtbot.waitExposed(c.window)
        log_in(qtbot, c)
        open_window_row(qtbot, c, "01")
        assert [t["label"] for t in c.state.hallSettings.tables] == [
            "Categories", "Windows", "Service guide", "Rating reasons", "Notice templates"]
        assert [f["label"] for f in c.state.hallSettings.fields][-2:] == [
            "Categories served (comma separated)", "Window LED address"]
        c.window.grabWindow()
        logout = find(c, "logoutButton")  # seven tabs and the header's right side fit 1600 px
        assert logout.mapToScene(QPointF(logout.width(), 0)).x() <= 1600
        screenshot(c, "hall-settings-en")
    finally:
        c.close()
        qapp.removeTranslator(translator)


def test_a_notice_template_fills_the_notice_editor(qtbot, console: Console, admin: HallClient) -> None:
    log_in(qtbot, console)
    click(qtbot, console, "tab_notices")
    click(qtbot, console, "noticeTemplate_lunch")
    editor = find(console, "noticeText")
    lunch = "午间（12:00-13:30）部分窗口轮岗办理，请耐心等候"
    qtbot.waitUntil(lambda: editor.property("text") == lunch, timeout=WAIT_MS)
    assert find(console, "noticeTextEn").property("text") == (
        "Some windows take turns at lunch (12:00-13:30); thank you for waiting")
    click(qtbot, console, "noticeSubmit")
    qtbot.waitUntil(lambda: [n["text"] for n in admin.get("/notices").json()["notices"]] == [lunch], timeout=WAIT_MS)
