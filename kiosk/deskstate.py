"""The screens of progress query (进度查询), certificate self-print (自助打印出证) and rating (好差评).

A part of the citizen's session like the rest of KioskState: the case list, the scanned receipt
code and the print's verification code live here only until the session ends (`wipe`). The ID
number stays in KioskState's identity and goes only into the request that needs it.
"""
from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from hall_server.schema import CASE_QR_PREFIX, CASE_STAGE_ORDER

from .casedesk import CaseDesk, DeskRefused, DeskUnavailable, GrantedPrint
from .core import Identity
from .devicelink import DeviceError
from .link import Refused

if TYPE_CHECKING:
    from .state import KioskState

log = logging.getLogger(__name__)

DESK_PAGES = ("progress", "cases", "certificate", "rating")
#: How long the kiosk waits for the certificate printer before it calls the print failed.
PRINT_TIMEOUT_S = 90.0
STAGES = [stage.value for stage in CASE_STAGE_ORDER]


def _field(attr: str, kind: Any, notify: Signal) -> Property:
    return Property(kind, lambda self: getattr(self, attr), notify=notify)


class ServiceDesk(QObject):
    """Progress, certificate prints and ratings for QML (`kiosk.desk`)."""

    changed = Signal()

    def __init__(self, state: "KioskState") -> None:
        super().__init__(state)
        self.state = state
        self.desk = CaseDesk(state.core.link)
        self._progress: dict[str, Any] = {}
        self._cases: list[dict[str, Any]] = []
        self._certificate: dict[str, Any] = {}
        self._rating: dict[str, Any] = {}
        self._options: dict[str, Any] = {}   # the hall's levels and reasons: not personal, kept
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
        page = self.state.page
        if page in ("progress", "cases"):
            self.state._identity = identity
            self.state.sessionChanged.emit()
            self._look_up_card()
            return True
        if page == "certificate" and self._certificate.get("step") == "needcard":
            self.state._identity = identity
            self.state.sessionChanged.emit()
            self._set_certificate(step="confirm")
            return True
        if page in DESK_PAGES:
            self.state.goHome()  # someone new: the last session must not leak into theirs
        return False

    def takes_code(self, text: str) -> bool:
        """A scanned code: a case-number QR anywhere, a receipt's QR on the rating page."""
        page = self.state.page
        if text.strip().upper().startswith(CASE_QR_PREFIX) and page not in ("certificate",):
            if page not in ("progress", "cases", "home"):
                self.state.goHome()
            self._start_progress()
            self._set_progress(busy=True, error="")
            self.state._work(lambda: self.desk.case_by_qr(text), self._listed_one)
            return True
        if page == "rating" and self._rating.get("step") in ("scan", "refused", "unavailable"):
            self._ticket_code = text
            self._set_rating(step="looking", kind="ticket", subject={}, level=0, reason="")
            self.state._work(lambda: self.desk.rateable_ticket(text), self._ticket_found)
            return True
        if page in DESK_PAGES:
            return True  # another kind of code here means nothing; the page stays
        return False

    # --- progress ------------------------------------------------------------------------
    @Slot()
    def startProgress(self) -> None:
        self._start_progress()
        if self.state._identity is not None:
            self._look_up_card()

    def _start_progress(self) -> None:
        self._progress, self._cases = {"busy": False, "error": ""}, []
        self.changed.emit()
        self.state._go("progress")

    def _set_progress(self, **values: Any) -> None:
        self._progress = {**self._progress, **values}
        self.changed.emit()

    def _look_up_card(self) -> None:
        identity = self.state._identity
        if identity is None or not identity.id_number:
            return
        id_number = identity.id_number
        self._set_progress(busy=True, error="")
        if self.state.page != "progress":
            self.state._go("progress")
        self.state._work(lambda: self.desk.cases_of(id_number), self._listed)

    def _listed(self, result: Any) -> None:
        if self._progress_failed(result):
            return
        self._show_cases(result.get("cases", []), by_card=True)

    def _listed_one(self, result: Any) -> None:
        if self._progress_failed(result):
            return
        self._show_cases([result], by_card=self.state._identity is not None)

    def _progress_failed(self, result: Any) -> bool:
        if isinstance(result, DeskUnavailable):
            self._set_progress(busy=False, error="unavailable")
        elif isinstance(result, DeskRefused):
            self._set_progress(busy=False, error="refused", message=result.message, messageEn=result.message_en)
        elif isinstance(result, Exception):
            log.error("progress query failed: %s", type(result).__name__)
            self._set_progress(busy=False, error="unavailable")
        else:
            return False
        return True

    def _show_cases(self, found: list[dict[str, Any]], *, by_card: bool) -> None:
        self._cases = [_case_row(c) for c in found]
        self._set_progress(busy=False, error="", empty=not self._cases, byCard=by_card)
        if self._cases:
            self.state._go("cases")

    # --- certificate self-print ----------------------------------------------------------
    def _set_certificate(self, **values: Any) -> None:
        self._certificate = {**self._certificate, **values}
        self.changed.emit()
        self.state.touched()

    @Slot(str, str)
    def choosePrint(self, case_number: str, doc: str) -> None:
        """A document of the list: confirm, or why it cannot be printed here."""
        case = next((c for c in self._cases if c["number"] == case_number), None)
        document = next((d for d in (case or {}).get("documents", []) if d["doc"] == doc), None)
        if case is None or document is None:
            return
        step = ("issued" if document["issued"] else "notready" if not document["printable"]
                else "confirm" if self.state._identity is not None else "needcard")
        self._certificate = {"step": step, "caseNumber": case_number, "doc": doc, "title": document["title"],
                             "titleEn": document["titleEn"], "pages": document["pages"],
                             "matter": case["matter"], "matterEn": case["matterEn"]}
        self.changed.emit()
        self.state._go("certificate")

    @Slot()
    def confirmPrint(self) -> None:
        identity = self.state._identity
        cert = self._certificate
        if cert.get("step") != "confirm" or identity is None or not identity.id_number:
            return
        case_number, doc, id_number = cert["caseNumber"], cert["doc"], identity.id_number
        self._set_certificate(step="printing")
        self.state._work(lambda: self._print(case_number, doc, id_number), self._printed)

    @Slot(str, str)
    def authoriseReprint(self, username: str, pin: str) -> None:
        """A member of staff allows a second print of an issued document with their own username and PIN.

        The PIN goes to the hall server with this one request and is kept nowhere on the kiosk."""
        identity = self.state._identity
        cert = self._certificate
        username, pin = username.strip(), pin.strip()
        if cert.get("step") not in ("issued", "unreported") or identity is None or not identity.id_number:
            return
        if not username or not (pin.isdigit() and 4 <= len(pin) <= 12):
            return  # the screen offers the button only for a username and a 4–12 digit PIN
        case_number, doc, id_number = cert["caseNumber"], cert["doc"], identity.id_number
        self._set_certificate(step="printing", message="", messageEn="", after=cert.get("step"))
        self.state._work(lambda: self._print(case_number, doc, id_number, {"username": username, "pin": pin}),
                         self._printed)

    def _print(self, case_number: str, doc: str, id_number: str,
               authorisation: dict[str, str] | None = None) -> dict[str, Any]:
        """Worker: ask for the stamped print, send it to the certificate printer, report how it ended.

        The report is sent whatever the screen does meanwhile (a wiped session included): a print
        never stays unreported."""
        granted: GrantedPrint = self.desk.request_print(case_number, doc, id_number, authorisation)
        try:
            job = self.state.devices.call("print_certificate",
                                          {"pdf_base64": granted.pdf_base64, "title": f"{case_number}-{doc}"},
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
            reported = self.state.core.deliver("print_report", path, body)
        except Refused as exc:  # kept as failed in the outbox; the paper, if any, is the citizen's
            log.warning("certificate print %s: outcome %s refused: %s", granted.print_id, outcome, exc.code)
            reported = None
        return {"outcome": outcome, "code": granted.code, "reported": reported is not None,
                "issued": bool(reported and reported.get("issued"))}

    def _printed(self, result: Any) -> None:
        if isinstance(result, DeskUnavailable):
            self._set_certificate(step="unavailable")
            return
        if isinstance(result, DeskRefused):
            # A wrong or locked staff PIN leaves the document where it was: issued, awaiting authorisation.
            step = "issued" if result.code in ("already_issued", "wrong_pin", "locked", "not_authorised") \
                else "unreported" if result.code == "print_unreported" else "refused"
            if step == "issued" and self._certificate.get("step") == "printing" \
                    and self._certificate.get("after") == "unreported":
                step = "unreported"  # a wrong PIN on the unconfirmed document's staff panel
            self._set_certificate(step=step, message=result.message, messageEn=result.message_en, code="")
            return
        if isinstance(result, Exception):
            log.error("certificate print failed: %s", type(result).__name__)
            self._set_certificate(step="failed")
            return
        self.last_print = {"outcome": result["outcome"], "issued": result["issued"]}
        if result["outcome"] == "completed":
            cert = self._certificate
            for case in self._cases:
                if case["number"] == cert.get("caseNumber"):
                    case["documents"] = [dict(d, printable=False, issued=True) if d["doc"] == cert.get("doc") else d
                                         for d in case["documents"]]
                    case["readyToPrint"] = any(d["printable"] for d in case["documents"])
            # Printed: the paper is the citizen's whether or not the server has heard yet.
            self._set_certificate(step="done", code=result["code"], recording=not result["reported"])
        else:
            self._set_certificate(step="failed", outcome=result["outcome"])

    @Slot()
    def backToCases(self) -> None:
        if self._cases:
            self.state._go("cases")
        else:
            self._start_progress()

    # --- rating --------------------------------------------------------------------------
    def _set_rating(self, **values: Any) -> None:
        self._rating = {**self._rating, **values}
        self.changed.emit()
        self.state.touched()

    @Slot()
    def startRating(self) -> None:
        """Rate a served ticket: its receipt's QR under the scanner."""
        self._ticket_code = ""
        self._rating = {"step": "scan", "kind": "ticket", "subject": {}, "level": 0, "reason": "",
                        **self._option_lists()}
        self.changed.emit()
        self.state._go("rating")
        self._load_options()

    @Slot(str)
    def rateCase(self, case_number: str) -> None:
        """Rate a finished case of the list (the card proves the applicant)."""
        case = next((c for c in self._cases if c["number"] == case_number), None)
        if case is None or not case["rateable"] or self.state._identity is None:
            return
        self._rating = {"step": "choose", "kind": "case", "level": 0, "reason": "", **self._option_lists(),
                        "subject": {"number": case["number"], "matter": case["matter"], "matterEn": case["matterEn"]}}
        self.changed.emit()
        self.state._go("rating")
        self._load_options()

    def _load_options(self) -> None:
        if not self._options:
            self.state._work(self.desk.rating_options, self._options_loaded)

    def _options_loaded(self, result: Any) -> None:
        if isinstance(result, Exception):
            if self._rating.get("step") == "choose":
                self._set_rating(step="unavailable")
            return
        self._options = result
        if self._rating:
            self._set_rating(**self._option_lists())

    def _option_lists(self) -> dict[str, Any]:
        levels = sorted(self._options.get("levels", []), key=lambda x: -int(x["level"]))
        return {"levels": [{"level": x["level"], "name": x["name"], "nameEn": x["name_en"],
                            "reasonRequired": bool(x["reason_required"])} for x in levels],
                "reasons": [{"code": r["code"], "name": r["name"], "nameEn": r["name_en"]}
                            for r in self._options.get("reasons", [])]}

    def _ticket_found(self, result: Any) -> None:
        if self._rating_failed(result):
            return
        served = result.get("served_at")
        when = ""
        if served:
            try:
                when = dt.datetime.fromisoformat(served).astimezone(self._tz()).strftime("%m-%d %H:%M")
            except ValueError:
                when = ""
        self._set_rating(step="choose", subject={
            "number": result["number"], "category": result["category_name"], "categoryEn": result["category_name_en"],
            "window": result.get("window_name") or result.get("window") or "",
            "windowEn": result.get("window_name_en") or result.get("window") or "", "servedAt": when})

    def _tz(self) -> dt.tzinfo:
        return self.state.core.hall_tz()

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
            identity = self.state._identity
            if identity is None or not identity.id_number:
                return
            number, id_number = r["subject"]["number"], identity.id_number
            job = lambda: self.desk.rate_case(number, id_number, level, reason)  # noqa: E731
        else:
            code = self._ticket_code
            job = lambda: self.desk.rate_ticket(code, level, reason)  # noqa: E731
        self._set_rating(step="sending")
        self.state._work(job, self._rated)

    def _rated(self, result: Any) -> None:
        if self._rating_failed(result):
            return
        if self._rating.get("kind") == "case":
            number = self._rating.get("subject", {}).get("number")
            for case in self._cases:
                if case["number"] == number:
                    case["rateable"] = False
        self._set_rating(step="done", followUp=bool(result.get("follow_up_due")))

    def _rating_failed(self, result: Any) -> bool:
        if isinstance(result, DeskUnavailable):
            self._set_rating(step="unavailable")
        elif isinstance(result, DeskRefused):
            self._set_rating(step="refused", code=result.code, message=result.message, messageEn=result.message_en)
        elif isinstance(result, Exception):
            log.error("rating failed: %s", type(result).__name__)
            self._set_rating(step="unavailable")
        else:
            return False
        return True


def _case_row(c: dict[str, Any]) -> dict[str, Any]:
    """What the case list shows of a case (masked name only; the server never sends more)."""
    documents = [{"doc": d["doc"], "title": d["title"], "titleEn": d["title_en"], "pages": d.get("pages", 1),
                  "printable": bool(d["printable"]), "issued": bool(d["issued"])} for d in c.get("documents", [])]
    stage = c.get("stage", "accepted")
    return {"number": c["number"], "matter": c.get("matter_name", ""), "matterEn": c.get("matter_name_en", ""),
            "maskedName": c.get("masked_name", ""), "stage": STAGES.index(stage) if stage in STAGES else 0,
            "done": stage == "done", "promisedDue": str(c.get("promised_due", "")),
            "doneOn": str(c.get("done_on") or ""), "daysLeft": c.get("working_days_left"),
            "overdue": bool(c.get("overdue")), "documents": documents,
            "readyToPrint": bool(c.get("ready_to_print")), "rateable": stage == "done"}
