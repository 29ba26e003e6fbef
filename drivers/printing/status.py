"""Real-time status of an ESC/POS receipt printer: the DLE EOT n answers decoded into hall terms.

Bit meanings follow the Epson ESC/POS command reference, "DLE EOT n — Transmit real-time
status" (same table in the Bixolon SRP-350 and Samsung STP-131 manuals):

- n=1 printer status: bit 3 = off-line.
- n=2 off-line cause: bit 2 = cover open, bit 3 = paper being fed by the FEED button,
  bit 5 = printing stopped by paper end, bit 6 = error occurred.
- n=4 roll paper sensor: bits 2,3 = near-end sensor says paper near end,
  bits 5,6 = end sensor says paper not present.

In every answer bit 1 and bit 4 are fixed on and bits 0 and 7 fixed off, so a valid status byte
matches ``byte & 0x93 == 0x12``; anything else is not a status answer.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

DLE_EOT = b"\x10\x04"  # DLE EOT n, ESC/POS "Transmit real-time status"
QUERY_PRINTER_STATUS = DLE_EOT + b"\x01"
QUERY_OFFLINE_CAUSE = DLE_EOT + b"\x02"
QUERY_ERROR_CAUSE = DLE_EOT + b"\x03"
QUERY_PAPER_SENSOR = DLE_EOT + b"\x04"

FIXED_MASK = 0x93  # bits 0, 1, 4, 7: fixed in every DLE EOT answer
FIXED_VALUE = 0x12  # bit 1 and bit 4 on, bits 0 and 7 off

BIT_OFFLINE = 0x08  # n=1 bit 3
BIT_COVER_OPEN = 0x04  # n=2 bit 2
BIT_FEED_BUTTON = 0x08  # n=2 bit 3
BIT_PAPER_END_STOP = 0x20  # n=2 bit 5
BIT_ERROR = 0x40  # n=2 bit 6
BITS_NEAR_END = 0x0C  # n=4 bits 2,3
BITS_PAPER_END = 0x60  # n=4 bits 5,6

HealthState = Literal["ok", "degraded", "down"]


class StatusByteInvalid(ValueError):
    """A byte that came back to DLE EOT is not a real-time status answer."""


def _check(byte: int, what: str) -> int:
    if not 0 <= byte <= 0xFF or byte & FIXED_MASK != FIXED_VALUE:
        raise StatusByteInvalid(f"{what}: 0x{byte:02X} is not a DLE EOT status byte (fixed bits wrong)")
    return byte


def decode_printer_status(byte: int) -> dict[str, bool]:
    """Decode the answer to DLE EOT 1.

    Returns:
        ``{"online": bool}``.
    """
    _check(byte, "DLE EOT 1")
    return {"online": not byte & BIT_OFFLINE}


def decode_offline_cause(byte: int) -> dict[str, bool]:
    """Decode the answer to DLE EOT 2 (why the printer is off-line)."""
    _check(byte, "DLE EOT 2")
    return {
        "cover_open": bool(byte & BIT_COVER_OPEN),
        "feed_button": bool(byte & BIT_FEED_BUTTON),
        "paper_end_stop": bool(byte & BIT_PAPER_END_STOP),
        "error": bool(byte & BIT_ERROR),
    }


def decode_paper_sensor(byte: int) -> dict[str, bool]:
    """Decode the answer to DLE EOT 4 (roll paper sensors).

    Some printers set only one bit of each pair, so either bit counts.
    """
    _check(byte, "DLE EOT 4")
    return {"near_end": bool(byte & BITS_NEAR_END), "paper_end": bool(byte & BITS_PAPER_END)}


@dataclass(frozen=True)
class PrinterHealth:
    """Health of a device as the device host reports it: ok, degraded or down, with a reason."""

    state: HealthState
    reason: str


@dataclass(frozen=True)
class PrinterStatus:
    """What the receipt printer says about itself.

    ``known`` is False when the link cannot carry status (a file or a write-only USB port):
    then only ``reachable`` means anything. ``answered`` is False when the link is up but the
    printer gave no (or no valid) answer to DLE EOT.
    """

    reachable: bool
    known: bool = True
    answered: bool = True
    online: bool = True
    cover_open: bool = False
    feed_button: bool = False
    paper_near_end: bool = False
    paper_end: bool = False
    error: bool = False
    detail: str = ""

    @classmethod
    def from_bytes(cls, printer: int, offline_cause: int, paper: int) -> PrinterStatus:
        """Build a status from the answers to DLE EOT 1, 2 and 4.

        Raises:
            StatusByteInvalid: a byte is not a status answer.
        """
        p = decode_printer_status(printer)
        o = decode_offline_cause(offline_cause)
        s = decode_paper_sensor(paper)
        return cls(
            reachable=True,
            online=p["online"],
            cover_open=o["cover_open"],
            feed_button=o["feed_button"],
            paper_near_end=s["near_end"],
            paper_end=s["paper_end"] or o["paper_end_stop"],
            error=o["error"],
            detail=f"DLE EOT 1/2/4 = {printer:02X} {offline_cause:02X} {paper:02X}",
        )

    @classmethod
    def unreachable(cls, detail: str) -> PrinterStatus:
        """A printer that cannot be reached at all."""
        return cls(reachable=False, known=False, online=False, detail=detail)

    @classmethod
    def not_reported(cls, detail: str) -> PrinterStatus:
        """A printer reached over a link that carries no status back."""
        return cls(reachable=True, known=False, detail=detail)

    @property
    def ready(self) -> bool:
        """True when a receipt sent now would print."""
        return self.health().state != "down"

    def health(self) -> PrinterHealth:
        """Health in the device host's terms, worst cause first."""
        if not self.reachable:
            return PrinterHealth("down", self.detail or "receipt printer cannot be reached")
        if not self.known:
            return PrinterHealth("degraded", f"printer status cannot be read over this link ({self.detail})")
        if not self.answered:
            return PrinterHealth("down", self.detail)
        if self.paper_end:
            return PrinterHealth("down", "paper roll is empty: load a new roll")
        if self.cover_open:
            return PrinterHealth("down", "printer cover is open: close it")
        if self.error:
            return PrinterHealth("down", "printer reports an error (cutter jam or print head overheated)")
        if self.feed_button:
            return PrinterHealth("down", "paper is being fed with the FEED button")
        if not self.online:
            return PrinterHealth("down", "printer is off-line")
        if self.paper_near_end:
            return PrinterHealth("degraded", "paper roll is nearly empty: replace it soon")
        return PrinterHealth("ok", "ready")
