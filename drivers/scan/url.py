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
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, Protocol

from pydantic import Field, ValidationInfo, model_validator

from drivers import registry
from drivers.registry import PYSERIAL_SCHEMES, BadDeviceUrl, DeviceAddress, Parameters, pyserial_url
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
    options: dict[str, Any] = field(default_factory=dict)  # as DeviceAddress.given: each driver's model types its own


_VIDEO_SUFFIXES = frozenset({".mp4", ".avi", ".mkv", ".mov", ".webm", ".m4v", ".mjpeg", ".mjpg"})
NotNegativeInt = Annotated[int, Field(ge=0)]
NotNegativeFloat = Annotated[float, Field(ge=0)]


class DecodingParameters(Parameters):
    """What every scanner that decodes frames takes: the decoder and how long a code must be away."""

    decoder: Literal["zxing", "pyzbar"] | None = None
    leave_after: NotNegativeFloat | None = None
    max_bytes: NotNegativeInt | None = None


def camera_kind(target: str) -> str:
    """What a camera:// target is: "camera" (an index or a V4L2 device), "video" or "images"."""
    if target.isdigit() or target.startswith("/dev/"):
        return "camera"
    return "video" if pathlib.Path(target).suffix.lower() in _VIDEO_SUFFIXES else "images"


class CameraParameters(DecodingParameters):
    """camera:// takes width and height for a camera, interval (s) for a folder of images."""

    width: NotNegativeInt | None = None
    height: NotNegativeInt | None = None
    interval: NotNegativeFloat | None = None

    @model_validator(mode="after")
    def _fits_the_source(self, info: ValidationInfo) -> CameraParameters:
        kind = camera_kind((info.context or {}).get("target", ""))
        allowed = {"camera": {"width", "height"}, "video": set(), "images": {"interval"}}[kind]
        wrong = sorted(self.model_fields_set & ({"width", "height", "interval"} - allowed))
        if wrong:
            raise ValueError(f"option {wrong[0]!r} unknown for a {kind} scanner")
        return self


class SerialScanParameters(Parameters):
    """A line-protocol scanner on a serial port: its speed and the longest line."""

    baud: NotNegativeInt | None = None
    max_bytes: NotNegativeInt | None = None


class HidParameters(Parameters):
    """A keyboard-wedge scanner: exclusive grab, the gap that ends a burst, the shortest code."""

    grab: bool | None = None
    max_gap_ms: NotNegativeFloat | None = None
    min_length: NotNegativeInt | None = None
    max_bytes: NotNegativeInt | None = None


class SimScanParameters(DecodingParameters):
    """The camera simulator: frames a second, real time or as fast as read, the scene's seed."""

    fps: NotNegativeFloat | None = None
    realtime: bool | None = None
    seed: NotNegativeInt | None = None


_SERIAL_OPTIONS = frozenset(SerialScanParameters.model_fields)


def scanner_url(address: DeviceAddress) -> ScannerUrl:
    """The scanner a parsed scanner URL names."""
    options = address.given
    scheme = address.scheme
    if scheme.startswith("serial+"):
        # The rest is a pyserial URL with its own options; only ours are taken out.
        target = pyserial_url(address, scheme.removeprefix("serial+"), _SERIAL_OPTIONS)
        return ScannerUrl("serial", target, {k: v for k, v in options.items() if k in _SERIAL_OPTIONS})
    if scheme == "camera":
        kind = camera_kind(address.target)
        target = address.target if kind == "camera" else str(pathlib.Path(address.target))
        return ScannerUrl(kind, target, options)
    return ScannerUrl(scheme, address.target, options)


def parse_scanner_url(url: str) -> ScannerUrl:
    """Parse and check a scanner URL (formats in the module docstring; parsed by `drivers.registry`).

    Raises:
        BadScannerUrl: unknown scheme, missing device, unknown or malformed option.
    """
    try:
        return scanner_url(registry.parse_device_url("scanner", url))
    except BadDeviceUrl as exc:
        raise BadScannerUrl(str(exc)) from None


def open_scanner(url: str) -> CodeScanner:
    """Open the scanner a URL names.

    Raises:
        BadScannerUrl: the URL is malformed.
        DeviceUnavailable: the device, file or folder does not open.
    """
    try:
        address = registry.parse_device_url("scanner", url)
    except BadDeviceUrl as exc:
        raise BadScannerUrl(str(exc)) from None
    return open_scanner_at(address)


def open_scanner_at(address: DeviceAddress) -> CodeScanner:
    """Open the scanner a parsed scanner URL names (the registry's opener).

    Raises:
        DeviceUnavailable: the device, file or folder does not open.
    """
    from drivers.scan.camera import CameraScanner, FrameSource, ImageFolderSource, OpenCvCamera, VideoFileSource
    from drivers.scan.decode import Decoder, PyzbarDecoder, ZxingDecoder, default_decoder
    from drivers.scan.hid import HidScanner
    from drivers.scan.serial_scanner import SerialScanner

    spec = scanner_url(address)
    opts = spec.options
    max_bytes = int(opts.get("max_bytes", MAX_PAYLOAD_BYTES))
    if spec.kind == "serial":
        return SerialScanner(spec.target, baudrate=int(opts.get("baud", 9600)), max_line_bytes=max_bytes)
    if spec.kind == "hid":
        return HidScanner([spec.target] if spec.target else None, grab=bool(opts.get("grab", False)),
                          max_gap=float(opts.get("max_gap_ms", 30.0)) / 1000,
                          min_length=int(opts.get("min_length", 4)), max_length=max_bytes)
    decoder: Decoder
    if "decoder" in opts or "max_bytes" in opts:
        decoder_class = PyzbarDecoder if opts.get("decoder") == "pyzbar" else ZxingDecoder
        decoder = decoder_class(max_payload_bytes=max_bytes)
    else:
        decoder = default_decoder()
    source: FrameSource
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


registry.register("camera", "scanner", open_scanner_at, CameraParameters, target=registry.INDEX_OR_PATH,
                  example="camera://0")
registry.register("serial", "scanner", open_scanner_at, SerialScanParameters, target=registry.PATH,
                  example="serial:///dev/ttyACM0")
registry.register("hid", "scanner", open_scanner_at, HidParameters, target=registry.OPTIONAL_PATH,
                  example="hid:///dev/input/event5")
for _scheme, (_form, _options) in PYSERIAL_SCHEMES.items():
    registry.register(f"serial+{_scheme}", "scanner", open_scanner_at,
                      registry.with_options(SerialScanParameters, _options), target=_form)
