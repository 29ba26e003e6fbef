"""EQ text protocol of window LED screens (EQ/巨鑫-style controllers), over serial or TCP.

Frame, as the brief for this project describes it (vendor manual not available to us)::

    "!#" + 3-digit address + for each line: colour code + GBK text, lines joined by CR LF + "$$"

Colour codes ``%C1`` red, ``%C2`` green, ``%C3`` yellow. The same 1/2/3 = red/green/yellow
numbering appears in other Chinese LED controller manuals; UNVERIFIED against an EQ manual:
the line break (CR LF) and that address 000 is not a broadcast. Both sit in one constant each
so they can be fixed without touching the rest. The screen sends no answer, so a frame can only
be known delivered to the link, not shown.

URLs::

    eq+serial:///dev/ttyUSB1?baud=9600&addr=001
    eq+tcp://10.1.2.3:5005?addr=001
    (both take width= columns, default 16, and rows=, default 2)
"""
from __future__ import annotations

import re
import select
import socket
import threading
from dataclasses import dataclass
from collections.abc import Sequence

import serial
from pydantic import field_validator

from drivers import registry
from drivers.registry import DeviceAddress, Parameters

from .screen import Colour, LedScreenUnavailable, LedTextRefused, WindowScreen

FRAME_START = b"!#"  # EQ text protocol: start of frame
FRAME_END = b"$$"  # EQ text protocol: end of frame
LINE_BREAK = b"\r\n"  # UNVERIFIED: line separator inside a frame
COLOUR_CODES = {Colour.RED: b"%C1", Colour.GREEN: b"%C2", Colour.YELLOW: b"%C3"}
_CODE_COLOURS = {v[-1:]: k for k, v in COLOUR_CODES.items()}
_COLOUR_CODE_RE = re.compile(rb"%C([0-9])")
MAX_FRAME = 1024  # longer than any window screen's text: a frame this long without $$ is garbage

# Characters that would end or restart a frame inside the text are shown as their full-width
# twins, which GBK has and the screen prints the same way.
_RESERVED = str.maketrans({"$": "＄", "%": "％"})


@dataclass(frozen=True)
class EqFrame:
    """One EQ frame: the screen address and its coloured lines."""

    address: int
    lines: tuple[tuple[Colour, str], ...]


def display_columns(text: str) -> int:
    """Columns a text takes on the screen: 1 per single-byte, 2 per double-byte GBK character."""
    return len(text.encode("gbk", errors="replace"))


def fit_line(text: str, columns: int) -> str:
    """Check a line can be shown and cut it to the screen width.

    Raises:
        LedTextRefused: a control character, or a character GBK cannot encode.
    """
    for ch in text:
        if ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0:
            raise LedTextRefused(f"control character U+{ord(ch):04X} cannot be shown on an LED screen")
    text = text.translate(_RESERVED).replace("!#", "！#")
    try:
        text.encode("gbk")
    except UnicodeEncodeError as exc:
        bad = text[exc.start]
        raise LedTextRefused(
            f"character {bad!r} (U+{ord(bad):04X}) is not in GBK and the LED screen cannot show it") from None
    out, used = "", 0
    for ch in text:
        w = display_columns(ch)
        if used + w > columns:
            break
        out += ch
        used += w
    return out


def encode_eq_frame(address: int, lines: Sequence[tuple[Colour, str]]) -> bytes:
    """Encode one frame. Text must already have passed ``fit_line``.

    Raises:
        ValueError: the address is not 0-999.
    """
    if not 0 <= address <= 999:
        raise ValueError(f"EQ screen address must be 000-999, not {address}")
    body = LINE_BREAK.join(COLOUR_CODES[colour] + text.encode("gbk") for colour, text in lines)
    return FRAME_START + b"%03d" % address + body + FRAME_END


class EqFrameParser:
    """Incremental EQ frame parser: feed bytes, get whole frames; garbage is skipped, never raised."""

    def __init__(self) -> None:
        self._buf = bytearray()

    def feed(self, data: bytes) -> list[EqFrame]:
        """Consume bytes; return the frames completed by them."""
        self._buf += data
        frames: list[EqFrame] = []
        while True:
            start = self._buf.find(FRAME_START)
            if start < 0:
                # keep a trailing "!" that may begin the next frame
                del self._buf[: max(0, len(self._buf) - 1)]
                return frames
            del self._buf[:start]
            restart = self._buf.find(FRAME_START, 2)
            end = self._buf.find(FRAME_END, 2)
            if end < 0 or (0 <= restart < end):
                if 0 <= restart and (end < 0 or restart < end):
                    del self._buf[:restart]  # a new frame began before this one ended
                    continue
                if len(self._buf) > MAX_FRAME:
                    del self._buf[:2]
                    continue
                return frames
            raw, self._buf = bytes(self._buf[: end + 2]), self._buf[end + 2:]
            frame = _decode_frame(raw)
            if frame is not None:
                frames.append(frame)


def _decode_frame(raw: bytes) -> EqFrame | None:
    addr = raw[2:5]
    if len(addr) < 3 or not addr.isdigit():
        return None
    body = raw[5:-2]
    lines = []
    for part in body.split(LINE_BREAK) if body else []:
        codes = _COLOUR_CODE_RE.findall(part)
        colour = _CODE_COLOURS.get(codes[0], Colour.RED) if codes else Colour.RED
        text = _COLOUR_CODE_RE.sub(b"", part).decode("gbk", errors="replace")
        lines.append((colour, text))
    return EqFrame(int(addr), tuple(lines))


class _Link:
    """A byte link to the screen that opens lazily and reopens after it broke."""

    def __init__(self, kind: str, target: str, baud: int, timeout: float) -> None:
        self.kind, self.target, self.baud, self.timeout = kind, target, baud, timeout
        self._port: serial.SerialBase | socket.socket | None = None

    def describe(self) -> str:
        return f"{self.kind} {self.target}"

    def write(self, data: bytes) -> None:
        try:
            self._write_once(data)
        except (OSError, serial.SerialException):
            self.close()
            # The screen may have come back (replugged, restarted): one fresh attempt.
            try:
                self._write_once(data)
            except (OSError, serial.SerialException) as exc:
                self.close()
                raise LedScreenUnavailable(f"LED screen at {self.describe()} cannot be reached: {exc}") from exc

    def _write_once(self, data: bytes) -> None:
        port = self._open()
        if isinstance(port, socket.socket):
            _raise_if_closed(port)
            port.sendall(data)
        else:
            port.write(data)
            port.flush()

    def _open(self) -> serial.SerialBase | socket.socket:
        if self._port is None:
            if self.kind == "tcp":
                host, _, port = self.target.rpartition(":")
                self._port = socket.create_connection((host.strip("[]"), int(port)), timeout=self.timeout)
            else:
                self._port = serial.serial_for_url(self.target, baudrate=self.baud, timeout=self.timeout,
                                                   write_timeout=self.timeout)
        return self._port

    def close(self) -> None:
        port, self._port = self._port, None
        if port is not None:
            try:
                port.close()
            except (OSError, serial.SerialException):
                pass


def _raise_if_closed(sock: socket.socket) -> None:
    """The screen sends nothing, so a readable socket means it closed (or sent junk we drop)."""
    readable, _, _ = select.select([sock], [], [], 0)
    if readable and not sock.recv(4096):
        raise ConnectionResetError("LED screen closed the connection")


class EqWindowScreen(WindowScreen):
    """A window LED screen speaking the EQ text protocol.

    Args:
        link: the byte link; address: 0-999; columns: width in half-width characters; rows: lines.
    """

    def __init__(self, link: _Link, address: int, columns: int = 16, rows: int = 2) -> None:
        if not 0 <= address <= 999:
            raise ValueError(f"EQ screen address must be 000-999, not {address}")
        self._link = link
        self.address = address
        self.columns = columns
        self.rows = rows
        self._lock = threading.Lock()

    @classmethod
    def open(cls, url: str) -> EqWindowScreen:
        """Make a screen from ``eq+serial:///dev/ttyUSB1?baud=9600&addr=001`` or ``eq+tcp://host:port?addr=001``.

        Raises:
            ValueError: malformed URL (`BadDeviceUrl`).
        """
        return cls.of(registry.parse_device_url("window_led", url))

    @classmethod
    def of(cls, address: DeviceAddress) -> EqWindowScreen:
        """The screen a parsed eq+tcp or eq+serial URL names (the registry's opener)."""
        given = address.parameters
        assert isinstance(given, EqParameters)
        if isinstance(given, EqSerialParameters):
            link = _Link("serial", address.target, given.baud, given.timeout)
        else:
            link = _Link("tcp", address.target, 0, given.timeout)
        return cls(link, int(given.addr), given.width, given.rows)

    def show(self, lines: Sequence[str], colour: Colour = Colour.RED) -> list[str]:
        return self.show_coloured([(colour, line) for line in lines])

    def show_coloured(self, lines: Sequence[tuple[Colour, str]]) -> list[str]:
        """Show lines each in its own colour; same rules as ``show``."""
        fitted = [(colour, fit_line(text, self.columns)) for colour, text in lines[: self.rows]]
        self._send(encode_eq_frame(self.address, fitted))
        return [text for _, text in fitted]

    def clear(self) -> None:
        self._send(encode_eq_frame(self.address, []))

    def test_pattern(self) -> list[str]:
        names = {Colour.RED: "红RED", Colour.GREEN: "绿GRN", Colour.YELLOW: "黄YEL"}
        colours = list(Colour)
        pattern = []
        for row in range(self.rows):
            colour = colours[row % len(colours)]
            head = f"{row + 1}{names[colour]}"
            pattern.append((colour, head + "8" * max(0, self.columns - display_columns(head))))
        return self.show_coloured(pattern)

    def close(self) -> None:
        with self._lock:
            self._link.close()

    def _send(self, frame: bytes) -> None:
        with self._lock:
            self._link.write(frame)


class EqParameters(Parameters):
    """The query of an EQ screen URL: its address on the line, size, and write timeout (seconds)."""

    addr: str = "001"
    width: int = 16
    rows: int = 2
    timeout: float = 3.0

    @field_validator("addr")
    @classmethod
    def _three_digits(cls, addr: str) -> str:
        if not re.fullmatch(r"\d{1,3}", addr):
            raise ValueError(f"EQ screen address {addr!r} must be 3 digits")
        return addr

    @field_validator("width", "rows", "timeout")
    @classmethod
    def _positive(cls, value: float) -> float:
        if not value > 0:
            raise ValueError("must be more than 0")
        return value


class EqSerialParameters(EqParameters):
    """An EQ screen on a serial line also takes its speed."""

    baud: int = 9600


registry.register("eq+tcp", "window_led", EqWindowScreen.of, EqParameters, target=registry.HOST_PORT,
                  example="eq+tcp://10.1.2.3:5005?addr=001")
registry.register("eq+serial", "window_led", EqWindowScreen.of, EqSerialParameters, target=registry.PATH,
                  example="eq+serial:///dev/ttyUSB1?baud=9600&addr=001")
