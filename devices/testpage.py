"""A one-page test PDF for the certificate printer, written by hand (no PDF library needed)."""
from __future__ import annotations

import datetime as dt
import socket


def _pdf_text(text: str) -> str:
    # PDF literal strings (ISO 32000-1 §7.3.4.2): backslash, parentheses escaped; ASCII only,
    # because the standard Helvetica font has no Chinese glyphs.
    safe = text.encode("ascii", "replace").decode("ascii")
    return safe.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def certificate_test_page(lines: list[str] | None = None, when: dt.datetime | None = None) -> bytes:
    """A valid one-page A4 PDF that says it is a test page, with a border to check the margins.

    Args:
        lines: the text lines; by default the title, the machine name and the time.
        when: the time printed on the default page.
    Returns:
        The PDF file bytes, with a correct cross-reference table.
    """
    when = when or dt.datetime.now()
    lines = lines or [
        "Hall device host - certificate printer test page",
        f"Machine: {socket.gethostname()}",
        f"Printed: {when:%Y-%m-%d %H:%M:%S}",
        "If this page is straight, complete and the border is whole, the printer is fine.",
    ]
    text = "".join(f"({_pdf_text(line)}) Tj T* " for line in lines)
    stream = (f"BT /F1 14 Tf 18 TL 72 760 Td {text}ET "
              "2 w 36 36 523 770 re S").encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")  # binary comment: marks the file as binary
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n".encode() + b"0000000000 65535 f \n"
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
