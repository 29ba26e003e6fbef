"""evaluator: the rating pad (评价器) at one service window, for the citizen sitting there.

    evaluator --server http://10.0.0.5:8000 --token <the window's evaluator token> [--window 01]
    evaluator --demo --window 01      # the demo hall server on http://127.0.0.1:8000, the sample hall's token
    [--lang en] [--windowed 1280x800 | 800x1280]

The window terminal asks (请评价); the pad shows the ticket and the five national levels.
"""
from __future__ import annotations

import argparse
import atexit
import logging
import math
import os
import pathlib
import shutil
import sys
import tempfile
import tomllib
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QObject, QTranslator, QUrl
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickWindow
from PySide6.QtQuickControls2 import QQuickStyle

from qtkit import shell

from . import appshell
from .rating_pad import RatingPad

log = logging.getLogger(__name__)

ROOT = pathlib.Path(__file__).resolve().parent
QML = ROOT / "qml" / "evaluator" / "Main.qml"
I18N = ROOT.parent / "assets" / "i18n"
SAMPLE_HALL = ROOT.parent / "assets" / "halls" / "sample_district.toml"
DEMO_SERVER = "http://127.0.0.1:8000"
EXAMPLE_SIZE = "1280x800"
PANEL_INCH = 10.1  # the usual evaluator panel; 15 mm touch targets are measured on it


def pixels_per_mm(width: int, height: int, diagonal_inch: float = PANEL_INCH) -> float:
    """Pixels per millimetre of a panel of this resolution and diagonal."""
    return math.hypot(width, height) / (diagonal_inch * 25.4)


_keyboard_config: pathlib.Path | None = None  # this process's own configuration folder


def prepare_environment() -> None:
    """Before the QGuiApplication exists: Qt Virtual Keyboard (pinyin) is the input method, and
    its pinyin engine keeps nothing beyond this process."""
    global _keyboard_config
    os.environ["QT_IM_MODULE"] = "qtvirtualkeyboard"
    # The pad shows its own InputPanel: no separate keyboard window of the desktop integration.
    os.environ["QT_VIRTUALKEYBOARD_DESKTOP_DISABLE"] = "1"
    # The pinyin engine opens the words it learns at $XDG_CONFIG_HOME/qtvirtualkeyboard/pinyin/
    # usr_dict.dat, not under VirtualKeyboardSettings.userDataPath: a folder of this process's own,
    # removed when it ends, keeps them out of the account's home (the reason field is also marked
    # sensitive, so it learns nothing). The empty file spares the engine's warning that it made one.
    if _keyboard_config is None:
        _keyboard_config = pathlib.Path(tempfile.mkdtemp(prefix="evaluator-config-"))
        dictionary = _keyboard_config / "qtvirtualkeyboard" / "pinyin" / "usr_dict.dat"
        dictionary.parent.mkdir(parents=True)
        dictionary.touch()
        atexit.register(shutil.rmtree, _keyboard_config, True)
    os.environ["XDG_CONFIG_HOME"] = str(_keyboard_config)


def demo_token(window: str) -> str:
    """The sample hall's evaluator token of this window (the demo's)."""
    hall = tomllib.loads(SAMPLE_HALL.read_text(encoding="utf-8"))
    for device in hall.get("devices", []):
        if device.get("role") == "evaluator" and device.get("window") == window:
            return str(device["token"])
    raise KeyError(window)


class Evaluator(QObject):
    """One running evaluator: the pad's state, the QML engine, its window and the UI language."""

    def __init__(self, server_url: str, token: str, window: str = "", lang: str = "zh",
                 parent: QObject | None = None, **pad_options):
        super().__init__(parent)
        if QQuickStyle.name() != "Basic":  # our own look needs the customisable style; set once per process
            QQuickStyle.setStyle("Basic")
        self.pad = RatingPad(server_url, token, window, lang, parent=self, **pad_options)
        self._translator: QTranslator | None = None
        self.pad.langChanged.connect(self._apply_language)
        self._apply_language(retranslate=False)
        # What the pinyin keyboard learns from a citizen's words is kept here and wiped after each rating.
        self.keyboard_dir = pathlib.Path(tempfile.mkdtemp(prefix="evaluator-keyboard-"))
        self.pad.keyboardReset.connect(self._wipe_keyboard)
        self.engine = QQmlApplicationEngine(self)
        self.engine.rootContext().setContextProperty("pad", self.pad)
        self.engine.rootContext().setContextProperty("keyboardDataPath", self.keyboard_dir.as_posix())
        self.engine.load(QUrl.fromLocalFile(str(QML)))
        roots = self.engine.rootObjects()
        if not roots:
            raise RuntimeError(f"could not load {QML}")
        if not isinstance(roots[0], QQuickWindow):
            raise RuntimeError(f"{QML} does not have a Window at its root")
        self.window = roots[0]
        self.pad.start()

    def _apply_language(self, retranslate: bool = True) -> None:
        """One touch switches zh ⇄ en: the translator is swapped and every qsTr is evaluated again."""
        app = QCoreApplication.instance()
        assert app is not None, "the evaluator runs in a Qt application"  # its QML engine needs one
        if self._translator is not None:
            app.removeTranslator(self._translator)
            self._translator = None
        if self.pad.lang != "zh":
            self._translator = appshell.install_translator(app, "evaluator", self.pad.lang)
        if retranslate:
            self.engine.retranslate()

    def _wipe_keyboard(self) -> None:
        """The files of the keyboard's learnt words go too (QML resets its own memory of them)."""
        if self.keyboard_dir.exists():
            for child in self.keyboard_dir.iterdir():
                if child.is_dir():
                    shutil.rmtree(child, ignore_errors=True)
                else:
                    child.unlink(missing_ok=True)

    def close(self) -> None:
        """Stop the network parts and drop the window (tests call this; the app just quits)."""
        self.pad.stop()
        app = QCoreApplication.instance()
        if self._translator is not None and app is not None:
            app.removeTranslator(self._translator)
            self._translator = None
        shell.drop_window(self.engine, self.window)
        shutil.rmtree(self.keyboard_dir, ignore_errors=True)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = appshell.staff_arguments("evaluator", "Rating pad (评价器) of one service window", DEMO_SERVER)
    p.add_argument("--token", help="this evaluator's device token (or HALL_EVALUATOR_TOKEN)")
    p.add_argument("--window", default="", help="the window it stands at, e.g. 01 (with --demo: picks its token)")
    args = p.parse_args(argv)
    args.token = args.token or os.environ.get("HALL_EVALUATOR_TOKEN")
    if args.demo and not args.token:
        if not args.window:
            p.error("--demo needs --window, e.g. --window 01")
        try:
            args.token = demo_token(args.window)
        except KeyError:
            p.error(f"the sample hall has no evaluator at window {args.window}")
    if not args.server and not args.demo:
        p.error("give --server URL and --token, or --demo --window CODE")
    if not args.token:
        p.error("give --token (or HALL_EVALUATOR_TOKEN)")
    args.size = shell.window_size(p, args.windowed, EXAMPLE_SIZE)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    prepare_environment()
    app = appshell.make_app("evaluator", "evaluator", "zh", args.log_level)  # the pad installs its own language
    evaluator = Evaluator(args.server or DEMO_SERVER, args.token, args.window, args.lang)
    code = shell.run_window(app, evaluator.window, args.size)
    evaluator.close()
    return code


if __name__ == "__main__":
    sys.exit(main())
