"""A new device type is one driver and one registration: here a window screen of a made-up
"ticker" protocol, written and registered in this test only. The host's configuration accepts
its URL, the host opens it and drives its bytes, diag lists it; nothing else is edited. Its bad
URLs are refused naming the device and the problem, and nothing is opened."""
from __future__ import annotations

import io
import json
import re
import socket
import threading
from collections.abc import Iterator, Sequence
from typing import cast

import pytest
from pydantic import field_validator

from devices import diag
from devices.client import DeviceClient
from devices.config import ConfigError, config_from_dict
from devices.host import DeviceHost
from drivers import registry
from drivers.led import Colour, LedScreenUnavailable, WindowScreen
from drivers.registry import DeviceAddress, Parameters


# --- the driver: a whole device type in some twenty lines ---------------------------------------
class TickerParameters(Parameters):
    """ticker+tcp://host:port?station=N: the screen's station number on a shared line, 1-99."""

    station: int = 1

    @field_validator("station")
    @classmethod
    def _station(cls, value: int) -> int:
        if not 1 <= value <= 99:
            raise ValueError("station must be 1-99")
        return value


class TickerScreen(WindowScreen):
    """Sends `S<station>|<colour>|line|line\\n` in UTF-8 over TCP, one connection per frame."""

    columns, rows = 20, 2

    def __init__(self, address: DeviceAddress) -> None:
        self.host, self.port = address.host, address.port
        self.station = cast(TickerParameters, address.parameters).station  # the registry parsed it with this model

    def _send(self, text: str) -> None:
        try:
            with socket.create_connection((self.host, self.port), timeout=2) as link:
                link.sendall(text.encode("utf-8"))
        except OSError as exc:
            raise LedScreenUnavailable(f"ticker at {self.host}:{self.port}: {exc}") from exc

    def show(self, lines: Sequence[str], colour: Colour = Colour.RED) -> list[str]:
        shown = [line[: self.columns] for line in lines[: self.rows]]
        self._send("|".join([f"S{self.station:02d}", colour.value, *shown]) + "\n")
        return shown

    def clear(self) -> None:
        self._send(f"S{self.station:02d}|clear\n")

    def test_pattern(self) -> list[str]:
        return self.show(["8" * self.columns] * self.rows)


# --- a loopback ticker that records the frames it receives ------------------------------------
class TickerWire:
    """A TCP listener on loopback: every line received, and an event per line."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.frames: list[str] = []
        self.connections = 0
        self.changed = threading.Condition()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return  # closed
            with conn:
                data = b""
                while chunk := conn.recv(4096):
                    data += chunk
            with self.changed:
                self.connections += 1
                self.frames.extend(data.decode("utf-8").splitlines())
                self.changed.notify_all()

    def wait_for(self, frame: str, timeout: float = 10.0) -> None:
        with self.changed:
            assert self.changed.wait_for(lambda: frame in self.frames, timeout), self.frames

    def close(self) -> None:
        self.server.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept(); close() alone does not
        self.server.close()
        self._thread.join(timeout=5)


@pytest.fixture
def ticker_registered() -> Iterator[registry.Driver]:
    driver = registry.register("ticker+tcp", "window_led", TickerScreen, TickerParameters,
                               target=registry.HOST_PORT, example="ticker+tcp://10.1.2.3:7070?station=1")
    yield driver
    registry.unregister("ticker+tcp", "window_led")


@pytest.fixture
def wire() -> Iterator[TickerWire]:
    ticker = TickerWire()
    yield ticker
    ticker.close()


def test_a_registered_device_type_is_configured_opened_driven_and_listed(ticker_registered, wire) -> None:
    url = f"ticker+tcp://127.0.0.1:{wire.port}?station=7"
    config = config_from_dict({"window_led": {"07": url, "01": "sim://"}, "host": {"status_interval": 0.3}})
    assert config.devices()["window_led.07"] == ("window_led", url)
    assert config.addresses()["window_led.07"].driver is ticker_registered

    with DeviceHost(config, listen="127.0.0.1:0") as host:
        health = host.wait_ready()
        assert health["devices"]["window_led.07"]["state"] == "ok", health
        assert health["devices"]["window_led.07"]["url"] == url
        with DeviceClient(host.api_url, timeout=15) as client:
            shown = client.call("show_on_led", window="07", lines=["A001", "请到7号窗口"], colour="green")
            assert shown == {"window": "07", "shown": ["A001", "请到7号窗口"]}
            wire.wait_for("S07|green|A001|请到7号窗口")

            report = diag.run_diagnosis(client, self_test=True, wait=5, only=["window_led.07"])
        assert report["passed"] is True
        [listed] = report["devices"]
        assert (listed["name"], listed["role"], listed["state"]) == ("window_led.07", "window_led", "ok")
        assert listed["self_test"]["passed"] is True
        wire.wait_for("S07|red|" + "|".join(["8" * 20] * 2))

        out = io.StringIO()
        assert diag.main(["--url", host.api_url, "--lang", "both"], out=out) == 0
        assert "窗口屏 07 / window LED screen 07" in out.getvalue()
        out = io.StringIO()
        diag.main(["--url", host.api_url, "--json"], out=out)
        assert "window_led.07" in {d["name"] for d in json.loads(out.getvalue())["devices"]}


@pytest.mark.parametrize("query, words", [
    ("127.0.0.1:0?station=7", "bad port 0"),
    ("127.0.0.1:70000?station=7", "bad port '70000'"),
    ("127.0.0.1:port?station=7", "bad port 'port'"),
    ("127.0.0.1?station=7", "missing port"),
    ("127.0.0.1:{port}?station=7&volume=3", "unknown parameter 'volume' for ticker+tcp:// (known: station)"),
    ("127.0.0.1:{port}?station=100", "parameter station: station must be 1-99"),
    ("127.0.0.1:{port}?station=seven", "parameter station='seven' is not a whole number"),
    ("127.0.0.1:{port}/screen?station=7", "takes host:port, not a path"),
    ("?station=7", "missing host"),
])
def test_bad_urls_of_the_new_type_name_the_device_and_open_nothing(ticker_registered, wire, query, words) -> None:
    url = "ticker+tcp://" + query.format(port=wire.port)
    config = {"window_led": {"01": "sim://", "07": url}, "host": {"listen": ""}}
    with pytest.raises(ConfigError) as refused:
        config_from_dict(config)
    assert f"window_led.07: {url}: " in str(refused.value)
    assert words in str(refused.value)
    assert all(line.startswith("window_led.07: ") for line in refused.value.problems)
    with pytest.raises(ConfigError, match=re.escape(words)):
        DeviceHost(config)
    assert wire.connections == 0


def test_several_problems_of_one_url_at_once(ticker_registered) -> None:
    with pytest.raises(ConfigError) as refused:
        config_from_dict({"window_led": {"07": "ticker+tcp://127.0.0.1:0?station=0&volume=3"}})
    problems = refused.value.problems
    assert len(problems) == 3, problems
    assert any("bad port 0" in p for p in problems)
    assert any("station must be 1-99" in p for p in problems)
    assert any("unknown parameter 'volume'" in p for p in problems)


def test_without_its_registration_the_scheme_is_unknown(wire) -> None:
    url = f"ticker+tcp://127.0.0.1:{wire.port}"
    with pytest.raises(ConfigError, match=r"window_led\.07: .*unknown scheme 'ticker\+tcp' for window_led devices; "
                                          r"use eq\+serial://, eq\+tcp://, sim://"):
        config_from_dict({"window_led": {"07": url}})


def test_one_registration_per_kind_and_scheme(ticker_registered) -> None:
    with pytest.raises(ValueError, match="already have a driver for ticker\\+tcp://"):
        registry.register("ticker+tcp", "window_led", TickerScreen, TickerParameters, target=registry.HOST_PORT)
    # The same scheme for another kind is another device type.
    registry.register("ticker+tcp", "receipt", None, TickerParameters, target=registry.HOST_PORT)
    try:
        assert registry.lookup("receipt", "TICKER+TCP") is not None
    finally:
        registry.unregister("ticker+tcp", "receipt")
