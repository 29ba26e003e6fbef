"""The app shell: --windowed sizes, translations, and a main loop that SIGTERM and Ctrl-C end."""
from __future__ import annotations

import argparse
import os
import pathlib
import signal

import pytest
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtQuick import QQuickWindow

from qtkit import shell

I18N = pathlib.Path(__file__).resolve().parents[2] / "assets" / "i18n"


def test_window_size() -> None:
    parser = argparse.ArgumentParser()
    assert shell.window_size(parser, None, "1600x1000") is None
    assert shell.window_size(parser, "1600X1000", "1600x1000") == (1600, 1000)
    for bad in ("1600", "axb", "100x100", "1600x1000x2"):
        with pytest.raises(SystemExit):
            shell.window_size(parser, bad, "1600x1000")


def test_a_translation_is_installed_or_said_missing(qapp) -> None:
    translator = shell.install_translator(qapp, I18N / "console_en.qm")
    try:
        assert translator is not None and not translator.isEmpty()
    finally:
        QCoreApplication.removeTranslator(translator)
    assert shell.install_translator(qapp, I18N / "console_xx.qm") is None


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_ends_the_main_loop_and_the_old_handlers_come_back(qapp, sig) -> None:
    before = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    window = QQuickWindow()
    stuck = []

    def give_up() -> None:  # only if the signal was not heard: the test fails rather than hangs
        stuck.append(True)
        qapp.exit(99)

    guard = QTimer(singleShot=True, interval=120_000)
    guard.timeout.connect(give_up)
    guard.start()
    QTimer.singleShot(0, lambda: os.kill(os.getpid(), sig))
    try:
        code = shell.run_window(qapp, window, (400, 300))
    finally:
        guard.stop()
        window.close()
    assert not stuck and code == 0
    assert (window.width(), window.height()) == (400, 300)
    assert {s: signal.getsignal(s) for s in before} == before
