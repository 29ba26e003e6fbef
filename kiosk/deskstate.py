"""The screens of progress query (进度查询), certificate self-print (自助打印出证) and rating (好差评).

A part of the citizen's session like the rest of KioskState: the case list, the scanned receipt
code and the print's verification code live here only until the session ends (`wipe`). The ID
number stays in the session's identity and goes only into the request that needs it. The desk
sees the session through `DeskSession` only, never KioskState itself.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, Protocol, TypeVar

from PySide6.QtCore import QObject, Signal, Slot

from hall_rules.names import window_name
from hall_server.schema import (
    CASE_QR_PREFIX, CASE_STAGE_ORDER, CaseList, CaseProgress, CertificatePrintState, RateableTicket, Rating,
    RatingOptions,
)
from qtkit.ops import Background
from qtkit.props import qt_property

from .casedesk import CaseDesk, DeskRefused, DeskUnavailable
from .core import Identity, KioskCore
from .devicelink import DeviceError, DeviceLink
from .link import Refused

log = logging.getLogger(__name__)

T = TypeVar("T")

DESK_PAGES = ("progress", "cases", "certificate", "rating")
#: How long the kiosk waits for the certificate printer before it calls the print failed.
PRINT_TIMEOUT_S = 90.0
STAGES = [stage.value for stage in CASE_STAGE_ORDER]


def _field(attr: str, kind: type[T], notify: Signal) -> T:
    return qt_property(kind, lambda self: getattr(self, attr), notify=notify)


class DeskSession(Protocol):
    """What the service desk may ask of the citizen's session on the kiosk (KioskState hands it one)."""

    @property
    def page(self) -> str:
        """The page on screen."""

    def go(self, page: str) -> None:
        """Show a page of the session (the idle countdown starts over)."""

    def go_home(self) -> None:
        """End the session: everything personal goes, the desk's included (`ServiceDesk.wipe`)."""

    def touched(self) -> None:
        """The citizen is still here."""

    @property
    def identity(self) -> Identity | None:
        """The card read in this session, if any."""

    def take_identity(self, identity: Identity) -> None:
        """A card read for this session."""

    def background(self, job: Callable[[], T]) -> Background[T]:
        """`job` for a worker thread; its outcome is heard on the GUI thread while this session lasts."""


@dataclass(frozen=True)
class PrintOutcome:
    """How a certificate print ended, as far as the kiosk knows."""

    outcome: str          # completed, failed, cancelled
    code: str             # the verification code printed on it
    reported: bool        # the server has heard how it ended
    issued: bool          # the server counts the document as issued by it


class ServiceDesk(QObject):
    """Progress, certificate prints and ratings for QML (`kiosk.desk`).

    Args:
        session: the citizen's session, the one way to the kiosk's screens.
        core: the kiosk's core (its link to the hall server, its outbox, the hall's time zone).
        devices: the device host, for the certificate printer.
    """

    changed = Signal()

    def __init__(self, session: DeskSession, core: KioskCore, devices: DeviceLink,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.core = core
        self.devices = devices
        self.desk = CaseDesk(core.link)
        self._progress: dict[str, Any] = {}
        self._cases: list[dict[str, Any]] = []
        self._certificate: dict[str, Any] = {}
        self._rating: dict[str, Any] = {}
        self._options: RatingOptions | None = None  # the hall's levels and reasons: not personal, kept
        self._ticket_code = ""               # the scanned receipt's QR text, for this session only
        self.last_print: dict[str, Any] = {}

    progress = _field("_progress", dict, changed)
    certificate = _field("_certificate", dict, changed)
    rating = _field("_rating", dict, changed)
    cases = _field("_cases", list, changed)

    def wipe(self) -> None:
        """The session ended: nothing of the citizen's cases, codes or prints stays."""
        self._progress, self._cases, self._certificate, self._rating = {}, [], {}, {}
        self._ticket_code = ""
        self.changed.emit()

    # --- devices -------------------------------------------------------------------------
    def takes_card(self, identity: Identity) -> bool:
        """A card on the reader while a desk page shows: True when this page used it."""
        page = self.session.page
        if page in ("progress", "cases"):
            self.session.take_identity(identity)
            self._look_up_card()
            return True
        if page == "certificate" and self._certificate.get("step") == "needcard":
            self.session.take_identity(identity)
            self._set_certificate(step="confirm")
            return True
        if page in DESK_PAGES:
            self.session.go_home()  # someone new: the last session must not leak into theirs
        return False

    def takes_code(self, text: str) -> bool:
        """A scanned code: a case-number QR anywhere, a receipt's QR on the rating page."""
        page = self.session.page
        if text.strip().upper().startswith(CASE_QR_PREFIX) and page not in ("certificate",):
            if page not in ("progress", "cases", "home"):
                self.session.go_home()
            self._start_progress()
            self._set_progress(busy=True, error="")
            self.session.background(lambda: self.desk.case_by_qr(text)) \
                .success(self._listed_one).failure(self._progress_failed).run()
            return True
        if page == "rating" and self._rating.get("step") in ("scan", "refused", "unavailable"):
            self._ticket_code = text
            self._set_rating(step="looking", kind="ticket", subject={}, level=0, reason="")
            self.session.background(lambda: self.desk.rateable_ticket(text)) \
                .success(self._ticket_found).failure(self._rating_failed).run()
            return True
        if page in DESK_PAGES:
            return True  # another kind of code here means nothing; the page stays
        return False

    # --- progress ------------------------------------------------------------------------
    @Slot()
    def startProgress(self) -> None:
        self._start_progress()
        if self.session.identity is not None:
            self._look_up_card()

    def _start_progress(self) -> None:
        self._progress, self._cases = {"busy": False, "error": ""}, []
        self.changed.emit()
        self.session.go("progress")

    def _set_progress(self, **values: Any) -> None:
        self._progress = {**self._progress, **values}
        self.changed.emit()

    def _look_up_card(self) -> None:
        identity = self.session.identity
        if identity is None or not identity.id_number:
            return
        id_number = identity.id_number
        self._set_progress(busy=True, error="")
        if self.session.page != "progress":
            self.session.go("progress")
        self.session.background(lambda: self.desk.cases_of(id_number)) \
            .success(self._listed).failure(self._progress_failed).run()

    def _listed(self, found: CaseList) -> None:
        self._show_cases(found.cases, by_card=True)

    def _listed_one(self, case: CaseProgress) -> None:
        self._show_cases([case], by_card=self.session.identity is not None)

    def _progress_failed(self, exc: Exception) -> None:
        if isinstance(exc, DeskRefused):
            self._set_progress(busy=False, error="refused", message=exc.message, messageEn=exc.message_en)
            return
        if not isinstance(exc, DeskUnavailable):
            log.error("progress query failed: %s", type(exc).__name__)
        self._set_progress(busy=False, error="unavailable")

    def _show_cases(self, found: list[CaseProgress], *, by_card: bool) -> None:
        self._cases = [_case_row(c) for c in found]
        self._set_progress(busy=False, error="", empty=not self._cases, byCard=by_card)
        if self._cases:
            self.session.go("cases")

    # --- certificate self-print ----------------------------------------------------------
    def _set_certificate(self, **values: Any) -> None:
        self._certificate = {**self._certificate, **values}
        self.changed.emit()
        self.session.touched()

    @Slot(str, str)
    def choosePrint(self, case_number: str, doc: str) -> None:
        """A document of the list: confirm, or why it cannot be printed here."""
        case = next((c for c in self._cases if c["number"] == case_number), None)
        document = next((d for d in (case or {}).get("documents", []) if d["doc"] == doc), None)
        if case is None or document is None:
            return
        step = ("issued" if document["issued"] else "notready" if not document["printable"]
                else "confirm" if self.session.identity is not None else "needcard")
        self._certificate = {"step": step, "caseNumber": case_number, "doc": doc, "title": document["title"],
                             "titleEn": document["titleEn"], "pages": document["pages"],
                             "matter": case["matter"], "matterEn": case["matterEn"]}
        self.changed.emit()
        self.session.go("certificate")

    @Slot()
    def confirmPrint(self) -> None:
        identity = self.session.identity
        cert = self._certificate
        if cert.get("step") != "confirm" or identity is None or not identity.id_number:
            return
        case_number, doc, id_number = cert["caseNumber"], cert["doc"], identity.id_number
        self._set_certificate(step="printing")
        self.session.background(lambda: self._print(case_number, doc, id_number)) \
            .success(self._printed).failure(self._print_failed).run()

    @Slot(str, str)
    def authoriseReprint(self, username: str, pin: str) -> None:
        """A member of staff allows a second print of an issued document with their own username and PIN.

        The PIN goes to the hall server with this one request and is kept nowhere on the kiosk."""
        identity = self.session.identity
        cert = self._certificate
        username, pin = username.strip(), pin.strip()
        if cert.get("step") not in ("issued", "unreported") or identity is None or not identity.id_number:
            return
        if not username or not (pin.isdigit() and 4 <= len(pin) <= 12):
            return  # the screen offers the button only for a username and a 4–12 digit PIN
        case_number, doc, id_number = cert["caseNumber"], cert["doc"], identity.id_number
        self._set_certificate(step="printing", message="", messageEn="", after=cert.get("step"))
        self.session.background(lambda: self._print(case_number, doc, id_number, {"username": username, "pin": pin})) \
            .success(self._printed).failure(self._print_failed).run()

    def _print(self, case_number: str, doc: str, id_number: str,
               authorisation: dict[str, str] | None = None) -> PrintOutcome:
        """Worker: ask for the stamped print, send it to the certificate printer, report how it ended.

        The report is sent whatever the screen does meanwhile (a wiped session included): a print
        never stays unreported."""
        granted = self.desk.request_print(case_number, doc, id_number, authorisation)
        try:
            job = self.devices.call("print_certificate",
                                    {"pdf_base64": granted.pdf_base64 or "", "title": f"{case_number}-{doc}"},
                                    timeout=PRINT_TIMEOUT_S)
            outcome = job.get("outcome") if isinstance(job, dict) else None
            if outcome not in ("completed", "failed", "cancelled"):
                outcome = "failed"  # still unknown when we stopped waiting: not issued, the citizen may retry
            detail, job_id = str(job.get("detail") or job.get("outcome") or ""), job.get("job_id")
        except DeviceError as exc:
            outcome, detail, job_id = "failed", f"{exc.code}: {exc.message_en}", None
        except Exception as exc:  # noqa: BLE001 - whatever went wrong, the print is reported
            outcome, detail, job_id = "failed", type(exc).__name__, None
        path, body = self.desk.print_report(granted.print_id, outcome, detail, job_id)
        try:
            reported = self.core.deliver("print_report", path, body)
        except Refused as exc:  # kept as failed in the outbox; the paper, if any, is the citizen's
            log.warning("certificate print %s: outcome %s refused: %s", granted.print_id, outcome, exc.code)
            reported = None
        return PrintOutcome(outcome=outcome, code=granted.code, reported=reported is not None,
                            issued=isinstance(reported, CertificatePrintState) and reported.issued)

    def _print_failed(self, exc: Exception) -> None:
        if isinstance(exc, DeskUnavailable):
            self._set_certificate(step="unavailable")
            return
        if isinstance(exc, DeskRefused):
            # A wrong or locked staff PIN leaves the document where it was: issued, awaiting authorisation.
            step = "issued" if exc.code in ("already_issued", "wrong_pin", "locked", "not_authorised") \
                else "unreported" if exc.code == "print_unreported" else "refused"
            if step == "issued" and self._certificate.get("step") == "printing" \
                    and self._certificate.get("after") == "unreported":
                step = "unreported"  # a wrong PIN on the unconfirmed document's staff panel
            self._set_certificate(step=step, message=exc.message, messageEn=exc.message_en, code="")
            return
        log.error("certificate print failed: %s", type(exc).__name__)
        self._set_certificate(step="failed")

    def _printed(self, result: PrintOutcome) -> None:
        self.last_print = {"outcome": result.outcome, "issued": result.issued}
        if result.outcome == "completed":
            cert = self._certificate
            for case in self._cases:
                if case["number"] == cert.get("caseNumber"):
                    case["documents"] = [dict(d, printable=False, issued=True) if d["doc"] == cert.get("doc") else d
                                         for d in case["documents"]]
                    case["readyToPrint"] = any(d["printable"] for d in case["documents"])
            # Printed: the paper is the citizen's whether or not the server has heard yet.
            self._set_certificate(step="done", code=result.code, recording=not result.reported)
        else:
            self._set_certificate(step="failed", outcome=result.outcome)

    @Slot()
    def backToCases(self) -> None:
        if self._cases:
            self.session.go("cases")
        else:
            self._start_progress()

    # --- rating --------------------------------------------------------------------------
    def _set_rating(self, **values: Any) -> None:
        self._rating = {**self._rating, **values}
        self.changed.emit()
        self.session.touched()

    @Slot()
    def startRating(self) -> None:
        """Rate a served ticket: its receipt's QR under the scanner."""
        self._ticket_code = ""
        self._rating = {"step": "scan", "kind": "ticket", "subject": {}, "level": 0, "reason": "",
                        **self._option_lists()}
        self.changed.emit()
        self.session.go("rating")
        self._load_options()

    @Slot(str)
    def rateCase(self, case_number: str) -> None:
        """Rate a finished case of the list (the card proves the applicant)."""
        case = next((c for c in self._cases if c["number"] == case_number), None)
        if case is None or not case["rateable"] or self.session.identity is None:
            return
        self._rating = {"step": "choose", "kind": "case", "level": 0, "reason": "", **self._option_lists(),
                        "subject": {"number": case["number"], "matter": case["matter"], "matterEn": case["matterEn"]}}
        self.changed.emit()
        self.session.go("rating")
        self._load_options()

    def _load_options(self) -> None:
        if self._options is None:
            self.session.background(self.desk.rating_options) \
                .success(self._options_loaded).failure(self._options_failed).run()

    def _options_failed(self, exc: Exception) -> None:
        if not isinstance(exc, (DeskUnavailable, DeskRefused)):
            log.error("rating options failed: %s", type(exc).__name__)
        if self._rating.get("step") == "choose":
            self._set_rating(step="unavailable")

    def _options_loaded(self, options: RatingOptions) -> None:
        self._options = options
        if self._rating:
            self._set_rating(**self._option_lists())

    def _option_lists(self) -> dict[str, Any]:
        options = self._options
        if options is None:
            return {"levels": [], "reasons": []}
        levels = sorted(options.levels, key=lambda x: -x.level)
        return {"levels": [{"level": x.level, "name": x.name, "nameEn": x.name_en,
                            "reasonRequired": x.reason_required} for x in levels],
                "reasons": [{"code": r.code, "name": r.name, "nameEn": r.name_en} for r in options.reasons]}

    def _ticket_found(self, ticket: RateableTicket) -> None:
        served = ticket.served_at
        when = served.astimezone(self.core.hall_tz()).strftime("%m-%d %H:%M") if served else ""
        self._set_rating(step="choose", subject={
            "number": ticket.number, "category": ticket.category_name, "categoryEn": ticket.category_name_en,
            "window": ticket.window_name or (window_name(ticket.window) if ticket.window else ""),
            "windowEn": ticket.window_name_en or (window_name(ticket.window, "en") if ticket.window else ""),
            "servedAt": when})

    @Slot(int)
    def chooseLevel(self, level: int) -> None:
        if self._rating.get("step") == "choose":
            self._set_rating(level=level, reason="")

    @Slot(str)
    def chooseReason(self, code: str) -> None:
        """A reason preset, toggled: one at a time (the hall records one preset per rating)."""
        if self._rating.get("step") == "choose":
            self._set_rating(reason="" if self._rating.get("reason") == code else code)

    @Slot()
    def submitRating(self) -> None:
        r = self._rating
        level, reason = int(r.get("level") or 0), r.get("reason") or None
        needs = next((x["reasonRequired"] for x in r.get("levels", []) if x["level"] == level), True)
        if r.get("step") != "choose" or not level or (needs and not reason):
            return
        if r.get("kind") == "case":
            identity = self.session.identity
            if identity is None or not identity.id_number:
                return
            number, id_number = r["subject"]["number"], identity.id_number
            job = partial(self.desk.rate_case, number, id_number, level, reason)
        else:
            code = self._ticket_code
            job = partial(self.desk.rate_ticket, code, level, reason)
        self._set_rating(step="sending")
        self.session.background(job).success(self._rated).failure(self._rating_failed).run()

    def _rated(self, rating: Rating) -> None:
        if self._rating.get("kind") == "case":
            number = self._rating.get("subject", {}).get("number")
            for case in self._cases:
                if case["number"] == number:
                    case["rateable"] = False
        self._set_rating(step="done", followUp=rating.follow_up_due is not None)

    def _rating_failed(self, exc: Exception) -> None:
        if isinstance(exc, DeskRefused):
            self._set_rating(step="refused", code=exc.code, message=exc.message, messageEn=exc.message_en)
            return
        if not isinstance(exc, DeskUnavailable):
            log.error("rating failed: %s", type(exc).__name__)
        self._set_rating(step="unavailable")


def _case_row(c: CaseProgress) -> dict[str, Any]:
    """What the case list shows of a case (masked name only; the server never sends more)."""
    documents = [{"doc": d.doc, "title": d.title, "titleEn": d.title_en, "pages": d.pages,
                  "printable": d.printable, "issued": d.issued} for d in c.documents]
    return {"number": c.number, "matter": c.matter_name, "matterEn": c.matter_name_en,
            "maskedName": c.masked_name, "stage": STAGES.index(c.stage.value), "done": c.stage == "done",
            "promisedDue": c.promised_due.isoformat(), "doneOn": c.done_on.isoformat() if c.done_on else "",
            "daysLeft": c.working_days_left, "overdue": c.overdue, "documents": documents,
            "readyToPrint": c.ready_to_print, "rateable": c.stage == "done"}
