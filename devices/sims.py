"""Simulated devices for sim:// URLs: each starts its simulator in-process and gives the host the
URL of the simulator's real wire endpoint, so the services drive the same bytes as on hardware.

`unplug()` stops a simulator the way a pulled cable does (its port closes); `replug()` starts it
again on the same endpoint, so the host finds it back by itself.
"""
from __future__ import annotations

import threading
import urllib.parse
from typing import Any

from drivers.scan.camera import CameraScanner, Frame
from drivers.scan.decode import PyzbarDecoder, ZxingDecoder, default_decoder
from drivers.scan.result import MAX_PAYLOAD_BYTES, DeviceUnavailable
from drivers.scan.url import parse_scanner_url
from drivers.sim.camera_sim import CameraSim
from drivers.sim.escpos_sink import EscPosSink
from drivers.sim.idcard_sim import SAMPLE_CARDS, IdCardSimulator
from drivers.sim.led_sim import LedScreenSim


def _query(url: str) -> dict[str, str]:
    return {k: v[-1] for k, v in urllib.parse.parse_qs(urllib.parse.urlsplit(url).query).items()}


class SimDevice:
    """A simulator the host runs for one sim:// device."""

    plugged = False

    def start(self) -> None:
        """Start the simulator (at host start)."""
        self.replug()

    def stop(self) -> None:
        """Stop it for good (at host stop)."""
        if self.plugged:
            self.unplug()

    def unplug(self) -> None:
        """Take the device away as a pulled cable does."""
        raise NotImplementedError

    def replug(self) -> None:
        """Bring the device back on the same endpoint."""
        raise NotImplementedError

    def describe(self) -> dict[str, Any]:
        """What the simulator holds now, for tests and the demo."""
        return {"plugged": self.plugged}


class IdCardSimDevice(SimDevice):
    """The SAM reader simulator on a loopback TCP port (a pty would change path on replug)."""

    def __init__(self, url: str) -> None:
        self.sim = IdCardSimulator()
        self.port = 0

    @property
    def device_url(self) -> str:
        """The URL the ID-card service opens: the simulator's socket://."""
        return f"socket://127.0.0.1:{self.port}"

    def replug(self) -> None:
        self.port = self.sim.start_tcp(self.port)
        self.plugged = True

    def unplug(self) -> None:
        self.sim.stop()
        self.plugged = False

    def place(self, card: str) -> str:
        """Put a sample card on the reader; returns its description."""
        if card not in SAMPLE_CARDS:
            raise KeyError(card)
        return self.sim.place(card).description

    def remove(self) -> None:
        """Take the card away."""
        self.sim.remove()

    def describe(self) -> dict[str, Any]:
        card = self.sim.card
        return {"plugged": self.plugged, "card": card.key if card else None, "cards": sorted(SAMPLE_CARDS)}


class ReceiptSimDevice(SimDevice):
    """The ESC/POS sink on a free loopback port; renders receipts into ?out=FOLDER when given."""

    def __init__(self, url: str) -> None:
        query = _query(url)
        self.sink = EscPosSink("127.0.0.1", 0, query.get("out"))
        self.model = query.get("model")

    @property
    def device_url(self) -> str:
        """The URL the receipt service opens: the sink as a network printer."""
        url = f"escpos+tcp://127.0.0.1:{self.sink.port}?timeout=2"
        return url + (f"&model={self.model}" if self.model else "")

    def replug(self) -> None:
        self.sink.start()  # the same port again after a stop
        self.plugged = True

    def unplug(self) -> None:
        self.sink.stop()
        self.plugged = False

    def set_status(self, **conditions: bool) -> None:
        """Set paper_end, paper_near_end, cover_open, offline, error."""
        self.sink.set_status(**conditions)

    def describe(self) -> dict[str, Any]:
        receipts = self.sink.receipts
        return {"plugged": self.plugged, "status": vars(self.sink.faults).copy(), "receipts": self.sink.printed,
                "last_receipt": receipts[-1].text if receipts else None}


class LedSimDevice(SimDevice):
    """One window's LED screen simulator on its own loopback port, address 001."""

    def __init__(self, url: str) -> None:
        query = _query(url)
        self.sim = LedScreenSim("127.0.0.1", 0, out_dir=query.get("out"))
        self.extra = "".join(f"&{k}={query[k]}" for k in ("width", "rows") if k in query)

    @property
    def device_url(self) -> str:
        """The URL the LED service opens."""
        return f"eq+tcp://127.0.0.1:{self.sim.tcp_port}?addr=001&timeout=2{self.extra}"

    def replug(self) -> None:
        self.sim.start()
        self.plugged = True

    def unplug(self) -> None:
        self.sim.stop()
        self.plugged = False

    def shown(self) -> list[dict[str, str]]:
        """The lines the screen shows now, with their colours."""
        return [{"colour": colour.value, "text": text} for colour, text in self.sim.screen(1).lines]

    def describe(self) -> dict[str, Any]:
        return {"plugged": self.plugged, "lines": self.shown()}


class _PluggableCamera:
    """The camera simulator behind a cable that can be pulled: frames stop, reads fail."""

    def __init__(self, camera: CameraSim, owner: "ScannerSimDevice") -> None:
        self.camera = camera
        self.owner = owner

    def read(self) -> Frame:
        if not self.owner.plugged:
            raise DeviceUnavailable("simulated camera unplugged")
        return self.camera.read()

    def close(self) -> None:
        """The simulator outlives one opening of the scanner."""


class ScannerSimDevice(SimDevice):
    """The camera simulator: codes presented on command, read by the real frame/decoder loop."""

    def __init__(self, url: str) -> None:
        spec = parse_scanner_url(url)
        self.options = spec.options
        self.camera = CameraSim(size=(480, 360), fps=float(self.options.get("fps", 10.0)), realtime=True,
                                seed=int(self.options.get("seed", 0)))
        self._lock = threading.Lock()

    def replug(self) -> None:
        self.plugged = True

    def unplug(self) -> None:
        self.plugged = False

    def open_scanner(self) -> CameraScanner:
        """Open the scanner on the simulated camera, as open_scanner() does on a real one.

        Raises:
            DeviceUnavailable: the simulated camera is unplugged.
        """
        if not self.plugged:
            raise DeviceUnavailable("simulated camera unplugged")
        opts = self.options
        max_bytes = int(opts.get("max_bytes", MAX_PAYLOAD_BYTES))
        if "decoder" in opts or "max_bytes" in opts:
            decoder = (PyzbarDecoder if opts.get("decoder") == "pyzbar" else ZxingDecoder)(max_payload_bytes=max_bytes)
        else:
            decoder = default_decoder()
        return CameraScanner(_PluggableCamera(self.camera, self), decoder,
                             leave_after=float(opts.get("leave_after", 1.0)))

    def present(self, payload: str) -> None:
        """Hold a QR code with this payload under the camera."""
        self.camera.present(payload)

    def clear(self) -> None:
        """Take the code away."""
        self.camera.clear()


def make_sim(role: str, url: str) -> SimDevice:
    """The simulator for a sim:// device of a role."""
    kinds = {"idcard": IdCardSimDevice, "receipt": ReceiptSimDevice, "window_led": LedSimDevice,
             "scanner": ScannerSimDevice}
    return kinds[role](url)
