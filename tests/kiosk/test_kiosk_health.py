"""The kiosk's own health: one line (Chinese first) said to systemd as STATUS and to the log when
it changes: the hall server or the device host out of reach, devices down."""
from __future__ import annotations

import pytest
from hallsupport import screens_dir
from kiosksupport import KioskRig, device_config
from notifysupport import NotifySocket

from devices.host import DeviceHost
from kiosk.devicelink import HOST_GONE, KIOSK_ROLES
from kiosk.health import service_status

OK = {role: {"state": "ok", "code": "ok"} for role in KIOSK_ROLES}


def test_all_reachable_is_said_plainly() -> None:
    assert service_status(True, None, OK) == (
        "正常：大厅服务器与设备主机均已连接 / ok: hall server and device host reachable")


def test_the_server_away_and_not_yet_reached() -> None:
    assert service_status(False, None, OK) == "正在连接大厅服务器 / connecting to the hall server"
    assert service_status(False, "ConnectError", OK) == (
        "大厅服务器无法连接，离线取号中 / hall server unreachable (ConnectError), issuing offline")


def test_the_device_host_away_and_not_yet_reached() -> None:
    gone = {role: dict(HOST_GONE) for role in KIOSK_ROLES}
    assert service_status(True, None, gone) == "设备主机无法连接 / device host unreachable"
    assert service_status(True, None, {}) == "正在连接设备主机 / connecting to the device host"
    assert service_status(False, "timeout", gone) == (
        "大厅服务器无法连接，离线取号中；设备主机无法连接 / hall server unreachable (timeout), issuing offline; "
        "device host unreachable")


def test_devices_down_are_named_with_their_reasons() -> None:
    devices = {**OK,
               "receipt": {"state": "down", "code": "paper_out", "reason_zh": "缺纸", "reason_en": "out of paper"},
               "certificate": {"state": "down", "code": "not_configured", "reason_zh": "本机未配置此设备"}}
    assert service_status(True, None, devices) == "设备停用：receipt（缺纸） / devices down: receipt (out of paper)"


@pytest.mark.slow
def test_a_running_kiosk_tells_systemd_when_it_loses_its_device_host_and_server(
        qapp, tmp_path, server, clock, monkeypatch) -> None:
    sock = NotifySocket(tmp_path / "notify")
    monkeypatch.setenv("NOTIFY_SOCKET", sock.address)
    host = DeviceHost(device_config(tmp_path), listen="127.0.0.1:0").start()
    rig = KioskRig(tmp_path, server, host, clock)

    def heard(text: str) -> bool:
        sock.drain()
        return any(text in message for message in sock.received)

    try:
        rig.ready()
        rig.until(lambda: heard("STATUS=正常：大厅服务器与设备主机均已连接"), 60, "healthy status")
        assert rig.kiosk.health.startswith("正常")
        host.stop()
        rig.until(lambda: heard("STATUS=设备主机无法连接 / device host unreachable"), 60, "device host gone")
        # On screen, as before: each of the citizen's devices says it is out of use, and what to do.
        rig.until(lambda: set(rig.state.deviceNotices) == {"receipt", "idcard", "scanner"}, 60, "notices")
        rig.pump(0.2)
        assert all(rig.item(f"deviceNotice_{role}").isVisible() for role in ("receipt", "idcard", "scanner"))
        server.stop()
        rig.until(lambda: heard("STATUS=大厅服务器无法连接，离线取号中；设备主机无法连接"), 60, "server gone")
        assert "\n" not in rig.kiosk.health
        # The citizen is not alarmed (numbers still come from the lease); staff see the header's mark.
        rig.until(lambda: rig.text("clock").endswith("·"), 60, "offline mark")
        shots = screens_dir() / "kiosk"
        shots.mkdir(parents=True, exist_ok=True)
        rig.kiosk.window.grabWindow().save(str(shots / "30-home-host-and-server-away-1080x1920.png"))
    finally:
        rig.close()
        host.stop()
        sock.close()
