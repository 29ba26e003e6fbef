"""Every page of the kiosk returns home when left alone — the technician's PIN pad and maintenance
page included — and the one session reset puts the language back to Chinese and the mode back to
standard, whether they were chosen on the home screen or later; a foreign permanent resident's card
speaks English. The real QML offscreen, a real hall server, the device host's simulators; short idle
times so the walk is quick, and every step waited for as an event."""
from __future__ import annotations

import dataclasses
import pathlib
from collections.abc import Callable

import pytest
from kiosksupport import PORTRAIT, LANDSCAPE, TECH_PIN, KioskRig, device_config, screen_problems

from devices.host import DeviceHost
from drivers.idcard.record import CardType
from hallsupport import ADMIN_PIN, screens_dir
from kiosk.config import KioskConfig
from kiosk.state import ENGLISH_CARDS, PAGES, idle_rule
from kiosk.walk import Walk

APPROVED = "SFQ2026110003"  # the demo's approved case of the adult card: "migration" ready to print
#: Idle times short enough for a quick walk, long enough that reaching a page never runs into them.
QUICK = {"idle_timeout_s": 3.0, "countdown_s": 1.0, "ticket_return_s": 3.0,
         "tech_pin_idle_s": 2.0, "tech_idle_s": 3.0, "tech_countdown_s": 1.0}


@pytest.fixture
def host(tmp_path: pathlib.Path):
    device_host = DeviceHost(device_config(tmp_path), listen="127.0.0.1:0").start()
    yield device_host
    device_host.stop()


def walk(r: KioskRig) -> Walk:
    return Walk(r.kiosk, r.devices, r.server.url, ("admin", ADMIN_PIN), screens_dir() / "kiosk-idle", clock=r.clock)


# --- how to reach each page ------------------------------------------------------------------------

def _categories(r: KioskRig) -> None:
    r.state.startTakeNumber()


def _identify(r: KioskRig) -> None:
    r.state.startTakeNumber()
    r.state.chooseCategory("general")


def _busy(r: KioskRig) -> None:
    # The page a worker's answer is awaited on: held here as a slow server would hold it.
    r.state._set("_busy", True, r.state.busyChanged)
    r.state._go("busy")


def _ticket(r: KioskRig) -> None:
    _identify(r)
    r.page("identify")
    r.state.issueWithoutId()


def _refusal(r: KioskRig) -> None:
    r.state.startTakeNumber()
    r.state.chooseCategory("realestate")  # appointment only
    r.page("identify")
    r.state.issueWithoutId()


def _appointment(r: KioskRig) -> None:
    code = walk(r).book_appointment()
    assert code, "the test clock is inside the business day"
    r.state.startCheckIn()
    r.page("checkin")
    r.kiosk.devices.codeScanned.emit(code)


def _matter(r: KioskRig) -> None:
    r.state.openGuide()
    r.page("guide")
    r.state.openMatter(r.state.matters[0]["code"])


def _form(r: KioskRig) -> None:
    r.state.openGuide()
    r.until(lambda: any(m["code"] == "GA-HZ-001" for m in r.state.matters), what="the guide")
    r.state.openMatter("GA-HZ-001")  # a matter with a form
    r.page("matter")
    r.state.startForm()
    r.page("identify")
    r.sim("sim.place_card", card="adult")


def _tech(r: KioskRig) -> None:
    r.state.techRequest()
    r.page("techpin")
    r.state.techEnter(TECH_PIN)


def _cases(r: KioskRig) -> None:
    r.kiosk.devices.codeScanned.emit(f"HC1.{APPROVED}")  # the case-number QR of an acceptance receipt


def _certificate(r: KioskRig) -> None:
    _cases(r)
    r.page("cases")
    r.state.desk.choosePrint(APPROVED, "migration")


#: Every page of the kiosk, and how a citizen (or a technician) gets there from the home screen.
REACH: dict[str, Callable[[KioskRig], None]] = {
    "home": lambda r: None,
    "categories": _categories,
    "identify": _identify,
    "busy": _busy,
    "ticket": _ticket,
    "refusal": _refusal,
    "checkin": lambda r: r.state.startCheckIn(),
    "appointment": _appointment,
    "guide": lambda r: r.state.openGuide(),
    "matter": _matter,
    "techpin": lambda r: r.state.techRequest(),
    "tech": _tech,
    "progress": lambda r: r.state.desk.startProgress(),
    "cases": _cases,
    "certificate": _certificate,
    "rating": lambda r: r.state.desk.startRating(),
    "reprint": lambda r: r.state.startReprint(),
    "form": _form,
}


def test_the_walk_knows_every_page():
    """A page added to the kiosk must be added here too, and so walked: its idle reset is tested."""
    assert set(REACH) == set(PAGES)


def test_every_page_has_an_idle_rule():
    """Idle handling is not opted into page by page: every page but a fresh home screen has a rule,
    a page nobody has heard of included; the technician's pages have their own times."""
    config = KioskConfig(server_url="http://127.0.0.1:9", token="t", devices_url="ws://127.0.0.1:9",
                         store_path=pathlib.Path("unused.db"))
    for page in PAGES + ("a-page-added-later",):
        rule = idle_rule(page, config, fresh=False)
        assert rule is not None and rule.after_s > 0 and 0 <= rule.warn_s < rule.after_s, page
        assert idle_rule(page, config, fresh=True) == (None if page == "home" else rule), page
    assert dataclasses.astuple(idle_rule("techpin", config, fresh=False)) == (30.0, 0.0)  # quietly home
    tech = idle_rule("tech", config, fresh=False)
    citizen = idle_rule("categories", config, fresh=False)
    assert tech.after_s > citizen.after_s and tech.warn_s > 0  # longer, and warned of first
    assert dataclasses.astuple(idle_rule("home", config, fresh=False)) == (config.idle_timeout_s, 0.0)


def test_english_cards_are_the_foreign_permanent_resident_cards():
    """The card types the kiosk speaks English to are the reader's own names of the two foreign
    permanent resident cards (devices.services.card_to_dict), not a HK/Macao/Taiwan residence permit."""
    names = {t.name.lower() for t in CardType}
    assert ENGLISH_CARDS <= names
    assert ENGLISH_CARDS == {CardType.FOREIGN_PERMANENT_2017.name.lower(), CardType.FOREIGN_PERMANENT_2023.name.lower()}


# --- the walk ----------------------------------------------------------------------------------------

@pytest.mark.slow
def test_every_page_returns_home_on_idle_in_chinese_and_standard_mode(qapp, tmp_path, server, host, clock):
    r = KioskRig(tmp_path, server, host, clock, **QUICK)
    try:
        r.ready()
        walk(r).load_sample_cases()
        s = r.state
        overlay = r.item("idleOverlay")
        seen: list[tuple[str, int, bool, str]] = []  # (page, countdown, overlay shown, its question)

        def count(_=None) -> None:  # after the QML's own bindings have taken the new value
            seen.append((s.page, s.countdown, overlay.isVisible(), r.text("idleQuestion")))
        s.countdownChanged.connect(count)
        for page in PAGES:
            assert s.page == "home" and (s.lang, s.elder) == ("zh", False), page
            s.toggleLanguage()  # chosen on the home screen...
            REACH[page](r)
            r.page(page)
            if page == "home":
                s.toggleElder()
            else:
                s.toggleElder()  # ...and chosen later, on the page itself
                assert s.page == page
            assert (s.lang, s.elder) == ("en", True), page
            seen.clear()
            r.until(lambda: s.page == "home" and s.countdown == 0, 30, f"{page} goes home on idle")
            r.until(lambda: (s.lang, s.elder) == ("zh", False), 30, f"{page}: language and mode restored")
            assert s.identity == {"present": False, "maskedName": ""} and s._identity is None, page
            assert s.desk.cases == [] and s.desk.certificate == {} and s.tech == {}, page
            assert not overlay.isVisible(), page
            rule = idle_rule(page, r.config, fresh=False)
            warned = [(c, shown, question) for p, c, shown, question in seen if p == page and c > 0]
            if rule.warn_s > 0:
                question = "Still working here?" if page == "tech" else "Are you still there?"
                assert warned and all(shown and q == question for _, shown, q in warned), (page, seen)
            else:
                assert warned == [], (page, seen)  # nothing to warn of: straight home
            assert not s._idle.isActive(), page  # a fresh home screen waits for the next citizen
            r.sim("sim.clear_code")
    finally:
        r.close()


@pytest.mark.slow
def test_a_touch_on_the_maintenance_page_keeps_it_and_its_warning_says_so(qapp, tmp_path, server, host, clock):
    r = KioskRig(tmp_path, server, host, clock, **QUICK)
    try:
        r.ready()
        _tech(r)
        r.page("tech")
        r.until(lambda: r.state.countdown > 0, 30, "the maintenance page's warning")
        assert r.item("idleOverlay").isVisible()
        assert r.text("idleQuestion") == "还在维护吗？"
        assert r.text("idleCountdown") == f"{r.state.countdown} 秒后退出设备维护，返回首页"
        assert r.text("continueButton") == "继续维护"
        r.item("continueButton").clicked.emit()
        assert r.state.countdown == 0 and r.state.page == "tech"
        r.until(lambda: r.state.page == "home", 30, "home once left alone again")
    finally:
        r.close()


@pytest.mark.slow
@pytest.mark.parametrize("size", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_maintenance_warning_fits_the_screen(qapp, tmp_path, server, host, clock, size, lang):
    """The warning over the maintenance page, in both languages and orientations: big targets, text
    that fits; the screenshot kept among the references (29-technician-idle-warning)."""
    r = KioskRig(tmp_path, server, host, clock, size)
    try:
        r.ready()
        if lang == "en":
            r.state.toggleLanguage()
        _tech(r)
        r.page("tech")
        r.until(lambda: r.state.tech.get("devices"), 30, "the device list")
        r.state._start_countdown()  # the last seconds of its idle time, without waiting five minutes
        r.until(lambda: r.item("idleOverlay").isVisible(), 30, "the warning")
        r.pump(0.3)
        assert r.state.countdown == int(r.config.tech_countdown_s)
        expected = "Still working here?" if lang == "en" else "还在维护吗？"
        assert r.text("idleQuestion") == expected
        assert screen_problems(r) == []
        shots = screens_dir() / "kiosk"
        shots.mkdir(parents=True, exist_ok=True)
        suffix = "-en" if lang == "en" else ""
        assert r.kiosk.window.grabWindow().save(
            str(shots / f"29-technician-idle-warning{suffix}-{size[0]}x{size[1]}.png"))
    finally:
        r.close()


# --- the card chooses English for a foreign permanent resident -------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize(("card", "lang"), [("foreign2017", "en"), ("foreign2023", "en"), ("hkmotw", "zh"),
                                            ("adult", "zh")])
def test_a_foreign_permanent_residents_card_selects_english_for_that_session(
        qapp, tmp_path, server, host, clock, card, lang):
    r = KioskRig(tmp_path, server, host, clock, **QUICK)
    try:
        r.ready()
        r.sim("sim.place_card", card=card)
        r.page("categories")
        assert r.state.identity["present"] and r.state.lang == lang
        greeting = ", please choose a service" if lang == "en" else "，请选择要办理的事项"
        r.until(lambda: r.text("categoryTitle").endswith(greeting), 30, "the page in its language")
        r.state.chooseCategory("general")
        r.page("ticket")
        r.until(lambda: r.state.ticket.get("printed"), 30, "receipt printed")
        receipt = r.sim("sim.state", device="receipt")["last_receipt"]
        assert ("Your number" in receipt, "您的排队号" in receipt) == (lang == "en", lang == "zh"), receipt
        r.until(lambda: r.state.page == "home", 30, "home on idle")
        assert r.state.lang == "zh" and not r.state.identity["present"]  # the next citizen reads Chinese
    finally:
        r.close()


@pytest.mark.slow
def test_a_citizens_own_choice_of_language_is_kept_over_the_card(rig_quick: KioskRig):
    r = rig_quick
    r.state.toggleLanguage()
    r.state.toggleLanguage()  # chose Chinese themselves
    r.sim("sim.place_card", card="foreign2017")
    r.page("categories")
    assert r.state.lang == "zh"
    r.state.goHome()
    r.until(lambda: r.state.page == "home", 30, "home")
    assert r.state.lang == "zh" and not r.state._lang_chosen


@pytest.fixture
def rig_quick(qapp, tmp_path, server, host, clock):
    r = KioskRig(tmp_path, server, host, clock, **QUICK)
    r.ready()
    yield r
    r.close()
