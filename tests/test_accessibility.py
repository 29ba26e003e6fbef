"""Every interactive item of the kiosk, the window terminal, the evaluator and the hall console has an
accessible role and a name in words, and every screen a heading a screen reader can read: each app's real
QML offscreen, walked page by page through the accessibility interfaces Qt gives assistive technology."""
from __future__ import annotations

import pathlib
import re
from collections.abc import Iterator

import pytest
from kiosksupport import TECH_PIN, KioskRig, device_config
from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAccessible, QAccessibleActionInterface, QAccessibleInterface
from PySide6.QtQml import QQmlComponent, QQmlEngine
from PySide6.QtQuick import QQuickItem, QQuickWindow

import quicksupport as quick
from devices.host import DeviceHost
from hallsupport import ADMIN_PIN, STAFF_PIN, HallClient, RunningServer, device_token
from kiosk.walk import Walk
from queue_display.console import Console
from queue_display.evaluator import Evaluator, prepare_environment
from queue_display.terminal import Terminal

prepare_environment()  # the evaluator's pinyin keyboard, before the QApplication exists

WAIT_MS = 30_000  # generous: waiting for an event costs nothing when it comes
Role = QAccessible.Role
#: What a screen reader announces as something to press, tick or type into.
ACTING_ROLES = {Role.Button, Role.CheckBox, Role.RadioButton, Role.EditableText, Role.ListItem, Role.Link,
                Role.MenuItem, Role.PageTab, Role.ComboBox, Role.SpinBox, Role.Slider, Role.ButtonMenu,
                Role.ButtonDropDown}
INPUT_CLASSES = ("QQuickAbstractButton", "QQuickTextInput", "QQuickTextEdit")
HANDLER_CLASSES = ("QQuickMouseArea", "QQuickMultiPointTouchArea", "QQuickTapHandler")


@pytest.fixture
def accessible(qapp) -> Iterator[None]:
    """Assistive technology switched on, as a screen reader does: controls then publish their names."""
    QAccessible.setActive(True)
    yield
    QAccessible.setActive(False)


def inherits(obj: QObject, *classes: str) -> bool:
    meta = obj.metaObject()
    while meta is not None:
        if meta.className() in classes:
            return True
        meta = meta.superClass()
    return False


def interface(item: QObject) -> QAccessibleInterface | None:
    return QAccessible.queryAccessibleInterface(item)


def spoken_name(item: QObject) -> str:
    iface = interface(item)
    return iface.text(QAccessible.Text.Name).strip() if iface is not None else ""


def described(item: QQuickItem) -> str:
    """Where an item is, for a failure message: its QML file, objectName and visible text."""
    context = QQmlEngine.contextForObject(item)
    where = pathlib.Path(context.baseUrl().path()).name if context is not None else "?"
    text = item.property("text")
    return (f"{where} {item.objectName() or item.metaObject().className()}"
            + (f" {text!r}" if isinstance(text, str) and text else ""))


def acts(item: QQuickItem) -> bool:
    """An item a finger can use: a button or a text field, or one a mouse area or tap handler drives."""
    if inherits(item, *INPUT_CLASSES):
        return True
    if inherits(item, "QQuickMouseArea", "QQuickMultiPointTouchArea"):
        return False  # counted through the item it sits on (below)
    return any(inherits(child, *HANDLER_CLASSES) and (not isinstance(child, QQuickItem) or child.isVisible())
               for child in item.children())


def speaks_as_control(item: QQuickItem) -> str | None:
    """Why a screen reader cannot announce this item as something to use, or None if it can."""
    carriers = [item] + [c for c in item.children() if inherits(c, "QQuickMouseArea", "QQuickMultiPointTouchArea")]
    for carrier in carriers:
        iface = interface(carrier)
        if iface is None or iface.role() not in ACTING_ROLES:
            continue
        name = iface.text(QAccessible.Text.Name).strip()
        if not name and iface.state().passwordEdit:  # Qt publishes no name for these: the description is said
            name = iface.text(QAccessible.Text.Description).strip()
        if not name:
            return "has a role but no name"
        if not re.search(r"[^\W\d_]", name):  # "3", "✓": a number or sign alone says nothing to a listener
            return f"is named {name!r} only, not in words"
        return None
    return "has no accessible role" if all(interface(c) is None for c in carriers) else \
        f"has the role {interface(item).role() if interface(item) else '-'}, not one to use"


def accessibility_problems(window: QQuickWindow, screen: str) -> list[str]:
    """What keeps a screen reader user from this screen: an item to use without a role or a name in
    words, or no heading that reads out what the screen is about."""
    keyboard = next((i for i in quick.all_items(window) if i.objectName() == "keyboard"), None)
    qt_keys = set(quick.items_under(keyboard)) if keyboard is not None else set()  # Qt's own keyboard
    problems, headings = [], 0
    for item in quick.all_items(window):
        if item in qt_keys or not quick.really_visible(item) or item.opacity() == 0:
            continue
        # A greyed-out button is announced too; a text field that takes no typing (a combo box's label) is not.
        if acts(item) and (item.isEnabled() or not inherits(item, "QQuickTextInput", "QQuickTextEdit")):
            why = speaks_as_control(item)
            if why:
                problems.append(f"{screen}: {described(item)} {why}")
        iface = interface(item)
        if iface is not None and iface.role() == Role.Heading and iface.text(QAccessible.Text.Name).strip():
            headings += 1
    if not headings:
        problems.append(f"{screen}: no heading reads out what it is about")
    return problems


def settle(window: QQuickWindow) -> None:
    window.grabWindow()  # polish, lay out and draw what just changed
    QCoreApplication.processEvents()


# --- the kiosk: every page its walk goes through ---------------------------------------------------

class CheckingWalk(Walk):
    """The kiosk walk (every flow), checking each screen it shows instead of only photographing it."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.problems: list[str] = []

    def shot(self, step: str) -> pathlib.Path:
        path = super().shot(step)
        self.problems += accessibility_problems(self.kiosk.window, f"kiosk {step}")
        return path


@pytest.fixture
def host(tmp_path: pathlib.Path) -> Iterator[DeviceHost]:
    device_host = DeviceHost(device_config(tmp_path), listen="127.0.0.1:0").start()
    yield device_host
    device_host.stop()


@pytest.mark.slow
def test_every_kiosk_screen_speaks(accessible, qapp, tmp_path, server: RunningServer, host, clock):
    rig = KioskRig(tmp_path, server, host, clock)
    try:
        rig.ready()
        walk = CheckingWalk(rig.kiosk, rig.devices, server.url, ("admin", ADMIN_PIN), tmp_path / "shots",
                            clock=clock, tech_pin=TECH_PIN)
        walk.run()
        pages = {page for _, page in walk.visited}
        assert {"home", "categories", "identify", "refusal", "checkin", "appointment", "ticket", "guide", "matter",
                "techpin", "tech", "progress", "cases", "certificate", "rating"} <= pages, pages
        # Pages the walk passes without a picture: the guide in Chinese, a wrong PIN said.
        rig.state.openGuide()
        rig.page("guide")
        walk.problems += accessibility_problems(rig.kiosk.window, "kiosk guide")
        rig.state.goHome()
        rig.state.techRequest()
        rig.page("techpin")
        rig.state.techEnter("000000")
        rig.until(lambda: rig.text("pinMessage") != "", what="wrong PIN said")
        walk.problems += accessibility_problems(rig.kiosk.window, "kiosk techpin wrong")
        assert not walk.problems, "\n".join(walk.problems)
    finally:
        rig.close()


def press(item: QObject) -> None:
    """What a screen reader does on a double tap: the item's press action."""
    iface = interface(item)
    assert iface is not None and iface.actionInterface() is not None, described(item)
    assert QAccessibleActionInterface.pressAction() in iface.actionInterface().actionNames(), described(item)
    iface.actionInterface().doAction(QAccessibleActionInterface.pressAction())


@pytest.mark.slow
def test_a_screen_reader_says_the_pin_keys_in_words_and_presses_what_a_finger_presses(
        accessible, qapp, tmp_path, server: RunningServer, host, clock):
    rig = KioskRig(tmp_path, server, host, clock, idle_timeout_s=600.0, countdown_s=600.0)
    try:
        rig.ready()
        rig.state.techRequest()
        rig.page("techpin")
        key = rig.item("pin_3")
        assert spoken_name(key) == "数字 3"
        press(key)
        rig.until(lambda: rig.text("pinDots") == "●", what="one digit typed by the press action")
        assert spoken_name(rig.item("pinDots")) == "已输入 1 位"  # not "black circle"
        rig.state.techLeave()
        rig.page("home")
        # The idle warning covers the screen, "a touch anywhere" included: a reader can press that too.
        rig.state.startTakeNumber()
        rig.page("categories")
        rig.state._start_countdown()
        rig.until(lambda: rig.state.countdown > 0, what="countdown shown")
        overlay = next(c for c in rig.item("idleOverlay").children() if inherits(c, "QQuickMouseArea"))
        assert spoken_name(overlay) == "继续办理"
        press(overlay)
        rig.until(lambda: rig.state.countdown == 0, what="the session kept by the press action")
        assert rig.state.page == "categories"
        # In English, the names are English.
        rig.state.goHome()
        rig.page("home")
        rig.state.toggleLanguage()
        rig.state.startTakeNumber()
        rig.page("categories")
        tile = interface(rig.item("category_general"))
        assert tile is not None and tile.text(QAccessible.Text.Name) == "General acceptance"
        assert "waiting" in tile.text(QAccessible.Text.Description)
    finally:
        rig.close()


# --- the window terminal: login, work screen and its dialogs ----------------------------------------

def wait_shown(qtbot, window: QQuickWindow, name: str) -> None:
    qtbot.waitUntil(lambda: quick.find(window, name) is not None, timeout=WAIT_MS)
    settle(window)


@pytest.mark.slow
def test_every_terminal_screen_speaks(accessible, qtbot, server: RunningServer, kiosk: HallClient):
    t = Terminal(server.url, "01", retry_first_s=0.05, retry_max_s=0.4)
    w = t.window
    try:
        qtbot.waitExposed(w)
        wait_shown(qtbot, w, "loginButton")
        problems = accessibility_problems(w, "terminal login")
        quick.find(w, "usernameField").setProperty("text", "w01")
        for digit in STAFF_PIN:
            quick.click(qtbot, w, f"pinKey_{digit}", WAIT_MS)
        quick.click(qtbot, w, "loginButton", WAIT_MS)
        qtbot.waitUntil(lambda: t.desk.screen == "work" and t.desk.linkState == "live" and t.desk.windowState != "",
                        timeout=WAIT_MS)
        settle(w)
        problems += accessibility_problems(w, "terminal work, closed")
        quick.click(qtbot, w, "openButton", WAIT_MS)
        qtbot.waitUntil(lambda: t.desk.windowState == "open" and not t.desk.busy, timeout=WAIT_MS)
        kiosk.issue("general")
        kiosk.issue("general")
        qtbot.waitUntil(lambda: quick.find(w, "callNextButton").isEnabled(), timeout=WAIT_MS)
        settle(w)
        problems += accessibility_problems(w, "terminal work, waiting list")
        quick.click(qtbot, w, "callNextButton", WAIT_MS)
        qtbot.waitUntil(lambda: quick.find(w, "transferButton").isEnabled() and not t.desk.busy, timeout=WAIT_MS)
        for button, dialog, cancel in (("noShowButton", "noShowDialogConfirm", "noShowDialogCancel"),
                                       ("transferButton", "transferOk", "transferCancel"),
                                       ("holdButton", "reasonOk", "reasonCancel"),
                                       ("pauseButton", "reasonOk", "reasonCancel")):
            quick.click(qtbot, w, button, WAIT_MS)
            wait_shown(qtbot, w, dialog)
            problems += accessibility_problems(w, f"terminal {button} dialog")
            if button == "transferButton":
                quick.click(qtbot, w, "toWindowTab", WAIT_MS)
                settle(w)
                problems += accessibility_problems(w, "terminal transfer to a window")
            quick.click(qtbot, w, cancel, WAIT_MS)
            qtbot.waitUntil(lambda dialog=dialog: quick.find(w, dialog) is None, timeout=WAIT_MS)
        quick.click(qtbot, w, "startButton", WAIT_MS)
        qtbot.waitUntil(lambda: quick.find(w, "finishButton").isEnabled() and not t.desk.busy, timeout=WAIT_MS)
        quick.click(qtbot, w, "finishButton", WAIT_MS)
        wait_shown(qtbot, w, "askRatingButton")
        problems += accessibility_problems(w, "terminal served, rating")
        quick.click(qtbot, w, "heldTab", WAIT_MS)
        settle(w)
        problems += accessibility_problems(w, "terminal held list")
        assert not problems, "\n".join(problems)
    finally:
        t.close()


# --- the evaluator: idle, rating, reasons, thanks -----------------------------------------------------

@pytest.mark.slow
def test_every_evaluator_screen_speaks(accessible, qtbot, server: RunningServer, kiosk: HallClient):
    staff = server.login("w01", STAFF_PIN, "01")
    staff.ok("/windows/01/open")
    e = Evaluator(server.url, device_token("evaluator-01"), "01", "zh", retry_first_s=0.05, retry_max_s=0.4,
                  check_s=0.5, thanks_s=30, ended_s=30)
    w = e.window
    try:
        w.resize(1280, 800)
        qtbot.waitExposed(w)
        qtbot.waitUntil(lambda: e.pad.online and e.pad.windowName != "" and len(e.pad.reasons) > 0,
                        timeout=WAIT_MS)
        settle(w)
        problems = accessibility_problems(w, "evaluator idle")
        ticket = kiosk.issue("general", name="张小三")["ticket"]
        for step in ("call-next", "start", "finish"):
            staff.ok(f"/windows/01/{step}", {"ticket_id": ticket["id"]})
        staff.ok("/windows/01/rating-request", {"ticket_id": ticket["id"]}, 201)
        qtbot.waitUntil(lambda: e.pad.screen == "rate", timeout=WAIT_MS)
        settle(w)
        problems += accessibility_problems(w, "evaluator rate")
        level_5 = spoken_name(quick.find(w, "level_5"))
        quick.click(qtbot, w, "level_1", WAIT_MS)
        wait_shown(qtbot, w, "reason_unclear")
        problems += accessibility_problems(w, "evaluator reasons")
        quick.click(qtbot, w, "reason_unclear", WAIT_MS)
        qtbot.waitUntil(lambda: e.pad.canSubmit, timeout=WAIT_MS)
        settle(w)
        problems += accessibility_problems(w, "evaluator reason chosen")
        chosen = interface(quick.find(w, "reason_unclear"))
        assert chosen is not None
        # A chosen reason is heard as checked, by its name alone (the ✓ is only seen).
        reason = (chosen.text(QAccessible.Text.Name), bool(chosen.state().checked))
        quick.find(w, "reasonField").forceActiveFocus()
        qtbot.waitUntil(lambda: quick.find(w, "keyboard").property("active"), timeout=WAIT_MS)
        wait_shown(qtbot, w, "doneTyping")
        problems += accessibility_problems(w, "evaluator typing")
        quick.click(qtbot, w, "doneTyping", WAIT_MS)
        qtbot.waitUntil(lambda: not quick.find(w, "keyboard").property("active"), timeout=WAIT_MS)
        quick.click(qtbot, w, "submitButton", WAIT_MS)
        qtbot.waitUntil(lambda: e.pad.screen == "thanks", timeout=WAIT_MS)
        settle(w)
        problems += accessibility_problems(w, "evaluator thanks")
        assert not problems, "\n".join(problems)
        assert level_5 == "非常满意"
        assert reason == ("一次性告知不清", True)
    finally:
        e.close()


@pytest.mark.slow
def test_the_evaluators_form_check_speaks(accessible, qtbot, server: RunningServer, kiosk: HallClient):
    """请核对您的信息: the heading, each label and value, and the two answers are read out."""
    staff = server.login("w01", STAFF_PIN, "01")
    staff.ok("/windows/01/open")
    issued = kiosk.issue("general")
    values = {"name": "欧阳小明", "sex": "男", "id_number": "330106197903055179", "nation": "汉",
              "birth": "1979-03-05", "address": "浙江省杭州市西湖区文三路477号", "valid_until": "2026-12-31",
              "phone": "13912345678", "reason": "有效期满"}
    r = kiosk.http.put(f"/api/v1/forms/{issued['track_token']}", headers=kiosk.headers(new_key=True),
                       json={"matter": "GA-HZ-001", "values": values,
                             "materials": [{"name": n, "have": True} for n in ("原居民身份证", "居民户口簿")]})
    assert r.status_code == 200, r.text
    e = Evaluator(server.url, device_token("evaluator-01"), "01", "zh", retry_first_s=0.05, retry_max_s=0.4)
    w = e.window
    try:
        w.resize(1280, 800)
        qtbot.waitExposed(w)
        qtbot.waitUntil(lambda: e.pad.online, timeout=WAIT_MS)
        staff.ok("/windows/01/call-next", {"ticket_id": issued["ticket"]["id"]})
        staff.ok(f"/tickets/{issued['ticket']['id']}/form/ask-confirm")
        wait_shown(qtbot, w, "formRight")
        settle(w)
        problems = accessibility_problems(w, "evaluator form check")
        assert not problems, "\n".join(problems)
        assert spoken_name(quick.find(w, "formRight")) == "确认无误"
    finally:
        e.close()


# --- the check itself can fail ------------------------------------------------------------------------

def test_the_check_names_an_unnamed_button_and_a_screen_without_a_heading(accessible, qtbot):
    """A button without words and a tappable rectangle without a role are found, by file and name."""
    engine = QQmlEngine()
    component = QQmlComponent(engine)
    component.setData(b"""
import QtQuick
import QtQuick.Controls
Window {
    width: 400; height: 300; visible: true
    Column {
        Button { objectName: "digitKey"; text: "7" }
        Button { objectName: "namedKey"; text: "7"; Accessible.name: "\\u6570\\u5b57 7" }
        Rectangle { objectName: "tapMe"; width: 80; height: 80; MouseArea { anchors.fill: parent } }
        Text { text: "not announced as a heading" }
    }
}""", "file:///checks/Probe.qml")
    window = component.create()
    assert window is not None, component.errorString()
    try:
        qtbot.waitExposed(window)
        settle(window)
        problems = accessibility_problems(window, "probe")
        assert any("Probe.qml digitKey '7' is named '7' only" in p for p in problems), problems
        assert any("Probe.qml tapMe has no accessible role" in p for p in problems), problems
        assert not any("namedKey" in p for p in problems), problems
        assert "probe: no heading reads out what it is about" in problems
    finally:
        window.deleteLater()



# --- the hall console: login and every page ------------------------------------------------------------

@pytest.mark.slow
def test_every_console_page_speaks(accessible, qtbot, server: RunningServer):
    server.login("w02", STAFF_PIN, "02").ok("/windows/02/open")
    c = Console(server.url, refresh_s=0.3)
    w = c.window
    try:
        w.resize(1600, 1000)
        qtbot.waitExposed(w)
        wait_shown(qtbot, w, "loginButton")
        problems = accessibility_problems(w, "console login")
        quick.find(w, "loginPin_input").setProperty("text", ADMIN_PIN)
        quick.click(qtbot, w, "loginButton", WAIT_MS)
        qtbot.waitUntil(lambda: c.state.screen == "main" and c.state.linkState == "live"
                        and quick.find(w, "category_general") is not None, timeout=WAIT_MS)
        for page in ("dashboard", "notices", "settings", "supervision", "followups", "stats", "desk", "hallsettings",
                     "devices"):
            quick.click(qtbot, w, f"tab_{page}", WAIT_MS)
            settle(w)
            problems += accessibility_problems(w, f"console {page}")
        quick.click(qtbot, w, "tab_hallsettings", WAIT_MS)
        quick.click(qtbot, w, "hallSettingsRow_general", WAIT_MS)  # the 设置 page's form of a row
        wait_shown(qtbot, w, "hallSettingsSave")
        problems += accessibility_problems(w, "console hall settings form")
        quick.click(qtbot, w, "tab_dashboard", WAIT_MS)
        quick.click(qtbot, w, "windowPause_02", WAIT_MS)
        wait_shown(qtbot, w, "pauseConfirm")
        problems += accessibility_problems(w, "console pause dialog")
        quick.click(qtbot, w, "pauseCancel", WAIT_MS)
        assert not problems, "\n".join(problems)
    finally:
        c.close()
