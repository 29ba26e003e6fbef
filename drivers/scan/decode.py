"""Find and decode the codes in a camera frame: one interface over zbar and ZXing-C++.

The rule: a decoder never does worse than its library called directly on the same frame. Text
comes from the library (ZXing-C++ honours ECI and QR Kanji mode and guesses the rest); only
where it guessed and the bytes are common Chinese GB2312 do we read GB18030 (`code_text`).
zbar guesses Shift-JIS before UTF-8 (pyzbar #14/#55/#95, zbar #212), so we ask it for the bytes
unconverted with ZBAR_CFG_BINARY and read them as ZXing-C++ would. A structured-append message
(up to 16 QR symbols) comes back as one result once all its symbols are in the frame, and as
nothing before: zbar joins them itself; for ZXing-C++, whose Python API does not say which
symbols belong together, we read each QR symbol's structured-append header ourselves.
"""
from __future__ import annotations

import ctypes
import functools
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, TypeVar

import cv2
import numpy as np

if TYPE_CHECKING:
    import zxingcpp

from drivers.scan.result import (
    MAX_PAYLOAD_BYTES,
    FrameRejected,
    PayloadTooLarge,
    ScanResult,
    code_text,
    gb2312_text,
    is_utf8,
    symbology_name,
    undecodable,
)

# 8192 x 8192 (67 MP) is above a kiosk camera and above a 50 MP phone photo a citizen hands over;
# a bigger array is a bug or an attack and would cost seconds of decoding. Frames are never
# scaled down: the libraries find small codes only at full resolution.
MAX_FRAME_PIXELS = 8192 * 8192


class Decoder(Protocol):
    """Finds the codes in one frame."""

    name: str

    def decode(self, frame: np.ndarray) -> list[ScanResult]:
        """Decode every code in a BGR, BGRA or gray uint8 frame.

        A structured-append message is one result once all its symbols are in the frame and
        none before; a code whose text cannot be told for sure (see `code_text`) is left out.

        Raises:
            FrameRejected: the frame is not an image the decoders accept.
            PayloadTooLarge: a code in the frame carries more than the size limit; good codes
                of the same frame are in its `others`.
        """
        ...


def to_gray(frame: np.ndarray, max_pixels: int = MAX_FRAME_PIXELS) -> np.ndarray:
    """Check a frame and return it as a contiguous 8-bit gray image.

    Raises:
        FrameRejected: not a uint8 array of shape (h, w), (h, w, 1), (h, w, 3) or (h, w, 4),
            empty, or over `max_pixels`.
    """
    check_frame(frame, max_pixels)
    if frame.ndim == 3 and frame.shape[2] == 3:
        return cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    if frame.ndim == 3 and frame.shape[2] == 4:
        return cv2.cvtColor(frame, cv2.COLOR_BGRA2GRAY)
    if frame.ndim == 3:
        frame = frame[:, :, 0]
    return np.ascontiguousarray(frame)


def to_zxing_image(frame: np.ndarray, max_pixels: int = MAX_FRAME_PIXELS) -> np.ndarray:
    """Check a frame and return what ZXing-C++ reads: gray or BGR as given, BGRA without alpha.

    ZXing-C++ takes gray and BGR arrays itself, so it sees the very pixels it would see when
    called directly; only four channels, which it refuses, are converted.

    Raises:
        FrameRejected: as `to_gray`.
    """
    check_frame(frame, max_pixels)
    if frame.ndim == 3 and frame.shape[2] == 4:
        return cv2.cvtColor(frame, cv2.COLOR_BGRA2BGR)
    if frame.ndim == 3 and frame.shape[2] == 1:
        frame = frame[:, :, 0]
    return np.ascontiguousarray(frame)


def check_frame(frame: np.ndarray, max_pixels: int = MAX_FRAME_PIXELS) -> None:
    """Refuse a frame that is not an image the decoders accept.

    Raises:
        FrameRejected: as `to_gray`.
    """
    if not isinstance(frame, np.ndarray):
        raise FrameRejected(f"frame is a {type(frame).__name__}, not a numpy array")
    if frame.dtype != np.uint8:
        raise FrameRejected(f"frame dtype {frame.dtype} refused, need uint8")
    if frame.ndim not in (2, 3) or (frame.ndim == 3 and frame.shape[2] not in (1, 3, 4)):
        raise FrameRejected(f"frame shape {frame.shape} refused, need (h, w[, 1|3|4])")
    height, width = frame.shape[:2]
    if height == 0 or width == 0:
        raise FrameRejected(f"empty frame {frame.shape}")
    if height * width > max_pixels:
        raise FrameRejected(f"frame of {width}x{height} over the {max_pixels} pixel limit")


def _refuse_oversized(found: list[ScanResult], oversized: list[tuple[int, str]], limit: int) -> list[ScanResult]:
    if oversized:
        size, symbology = oversized[0]
        raise PayloadTooLarge(size, limit, symbology, others=found)
    return found


class ZxingDecoder:
    """Decoder over ZXing-C++ (`zxingcpp.read_barcodes`); safe to share between threads."""

    name = "zxing"

    def __init__(self, max_payload_bytes: int = MAX_PAYLOAD_BYTES,
                 max_frame_pixels: int = MAX_FRAME_PIXELS) -> None:
        import zxingcpp

        self._zxing = zxingcpp
        self.max_payload_bytes = max_payload_bytes
        self.max_frame_pixels = max_frame_pixels

    def decode(self, frame: np.ndarray) -> list[ScanResult]:
        """Decode every code in a BGR, BGRA or gray uint8 frame (see `Decoder.decode`)."""
        image = to_zxing_image(frame, self.max_frame_pixels)
        found: list[ScanResult] = []
        oversized: list[tuple[int, str]] = []
        sequences: dict[tuple[int, int], list[tuple[StructuredAppend, zxingcpp.Barcode]]] = {}
        # The library's own defaults (all formats, rotation, inversion, downscaled passes): the
        # wrapper reads what the library reads. Plain text is the payload in the charset the
        # library found; its default (HRI) would show binary bytes as "<U+89>" and GS1 as "(01)".
        for barcode in self._zxing.read_barcodes(image, text_mode=self._zxing.TextMode.Plain):
            if not barcode.valid:
                continue
            symbology = symbology_name(barcode.format.name)
            if len(barcode.bytes) > self.max_payload_bytes:
                oversized.append((len(barcode.bytes), symbology))
                continue
            header = self._structured_append(barcode)
            if header is not None:
                sequences.setdefault((header.count, header.parity), []).append((header, barcode))
                continue
            result = self._result(image, [barcode], symbology)
            if result is not None:
                found.append(result)
        for parts in sequences.values():
            ordered = complete_sequence(parts)
            if ordered is None:
                continue  # a sequence with symbols missing: no text until all are in view
            symbology = symbology_name(ordered[0].format.name)
            size = sum(len(part.bytes) for part in ordered)
            if size > self.max_payload_bytes * len(ordered):
                oversized.append((size, symbology))
                continue
            result = self._result(image, ordered, symbology)
            if result is not None:
                found.append(result)
        return _refuse_oversized(found, oversized, self.max_payload_bytes)

    def _structured_append(self, barcode) -> StructuredAppend | None:
        symbol = self._qr_symbol(barcode)
        return None if symbol is None else read_structured_append(*symbol)

    def _qr_symbol(self, barcode) -> tuple[np.ndarray, int, str, int] | None:
        """(modules, version, level, mask) of a QR Model 2 symbol as the library sampled it."""
        if barcode.format != self._zxing.BarcodeFormat.QRCode:
            return None
        extra = barcode.extra or {}
        version, level = extra.get("Version", ""), extra.get("ECLevel", "")
        mask = extra.get("DataMask", -1)  # -1: no mask said, refused below as any number outside 0..7
        if not str(version).isdigit() or level not in _QR_EC_LEVELS or mask not in range(8):
            return None
        modules = np.asarray(barcode.to_image(scale=1, add_quiet_zones=False)) < 128
        return modules, int(version), level, mask

    def _result(self, image: np.ndarray, parts: list, symbology: str) -> ScanResult | None:
        """One result from a code or a joined structured-append sequence; None if no sure text."""
        raw = b"".join(bytes(part.bytes) for part in parts)
        library_text = "".join(part.text for part in parts)
        if len(parts) > 1 and not _faithful(library_text, raw):
            # The library read each symbol alone, and a character straddles two symbols or the
            # symbols differ in charset. The joined bytes stand as text only when they are
            # self-evidently UTF-8 or common Chinese GB2312.
            text = code_text(raw)
            if text is None or not (is_utf8(raw) or gb2312_text(raw) == text):
                return None
        else:
            text = code_text(raw, library_text)
            if text != library_text and any(self._knew_charset(image, part) is not False
                                            for part in parts):
                # The library read a declared charset (or we cannot tell): its text stands,
                # unless it could not decode the bytes in it.
                text = None if undecodable(library_text, raw) else library_text
        if text is None:
            return None
        return ScanResult(text, raw, symbology, _corners([part.position for part in parts]))

    def _knew_charset(self, image: np.ndarray, barcode) -> bool | None:
        """Whether the library read the code's charset from the code rather than guessing it.

        Only asked when our reading would differ from the library's. A QR code knows its charset
        from an ECI or from Kanji or Hanzi mode, read from its data segments; other symbologies
        only from an ECI.

        Returns:
            True or False; None when it cannot be told.
        """
        symbol = self._qr_symbol(barcode)
        if symbol is not None:
            modes = qr_segment_modes(*symbol)
            if modes is not None:
                return bool(modes & {_QR_MODE_ECI, _QR_MODE_KANJI, _QR_MODE_HANZI})
        return self._declares_eci(image, barcode)

    def _declares_eci(self, image: np.ndarray, barcode) -> bool | None:
        """Whether the code declares its charset with ECI; None when it cannot be read again.

        Only asked when our reading would differ from the library's: the library's `bytesECI`
        (TextMode.HexECI) carries the ECI designators that `bytes` and `text` drop.
        """
        pos = barcode.position
        xs = [p.x for p in (pos.top_left, pos.top_right, pos.bottom_right, pos.bottom_left)]
        ys = [p.y for p in (pos.top_left, pos.top_right, pos.bottom_right, pos.bottom_left)]
        margin = max(max(xs) - min(xs), max(ys) - min(ys)) // 4 + 8
        height, width = image.shape[:2]
        crop = image[max(0, min(ys) - margin):min(height, max(ys) + margin),
                     max(0, min(xs) - margin):min(width, max(xs) + margin)]
        raw = bytes(barcode.bytes)
        for view in (np.ascontiguousarray(crop), image):
            for again in self._zxing.read_barcodes(view, formats=barcode.format,
                                                   text_mode=self._zxing.TextMode.HexECI):
                if bytes(again.bytes) == raw:
                    # "]Q1" + bytes without ECI; with ECI, designators follow the identifier.
                    return bytes.fromhex(again.text)[3:] != raw
        return None


def _faithful(text: str, raw: bytes) -> bool:
    """Whether `text` is `raw` read in one charset, so joined symbol texts can stand."""
    for codec in ("utf-8", "gb18030", "shift_jis", "cp932", "latin-1"):
        try:
            if text.encode(codec) == raw:
                return True
        except UnicodeEncodeError:
            continue
    return False


def _corners(positions: list) -> tuple[tuple[int, int], ...]:
    points = [(int(p.x), int(p.y)) for pos in positions
              for p in (pos.top_left, pos.top_right, pos.bottom_right, pos.bottom_left)]
    if len(positions) == 1:
        return tuple(points)
    # A joined sequence is shown as the box around all its symbols.
    hull = cv2.boxPoints(cv2.minAreaRect(np.array(points, dtype=np.float32)))
    return tuple((int(round(x)), int(round(y))) for x, y in hull)


# --- QR data segments: structured append, ECI, Kanji mode (ISO/IEC 18004:2015 7.4) -----------
# ZXing-C++'s Python API says neither which symbols form a structured-append message nor whether
# a text came from Kanji mode, so we read the symbol's data stream from the module matrix the
# library sampled (`Barcode.to_image`), Reed-Solomon corrected. A structured-append header is
# the first 20 data bits: mode 0011, symbol index (4 bits), total symbols - 1 (4 bits), parity
# (8 bits, the XOR of every byte of the whole message); it lies in the first block.

_QR_EC_LEVELS = "LMQH"
# Error correction codewords per block and number of blocks, by level and version 1..40
# (ISO/IEC 18004:2015 table 9); tests check them against segno's tables.
_QR_EC_CODEWORDS = {
    "L": (7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28,
          28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30),
    "M": (10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26,
          26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28),
    "Q": (13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30,
          28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30),
    "H": (17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28,
          30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30),
}
_QR_BLOCKS = {
    "L": (1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8,
          8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25),
    "M": (1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16,
          17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49),
    "Q": (1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20,
          23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68),
    "H": (1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25,
          25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81),
}
_QR_MODE_STRUCTURED_APPEND = 0b0011


@dataclass(frozen=True)
class StructuredAppend:
    """A QR symbol's structured-append header: symbol `index` of `count`, message `parity`."""

    index: int
    count: int
    parity: int


class _Symbol(Protocol):
    """A decoded symbol as structured append needs it: its raw bytes."""

    @property
    def bytes(self) -> bytes: ...


_SymbolT = TypeVar("_SymbolT", bound=_Symbol)


def complete_sequence(parts: list[tuple[StructuredAppend, _SymbolT]]) -> list[_SymbolT] | None:
    """The symbols of one message in order, or None unless each index 0..count-1 is there once.

    Args:
        parts: (header, symbol) pairs sharing count and parity; the same symbol seen twice (same
            index and payload) counts once.
    """
    count = parts[0][0].count
    by_index: dict[int, _SymbolT] = {}
    for header, symbol in parts:
        seen = by_index.get(header.index)
        if seen is not None and bytes(seen.bytes) != bytes(symbol.bytes):
            return None  # two different symbols claim one place: two messages, no sure text
        by_index[header.index] = symbol
    if sorted(by_index) != list(range(count)):
        return None
    return [by_index[index] for index in range(count)]


def read_structured_append(modules: np.ndarray, version: int, level: str,
                           mask: int) -> StructuredAppend | None:
    """Read the structured-append header of a QR symbol from its module matrix.

    Args:
        modules: (n, n) bool, True for a dark module, as sampled (mirrored symbols are tried
            transposed too).
        version: 1..40; level: "L", "M", "Q" or "H"; mask: data mask 0..7.

    Returns:
        The header, or None when the symbol has none or its first block cannot be corrected.
    """
    data = _data_codewords(modules, version, level, mask, first_block_only=True)
    if data is None:
        return None
    bits = int.from_bytes(bytes(data[:3]), "big")  # 24 bits: mode, index, count, parity
    if bits >> 20 != _QR_MODE_STRUCTURED_APPEND:
        return None
    return StructuredAppend(index=(bits >> 16) & 0xF, count=((bits >> 12) & 0xF) + 1,
                            parity=(bits >> 4) & 0xFF)


# Mode indicators (ISO/IEC 18004:2015 table 2; Hanzi from GB/T 18284) and their character count
# lengths for versions 1-9, 10-26, 27-40 (table 3).
_QR_MODE_ECI, _QR_MODE_KANJI, _QR_MODE_HANZI = 0b0111, 0b1000, 0b1101
_QR_COUNT_BITS = {0b0001: (10, 12, 14), 0b0010: (9, 11, 13), 0b0100: (8, 16, 16),
                  0b1000: (8, 10, 12), 0b1101: (8, 10, 12)}


def qr_segment_modes(modules: np.ndarray, version: int, level: str, mask: int) -> set[int] | None:
    """The mode indicators of a QR symbol's data segments, e.g. {0b0100} for byte mode only.

    Says what `Barcode.text` cannot: whether a code used Kanji or Hanzi mode or declared an ECI.

    Returns:
        The set of modes, or None when a block cannot be corrected or the stream is malformed.
    """
    data = _data_codewords(modules, version, level, mask, first_block_only=False)
    if data is None:
        return None
    stream = int.from_bytes(bytes(data), "big")
    left = len(data) * 8
    size_class = 0 if version <= 9 else 1 if version <= 26 else 2

    def take(count: int) -> int:
        nonlocal left
        if count > left:
            raise ValueError("segment runs past the data")
        left -= count
        return (stream >> left) & ((1 << count) - 1)

    modes: set[int] = set()
    try:
        while left >= 4:
            mode = take(4)
            if mode == 0:
                break  # terminator
            modes.add(mode)
            if mode == _QR_MODE_STRUCTURED_APPEND:
                take(16)
            elif mode == _QR_MODE_ECI:
                first = take(8)
                take(0 if first < 0x80 else 8 if first < 0xC0 else 16)
            elif mode == 0b0101:  # FNC1 in first position
                pass
            elif mode == 0b1001:  # FNC1 in second position: application indicator
                take(8)
            elif mode in _QR_COUNT_BITS:
                if mode == _QR_MODE_HANZI:
                    take(4)  # subset
                count = take(_QR_COUNT_BITS[mode][size_class])
                if mode == 0b0001:
                    take(10 * (count // 3) + (0, 4, 7)[count % 3])
                elif mode == 0b0010:
                    take(11 * (count // 2) + 6 * (count % 2))
                else:
                    take((8 if mode == 0b0100 else 13) * count)
            else:
                return None
    except ValueError:
        return None
    return modes


def _data_codewords(modules: np.ndarray, version: int, level: str, mask: int,
                    first_block_only: bool) -> list[int] | None:
    """Reed-Solomon corrected data codewords, in message order; None if beyond repair.

    Tries the matrix as sampled and transposed (a mirrored symbol).
    """
    size = 17 + 4 * version
    if modules.shape != (size, size):
        return None
    for matrix in (modules, modules.T):
        data = _deinterleave(matrix, version, level, mask, first_block_only)
        if data is not None:
            return data
    return None


def _deinterleave(modules: np.ndarray, version: int, level: str, mask: int,
                  first_block_only: bool) -> list[int] | None:
    ys, xs = _qr_data_modules(version)
    bits = modules[ys, xs] ^ _QR_MASKS[mask](ys, xs)
    total = len(ys) // 8
    codewords = np.packbits(bits[:total * 8]).tolist()
    ec_length = _QR_EC_CODEWORDS[level][version - 1]
    blocks = _QR_BLOCKS[level][version - 1]
    data_total = total - ec_length * blocks
    short_data = total // blocks - ec_length
    short_blocks = blocks - total % blocks
    data: list[int] = []
    for block in range(1 if first_block_only else blocks):
        # ISO/IEC 18004:2015 7.6: codewords are interleaved block by block; the longer blocks
        # (the last ones) have one more data codeword, placed after all the others.
        length = short_data + (block >= short_blocks)
        received = [codewords[j * blocks + block] for j in range(short_data)]
        if length > short_data:
            received.append(codewords[short_data * blocks + block - short_blocks])
        received += [codewords[data_total + j * blocks + block] for j in range(ec_length)]
        corrected = rs_correct(received, ec_length)
        if corrected is None:
            return None
        data += corrected[:length]
    return data


# Data masks by number (ISO/IEC 18004:2015 table 10); i is the row, j the column.
_QR_MASKS = (
    lambda i, j: (i + j) % 2 == 0,
    lambda i, j: i % 2 == 0,
    lambda i, j: j % 3 == 0,
    lambda i, j: (i + j) % 3 == 0,
    lambda i, j: (i // 2 + j // 3) % 2 == 0,
    lambda i, j: (i * j) % 2 + (i * j) % 3 == 0,
    lambda i, j: ((i * j) % 2 + (i * j) % 3) % 2 == 0,
    lambda i, j: ((i + j) % 2 + (i * j) % 3) % 2 == 0,
)


@functools.lru_cache(maxsize=40)
def _qr_data_modules(version: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows and columns of the data modules in codeword bit order (ISO/IEC 18004:2015 7.7.3)."""
    size = 17 + 4 * version
    function = np.zeros((size, size), dtype=bool)
    function[:9, :9] = function[:9, size - 8:] = function[size - 8:, :9] = True  # finders, format
    function[6, :] = function[:, 6] = True  # timing patterns
    centres = _qr_alignment_centres(version)
    finder_corners = {(centres[0], centres[0]), (centres[0], centres[-1]),
                      (centres[-1], centres[0])} if centres else set()
    for row in centres:
        for col in centres:
            if (row, col) not in finder_corners:
                function[row - 2:row + 3, col - 2:col + 3] = True
    if version >= 7:
        function[:6, size - 11:size - 8] = function[size - 11:size - 8, :6] = True  # version info
    rows, cols = [], []
    right = size - 1
    while right >= 1:
        if right == 6:
            right = 5  # the vertical timing pattern is skipped
        upward = ((right + 1) & 2) == 0
        for vert in range(size):
            row = size - 1 - vert if upward else vert
            for col in (right, right - 1):
                if not function[row, col]:
                    rows.append(row)
                    cols.append(col)
        right -= 2
    return np.array(rows, dtype=np.intp), np.array(cols, dtype=np.intp)


def _qr_alignment_centres(version: int) -> tuple[int, ...]:
    """Row/column centres of the alignment patterns (ISO/IEC 18004:2015 annex E)."""
    if version == 1:
        return ()
    count = version // 7 + 2
    step = (version * 8 + count * 3 + 5) // (count * 4 - 4) * 2
    return (6, *sorted(version * 4 + 10 - i * step for i in range(count - 1)))


# GF(256) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1 (ISO/IEC 18004:2015 7.5.2).
_GF_EXP = [0] * 512
_GF_LOG = [0] * 256
_value = 1
for _power in range(255):
    _GF_EXP[_power] = _value
    _GF_LOG[_value] = _power
    _value <<= 1
    if _value & 0x100:
        _value ^= 0x11D
for _power in range(255, 512):
    _GF_EXP[_power] = _GF_EXP[_power - 255]
del _value, _power


def _gf_mul(a: int, b: int) -> int:
    return 0 if a == 0 or b == 0 else _GF_EXP[_GF_LOG[a] + _GF_LOG[b]]


def _gf_inv(a: int) -> int:
    return _GF_EXP[255 - _GF_LOG[a]]


_GF_EXP_ARRAY = np.array(_GF_EXP[:255], dtype=np.uint8)
_GF_LOG_ARRAY = np.array(_GF_LOG, dtype=np.int64)


def _syndromes(block: list[int], ec_length: int) -> list[int]:
    """The block polynomial (first codeword highest) at alpha^0 .. alpha^(ec_length - 1)."""
    values = np.array(block, dtype=np.int64)
    nonzero = values != 0
    powers = (len(block) - 1 - np.arange(len(block)))[nonzero]
    logs = _GF_LOG_ARRAY[values[nonzero]]
    terms = _GF_EXP_ARRAY[(logs[None, :] + np.arange(ec_length)[:, None] * powers[None, :]) % 255]
    return np.bitwise_xor.reduce(terms, axis=1).tolist() if len(logs) else [0] * ec_length


def rs_correct(block: list[int], ec_length: int) -> list[int] | None:
    """Correct a QR Reed-Solomon block (data then `ec_length` check codewords).

    Berlekamp-Massey finds the error locator, a Chien search the positions, and a small linear
    solve the values; the result is accepted only if its syndromes are all zero.

    Returns:
        The corrected block, or None when it has more errors than the code can correct.
    """
    syndromes = _syndromes(block, ec_length)
    if not any(syndromes):
        return list(block)
    locator, previous, errors, shift, last_delta = [1], [1], 0, 1, 1
    for n in range(ec_length):
        delta = syndromes[n]
        for i in range(1, errors + 1):
            if i < len(locator):
                delta ^= _gf_mul(locator[i], syndromes[n - i])
        if delta == 0:
            shift += 1
            continue
        scale = _gf_mul(delta, _gf_inv(last_delta))
        updated = locator + [0] * max(0, len(previous) + shift - len(locator))
        for i, coefficient in enumerate(previous):
            updated[i + shift] ^= _gf_mul(scale, coefficient)
        if 2 * errors <= n:
            previous, errors, last_delta, shift = locator, n + 1 - errors, delta, 1
        else:
            shift += 1
        locator = updated
    if 2 * errors > ec_length:
        return None
    length = len(block)
    # Chien search: position p (power of x, the last codeword is p = 0) is in error when
    # locator(alpha^-p) == 0.
    powers = []
    for p in range(length):
        x, value = _GF_EXP[(255 - p) % 255], 0
        for coefficient in reversed(locator[:errors + 1]):
            value = _gf_mul(value, x) ^ coefficient
        if value == 0:
            powers.append(p)
    if len(powers) != errors:
        return None
    # Error values: syndrome k = sum of value_e * alpha^(k * p_e), solved for the values.
    matrix = [[_GF_EXP[(k * p) % 255] for p in powers] + [syndromes[k]] for k in range(errors)]
    for col in range(errors):
        pivot = next((r for r in range(col, errors) if matrix[r][col]), None)
        if pivot is None:
            return None
        matrix[col], matrix[pivot] = matrix[pivot], matrix[col]
        inverse = _gf_inv(matrix[col][col])
        matrix[col] = [_gf_mul(inverse, v) for v in matrix[col]]
        for r in range(errors):
            if r != col and matrix[r][col]:
                factor = matrix[r][col]
                matrix[r] = [v ^ _gf_mul(factor, w)
                             for v, w in zip(matrix[r], matrix[col], strict=True)]
    corrected = list(block)
    for row, p in zip(matrix, powers, strict=True):
        corrected[length - 1 - p] ^= row[-1]
    return corrected if not any(_syndromes(corrected, ec_length)) else None


# zbar.h: enum zbar_config_e { ENABLE = 0, ADD_CHECK, EMIT_CHECK, ASCII, BINARY, ... } (zbar
# >= 0.23); pyzbar 0.1.9's ZBarConfig predates BINARY, so we name it here.
_ZBAR_CFG_BINARY = 4
_ZBAR_QRCODE = 64
# zbar.h: ZBAR_PARTIAL marks the symbols of a structured-append message with symbols missing;
# its data are the parts present, joined with NUL bytes (qrdectxt.c).
_ZBAR_PARTIAL = 1
_ZBAR_FOURCC_Y800 = int.from_bytes(b"Y800", "little")
# zbar without BINARY transcodes non-ASCII bytes by guessing; these are its guesses, most likely
# first (qrdectxt.c tries Shift-JIS before UTF-8, and Big5 on a false positive).
_ZBAR_GUESSED_ENCODINGS = ("shift_jis", "big5", "latin-1")


def undo_zbar_text_guess(data: bytes) -> bytes:
    """Recover the code's bytes from zbar's UTF-8 re-encoding of a wrongly guessed charset.

    Args:
        data: what zbar returned without ZBAR_CFG_BINARY (always UTF-8).

    Returns:
        The original bytes when re-encoding with one of zbar's guesses gives valid UTF-8 or
        common Chinese GB2312 (`gb2312_text`) that differs from `data`; otherwise `data`.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data
    if text.isascii():
        return data
    undone = []
    for encoding in _ZBAR_GUESSED_ENCODINGS:
        try:
            undone.append(text.encode(encoding))
        except UnicodeEncodeError:
            continue
    # UTF-8 first: it is what most codes carry and it proves itself.
    for original in undone:
        if is_utf8(original):
            return original
    for original in undone:
        if gb2312_text(original) is not None:
            return original
    return data


class PyzbarDecoder:
    """Decoder over zbar through pyzbar's ctypes wrapper; one instance per thread."""

    name = "pyzbar"

    def __init__(self, max_payload_bytes: int = MAX_PAYLOAD_BYTES,
                 max_frame_pixels: int = MAX_FRAME_PIXELS, binary: bool = True) -> None:
        """Open a zbar image scanner.

        Args:
            max_payload_bytes: payloads above this are refused with PayloadTooLarge.
            max_frame_pixels: frames above this are refused with FrameRejected.
            binary: ask zbar for the code's bytes unconverted (ZBAR_CFG_BINARY); when False,
                or when the installed zbar lacks the option, zbar's charset guess is undone.
        """
        from pyzbar import wrapper

        self._zbar = wrapper
        # How many symbols a joined structured-append message came from (zbar.h, not in pyzbar).
        self._components = wrapper.zbar_function(
            "zbar_symbol_get_components", ctypes.c_void_p, ctypes.POINTER(wrapper.zbar_symbol))
        self._set_size = wrapper.zbar_function(
            "zbar_symbol_set_get_size", ctypes.c_int, ctypes.c_void_p)
        self.max_payload_bytes = max_payload_bytes
        self.max_frame_pixels = max_frame_pixels
        self._lock = threading.Lock()
        self._scanner = wrapper.zbar_image_scanner_create()
        if not self._scanner:
            raise MemoryError("zbar could not create an image scanner")
        # 0 means zbar accepted the option; older zbar refuses it and we undo its guesses.
        self.binary = binary and wrapper.zbar_image_scanner_set_config(
            self._scanner, _ZBAR_QRCODE, _ZBAR_CFG_BINARY, 1) == 0

    def __del__(self) -> None:
        scanner, self._scanner = getattr(self, "_scanner", None), None
        if scanner:
            self._zbar.zbar_image_scanner_destroy(scanner)

    def decode(self, frame: np.ndarray) -> list[ScanResult]:
        """Decode every code in a BGR, BGRA or gray uint8 frame (see `Decoder.decode`)."""
        gray = to_gray(frame, self.max_frame_pixels)
        height, width = gray.shape
        pixels = gray.tobytes()
        zbar = self._zbar
        found: list[ScanResult] = []
        oversized: list[tuple[int, str]] = []
        with self._lock:
            image = zbar.zbar_image_create()
            if not image:
                raise MemoryError("zbar could not create an image")
            try:
                zbar.zbar_image_set_format(image, _ZBAR_FOURCC_Y800)
                zbar.zbar_image_set_size(image, width, height)
                data = ctypes.cast(ctypes.c_char_p(pixels), ctypes.c_void_p)  # pixels outlives the image
                zbar.zbar_image_set_data(image, data, len(pixels), None)
                if zbar.zbar_scan_image(self._scanner, image) < 0:
                    raise FrameRejected("zbar refused the image format")
                symbol = zbar.zbar_image_first_symbol(image)
                while symbol:
                    self._read_symbol(symbol, found, oversized)
                    symbol = zbar.zbar_symbol_next(symbol)
            finally:
                zbar.zbar_image_destroy(image)
        return _refuse_oversized(found, oversized, self.max_payload_bytes)

    def _read_symbol(self, symbol, found: list[ScanResult], oversized: list[tuple[int, str]]) -> None:
        zbar = self._zbar
        if symbol.contents.type == _ZBAR_PARTIAL:
            return  # a structured-append message with symbols missing: no text until all are seen
        try:
            symbology = symbology_name(zbar.ZBarSymbol(symbol.contents.type).name)
        except ValueError:
            symbology = f"zbar{symbol.contents.type}"
        # Look at the length before copying anything out of zbar; a joined structured-append
        # message may hold up to the limit per symbol.
        length = zbar.zbar_symbol_get_data_length(symbol)
        components = self._components(symbol)
        symbols = max(1, self._set_size(components)) if components else 1
        if length > self.max_payload_bytes * symbols:
            oversized.append((length, symbology))
            return
        raw = ctypes.string_at(zbar.zbar_symbol_get_data(symbol), length)
        if not self.binary:
            raw = undo_zbar_text_guess(raw)
        # zbar honours the ECIs it knows before handing over bytes; the rest it leaves to us.
        text = code_text(raw)
        if text is None:
            return
        points = [(zbar.zbar_symbol_get_loc_x(symbol, i), zbar.zbar_symbol_get_loc_y(symbol, i))
                  for i in range(zbar.zbar_symbol_get_loc_size(symbol))]
        if len(points) > 4:
            # Linear codes report one point per scan line; the corners are what callers draw.
            hull = cv2.boxPoints(cv2.minAreaRect(np.array(points, dtype=np.float32)))
            points = [(int(round(x)), int(round(y))) for x, y in hull]
        found.append(ScanResult(text, raw, symbology, tuple(points)))


def default_decoder() -> Decoder:
    """The decoder the kiosks use, chosen from the `bench/qr_decode.py` figures."""
    # bench/qr_decode.py (2 cores, zxing-cpp 3.1.1, zbar 0.23.92), wrapper vs library alone:
    #   280 seeded 640x480 frames: zxing 98.2 % (library 98.2 %), 13.1 ms/frame;
    #                              pyzbar 92.1 % (92.1 %), 31.0 ms/frame.
    #   public photos, 26 codes:   zxing 92.3 % (92.3 %); pyzbar 88.5 % (88.5 %).
    #   public samples, 38 codes:  zxing 100 % (86.8 %); pyzbar 84.2 % (71.1 %).
    #   wrong texts:               zxing 0 (library 11); pyzbar 0 (library 2).
    # ZXing wins everywhere; zbar falls behind most on sensor noise (70 % vs 100 %) and reads no
    # Data Matrix, PDF417, Micro QR or Hanzi mode.
    return ZxingDecoder()
