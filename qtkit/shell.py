"""What a Qt Quick app does when it starts and runs: its translation, the --windowed size, its
QML window, and a main loop that Ctrl-C and SIGTERM can end."""
from __future__ import annotations

import argparse
import logging
import pathlib
import signal
import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, QTranslator, QUrl
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickWindow

log = logging.getLogger(__name__)

#: Python sees a signal only when the interpreter runs: a quiet timer wakes it this often.
SIGNAL_WAKE_MS = 500
MIN_WINDOW = (320, 200)


def install_translator(app: QCoreApplication, qm: pathlib.Path) -> QTranslator | None:
    """Load and install the compiled translation `qm`; None (and a warning) when it cannot be loaded."""
    translator = QTranslator(app)
    if not translator.load(str(qm)):
        log.warning("no translation %s; showing the source language", qm.name)
        return None
    app.installTranslator(translator)
    return translator


def window_size(parser: argparse.ArgumentParser, text: str | None, example: str) -> tuple[int, int] | None:
    """The --windowed WIDTHxHEIGHT, or None for full screen; a bad value is a usage error."""
    if not text:
        return None
    try:
        w, h = (int(x) for x in text.lower().split("x"))
        if w < MIN_WINDOW[0] or h < MIN_WINDOW[1]:
            raise ValueError
    except ValueError:
        parser.error(f"--windowed wants WIDTHxHEIGHT, e.g. {example}")
    return w, h


def make_app(name: str, log_level: str, font: str, translation: pathlib.Path | None = None) -> QGuiApplication:
    """The Qt application: logging to stderr at `log_level`, its name, its font and its translation."""
    logging.basicConfig(level=log_level.upper(), stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = QGuiApplication(sys.argv[:1])
    app.setApplicationName(name)
    app.setFont(QFont(font, 16))
    if translation is not None:
        install_translator(app, translation)
    return app


def load_qml(owner: QObject, qml: pathlib.Path, name: str,
             state: QObject) -> tuple[QQmlApplicationEngine, QQuickWindow]:
    """Load an app's QML with its state object as the context property `name`; its window.

    Raises:
        RuntimeError: the QML did not load (its errors are in Qt's log).
    """
    engine = QQmlApplicationEngine(owner)
    engine.rootContext().setContextProperty(name, state)
    engine.load(QUrl.fromLocalFile(str(qml)))
    roots = engine.rootObjects()
    if not roots:
        raise RuntimeError(f"could not load {qml}")
    if not isinstance(roots[0], QQuickWindow):
        raise RuntimeError(f"{qml} does not have a Window at its root")
    return engine, roots[0]


def drop_window(engine: QQmlApplicationEngine, window: QQuickWindow) -> None:
    """Close and delete a window and its engine now.

    The QML goes before the state it binds to, or its bindings read a deleted object.
    """
    window.close()
    window.deleteLater()
    engine.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


class QuitOnSignals:
    """While entered, SIGINT and SIGTERM quit `app`'s main loop; the handlers before are put back on exit."""

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self, app: QCoreApplication):
        self._app = app
        self._before: dict[int, Callable[[int, FrameType | None], Any] | int | None] = {}  # as signal.signal gives
        self._wake = QTimer(interval=SIGNAL_WAKE_MS)
        self._wake.timeout.connect(_noop)

    def __enter__(self) -> QuitOnSignals:
        for sig in self.SIGNALS:
            self._before[sig] = signal.signal(sig, self._on_signal)
        self._wake.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._wake.stop()
        for sig, handler in self._before.items():
            signal.signal(sig, handler)
        self._before.clear()

    def _on_signal(self, signum: int, _frame: object) -> None:
        log.info("%s: quitting", signal.Signals(signum).name)
        # Not inside the handler: the loop quits once the interpreter is back in Qt's hands.
        QTimer.singleShot(0, self._app.quit)


def run_window(app: QCoreApplication, window: QQuickWindow, size: tuple[int, int] | None) -> int:
    """Show the window (full screen unless a size is given) and run until quit, Ctrl-C or SIGTERM."""
    if size:
        window.resize(*size)
        window.show()
    else:
        window.showFullScreen()
    with QuitOnSignals(app):
        return app.exec()


def _noop() -> None:
    pass
