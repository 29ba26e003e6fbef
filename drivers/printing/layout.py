"""Receipt layouts: the ticket a citizen takes, and the test receipt a technician prints.

Layouts write onto a ``ReceiptComposer``, which turns them into ESC/POS bytes with python-escpos
command generation (sizes, alignment, QR, cut) and our own per-model text encoding.
No device is touched here, so the bytes of a receipt can be checked exactly.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from escpos.constants import QR_ECLEVEL_M
from escpos.printer import Dummy

from hall_rules.queue import is_ticket_number

from .errors import ReceiptRefused
from .models import PrinterModel

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


_WORDS = {
    "zh": {
        "your_number": "您的排队号",
        "category": "业务类别：",
        "ahead": "前面等候：{n} 人",
        "ahead_estimated": "前面等候：约 {n} 人（估计，以扫码查询为准）",
        "wait": "预计等候：约 {n} 分钟",
        "wait_unknown": "预计等候：—",
        "issued": "取号时间：",
        "name": "姓　　名：",
        "scan": "微信/支付宝扫码查看排队进度",
    },
    "en": {
        "your_number": "Your number",
        "category": "Service: ",
        "ahead": "People ahead: {n}",
        "ahead_estimated": "People ahead: about {n} (estimate; scan for the live count)",
        "wait": "Estimated wait: about {n} min",
        "wait_unknown": "Estimated wait: -",
        "issued": "Issued: ",
        "name": "Name: ",
        "scan": "Scan to follow your place in the queue",
    },
}


def check_ticket_printable(ticket: TicketReceipt) -> None:
    """Refuse a ticket that would print personal data it must not, or that is malformed.

    Raises:
        ReceiptRefused: with the reason.
    """
    if ticket.language not in _WORDS:
        raise ReceiptRefused(f"receipt language must be 'zh' or 'en', not {ticket.language!r}")
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
              *ticket.notice_lines]
    if any(contains_full_id_number(f) for f in fields):
        raise ReceiptRefused("a full ID number must never be printed on a ticket receipt")


def ticket_layout(composer: ReceiptComposer, ticket: TicketReceipt) -> None:
    """Lay out a ticket receipt: hall, large number, category, queue, time, name, QR, notices, cut.

    Raises:
        ReceiptRefused: the ticket carries data that must not be printed.
    """
    check_ticket_printable(ticket)
    words = _WORDS[ticket.language]
    c = composer
    c.begin()
    c.style(align="center", size=(2, 2), bold=True)
    c.line(ticket.hall_name)
    c.style(align="center")
    c.line(words["your_number"])
    c.style(align="center", size=(4, 4), bold=True)
    c.line(ticket.ticket_number)
    c.style(align="left")
    c.line(words["category"] + ticket.category_name)
    c.line(words["ahead_estimated" if ticket.estimated else "ahead"].format(n=ticket.people_ahead))
    if ticket.estimated_wait_minutes is None:
        c.line(words["wait_unknown"])
    else:
        c.line(words["wait"].format(n=ticket.estimated_wait_minutes))
    c.line(words["issued"] + ticket.issued_at.strftime("%Y-%m-%d %H:%M"))
    if ticket.masked_name:
        c.line(words["name"] + ticket.masked_name)
    c.qr(ticket.tracking_url)
    c.style(align="center")
    c.line(words["scan"])
    c.style(align="left")
    for notice in ticket.notice_lines:
        c.line(notice)
    c.cut()


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
