"""Fixtures: a device host with every device simulated, on a free loopback port, and a client."""
from __future__ import annotations

import pathlib
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from devices.client import DeviceClient
from devices.host import DeviceHost


def sim_config(tmp_path: pathlib.Path, **host: Any) -> dict[str, Any]:
    """Every device simulated; short intervals so health follows the devices quickly."""
    return {
        "idcard": "sim://",
        "receipt": "sim://",
        "certificate": f"pdfdir://{tmp_path / 'certificates'}",
        "scanner": "sim://",
        "window_led": {"01": "sim://", "02": "sim://"},
        "host": {"status_interval": 0.3, "card_poll_interval": 0.1, **host},
    }


def wait_for(check: Callable[[], Any], timeout: float = 5.0, step: float = 0.02) -> Any:
    """Poll check() until it returns something true; fail the test after timeout."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        time.sleep(step)


def events_until(client: DeviceClient, match: Callable[[dict], bool], timeout: float) -> list[dict]:
    """Collect events until one matches (it is the last one) or timeout passes."""
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        event = client.next_event(timeout=max(0.0, deadline - time.monotonic()))
        if event is None:
            break
        seen.append(event)
        if match(event):
            return seen
    raise AssertionError(f"no matching event within {timeout} s; got {[e['event'] for e in seen]}")


def drain(client: DeviceClient, seconds: float) -> list[dict]:
    """Every event that arrives within the next `seconds`."""
    return list(client.events(timeout=seconds))


@pytest.fixture
def host(tmp_path: pathlib.Path) -> Iterator[DeviceHost]:
    device_host = DeviceHost(sim_config(tmp_path), listen="127.0.0.1:0").start()
    health = device_host.wait_ready()
    assert {name: d["state"] for name, d in health["devices"].items()} == {
        "idcard": "ok", "receipt": "ok", "certificate": "ok", "scanner": "ok",
        "window_led.01": "ok", "window_led.02": "ok",
    }
    yield device_host
    device_host.stop()


@pytest.fixture
def client(host: DeviceHost) -> Iterator[DeviceClient]:
    with DeviceClient(host.api_url, timeout=15) as device_client:
        device_client.subscribe()
        yield device_client


@pytest.fixture
def hs() -> Any:
    """The helpers above, for test modules (conftest modules are not importable by name here)."""
    import types

    return types.SimpleNamespace(wait_for=wait_for, events_until=events_until, drain=drain, sim_config=sim_config)
