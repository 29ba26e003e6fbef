"""window-terminal: the staff terminal of one service window (窗口叫号终端).

    window-terminal --server http://10.0.0.5:8000 --window 01 [--lang en] [--windowed 1280x800]
    window-terminal --demo --window 01          # the demo hall server on http://127.0.0.1:8000
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
from .desk import WindowDesk

log = logging.getLogger(__name__)

ROOT = pathlib.Path(__file__).resolve().parent
QML = ROOT / "qml" / "terminal" / "Main.qml"
I18N = ROOT.parent / "assets" / "i18n"
DEMO_SERVER = "http://127.0.0.1:8000"
EXAMPLE_SIZE = "1280x800"


def install_translator(app: QCoreApplication, lang: str) -> QTranslator | None:
    return appshell.install_translator(app, "terminal", lang)


class Terminal(QObject):
    """One running terminal: the desk state, the QML engine and its window."""

    def __init__(self, server_url: str, window: str, lang: str = "zh", parent: QObject | None = None, **desk_options):
        super().__init__(parent)
        if QQuickStyle.name() != "Basic":  # our own look needs the customisable style; set once per process
            QQuickStyle.setStyle("Basic")
        self.desk = WindowDesk(server_url, window, "en" if lang == "en" else "zh", parent=self, **desk_options)
        self.engine, self.window = shell.load_qml(self, QML, "terminal", self.desk)

    def close(self) -> None:
        """Stop the network parts and drop the window (tests call this; the app just quits)."""
        self.desk.logout()
        shell.drop_window(self.engine, self.window)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = appshell.staff_arguments("window-terminal", "Staff terminal of one service window", DEMO_SERVER)
    p.add_argument("--window", required=True, help="the window this terminal stands at, e.g. 01")
    p.add_argument("--printer", help="the window's certificate printer for 打印表单: cups://Queue or pdfdir:///path")
    args = p.parse_args(argv)
    if not args.server and not args.demo:
        p.error("give --server URL or --demo")
    args.size = shell.window_size(p, args.windowed, EXAMPLE_SIZE)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    app = appshell.make_app("window-terminal", "terminal", args.lang, args.log_level)
    terminal = Terminal(args.server or DEMO_SERVER, args.window, args.lang, printer=args.printer)
    code = shell.run_window(app, terminal.window, args.size)
    terminal.close()
    return code


if __name__ == "__main__":
    sys.exit(main())
