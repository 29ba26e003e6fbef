"""Receipt printer: opened from a URL, checks its real-time status, prints tickets and test receipts.

URLs::

    escpos+serial:///dev/ttyS1?baud=9600
    escpos+tcp://host:9100
    escpos+usb://0416:5011
    escpos+file:///dev/usb/lp0
    escpos+dummy://            (keeps the bytes in memory; for tests and the demo)

Every URL takes ``model=`` (see ``models.MODELS``) and ``timeout=`` (seconds, default 3).
python-escpos printer classes carry the bytes; this module decides what to send and when.
"""
from __future__ import annotations

import logging
import select
import socket
import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any
from collections.abc import Callable

from escpos import printer as escpos_printer
from escpos.escpos import Escpos
from escpos.exceptions import DeviceNotFoundError
from escpos.exceptions import Error as EscposError

from pydantic import AfterValidator, field_validator

from drivers import registry
from drivers.registry import DeviceAddress, Parameters

from .errors import PrinterNotReady, PrinterUnavailable
from .layout import ReceiptComposer, TechnicianTestReceipt, TicketReceipt, technician_test_layout, ticket_layout
from .models import PrinterModel, printer_model
from .status import (
    QUERY_OFFLINE_CAUSE,
    QUERY_PAPER_SENSOR,
    QUERY_PRINTER_STATUS,
    PrinterHealth,
    PrinterStatus,
    StatusByteInvalid,
)

log = logging.getLogger(__name__)


class _LinkLost(Exception):
    """The byte link to the printer broke (closed socket, unplugged port)."""


class _NoAnswer(Exception):
    """The printer did not answer a status request in time."""


def _known_model(name: str | None) -> str | None:
    printer_model(name)  # ValueError: unknown receipt printer model ...; known: ...
    return name


#: A printer model's name in a URL (?model=gb18030-58), checked against `models.MODELS`.
PrinterModelName = Annotated[str | None, AfterValidator(_known_model)]


class ReceiptParameters(Parameters):
    """The query of every receipt printer URL."""

    model: PrinterModelName = None
    timeout: float = 3.0

    @field_validator("timeout")
    @classmethod
    def _positive(cls, value: float) -> float:
        if not value > 0:
            raise ValueError("must be more than 0 seconds")
        return value


class SerialReceiptParameters(ReceiptParameters):
    """A serial receipt printer's query: its speed and whether it uses DSR/DTR flow control."""

    baud: int = 9600
    dsrdtr: bool = False


@dataclass(frozen=True)
class ReceiptPrinterAddress:
    """A parsed receipt printer URL."""

    scheme: str
    target: str
    parameters: ReceiptParameters

    @classmethod
    def parse(cls, url: str) -> ReceiptPrinterAddress:
        """Parse an ``escpos+...://`` URL (by `drivers.registry`).

        Raises:
            ValueError: the URL is not a receipt printer URL (`BadDeviceUrl`).
        """
        return cls.of(registry.parse_device_url("receipt", url))

    @classmethod
    def of(cls, address: DeviceAddress) -> ReceiptPrinterAddress:
        """The receipt printer address of a parsed device URL."""
        assert isinstance(address.parameters, ReceiptParameters)
        return cls(address.scheme, address.target, address.parameters)

    def describe(self) -> str:
        """Short words for messages: 'tcp 10.0.0.5:9100'."""
        return f"{self.scheme.removeprefix('escpos+')} {self.target}".strip()


def open_escpos_link(address: ReceiptPrinterAddress, timeout: float) -> Escpos:
    """Create and open the python-escpos printer object that carries bytes for this address.

    Raises:
        PrinterUnavailable: the device cannot be opened.
        ValueError: the address is malformed.
    """
    given = address.parameters
    if address.scheme == "escpos+tcp":
        host, _, port = address.target.rpartition(":")
        if not host:
            host, port = address.target, "9100"
        link: Escpos = _NetworkLink(host=host.strip("[]"), port=int(port), timeout=timeout)
    elif address.scheme == "escpos+serial":
        link = escpos_printer.Serial(
            devfile=address.target, baudrate=getattr(given, "baud", 9600), timeout=timeout,
            dsrdtr=getattr(given, "dsrdtr", False),
        )
    elif address.scheme == "escpos+usb":
        vid, _, pid = address.target.partition(":")
        if not escpos_printer.Usb.is_usable():
            raise PrinterUnavailable("USB receipt printers need the pyusb package, which is not installed")
        link = escpos_printer.Usb(idVendor=int(vid, 16), idProduct=int(pid, 16), timeout=int(timeout * 1000))
    elif address.scheme == "escpos+file":
        link = escpos_printer.File(devfile=address.target)
    else:
        link = escpos_printer.Dummy()
    try:
        link.open()
    except (EscposError, OSError) as exc:
        raise PrinterUnavailable(
            f"receipt printer at {address.describe()} cannot be reached: {' '.join(str(exc).split())}"
        ) from exc
    return link


class _NetworkLink(escpos_printer.Network):
    """python-escpos ``Network`` whose ``open`` closes its socket when the connect fails.

    escpos 3.1 drops the half-made socket without closing it, which leaks a file descriptor
    on every retry while a network printer is away.
    """

    device: socket.socket | None  # None until open() connects, and again after a failed connect

    def open(self, raise_not_found: bool = True) -> None:
        if self._device:
            self.close()
        try:
            self.device = socket.create_connection((self.host, self.port), timeout=self.timeout)
        except OSError as exc:
            self.device = None
            raise DeviceNotFoundError(f"could not connect to {self.host}:{self.port}: {exc}") from exc


class ReceiptPrinter:
    """A receipt printer on one link: status, health, ticket and test receipts.

    The link opens lazily and reopens after it broke, so a printer that was unplugged and
    plugged back works again without restarting anything. Thread-safe.
    """

    def __init__(
        self,
        address: ReceiptPrinterAddress,
        model: PrinterModel,
        *,
        timeout: float = 3.0,
        open_link: Callable[[ReceiptPrinterAddress, float], Escpos] = open_escpos_link,
    ) -> None:
        self.address = address
        self.model = model
        self.timeout = timeout
        self._open_link = open_link
        self._link: Escpos | None = None
        self._lock = threading.RLock()

    @classmethod
    def open(cls, url: str, **kwargs: Any) -> ReceiptPrinter:
        """Make a receipt printer from its URL (the link opens on first use).

        Raises:
            ValueError: malformed URL or unknown model.
        """
        return cls.of(registry.parse_device_url("receipt", url), **kwargs)

    @classmethod
    def of(cls, address: DeviceAddress, **kwargs: Any) -> ReceiptPrinter:
        """Make a receipt printer from a parsed receipt printer URL (the registry's opener)."""
        printer = ReceiptPrinterAddress.of(address)
        return cls(printer, printer_model(printer.parameters.model), timeout=printer.parameters.timeout,
                   **kwargs)

    # -- status ---------------------------------------------------------------------------

    def status(self) -> PrinterStatus:
        """Ask the printer for its real-time status (DLE EOT 1, 2, 4). Never raises."""
        with self._lock:
            try:
                return self._status_with_retry()
            except PrinterUnavailable as exc:
                return PrinterStatus.unreachable(str(exc))

    def health(self) -> PrinterHealth:
        """Health for the device host: ok, degraded (paper near end) or down, with a reason."""
        return self.status().health()

    # -- printing -------------------------------------------------------------------------

    def render_ticket(self, ticket: TicketReceipt) -> bytes:
        """The exact ESC/POS bytes of a ticket receipt for this printer's model."""
        composer = ReceiptComposer(self.model)
        ticket_layout(composer, ticket)
        return composer.output()

    def print_ticket(self, ticket: TicketReceipt) -> PrinterStatus:
        """Print a ticket receipt.

        Returns:
            The printer status after printing (may say paper near end).

        Raises:
            ReceiptRefused: the ticket carries data that must not be printed.
            PrinterNotReady: paper end, cover open, off-line or error; nothing was printed.
            PrinterUnavailable: the printer cannot be reached.
        """
        return self._print(self.render_ticket(ticket))

    def print_test_receipt(self, extra_lines: tuple[str, ...] = ()) -> PrinterStatus:
        """Print the technicians' test receipt (prints even when paper is near end)."""
        with self._lock:
            before = self.status()
            composer = ReceiptComposer(self.model)
            technician_test_layout(composer, TechnicianTestReceipt(
                device_url=f"{self.address.scheme}://{self.address.target}",
                model_name=self.model.name,
                encoding=self.model.encoding,
                printed_at=datetime.now(),
                status_line=before.health().reason,
                extra_lines=extra_lines,
            ))
            return self._print(composer.output())

    def close(self) -> None:
        """Close the link (a later call opens it again)."""
        with self._lock:
            self._drop_link()

    # -- internals ------------------------------------------------------------------------

    def _print(self, data: bytes) -> PrinterStatus:
        with self._lock:
            before = self._status_with_retry()
            if not before.reachable:
                raise PrinterUnavailable(before.health().reason)
            if not before.ready:
                raise PrinterNotReady(f"receipt not printed: {before.health().reason}", before)
            link = self._ensure_link()
            try:
                link._raw(data)
                if isinstance(link, escpos_printer.File):
                    link.flush()
            except (OSError, EscposError) as exc:
                self._drop_link()
                raise PrinterUnavailable(
                    f"link to receipt printer at {self.address.describe()} broke while printing; "
                    f"the receipt may be missing or incomplete ({exc})"
                ) from exc
            after = self._status_with_retry(retry=False)
            if after.known and after.paper_end:
                raise PrinterNotReady("paper ran out while printing: the receipt may be incomplete", after)
            return after

    def _ensure_link(self) -> Escpos:
        if self._link is None:
            self._link = self._open_link(self.address, self.timeout)
            log.info("receipt printer link open: %s", self.address.describe())
        return self._link

    def _drop_link(self) -> None:
        link, self._link = self._link, None
        if link is not None:
            try:
                link.close()
            except (OSError, EscposError):
                pass

    def _status_with_retry(self, retry: bool = True) -> PrinterStatus:
        try:
            return self._query_status()
        except _LinkLost as exc:
            self._drop_link()
            if not retry:
                raise PrinterUnavailable(
                    f"link to receipt printer at {self.address.describe()} broke: {exc}") from exc
            # The printer may have come back (replugged, restarted): one fresh attempt.
            try:
                return self._query_status()
            except _LinkLost as again:
                self._drop_link()
                raise PrinterUnavailable(
                    f"receipt printer at {self.address.describe()} cannot be reached: {again}") from again

    def _query_status(self) -> PrinterStatus:
        link = self._ensure_link()
        reader = _status_reader(link)
        if reader is None:
            return PrinterStatus.not_reported(f"{self.address.describe()} is write-only")
        try:
            answers = []
            for query in (QUERY_PRINTER_STATUS, QUERY_OFFLINE_CAUSE, QUERY_PAPER_SENSOR):
                link._raw(query)
                answers.append(reader())
        except _NoAnswer:
            return PrinterStatus(reachable=True, answered=False, online=False,
                                 detail="printer did not answer the status request (powered off, jammed or "
                                        "not an ESC/POS printer)")
        except OSError as exc:
            raise _LinkLost(str(exc)) from exc
        try:
            return PrinterStatus.from_bytes(*answers)
        except StatusByteInvalid as exc:
            return PrinterStatus(reachable=True, answered=False, online=False,
                                 detail=f"printer answered garbage to the status request ({exc})")


def _status_reader(link: Escpos) -> Callable[[], int] | None:
    """A function that reads one status byte from the link, or None if the link cannot read."""
    device = getattr(link, "_device", None)
    if isinstance(device, socket.socket):
        _drain_socket(device)

        def read_socket() -> int:
            try:
                data = device.recv(1)
            except TimeoutError as exc:
                raise _NoAnswer() from exc
            if not data:
                raise _LinkLost("printer closed the connection")
            return data[0]

        return read_socket
    if isinstance(link, escpos_printer.Serial) and device is not None:
        device.reset_input_buffer()  # drop stale automatic-status bytes before asking

        def read_serial() -> int:
            data = device.read(1)
            if not data:
                raise _NoAnswer()
            return data[0]

        return read_serial
    return None


def _drain_socket(sock: socket.socket) -> None:
    """Drop bytes the printer sent unasked (automatic status back), so answers line up."""
    while True:
        readable, _, _ = select.select([sock], [], [], 0)
        if not readable:
            return
        try:
            data = sock.recv(256)
        except OSError as exc:
            raise _LinkLost(str(exc)) from exc
        if not data:
            raise _LinkLost("printer closed the connection")


registry.register("escpos+serial", "receipt", ReceiptPrinter.of, SerialReceiptParameters, target=registry.PATH,
                  example="escpos+serial:///dev/ttyS1?baud=9600")
registry.register("escpos+tcp", "receipt", ReceiptPrinter.of, ReceiptParameters, target=registry.HOST_PORT,
                  default_port=9100, example="escpos+tcp://printer:9100")
registry.register("escpos+usb", "receipt", ReceiptPrinter.of, ReceiptParameters, target=registry.USB_ID,
                  example="escpos+usb://0416:5011")
registry.register("escpos+file", "receipt", ReceiptPrinter.of, ReceiptParameters, target=registry.PATH,
                  example="escpos+file:///dev/usb/lp0")
registry.register("escpos+dummy", "receipt", ReceiptPrinter.of, ReceiptParameters, target=registry.NONE,
                  example="escpos+dummy://")
