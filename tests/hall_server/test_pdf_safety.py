"""Result PDFs that would crash or hang printing, against a real hall server: the upload check refuses
them (too many pages, no usable MediaBox, streams that inflate without end) with a reason and stores
nothing, within bounded time and memory; and a bad document stored before that check existed fails
its print cleanly: an error answer (never a 500), the print `failed` at once (never left `printing`
to block other kiosks), the document still printable once replaced."""
from __future__ import annotations

import base64
import contextlib
import io
import sqlite3
import time
import tracemalloc
import zlib

import httpx
import pytest
from pypdf import PdfReader

from hall_server import certpdf
from hallsupport import KIOSK2_TOKEN, make_id

pytestmark = pytest.mark.slow  # each test here takes over a second (README: the fast subset)

APPROVAL_TOKEN = "demo-approval-system-7b3e51d0c9a2"
ZHANG = make_id("19850612")
CASE = "SFQ2026000301"


# --- hand-made PDFs ---------------------------------------------------------------------------

def build(objects: list[bytes]) -> bytes:
    """A PDF of these object bodies (object n is objects[n - 1], the catalog is object 1) with a right xref."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


TEXT = b"BT /F1 24 Tf 72 720 Td (Certificate) Tj ET"
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
A4 = b"/MediaBox [0 0 595 842]"


def document(page_box: bytes = A4, pages_box: bytes = b"", kids: int = 1, content: bytes | None = None) -> bytes:
    """One page object (referenced `kids` times from the page tree) showing a line of text."""
    body = stream(TEXT) if content is None else content
    return build([b"<< /Type /Catalog /Pages 2 0 R >>",
                  b"<< /Type /Pages /Kids [" + b"3 0 R " * kids + b"] /Count %d %s >>" % (kids, pages_box),
                  b"<< /Type /Page /Parent 2 0 R " + page_box + b" /Resources << /Font << /F1 5 0 R >> >> "
                  b"/Contents 4 0 R >>",
                  body, FONT])


def deflated(size: int, chunk: bytes = b" " * (1 << 20)) -> bytes:
    z = zlib.compressobj(9)
    return b"".join(z.compress(chunk) for _ in range(size // len(chunk))) + z.flush()


def bomb(inflated: int = 100 * 1024 * 1024) -> bytes:
    """About 100 KB that inflate to 100 MB of page content."""
    return document(content=stream(deflated(inflated), b"/Filter /FlateDecode "))


def many_bombs(count: int = 90) -> bytes:
    """Just under 10 MiB of streams that would inflate to 9 GB, none of them page content."""
    one = stream(deflated(100 * 1024 * 1024), b"/Filter /FlateDecode ")
    return build([b"<< /Type /Catalog /Pages 2 0 R >>",
                  b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                  b"<< /Type /Page /Parent 2 0 R " + A4 + b" /Resources << /Font << /F1 5 0 R >> >> "
                  b"/Contents 4 0 R >>",
                  stream(TEXT), FONT] + [one] * count)


BAD_UPLOADS = {
    "no MediaBox": (document(page_box=b""), "pdf_bad_mediabox"),
    "1e9 points a side": (document(page_box=b"/MediaBox [0 0 1000000000 1000000000]"), "pdf_bad_mediabox"),
    "negative": (document(page_box=b"/MediaBox [0 0 -595 842]"), "pdf_bad_mediabox"),
    "zero": (document(page_box=b"/MediaBox [0 0 0 0]"), "pdf_bad_mediabox"),
    "not numbers": (document(page_box=b"/MediaBox [0 0 /A4 (842)]"), "pdf_bad_mediabox"),
    "three numbers": (document(page_box=b"/MediaBox [0 595 842]"), "pdf_bad_mediabox"),
    "a thousandth of a point": (document(page_box=b"/MediaBox [0 0 0.001 0.001]"), "pdf_bad_mediabox"),
    "inherited absurd": (document(page_box=b"", pages_box=b"/MediaBox [0 0 99999999 842]"), "pdf_bad_mediabox"),
    "zlib bomb": (bomb(), "pdf_inflates_too_much"),
    "60,000 pages": (document(kids=60_000), "too_many_pages"),
}


# --- the server -------------------------------------------------------------------------------

@pytest.fixture
def approval(server):
    a = server.client(APPROVAL_TOKEN)
    case = {"number": CASE, "matter": "GA-HZ-003", "id_number": ZHANG, "name": "张小三", "stage": "approved",
            "accepted_on": "2026-11-16"}
    assert a.post("/cases/import", {"cases": [case]}).json()["created"] == 1
    return a


def upload(approval, pdf: bytes, doc: str = "licence") -> httpx.Response:
    return approval.http.put(f"/api/v1/cases/{CASE}/documents/{doc}", content=pdf,
                             params={"title": "营业执照", "title_en": "Business licence"},
                             headers={**approval.headers(), "Content-Type": "application/pdf"})


def database(server) -> contextlib.closing[sqlite3.Connection]:
    """The server's own SQLite file, beside the server."""
    return contextlib.closing(sqlite3.connect(server.db_path, timeout=10))


def stored(server) -> list[tuple]:
    with database(server) as db:
        return db.execute("SELECT doc, pages FROM case_documents").fetchall()


def prints(server) -> list[tuple]:
    with database(server) as db:
        return db.execute("SELECT kiosk, state, detail FROM certificate_prints ORDER BY requested_at, rowid").fetchall()


def store_bypassing_the_check(server, pdf: bytes, doc: str = "licence") -> None:
    """A bad document as one stored before the upload check refused such files."""
    with database(server) as db, db:
        db.execute("UPDATE case_documents SET pdf = ?, sha256 = ?, pages = 1 WHERE case_number = ? AND doc = ?",
                   (pdf, certpdf.sha256(pdf), CASE, doc))


def ask(kiosk, key: str | None = None) -> httpx.Response:
    return kiosk.post("/certificate-prints", {"case_number": CASE, "doc": "licence", "id_number": ZHANG}, key=key)


def printable(kiosk) -> bool:
    [case] = kiosk.post("/cases/lookup", {"id_number": ZHANG}).json()["cases"]
    return case["documents"][0]["printable"]


def good_pdf(text: str = "licence") -> bytes:
    return certpdf.sample_document("营业执照", "Business licence", [f"办件编号 Case: {CASE} {text}"])


def error_of(r: httpx.Response, status: int, code: str) -> dict:
    assert r.status_code == status, r.text
    error = r.json()["error"]
    assert error["code"] == code and error["message"] and error["message_en"], error
    return error


# --- the upload check -------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("name", list(BAD_UPLOADS))
def test_an_upload_that_would_break_printing_is_refused_and_nothing_stored(server, approval, name):
    pdf, code = BAD_UPLOADS[name]
    assert len(pdf) < 400 * 1024
    started = time.monotonic()
    error = error_of(upload(approval, pdf), 422, code)
    assert time.monotonic() - started < 10
    assert stored(server) == []
    # The same refusal without the server (the command-line import checks files the same way).
    with pytest.raises(certpdf.DocumentRefused) as refused:
        certpdf.check_document(pdf)
    assert (refused.value.code, refused.value.message, refused.value.message_en) == (
        code, error["message"], error["message_en"])


@pytest.mark.slow
def test_sound_documents_at_the_limits_are_taken_and_print(server, approval, kiosk):
    at_limit = document(kids=certpdf.MAX_PAGES)
    assert upload(approval, at_limit, "licence").json()["pages"] == certpdf.MAX_PAGES
    granted = ask(kiosk)
    assert granted.status_code == 201, granted.text
    assert len(PdfReader(io.BytesIO(base64.b64decode(granted.json()["pdf_base64"]))).pages) == certpdf.MAX_PAGES
    error_of(upload(approval, document(kids=certpdf.MAX_PAGES + 1), "more"), 422, "too_many_pages")
    inherited = document(page_box=b"", pages_box=A4)  # the MediaBox is inheritable from the page tree
    assert upload(approval, inherited, "inherited").status_code == 201
    a0_landscape = document(page_box=b"/MediaBox [0 0 3370 2384]")
    assert upload(approval, a0_landscape, "poster").status_code == 201
    content = document(content=stream(deflated(certpdf.MAX_CONTENT_BYTES - (1 << 20)), b"/Filter /FlateDecode "))
    assert upload(approval, content, "dense").status_code == 201
    assert sorted(stored(server)) == [("dense", 1), ("inherited", 1), ("licence", 50), ("poster", 1)]


def test_the_check_itself_stays_small_and_quick_on_bombs():
    for pdf in (bomb(), many_bombs()):
        assert len(pdf) <= certpdf.MAX_DOCUMENT_BYTES
        tracemalloc.start()
        started = time.monotonic()
        try:
            with pytest.raises(certpdf.DocumentRefused) as refused:
                certpdf.check_document(pdf)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert refused.value.code == "pdf_inflates_too_much"
        assert time.monotonic() - started < 10
        assert peak < len(pdf) + 24 * 1024 * 1024, peak  # the document and a little, never what it inflates to


# --- a bad document already stored ------------------------------------------------------------

STORED_BAD = {
    "no MediaBox": (document(page_box=b""), "pdf_bad_mediabox"),
    "zlib bomb": (bomb(), "pdf_inflates_too_much"),
    "60,000 pages": (document(kids=60_000), "too_many_pages"),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(STORED_BAD))
def test_a_stored_bad_document_fails_its_print_at_once_and_blocks_nobody(server, approval, kiosk, name):
    pdf, reason = STORED_BAD[name]
    assert upload(approval, good_pdf()).status_code == 201
    store_bypassing_the_check(server, pdf)

    started = time.monotonic()
    error = error_of(ask(kiosk, key="print-bad-document-1"), 422, "document_unprintable")
    assert time.monotonic() - started < 15
    assert error["detail"]["reason"] == reason
    [(who, state, detail)] = prints(server)
    assert state == "failed" and reason in detail  # released at once, not left `printing`
    assert printable(kiosk) is True
    # The kiosk asking again with the same key gets the same answer, not a stamped copy of a failed print.
    again = error_of(ask(kiosk, key="print-bad-document-1"), 422, "document_unprintable")
    assert again["detail"]["reason"] == reason

    other = server.client(KIOSK2_TOKEN)  # not held off by `print_in_progress` for five minutes
    assert error_of(ask(other), 422, "document_unprintable")["detail"]["reason"] == reason
    assert [state for _, state, _ in prints(server)] == ["failed", "failed"]
    assert kiosk.get("/health").status_code == 200

    # The approval system replaces the file: the document prints.
    assert upload(approval, good_pdf("replaced")).json()["outcome"] == "replaced"
    granted = ask(other)
    assert granted.status_code == 201, granted.text
    assert granted.json()["code"] in certpdf_text(granted.json()["pdf_base64"])


def certpdf_text(pdf_base64: str) -> str:
    return PdfReader(io.BytesIO(base64.b64decode(pdf_base64))).pages[0].extract_text()


def test_a_stamp_that_takes_too_long_is_stopped_and_the_print_released(server, approval, kiosk, monkeypatch):
    assert upload(approval, good_pdf()).status_code == 201
    monkeypatch.setattr(certpdf, "STAMP_TIMEOUT_S", 0.001)  # no stamp is done in a millisecond
    error = error_of(ask(kiosk), 503, "certificate_unavailable")
    assert error["detail"]["retry_after_s"] > 0
    [(_, state, detail)] = prints(server)
    assert state == "failed" and "timed out" in detail
    assert printable(kiosk) is True
    monkeypatch.undo()

    other = server.client(KIOSK2_TOKEN)  # the worker was replaced; nobody is held off
    granted = ask(other)
    assert granted.status_code == 201, granted.text
    assert [state for _, state, _ in prints(server)] == ["failed", "printing"]
