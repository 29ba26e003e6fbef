"""A camera simulator: frames from images, or QR codes shown on command on a noisy desk.

It is a frame source like `drivers.scan.camera.OpenCvCamera`, so the scanner's frame loop runs on
it unchanged. Its clock is virtual by default (frame n is at n / fps seconds, no sleeping), which
makes tests fast and exact; `realtime=True` paces frames at `fps` on the monotonic clock.
"""
from __future__ import annotations

import pathlib
import threading
import time

import numpy as np
import qrcode
import qrcode.constants

from drivers.scan.camera import Frame, ImageFolderSource
from drivers.scan.result import SourceEnded


def render_qr(payload: str | bytes, module_px: int = 5, border: int = 4) -> np.ndarray:
    """Draw a QR code as a gray uint8 image (dark modules 0, light 255).

    Args:
        payload: text (encoded UTF-8, as hall systems issue codes) or bytes (put as they are).
        module_px: pixels per module.
        border: quiet zone, in modules.
    """
    code = qrcode.QRCode(border=border, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(payload.encode("utf-8") if isinstance(payload, str) else payload)
    code.make(fit=True)
    modules = np.array(code.get_matrix(), dtype=bool)
    image = np.where(modules, 0, 255).astype(np.uint8)
    return np.kron(image, np.ones((module_px, module_px), dtype=np.uint8))


class CameraSim:
    """A simulated kiosk camera; `present(payload)` holds a code under it, `clear()` takes it away."""

    def __init__(self, images: list[np.ndarray] | str | pathlib.Path | None = None,
                 size: tuple[int, int] = (640, 480), fps: float = 15.0, realtime: bool = False,
                 noise: float = 8.0, seed: int = 0) -> None:
        """Args:
            images: the empty scene, played in a loop: a list of BGR/gray images or a folder of
                image files; None for a noisy gray desk.
            size: (width, height) of generated frames.
            fps: frame rate; the virtual clock advances 1 / fps per frame.
            realtime: pace frames at `fps` and stamp them with the monotonic clock.
            noise: standard deviation of the sensor noise added to generated frames.
            seed: makes the noise and code placement repeatable.
        """
        self.width, self.height = size
        self.fps = fps
        self.realtime = realtime
        self._rng = np.random.default_rng(seed)
        self._noise = [self._rng.normal(0, noise, (self.height, self.width)).astype(np.int16)
                       for _ in range(4)] if noise > 0 else [np.zeros((self.height, self.width), np.int16)]
        if isinstance(images, (str, pathlib.Path)):
            folder = ImageFolderSource(images)
            images = []
            try:
                while True:
                    images.append(folder.read().image)
            except SourceEnded:
                pass
        self._scene = list(images) if images else []
        self._lock = threading.Lock()
        self._shown: np.ndarray | None = None
        self._frames = 0
        self._closed = False
        self._started = time.monotonic()

    def present(self, payload: str | bytes, module_px: int = 5) -> None:
        """Hold a QR code with `payload` under the camera until `clear()` or another `present`.

        A code too big for the frame at `module_px` is held farther away (smaller modules, down to
        3 px, which the decoders still read), as a citizen does with a long code.
        """
        code = render_qr(payload, module_px)
        while module_px > 3 and (code.shape[0] > self.height or code.shape[1] > self.width):
            module_px -= 1
            code = render_qr(payload, module_px)
        h, w = code.shape
        if h > self.height or w > self.width:
            raise ValueError(f"a {w}x{h} code does not fit a {self.width}x{self.height} frame")
        # Citizens never hold a code in the same place twice; place it a little off-centre.
        x = int(self._rng.integers(0, self.width - w + 1))
        y = int(self._rng.integers(0, self.height - h + 1))
        scene = np.full((self.height, self.width), 170, np.uint8)
        scene[y:y + h, x:x + w] = code
        self.present_image(scene)

    def present_image(self, image: np.ndarray) -> None:
        """Show a given image (BGR or gray) until `clear()`; noise is added to gray ones."""
        with self._lock:
            self._shown = image

    def clear(self) -> None:
        """Take the code away: the camera sees the empty scene again."""
        with self._lock:
            self._shown = None

    def read(self) -> Frame:
        """Return the next frame.

        Raises:
            SourceEnded: the simulator was closed.
        """
        if self._closed:
            raise SourceEnded("camera simulator closed")
        index = self._frames
        self._frames += 1
        if self.realtime:
            delay = self._started + index / self.fps - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            timestamp = time.monotonic()
        else:
            timestamp = index / self.fps
        with self._lock:
            shown = self._shown
        if shown is None and self._scene:
            return Frame(timestamp, self._scene[index % len(self._scene)])
        base = shown if shown is not None else np.full((self.height, self.width), 170, np.uint8)
        if base.ndim == 2 and base.shape == (self.height, self.width):
            noisy = base.astype(np.int16) + self._noise[index % len(self._noise)]
            return Frame(timestamp, np.clip(noisy, 0, 255).astype(np.uint8))
        return Frame(timestamp, base)

    def close(self) -> None:
        """Stop delivering frames."""
        self._closed = True


if __name__ == "__main__":
    import sys

    from drivers.scan.camera import CameraScanner

    camera = CameraSim()
    scanner = CameraScanner(camera)
    for text in sys.argv[1:] or ["预约:2026-11-23 09:30 综合受理"]:
        camera.present(text)
        result = scanner.read(timeout=2.0)
        print(f"presented {text!r}: read {result.text if result else None!r}")
        camera.clear()
        for _ in range(int(camera.fps * 1.5)):
            scanner.scan_frame(camera.read())
