"""Work run off the GUI thread, its outcome handed back on it: a job, then `success` or `failure`.

    workers = Workers(parent=self)                      # a few threads kept for the owner's life
    Background(workers, fetch).success(show).failure(complain).current(still_wanted).run()

The job runs on one of the workers' threads and must not touch any Qt object of the GUI (Anki's
QueryOp: "be careful not to call any UI routines in `op`"). Its result goes to `success`, an
exception it raised to `failure`, both on the thread the `Workers` object lives in (the GUI
thread), through a queued signal (calibre's Dispatcher). A `current` check, asked on the GUI
thread when the outcome arrives, drops it when it is no longer wanted (the screen it was for has
gone): then neither callback runs.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)

T = TypeVar("T")


class Workers(QObject):
    """A few threads for background jobs, and the way their outcomes come back to this object's thread.

    Threads are kept for the owner's life, not started per job: a process that runs for weeks would
    otherwise make and drop thousands of thread stacks a day.

    Args:
        threads: how many jobs run at once; more wait their turn.
        name: the threads' name prefix (for a stack dump).
    """

    #: Emitted on the worker thread when a job ends (op, succeeded, result or exception); heard here.
    outcome = Signal(object, bool, object)

    def __init__(self, threads: int = 2, name: str = "work", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix=name)
        self._closed = False
        self.outcome.connect(self._deliver)

    def shutdown(self) -> None:
        """No new jobs, jobs not yet started dropped, and no callback of any job runs from now on."""
        self._closed = True
        self._pool.shutdown(wait=False, cancel_futures=True)

    @property
    def closed(self) -> bool:
        return self._closed

    def _submit(self, op: Background[Any]) -> None:
        if self._closed:
            return
        try:
            self._pool.submit(self._run, op)
        except RuntimeError:  # shut down meanwhile by the GUI thread
            pass

    def _run(self, op: Background[Any]) -> None:
        try:
            outcome: tuple[bool, Any] = (True, op.job())
        except Exception as exc:  # noqa: BLE001 - handed to the op's failure callback
            outcome = (False, exc)
        try:
            self.outcome.emit(op, *outcome)
        except RuntimeError:  # the Workers object itself is gone: nobody is left to tell
            pass

    def _deliver(self, op: Background[Any], succeeded: bool, result: Any) -> None:
        if not self._closed:
            op._finish(succeeded, result)


def _log_failure(exc: Exception) -> None:
    log.error("background job failed: %s", type(exc).__name__, exc_info=exc)


class Background(Generic[T]):
    """One job for `Workers`, configured by chaining, started by `run()`.

    Args:
        workers: whose threads run the job and whose thread hears the outcome.
        job: called with no arguments on a worker thread; returns the result or raises.
    """

    def __init__(self, workers: Workers, job: Callable[[], T]) -> None:
        self.workers = workers
        self.job = job
        self._success: Callable[[T], None] = _ignore
        self._failure: Callable[[Exception], None] = _log_failure
        self._current: Callable[[], bool] = _always

    def success(self, callback: Callable[[T], None]) -> Background[T]:
        """Call `callback(result)` on the GUI thread when the job returns."""
        self._success = callback
        return self

    def failure(self, callback: Callable[[Exception], None]) -> Background[T]:
        """Call `callback(exception)` on the GUI thread when the job raises (by default it is logged)."""
        self._failure = callback
        return self

    def current(self, check: Callable[[], bool]) -> Background[T]:
        """Ask `check()` on the GUI thread when the outcome arrives; when False, drop it unheard."""
        self._current = check
        return self

    def run(self) -> Background[T]:
        """Queue the job on the workers' threads (dropped when they are shut down); returns the op."""
        self.workers._submit(self)
        return self

    def _finish(self, succeeded: bool, result: Any) -> None:
        if not self._current():
            return
        if succeeded:
            self._success(result)
        else:
            self._failure(result)


def _ignore(_: Any) -> None:
    pass


def _always() -> bool:
    return True
