"""The kiosk's online-only services, without Qt: progress query (进度查询), certificate self-print
(自助打印出证) and rating (好差评) by the receipt's QR code or of a finished case.

These ask the hall server directly and are never queued in the outbox: a citizen at the kiosk
wants an answer now, and an answer from yesterday's cache would be wrong. The server being
unreachable is `DeskUnavailable`, which the screen says in plain words.

Called from worker threads only. The ID number goes into the one request that needs it and is
kept nowhere here.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from hall_rules.errors import HallError

from .link import Ambiguous, HallLink, Refused, Unreachable, new_key

log = logging.getLogger(__name__)


class DeskUnavailable(Exception):
    """The hall server cannot answer now: the service is online-only."""


class DeskRefused(HallError):
    """The hall server said no, with its reason in both languages."""


@dataclass(frozen=True)
class GrantedPrint:
    """A print the server granted: its id, verification code and the stamped PDF (base64)."""

    print_id: str
    code: str
    title: str
    title_en: str
    pdf_base64: str


class CaseDesk:
    """Progress, certificate prints and ratings over the kiosk's link to the hall server."""

    def __init__(self, link: HallLink) -> None:
        self.link = link
        # The key of a print request whose answer never came, per (case, document, staff): asking
        # for that document again replays it, so the print the server granted is the one printed
        # (a fresh one would find it unreported and need staff).
        self._unanswered: dict[tuple[str, str, str | None], str] = {}

    def _ask(self, path: str, body: dict[str, Any], key: str | None = None) -> Any:
        try:
            return self.link.post(path, body, key=key)
        except Refused as exc:
            raise DeskRefused(exc.code, exc.message, exc.message_en, exc.detail) from None
        except (Unreachable, Ambiguous) as exc:
            log.info("hall server unreachable for %s: %s", path, exc)
            raise DeskUnavailable(str(exc)) from None

    # --- progress ------------------------------------------------------------------------
    def cases_of(self, id_number: str) -> dict[str, Any]:
        """The card holder's cases (CaseList as a dict)."""
        return self._ask("/cases/lookup", {"id_number": id_number})

    def case_by_qr(self, text: str) -> dict[str, Any]:
        """One case by the case-number QR of its acceptance receipt (CaseProgress as a dict)."""
        return self._ask("/cases/scan", {"qr": text})

    # --- certificate self-print ----------------------------------------------------------
    def request_print(self, case_number: str, doc: str, id_number: str,
                      authorisation: dict[str, str] | None = None) -> GrantedPrint:
        """A stamped print of a ready document; one retry with the same key if the answer was lost.

        Args:
            authorisation: a window-staff or hall-admin `username` and `pin`, for a document printed before.
        """
        body: dict[str, Any] = {"case_number": case_number, "doc": doc, "id_number": id_number}
        if authorisation:
            body["authorisation"] = authorisation
        slot = (case_number, doc, authorisation["username"] if authorisation else None)
        key = self._unanswered.setdefault(slot, new_key())
        try:
            try:
                answer = self._ask("/certificate-prints", body, key)
            except DeskUnavailable:
                answer = self._ask("/certificate-prints", body, key)  # same key: the first answer, never a second print
        except DeskRefused:
            self._unanswered.pop(slot, None)
            raise
        self._unanswered.pop(slot, None)
        return GrantedPrint(answer["print_id"], answer["code"], answer["title"], answer["title_en"],
                            answer.get("pdf_base64") or "")

    @staticmethod
    def print_report(print_id: str, outcome: str, detail: str = "", job_id: str | None = None
                     ) -> tuple[str, dict[str, Any]]:
        """The path and body that tell the server how a print ended (sent through the kiosk's outbox,
        so it arrives however long the server is away)."""
        body: dict[str, Any] = {"outcome": outcome, "detail": detail[:300]}
        if job_id:
            body["job_id"] = job_id[:100]
        return f"/certificate-prints/{print_id}/result", body

    # --- ratings -------------------------------------------------------------------------
    def rating_options(self) -> dict[str, Any]:
        try:
            return self.link.get_json("/ratings/options")
        except Refused as exc:
            raise DeskRefused(exc.code, exc.message, exc.message_en, exc.detail) from None
        except (Unreachable, Ambiguous) as exc:
            raise DeskUnavailable(str(exc)) from None

    def rateable_ticket(self, code: str) -> dict[str, Any]:
        """What the scanned receipt's ticket was (RateableTicket as a dict)."""
        return self._ask("/ratings/ticket-lookup", {"code": code})

    def rate_ticket(self, code: str, level: int, reason_code: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {"code": code, "level": level}
        if reason_code:
            body["reason_code"] = reason_code
        return self._rate("/ratings/by-ticket-code", body)

    def rate_case(self, case_number: str, id_number: str, level: int, reason_code: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {"case_number": case_number, "id_number": id_number, "level": level}
        if reason_code:
            body["reason_code"] = reason_code
        return self._rate("/ratings/by-case", body)

    def _rate(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        key = new_key()
        try:
            return self._ask(path, body, key)
        except DeskUnavailable:
            return self._ask(path, body, key)  # the same key: one rating even if the first answer was lost
