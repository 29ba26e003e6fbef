"""Camera scanning: frame sources (camera, video file, image folder) and the frame loop.

The frame loop reports each code once per presentation: a citizen holding a ticket QR under
the camera for five seconds is one scan, and the same ticket shown again after it has been
taken away (out of view for `leave_after` seconds) is a second scan.
"""
from __future__ import annotations

import collections
import logging
import pathlib
import time
from typing import NamedTuple, Protocol
from collections.abc import Callable, Iterator

import cv2
import numpy as np

from drivers.scan.decode import Decoder, default_decoder
from drivers.scan.result import (
    DeviceUnavailable,
    PayloadTooLarge,
    ScanError,
    ScanResult,
    SourceEnded,
)

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp", ".pgm", ".ppm"})

# A live camera that fails this many reads in a row has been unplugged or has hung.
CAMERA_READ_FAILURES_BEFORE_GONE = 10


class Frame(NamedTuple):
    """One picture with the time it was taken, in seconds on the source's own clock."""

    timestamp: float
    image: np.ndarray


class FrameSource(Protocol):
    """Anything that delivers frames: a camera, a video file, an image folder, the simulator."""

    def read(self) -> Frame:
        """Return the next frame.

        Raises:
            SourceEnded: a file or folder has no more frames.
            DeviceUnavailable: a live camera cannot deliver frames.
        """
        ...

    def close(self) -> None:
        """Release the device or file."""
        ...


class OpenCvCamera:
    """A live camera by device index, through OpenCV VideoCapture (V4L2 on the kiosks)."""

    def __init__(self, index: int | str, width: int | None = None, height: int | None = None) -> None:
        """Open camera `index` (0 for /dev/video0, or a device path), optionally asking for a size.

        Raises:
            DeviceUnavailable: the camera does not open.
        """
        self.index = index
        self._capture = cv2.VideoCapture(index)
        if not self._capture.isOpened():
            self._capture.release()
            raise DeviceUnavailable(f"camera {index} does not open")
        if width and height:
            self._capture.set(cv2.CAP_PROP_FRAME_WIDTH, width)
            self._capture.set(cv2.CAP_PROP_FRAME_HEIGHT, height)

    def read(self) -> Frame:
        """Return the next frame, stamped with the monotonic clock."""
        for _ in range(CAMERA_READ_FAILURES_BEFORE_GONE):
            ok, image = self._capture.read()
            if ok and image is not None:
                return Frame(time.monotonic(), image)
        raise DeviceUnavailable(f"camera {self.index} stopped delivering frames")

    def close(self) -> None:
        """Release the camera."""
        self._capture.release()


class VideoFileSource:
    """Frames of a recorded video, stamped with their position in the video."""

    def __init__(self, path: str | pathlib.Path) -> None:
        """Open a video file.

        Raises:
            DeviceUnavailable: the file is missing or not a video OpenCV can read.
        """
        self.path = pathlib.Path(path)
        if not self.path.is_file():
            raise DeviceUnavailable(f"video file {self.path} not found")
        self._capture = cv2.VideoCapture(str(self.path))
        if not self._capture.isOpened():
            self._capture.release()
            raise DeviceUnavailable(f"video file {self.path} cannot be read")
        fps = self._capture.get(cv2.CAP_PROP_FPS)
        self._frame_interval = 1.0 / fps if fps and fps > 0 else 1.0 / 25
        self._index = 0

    def read(self) -> Frame:
        """Return the next frame; its timestamp is its frame index over the video's frame rate."""
        ok, image = self._capture.read()
        if not ok or image is None:
            raise SourceEnded(f"end of {self.path.name}")
        frame = Frame(self._index * self._frame_interval, image)
        self._index += 1
        return frame

    def close(self) -> None:
        """Close the file."""
        self._capture.release()


class ImageFolderSource:
    """Still images played as frames, in name order, `frame_interval` seconds apart."""

    def __init__(self, path: str | pathlib.Path, frame_interval: float = 0.1) -> None:
        """Open a folder of images, or one image file.

        Raises:
            DeviceUnavailable: the path is missing or holds no images.
        """
        self.path = pathlib.Path(path)
        if self.path.is_dir():
            self._files = sorted(p for p in self.path.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        elif self.path.is_file():
            self._files = [self.path]
        else:
            raise DeviceUnavailable(f"image folder {self.path} not found")
        if not self._files:
            raise DeviceUnavailable(f"no images in {self.path}")
        self.frame_interval = frame_interval
        self._index = 0

    def read(self) -> Frame:
        """Return the next image; an unreadable file is skipped with a warning."""
        while self._index < len(self._files):
            file = self._files[self._index]
            timestamp = self._index * self.frame_interval
            self._index += 1
            image = cv2.imread(str(file), cv2.IMREAD_COLOR)
            if image is not None:
                return Frame(timestamp, image)
            log.warning("image %s cannot be read, skipped", file.name)
        raise SourceEnded(f"end of {self.path.name}")

    def close(self) -> None:
        """Nothing to release."""


class PresentationTracker:
    """Tells a new presentation of a code from the same code still (or briefly lost) in view.

    Pure logic over (timestamp, codes seen in this frame), so it is tested without a camera.
    """

    def __init__(self, leave_after: float = 1.0) -> None:
        """Args:
            leave_after: seconds a code must be out of view before showing it again counts.
        """
        self.leave_after = leave_after
        self._last_seen: dict[object, float] = {}

    def new_codes(self, timestamp: float, keys: list[object]) -> list[object]:
        """Record the codes seen at `timestamp` and return those newly presented, in order."""
        for key, seen in list(self._last_seen.items()):
            if timestamp - seen >= self.leave_after:
                del self._last_seen[key]
        fresh = []
        for key in keys:
            if key not in self._last_seen and key not in fresh:
                fresh.append(key)
            self._last_seen[key] = timestamp
        return fresh

    def in_view(self) -> int:
        """How many codes are counted as still in view."""
        return len(self._last_seen)


def _rejection_key(error: PayloadTooLarge) -> tuple[str, str, int]:
    # Oversized payloads are never copied out, so one is told from another by kind and size.
    return ("refused", error.symbology, error.size)


class CameraScanner:
    """Scans codes from a frame source; each code is reported once per presentation."""

    def __init__(self, source: FrameSource, decoder: Decoder | None = None, leave_after: float = 1.0,
                 on_refused: Callable[[ScanError], None] | None = None) -> None:
        """Args:
            source: camera, video file, image folder or simulator.
            decoder: defaults to `default_decoder()`.
            leave_after: seconds out of view before the same code counts again.
            on_refused: called once per presentation of a refused (oversized) code; by default
                the refusal is logged as a warning, without content.
        """
        self.source = source
        self.decoder = decoder or default_decoder()
        self.tracker = PresentationTracker(leave_after)
        self.on_refused = on_refused or (lambda error: log.warning("code refused: %s", error))
        self._pending: collections.deque[ScanResult] = collections.deque()

    def read(self, timeout: float | None = None) -> ScanResult | None:
        """Return the next newly presented code, or None when `timeout` seconds pass first.

        Raises:
            SourceEnded: a file or folder source has no more frames.
            DeviceUnavailable: the camera is gone.
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self._pending:
            if deadline is not None and time.monotonic() >= deadline:
                return None
            self.scan_frame(self.source.read())
        return self._pending.popleft()

    def scan_frame(self, frame: Frame) -> list[ScanResult]:
        """Decode one frame and return (and queue for `read`) the codes newly presented in it."""
        refused: PayloadTooLarge | None = None
        try:
            results = self.decoder.decode(frame.image)
        except PayloadTooLarge as error:
            refused, results = error, error.others
        keys: list[object] = [(r.symbology, r.raw_bytes) for r in results]
        if refused is not None:
            keys.append(_rejection_key(refused))
        fresh = set(self.tracker.new_codes(frame.timestamp, keys))
        if refused is not None and _rejection_key(refused) in fresh:
            self.on_refused(refused)
        new = []
        for result in results:
            key = (result.symbology, result.raw_bytes)
            if key in fresh:
                fresh.discard(key)
                new.append(result)
        self._pending.extend(new)
        return new

    def __iter__(self) -> Iterator[ScanResult]:
        """Yield newly presented codes until the source ends."""
        while True:
            try:
                result = self.read()
            except SourceEnded:
                return
            if result is not None:
                yield result

    def close(self) -> None:
        """Close the frame source."""
        self.source.close()
