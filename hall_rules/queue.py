"""Queue rules the hall server, the kiosk and the receipt printer share: how a ticket number looks,
which business day a moment belongs to, when a category issues, when an appointment may check in,
in which order waiting tickets are called and how many are ahead of one, and the words each of
these rules refuses with.

The server applies them online, a kiosk cut off from the server applies them offline, from the
values of the hall's configuration it last fetched (HallInfo); both call this module, so online
and offline give the same answer in the same words. The defaults below are the hall file's: a
hall that does not set a value, and a HallInfo that does not carry it, mean these.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import re
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

#: The numbering day turns over at this local time unless the hall sets `daily_reset`.
DAILY_RESET = dt.time(3, 0)
#: Digits after the prefix letter unless the hall sets `number_digits` (A001); a hall may set 2..5.
NUMBER_DIGITS = 3
MIN_DIGITS, MAX_DIGITS = 2, 5
#: Check-in for an appointment opens this long before its slot starts ...
CHECKIN_EARLY_MINUTES = 60
#: ... and the appointment lapses this long after its slot ends.
LATE_MINUTES = 15

#: A waiting ticket joins the first calling tier after this long in the queue ...
AGEING_MINUTES = 40
#: ... and an appointment's ticket is called in its slot from this long before the slot starts.
APPOINTMENT_EARLY_MINUTES = 15

#: A no-show (过号) may be undone at its window for this long (seconds) unless the hall sets
#: `no_show_undo_seconds`; 0 turns undoing off.
NO_SHOW_UNDO_SECONDS = 120

#: A category's prefix: one capital letter.
PREFIX_PATTERN = r"[A-Z]"
#: A ticket number: the prefix, then the day's sequence number zero-padded to the hall's digits. A
#: sequence past the padding keeps all its digits (A1000); it fits a 31-bit id, so 10 at most.
NUMBER_PATTERN = re.compile(rf"{PREFIX_PATTERN}[0-9]{{{MIN_DIGITS},10}}")


# --- ticket numbers -----------------------------------------------------------------------------

def format_number(prefix: str, seq: int, digits: int = NUMBER_DIGITS) -> str:
    """The ticket number of the day's `seq`-th number of a category: format_number("A", 1, 3) == "A001"."""
    return f"{prefix}{seq:0{int(digits)}d}"


def is_ticket_number(text: str) -> bool:
    """True when the text has the form of a ticket number the hall issues (A001, B0017)."""
    return isinstance(text, str) and NUMBER_PATTERN.fullmatch(text) is not None


# --- the business day ---------------------------------------------------------------------------

def business_day(now: dt.datetime, tz: dt.tzinfo, daily_reset: dt.time = DAILY_RESET) -> dt.date:
    """The numbering day a moment belongs to: the hall's local date, turning over at `daily_reset`.

    Args:
        now: an aware moment.
        tz: the hall's time zone.
        daily_reset: the local time at which numbering restarts (03:00: 02:59 still counts as the day before).
    """
    local = now.astimezone(tz)
    return (local - dt.timedelta(hours=daily_reset.hour, minutes=daily_reset.minute)).date()


# --- issuing hours ------------------------------------------------------------------------------

Hours = Sequence[tuple[dt.time, dt.time]]


def parse_hours(spans: Iterable[str]) -> tuple[tuple[dt.time, dt.time], ...]:
    """Issuing hours as the wire and the hall file write them ("08:30-12:00") as (start, end) pairs.

    Raises:
        ValueError: a span is not HH:MM-HH:MM.
    """
    out = []
    for span in spans:
        start, sep, end = str(span).partition("-")
        if not sep:
            raise ValueError(f"hours {span!r} must look like 08:30-12:00")
        out.append((dt.time.fromisoformat(start.strip()), dt.time.fromisoformat(end.strip())))
    return tuple(out)


def format_hours(hours: Hours) -> list[str]:
    """(start, end) pairs as the wire writes them: ["08:30-12:00", "13:00-17:30"]."""
    return [f"{start:%H:%M}-{end:%H:%M}" for start, end in hours]


def open_at(hours: Hours, t: dt.time) -> bool:
    """Whether a local time of day lies within a category's issuing hours (each span's end excluded).

    The hall's calendar (rest days, holidays, make-up workdays) is the server's to apply on top.
    """
    return any(start <= t < end for start, end in hours)


# --- appointment check-in -----------------------------------------------------------------------

class CheckIn(enum.Enum):
    """Where a moment lies against an appointment's check-in window."""

    TOO_EARLY = "too_early"
    OK = "ok"
    LAPSED = "lapsed"


def checkin_window(slot_start: dt.datetime, slot_end: dt.datetime, early_minutes: int = CHECKIN_EARLY_MINUTES,
                   late_minutes: int = LATE_MINUTES) -> tuple[dt.datetime, dt.datetime]:
    """(opens, lapses): check-in opens `early_minutes` before the slot starts and the appointment lapses
    `late_minutes` after it ends; both in the slot's time zone, counted in elapsed time."""
    opens = slot_start.astimezone(dt.UTC) - dt.timedelta(minutes=int(early_minutes))
    lapses = slot_end.astimezone(dt.UTC) + dt.timedelta(minutes=int(late_minutes))
    return opens.astimezone(slot_start.tzinfo), lapses.astimezone(slot_end.tzinfo)


@dataclasses.dataclass(frozen=True)
class CheckInAnswer:
    """A check-in rule's answer for one moment: the verdict and the window it was judged by."""

    verdict: CheckIn
    slot_start: dt.time
    slot_end: dt.time
    opens: dt.datetime
    lapses: dt.datetime

    def refusal(self) -> Refusal | None:
        """The refusal to give, or None when the appointment may check in now."""
        slot = f"{self.slot_start:%H:%M}-{self.slot_end:%H:%M}"
        if self.verdict is CheckIn.TOO_EARLY:
            return refusal("appointment_too_early", slot=slot, **{"from": f"{self.opens:%H:%M}"})
        if self.verdict is CheckIn.LAPSED:
            return refusal("appointment_missed", slot=slot, until=f"{self.lapses:%H:%M}")
        return None


def check_in(now: dt.datetime, day: dt.date, slot_start: dt.time, slot_end: dt.time, tz: dt.tzinfo, *,
             early_minutes: int = CHECKIN_EARLY_MINUTES, late_minutes: int = LATE_MINUTES) -> CheckInAnswer:
    """Whether an appointment of `day` for the slot may check in at `now`: too early before the window
    opens, lapsed after it lapses, both edges themselves still inside.

    Whether the appointment is of today's business day is the caller's to check first (refusal
    appointment_not_today): a window may open before the day's reset, and check-in waits for the day.
    """
    start = dt.datetime.combine(day, slot_start, tzinfo=tz)
    end = dt.datetime.combine(day, slot_end, tzinfo=tz)
    opens, lapses = checkin_window(start, end, early_minutes, late_minutes)
    verdict = CheckIn.TOO_EARLY if now < opens else CheckIn.LAPSED if now > lapses else CheckIn.OK
    return CheckInAnswer(verdict, slot_start, slot_end, opens, lapses)


# --- calling order ------------------------------------------------------------------------------

class Tier(enum.IntEnum):
    """A waiting ticket's calling tier: every ticket of a lower tier is called before any of a higher."""

    FIRST = 0        # the green channel, or waited AGEING_MINUTES or longer
    APPOINTMENT = 1  # an appointment in its slot: from APPOINTMENT_EARLY_MINUTES before it to its end
    ARRIVAL = 2      # everyone else, first come first served


class Waiting(Protocol):
    """What the calling order reads of a waiting ticket; moments are POSIX seconds.

    A server row, a (frozen) dataclass or a `types.SimpleNamespace` with these attributes will do:
    the rules only read them.
    """

    @property
    def id(self) -> int:
        """Breaks ties among tickets queued at the same moment: the one issued first goes first."""

    @property
    def green(self) -> bool: ...

    @property
    def queued_at(self) -> float:
        """Issued, or put back in the queue by a transfer (it keeps its place in time)."""

    @property
    def slot_start(self) -> float | None:
        """An appointment's slot; None for a walk-in."""

    @property
    def slot_end(self) -> float | None: ...


def aged_before(now_ts: float, ageing_minutes: int = AGEING_MINUTES) -> float:
    """The latest queued_at at which a ticket has waited long enough, at `now_ts`, for the first tier."""
    return now_ts - ageing_minutes * 60


def slot_open(slot_start: float, slot_end: float, now_ts: float,
              early_minutes: int = APPOINTMENT_EARLY_MINUTES) -> bool:
    """Whether an appointment's ticket is in its slot at `now_ts` (the early margin and both ends inside)."""
    return slot_start - early_minutes * 60 <= now_ts and slot_end >= now_ts


def calling_tier(ticket: Waiting, now_ts: float, *, ageing_minutes: int = AGEING_MINUTES,
                 early_minutes: int = APPOINTMENT_EARLY_MINUTES) -> Tier:
    """The tier a waiting ticket is called in at `now_ts` (see Tier)."""
    if ticket.green or ticket.queued_at <= aged_before(now_ts, ageing_minutes):
        return Tier.FIRST
    if ticket.slot_start is not None and ticket.slot_end is not None \
            and slot_open(ticket.slot_start, ticket.slot_end, now_ts, early_minutes):
        return Tier.APPOINTMENT
    return Tier.ARRIVAL


def order_key(ticket: Waiting, now_ts: float, *, ageing_minutes: int = AGEING_MINUTES,
              early_minutes: int = APPOINTMENT_EARLY_MINUTES) -> tuple[Tier, float, int]:
    """Calling order at `now_ts`: by tier, then by queued_at, then by id; the least key is called next."""
    tier = calling_tier(ticket, now_ts, ageing_minutes=ageing_minutes, early_minutes=early_minutes)
    return (tier, ticket.queued_at, ticket.id)


def people_ahead(ticket: Waiting, waiting: Iterable[Waiting], now_ts: float, *,
                 ageing_minutes: int = AGEING_MINUTES, early_minutes: int = APPOINTMENT_EARLY_MINUTES) -> int:
    """How many of `waiting` will be called before `ticket` if the order stays as it is at `now_ts`.

    Args:
        ticket: the ticket asked about; it may be among `waiting` (it is not ahead of itself).
        waiting: the tickets waiting for the same category (another category's queue is not this one's).
    """
    settings = {"ageing_minutes": ageing_minutes, "early_minutes": early_minutes}
    mine = order_key(ticket, now_ts, **settings)
    return sum(1 for other in waiting if other.id != ticket.id and order_key(other, now_ts, **settings) < mine)


# --- refusals -----------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class RefusalText:
    """The words of a refusal, with {named} placeholders, and which values travel as its detail."""

    zh: str
    en: str
    detail: tuple[str, ...] = ()


#: The refusals of these rules, in the words the server and the kiosk both give. Placeholders:
#: name / name_en (the category's), number (a ticket number), slot (HH:MM-HH:MM), from / until (HH:MM).
REFUSALS: dict[str, RefusalText] = {
    "unknown_category": RefusalText("没有这个事项类别", "no such service category", ("category",)),
    "category_closed": RefusalText("{name}当前不在取号时间", "{name_en} is not issuing tickets now",
                                   ("hours",)),
    "id_required": RefusalText("{name}需刷身份证取号", "{name_en} needs an ID card to take a number"),
    "appointment_only": RefusalText("{name}仅限预约办理", "{name_en} is by appointment only"),
    "daily_cap_reached": RefusalText("{name}今日号码已取完", "{name_en} has no tickets left today"),
    "already_holding": RefusalText("您已持有{name}的号码{number}",
                                   "this ID card already holds ticket {number} for {name_en}", ("number",)),
    "appointment_not_today": RefusalText("没有今天该事项的这个预约", "no such appointment for this service today"),
    "appointment_used": RefusalText("该预约已取过号", "this appointment has already been checked in"),
    "appointment_other_person": RefusalText("该预约不属于此身份证",
                                            "this appointment belongs to another ID card"),
    "appointment_too_early": RefusalText("预约时段为{slot}，请于{from}后签到取号",
                                         "your slot is {slot}; check in from {from}", ("from",)),
    "appointment_missed": RefusalText("您的预约时段{slot}已过，预约已失效，请取普通号排队办理",
                                      "your appointment ({slot}) has lapsed; please take an ordinary number",
                                      ("until",)),
    "no_show_undo_too_late": RefusalText("{number}号过号已超过可撤销的时间，请群众重新取号",
                                         "the no-show of {number} can no longer be undone (too late)",
                                         ("number",)),
    "no_show_undo_called_since": RefusalText("本窗口此后已叫过其他号码，不能撤销{number}号的过号",
                                             "this window has called another ticket since; the no-show of "
                                             "{number} cannot be undone", ("number",)),
    "no_show_undo_not_here": RefusalText("{number}号不是本窗口的过号，无法撤销",
                                         "{number} is not a no-show of this window; nothing to undo",
                                         ("number",)),
}


@dataclasses.dataclass(frozen=True)
class Refusal:
    """One refusal of a queue rule: its code, its words in Chinese and English, and its detail."""

    code: str
    message: str
    message_en: str
    detail: dict[str, Any] = dataclasses.field(default_factory=dict)


def refusal(code: str, **values: Any) -> Refusal:
    """The refusal `code` of the table, its placeholders filled from `values`.

    Raises:
        KeyError: an unknown code, or a value the words or the detail need is missing.
    """
    text = REFUSALS[code]
    return Refusal(code, text.zh.format_map(values), text.en.format_map(values),
                   {key: values[key] for key in text.detail})
