"""What the kiosk says about its own health: one line, Chinese first, for systemd's STATUS (shown
by `systemctl status hall-kiosk`) and the log: whether it reaches the hall server and the device
host, and which of its devices are down. No Qt: the app sends it (kiosk/app.py)."""
from __future__ import annotations

import importlib.metadata
from collections.abc import Callable, Mapping
from typing import Any

from devices import diag
from devices.client import DeviceClient, DeviceHostUnavailable

HOST_GONE_CODE = "host_unreachable"  # devicelink.HOST_GONE: every role down because the host is away


def service_status(server_online: bool, server_error: str | None, devices: Mapping[str, Mapping[str, Any]]) -> str:
    """The kiosk's health in one line, "zh / en".

    Args:
        server_online: the last sync pass reached the hall server.
        server_error: why the last pass did not (None: none has failed yet).
        devices: the device link's health per role (empty until the device host first answered).
    """
    zh: list[str] = []
    en: list[str] = []
    if not server_online and server_error is None:
        zh.append("正在连接大厅服务器")
        en.append("connecting to the hall server")
    elif not server_online:
        zh.append("大厅服务器无法连接，离线取号中")
        en.append(f"hall server unreachable ({server_error}), issuing offline")
    if not devices:
        zh.append("正在连接设备主机")
        en.append("connecting to the device host")
    elif all(h.get("code") == HOST_GONE_CODE for h in devices.values()):
        zh.append("设备主机无法连接")
        en.append("device host unreachable")
    else:
        down = [role for role, h in sorted(devices.items())
                if h.get("state") == "down" and h.get("code") != "not_configured"]
        if down:  # by the roles' ids, as kiosk-diag and the device host's file name them
            zh.append("设备停用：" + "、".join(_why(role, devices[role].get("reason_zh")) for role in down))
            en.append("devices down: " + ", ".join(_why(role, devices[role].get("reason_en"), " ({})")
                                                   for role in down))
    if not zh:
        return "正常：大厅服务器与设备主机均已连接 / ok: hall server and device host reachable"
    return "；".join(zh) + " / " + "; ".join(en)


def _why(role: str, reason: Any, form: str = "（{}）") -> str:
    return role + (form.format(reason) if isinstance(reason, str) and reason else "")


def app_version() -> str | None:
    """The installed package's version, as the heartbeat reports it (None when run from a bare checkout)."""
    try:
        return importlib.metadata.version("hall-kiosk")
    except importlib.metadata.PackageNotFoundError:
        return None


def device_self_test(devices_url: str) -> Callable[[float], tuple[bool, dict[str, Any]]]:
    """The self-test the console runs remotely: the same code and JSON as `kiosk-diag --json --self-test`."""

    def run(wait_seconds: float) -> tuple[bool, dict[str, Any]]:
        try:
            with DeviceClient(devices_url, timeout=30) as client:
                report = diag.run_diagnosis(client, self_test=True, wait=wait_seconds, only=None)
        except DeviceHostUnavailable as exc:  # as kiosk-diag --json says it
            return False, {"host": devices_url, "error": str(exc), "passed": False, "devices": []}
        return bool(report["passed"]), report

    return run
