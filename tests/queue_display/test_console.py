"""Hall manager console end to end: real QML offscreen, a real hall server on loopback, real HTTP.

Actions go through the UI (mouse clicks, typed text); the server's state is read back over
HTTP afterwards, and what the console shows is compared with what the server answers.
"""
from __future__ import annotations

import csv
import io
import pathlib
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QPointF, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest

import quicksupport as quick
from hallsupport import (untranslated, screens_dir, make_id, AnswerLosingProxy, ADMIN_PIN, STAFF_PIN, DISPLAY_TOKEN,
                         FakeClock, HallClient, RunningServer)
from queue_display.console import I18N, Console, install_translator
from queue_display.desk import WindowDesk

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCREENS = screens_dir()
WAIT_MS = 30_000  # generous: waiting for an event costs nothing when it comes


# --- driving the UI ------------------------------------------------------------------------------

def find(c: Console, name: str) -> QQuickItem | None:
    return quick.find(c.window, name)


def prop(c: Console, name: str, key: str):
    item = find(c, name)
    assert item is not None, name
    return item.property(key)


def click(qtbot, c: Console, name: str) -> None:
    quick.click(qtbot, c.window, name, WAIT_MS)


def type_into(qtbot, c: Console, name: str, keys: str, clear: bool = True) -> None:
    """Click into a field and type, as an input method would deliver the characters."""
    editor = find(c, f"{name}_input") or find(c, name)  # a Field wraps its TextField
    assert editor is not None, name
    if clear:
        editor.setProperty("text", "")
    c.window.grabWindow()  # seen before touched (see quicksupport.click)
    quick.click_item(c.window, editor)
    qtbot.waitUntil(lambda: editor.hasActiveFocus(), timeout=WAIT_MS)
    for ch in keys:
        code = ord(ch.upper()) if ch.isascii() else 0
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QCoreApplication.sendEvent(c.window, QKeyEvent(kind, code, Qt.KeyboardModifier.NoModifier, ch))


def screenshot(c: Console, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    image = c.window.grabWindow()
    assert (image.width(), image.height()) == (1600, 1000)
    assert image.save(str(SCREENS / f"console-{name}.png"))


def category(c: Console, code: str) -> QQuickItem:
    item = find(c, f"category_{code}")
    assert item is not None, code
    return item


def log_in(qtbot, c: Console) -> None:
    type_into(qtbot, c, "loginPin", ADMIN_PIN)
    click(qtbot, c, "loginButton")
    qtbot.waitUntil(lambda: c.state.screen == "main" and c.state.linkState == "live"
                    and find(c, "category_general") is not None, timeout=WAIT_MS)


def board(admin: HallClient) -> dict:
    r = admin.get("/dashboard")
    assert r.status_code == 200, r.text
    return r.json()


# --- fixtures -----------------------------------------------------------------------------------

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


# --- tests --------------------------------------------------------------------------------------

def test_wrong_pin_is_refused_then_the_right_one_logs_in(qtbot, console: Console) -> None:
    type_into(qtbot, console, "loginPin", "000000")
    click(qtbot, console, "loginButton")
    qtbot.waitUntil(lambda: prop(console, "loginMessage", "text") == "工号或密码错误", timeout=WAIT_MS)
    assert console.state.screen == "login"
    log_in(qtbot, console)
    assert console.state.managerName == "何主任"


def test_window_staff_may_not_use_the_console(qtbot, console: Console) -> None:
    type_into(qtbot, console, "loginUser", "tech")
    type_into(qtbot, console, "loginPin", "240724")
    click(qtbot, console, "loginButton")
    qtbot.waitUntil(lambda: prop(console, "loginMessage", "text") == "该账号不是大厅管理员", timeout=WAIT_MS)
    assert console.state.screen == "login"


@pytest.mark.slow
def test_dashboard_matches_the_server_and_turns_yellow_then_red(qtbot, console: Console, server: RunningServer,
                                                              kiosk: HallClient, admin: HallClient,
                                                              clock: FakeClock) -> None:
    for _ in range(3):
        kiosk.issue()
    kiosk.issue("tax")
    staff = server.login("w01", STAFF_PIN, "01")
    staff.ok("/windows/01/open")
    clock.advance(minutes=12)
    called = staff.ok("/windows/01/call-next", {})["ticket"]
    log_in(qtbot, console)

    expected = board(admin)
    for cat in expected["categories"]:
        row = category(console, cat["code"])
        assert (row.property("waiting"), row.property("longestWait"), row.property("sla")) == (
            cat["waiting"], cat["longest_wait_minutes"], cat["sla"])
    assert (category(console, "general").property("waiting"), category(console, "tax").property("waiting")) == (2, 1)
    assert ([w["idle_minutes"] for w in console.state.dashboard.windows]
            == [w["idle_minutes"] for w in expected["windows"]])
    w01 = find(console, "window_01")
    assert w01.property("state_") == "open"
    assert any(i.objectName() == "windowDetail" and i.property("text") == f"呼叫 {called['number']}"
               for i in quick.items_under(w01))
    assert [h["issued"] for h in console.state.dashboard.hours][1] == 4  # all four at 09:xx

    clock.advance(minutes=19)  # 31 minutes since issue: past the yellow line (30), without any event
    qtbot.waitUntil(lambda: category(console, "general").property("sla") == "yellow", timeout=WAIT_MS)
    assert category(console, "tax").property("sla") == "yellow"
    assert badge(console, "general") == "黄色预警"
    clock.advance(minutes=30)
    qtbot.waitUntil(lambda: category(console, "general").property("sla") == "red", timeout=WAIT_MS)
    assert badge(console, "general") == "红色预警"
    assert {c["code"]: c["sla"] for c in board(admin)["categories"] if c["waiting"]} == {
        "general": "red", "tax": "red"}
    screenshot(console, "dashboard")


def badge(c: Console, code: str) -> str:
    """The SLA badge's text of a category row (rows are made anew on every dashboard read)."""
    return next(i for i in quick.items_under(category(c, code)) if i.objectName() == "slaBadge").property("text")


def _elided(button: QQuickItem) -> bool:
    """A button's label is cut short (its text is wider than the room it has)."""
    label = button.property("contentItem")
    return label.property("implicitWidth") > label.width() + 0.5


@pytest.mark.slow
def test_open_and_close_a_window_from_the_console(qtbot, console: Console, admin: HallClient) -> None:
    log_in(qtbot, console)
    assert find(console, "window_05").property("state_") == "closed"
    click(qtbot, console, "windowToggle_05")
    qtbot.waitUntil(lambda: find(console, "window_05").property("state_") == "open", timeout=WAIT_MS)
    assert next(w for w in board(admin)["windows"] if w["code"] == "05")["state"] == "open"
    assert console.state.message == "窗口已开放"
    click(qtbot, console, "windowToggle_05")
    qtbot.waitUntil(lambda: find(console, "window_05").property("state_") == "closed", timeout=WAIT_MS)
    assert next(w for w in board(admin)["windows"] if w["code"] == "05")["state"] == "closed"


@pytest.mark.slow
def test_a_press_held_while_the_dashboard_refreshes_still_counts(qtbot, console: Console, kiosk: HallClient) -> None:
    """The board refreshes on every ticket; a manager's finger on a button must not be lost to it."""
    log_in(qtbot, console)
    click(qtbot, console, "tab_settings")
    console.window.grabWindow()
    button = find(console, "settingsCategory_tax")
    point = button.mapToScene(QPointF(button.width() / 2, button.height() / 2)).toPoint()
    QTest.mousePress(console.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    kiosk.issue("tax")  # the event stream brings a new dashboard, the tax row's count changed, while the finger is down
    qtbot.waitUntil(lambda: next(c for c in console.state.dashboard.categories if c["code"] == "tax")["waiting"] == 1,
                    timeout=WAIT_MS)
    assert find(console, "settingsCategory_tax") is button  # the same button, updated in place
    QTest.mouseRelease(console.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    qtbot.waitUntil(lambda: prop(console, "settingsTitle", "text") == "税务", timeout=WAIT_MS)
    assert prop(console, "settingsCap_input", "text") == "300"


def window_detail(c: Console, code: str) -> str:
    detail = next(i for i in quick.items_under(find(c, f"window_{code}")) if i.objectName() == "windowDetail")
    return detail.property("text")


@pytest.mark.slow
def test_pause_a_staffed_window_with_a_common_reason_then_resume(qtbot, console: Console, server: RunningServer,
                                                                 admin: HallClient) -> None:
    staff = server.login("w01", STAFF_PIN, "01")
    staff.ok("/windows/01/open")
    log_in(qtbot, console)
    assert prop(console, "windowPause_01", "text") == "暂停"
    assert find(console, "windowPause_05") is None  # a closed window cannot be paused
    click(qtbot, console, "windowPause_01")
    qtbot.waitUntil(lambda: find(console, "pausePanel") is not None, timeout=WAIT_MS)
    assert "1号窗口" in prop(console, "pauseTitle", "text")
    assert not find(console, "pauseConfirm").isEnabled()  # no reason yet
    screenshot(console, "pause-dialog")
    # The hall's pause reasons (hall file, or its defaults), by name in the UI's language.
    assert [prop(console, f"pauseReason_{i}", "text") for i in range(5)] == [
        "临时离开", "业务咨询", "系统故障", "午间休息", "业务培训"]
    click(qtbot, console, "pauseReason_3")
    click(qtbot, console, "pauseConfirm")
    qtbot.waitUntil(lambda: find(console, "window_01").property("state_") == "paused", timeout=WAIT_MS)
    w01 = next(w for w in board(admin)["windows"] if w["code"] == "01")
    assert (w01["state"], w01["reason"], w01["staff_name"]) == ("paused", "lunch", "王芳")  # the code is sent
    qtbot.waitUntil(lambda: window_detail(console, "01") == "午间休息", timeout=WAIT_MS)
    assert console.state.message == "窗口已暂停"
    staff.refused("/windows/01/call-next", {}, 409, "window_not_open")

    # A second reason clicked replaces the first.
    server.login("w02", STAFF_PIN, "02").ok("/windows/02/open")
    qtbot.waitUntil(lambda: find(console, "windowPause_02") is not None, timeout=WAIT_MS)
    click(qtbot, console, "windowPause_02")
    qtbot.waitUntil(lambda: find(console, "pausePanel") is not None, timeout=WAIT_MS)
    click(qtbot, console, "pauseReason_2")
    click(qtbot, console, "pauseReason_0")
    click(qtbot, console, "pauseConfirm")
    qtbot.waitUntil(lambda: window_detail(console, "02") == "临时离开", timeout=WAIT_MS)
    assert next(w for w in board(admin)["windows"] if w["code"] == "02")["reason"] == "away"
    screenshot(console, "paused")

    assert prop(console, "windowPause_01", "text") == "恢复"
    click(qtbot, console, "windowPause_01")
    qtbot.waitUntil(lambda: find(console, "window_01").property("state_") == "open", timeout=WAIT_MS)
    assert console.state.message == "窗口已恢复"
    w01 = next(w for w in board(admin)["windows"] if w["code"] == "01")
    assert (w01["state"], w01["reason"], w01["staff_name"]) == ("open", None, "王芳")
    staff.ok("/windows/01/call-next", {})  # the staff can call again at once


@pytest.mark.slow
def test_the_console_and_the_terminal_name_a_pause_alike(qtbot, console: Console, server: RunningServer) -> None:
    """The terminal pauses with a code; both name it from the hall's reasons, with the same words."""
    desk = WindowDesk(server.url, "01", retry_first_s=0.05, retry_max_s=0.4)
    try:
        log_in(qtbot, console)
        desk.login("w01", STAFF_PIN)
        qtbot.waitUntil(lambda: desk.linkState == "live" and desk.pauseReasons != [], timeout=WAIT_MS)
        desk.openWindow()
        qtbot.waitUntil(lambda: desk.windowState == "open" and not desk.busy, timeout=WAIT_MS)
        desk.pauseWindow("system_fault")
        qtbot.waitUntil(lambda: window_detail(console, "01") == "系统故障", timeout=WAIT_MS)
        qtbot.waitUntil(lambda: desk.pauseReason == "系统故障", timeout=WAIT_MS)
        screenshot(console, "dashboard-paused-at-its-terminal")
    finally:
        desk.logout()


@pytest.mark.slow
def test_the_dashboard_shows_every_window_closed_after_the_daily_reset(qtbot, server: RunningServer,
                                                                      kiosk: HallClient, clock: FakeClock) -> None:
    """day.rolled alone moves the dashboard (no periodic read here): the paused window shows closed."""
    clock.set_local(2026, 11, 23, 23, 0)  # a late shift: the sessions (10 hours) last into the next day's opening
    server.login("w01", STAFF_PIN, "01").ok("/windows/01/open")
    admin = server.login("admin", ADMIN_PIN)
    admin.ok("/windows/01/pause", {"reason": "lunch"})
    c = Console(server.url, refresh_s=3600)
    try:
        c.window.resize(1600, 1000)
        qtbot.waitExposed(c.window)
        log_in(qtbot, c)
        qtbot.waitUntil(lambda: window_detail(c, "01") == "午间休息", timeout=WAIT_MS)
        clock.set_local(2026, 11, 24, 8, 45)  # past the 03:00 reset, the hall open again
        kiosk.issue("general")  # the day's first command turns it over
        qtbot.waitUntil(lambda: find(c, "window_01").property("state_") == "closed", timeout=WAIT_MS)
        assert window_detail(c, "01") == ""
    finally:
        c.close()


@pytest.mark.slow
def test_pause_without_a_reason_is_refused_here(qtbot, console: Console, server: RunningServer,
                                                admin: HallClient) -> None:
    server.login("w03", STAFF_PIN, "03").ok("/windows/03/open")
    log_in(qtbot, console)
    console.state.dashboard.pauseWindow("03", "   ")
    assert console.state.messageIsError and console.state.message == "请选择暂停原因"
    assert next(w for w in board(admin)["windows"] if w["code"] == "03")["state"] == "open"
    console.state.dashboard.pauseWindow("03", "午休")  # words, not one of the hall's codes: the server refuses
    qtbot.waitUntil(lambda: console.state.messageIsError
                    and console.state.message == "没有这个暂停原因，请从本大厅的暂停原因中选择", timeout=WAIT_MS)
    assert next(w for w in board(admin)["windows"] if w["code"] == "03")["state"] == "open"


@pytest.mark.slow
def test_a_command_lost_while_the_server_is_down_lands_once(qtbot, server: RunningServer) -> None:
    c = Console(server.url, refresh_s=0.3, retry_first_s=0.05, retry_max_s=0.4)
    try:
        c.window.resize(1600, 1000)
        qtbot.waitExposed(c.window)
        log_in(qtbot, c)
        server.stop()
        before = len(c.state.api.sent_keys)
        click(qtbot, c, "windowToggle_05")
        qtbot.waitUntil(lambda: "正在重新发送" in c.state.message, timeout=WAIT_MS)
        assert c.state.busy and not find(c, "windowToggle_01").isEnabled()
        qtbot.waitUntil(lambda: len(c.state.api.sent_keys) >= before + 3, timeout=WAIT_MS)
        server.start()
        qtbot.waitUntil(lambda: c.state.message == "窗口已开放", timeout=WAIT_MS)
        qtbot.waitUntil(lambda: find(c, "window_05").property("state_") == "open", timeout=WAIT_MS)
        keys = c.state.api.sent_keys[before:]
        assert len(keys) >= 3 and len(set(keys)) == 1
        admin = server.login("admin", ADMIN_PIN)
        events = admin.get("/events", after=0).json()["events"]
        assert [e["data"]["window"]["code"] for e in events if e["type"] == "window.opened"] == ["05"]
        assert not c.state.busy
    finally:
        c.close()


@pytest.mark.slow
def test_an_answer_lost_after_the_server_acted_is_not_acted_on_twice(qtbot, server: RunningServer,
                                                                     admin: HallClient) -> None:
    server.login("w04", STAFF_PIN, "04").ok("/windows/04/open")
    proxy = AnswerLosingProxy(server.port)
    c = Console(proxy.url, refresh_s=0.3, retry_first_s=0.05, retry_max_s=0.4, events_url=server.url)
    try:
        c.window.resize(1600, 1000)
        qtbot.waitExposed(c.window)
        log_in(qtbot, c)
        proxy.lose = 1
        c.state.dashboard.pauseWindow("04", "system_fault")
        qtbot.waitUntil(lambda: c.state.message == "窗口已暂停", timeout=WAIT_MS)
        pauses = [k for (method, path, k) in proxy.seen if path.endswith("/windows/04/pause")]
        assert len(pauses) == 2 and pauses[0] == pauses[1]  # sent again, with the same key
        events = admin.get("/events", after=0).json()["events"]
        assert [e["type"] for e in events].count("window.paused") == 1
    finally:
        c.close()
        proxy.close()


@pytest.mark.slow
def test_add_a_notice_and_see_its_event(qtbot, console: Console, server: RunningServer) -> None:
    log_in(qtbot, console)
    seen: list[str] = []
    console.state.eventSeen.connect(seen.append)
    click(qtbot, console, "tab_notices")
    type_into(qtbot, console, "noticeText", "今日16:30起暂停受理不动产登记业务")
    type_into(qtbot, console, "noticeTextEn", "Real estate registration closes at 16:30 today")
    click(qtbot, console, "noticeSubmit")
    qtbot.waitUntil(lambda: "notice.changed" in seen and len(console.state.notices.list) == 1, timeout=WAIT_MS)
    display = server.client(DISPLAY_TOKEN)
    notices = display.get("/notices").json()["notices"]
    assert [(n["text"], n["text_en"], n["area"], n["active"]) for n in notices] == [
        ("今日16:30起暂停受理不动产登记业务", "Real estate registration closes at 16:30 today", None, True)]
    qtbot.waitUntil(lambda: find(console, f"notice_{notices[0]['id']}") is not None, timeout=WAIT_MS)

    # A second notice from another console shows up here through the event stream alone.
    other = server.login("admin", ADMIN_PIN)
    other.ok("/notices", {"text": "二楼税务窗口午间不休", "area": "二楼"}, 201)
    qtbot.waitUntil(lambda: len(console.state.notices.list) == 2, timeout=WAIT_MS)
    screenshot(console, "notices")

    click(qtbot, console, f"noticeToggle_{notices[0]['id']}")
    qtbot.waitUntil(lambda: [n["active"] for n in console.state.notices.list] == [False, True], timeout=WAIT_MS)
    assert [n["text"] for n in display.get("/notices").json()["notices"]] == ["二楼税务窗口午间不休"]
    click(qtbot, console, f"noticeDelete_{notices[0]['id']}")
    qtbot.waitUntil(lambda: len(console.state.notices.list) == 1, timeout=WAIT_MS)
    assert seen.count("notice.changed") >= 4


@pytest.mark.slow
def test_category_settings_from_the_form(qtbot, console: Console, admin: HallClient, kiosk: HallClient) -> None:
    log_in(qtbot, console)
    click(qtbot, console, "tab_settings")
    click(qtbot, console, "settingsCategory_tax")
    qtbot.waitUntil(lambda: prop(console, "settingsCap_input", "text") == "300", timeout=WAIT_MS)
    type_into(qtbot, console, "settingsCap", "2")
    type_into(qtbot, console, "settingsWarn", "1")
    type_into(qtbot, console, "settingsPrefix", "T")
    click(qtbot, console, "settingsSave")
    qtbot.waitUntil(lambda: console.state.message == "设置已保存；新字头自下一个工作日起使用", timeout=WAIT_MS)
    tax = next(c for c in board(admin)["categories"] if c["code"] == "tax")
    assert (tax["daily_cap"], tax["warn_waiting"], tax["prefix"], tax["pending_prefix"]) == (2, 1, "E", "T")
    assert kiosk.issue("tax")["ticket"]["number"] == "E001"  # the new prefix waits for tomorrow
    kiosk.issue("tax")
    kiosk.refused("/tickets", {"category": "tax"}, 409, "daily_cap_reached")
    qtbot.waitUntil(lambda: "改为 T" in prop(console, "settingsPrefixNote", "text"), timeout=WAIT_MS)

    # Bad hours: the server's refusal is shown and nothing changes.
    type_into(qtbot, console, "settingsHours", "17:00-08:30")
    click(qtbot, console, "settingsSave")
    qtbot.waitUntil(lambda: console.state.messageIsError and "结束早于开始" in console.state.message,
                    timeout=WAIT_MS)
    assert next(c for c in board(admin)["categories"] if c["code"] == "tax")["hours"] == [
        "08:30-12:00", "13:00-17:30"]
    # A prefix another category uses is refused.
    type_into(qtbot, console, "settingsHours", "08:30-12:00, 13:00-17:30")
    type_into(qtbot, console, "settingsPrefix", "A")
    click(qtbot, console, "settingsSave")
    qtbot.waitUntil(lambda: console.state.message == "字母A已由“综合受理”使用", timeout=WAIT_MS)


# --- English -----------------------------------------------------------------------------------

def test_translation_file_is_complete() -> None:
    count, unfinished = untranslated(I18N / "console_en.ts")
    assert count > 50 and unfinished == []
    assert (I18N / "console_en.qm").stat().st_size > 1000


@pytest.mark.slow
def test_english_dashboard(qtbot, english, server: RunningServer, kiosk: HallClient, admin: HallClient,
                           clock: FakeClock) -> None:
    kiosk.issue()
    clock.advance(minutes=35)
    kiosk.issue("social")
    server.login("w02", STAFF_PIN, "02").ok("/windows/02/open")
    server.login("w03", STAFF_PIN, "03").ok("/windows/03/open")
    admin.ok("/windows/03/pause", {"reason": "lunch"})  # recorded as its code, shown in the UI's language
    c = Console(server.url, "en", refresh_s=0.3)
    try:
        c.window.resize(1600, 1000)
        qtbot.waitExposed(c.window)
        assert prop(c, "loginButton", "text") == "Log in"
        log_in(qtbot, c)
        assert badge(c, "general") == "Yellow alert"
        assert prop(c, "windowToggle_01", "text") == "Open"
        assert window_detail(c, "03") == "Lunch break"
        assert prop(c, "windowPause_03", "text") == "Resume"
        assert not _elided(find(c, "windowPause_03")) and not _elided(find(c, "windowToggle_03"))
        click(qtbot, c, "windowPause_02")
        qtbot.waitUntil(lambda: find(c, "pausePanel") is not None, timeout=WAIT_MS)
        assert prop(c, "pauseReason_4", "text") == "Training"
        click(qtbot, c, "pauseReason_1")
        screenshot(c, "pause-dialog-en")
        click(qtbot, c, "pauseConfirm")
        qtbot.waitUntil(lambda: window_detail(c, "02") == "Consultation", timeout=WAIT_MS)
        assert c.state.message == "Window paused"
        assert next(w for w in board(admin)["windows"] if w["code"] == "02")["reason"] == "consulting"
        screenshot(c, "dashboard-en")
    finally:
        c.close()


# --- 电子监察, 差评回访, 统计 ----------------------------------------------------------------------

APPROVAL_TOKEN = "demo-approval-system-7b3e51d0c9a2"


def case_row(number: str, accepted_on: str, stage: str = "accepted", matter: str = "GA-HZ-003",
             serial: str = "123", name: str = "张小三") -> dict:
    return {"number": number, "matter": matter, "id_number": make_id("19850612", serial=serial), "name": name,
            "stage": stage, "accepted_on": accepted_on}


def serve(staff: HallClient, window: str, ticket_id: int) -> None:
    staff.ok(f"/windows/{window}/call-next", {"ticket_id": ticket_id})
    staff.ok(f"/windows/{window}/start", {"ticket_id": ticket_id})
    staff.ok(f"/windows/{window}/finish", {"ticket_id": ticket_id})


def tile(c: Console, name: str) -> int:
    return int(prop(c, f"{name}_count", "text"))


def text_under(c: Console, item_name: str, child: str) -> str:
    item = find(c, item_name)
    assert item is not None, item_name
    return next(i for i in quick.items_under(item) if i.objectName() == child).property("text")


@pytest.mark.slow
def test_supervision_lights_cases_and_waiting_tickets_red_first(qtbot, console: Console, server: RunningServer,
                                                                kiosk: HallClient, admin: HallClient,
                                                                clock: FakeClock) -> None:
    approval = server.client(APPROVAL_TOKEN)
    result = approval.ok("/cases/import", {"cases": [
        case_row("SFQ2026000070", "2026-11-20"),                   # due Nov 27: 4 working days left → not listed
        case_row("SFQ2026000071", "2026-11-16", serial="456"),     # due today: yellow
        case_row("SFQ2026000072", "2026-11-17", stage="reviewing"),  # due tomorrow: yellow
        case_row("SFQ2026000073", "2026-11-12", name="李四"),       # due Nov 19: red
        case_row("SFQ2026000074", "2026-11-12", stage="done"),     # done: never lit
    ]})
    assert result["created"] == 5
    first = kiosk.issue()["ticket"]
    clock.advance(minutes=25)
    kiosk.issue("tax")
    clock.advance(minutes=6)  # the first has waited 31 minutes: yellow; the second 6
    log_in(qtbot, console)
    assert find(console, "tabBadge_supervision") is not None  # one red case: the tab says so from any page
    assert prop(console, "tabBadge_supervision", "text") == "1"
    click(qtbot, console, "tab_supervision")

    cases = admin.get("/supervision/cases").json()
    tickets = admin.get("/supervision/tickets").json()
    qtbot.waitUntil(lambda: find(console, "lateTicket_A001") is not None, timeout=WAIT_MS)
    assert (tile(console, "supCaseRed"), tile(console, "supCaseYellow")) == (cases["red"], cases["yellow"]) == (1, 2)
    assert ((tile(console, "supTicketRed"), tile(console, "supTicketYellow"))
            == (tickets["red"], tickets["yellow"]) == (0, 1))
    shown = [(r["number"], r["light"], r["working_days_left"]) for r in console.state.supervision.caseRows.rows()]
    assert shown == [(c["number"], c["light"], c["working_days_left"]) for c in cases["cases"]] == [
        ("SFQ2026000073", "red", -2), ("SFQ2026000071", "yellow", 0), ("SFQ2026000072", "yellow", 1)]
    assert text_under(console, "case_SFQ2026000073", "caseLight") == "■ 红灯 超期"
    assert text_under(console, "case_SFQ2026000071", "caseLight") == "▲ 黄灯 临期"
    row = find(console, "case_SFQ2026000073")
    texts = [i.property("text") for i in quick.items_under(row) if i.property("text")]
    assert "李*" in texts and "超期 2 个工作日" in texts and "户口迁入" in texts
    assert not any("李四" in str(t) or "19850612" in str(t) for t in texts)  # never the name or ID number
    assert text_under(console, "lateTicket_A001", "ticketLight") == "▲ 黄灯 超时"
    assert find(console, "lateTicket_E001") is None

    # Waits grow without any event: the timer turns the first red and the second yellow.
    clock.advance(minutes=30)
    qtbot.waitUntil(lambda: find(console, "lateTicket_A001") is not None
                    and find(console, "lateTicket_A001").property("level") == "red", timeout=WAIT_MS)
    assert text_under(console, "lateTicket_A001", "ticketLight") == "■ 红灯 严重超时"
    qtbot.waitUntil(lambda: find(console, "lateTicket_E001") is not None, timeout=WAIT_MS)
    assert [r["number"] for r in console.state.supervision.lateTicketRows.rows()] == ["A001", "E001"]
    qtbot.waitUntil(lambda: prop(console, "tabBadge_supervision", "text") == "2", timeout=WAIT_MS)
    screenshot(console, "supervision")

    # A case imported now shows up by its event; a ticket called to a window leaves the list.
    approval.ok("/cases/import", {"cases": [case_row("SFQ2026000075", "2026-11-10", serial="789")]})
    staff = server.login("w01", STAFF_PIN, "01")
    staff.ok("/windows/01/open")
    staff.ok("/windows/01/call-next", {"ticket_id": first["id"]})
    qtbot.waitUntil(lambda: find(console, "case_SFQ2026000075") is not None
                    and find(console, "lateTicket_A001") is None, timeout=WAIT_MS)
    assert tile(console, "supCaseRed") == 2 and tile(console, "supTicketRed") == 0
    assert [r["number"] for r in console.state.supervision.caseRows.rows()][:2] == ["SFQ2026000075", "SFQ2026000073"]


@pytest.mark.slow
def test_close_a_bad_ratings_follow_up_with_a_note(qtbot, console: Console, server: RunningServer,
                                                    kiosk: HallClient, clock: FakeClock) -> None:
    staff = server.login("w01", STAFF_PIN, "01")
    staff.ok("/windows/01/open")
    codes = []
    for _ in range(3):
        issued = kiosk.issue()
        serve(staff, "01", issued["ticket"]["id"])
        codes.append(issued["track_url"])
    late = kiosk.ok("/ratings/by-ticket-code", {"code": codes[0], "level": 2, "reason_code": "long_wait"}, 201)
    clock.advance(hours=2)
    due = kiosk.ok("/ratings/by-ticket-code", {"code": codes[1], "level": 1, "reason": "材料反复退回"}, 201)
    clock.advance(hours=22, seconds=1)  # the first follow-up's 24 hours are up; the second has two left
    log_in(qtbot, console)
    admin = server.login("admin", ADMIN_PIN)
    click(qtbot, console, "tab_followups")
    listed = admin.get("/ratings/follow-ups").json()
    qtbot.waitUntil(lambda: console.state.followUps.counts == {"open": 1, "overdue": 1, "closed": 0}, timeout=WAIT_MS)
    assert (listed["open"], listed["overdue"]) == (1, 1)
    overdue_id, open_id = (f["id"] for f in listed["follow_ups"])
    assert [r["id"] for r in console.state.followUps.rows.rows()] == [overdue_id, open_id]
    qtbot.waitUntil(lambda: find(console, f"followUp_{overdue_id}") is not None, timeout=WAIT_MS)
    assert text_under(console, f"followUp_{overdue_id}", "followUpState") == "■ 已超期"
    texts = [i.property("text") for i in quick.items_under(find(console, f"followUp_{open_id}")) if i.property("text")]
    assert {"非常不满意", "材料反复退回", "号码 A002", "1号窗口", "w01", "11-23 11:00", "11-24 11:00"} <= set(texts)
    assert prop(console, "tabBadge_followups", "text") == "1"  # the overdue one
    screenshot(console, "follow-ups")

    # An empty note is refused and changes nothing.
    click(qtbot, console, f"followUpClose_{overdue_id}")
    qtbot.waitUntil(lambda: find(console, "followUpPanel") is not None, timeout=WAIT_MS)
    click(qtbot, console, "followUpConfirm")
    qtbot.waitUntil(lambda: prop(console, "followUpRefusal", "text") == "请填写回访处理情况", timeout=WAIT_MS)
    assert find(console, "followUpPanel") is not None  # still asking
    assert admin.get("/ratings/follow-ups", state="overdue").json()["overdue"] == 1
    type_into(qtbot, console, "followUpNote", "已电话回访，说明高峰时段")
    screenshot(console, "follow-up-dialog")
    click(qtbot, console, "followUpConfirm")
    qtbot.waitUntil(lambda: find(console, "followUpPanel") is None, timeout=WAIT_MS)
    closed = next(f for f in admin.get("/ratings/follow-ups").json()["follow_ups"] if f["id"] == overdue_id)
    assert (closed["state"], closed["overdue"], closed["note"], closed["closed_by"]) == (
        "closed", True, "已电话回访，说明高峰时段", "admin")
    assert console.state.message == "回访已办结"
    qtbot.waitUntil(lambda: console.state.followUps.counts == {"open": 1, "overdue": 0, "closed": 1}, timeout=WAIT_MS)
    assert text_under(console, f"followUp_{overdue_id}", "followUpState") == "✔ 已办结（逾期）"

    # Closed meanwhile on another console: the server's refusal is shown plainly, in the dialog.
    click(qtbot, console, f"followUpClose_{open_id}")
    qtbot.waitUntil(lambda: find(console, "followUpPanel") is not None, timeout=WAIT_MS)
    admin.ok(f"/ratings/follow-ups/{open_id}/close", {"note": "已协调退件问题"})
    type_into(qtbot, console, "followUpNote", "重复办结")
    click(qtbot, console, "followUpConfirm")
    qtbot.waitUntil(lambda: prop(console, "followUpRefusal", "text") == "这条差评回访已办结", timeout=WAIT_MS)
    assert console.state.messageIsError
    assert next(f for f in admin.get("/ratings/follow-ups").json()["follow_ups"] if f["id"] == open_id)["note"] == (
        "已协调退件问题")
    click(qtbot, console, "followUpCancel")

    # A new bad rating opens a follow-up that appears through the event stream alone.
    fresh = kiosk.ok("/ratings/by-ticket-code", {"code": codes[2], "level": 2, "reason": "窗口人员态度冷淡"}, 201)
    qtbot.waitUntil(lambda: any(r["reason"] == "窗口人员态度冷淡" for r in console.state.followUps.rows.rows()),
                    timeout=WAIT_MS)
    assert console.state.followUps.rows.rows()[0]["state"] == "open"  # what still needs doing comes first
    assert fresh["follow_up_due"] and late["id"] != due["id"]
    click(qtbot, console, "followUpFilter_closed")
    qtbot.waitUntil(lambda: [r["state"] for r in console.state.followUps.rows.rows()] == ["closed", "closed"],
                    timeout=WAIT_MS)
    click(qtbot, console, "followUpFilter_all")
    qtbot.waitUntil(lambda: len(console.state.followUps.rows.rows()) == 3, timeout=WAIT_MS)


@pytest.fixture
def exporting(qtbot, server: RunningServer, tmp_path: pathlib.Path) -> Iterator[Console]:
    c = Console(server.url, refresh_s=0.3, export_dir=tmp_path / "exports")
    c.window.resize(1600, 1000)
    qtbot.waitExposed(c.window)
    yield c
    c.close()


def stats_rows(admin: HallClient, first: str, last: str, by: str) -> list[dict]:
    r = admin.get("/stats", **{"from": first, "to": last, "by": by})
    assert r.status_code == 200, r.text
    return r.json()["rows"]


@pytest.mark.slow
def test_statistics_by_day_category_and_window_with_a_csv_export(qtbot, exporting: Console, server: RunningServer,
                                                               kiosk: HallClient, admin: HallClient,
                                                               clock: FakeClock, tmp_path: pathlib.Path) -> None:
    c = exporting
    staff = server.login("w01", STAFF_PIN, "01")
    staff.ok("/windows/01/open")
    tickets = [kiosk.issue()["ticket"] for _ in range(3)] + [kiosk.issue("tax")["ticket"]]
    clock.advance(minutes=12)
    serve(staff, "01", tickets[0]["id"])
    clock.advance(minutes=8)
    serve(staff, "01", tickets[1]["id"])
    log_in(qtbot, c)
    click(qtbot, c, "tab_stats")
    qtbot.waitUntil(lambda: [r["key"] for r in c.state.stats.list] == ["2026-11-23"], timeout=WAIT_MS)
    [today] = stats_rows(admin, "2026-11-23", "2026-11-23", "day")
    assert (today["issued"], today["served"]) == (4, 2)
    qtbot.waitUntil(lambda: find(c, "statsRow_2026-11-23") is not None, timeout=WAIT_MS)
    row = find(c, "statsRow_2026-11-23")
    assert (row.property("issued"), row.property("served")) == (4, 2)
    assert c.state.stats.list[0]["average_wait_minutes"] == today["average_wait_minutes"] == 16.0
    assert (prop(c, "statsFrom_input", "text"), prop(c, "statsTo_input", "text")) == ("2026-11-23", "2026-11-23")

    click(qtbot, c, "statsBy_category")
    qtbot.waitUntil(lambda: c.state.stats.by == "category" and find(c, "statsRow_tax") is not None, timeout=WAIT_MS)
    expected = stats_rows(admin, "2026-11-23", "2026-11-23", "category")
    assert [(r["key"], r["issued"], r["served"]) for r in c.state.stats.list] == [
        (r["key"], r["issued"], r["served"]) for r in expected]
    assert (find(c, "statsRow_general").property("issued"), find(c, "statsRow_tax").property("issued")) == (3, 1)
    assert find(c, "statsTotal").property("issued") == 4
    screenshot(c, "stats")

    click(qtbot, c, "statsPreset_week")
    qtbot.waitUntil(lambda: c.state.stats.dateFrom == "2026-11-17" and not c.state.stats.loading, timeout=WAIT_MS)
    click(qtbot, c, "statsBy_day")
    qtbot.waitUntil(lambda: len(c.state.stats.list) == 7 and c.state.stats.by == "day", timeout=WAIT_MS)
    assert [r["short"] for r in c.state.stats.list] == [f"11-{d}" for d in range(17, 24)]

    # Days typed by hand; a range that ends before it starts is refused here.
    type_into(qtbot, c, "statsFrom", "2026-11-20")
    type_into(qtbot, c, "statsTo", "2026-11-01")
    click(qtbot, c, "statsQuery")
    qtbot.waitUntil(lambda: c.state.message == "开始日期晚于结束日期", timeout=WAIT_MS)
    type_into(qtbot, c, "statsTo", "2026-11-23")
    click(qtbot, c, "statsQuery")
    qtbot.waitUntil(lambda: c.state.stats.dateFrom == "2026-11-20" and len(c.state.stats.list) == 4, timeout=WAIT_MS)
    assert c.state.stats.preset == ""  # typed days, no preset lit
    click(qtbot, c, "statsBy_window")
    qtbot.waitUntil(lambda: c.state.stats.by == "window" and c.state.stats.dateFrom == "2026-11-20"
                    and find(c, "statsRow_01") is not None, timeout=WAIT_MS)
    assert find(c, "statsRow_01").property("served") == 2 and find(c, "statsRow_01").property("issued") == -1

    # The export: the server's CSV saved in the export folder, and the console says where.
    click(qtbot, c, "statsExport")
    qtbot.waitUntil(lambda: c.state.stats.lastExport != "", timeout=WAIT_MS)
    saved = pathlib.Path(c.state.stats.lastExport)
    assert saved == tmp_path / "exports" / "stats-window-2026-11-20-2026-11-23.csv"
    assert c.state.message == f"已导出到 {saved}"
    data = saved.read_bytes()
    assert data == admin.get("/stats.csv", **{"from": "2026-11-20", "to": "2026-11-23", "by": "window"}).content
    parsed = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["分组 key"] for r in parsed] == [r["key"] for r in c.state.stats.list] + ["total"]
    w01 = next(r for r in parsed if r["分组 key"] == "01")
    assert (w01["办理数 served"], w01["取号数 issued"]) == ("2", "")
    assert next(r for r in parsed if r["分组 key"] == "total")["取号数 issued"] == "4"
    # A second export of the same figures keeps the first file.
    click(qtbot, c, "statsExport")
    qtbot.waitUntil(lambda: c.state.stats.lastExport.endswith("(2).csv"), timeout=WAIT_MS)
    assert saved.read_bytes() == data


def test_bad_ranges_and_failed_exports_are_said_plainly(qtbot, server: RunningServer, tmp_path: pathlib.Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the export folder should be")
    c = Console(server.url, refresh_s=0.3, export_dir=blocked)
    try:
        c.window.resize(1600, 1000)
        qtbot.waitExposed(c.window)
        log_in(qtbot, c)
        click(qtbot, c, "tab_stats")
        qtbot.waitUntil(lambda: c.state.stats.list != [], timeout=WAIT_MS)
        c.state.stats.showRange("2025-01-01", "2026-11-23")
        assert c.state.message == "统计范围最长366天" and c.state.messageIsError
        c.state.stats.showRange("2026-13-01", "2026-11-23")
        assert c.state.message == "日期格式应为 YYYY-MM-DD"
        assert c.state.stats.dateFrom == "2026-11-23"  # the range shown is still the one in force
        click(qtbot, c, "statsExport")
        qtbot.waitUntil(lambda: c.state.message == f"导出失败，无法写入 {blocked}", timeout=WAIT_MS)
        assert c.state.stats.lastExport == "" and blocked.read_text().startswith("a file")
        server.stop()
        click(qtbot, c, "statsExport")
        qtbot.waitUntil(lambda: c.state.message == "导出失败：无法连接服务器", timeout=WAIT_MS)
    finally:
        c.close()


@pytest.mark.slow
def test_english_supervision_follow_ups_and_statistics(qtbot, english, server: RunningServer, kiosk: HallClient,
                                                       clock: FakeClock, tmp_path: pathlib.Path) -> None:
    server.client(APPROVAL_TOKEN).ok("/cases/import", {"cases": [
        case_row("SFQ2026000081", "2026-11-12"), case_row("SFQ2026000082", "2026-11-17", serial="456")]})
    staff = server.login("w01", STAFF_PIN, "01")
    staff.ok("/windows/01/open")
    served = kiosk.issue()
    serve(staff, "01", served["ticket"]["id"])
    kiosk.ok("/ratings/by-ticket-code", {"code": served["track_url"], "level": 1, "reason_code": "attitude"}, 201)
    kiosk.issue("tax")
    clock.advance(minutes=65)
    c = Console(server.url, "en", refresh_s=0.3, export_dir=tmp_path)
    try:
        c.window.resize(1600, 1000)
        qtbot.waitExposed(c.window)
        log_in(qtbot, c)
        # Eight tabs and the header's right side fit 1600 px in English, none cut short.
        c.window.grabWindow()
        tabs = [find(c, f"tab_{k}") for k in ("dashboard", "notices", "settings", "supervision", "followups", "stats",
                                              "desk", "hallsettings")]
        assert [t.property("contentItem").property("text") for t in tabs] == [
            "Dashboard", "Notices", "Services", "Supervision", "Follow-ups", "Statistics", "Reprint", "Settings"]
        assert not any(_elided(t) for t in tabs)
        link = find(c, "linkState")
        assert tabs[-1].mapToScene(QPointF(tabs[-1].width(), 0)).x() < link.mapToScene(QPointF(0, 0)).x()
        logout = find(c, "logoutButton")
        assert logout.mapToScene(QPointF(logout.width(), 0)).x() <= 1600 and not _elided(logout)

        click(qtbot, c, "tab_supervision")
        qtbot.waitUntil(lambda: find(c, "lateTicket_E001") is not None and find(c, "case_SFQ2026000081") is not None,
                        timeout=WAIT_MS)
        assert text_under(c, "case_SFQ2026000081", "caseLight") == "■ Red: overdue"
        cells = [i for i in quick.items_under(find(c, "case_SFQ2026000082")) if "Cell" in i.metaObject().className()]
        assert len(cells) == 7
        for cell in cells:  # every cell reads whole but a long matter's name, which ends in …
            if cell.property("text") != "Household registration: moving in":
                assert cell.property("implicitWidth") <= cell.width() + 0.5, cell.property("text")
        assert text_under(c, "lateTicket_E001", "ticketLight") == "■ Red: too long"
        row = find(c, "case_SFQ2026000081")
        assert "Household registration: moving in" in [i.property("text") for i in quick.items_under(row)]
        screenshot(c, "supervision-en")

        click(qtbot, c, "tab_followups")
        qtbot.waitUntil(lambda: c.state.followUps.rows.count == 1, timeout=WAIT_MS)
        [f] = c.state.followUps.rows.rows()
        assert (f["level_label"], f["window"]) == ("Very dissatisfied", "Window 1")
        assert text_under(c, f"followUp_{f['id']}", "followUpState") == "● To follow up"
        screenshot(c, "follow-ups-en")
        click(qtbot, c, f"followUpClose_{f['id']}")
        qtbot.waitUntil(lambda: find(c, "followUpPanel") is not None, timeout=WAIT_MS)
        click(qtbot, c, "followUpConfirm")
        qtbot.waitUntil(lambda: prop(c, "followUpRefusal", "text") == "Write down what was done", timeout=WAIT_MS)
        click(qtbot, c, "followUpCancel")

        click(qtbot, c, "tab_stats")
        click(qtbot, c, "statsBy_window")
        qtbot.waitUntil(lambda: c.state.stats.by == "window" and find(c, "statsRow_01") is not None, timeout=WAIT_MS)
        assert c.state.stats.list[0]["label"] == "Window 1"
        for name in ("statsPreset_month", "statsBy_category", "statsExport", "statsQuery"):
            assert not _elided(find(c, name)), name
        heads = [i for i in quick.items_under(find(c, "statsPage")) if "Cell" in i.metaObject().className()
                 and i.property("text") in ("Issued", "Served", "Missed", "Avg wait", "P90 wait", "Avg service")]
        assert len(heads) == 6 and all(h.property("implicitWidth") <= h.width() + 0.5 for h in heads)
        export = find(c, "statsExport")
        group = find(c, "statsBy_window")
        assert group.mapToScene(QPointF(group.width(), 0)).x() < export.mapToScene(QPointF(0, 0)).x()
        screenshot(c, "stats-en")
    finally:
        c.close()


@pytest.mark.slow
def test_a_press_on_a_follow_up_held_while_a_new_bad_rating_arrives_still_counts(
        qtbot, console: Console, server: RunningServer, kiosk: HallClient, clock: FakeClock) -> None:
    staff = server.login("w01", STAFF_PIN, "01")
    staff.ok("/windows/01/open")
    codes = []
    for _ in range(2):
        issued = kiosk.issue()
        serve(staff, "01", issued["ticket"]["id"])
        codes.append(issued["track_url"])
    kiosk.ok("/ratings/by-ticket-code", {"code": codes[0], "level": 2, "reason_code": "slow_service"}, 201)
    log_in(qtbot, console)
    click(qtbot, console, "tab_followups")
    qtbot.waitUntil(lambda: console.state.followUps.rows.count == 1, timeout=WAIT_MS)
    [first] = console.state.followUps.rows.rows()
    qtbot.waitUntil(lambda: find(console, f"followUpClose_{first['id']}") is not None, timeout=WAIT_MS)
    console.window.grabWindow()
    button = find(console, f"followUpClose_{first['id']}")
    point = button.mapToScene(QPointF(button.width() / 2, button.height() / 2)).toPoint()
    QTest.mousePress(console.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    clock.advance(minutes=1)
    kiosk.ok("/ratings/by-ticket-code", {"code": codes[1], "level": 1, "reason": "排队太久"}, 201)
    qtbot.waitUntil(lambda: console.state.followUps.rows.count == 2, timeout=WAIT_MS)
    assert find(console, f"followUpClose_{first['id']}") is button  # the same button, the list updated around it
    QTest.mouseRelease(console.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    qtbot.waitUntil(lambda: find(console, "followUpPanel") is not None, timeout=WAIT_MS)
    assert "号码 A001" in next(i.property("text") for i in quick.items_under(find(console, "followUpPanel"))
                              if str(i.property("text") or "").startswith("办结回访"))


# --- 补打凭条 at the service desk -----------------------------------------------------------------

@pytest.mark.slow
def test_the_desk_looks_a_number_up_and_reads_it_out_large(qtbot, console: Console, server: RunningServer,
                                                           kiosk: HallClient, admin: HallClient) -> None:
    kiosk.issue("general")
    number = kiosk.issue("general")["ticket"]["number"]
    log_in(qtbot, console)
    click(qtbot, console, "tab_desk")
    type_into(qtbot, console, "deskNumber", number.lower())
    click(qtbot, console, "deskLookup")
    qtbot.waitUntil(lambda: prop(console, "deskTicketNumber", "text") == number, timeout=WAIT_MS)
    minutes = console.state.desk.ticket["waitMinutes"]
    assert prop(console, "deskState", "text") == f"等候中：前面还有 1 人，预计等候约 {minutes} 分钟"
    assert prop(console, "deskCategory", "text") == "综合受理"
    assert prop(console, "deskTicketNumber", "font").pixelSize() >= 120
    screenshot(console, "desk-reprint")
    events = admin.get("/events").json()["events"]
    assert [(e["data"]["number"], e["data"]["role"]) for e in events if e["type"] == "receipt.reprinted"] == [
        (number, "hall-admin")]

    type_into(qtbot, console, "deskNumber", "A999")
    click(qtbot, console, "deskLookup")
    qtbot.waitUntil(lambda: prop(console, "deskRefusal", "text") == "今天没有发出过A999号，请核对号码",
                    timeout=WAIT_MS)
    assert find(console, "deskTicketNumber") is None  # the last number is not shown under a refusal
    type_into(qtbot, console, "deskNumber", "12")
    click(qtbot, console, "deskLookup")
    qtbot.waitUntil(lambda: prop(console, "deskRefusal", "text") == "号码应为一个字母加数字，如 A012", timeout=WAIT_MS)
    screenshot(console, "desk-reprint-refused")
