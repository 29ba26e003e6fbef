"""kiosk: the citizen self-service terminal (full-screen Qt Quick, zh by default, one touch to English).

    kiosk --demo                                   # the demo hall on this machine
    kiosk --server http://10.0.0.5:8000 --token … --devices ws://127.0.0.1:8790
    kiosk --demo --windowed 1080x1920              # a window instead of full screen
"""
from __future__ import annotations

import argparse
import atexit
import logging
import os
import pathlib
import shutil
import sys
import tempfile
import time

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, QTranslator, QUrl
from PySide6.QtGui import QFont, QGuiApplication, QKeyEvent
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickWindow
from PySide6.QtQuickControls2 import QQuickStyle

from devices.client import DEFAULT_URL as DEFAULT_DEVICES_URL
from qtkit import shell
from servicekit import crash, notify

from .config import DEMO_TECH_PIN, DEMO_TOKEN, KioskConfig, pin_hash, pixels_per_mm
from .core import KioskCore
from .devicelink import DeviceLink
from .health import app_version, device_self_test, service_status
from .state import KioskState, settle_allocator

log = logging.getLogger(__name__)

ROOT = pathlib.Path(__file__).resolve().parent.parent
QML = pathlib.Path(__file__).resolve().parent / "qml" / "Main.qml"
I18N = ROOT / "assets" / "i18n"
_keyboard_config: pathlib.Path | None = None  # this process's own configuration folder
TOUCHES = (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress)
HEALTH_EVERY_MS = 2000
#: The tactile keypad's keys while voice guidance is on: to the next / previous choice, and choose it.
VOICE_NEXT = frozenset({Qt.Key.Key_Down, Qt.Key.Key_Right, Qt.Key.Key_Tab})
VOICE_PREVIOUS = frozenset({Qt.Key.Key_Up, Qt.Key.Key_Left, Qt.Key.Key_Backtab})
VOICE_CHOOSE = frozenset({Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space})


def prepare_environment() -> None:
    """Before the QGuiApplication exists (and its threads): the on-screen keyboard is the input
    method, its pinyin engine keeps nothing beyond this process, and the allocator is set for a
    kiosk that runs for weeks."""
    settle_allocator()
    os.environ["QT_IM_MODULE"] = "qtvirtualkeyboard"
    # The kiosk shows its own InputPanel: no separate keyboard window of the desktop integration.
    os.environ["QT_VIRTUALKEYBOARD_DESKTOP_DISABLE"] = "1"
    private_keyboard_config()


def private_keyboard_config() -> pathlib.Path:
    """Give this process a configuration folder of its own, removed when it ends, and return it.

    Qt Virtual Keyboard's pinyin engine opens its user dictionary (the words it learns) at
    $XDG_CONFIG_HOME/qtvirtualkeyboard/pinyin/usr_dict.dat, not under
    VirtualKeyboardSettings.userDataPath, so without this it would sit in the account's home for
    every later citizen to be offered. The kiosk's fields are marked sensitive, which keeps the
    engine from learning at all; this keeps even its empty dictionary off the disk's lasting places.
    The file is made empty beforehand: the engine writes a fresh dictionary into it, and does not
    warn that it had to create the folder.
    """
    global _keyboard_config
    if _keyboard_config is not None:
        return _keyboard_config
    home = pathlib.Path(tempfile.mkdtemp(prefix="kiosk-config-"))
    dictionary = home / "qtvirtualkeyboard" / "pinyin" / "usr_dict.dat"
    dictionary.parent.mkdir(parents=True)
    dictionary.touch()
    os.environ["XDG_CONFIG_HOME"] = str(home)
    atexit.register(shutil.rmtree, home, True)
    _keyboard_config = home
    return home


class Kiosk(QObject):
    """One kiosk: core, device link, screen state and the QML window.

    Args:
        config: what to connect to.
        size: the panel in pixels (1080x1920 portrait or 1920x1080 landscape).
        core / devices: made from the config when not given.
    """

    def __init__(self, config: KioskConfig, size: tuple[int, int] = (1080, 1920), *,
                 core: KioskCore | None = None, devices: DeviceLink | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.config = config
        self.core = core or KioskCore(config.server_url, config.token, config.store_path, version=app_version(),
                                      self_tester=device_self_test(config.devices_url))
        self.devices = devices or DeviceLink(config.devices_url, self)
        self.keyboard_dir = pathlib.Path(tempfile.mkdtemp(prefix="kiosk-keyboard-"))
        self.state = KioskState(self.core, self.devices, config, keyboard_dir=self.keyboard_dir, parent=self)
        self._translator: QTranslator | None = None
        self.state.langChanged.connect(self._apply_language)
        self.state.fullScreenExitRequested.connect(self._leave_full_screen)

        if QQuickStyle.name() != "Basic":  # our own look needs the customisable style; set once per process
            QQuickStyle.setStyle("Basic")
        self.engine = QQmlApplicationEngine(self)
        context = self.engine.rootContext()
        context.setContextProperty("kiosk", self.state)
        context.setContextProperty("panelMm", pixels_per_mm(*size, config.diagonal_inch))
        context.setContextProperty("keyboardDataPath", self.keyboard_dir.as_posix())
        self.engine.load(QUrl.fromLocalFile(str(QML)))
        roots = self.engine.rootObjects()
        if not roots:
            raise RuntimeError(f"could not load {QML}")
        if not isinstance(roots[0], QQuickWindow):
            raise RuntimeError(f"{QML} does not have a Window at its root")
        self.window: QQuickWindow = roots[0]
        self.window.resize(*size)
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        #: The kiosk's health in one line (kiosk.health), as last said to systemd and the log.
        self.health = ""
        self._health_check = QTimer(self, interval=HEALTH_EVERY_MS)
        self._health_check.timeout.connect(self._say_health)

    def start(self) -> None:
        """Start syncing with the hall server and listening to the devices."""
        self.core.start()
        self.devices.start()
        self.state.start()
        self._health_check.start()
        self._say_health()

    def _say_health(self) -> None:
        """Tell systemd (STATUS, `systemctl status hall-kiosk`) and the log when the kiosk's
        health changes: the hall server or the device host out of reach, devices down."""
        health = service_status(bool(self.core.online), self.core.last_error, self.devices.health())
        if health != self.health:
            self.health = health
            log.info("health: %s", health)
            notify.status(health)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in TOUCHES:
            self.state.touched()
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._voice_key(event)
        return False

    def _voice_key(self, event: QKeyEvent) -> bool:
        """The tactile key and, while voice guidance is on, the keypad's arrows and Enter; True: taken."""
        voice = self.state.voice
        key = event.key()
        if key == self.config.voice_key:
            if not event.isAutoRepeat():  # a key held down switches once
                voice.toggle()
            return True  # the tactile key is the guidance's own: no page sees it
        if not voice.on:
            return False
        if key in VOICE_NEXT or key in VOICE_PREVIOUS:
            voice.step(1 if key in VOICE_NEXT else -1)
            return True
        if key in VOICE_CHOOSE:
            if not event.isAutoRepeat():
                voice.activate()
            return True
        return False

    def _apply_language(self) -> None:
        app = QCoreApplication.instance()
        assert app is not None, "the kiosk runs in a Qt application"  # its QML engine needs one
        if self._translator is not None:
            app.removeTranslator(self._translator)
            self._translator = None
        if self.state.lang != "zh":
            translator = QTranslator(self)
            if translator.load(str(I18N / f"kiosk_{self.state.lang}.qm")):
                app.installTranslator(translator)
                self._translator = translator
            else:
                log.warning("no kiosk translation for %s", self.state.lang)
        self.engine.retranslate()

    def _leave_full_screen(self) -> None:
        log.info("technician left full screen")
        self.window.showNormal()

    def close(self) -> None:
        """Stop everything and drop the window (the QML goes before the state it binds to)."""
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._health_check.stop()
        self.state.stop()
        self.window.close()
        self.window.deleteLater()
        self.engine.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        self.devices.stop()
        self.core.stop()
        shutil.rmtree(self.keyboard_dir, ignore_errors=True)


def parse_size(parser: argparse.ArgumentParser, text: str) -> tuple[int, int]:
    try:
        w, h = (int(x) for x in text.lower().split("x"))
        if w < 320 or h < 320:
            raise ValueError
    except ValueError:
        parser.error("sizes are WIDTHxHEIGHT, e.g. 1080x1920")
    return w, h


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="kiosk", description="The citizen self-service terminal.")
    p.add_argument("--server", help="hall server URL, e.g. http://10.0.0.5:8000")
    p.add_argument("--token", help="this kiosk's device token (or HALL_KIOSK_TOKEN)")
    p.add_argument("--devices", default=DEFAULT_DEVICES_URL, help=f"device host API (default {DEFAULT_DEVICES_URL})")
    p.add_argument("--store", help="local store file (default var/kiosk/kiosk.db)")
    p.add_argument("--demo", action="store_true", help="the demo hall on this machine, demo token and PIN")
    p.add_argument("--tech-pin-hash", help="scrypt hash of the technician PIN (or HALL_KIOSK_TECH_PIN_HASH)")
    p.add_argument("--panel", default="1080x1920", help="panel resolution, 1080x1920 or 1920x1080")
    p.add_argument("--diagonal", type=float, default=21.5, help="panel diagonal in inches (for 15 mm targets)")
    p.add_argument("--idle-timeout", type=float, default=60.0, help="seconds without a touch that end a session")
    p.add_argument("--voice-key", default="F1", help="key that switches voice guidance on and off (default F1)")
    p.add_argument("--voice-engine", default="speechd", help="Qt TextToSpeech engine of voice guidance")
    p.add_argument("--windowed", action="store_true", help="a window of the panel's size instead of full screen")
    p.add_argument("--report-ready", action="store_true",
                   help="print 'ready <monotonic time>' once the home screen's first frame is shown (benchmarks)")
    p.add_argument("--log-level", default="INFO")
    args = p.parse_args(argv)

    server = args.server or ("http://127.0.0.1:8000" if args.demo else None)
    token = args.token or os.environ.get("HALL_KIOSK_TOKEN") or (DEMO_TOKEN if args.demo else None)
    if not server or not token:
        p.error("give --server and --token (or --demo)")
    pin = (args.tech_pin_hash or os.environ.get("HALL_KIOSK_TECH_PIN_HASH")
           or (pin_hash(DEMO_TECH_PIN) if args.demo else ""))
    if not 10 <= args.idle_timeout <= 600:
        p.error("--idle-timeout is 10-600 seconds")
    size = parse_size(p, args.panel)
    voice_key = getattr(Qt.Key, f"Key_{args.voice_key}", None)
    if voice_key is None:
        p.error("--voice-key is one key by its Qt name, e.g. F1, F12 or Pause")
    store = pathlib.Path(args.store) if args.store else ROOT / "var" / "kiosk" / "kiosk.db"
    store.parent.mkdir(parents=True, exist_ok=True)
    config = KioskConfig(server_url=server, token=token, devices_url=args.devices, store_path=store,
                         idle_timeout_s=args.idle_timeout, diagonal_inch=args.diagonal, tech_pin_hash=pin,
                         voice_engine=args.voice_engine, voice_key=voice_key.value)

    logging.basicConfig(level=args.log_level.upper(), stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # a line per request would drown the log
    crash.enable_crash_file("kiosk")
    prepare_environment()
    app = QGuiApplication(sys.argv[:1])
    app.setApplicationName("kiosk")
    app.setFont(QFont("Noto Sans CJK SC", 16))
    kiosk = Kiosk(config, size)
    if args.report_ready:
        kiosk.window.frameSwapped.connect(_report_ready)
    kiosk.start()
    code = shell.run_window(app, kiosk.window, size if args.windowed else None)
    kiosk.close()
    return code


_reported = False


def _report_ready() -> None:
    global _reported
    if not _reported:
        _reported = True
        print(f"ready {time.monotonic():.6f}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
