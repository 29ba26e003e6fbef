"""Window LED screen simulator: takes EQ text protocol frames on TCP and/or a pty, shows them.

It keeps the current text and colours per screen address (one TCP port or serial line can feed a
bus of screens, as an RS-485 line does) and renders each screen as text and as a PNG (coloured
text on black). Run it: ``python -m drivers.sim.led_sim --tcp 5005 [--pty] [--out DIR]``.
"""
from __future__ import annotations

import argparse
import logging
import os
import pathlib
import socket
import threading
import time
import tty
from dataclasses import dataclass, field
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from drivers.led.eq import EqFrame, EqFrameParser, display_columns
from drivers.led.screen import Colour

log = logging.getLogger(__name__)

FONT_PATH = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
FONT_INDEX_SC = 2
CELL = 16  # one half-width column is 16 px wide; a row is 32 px high
RGB = {Colour.RED: (255, 40, 40), Colour.GREEN: (40, 255, 40), Colour.YELLOW: (255, 220, 0)}


@dataclass
class ScreenState:
    """What one screen shows now."""

    address: int
    lines: tuple[tuple[Colour, str], ...] = ()
    frames: int = 0
    updated_at: float = field(default_factory=time.time)

    @property
    def text(self) -> str:
        """The screen's lines joined by newlines."""
        return "\n".join(text for _, text in self.lines)


@lru_cache(maxsize=4)
def _font(px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONT_PATH, px, index=FONT_INDEX_SC)


def render_screen(state: ScreenState, columns: int = 16, rows: int = 2) -> Image.Image:
    """Render a screen as its LED panel would look: coloured text on black."""
    cols = max([columns] + [display_columns(t) for _, t in state.lines])
    img = Image.new("RGB", (cols * CELL, max(rows, len(state.lines)) * 2 * CELL), (0, 0, 0))
    draw = ImageDraw.Draw(img)
    for row, (colour, text) in enumerate(state.lines):
        draw.text((0, row * 2 * CELL), text, font=_font(2 * CELL - 4), fill=RGB[colour])
    return img


class LedScreenSim:
    """Simulated window LED screens.

    Args:
        host, tcp_port: where to listen (port 0 picks a free one; None: no TCP).
        pty: also open a pseudo-terminal; its slave path is ``pty_path`` (for eq+serial URLs).
        out_dir: if set, each screen is rewritten there as addr-NNN.txt/.png on every frame.
    """

    def __init__(self, host: str = "127.0.0.1", tcp_port: int | None = 5005, pty: bool = False,
                 out_dir: str | pathlib.Path | None = None) -> None:
        self.host = host
        self.tcp_port = tcp_port
        self.use_pty = pty
        self.out_dir = pathlib.Path(out_dir) if out_dir else None
        self.pty_path: str | None = None
        self._screens: dict[int, ScreenState] = {}
        self._cond = threading.Condition()
        self._frames = 0
        self._listener: socket.socket | None = None
        self._conns: list[socket.socket] = []
        self._threads: list[threading.Thread] = []
        self._pty_fds: tuple[int, int] | None = None
        self._running = False

    # -- control ---------------------------------------------------------------------------

    def start(self) -> LedScreenSim:
        """Start listening on TCP and/or the pty."""
        self._running = True
        if self.tcp_port is not None:
            self._listener = socket.create_server((self.host, self.tcp_port))
            self._listener.settimeout(0.2)
            self.tcp_port = self._listener.getsockname()[1]
            self._spawn(self._accept_loop)
        if self.use_pty:
            master, slave = os.openpty()
            tty.setraw(slave)
            self._pty_fds = (master, slave)
            self.pty_path = os.ttyname(slave)
            self._spawn(self._pty_loop, master)
        return self

    def stop(self) -> None:
        """Stop like a screen switched off: close every port and connection."""
        with self._cond:
            self._running = False
        if self._listener is not None:
            self._listener.close()
        with self._cond:
            conns, self._conns = self._conns, []
        for conn in conns:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            conn.close()
        for thread in self._threads:
            thread.join(timeout=2)
        self._threads = []
        if self._pty_fds is not None:
            for fd in self._pty_fds:
                os.close(fd)
            self._pty_fds = None

    def __enter__(self) -> LedScreenSim:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- what the screens show -------------------------------------------------------------

    def screen(self, address: int) -> ScreenState:
        """The current state of a screen (empty if it never got a frame)."""
        with self._cond:
            return self._screens.get(address, ScreenState(address))

    def wait_for_frames(self, count: int, timeout: float = 5.0) -> int:
        """Wait until ``count`` frames arrived in total.

        Raises:
            TimeoutError: fewer frames arrived in time.
        """
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._frames < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"{self._frames} of {count} LED frames arrived")
                self._cond.wait(left)
            return self._frames

    def apply(self, frame: EqFrame) -> None:
        """Show one frame on its screen (files first, so a waiter sees them written)."""
        with self._cond:
            old = self._screens.get(frame.address, ScreenState(frame.address))
        state = ScreenState(frame.address, frame.lines, old.frames + 1)
        if self.out_dir is not None:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            stem = self.out_dir / f"addr-{frame.address:03d}"
            stem.with_suffix(".txt").write_text(state.text + "\n", encoding="utf-8")
            render_screen(state).save(stem.with_suffix(".png"))
        with self._cond:
            self._screens[frame.address] = state
            self._frames += 1
            self._cond.notify_all()

    # -- serving ---------------------------------------------------------------------------

    def _spawn(self, target, *args) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True, name="led-sim")
        self._threads.append(thread)
        thread.start()

    def _accept_loop(self) -> None:
        assert self._listener is not None
        while self._running:
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(None)
            with self._cond:
                # Accepted just as stop() ran: a switched-off screen keeps no connection.
                if not self._running:
                    conn.close()
                    return
                self._conns.append(conn)
            self._spawn(self._serve_conn, conn)

    def _serve_conn(self, conn: socket.socket) -> None:
        parser = EqFrameParser()
        try:
            while True:
                try:
                    data = conn.recv(4096)
                except OSError:
                    return
                if not data:
                    return
                for frame in parser.feed(data):
                    self.apply(frame)
        finally:
            with self._cond:
                if conn in self._conns:
                    self._conns.remove(conn)
            conn.close()

    def _pty_loop(self, master: int) -> None:
        import select

        parser = EqFrameParser()
        while self._running:
            readable, _, _ = select.select([master], [], [], 0.1)
            if not readable:
                continue
            try:
                data = os.read(master, 4096)
            except OSError:
                return
            for frame in parser.feed(data):
                self.apply(frame)


def main(argv: list[str] | None = None) -> int:
    """Run the simulator until interrupted."""
    ap = argparse.ArgumentParser(description="Window LED screen simulator (EQ text protocol)")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--tcp", type=int, default=5005, help="TCP port (0: any free port)")
    ap.add_argument("--pty", action="store_true", help="also listen on a pseudo-terminal")
    ap.add_argument("--out", help="folder for addr-NNN.txt/.png of each screen")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    sim = LedScreenSim(args.host, args.tcp, args.pty, args.out).start()
    print(f"LED screen simulator on tcp {sim.host}:{sim.tcp_port}" + (f", pty {sim.pty_path}" if sim.pty_path else ""),
          flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        sim.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
