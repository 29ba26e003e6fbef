"""QR and barcode scanning: decoders, camera / serial / keyboard-wedge scanners, scanner URLs.

The device host opens a scanner with `open_scanner(url)` and calls `read(timeout)` in its
service thread; every scanner kind returns the same `ScanResult`.
"""
from drivers.scan.camera import (
    CameraScanner,
    Frame,
    FrameSource,
    ImageFolderSource,
    OpenCvCamera,
    PresentationTracker,
    VideoFileSource,
)
from drivers.scan.decode import Decoder, PyzbarDecoder, ZxingDecoder, default_decoder
from drivers.scan.hid import HidScanner, ScanBurstDetector
from drivers.scan.result import (
    MAX_PAYLOAD_BYTES,
    DeviceUnavailable,
    FrameRejected,
    PayloadTooLarge,
    ScanError,
    ScanResult,
    SourceEnded,
    payload_text,
)
from drivers.scan.serial_scanner import ScanLineFramer, SerialScanner
from drivers.scan.url import BadScannerUrl, CodeScanner, ScannerUrl, open_scanner, parse_scanner_url

__all__ = [
    "MAX_PAYLOAD_BYTES", "BadScannerUrl", "CameraScanner", "CodeScanner", "Decoder",
    "DeviceUnavailable", "Frame", "FrameRejected", "FrameSource", "HidScanner",
    "ImageFolderSource", "OpenCvCamera", "PayloadTooLarge", "PresentationTracker",
    "PyzbarDecoder", "ScanBurstDetector", "ScanError", "ScanLineFramer", "ScanResult",
    "ScannerUrl", "SerialScanner", "SourceEnded", "VideoFileSource", "ZxingDecoder",
    "default_decoder", "open_scanner", "parse_scanner_url", "payload_text",
]
