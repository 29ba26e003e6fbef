"""What a Qt Quick app does when it starts and runs: its translation, the --windowed size, its
QML window, a crash file, and a main loop that Ctrl-C and SIGTERM end at once and that tells
systemd it is ready and alive (servicekit.notify)."""
from __future__ import annotations

import argparse
import logging
import pathlib
import signal
import socket
import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSocketNotifier, QTimer, QTranslator, QUrl
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickWindow

from servicekit import crash, notify

log = logging.getLogger(__name__)

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
    crash.enable_crash_file(name)
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
    """While entered, SIGINT and SIGTERM quit `app`'s main loop at once; the handlers before are put back on exit.

    Python runs a signal handler only when the interpreter gets control, which a Qt loop waiting
    in C++ never gives it. So the signal's number is also written to a socket (signal.set_wakeup_fd)
    that a QSocketNotifier watches: the loop wakes at once, and the handler runs in that slot.
    """

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self, app: QCoreApplication):
        self._app = app
        self._before: dict[int, Callable[[int, FrameType | None], Any] | int | None] = {}  # as signal.signal gives
        self._wakeup_before = -1
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read)
        self._notifier.setEnabled(False)
        self._notifier.activated.connect(self._drain)

    def __enter__(self) -> QuitOnSignals:
        self._wakeup_before = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        for sig in self.SIGNALS:
            self._before[sig] = signal.signal(sig, self._on_signal)
        self._notifier.setEnabled(True)
        return self

    def __exit__(self, *_exc: object) -> None:
        self._notifier.setEnabled(False)
        for sig, handler in self._before.items():
            signal.signal(sig, handler)
        self._before.clear()
        signal.set_wakeup_fd(self._wakeup_before)
        self._reader.close()
        self._writer.close()

    def _drain(self) -> None:
        """The loop woke for a signal: read its bytes (Python's handler runs as this slot returns)."""
        try:
            while self._reader.recv(64):
                pass
        except (BlockingIOError, InterruptedError):
            pass

    def _on_signal(self, signum: int, _frame: object) -> None:
        log.info("%s: quitting", signal.Signals(signum).name)
        notify.notify(notify.STOPPING)
        # Not inside the handler: the loop quits once the interpreter is back in Qt's hands.
        QTimer.singleShot(0, self._app.quit)


class ServiceWatchdog:
    """While entered, the main loop tells systemd it is ready once it runs, then feeds the
    watchdog from a timer at half of $WATCHDOG_USEC: a loop that hangs stops feeding, and
    systemd restarts the app. Outside systemd it does nothing."""

    def __init__(self) -> None:
        interval = notify.watchdog_interval()
        self._feed = QTimer(interval=max(1, round(interval * 1000))) if interval else None
        if self._feed is not None:
            self._feed.timeout.connect(self._on_feed)

    def __enter__(self) -> ServiceWatchdog:
        QTimer.singleShot(0, self._on_ready)
        if self._feed is not None:
            self._feed.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._feed is not None:
            self._feed.stop()

    def _on_ready(self) -> None:
        notify.notify(notify.READY, notify.WATCHDOG)

    def _on_feed(self) -> None:
        notify.notify(notify.WATCHDOG)


def run_window(app: QCoreApplication, window: QQuickWindow, size: tuple[int, int] | None) -> int:
    """Show the window (full screen unless a size is given) and run until quit, Ctrl-C or SIGTERM."""
    if size:
        window.resize(*size)
        window.show()
    else:
        window.showFullScreen()
    with QuitOnSignals(app), ServiceWatchdog():
        return app.exec()
