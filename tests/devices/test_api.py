"""The local API: bad messages get a clear error and change nothing; clients come and go freely."""
from __future__ import annotations

import json
import pathlib
import socket
import threading

import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from devices.client import DeviceClient, DeviceCommandError, DeviceHostUnavailable
from devices.config import ConfigError
from devices.host import DeviceHost


@pytest.fixture
def raw(host: DeviceHost):
    with connect(host.api_url, proxy=None) as ws:
        yield ws


def ask(ws, message: str | bytes) -> dict:
    ws.send(message)
    return json.loads(ws.recv(timeout=5))


@pytest.mark.slow
@pytest.mark.parametrize("message, code", [
    ("not json {", "bad_json"),
    ("[1, 2, 3]", "bad_message"),
    ('{"command": "health"}', "bad_message"),
    ('{"id": true, "command": "health"}', "bad_message"),
    ('{"id": 1, "command": 42}', "bad_message"),
    ('{"id": 1, "command": "health", "extra": 1}', "bad_message"),
    ('{"id": 1, "command": "format_disk"}', "unknown_command"),
    ('{"id": 1, "command": "health", "args": [1]}', "bad_args"),
    ('{"id": 1, "command": "health", "args": {"x": 1}}', "bad_args"),
    ('{"id": 1, "command": "show_on_led", "args": {"window": "01", "lines": "A001"}}', "bad_args"),
    ('{"id": 1, "command": "show_on_led", "args": {"window": "01", "lines": ["A001"], "colour": "blue"}}', "bad_args"),
    ('{"id": 1, "command": "show_on_led", "args": {"window": "01", "lines": ["A\\u0007"]}}', "refused"),
    ('{"id": 1, "command": "print_receipt", "args": {}}', "bad_args"),
    ('{"id": 1, "command": "print_receipt", "args": {"ticket": {"ticket_number": "A1"}}}', "bad_args"),
    ('{"id": 1, "command": "sim.place_card", "args": {"card": "nobody"}}', "bad_args"),
    ('{"id": 1, "command": "sim.unplug", "args": {"device": "fax"}}', "not_configured"),
    ('{"id": 1, "command": "sim.unplug", "args": {"device": "certificate"}}', "not_simulated"),
    ('{"id": 1, "command": "self_test", "args": {"device": "receipt", "wait_seconds": -1}}', "bad_args"),
    ('{"id": 1, "command": "subscribe", "args": {"events": ["everything"]}}', "bad_args"),
    (b'{"id": 1, "command": "health"}', "bad_message"),
])
def test_bad_messages_get_a_clear_error_and_change_nothing(host: DeviceHost, raw, message, code) -> None:
    reply = ask(raw, message)
    assert reply["ok"] is False
    assert reply["error"]["code"] == code
    assert reply["error"]["message"] and reply["error"]["message_en"]
    # Nothing changed: every device still works, nothing was printed or shown, the line is open.
    health = ask(raw, '{"id": 2, "command": "health"}')
    assert health["id"] == 2 and health["ok"] is True
    assert {d["state"] for d in health["result"]["devices"].values()} == {"ok"}
    assert host.sims["receipt"].sink.receipts == []
    assert host.sims["window_led.01"].shown() == []
    assert all(sim.plugged for sim in host.sims.values())


def test_oversized_message_is_refused(tmp_path: pathlib.Path, hs) -> None:
    with DeviceHost(hs.sim_config(tmp_path, max_message_bytes=4096), listen="127.0.0.1:0") as host:
        with connect(host.api_url, proxy=None) as ws:
            big = json.dumps({"id": 1, "command": "show_on_led", "args": {"window": "01", "lines": ["A" * 6000]}})
            reply = ask(ws, big)
            assert reply["error"]["code"] == "too_large"
            assert ask(ws, '{"id": 2, "command": "health"}')["ok"] is True
        assert host.sims["window_led.01"].shown() == []


def test_browser_pages_cannot_connect(host: DeviceHost) -> None:
    with pytest.raises(InvalidStatus) as refused:
        with connect(host.api_url, proxy=None, origin="http://evil.example"):
            pass
    assert refused.value.response.status_code == 403


@pytest.mark.slow
def test_client_crash_does_not_disturb_the_host(host: DeviceHost, client: DeviceClient, hs) -> None:
    port = int(host.api_url.rsplit(":", 1)[1])
    # A client that dies in the middle of a handshake, and one that sends garbage bytes.
    with socket.create_connection(("127.0.0.1", port)) as half:
        half.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n")
    with socket.create_connection(("127.0.0.1", port)) as junk:
        junk.sendall(b"\x00\xff" * 1000)
    # A client that vanishes while its command is running and while events are due to it.
    doomed = DeviceClient(host.api_url)
    doomed.subscribe()
    doomed._ws.send(json.dumps({"id": 1, "command": "print_test_receipt"}))
    doomed._ws.socket.shutdown(socket.SHUT_RDWR)
    doomed.close()
    client.call("sim.place_card", card="minor")
    assert hs.events_until(client, lambda e: e["event"] == "card.read", timeout=5)
    assert len(host.sims["receipt"].sink.wait_for_receipts(1)) == 1  # its command still finished
    assert {d["state"] for d in client.call("health")["devices"].values()} == {"ok"}


@pytest.mark.slow
def test_unsubscribe_stops_events(client: DeviceClient, hs) -> None:
    assert client.call("unsubscribe", events=["code.scanned"])["subscribed"] == ["card.read", "health.changed"]
    client.call("sim.present_code", text="HALL-X1")
    assert hs.drain(client, 0.8) == []


def test_unix_socket_api(tmp_path: pathlib.Path, hs) -> None:
    path = tmp_path / "devices.sock"
    config = hs.sim_config(tmp_path)
    config = {"window_led": config["window_led"], "host": config["host"]}
    with DeviceHost(config, listen=f"unix:{path}") as host:
        assert host.api_url == f"unix:{path}"
        assert oct(path.stat().st_mode & 0o777) == oct(0o660)
        with DeviceClient(host.api_url) as client:
            assert client.call("show_on_led", window="02", lines=["B003"])["shown"] == ["B003"]
    assert not path.exists()


def test_api_never_listens_on_the_network(tmp_path: pathlib.Path, hs) -> None:
    with pytest.raises(ConfigError):
        DeviceHost(hs.sim_config(tmp_path), listen="0.0.0.0:8790")
    with pytest.raises(ConfigError):
        DeviceHost(dict(hs.sim_config(tmp_path), host={"listen": "10.1.2.3:8790"}))


def test_client_reports_an_absent_host_and_a_closed_one(tmp_path: pathlib.Path, hs) -> None:
    with pytest.raises(DeviceHostUnavailable):
        DeviceClient("ws://127.0.0.1:1")
    host = DeviceHost({"host": {"status_interval": 0.3}}, listen="127.0.0.1:0").start()
    client = DeviceClient(host.api_url)
    try:
        assert client.call("health")["devices"] == {}
        with pytest.raises(DeviceCommandError) as missing:
            client.call("print_test_receipt")
        assert missing.value.code == "not_configured"
        host.stop()
        assert client.next_event(timeout=5) is None  # the reader saw the connection close
        with pytest.raises(DeviceHostUnavailable):
            client.call("health")
    finally:
        client.close()
        host.stop()


def test_stop_leaves_no_threads_behind(tmp_path: pathlib.Path, hs) -> None:
    before = set(threading.enumerate())
    host = DeviceHost(hs.sim_config(tmp_path), listen="127.0.0.1:0").start()
    with DeviceClient(host.api_url) as client:
        client.subscribe()
        client.call("print_test_receipt")
    host.stop()
    hs.wait_for(lambda: not [t for t in set(threading.enumerate()) - before if t.is_alive()], timeout=3)
