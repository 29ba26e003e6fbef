"""Window staff terminal end to end: real QML offscreen, a real hall server on loopback, real HTTP.

Every action goes through the UI (a mouse click on the button or its shortcut key) and the
server's state is read back over HTTP afterwards.
"""
from __future__ import annotations

import pathlib
import re
from collections.abc import Iterator

import httpx
import pytest
from pypdf import PdfReader
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest

import quicksupport as quick
from hallsupport import (device_token, untranslated, screens_dir, AnswerLosingProxy, ADMIN_PIN, KIOSK_TOKEN,
                         FakeClock, SAMPLE_HALL, STAFF_PIN, HallClient, RunningServer, make_id)
from queue_display.terminal import I18N, Terminal, install_translator

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCREENS = screens_dir()
WAIT_MS = 30_000  # generous: waiting for an event costs nothing when it comes


# --- driving the UI ------------------------------------------------------------------------------

def find(t: Terminal, name: str) -> QQuickItem | None:
    return quick.find(t.window, name)


def shown(t: Terminal, name: str) -> bool:
    return find(t, name) is not None


def text(t: Terminal, name: str) -> str:
    item = find(t, name)
    assert item is not None, name
    return str(item.property("text"))


def click(qtbot, t: Terminal, name: str) -> None:
    quick.click(qtbot, t.window, name, WAIT_MS)


def until(qtbot, t: Terminal, condition) -> None:
    """Wait for `condition` and for the command in flight to be answered (its buttons are off till then)."""
    qtbot.waitUntil(lambda: condition() and not t.desk.busy, timeout=WAIT_MS)


def enabled(t: Terminal, name: str) -> bool:
    item = find(t, name)
    return item is not None and item.isEnabled()


def key(qtbot, t: Terminal, k: Qt.Key) -> None:
    t.window.requestActivate()
    qtbot.waitUntil(t.window.isActive, timeout=WAIT_MS)
    QTest.keyClick(t.window, k)


def type_keys(t: Terminal, keys: str) -> None:
    """Key presses carrying each character as text (as an input method would deliver Chinese)."""
    for ch in keys:
        code = ord(ch.upper()) if ch.isascii() else 0
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QCoreApplication.sendEvent(t.window, QKeyEvent(kind, code, Qt.KeyboardModifier.NoModifier, ch))


def type_into(qtbot, t: Terminal, name: str, keys: str) -> None:
    click(qtbot, t, name)
    type_keys(t, keys)


def assert_touch_targets(t: Terminal) -> None:
    """Every visible button is at least 48 px high and its label is not cut (elided) short."""
    buttons = [i for i in quick.all_items(t.window) if i.isVisible() and i.metaObject().indexOfProperty("hint") >= 0]
    assert buttons
    for b in buttons:
        assert b.height() >= 48, b.objectName()
        labels = [c for c in b.findChildren(QQuickItem) if c.metaObject().indexOfProperty("truncated") >= 0
                  and c.property("text") == b.property("text")]
        assert labels and not any(c.property("truncated") for c in labels), b.objectName()


def screenshot(t: Terminal, name: str) -> None:
    assert_touch_targets(t)
    SCREENS.mkdir(parents=True, exist_ok=True)
    assert t.window.grabWindow().save(str(SCREENS / f"terminal-{name}.png"))


def log_in(qtbot, t: Terminal, user: str = "w01", pin: str = STAFF_PIN) -> None:
    """Type the user on the keyboard and the PIN on the touch pad, then press 登录."""
    type_into(qtbot, t, "usernameField", user)
    for digit in pin:
        click(qtbot, t, f"pinKey_{digit}")
    click(qtbot, t, "loginButton")


def logged_in(qtbot, t: Terminal, user: str = "w01") -> None:
    log_in(qtbot, t, user)
    qtbot.waitUntil(lambda: t.desk.screen == "work" and t.desk.linkState == "live"
                    and t.desk.windowState != "", timeout=WAIT_MS)


# --- fixtures -----------------------------------------------------------------------------------

@pytest.fixture
def terminal(qtbot, server: RunningServer) -> Iterator[Terminal]:
    t = Terminal(server.url, "01", retry_first_s=0.05, retry_max_s=0.4)
    qtbot.waitExposed(t.window)
    yield t
    t.close()


@pytest.fixture
def english(qapp) -> Iterator[None]:
    translator = install_translator(qapp, "en")
    assert translator is not None
    yield
    qapp.removeTranslator(translator)


def ticket(admin: HallClient, ticket_id: int) -> dict:
    r = admin.get(f"/tickets/{ticket_id}")
    assert r.status_code == 200, r.text
    return r.json()


def window(admin: HallClient, code: str = "01") -> dict:
    snap = admin.get("/snapshot").json()
    return next(w for w in snap["windows"] if w["code"] == code)


def open_and_wait(qtbot, t: Terminal) -> None:
    click(qtbot, t, "openButton")
    qtbot.waitUntil(lambda: t.desk.windowState == "open" and not t.desk.busy, timeout=WAIT_MS)


# --- login ------------------------------------------------------------------------------------

@pytest.mark.slow
def test_login_wrong_pin_lockout_then_right_pin(qtbot, terminal: Terminal, server: RunningServer):
    screenshot(terminal, "login")
    assert text(terminal, "loginTitle") == "1号窗口 · 工作人员登录"  # by its number (hall_rules.names)
    for pad in ("pinKey_0", "pinKey_9", "pinKey_clear", "pinKey_back"):
        assert find(terminal, pad).height() >= 48
    log_in(qtbot, terminal, "w03", "999999")
    qtbot.waitUntil(lambda: shown(terminal, "loginError"), timeout=WAIT_MS)
    assert text(terminal, "loginError") == "工号或密码错误"
    assert terminal.desk.screen == "login"
    for _ in range(4):
        log_in(qtbot, terminal, "", "999999")  # the user name field keeps "w03"
        qtbot.waitUntil(lambda: not terminal.desk.loggingIn, timeout=WAIT_MS)
    assert text(terminal, "loginError") == "工号或密码错误"
    log_in(qtbot, terminal, "", STAFF_PIN)  # five wrong PINs: even the right one is locked out now
    qtbot.waitUntil(lambda: "密码错误次数过多" in text(terminal, "loginError"), timeout=WAIT_MS)
    assert terminal.desk.screen == "login"

    find(terminal, "usernameField").setProperty("text", "")
    logged_in(qtbot, terminal, "w01")
    assert "工作人员：王芳" in text(terminal, "staffLine")
    assert text(terminal, "windowState") == "已关闭"


def test_a_short_pin_is_refused_before_the_network(qtbot, terminal: Terminal):
    type_into(qtbot, terminal, "usernameField", "w01")
    click(qtbot, terminal, "pinKey_1")
    click(qtbot, terminal, "loginButton")
    qtbot.waitUntil(lambda: "4–12" in text(terminal, "loginError"), timeout=WAIT_MS)


# --- a ticket's life through the buttons and shortcuts ------------------------------------------

@pytest.mark.slow
def test_call_recall_start_finish_no_show(qtbot, terminal: Terminal, server: RunningServer, kiosk: HallClient,
                                           admin: HallClient):
    first = kiosk.issue("general", name="张三丰")["ticket"]
    second = kiosk.issue("pickup")["ticket"]
    logged_in(qtbot, terminal)
    assert not enabled(terminal, "callNextButton")  # closed
    open_and_wait(qtbot, terminal)
    assert window(admin)["state"] == "open"
    qtbot.waitUntil(lambda: terminal.desk.waiting.count == 2, timeout=WAIT_MS)
    assert not enabled(terminal, "finishButton") and not enabled(terminal, "startButton")

    key(qtbot, terminal, Qt.Key.Key_F1)
    until(qtbot, terminal, lambda: terminal.desk.current.get("state") == "called")
    assert ticket(admin, first["id"])["state"] == "called"
    assert ticket(admin, first["id"])["window"] == "01"
    assert text(terminal, "statusText") == f"已呼叫 {first['number']}"
    assert text(terminal, "ticketNumber") == first["number"]
    assert "张*丰" in text(terminal, "ticketDetails")
    assert not enabled(terminal, "finishButton")  # finish before start is not offered
    key(qtbot, terminal, Qt.Key.Key_F4)           # and its shortcut does nothing
    assert not terminal.desk.busy
    assert ticket(admin, first["id"])["state"] == "called"

    click(qtbot, terminal, "recallButton")
    until(qtbot, terminal, lambda: terminal.desk.current.get("recallCount") == 1)
    assert ticket(admin, first["id"])["recall_count"] == 1
    assert "已重呼 1 次" in text(terminal, "ticketDetails")
    assert text(terminal, "statusText") == f"{first['number']} 已重呼（第 1 次）"

    key(qtbot, terminal, Qt.Key.Key_F3)
    until(qtbot, terminal, lambda: terminal.desk.current.get("state") == "serving")
    assert ticket(admin, first["id"])["state"] == "serving"
    assert text(terminal, "ticketState") == "办理中"
    screenshot(terminal, "serving")

    with qtbot.waitSignal(terminal.desk.ratingRequested, timeout=WAIT_MS) as rating:
        click(qtbot, terminal, "finishButton")
    assert rating.args == [first["id"]]
    qtbot.waitUntil(lambda: shown(terminal, "ratingPanel") and not terminal.desk.current, timeout=WAIT_MS)
    assert ticket(admin, first["id"])["state"] == "done"
    until(qtbot, terminal, lambda: text(terminal, "statusText") == f"{first['number']} 已办结")
    # 办结 starts the rating at once: the window's evaluator is asked without another press.
    until(qtbot, terminal, lambda: terminal.desk.askedRating.get("state") == "asking")
    assert text(terminal, "ratingPrompt") == "评价器正在请群众评价…"
    assert text(terminal, "askRatingButton") == "再次请评价"
    screenshot(terminal, "rating")
    assert window(admin)["current_ticket"] is None

    click(qtbot, terminal, "callNextButton")
    until(qtbot, terminal, lambda: terminal.desk.current.get("id") == second["id"])
    assert not shown(terminal, "ratingPanel")
    key(qtbot, terminal, Qt.Key.Key_F5)  # asks first, naming the number
    qtbot.waitUntil(lambda: shown(terminal, "noShowDialogConfirm"), timeout=WAIT_MS)
    assert text(terminal, "noShowDialogQuestion") == f"确认 {second['number']} 过号？"
    assert ticket(admin, second["id"])["state"] == "called"
    click(qtbot, terminal, "noShowDialogConfirm")
    qtbot.waitUntil(lambda: not terminal.desk.current and not terminal.desk.busy, timeout=WAIT_MS)
    assert ticket(admin, second["id"])["state"] == "no_show"
    qtbot.waitUntil(lambda: terminal.desk.waiting.count == 0, timeout=WAIT_MS)
    assert not enabled(terminal, "callNextButton")  # nobody waits
    click(qtbot, terminal, "closeButton")
    qtbot.waitUntil(lambda: terminal.desk.windowState == "closed", timeout=WAIT_MS)
    assert window(admin)["state"] == "closed"


def test_call_a_chosen_waiting_ticket(qtbot, terminal: Terminal, kiosk: HallClient, admin: HallClient):
    kiosk.issue("general")
    chosen = kiosk.issue("general", name="李四")["ticket"]
    logged_in(qtbot, terminal)
    open_and_wait(qtbot, terminal)
    qtbot.waitUntil(lambda: shown(terminal, f"act_{chosen['number']}"), timeout=WAIT_MS)
    click(qtbot, terminal, f"act_{chosen['number']}")
    until(qtbot, terminal, lambda: terminal.desk.current.get("id") == chosen["id"])
    assert ticket(admin, chosen["id"])["state"] == "called"
    qtbot.waitUntil(lambda: terminal.desk.waiting.count == 1, timeout=WAIT_MS)


def test_waiting_list_updates_live_when_a_kiosk_issues(qtbot, terminal: Terminal, kiosk: HallClient):
    logged_in(qtbot, terminal)
    assert terminal.desk.waiting.count == 0
    issued = kiosk.issue("general", name="王小明")["ticket"]
    qtbot.waitUntil(lambda: shown(terminal, f"row_{issued['number']}"), timeout=WAIT_MS)
    assert text(terminal, "waitingTab") == "等候 1"
    kiosk.issue("tax", id_number=make_id())  # window 01 does not serve it: not in its list
    other = kiosk.issue("pickup")["ticket"]
    qtbot.waitUntil(lambda: shown(terminal, f"row_{other['number']}"), timeout=WAIT_MS)
    assert terminal.desk.waiting.count == 2
    names = [r["maskedName"] for r in terminal.desk.waiting.rows()]
    assert "王*明" in names and "王小明" not in names


@pytest.mark.slow
def test_ask_for_a_rating_while_serving_and_after_finishing(qtbot, terminal: Terminal, server: RunningServer,
                                                             kiosk: HallClient, admin: HallClient):
    """请评价 (F9) opens a request at the window's evaluator; the level given shows; a refusal is said plainly."""
    pad = server.client(device_token("evaluator-01"))
    first = kiosk.issue("general", name="张三丰")["ticket"]
    second = kiosk.issue("general")["ticket"]
    logged_in(qtbot, terminal)
    open_and_wait(qtbot, terminal)
    qtbot.waitUntil(lambda: enabled(terminal, "callNextButton"), timeout=WAIT_MS)
    key(qtbot, terminal, Qt.Key.Key_F1)
    until(qtbot, terminal, lambda: terminal.desk.current.get("state") == "called")
    assert not terminal.desk.actions["askRating"]  # not before the service starts
    key(qtbot, terminal, Qt.Key.Key_F3)
    until(qtbot, terminal, lambda: terminal.desk.current.get("state") == "serving")
    key(qtbot, terminal, Qt.Key.Key_F9)
    until(qtbot, terminal, lambda: terminal.desk.askedRating.get("state") == "asking")
    assert text(terminal, "servingRating") == "评价器正在请群众评价…"
    request = pad.get("/ratings/request").json()["request"]
    assert (request["ticket_number"], request["masked_name"]) == (first["number"], "张*丰")
    screenshot(terminal, "asking")
    click(qtbot, terminal, "finishButton")
    qtbot.waitUntil(lambda: shown(terminal, "ratingPanel"), timeout=WAIT_MS)
    assert text(terminal, "ratingPrompt") == "评价器正在请群众评价…"  # still asking after 办结
    pad.ok("/ratings/evaluator", {"request_id": request["id"], "level": 1, "reason_code": "long_wait"}, 201)
    qtbot.waitUntil(lambda: text(terminal, "ratingPrompt") == "群众评价：非常不满意", timeout=WAIT_MS)
    assert not enabled(terminal, "askRatingButton")

    # The next citizen, rated behind this screen's back (its link stopped): 请评价 is refused, and says why.
    click(qtbot, terminal, "callNextButton")
    until(qtbot, terminal, lambda: terminal.desk.current.get("id") == second["id"])
    assert terminal.desk.askedRating == {}
    for button in ("startButton", "finishButton"):
        click(qtbot, terminal, button)
        qtbot.waitUntil(lambda: not terminal.desk.busy, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: shown(terminal, "askRatingButton"), timeout=WAIT_MS)
    until(qtbot, terminal, lambda: terminal.desk.askedRating.get("state") == "asking")  # asked on 办结
    assert pad.get("/ratings/request").json()["request"]["ticket_number"] == second["number"]
    terminal.desk.stop_link()
    asked = admin.ok("/windows/01/rating-request", {"ticket_id": second["id"]}, 201)
    pad.ok("/ratings/evaluator", {"request_id": asked["id"], "level": 5}, 201)
    click(qtbot, terminal, "askRatingButton")
    qtbot.waitUntil(lambda: terminal.desk.errorText != "", timeout=WAIT_MS)
    assert text(terminal, "statusText") == "已评价过，每次服务只能评价一次"
    terminal.desk.start_link()


# --- window state ----------------------------------------------------------------------------

def test_pause_with_one_of_the_halls_reasons_then_open_again(qtbot, terminal: Terminal, admin: HallClient):
    logged_in(qtbot, terminal)
    assert not enabled(terminal, "pauseButton")  # a closed window cannot pause
    open_and_wait(qtbot, terminal)
    click(qtbot, terminal, "pauseButton")
    qtbot.waitUntil(lambda: shown(terminal, "preset_lunch"), timeout=WAIT_MS)
    # The hall's pause reasons, by name; nothing chosen yet, nothing to confirm.
    assert [text(terminal, f"preset_{code}") for code in ("away", "consulting", "system_fault", "lunch")] == [
        "临时离开", "业务咨询", "系统故障", "午间休息"]
    assert not enabled(terminal, "reasonOk")
    click(qtbot, terminal, "preset_lunch")
    screenshot(terminal, "pause-dialog")
    click(qtbot, terminal, "reasonOk")
    qtbot.waitUntil(lambda: terminal.desk.windowState == "paused", timeout=WAIT_MS)
    w = window(admin)
    assert (w["state"], w["reason"]) == ("paused", "lunch")  # the code is sent and stored
    qtbot.waitUntil(lambda: text(terminal, "windowState") == "暂停：午间休息", timeout=WAIT_MS)
    screenshot(terminal, "paused")
    assert not enabled(terminal, "callNextButton")
    open_and_wait(qtbot, terminal)
    assert window(admin)["state"] == "open"


@pytest.mark.slow
def test_an_english_terminal_pauses_with_the_code_and_shows_the_english_name(qtbot, english, server: RunningServer,
                                                                             admin: HallClient):
    t = Terminal(server.url, "01", "en", retry_first_s=0.05, retry_max_s=0.4)
    try:
        qtbot.waitExposed(t.window)
        logged_in(qtbot, t)
        open_and_wait(qtbot, t)
        click(qtbot, t, "pauseButton")
        qtbot.waitUntil(lambda: shown(t, "preset_lunch"), timeout=WAIT_MS)
        assert text(t, "preset_lunch") == "Lunch break"
        click(qtbot, t, "preset_lunch")
        screenshot(t, "pause-dialog-en")
        click(qtbot, t, "reasonOk")
        qtbot.waitUntil(lambda: text(t, "windowState") == "Paused: Lunch break", timeout=WAIT_MS)
        w = window(admin)
        assert (w["state"], w["reason"], w["reason_name"]) == ("paused", "lunch", "午间休息")  # not "Lunch break"
        screenshot(t, "paused-en")
    finally:
        t.close()


@pytest.mark.slow
def test_a_paused_window_shows_closed_after_the_daily_reset(qtbot, terminal: Terminal, server: RunningServer,
                                                            kiosk: HallClient, clock: FakeClock):
    """The 03:00 turnover closes every window on the server (day.rolled): the terminal follows it and
    reads its state again, rather than showing "暂停：午间休息" all the next day."""
    clock.set_local(2026, 11, 23, 23, 0)  # a late shift: the sessions (10 hours) last into the next day's opening
    admin = server.login("admin", ADMIN_PIN)
    logged_in(qtbot, terminal)
    open_and_wait(qtbot, terminal)
    admin.ok("/windows/01/pause", {"reason": "lunch"})
    qtbot.waitUntil(lambda: text(terminal, "windowState") == "暂停：午间休息", timeout=WAIT_MS)
    refreshed: list[int] = []
    terminal.desk.link.snapshotRefreshed.connect(lambda snapshot: refreshed.append(snapshot.seq))
    clock.set_local(2026, 11, 24, 8, 45)  # past the 03:00 reset, the hall open again
    kiosk.issue("general")  # the day's first command turns it over
    qtbot.waitUntil(lambda: terminal.desk.windowState == "closed" and bool(refreshed), timeout=WAIT_MS)
    assert (window(admin)["state"], window(admin)["reason"]) == ("closed", None)
    assert terminal.desk.pauseReason == "" and text(terminal, "windowState") == "已关闭"
    assert text(terminal, "statusText") == "新的营业日开始，窗口已关闭"
    assert enabled(terminal, "openButton") and not enabled(terminal, "callNextButton")
    qtbot.waitUntil(lambda: terminal.desk.waiting.count == 1, timeout=WAIT_MS)  # the new day's first ticket
    screenshot(terminal, "after-daily-reset")


def test_the_terminal_reads_its_state_again_when_its_event_link_comes_back(qtbot, terminal: Terminal,
                                                                           admin: HallClient):
    logged_in(qtbot, terminal)
    link = terminal.desk.link
    assert link is not None
    with qtbot.waitSignal(link.snapshotRefreshed, timeout=WAIT_MS):
        link.drop_connection()  # the stream drops; the link reconnects and the desk reads the state again
    qtbot.waitUntil(lambda: terminal.desk.linkState == "live", timeout=WAIT_MS)
    assert terminal.desk.windowState == "closed"


# --- transfer, hold, resume ------------------------------------------------------------------

@pytest.mark.slow
def test_transfer_to_a_category_and_to_a_window(qtbot, terminal: Terminal, kiosk: HallClient, admin: HallClient):
    a = kiosk.issue("general", name="赵六")["ticket"]
    b = kiosk.issue("general")["ticket"]
    logged_in(qtbot, terminal)
    open_and_wait(qtbot, terminal)
    qtbot.waitUntil(lambda: terminal.desk.waiting.count == 2, timeout=WAIT_MS)

    key(qtbot, terminal, Qt.Key.Key_F1)
    until(qtbot, terminal, lambda: terminal.desk.current.get("id") == a["id"])
    click(qtbot, terminal, "transferButton")
    click(qtbot, terminal, "target_realestate")
    type_into(qtbot, terminal, "transferNote", "需办理抵押登记")
    screenshot(terminal, "transfer")
    click(qtbot, terminal, "transferOk")
    qtbot.waitUntil(lambda: not terminal.desk.current and not terminal.desk.busy, timeout=WAIT_MS)
    moved = ticket(admin, a["id"])
    assert (moved["state"], moved["category"], moved["reason"]) == ("waiting", "realestate", "需办理抵押登记")
    assert text(terminal, "statusText") == f"{a['number']} 已转至 不动产登记"

    key(qtbot, terminal, Qt.Key.Key_F1)
    until(qtbot, terminal, lambda: terminal.desk.current.get("id") == b["id"])
    key(qtbot, terminal, Qt.Key.Key_F6)
    click(qtbot, terminal, "toWindowTab")
    click(qtbot, terminal, "target_15")
    click(qtbot, terminal, "transferOk")
    qtbot.waitUntil(lambda: not terminal.desk.current and not terminal.desk.busy, timeout=WAIT_MS)
    moved = ticket(admin, b["id"])
    assert (moved["state"], moved["category"], moved["target_window"]) == ("waiting", "general", "15")
    assert text(terminal, "statusText") == f"{b['number']} 已转至 15号窗口"
    qtbot.waitUntil(lambda: terminal.desk.waiting.count == 0, timeout=WAIT_MS)  # it waits for window 15 now


@pytest.mark.slow
def test_hold_with_a_reason_and_resume_from_the_held_list(qtbot, terminal: Terminal, kiosk: HallClient,
                                                           admin: HallClient):
    t1 = kiosk.issue("general")["ticket"]
    logged_in(qtbot, terminal)
    open_and_wait(qtbot, terminal)
    qtbot.waitUntil(lambda: enabled(terminal, "callNextButton"), timeout=WAIT_MS)
    click(qtbot, terminal, "callNextButton")
    until(qtbot, terminal, lambda: terminal.desk.current.get("state") == "called")
    key(qtbot, terminal, Qt.Key.Key_F3)
    until(qtbot, terminal, lambda: terminal.desk.current.get("state") == "serving")
    key(qtbot, terminal, Qt.Key.Key_F7)
    click(qtbot, terminal, "preset_documents_missing")
    click(qtbot, terminal, "reasonOk")
    qtbot.waitUntil(lambda: not terminal.desk.current and terminal.desk.held.count == 1, timeout=WAIT_MS)
    held = ticket(admin, t1["id"])
    assert (held["state"], held["reason"]) == ("held", "documents_missing")
    assert terminal.desk.held.rows()[0]["reason"] == "材料不全"  # the held list names the code's reason
    assert text(terminal, "statusText") == f"{t1['number']} 已挂起"

    click(qtbot, terminal, "resumeButton")  # shows the held list
    click(qtbot, terminal, f"act_{t1['number']}")
    until(qtbot, terminal, lambda: terminal.desk.current.get("id") == t1["id"])
    assert ticket(admin, t1["id"])["state"] == "called"
    assert text(terminal, "statusText") == f"已恢复 {t1['number']}，重新呼叫"
    qtbot.waitUntil(lambda: terminal.desk.held.count == 0, timeout=WAIT_MS)


# --- 过号: asked first, undone for a short time ----------------------------------------------

def called_here(qtbot, t: Terminal, kiosk: HallClient) -> dict:
    issued = kiosk.issue("general")["ticket"]
    logged_in(qtbot, t)
    open_and_wait(qtbot, t)
    qtbot.waitUntil(lambda: enabled(t, "callNextButton"), timeout=WAIT_MS)
    click(qtbot, t, "callNextButton")
    until(qtbot, t, lambda: t.desk.current.get("id") == issued["id"])
    return issued


def test_no_show_asks_first_and_cancel_changes_nothing(qtbot, terminal: Terminal, kiosk: HallClient,
                                                       admin: HallClient):
    t1 = called_here(qtbot, terminal, kiosk)
    click(qtbot, terminal, "noShowButton")
    qtbot.waitUntil(lambda: shown(terminal, "noShowDialogConfirm"), timeout=WAIT_MS)
    assert text(terminal, "noShowDialogQuestion") == f"确认 {t1['number']} 过号？"
    assert text(terminal, "noShowDialogConfirm") == "确认过号"
    screenshot(terminal, "no-show-confirm")
    key(qtbot, terminal, Qt.Key.Key_F5)  # the dialog is open: F5 does not act behind it
    click(qtbot, terminal, "noShowDialogCancel")
    qtbot.waitUntil(lambda: not shown(terminal, "noShowDialogConfirm"), timeout=WAIT_MS)
    assert not terminal.desk.busy
    assert ticket(admin, t1["id"])["state"] == "called"
    assert terminal.desk.current["id"] == t1["id"]


def test_the_question_closes_when_another_ticket_comes_to_the_window(qtbot, terminal: Terminal, kiosk: HallClient,
                                                                     admin: HallClient):
    t1 = called_here(qtbot, terminal, kiosk)
    key(qtbot, terminal, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: shown(terminal, "noShowDialogConfirm"), timeout=WAIT_MS)
    admin.ok("/windows/01/hold", {"ticket_id": t1["id"], "reason": "documents_missing"})  # the manager acts meanwhile
    qtbot.waitUntil(lambda: not shown(terminal, "noShowDialogConfirm"), timeout=WAIT_MS)
    assert ticket(admin, t1["id"])["state"] == "held"


@pytest.mark.slow
def test_a_no_show_is_undone_from_the_status_line(qtbot, terminal: Terminal, kiosk: HallClient,
                                                  admin: HallClient):
    t1 = called_here(qtbot, terminal, kiosk)
    t2 = kiosk.issue("general")["ticket"]
    key(qtbot, terminal, Qt.Key.Key_F5)
    click(qtbot, terminal, "noShowDialogConfirm")
    qtbot.waitUntil(lambda: shown(terminal, "undoNoShowButton") and not terminal.desk.current, timeout=WAIT_MS)
    assert ticket(admin, t1["id"])["state"] == "no_show"
    assert text(terminal, "statusText") == f"已过号 {t1['number']}"
    assert re.fullmatch(r"撤销 \([12]:[0-5][0-9]\)", text(terminal, "undoNoShowButton"))
    first = text(terminal, "undoNoShowButton")
    qtbot.waitUntil(lambda: text(terminal, "undoNoShowButton") != first, timeout=WAIT_MS)  # it counts down
    screenshot(terminal, "no-show-undo")
    click(qtbot, terminal, "undoNoShowButton")
    until(qtbot, terminal, lambda: terminal.desk.current.get("id") == t1["id"])
    back = ticket(admin, t1["id"])
    assert (back["state"], back["window"], back["number"]) == ("called", "01", t1["number"])
    assert ticket(admin, t2["id"])["state"] == "waiting"  # the other citizen still waits: nobody jumped
    assert text(terminal, "statusText") == f"已撤销 {t1['number']} 的过号，重新呼叫"
    assert not shown(terminal, "undoNoShowButton")
    assert text(terminal, "ticketState") == "已叫号，等候群众到窗口"


def test_too_late_an_undo_shows_the_servers_refusal(qtbot, terminal: Terminal, kiosk: HallClient,
                                                    admin: HallClient, server: RunningServer):
    t1 = called_here(qtbot, terminal, kiosk)
    key(qtbot, terminal, Qt.Key.Key_F5)
    click(qtbot, terminal, "noShowDialogConfirm")
    qtbot.waitUntil(lambda: shown(terminal, "undoNoShowButton"), timeout=WAIT_MS)
    server.clock.advance(minutes=3)  # the server's time runs on; the terminal still offers the undo
    click(qtbot, terminal, "undoNoShowButton")
    qtbot.waitUntil(lambda: terminal.desk.errorText != "", timeout=WAIT_MS)
    assert text(terminal, "statusText") == f"{t1['number']}号过号已超过可撤销的时间，请群众重新取号"
    assert not shown(terminal, "undoNoShowButton")
    assert ticket(admin, t1["id"])["state"] == "no_show"


@pytest.mark.slow
def test_the_undo_offer_ends_by_itself_after_the_halls_time(qtbot, tmp_path, clock):
    hall = tmp_path / "hall.toml"
    hall.write_text(SAMPLE_HALL.read_text(encoding="utf-8").replace(
        "no_show_undo_seconds = 120", "no_show_undo_seconds = 2"), encoding="utf-8")
    srv = RunningServer(tmp_path / "hall.db", hall, clock)
    srv.start()
    t = Terminal(srv.url, "01", retry_first_s=0.05, retry_max_s=0.4)
    try:
        qtbot.waitExposed(t.window)
        called_here(qtbot, t, srv.client(KIOSK_TOKEN))
        qtbot.waitUntil(lambda: t.desk.undoSeconds == 2, timeout=WAIT_MS)  # the hall's, from /config
        key(qtbot, t, Qt.Key.Key_F5)
        click(qtbot, t, "noShowDialogConfirm")
        qtbot.waitUntil(lambda: shown(t, "undoNoShowButton"), timeout=WAIT_MS)
        assert text(t, "undoNoShowButton") in ("撤销 (0:02)", "撤销 (0:01)")
        qtbot.waitUntil(lambda: not shown(t, "undoNoShowButton"), timeout=WAIT_MS)
        assert not t.desk.actions["undoNoShow"]
        assert text(t, "statusText") == "已过号 A001"
    finally:
        t.close()
        srv.stop()


def test_calling_the_next_ends_the_undo_offer(qtbot, terminal: Terminal, kiosk: HallClient, admin: HallClient):
    t1 = called_here(qtbot, terminal, kiosk)
    t2 = kiosk.issue("general")["ticket"]
    key(qtbot, terminal, Qt.Key.Key_F5)
    click(qtbot, terminal, "noShowDialogConfirm")
    qtbot.waitUntil(lambda: shown(terminal, "undoNoShowButton"), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: enabled(terminal, "callNextButton"), timeout=WAIT_MS)
    click(qtbot, terminal, "callNextButton")
    until(qtbot, terminal, lambda: terminal.desk.current.get("id") == t2["id"])
    assert not shown(terminal, "undoNoShowButton") and not terminal.desk.actions["undoNoShow"]
    assert ticket(admin, t1["id"])["state"] == "no_show"


# --- refusals --------------------------------------------------------------------------------

@pytest.mark.slow
def test_refusals_are_shown_when_the_screen_was_behind(qtbot, terminal: Terminal, kiosk: HallClient,
                                                       admin: HallClient, server: RunningServer):
    """With the event link stopped the screen goes stale; the server's refusals say why."""
    a = kiosk.issue("general")["ticket"]
    b = kiosk.issue("general")["ticket"]
    logged_in(qtbot, terminal)
    open_and_wait(qtbot, terminal)
    qtbot.waitUntil(lambda: terminal.desk.waiting.count == 2, timeout=WAIT_MS)
    terminal.desk.stop_link()

    # window 02 takes B while this screen still lists it
    w02 = server.login("w02", STAFF_PIN, "02")
    w02.ok("/windows/02/open")
    w02.ok("/windows/02/call-next", {"ticket_id": b["id"]})
    click(qtbot, terminal, f"act_{b['number']}")
    qtbot.waitUntil(lambda: terminal.desk.errorText != "", timeout=WAIT_MS)
    assert text(terminal, "statusText") == "该号码不在本窗口的等候队列中"
    screenshot(terminal, "error")
    click(qtbot, terminal, "dismissError")
    qtbot.waitUntil(lambda: terminal.desk.errorText == "", timeout=WAIT_MS)

    # the hall manager closes the window behind this screen's back: calling is refused
    admin.ok("/windows/01/close")
    click(qtbot, terminal, "callNextButton")
    qtbot.waitUntil(lambda: terminal.desk.errorText != "", timeout=WAIT_MS)
    assert text(terminal, "statusText") == "窗口未开放，不能叫号"

    # reopened; this window calls A, then the manager marks A as a no-show: 开始办理 is refused
    admin.ok("/windows/01/open")
    click(qtbot, terminal, f"act_{a['number']}")
    until(qtbot, terminal, lambda: terminal.desk.current.get("id") == a["id"])
    assert terminal.desk.errorText == ""
    admin.ok("/windows/01/no-show", {"ticket_id": a["id"]})
    click(qtbot, terminal, "startButton")
    qtbot.waitUntil(lambda: terminal.desk.errorText != "", timeout=WAIT_MS)
    assert text(terminal, "statusText") == f"号码{a['number']}当前状态不能开始办理"
    assert ticket(admin, a["id"])["state"] == "no_show"

    # with the link back, the replay brings the screen to the server's state
    terminal.desk.start_link()
    qtbot.waitUntil(lambda: not terminal.desk.current and terminal.desk.windowState == "open", timeout=WAIT_MS)


def test_an_ended_session_goes_back_to_login(qtbot, terminal: Terminal, server: RunningServer):
    logged_in(qtbot, terminal)
    token = terminal.desk.api.token
    r = httpx.post(f"{server.url}/api/v1/auth/logout", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 204
    click(qtbot, terminal, "openButton")
    qtbot.waitUntil(lambda: terminal.desk.screen == "login", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: shown(terminal, "loginError"), timeout=WAIT_MS)
    assert text(terminal, "loginError") in ("登录已过期，请重新登录", "请先登录或提供设备凭证")


# --- the network ------------------------------------------------------------------------------

@pytest.mark.slow
def test_a_command_lost_on_the_network_is_retried_with_the_same_key(qtbot, terminal: Terminal,
                                                                    server: RunningServer, kiosk: HallClient):
    issued = kiosk.issue("general")["ticket"]
    logged_in(qtbot, terminal)
    open_and_wait(qtbot, terminal)
    qtbot.waitUntil(lambda: enabled(terminal, "callNextButton"), timeout=WAIT_MS)
    server.stop()
    before = len(terminal.desk.api.sent_keys)
    key(qtbot, terminal, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: "正在重试" in text(terminal, "statusText"), timeout=WAIT_MS)
    assert terminal.desk.busy and not enabled(terminal, "callNextButton") and not enabled(terminal, "closeButton")
    qtbot.waitUntil(lambda: len(terminal.desk.api.sent_keys) >= before + 3, timeout=WAIT_MS)
    screenshot(terminal, "pending")
    server.start()
    qtbot.waitUntil(lambda: not terminal.desk.busy, timeout=WAIT_MS)
    until(qtbot, terminal, lambda: terminal.desk.current.get("id") == issued["id"])
    keys = terminal.desk.api.sent_keys[before:]
    assert len(keys) >= 3 and len(set(keys)) == 1
    admin = server.login("admin", ADMIN_PIN)
    assert ticket(admin, issued["id"])["state"] == "called"
    assert terminal.desk.errorText == ""


# --- English -----------------------------------------------------------------------------------

def test_translation_file_is_complete():
    count, unfinished = untranslated(I18N / "terminal_en.ts")
    assert count > 40 and unfinished == []
    assert (I18N / "terminal_en.qm").stat().st_size > 1000


@pytest.mark.slow
def test_english_ui_shows_english_and_english_refusals(qtbot, english, server: RunningServer, kiosk: HallClient,
                                                       admin: HallClient):
    kiosk.issue("general", name="张三丰")
    t = Terminal(server.url, "01", "en", retry_first_s=0.05, retry_max_s=0.4)
    try:
        qtbot.waitExposed(t.window)
        assert text(t, "loginTitle") == "Window 1 · Staff login"
        assert text(t, "loginButton") == "Log in"
        logged_in(qtbot, t)
        assert text(t, "windowState") == "Closed"
        assert text(t, "logoutButton") == "Log out"
        open_and_wait(qtbot, t)
        assert text(t, "callNextButton") == "Call next"
        qtbot.waitUntil(lambda: enabled(t, "callNextButton"), timeout=WAIT_MS)  # the waiting list is read
        key(qtbot, t, Qt.Key.Key_F1)
        until(qtbot, t, lambda: t.desk.current.get("state") == "called")
        key(qtbot, t, Qt.Key.Key_F3)
        until(qtbot, t, lambda: t.desk.current.get("state") == "serving")
        assert text(t, "ticketCategory") == "General acceptance"
        assert text(t, "ticketState") == "Serving"
        screenshot(t, "serving-en")
        t.desk.stop_link()
        admin.ok("/windows/01/finish", {"ticket_id": t.desk.current["id"]})
        click(qtbot, t, "holdButton")
        assert text(t, "preset_documents_missing") == "Documents missing"
        click(qtbot, t, "preset_documents_missing")
        click(qtbot, t, "reasonOk")
        qtbot.waitUntil(lambda: t.desk.errorText != "", timeout=WAIT_MS)
        assert text(t, "statusText").startswith("ticket A001 cannot be hold")
        # 过号 asks in English too, and the undo counts down in English.
        click(qtbot, t, "dismissError")
        t.desk.start_link()
        kiosk.issue("general")
        qtbot.waitUntil(lambda: enabled(t, "callNextButton"), timeout=WAIT_MS)
        click(qtbot, t, "callNextButton")
        until(qtbot, t, lambda: t.desk.current.get("number") == "A002")
        assert text(t, "statusText") == "Called A002"
        key(qtbot, t, Qt.Key.Key_F5)
        qtbot.waitUntil(lambda: shown(t, "noShowDialogConfirm"), timeout=WAIT_MS)
        assert text(t, "noShowDialogQuestion") == "Mark A002 as a no-show?"
        screenshot(t, "no-show-confirm-en")
        click(qtbot, t, "noShowDialogConfirm")
        qtbot.waitUntil(lambda: shown(t, "undoNoShowButton"), timeout=WAIT_MS)
        assert text(t, "statusText") == "No-show: A002"
        assert re.fullmatch(r"Undo \([12]:[0-5][0-9]\)", text(t, "undoNoShowButton"))
        screenshot(t, "no-show-undo-en")
    finally:
        t.close()
    QCoreApplication.processEvents()


@pytest.mark.slow
def test_an_answer_lost_after_the_server_acted_is_not_acted_on_twice(qtbot, server: RunningServer,
                                                                     kiosk: HallClient, admin: HallClient):
    first = kiosk.issue("general")["ticket"]
    second = kiosk.issue("general")["ticket"]
    proxy = AnswerLosingProxy(server.port)
    t = Terminal(proxy.url, "01", retry_first_s=0.05, retry_max_s=0.4, events_url=server.url)
    try:
        qtbot.waitExposed(t.window)
        logged_in(qtbot, t)
        open_and_wait(qtbot, t)
        qtbot.waitUntil(lambda: enabled(t, "callNextButton"), timeout=WAIT_MS)
        proxy.lose = 1
        key(qtbot, t, Qt.Key.Key_F1)
        until(qtbot, t, lambda: t.desk.current.get("id") == first["id"])
        calls = [k for (method, path, k) in proxy.seen if path.endswith("/windows/01/call-next")]
        assert len(calls) == 2 and calls[0] == calls[1]  # sent again, with the same key
        assert t.desk.errorText == ""                    # not refused as window_busy
        assert ticket(admin, first["id"])["state"] == "called"
        assert ticket(admin, second["id"])["state"] == "waiting"
        events = admin.get("/events", after=0).json()["events"]
        assert [e["type"] for e in events].count("ticket.called") == 1
    finally:
        t.close()
        proxy.close()


def test_command_line():
    from queue_display.terminal import DEMO_SERVER, parse_args
    args = parse_args(["--demo", "--window", "07", "--lang", "en", "--windowed", "1280x800"])
    assert (args.window, args.lang, args.size, args.server or DEMO_SERVER) == ("07", "en", (1280, 800), DEMO_SERVER)
    with pytest.raises(SystemExit):
        parse_args(["--window", "01"])  # no server
    with pytest.raises(SystemExit):
        parse_args(["--demo", "--window", "01", "--windowed", "big"])


# --- 电子填单: the form of the ticket called here -------------------------------------------------

FORM_NAME = "欧阳小明"
FORM_ID_NUMBER = make_id("19790305", "330106", "517")


def issue_with_form(kiosk: HallClient) -> dict:
    issued = kiosk.issue("general")
    body = {"matter": "GA-HZ-001",
            "values": {"name": FORM_NAME, "sex": "男", "id_number": FORM_ID_NUMBER, "nation": "汉",
                       "birth": "1979-03-05",
                       "address": "浙江省杭州市西湖区文三路477号", "valid_until": "2026-12-31",
                       "phone": "13912345678", "reason": "有效期满"},
            "materials": [{"name": "原居民身份证", "have": True}, {"name": "居民户口簿", "have": False}]}
    r = kiosk.http.put(f"/api/v1/forms/{issued['track_token']}", json=body, headers=kiosk.headers(new_key=True))
    assert r.status_code == 200, r.text
    return issued["ticket"]


def test_the_called_tickets_form_shows_at_the_window_to_copy(qtbot, terminal: Terminal, kiosk: HallClient):
    plain = kiosk.issue("general")["ticket"]
    filled = issue_with_form(kiosk)
    logged_in(qtbot, terminal)
    open_and_wait(qtbot, terminal)
    qtbot.waitUntil(lambda: terminal.desk.waiting.count == 2, timeout=WAIT_MS)
    click(qtbot, terminal, "callNextButton")
    qtbot.waitUntil(lambda: terminal.desk.current.get("number") == plain["number"], timeout=WAIT_MS)
    assert terminal.desk.form == {}
    assert find(terminal, "formButton") is None  # a ticket without a form offers none (not shown)

    click(qtbot, terminal, "startButton")
    qtbot.waitUntil(lambda: terminal.desk.current.get("state") == "serving" and not terminal.desk.busy,
                    timeout=WAIT_MS)
    click(qtbot, terminal, "finishButton")
    qtbot.waitUntil(lambda: not terminal.desk.current and not terminal.desk.busy, timeout=WAIT_MS)
    click(qtbot, terminal, "callNextButton")
    qtbot.waitUntil(lambda: terminal.desk.form.get("number") == filled["number"], timeout=WAIT_MS)
    click(qtbot, terminal, "formButton")
    qtbot.waitUntil(lambda: find(terminal, "formDialogTitle") is not None, timeout=WAIT_MS)
    assert text(terminal, "formValue_id_number") == FORM_ID_NUMBER  # the clerk reads it whole
    assert text(terminal, "formValue_name") == FORM_NAME
    assert "居民户口簿" in text(terminal, "formMissing")
    assert text(terminal, "formConfirmed") == "群众尚未核对"
    click(qtbot, terminal, "copy_id_number")
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == FORM_ID_NUMBER, timeout=WAIT_MS)
    assert_touch_targets(terminal)
    SCREENS.mkdir(parents=True, exist_ok=True)
    assert terminal.window.grabWindow().save(str(SCREENS / "terminal-form.png"))
    click(qtbot, terminal, "formDialogClose")

    click(qtbot, terminal, "startButton")
    qtbot.waitUntil(lambda: terminal.desk.current.get("state") == "serving" and not terminal.desk.busy,
                    timeout=WAIT_MS)
    click(qtbot, terminal, "finishButton")
    qtbot.waitUntil(lambda: terminal.desk.form == {}, timeout=WAIT_MS)  # the ticket has gone: so has its form


def test_the_form_is_printed_as_an_a4_pdf_on_the_windows_printer(qtbot, server: RunningServer, kiosk: HallClient,
                                                                  tmp_path: pathlib.Path):
    spool = tmp_path / "spool"
    t = Terminal(server.url, "01", retry_first_s=0.05, retry_max_s=0.4, printer=f"pdfdir://{spool}")
    try:
        qtbot.waitExposed(t.window)
        filled = issue_with_form(kiosk)
        logged_in(qtbot, t)
        open_and_wait(qtbot, t)
        click(qtbot, t, "callNextButton")
        qtbot.waitUntil(lambda: t.desk.form.get("number") == filled["number"], timeout=WAIT_MS)
        click(qtbot, t, "formButton")
        qtbot.waitUntil(lambda: find(t, "printForm") is not None, timeout=WAIT_MS)
        click(qtbot, t, "printForm")
        qtbot.waitUntil(lambda: text(t, "formStatus") == f"表单 {filled['number']} 已送打印机", timeout=WAIT_MS)
        [printed] = list(spool.glob("*.pdf"))
        reader = PdfReader(printed)
        box = reader.pages[0].mediabox
        assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)
        words = "".join(p.extract_text() for p in reader.pages)
        assert "居民身份证换领" in words and "公民身份号码" in words and FORM_NAME in words
        assert FORM_ID_NUMBER not in words and FORM_ID_NUMBER[:6] + "*" * 8 + FORM_ID_NUMBER[-4:] in words
        assert_touch_targets(t)
        SCREENS.mkdir(parents=True, exist_ok=True)
        assert t.window.grabWindow().save(str(SCREENS / "terminal-form-printed.png"))
    finally:
        t.close()


def test_without_a_printer_the_panel_says_so(qtbot, terminal: Terminal, kiosk: HallClient):
    filled = issue_with_form(kiosk)
    logged_in(qtbot, terminal)
    open_and_wait(qtbot, terminal)
    click(qtbot, terminal, "callNextButton")
    qtbot.waitUntil(lambda: terminal.desk.form.get("number") == filled["number"], timeout=WAIT_MS)
    click(qtbot, terminal, "formButton")
    qtbot.waitUntil(lambda: find(terminal, "printForm") is not None, timeout=WAIT_MS)
    click(qtbot, terminal, "printForm")
    qtbot.waitUntil(lambda: text(terminal, "formStatus") == "本窗口未配置打印机", timeout=WAIT_MS)
