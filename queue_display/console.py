"""hall-console: the hall manager console (大厅管理端) — SLA dashboard, windows, notices, category settings,
电子监察, 差评回访 and statistics.

    hall-console --server http://10.0.0.5:8000 [--lang en] [--windowed 1600x1000] [--export-dir DIR]
    hall-console --demo                      # the demo hall server on http://127.0.0.1:8000
"""
from __future__ import annotations

import argparse
import logging
import pathlib
import sys
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QObject, QTranslator
from PySide6.QtQuickControls2 import QQuickStyle

from qtkit import shell

from . import appshell
from .console_state import HallConsole

log = logging.getLogger(__name__)

ROOT = pathlib.Path(__file__).resolve().parent
QML = ROOT / "qml" / "console" / "Main.qml"
I18N = ROOT.parent / "assets" / "i18n"
DEMO_SERVER = "http://127.0.0.1:8000"
EXAMPLE_SIZE = "1600x1000"
FONT = "Noto Sans CJK SC"


def install_translator(app: QCoreApplication, lang: str) -> QTranslator | None:
    return appshell.install_translator(app, "console", lang)


class Console(QObject):
    """One running console: its state, the QML engine and the window."""

    def __init__(self, server_url: str, lang: str = "zh", parent: QObject | None = None, **options):
        super().__init__(parent)
        if QQuickStyle.name() != "Basic":  # our own look needs the customisable style; set once per process
            QQuickStyle.setStyle("Basic")
        self.state = HallConsole(server_url, "en" if lang == "en" else "zh", parent=self, **options)
        self.engine, self.window = shell.load_qml(self, QML, "hall", self.state)

    def close(self) -> None:
        """Stop the network parts and drop the window (tests call this; the app just quits)."""
        self.state.logout()
        shell.drop_window(self.engine, self.window)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = appshell.staff_arguments("hall-console", "Hall manager console", DEMO_SERVER)
    p.add_argument("--export-dir", metavar="DIR",
                   help="where statistics CSV exports are saved (default ~/Downloads, else var/exports)")
    args = p.parse_args(argv)
    if not args.server and not args.demo:
        p.error("give --server URL or --demo")
    args.size = shell.window_size(p, args.windowed, EXAMPLE_SIZE)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    app = appshell.make_app("hall-console", "console", args.lang, args.log_level)
    console = Console(args.server or DEMO_SERVER, args.lang, export_dir=args.export_dir)
    code = shell.run_window(app, console.window, args.size)
    console.close()
    return code


if __name__ == "__main__":
    sys.exit(main())
