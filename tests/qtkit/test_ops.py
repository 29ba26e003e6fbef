"""qtkit.ops: jobs on real worker threads, their outcomes heard on the GUI thread through a real Qt
event loop, and dropped when no longer current or when the workers are shut down."""
from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QObject, Signal

from qtkit.ops import Background, Workers

WAIT_MS = 30_000  # a loaded machine: generous, never a timed assertion


class Heard(QObject):
    """What the callbacks heard, and on which thread; `said` tells the test."""

    said = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[str, object, int]] = []

    def success(self, result: object) -> None:
        self.calls.append(("success", result, threading.get_ident()))
        self.said.emit()

    def failure(self, exc: Exception) -> None:
        self.calls.append(("failure", exc, threading.get_ident()))
        self.said.emit()


@pytest.fixture
def workers(qapp):
    w = Workers(threads=2, name="test-ops")
    yield w
    w.shutdown()
    w.deleteLater()


def test_the_job_runs_off_the_gui_thread_and_success_is_heard_on_it(qtbot, workers):
    heard, ran_on = Heard(), []

    def job() -> int:
        ran_on.append(threading.get_ident())
        return 42

    with qtbot.waitSignal(heard.said, timeout=WAIT_MS):
        Background(workers, job).success(heard.success).failure(heard.failure).run()
    gui = threading.get_ident()
    assert ran_on and ran_on[0] != gui
    assert heard.calls == [("success", 42, gui)]


def test_an_exception_goes_to_failure_on_the_gui_thread_and_success_is_not_called(qtbot, workers):
    heard = Heard()

    def job() -> None:
        raise KeyError("gone")

    with qtbot.waitSignal(heard.said, timeout=WAIT_MS):
        Background(workers, job).success(heard.success).failure(heard.failure).run()
    [(kind, exc, thread)] = heard.calls
    assert kind == "failure" and isinstance(exc, KeyError) and thread == threading.get_ident()


def test_an_outcome_no_longer_current_is_dropped_and_one_still_current_is_heard(qtbot, qapp):
    workers = Workers(threads=1, name="test-ops-one")  # one thread: outcomes arrive in the order queued
    try:
        heard, release, session = Heard(), threading.Event(), [1]
        asked: list[int] = []

        def still(expected: int) -> bool:
            asked.append(expected)
            return session[0] == expected

        def slow() -> str:
            release.wait(WAIT_MS / 1000)
            return "old session's"

        Background(workers, slow).success(heard.success).failure(heard.failure).current(lambda: still(1)).run()
        session[0] = 2  # the session ended while the job ran
        with qtbot.waitSignal(heard.said, timeout=WAIT_MS):
            Background(workers, lambda: "new session's").success(heard.success).current(lambda: still(2)).run()
            release.set()
        assert asked == [1, 2]  # the check is made when the outcome arrives, not when the job starts
        assert [c[:2] for c in heard.calls] == [("success", "new session's")]
    finally:
        workers.shutdown()
        workers.deleteLater()


def test_nothing_is_heard_after_shutdown(qtbot, workers):
    heard, release = Heard(), threading.Event()

    def slow() -> str:
        release.wait(WAIT_MS / 1000)
        return "late"

    Background(workers, slow).success(heard.success).failure(heard.failure).run()
    queued = Background(workers, lambda: "never started").success(heard.success)
    workers.shutdown()
    queued.run()  # refused quietly once shut down
    with qtbot.waitSignal(workers.outcome, timeout=WAIT_MS):  # the running job's outcome still arrives…
        release.set()
    assert heard.calls == []  # …and nobody hears it
    assert workers.closed


def test_parallel_jobs_are_each_heard_once(qtbot, workers):
    heard = Heard()
    count = 40
    for n in range(count):
        Background(workers, lambda n=n: n * n).success(heard.success).failure(heard.failure).run()
    qtbot.waitUntil(lambda: len(heard.calls) >= count, timeout=WAIT_MS)
    assert sorted(c[1] for c in heard.calls) == [n * n for n in range(count)]
    assert {c[0] for c in heard.calls} == {"success"}


def test_a_failure_without_a_callback_is_logged_not_raised(qtbot, workers, caplog):
    def job() -> None:
        raise ValueError("broken")

    with qtbot.waitSignal(workers.outcome, timeout=WAIT_MS):
        Background(workers, job).run()
    qtbot.waitUntil(lambda: any(r.name == "qtkit.ops" for r in caplog.records), timeout=WAIT_MS)
    record = next(r for r in caplog.records if r.name == "qtkit.ops")
    assert "ValueError" in record.getMessage()
