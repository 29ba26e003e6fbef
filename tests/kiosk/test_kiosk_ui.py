"""The kiosk's real QML, offscreen, against a real hall server and simulated devices: every flow,
the session wipe, offline issuing, device trouble, technician mode, and the screen rules (15 mm
targets, text that fits) on every screen in zh and en, normal and elder mode, portrait and landscape."""
from __future__ import annotations

import os
import pathlib
import re
import tempfile

import pytest
from PySide6.QtCore import QObject, QPointF, Qt
from PySide6.QtQml import QQmlEngine, QQmlExpression
from PySide6.QtTest import QTest
from kiosksupport import LANDSCAPE, PORTRAIT, TECH_PIN, KioskRig, all_texts, device_config, screen_problems

from devices.host import DeviceHost
from drivers.idcard.record import parse_card_text
from drivers.sim.idcard_sim import SAMPLE_CARDS
from hallsupport import untranslated, ADMIN_PIN, KIOSK_TOKEN, STAFF_PIN, screens_dir
from kiosk.app import I18N
from kiosk.walk import Walk


@pytest.fixture
def host(tmp_path: pathlib.Path):
    device_host = DeviceHost(device_config(tmp_path), listen="127.0.0.1:0").start()
    yield device_host
    device_host.stop()


@pytest.fixture
def rig(qapp, tmp_path, server, host, clock):
    r = KioskRig(tmp_path, server, host, clock)
    r.ready()
    yield r
    r.close()


def adult() -> tuple[str, str]:
    record = parse_card_text(SAMPLE_CARDS["adult"].text)
    return record.id_number, record.name


# --- the walk through every flow -----------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("size", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
def test_scripted_walk_reaches_every_screen_and_prints(qapp, tmp_path, server, host, clock, size):
    r = KioskRig(tmp_path, server, host, clock, size)
    try:
        r.ready()
        out = screens_dir() / "kiosk"
        walk = Walk(r.kiosk, r.devices, server.url, ("admin", ADMIN_PIN), out, clock=clock, tech_pin=TECH_PIN)
        shots = walk.run()
        pages = [page for _, page in walk.visited]
        for page in ("home", "categories", "identify", "refusal", "checkin", "appointment", "ticket", "guide",
                     "matter", "techpin", "tech", "progress", "cases", "certificate", "rating"):
            assert page in pages, page
        assert all(p.stat().st_size > 10_000 for p in shots)
        assert r.receipts() >= 3  # card ticket, no-card ticket, appointment ticket
        assert r.state.page == "home"
    finally:
        r.close()


@pytest.mark.slow
def test_the_walks_appointment_late_in_the_evening_is_around_now(rig: KioskRig, kiosk, clock, tmp_path):
    """At 23:50 a slot of 23:40-00:10 would cross midnight: the walk's slot ends with the day instead
    (it once fell back to 00:00-00:30, long past, and the walk's check-in was refused)."""
    clock.set_local(2026, 11, 23, 23, 50)
    walk = Walk(rig.kiosk, rig.devices, rig.server.url, ("admin", ADMIN_PIN), tmp_path, clock=clock,
                tech_pin=TECH_PIN)
    assert walk.book_appointment()
    [booked] = kiosk.get("/appointments", date="2026-11-23").json()["appointments"]
    assert booked["slot_start"] <= "23:50" < booked["slot_end"], booked


# --- take a number -------------------------------------------------------------------------------

@pytest.mark.slow
def test_card_then_one_touch_prints_a_ticket_with_masked_name_only(rig: KioskRig, admin):
    before = rig.receipts()
    rig.sim("sim.place_card", card="adult")
    rig.page("categories")
    id_number, name = adult()
    assert rig.text("categoryTitle").startswith(name[0])  # the masked name greets the citizen
    assert name not in all_texts(rig) and id_number not in all_texts(rig)
    rig.item("category_general").clicked.emit()  # the one touch after the card
    rig.page("ticket")
    number = rig.text("ticketNumber")
    assert number.startswith("A")
    rig.until(lambda: rig.state.ticket.get("printed"), what="receipt printed")
    assert rig.receipts() == before + 1
    receipt = rig.sim("sim.state", device="receipt")["last_receipt"]
    assert number in receipt and id_number not in receipt and name not in receipt
    # The hall's own time (the test clock's 09:00 in Shanghai), whatever zone the machine is on.
    assert "2026-11-23 09:00" in receipt and rig.state.ticket["issuedAt"] == "09:00"
    assert rig.text("clock").startswith("2026年11月23日  09:00")
    assert "请取走您的身份证" in all_texts(rig)
    tickets = admin.get("/tickets").json()["tickets"]
    assert [t["number"] for t in tickets] == [number]


@pytest.mark.slow
def test_the_ticket_page_and_receipt_show_the_promised_range(rig: KioskRig, server):
    """Window 01 open for general, 8 minutes a person, two waiting, no calls yet: the default band, 5–40."""
    server.login("w01", STAFF_PIN, "01").ok("/windows/01/open")
    kiosk = server.client(KIOSK_TOKEN)
    kiosk.issue("general")
    kiosk.issue("general")
    before = rig.receipts()
    rig.state.startTakeNumber()
    rig.state.chooseCategory("general")
    rig.page("identify")
    rig.state.issueWithoutId()
    rig.page("ticket")
    # Point 16 (2 × 8 minutes at one window): 16 − ½·21 = 5.5 … 16 + 21 = 37.
    assert (rig.state.ticket["waitLow"], rig.state.ticket["waitHigh"]) == (5, 40)
    assert rig.text("ticketQueue") == "前面还有 2 人，预计等候 约 5–40 分钟"
    rig.until(lambda: rig.state.ticket.get("printed"), what="receipt printed")
    assert rig.receipts() == before + 1
    assert "预计等候：约 5–40 分钟" in rig.sim("sim.state", device="receipt")["last_receipt"]
    assert screen_problems(rig) == []
    shots = screens_dir() / "kiosk"
    shots.mkdir(parents=True, exist_ok=True)
    rig.kiosk.window.grabWindow().save(str(shots / "29-ticket-wait-range-zh-1080x1920.png"))
    rig.state.toggleLanguage()
    rig.until(lambda: rig.text("ticketQueue") == "2 people ahead of you. Expected wait about 5–40 min", what="English")
    assert screen_problems(rig) == []
    rig.kiosk.window.grabWindow().save(str(shots / "29-ticket-wait-range-en-1080x1920.png"))


@pytest.mark.slow
def test_elder_card_goes_to_the_green_channel(rig: KioskRig):
    rig.sim("sim.place_card", card="elder")
    rig.page("categories")
    rig.state.chooseCategory("general")
    rig.page("ticket")
    assert rig.state.ticket["green"] is True
    assert rig.item("ticketPriority").isVisible()
    rig.until(lambda: rig.state.ticket.get("printed"), what="receipt printed")
    assert "绿色通道：优先叫号" in rig.sim("sim.state", device="receipt")["last_receipt"]  # on paper too


def waiting(rig: KioskRig, code: str) -> int:
    return next(c["waiting"] for g in rig.state.groups for c in g["categories"] if c["code"] == code)


@pytest.mark.slow
def test_a_press_held_while_the_waiting_count_changes_still_chooses_the_service(rig: KioskRig, kiosk):
    """Every ticket issued in the hall changes a waiting count; a citizen's finger on a tile must not be lost to it."""
    rig.state.startTakeNumber()
    rig.page("categories")
    before = waiting(rig, "general")
    tile = rig.item("category_general")
    status = next(i for i in tile.findChildren(QObject) if i.objectName() == "categoryStatus")
    point = tile.mapToScene(QPointF(tile.width() / 2, tile.height() / 2)).toPoint()
    QTest.mousePress(rig.kiosk.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    assert tile.property("down")
    kiosk.issue("general")  # another citizen, at another kiosk, while this finger is down
    rig.until(lambda: waiting(rig, "general") == before + 1, 30, "the new waiting count")
    rig.until(lambda: f"等候 {before + 1} 人" in status.property("text"), 30, "the count on the tile")
    assert rig.item("category_general") is tile and tile.property("down")  # the same tile, updated in place
    QTest.mouseRelease(rig.kiosk.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    rig.page("identify")
    assert rig.state.chosen["code"] == "general"


@pytest.mark.slow
def test_refusals_say_why(rig: KioskRig):
    rig.sim("sim.place_card", card="adult")
    rig.page("categories")
    rig.state.chooseCategory("hukou")
    rig.page("ticket")
    rig.sim("sim.remove_card")
    rig.state.goHome()
    rig.pump(0.5)  # the reader sees the card gone before it comes back
    # The same card again for the same service: one waiting ticket per ID per service.
    rig.sim("sim.place_card", card="adult")
    rig.page("categories")
    rig.state.chooseCategory("hukou")
    rig.page("refusal")
    assert rig.state.refusal["code"] == "already_holding"
    assert rig.text("refusalMessage") == rig.state.refusal["message"] != ""
    assert rig.item("refusalOther").isVisible()
    rig.sim("sim.remove_card")
    rig.state.goHome()
    # A service that needs the card, without one.
    rig.state.startTakeNumber()
    rig.state.chooseCategory("hukou")
    rig.page("identify")
    assert not rig.item("noIdButton").isVisible()


@pytest.mark.slow
def test_printer_out_of_paper_shows_the_ticket_with_its_qr_code(rig: KioskRig):
    rig.sim("sim.set_printer", paper_end=True)
    rig.until(lambda: "receipt" in rig.state.deviceNotices, what="notice on screen")
    assert rig.item("deviceNotice_receipt").isVisible()
    rig.state.startTakeNumber()
    rig.state.chooseCategory("general")
    rig.page("identify")
    rig.state.issueWithoutId()
    rig.page("ticket")
    rig.until(lambda: not rig.state.ticket.get("printing"), what="print answered")
    assert rig.state.ticket["printed"] is False
    assert rig.item("ticketQr").property("implicitWidth") > 100  # the QR code image is loaded and on screen
    number = rig.state.ticket["number"]
    assert rig.text("printStatus") == f"凭条未能打印。请到其他自助终端或服务台，刷身份证或报号码 {number} 补打凭条"


# --- sessions and privacy ------------------------------------------------------------------------

@pytest.mark.slow
def test_idle_countdown_wipes_the_session_and_a_card_left_does_not_start_another(
        qapp, tmp_path, server, host, clock):
    r = KioskRig(tmp_path, server, host, clock, idle_timeout_s=2.0, countdown_s=1.0)
    try:
        r.ready()
        (r.kiosk.keyboard_dir / "pinyin").mkdir(exist_ok=True)
        (r.kiosk.keyboard_dir / "pinyin" / "usr_dict.dat").write_bytes(b"learned words")
        r.sim("sim.place_card", card="adult")
        r.page("categories")
        r.state.toggleElder()
        r.state.toggleLanguage()
        assert r.state.identity["present"]
        r.until(lambda: r.state.countdown > 0, 30, "countdown shown")
        assert r.item("idleOverlay").isVisible()
        r.page("home", timeout=30)
        assert r.state.identity == {"present": False, "maskedName": ""}
        assert r.state._identity is None
        assert (r.state.lang, r.state.elder) == ("zh", False)
        assert list(r.kiosk.keyboard_dir.iterdir()) == []  # the keyboard's learned words are gone
        r.pump(1.5)  # the card is still on the reader: nothing starts by itself
        assert r.state.page == "home" and not r.state.identity["present"]
        id_number, name = adult()
        assert name not in all_texts(r) and id_number not in all_texts(r)
    finally:
        r.close()


@pytest.mark.slow
def test_a_touch_keeps_the_session(qapp, tmp_path, server, host, clock):
    r = KioskRig(tmp_path, server, host, clock, idle_timeout_s=2.0, countdown_s=1.0)
    try:
        r.ready()
        r.state.startTakeNumber()
        r.page("categories")
        r.until(lambda: r.state.countdown > 0, 30, "countdown shown")
        r.item("continueButton").clicked.emit()
        r.kiosk.state.touched()
        assert r.state.countdown == 0
        r.pump(0.5)
        assert r.state.page == "categories"
    finally:
        r.close()


# --- offline ------------------------------------------------------------------------------------

@pytest.mark.slow
def test_offline_kiosk_issues_from_its_lease_quietly_and_the_server_gets_the_tickets(rig: KioskRig, server):
    rig.until(lambda: rig.core.store.leases("general"), 30, "numbers leased")
    server.stop()
    rig.state.startTakeNumber()
    rig.state.chooseCategory("general")
    rig.page("identify")
    rig.state.issueWithoutId()
    rig.page("ticket", timeout=30)
    ticket = rig.state.ticket
    assert ticket["offline"] is True
    rig.until(lambda: ticket is not rig.state.ticket or rig.state.ticket.get("printed"), what="printed")
    texts = all_texts(rig)
    assert "离线" not in texts and "网络" not in texts  # nothing alarming for the citizen
    # The count of people ahead is the kiosk's guess while the server is away, and says so.
    assert rig.text("ticketQueue") == "前面约有 0 人（估计），请留意大厅叫号屏"
    receipt = rig.sim("sim.state", device="receipt")["last_receipt"]
    assert "前面等候：约 0 人（估计" in receipt
    assert screen_problems(rig) == []
    shots = screens_dir() / "kiosk"
    shots.mkdir(parents=True, exist_ok=True)
    rig.kiosk.window.grabWindow().save(str(shots / "28-ticket-offline-estimate-1080x1920.png"))
    number = rig.state.ticket["number"]
    server.start()
    rig.until(lambda: rig.core.pending_outbox() == 0 and rig.core.online, 30, "outbox drained")
    answer = server.login("admin", ADMIN_PIN).get("/tickets")
    assert answer.status_code == 200, answer.text
    numbers = [t["number"] for t in answer.json()["tickets"]]
    assert numbers == [number]


# --- appointments -------------------------------------------------------------------------------

@pytest.mark.slow
def test_forged_appointment_code_is_refused_with_a_reason(rig: KioskRig):
    rig.state.startCheckIn()
    rig.page("checkin")
    rig.sim("sim.present_code", text="HA1.eyJoYWxsIjoiWCJ9.AAAA")
    rig.page("refusal")
    assert rig.state.refusal["code"].startswith("code_")
    assert rig.text("refusalTitle") == "预约签到未成功"


# --- service guide ------------------------------------------------------------------------------

@pytest.mark.slow
def test_guide_search_by_hanzi_and_pinyin_initials(rig: KioskRig):
    rig.state.openGuide()
    rig.page("guide")
    everything = len(rig.state.matters)
    assert everything >= 20
    rig.state.searchGuide("sfz")
    by_initials = [m["name"] for m in rig.state.matters]
    # 身份证 (ShenFenZheng) first; 二手房转移 (ErShouFangZhuanyi) also holds the letters, further down.
    assert len(by_initials) >= 2 and all("身份证" in n for n in by_initials[:2]), by_initials
    rig.state.searchGuide("护照")
    assert [m["name"] for m in rig.state.matters] and all("护照" in m["name"] for m in rig.state.matters)
    rig.state.searchGuide("zzzzqqq")
    assert rig.state.matters == []
    assert rig.text("guideCount") == "没有找到相关事项，请换个词试试"


@pytest.mark.slow
def test_pinyin_keyboard_types_chinese_into_the_search(rig: KioskRig):
    rig.state.openGuide()
    rig.page("guide")
    field = rig.item("guideSearch")
    field.forceActiveFocus()
    rig.until(lambda: rig.item("keyboard").property("active"), 30, "keyboard shown")
    for letter in "huzhao":
        qml(rig, f"InputContext.inputEngine.virtualKeyClick(Qt.Key_{letter.upper()}, '{letter}', 0)")
        rig.pump(0.05)
    rig.until(lambda: qml(rig, "InputContext.inputEngine.wordCandidateListModel.count") > 0, 30, "candidates")
    candidate = qml(rig, "InputContext.inputEngine.wordCandidateListModel.dataAt(0, 0)")
    assert candidate == "护照", candidate
    qml(rig, "InputContext.inputEngine.wordCandidateListModel.selectItem(0)")
    rig.until(lambda: "护照" in field.property("text"), 30, "护照 typed")
    rig.until(lambda: rig.state.matters and all("护照" in m["name"] for m in rig.state.matters), 30, "filtered")
    # What a citizen types is not learnt for the next one: the field is sensitive to the engine, and
    # the engine's dictionary is this process's own, not in the account's home.
    assert field.property("inputMethodHints") & Qt.InputMethodHint.ImhSensitiveData
    config = pathlib.Path(os.environ["XDG_CONFIG_HOME"])
    assert config.is_relative_to(tempfile.gettempdir()) and config != pathlib.Path.home() / ".config"
    dictionary = config / "qtvirtualkeyboard" / "pinyin" / "usr_dict.dat"
    assert dictionary.stat().st_size > 0  # made empty by the kiosk; the engine wrote its header into it


def qml(rig: KioskRig, expression: str):
    """Evaluate a QML expression in the kiosk window's own context (it imports the virtual keyboard)."""
    window = rig.kiosk.window
    context = QQmlEngine.contextForObject(window)
    evaluation = QQmlExpression(context, window, expression)
    value, _undefined = evaluation.evaluate()
    assert not evaluation.hasError(), (expression, evaluation.error().toString())
    return value


# --- technician mode ----------------------------------------------------------------------------

@pytest.mark.slow
def test_technician_mode_behind_the_pin(rig: KioskRig):
    exits = []
    rig.state.fullScreenExitRequested.connect(lambda: exits.append(1))
    rig.state.techRequest()
    rig.page("techpin")
    rig.state.techExitFullScreen()
    assert exits == []  # not from the PIN pad
    rig.state.techEnter("000000")
    rig.until(lambda: rig.text("pinMessage") == "密码错误", what="wrong PIN said")
    assert rig.state.page == "techpin"
    rig.state.techEnter(TECH_PIN)
    rig.page("tech")
    roles = {d["role"]: d["state"] for d in rig.state.tech["devices"]}
    assert roles["receipt"] == "ok" and roles["idcard"] == "ok"
    rig.item("selfTest_receipt").clicked.emit()
    rig.until(lambda: rig.state.tech.get("result", {}).get("role") == "receipt", 30, "self-test result")
    assert rig.state.tech["result"]["passed"] is True
    rig.item("exitFullScreen").clicked.emit()
    assert exits == [1]


@pytest.mark.slow
def test_wrong_pins_lock_the_door(rig: KioskRig):
    rig.state.techRequest()
    for _ in range(5):
        rig.state.techEnter("111111")
    rig.state.techEnter(TECH_PIN)  # even the right PIN, while locked
    rig.until(lambda: rig.text("pinMessage").startswith("密码错误次数过多"), what="locked out said")
    assert rig.state.page == "techpin"


# --- every screen: targets and text, zh/en, normal/elder, portrait/landscape ---------------------

SCREENS = ["home", "categories", "identify", "ticket", "refusal", "checkin", "guide", "matter", "techpin", "idle",
           "reprint", "form"]


def show(rig: KioskRig, screen: str, lang: str, elder: bool) -> None:
    s = rig.state
    s.goHome()
    rig.page("home")
    if lang == "en":
        s.toggleLanguage()
    if elder:
        s.toggleElder()
    if screen == "categories":
        s.startTakeNumber()
    elif screen == "identify":
        s.startTakeNumber()
        s.chooseCategory("general")
    elif screen == "ticket":
        s.startTakeNumber()
        s.chooseCategory("general")
        rig.page("identify")
        s.issueWithoutId()
        rig.page("ticket")
        rig.until(lambda: not s.ticket.get("printing"), what="printed")
    elif screen == "refusal":
        s.startTakeNumber()
        s.chooseCategory("realestate")
        rig.page("identify")
        s.issueWithoutId()
    elif screen == "checkin":
        s.startCheckIn()
    elif screen == "guide":
        s.openGuide()
    elif screen == "matter":
        s.openGuide()
        s.openMatter(s.matters[0]["code"])
    elif screen == "reprint":
        s.startReprint()
    elif screen == "form":  # 电子填单 without the card: every field on a large input
        s.openGuide()
        s.openMatter("GA-HZ-001")
        s.startForm()
        rig.page("identify")
        s.issueWithoutId()
    elif screen == "techpin":
        s.techRequest()
    elif screen == "idle":
        s.startTakeNumber()
        s._start_countdown()
    rig.page({"idle": "categories"}.get(screen, screen))
    rig.pump(0.15)


@pytest.mark.slow
@pytest.mark.parametrize("size", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
def test_every_screen_has_big_targets_and_text_that_fits(qapp, tmp_path, server, host, clock, size):
    r = KioskRig(tmp_path, server, host, clock, size)
    try:
        r.ready()
        problems = []
        for lang in ("zh", "en"):
            for elder in (False, True):
                for screen in SCREENS:
                    show(r, screen, lang, elder)
                    assert r.state.lang == lang and r.state.elder == elder
                    problems += [f"[{lang}{' elder' if elder else ''}] {p}" for p in screen_problems(r)]
        assert not problems, "\n".join(problems)
    finally:
        r.close()


@pytest.mark.slow
def test_screen_check_catches_a_small_target_and_cut_text(rig: KioskRig):
    """The screen rules above can fail: shrink a button and squeeze a text, and they say so."""
    button = rig.item("takeNumberButton")
    button.setProperty("height", 20)
    button.setProperty("Layout.maximumHeight", 20)
    button.setHeight(20)
    clock_text = rig.item("clock")  # elides on the right
    clock_text.setWidth(40)

    def both_found() -> bool:
        problems = "\n".join(screen_problems(rig))
        return "takeNumberButton" in problems and f"text {clock_text.property('text')!r} is cut short" in problems
    rig.until(both_found, what="the small button and the cut-short clock found")


def test_english_translation_is_complete():
    count, unfinished = untranslated(I18N / "kiosk_en.ts")
    assert count > 80 and unfinished == []
    assert (I18N / "kiosk_en.qm").stat().st_size > 2000


@pytest.mark.slow
def test_english_switch_is_one_touch_and_live(rig: KioskRig):
    assert rig.text("welcome") == "欢迎！请选择要办理的业务"
    rig.item("languageButton").clicked.emit()
    rig.until(lambda: rig.text("welcome") == "Welcome! What would you like to do?", what="English")
    assert rig.text("hallName") == "Model District Government Service Centre"
    rig.item("languageButton").clicked.emit()
    rig.until(lambda: rig.text("welcome") == "欢迎！请选择要办理的业务", what="Chinese again")


@pytest.mark.slow
def test_an_on_the_spot_matter_says_so_not_zero_working_days(rig: KioskRig):
    rig.state.openGuide()
    rig.page("guide")
    rig.state.searchGuide("驾驶证期满换证")  # legal 1 working day, promised 0: done on the spot
    rig.until(lambda: len(rig.state.matters) == 1, what="the one matter found")
    rig.until(lambda: "当场办结" in all_texts(rig), what="当场办结 in the list")
    assert not re.search(r"(?<!\d)0 个工作日", all_texts(rig))
    rig.state.openMatter(rig.state.matters[0]["code"])
    rig.page("matter")
    rig.until(lambda: rig.text("matterDays") == "法定 1 个工作日，当场办结", what="the matter's time limits")
    assert "（原件1份）" in all_texts(rig) and "(原件1份)" not in all_texts(rig)  # full-width in Chinese
