"""Receipt layouts: the ticket a citizen takes, and the test receipt a technician prints.

Layouts write onto a ``ReceiptComposer``, which turns them into ESC/POS bytes with python-escpos
command generation (sizes, alignment, QR, cut) and our own per-model text encoding. The ticket's
wording and order come from its template in assets/templates/receipt/ (``template.py``).
No device is touched here, so the bytes of a receipt can be checked exactly.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Literal

from escpos.constants import QR_ECLEVEL_M
from escpos.printer import Dummy

from hall_rules.queue import is_ticket_number

from .errors import ReceiptRefused
from .models import PrinterModel
from .template import ReceiptTemplate, receipt_template

ESC_AT = b"\x1b\x40"  # ESC @: initialise printer (ESC/POS)
LF = b"\x0a"

Align = Literal["left", "center", "right"]

# A full ID number anywhere on a receipt is refused: resident ID (18 characters, last may be X),
# old 15-digit resident ID, old foreign permanent resident card (3 letters + 12 digits).
# HK/MO/TW residence permits and the 2023 foreign card are 18 digits, caught by the first form.
_FULL_ID = re.compile(r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15}|[A-Za-z]{3}\d{12})(?![0-9A-Za-z])")
_DIGIT_RUN = re.compile(r"\d{4,}")


def contains_full_id_number(text: str) -> bool:
    """True if the text holds something shaped like a full ID number (spaces and dashes ignored)."""
    return bool(_FULL_ID.search(re.sub(r"[\s\-]", "", text)))


@dataclass(frozen=True)
class TicketReceipt:
    """What a ticket receipt shows. Only a masked name is accepted, never an ID number."""

    hall_name: str
    ticket_number: str
    category_name: str
    people_ahead: int
    estimated_wait_minutes: int | None
    issued_at: datetime
    masked_name: str | None
    tracking_url: str
    notice_lines: tuple[str, ...] = ()
    language: Literal["zh", "en"] = "zh"
    #: people_ahead and the wait are the kiosk's guess (issued while the hall server was away)
    estimated: bool = False
    #: the ticket is in the green channel (an elder by the ID card's birth date): it is called first
    green_channel: bool = False
    #: large type (2×2) for the category and queue lines: the ticket of an elder-mode session
    large_type: bool = False
    #: printed again (补打), at another kiosk after the first one could not print, or lost
    reprint: bool = False
    #: the window the ticket is called to, when it is printed again after its call
    window_name: str | None = None
    #: the citizen filled the matter's form at the kiosk (电子填单): the window has it already
    form_filled: bool = False
    #: the wait promised by the hall server as a range of minutes (hall_rules.wait_promise), when it gave one
    wait_low_minutes: int | None = None
    wait_high_minutes: int | None = None
    #: what the receipt's wait line says: the range ("15–25"), else the point estimate, else None
    wait: str | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        if self.wait_low_minutes is not None and self.wait_high_minutes is not None:
            wait: str | None = f"{self.wait_low_minutes}–{self.wait_high_minutes}"
        else:
            wait = None if self.estimated_wait_minutes is None else str(self.estimated_wait_minutes)
        object.__setattr__(self, "wait", wait)


@dataclass(frozen=True)
class TechnicianTestReceipt:
    """What the technicians' test receipt shows about the printer it comes out of."""

    device_url: str
    model_name: str
    encoding: str
    printed_at: datetime
    status_line: str
    extra_lines: tuple[str, ...] = field(default_factory=tuple)


class ReceiptComposer:
    """Collects one receipt as ESC/POS bytes for one printer model."""

    def __init__(self, model: PrinterModel) -> None:
        self.model = model
        self._out = Dummy(profile=model.escpos_profile)
        self._size = (1, 1)

    def begin(self) -> None:
        """Reset the printer and enter its double-byte text mode (FS & before any Chinese)."""
        self._out._raw(ESC_AT + self.model.enter_chinese)
        self._size = (1, 1)

    def style(self, *, align: Align = "left", size: tuple[int, int] = (1, 1), bold: bool = False) -> None:
        """Set alignment, character size (width, height multipliers 1-8) and emphasis."""
        self._out.set(align=align, bold=bold, custom_size=True, width=size[0], height=size[1])
        self._size = size

    def line(self, text: str = "") -> None:
        """Print one line of text, wrapped at the paper width for the current size."""
        for part in self._wrap(text):
            self._out._raw(self.model.encode(part) + LF)

    def qr(self, content: str, *, module_size: int = 6) -> None:
        """Print a QR code, centred, natively (GS ( k) or as a raster image, per model."""
        if self.model.native_qr:
            self._out.set(align="center")
            self._out.qr(content, ec=QR_ECLEVEL_M, size=module_size, native=True)
        else:
            self._out.qr(content, ec=QR_ECLEVEL_M, size=module_size, native=False, center=True)

    def feed(self, lines: int = 1) -> None:
        """Print the buffer and feed paper by a number of lines (ESC d n)."""
        self._out.print_and_feed(lines)

    def cut(self) -> None:
        """Feed past the cutter and cut (ESC d 6, GS V 0): the end of this receipt."""
        self._out.cut()

    def output(self) -> bytes:
        """All bytes of the receipt so far."""
        return self._out.output

    def _wrap(self, text: str) -> list[str]:
        limit = max(1, self.model.columns // max(1, self._size[0]))
        parts, current, width = [], "", 0
        for ch in text:
            w = self.model.width(ch)
            if width + w > limit and current:
                parts.append(current)
                current, width = "", 0
            current += ch
            width += w
        parts.append(current)
        return parts


def check_ticket_printable(ticket: TicketReceipt, template: ReceiptTemplate | None = None) -> None:
    """Refuse a ticket that would print personal data it must not, or that is malformed.

    Args:
        template: the ticket receipt's template (default: the product's, in assets/).

    Raises:
        ReceiptRefused: with the reason.
    """
    languages = (template or ticket_template()).languages
    if ticket.language not in languages:
        raise ReceiptRefused(f"receipt language must be one of {', '.join(map(repr, languages))}, "
                             f"not {ticket.language!r}")
    if not is_ticket_number(ticket.ticket_number):  # the hall's one number format (hall_rules.queue)
        raise ReceiptRefused(f"ticket number {ticket.ticket_number!r} is not a ticket number (e.g. A001)")
    if ticket.people_ahead < 0:
        raise ReceiptRefused("people ahead cannot be negative")
    if not isinstance(ticket.issued_at, datetime):
        raise ReceiptRefused("issued_at must be a datetime")
    if ticket.masked_name is not None:
        name = ticket.masked_name
        if "*" not in name or _DIGIT_RUN.search(name) or len(name) > 32:
            raise ReceiptRefused("only a masked name (like 张*三) may be printed on a ticket")
    fields = [ticket.hall_name, ticket.category_name, ticket.masked_name or "", ticket.tracking_url,
              ticket.window_name or "", *ticket.notice_lines]
    if any(contains_full_id_number(f) for f in fields):
        raise ReceiptRefused("a full ID number must never be printed on a ticket receipt")


def ticket_template() -> ReceiptTemplate:
    """The ticket receipt's wording and layout: assets/templates/receipt/ticket.txt, read once."""
    return receipt_template("ticket")


def ticket_layout(composer: ReceiptComposer, ticket: TicketReceipt, template: ReceiptTemplate | None = None) -> None:
    """Lay out a ticket receipt from its template: hall, large number, category, queue, time, name, QR,
    notices, cut.

    Args:
        template: the ticket receipt's template (default: the product's, in assets/).

    Raises:
        ReceiptRefused: the ticket carries data that must not be printed.
        ReceiptTemplateError: the template does not fit a ticket.
    """
    template = template or ticket_template()
    check_ticket_printable(ticket, template)
    template.play(composer, ticket.language, {f.name: getattr(ticket, f.name) for f in fields(ticket)})


def technician_test_layout(composer: ReceiptComposer, test: TechnicianTestReceipt) -> None:
    """Lay out the technicians' test receipt: identity, status, rulers, sizes, Chinese sample, QR."""
    c = composer
    c.begin()
    c.style(align="center", size=(2, 2), bold=True)
    c.line("打印机测试 TEST")
    c.style(align="left")
    c.line(f"URL: {test.device_url}")
    c.line(f"Model: {test.model_name}  Encoding: {test.encoding}")
    c.line("Time: " + test.printed_at.strftime("%Y-%m-%d %H:%M:%S"))
    c.line(f"Status: {test.status_line}")
    for extra in test.extra_lines:
        c.line(extra)
    ruler = "1234567890" * (c.model.columns // 10 + 1)
    c.line(ruler[: c.model.columns])
    c.line("中文测试：综合受理 政务服务 一窗通办")
    for size in (1, 2, 3, 4):
        c.style(align="center", size=(size, size))
        c.line(f"A{size:03d}")
    c.style(align="left")
    c.qr(f"TEST {test.printed_at.isoformat(timespec='seconds')}")
    c.cut()
