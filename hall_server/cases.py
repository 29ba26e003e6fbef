"""Cases (办件) from the approval system: import, progress query, certificate self-print and its
verification, and the 电子监察 lights of open cases.

Kept apart from `engine.py` like `admin.py` and `kiosks.py`. Writing commands run on the engine's
one writer (`command(tx) -> (status, model)`), so an import, a print or its report commits with
its events and its idempotency record, or not at all. Reading runs in a read transaction.

Rules worth knowing:

- Import is idempotent on the case number: the same row again changes nothing, a later stage
  moves the case on, an earlier stage is refused for that row, and a row that names another
  applicant, matter or acceptance date for a known number is refused. Deadlines (legal and
  promised) are the matter's days counted in working days on the hall calendar, from the day
  after acceptance (0 days: due on the day of acceptance).
- A document is printable once its case is approved or done and no completed print issued it.
  Only a print reported `completed` issues it; a failed or cancelled print voids its code and
  leaves the document printable. A document once issued prints again only with a staff member's
  authorisation (window staff or hall admin, username + PIN), recorded on the print; when that
  print completes the earlier certificate's code is void (the citizen replaced it).
- A print not yet reported may have come out of the printer: the kiosk keeps its outcome in its
  outbox and tells the server whenever it is back, however late. Meanwhile no self-print of that
  document is allowed, from any kiosk (`print_unreported`): a second one would void the code on
  paper the citizen may hold. Only a staff member's authorisation (username + PIN, as for a
  reprint) prints it again, and that print voids the unreported one. A `completed` that arrives
  for a print voided that way is recorded; it issues the document only if no other print issued
  it and none is under way (the paper exists, and its code then holds).
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import logging
import pathlib
import re
import secrets
import uuid
from collections.abc import Callable, Sequence
from typing import Any, Literal, TypeGuard

import sqlalchemy as sa
from pydantic import ValidationError

from . import certpdf, db, idnumber
from .config import Matter
from .engine import Principal, QueueEngine, QueueRefusal, Tx, from_ts
from .limits import Attempts, Limit, TooManyAttempts
from .schema import (
    CASE_STAGE_NAMES, CASE_STAGE_ORDER, DOC_NAME_PATTERN, CaseDocumentInfo, CaseImportResult, CaseList, CaseProgress,
    CaseRow, CaseRowRefusal, CaseStage, CaseSupervision, CertificatePrint, CertificatePrintReport,
    CertificatePrintRequest, CertificatePrintState, CertificateVerification, DocumentUploaded, Role, SupervisedCase,
    SupervisionLight, UnreadableRow, VerificationStatus, mark_unreadable,
)

log = logging.getLogger(__name__)

PRINTABLE_STAGES = (CaseStage.APPROVED, CaseStage.DONE)
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U to misread
CODE_LENGTH = 12  # 60 random bits


# --- small helpers ----------------------------------------------------------------------------

def local_today(engine: QueueEngine) -> dt.date:
    """The hall's calendar date now (deadlines are dates, not business days)."""
    return engine.clock().astimezone(engine.hall.tz).date()


def _matter(engine: QueueEngine, code: str) -> Matter | None:
    return next((m for m in engine.hall.matters if m.code == code), None)


def _matter_names(engine: QueueEngine, code: str) -> tuple[str, str]:
    m = _matter(engine, code)
    return (m.name, m.name_en) if m else (code, code)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def show_code(code: str) -> str:
    """ABCDEFGHJKMN → ABCD-EFGH-JKMN, as printed."""
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def read_code(text: str) -> str | None:
    """A typed or scanned code in its stored form, or None if it cannot be one (Crockford reading)."""
    cleaned = text.strip().upper().replace("-", "").replace(" ", "")
    cleaned = cleaned.translate(str.maketrans("OIL", "011"))
    if len(cleaned) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in cleaned):
        return None
    return cleaned


def verify_url(engine: QueueEngine, code: str) -> str:
    return f"{engine.public_url}/verify/{code}"


# --- import -----------------------------------------------------------------------------------

_ROW_MESSAGES = {
    "missing_field": ("缺少字段 {field}", "the field {field} is missing"),
    "unknown_field": ("未知字段 {field}", "unknown field {field}"),
    "bad_field": ("字段 {field} 无效", "the field {field} is not valid: {reason}"),
    "not_an_object": ("该行不是一个对象", "the row is not an object"),
    "bad_text": ("该行含有无法识别的字符（不是有效的文本）",
                 "the row holds text that is not valid Unicode (a lone surrogate)"),
    "too_deep": ("该行嵌套层次过深，不是办件数据", "the row is nested too deeply to be a case"),
    "unknown_matter": ("没有这个事项 {field}", "no such matter in the service guide"),
    idnumber.BAD_ID_NUMBER: (idnumber.BAD_ID_NUMBER_ZH, idnumber.BAD_ID_NUMBER_EN),
    "accepted_in_future": ("受理日期晚于今天", "accepted_on lies in the future"),
    "done_on_too_early": ("办结日期早于受理日期", "done_on is before accepted_on"),
    "done_on_without_done": ("未办结的办件不能有办结日期", "done_on is only for cases in stage done"),
    "stage_backwards": ("办件环节不能倒退（当前：{current}）", "a case's stage never goes back (it is {current})"),
    "case_changed": ("该办件编号已存在，但{field_zh}不同", "this case number exists with another {field}"),
    "documents_not_here": ("请通过文件上传接口提交证照", "upload documents with PUT …/documents/{{doc}}"),
    "bad_document": ("证照条目无效", "a document entry is not valid: {reason}"),
    "document_unreadable": ("证照文件无法读取：{field}", "the document file cannot be read: {field}"),
    "document_issued": ("证照已出证，不能更换", "the document was already issued and cannot be replaced"),
    "calendar_broken": ("工作日历无法计算时限", "the working-day calendar cannot count this deadline"),
}
_FIELD_ZH = {"matter": "事项", "id_number": "申请人", "accepted_on": "受理日期"}


class RowRefused(Exception):
    """One import row refused; becomes a CaseRowRefusal."""

    def __init__(self, code: str, field: str | None = None, **values: Any):
        super().__init__(code)
        self.code, self.field = code, field
        zh, en = _ROW_MESSAGES[code]
        fill = {"field": field or "", "field_zh": _FIELD_ZH.get(field or "", field or ""), "reason": "", **values}
        self.message, self.message_en = zh.format(**fill), en.format(**fill)


def _validation_refusal(exc: ValidationError) -> RowRefused:
    """The first problem of a row, said without echoing its value (it may be an ID number)."""
    err = exc.errors()[0]
    field = ".".join(str(x) for x in err.get("loc", ())) or None
    if err["type"] == "missing":
        return RowRefused("missing_field", field)
    if err["type"] == "extra_forbidden":
        return RowRefused("unknown_field", field)
    return RowRefused("bad_field", field, reason=err.get("msg", ""))


def import_rows(engine: QueueEngine, tx: Tx, rows: list[Any], *, first_row: int = 1,
                documents_allowed: bool = False) -> tuple[int, CaseImportResult]:
    """Import a batch of case rows; each bad row is refused alone and changes nothing.

    Args:
        first_row: the number of the first row (a command-line import sends its file in chunks).
        documents_allowed: rows may carry `documents` ([{doc, title, title_en, pdf: bytes}]), as the
            command-line import reads them from files next to its export.
    """
    result = CaseImportResult(created=0, updated=0, unchanged=0, documents=0, refused=[])
    for i, raw in enumerate(rows):
        raw = mark_unreadable(raw)  # text that is not valid Unicode goes no further (done already for the API)
        if isinstance(raw, UnreadableRow):
            number = raw.number
        else:
            number = raw.get("number") if isinstance(raw, dict) and isinstance(raw.get("number"), str) else None
        savepoint = db.Savepoint(tx.conn)
        emitted = len(tx.events)
        try:
            outcome, docs = _import_row(engine, tx, raw, documents_allowed)
            savepoint.commit()
        except RowRefused as refused:
            savepoint.rollback()
            del tx.events[emitted:]
            result.refused.append(CaseRowRefusal(row=first_row + i, number=number[:40] if number else None,
                                                 code=refused.code, message=refused.message,
                                                 message_en=refused.message_en, field=refused.field))
            continue
        setattr(result, outcome, getattr(result, outcome) + 1)
        result.documents += docs
    if result.created or result.updated or result.documents:
        tx.emit("case.imported", {"created": result.created, "updated": result.updated,
                                  "documents": result.documents, "refused": len(result.refused)})
    if result.refused:
        log.info("case import: %d rows refused (first: row %d %s)", len(result.refused), result.refused[0].row,
                 result.refused[0].code)
    return 200, result


def _import_row(engine: QueueEngine, tx: Tx, raw: Any, documents_allowed: bool) -> tuple[str, int]:
    if isinstance(raw, UnreadableRow):
        raise RowRefused(raw.code, raw.field)
    if not isinstance(raw, dict):
        raise RowRefused("not_an_object")
    raw = dict(raw)
    documents = raw.pop("documents", None)
    if documents is not None and not documents_allowed:
        raise RowRefused("documents_not_here", "documents")
    try:
        row = CaseRow.model_validate(raw)
    except ValidationError as exc:
        raise _validation_refusal(exc) from None
    matter = _matter(engine, row.matter)
    if matter is None:
        raise RowRefused("unknown_matter", "matter")
    try:
        id_hash, _ = engine.tickets.id_hash(row.id_number)
    except QueueRefusal:
        raise RowRefused("bad_id_number", "id_number") from None
    today = local_today(engine)
    if row.accepted_on > today:
        raise RowRefused("accepted_in_future", "accepted_on")
    stage_at = row.stage_at or tx.now
    if stage_at.tzinfo is None:
        stage_at = stage_at.replace(tzinfo=engine.hall.tz)
    done_on = row.done_on
    if row.stage == CaseStage.DONE:
        done_on = done_on or min(stage_at.astimezone(engine.hall.tz).date(), today)
        if done_on < row.accepted_on:
            raise RowRefused("done_on_too_early", "done_on")
    elif done_on is not None:
        raise RowRefused("done_on_without_done", "done_on")
    docs = _check_documents(documents) if documents is not None else []

    c = db.cases.c
    existing = tx.conn.execute(sa.select(db.cases).where(c.number == row.number)).first()
    if existing is None:
        try:
            legal = engine.hall.calendar.add_workdays(row.accepted_on, matter.legal_days)
            promised = engine.hall.calendar.add_workdays(row.accepted_on, matter.promised_days)
        except ValueError:
            raise RowRefused("calendar_broken", "accepted_on") from None
        tx.conn.execute(db.cases.insert().values(
            number=row.number, matter=matter.code, id_hash=id_hash, masked_name=idnumber.mask_name(row.name),
            stage=row.stage.value, accepted_on=row.accepted_on.isoformat(), legal_due=legal.isoformat(),
            promised_due=promised.isoformat(), done_on=done_on.isoformat() if done_on else None,
            stage_at=stage_at.timestamp(), imported_at=tx.ts, updated_at=tx.ts))
        outcome = "created"
    else:
        for field, same in (("matter", existing.matter == matter.code), ("id_number", existing.id_hash == id_hash),
                            ("accepted_on", existing.accepted_on == row.accepted_on.isoformat())):
            if not same:
                raise RowRefused("case_changed", field)
        now_at, new_at = CASE_STAGE_ORDER.index(CaseStage(existing.stage)), CASE_STAGE_ORDER.index(row.stage)
        if new_at < now_at:
            raise RowRefused("stage_backwards", "stage", current=existing.stage)
        if new_at == now_at:
            outcome = "unchanged"
        else:
            tx.conn.execute(db.cases.update().where(c.number == row.number).values(
                stage=row.stage.value, stage_at=stage_at.timestamp(),
                done_on=done_on.isoformat() if done_on else None, updated_at=tx.ts))
            tx.emit("case.stage_changed", {"number": row.number, "matter": matter.code, "stage": row.stage.value,
                                           "previous": existing.stage})
            outcome = "updated"
    changed = 0
    for doc, title, title_en, pdf, pages in docs:
        try:
            _, uploaded = put_document(engine, tx, row.number, doc, title, title_en, pdf, pages)
        except QueueRefusal as refusal:
            raise RowRefused("document_issued" if refusal.code == "document_issued" else "bad_document",
                             "documents", reason=refusal.message_en) from None
        changed += uploaded.outcome != "unchanged"
    return outcome, changed


def _check_documents(documents: Any) -> list[tuple[str, str, str, bytes, int]]:
    """The documents a command-line row brings, each checked before anything is written."""
    if not isinstance(documents, list):
        raise RowRefused("bad_document", "documents", reason="documents must be a list")
    checked = []
    for d in documents:
        if not isinstance(d, dict):
            raise RowRefused("bad_document", "documents", reason="each document is an object")
        if d.get("error"):
            raise RowRefused("document_unreadable", str(d.get("file", ""))[:100])
        doc, title, title_en, pdf = d.get("doc"), d.get("title"), d.get("title_en"), d.get("pdf")
        if not isinstance(doc, str) or not re.fullmatch(DOC_NAME_PATTERN, doc):
            raise RowRefused("bad_document", "documents", reason="doc must be 1-40 letters, digits, - or _")
        if not _title_ok(title, 100) or not _title_ok(title_en, 200):
            raise RowRefused("bad_document", "documents", reason=f"{doc}: title and title_en are needed")
        if not isinstance(pdf, bytes):
            raise RowRefused("bad_document", "documents", reason=f"{doc}: no file")
        try:
            pages = certpdf.check_document(pdf)
        except certpdf.DocumentRefused as refused:
            raise RowRefused("bad_document", "documents", reason=f"{doc}: {refused.message_en}") from None
        checked.append((doc, title.strip(), title_en.strip(), pdf, pages))
    return checked


def _title_ok(title: object, limit: int) -> TypeGuard[str]:
    return isinstance(title, str) and 0 < len(title.strip()) <= limit


# --- documents --------------------------------------------------------------------------------

def _case_row(conn: sa.Connection, number: str) -> Any:
    row = conn.execute(sa.select(db.cases).where(db.cases.c.number == number)).first()
    if row is None:
        raise QueueRefusal(404, "unknown_case", "没有这个办件", "no such case", number=number)
    return row


def put_document(engine: QueueEngine, tx: Tx, number: str, doc: str, title: str | None, title_en: str | None,
                 pdf: bytes, pages: int) -> tuple[int, DocumentUploaded]:
    """Add or replace a case's result document (already checked by certpdf.check_document).

    The same bytes again change nothing; an issued document is never replaced (its certificate's code
    vouches for what was printed).
    """
    _case_row(tx.conn, number)
    d = db.case_documents.c
    key = (d.case_number == number) & (d.doc == doc)
    existing = tx.conn.execute(sa.select(db.case_documents).where(key)).first()
    outcome: Literal["created", "replaced", "unchanged"]
    digest = certpdf.sha256(pdf)
    title = (title or "").strip() or (existing.title if existing else "")
    title_en = (title_en or "").strip() or (existing.title_en if existing else "")
    if not title or not title_en:
        raise QueueRefusal(422, "document_title_missing", "请提供证照名称（中英文）",
                           "give the document's title and title_en")
    if existing is None:
        tx.conn.execute(db.case_documents.insert().values(
            case_number=number, doc=doc, title=title, title_en=title_en, pdf=pdf, sha256=digest, pages=pages,
            added_at=tx.ts, updated_at=tx.ts))
        outcome = "created"
    elif (existing.sha256, existing.title, existing.title_en) == (digest, title, title_en):
        outcome = "unchanged"
    elif existing.issued_at is not None:
        raise QueueRefusal(409, "document_issued", "证照已出证，不能更换",
                           "the document was already issued and cannot be replaced", number=number, doc=doc)
    else:
        tx.conn.execute(db.case_documents.update().where(key).values(
            title=title, title_en=title_en, pdf=pdf, sha256=digest, pages=pages, updated_at=tx.ts))
        outcome = "replaced"
    return (201 if outcome == "created" else 200), DocumentUploaded(
        case_number=number, doc=doc, title=title, title_en=title_en, pages=pages, sha256=digest, outcome=outcome)


# --- progress query ---------------------------------------------------------------------------

_DOC_COLUMNS = [db.case_documents.c[n] for n in
                ("case_number", "doc", "title", "title_en", "pages", "issued_at")]


def _progress(engine: QueueEngine, row: Any, docs: list[Any], today: dt.date) -> CaseProgress:
    stage = CaseStage(row.stage)
    name, name_en = _matter_names(engine, row.matter)
    promised = dt.date.fromisoformat(row.promised_due)
    done = stage == CaseStage.DONE
    left = None if done else engine.hall.calendar.workdays_until(today, promised)
    documents = [CaseDocumentInfo(doc=d.doc, title=d.title, title_en=d.title_en, pages=d.pages,
                                  printable=stage in PRINTABLE_STAGES and d.issued_at is None,
                                  issued=d.issued_at is not None, issued_at=from_ts(d.issued_at)) for d in docs]
    stage_name, stage_name_en = CASE_STAGE_NAMES[stage]
    return CaseProgress(
        number=row.number, matter=row.matter, matter_name=name, matter_name_en=name_en, masked_name=row.masked_name,
        stage=stage, stage_name=stage_name, stage_name_en=stage_name_en,
        accepted_on=dt.date.fromisoformat(row.accepted_on), legal_due=dt.date.fromisoformat(row.legal_due),
        promised_due=promised, done_on=dt.date.fromisoformat(row.done_on) if row.done_on else None,
        working_days_left=left, overdue=not done and today > promised, documents=documents,
        ready_to_print=any(d.printable for d in documents))


def _with_documents(conn: sa.Connection, rows: Sequence[Any]) -> dict[str, list[Any]]:
    numbers = [r.number for r in rows]
    docs: dict[str, list[Any]] = {n: [] for n in numbers}
    if numbers:
        d = db.case_documents.c
        for doc in conn.execute(sa.select(*_DOC_COLUMNS).where(d.case_number.in_(numbers)).order_by(d.doc)):
            docs[doc.case_number].append(doc)
    return docs


def cases_of_applicant(engine: QueueEngine, id_number: str) -> CaseList:
    """The cases of the ID card a kiosk read, newest first."""
    id_hash, _ = engine.tickets.id_hash(id_number)
    today = local_today(engine)
    c = db.cases.c
    with engine.store.read() as conn:
        rows = conn.execute(sa.select(db.cases).where(c.id_hash == id_hash)
                            .order_by(c.accepted_on.desc(), c.number.desc())).all()
        docs = _with_documents(conn, rows)
    return CaseList(today=today, cases=[_progress(engine, r, docs[r.number], today) for r in rows])


def case_progress(engine: QueueEngine, number: str) -> CaseProgress:
    """One case by its number (the acceptance receipt's QR); the name masked, no ID."""
    today = local_today(engine)
    with engine.store.read() as conn:
        row = _case_row(conn, number)
        docs = _with_documents(conn, [row])
    return _progress(engine, row, docs[number], today)


# --- certificate self-print -------------------------------------------------------------------

def _print_model(engine: QueueEngine, p: Any, doc: Any) -> CertificatePrint:
    return CertificatePrint(print_id=p.id, code=show_code(p.code), verify_url=verify_url(engine, p.code),
                            case_number=p.case_number, doc=p.doc, title=doc.title, title_en=doc.title_en,
                            reprint=bool(p.reprint), authorised_by=p.authorised_by, state=p.state)


# Checks of a citizen's ID card against a case at a kiosk (certificate self-print): wrong ones
# are guesses at somebody else's certificate.
APPLICANT_ATTEMPTS = Attempts("applicant", (
    Limit("subject", 5, 3600),   # one case: five wrong ID cards an hour, from any kiosk
    Limit("source", 10, 3600),   # one kiosk: ten wrong cards or cases an hour
))
# Case reads by a kiosk (进度查询 by card or by the receipt's QR): a kiosk serves one citizen at
# a time, so more than this is somebody reading the hall's cases one after another.
CASE_READS = Attempts("case_read", (Limit("source", 30, 600, count_all=True),))


def limited(check: Callable[..., None], *args: Any) -> None:
    """Run a limits check; a limit reached is answered 429 with when to try again."""
    try:
        check(*args)
    except TooManyAttempts as too_many:
        raise QueueRefusal(429, "too_many_attempts", "尝试次数过多，请稍后再试或到服务台办理",
                           "too many attempts; try again later or ask at the service desk",
                           retry_after_s=too_many.retry_after_s) from None


def count_case_read(engine: QueueEngine, actor: Principal) -> None:
    """Count a kiosk's case read against CASE_READS (staff at their desks read without a limit)."""
    if actor.role != Role.KIOSK:
        return
    with engine.store.write() as conn:
        limited(CASE_READS.take, conn, "", actor.id, engine.clock().timestamp())


def request_print(engine: QueueEngine, tx: Tx, actor: Principal, req: CertificatePrintRequest,
                  authorised_by: str | None) -> tuple[int, CertificatePrint]:
    """A new print of a ready document with a fresh verification code.

    Args:
        authorised_by: the staff username whose PIN the route already checked, or None.
    """
    id_hash, _ = engine.tickets.id_hash(req.id_number)
    limited(APPLICANT_ATTEMPTS.check, tx.conn, req.case_number, actor.id, tx.ts)
    case = tx.conn.execute(sa.select(db.cases).where(db.cases.c.number == req.case_number)).first()
    if case is None or case.id_hash != id_hash:
        # One answer for "no such case" and "another person's case", counted as a guess either way.
        refusal = QueueRefusal(404, "no_case_for_card", "没有此身份证的这个办件",
                               "no such case for this ID card")
        refusal.leave = lambda t: APPLICANT_ATTEMPTS.record(t.conn, req.case_number, actor.id, t.ts, ok=False)
        raise refusal
    d = db.case_documents.c
    doc = tx.conn.execute(sa.select(db.case_documents.c.title, d.title_en, d.issued_at).where(
        d.case_number == req.case_number, d.doc == req.doc)).first()
    if doc is None:
        raise QueueRefusal(404, "unknown_document", "该办件没有这份证照", "this case has no such document",
                           doc=req.doc)
    if CaseStage(case.stage) not in PRINTABLE_STAGES:
        raise QueueRefusal(409, "case_not_ready", "办件尚未批准，证照还不能打印",
                           "the case is not approved yet; its documents cannot be printed", stage=case.stage)
    reprint = doc.issued_at is not None
    if reprint and authorised_by is None:
        raise QueueRefusal(409, "already_issued", "该证照已打印出证，再次打印需工作人员授权",
                           "this document was already issued; printing it again needs a staff member's "
                           "authorisation")
    p = db.certificate_prints.c
    unfinished = tx.conn.execute(sa.select(db.certificate_prints).where(
        p.case_number == req.case_number, p.doc == req.doc, p.state == "printing")).all()
    if unfinished and authorised_by is None:
        # Its paper may be in the citizen's hand, its outcome in a kiosk's outbox: a second
        # self-print would void that paper's code. Staff decide (they can see the citizen).
        raise QueueRefusal(409, "print_unreported", "该证照上一次打印的结果尚未确认，再次打印需工作人员授权",
                           "the last print of this document is not confirmed yet; printing it again needs a "
                           "staff member's authorisation", since=from_ts(unfinished[0].requested_at).isoformat())
    for earlier in unfinished:  # staff printing it again: the unreported print's code is void
        tx.conn.execute(db.certificate_prints.update().where(p.id == earlier.id).values(
            state="void", detail=f"superseded by a print authorised by {authorised_by}"))
        log.info("certificate print %s of %s/%s voided by an authorised print", earlier.id, req.case_number, req.doc)
    code = new_code()
    while tx.conn.execute(sa.select(p.id).where(p.code == code)).first() is not None:
        code = new_code()
    print_id = uuid.uuid4().hex
    tx.conn.execute(db.certificate_prints.insert().values(
        id=print_id, code=code, case_number=req.case_number, doc=req.doc, kiosk=actor.id, state="printing",
        reprint=reprint, authorised_by=authorised_by, requested_at=tx.ts))
    if reprint:
        log.info("second print of %s/%s authorised by %s at %s", req.case_number, req.doc, authorised_by, actor.id)
    row = tx.conn.execute(sa.select(db.certificate_prints).where(p.id == print_id)).one()
    return 201, _print_model(engine, row, doc)


def stamped_pdf(engine: QueueEngine, print_id: str) -> bytes:
    """The print's document stamped with its code and the QR of its verification address.

    The stamp is made in certpdf's worker process within certpdf.STAMP_TIMEOUT_S, after the
    document is checked again (it may have been stored before the upload check refused such files).
    A print released because its stamp failed (`release_print`) answers that failure again (a
    retry with the same Idempotency-Key gets the first answer, not a copy with a void code).

    Raises:
        QueueRefusal: 422 document_unprintable (`reason`: the check's code) or 503
            certificate_unavailable (`reason`: timed out, busy, out of memory, crashed); the caller
            releases the print with `release_print`.
    """
    p, d = db.certificate_prints.c, db.case_documents.c
    with engine.store.read() as conn:
        row = conn.execute(sa.select(p.code, p.state, p.detail, d.pdf).select_from(db.certificate_prints.join(
            db.case_documents, (d.case_number == p.case_number) & (d.doc == p.doc))).where(p.id == print_id)).one()
    released = re.match(r"stamping failed \[(\d{3}) ([^\]]+)\]", row.detail or "")
    if row.state == "failed" and released:
        raise _stamp_refusal(int(released.group(1)), released.group(2), print_id)
    try:
        return certpdf.stamp_isolated(row.pdf, show_code(row.code), verify_url(engine, row.code))
    except certpdf.DocumentRefused as refused:
        log.warning("certificate print %s: the document cannot be stamped: %s", print_id, refused)
        raise _stamp_refusal(422, refused.code, print_id) from None
    except certpdf.WorkerFailed as failed:
        log.warning("certificate print %s: stamping %s", print_id, failed.reason)
        raise _stamp_refusal(503, failed.reason, print_id) from None
    except Exception:
        log.exception("certificate print %s: stamping failed", print_id)
        raise _stamp_refusal(503, "error", print_id) from None


STAMP_RETRY_AFTER_S = 30


def _stamp_refusal(status: int, reason: str, print_id: str) -> QueueRefusal:
    if status == 422:
        return QueueRefusal(422, "document_unprintable", "该证照文件有误，暂不能打印，请到服务台办理",
                            "this document's file is faulty and cannot be printed; please ask at the service desk",
                            reason=reason, print_id=print_id)
    return QueueRefusal(503, "certificate_unavailable", "证照暂时无法生成，请稍后再试或到服务台办理",
                        "the certificate cannot be made now; try again shortly or ask at the service desk",
                        reason=reason, print_id=print_id, retry_after_s=STAMP_RETRY_AFTER_S)


def release_print(engine: QueueEngine, tx: Tx, print_id: str, refusal: QueueRefusal) -> tuple[int, dict[str, Any]]:
    """A print whose stamped PDF could not be made: `failed` at once, as if its kiosk had reported it.

    Its code is void, the document stays printable and no other kiosk is held off by it. The detail
    keeps the answer (`stamping failed [status reason]`) for `stamped_pdf` to give again.
    """
    p = db.certificate_prints.c
    reason = refusal.detail.get("reason", refusal.code)
    detail = f"stamping failed [{refusal.status} {reason}]: {refusal.message_en}"[:300]
    released = tx.conn.execute(db.certificate_prints.update().where(p.id == print_id, p.state == "printing").values(
        state="failed", reported_at=tx.ts, detail=detail)).rowcount
    if released:
        log.info("certificate print %s released: %s", print_id, detail)
    return 200, {"print_id": print_id, "released": bool(released)}


def report_print(engine: QueueEngine, tx: Tx, actor: Principal, print_id: str,
                 req: CertificatePrintReport) -> tuple[int, CertificatePrintState]:
    """The kiosk's word on how the print job ended; only `completed` issues the document."""
    p, d = db.certificate_prints.c, db.case_documents.c
    row = tx.conn.execute(sa.select(db.certificate_prints).where(p.id == print_id)).first()
    if row is None or row.kiosk != actor.id:
        raise QueueRefusal(404, "unknown_print", "没有这个打印任务", "no such print for this kiosk")
    doc_key = (d.case_number == row.case_number) & (d.doc == row.doc)
    if row.state == "void" and req.outcome == "completed" and row.reported_at is None:
        return _late_completion(tx, row, req, doc_key)
    if row.state == "void":
        raise QueueRefusal(409, "print_superseded", "该打印任务已被新的打印请求取代，其核验码无效",
                           "a newer print request replaced this print; its code is void", state=row.state)
    if row.state != "printing":
        if row.state != req.outcome:
            raise QueueRefusal(409, "print_already_reported", "该打印任务的结果已报告",
                               "this print's outcome was already reported", state=row.state)
    else:
        tx.conn.execute(db.certificate_prints.update().where(p.id == print_id).values(
            state=req.outcome, reported_at=tx.ts, job_id=req.job_id, detail=req.detail[:300] or None))
        if req.outcome == "completed":
            tx.conn.execute(db.case_documents.update().where(doc_key).values(issued_at=tx.ts, issued_print=print_id))
            tx.emit("case.document_issued", {"number": row.case_number, "doc": row.doc, "print": print_id,
                                             "reprint": bool(row.reprint)})
        else:
            log.info("certificate print %s %s: %s", print_id, req.outcome, req.detail[:200])
    issued_by = tx.conn.execute(sa.select(d.issued_print).where(doc_key)).scalar()
    return 200, CertificatePrintState(print_id=print_id, code=show_code(row.code), case_number=row.case_number,
                                      doc=row.doc, state=req.outcome if row.state == "printing" else row.state,
                                      issued=issued_by == print_id)


def _late_completion(tx: Tx, row: Any, req: CertificatePrintReport, doc_key: Any) -> tuple[int, CertificatePrintState]:
    """A `completed` for a print staff voided while it was unreported: the paper exists.

    It is recorded either way (reported_at, job id). It issues the document, and its code holds,
    only when no other print issued the document and none is under way; otherwise the staff
    member's print replaced it and its code stays void.
    """
    p, d = db.certificate_prints.c, db.case_documents.c
    issued_by = tx.conn.execute(sa.select(d.issued_print).where(doc_key)).scalar()
    busy = tx.conn.execute(sa.select(p.id).where(p.case_number == row.case_number, p.doc == row.doc,
                                                 p.state == "printing")).first()
    revived = issued_by is None and busy is None
    detail = (row.detail or "") + "; completed after it was voided" + ("" if revived else " (code stays void)")
    tx.conn.execute(db.certificate_prints.update().where(p.id == row.id).values(
        state="completed" if revived else "void", reported_at=tx.ts, job_id=req.job_id, detail=detail[:300]))
    if revived:
        tx.conn.execute(db.case_documents.update().where(doc_key).values(issued_at=tx.ts, issued_print=row.id))
        tx.emit("case.document_issued", {"number": row.case_number, "doc": row.doc, "print": row.id,
                                         "reprint": bool(row.reprint)})
    log.info("certificate print %s completed after it was voided; %s", row.id,
             "issued" if revived else "its code stays void")
    return 200, CertificatePrintState(print_id=row.id, code=show_code(row.code), case_number=row.case_number,
                                      doc=row.doc, state="completed" if revived else "void", issued=revived)


# --- verification ------------------------------------------------------------------------------

_VERIFY_MESSAGES = {
    "valid": ("核验通过：该证照由本大厅自助打印出证", "Valid: this certificate was issued by this hall"),
    "pending": ("该证照的打印尚未确认完成，暂不能核验通过", "Not confirmed: this print has not been reported complete"),
    "void": ("该核验码已作废，证照无效", "Void: this code is no longer valid"),
    "unknown": ("未找到该核验码", "Unknown: no certificate has this code"),
}


def verify(engine: QueueEngine, text: str) -> CertificateVerification:
    """What a verification code stands for: details only when the certificate is valid."""
    code = read_code(text)
    status: VerificationStatus = "unknown"
    found = None
    if code is not None:
        p, d, c = db.certificate_prints.c, db.case_documents.c, db.cases.c
        with engine.store.read() as conn:
            found = conn.execute(
                sa.select(p.id, p.state, p.reported_at, d.title, d.title_en, d.issued_print, c.number, c.matter,
                          c.masked_name)
                .select_from(db.certificate_prints
                             .join(db.case_documents, (d.case_number == p.case_number) & (d.doc == p.doc))
                             .join(db.cases, c.number == p.case_number))
                .where(p.code == code)).first()
        if found is not None:
            if found.state == "completed":
                status = "valid" if found.issued_print == found.id else "void"  # a later reprint replaced it
            else:
                status = "pending" if found.state == "printing" else "void"
    message, message_en = _VERIFY_MESSAGES[status]
    shown = show_code(code) if code else text.strip()[:20]
    out = CertificateVerification(code=shown, status=status, message=message, message_en=message_en,
                                  hall_name=engine.hall.name, hall_name_en=engine.hall.name_en)
    if status == "valid" and found is not None:  # valid: found, always
        name, name_en = _matter_names(engine, found.matter)
        out = out.model_copy(update={
            "title": found.title, "title_en": found.title_en, "case_number": found.number, "matter": found.matter,
            "matter_name": name, "matter_name_en": name_en, "masked_name": found.masked_name,
            "issued_on": dt.datetime.fromtimestamp(found.reported_at, engine.hall.tz).date()})
    return out


# --- 电子监察 ----------------------------------------------------------------------------------

def supervision(engine: QueueEngine, include_green: bool = False) -> CaseSupervision:
    """Open cases lit by their promised date: red past it, yellow within the hall's warn days."""
    today = local_today(engine)
    warn = engine.hall.case_warn_days
    c = db.cases.c
    with engine.store.read() as conn:
        rows = conn.execute(sa.select(db.cases).where(c.stage != CaseStage.DONE.value)
                            .order_by(c.promised_due, c.number)).all()
    listed = []
    for r in rows:
        promised = dt.date.fromisoformat(r.promised_due)
        left = engine.hall.calendar.workdays_until(today, promised)
        light: SupervisionLight = "red" if today > promised else "yellow" if left <= warn else "green"
        if light == "green" and not include_green:
            continue
        name, name_en = _matter_names(engine, r.matter)
        listed.append(SupervisedCase(
            number=r.number, matter=r.matter, matter_name=name, matter_name_en=name_en, masked_name=r.masked_name,
            stage=CaseStage(r.stage), accepted_on=dt.date.fromisoformat(r.accepted_on), promised_due=promised,
            legal_due=dt.date.fromisoformat(r.legal_due), working_days_left=left, light=light))
    order = {"red": 0, "yellow": 1, "green": 2}
    listed.sort(key=lambda x: (order[x.light], x.promised_due, x.number))
    return CaseSupervision(today=today, warn_days=warn, yellow=sum(x.light == "yellow" for x in listed),
                           red=sum(x.light == "red" for x in listed), cases=listed)


# --- export files (the command-line import) ----------------------------------------------------

CSV_DOCUMENT_COLUMNS = ("document", "document_title", "document_title_en", "document_file")


class ExportError(ValueError):
    """An export file that cannot be read at all (rows are judged one by one later)."""


def read_export(path: pathlib.Path, shift_to: dt.date | None = None) -> tuple[list[Any], list[str]]:
    """The rows of an approval-system export (.json or .csv) and where each came from ("line 4").

    Documents are named by a path relative to the export file and read here as bytes; one that
    cannot be read marks its row so that the row is refused.

    Args:
        shift_to: demo data only: move every date by whole weeks so the file's `as_of` falls in this week.

    Raises:
        ExportError: the file is missing, of another kind, or not JSON/CSV of rows.
    """
    path = pathlib.Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ExportError(f"{path}: cannot be read: {exc}") from None
    as_of = None
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ExportError(f"{path}: not JSON: {exc}") from None
        if isinstance(data, dict):
            as_of, data = data.get("as_of"), data.get("cases")
        if not isinstance(data, list):
            raise ExportError(f"{path}: expected a list of cases, or an object with a 'cases' list")
        rows, where = data, [f"row {i + 1}" for i in range(len(data))]
    elif path.suffix.lower() == ".csv":
        reader = csv.DictReader(text.splitlines(keepends=True))
        rows, where = [], []
        for record in reader:
            row: dict[str, Any] = {k.strip(): v.strip() for k, v in record.items()
                                   if k is not None and isinstance(v, str) and v.strip()}
            if None in record:
                row["extra_columns"] = "this row has more columns than the header"
            doc = {k: row.pop(k) for k in CSV_DOCUMENT_COLUMNS if k in row}
            if doc:
                row["documents"] = [{"doc": doc.get("document"), "title": doc.get("document_title"),
                                     "title_en": doc.get("document_title_en"), "file": doc.get("document_file")}]
            rows.append(row)
            where.append(f"line {reader.line_num}")
    else:
        raise ExportError(f"{path}: an export is a .json or .csv file")
    for row in rows:
        if isinstance(row, dict) and isinstance(row.get("documents"), list):
            row["documents"] = [_read_document(path.parent, d) for d in row["documents"]]
    if shift_to is not None and as_of:
        weeks = (shift_to - dt.date.fromisoformat(as_of)).days // 7
        rows = [_shifted(r, dt.timedelta(weeks=weeks)) for r in rows]
    return rows, where


def _read_document(folder: pathlib.Path, d: Any) -> Any:
    if not isinstance(d, dict) or not isinstance(d.get("file"), str):
        return d
    try:
        return {**d, "pdf": (folder / d["file"]).read_bytes()}
    except OSError:
        return {**d, "error": "unreadable"}


def _shifted(row: Any, delta: dt.timedelta) -> Any:
    if not isinstance(row, dict):
        return row
    out = dict(row)
    for key in ("accepted_on", "done_on"):
        if isinstance(out.get(key), str):
            out[key] = (dt.date.fromisoformat(out[key]) + delta).isoformat()
    if isinstance(out.get("stage_at"), str):
        out["stage_at"] = (dt.datetime.fromisoformat(out["stage_at"]) + delta).isoformat()
    return out
