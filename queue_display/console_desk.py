"""补打凭条 at the service desk: the hall console looks a ticket up by its number and shows what its
receipt would say, large, for the desk to read out or write down (the printer at the kiosk was out of
paper, or the receipt is lost). Each lookup is a receipt.reprinted event on the server, as at a kiosk."""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from PySide6.QtCore import Property, QObject, Signal, Slot
from pydantic import BaseModel

from hall_server.schema import ReprintList

#: A ticket number as the kiosks print it (a prefix letter and its digits); the server says the rest.
NUMBER = re.compile(r"^[A-Za-z][0-9]{1,7}$")


class DeskHall(Protocol):
    """What the desk lookup uses of the console."""

    lang: str
    tz: ZoneInfo

    def ask(self, path: str, body: dict[str, Any], model: type[BaseModel], answer: Callable[[Any], None],
            refused: Callable[[str, str, str], None]) -> None: ...

    def say(self, text: str, error: bool = False) -> None: ...


class DeskLookup(QObject):
    """The desk's lookup by ticket number: the ticket's receipt facts, or why there are none."""

    changed = Signal()

    def __init__(self, hall: DeskHall, parent: QObject | None = None):
        super().__init__(parent)
        self._hall = hall
        self._ticket: dict[str, Any] = {}
        self._refusal: dict[str, str] = {}
        self._busy = False

    def _get_ticket(self) -> dict[str, Any]:
        return self._ticket

    def _get_refusal(self) -> dict[str, str]:
        return self._refusal

    def _get_busy(self) -> bool:
        return self._busy

    ticket = Property(dict, _get_ticket, notify=changed)
    refusal = Property(dict, _get_refusal, notify=changed)
    busy = Property(bool, _get_busy, notify=changed)

    @Slot(str)
    def lookup(self, number: str) -> None:
        number = number.strip().upper()
        self._ticket = {}
        self._hall.say("")  # the last lookup's word on the status line is not this one's
        if not NUMBER.fullmatch(number):
            # Checked here too, so a slip of the finger is said at once, in the desk's words.
            self._refusal = {"code": "bad_number", "message": "", "messageEn": ""}
            self.changed.emit()
            return
        self._refusal, self._busy = {}, True
        self.changed.emit()
        self._hall.ask("/tickets/reprint", {"number": number}, ReprintList, self._found, self._refused)

    def _found(self, found: ReprintList) -> None:
        self._busy = False
        t = found.tickets[0]
        issued = t.issued_at.astimezone(self._hall.tz)
        self._ticket = {
            "number": t.number, "categoryName": t.category_name, "categoryNameEn": t.category_name_en,
            "state": t.state.value, "peopleAhead": t.people_ahead, "waitMinutes": t.estimated_wait_minutes,
            "windowName": t.window_name or "", "windowNameEn": t.window_name_en or t.window_name or "",
            "green": t.green_channel, "appointment": t.appointment,
            "issuedAt": f"{issued:%H:%M}", "issuedDay": issued.date().isoformat(),
        }
        self.changed.emit()

    def _refused(self, code: str, zh: str, en: str) -> None:
        self._busy = False
        self._refusal = {"code": code, "message": zh, "messageEn": en}
        self.changed.emit()

    def clear(self) -> None:
        """Forget the last lookup (a new manager signs in)."""
        self._ticket, self._refusal, self._busy = {}, {}, False
        self.changed.emit()
