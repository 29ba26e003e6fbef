"""SamReader: drive a SAM ID-card reader over any pyserial URL.

The reader owns one port opened with `serial.serial_for_url`, so a USB-serial reader
(`/dev/ttyUSB0`), a network reader or the simulator (`socket://127.0.0.1:7001`, or its pty
path) and `loop://` are one code path. Framing lives in `frame.py`; this module only writes
commands, collects answer frames within a deadline, and turns statuses into exceptions.

A transport failure closes the port and raises `SamDeviceGoneError`; the next call reopens it,
so a host can keep one SamReader across unplug/replug and report "unavailable" in between.
"""
from __future__ import annotations

import dataclasses
import logging
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import serial
from pydantic import field_validator

from drivers import registry
from drivers.registry import PYSERIAL_SCHEMES, BadDeviceUrl, DeviceAddress, Parameters, pyserial_url

if sys.platform != "win32":  # on Windows pyserial uses win32 calls, which raise SerialException
    import termios

from .commands import SAM_ID_SIZE, SamCommand
from .errors import (
    CardError,
    IdCardError,
    NoCardError,
    NoContentError,
    SamConfigError,
    SamDeviceGoneError,
    SamDeviceUnavailableError,
    SamFrameError,
    SamTimeoutError,
    SW3_FOUND,
    SW3_OK,
    status_error,
)
from .frame import SamFrame, SamFrameParser
from .record import IdCardRecord, parse_additional_address, parse_read_answer

log = logging.getLogger(__name__)

#: SAM_V UART default speed (protocol sheet, table 1: 115200, settable down to 9600).
DEFAULT_BAUDRATE = 115200
#: Time a SAM may take beyond the wire time of its answer (card RF exchange, SAM crypto).
DEFAULT_TIMEOUT = 2.0
#: What a port raises when its device goes away: tcflush on a hung-up pty raises termios.error.
_PORT_ERRORS: tuple[type[BaseException], ...] = (serial.SerialException, OSError)
if sys.platform != "win32":
    _PORT_ERRORS += (termios.error,)
#: Port read slice: bounds how long one blocking read waits before the deadline is rechecked.
_READ_SLICE = 0.05


@dataclasses.dataclass(frozen=True)
class SamPortSpec:
    """Where the reader is: a pyserial URL (or device path) and a baud rate.

    `simulated` is True for `sim://`: the caller starts `drivers.sim.idcard_sim.IdCardSimulator`
    and opens the reader on the simulator's own URL (a pty path or socket://).
    """

    url: str
    baudrate: int = DEFAULT_BAUDRATE
    simulated: bool = False


class SamPortParameters(Parameters):
    """The query of an ID-card reader URL: the speed (`baud`, or pyserial's `baudrate`)."""

    baud: int | None = None
    baudrate: int | None = None

    @field_validator("baud", "baudrate")
    @classmethod
    def _in_range(cls, value: int | None) -> int | None:
        if value is not None and not 300 <= value <= 4_000_000:
            raise ValueError(f"baud rate {value} is out of range (300-4000000)")
        return value


_OUR_PARAMETERS = frozenset(SamPortParameters.model_fields)


def port_spec(address: DeviceAddress) -> SamPortSpec:
    """What pyserial opens for a parsed ID-card reader URL (`baud` is dropped from URLs passed on)."""
    given = address.parameters
    baudrate = getattr(given, "baud", None) or getattr(given, "baudrate", None) or DEFAULT_BAUDRATE
    if address.driver.simulator is not None:
        return SamPortSpec(address.url, baudrate, simulated=True)
    if address.scheme in ("serial", "", "file"):
        return SamPortSpec(address.target, baudrate)
    return SamPortSpec(pyserial_url(address, address.scheme, _OUR_PARAMETERS), baudrate)


def parse_device_url(url: str) -> SamPortSpec:
    """Turn a hall device URL into what pyserial opens (parsed by `drivers.registry`).

    Accepted forms:
        serial:///dev/ttyUSB0?baud=115200  -> "/dev/ttyUSB0", 115200
        serial://COM3?baud=9600            -> "COM3", 9600
        /dev/ttyUSB0, COM3                 -> the device path, default baud
        socket://127.0.0.1:7001            -> unchanged (network reader or simulator)
        loop://, rfc2217://host:port, spy://... -> unchanged (pyserial's own handlers)
        sim:// or sim://elder              -> simulated=True; the caller starts a simulator.
    `baud` (or `baudrate`) in the query sets the speed; it is dropped from URLs passed on.

    Raises:
        SamConfigError: an empty path, a bad baud rate, an unknown parameter or scheme.
    """
    try:
        return port_spec(registry.parse_device_url("idcard", url))
    except BadDeviceUrl as exc:
        raise SamConfigError(str(exc)) from None


PortFactory = Callable[..., Any]


class SamReader:
    """A SAM ID-card reader on one port.

    Args:
        url: a device URL (see `parse_device_url`) or its parsed spec; `sim://` is refused,
            start a simulator.
        baudrate: overrides the URL's baud rate.
        timeout: seconds a SAM may take on top of its answer's wire time.
        port_factory: opens the port; defaults to `serial.serial_for_url` (tests may wrap it).
    Not thread-safe: one thread (the device host's ID-card service) drives it.
    """

    def __init__(
        self,
        url: str | SamPortSpec,
        *,
        baudrate: int | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        port_factory: PortFactory = serial.serial_for_url,
    ) -> None:
        spec = url if isinstance(url, SamPortSpec) else parse_device_url(url)
        if spec.simulated:
            raise SamConfigError("sim:// is opened by the host: start IdCardSimulator and use its url")
        self.spec = dataclasses.replace(spec, baudrate=baudrate or spec.baudrate)
        self.timeout = timeout
        self._port_factory = port_factory
        self._port: Any = None
        self._parser = SamFrameParser()

    # --- port ownership -------------------------------------------------------------------
    @property
    def is_open(self) -> bool:
        """True while the port is open."""
        return self._port is not None

    def open(self) -> None:
        """Open the port (done by every command when needed).

        Raises:
            SamDeviceUnavailableError: the port cannot be opened.
        """
        if self._port is not None:
            return
        try:
            self._port = self._port_factory(self.spec.url, baudrate=self.spec.baudrate, timeout=_READ_SLICE)
        except (serial.SerialException, OSError, ValueError) as exc:
            raise SamDeviceUnavailableError(f"cannot open ID-card reader at {self.spec.url}: {exc}") from exc
        self._parser.reset()
        log.info("ID-card reader opened at %s", self.spec.url)

    def close(self) -> None:
        """Close the port; safe to call twice."""
        port, self._port = self._port, None
        if port is not None:
            # pyserial's socket:// close() skips socket.close() when shutdown() fails on a
            # peer that already went away, leaking the fd: close the socket ourselves too.
            sock = getattr(port, "_socket", None)
            try:
                port.close()
            except _PORT_ERRORS:
                pass  # the device may already be gone; closing is all we wanted
            if sock is not None:
                sock.close()

    def __enter__(self) -> SamReader:
        self.open()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _gone(self, exc: BaseException, doing: str) -> SamDeviceGoneError:
        self.close()
        log.info("ID-card reader at %s went away during %s", self.spec.url, doing)
        return SamDeviceGoneError(f"ID-card reader at {self.spec.url} went away during {doing}: {exc}")

    # --- one exchange ---------------------------------------------------------------------
    def wire_seconds(self, nbytes: int) -> float:
        """Time nbytes take on the wire at the port's baud rate (start + 8 data + stop bits)."""
        return nbytes * 10 / self.spec.baudrate

    def transact(self, cmd: SamCommand, *, timeout: float | None = None) -> SamFrame:
        """Send one command and return its answer frame, whatever its status.

        Raises:
            SamDeviceUnavailableError / SamDeviceGoneError: the port cannot be used.
            SamTimeoutError: no complete answer in time.
            SamFrameError: the answer bytes are malformed.
        """
        self.open()
        port = self._port
        doing = cmd.name.lower().replace("_", " ")
        budget = (self.timeout if timeout is None else timeout) + self.wire_seconds(len(cmd.wire) + cmd.answer_size)
        deadline = time.monotonic() + budget
        try:
            # A late answer to an earlier, timed-out command must not pass for this one's.
            port.reset_input_buffer()
            self._parser.reset()
            port.write(cmd.wire)
            return self._receive(port, deadline, doing)
        except _PORT_ERRORS as exc:
            raise self._gone(exc, doing) from exc

    def _receive(self, port: Any, deadline: float, doing: str) -> SamFrame:
        pending: SamFrameError | None = None
        heard = time.monotonic()
        while True:
            try:
                frame = self._parser.next_frame()
            except SamFrameError as exc:
                pending = exc  # resynced; a good frame may still follow in the buffer
                continue
            if frame is not None:
                if len(frame.payload) >= 3:
                    return frame
                # Too short for an answer (an echo, or noise that happened to check out):
                # the real answer may still follow, so look on like after any bad frame.
                pending = SamFrameError(f"answer to {doing} has no SW1 SW2 SW3 ({len(frame.payload)} bytes)")
                continue
            if pending is not None and not self._parser.receiving:
                # A bad frame and nothing after it yet: the real answer may still follow a
                # false preamble in line noise, so wait for the line to go quiet first.
                data = self._read_until_quiet(port, deadline)
                if not data:
                    raise pending
                self._parser.feed(data)
                heard = time.monotonic()
                continue
            if time.monotonic() >= deadline:
                if pending is not None:
                    raise pending
                got = self._parser.buffered
                raise SamTimeoutError(
                    f"ID-card reader did not answer {doing} in time"
                    + (f" (answer cut short: {got} bytes)" if got else "")
                )
            data = port.read(self._parser.needed())
            if data:
                self._parser.feed(data)
                heard = time.monotonic()
            elif self._parser.receiving and time.monotonic() - heard >= self._quiet_seconds():
                # The line went quiet inside a claimed frame: if another preamble is buffered,
                # the claim was noise or a cut-short frame, and the answer starts there.
                self._parser.resync()

    def _quiet_seconds(self) -> float:
        """A pause on the line that no SAM makes inside one frame."""
        return max(0.02, self.wire_seconds(64))

    def _read_until_quiet(self, port: Any, deadline: float) -> bytes:
        quiet_until = min(deadline, time.monotonic() + self._quiet_seconds())
        while time.monotonic() < quiet_until:
            waiting = port.in_waiting
            if waiting:
                return port.read(waiting)
            time.sleep(0.001)
        return b""

    def _expect_ok(self, cmd: SamCommand, ok: tuple[int, ...] = (SW3_OK,)) -> SamFrame:
        frame = self.transact(cmd)
        if frame.sw3 not in ok:
            raise status_error(frame.sw3, cmd.name.lower().replace("_", " "))
        return frame

    # --- the commands ---------------------------------------------------------------------
    def reset(self) -> None:
        """Reset the SAM (10 FF)."""
        self._expect_ok(SamCommand.RESET)

    def status(self) -> None:
        """Check the SAM is healthy (11 FF); raises the status error when it is not."""
        self._expect_ok(SamCommand.STATUS)

    def sam_id(self) -> str:
        """Read the SAM's management number (12 FF) as vendors print it.

        The 16 data bytes are shown as "AA.BB-CCCCCCCC-DDDDDDDDDD-EEEEEEEEEE" from little-endian
        u16, u16, u32, u32, u32: the form vendor SDKs print. Assumed, not checked on hardware.
        """
        data = self._expect_ok(SamCommand.READ_SAM_ID).answer_data
        if len(data) < SAM_ID_SIZE:
            raise SamFrameError(f"SAM id answer has {len(data)} bytes, not {SAM_ID_SIZE}")
        u = int.from_bytes
        return (f"{u(data[0:2], 'little'):02d}.{u(data[2:4], 'little'):02d}-{u(data[4:8], 'little'):08d}-"
                f"{u(data[8:12], 'little'):010d}-{u(data[12:16], 'little'):010d}")

    def find_card(self) -> bool:
        """Look for a card (20 01): True when found (9F), False when none (80)."""
        frame = self.transact(SamCommand.FIND_CARD)
        if frame.sw3 == SW3_FOUND:
            return True
        if frame.sw3 == NoCardError.code:
            return False
        raise status_error(frame.sw3, "find card")

    def select_card(self) -> bytes:
        """Select the found card (20 02); returns the card's 8-byte serial."""
        return self._expect_ok(SamCommand.SELECT_CARD).answer_data

    def read_card(self) -> IdCardRecord:
        """Read text and photo (30 01) of the selected card."""
        return parse_read_answer(self._expect_ok(SamCommand.READ_CARD).answer_data)

    def read_card_with_fingerprint(self) -> IdCardRecord:
        """Read text, photo and fingerprint (30 10) of the selected card."""
        data = self._expect_ok(SamCommand.READ_CARD_WITH_FINGERPRINT).answer_data
        return parse_read_answer(data, with_fingerprint=True)

    def read_additional_address(self) -> str | None:
        """Read the latest appended address (30 03); None when the card holds none (91)."""
        try:
            frame = self._expect_ok(SamCommand.READ_ADDITIONAL_ADDRESS)
        except NoContentError:
            return None
        return parse_additional_address(frame.answer_data) or None

    def read_once(self, *, fingerprint: bool = False) -> IdCardRecord | None:
        """Find, select and read: the record, or None when no card is on the reader."""
        if not self.find_card():
            return None
        self.select_card()
        return self.read_card_with_fingerprint() if fingerprint else self.read_card()

    # --- the reading loop -----------------------------------------------------------------
    def cards(
        self,
        *,
        poll_interval: float = 1.0,
        stop: threading.Event | None = None,
        fingerprint: bool = False,
        removal_polls: int = 1,
    ) -> Iterator[IdCardRecord]:
        """Yield one record per card presentation, polling find-card every poll_interval.

        A card left on the reader is not yielded again; it must be taken away (find-card says
        no card for `removal_polls` polls in a row) and placed again. A read that fails on the
        card's side (moved away mid-read, 41, 81 ...) is retried on the next poll. Transport
        errors and SAM module faults propagate: the host marks the device unavailable.

        Args:
            poll_interval: seconds between find-card polls (the hall's readers: about 1 s).
            stop: set it to end the loop at the next poll.
            fingerprint: read with fingerprint (30 10).
            removal_polls: consecutive empty polls that count as "card removed".
        """
        present = False
        misses = 0
        while stop is None or not stop.is_set():
            started = time.monotonic()
            try:
                found = self.find_card()
            except CardError:
                found = False
            if not found:
                misses += 1
                if misses >= removal_polls:
                    present = False
            else:
                misses = 0
                if not present:
                    record = self._read_presented(fingerprint)
                    if record is not None:
                        present = True
                        yield record
            wait = poll_interval - (time.monotonic() - started)
            if wait > 0:
                if stop is not None:
                    stop.wait(wait)
                else:
                    time.sleep(wait)

    def _read_presented(self, fingerprint: bool) -> IdCardRecord | None:
        try:
            self.select_card()
            return self.read_card_with_fingerprint() if fingerprint else self.read_card()
        except CardError as exc:
            log.info("ID card read failed, retrying on next poll: %s", type(exc).__name__)
            return None

    def watch(
        self,
        on_card: Callable[[IdCardRecord], None],
        *,
        stop: threading.Event,
        on_error: Callable[[IdCardError], None] | None = None,
        poll_interval: float = 1.0,
        retry_delay: float = 2.0,
    ) -> None:
        """Run the reading loop with callbacks until stop is set, surviving unplug/replug.

        Args:
            on_card: called once per presentation with the record.
            stop: ends the loop.
            on_error: told of each device error (unavailable, timeout, module fault); the
                loop then waits retry_delay and starts again.
        """
        while not stop.is_set():
            try:
                for record in self.cards(poll_interval=poll_interval, stop=stop):
                    on_card(record)
            except IdCardError as exc:
                self.close()
                if on_error is not None:
                    on_error(exc)
                stop.wait(retry_delay)


def open_sam_reader(address: DeviceAddress) -> SamReader:
    """The registry's opener: a reader on the port an ID-card reader URL names (opened on first use)."""
    return SamReader(port_spec(address))


registry.register("serial", "idcard", open_sam_reader, SamPortParameters, target=registry.DEVICE,
                  example="serial:///dev/ttyUSB0?baud=115200")
registry.register("", "idcard", open_sam_reader, SamPortParameters, target=registry.DEVICE,
                  example="/dev/ttyUSB0")
registry.register("file", "idcard", open_sam_reader, SamPortParameters, target=registry.PATH,
                  example="file:///dev/ttyUSB0")
for _scheme, (_form, _options) in PYSERIAL_SCHEMES.items():
    registry.register(_scheme, "idcard", open_sam_reader, registry.with_options(SamPortParameters, _options),
                      target=_form, example="socket://127.0.0.1:7001" if _scheme == "socket" else "")
