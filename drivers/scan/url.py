"""Scanner URLs: one string in the hall configuration says which scanner and how to open it.

    camera://0                       camera by index (camera://0?width=1280&height=720)
    camera:///dev/video2             camera by V4L2 device path
    camera:///srv/clips/queue.mp4    a recorded video
    camera:///srv/clips/frames/      a folder of images (or one image file), ?interval=0.1 s apart
    serial:///dev/ttyACM0?baud=9600  line-protocol scanner on a serial port
    serial+loop://                   any other pyserial URL after "serial+": loop://,
    serial+socket://host:7002        socket://, rfc2217://, spy://...
    hid://                           every keyboard-wedge device under /dev/input/by-id
    hid:///dev/input/event5?grab=1   one evdev device, optionally taken exclusively
    sim://                           camera simulator (sim:///folder plays images as the scene)

Camera and simulator URLs also take ?decoder=zxing|pyzbar and ?leave_after=1.0 (seconds a code
must be away before it counts again); every scanner takes ?max_bytes=2048.
"""
from __future__ import annotations

import pathlib
import urllib.parse
from dataclasses import dataclass, field
from typing import Protocol

from drivers.scan.result import MAX_PAYLOAD_BYTES, ScanError, ScanResult


class BadScannerUrl(ScanError, ValueError):
    """A scanner URL that names no scanner we can open."""


class CodeScanner(Protocol):
    """What every scanner (camera, serial, keyboard wedge, simulator) offers the device host."""

    def read(self, timeout: float | None = None) -> ScanResult | None:
        """Return the next code presented, or None when `timeout` seconds pass first."""
        ...

    def close(self) -> None:
        """Release the device."""
        ...


@dataclass(frozen=True)
class ScannerUrl:
    """A parsed scanner URL.

    Attributes:
        kind: "camera", "video", "images", "serial", "hid" or "sim".
        target: camera index or device path, file or folder path, pyserial URL, evdev path
            ("" for every keyboard device, or for the default simulator).
        options: the query options, checked and converted.
    """

    kind: str
    target: str
    options: dict[str, object] = field(default_factory=dict)


_VIDEO_SUFFIXES = frozenset({".mp4", ".avi", ".mkv", ".mov", ".webm", ".m4v", ".mjpeg", ".mjpg"})
_CAMERA_OPTIONS = {"width": int, "height": int, "decoder": str, "leave_after": float, "max_bytes": int}
_OPTIONS = {
    "camera": _CAMERA_OPTIONS,
    "video": {"decoder": str, "leave_after": float, "max_bytes": int},
    "images": {"decoder": str, "leave_after": float, "max_bytes": int, "interval": float},
    "serial": {"baud": int, "max_bytes": int},
    "hid": {"grab": bool, "max_gap_ms": float, "min_length": int, "max_bytes": int},
    "sim": {"decoder": str, "leave_after": float, "max_bytes": int, "fps": float,
            "realtime": bool, "seed": int},
}


def _convert(kind: str, name: str, value: str, url: str) -> object:
    convert = _OPTIONS[kind].get(name)
    if convert is None:
        raise BadScannerUrl(f"{url}: option {name!r} unknown for a {kind} scanner")
    try:
        if convert is bool:
            if value.lower() not in ("1", "0", "true", "false", "yes", "no"):
                raise ValueError(value)
            return value.lower() in ("1", "true", "yes")
        converted = convert(value)
    except ValueError:
        raise BadScannerUrl(f"{url}: option {name}={value!r} is not a {convert.__name__}") from None
    if name == "decoder" and converted not in ("zxing", "pyzbar"):
        raise BadScannerUrl(f"{url}: decoder must be zxing or pyzbar")
    if isinstance(converted, (int, float)) and not isinstance(converted, bool) and converted < 0:
        raise BadScannerUrl(f"{url}: option {name} must not be negative")
    return converted


def parse_scanner_url(url: str) -> ScannerUrl:
    """Parse and check a scanner URL (formats in the module docstring).

    Raises:
        BadScannerUrl: unknown scheme, missing device, unknown or malformed option.
    """
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    if scheme.startswith("serial+"):
        # The rest is a pyserial URL with its own options; only ours are taken out.
        inner = scheme.removeprefix("serial+")
        ours = {k: _convert("serial", k, v, url) for k, v in query if k in _OPTIONS["serial"]}
        rest = urllib.parse.urlencode([(k, v) for k, v in query if k not in _OPTIONS["serial"]])
        # Built by hand: urlunsplit drops the "//" of an empty host, and pyserial needs "loop://".
        target = f"{inner}://{parts.netloc}{parts.path}" + (f"?{rest}" if rest else "")
        return ScannerUrl("serial", target, ours)
    if scheme == "camera":
        if parts.netloc and parts.path:
            raise BadScannerUrl(f"{url}: give a camera index (camera://0) or a path (camera:///path)")
        if parts.netloc:
            if not parts.netloc.isdigit():
                raise BadScannerUrl(f"{url}: camera index must be a number")
            kind, target = "camera", parts.netloc
        elif parts.path.startswith("/dev/"):
            kind, target = "camera", parts.path
        elif parts.path:
            path = pathlib.Path(urllib.parse.unquote(parts.path))
            kind = "video" if path.suffix.lower() in _VIDEO_SUFFIXES else "images"
            target = str(path)
        else:
            raise BadScannerUrl(f"{url}: camera URL names no camera, video or folder")
    elif scheme == "serial":
        if parts.netloc or not parts.path:
            raise BadScannerUrl(f"{url}: serial URL needs a device path, serial:///dev/ttyACM0")
        kind, target = "serial", urllib.parse.unquote(parts.path)
    elif scheme == "hid":
        if parts.netloc:
            raise BadScannerUrl(f"{url}: hid URL takes a path, hid:///dev/input/event5")
        kind, target = "hid", urllib.parse.unquote(parts.path)
    elif scheme == "sim":
        kind, target = "sim", urllib.parse.unquote(parts.netloc + parts.path)
    else:
        raise BadScannerUrl(f"{url}: unknown scanner scheme {parts.scheme!r}")
    return ScannerUrl(kind, target, {k: _convert(kind, k, v, url) for k, v in query})


def open_scanner(url: str) -> CodeScanner:
    """Open the scanner a URL names.

    Raises:
        BadScannerUrl: the URL is malformed.
        DeviceUnavailable: the device, file or folder does not open.
    """
    from drivers.scan.camera import CameraScanner, ImageFolderSource, OpenCvCamera, VideoFileSource
    from drivers.scan.decode import PyzbarDecoder, ZxingDecoder, default_decoder
    from drivers.scan.hid import HidScanner
    from drivers.scan.serial_scanner import SerialScanner

    spec = parse_scanner_url(url)
    opts = spec.options
    max_bytes = int(opts.get("max_bytes", MAX_PAYLOAD_BYTES))
    if spec.kind == "serial":
        return SerialScanner(spec.target, baudrate=int(opts.get("baud", 9600)), max_line_bytes=max_bytes)
    if spec.kind == "hid":
        return HidScanner([spec.target] if spec.target else None, grab=bool(opts.get("grab", False)),
                          max_gap=float(opts.get("max_gap_ms", 30.0)) / 1000,
                          min_length=int(opts.get("min_length", 4)), max_length=max_bytes)
    if "decoder" in opts or "max_bytes" in opts:
        decoder_class = PyzbarDecoder if opts.get("decoder") == "pyzbar" else ZxingDecoder
        decoder = decoder_class(max_payload_bytes=max_bytes)
    else:
        decoder = default_decoder()
    if spec.kind == "camera":
        source = OpenCvCamera(int(spec.target) if spec.target.isdigit() else spec.target,
                              opts.get("width"), opts.get("height"))
    elif spec.kind == "video":
        source = VideoFileSource(spec.target)
    elif spec.kind == "images":
        source = ImageFolderSource(spec.target, float(opts.get("interval", 0.1)))
    else:
        from drivers.sim.camera_sim import CameraSim

        source = CameraSim(spec.target or None, fps=float(opts.get("fps", 15.0)),
                           realtime=bool(opts.get("realtime", True)), seed=int(opts.get("seed", 0)))
    return CameraScanner(source, decoder, leave_after=float(opts.get("leave_after", 1.0)))
