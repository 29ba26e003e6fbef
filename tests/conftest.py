"""Shared fixtures: a real hall server on loopback with a clock the test controls."""
from __future__ import annotations

import pathlib
from collections.abc import Iterator

import pytest

from hallsupport import ADMIN_PIN, KIOSK_TOKEN, SAMPLE_HALL, FakeClock, HallClient, RunningServer


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
