"""Simulated devices for sim:// URLs: the device host starts each simulator in-process and opens
the simulator's real wire endpoint with the real driver, so it drives the same bytes as on hardware.

`unplug()` stops a simulator the way a pulled cable does (its port closes); `replug()` starts it
again on the same endpoint, so the host finds it back by itself. Each kind's sim:// is registered
here (`drivers.registry`) with its parameters and its simulator.
"""
from __future__ import annotations

import threading
from typing import Any

from drivers import registry
from drivers.printing.receipt import PrinterModelName
from drivers.registry import DeviceAddress, NoParameters, Parameters, open_device
from drivers.scan.camera import CameraScanner, Frame
from drivers.scan.decode import Decoder, PyzbarDecoder, ZxingDecoder, default_decoder
from drivers.scan.result import MAX_PAYLOAD_BYTES, DeviceUnavailable
from drivers.scan.url import SimScanParameters, open_scanner_at
from drivers.sim.camera_sim import CameraSim
from drivers.sim.escpos_sink import EscPosSink
from drivers.sim.idcard_sim import SAMPLE_CARDS, IdCardSimulator
from drivers.sim.led_sim import LedScreenSim


class SimDevice:
    """A simulator the host runs for one sim:// device.

    Args:
        address: the parsed sim:// URL.
    """

    kind = ""
    plugged = False

    @property
    def device_url(self) -> str:
        """The simulator's wire endpoint, which the real driver opens."""
        raise NotImplementedError

    def open_device(self) -> Any:
        """The driver's device object on the simulator's endpoint, as on hardware."""
        return open_device(self.kind, self.device_url)

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

    kind = "idcard"

    def __init__(self, address: DeviceAddress) -> None:
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

    kind = "receipt"

    def __init__(self, address: DeviceAddress) -> None:
        given = address.parameters
        assert isinstance(given, ReceiptSimParameters)
        self.sink = EscPosSink("127.0.0.1", 0, given.out)
        self.model = given.model

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

    kind = "window_led"

    def __init__(self, address: DeviceAddress) -> None:
        given = address.given
        self.sim = LedScreenSim("127.0.0.1", 0, out_dir=given.get("out"))
        self.extra = "".join(f"&{k}={given[k]}" for k in ("width", "rows") if k in given)

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

    def __init__(self, camera: CameraSim, owner: ScannerSimDevice) -> None:
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

    kind = "scanner"

    def __init__(self, address: DeviceAddress) -> None:
        self.options = address.given
        self.camera = CameraSim(size=(480, 360), fps=float(self.options.get("fps", 10.0)), realtime=True,
                                seed=int(self.options.get("seed", 0)))
        self._lock = threading.Lock()

    def replug(self) -> None:
        self.plugged = True

    def unplug(self) -> None:
        self.plugged = False

    def open_device(self) -> CameraScanner:
        return self.open_scanner()

    def open_scanner(self) -> CameraScanner:
        """Open the scanner on the simulated camera, as open_scanner() does on a real one.

        Raises:
            DeviceUnavailable: the simulated camera is unplugged.
        """
        if not self.plugged:
            raise DeviceUnavailable("simulated camera unplugged")
        opts = self.options
        max_bytes = int(opts.get("max_bytes", MAX_PAYLOAD_BYTES))
        decoder: Decoder
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


class ReceiptSimParameters(Parameters):
    """The ESC/POS sink: the folder it renders receipts into, and the printer model it plays."""

    out: str | None = None
    model: PrinterModelName = None


class LedSimParameters(Parameters):
    """The LED screen simulator: the folder it renders into, and the screen's size."""

    out: str | None = None
    width: int | None = None
    rows: int | None = None


registry.register("sim", "idcard", None, NoParameters, target=registry.ANY, simulator=IdCardSimDevice,
                  example="sim://")
registry.register("sim", "receipt", None, ReceiptSimParameters, target=registry.ANY, simulator=ReceiptSimDevice,
                  example="sim://?out=/tmp/receipts")
registry.register("sim", "window_led", None, LedSimParameters, target=registry.ANY, simulator=LedSimDevice,
                  example="sim://?width=16&rows=2")
# open_scanner("sim://") without a host plays the camera simulator straight to the decoder.
registry.register("sim", "scanner", open_scanner_at, SimScanParameters, target=registry.ANY,
                  simulator=ScannerSimDevice, example="sim://")
