"""Shared fixtures: a real hall server on loopback with a clock the test controls."""
from __future__ import annotations

import logging
import pathlib
from collections.abc import Iterator

import pytest

from hallsupport import ADMIN_PIN, KIOSK_TOKEN, SAMPLE_HALL, FakeClock, HallClient, RunningServer


SERVER_LOGGERS = ("hall_server", "uvicorn.error", "uvicorn.asgi", "fastapi")


class _ServerErrors(logging.Handler):
    """Keeps every ERROR the hall server logs while a test runs."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.startswith(SERVER_LOGGERS):
            self.records.append(record)


@pytest.fixture(autouse=True)
def no_server_errors(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail a test in which the hall server logged an ERROR (an unexpected exception in a request, a
    worker, the writer) unless the test says it provokes one (`@pytest.mark.server_errors`)."""
    handler = _ServerErrors()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield
    finally:
        root.removeHandler(handler)
    if handler.records and request.node.get_closest_marker("server_errors") is None:
        lines = [f"{r.name}: {r.getMessage()}" + (f" ({r.exc_info[0].__name__})" if r.exc_info else "")
                 for r in handler.records]
        pytest.fail("the hall server logged errors:\n" + "\n".join(lines), pytrace=False)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def server(tmp_path: pathlib.Path, clock: FakeClock) -> Iterator[RunningServer]:
    srv = RunningServer(tmp_path / "hall.db", SAMPLE_HALL, clock, poll_interval=0.2, tick_interval=0.5)
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture
def kiosk(server: RunningServer) -> HallClient:
    return server.client(KIOSK_TOKEN)


@pytest.fixture
def admin(server: RunningServer) -> HallClient:
    return server.login("admin", ADMIN_PIN)
