"""Certificate self-print (自助打印出证) against a real hall server: the stamped PDF holds its code and
a QR of the verification address; only a completed job issues the document; failed and cancelled
prints leave it printable; a second print needs a staff member's PIN; unreported prints do not
block the citizen; the verification page; and a real print through the certificate printer's
PDF spool, including a failing one."""
from __future__ import annotations

import base64
import io

import httpx
import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader

from drivers.printing.certificate import CertificatePrinter
from hall_server import certpdf
from hallsupport import KIOSK2_TOKEN, STAFF_PIN, TECH_PIN, make_id

APPROVAL_TOKEN = "demo-approval-system-7b3e51d0c9a2"
ZHANG = make_id("19850612")
LI = make_id("19900101", serial="456")
CASE = "SFQ2026000101"


@pytest.fixture
def ready(server):
    """An approved case of Zhang with a result document, and one still under review."""
    approval = server.client(APPROVAL_TOKEN)
    rows = [{"number": CASE, "matter": "GA-HZ-003", "id_number": ZHANG, "name": "张小三", "stage": "approved",
             "accepted_on": "2026-11-16"},
            {"number": "SFQ2026000102", "matter": "GA-HZ-003", "id_number": ZHANG, "name": "张小三",
             "stage": "reviewing", "accepted_on": "2026-11-16"}]
    assert approval.post("/cases/import", {"cases": rows}).json()["created"] == 2
    pdf = certpdf.sample_document("户口迁移证明", "Household migration certificate", [f"办件编号 Case: {CASE}"])
    for number in (CASE, "SFQ2026000102"):
        r = approval.http.put(f"/api/v1/cases/{number}/documents/migration", content=pdf,
                              params={"title": "户口迁移证明", "title_en": "Household migration certificate"},
                              headers={**approval.headers(), "Content-Type": "application/pdf"})
        assert r.status_code == 201, r.text
    return approval


def ask(kiosk, id_number: str = ZHANG, doc: str = "migration", case: str = CASE, key: str | None = None,
        **more) -> httpx.Response:
    return kiosk.post("/certificate-prints", {"case_number": case, "doc": doc, "id_number": id_number, **more},
                      key=key)


def granted(kiosk, **kw) -> dict:
    r = ask(kiosk, **kw)
    assert r.status_code == 201, r.text
    return r.json()


def report(kiosk, print_id: str, outcome: str, detail: str = "") -> httpx.Response:
    return kiosk.post(f"/certificate-prints/{print_id}/result", {"outcome": outcome, "detail": detail})


def verified(server, code: str) -> dict:
    r = httpx.get(f"{server.url}/api/v1/verify/{code}")
    assert r.status_code == 200
    return r.json()


def document(kiosk, case: str = CASE) -> dict:
    """The case's first document as the kiosk's citizen sees it after 进度查询 by their card."""
    found = kiosk.post("/cases/lookup", {"id_number": ZHANG}).json()["cases"]
    return next(c for c in found if c["number"] == case)["documents"][0]


def qr_texts(pdf: bytes) -> list[str]:
    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=3).to_pil()
    return [r.text for r in zxingcpp.read_barcodes(image)]


@pytest.mark.slow
def test_a_print_is_stamped_and_only_a_completed_job_issues_it(server, ready, kiosk):
    p = granted(kiosk)
    assert p["state"] == "printing" and p["reprint"] is False and p["authorised_by"] is None
    assert p["verify_url"] == f"http://127.0.0.1:8000/verify/{p['code'].replace('-', '')}"
    pdf = base64.b64decode(p["pdf_base64"])
    certpdf.check_document(pdf)
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert p["code"] in text and "核验码" in text and CASE in text
    assert ZHANG not in text
    assert qr_texts(pdf) == [p["verify_url"]]
    assert verified(server, p["code"])["status"] == "pending"
    assert document(kiosk)["printable"] is True  # not issued until the job is reported completed

    seq = kiosk.get("/health").json()["seq"]
    done = report(kiosk, p["print_id"], "completed")
    assert done.status_code == 200 and done.json()["issued"] is True and done.json()["state"] == "completed"
    assert report(kiosk, p["print_id"], "completed").json()["issued"] is True  # the same report again
    late = report(kiosk, p["print_id"], "failed")
    assert late.status_code == 409 and late.json()["error"]["code"] == "print_already_reported"
    [issued] = [e for e in kiosk.get("/events", after=seq).json()["events"] if e["type"] == "case.document_issued"]
    assert issued["data"] == {"number": CASE, "doc": "migration", "print": p["print_id"], "reprint": False}
    doc = document(kiosk)
    assert doc["issued"] is True and doc["printable"] is False and doc["issued_at"]

    v = verified(server, p["code"].lower())  # typed in lower case: still found
    assert v["status"] == "valid" and v["case_number"] == CASE and v["masked_name"] == "张*三"
    assert (v["title"], v["matter"], v["issued_on"]) == ("户口迁移证明", "GA-HZ-003", "2026-11-23")
    page = httpx.get(p["verify_url"].replace("http://127.0.0.1:8000", server.url))
    assert page.status_code == 200 and "核验通过" in page.text and "Valid" in page.text
    assert "张*三" in page.text and CASE in page.text and "户口迁移证明" in page.text
    assert ZHANG not in page.text and "张小三" not in page.text
    assert "script-src" not in page.headers["Content-Security-Policy"]


def test_refusals_before_printing(server, ready, kiosk):
    def refused(response: httpx.Response, status: int, code: str) -> None:
        assert response.status_code == status, response.text
        error = response.json()["error"]
        assert error["code"] == code and error["message"] and error["message_en"]

    # Another person's case and no case at all get one answer: the refusal does not tell which.
    other_person, no_case = ask(kiosk, id_number=LI), ask(kiosk, case="SFQ2099000001")
    refused(other_person, 404, "no_case_for_card")
    assert other_person.json() == no_case.json()
    refused(ask(kiosk, case="SFQ2026000102"), 409, "case_not_ready")
    refused(ask(kiosk, doc="nothing"), 404, "unknown_document")
    refused(ask(kiosk, id_number=ZHANG[:-1] + "Y"), 422, "bad_id_number")
    assert ask(server.login("w01", STAFF_PIN, "01")).status_code == 403  # kiosks print, staff authorise
    assert document(kiosk)["printable"] is True


@pytest.mark.slow
def test_failed_and_cancelled_prints_leave_the_document_printable(server, ready, kiosk):
    failed = granted(kiosk)
    r = report(kiosk, failed["print_id"], "failed", "paper jam")
    assert r.status_code == 200 and r.json() == {**r.json(), "state": "failed", "issued": False}
    assert verified(server, failed["code"])["status"] == "void"
    assert document(kiosk)["printable"] is True

    cancelled = granted(kiosk)
    assert cancelled["code"] != failed["code"]
    assert report(kiosk, cancelled["print_id"], "cancelled").json()["issued"] is False
    assert verified(server, cancelled["code"])["status"] == "void"

    done = granted(kiosk)
    assert done["reprint"] is False  # never issued, so no authorisation needed
    assert report(kiosk, done["print_id"], "completed").json()["issued"] is True
    void = httpx.get(f"{server.url}/verify/{failed['code']}")
    assert void.status_code == 200 and "作废" in void.text and "Void" in void.text and CASE not in void.text
    unknown = httpx.get(f"{server.url}/verify/ABCD-EFGH-JKMN")
    assert unknown.status_code == 404 and "未找到" in unknown.text and "Unknown" in unknown.text
    assert verified(server, "not a code")["status"] == "unknown"


@pytest.mark.slow
def test_a_second_print_needs_a_staff_pin(server, ready, kiosk):
    first = granted(kiosk)
    report(kiosk, first["print_id"], "completed")
    r = ask(kiosk)
    assert r.status_code == 409 and r.json()["error"]["code"] == "already_issued"
    assert "授权" in r.json()["error"]["message"]
    wrong = ask(kiosk, authorisation={"username": "w01", "pin": "000000"})
    assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "wrong_pin"
    # A technician's right PIN is answered as a wrong one: the answer never tells a PIN is right.
    tech = ask(kiosk, authorisation={"username": "tech", "pin": TECH_PIN})
    assert (tech.status_code, tech.json()) == (wrong.status_code, wrong.json())
    nobody = ask(kiosk, authorisation={"username": "nobody", "pin": "123456"})
    assert (nobody.status_code, nobody.json()) == (wrong.status_code, wrong.json())
    assert verified(server, first["code"])["status"] == "valid"  # refusals changed nothing

    second = granted(kiosk, authorisation={"username": "w01", "pin": STAFF_PIN})
    assert second["reprint"] is True and second["authorised_by"] == "w01"
    assert verified(server, first["code"])["status"] == "valid"  # until the reprint really came out
    assert report(kiosk, second["print_id"], "completed").json()["issued"] is True
    assert verified(server, second["code"])["status"] == "valid"
    assert verified(server, first["code"])["status"] == "void"  # the lost certificate is replaced
    # A failed reprint leaves the earlier certificate as it was.
    third = granted(kiosk, authorisation={"username": "admin", "pin": "860301"})
    report(kiosk, third["print_id"], "failed", "out of paper")
    assert verified(server, second["code"])["status"] == "valid"


def test_an_unreported_print_allows_no_second_self_print_anywhere(server, ready, kiosk, clock):
    """Its paper may be in the citizen's hand: neither kiosk prints it again without staff."""
    other = server.client(KIOSK2_TOKEN)
    first = granted(kiosk)
    for who in (other, kiosk):
        busy = ask(who)
        assert busy.status_code == 409 and busy.json()["error"]["code"] == "print_unreported"
    clock.advance(hours=3)  # however long the outcome takes to arrive
    assert ask(other).json()["error"]["code"] == "print_unreported"
    assert verified(server, first["code"])["status"] == "pending"
    late = report(kiosk, first["print_id"], "completed")  # the kiosk's outbox, hours later
    assert late.status_code == 200 and late.json()["issued"] is True
    assert verified(server, first["code"])["status"] == "valid"
    assert document(kiosk)["issued"] is True


def test_staff_may_print_an_unreported_document_again_and_a_late_completion_is_recorded(server, ready, kiosk):
    other = server.client(KIOSK2_TOKEN)
    first = granted(kiosk)
    staff = granted(other, authorisation={"username": "admin", "pin": "860301"})
    assert verified(server, first["code"])["status"] == "void"
    assert report(other, staff["print_id"], "completed").json()["issued"] is True
    late = report(kiosk, first["print_id"], "completed")  # accepted, but the staff's print replaced it
    assert late.status_code == 200 and late.json()["state"] == "void" and late.json()["issued"] is False
    assert verified(server, staff["code"])["status"] == "valid"
    assert verified(server, first["code"])["status"] == "void"
    assert report(other, first["print_id"], "completed").status_code == 404  # not the other kiosk's print


def test_a_late_completion_of_a_voided_print_issues_it_when_nothing_else_did(server, ready, kiosk):
    other = server.client(KIOSK2_TOKEN)
    first = granted(kiosk)
    staff = granted(other, authorisation={"username": "admin", "pin": "860301"})
    assert report(other, staff["print_id"], "failed", "paper jam").json()["issued"] is False
    late = report(kiosk, first["print_id"], "completed")  # the first paper exists after all
    assert late.json() | {"code": ""} == {"print_id": first["print_id"], "code": "", "case_number": CASE,
                                          "doc": "migration", "state": "completed", "issued": True}
    assert verified(server, first["code"])["status"] == "valid"
    assert ask(kiosk).json()["error"]["code"] == "already_issued"


def test_a_retried_print_request_answers_the_same_print(server, ready, kiosk):
    first = ask(kiosk, key="print-request-0001")
    again = ask(kiosk, key="print-request-0001")
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    a, b = first.json(), again.json()
    assert (a["print_id"], a["code"]) == (b["print_id"], b["code"])
    assert base64.b64decode(a["pdf_base64"]) == base64.b64decode(b["pdf_base64"])


def test_a_print_through_the_certificate_spool_with_a_failing_job(server, ready, kiosk, tmp_path):
    """The kiosk's part played with the real certificate printer driver on a PDF spool folder."""
    spool = tmp_path / "spool"
    broken = CertificatePrinter.open(f"pdfdir://{spool}?fault=disk-full")
    p = granted(kiosk)
    job = broken.print_pdf(base64.b64decode(p["pdf_base64"]), title=f"{CASE}-migration")
    assert job.outcome == "failed" and not job.completed
    r = report(kiosk, p["print_id"], job.outcome, job.detail[:300])
    assert r.json()["state"] == "failed" and r.json()["issued"] is False
    assert document(kiosk)["printable"] is True and not list(spool.glob("*.pdf"))

    printer = CertificatePrinter.open(f"pdfdir://{spool}")
    p = granted(kiosk)
    job = printer.print_pdf(base64.b64decode(p["pdf_base64"]), title=f"{CASE}-migration")
    assert job.completed
    assert report(kiosk, p["print_id"], job.outcome, job.detail).json()["issued"] is True
    [spooled] = list(spool.glob("*.pdf"))
    printed = spooled.read_bytes()
    assert p["code"] in PdfReader(io.BytesIO(printed)).pages[0].extract_text()
    [url] = qr_texts(printed)
    assert verified(server, url.rsplit("/", 1)[1])["status"] == "valid"
