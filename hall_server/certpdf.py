"""Certificate PDFs on the hall server: checking uploaded result documents, stamping a print with its
verification code and QR, and the small sample documents of the demo.

The stamp is drawn with reportlab (Chinese through its built-in CID font STSong-Light, which PDF
readers supply, so nothing is embedded) and laid over every page with pypdf. The code itself is
drawn in Helvetica so it reads back as plain text from the PDF.
"""
from __future__ import annotations

import hashlib
import io
import logging

from pypdf import PdfReader, PdfWriter
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

log = logging.getLogger(__name__)

# As drivers/printing/certificate.py checks before printing (ISO 32000-1 §7.5.2 header, §7.5.5 %%EOF),
# plus: pypdf must read it and find a page, and it may not be encrypted.
PDF_MAGIC = b"%PDF-"
PDF_EOF = b"%%EOF"
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
CJK_FONT = "STSong-Light"

pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))


class DocumentRefused(ValueError):
    """A result document that cannot be printed; `code`, `message` (zh) and `message_en` say why."""

    def __init__(self, code: str, message: str, message_en: str):
        super().__init__(f"{code}: {message_en}")
        self.code, self.message, self.message_en = code, message, message_en


def check_document(data: bytes) -> int:
    """Check that `data` is a whole, readable, unencrypted PDF; returns its page count.

    Raises:
        DocumentRefused: not_pdf, document_too_large, pdf_truncated, pdf_unreadable or pdf_encrypted.
    """
    if not data.startswith(PDF_MAGIC):
        raise DocumentRefused("not_pdf", "文件不是PDF", "the document is not a PDF (it does not start with %PDF-)")
    if len(data) > MAX_DOCUMENT_BYTES:
        raise DocumentRefused("document_too_large", "文件过大",
                              f"the document is larger than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MiB")
    if PDF_EOF not in data[-1024:]:
        raise DocumentRefused("pdf_truncated", "PDF文件不完整", "the PDF is truncated (no %%EOF at its end)")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise DocumentRefused("pdf_encrypted", "PDF文件已加密，无法打印", "the PDF is encrypted")
        pages = len(reader.pages)
    except DocumentRefused:
        raise
    except Exception as exc:  # pypdf raises many kinds on malformed input; all mean the same here
        log.info("unreadable PDF refused: %s", exc)
        raise DocumentRefused("pdf_unreadable", "PDF文件无法读取", "the PDF cannot be read") from None
    if pages < 1:
        raise DocumentRefused("pdf_unreadable", "PDF文件没有页面", "the PDF has no pages")
    return pages


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
    stamps: dict[tuple[float, float], object] = {}
    for page in writer.pages:
        box = page.mediabox
        size = (float(box.width), float(box.height))
        if size not in stamps:
            stamps[size] = _stamp_page(*size, code, verify_url).pages[0]
        page.merge_translated_page(stamps[size], float(box.left), float(box.bottom))  # type: ignore[arg-type]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


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
