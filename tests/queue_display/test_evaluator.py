"""The window's evaluator (评价器) end to end: real QML offscreen, a real hall server on loopback.

The window asks (over HTTP, or through the window terminal's 请评价), the pad shows the request,
the citizen taps, and the rating is read back from the server over HTTP.
"""
from __future__ import annotations

import os
import pathlib
import tempfile
from collections.abc import Iterator

import pytest

from hall_rules.idnumbers import mask_name
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtQml import QQmlEngine, QQmlExpression
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest

import quicksupport as quick
from hall_server.config import load_hall
from hallsupport import (device_token, make_id, SAMPLE_HALL, STAFF_PIN, HallClient, RunningServer, screens_dir,
                         untranslated)
from queue_display.evaluator import I18N, Evaluator, demo_token, parse_args, pixels_per_mm, prepare_environment
from queue_display.terminal import Terminal

# The pinyin keyboard is the input method only if this is set before the QApplication exists:
# this module is imported while tests are collected, before pytest-qt makes the application.
prepare_environment()

SCREENS = screens_dir()
WAIT_MS = 30_000  # generous: waiting for an event costs nothing when it comes
HALL = load_hall(SAMPLE_HALL)
TOKEN_01 = device_token("evaluator-01")
TODAY = "2026-11-23"  # the FakeClock's day


# --- driving the pad -------------------------------------------------------------------------------

def find(e: Evaluator, name: str) -> QQuickItem | None:
    return quick.find(e.window, name)


def shown(e: Evaluator, name: str) -> bool:
    return find(e, name) is not None


def text(e: Evaluator, name: str) -> str:
    item = find(e, name)
    assert item is not None, name
    return str(item.property("text"))


def tap(qtbot, e: Evaluator, name: str) -> None:
    quick.click(qtbot, e.window, name, WAIT_MS)


def enabled(e: Evaluator, name: str) -> bool:
    item = find(e, name)
    return item is not None and item.isEnabled()


def assert_fits(e: Evaluator) -> None:
    """Every touch target is at least 15 mm each way on the 10.1" panel, inside the window, and no text
    on screen is cut short."""
    window = e.window
    mm = pixels_per_mm(int(window.width()), int(window.height()))
    targets = [i for i in quick.all_items(window) if quick.really_visible(i)
               and i.metaObject().indexOfProperty("padTarget") >= 0]
    assert targets
    for t in targets:
        assert t.width() >= 15 * mm and t.height() >= 15 * mm, (t.objectName(), t.width(), t.height(), 15 * mm)
        top_left = t.mapToScene(t.boundingRect().topLeft())
        assert top_left.x() >= 0 and top_left.y() >= 0, t.objectName()
        assert top_left.x() + t.width() <= window.width() + 1 and top_left.y() + t.height() <= window.height() + 1, \
            t.objectName()
    keyboard = set(quick.items_under(find(e, "keyboard")))  # Qt's own keys; it waits below the window
    texts = [i for i in quick.all_items(window) if quick.really_visible(i) and i not in keyboard
             and i.metaObject().indexOfProperty("truncated") >= 0 and i.property("text")]
    assert texts
    for t in texts:
        assert not t.property("truncated"), (t.objectName(), t.property("text"))
        bottom = t.mapToScene(t.boundingRect().bottomLeft()).y()
        assert bottom <= window.height() + 1, (t.property("text"), bottom)


def screenshot(e: Evaluator, name: str) -> None:
    e.window.grabWindow()  # lay out what just changed
    QTest.qWait(100)       # the faces (Canvas) paint on the frame after a resize
    e.window.grabWindow()
    assert_fits(e)
    SCREENS.mkdir(parents=True, exist_ok=True)
    assert e.window.grabWindow().save(str(SCREENS / f"evaluator-{name}.png"))


def make(qtbot, server_url: str, lang: str = "zh", size: tuple[int, int] = (1280, 800), **options) -> Evaluator:
    options = {"retry_first_s": 0.05, "retry_max_s": 0.4, "check_s": 0.5, "thanks_s": 1.0, "ended_s": 1.0,
               **options}
    e = Evaluator(server_url, TOKEN_01, "01", lang, **options)
    e.window.resize(*size)
    qtbot.waitExposed(e.window)
    qtbot.waitUntil(lambda: e.pad.online and e.pad.windowName != "" and len(e.pad.reasons) > 0, timeout=WAIT_MS)
    return e


@pytest.fixture
def evaluator(qtbot, server: RunningServer) -> Iterator[Evaluator]:
    e = make(qtbot, server.url)
    yield e
    e.close()
    QCoreApplication.processEvents()


@pytest.fixture
def w01(server: RunningServer) -> HallClient:
    staff = server.login("w01", STAFF_PIN, "01")
    staff.ok("/windows/01/open")
    return staff


def served(kiosk: HallClient, staff: HallClient, name: str | None = None, finish: bool = True) -> dict:
    """A ticket issued, called, served (and by default finished) at window 01."""
    ticket = kiosk.issue("general", **({"name": name} if name else {}))["ticket"]
    staff.ok("/windows/01/call-next", {"ticket_id": ticket["id"]})
    staff.ok("/windows/01/start", {"ticket_id": ticket["id"]})
    if finish:
        staff.ok("/windows/01/finish", {"ticket_id": ticket["id"]})
    return ticket


def ask(staff: HallClient, ticket: dict) -> dict:
    return staff.ok("/windows/01/rating-request", {"ticket_id": ticket["id"]}, 201)


def ratings(admin: HallClient) -> list[dict]:
    r = admin.get("/ratings/export", **{"from": TODAY, "to": TODAY})
    assert r.status_code == 200, r.text
    return r.json()["ratings"]


# --- the flow ------------------------------------------------------------------------------------

@pytest.mark.slow
def test_the_terminal_asks_the_citizen_taps_the_server_keeps_it_the_terminal_shows_it(
        qtbot, server: RunningServer, kiosk: HallClient, admin: HallClient, evaluator: Evaluator):
    ticket = kiosk.issue("general", name="张小三")["ticket"]
    terminal = Terminal(server.url, "01", retry_first_s=0.05, retry_max_s=0.4)
    try:
        qtbot.waitExposed(terminal.window)
        quick.find(terminal.window, "usernameField").setProperty("text", "w01")  # typing: test_terminal
        for digit in STAFF_PIN:
            quick.click(qtbot, terminal.window, f"pinKey_{digit}", WAIT_MS)
        quick.click(qtbot, terminal.window, "loginButton", WAIT_MS)
        qtbot.waitUntil(lambda: terminal.desk.screen == "work" and terminal.desk.linkState == "live", timeout=WAIT_MS)
        for button in ("openButton", "callNextButton", "startButton"):
            quick.click(qtbot, terminal.window, button, WAIT_MS)
            qtbot.waitUntil(lambda: not terminal.desk.busy, timeout=WAIT_MS)
        assert shown(evaluator, "idleText") and text(evaluator, "windowTitle") == "1号窗口"
        screenshot(evaluator, "idle")
        quick.click(qtbot, terminal.window, "finishButton", WAIT_MS)
        qtbot.waitUntil(lambda: terminal.desk.rating.get("number") == ticket["number"], timeout=WAIT_MS)

        # 办结 asks the evaluator by itself; nobody presses 请评价.
        qtbot.waitUntil(lambda: evaluator.pad.screen == "rate", timeout=WAIT_MS)
        assert [text(evaluator, n) for n in ("ticketNumber", "ticketCategory", "ticketName")] == [
            f"号码 {ticket['number']}", "综合受理", "张*三"]
        assert [text(evaluator, f"level_{n}") for n in (5, 4, 3, 2, 1)] == [
            "非常满意", "满意", "基本满意", "不满意", "非常不满意"]
        qtbot.waitUntil(lambda: terminal.desk.askedRating.get("state") == "asking", timeout=WAIT_MS)
        assert quick.find(terminal.window, "ratingPrompt").property("text") == "评价器正在请群众评价…"
        screenshot(evaluator, "rate")

        tap(qtbot, evaluator, "level_4")
        qtbot.waitUntil(lambda: evaluator.pad.screen == "thanks", timeout=WAIT_MS)
        assert text(evaluator, "messageTitle") == "感谢您的评价！"
        screenshot(evaluator, "thanks")
        [rating] = ratings(admin)
        assert (rating["ticket_number"], rating["level"], rating["channel"], rating["window"]) == (
            ticket["number"], 4, "window_evaluator", "01")
        qtbot.waitUntil(lambda: terminal.desk.askedRating.get("state") == "given", timeout=WAIT_MS)
        assert quick.find(terminal.window, "ratingPrompt").property("text") == "群众评价：满意"
        assert not quick.find(terminal.window, "askRatingButton").isEnabled()  # one rating per ticket
        terminal.window.grabWindow().save(str(SCREENS / "terminal-rated.png"))
        qtbot.waitUntil(lambda: evaluator.pad.screen == "idle", timeout=WAIT_MS)  # thanks, then idle
    finally:
        terminal.close()


@pytest.mark.slow
def test_the_two_lowest_levels_need_a_reason(qtbot, kiosk: HallClient, w01: HallClient, admin: HallClient,
                                             evaluator: Evaluator):
    ticket = served(kiosk, w01)
    ask(w01, ticket)
    qtbot.waitUntil(lambda: evaluator.pad.screen == "rate", timeout=WAIT_MS)
    tap(qtbot, evaluator, "level_1")
    qtbot.waitUntil(lambda: shown(evaluator, "submitButton"), timeout=WAIT_MS)
    assert text(evaluator, "reasonTitle") == "您的评价：非常不满意"
    assert not enabled(evaluator, "submitButton")
    tap(qtbot, evaluator, "backButton")  # changed their mind: the five levels again
    qtbot.waitUntil(lambda: evaluator.pad.screen == "rate", timeout=WAIT_MS)
    tap(qtbot, evaluator, "level_2")
    qtbot.waitUntil(lambda: shown(evaluator, "reason_long_wait"), timeout=WAIT_MS)
    assert not enabled(evaluator, "submitButton")
    tap(qtbot, evaluator, "reason_attitude")
    tap(qtbot, evaluator, "reason_attitude")  # tapped again: let go
    qtbot.waitUntil(lambda: not enabled(evaluator, "submitButton"), timeout=WAIT_MS)
    tap(qtbot, evaluator, "reason_long_wait")
    qtbot.waitUntil(lambda: enabled(evaluator, "submitButton"), timeout=WAIT_MS)
    assert text(evaluator, "reason_long_wait") == "✓ 等候时间长"
    screenshot(evaluator, "reason")
    assert ratings(admin) == []  # nothing is sent before 提交
    tap(qtbot, evaluator, "submitButton")
    qtbot.waitUntil(lambda: evaluator.pad.screen == "thanks", timeout=WAIT_MS)
    [rating] = ratings(admin)
    assert (rating["level"], rating["reason_code"], rating["ticket_number"]) == (2, "long_wait", ticket["number"])
    [follow_up] = admin.get("/ratings/follow-ups").json()["follow_ups"]
    assert follow_up["rating"]["ticket_number"] == ticket["number"]


@pytest.mark.slow
def test_the_citizens_own_words_typed_in_pinyin_are_a_reason(qtbot, kiosk: HallClient, w01: HallClient,
                                                             admin: HallClient, evaluator: Evaluator):
    (evaluator.keyboard_dir / "pinyin").mkdir(exist_ok=True)
    learnt = evaluator.keyboard_dir / "pinyin" / "usr_dict.dat"
    learnt.write_bytes(b"words of the citizen before")
    ticket = served(kiosk, w01)
    ask(w01, ticket)
    tap(qtbot, evaluator, "level_2")
    qtbot.waitUntil(lambda: shown(evaluator, "reasonField"), timeout=WAIT_MS)
    assert not enabled(evaluator, "submitButton")
    find(evaluator, "reasonField").forceActiveFocus()
    qtbot.waitUntil(lambda: find(evaluator, "keyboard").property("active"), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: shown(evaluator, "doneTyping") and not shown(evaluator, "reason_long_wait"),
                    timeout=WAIT_MS)
    for letter in "naixin":
        qml(evaluator, f"InputContext.inputEngine.virtualKeyClick(Qt.Key_{letter.upper()}, '{letter}', 0)")
        qtbot.wait(50)
    qtbot.waitUntil(lambda: qml(evaluator, "InputContext.inputEngine.wordCandidateListModel.count") > 0,
                    timeout=WAIT_MS)
    assert qml(evaluator, "InputContext.inputEngine.wordCandidateListModel.dataAt(0, 0)") == "耐心"
    qml(evaluator, "InputContext.inputEngine.wordCandidateListModel.selectItem(0)")
    qtbot.waitUntil(lambda: evaluator.pad.reasonText == "耐心", timeout=WAIT_MS)
    # Nothing is learnt for the next citizen: the field is sensitive to the engine, whose dictionary
    # is this process's own (a temporary folder), not in the account's home.
    assert find(evaluator, "reasonField").property("inputMethodHints") & Qt.InputMethodHint.ImhSensitiveData
    config = pathlib.Path(os.environ["XDG_CONFIG_HOME"])
    assert config.is_relative_to(tempfile.gettempdir())
    assert (config / "qtvirtualkeyboard" / "pinyin" / "usr_dict.dat").stat().st_size > 0  # the engine's own
    find(evaluator, "reasonField").setProperty("text", "不够耐心")
    screenshot(evaluator, "typing")
    tap(qtbot, evaluator, "doneTyping")
    qtbot.waitUntil(lambda: not find(evaluator, "keyboard").property("active"), timeout=WAIT_MS)
    assert enabled(evaluator, "submitButton")  # the words are a reason of their own
    screenshot(evaluator, "reason-typed")
    tap(qtbot, evaluator, "submitButton")
    qtbot.waitUntil(lambda: evaluator.pad.screen == "thanks", timeout=WAIT_MS)
    [rating] = ratings(admin)
    assert (rating["level"], rating["reason_code"], rating["reason_text"]) == (2, None, "不够耐心")
    qtbot.waitUntil(lambda: list(evaluator.keyboard_dir.iterdir()) == [], timeout=WAIT_MS)  # what it learnt: gone


def qml(e: Evaluator, expression: str):
    """Evaluate a QML expression in the evaluator window's own context (it imports the virtual keyboard)."""
    context = QQmlEngine.contextForObject(e.window)
    evaluation = QQmlExpression(context, e.window, expression)
    value, _undefined = evaluation.evaluate()
    assert not evaluation.hasError(), (expression, evaluation.error().toString())
    return value


@pytest.mark.slow
def test_a_replaced_request_shows_the_new_one_and_an_expired_one_goes_back_to_idle(
        qtbot, kiosk: HallClient, w01: HallClient, clock, evaluator: Evaluator):
    first = served(kiosk, w01, name="李四")
    ask(w01, first)
    qtbot.waitUntil(lambda: evaluator.pad.request.get("number") == first["number"], timeout=WAIT_MS)
    tap(qtbot, evaluator, "level_2")  # in the middle of choosing a reason …
    qtbot.waitUntil(lambda: evaluator.pad.screen == "reason", timeout=WAIT_MS)
    second = served(kiosk, w01, name="王小五")
    ask(w01, second)  # … the window asks about the next citizen: the new request replaces it
    qtbot.waitUntil(lambda: evaluator.pad.request.get("number") == second["number"]
                    and evaluator.pad.screen == "rate", timeout=WAIT_MS)
    assert text(evaluator, "ticketName") == "王*五"
    clock.advance(minutes=4)  # the request stays open 3 minutes
    qtbot.waitUntil(lambda: evaluator.pad.screen == "idle", timeout=WAIT_MS)
    assert evaluator.pad.request == {}


@pytest.mark.slow
def test_a_tap_on_a_request_that_has_just_ended_is_told_plainly(qtbot, server: RunningServer, kiosk: HallClient,
                                                                w01: HallClient, admin: HallClient, clock):
    e = make(qtbot, server.url, check_s=600)  # the pad will not notice the end by itself in time
    try:
        ticket = served(kiosk, w01)
        ask(w01, ticket)
        qtbot.waitUntil(lambda: e.pad.screen == "rate", timeout=WAIT_MS)
        clock.advance(minutes=4)
        tap(qtbot, e, "level_5")
        qtbot.waitUntil(lambda: e.pad.screen == "ended", timeout=WAIT_MS)
        assert text(e, "messageText") == "该评价请求已结束，请联系窗口工作人员重新发起"
        screenshot(e, "ended")
        qtbot.waitUntil(lambda: e.pad.screen == "idle", timeout=WAIT_MS)
        assert ratings(admin) == []
    finally:
        e.close()


@pytest.mark.slow
def test_asked_while_still_serving_the_citizen_rates_once_the_service_ends(
        qtbot, kiosk: HallClient, w01: HallClient, admin: HallClient, evaluator: Evaluator):
    ticket = served(kiosk, w01, finish=False)
    ask(w01, ticket)
    qtbot.waitUntil(lambda: evaluator.pad.screen == "rate", timeout=WAIT_MS)
    tap(qtbot, evaluator, "level_5")
    qtbot.waitUntil(lambda: evaluator.pad.screen == "ended", timeout=WAIT_MS)
    assert "尚未办结" in text(evaluator, "messageText")
    qtbot.waitUntil(lambda: evaluator.pad.screen == "rate", timeout=WAIT_MS)  # the request is still open
    w01.ok("/windows/01/finish", {"ticket_id": ticket["id"]})
    tap(qtbot, evaluator, "level_5")
    qtbot.waitUntil(lambda: evaluator.pad.screen == "thanks", timeout=WAIT_MS)
    assert [r["level"] for r in ratings(admin)] == [5]


@pytest.mark.slow
def test_a_restarted_evaluator_picks_up_the_open_request(qtbot, server: RunningServer, kiosk: HallClient,
                                                         w01: HallClient):
    ticket = served(kiosk, w01, name="赵小六")
    ask(w01, ticket)  # asked while no evaluator runs
    for _ in range(2):
        e = make(qtbot, server.url)
        try:
            qtbot.waitUntil(lambda e=e: e.pad.screen == "rate", timeout=WAIT_MS)
            assert e.pad.request["number"] == ticket["number"] and e.pad.request["maskedName"] == "赵*六"
        finally:
            e.close()
            QCoreApplication.processEvents()


@pytest.mark.slow
def test_a_rating_sent_while_the_server_is_down_lands_once_when_it_is_back(
        qtbot, server: RunningServer, kiosk: HallClient, w01: HallClient):
    e = make(qtbot, server.url, patience_s=1.0)
    try:
        ticket = served(kiosk, w01)
        ask(w01, ticket)
        qtbot.waitUntil(lambda: e.pad.screen == "rate", timeout=WAIT_MS)
        server.stop()
        before = len(e.pad.api.sent_keys)
        tap(qtbot, e, "level_3")
        qtbot.waitUntil(lambda: e.pad.attempt >= 2, timeout=WAIT_MS)
        key = e.pad._sending
        assert "正在重新提交" in text(e, "messageText")
        qtbot.waitUntil(lambda: e.pad.trouble, timeout=WAIT_MS)
        assert text(e, "messageTitle") == "暂时无法提交评价"
        screenshot(e, "trouble")
        server.start()
        qtbot.waitUntil(lambda: e.pad.screen == "thanks", timeout=WAIT_MS)
        assert e.pad.api.sent_keys[before:].count(key) >= 3  # sent again and again with the same key
        admin = server.login("admin", "860301")
        [rating] = ratings(admin)
        assert (rating["ticket_number"], rating["level"]) == (ticket["number"], 3)
    finally:
        e.close()


@pytest.mark.slow
def test_after_a_server_restart_and_a_dropped_stream_requests_arrive_again(
        qtbot, server: RunningServer, kiosk: HallClient, w01: HallClient, evaluator: Evaluator):
    server.stop()
    qtbot.waitUntil(lambda: shown(evaluator, "offlineText"), timeout=WAIT_MS)  # said on screen
    server.start()
    qtbot.waitUntil(lambda: evaluator.pad.online, timeout=WAIT_MS)
    staff = server.login("w01", STAFF_PIN, "01")  # the clients of before were closed with the server
    first = served(server.client(kiosk.token), staff)
    ask(staff, first)
    qtbot.waitUntil(lambda: evaluator.pad.request.get("number") == first["number"], timeout=WAIT_MS)
    evaluator.pad.stream.drop_connection()  # a network fault: resumed after the last sequence seen
    second = served(server.client(kiosk.token), staff)
    ask(staff, second)
    qtbot.waitUntil(lambda: evaluator.pad.request.get("number") == second["number"] and evaluator.pad.online,
                    timeout=WAIT_MS)


@pytest.mark.slow
def test_an_evaluator_started_before_the_server_comes_up_gets_its_window_and_reasons(
        qtbot, server: RunningServer, kiosk: HallClient):
    server.stop()
    e = Evaluator(server.url, TOKEN_01, "01", retry_first_s=0.05, retry_max_s=0.4)
    try:
        qtbot.waitExposed(e.window)
        qtbot.waitUntil(lambda: shown(e, "offlineText"), timeout=WAIT_MS)
        assert shown(e, "idleText") and text(e, "windowTitle") == "1号窗口"  # by its number until the hall names it
        server.start()
        qtbot.waitUntil(lambda: e.pad.online and text(e, "windowTitle") == "1号窗口" and len(e.pad.reasons) == 7,
                        timeout=WAIT_MS)
    finally:
        e.close()


def test_a_rating_given_at_the_kiosk_ends_the_request_on_the_pad(qtbot, server: RunningServer, kiosk: HallClient,
                                                                 w01: HallClient, evaluator: Evaluator):
    ticket = served(kiosk, w01)
    ask(w01, ticket)
    qtbot.waitUntil(lambda: evaluator.pad.screen == "rate", timeout=WAIT_MS)
    token = ticket_token(server, ticket["id"])
    kiosk.ok("/ratings/by-ticket-code", {"code": token, "level": 5}, 201)
    qtbot.waitUntil(lambda: evaluator.pad.screen == "idle", timeout=WAIT_MS)


def ticket_token(server: RunningServer, ticket_id: int) -> str:
    import sqlite3
    with sqlite3.connect(server.db_path) as db:
        return db.execute("select track_token from tickets where id = ?", (ticket_id,)).fetchone()[0]


# --- every screen fits, zh and en, landscape and portrait ------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("size", [(1280, 800), (800, 1280)], ids=["landscape", "portrait"])
def test_every_screen_fits_in_both_languages(qtbot, server: RunningServer, kiosk: HallClient, w01: HallClient,
                                             size):
    e = make(qtbot, server.url, size=size, thanks_s=30, ended_s=30)
    tag = "landscape" if size[0] > size[1] else "portrait"
    try:
        for lang in ("zh", "en"):
            if e.pad.lang != lang:
                tap(qtbot, e, "languageButton")
                qtbot.waitUntil(lambda lang=lang: e.pad.lang == lang, timeout=WAIT_MS)
            suffix = f"{tag}-{lang}"
            qtbot.waitUntil(lambda: e.pad.screen == "idle", timeout=WAIT_MS)
            screenshot(e, f"idle-{suffix}")
            ticket = served(kiosk, w01, name="欧阳娜娜")
            ask(w01, ticket)
            qtbot.waitUntil(lambda: e.pad.screen == "rate", timeout=WAIT_MS)
            screenshot(e, f"rate-{suffix}")
            tap(qtbot, e, "level_1")
            tap(qtbot, e, "reason_unclear")
            qtbot.waitUntil(lambda: e.pad.canSubmit, timeout=WAIT_MS)
            screenshot(e, f"reason-{suffix}")
            tap(qtbot, e, "submitButton")
            qtbot.waitUntil(lambda: e.pad.screen == "thanks", timeout=WAIT_MS)
            screenshot(e, f"thanks-{suffix}")
            e.pad._back_to_idle.stop()
            e.pad._idle_again()
        assert text(e, "welcomeText") == "Welcome!"
        assert text(e, "languageButton") == "中文"
    finally:
        e.close()


def test_one_touch_english(qtbot, kiosk: HallClient, w01: HallClient, evaluator: Evaluator):
    ask(w01, served(kiosk, w01))
    qtbot.waitUntil(lambda: evaluator.pad.screen == "rate", timeout=WAIT_MS)
    assert text(evaluator, "languageButton") == "English"
    tap(qtbot, evaluator, "languageButton")
    qtbot.waitUntil(lambda: text(evaluator, "rateTitle") == "Please rate our service", timeout=WAIT_MS)
    assert text(evaluator, "level_5") == "Very satisfied" and text(evaluator, "windowTitle") == "Window 1"
    assert text(evaluator, "ticketCategory") == "General acceptance"
    tap(qtbot, evaluator, "languageButton")
    qtbot.waitUntil(lambda: text(evaluator, "rateTitle") == "请为本次服务评价", timeout=WAIT_MS)


# --- 请核对您的信息: the form the citizen filled at the kiosk, checked before the rating ------------

FORM_NAME = "欧阳小明"
FORM_ID_NUMBER = make_id("19790305", "330106", "517")
FORM_ID_MASKED = FORM_ID_NUMBER[:6] + "*" * 8 + FORM_ID_NUMBER[-4:]


def issue_with_form(kiosk: HallClient) -> dict:
    """A ticket whose kiosk sent its form (as tests/hall_server/test_forms.py stores one)."""
    issued = kiosk.issue("general", name=FORM_NAME)
    body = {"matter": "GA-HZ-001",
            "values": {"name": FORM_NAME, "sex": "男", "id_number": FORM_ID_NUMBER, "nation": "汉",
                       "birth": "1979-03-05", "address": "浙江省杭州市西湖区文三路477号",
                       "valid_until": "2026-12-31", "phone": "13912345678", "reason": "有效期满"},
            "materials": [{"name": "原居民身份证", "have": True}, {"name": "居民户口簿", "have": True}]}
    r = kiosk.http.put(f"/api/v1/forms/{issued['track_token']}", json=body, headers=kiosk.headers(new_key=True))
    assert r.status_code == 200, r.text
    return issued["ticket"]


@pytest.mark.slow
def test_the_terminal_asks_the_citizen_to_check_the_form_then_the_rating_follows(
        qtbot, server: RunningServer, kiosk: HallClient, admin: HallClient, evaluator: Evaluator):
    ticket = issue_with_form(kiosk)
    terminal = Terminal(server.url, "01", retry_first_s=0.05, retry_max_s=0.4)
    try:
        qtbot.waitExposed(terminal.window)
        quick.find(terminal.window, "usernameField").setProperty("text", "w01")
        for digit in STAFF_PIN:
            quick.click(qtbot, terminal.window, f"pinKey_{digit}", WAIT_MS)
        quick.click(qtbot, terminal.window, "loginButton", WAIT_MS)
        qtbot.waitUntil(lambda: terminal.desk.screen == "work" and terminal.desk.linkState == "live", timeout=WAIT_MS)
        for button in ("openButton", "callNextButton"):
            quick.click(qtbot, terminal.window, button, WAIT_MS)
            qtbot.waitUntil(lambda: not terminal.desk.busy, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: terminal.desk.form.get("number") == ticket["number"], timeout=WAIT_MS)
        quick.click(qtbot, terminal.window, "formButton", WAIT_MS)
        qtbot.waitUntil(lambda: quick.find(terminal.window, "askFormConfirm") is not None, timeout=WAIT_MS)
        assert evaluator.pad.screen == "idle"
        quick.click(qtbot, terminal.window, "askFormConfirm", WAIT_MS)

        # The evaluator reads the form itself: the ID number masked, never whole on its screen.
        qtbot.waitUntil(lambda: evaluator.pad.screen == "confirm" and shown(evaluator, "confirmValue_id_number"),
                        timeout=WAIT_MS)
        assert text(evaluator, "confirmTitle") == "请核对您的信息"
        assert text(evaluator, "confirmValue_name") == mask_name(FORM_NAME)  # the pad faces the hall
        assert text(evaluator, "confirmValue_id_number") == FORM_ID_MASKED
        assert text(evaluator, "confirmLabel_id_number") == "公民身份号码"
        shown_texts = [str(i.property("text") or "") for i in quick.all_items(evaluator.window)]
        assert all(FORM_ID_NUMBER not in t and FORM_NAME not in t for t in shown_texts)
        qtbot.waitUntil(lambda: terminal.desk.form.get("asked") is True, timeout=WAIT_MS)
        assert quick.find(terminal.window, "formConfirmed").property("text") == "评价器正在请群众核对…"
        screenshot(evaluator, "confirm")

        tap(qtbot, evaluator, "formRight")
        qtbot.waitUntil(lambda: terminal.desk.form.get("confirmed") is True, timeout=WAIT_MS)
        assert quick.find(terminal.window, "formConfirmed").property("text") == "群众已在评价器上核对无误"
        qtbot.waitUntil(lambda: evaluator.pad.screen == "idle" and evaluator.pad.form == {}, timeout=WAIT_MS)
        quick.click(qtbot, terminal.window, "formDialogClose", WAIT_MS)

        # Then the rating, as ever: 办结 asks, the citizen taps.
        for button in ("startButton", "finishButton"):
            quick.click(qtbot, terminal.window, button, WAIT_MS)
            qtbot.waitUntil(lambda: not terminal.desk.busy, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: evaluator.pad.screen == "rate", timeout=WAIT_MS)
        tap(qtbot, evaluator, "level_5")
        qtbot.waitUntil(lambda: evaluator.pad.screen == "thanks", timeout=WAIT_MS)
        [rating] = ratings(admin)
        assert (rating["ticket_number"], rating["level"]) == (ticket["number"], 5)
    finally:
        terminal.close()


@pytest.mark.slow
def test_the_form_in_english_a_wrong_answer_and_the_timeout(qtbot, server: RunningServer, kiosk: HallClient,
                                                             w01: HallClient):
    e = make(qtbot, server.url, lang="en", confirm_s=600)
    try:
        ticket = issue_with_form(kiosk)
        w01.ok("/windows/01/call-next", {"ticket_id": ticket["id"]})
        w01.ok(f"/tickets/{ticket['id']}/form/ask-confirm")
        qtbot.waitUntil(lambda: shown(e, "confirmValue_id_number"), timeout=WAIT_MS)
        assert text(e, "confirmTitle") == "Please check your details"
        assert text(e, "confirmLabel_id_number") == "ID number"
        assert text(e, "confirmValue_id_number") == FORM_ID_MASKED
        screenshot(e, "confirm-en")
        e.window.resize(800, 1280)  # the panel on its side: label and value, one pair a row
        qtbot.waitUntil(lambda: e.window.height() == 1280, timeout=WAIT_MS)
        screenshot(e, "confirm-portrait-en")
        tap(qtbot, e, "formWrong")
        qtbot.waitUntil(lambda: w01.get(f"/tickets/{ticket['id']}/form").json()["confirmed"] is False,
                        timeout=WAIT_MS)
        qtbot.waitUntil(lambda: e.pad.screen == "idle", timeout=WAIT_MS)

        # Asked again and left unanswered: the pad goes back to idle by itself, the form's values gone.
        e.pad._form_timeout.setInterval(200)
        w01.ok(f"/tickets/{ticket['id']}/form/ask-confirm")
        qtbot.waitUntil(lambda: e.pad.screen == "confirm", timeout=WAIT_MS)
        qtbot.waitUntil(lambda: e.pad.screen == "idle" and e.pad.form == {}, timeout=WAIT_MS)
        assert w01.get(f"/tickets/{ticket['id']}/form").json()["confirmed"] is False  # nothing sent for it
    finally:
        e.close()


def test_the_evaluator_reports_its_health(qtbot, server: RunningServer, evaluator: Evaluator):
    tech = server.login("tech", "240724")
    qtbot.waitUntil(lambda: any(r["reporter"] == "evaluator-01" and r["reported_at"]
                                for r in tech.get("/devices/health").json()["reporters"]), timeout=WAIT_MS)
    mine = next(r for r in tech.get("/devices/health").json()["reporters"] if r["reporter"] == "evaluator-01")
    assert mine["devices"]["panel"]["state"] == "ok"
    # The console's 设备 page: heard from, with its version.
    fleet = next(d for d in tech.get("/devices/fleet").json()["devices"] if d["id"] == "evaluator-01")
    assert fleet["online"] is True and fleet["version"]


def test_translation_file_is_complete():
    count, unfinished = untranslated(I18N / "evaluator_en.ts")
    assert count >= 20 and unfinished == []
    assert (I18N / "evaluator_en.qm").stat().st_size > 500


def test_command_line():
    args = parse_args(["--demo", "--window", "01", "--lang", "en", "--windowed", "800x1280"])
    assert (args.token, args.window, args.lang, args.size) == (demo_token("01"), "01", "en", (800, 1280))
    assert args.token == TOKEN_01
    args = parse_args(["--server", "http://10.0.0.5:8000", "--token", "abc"])
    assert (args.server, args.token, args.size) == ("http://10.0.0.5:8000", "abc", None)
    for bad in (["--demo"], ["--server", "http://x"], ["--demo", "--window", "99"],
                ["--demo", "--window", "01", "--windowed", "big"]):
        with pytest.raises(SystemExit):
            parse_args(bad)
    assert 5.8 < pixels_per_mm(1280, 800) < 6.0
