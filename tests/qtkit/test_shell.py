"""The app shell: --windowed sizes, translations, a main loop that SIGTERM and Ctrl-C end at once,
and that tells systemd it is ready and feeds its watchdog."""
from __future__ import annotations

import argparse
import os
import pathlib
import signal
import subprocess
import sys
import threading

import pytest
from PySide6.QtCore import QCoreApplication, QTimer
from notifysupport import NotifySocket
from PySide6.QtQuick import QQuickWindow

from qtkit import shell

ROOT = pathlib.Path(__file__).resolve().parents[2]
I18N = ROOT / "assets" / "i18n"


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


def test_sigterm_wakes_a_waiting_loop_through_the_wakeup_fd(qapp) -> None:
    """No timer wakes the loop: the signal's byte on the wake-up socket does, and it ends at once."""
    window = QQuickWindow()
    sent = threading.Event()
    stuck = []

    def give_up() -> None:
        stuck.append(True)
        qapp.exit(99)

    guard = QTimer(singleShot=True, interval=120_000)
    guard.timeout.connect(give_up)
    guard.start()
    # From another thread, while the loop waits in C++ with nothing else due.
    killer = threading.Thread(target=lambda: (sent.wait(), os.kill(os.getpid(), signal.SIGTERM)))
    killer.start()
    QTimer.singleShot(0, sent.set)
    wakeup_before = signal.set_wakeup_fd(-1)
    signal.set_wakeup_fd(wakeup_before)
    try:
        code = shell.run_window(qapp, window, (400, 300))
    finally:
        guard.stop()
        killer.join(60)
        window.close()
    assert not stuck and code == 0
    assert signal.set_wakeup_fd(wakeup_before) == wakeup_before, "the wake-up fd before is put back"


@pytest.mark.slow
def test_the_loop_feeds_the_watchdog_until_it_is_blocked(qapp, tmp_path, monkeypatch) -> None:
    sock = NotifySocket(tmp_path / "notify")
    monkeypatch.setenv("NOTIFY_SOCKET", sock.address)
    monkeypatch.setenv("WATCHDOG_USEC", "100000")  # a feed every 50 ms
    monkeypatch.delenv("WATCHDOG_PID", raising=False)
    window = QQuickWindow()
    seen: dict[str, object] = {}
    blocked = threading.Event()
    release = threading.Event()

    def watch() -> None:  # on a thread of its own: the Qt loop is the one being watched
        try:
            seen["ready"] = sock.wait_for("READY=1")
            for _ in range(3):
                sock.wait_for("WATCHDOG=1")
            QTimer.singleShot(0, qapp, block)
            assert blocked.wait(120)
            sock.drain()
            seen["while_blocked"] = sock.next(0.5)  # ten intervals
            release.set()
            sock.wait_for("WATCHDOG=1")
            seen["fed_again"] = True
        finally:
            release.set()
            QTimer.singleShot(0, qapp, qapp.quit)

    def block() -> None:
        blocked.set()
        release.wait(120)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        code = shell.run_window(qapp, window, (400, 300))
    finally:
        watcher.join(120)
        window.close()
        sock.close()
    assert code == 0
    assert seen.get("ready") and seen.get("fed_again")
    assert seen["while_blocked"] is None


@pytest.mark.slow
def test_an_app_tells_systemd_it_is_ready_and_ends_cleanly_on_sigterm(tmp_path) -> None:
    """A real app (the hall display, its server away) under a notify socket and a watchdog."""
    sock = NotifySocket(tmp_path / "notify")
    env = sock.env(watchdog_usec=2_000_000) | {"QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
                                                 "HALL_LOG_DIR": str(tmp_path / "log")}
    app = subprocess.Popen([sys.executable, "-m", "queue_display.display", "--server", "http://127.0.0.1:9",
                            "--token", "t", "--windowed", "800x600"], cwd=ROOT, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        sock.wait_for("READY=1")
        sock.wait_for("WATCHDOG=1")
        app.send_signal(signal.SIGTERM)
        out, _ = app.communicate(timeout=120)
        after = sock.drain()  # the app has ended: all it sent is waiting
    finally:
        if app.poll() is None:
            app.kill()
            app.communicate()
        sock.close()
    assert app.returncode == 0, out
    assert "SIGTERM: quitting" in out
    assert "STOPPING=1" in after
    assert list((tmp_path / "log").glob("*-crash-*")) == [], "a clean end leaves no crash file"
