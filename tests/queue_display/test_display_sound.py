"""A display announces calls only where its hall-file row says so: silent by default, a chime, or the
call spoken (through Qt TextToSpeech's "mock" engine here), once per call and once per recall."""
from __future__ import annotations

import pathlib
import re
import struct
import subprocess
import sys
import wave
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QCoreApplication

from hallsupport import DISPLAY_TOKEN, KIOSK_TOKEN, STAFF_PIN, FakeClock, HallClient, RunningServer, device_token
from hall_server.config import SAMPLE_HALL
from qtkit.speech import QtSpeaker
from queue_display.display import CHIME_WAV, CallAnnouncer, DisplayApp, install_translator

ROOT = pathlib.Path(__file__).resolve().parents[2]
WAIT_MS = 30_000
DISPLAY_2F_TOKEN = device_token("display-2f")


class CountingChime:
    """A Player that counts what it is asked to play (a real QSoundEffect needs an audio output,
    which a test machine has not: its status is Error there)."""

    def __init__(self) -> None:
        self.plays = 0

    def play(self) -> None:
        self.plays += 1


def hall_with_sound(tmp_path: pathlib.Path, sound: str) -> pathlib.Path:
    """The sample hall with the hall display's `sound` set."""
    text = SAMPLE_HALL.read_text(encoding="utf-8")
    text, n = re.subn(r'(id = "display-hall"\n)', rf'\1sound = "{sound}"\n', text)
    assert n == 1
    path = tmp_path / "hall.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def start_server(tmp_path: pathlib.Path) -> Iterator[Callable[[str], RunningServer]]:
    started: list[RunningServer] = []

    def start(sound: str) -> RunningServer:
        hall = SAMPLE_HALL if sound == "silent" else hall_with_sound(tmp_path, sound)
        srv = RunningServer(tmp_path / "hall.db", hall, FakeClock(), poll_interval=0.2, tick_interval=0.5)
        srv.start()
        started.append(srv)
        return srv

    yield start
    for srv in started:
        srv.stop()


@pytest.fixture
def open_display(qtbot) -> Iterator[Callable[..., DisplayApp]]:
    opened: list[DisplayApp] = []
    translators = []

    def make(server: RunningServer, announcer: CallAnnouncer, lang: str = "zh") -> DisplayApp:
        if lang != "zh":
            translators.append(install_translator(QCoreApplication.instance(), lang))
        shown = DisplayApp(server.url, DISPLAY_TOKEN, None, lang, (), announcer=announcer)
        opened.append(shown)
        shown.window.resize(1920, 1080)
        shown.window.show()
        qtbot.waitUntil(lambda: shown.display.live and shown.display.hallName != "", timeout=WAIT_MS)
        return shown

    yield make
    for shown in opened:
        shown.close()
    for t in translators:
        QCoreApplication.instance().removeTranslator(t)


def staff_at(server: RunningServer, code: str) -> HallClient:
    staff = server.login(f"w{code}", STAFF_PIN, code)
    staff.ok(f"/windows/{code}/open")
    return staff


def call_and_recall(qtbot, server: RunningServer, shown: DisplayApp) -> list[str]:
    """Two calls and a recall; the numbers the display put on screen."""
    calls: list[str] = []
    shown.display.callShown.connect(calls.append)
    kiosk = server.client(KIOSK_TOKEN)
    kiosk.issue("general")
    kiosk.issue("general")
    w1, w2 = staff_at(server, "01"), staff_at(server, "02")
    first = w1.ok("/windows/01/call-next", {})["ticket"]
    w2.ok("/windows/02/call-next", {})
    w1.ok("/windows/01/recall", {"ticket_id": first["id"]})
    qtbot.waitUntil(lambda: len(calls) == 3, timeout=WAIT_MS)
    return calls


def test_a_chime_display_chimes_once_per_call_and_recall(qtbot, start_server, open_display):
    server = start_server("chime")
    chime = CountingChime()
    shown = open_display(server, CallAnnouncer("zh", make_chime=lambda: chime))
    assert shown.display.announcer.sound == "chime" and chime.plays == 0
    assert call_and_recall(qtbot, server, shown) == ["A001", "A002", "A001"]
    assert chime.plays == 3


def test_a_silent_display_never_sounds_nor_loads_a_player(qtbot, start_server, open_display):
    server = start_server("silent")
    made: list[str] = []
    announcer = CallAnnouncer("zh", make_chime=lambda: made.append("chime") or CountingChime(),
                              make_speaker=lambda: made.append("speaker") or QtSpeaker("mock"))
    shown = open_display(server, announcer)
    call_and_recall(qtbot, server, shown)
    assert shown.display.announcer.sound == "silent" and made == []


@pytest.mark.parametrize("lang, words", [("zh", ["请 A001 号到 1号窗口", "请 A002 号到 2号窗口",
                                                 "请 A001 号到 1号窗口"]),
                                         ("en", ["Number A001, please go to Window 1",
                                                 "Number A002, please go to Window 2",
                                                 "Number A001, please go to Window 1"])])
def test_a_voice_display_speaks_each_call_in_its_language(qtbot, start_server, open_display, lang, words):
    server = start_server("voice")
    speakers: list[QtSpeaker] = []
    said: list[tuple[str, str]] = []

    def make_speaker() -> QtSpeaker:
        speaker = QtSpeaker("mock")
        speaker.spoken.connect(lambda text, language: said.append((text, language)))
        speakers.append(speaker)
        return speaker

    shown = open_display(server, CallAnnouncer(lang, make_speaker=make_speaker), lang)
    call_and_recall(qtbot, server, shown)
    assert said == [(w, lang) for w in words]
    assert len(speakers) == 1  # one engine for the display's life
    assert not any(ch == "*" for text, _ in said for ch in text)  # a masked name is never spoken


def test_config_tells_each_display_its_own_sound(tmp_path, start_server):
    server = start_server("voice")
    assert server.client(DISPLAY_TOKEN).get("/config").json()["sound"] == "voice"
    assert server.client(DISPLAY_2F_TOKEN).get("/config").json()["sound"] == "silent"
    assert server.client(KIOSK_TOKEN).get("/config").json()["sound"] == "silent"


def test_the_chime_is_a_short_wav_the_script_makes_byte_for_byte(tmp_path):
    with wave.open(str(CHIME_WAV), "rb") as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, 22050)
        frames = wav.readframes(wav.getnframes())
        assert 0.5 < wav.getnframes() / wav.getframerate() < 2.0
    samples = struct.unpack(f"<{len(frames) // 2}h", frames)
    assert max(abs(s) for s in samples) < 32767 * 0.6  # soft, never clipped
    made = tmp_path / "chime.wav"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_chime.py"), str(made)], check=True,
                   capture_output=True)
    assert made.read_bytes() == CHIME_WAV.read_bytes()


def test_the_spoken_call_is_translated():
    for context in ET.parse(ROOT / "assets" / "i18n" / "display_en.ts").getroot().iter("context"):
        if context.findtext("name") == "HallDisplay":
            sources = {m.findtext("source"): m.findtext("translation") for m in context.iter("message")}
            assert sources == {"请 %1 号到 %2": "Number %1, please go to %2"}
            return
    raise AssertionError("no HallDisplay context in display_en.ts")
