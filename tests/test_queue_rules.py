"""The queue rules the server, the kiosk and the receipt share (hall_rules.queue): ticket numbers,
the business day around its reset, issuing hours, the appointment check-in window, the calling
order and people ahead, and the words of their refusals, which the server's QueueRefusal and the
kiosk's TicketRefused both build from."""
from __future__ import annotations

import datetime as dt
import string
import tomllib
import types
from zoneinfo import ZoneInfo

import pytest

from hall_rules import queue
from hall_rules.queue import CheckIn, Tier

SHANGHAI = ZoneInfo("Asia/Shanghai")
UTC = dt.UTC


def at(*args: int, tz: dt.tzinfo = SHANGHAI) -> dt.datetime:
    return dt.datetime(*args, tzinfo=tz)


# --- ticket numbers ---------------------------------------------------------------------------

@pytest.mark.parametrize("prefix, seq, digits, number", [
    ("A", 1, 3, "A001"),
    ("B", 17, 3, "B017"),
    ("C", 999, 3, "C999"),
    ("C", 1000, 3, "C1000"),  # past the padding: every digit kept
    ("D", 5, 2, "D05"),
    ("E", 12, 5, "E00012"),
    ("F", 1, queue.NUMBER_DIGITS, "F001"),
])
def test_format_number(prefix, seq, digits, number):
    assert queue.format_number(prefix, seq, digits) == number
    assert queue.is_ticket_number(number)


@pytest.mark.parametrize("text", ["A001", "Z99", "A1000", "B00012", "Q" + "9" * 10])
def test_ticket_numbers(text):
    assert queue.is_ticket_number(text)


@pytest.mark.parametrize("text", [
    "", "A", "A1", "a001", "AA01", "A-01", "001", "A001 ", " A001", "A\n001", "Ａ001", "A٠٠١", "A" + "9" * 11,
    "110101199003071234", "TEST", None, 1,
])
def test_not_ticket_numbers(text):
    assert not queue.is_ticket_number(text)


def test_every_prefix_and_digits_the_hall_allows_make_a_ticket_number():
    for prefix in string.ascii_uppercase:
        for digits in range(queue.MIN_DIGITS, queue.MAX_DIGITS + 1):
            for seq in (1, 10 ** digits - 1, 10 ** digits, 2 ** 31 - 1):
                assert queue.is_ticket_number(queue.format_number(prefix, seq, digits)), (prefix, seq, digits)


# --- the business day ---------------------------------------------------------------------------

@pytest.mark.parametrize("now, tz, reset, day", [
    # 03:00 reset (the default): the small hours belong to the day before
    (at(2026, 11, 23, 2, 59, 59), SHANGHAI, dt.time(3), dt.date(2026, 11, 22)),
    (at(2026, 11, 23, 3, 0), SHANGHAI, dt.time(3), dt.date(2026, 11, 23)),
    (at(2026, 11, 23, 0, 0), SHANGHAI, dt.time(3), dt.date(2026, 11, 22)),
    (at(2026, 11, 23, 23, 59), SHANGHAI, dt.time(3), dt.date(2026, 11, 23)),
    (at(2026, 11, 22, 19, 0, tz=UTC), SHANGHAI, dt.time(3), dt.date(2026, 11, 23)),  # = 03:00 in Shanghai
    (at(2026, 11, 22, 18, 59, tz=UTC), SHANGHAI, dt.time(3), dt.date(2026, 11, 22)),
    (at(2027, 1, 1, 2, 0), SHANGHAI, dt.time(3), dt.date(2026, 12, 31)),  # across the year
    (at(2028, 3, 1, 1, 0), SHANGHAI, dt.time(3), dt.date(2028, 2, 29)),  # across a leap day
    # midnight reset: the calendar date
    (at(2026, 11, 23, 0, 0), SHANGHAI, dt.time(0), dt.date(2026, 11, 23)),
    (at(2026, 11, 22, 23, 59, 59), SHANGHAI, dt.time(0), dt.date(2026, 11, 22)),
    # a late reset: before it, the day before
    (at(2026, 11, 23, 6, 59), SHANGHAI, dt.time(7), dt.date(2026, 11, 22)),
    (at(2026, 11, 23, 7, 0), SHANGHAI, dt.time(7), dt.date(2026, 11, 23)),
    # other zones without daylight saving; the moment may come in any zone
    (at(2026, 11, 23, 5, 29), ZoneInfo("Asia/Kolkata"), dt.time(5, 30), dt.date(2026, 11, 22)),
    (at(2026, 11, 23, 0, 0, tz=UTC), ZoneInfo("Asia/Kolkata"), dt.time(5, 30), dt.date(2026, 11, 23)),  # 05:30 IST
    (at(2026, 11, 22, 13, 0, tz=UTC), ZoneInfo("Pacific/Kiritimati"), dt.time(3), dt.date(2026, 11, 23)),  # +14
    (at(2026, 11, 22, 12, 59, tz=UTC), ZoneInfo("Pacific/Kiritimati"), dt.time(3), dt.date(2026, 11, 22)),
    (at(2026, 11, 23, 3, 0, tz=UTC), UTC, dt.time(3), dt.date(2026, 11, 23)),
    (at(2026, 11, 23, 2, 59, tz=UTC), UTC, dt.time(3), dt.date(2026, 11, 22)),
    (at(2026, 11, 23, 2, 59, tz=ZoneInfo("Asia/Urumqi")), ZoneInfo("Asia/Urumqi"), dt.time(3), dt.date(2026, 11, 22)),
])
def test_business_day(now, tz, reset, day):
    assert queue.business_day(now, tz, reset) == day


def test_business_day_reset_defaults_to_the_hall_files():
    assert queue.DAILY_RESET == dt.time(3)
    assert queue.business_day(at(2026, 11, 23, 2, 59), SHANGHAI) == dt.date(2026, 11, 22)


# --- issuing hours ------------------------------------------------------------------------------

HOURS = ((dt.time(8, 30), dt.time(12)), (dt.time(13), dt.time(17, 30)))


@pytest.mark.parametrize("t, open_", [
    (dt.time(8, 29, 59), False), (dt.time(8, 30), True), (dt.time(11, 59, 59), True), (dt.time(12), False),
    (dt.time(12, 30), False), (dt.time(13), True), (dt.time(17, 29), True), (dt.time(17, 30), False),
    (dt.time(0), False), (dt.time(23, 59), False),
])
def test_open_at(t, open_):
    assert queue.open_at(HOURS, t) is open_


def test_hours_on_the_wire_and_back():
    assert queue.format_hours(HOURS) == ["08:30-12:00", "13:00-17:30"]
    assert queue.parse_hours(["08:30-12:00", "13:00-17:30"]) == HOURS
    assert queue.open_at(queue.parse_hours([]), dt.time(9)) is False
    with pytest.raises(ValueError):
        queue.parse_hours(["08:30"])


# --- appointment check-in -----------------------------------------------------------------------

DAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize("now, slot, early, late, verdict", [
    # the server's defaults: from 60 minutes before the slot to 15 after it
    (at(2026, 11, 23, 7, 59, 59), ("09:00", "09:30"), None, None, CheckIn.TOO_EARLY),
    (at(2026, 11, 23, 8, 0), ("09:00", "09:30"), None, None, CheckIn.OK),
    (at(2026, 11, 23, 9, 15), ("09:00", "09:30"), None, None, CheckIn.OK),
    (at(2026, 11, 23, 9, 45), ("09:00", "09:30"), None, None, CheckIn.OK),
    (at(2026, 11, 23, 9, 45, 0, 1), ("09:00", "09:30"), None, None, CheckIn.LAPSED),
    # a hall's own minutes
    (at(2026, 11, 23, 9, 14, 59), ("10:00", "10:30"), 45, 10, CheckIn.TOO_EARLY),
    (at(2026, 11, 23, 9, 15), ("10:00", "10:30"), 45, 10, CheckIn.OK),
    (at(2026, 11, 23, 10, 40), ("10:00", "10:30"), 45, 10, CheckIn.OK),
    (at(2026, 11, 23, 10, 40, 1), ("10:00", "10:30"), 45, 10, CheckIn.LAPSED),
    # none at all: the slot itself, both ends in
    (at(2026, 11, 23, 8, 59, 59), ("09:00", "09:30"), 0, 0, CheckIn.TOO_EARLY),
    (at(2026, 11, 23, 9, 0), ("09:00", "09:30"), 0, 0, CheckIn.OK),
    (at(2026, 11, 23, 9, 30), ("09:00", "09:30"), 0, 0, CheckIn.OK),
    (at(2026, 11, 23, 9, 30, 1), ("09:00", "09:30"), 0, 0, CheckIn.LAPSED),
    # the moment in another zone is the same moment
    (at(2026, 11, 23, 0, 0, tz=UTC), ("08:00", "08:30"), 60, 15, CheckIn.OK),  # 08:00 in Shanghai
    (at(2026, 11, 22, 23, 59, tz=UTC), ("08:00", "08:30"), 0, 15, CheckIn.TOO_EARLY),
    # a window that opens on the calendar day before
    (at(2026, 11, 22, 23, 15), ("00:15", "00:45"), 60, 15, CheckIn.OK),
    (at(2026, 11, 22, 23, 14), ("00:15", "00:45"), 60, 15, CheckIn.TOO_EARLY),
])
def test_check_in_window_edges(now, slot, early, late, verdict):
    minutes = {k: v for k, v in (("early_minutes", early), ("late_minutes", late)) if v is not None}
    answer = queue.check_in(now, DAY, dt.time.fromisoformat(slot[0]), dt.time.fromisoformat(slot[1]), SHANGHAI,
                            **minutes)
    assert answer.verdict is verdict
    assert (answer.refusal() is None) is (verdict is CheckIn.OK)


def test_checkin_window_is_elapsed_time_in_the_slots_zone():
    opens, lapses = queue.checkin_window(at(2026, 11, 23, 9), at(2026, 11, 23, 9, 30))
    assert (opens, lapses) == (at(2026, 11, 23, 8), at(2026, 11, 23, 9, 45))
    assert opens.tzinfo is SHANGHAI and lapses.tzinfo is SHANGHAI
    assert queue.checkin_window(at(2026, 11, 23, 0, 15), at(2026, 11, 23, 0, 45), 30, 0)[0] == at(2026, 11, 22, 23, 45)


def test_check_in_refusals_say_the_window():
    slot = (dt.time(9), dt.time(9, 30))
    early = queue.check_in(at(2026, 11, 23, 7), DAY, *slot, SHANGHAI).refusal()
    assert (early.code, early.detail) == ("appointment_too_early", {"from": "08:00"})
    assert early.message == "预约时段为09:00-09:30，请于08:00后签到取号"
    assert early.message_en == "your slot is 09:00-09:30; check in from 08:00"
    lapsed = queue.check_in(at(2026, 11, 23, 10), DAY, *slot, SHANGHAI).refusal()
    assert (lapsed.code, lapsed.detail) == ("appointment_missed", {"until": "09:45"})
    assert lapsed.message == "您的预约时段09:00-09:30已过，预约已失效，请取普通号排队办理"
    assert lapsed.message_en == "your appointment (09:00-09:30) has lapsed; please take an ordinary number"


# --- calling order and people ahead -----------------------------------------------------------

NOW = 1_000_000.0  # POSIX seconds: the rules take any moment


def waiting(id: int, queued_min_ago: float, green: bool = False,
            slot_min: tuple[float, float] | None = None) -> types.SimpleNamespace:
    """A waiting ticket queued so many minutes before NOW, its slot (start, end) in minutes from NOW."""
    start, end = (None, None) if slot_min is None else (NOW + slot_min[0] * 60, NOW + slot_min[1] * 60)
    return types.SimpleNamespace(id=id, green=green, queued_at=NOW - queued_min_ago * 60,
                                 slot_start=start, slot_end=end)


@pytest.mark.parametrize("ticket, tier", [
    (waiting(1, 5), Tier.ARRIVAL),
    (waiting(1, 5, green=True), Tier.FIRST),
    (waiting(1, 40), Tier.FIRST),                       # aged: exactly AGEING_MINUTES is enough
    (waiting(1, 39.9), Tier.ARRIVAL),
    (waiting(1, 5, slot_min=(15, 45)), Tier.APPOINTMENT),  # the early margin's first moment
    (waiting(1, 5, slot_min=(15.1, 45)), Tier.ARRIVAL),    # before it
    (waiting(1, 5, slot_min=(-30, 0)), Tier.APPOINTMENT),  # the slot's last moment
    (waiting(1, 5, slot_min=(-30, -0.1)), Tier.ARRIVAL),   # past it: waits by arrival like anyone
    (waiting(1, 50, slot_min=(60, 90)), Tier.FIRST),       # ageing beats a slot not yet begun
])
def test_calling_tier(ticket, tier):
    assert queue.calling_tier(ticket, NOW) is tier


def test_the_halls_settings_move_the_tiers_edges():
    assert queue.calling_tier(waiting(1, 10), NOW, ageing_minutes=10) is Tier.FIRST
    assert queue.calling_tier(waiting(1, 5, slot_min=(30, 60)), NOW, early_minutes=30) is Tier.APPOINTMENT
    assert queue.calling_tier(waiting(1, 5, slot_min=(30, 60)), NOW, early_minutes=29) is Tier.ARRIVAL


def test_order_and_people_ahead():
    walk_in_early, walk_in_late = waiting(1, 30), waiting(2, 20)
    same_moment = waiting(3, 20)  # queued together with walk_in_late, issued after it
    appointment = waiting(4, 1, slot_min=(-5, 25))
    green = waiting(5, 0, green=True)
    aged = waiting(6, 45)
    line = [walk_in_early, walk_in_late, same_moment, appointment, green, aged]
    in_order = sorted(line, key=lambda t: queue.order_key(t, NOW))
    assert [t.id for t in in_order] == [6, 5, 4, 1, 2, 3]
    assert [queue.people_ahead(t, line, NOW) for t in in_order] == [0, 1, 2, 3, 4, 5]
    assert queue.people_ahead(walk_in_late, [t for t in line if t is not walk_in_late], NOW) == 4
    assert queue.people_ahead(waiting(9, 0), [], NOW) == 0


# --- one set of defaults ------------------------------------------------------------------------

def test_the_hall_file_and_the_wire_schema_default_to_the_shared_values():
    from hall_server.config import SAMPLE_HALL, parse_hall
    from hall_server.schema import HallInfo

    raw = tomllib.loads(SAMPLE_HALL.read_text(encoding="utf-8"))
    for key in ("daily_reset", "number_digits", "appointment_checkin_early_minutes", "appointment_late_minutes",
                "ageing_minutes", "appointment_early_minutes"):
        raw["hall"].pop(key)
    hall = parse_hall(raw)
    assert hall.daily_reset == queue.DAILY_RESET
    assert hall.number_digits == queue.NUMBER_DIGITS
    assert hall.appointment_checkin_early_minutes == queue.CHECKIN_EARLY_MINUTES == 60
    assert hall.appointment_late_minutes == queue.LATE_MINUTES == 15
    assert hall.ageing_minutes == queue.AGEING_MINUTES == 40
    assert hall.appointment_early_minutes == queue.APPOINTMENT_EARLY_MINUTES == 15
    fields = HallInfo.model_fields
    assert dt.time.fromisoformat(fields["daily_reset"].default) == queue.DAILY_RESET  # HH:MM on the wire
    assert fields["number_digits"].default == queue.NUMBER_DIGITS
    assert fields["appointment_checkin_early_minutes"].default == queue.CHECKIN_EARLY_MINUTES
    assert fields["appointment_late_minutes"].default == queue.LATE_MINUTES


# --- refusals -----------------------------------------------------------------------------------

def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


#: Values for every placeholder and detail of the table.
VALUES = {"name": "综合受理", "name_en": "General affairs", "number": "A012", "slot": "09:00-09:30",
          "from": "08:00", "until": "09:45", "category": "nosuch", "hours": ["08:30-12:00", "13:00-17:30"]}


@pytest.mark.parametrize("code", sorted(queue.REFUSALS))
def test_every_refusal_says_the_same_in_both_languages(code):
    text = queue.REFUSALS[code]
    zh, en = placeholders(text.zh), placeholders(text.en)
    assert zh - {"name"} == en - {"name_en"} and ("name" in zh) == ("name_en" in en)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in text.zh) and text.en.isascii()
    assert set(text.detail) <= set(VALUES)
    refused = queue.refusal(code, **VALUES)
    assert refused.code == code and "{" not in refused.message + refused.message_en
    assert refused.detail == {k: VALUES[k] for k in text.detail}


def test_a_missing_value_is_an_error_not_a_blank():
    with pytest.raises(KeyError):
        queue.refusal("category_closed", name="综合受理", name_en="General affairs")  # no hours
    with pytest.raises(KeyError):
        queue.refusal("no_such_code")


@pytest.mark.slow
@pytest.mark.parametrize("code", sorted(queue.REFUSALS))
def test_server_and_kiosk_refuse_in_the_same_words(code):
    from hall_server.engine import QueueRefusal
    from kiosk.core import TicketRefused

    server = QueueRefusal.rule(409, code, **VALUES)
    kiosk = TicketRefused.rule(code, **VALUES)
    assert (server.code, server.message, server.message_en, server.detail) == (
        kiosk.code, kiosk.message, kiosk.message_en, kiosk.detail)
