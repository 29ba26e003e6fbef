"""What a scanner reports: one code's payload, and the ways a presentation is refused."""
from __future__ import annotations

from dataclasses import dataclass

# A hall code (appointment QR, e-ID code, ticket QR) carries well under 1 KB. Anything bigger is
# forged or foreign; refusing it bounds the memory and log cost of a 7x24 process.
MAX_PAYLOAD_BYTES = 2048


@dataclass(frozen=True)
class ScanResult:
    """One code read from a camera frame, a serial scanner line or a keyboard-wedge burst.

    Attributes:
        text: the payload as text (UTF-8, else GB18030, else UTF-8 with replacement marks).
        raw_bytes: the payload bytes exactly as the code carried them.
        symbology: lower-case symbology name ("qrcode", "code128", "ean13", ...), or
            "unknown" when the device does not say (serial and keyboard-wedge scanners).
        position: corner points (x, y) in frame pixels, empty when there is no frame.
    """

    text: str
    raw_bytes: bytes
    symbology: str
    position: tuple[tuple[int, int], ...] = ()

    def __repr__(self) -> str:
        # Payloads can hold ID numbers: a repr that lands in a log shows only size and kind.
        return f"ScanResult(symbology={self.symbology!r}, {len(self.raw_bytes)} bytes)"


class ScanError(Exception):
    """A presentation, frame or device that the scanner refuses or cannot serve."""


class PayloadTooLarge(ScanError, ValueError):
    """A code whose payload is over the size limit; its content is never kept."""

    def __init__(self, size: int, limit: int, symbology: str = "unknown",
                 others: list[ScanResult] | None = None) -> None:
        super().__init__(f"{symbology} payload of {size} bytes refused (limit {limit} bytes)")
        self.size = size
        self.limit = limit
        self.symbology = symbology
        # Good codes seen in the same frame, so a forged code held next to a real one
        # cannot hide it.
        self.others = others or []


class FrameRejected(ScanError, ValueError):
    """An image the decoders will not look at (wrong type, shape or size)."""


class DeviceUnavailable(ScanError, OSError):
    """The camera, serial port or input device cannot be opened or stopped answering."""


class SourceEnded(ScanError, EOFError):
    """A video file or image folder has no more frames."""


def payload_text(raw: bytes) -> str:
    """Decode scanned bytes as text the way Chinese codes and scanners produce them.

    Args:
        raw: payload bytes.

    Returns:
        UTF-8 text when the bytes are valid UTF-8 (unless that reading is implausible and the
        GB18030 one is not), else GB18030 (a superset of GBK, which many Chinese scanners and
        older code generators emit), else UTF-8 with U+FFFD marks.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    try:
        gbk = raw.decode("gb18030")
    except UnicodeDecodeError:
        gbk = None
    if text is not None:
        # Short GBK payloads can also be valid UTF-8 ("预约" in GBK reads "ԤԼ" as UTF-8); those
        # readings land in scripts a hall code never carries, which tells them apart.
        if gbk is not None and not _plausible(text) and _plausible(gbk):
            return gbk
        return text
    if gbk is not None:
        return gbk
    return raw.decode("utf-8", errors="replace")


# Unicode ranges a hall payload uses: ASCII, Latin letters of foreign residents' names,
# punctuation, CJK ideographs (with extension A), CJK punctuation and full-width forms.
_PLAUSIBLE_RANGES = ((0x00, 0x7F), (0xA0, 0x17F), (0x2000, 0x206F), (0x3000, 0x303F),
                     (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xFF00, 0xFFEF))


def _plausible(text: str) -> bool:
    return all(any(low <= ord(ch) <= high for low, high in _PLAUSIBLE_RANGES) for ch in text)


def check_payload_size(size: int, limit: int, symbology: str = "unknown") -> None:
    """Raise PayloadTooLarge when a payload of `size` bytes is over `limit`."""
    if size > limit:
        raise PayloadTooLarge(size, limit, symbology)


def symbology_name(name: str) -> str:
    """Normalise a backend's symbology name ("QR Code", "QRCODE", "I25") to one spelling."""
    key = "".join(ch for ch in name.lower() if ch.isalnum())
    return _SYMBOLOGY_ALIASES.get(key, key)


# zbar and ZXing spell a few symbologies differently.
_SYMBOLOGY_ALIASES = {
    "i25": "itf",
    "ean8": "ean8",
    "isbn10": "isbn",
    "isbn13": "isbn",
    "pdf417": "pdf417",
    "databarexp": "databarexpanded",
}
