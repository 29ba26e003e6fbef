"""No clipped text at 1080p, in Chinese and English, on every screen of the kiosk, the manager
console, the window terminal and the hall display.

Every visible Text is measured against its box: its full (implicit) width must fit its width, or it
wraps, or it elides by design where its whole text is shown elsewhere too (few: each listed below
with where). A wrapped text must not leave one character alone on its last line, and a short
Chinese label (a category's name under a chart bar) must not be broken inside the word.
"""
from __future__ import annotations

import pathlib
import re
import unicodedata
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QFont, QKeyEvent, QTextLayout, QTextOption
from PySide6.QtQml import QQmlEngine, QQmlExpression, qmlEngine
from PySide6.QtQuick import QQuickItem, QQuickWindow
from kiosksupport import LANDSCAPE, PORTRAIT, KioskRig, device_config

import quicksupport as quick
from devices.host import DeviceHost
from hallsupport import ADMIN_PIN, STAFF_PIN, FakeClock, HallClient, RunningServer, make_id, screens_dir

WAIT_MS = 30_000  # generous: waiting for an event costs nothing when it comes
APPROVAL_TOKEN = "demo-approval-system-7b3e51d0c9a2"

# Text elided on purpose, with where its whole text is read instead (objectName: where). None today:
# every name and label on these screens is read whole at 1080p.
ELIDED_BY_DESIGN: dict[str, str] = {}
# Text that runs past its box on purpose.
MOVING = {"noticeText"}  # the display's notices line scrolls through its box

# Qt Quick's Text.WrapMode, Text.TextElideMode and Text.FontSizeMode values.
NO_WRAP, WRAP_ANYWHERE, WRAP = 0, 3, 4
FIXED_SIZE = 0

CJK = re.compile(r"[\u3400-\u9fff]")
LABEL = re.compile(r"^[\u3400-\u9fff]{2,8}$")  # a short Chinese word or name with nothing to break at


def is_text(item: QQuickItem) -> bool:
    meta = item.metaObject()
    while meta is not None:
        if meta.className() == "QQuickText":
            return True
        meta = meta.superClass()
    return False


def visible_items(root: QQuickItem) -> Iterator[QQuickItem]:
    stack = [root]
    while stack:
        item = stack.pop()
        if not item.isVisible() or item.opacity() == 0:
            continue
        yield item
        stack.extend(item.childItems())


def on_screen(item: QQuickItem, window: QQuickWindow) -> bool:
    """Inside the window and inside every clipping ancestor (a list scrolled out of view is not checked)."""
    box = item.mapRectToScene(item.boundingRect())
    if box.width() <= 0 or box.height() <= 0:
        return False
    if box.top() >= window.height() - 1 or box.left() >= window.width() - 1 or box.bottom() <= 0 or box.right() <= 0:
        return False
    parent = item.parentItem()
    while parent is not None:
        if parent.clip():
            clip = parent.mapRectToScene(parent.boundingRect())
            if not clip.intersects(box) or box.center().y() > clip.bottom() or box.center().y() < clip.top():
                return False
        parent = parent.parentItem()
    return True


def named_ancestor(item: QQuickItem) -> str:
    parent = item.parentItem()
    while parent is not None and not parent.objectName():
        parent = parent.parentItem()
    return parent.objectName() if parent is not None else "the window"


def wrapped_lines(text: str, font: QFont, width: float, wrap: int) -> list[str]:
    """The lines a text breaks into at this width, as Qt lays them out."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode({WRAP_ANYWHERE: QTextOption.WrapMode.WrapAnywhere,
                        WRAP: QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere}.get(
        wrap, QTextOption.WrapMode.WordWrap))
    layout.setTextOption(option)
    lines = []
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        lines.append(text[line.textStart():line.textStart() + line.textLength()])
    layout.endLayout()
    return lines


def enum(item: QQuickItem, name: str) -> int:
    """An enum property of an item as its number (PySide cannot convert Qt Quick's own enums)."""
    context = QQmlEngine.contextForObject(item) or qmlEngine(item).rootContext()
    expression = QQmlExpression(context, item, name)
    value, _undefined = expression.evaluate()
    return int(value)


def letters(s: str) -> int:
    """Characters that are read (not spaces, not punctuation)."""
    return sum(1 for ch in s if not ch.isspace() and not unicodedata.category(ch).startswith(("P", "S")))


def text_problems(window: QQuickWindow, where: str) -> list[str]:
    """Every visible Text of the window that is cut, runs out of its box, breaks a Chinese word or
    leaves one character on its last line."""
    problems = []
    for item in visible_items(window.contentItem()):
        if not is_text(item):
            continue
        text = str(item.property("text") or "")
        if not text.strip() or not on_screen(item, window) or item.objectName() in MOVING:
            continue
        name = item.objectName() or f"text in {named_ancestor(item)}"
        label = f"{where}: {name} {text!r}"
        width = item.width()
        wrap, fit = enum(item, "wrapMode"), enum(item, "fontSizeMode")
        if item.property("truncated"):
            if item.objectName() not in ELIDED_BY_DESIGN:
                problems.append(f"{label} is cut short (width {width:.0f})")
            continue
        if "<" in text:  # rich text: Qt lays it out itself
            continue
        overflow = item.property("contentWidth") if fit != FIXED_SIZE else item.property("implicitWidth")
        if wrap == NO_WRAP and overflow > width + 1:
            problems.append(f"{label} needs {overflow:.0f} px, has {width:.0f}")
            continue
        if wrap != NO_WRAP and item.property("lineCount") > 1:
            font = item.property("font")
            lines = [line for line in wrapped_lines(text, font, width, wrap) if line.strip()]
            if len(lines) > 1 and LABEL.match(text):
                problems.append(f"{label} is broken inside the word: {' / '.join(lines)}")
            elif len(lines) > 1 and letters(lines[-1]) <= 1 and "\n" not in text:
                problems.append(f"{label} leaves {lines[-1]!r} alone on its last line")
    return problems


def save(window: QQuickWindow, name: str) -> None:
    out = screens_dir()
    (out / name).parent.mkdir(parents=True, exist_ok=True)
    assert window.grabWindow().save(str(out / name))


# --- the manager console: every tab ---------------------------------------------------------------

CONSOLE_TABS = {  # tab: an item that shows once its page has its figures
    "dashboard": "category_general", "notices": "noticeSubmit", "settings": "settingsCategory_general",
    "supervision": "case_SFQ2026000091", "followups": None, "stats": "statsPage",
}


def case_row(number: str, accepted_on: str, serial: str) -> dict:
    return {"number": number, "matter": "GA-HZ-003", "id_number": make_id("19850612", serial=serial),
            "name": "张小三", "stage": "accepted", "accepted_on": accepted_on}


def busy_hall(server: RunningServer, kiosk: HallClient, clock: FakeClock) -> None:
    """A morning with something on every page: cases due, a bad rating, tickets served and waiting."""
    server.client(APPROVAL_TOKEN).ok("/cases/import", {"cases": [
        case_row("SFQ2026000091", "2026-11-12", "123"), case_row("SFQ2026000092", "2026-11-17", "456")]})
    staff = {code: server.login(f"w{code}", STAFF_PIN, code) for code in ("01", "16")}
    for code, who in staff.items():
        who.ok(f"/windows/{code}/open")
    for code, category in (("01", "general"), ("16", "general"), ("16", "tax")):
        served = kiosk.issue(category)
        ticket_id = served["ticket"]["id"]
        staff[code].ok(f"/windows/{code}/call-next", {"ticket_id": ticket_id})
        staff[code].ok(f"/windows/{code}/start", {"ticket_id": ticket_id})
        staff[code].ok(f"/windows/{code}/finish", {"ticket_id": ticket_id})
        if category == "general" and code == "16":
            kiosk.ok("/ratings/by-ticket-code", {"code": served["track_url"], "level": 1,
                                                 "reason_code": "attitude"}, 201)
    for category in ("general", "tax", "social", "housing_fund"):
        kiosk.issue(category)
    server.login("admin", ADMIN_PIN).ok("/notices", {"text": "今日下午三点起暂停办理车管业务，请提前取号。",
                                                     "text_en": "Vehicle services pause at 3 pm today."}, 201)
    clock.advance(minutes=65)


def type_into(qtbot, window: QQuickWindow, name: str, keys: str) -> None:
    """Click into a field and type, as an input method would deliver the characters."""
    editor = quick.find(window, f"{name}_input") or quick.find(window, name)  # a Field wraps its TextField
    assert editor is not None, name
    editor.setProperty("text", "")
    window.grabWindow()
    quick.click_item(window, editor)
    qtbot.waitUntil(lambda: editor.hasActiveFocus(), timeout=WAIT_MS)
    for ch in keys:
        code = ord(ch.upper()) if ch.isascii() else 0
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QCoreApplication.sendEvent(window, QKeyEvent(kind, code, Qt.KeyboardModifier.NoModifier, ch))


def log_in_console(qtbot, c) -> None:
    type_into(qtbot, c.window, "loginPin", ADMIN_PIN)
    quick.click(qtbot, c.window, "loginButton", WAIT_MS)
    qtbot.waitUntil(lambda: c.state.screen == "main" and c.state.linkState == "live"
                    and quick.find(c.window, "category_general") is not None, timeout=WAIT_MS)


@pytest.fixture
def translated(qapp) -> Iterator[Callable[[str, str], None]]:
    """Install an app's English translation (Chinese is the source language)."""
    from queue_display import appshell

    installed = []

    def install(app: str, lang: str) -> None:
        if lang != "zh":
            translator = appshell.install_translator(qapp, app, lang)
            assert translator is not None
            installed.append(translator)

    yield install
    for translator in installed:
        qapp.removeTranslator(translator)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_console_tabs_fit_at_1080p(qtbot, server, kiosk, clock, translated, lang):
    from queue_display.console import Console

    busy_hall(server, kiosk, clock)
    translated("console", lang)
    c = Console(server.url, lang, refresh_s=0.3)
    try:
        c.window.resize(1920, 1080)
        qtbot.waitExposed(c.window)
        log_in_console(qtbot, c)
        problems: dict[str, None] = {}  # each once, in the order found
        for tab, ready in CONSOLE_TABS.items():
            quick.click(qtbot, c.window, f"tab_{tab}", WAIT_MS)
            if ready is None:
                qtbot.waitUntil(lambda: c.state.followUps.rows.count == 1, timeout=WAIT_MS)
            else:
                qtbot.waitUntil(lambda ready=ready: quick.find(c.window, ready) is not None, timeout=WAIT_MS)
            if tab == "stats":
                quick.click(qtbot, c.window, "statsBy_category", WAIT_MS)
                qtbot.waitUntil(lambda: quick.find(c.window, "statsRow_general") is not None, timeout=WAIT_MS)
            c.window.grabWindow()  # laid out as drawn
            problems.update(dict.fromkeys(text_problems(c.window, f"console {tab} [{lang}]")))
            save(c.window, f"console-{tab}-1920x1080-{lang}.png")
        assert not problems, f"{len(problems)} texts do not fit:\n" + "\n".join(problems)
    finally:
        c.close()


# --- the window terminal: the work screen and its dialogs ------------------------------------------

def log_in_terminal(qtbot, t) -> None:
    type_into(qtbot, t.window, "usernameField", "w16")
    for digit in STAFF_PIN:
        quick.click(qtbot, t.window, f"pinKey_{digit}", WAIT_MS)
    quick.click(qtbot, t.window, "loginButton", WAIT_MS)
    qtbot.waitUntil(lambda: t.desk.screen == "work" and t.desk.linkState == "live"
                    and t.desk.windowState != "", timeout=WAIT_MS)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_terminal_work_screen_and_dialogs_fit_at_1080p(qtbot, server, kiosk, translated, lang):
    from queue_display.terminal import Terminal

    for category in ("general", "social", "tax", "housing_fund"):
        kiosk.issue(category, name="张三丰")
    translated("terminal", lang)
    t = Terminal(server.url, "16", lang, retry_first_s=0.05, retry_max_s=0.4)
    try:
        t.window.resize(1920, 1080)
        qtbot.waitExposed(t.window)
        problems: dict[str, None] = {}  # each once (the work screen stays behind its dialogs)

        def check(what: str) -> None:
            t.window.grabWindow()
            for p in text_problems(t.window, f"terminal [{lang}]"):
                problems.setdefault(p, None)

        check("login")
        log_in_terminal(qtbot, t)
        quick.click(qtbot, t.window, "openButton", WAIT_MS)
        qtbot.waitUntil(lambda: t.desk.windowState == "open" and t.desk.waiting.count == 4 and not t.desk.busy,
                        timeout=WAIT_MS)
        quick.click(qtbot, t.window, "callNextButton", WAIT_MS)
        qtbot.waitUntil(lambda: t.desk.current.get("state") == "called" and not t.desk.busy, timeout=WAIT_MS)
        check("work")
        save(t.window, f"terminal-work-1920x1080-{lang}.png")
        for button, shows, close in (("noShowButton", "noShowDialogConfirm", "noShowDialogCancel"),
                                     ("holdButton", "reasonOk", "reasonCancel"),
                                     ("transferButton", "toCategoryTab", "transferCancel"),
                                     ("pauseButton", "reasonOk", "reasonCancel")):
            quick.click(qtbot, t.window, button, WAIT_MS)
            qtbot.waitUntil(lambda shows=shows: quick.find(t.window, shows) is not None, timeout=WAIT_MS)
            check(button.removesuffix("Button") + " dialog")
            quick.click(qtbot, t.window, close, WAIT_MS)
            qtbot.waitUntil(lambda shows=shows: quick.find(t.window, shows) is None, timeout=WAIT_MS)
        assert not problems, f"{len(problems)} texts do not fit:\n" + "\n".join(problems)
    finally:
        t.close()


# --- the hall display ------------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_display_fits_at_1080p(qtbot, server, kiosk, clock, translated, lang):
    from hallsupport import DISPLAY_TOKEN
    from queue_display.display import DisplayApp

    codes = ["01", "02", "16"]
    staff = {c: server.login(f"w{c}", STAFF_PIN, c) for c in codes}
    for code, who in staff.items():
        who.ok(f"/windows/{code}/open")
    for _ in range(3):
        kiosk.issue("general", name="张三丰")
    for code, who in staff.items():
        clock.advance(seconds=30)
        who.ok(f"/windows/{code}/call-next", {})
    translated("display", lang)
    shown = DisplayApp(server.url, DISPLAY_TOKEN, None, lang)
    try:
        shown.window.resize(1920, 1080)
        shown.window.show()
        qtbot.waitUntil(lambda: shown.display.live and shown.display.hallName != ""
                        and shown.display.history_model.rowCount() == 2, timeout=WAIT_MS)
        shown.window.grabWindow()
        problems = text_problems(shown.window, f"display [{lang}]")
        assert not problems, f"{len(problems)} texts do not fit:\n" + "\n".join(problems)
    finally:
        shown.close()


# --- the kiosk: portrait and landscape ------------------------------------------------------------

KIOSK_SCREENS = ["home", "categories", "categories-elder", "guide", "ticket", "cases"]


@pytest.fixture
def host(tmp_path: pathlib.Path) -> Iterator[DeviceHost]:
    device_host = DeviceHost(device_config(tmp_path), listen="127.0.0.1:0").start()
    yield device_host
    device_host.stop()


def show_kiosk(r: KioskRig, screen: str, lang: str) -> None:
    s = r.state
    r.sim("sim.remove_card")
    s.goHome()
    r.page("home")
    if lang == "en":
        s.toggleLanguage()
    if screen.endswith("-elder"):
        s.toggleElder()
    if screen.startswith("categories"):
        s.startTakeNumber()
        r.page("categories")
    elif screen == "guide":
        s.openGuide()
        r.page("guide")
    elif screen == "ticket":
        s.startTakeNumber()
        s.chooseCategory("general")
        r.page("identify")
        s.issueWithoutId()
        r.page("ticket")
        r.until(lambda: not s.ticket.get("printing"), what="printed")
    elif screen == "cases":
        s.desk.startProgress()
        r.page("progress")
        r.sim("sim.place_card", card="adult")
        r.page("cases")
    r.pump(0.2)


@pytest.mark.slow
@pytest.mark.parametrize("size", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
def test_kiosk_screens_fit(qapp, tmp_path, server, host, clock, size):
    from kiosk.walk import Walk

    r = KioskRig(tmp_path, server, host, clock, size)
    try:
        r.ready()
        Walk(r.kiosk, r.devices, server.url, ("admin", ADMIN_PIN), tmp_path, clock=clock).load_sample_cases()
        problems: dict[str, None] = {}
        for lang in ("zh", "en"):
            for screen in KIOSK_SCREENS:
                show_kiosk(r, screen, lang)
                r.kiosk.window.grabWindow()
                for p in text_problems(r.kiosk.window, f"kiosk {screen} {size[0]}x{size[1]} [{lang}]"):
                    problems[p] = None
        assert not problems, f"{len(problems)} texts do not fit:\n" + "\n".join(problems)
    finally:
        r.close()


@pytest.mark.slow
def test_elder_services_say_how_many_more_follow_and_which_way(qapp, tmp_path, server, host, clock):
    """Portrait elder mode shows a few large tiles: the rest are announced with a cue, which goes once
    the list is scrolled to its end."""
    r = KioskRig(tmp_path, server, host, clock, PORTRAIT)
    try:
        r.ready()
        show_kiosk(r, "categories-elder", "zh")
        tiles = [i for i in quick.all_items(r.kiosk.window) if i.objectName().startswith("category_")]
        window = r.kiosk.window
        whole = [t for t in tiles if t.mapToScene(t.boundingRect().bottomLeft()).y() <= window.height()
                 and on_screen(t, window)]
        assert len(whole) < len(tiles)
        cue = r.item("moreBelow")
        r.until(lambda: cue.isVisible(), what="the cue")
        below = len(tiles) - len(whole)
        assert re.fullmatch(r"▼  还有 (\d+) 项，请向下滑动  ▼", r.text("moreBelowText")), r.text("moreBelowText")
        count = int(re.search(r"\d+", r.text("moreBelowText")).group())
        assert 0 < count <= below
        r.state.toggleLanguage()
        r.until(lambda: r.text("moreBelowText") == f"▼  {count} more below — swipe up  ▼", what="English cue")
        save(window, "kiosk/30-categories-elder-more-below-1080x1920.png")
        flick = r.item("categoryPage").childItems()[0]
        assert flick.metaObject().className().startswith("QQuickFlickable")
        flick.setProperty("contentY", flick.property("contentHeight") - flick.height())
        r.until(lambda: not cue.isVisible(), what="the cue gone at the end of the list")
    finally:
        r.close()


@pytest.mark.slow
def test_an_english_ticket_greets_with_the_halls_english_name(qapp, tmp_path, server, host, clock):
    """The hall's name heads the receipt: on an English one its English name, as the English screen shows it."""
    r = KioskRig(tmp_path, server, host, clock, PORTRAIT)
    try:
        r.ready()
        for lang, name, other in (("en", "Model District Government Service Centre", "示范区政务服务中心"),
                                  ("zh", "示范区政务服务中心", "Model District Government Service Centre")):
            before = r.receipts()
            show_kiosk(r, "ticket", lang)
            r.until(lambda before=before: r.receipts() == before + 1, what="the receipt printed")
            assert r.text("hallName") == name
            receipt = r.sim("sim.state", device="receipt")["last_receipt"]
            lines = receipt.split("\n")  # a long name runs on over the receipt's 2x-wide lines
            assert "".join(lines[:3]).startswith(name), receipt
            assert other not in receipt.replace("\n", ""), receipt
    finally:
        r.close()
