"""Voice guidance on the kiosk, through Qt TextToSpeech's own "mock" engine (it synthesises
nothing but runs the engine's states and signals): off by default, on by the tactile key or a
long press, every page and touched choice spoken, the ticket spoken without personal data, off
again at the session reset; an engine that is missing says so on screen and never crashes."""
from __future__ import annotations

import ast
import logging
import pathlib
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtTextToSpeech import QTextToSpeech
from kiosksupport import KioskRig, device_config, screen_problems

from devices.host import DeviceHost
from drivers.idcard.record import parse_card_text
from drivers.sim.idcard_sim import SAMPLE_CARDS
from hallsupport import screens_dir
from kiosk.app import I18N
from kiosk.voice import EXPLORE_S, VoiceGuide, redact
from qtkit.speech import QtSpeaker

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture
def host(tmp_path: pathlib.Path):
    device_host = DeviceHost(device_config(tmp_path), listen="127.0.0.1:0").start()
    yield device_host
    device_host.stop()


class Heard:
    """What the kiosk's speaker hands to its engine, in order (the speaker is made here, as the
    guidance would make it the first time it is needed)."""

    def __init__(self, rig: KioskRig) -> None:
        self.rig = rig
        self.said: list[tuple[str, str]] = []
        speaker = rig.state.voice._ready_speaker()
        assert isinstance(speaker, QtSpeaker)
        speaker.spoken.connect(self._spoken)

    def _spoken(self, text: str, lang: str) -> None:
        self.said.append((text, lang))

    def text(self) -> str:
        return "\n".join(t for t, _ in self.said)

    def until(self, words: str, what: str = "") -> None:
        self.rig.until(lambda: words in self.text(), what=what or f"{words!r} spoken; heard {self.said!r}")


@pytest.fixture
def rig(qapp, tmp_path, server, host, clock):
    r = KioskRig(tmp_path, server, host, clock, voice_engine="mock")
    r.ready()
    yield r
    r.close()


def press_key(rig: KioskRig, key: Qt.Key = Qt.Key.Key_F1) -> None:
    QTest.keyClick(rig.kiosk.window, key)


def tap(rig: KioskRig, name: str) -> None:
    item = rig.item(name)
    point = item.mapToScene(QPointF(item.width() / 2, item.height() / 2)).toPoint()
    QTest.mouseClick(rig.kiosk.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)


def switch_on(rig: KioskRig) -> Heard:
    heard = Heard(rig)
    press_key(rig)
    rig.until(lambda: rig.state.voice.on, what="voice guidance on")
    return heard


def test_the_mock_engine_runs_a_text_through_to_the_end(qtbot):
    speaker = QtSpeaker("mock")
    assert speaker.available
    with qtbot.waitSignal(speaker.tts.stateChanged, check_params_cb=lambda s: s == QTextToSpeech.State.Ready,
                          timeout=20_000):
        with qtbot.waitSignal(speaker.spoken) as said:
            speaker.say("Please go to window three", "en")
    assert said.args == ["Please go to window three", "en"]
    assert speaker.tts.locale().language() == speaker.tts.locale().Language.English


@pytest.mark.slow
def test_off_by_default_then_the_tactile_key_reads_the_home_page(rig: KioskRig):
    assert not rig.state.voice.on and rig.state.voice._speaker is None  # no engine loaded until asked for
    assert rig.text("voiceLabel") == "语音播报：长按 3 秒开启"
    heard = switch_on(rig)
    heard.until("语音播报已开启")
    heard.until("首页。请选择要办理的业务")
    for choice in ("取号", "预约签到", "办事指南", "进度查询", "证照打印", "服务评价"):
        assert choice in heard.text()
    assert all(lang == "zh" for _, lang in heard.said)
    assert rig.text("voiceLabel") == "语音播报已开启：长按 3 秒关闭"
    press_key(rig)
    rig.until(lambda: not rig.state.voice.on, what="off by the key again")


@pytest.mark.slow
def test_a_three_second_press_on_the_home_control_switches_it_on_and_a_short_one_says_how(rig: KioskRig):
    heard = Heard(rig)
    tap(rig, "voiceButton")  # a short touch: how to switch it on, but not on
    heard.until("长按三秒开启语音播报")
    assert not rig.state.voice.on
    button = rig.item("voiceButton")
    assert button.property("pressAndHoldInterval") == 3000
    point = button.mapToScene(QPointF(button.width() / 2, button.height() / 2)).toPoint()
    QTest.mousePress(rig.kiosk.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    rig.until(lambda: rig.state.voice.on, 20, "on after the long press")
    QTest.mouseRelease(rig.kiosk.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    heard.until("首页。请选择要办理的业务")
    assert screen_problems(rig) == []


@pytest.mark.slow
def test_a_touched_choice_speaks_and_a_second_touch_chooses_it_and_the_ticket_is_spoken(rig: KioskRig):
    record = parse_card_text(SAMPLE_CARDS["adult"].text)
    heard = switch_on(rig)
    heard.until("首页。")
    tap(rig, "takeNumberButton")
    heard.until("取号。刷身份证或选择事项后取号。再点按一次选择")
    rig.pump(0.3)
    assert rig.state.page == "home"  # the first touch only spoke
    tap(rig, "takeNumberButton")
    rig.page("categories")
    heard.until("取号。请选择要办理的事项")
    names = [c["name"] for g in rig.state.groups for c in g["categories"]]
    assert names and names[0] in heard.text()
    rig.sim("sim.place_card", card="adult")  # the card over the category page: the same session
    rig.until(lambda: rig.state.identity["present"], what="card read")
    rig.page("categories")
    tap(rig, "category_general")
    heard.until("。再点按一次选择", "the tile spoken")
    tap(rig, "category_general")
    rig.page("ticket")
    number = rig.state.ticket["number"]
    heard.until(f"您的号码是 {number}")
    heard.until(f"前面还有 {rig.state.ticket['peopleAhead']} 人")
    spoken = heard.text()
    assert record.id_number not in spoken and record.name not in spoken
    tap(rig, "homeButton")  # the footer's button too: first touch speaks
    heard.until("返回首页")
    tap(rig, "homeButton")
    rig.page("home")
    assert not rig.state.voice.on  # the session reset: off for the next citizen
    assert rig.text("voiceLabel") == "语音播报：长按 3 秒开启"


@pytest.mark.slow
def test_the_keypads_arrows_move_through_the_choices_and_enter_chooses(rig: KioskRig):
    heard = switch_on(rig)
    heard.until("首页。")
    assert not rig.item("voiceFocus").isVisible()
    press_key(rig, Qt.Key.Key_Down)
    heard.until("取号。按确认键选择")
    assert rig.item("voiceFocus").isVisible()
    press_key(rig, Qt.Key.Key_Down)
    heard.until("预约签到。按确认键选择")
    press_key(rig, Qt.Key.Key_Up)
    rig.until(lambda: heard.said[-1][0] == "取号。按确认键选择", what="back on 取号")
    assert rig.state.page == "home"
    press_key(rig, Qt.Key.Key_Return)
    rig.page("categories")
    heard.until("取号。请选择要办理的事项")
    assert not rig.item("voiceFocus").isVisible()
    press_key(rig, Qt.Key.Key_Up)  # backwards from the start: the last choice around the page, the header's
    heard.until("English。按确认键选择")
    press_key(rig, Qt.Key.Key_Up)
    heard.until("长辈模式。按确认键选择")
    press_key(rig, Qt.Key.Key_Up)
    heard.until("返回首页。按确认键选择")  # the footer's
    press_key(rig, Qt.Key.Key_Down)
    press_key(rig, Qt.Key.Key_Down)
    rig.until(lambda: heard.said[-1][0] == "English。按确认键选择", what="on English again")
    press_key(rig, Qt.Key.Key_Enter)
    heard.until("Take a number. Please choose a service")  # the page again, in English
    assert rig.state.lang == "en" and rig.state.page == "categories"


@pytest.mark.slow
def test_english_session_speaks_english(rig: KioskRig):
    rig.state.toggleLanguage()
    rig.until(lambda: rig.text("welcome") == "Welcome! What would you like to do?", what="English")
    heard = switch_on(rig)
    heard.until("Voice guidance on")
    heard.until("Home. Please choose a service")
    assert "Take a number" in heard.text()
    assert all(lang == "en" for _, lang in heard.said)
    rig.state.toggleLanguage()  # switching language over a page reads it again in the new one
    heard.until("首页。请选择要办理的业务")
    assert heard.said[-1][1] == "zh"


@pytest.mark.slow
def test_the_idle_reset_turns_it_off(rig: KioskRig):
    heard = switch_on(rig)
    heard.until("首页。")
    rig.state._start_countdown()  # the idle time of a session that only switched guidance on
    rig.until(lambda: not rig.state.voice.on, what="off at the idle reset")
    assert rig.state.page == "home"


@pytest.mark.slow
def test_an_elder_mode_ticket_asks_for_a_large_type_receipt(rig: KioskRig):
    sent: list[dict] = []
    command = rig.kiosk.devices.command

    def spy(name, args, callback, timeout=15.0):
        sent.append(args)
        command(name, args, callback, timeout)

    rig.kiosk.devices.command = spy
    rig.state.toggleElder()
    rig.state.startTakeNumber()
    rig.page("categories")
    rig.state.chooseCategory("general")
    rig.page("identify")
    rig.sim("sim.place_card", card="adult")
    rig.page("ticket")
    rig.until(lambda: rig.state.ticket.get("printed"), what="receipt printed")
    assert [a["ticket"]["large_type"] for a in sent if "ticket" in a] == [True]
    rig.kiosk.devices.command = command


@pytest.mark.slow
@pytest.mark.qt_log_ignore("Text-to-speech plug-in .* is not supported", "Error loading text-to-speech plug-in")
def test_without_an_engine_the_control_says_it_is_unavailable_and_logs_once(qapp, tmp_path, server, host, clock,
                                                                              caplog):
    r = KioskRig(tmp_path, server, host, clock, voice_engine="nosuch")
    try:
        r.ready()
        with caplog.at_level(logging.WARNING, logger="qtkit.speech"):
            press_key(r)
            r.until(lambda: r.state.voice.unavailable, what="unavailable")
            press_key(r)
            tap(r, "voiceButton")
            r.pump(0.2)
        assert not r.state.voice.on
        assert r.text("voiceLabel") == "语音播报不可用"
        assert len([rec for rec in caplog.records if "not available" in rec.getMessage()]) == 1
        r.state.goHome()
        assert r.text("voiceLabel") == "语音播报不可用"
    finally:
        r.close()


@pytest.mark.slow
@pytest.mark.parametrize("elder", [False, True], ids=["standard", "elder"])
def test_the_home_screen_shows_the_voice_control(rig: KioskRig, elder):
    if elder:
        rig.state.toggleElder()
        rig.until(lambda: rig.state.elder, what="elder mode")
    rig.pump(0.3)
    control = rig.item("voiceControl")
    assert control.isVisible() and control.height() >= rig.item("takeNumberButton").height() / 4
    assert screen_problems(rig) == []
    shots = screens_dir() / "kiosk"
    shots.mkdir(parents=True, exist_ok=True)
    name = "30-home-voice-guidance-elder-1080x1920.png" if elder else "30-home-voice-guidance-1080x1920.png"
    assert rig.kiosk.window.grabWindow().save(str(shots / name))
    if not elder:  # switched on, the keypad on the first choice
        heard = switch_on(rig)
        press_key(rig, Qt.Key.Key_Down)
        heard.until("取号。按确认键选择")
        rig.pump(0.3)
        assert screen_problems(rig) == []
        assert rig.kiosk.window.grabWindow().save(str(shots / "30-home-voice-guidance-on-1080x1920.png"))


# --- the guidance's own rules, without a screen -----------------------------------------------------

class RecordingSpeaker:
    """A Speaker that keeps what it was asked to say (for the rules below, which need no engine)."""

    available = True

    def __init__(self) -> None:
        self.said: list[tuple[str, str]] = []

    def say(self, text: str, lang: str) -> None:
        self.said.append((text, lang))

    def stop(self) -> None:
        pass


def test_a_second_touch_chooses_only_within_the_time_and_on_the_same_choice(qapp):
    now = [100.0]
    speaker = RecordingSpeaker()
    guide = VoiceGuide(lambda: "zh", lambda: speaker, clock=lambda: now[0])
    assert guide.explore("取号", "") is True  # guidance off: a touch is a touch
    guide.toggle()
    assert guide.on
    assert guide.explore("取号", "") is False
    assert guide.explore("预约签到", "") is False  # another choice: spoken, not chosen
    assert guide.explore("取号", "") is False
    now[0] += EXPLORE_S + 0.1
    assert guide.explore("取号", "") is False  # too late: spoken again
    now[0] += 1
    assert guide.explore("取号", "") is True
    assert [t for t, _ in speaker.said].count("取号。再点按一次选择") == 3


def test_personal_data_is_never_spoken_whole():
    name, number = "欧阳小明", "11010519491231002X"
    text = redact(f"{name}，您好。证件号 {number}，号码 A012，前面 3 人", [name, number])
    assert name not in text and number not in text
    assert "欧**明" in text and "110105********002X" in text and "A012" in text and "3 人" in text
    assert "12345678" not in redact("订单 123456789012")
    assert "1949123" not in redact("证件号110105194912310021，请核对")  # with no space around it too


def test_every_spoken_text_is_translated_under_its_context():
    tree = ast.parse((ROOT / "kiosk" / "voice.py").read_text(encoding="utf-8"))
    texts = {n.args[0].value for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
             and n.func.id == "tr" and n.args and isinstance(n.args[0], ast.Constant)}
    assert len(texts) > 15
    known = {}
    for context in ET.parse(I18N / "kiosk_en.ts").getroot().iter("context"):
        if context.findtext("name") == "VoiceGuide":
            for message in context.iter("message"):
                node = message.find("translation")
                if node is not None and node.get("type") is None and node.text:
                    known[message.findtext("source")] = node.text
    assert sorted(texts - set(known)) == []
