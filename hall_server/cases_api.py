"""HTTP routes for cases (办件): import by the approval system, result documents, the kiosk's progress
query and certificate self-print, the public verification page and the 电子监察 list.

Registered by `app.create_app` with its role checks and command runner, like `kiosks_api`.
The case-number QR on an acceptance receipt holds `HC1.<case number>` (schema.encode_case_qr).
"""
# No `from __future__ import annotations`: FastAPI reads the route annotations at definition time.
import asyncio
import base64
import json
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from . import cases, certpdf
from .engine import Principal, QueueRefusal
from .routing import IDEMPOTENCY_KEY, Key
from .schema import (
    API, CASE_NUMBER_PATTERN, DOC_NAME_PATTERN, CaseImport, CaseImportResult, CaseList, CaseLookup, CaseProgress,
    CaseQrError, CaseScan, CaseSupervision, CertificatePrint, CertificatePrintReport, CertificatePrintRequest,
    CertificatePrintState, CertificateVerification, DocumentUploaded, Role, decode_case_qr,
)
from .verifypage import VerifyPages

IMPORT_MAX_BODY = 4 * 1024 * 1024
DOCUMENT_MAX_BODY = certpdf.MAX_DOCUMENT_BYTES + 64 * 1024
OPTIONAL_KEY = Header(pattern=IDEMPOTENCY_KEY)
CaseNumber = Annotated[str, Path(pattern=CASE_NUMBER_PATTERN)]
DocName = Annotated[str, Path(pattern=DOC_NAME_PATTERN)]


def add_routes(app: FastAPI, engine: Callable[[], Any], auth: Callable[[], Any], allow: Callable[..., Any],
               run: Callable[..., Any], errors: dict) -> None:
    """Add the routes of cases and certificates.

    Args:
        engine: returns the running QueueEngine; `auth`: the running Auth (both exist once the app started).
        allow: the app's role check factory; `run`: the app's command runner.
    """
    IMPORTERS = allow(Role.APPROVAL_SYSTEM, Role.HALL_ADMIN)
    KIOSK = allow(Role.KIOSK)
    ASKERS = allow(Role.KIOSK, Role.WINDOW_STAFF, Role.HALL_ADMIN)
    STAFF = allow(Role.WINDOW_STAFF, Role.HALL_ADMIN)
    ADMIN = allow(Role.HALL_ADMIN)
    pages = VerifyPages()

    @app.post(f"{API}/cases/import", response_model=CaseImportResult, responses=errors, tags=["cases"],
              max_body_size=IMPORT_MAX_BODY)
    async def import_cases(request: Request, req: CaseImport, who: Annotated[Principal, Depends(IMPORTERS)],
                           idempotency_key: Annotated[str | None, OPTIONAL_KEY] = None) -> Response:
        """Cases from the approval system; idempotent on the case number, bad rows reported one by one."""
        return await run(request, who, idempotency_key, req,
                         lambda tx: cases.import_rows(engine(), tx, req.cases))

    @app.put(f"{API}/cases/{{number}}/documents/{{doc}}", response_model=DocumentUploaded, responses=errors,
             tags=["cases"], max_body_size=DOCUMENT_MAX_BODY,
             openapi_extra={"requestBody": {"required": True, "content": {"application/pdf": {
                 "schema": {"type": "string", "format": "binary"}}}}})
    async def put_document(request: Request, number: CaseNumber, doc: DocName,
                           who: Annotated[Principal, Depends(IMPORTERS)],
                           title: Annotated[str | None, Query(max_length=100)] = None,
                           title_en: Annotated[str | None, Query(max_length=200)] = None,
                           content_type: Annotated[str | None, Header()] = None) -> Response:
        """A case's result document (application/pdf); the same bytes again change nothing."""
        if (content_type or "").split(";")[0].strip().lower() != "application/pdf":
            raise QueueRefusal(415, "not_pdf", "请以 application/pdf 上传证照",
                               "send the document as application/pdf")
        data = await request.body()
        try:  # in a worker process with a time and memory limit: the file may be hostile
            pages_count = await run_in_threadpool(certpdf.check_document_isolated, data)
        except certpdf.DocumentRefused as refused:
            raise QueueRefusal(422, refused.code, refused.message, refused.message_en) from None
        except certpdf.WorkerFailed:
            raise QueueRefusal(503, "document_check_busy", "证照检查繁忙，请稍后重试",
                               "documents cannot be checked now; try again shortly",
                               retry_after_s=cases.STAMP_RETRY_AFTER_S) from None
        e = engine()
        out = await asyncio.wrap_future(e.submit(who, None, "", lambda tx: cases.put_document(
            e, tx, number, doc, title, title_en, data, pages_count)))
        return Response(out.body, status_code=out.status, media_type="application/json")

    @app.post(f"{API}/cases/lookup", response_model=CaseList, responses=errors, tags=["cases"])
    def lookup(req: CaseLookup, who: Annotated[Principal, Depends(ASKERS)]) -> CaseList:
        """进度查询 by the ID card the kiosk read: that citizen's cases."""
        cases.count_case_read(engine(), who)
        return cases.cases_of_applicant(engine(), req.id_number)

    @app.post(f"{API}/cases/scan", response_model=CaseProgress, responses=errors, tags=["cases"])
    def scan(req: CaseScan, who: Annotated[Principal, Depends(ASKERS)]) -> CaseProgress:
        """进度查询 by the case-number QR of the acceptance receipt (`HC1.<number>`)."""
        try:
            number = decode_case_qr(req.qr)
        except CaseQrError as exc:
            raise QueueRefusal(422, exc.code, exc.message, exc.message_en) from None
        cases.count_case_read(engine(), who)
        return cases.case_progress(engine(), number)

    @app.get(f"{API}/cases/{{number}}", response_model=CaseProgress, responses=errors, tags=["cases"])
    def progress(number: CaseNumber, who: Annotated[Principal, Depends(STAFF)]) -> CaseProgress:
        """One case by its number, for staff; the name masked, never the ID number. (A kiosk reads a
        case only by the citizen's ID card or the acceptance receipt's QR.)"""
        return cases.case_progress(engine(), number)

    @app.post(f"{API}/certificate-prints", status_code=201, response_model=CertificatePrint, responses=errors,
              tags=["certificates"])
    async def request_print(request: Request, req: CertificatePrintRequest, who: Annotated[Principal, Depends(KIOSK)],
                            k: Key) -> Response:
        """自助打印出证: a print of a ready document, stamped with a fresh verification code and its QR."""
        authorised_by = None
        if req.authorisation is not None:  # the slow PIN hash runs before the writer, never inside it
            authorised_by = await run_in_threadpool(auth().authorise, req.authorisation.username,
                                                    req.authorisation.pin, (Role.WINDOW_STAFF, Role.HALL_ADMIN),
                                                    who.id)
        answer = await run(request, who, k, req,
                           lambda tx: cases.request_print(engine(), tx, who, req, authorised_by))
        if answer.status_code != 201:
            return answer
        granted = json.loads(answer.body)
        try:
            pdf = await run_in_threadpool(cases.stamped_pdf, engine(), granted["print_id"])
        except QueueRefusal as refusal:  # no PDF: the print is released at once, never left `printing`
            e = engine()
            try:
                await asyncio.wrap_future(e.submit(who, None, "", lambda tx, refusal=refusal: cases.release_print(
                    e, tx, granted["print_id"], refusal)))
            except Exception:  # noqa: BLE001 - whatever failed is logged; the citizen's kiosk gets the refusal
                cases.log.exception("certificate print %s could not be released", granted["print_id"])
            raise
        granted["pdf_base64"] = base64.b64encode(pdf).decode("ascii")
        return Response(json.dumps(granted, ensure_ascii=False), status_code=201, media_type="application/json",
                        headers={name: value for name, value in answer.headers.items()
                                 if name.lower() == "idempotent-replayed"})

    @app.post(f"{API}/certificate-prints/{{print_id}}/result", response_model=CertificatePrintState,
              responses=errors, tags=["certificates"])
    async def report_print(request: Request, print_id: Annotated[str, Path(pattern=r"^[0-9a-f]{32}$")],
                           req: CertificatePrintReport, who: Annotated[Principal, Depends(KIOSK)],
                           idempotency_key: Annotated[str | None, OPTIONAL_KEY] = None) -> Response:
        """How the print job ended; only completed marks the document issued."""
        return await run(request, who, idempotency_key, req,
                         lambda tx: cases.report_print(engine(), tx, who, print_id, req))

    @app.get(f"{API}/verify/{{code}}", response_model=CertificateVerification, tags=["certificates"])
    def verify(code: Annotated[str, Path(max_length=40)]) -> CertificateVerification:
        """Public: what a certificate's verification code stands for (status valid, pending, void or unknown)."""
        return cases.verify(engine(), code)

    @app.get("/verify/{code}", response_class=HTMLResponse, tags=["certificates"])
    def verify_page(code: Annotated[str, Path(max_length=40)]) -> HTMLResponse:
        """The page the certificate's QR opens."""
        found = cases.verify(engine(), code)
        page = pages.render(found)
        return HTMLResponse(page.html, status_code=200 if found.status != "unknown" else 404, headers=page.headers)

    @app.get(f"{API}/supervision/cases", response_model=CaseSupervision, responses=errors, tags=["supervision"])
    def supervision(who: Annotated[Principal, Depends(ADMIN)], include_green: bool = False) -> CaseSupervision:
        """电子监察: open cases near their promised date (yellow) or past it (red)."""
        return cases.supervision(engine(), include_green)
