"""Keyboard-wedge (HID) scanners read from Linux evdev, told apart from a person typing.

A keyboard-wedge scanner "types" its payload: keys arrive a few milliseconds apart and end with
Enter. A person types 100 ms or more apart and irregularly. `ScanBurstDetector` makes that
call as pure logic over (timestamp, key) so it is tested without a device; `KeystrokeDecoder`
turns evdev key events into characters (US layout, as scanners default to); `HidScanner` owns
the /dev/input/eventN files.
"""
from __future__ import annotations

import collections
import errno
import fcntl
import glob
import logging
import os
import select
import struct
import time
from typing import NamedTuple

from drivers.scan.result import (
    MAX_PAYLOAD_BYTES,
    DeviceUnavailable,
    PayloadTooLarge,
    ScanResult,
    payload_text,
)

log = logging.getLogger(__name__)

# linux/input.h: struct input_event { struct timeval time; __u16 type; __u16 code; __s32 value; }
# (timeval is two native longs on the kiosks' 64-bit and 32-bit-time_t ABIs).
INPUT_EVENT = struct.Struct("llHHi")
EV_KEY = 0x01
KEY_RELEASE, KEY_PRESS, KEY_REPEAT = 0, 1, 2
# linux/input.h: EVIOCGRAB = _IOW('E', 0x90, int); exclusive access, so a dedicated scanner's
# keystrokes do not also land in the kiosk's focused text field.
EVIOCGRAB = 0x40044590
ENTER = "\n"

# linux/input-event-codes.h key codes -> (plain, shifted) characters, US layout.
_KEYMAP: dict[int, tuple[str, str]] = {
    **{code: (ch, sh) for code, ch, sh in zip(range(2, 12), "1234567890", "!@#$%^&*()", strict=True)},
    12: ("-", "_"), 13: ("=", "+"), 15: ("\t", "\t"),
    **{code: (ch, ch.upper()) for code, ch in zip(range(16, 26), "qwertyuiop", strict=True)},
    26: ("[", "{"), 27: ("]", "}"),
    **{code: (ch, ch.upper()) for code, ch in zip(range(30, 39), "asdfghjkl", strict=True)},
    39: (";", ":"), 40: ("'", '"'), 41: ("`", "~"), 43: ("\\", "|"),
    **{code: (ch, ch.upper()) for code, ch in zip(range(44, 51), "zxcvbnm", strict=True)},
    51: (",", "<"), 52: (".", ">"), 53: ("/", "?"), 55: ("*", "*"), 57: (" ", " "),
    74: ("-", "-"), 78: ("+", "+"), 83: (".", "."), 98: ("/", "/"),
}
_KEYPAD_DIGITS = {82: "0", 79: "1", 80: "2", 81: "3", 75: "4", 76: "5", 77: "6", 71: "7", 72: "8", 73: "9"}
_ENTER_KEYS = {28, 96}  # KEY_ENTER, KEY_KPENTER
_SHIFT_KEYS = {42, 54}  # KEY_LEFTSHIFT, KEY_RIGHTSHIFT
_ALT_KEYS = {56, 100}  # KEY_LEFTALT, KEY_RIGHTALT
_CAPSLOCK = 58
_LETTER_CODES = {code for code, (ch, _) in _KEYMAP.items() if ch.isalpha()}


class InputEvent(NamedTuple):
    """One evdev input_event."""

    timestamp: float
    type: int
    code: int
    value: int


def parse_input_events(data: bytes) -> list[InputEvent]:
    """Unpack whole input_event records from bytes read off /dev/input/eventN."""
    usable = len(data) - len(data) % INPUT_EVENT.size
    return [InputEvent(sec + usec / 1e6, etype, code, value)
            for sec, usec, etype, code, value in INPUT_EVENT.iter_unpack(data[:usable])]


class KeyStroke(NamedTuple):
    """One character typed (ENTER for Enter), at `timestamp` seconds."""

    timestamp: float
    key: str


class KeystrokeDecoder:
    """Turns evdev key events into characters, tracking Shift, Caps Lock and Alt+keypad codes.

    Chinese scanners in keyboard mode send a Chinese character as Alt held down while its GBK
    code is typed in decimal on the keypad (the Windows Alt-code convention); that is decoded too.
    """

    def __init__(self) -> None:
        self._shift = 0
        self._caps = False
        self._alt = 0
        self._alt_digits = ""

    def feed(self, event: InputEvent) -> KeyStroke | None:
        """Take one event; return the character it completes, if any."""
        if event.type != EV_KEY or event.value == KEY_REPEAT:
            return None
        code, pressed = event.code, event.value == KEY_PRESS
        if code in _SHIFT_KEYS:
            self._shift = max(0, self._shift + (1 if pressed else -1))
        elif code in _ALT_KEYS:
            self._alt = max(0, self._alt + (1 if pressed else -1))
            if not self._alt and self._alt_digits:
                return self._alt_code(event.timestamp)
        elif not pressed:
            return None
        elif code == _CAPSLOCK:
            self._caps = not self._caps
        elif self._alt and code in _KEYPAD_DIGITS:
            self._alt_digits = (self._alt_digits + _KEYPAD_DIGITS[code])[-6:]
        elif code in _ENTER_KEYS:
            return KeyStroke(event.timestamp, ENTER)
        elif code in _KEYPAD_DIGITS:
            return KeyStroke(event.timestamp, _KEYPAD_DIGITS[code])
        elif code in _KEYMAP:
            shifted = bool(self._shift) != (self._caps and code in _LETTER_CODES)
            return KeyStroke(event.timestamp, _KEYMAP[code][1 if shifted else 0])
        return None

    def _alt_code(self, timestamp: float) -> KeyStroke | None:
        value, self._alt_digits = int(self._alt_digits), ""
        if value < 0x100:
            return KeyStroke(timestamp, bytes([value]).decode("latin-1"))
        text = payload_text(value.to_bytes(2 if value < 0x10000 else 3, "big"))
        return KeyStroke(timestamp, text) if len(text) == 1 and text != "\ufffd" else None


class WedgeScan(NamedTuple):
    """A keyboard-wedge burst recognised as a scan."""

    text: str
    started: float
    ended: float


class Typing(NamedTuple):
    """Keys judged to be a person typing (Enter shown as a newline)."""

    text: str


class ScanBurstDetector:
    """Splits a keystroke stream into scanner bursts and human typing, by inter-key timing.

    A scan is a run of at least `min_length` characters, each within `max_gap` seconds of the
    one before, ended by Enter within `max_gap`. Anything else is typing.
    """

    def __init__(self, max_gap: float = 0.030, min_length: int = 4,
                 max_length: int = MAX_PAYLOAD_BYTES) -> None:
        """Args:
            max_gap: longest pause between two keys of one scan (scanners: ~1-10 ms).
            min_length: shortest payload; a person's fast two-key roll plus Enter is not a scan.
            max_length: longest payload, in characters; longer bursts are refused.
        """
        self.max_gap = max_gap
        self.min_length = min_length
        self.max_length = max_length
        self._run: list[KeyStroke] = []
        self._overflow = 0
        self._last = 0.0

    def feed(self, timestamp: float, key: str) -> list[WedgeScan | Typing | PayloadTooLarge]:
        """Take one keystroke; return what it settles (a scan, typing, a refusal), in order."""
        out: list[WedgeScan | Typing | PayloadTooLarge] = self.flush(timestamp)
        if key == ENTER:
            if self._overflow:
                out.append(PayloadTooLarge(self._overflow, self.max_length))
            elif len(self._run) >= self.min_length:
                out.append(WedgeScan("".join(k.key for k in self._run), self._run[0].timestamp, timestamp))
            else:
                out.append(Typing("".join(k.key for k in self._run) + ENTER))
            self._run, self._overflow = [], 0
            return out
        if self._overflow:
            self._overflow += 1
        elif len(self._run) >= self.max_length:
            # Keep only the count: a run-away burst must not grow memory.
            self._overflow, self._run = len(self._run) + 1, []
        else:
            self._run.append(KeyStroke(timestamp, key))
        self._last = timestamp
        return out

    def flush(self, now: float) -> list[WedgeScan | Typing | PayloadTooLarge]:
        """Settle a run the clock has left behind: after a pause longer than `max_gap`, it was typing."""
        if not (self._run or self._overflow) or now - self._last <= self.max_gap:
            return []
        settled: list[WedgeScan | Typing | PayloadTooLarge] = (
            [PayloadTooLarge(self._overflow, self.max_length)] if self._overflow
            else [Typing("".join(k.key for k in self._run))])
        self._run, self._overflow = [], 0
        return settled


def keyboard_devices() -> list[str]:
    """The keyboard-like input devices udev lists by id (scanners in keyboard mode among them)."""
    return sorted(glob.glob("/dev/input/by-id/*-event-kbd"))


class HidScanner:
    """Keyboard-wedge scanners on evdev devices; typing on those devices is ignored."""

    def __init__(self, paths: list[str] | None = None, grab: bool = False, max_gap: float = 0.030,
                 min_length: int = 4, max_length: int = MAX_PAYLOAD_BYTES) -> None:
        """Open the input devices.

        Args:
            paths: /dev/input/eventN (or by-id) paths; None for every keyboard device.
            grab: take the devices exclusively (EVIOCGRAB), for a dedicated scanner.
            max_gap, min_length, max_length: see `ScanBurstDetector`.

        Raises:
            DeviceUnavailable: no device, or one does not open.
        """
        paths = list(paths) if paths else keyboard_devices()
        if not paths:
            raise DeviceUnavailable("no keyboard-wedge scanner found under /dev/input/by-id")
        self._devices: dict[int, tuple[str, KeystrokeDecoder, ScanBurstDetector]] = {}
        try:
            for path in paths:
                fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
                self._devices[fd] = (path, KeystrokeDecoder(),
                                     ScanBurstDetector(max_gap, min_length, max_length))
                if grab:
                    fcntl.ioctl(fd, EVIOCGRAB, 1)
        except OSError as error:
            self.close()
            raise DeviceUnavailable(f"input device does not open: {error}") from error
        self._pending: collections.deque[ScanResult | PayloadTooLarge] = collections.deque()

    def read(self, timeout: float | None = None) -> ScanResult | None:
        """Return the next scan, or None when `timeout` seconds pass first.

        Raises:
            PayloadTooLarge: the next burst was over the limit (dropped; read again).
            DeviceUnavailable: a device went away.
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self._pending:
            remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
            ready, _, _ = select.select(list(self._devices), [], [], remaining)
            if not ready:
                return None
            for fd in ready:
                self._read_device(fd)
        item = self._pending.popleft()
        if isinstance(item, PayloadTooLarge):
            raise item
        return item

    def _read_device(self, fd: int) -> None:
        path, keys, bursts = self._devices[fd]
        try:
            data = os.read(fd, INPUT_EVENT.size * 256)
        except BlockingIOError:
            return
        except OSError as error:
            reason = os.strerror(error.errno or errno.ENODEV)
            raise DeviceUnavailable(f"input device {path} went away: {reason}") from error
        if not data:
            # An evdev node never reaches end of file while its device is there.
            raise DeviceUnavailable(f"input device {path} went away")
        for event in parse_input_events(data):
            stroke = keys.feed(event)
            if stroke is None:
                continue
            for settled in bursts.feed(stroke.timestamp, stroke.key):
                if isinstance(settled, WedgeScan):
                    raw = settled.text.encode("utf-8")
                    self._pending.append(ScanResult(settled.text, raw, "unknown"))
                elif isinstance(settled, PayloadTooLarge):
                    self._pending.append(settled)
                else:
                    log.debug("%d typed keys on %s ignored", len(settled.text), path)

    def close(self) -> None:
        """Close the devices (releasing any grab)."""
        for fd in list(self._devices):
            os.close(fd)
        self._devices.clear()
