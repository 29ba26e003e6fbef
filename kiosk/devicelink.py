"""The kiosk's link to the device host: card reads, scanned codes and device health as Qt signals,
and device commands (print a receipt, run a self-test) off the GUI thread.

One thread holds the subscription and reconnects by itself; commands go over the same connection.
Everything arrives on the GUI thread through queued signals (calibre's Dispatcher, Anki's QueryOp).
"""
from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal

from devices.backoff import Backoff
from devices.client import DeviceClient, DeviceCommandError, DeviceHostUnavailable
from hall_rules.errors import HallError

log = logging.getLogger(__name__)

#: The roles the kiosk cares about, and what is shown when the device host itself is gone.
KIOSK_ROLES = ("idcard", "receipt", "scanner", "certificate")
HOST_GONE = {"state": "down", "code": "host_unreachable",
             "reason_zh": "设备服务未运行", "reason_en": "the device host is not running"}


class DeviceLink(QObject):
    """Subscribes to the device host and forwards its events; runs commands for the kiosk.

    Signals carry plain dicts. `cardRead` carries the full card record: the receiver keeps it in
    memory for the session only.
    """

    cardRead = Signal(dict)
    codeScanned = Signal(str)
    healthChanged = Signal(dict)          # role -> {state, code, reason_zh, reason_en}
    commandDone = Signal(object, object)  # callback, result-or-DeviceError

    def __init__(self, url: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.url = url
        self._client: DeviceClient | None = None
        self._stop = threading.Event()
        self._health: dict[str, dict[str, Any]] = {}
        self._thread = threading.Thread(target=self._run, name="kiosk-devices", daemon=True)
        # Commands on threads kept for the link's life (not one per receipt); three, so a self-test
        # waiting on a device never holds up a citizen's receipt.
        self._commands = ThreadPoolExecutor(max_workers=3, thread_name_prefix="kiosk-device-command")
        self.commandDone.connect(self._deliver)

    # --- lifetime ------------------------------------------------------------------------
    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._commands.shutdown(wait=False, cancel_futures=True)
        client = self._client
        if client is not None:
            client.close()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def health(self) -> dict[str, dict[str, Any]]:
        """The latest health per role (a copy)."""
        return {k: dict(v) for k, v in self._health.items()}

    def _run(self) -> None:
        backoff = Backoff(0.25, 2.0)
        while not self._stop.is_set():
            try:
                client = DeviceClient(self.url, timeout=15, on_event=self._on_event)
            except DeviceHostUnavailable:
                self._set_all_down()
                self._stop.wait(backoff.next())
                continue
            self._client = client
            try:
                answer = client.subscribe("card.read", "code.scanned", "health.changed")
                backoff.reset()
                self._take_health(answer.get("health", {}).get("devices", {}))
                while not self._stop.is_set() and not client.closed:
                    self._stop.wait(0.2)
            except (DeviceHostUnavailable, DeviceCommandError, TimeoutError) as exc:
                log.warning("device host link lost: %s", exc)
            finally:
                self._client = None
                client.close()
            if not self._stop.is_set():
                self._set_all_down()
                self._stop.wait(backoff.next())

    def _set_all_down(self) -> None:
        gone = {role: dict(HOST_GONE) for role in KIOSK_ROLES}
        if gone != self._health:
            self._health = gone
            self.healthChanged.emit(self.health())

    def _take_health(self, devices: dict[str, Any]) -> None:
        found: dict[str, dict[str, Any]] = {role: dict(HOST_GONE, code="not_configured",
                                                       reason_zh="本机未配置此设备",
                                                       reason_en="this kiosk has no such device")
                                            for role in KIOSK_ROLES}
        for description in devices.values():
            role = description.get("role")
            if role in KIOSK_ROLES:
                found[role] = {k: description.get(k) for k in ("state", "code", "reason_zh", "reason_en")}
        self._health = found
        self.healthChanged.emit(self.health())

    def _on_event(self, event: dict[str, Any]) -> None:
        kind = event.get("event")
        if kind == "card.read" and isinstance(event.get("card"), dict):
            self.cardRead.emit(event["card"])
        elif kind == "code.scanned" and isinstance(event.get("text"), str):
            self.codeScanned.emit(event["text"])
        elif kind == "health.changed":
            role = event.get("role")
            if role in KIOSK_ROLES:
                given = event.get("health")
                health = given if isinstance(given, dict) else event
                self._health = {**self._health,
                                role: {k: health.get(k) for k in ("state", "code", "reason_zh", "reason_en")}}
                self.healthChanged.emit(self.health())

    # --- commands ------------------------------------------------------------------------
    def command(self, name: str, args: dict[str, Any], callback: Any, timeout: float = 15.0) -> None:
        """Run a device command on a worker thread; `callback(result or DeviceError)` on the GUI thread."""
        self._commands.submit(self._command, name, args, callback, timeout)

    def call(self, name: str, args: dict[str, Any], timeout: float = 15.0) -> Any:
        """Run a device command here and now (worker threads only). Raises DeviceError."""
        client = self._client
        if client is None or client.closed:
            raise DeviceError("host_unreachable", HOST_GONE["reason_zh"], HOST_GONE["reason_en"])
        try:
            return client.call(name, timeout=timeout, **args)
        except DeviceCommandError as exc:
            raise DeviceError(exc.code, exc.message, exc.message_en) from None
        except (DeviceHostUnavailable, TimeoutError):
            raise DeviceError("host_unreachable", HOST_GONE["reason_zh"], HOST_GONE["reason_en"]) from None

    def _command(self, name: str, args: dict[str, Any], callback: Any, timeout: float) -> None:
        try:
            result: Any = self.call(name, args, timeout)
        except DeviceError as exc:
            result = exc
        self.commandDone.emit(callback, result)

    def _deliver(self, callback: Any, result: Any) -> None:
        callback(result)


class DeviceError(HallError):
    """A device command that did not work, with its reason in both languages."""
