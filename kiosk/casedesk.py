"""The kiosk's online-only services, without Qt: progress query (进度查询), certificate self-print
(自助打印出证) and rating (好差评) by the receipt's QR code or of a finished case.

These ask the hall server directly and are never queued in the outbox: a citizen at the kiosk
wants an answer now, and an answer from yesterday's cache would be wrong. The server being
unreachable, or an answer that is not what the wire schema says (`Malformed`), is
`DeskUnavailable`, which the screen says in plain words. Every answer is its schema model.

Called from worker threads only. The ID number goes into the one request that needs it and is
kept nowhere here.
"""
from __future__ import annotations

import logging
from typing import Any, TypeVar

from pydantic import BaseModel

from hall_rules.errors import HallError
from hall_server.schema import CaseList, CaseProgress, CertificatePrint, RateableTicket, Rating, RatingOptions

from .link import Ambiguous, HallLink, Refused, Unreachable, new_key

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)


class DeskUnavailable(Exception):
    """The hall server cannot answer now: the service is online-only."""


class DeskRefused(HallError):
    """The hall server said no, with its reason in both languages."""


class CaseDesk:
    """Progress, certificate prints and ratings over the kiosk's link to the hall server."""

    def __init__(self, link: HallLink) -> None:
        self.link = link
        # The key of a print request whose answer never came, per (case, document, staff): asking
        # for that document again replays it, so the print the server granted is the one printed
        # (a fresh one would find it unreported and need staff).
        self._unanswered: dict[tuple[str, str, str | None], str] = {}

    def _ask(self, path: str, body: dict[str, Any], model: type[M], key: str | None = None) -> M:
        try:
            answer = self.link.post(path, body, model, key=key)
        except Refused as exc:
            raise DeskRefused(exc.code, exc.message, exc.message_en, exc.detail) from None
        except (Unreachable, Ambiguous) as exc:
            log.info("hall server unreachable for %s: %s", path, exc)
            raise DeskUnavailable(str(exc)) from None
        assert answer is not None
        return answer

    # --- progress ------------------------------------------------------------------------
    def cases_of(self, id_number: str) -> CaseList:
        """The card holder's cases."""
        return self._ask("/cases/lookup", {"id_number": id_number}, CaseList)

    def case_by_qr(self, text: str) -> CaseProgress:
        """One case by the case-number QR of its acceptance receipt."""
        return self._ask("/cases/scan", {"qr": text}, CaseProgress)

    # --- certificate self-print ----------------------------------------------------------
    def request_print(self, case_number: str, doc: str, id_number: str,
                      authorisation: dict[str, str] | None = None) -> CertificatePrint:
        """A stamped print of a ready document (its PDF in `pdf_base64`); one retry with the same key
        if the answer was lost.

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
                answer = self._ask("/certificate-prints", body, CertificatePrint, key)
            except DeskUnavailable:
                # The same key: the first answer, never a second print.
                answer = self._ask("/certificate-prints", body, CertificatePrint, key)
        except DeskRefused:
            self._unanswered.pop(slot, None)
            raise
        self._unanswered.pop(slot, None)
        return answer

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
    def rating_options(self) -> RatingOptions:
        try:
            return self.link.fetch("/ratings/options", RatingOptions)
        except Refused as exc:
            raise DeskRefused(exc.code, exc.message, exc.message_en, exc.detail) from None
        except (Unreachable, Ambiguous) as exc:
            raise DeskUnavailable(str(exc)) from None

    def rateable_ticket(self, code: str) -> RateableTicket:
        """What the scanned receipt's ticket was."""
        return self._ask("/ratings/ticket-lookup", {"code": code}, RateableTicket)

    def rate_ticket(self, code: str, level: int, reason_code: str | None = None) -> Rating:
        body: dict[str, Any] = {"code": code, "level": level}
        if reason_code:
            body["reason_code"] = reason_code
        return self._rate("/ratings/by-ticket-code", body)

    def rate_case(self, case_number: str, id_number: str, level: int, reason_code: str | None = None) -> Rating:
        body: dict[str, Any] = {"case_number": case_number, "id_number": id_number, "level": level}
        if reason_code:
            body["reason_code"] = reason_code
        return self._rate("/ratings/by-case", body)

    def _rate(self, path: str, body: dict[str, Any]) -> Rating:
        key = new_key()
        try:
            return self._ask(path, body, Rating, key)
        except DeskUnavailable:
            return self._ask(path, body, Rating, key)  # the same key: one rating even if the first answer was lost
