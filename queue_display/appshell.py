"""What the display, the window terminal and the manager console share when they start and run:
their translation, the --windowed size, and a main loop that Ctrl-C and SIGTERM can end."""
from __future__ import annotations

import argparse
import logging
import pathlib
import signal
import sys

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, QTranslator, QUrl
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickWindow

log = logging.getLogger(__name__)

I18N = pathlib.Path(__file__).resolve().parent.parent / "assets" / "i18n"


def install_translator(app: QCoreApplication, name: str, lang: str) -> QTranslator | None:
    """Chinese is the source language; any other loads `assets/i18n/<name>_<lang>.qm`."""
    if lang == "zh":
        return None
    translator = QTranslator(app)
    if not translator.load(str(I18N / f"{name}_{lang}.qm")):
        log.warning("no translation for %s; showing Chinese", lang)
        return None
    app.installTranslator(translator)
    return translator


def window_size(parser: argparse.ArgumentParser, text: str | None, example: str) -> tuple[int, int] | None:
    """The --windowed WIDTHxHEIGHT, or None for full screen; a bad value is a usage error."""
    if not text:
        return None
    try:
        w, h = (int(x) for x in text.lower().split("x"))
        if w < 320 or h < 200:
            raise ValueError
    except ValueError:
        parser.error(f"--windowed wants WIDTHxHEIGHT, e.g. {example}")
    return w, h


def run_window(app: QGuiApplication, window: QQuickWindow, size: tuple[int, int] | None) -> int:
    """Show the window (full screen unless a size is given) and run until quit, Ctrl-C or SIGTERM."""
    if size:
        window.resize(*size)
        window.show()
    else:
        window.showFullScreen()
    signal.signal(signal.SIGINT, lambda *_: app.quit())
    signal.signal(signal.SIGTERM, lambda *_: app.quit())
    # Python only sees a signal when it runs: a quiet timer wakes the interpreter now and then.
    wake = QTimer(interval=500)
    wake.timeout.connect(_noop)
    wake.start()
    return app.exec()


def _noop() -> None:
    pass


def load_qml(owner: QObject, qml: pathlib.Path, name: str, state: QObject) -> tuple[QQmlApplicationEngine, QQuickWindow]:
    """Load an app's QML with its state object as the context property `name`; its window."""
    engine = QQmlApplicationEngine(owner)
    engine.rootContext().setContextProperty(name, state)
    engine.load(QUrl.fromLocalFile(str(qml)))
    roots = engine.rootObjects()
    if not roots:
        raise RuntimeError(f"could not load {qml}")
    return engine, roots[0]


def drop_window(engine: QQmlApplicationEngine, window: QQuickWindow) -> None:
    """Close and delete an app's window and engine now.

    The QML goes before the state it binds to, or its bindings read a deleted object.
    """
    window.close()
    window.deleteLater()
    engine.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def staff_arguments(prog: str, description: str, demo_server: str) -> argparse.ArgumentParser:
    """The options the window terminal and the manager console share; the caller adds its own."""
    p = argparse.ArgumentParser(prog=prog, description=description)
    p.add_argument("--server", help="hall server URL, e.g. http://10.0.0.5:8000")
    p.add_argument("--demo", action="store_true", help=f"use the demo hall server at {demo_server}")
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.add_argument("--windowed", metavar="WxH", help="a window of this size instead of full screen")
    p.add_argument("--log-level", default="INFO")
    return p


def make_app(name: str, translation: str, lang: str, log_level: str, font: str = "Noto Sans CJK SC") -> QGuiApplication:
    """The Qt application of one of the hall's apps: logging, name, the CJK font, the translation."""
    logging.basicConfig(level=log_level.upper(), stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = QGuiApplication(sys.argv[:1])
    app.setApplicationName(name)
    app.setFont(QFont(font, 16))
    install_translator(app, translation, lang)
    return app
