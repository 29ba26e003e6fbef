"""What the display, the window terminal, the evaluator and the manager console share when they
start: their translations and the staff apps' options. The Qt plumbing itself is `qtkit.shell`."""
from __future__ import annotations

import argparse
import pathlib

from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtGui import QGuiApplication

from qtkit import shell

I18N = pathlib.Path(__file__).resolve().parent.parent / "assets" / "i18n"
FONT = "Noto Sans CJK SC"


def install_translator(app: QCoreApplication, name: str, lang: str) -> QTranslator | None:
    """Chinese is the source language; any other loads `assets/i18n/<name>_<lang>.qm`."""
    return None if lang == "zh" else shell.install_translator(app, I18N / f"{name}_{lang}.qm")


def staff_arguments(prog: str, description: str, demo_server: str) -> argparse.ArgumentParser:
    """The options the window terminal and the manager console share; the caller adds its own."""
    p = argparse.ArgumentParser(prog=prog, description=description)
    p.add_argument("--server", help="hall server URL, e.g. http://10.0.0.5:8000")
    p.add_argument("--demo", action="store_true", help=f"use the demo hall server at {demo_server}")
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.add_argument("--windowed", metavar="WxH", help="a window of this size instead of full screen")
    p.add_argument("--log-level", default="INFO")
    return p


def make_app(name: str, translation: str, lang: str, log_level: str, font: str = FONT) -> QGuiApplication:
    """The Qt application of one of the hall's apps: logging, name, the CJK font, the translation."""
    app = shell.make_app(name, log_level, font)
    install_translator(app, translation, lang)
    return app
