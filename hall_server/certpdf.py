"""Certificate PDFs on the hall server: checking uploaded result documents, stamping a print with its
verification code and QR, and the small sample documents of the demo.

The stamp is drawn with reportlab (Chinese through its built-in CID font STSong-Light, which PDF
readers supply, so nothing is embedded) and laid over every page with pypdf. The code itself is
drawn in Helvetica so it reads back as plain text from the PDF.

A result document comes from outside (the approval system) and may be hostile. `check_document`
refuses what would break or hang printing: more than MAX_PAGES pages, a page without a usable
MediaBox, streams that inflate beyond MAX_DECODED_BYTES (page content beyond MAX_CONTENT_BYTES).
It inflates streams a step at a time and counts them without keeping them, so it stays small for
any document up to MAX_DOCUMENT_BYTES. The server runs the check at upload, and the check then the
stamp at every print, in a worker process (`check_document_isolated`, `stamp_isolated`) with a time
limit and a memory limit, so a document stored before these limits existed, or one pypdf is slow
on, fails its print cleanly instead of holding the server.
"""
from __future__ import annotations

import atexit
import contextlib
import hashlib
import io
import json
import logging
import math
import queue
import socket
import subprocess
import sys
import zlib
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from pypdf import PageObject, PdfReader, PdfWriter, apply_configuration
from pypdf import filters as pdf_filters
from pypdf.errors import LimitReachedError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, PdfObject, StreamObject
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from hall_rules.errors import HallError

log = logging.getLogger(__name__)

# As drivers/printing/certificate.py checks before printing (ISO 32000-1 §7.5.2 header, §7.5.5 %%EOF),
# plus: pypdf must read it and find a page, and it may not be encrypted.
PDF_MAGIC = b"%PDF-"
PDF_EOF = b"%%EOF"
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
CJK_FONT = "STSong-Light"

# What a printable document may be. A certificate is a few pages of text with a seal and perhaps a
# scanned picture; these leave it room many times over and keep the check and the stamp of any
# document of up to MAX_DOCUMENT_BYTES well within a second or two and a hundred MB or so.
MAX_PAGES = 50                        # pages, counting a page object each time the page tree lists it
MAX_PAGE_TREE_NODES = 4 * MAX_PAGES   # pages and /Pages nodes: a /Kids list longer than this is refused unread
MAX_OBJECTS = 20_000                  # indirect objects in the file (a 50-page certificate has a few thousand)
# Page size (MediaBox × UserUnit, in points): ISO 32000-1 Annex C.2 gives 14,400 units (200 in, about
# 5.08 m) as the largest page a conforming reader need handle, so that is the bound; an A0 poster is
# 3370 points. Below 72 points (an inch) nothing is a certificate and the verification box
# (64 × 24 mm) could not be read. Coordinates stay within ±32,767, the range of PDF 1.4's reals.
MIN_PAGE_SIDE_PT = 72.0
MAX_PAGE_SIDE_PT = 14_400.0
MAX_PAGE_COORD = 32_767.0
# Decoded streams. Page content is what the stamp decodes and rewrites, counted once per page that
# shows it; 20 MiB is some hundred times a typical certificate page. All the file's streams together
# (fonts, images, object streams) may inflate to 64 MiB: a full embedded CJK font is 10-20 MB, a
# 300 dpi A4 colour scan without JPEG 26 MB. Flate streams are inflated INFLATE_STEP at a time, counted
# and dropped, so checking a 100 KB stream that inflates to 100 MB holds a megabyte, not 100 MB.
MAX_CONTENT_BYTES = 20 * 1024 * 1024
MAX_DECODED_BYTES = 64 * 1024 * 1024
INFLATE_STEP = 1024 * 1024
# The worker processes that check uploads and stamp prints: each job within its time limit (the
# worker is killed and replaced when it runs over), each worker within WORKER_MEMORY_BYTES of
# address space (Linux), at most WORKERS jobs at once; started on first use.
CHECK_TIMEOUT_S = 20.0
STAMP_TIMEOUT_S = 20.0
WORKERS = 2
WORKER_MEMORY_BYTES = 1024 * 1024 * 1024

pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))


class DocumentRefused(HallError, ValueError):
    """A result document that cannot be printed; `code`, `message` (zh) and `message_en` say why."""


def check_document(data: bytes) -> int:
    """Check that `data` is a whole, readable, unencrypted PDF that stamping can handle; returns its page count.

    Bounded for any `data`: the size is checked first, pypdf's own decoding (cross-reference and
    object streams) runs with MAX_DECODED_BYTES as its limit, streams are inflated a step at a time
    and never kept, the page tree is walked within MAX_PAGE_TREE_NODES. The server runs it through
    `check_document_isolated`, which adds a time and memory limit for whatever pypdf might still do.

    Raises:
        DocumentRefused: not_pdf, document_too_large, pdf_truncated, pdf_unreadable, pdf_encrypted,
            too_many_pages, pdf_bad_mediabox, pdf_inflates_too_much or pdf_too_complex.
    """
    if not data.startswith(PDF_MAGIC):
        raise DocumentRefused("not_pdf", "文件不是PDF", "the document is not a PDF (it does not start with %PDF-)")
    if len(data) > MAX_DOCUMENT_BYTES:
        raise DocumentRefused("document_too_large", "文件过大",
                              f"the document is larger than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MiB")
    if PDF_EOF not in data[-1024:]:
        raise DocumentRefused("pdf_truncated", "PDF文件不完整", "the PDF is truncated (no %%EOF at its end)")
    try:
        with _limited_pypdf():
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                raise DocumentRefused("pdf_encrypted", "PDF文件已加密，无法打印", "the PDF is encrypted")
            sizes = _stream_sizes(reader)
            pages = _page_tree(reader)
            for number, (page, box) in enumerate(pages, 1):
                _check_mediabox(number, box, page.get("/UserUnit"))
            _check_content(pages, sizes)
    except (DocumentRefused, MemoryError):
        raise
    except (LimitReachedError, RecursionError) as exc:  # one of pypdf's own limits on a hostile file
        log.info("PDF refused at a pypdf limit: %s", exc)
        raise DocumentRefused("pdf_too_complex", "PDF文件结构过于复杂", "the PDF's structure is too complex") from None
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on malformed input; all mean the same here
        log.info("unreadable PDF refused: %s", exc)
        raise DocumentRefused("pdf_unreadable", "PDF文件无法读取", "the PDF cannot be read") from None
    if len(pages) < 1:
        raise DocumentRefused("pdf_unreadable", "PDF文件没有页面", "the PDF has no pages")
    return len(pages)


def _limited_pypdf() -> contextlib.AbstractContextManager[Any]:
    """pypdf's own decoding limits (it inflates cross-reference and object streams itself) at ours."""
    return apply_configuration(
        maximum_declared_stream_length=MAX_DOCUMENT_BYTES, zlib_maximum_output_length=MAX_DECODED_BYTES,
        lzw_maximum_output_length=MAX_DECODED_BYTES, run_length_maximum_output_length=MAX_DECODED_BYTES,
        brotli_maximum_output_length=MAX_DECODED_BYTES, array_based_stream_maximum_output_length=MAX_DECODED_BYTES)


def _too_complex(why: str) -> DocumentRefused:
    return DocumentRefused("pdf_too_complex", "PDF文件结构过于复杂", f"the PDF's structure is too complex: {why}")


def _inflates_too_much(what: str, limit: int) -> DocumentRefused:
    return DocumentRefused("pdf_inflates_too_much", "PDF内容解压后过大，无法打印",
                           f"the PDF's {what} inflate to more than {limit // (1024 * 1024)} MiB")


def _too_many_pages() -> DocumentRefused:
    return DocumentRefused("too_many_pages", f"PDF页数过多（最多{MAX_PAGES}页）",
                           f"the PDF has more than {MAX_PAGES} pages")


def _resolved(value: Any) -> Any:
    return value.get_object() if isinstance(value, PdfObject) else value


def _stream_sizes(reader: PdfReader) -> dict[int, int]:
    """Every stream's decoded size by object number; refuses more than MAX_DECODED_BYTES in all."""
    entries = sorted(((offset, num, gen) for gen, table in reader.xref.items() for num, offset in table.items()
                      if isinstance(offset, int)))
    if len(entries) + len(reader.xref_objStm) > MAX_OBJECTS:
        raise _too_complex(f"more than {MAX_OBJECTS} objects")
    sizes: dict[int, int] = {}
    total, last_offset = 0, None
    for offset, num, gen in entries:
        if offset == last_offset:  # two numbers for one object: read it once
            continue
        last_offset = offset
        obj = reader.get_object(IndirectObject(num, gen, reader))
        if isinstance(obj, StreamObject):
            sizes[num] = _decoded_size(obj, MAX_DECODED_BYTES - total)
            total += sizes[num]
            if total > MAX_DECODED_BYTES:
                raise _inflates_too_much("streams", MAX_DECODED_BYTES)
    return sizes


_FLATE = ("/FlateDecode", "/Fl")
# The filters that make a stream bigger, or turn it into what the next one inflates: (data, /DecodeParms) → data.
_DECODERS: dict[str, Callable[[bytes, DictionaryObject | None], bytes]] = {
    "/ASCIIHexDecode": pdf_filters.ASCIIHexDecode.decode, "/AHx": pdf_filters.ASCIIHexDecode.decode,
    "/ASCII85Decode": pdf_filters.ASCII85Decode.decode, "/A85": pdf_filters.ASCII85Decode.decode,
    "/LZWDecode": pdf_filters.LZWDecode.decode, "/LZW": pdf_filters.LZWDecode.decode,
    "/RunLengthDecode": pdf_filters.RunLengthDecode.decode, "/RL": pdf_filters.RunLengthDecode.decode,
    "/BrotliDecode": pdf_filters.BrotliDecode.decode,
}


def _decoded_size(stream: StreamObject, budget: int) -> int:
    """The stream's size once decoded, or a size over `budget` as soon as it is known to be.

    Image codecs (DCT, JPX, CCITT, JBIG2) are not decoded: the hall server never does, and their
    encoded size is counted instead.
    """
    filters = _resolved(stream.get("/Filter"))
    filters = list(filters) if isinstance(filters, ArrayObject) else [filters] if filters is not None else []
    parms = _resolved(stream.get("/DecodeParms"))
    parms = list(parms) if isinstance(parms, ArrayObject) else [parms] * len(filters)
    data: bytes = stream._data  # as stored in the file
    names = [str(_resolved(f)) for f in filters]
    decoded = [i for i, name in enumerate(names) if name in _FLATE or name in _DECODERS]
    if not decoded:
        return len(data)
    for i, name in enumerate(names[:decoded[-1] + 1]):
        if name in _FLATE:
            size, data = _inflate(data, budget, keep=i != decoded[-1])
            if i == decoded[-1] or size > budget:
                return size
        elif name in _DECODERS:
            try:
                with apply_configuration(lzw_maximum_output_length=budget + 1,
                                         run_length_maximum_output_length=budget + 1,
                                         brotli_maximum_output_length=budget + 1):
                    params = _resolved(parms[i]) if i < len(parms) else None
                    data = _DECODERS[name](data, params if isinstance(params, DictionaryObject) else None)
            except LimitReachedError:
                return budget + 1
            if len(data) > budget:
                return len(data)
        else:  # an image codec before a filter that inflates: nothing a reader would decode this way
            return len(data)
    return len(data)


def _inflate(data: bytes, budget: int, keep: bool) -> tuple[int, bytes]:
    """Inflate zlib `data` INFLATE_STEP at a time: its size (stopping once over `budget`), and the
    bytes themselves only when `keep` (for a filter after this one)."""
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 32)  # zlib or gzip header, as pypdf reads them
    size, kept, pending = 0, [], data
    try:
        while size <= budget:
            out = inflater.decompress(pending, INFLATE_STEP)
            size += len(out)
            if keep:
                kept.append(out)
            pending = inflater.unconsumed_tail
            if inflater.eof or not out:
                break
    except zlib.error:
        pass  # damaged further on: a reader gets what inflated before the damage (pypdf within its limits)
    return size, b"".join(kept)


def _page_tree(reader: PdfReader) -> list[tuple[DictionaryObject, Any]]:
    """The pages in the page tree, each with the MediaBox it has or inherits (ISO 32000-1 §7.7.3.4).

    A page object listed several times counts each time (it prints each time). Refuses more than
    MAX_PAGES pages or MAX_PAGE_TREE_NODES nodes before reading further, and a tree that loops.
    """
    root = _resolved(reader.trailer.get("/Root"))
    top = _resolved(root.get("/Pages")) if isinstance(root, DictionaryObject) else None
    if not isinstance(top, DictionaryObject):
        raise DocumentRefused("pdf_unreadable", "PDF文件无法读取", "the PDF cannot be read (no page tree)")
    count = _resolved(top.get("/Count"))
    if isinstance(count, int) and count > MAX_PAGES:
        raise _too_many_pages()
    pages: list[tuple[DictionaryObject, Any]] = []
    stack: list[tuple[Any, Any]] = [(top, None)]
    nodes, seen = 0, set()
    while stack:
        node, inherited = stack.pop()
        node = _resolved(node)
        nodes += 1
        if not isinstance(node, DictionaryObject):
            raise DocumentRefused("pdf_unreadable", "PDF文件无法读取",
                                  "the PDF cannot be read (a page is not a dictionary)")
        box = node.get("/MediaBox", inherited)
        kind = _resolved(node.get("/Type"))
        if kind == "/Pages" or (kind != "/Page" and "/Kids" in node):
            if id(node) in seen:  # pypdf reads each object once, so the same node is the same object
                raise DocumentRefused("pdf_unreadable", "PDF文件无法读取",
                                      "the PDF cannot be read (its page tree loops)")
            seen.add(id(node))
            kids = _resolved(node.get("/Kids"))
            if not isinstance(kids, ArrayObject):
                raise DocumentRefused("pdf_unreadable", "PDF文件无法读取", "the PDF cannot be read (no /Kids)")
            if nodes + len(stack) + len(kids) > MAX_PAGE_TREE_NODES:
                raise _too_many_pages()
            stack.extend((kid, box) for kid in reversed(kids))
        else:
            pages.append((node, box))
            if len(pages) > MAX_PAGES:
                raise _too_many_pages()
    return pages


def _check_mediabox(number: int, box: Any, user_unit: Any) -> None:
    """Refuses a page whose MediaBox is missing, not four numbers, or no sensible page size."""
    problem = _mediabox_problem(_resolved(box), _resolved(user_unit))
    if problem:
        raise DocumentRefused("pdf_bad_mediabox", "PDF页面尺寸（MediaBox）缺失或无效，无法打印",
                              f"page {number} has no usable MediaBox: {problem}")


def _mediabox_problem(box: Any, user_unit: Any) -> str | None:
    def number(value: Any) -> float | None:
        value = _resolved(value)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(float(value)):
            return float(value)
        return None

    if box is None:
        return "it has none and inherits none"
    if not isinstance(box, ArrayObject) or len(box) != 4:
        return "it is not an array of four numbers"
    corners = [n for n in (number(v) for v in box) if n is not None]
    if len(corners) != 4:
        return "it holds something other than numbers"
    if any(abs(v) > MAX_PAGE_COORD for v in corners):
        return f"a coordinate lies beyond ±{MAX_PAGE_COORD:g}"
    unit = 1.0 if user_unit is None else number(user_unit)
    if unit is None or not 0 < unit <= MAX_PAGE_SIDE_PT:
        return "its /UserUnit is not a positive number"
    x0, y0, x1, y1 = corners
    width, height = (x1 - x0) * unit, (y1 - y0) * unit
    if width <= 0 or height <= 0:
        return f"its width or height is zero or negative ({width:g} × {height:g})"
    if min(width, height) < MIN_PAGE_SIDE_PT:
        return f"it is smaller than {MIN_PAGE_SIDE_PT:g} points a side ({width:g} × {height:g})"
    if max(width, height) > MAX_PAGE_SIDE_PT:
        return f"it is larger than {MAX_PAGE_SIDE_PT:g} points (5.08 m) a side ({width:g} × {height:g})"
    return None


def _check_content(pages: list[tuple[DictionaryObject, Any]], sizes: dict[int, int]) -> None:
    """Refuses pages whose content streams inflate to more than MAX_CONTENT_BYTES together."""
    total = 0
    for page, _ in pages:
        contents = page.get("/Contents")
        items = _resolved(contents)
        items = list(items) if isinstance(items, ArrayObject) else [contents] if contents is not None else []
        for item in items:
            if isinstance(item, IndirectObject) and item.idnum in sizes:
                total += sizes[item.idnum]
            elif isinstance(stream := _resolved(item), StreamObject):
                total += _decoded_size(stream, MAX_CONTENT_BYTES - total)
            if total > MAX_CONTENT_BYTES:
                raise _inflates_too_much("pages' content", MAX_CONTENT_BYTES)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _stamp_page(width: float, height: float, code: str, verify_url: str) -> PdfReader:
    """One transparent page of the given size with the verification box in its bottom-right corner."""
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=(width, height), invariant=1)
    box_w, box_h, margin = 64 * mm, 24 * mm, 8 * mm
    x, y = width - margin - box_w, margin
    c.setStrokeColorRGB(0.55, 0.1, 0.1)
    c.setFillColorRGB(1, 1, 1)
    c.setLineWidth(0.6)
    c.rect(x, y, box_w, box_h, stroke=1, fill=1)
    qr = QrCodeWidget(verify_url, barLevel="M")
    bx0, by0, bx1, by1 = qr.getBounds()
    side = box_h - 2 * mm
    drawing = Drawing(side, side, transform=[side / (bx1 - bx0), 0, 0, side / (by1 - by0), 0, 0])
    drawing.add(qr)
    renderPDF.draw(drawing, c, x + 1 * mm, y + 1 * mm)
    tx = x + side + 2.5 * mm
    c.setFillColorRGB(0.2, 0.2, 0.2)
    c.setFont(CJK_FONT, 7)
    c.drawString(tx, y + box_h - 6 * mm, "核验码 Verification code")
    c.setFillColorRGB(0, 0, 0)
    c.setFont("Helvetica-Bold", 10.5)
    c.drawString(tx, y + box_h - 11.5 * mm, code)
    c.setFillColorRGB(0.2, 0.2, 0.2)
    c.setFont(CJK_FONT, 6)
    c.drawString(tx, y + 7 * mm, "扫码或登录大厅网站核验")
    c.setFont("Helvetica", 5.5)
    c.drawString(tx, y + 4.5 * mm, "Scan or visit the hall's site to verify")
    c.showPage()
    c.save()
    return PdfReader(io.BytesIO(out.getvalue()))


def stamp(pdf: bytes, code: str, verify_url: str) -> bytes:
    """The document with the verification box (code and a QR of `verify_url`) over every page."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    stamps: dict[tuple[float, float], PageObject] = {}
    for page in writer.pages:
        box = page.mediabox
        size = (float(box.width), float(box.height))
        if size not in stamps:
            stamps[size] = _stamp_page(*size, code, verify_url).pages[0]
        page.merge_translated_page(stamps[size], float(box.left), float(box.bottom))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- checking and stamping in a worker process -------------------------------------------------

class WorkerFailed(Exception):
    """A document's check or stamp ended without an answer; `reason`: busy (no worker free in time),
    timed out, out of memory or crashed."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def check_document_isolated(data: bytes) -> int:
    """`check_document` in a worker process, within CHECK_TIMEOUT_S and WORKER_MEMORY_BYTES.

    Raises:
        DocumentRefused: as check_document; pdf_too_complex when the check ran out of time or memory.
        WorkerFailed: busy, when no worker came free within CHECK_TIMEOUT_S.
    """
    try:
        return _run("check", (data,), CHECK_TIMEOUT_S)
    except WorkerFailed as failed:
        if failed.reason == "busy":
            raise
        log.warning("document check %s; refused", failed.reason)
        raise DocumentRefused("pdf_too_complex", "PDF文件过于复杂，无法在限定时间和内存内检查",
                              f"the PDF could not be checked within {CHECK_TIMEOUT_S:g} s and "
                              f"{WORKER_MEMORY_BYTES // (1024 * 1024)} MiB ({failed.reason})") from None


def stamp_isolated(pdf: bytes, code: str, verify_url: str) -> bytes:
    """`check_document` then `stamp`, in a worker process within STAMP_TIMEOUT_S and WORKER_MEMORY_BYTES.

    The check runs again because the document may have been stored before it refused such files.

    Raises:
        DocumentRefused: the document cannot be printed (its reason code; stamp_failed when the stamp
            itself raised).
        WorkerFailed: busy, timed out, out of memory or crashed.
    """
    return _run("stamp", (pdf, code, verify_url), STAMP_TIMEOUT_S)


def _checked_stamp(pdf: bytes, code: str, verify_url: str) -> bytes:
    check_document(pdf)
    with _limited_pypdf():
        return stamp(pdf, code, verify_url)


_JOBS: dict[str, Callable[..., Any]] = {"check": check_document, "stamp": _checked_stamp}


def _run(job: str, args: tuple, timeout: float) -> Any:
    try:
        worker = _IDLE.get(timeout=max(timeout, 0.0))
    except queue.Empty:
        raise WorkerFailed("busy") from None
    try:
        status, value = worker.call(job, args, timeout)
    finally:
        _IDLE.put(worker)
    if status == "ok":
        return value
    if status == "refused":
        raise DocumentRefused(*value)
    log.error("certificate PDF %s failed in the worker process:\n%s", job, value)
    if job == "check":  # check_document answers every exception of pypdf itself: a bug of ours
        raise DocumentRefused("pdf_unreadable", "PDF文件无法读取", "the PDF cannot be read")
    raise DocumentRefused("stamp_failed", "证照盖章失败，无法打印",
                          "the verification stamp could not be put on the document")


class _Worker:
    """One worker process doing one job at a time.

    A fresh interpreter (not a fork: it shares no threads or locks with the server; not
    multiprocessing's spawn, which would import the server's __main__ again) that imports this
    module and answers over a socket pair. It ends by itself when the server goes away.
    """

    def __init__(self) -> None:
        self._process: Any = None
        self._conn: Any = None

    def call(self, job: str, args: tuple, timeout: float) -> tuple[str, Any]:
        if self._process is None or self._process.poll() is not None:
            self.stop()
            self._start()
        try:
            self._conn.send((job, args))
        except OSError:  # it died while idle (killed from outside): a fresh one takes the job
            self.stop()
            self._start()
            self._conn.send((job, args))
        try:
            if not self._conn.poll(timeout):
                raise WorkerFailed("timed out")
            status, value = self._conn.recv()
        except (EOFError, OSError):
            code = self._process.poll()
            self.stop()
            raise WorkerFailed(f"crashed (exit code {code})") from None
        except BaseException:  # timed out, or anything else: its answer must never reach the next job
            self.stop()
            raise
        if status == "failed":
            self.stop()
            raise WorkerFailed(value)
        return status, value

    def _start(self) -> None:
        ours, theirs = socket.socketpair()
        with theirs:
            self._process = subprocess.Popen(
                [sys.executable, "-c", _WORKER_MAIN, json.dumps(sys.path), str(theirs.fileno()),
                 str(WORKER_MEMORY_BYTES)],
                pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        self._conn = Connection(ours.detach())

    def stop(self) -> None:
        process, conn, self._process, self._conn = self._process, self._conn, None, None
        if process is not None:
            process.kill()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                log.error("certificate PDF worker %d did not end when killed", process.pid)
        if conn is not None:
            conn.close()


_WORKER_MAIN = ("import sys, json; sys.path[:] = json.loads(sys.argv[1]); "
                "from hall_server.certpdf import _serve_fd; _serve_fd(int(sys.argv[2]), int(sys.argv[3]))")


_IDLE: queue.LifoQueue[_Worker] = queue.LifoQueue()
_ALL = [_Worker() for _ in range(WORKERS)]
for _worker in _ALL:
    _IDLE.put(_worker)


@atexit.register
def _stop_workers() -> None:
    for worker in _ALL:
        worker.stop()


def _serve_fd(fd: int, memory_limit: int) -> None:
    """A worker process: jobs from the socket `fd` one after another until the server goes away."""
    try:
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    except (ImportError, ValueError, OSError):  # not on Linux, or a lower limit is set already
        pass
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings on odd files would go to stderr
    conn = Connection(fd)
    while True:
        try:
            job, args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            answer: tuple[str, Any] = ("ok", _JOBS[job](*args))
        except DocumentRefused as refused:
            answer = ("refused", (refused.code, refused.message, refused.message_en))
        except MemoryError:
            answer = ("failed", "out of memory")
        except Exception:  # noqa: BLE001 - any other failure goes back to the server, which logs it
            import traceback
            answer = ("error", traceback.format_exc(limit=8))
        conn.send(answer)
        if answer[0] == "failed":
            return


def sample_document(title: str, title_en: str, lines: list[str]) -> bytes:
    """A small real one-page A4 document (the demo's and the tests' result documents)."""
    from reportlab.lib.pagesizes import A4

    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4, invariant=1)
    c.setTitle(title_en)
    width, height = A4
    c.setFont(CJK_FONT, 22)
    c.drawCentredString(width / 2, height - 40 * mm, title)
    c.setFont("Helvetica", 12)
    c.drawCentredString(width / 2, height - 48 * mm, title_en)
    c.setFont(CJK_FONT, 12)
    y = height - 70 * mm
    for line in lines:
        c.drawString(25 * mm, y, line)
        y -= 9 * mm
    c.showPage()
    c.save()
    return out.getvalue()
