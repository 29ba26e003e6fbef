"""Find and decode the codes in a camera frame: one interface over zbar and ZXing-C++.

Both backends hand back the payload's raw bytes and we turn them into text ourselves, so a
Chinese UTF-8 payload reads the same from either: zbar guesses text encodings (and can pick
Shift-JIS or Big5 for UTF-8 bytes, pyzbar #14/#55/#95, zbar #212), so we ask it for the bytes
unconverted with ZBAR_CFG_BINARY and fall back to undoing its guess when the library is too old.
"""
from __future__ import annotations

import ctypes
import threading
from typing import Protocol

import cv2
import numpy as np

from drivers.scan.result import (
    MAX_PAYLOAD_BYTES,
    FrameRejected,
    PayloadTooLarge,
    ScanResult,
    payload_text,
    symbology_name,
)

# 4096 x 3072 (12.6 MP) is above any kiosk camera; a bigger array is a bug or an attack and
# would cost seconds of decoding.
MAX_FRAME_PIXELS = 4096 * 3072


class Decoder(Protocol):
    """Finds the codes in one frame."""

    name: str

    def decode(self, frame: np.ndarray) -> list[ScanResult]:
        """Decode every code in a BGR, BGRA or gray uint8 frame.

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
    if frame.ndim == 3 and frame.shape[2] == 3:
        return cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    if frame.ndim == 3 and frame.shape[2] == 4:
        return cv2.cvtColor(frame, cv2.COLOR_BGRA2GRAY)
    if frame.ndim == 3:
        frame = frame[:, :, 0]
    return np.ascontiguousarray(frame)


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
        gray = to_gray(frame, self.max_frame_pixels)
        found: list[ScanResult] = []
        oversized: list[tuple[int, str]] = []
        for barcode in self._zxing.read_barcodes(gray):
            if not barcode.valid:
                continue
            symbology = symbology_name(barcode.format.name)
            raw = barcode.bytes
            if len(raw) > self.max_payload_bytes:
                oversized.append((len(raw), symbology))
                continue
            raw = bytes(raw)
            # A code that declares its character set (ECI) is decoded by ZXing as declared;
            # without ECI, ZXing guesses ISO-8859-1 for GBK bytes, so we use our own rule.
            text = barcode.text if _declares_eci(barcode.symbology_identifier) else payload_text(raw)
            pos = barcode.position
            corners = tuple((int(p.x), int(p.y)) for p in
                            (pos.top_left, pos.top_right, pos.bottom_right, pos.bottom_left))
            found.append(ScanResult(text, raw, symbology, corners))
        return _refuse_oversized(found, oversized, self.max_payload_bytes)


def _declares_eci(symbology_identifier: str) -> bool:
    # ISO/IEC 15424 modifiers: QR "]Q2/4/6" and Data Matrix "]d4/5/6" mean an ECI is present.
    if len(symbology_identifier) != 3:
        return False
    kind, modifier = symbology_identifier[1], symbology_identifier[2]
    return (kind == "Q" and modifier in "246") or (kind == "d" and modifier in "456")


# zbar.h: enum zbar_config_e { ENABLE = 0, ADD_CHECK, EMIT_CHECK, ASCII, BINARY, ... } (zbar
# >= 0.23); pyzbar 0.1.9's ZBarConfig predates BINARY, so we name it here.
_ZBAR_CFG_BINARY = 4
_ZBAR_QRCODE = 64
_ZBAR_FOURCC_Y800 = int.from_bytes(b"Y800", "little")
# zbar without BINARY transcodes non-ASCII bytes by guessing; these are its guesses, most likely
# first (qrdectxt.c tries Shift-JIS before UTF-8, and Big5 on a false positive).
_ZBAR_GUESSED_ENCODINGS = ("shift_jis", "big5", "latin-1")


def undo_zbar_text_guess(data: bytes) -> bytes:
    """Recover the code's bytes from zbar's UTF-8 re-encoding of a wrongly guessed charset.

    Args:
        data: what zbar returned without ZBAR_CFG_BINARY (always UTF-8).

    Returns:
        The original bytes when re-encoding with one of zbar's guesses gives valid UTF-8 that
        differs from `data`; otherwise `data` unchanged.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data
    if text.isascii():
        return data
    for encoding in _ZBAR_GUESSED_ENCODINGS:
        try:
            original = text.encode(encoding)
            original.decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
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
                zbar.zbar_image_set_data(image, ctypes.cast(pixels, ctypes.c_void_p), len(pixels), None)
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
        try:
            symbology = symbology_name(zbar.ZBarSymbol(symbol.contents.type).name)
        except ValueError:
            symbology = f"zbar{symbol.contents.type}"
        # Look at the length before copying anything out of zbar.
        length = zbar.zbar_symbol_get_data_length(symbol)
        if length > self.max_payload_bytes:
            oversized.append((length, symbology))
            return
        raw = ctypes.string_at(zbar.zbar_symbol_get_data(symbol), length)
        if not self.binary:
            raw = undo_zbar_text_guess(raw)
        points = [(zbar.zbar_symbol_get_loc_x(symbol, i), zbar.zbar_symbol_get_loc_y(symbol, i))
                  for i in range(zbar.zbar_symbol_get_loc_size(symbol))]
        if len(points) > 4:
            # Linear codes report one point per scan line; the corners are what callers draw.
            hull = cv2.boxPoints(cv2.minAreaRect(np.array(points, dtype=np.float32)))
            points = [(int(round(x)), int(round(y))) for x, y in hull]
        found.append(ScanResult(payload_text(raw), raw, symbology, tuple(points)))


def default_decoder() -> Decoder:
    """The decoder the kiosks use, chosen from the `bench/qr_decode.py` figures."""
    # bench/qr_decode.py, 280 seeded 640x480 frames (2 cores, zxing-cpp 3.1.1, zbar 0.23.92):
    #   zxing  98.2 % recognised, 21.4 ms/frame; pyzbar 92.1 %, 35.4 ms/frame.
    # ZXing wins on both; zbar fell behind most on sensor noise (70 % vs 100 %).
    return ZxingDecoder()
