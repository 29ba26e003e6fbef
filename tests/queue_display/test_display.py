"""The hall display (综合屏) against a real hall server: calls, recalls, history, waiting counts, areas,
masked names, a server restart mid-stream, English, and sizes read from 10 m."""
from __future__ import annotations

import datetime as dt
import pathlib
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QCoreApplication, QDate, QLocale, QMetaObject
from PySide6.QtGui import QFontMetricsF
from PySide6.QtQuick import QQuickItem

from hall_server.schema import Event, HallInfo
from hallsupport import untranslated, screens_dir, DISPLAY_TOKEN, STAFF_PIN, HallClient, RunningServer, make_id
from queue_display.display import DEFAULT_NOTICE, DisplayApp, install_translator, parse_args

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCREENS = screens_dir()
WAIT_MS = 30_000  # generous: waiting for an event costs nothing when it comes


# --- helpers ------------------------------------------------------------------------------------

def scene(root: QQuickItem) -> Iterator[QQuickItem]:
    """Every item under `root` in the visual tree (delegates included), depth first."""
    for child in root.childItems():
        yield child
        yield from scene(child)


def items(shown: DisplayApp, name: str) -> list[QQuickItem]:
    return [i for i in scene(shown.window.contentItem()) if i.objectName() == name and i.isVisible()]


def item(shown: DisplayApp, name: str) -> QQuickItem:
    found = [i for i in scene(shown.window.contentItem()) if i.objectName() == name]
    assert len(found) == 1, f"{len(found)} items named {name!r}"
    return found[0]


def text(shown: DisplayApp, name: str) -> str:
    return item(shown, name).property("text")


def history_on_screen(shown: DisplayApp) -> list[tuple[str, str]]:
    """The history rows as drawn, top to bottom: (number, window)."""
    numbers = sorted(items(shown, "historyNumber"), key=lambda i: i.mapToScene(i.position()).y())
    windows = sorted(items(shown, "historyWindow"), key=lambda i: i.mapToScene(i.position()).y())
    return [(n.property("text"), w.property("text")) for n, w in zip(numbers, windows, strict=True)]


def wait_history(qtbot, shown: DisplayApp, expected: list[tuple[str, str]]) -> None:
    """Wait until the history list draws these rows (the view lays out on its next polish)."""
    try:
        qtbot.waitUntil(lambda: history_on_screen(shown) == expected, timeout=5000)
    except Exception:
        assert history_on_screen(shown) == expected
        raise


def all_texts(shown: DisplayApp) -> list[str]:
    return [str(i.property("text")) for i in scene(shown.window.contentItem())
            if i.metaObject().className().startswith("QQuickText")]


def tiles(shown: DisplayApp) -> dict[str, tuple[str, str]]:
    """Per category tile: (waiting text, estimate text), keyed by the tile's name line."""
    out = {}
    for tile in items(shown, "waitingTile"):
        name = tile.findChild(QQuickItem, "categoryName").property("text")
        out[name] = (tile.findChild(QQuickItem, "waitingCount").property("text"),
                     tile.findChild(QQuickItem, "waitingEstimate").property("text"))
    return out


def glyph_box(it: QQuickItem, within: QQuickItem) -> tuple[float, float]:
    """Top and bottom of the ink of a Text item's text, in `within`'s coordinates."""
    baseline = it.mapToItem(within, 0, it.property("baselineOffset")).y()
    ink = QFontMetricsF(it.property("font")).tightBoundingRect(it.property("text"))
    return baseline + ink.top(), baseline + ink.bottom()


def settle(shown: DisplayApp) -> None:
    """End the highlight at once and start the notices again, so a picture shows the calm state."""
    QMetaObject.invokeMethod(shown.window, "settle")


def screenshot(shown: DisplayApp, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    assert shown.window.grabWindow().save(str(SCREENS / f"display-{name}.png"))


def open_window(server: RunningServer, code: str) -> HallClient:
    staff = server.login(f"w{code}", STAFF_PIN, code)
    staff.ok(f"/windows/{code}/open")
    return staff


def call(staff: HallClient, code: str) -> dict:
    return staff.ok(f"/windows/{code}/call-next", {})["ticket"]


# --- fixtures -----------------------------------------------------------------------------------

@pytest.fixture
def make_display(qtbot, server: RunningServer) -> Iterator:
    opened: list[DisplayApp] = []
    translators = []

    def make(lang: str = "zh", area: str | None = None, size: tuple[int, int] = (1920, 1080),
             notices: tuple[str, ...] = ()) -> DisplayApp:
        if lang != "zh":
            translators.append(install_translator(QCoreApplication.instance(), lang))
            assert translators[-1] is not None
        shown = DisplayApp(server.url, DISPLAY_TOKEN, area, lang, notices)
        opened.append(shown)
        shown.window.resize(*size)
        shown.window.show()
        qtbot.waitUntil(lambda: shown.display.live, timeout=WAIT_MS)
        return shown

    yield make
    for shown in opened:
        shown.close()
    for t in translators:
        QCoreApplication.instance().removeTranslator(t)


@pytest.fixture
def display(make_display) -> DisplayApp:
    return make_display()


# --- tests --------------------------------------------------------------------------------------

def test_a_call_shows_the_number_and_the_window_large_and_moving(qtbot, display, server, kiosk):
    staff = open_window(server, "01")
    kiosk.issue("general")
    assert text(display, "currentNumber") == ""
    assert item(display, "waitForCall").isVisible()
    shown: list[str] = []
    display.display.callShown.connect(shown.append)
    call(staff, "01")
    qtbot.waitUntil(lambda: text(display, "currentNumber") == "A001", timeout=WAIT_MS)
    assert text(display, "currentWindow") == "请到 1号窗口"
    assert not item(display, "waitForCall").isVisible()
    assert item(display, "callPanel").property("highlighted")
    assert shown == ["A001"]
    wait_history(qtbot, display, [])
    assert not item(display, "reconnectBanner").isVisible()


def test_a_recall_highlights_again_without_a_second_history_entry(qtbot, display, server, kiosk):
    w1, w2 = open_window(server, "01"), open_window(server, "02")
    for _ in range(3):
        kiosk.issue("general")
    shown: list[str] = []
    display.display.callShown.connect(shown.append)
    first = call(w1, "01")
    call(w2, "02")
    qtbot.waitUntil(lambda: text(display, "currentNumber") == "A002", timeout=WAIT_MS)
    settle(display)
    w1.ok("/windows/01/recall", {"ticket_id": first["id"]})
    qtbot.waitUntil(lambda: text(display, "currentNumber") == "A001", timeout=WAIT_MS)
    assert text(display, "currentWindow") == "请到 1号窗口"
    assert item(display, "callPanel").property("highlighted")
    wait_history(qtbot, display, [("A002", "2号窗口")])
    w1.ok("/windows/01/recall", {"ticket_id": first["id"]})  # recalled while it is the newest
    qtbot.waitUntil(lambda: len(shown) == 4, timeout=WAIT_MS)
    assert shown == ["A001", "A002", "A001", "A001"]
    assert text(display, "currentNumber") == "A001"
    wait_history(qtbot, display, [("A002", "2号窗口")])


@pytest.mark.slow
def test_history_lists_the_calls_before_the_newest_newest_first(qtbot, display, server, kiosk):
    codes = ["01", "02", "03", "05", "15", "16"]
    staff = {c: open_window(server, c) for c in codes}
    for _ in range(8):
        kiosk.issue("general")
    order = codes + ["01", "02"]
    for i, code in enumerate(order):
        if i >= len(codes):  # the window's first ticket is done before its next call
            done = i - len(codes) + 1
            staff[code].ok(f"/windows/{code}/start", {"ticket_id": done})
            staff[code].ok(f"/windows/{code}/finish", {"ticket_id": done})
        call(staff[code], code)
    qtbot.waitUntil(lambda: text(display, "currentNumber") == "A008", timeout=WAIT_MS)
    assert text(display, "currentWindow") == "请到 2号窗口"
    wait_history(qtbot, display, [
        ("A007", "1号窗口"), ("A006", "16号窗口（绿色通道）"), ("A005", "15号窗口"), ("A004", "5号窗口"),
        ("A003", "3号窗口"), ("A002", "2号窗口")])


def test_a_display_started_late_shows_the_calls_already_made(qtbot, server, kiosk, make_display):
    w1, w2 = open_window(server, "01"), open_window(server, "02")
    kiosk.issue("general")
    kiosk.issue("general")
    call(w1, "01")
    call(w2, "02")
    shown = make_display()
    assert text(shown, "currentNumber") == "A002" and text(shown, "currentWindow") == "请到 2号窗口"
    wait_history(qtbot, shown, [("A001", "1号窗口")])
    assert not item(shown, "callPanel").property("highlighted")


@pytest.mark.slow
def test_waiting_counts_and_estimates_follow_the_events(qtbot, display, server, kiosk):
    assert tiles(display)["A  综合受理"] == ("0 人等候", "无需等候")
    for _ in range(3):
        kiosk.issue("general")
    tax = [kiosk.issue("tax") for _ in range(2)]
    qtbot.waitUntil(lambda: tiles(display)["A  综合受理"][0] == "3 人等候", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: tiles(display)["E  税务"][0] == "2 人等候", timeout=WAIT_MS)
    # The estimate comes with the next snapshot (asked early when one is not known yet).
    snap = {c["code"]: c for c in kiosk.get("/snapshot").json()["categories"]}
    expect = f"约 {snap['general']['estimated_wait_minutes']} 分钟"
    qtbot.waitUntil(lambda: tiles(display)["A  综合受理"][1] == expect, timeout=WAIT_MS)
    staff = open_window(server, "01")
    call(staff, "01")
    qtbot.waitUntil(lambda: tiles(display)["A  综合受理"][0] == "2 人等候", timeout=WAIT_MS)
    kiosk.ok(f"/tickets/{tax[0]['ticket']['id']}/cancel", {})
    qtbot.waitUntil(lambda: tiles(display)["E  税务"][0] == "1 人等候", timeout=WAIT_MS)
    assert tiles(display)["F  社保医保"][0] == "0 人等候"
    assert len(tiles(display)) == 10


@pytest.mark.slow
def test_an_area_display_shows_only_its_floor(qtbot, server, kiosk, make_display):
    downstairs, upstairs = open_window(server, "01"), open_window(server, "09")
    kiosk.issue("general")
    kiosk.issue("hukou", id_number=make_id())
    shown = make_display(area="二楼")
    qtbot.waitUntil(lambda: text(shown, "hallName") == "示范区政务服务中心  ·  二楼", timeout=WAIT_MS)
    call(downstairs, "01")  # 一楼: not for this screen
    call(upstairs, "09")
    qtbot.waitUntil(lambda: text(shown, "currentNumber") == "B001", timeout=WAIT_MS)
    qtbot.wait(300)
    assert text(shown, "currentWindow") == "请到 9号窗口"
    wait_history(qtbot, shown, [])
    # Only the categories served upstairs: hukou, exit and entry, vehicles, real estate, general (window 15).
    assert sorted(name[0] for name in tiles(shown)) == ["A", "B", "C", "D", "H"]


def test_names_are_shown_masked_only(qtbot, display, server, kiosk):
    staff = open_window(server, "01")
    kiosk.issue("general", name="张三丰")
    call(staff, "01")
    qtbot.waitUntil(lambda: text(display, "currentNumber") == "A001", timeout=WAIT_MS)
    assert text(display, "currentName") == "张*丰"
    assert not any("张三丰" in t for t in all_texts(display))


@pytest.mark.slow
def test_a_server_restart_mid_stream_loses_and_repeats_no_call(qtbot, tmp_path, server, kiosk, display):
    codes = ["01", "02", "03", "05", "16"]
    staff = {c: open_window(server, c) for c in codes}
    for _ in range(5):
        kiosk.issue("general")
    shown: list[str] = []
    display.display.callShown.connect(shown.append)
    banner = item(display, "reconnectBanner")
    seen: list[tuple[str, bool]] = []

    def note_state() -> None:
        seen.append((display.display.linkState, banner.isVisible()))
    display.display.linkStateChanged.connect(note_state)

    call(staff["01"], "01")
    qtbot.waitUntil(lambda: text(display, "currentNumber") == "A001", timeout=WAIT_MS)
    server.stop()
    qtbot.waitUntil(lambda: banner.isVisible(), timeout=WAIT_MS)
    settle(display)
    assert text(display, "reconnectText") == "正在重新连接…"
    assert text(display, "currentNumber") == "A001"  # the last calls stay on screen
    screenshot(display, "reconnecting")
    qtbot.waitUntil(lambda: display.display.link._backoff > 1.0, timeout=WAIT_MS)  # the back-off grows past a second
    server.start()
    for code in ["02", "03", "05"]:  # called before the display is back
        call(server.login(f"w{code}", STAFF_PIN, code), code)
    qtbot.waitUntil(lambda: display.display.live, timeout=WAIT_MS)
    call(server.login("w16", STAFF_PIN, "16"), "16")
    qtbot.waitUntil(lambda: len(shown) == 5, timeout=WAIT_MS)
    qtbot.wait(500)
    assert shown == ["A001", "A002", "A003", "A004", "A005"]
    assert text(display, "currentNumber") == "A005"
    wait_history(qtbot, display, [("A004", "5号窗口"), ("A003", "3号窗口"), ("A002", "2号窗口"),
                                          ("A001", "1号窗口")])
    assert ("reconnecting", True) in seen and seen[-1] == ("live", False)
    assert not banner.isVisible()


def test_a_refused_token_says_so_on_screen(qtbot, server):
    shown = DisplayApp(server.url, "not-a-display-token")
    try:
        shown.window.resize(1920, 1080)
        shown.window.show()
        qtbot.waitUntil(lambda: shown.display.linkState == "unauthorized", timeout=WAIT_MS)
        assert item(shown, "reconnectBanner").isVisible()
        assert text(shown, "reconnectText") == "显示屏未获授权，请联系管理员"
    finally:
        shown.close()


def test_english_ui_shows_english(qtbot, server, kiosk, make_display):
    staff = open_window(server, "01")
    kiosk.issue("general")
    shown = make_display(lang="en")
    call(staff, "01")
    qtbot.waitUntil(lambda: text(shown, "currentNumber") == "A001", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: text(shown, "hallName") != "", timeout=WAIT_MS)
    assert text(shown, "currentWindow") == "Please go to Window 1"
    assert text(shown, "nowCallingLabel") == "Now calling"
    assert text(shown, "hallName") == "Model District Government Service Centre"
    assert tiles(shown)["A  General acceptance"][0] == "0 waiting"
    today = dt.datetime.now(ZoneInfo("Asia/Shanghai"))  # the sample hall's zone
    weekday = QLocale(QLocale.Language.English).dayName(QDate(today.year, today.month, today.day).dayOfWeek())
    assert text(shown, "dateText").startswith(weekday)
    chinese = [t for t in all_texts(shown) if any("\u4e00" <= ch <= "\u9fff" for ch in t)]
    # Only the bilingual lines have Chinese in them: the notices and the (hidden) band's second language.
    assert sorted(chinese) == sorted([DEFAULT_NOTICE, text(shown, "reconnectTextOther")])
    assert text(shown, "reconnectTextOther") == "正在重新连接…" and text(shown, "reconnectText") == "Reconnecting…"


def test_translation_file_is_complete():
    count, unfinished = untranslated(ROOT / "assets" / "i18n" / "display_en.ts")
    assert count > 0 and unfinished == []
    assert (ROOT / "assets" / "i18n" / "display_en.qm").stat().st_size > 0


@pytest.mark.slow
@pytest.mark.parametrize("size", [(1920, 1080), (3840, 2160)])
def test_the_newest_number_is_readable_at_10_m(qtbot, server, kiosk, make_display, size):
    staff = open_window(server, "16")
    kiosk.issue("general")
    shown = make_display(size=size)
    call(staff, "16")
    number = item(shown, "currentNumber")
    qtbot.waitUntil(lambda: number.property("text") == "A001", timeout=WAIT_MS)
    settle(shown)
    height = size[1]
    glyphs = QFontMetricsF(number.property("font")).tightBoundingRect("A001").height()
    assert glyphs >= height / 6
    assert number.property("paintedHeight") >= height / 6
    # Laid out in proportion to the height: the same shares at 1080p and 4K.
    panel = item(shown, "callPanel")
    assert panel.height() / height == pytest.approx(0.57, abs=0.005)
    assert number.property("font").pixelSize() == pytest.approx(0.30 * height, abs=1)
    # The inked lines sit inside the panel, one under the other, never overlapping.
    boxes = [glyph_box(item(shown, name), panel) for name in ("currentNumber", "currentWindow", "currentName")]
    assert 0 < boxes[0][0] and boxes[-1][1] < panel.height()
    assert boxes[0][1] < boxes[1][0] and boxes[1][1] < boxes[2][0]
    assert item(shown, "currentWindow").property("paintedWidth") <= panel.width()


@pytest.mark.slow
def test_screenshots_zh_and_en(qtbot, server, kiosk, make_display, clock):
    codes = ["01", "02", "06", "03", "16"]
    staff = {c: open_window(server, c) for c in codes}
    for _ in range(3):
        kiosk.issue("general", name="李四")
    kiosk.issue("general", name="张三丰")
    for _ in range(3):
        kiosk.issue("tax")
    for _ in range(12):
        kiosk.issue("social")
    for lang in ("zh", "en"):
        shown = make_display(lang=lang, notices=("请携带身份证原件办理业务。", "Please bring your ID card."))
        if lang == "zh":
            called = []
            for code in codes:
                clock.advance(seconds=40)  # the English screen, started later, orders them by call time
                called.append(call(staff[code], code))
            assert called[-1]["number"] == "A004" and called[-1]["masked_name"] == "张*丰"
        qtbot.waitUntil(lambda shown=shown: text(shown, "currentNumber") == "A004", timeout=WAIT_MS)
        qtbot.waitUntil(lambda shown=shown: len(history_on_screen(shown)) == 4 and text(shown, "hallName") != "",
                        timeout=WAIT_MS)
        settle(shown)
        assert "请携带身份证原件办理业务。" in text(shown, "noticeText")
        screenshot(shown, f"1920x1080-{lang}")
        shown.close()


def test_command_line():
    demo = parse_args(["--demo"])
    assert demo.server == "http://127.0.0.1:8000" and demo.token == "demo-display-hall-5a7e90c2d418"
    args = parse_args(["--server", "http://h:8000", "--token", "t", "--area", "二楼", "--lang", "en",
                       "--windowed", "3840x2160", "--notice", "one", "--notice", "two"])
    assert (args.area, args.lang, args.size, args.notice) == ("二楼", "en", (3840, 2160), ["one", "two"])
    with pytest.raises(SystemExit):
        parse_args(["--server", "http://h:8000"])  # no token
    with pytest.raises(SystemExit):
        parse_args(["--demo", "--windowed", "big"])


def test_a_day_of_signals_does_not_wear_out_true(qapp):
    """PySide6 6.12.0's emit() took a reference from True each time, so a 7×24 display aborted
    ("bool_dealloc") within the hour; pyproject excludes that version, and this says so on the one
    installed."""
    import sys

    from queue_display.display import HallDisplay

    display = HallDisplay("http://127.0.0.1:9", "token")
    window = {"code": "01", "name": "1号窗口", "name_en": "", "area": "一楼"}
    at = dt.datetime(2026, 11, 23, 1, 0, tzinfo=dt.UTC)
    events = [Event(seq=i + 1, type="ticket.called", at=at, data={"window": window, "ticket": {
        "id": i + 1, "number": f"A{i:03d}", "category": "general", "state": "called", "masked_name": None,
        "business_day": "2026-11-23", "issued_at": at.isoformat(), "queued_at": at.isoformat()}}) for i in range(300)]
    before = sys.getrefcount(True)
    for i in range(300):
        display._tick()
        display.link._set_state("live" if i % 2 else "reconnecting")
        display._on_event(events[i])
    assert sys.getrefcount(True) - before > -30
    display.stop()


def test_the_clock_shows_the_halls_time_and_date_not_the_machines(qapp):
    """A display machine left on UTC (or any zone) shows the hall's own time: Asia/Shanghai until the
    hall's /config names its zone, then that one; an unknown zone keeps the clock as it was."""
    from queue_display.display import HallDisplay

    display = HallDisplay("http://127.0.0.1:9", "token")

    def shows(zone: str) -> bool:
        """Whether the clock and date read as they do now in `zone` (read on both sides of the
        display's own reading, so a minute turning over in between does not matter)."""
        before = dt.datetime.now(ZoneInfo(zone))
        display._tick()
        after = dt.datetime.now(ZoneInfo(zone))
        clock, date = display.property("clockText")[:5], display.property("dateText")
        return any(clock == f"{t:%H:%M}" and date.startswith(f"{t.year}年{t.month}月{t.day}日")
                   for t in (before, after))

    try:
        assert shows("Asia/Shanghai")
        # Kathmandu is UTC+5:45: a machine on a whole-hour zone never shows its time by chance.
        # Only what the clock reads of the hall's /config (its other fields play no part here).
        hall = {"name": "示范区政务服务中心", "name_en": "Sample District Government Service Centre"}
        display._on_config(HallInfo.model_construct(**hall, timezone="Asia/Kathmandu"))
        assert shows("Asia/Kathmandu")
        display._on_config(HallInfo.model_construct(**hall, timezone="Mars/Olympus_Mons"))
        assert shows("Asia/Kathmandu")
    finally:
        display.stop()


@pytest.mark.slow
def test_the_hall_managers_notices_replace_the_configured_ones_live(qtbot, server, admin, make_display):
    shown = make_display(notices=("请携带身份证原件办理业务。",))
    qtbot.waitUntil(lambda: shown.display.link.state == "live", timeout=WAIT_MS)
    assert "请携带身份证原件办理业务。" in text(shown, "noticeText")
    notice = admin.ok("/notices", {"text": "今日下午三点起暂停办理车管业务。",
                                   "text_en": "Vehicle services pause at 3 pm."}, 201)
    qtbot.waitUntil(lambda: "今日下午三点起暂停办理车管业务。" in text(shown, "noticeText"), timeout=WAIT_MS)
    assert "请携带身份证原件办理业务。" not in text(shown, "noticeText")
    english = make_display(lang="en")
    qtbot.waitUntil(lambda: "Vehicle services pause at 3 pm." in text(english, "noticeText"), timeout=WAIT_MS)
    admin.ok(f"/notices/{notice['id']}/delete")
    qtbot.waitUntil(lambda: "请携带身份证原件办理业务。" in text(shown, "noticeText"), timeout=WAIT_MS)
