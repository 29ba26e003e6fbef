"""ESC/POS receipt printer simulator: a TCP sink that answers status requests and renders receipts.

It listens like a network receipt printer (raw TCP, port 9100), answers ``DLE EOT n`` with real
status bytes (settable: paper near end, paper end, cover open, off-line, error), parses the byte
stream it receives and renders every receipt (a cut ends one) to text and to a PNG, with QR codes
drawn as real QR images so they can be decoded back.

Run it: ``python -m drivers.sim.escpos_sink --port 9100 --out DIR``.

Command sources: Epson "ESC/POS Application Programming Guide" / command reference, as used by
python-escpos 3.1 (``escpos/constants.py``). Like a printer with Chinese firmware it starts in
single-byte mode; ``FS &`` switches text to GB18030 and ``FS .`` back, and ``ESC @`` resets it.
"""
from __future__ import annotations

import argparse
import collections
import logging
import pathlib
import socket
import threading
import time
from dataclasses import dataclass
from functools import lru_cache

import qrcode
from PIL import Image, ImageDraw, ImageFont

log = logging.getLogger(__name__)

NUL, LF, HT, FF, CR = 0x00, 0x0A, 0x09, 0x0C, 0x0D
DLE, ESC, FS, GS = 0x10, 0x1B, 0x1C, 0x1D
EOT, ENQ, DC4 = 0x04, 0x05, 0x14

FONT_PATH = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
FONT_INDEX_SC = 2  # Noto Sans CJK SC inside the collection
DOT_FONT_A = 12  # font A cell is 12 x 24 dots (half-width); a Chinese character is 24 x 24
LINE_DOTS = 30  # default line spacing (ESC 2) is about 1/6 inch = 30 dots at 180 dpi-ish heads
MAX_IMAGE_BYTES = 4 * 1024 * 1024  # a raster image larger than this is treated as garbage
MAX_RAW_KEPT = 1024 * 1024  # raw bytes kept per receipt, for debugging
MAX_ITEMS = 4000  # a receipt this long without a cut is closed anyway

# Arguments taken by ESC/GS/FS commands with a fixed length (command byte -> count).
_ESC_FIXED = {
    ord("!"): 1, ord("a"): 1, ord("E"): 1, ord("-"): 1, ord("M"): 1, ord("d"): 1, ord("J"): 1,
    ord("e"): 1, ord("2"): 0, ord("3"): 1, ord("t"): 1, ord("R"): 1, ord("{"): 1, ord("G"): 1,
    ord("V"): 1, ord("r"): 1, ord("c"): 2, ord("p"): 3, ord("$"): 2, ord("\\"): 2, ord(" "): 1,
    ord("U"): 1, ord("B"): 2, ord("i"): 0, ord("m"): 0, ord("="): 1, ord("S"): 0, ord("L"): 0,
    ord("W"): 8, ord("T"): 1, ord("%"): 1, ord("<"): 0, ord("@"): 0,
}
_GS_FIXED = {
    ord("!"): 1, ord("B"): 1, ord("b"): 1, ord("L"): 2, ord("W"): 2, ord("H"): 1, ord("h"): 1,
    ord("w"): 1, ord("f"): 1, ord("a"): 1, ord("r"): 1, ord("I"): 1, ord("P"): 2, ord("$"): 2,
    ord("\\"): 2, ord("T"): 1, ord("^"): 3, ord(":"): 0,
}
_FS_FIXED = {ord("&"): 0, ord("."): 0, ord("!"): 1, ord("-"): 1, ord("S"): 2, ord("W"): 1, ord("C"): 1,
             ord("p"): 2}


@dataclass
class PrinterFaults:
    """Settable printer conditions that the status answers report."""

    paper_near_end: bool = False
    paper_end: bool = False
    cover_open: bool = False
    offline: bool = False
    error: bool = False

    def answer(self, n: int) -> bytes:
        """The byte a real printer sends for DLE EOT n (ESC/POS "Transmit real-time status")."""
        base = 0x12  # bits 1 and 4 fixed on
        if n == 1:
            offline = self.offline or self.cover_open or self.paper_end or self.error
            return bytes([base | (0x08 if offline else 0)])
        if n == 2:
            return bytes([base | (0x04 if self.cover_open else 0) | (0x20 if self.paper_end else 0)
                          | (0x40 if self.error else 0)])
        if n == 3:
            return bytes([base])
        if n == 4:
            return bytes([base | (0x0C if self.paper_near_end else 0) | (0x60 if self.paper_end else 0)])
        return b""  # undefined n: a real printer does not answer


@dataclass
class TextRun:
    """Text printed with one set of character attributes."""

    text: str
    width: int = 1
    height: int = 1
    bold: bool = False


@dataclass
class PrintedLine:
    """One printed line (runs of text) with its alignment."""

    runs: list[TextRun]
    align: int = 0  # 0 left, 1 centre, 2 right

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class PrintedImage:
    """A printed image block: a QR code or a raster bit image."""

    image: Image.Image
    align: int = 0
    qr_payload: bytes | None = None


@dataclass
class SinkReceipt:
    """One receipt as the simulated printer printed it."""

    number: int
    text: str
    image: Image.Image
    qr_payloads: list[bytes]
    raw: bytes
    cut: bool


class EscPosParser:
    """Incremental ESC/POS stream parser: feed it bytes, it answers status and collects receipts.

    Args:
        faults: the printer conditions used to answer DLE EOT.
        paper_dots: paper width in dots, for rendering.
    """

    def __init__(self, faults: PrinterFaults | None = None, paper_dots: int = 576) -> None:
        self.faults = faults or PrinterFaults()
        self.paper_dots = paper_dots
        self.receipts: list[SinkReceipt] = []
        self._buf = bytearray()
        self._count = 0
        self._reset_receipt()
        self._reset_modes()

    # -- public ----------------------------------------------------------------------------

    def feed(self, data: bytes) -> bytes:
        """Consume bytes; return the real-time answers to send back (in order)."""
        self._buf += data
        answers = bytearray()
        i = 0
        buf = self._buf
        while i < len(buf):
            used = self._step(buf, i, answers)
            if used is None:  # command not complete yet: wait for more bytes
                break
            self._raw_kept += buf[i:i + used][: max(0, MAX_RAW_KEPT - len(self._raw_kept))]
            i += used
        del self._buf[:i]
        return bytes(answers)

    def finish(self) -> SinkReceipt | None:
        """Close the receipt in progress (connection ended without a cut), if it printed anything."""
        self._flush_text()
        self._end_line(force=False)
        if self._items:
            return self._close_receipt(cut=False)
        return None

    # -- state -----------------------------------------------------------------------------

    def _reset_modes(self) -> None:
        self.chinese = False
        self.align = 0
        self.width = self.height = 1
        self.bold = False
        self.esc_bang = 0
        self.qr_data = b""
        self.qr_module = 3
        self.qr_ec = 0
        self.graphics: tuple[bytes, int, int] | None = None  # GS ( L raster stored, not yet printed

    def _reset_receipt(self) -> None:
        self._items: list[PrintedLine | PrintedImage] = []
        self._runs: list[TextRun] = []
        self._text = bytearray()
        self._raw_kept = bytearray()
        self._line_align = 0

    # -- parsing ---------------------------------------------------------------------------

    def _step(self, buf: bytearray, i: int, answers: bytearray) -> int | None:
        b = buf[i]
        n = len(buf) - i
        if b == DLE:
            if n < 2:
                return None
            if buf[i + 1] in (EOT, ENQ):
                if n < 3:
                    return None
                if buf[i + 1] == EOT:
                    answers += self.faults.answer(buf[i + 2])
                return 3
            if buf[i + 1] == DC4:
                return 5 if n >= 5 else None
            return 1
        if b == ESC:
            return self._esc(buf, i, n)
        if b == GS:
            return self._gs(buf, i, n)
        if b == FS:
            return self._fs(buf, i, n)
        if b == LF:
            self._flush_text()
            self._end_line(force=True)
            return 1
        if b == FF:
            self._flush_text()
            self._end_line(force=False)
            return 1
        if b == HT:
            self._text += b"    "
            return 1
        if b < 0x20 or b == 0x7F:
            return 1  # other control bytes print nothing
        self._text.append(b)
        return 1

    def _esc(self, buf: bytearray, i: int, n: int) -> int | None:
        if n < 2:
            return None
        c = buf[i + 1]
        if c == ord("*"):  # ESC * m nL nH d1..dk: column bit image
            if n < 5:
                return None
            m, count = buf[i + 2], buf[i + 3] + 256 * buf[i + 4]
            size = count * (3 if m in (32, 33) else 1)
            if n < 5 + size:
                return None
            return 5 + size
        if c == ord("D"):  # ESC D n1..nk NUL: tab positions
            end = buf.find(b"\x00", i + 2, i + 2 + 33)
            if end < 0:
                return None if n < 35 else 2
            return end - i + 1
        if c not in _ESC_FIXED:
            return 2
        need = 2 + _ESC_FIXED[c]
        if n < need:
            return None
        args = buf[i + 2:i + need]
        self._flush_text()
        if c == ord("@"):
            self._end_line(force=False)
            self._reset_modes()
        elif c == ord("!"):
            self.esc_bang = args[0]
            self.bold = bool(args[0] & 0x08)
            self.height = 2 if args[0] & 0x10 else 1
            self.width = 2 if args[0] & 0x20 else 1
        elif c == ord("a"):
            self.align = {0: 0, 1: 1, 2: 2, 48: 0, 49: 1, 50: 2}.get(args[0], self.align)
            if not self._runs:
                self._line_align = self.align
        elif c == ord("E"):
            self.bold = bool(args[0] & 1)
        elif c == ord("d"):
            self._end_line(force=False)
            for _ in range(min(args[0], 64)):
                self._items.append(PrintedLine([], self.align))
        elif c in (ord("i"), ord("m")):  # old partial cut commands
            return self._cut(need)
        return need

    def _gs(self, buf: bytearray, i: int, n: int) -> int | None:
        if n < 2:
            return None
        c = buf[i + 1]
        if c == ord("V"):  # GS V m [n]: cut; m 65/66 carry a feed amount
            if n < 3:
                return None
            m = buf[i + 2]
            need = 4 if m in (65, 66, 97, 98, 103, 104) else 3
            if n < need:
                return None
            return self._cut(need)
        if c == ord("("):  # GS ( x pL pH data: length-prefixed functions (k = 2D codes, L = graphics)
            if n < 5:
                return None
            fn_class, size = buf[i + 2], buf[i + 3] + 256 * buf[i + 4]
            if n < 5 + size:
                return None
            body = bytes(buf[i + 5:i + 5 + size])
            if fn_class == ord("k"):
                self._two_d_code(body)
            elif fn_class == ord("L"):
                self._graphics(body)
            return 5 + size
        if c == ord("v"):  # GS v 0 m xL xH yL yH d1..dk: raster bit image
            if n < 8:
                return None
            xbytes, ydots = buf[i + 4] + 256 * buf[i + 5], buf[i + 6] + 256 * buf[i + 7]
            size = xbytes * ydots
            if buf[i + 2] != ord("0") or size > MAX_IMAGE_BYTES:
                return 3
            if n < 8 + size:
                return None
            if size:
                self._raster(bytes(buf[i + 8:i + 8 + size]), xbytes, ydots)
            return 8 + size
        if c == ord("k"):  # GS k m ...: 1D barcode, drawn as a placeholder line
            if n < 3:
                return None
            m = buf[i + 2]
            if m <= 6:
                end = buf.find(b"\x00", i + 3, i + 3 + 256)
                if end < 0:
                    return None if n < 259 else 3
                used = end - i + 1
            else:
                if n < 4:
                    return None
                used = 4 + buf[i + 3]
                if n < used:
                    return None
            self._flush_text()
            self._items.append(PrintedLine([TextRun("[barcode]")], self.align))
            return used
        if c not in _GS_FIXED:
            return 2
        need = 2 + _GS_FIXED[c]
        if n < need:
            return None
        if c == ord("!"):
            self._flush_text()
            self.width = (buf[i + 2] >> 4 & 0x07) + 1
            self.height = (buf[i + 2] & 0x07) + 1
        return need

    def _fs(self, buf: bytearray, i: int, n: int) -> int | None:
        if n < 2:
            return None
        c = buf[i + 1]
        if c not in _FS_FIXED:
            return 2
        need = 2 + _FS_FIXED[c]
        if n < need:
            return None
        self._flush_text()
        if c == ord("&"):
            self.chinese = True
        elif c == ord("."):
            self.chinese = False
        return need

    # -- content ---------------------------------------------------------------------------

    def _flush_text(self) -> None:
        if not self._text:
            return
        raw, self._text = bytes(self._text), bytearray()
        text = raw.decode("gb18030" if self.chinese else "cp437", errors="replace")
        if not self._runs:
            self._line_align = self.align
        self._runs.append(TextRun(text, self.width, self.height, self.bold))

    def _end_line(self, force: bool) -> None:
        if self._runs or force:
            self._items.append(PrintedLine(self._runs, self._line_align))
        self._runs = []
        self._line_align = self.align
        if len(self._items) >= MAX_ITEMS:
            self._close_receipt(cut=False)

    def _two_d_code(self, body: bytes) -> None:
        if len(body) < 2 or body[0] != ord("1"):  # cn 49 = QR code
            return
        fn, args = body[1], body[2:]
        if fn == 67 and args:  # module size
            self.qr_module = max(1, min(16, args[0]))
        elif fn == 69 and args:  # error correction 48..51 = L, M, Q, H
            self.qr_ec = max(0, min(3, args[0] - 48))
        elif fn == 80 and args:  # store data (m = 48 first)
            self.qr_data = bytes(args[1:])
        elif fn == 81:  # print the stored symbol
            self._flush_text()
            self._end_line(force=False)
            image = _qr_image(self.qr_data, self.qr_module, self.qr_ec)
            if image is not None:
                self._items.append(PrintedImage(image, self.align, self.qr_data))

    def _graphics(self, body: bytes) -> None:
        if len(body) < 2 or body[0] != ord("0"):
            return
        fn = body[1]
        if fn == ord("p") and len(body) >= 10:  # m fn a bx by c xL xH yL yH d...
            w, h = body[6] + 256 * body[7], body[8] + 256 * body[9]
            self.graphics = body[10:], w, h
        elif fn == ord("2") and self.graphics is not None:
            data, w, h = self.graphics
            xbytes = (w + 7) // 8
            if len(data) >= xbytes * h and w and h:
                self._raster(data[: xbytes * h], xbytes, h)
            self.graphics = None

    def _raster(self, data: bytes, xbytes: int, ydots: int) -> None:
        self._flush_text()
        self._end_line(force=False)
        if xbytes * 8 > 4096:
            return
        image = Image.frombytes("1", (xbytes * 8, ydots), data, "raw", "1;I").convert("L")
        self._items.append(PrintedImage(image, self.align))

    def _cut(self, used: int) -> int:
        self._flush_text()
        self._end_line(force=False)
        self._close_receipt(cut=True)
        return used

    def _close_receipt(self, cut: bool) -> SinkReceipt:
        self._count += 1
        receipt = SinkReceipt(
            number=self._count,
            text=render_text(self._items),
            image=render_png(self._items, self.paper_dots),
            qr_payloads=[it.qr_payload for it in self._items if isinstance(it, PrintedImage) and it.qr_payload],
            raw=bytes(self._raw_kept),
            cut=cut,
        )
        self.receipts.append(receipt)
        self._reset_receipt()
        return receipt


def _qr_image(data: bytes, module: int, ec: int) -> Image.Image | None:
    if not data:
        return None
    levels = [qrcode.constants.ERROR_CORRECT_L, qrcode.constants.ERROR_CORRECT_M,
              qrcode.constants.ERROR_CORRECT_Q, qrcode.constants.ERROR_CORRECT_H]
    code = qrcode.QRCode(error_correction=levels[ec], box_size=module, border=4)
    try:
        code.add_data(data)
        code.make(fit=True)
    except (ValueError, qrcode.exceptions.DataOverflowError):
        return None  # more data than a QR symbol holds: a real printer prints nothing either
    return code.make_image().get_image().convert("L")


@lru_cache(maxsize=32)
def _font(px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONT_PATH, px, index=FONT_INDEX_SC)


def render_text(items: list[PrintedLine | PrintedImage]) -> str:
    """Receipt as plain text: one line per printed line, QR codes as ``[QR: payload]``."""
    out = []
    for item in items:
        if isinstance(item, PrintedLine):
            out.append(item.text.rstrip())
        elif item.qr_payload is not None:
            out.append("[QR: " + item.qr_payload.decode("utf-8", errors="replace") + "]")
        else:
            out.append(f"[image {item.image.width}x{item.image.height}]")
    return "\n".join(out).strip("\n") + "\n"


def _render_run(run: TextRun) -> Image.Image:
    px = 24 * run.height
    font = _font(px)
    width = max(1, int(font.getlength(run.text)))
    img = Image.new("L", (width + 2, px + px // 4), 255)
    draw = ImageDraw.Draw(img)
    draw.text((1, 0), run.text, font=font, fill=0, stroke_width=1 if run.bold else 0, stroke_fill=0)
    if run.width != run.height:  # ESC/POS scales width and height independently
        img = img.resize((max(1, img.width * run.width // run.height), img.height))
    return img


def render_png(items: list[PrintedLine | PrintedImage], paper_dots: int = 576) -> Image.Image:
    """Receipt as a black-on-white image as wide as the paper."""
    blocks: list[tuple[Image.Image, int]] = []
    for item in items:
        if isinstance(item, PrintedImage):
            blocks.append((item.image, item.align))
            continue
        runs = [_render_run(r) for r in item.runs if r.text]
        if not runs:
            blocks.append((Image.new("L", (1, LINE_DOTS), 255), 0))
            continue
        height = max(r.height for r in runs) + 6
        line = Image.new("L", (sum(r.width for r in runs), height), 255)
        x = 0
        for r in runs:
            line.paste(r, (x, height - r.height))
            x += r.width
        if line.width > paper_dots:  # a real printer wraps; a clipped line is enough to read
            line = line.crop((0, 0, paper_dots, height))
        blocks.append((line, item.align))
    total = sum(b.height for b, _ in blocks) + 20
    page = Image.new("L", (paper_dots, max(total, 40)), 255)
    y = 10
    for block, align in blocks:
        block = block if block.width <= paper_dots else block.resize((paper_dots, block.height))
        x = {0: 0, 1: (paper_dots - block.width) // 2, 2: paper_dots - block.width}.get(align, 0)
        page.paste(block, (x, y))
        y += block.height
    return page


@dataclass
class _Client:
    sock: socket.socket
    parser: EscPosParser
    thread: threading.Thread | None = None


class EscPosSink:
    """The simulated network receipt printer.

    Args:
        host: address to listen on.
        port: TCP port; 0 picks a free one (see ``port`` after ``start``).
        out_dir: if set, every receipt is also written there as .txt, .png and .bin.
        paper_dots: paper width in dots (576 for 80 mm, 384 for 58 mm).
        keep: how many of the latest receipts stay in memory (a demo printer runs for weeks);
            ``printed`` counts them all.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 9100, out_dir: str | pathlib.Path | None = None,
                 paper_dots: int = 576, keep: int = 200) -> None:
        self.host = host
        self.port = port
        self.out_dir = pathlib.Path(out_dir) if out_dir else None
        self.paper_dots = paper_dots
        self.faults = PrinterFaults()
        self._receipts: collections.deque[SinkReceipt] = collections.deque(maxlen=keep)
        self._printed = 0
        self._lock = threading.Condition()
        self._listener: socket.socket | None = None
        self._clients: list[_Client] = []
        self._accept_thread: threading.Thread | None = None
        self._running = False

    # -- control ---------------------------------------------------------------------------

    def start(self) -> EscPosSink:
        """Start listening (again, after ``stop``: on the same port)."""
        listener = socket.create_server((self.host, self.port), reuse_port=False)
        listener.settimeout(0.2)
        self.port = listener.getsockname()[1]
        self._listener = listener
        self._running = True
        self._accept_thread = threading.Thread(target=self._accept_loop, name="escpos-sink", daemon=True)
        self._accept_thread.start()
        return self

    def stop(self) -> None:
        """Stop like an unplugged printer: close the port and every open connection."""
        self._running = False
        if self._listener is not None:
            self._listener.close()
        if self._accept_thread is not None:
            self._accept_thread.join(timeout=2)
        with self._lock:
            clients, self._clients = self._clients, []
        for client in clients:
            try:
                client.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            client.sock.close()
        for client in clients:
            if client.thread is not None:
                client.thread.join(timeout=2)

    def __enter__(self) -> EscPosSink:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def set_status(self, **faults: bool) -> None:
        """Set printer conditions: paper_near_end, paper_end, cover_open, offline, error."""
        for name, value in faults.items():
            if not hasattr(self.faults, name):
                raise ValueError(f"unknown printer condition {name!r}")
            setattr(self.faults, name, bool(value))

    @property
    def receipts(self) -> list[SinkReceipt]:
        """The latest receipts printed (at most ``keep``), oldest first."""
        with self._lock:
            return list(self._receipts)

    @property
    def printed(self) -> int:
        """How many receipts were printed since the sink was made."""
        with self._lock:
            return self._printed

    def wait_for_receipts(self, count: int, timeout: float = 5.0) -> list[SinkReceipt]:
        """Wait until at least ``count`` receipts were printed; return the latest kept.

        Raises:
            TimeoutError: fewer receipts arrived in time.
        """
        deadline = time.monotonic() + timeout
        with self._lock:
            while self._printed < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"{self._printed} of {count} receipts printed")
                self._lock.wait(left)
            return list(self._receipts)

    # -- serving ---------------------------------------------------------------------------

    def _accept_loop(self) -> None:
        assert self._listener is not None
        while self._running:
            try:
                sock, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            sock.settimeout(None)
            client = _Client(sock, EscPosParser(self.faults, self.paper_dots))
            client.thread = threading.Thread(target=self._serve, args=(client,), name="escpos-sink-conn",
                                             daemon=True)
            with self._lock:
                self._clients.append(client)
            client.thread.start()

    def _serve(self, client: _Client) -> None:
        try:
            while True:
                try:
                    data = client.sock.recv(65536)
                except OSError:
                    break
                if not data:
                    break
                answers = client.parser.feed(data)
                if answers:
                    try:
                        client.sock.sendall(answers)
                    except OSError:
                        break
                self._collect(client.parser)
        finally:
            client.parser.finish()
            self._collect(client.parser)
            with self._lock:
                if client in self._clients:
                    self._clients.remove(client)
            client.sock.close()

    def _collect(self, parser: EscPosParser) -> None:
        """Take the receipts the connection's parser finished (a connection may stay open for weeks)."""
        new, parser.receipts = parser.receipts, []
        if not new:
            return
        with self._lock:
            for receipt in new:
                self._printed += 1
                receipt.number = self._printed
                self._receipts.append(receipt)
                self._write(receipt)
            self._lock.notify_all()

    def _write(self, receipt: SinkReceipt) -> None:
        if self.out_dir is None:
            return
        self.out_dir.mkdir(parents=True, exist_ok=True)
        stem = self.out_dir / f"receipt-{receipt.number:04d}"
        stem.with_suffix(".txt").write_text(receipt.text, encoding="utf-8")
        receipt.image.save(stem.with_suffix(".png"))
        stem.with_suffix(".bin").write_bytes(receipt.raw)
        log.info("receipt %d printed to %s.png", receipt.number, stem)


def main(argv: list[str] | None = None) -> int:
    """Run the sink until interrupted."""
    ap = argparse.ArgumentParser(description="ESC/POS receipt printer simulator (raw TCP)")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=9100)
    ap.add_argument("--out", help="folder for rendered receipts (.txt, .png, .bin)")
    ap.add_argument("--paper-dots", type=int, default=576, help="576 for 80 mm paper, 384 for 58 mm")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    sink = EscPosSink(args.host, args.port, args.out, args.paper_dots).start()
    print(f"ESC/POS sink listening on {sink.host}:{sink.port}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        sink.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
