"""Serial (USB-CDC / RS-232) code scanners: one payload per line, ended by CR, LF or CR LF.

Framing (`ScanLineFramer`) is pure and knows nothing of ports, in the manner of pyserial's
`serial.threaded.LineReader`; `SerialScanner` owns the port and feeds the framer.
"""
from __future__ import annotations

import collections
import logging
import time

import serial

from drivers.scan.result import (
    MAX_PAYLOAD_BYTES,
    DeviceUnavailable,
    PayloadTooLarge,
    ScanResult,
    payload_text,
)

log = logging.getLogger(__name__)

LINE_TERMINATORS = b"\r\n"


class ScanLineFramer:
    """Cuts a scanner's byte stream into payload lines, refusing over-long ones.

    An over-long line is dropped as it arrives (never buffered whole) up to its terminator, so
    a scanner spewing bytes without CR/LF cannot grow memory.
    """

    def __init__(self, max_line_bytes: int = MAX_PAYLOAD_BYTES) -> None:
        """Args:
            max_line_bytes: longest payload accepted, terminator excluded.
        """
        self.max_line_bytes = max_line_bytes
        self._buffer = bytearray()
        self._overflow = 0  # bytes of the current over-long line seen so far; 0 = none

    def feed(self, data: bytes) -> list[ScanResult | PayloadTooLarge]:
        """Take bytes from the port; return the finished lines and refusals, in order.

        Empty lines (the LF of a CR LF pair, a bare Enter) are skipped.
        """
        out: list[ScanResult | PayloadTooLarge] = []
        start = 0
        for index, byte in enumerate(data):
            if byte not in LINE_TERMINATORS:
                continue
            self._take(data[start:index])
            start = index + 1
            if self._overflow:
                out.append(PayloadTooLarge(self._overflow, self.max_line_bytes))
                self._overflow = 0
            elif self._buffer:
                raw = bytes(self._buffer)
                out.append(ScanResult(payload_text(raw), raw, "unknown"))
            self._buffer.clear()
        self._take(data[start:])
        return out

    def _take(self, chunk: bytes) -> None:
        if self._overflow:
            self._overflow += len(chunk)
            return
        self._buffer += chunk
        if len(self._buffer) > self.max_line_bytes:
            self._overflow = len(self._buffer)
            self._buffer.clear()

    def reset(self) -> None:
        """Forget a partial line (after a reconnect its rest will never come)."""
        self._buffer.clear()
        self._overflow = 0


class SerialScanner:
    """A line-protocol scanner on a serial port opened by pyserial URL."""

    def __init__(self, url: str, baudrate: int = 9600, max_line_bytes: int = MAX_PAYLOAD_BYTES,
                 port: serial.SerialBase | None = None) -> None:
        """Open the port.

        Args:
            url: anything `serial.serial_for_url` takes: /dev/ttyACM0, loop://, socket://h:p.
            baudrate: ignored by USB-CDC scanners, needed by RS-232 ones.
            max_line_bytes: longest payload accepted.
            port: an already open port to use instead of opening `url` (tests, shared setups).

        Raises:
            DeviceUnavailable: the port does not open.
        """
        self.url = url
        if port is None:
            try:
                port = serial.serial_for_url(url, baudrate=baudrate, timeout=0.1)
            except (serial.SerialException, OSError, ValueError) as error:
                raise DeviceUnavailable(f"scanner port {url} does not open: {error}") from error
        self.port = port
        self.framer = ScanLineFramer(max_line_bytes)
        self._pending: collections.deque[ScanResult | PayloadTooLarge] = collections.deque()

    def read(self, timeout: float | None = None) -> ScanResult | None:
        """Return the next scanned line, or None when `timeout` seconds pass first.

        Raises:
            PayloadTooLarge: the next line was over the limit (it is dropped; read again).
            DeviceUnavailable: the port failed (scanner unplugged).
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self._pending:
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                return None
            try:
                self.port.timeout = 0.1 if remaining is None else min(0.1, remaining)
                # Read what is there, at least one byte, so a burst is framed in one go.
                data = self.port.read(max(1, self.port.in_waiting))
            except (serial.SerialException, OSError) as error:
                self.framer.reset()
                raise DeviceUnavailable(f"scanner port {self.url} failed: {error}") from error
            if data:
                self._pending.extend(self.framer.feed(data))
        item = self._pending.popleft()
        if isinstance(item, PayloadTooLarge):
            raise item
        return item

    def close(self) -> None:
        """Close the port."""
        self.port.close()
