"""The systemd notify protocol over a real datagram socket: path and abstract addresses, the
watchdog interval, and a watchdog fed from an asyncio loop that stops when the loop is blocked."""
from __future__ import annotations

import asyncio
import threading

import pytest
from notifysupport import NotifySocket

from servicekit import notify


@pytest.fixture
def sock(tmp_path):
    s = NotifySocket(tmp_path / "notify")
    yield s
    s.close()


def test_messages_reach_a_path_socket(sock, monkeypatch) -> None:
    monkeypatch.setenv("NOTIFY_SOCKET", sock.address)
    assert notify.notify(notify.READY, "STATUS=就绪 ready")
    assert sock.next(60) == "READY=1\nSTATUS=就绪 ready"
    assert notify.status("大厅服务器无法连接\n hall server unreachable")
    assert sock.next(60) == "STATUS=大厅服务器无法连接 hall server unreachable"


def test_messages_reach_an_abstract_socket(monkeypatch, tmp_path) -> None:
    sock = NotifySocket(abstract=f"hall-test-{tmp_path.name}")
    try:
        monkeypatch.setenv("NOTIFY_SOCKET", sock.address)
        assert notify.notify(notify.WATCHDOG)
        assert sock.next(60) == "WATCHDOG=1"
    finally:
        sock.close()


def test_outside_systemd_nothing_is_sent(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    assert not notify.notify(notify.READY)
    monkeypatch.setenv("NOTIFY_SOCKET", "relative/path")
    assert not notify.notify(notify.READY)


def test_a_manager_gone_is_a_warning_not_an_error(monkeypatch, tmp_path, caplog) -> None:
    monkeypatch.setenv("NOTIFY_SOCKET", str(tmp_path / "nobody"))
    assert not notify.notify(notify.READY)
    assert "could not notify" in caplog.text


def test_the_watchdog_interval(monkeypatch) -> None:
    monkeypatch.delenv("WATCHDOG_PID", raising=False)
    monkeypatch.delenv("WATCHDOG_USEC", raising=False)
    assert notify.watchdog_interval() is None
    monkeypatch.setenv("WATCHDOG_USEC", "30000000")
    assert notify.watchdog_interval() == 15.0
    for bad in ("0", "-5", "soon", ""):
        monkeypatch.setenv("WATCHDOG_USEC", bad)
        assert notify.watchdog_interval() is None
    monkeypatch.setenv("WATCHDOG_USEC", "30000000")
    monkeypatch.setenv("WATCHDOG_PID", "1")  # another process's watchdog: not ours to feed
    assert notify.watchdog_interval() is None


@pytest.mark.slow
def test_an_asyncio_loop_feeds_the_watchdog_until_it_is_blocked(sock, monkeypatch) -> None:
    monkeypatch.setenv("NOTIFY_SOCKET", sock.address)
    monkeypatch.setenv("WATCHDOG_USEC", "100000")  # a feed every 50 ms
    monkeypatch.delenv("WATCHDOG_PID", raising=False)
    loop = asyncio.new_event_loop()
    started = threading.Event()
    release = threading.Event()

    def block() -> None:
        started.set()
        release.wait()

    def run() -> None:
        asyncio.set_event_loop(loop)
        loop.run_forever()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        loop.call_soon_threadsafe(notify.start_watchdog, loop)
        for _ in range(3):
            sock.wait_for(notify.WATCHDOG)
        loop.call_soon_threadsafe(block)
        assert started.wait(120)
        sock.drain()  # sent before the loop was blocked
        # Ten intervals without a feed: a blocked loop feeds nothing, however long one waits.
        assert sock.next(0.5) is None
        release.set()
        sock.wait_for(notify.WATCHDOG)
    finally:
        release.set()
        for task in asyncio.all_tasks(loop):
            loop.call_soon_threadsafe(task.cancel)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(60)
        loop.close()
