"""The kiosk's UI under test: a real hall server, an embedded device host with every device
simulated, and the real QML offscreen; plus the screen checks every kiosk screen must pass."""
from __future__ import annotations

import pathlib
import time
from collections.abc import Callable, Iterator
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject
from PySide6.QtQuick import QQuickItem

from devices.client import DeviceClient
from devices.host import DeviceHost
from hallsupport import KIOSK_TOKEN, FakeClock, RunningServer
from kiosk.app import Kiosk, prepare_environment
from kiosk.config import MIN_TARGET_MM, KioskConfig, pin_hash, pixels_per_mm
from kiosk.core import KioskCore

# The on-screen keyboard is the input method only if this is set before the QApplication exists:
# this module is imported while tests are collected, before pytest-qt makes the application.
prepare_environment()

TECH_PIN = "975310"
PORTRAIT, LANDSCAPE = (1080, 1920), (1920, 1080)


def device_config(tmp_path: pathlib.Path) -> dict[str, Any]:
    """The kiosk's devices, all simulated, with short intervals so health follows them quickly."""
    return {
        "idcard": "sim://",
        "receipt": "sim://",
        "certificate": f"pdfdir://{tmp_path / 'certificates'}",
        "scanner": "sim://",
        "host": {"status_interval": 0.3, "card_poll_interval": 0.1},
    }


class KioskRig:
    """One kiosk wired to a real hall server and device host."""

    def __init__(self, tmp_path: pathlib.Path, server: RunningServer, host: DeviceHost, clock: FakeClock,
                 size: tuple[int, int] = PORTRAIT, server_url: str | None = None, token: str = KIOSK_TOKEN,
                 **settings: Any) -> None:
        self.server = server
        self.host = host
        self.clock = clock
        self.size = size
        server_url = server_url or server.url  # e.g. a relay that can lose the server on cue
        other = "" if token == KIOSK_TOKEN else token[:14] + "-"  # a second kiosk of the hall: a store of its own
        self.config = KioskConfig(server_url=server_url, token=token, devices_url=host.api_url,
                                  store_path=tmp_path / f"kiosk-{other}{size[0]}x{size[1]}.db",
                                  tech_pin_hash=pin_hash(TECH_PIN), **settings)
        self.core = KioskCore(server_url, token, self.config.store_path, clock=clock,
                              timeout_s=1.0, sync_interval_s=0.5)
        self.kiosk = Kiosk(self.config, size, core=self.core)
        self.state = self.kiosk.state
        self.kiosk.start()
        self.kiosk.window.show()
        self.devices = DeviceClient(host.api_url)

    def close(self) -> None:
        self.devices.close()
        self.kiosk.close()

    # --- driving -----------------------------------------------------------------------
    def pump(self, seconds: float = 0.05) -> None:
        end = time.monotonic() + seconds
        while True:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            if time.monotonic() >= end:
                return
            time.sleep(0.005)

    def until(self, check: Callable[[], Any], timeout: float = 30.0, what: str = "") -> Any:
        deadline = time.monotonic() + timeout
        while True:
            value = check()
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"not reached in {timeout} s: {what} (page {self.state.page})")
            self.pump(0.02)

    def page(self, name: str, timeout: float = 30.0) -> None:
        self.until(lambda: self.state.page == name, timeout, f"page {name}")
        self.pump(0.1)

    def ready(self) -> None:
        """The hall configuration and the device health have arrived."""
        self.until(lambda: self.state.groups, 15, "hall configuration")
        self.until(lambda: "receipt" in self.state.deviceHealth
                   and self.state.deviceHealth["receipt"].get("state") == "ok", 15, "device health")

    def sim(self, command: str, **args: Any) -> Any:
        return self.devices.call(command, **args)

    def item(self, name: str) -> QQuickItem:
        """An item by objectName, anywhere in the visual tree (delegates included)."""
        stack: list[QQuickItem] = [self.kiosk.window.contentItem()]
        while stack:
            item = stack.pop()
            if item.objectName() == name:
                return item
            stack.extend(item.childItems())
        found = self.kiosk.window.findChild(QObject, name)
        assert found is not None, f"no item {name!r} on page {self.state.page}"
        return found

    def text(self, name: str) -> str:
        return self.item(name).property("text")

    def receipts(self) -> int:
        """Receipts the printer simulator has received in full."""
        return int(self.sim("sim.state", device="receipt").get("receipts", 0))


def is_text(item: QQuickItem) -> bool:
    """A Text item, or a QML type built on one (PageTitle, BodyText...)."""
    meta = item.metaObject()
    while meta is not None:
        if meta.className() == "QQuickText":
            return True
        meta = meta.superClass()
    return False


def visible_items(root: QQuickItem) -> Iterator[QQuickItem]:
    """Every item on screen under root (an invisible or zero-opacity item hides its children)."""
    stack = [root]
    while stack:
        item = stack.pop()
        if not item.isVisible() or item.opacity() == 0:
            continue
        yield item
        stack.extend(item.childItems())


def screen_problems(rig: KioskRig) -> list[str]:
    """What breaks the kiosk's screen rules on the page shown now: touch targets under 15 mm,
    text cut short or running out of its box."""
    window = rig.kiosk.window
    min_px = MIN_TARGET_MM * pixels_per_mm(*rig.size, rig.config.diagonal_inch) - 0.5
    problems = []
    for item in visible_items(window.contentItem()):
        cls = item.metaObject().className()
        name = item.objectName() or cls
        clickable = item.property("pressAndHoldInterval") is not None or (
            item.property("checkable") is not None and item.property("down") is not None)
        inside = _inside_window(item, window)
        if clickable and item.objectName() != "techCorner" and inside and item.isEnabled():
            if item.width() < min_px or item.height() < min_px:
                problems.append(f"{rig.state.page}: target {name} is {item.width():.0f}x{item.height():.0f} px,"
                                f" under {min_px:.0f} px (15 mm)")
        if is_text(item) and inside and item.property("text"):
            if item.property("truncated"):
                problems.append(f"{rig.state.page}: text {item.property('text')!r} is cut short")
            elif item.width() > 0 and item.property("contentWidth") > item.width() + 1:
                problems.append(f"{rig.state.page}: text {item.property('text')!r} runs out of its box")
    return problems


def _inside_window(item: QQuickItem, window: Any) -> bool:
    """Only what the citizen can see counts: an item scrolled out of view is checked when it shows."""
    top_left = item.mapToScene(item.boundingRect().topLeft())
    return 0 <= top_left.y() < window.height() - 1 and 0 <= top_left.x() < window.width() - 1


def all_texts(rig: KioskRig) -> str:
    """Every text on screen now, joined (for "no personal data on screen")."""
    window = rig.kiosk.window
    return "\n".join(str(i.property("text")) for i in visible_items(window.contentItem())
                     if is_text(i) and i.property("text") and _inside_window(i, window))
