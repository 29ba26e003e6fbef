"""The hall's configuration: categories, windows, staff, devices and the working-day calendar."""
from __future__ import annotations

import datetime as dt
import hashlib
import pathlib
import re
import tomllib
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, ValidationError, model_validator,
)
from pypinyin import Style, lazy_pinyin

from hall_rules import forms as form_rules
from hall_rules import queue as rules
from hall_rules.names import window_name

SAMPLE_HALL = pathlib.Path(__file__).resolve().parents[1] / "assets" / "halls" / "sample_district.toml"

Level = Literal["district", "street", "community"]
StaffRole = Literal["window-staff", "hall-admin", "technician"]
# approval-system: imports cases (办件); evaluator: the rating pad (评价器) at one window
DeviceRole = Literal["kiosk", "display", "approval-system", "evaluator", "centre"]
# The language of a hall display's own texts: one of them, or each in turn ("alternate").
DisplayLanguage = Literal["zh", "en", "alternate"]
DISPLAY_ALTERNATE_SECONDS = 8
LEVELS: tuple[str, ...] = get_args(Level)
STAFF_ROLES: tuple[str, ...] = get_args(StaffRole)
DEVICE_ROLES: tuple[str, ...] = get_args(DeviceRole)
# How a display announces a call: shown only (the silent hall's default), a chime, or spoken.
CallSound = Literal["silent", "chime", "voice"]
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_PREFIX = re.compile(rf"^{rules.PREFIX_PATTERN}$")
_REASON_CODE = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
_SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")


_WORKDAY_SEARCH = 3660  # a calendar without a working day in ten years is broken


class ConfigError(ValueError):
    """The hall configuration is not usable; the message says where and why."""


def _clock(text: Any) -> dt.time:
    """A HH:MM time of day.

    Raises:
        ValueError: saying what is wrong, without the place.
    """
    m = _HHMM.match(text) if isinstance(text, str) else None
    if not m:
        raise ValueError(f"{text!r} is not a HH:MM time")
    return dt.time(int(m.group(1)), int(m.group(2)))


def parse_time(text: str, where: str) -> dt.time:
    """A local time of day as the hall file writes it (HH:MM), or ConfigError naming `where`."""
    try:
        return _clock(str(text))
    except ValueError as exc:
        raise ConfigError(f"{where}: {exc}") from None


@dataclass(frozen=True)
class Category:
    """A service category (事项类别) with its own prefix letter and numbering."""

    code: str
    prefix: str
    name: str
    name_en: str
    group: str
    hours: tuple[tuple[dt.time, dt.time], ...]
    daily_cap: int
    warn_waiting: int
    green_channel: bool = False
    appointment_only: bool = False
    id_required: bool = False
    all_days: bool = False  # issues on rest days too (7×24 zones)

    def open_at(self, t: dt.time) -> bool:
        return rules.open_at(self.hours, t)


@dataclass(frozen=True)
class Window:
    """A service window and the categories its work profile covers."""

    code: str
    name: str
    area: str
    categories: tuple[str, ...]
    led: str | None = None
    name_en: str = ""


@dataclass(frozen=True)
class Material:
    """One thing a citizen brings for a matter, and how many copies."""

    name: str
    name_en: str
    copies: str
    copies_en: str


@dataclass(frozen=True)
class Matter:
    """A matter (事项) of the service guide (办事指南)."""

    code: str
    name: str
    name_en: str
    category: str
    materials: tuple[Material, ...]
    legal_days: int
    promised_days: int
    fee: str
    fee_en: str
    location: str
    location_en: str
    online: bool
    initials: str  # pinyin initials, e.g. JMSFZHL for 居民身份证换领
    pinyin: str  # full pinyin without tones, joined: juminshenfenzhenghuanling
    notes: str | None = None
    notes_en: str | None = None
    form: FormTable | None = None  # 电子填单: the form a citizen may fill at the kiosk
    allow_missing: bool = False  # 容缺受理: accepted with a material missing, brought later
    allow_missing_note: str | None = None
    allow_missing_note_en: str | None = None


@dataclass(frozen=True)
class Staff:
    username: str
    name: str
    role: str
    pin_hash: str


@dataclass(frozen=True)
class Device:
    id: str
    role: str
    name: str
    token_sha256: str  # the device's token is kept only as its SHA-256 (hex), as the server checks it
    area: str | None = None
    window: str | None = None  # an evaluator's window
    sound: CallSound = "silent"  # a display's
    language: DisplayLanguage | None = None  # a display's; None: as the display is started
    alternate_seconds: int = DISPLAY_ALTERNATE_SECONDS  # a display's time in each language when alternating
    always_on: bool = False  # a 7×24 kiosk: the hall manager hears when it goes down at night


@dataclass(frozen=True)
class Fleet:
    """How the console's 设备 page judges the devices (`[fleet]`): each app reports every
    `heartbeat_seconds`; one silent for `offline_after` heartbeats is offline."""

    heartbeat_seconds: int = 60
    offline_after: int = 3

    @property
    def offline_after_seconds(self) -> int:
        return self.heartbeat_seconds * self.offline_after


@dataclass(frozen=True)
class RatingReason:
    """A preset reason a citizen can pick for a rating (required for the two lowest levels)."""

    code: str
    name: str
    name_en: str


@dataclass(frozen=True)
class StaffReason:
    """A reason a window pauses (`[[pause_reasons]]`) or holds a ticket (`[[hold_reasons]]`): staff send
    its code, every screen shows its name in its own language (the window LED in Chinese)."""

    code: str
    name: str
    name_en: str


#: The reasons when the hall file has no `[[pause_reasons]]` / `[[hold_reasons]]`.
DEFAULT_PAUSE_REASONS = (
    StaffReason("away", "临时离开", "Away briefly"),
    StaffReason("consulting", "业务咨询", "Consultation"),
    StaffReason("system_fault", "系统故障", "System fault"),
    StaffReason("lunch", "午间休息", "Lunch break"),
    StaffReason("training", "业务培训", "Training"),
)
DEFAULT_HOLD_REASONS = (
    StaffReason("documents_missing", "材料不全", "Documents missing"),
    StaffReason("awaiting_approval", "等待后台审批", "Awaiting back-office approval"),
    StaffReason("citizen_away", "群众暂时离开", "Citizen stepped away"),
)


@dataclass(frozen=True)
class RatingRules:
    """The hall's 好差评 settings (`[ratings]`)."""

    follow_up_hours: float = 24  # a bad rating's follow-up is due this long after it was given
    request_minutes: float = 3  # an evaluator's rating request stays open this long
    rate_within_days: int = 7  # a ticket can be rated until this many days after its business day
    reasons: tuple[RatingReason, ...] = ()


@dataclass(frozen=True)
class Maintenance:
    """When the hall's machines look after themselves: a nightly restart of every service, starting
    at `restart_at` (hall time) somewhere within `restart_window_minutes` (so the machines of a
    hall do not all restart at once), and an RTC wake-up of a machine switched off at night
    `wake_before_open_minutes` before the first category opens (None: no wake-up)."""

    restart_at: dt.time | None = dt.time(3, 30)
    restart_window_minutes: int = 30
    wake_before_open_minutes: int | None = 15


@dataclass(frozen=True)
class Calendar:
    """Working days: weekdays minus holidays, plus make-up workdays (调休)."""

    weekend: frozenset[int] = frozenset({6, 7})
    holidays: frozenset[dt.date] = frozenset()
    workdays: frozenset[dt.date] = frozenset()

    def is_workday(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.isoweekday() not in self.weekend

    # --- working-day arithmetic for case deadlines (办件时限) ---------------------------------

    def add_workdays(self, start: dt.date, days: int) -> dt.date:
        """The `days`-th working day after `start` (counting starts the day after); `start` itself for 0.

        Raises:
            ValueError: days is negative, or the calendar has no working day for years.
        """
        if days < 0:
            raise ValueError("days must be 0 or more")
        day, left = start, days
        for _ in range(days * 7 + _WORKDAY_SEARCH):
            if left == 0:
                return day
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                left -= 1
        raise ValueError("the calendar has no working days in reach")

    def workdays_until(self, today: dt.date, due: dt.date) -> int:
        """Working days left from `today` to `due`: those after today up to and including due.

        Negative past the due date: minus the working days after due up to and including today.
        """
        if due >= today:
            return self._count(today, due)
        return -self._count(due, today)

    def _count(self, after: dt.date, upto: dt.date) -> int:
        if (upto - after).days > 40 * 366:
            raise ValueError("date span too long for working-day counting")
        return sum(1 for n in range(1, (upto - after).days + 1) if self.is_workday(after + dt.timedelta(days=n)))


@dataclass(frozen=True)
class Centre:
    """The hall network's centre this hall takes the shared service catalogue from (`[centre]`)."""

    url: str
    token: str | None = None  # None: from the environment (HALL_CENTRE_TOKEN); never kept in the database
    refresh_minutes: float = 10


@dataclass(frozen=True)
class Hall:
    code: str
    name: str
    name_en: str
    level: str
    tz: ZoneInfo
    daily_reset: dt.time
    number_digits: int
    recall_limit: int
    green_channel_age: int
    ageing_minutes: int
    appointment_early_minutes: int
    lease_block: int
    default_service_minutes: float
    session_hours: float
    calendar: Calendar
    categories: dict[str, Category] = field(default_factory=dict)
    windows: dict[str, Window] = field(default_factory=dict)
    staff: dict[str, Staff] = field(default_factory=dict)
    devices: dict[str, Device] = field(default_factory=dict)
    # The manager dashboard turns a category yellow / red when its longest current wait passes these.
    sla_yellow_minutes: int = 30
    sla_red_minutes: int = 60
    # Check-in for an appointment opens this long before its slot, and lapses this long after it ends.
    appointment_checkin_early_minutes: int = rules.CHECKIN_EARLY_MINUTES
    appointment_late_minutes: int = rules.LATE_MINUTES
    matters: tuple[Matter, ...] = ()
    # 电子监察 of cases: an open case turns yellow this many working days before its promised date.
    case_warn_days: int = 2
    # A no-show may be undone at its window for this long (0: never).
    no_show_undo_seconds: int = rules.NO_SHOW_UNDO_SECONDS
    ratings: RatingRules = RatingRules()
    centre: Centre | None = None
    maintenance: Maintenance = Maintenance()
    pause_reasons: tuple[StaffReason, ...] = DEFAULT_PAUSE_REASONS
    hold_reasons: tuple[StaffReason, ...] = DEFAULT_HOLD_REASONS
    fleet: Fleet = Fleet()

    def business_day(self, now: dt.datetime) -> dt.date:
        """The numbering day a moment belongs to: local date, turning over at `daily_reset` (hall_rules.queue)."""
        return rules.business_day(now, self.tz, self.daily_reset)

    def format_number(self, prefix: str, seq: int) -> str:
        """A ticket number of this hall: the prefix, then seq zero-padded to `number_digits` (hall_rules.queue)."""
        return rules.format_number(prefix, seq, self.number_digits)


def load_hall(path: str | pathlib.Path = SAMPLE_HALL) -> Hall:
    """Read and check a hall configuration file (TOML).

    Raises:
        ConfigError: with the place and the reason when anything is wrong.
    """
    path = pathlib.Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    return parse_hall(raw, str(path))


def token_digest(token: str) -> str:
    """How a device token is kept and compared: its SHA-256, hex."""
    return hashlib.sha256(token.encode()).hexdigest()


def tokens_hashed(raw: dict) -> dict:
    """The hall file's data with each device's token replaced by its token_sha256, to keep at rest.

    The centre's token is left out: the hall sends it, so only the hall file or the environment holds it.
    """
    devices = [{k: v for k, v in d.items() if k != "token"}
               | ({"token_sha256": token_digest(d["token"])} if isinstance(d.get("token"), str) else {})
               for d in raw.get("devices", [])]
    kept = {**raw, "devices": devices} if "devices" in raw else raw
    if isinstance(raw.get("centre"), dict) and "token" in raw["centre"]:
        kept = {**kept, "centre": {k: v for k, v in raw["centre"].items() if k != "token"}}
    return kept


def parse_hall(raw: dict, where: str = "hall config") -> Hall:
    """Check a hall configuration (a hall file's TOML, or one kept in `hall_config`) and build the Hall.

    Raises:
        ConfigError: one line per problem, each starting with `where` and naming the place.
    """
    try:
        model = HallFile.model_validate(raw)
    except ValidationError as exc:
        problems = [problem_line(raw, error) for error in exc.errors(include_url=False)]
    else:
        problems = model.cross_check()
        if not problems:
            return model.as_hall()
    raise ConfigError("\n".join(f"{where}: {problem}" for problem in problems))


# --- the hall file, as pydantic models ----------------------------------------------------------
# Every table forbids unknown keys, so a typo is an error with its place, never a silent default;
# and is strict, so "300" is not a number and 1 is not true: TOML already gives each value its type.

def _within(low: int, high: int) -> AfterValidator:
    def check(value: int) -> int:
        if not low <= value <= high:
            raise ValueError(f"must be {low}..{high}")
        return value
    return AfterValidator(check)


def _over_zero_up_to(high: float) -> AfterValidator:
    def check(value: float) -> float:
        if not 0 < value <= high:
            raise ValueError(f"must be more than 0 and at most {high:g}")
        return value
    return AfterValidator(check)


def _positive(value: int) -> int:
    if value <= 0:
        raise ValueError("must be positive")
    return value


def _not_negative(value: int) -> int:
    if value < 0:
        raise ValueError("must be 0 or more")
    return value


def _not_blank(text: str) -> str:
    if not text.strip():
        raise ValueError("must not be blank")
    return text


def _matching(pattern: re.Pattern[str], rule: str) -> AfterValidator:
    def check(text: str) -> str:
        if not pattern.match(text):
            raise ValueError(f"{text!r} {rule}")
        return text
    return AfterValidator(check)


def _zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(f"unknown time zone {name!r}") from None
    return name


def _span(value: Any) -> tuple[dt.time, dt.time]:
    """Opening hours as "08:30-12:00"."""
    if not isinstance(value, str):  # ValueError: pydantic reports only that one (and assertions) with the place
        raise ValueError(f"{value!r} is not a span of hours like 08:30-12:00")
    start, _, end = value.partition("-")
    s, e = _clock(start), _clock(end)
    if not s < e:
        raise ValueError(f"{value!r} must end after it starts")
    return s, e


def _day(value: Any) -> dt.date:
    """A date: a TOML date (2026-10-01) or the same as text ("2026-10-01"); not a date-time."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    shown = value.isoformat() if isinstance(value, dt.datetime) else value
    raise ValueError(f"{shown!r} is not a date (YYYY-MM-DD)")


Text = Annotated[str, AfterValidator(_not_blank)]
Clock = Annotated[dt.time, BeforeValidator(_clock)]
Span = Annotated[tuple[dt.time, dt.time], BeforeValidator(_span)]
Day = Annotated[dt.date, BeforeValidator(_day)]
Days = Annotated[int, AfterValidator(_not_negative)]


class _Table(BaseModel):
    """A table of the hall file: exactly these keys, each with its TOML type."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class HallTable(_Table):
    """`[hall]`: the hall and its queueing rules."""

    code: Text
    name: str
    name_en: str | None = None  # the name when not given
    level: Level
    timezone: Annotated[str, AfterValidator(_zone)] = "Asia/Shanghai"
    daily_reset: Clock = rules.DAILY_RESET
    number_digits: Annotated[int, _within(rules.MIN_DIGITS, rules.MAX_DIGITS)] = rules.NUMBER_DIGITS
    recall_limit: int = 2
    no_show_undo_seconds: Annotated[int, _within(0, 3600)] = rules.NO_SHOW_UNDO_SECONDS
    green_channel_age: int = 70
    ageing_minutes: int = rules.AGEING_MINUTES
    appointment_early_minutes: int = rules.APPOINTMENT_EARLY_MINUTES
    appointment_checkin_early_minutes: Annotated[int, _within(0, 24 * 60)] = rules.CHECKIN_EARLY_MINUTES
    appointment_late_minutes: Annotated[int, _within(0, 24 * 60)] = rules.LATE_MINUTES
    lease_block: int = 10
    default_service_minutes: float = 8
    session_hours: float = 10
    sla_yellow_minutes: int = 30
    sla_red_minutes: int = 60

    @model_validator(mode="after")
    def _sla_in_order(self) -> HallTable:
        if not 0 < self.sla_yellow_minutes < self.sla_red_minutes:
            raise ValueError("sla_yellow_minutes must be positive and below sla_red_minutes")
        return self


class CalendarTable(_Table):
    """`[calendar]`."""

    weekend: list[Annotated[int, _within(1, 7)]] = [6, 7]  # ISO weekdays
    holidays: list[Day] = []
    workdays: list[Day] = []

    def as_calendar(self) -> Calendar:
        return Calendar(weekend=frozenset(self.weekend), holidays=frozenset(self.holidays),
                        workdays=frozenset(self.workdays))


class SupervisionTable(_Table):
    """`[supervision]`: 电子监察 of cases."""

    case_warn_days: Annotated[int, _within(0, 60)] = 2


def _clock_or_off(text: str) -> str:
    if text != "off":
        _clock(text)
    return text


class FleetTable(_Table):
    """`[fleet]`: the devices' heartbeat period and how many may be missed before one is offline."""

    heartbeat_seconds: Annotated[int, _within(10, 600)] = 60
    offline_after: Annotated[int, _within(2, 20)] = 3

    def as_fleet(self) -> Fleet:
        return Fleet(heartbeat_seconds=self.heartbeat_seconds, offline_after=self.offline_after)


class MaintenanceTable(_Table):
    """`[maintenance]`: the nightly restart window and the wake-up before opening (install.sh makes
    them systemd timers); `restart_at = "off"` / `wake_before_open_minutes = -1` turn one off."""

    restart_at: Annotated[str, AfterValidator(_clock_or_off)] = "03:30"
    restart_window_minutes: Annotated[int, _within(0, 180)] = 30
    wake_before_open_minutes: Annotated[int, _within(-1, 240)] = 15

    def as_maintenance(self) -> Maintenance:
        return Maintenance(restart_at=None if self.restart_at == "off" else _clock(self.restart_at),
                           restart_window_minutes=self.restart_window_minutes,
                           wake_before_open_minutes=None if self.wake_before_open_minutes < 0
                           else self.wake_before_open_minutes)


class RatingReasonRow(_Table):
    """`[[ratings.reasons]]`."""

    code: Annotated[str, _matching(_REASON_CODE, "must be lower-case letters, digits, _")]
    name: Text
    name_en: Text


class StaffReasonRow(_Table):
    """`[[pause_reasons]]` and `[[hold_reasons]]`."""

    code: Annotated[str, _matching(_REASON_CODE, "must be lower-case letters, digits, _")]
    name: Text
    name_en: Text

    def as_reason(self) -> StaffReason:
        return StaffReason(code=self.code, name=self.name, name_en=self.name_en)


class RatingsTable(_Table):
    """`[ratings]`: follow-up deadline, evaluator request lifetime, rating period and reason presets."""

    follow_up_hours: Annotated[float, _over_zero_up_to(24 * 30)] = 24
    request_minutes: Annotated[float, _over_zero_up_to(60)] = 3
    rate_within_days: Annotated[int, _within(0, 366)] = 7
    reasons: list[RatingReasonRow] = []

    def as_rules(self) -> RatingRules:
        return RatingRules(follow_up_hours=float(self.follow_up_hours), request_minutes=float(self.request_minutes),
                           rate_within_days=self.rate_within_days,
                           reasons=tuple(RatingReason(code=r.code, name=r.name, name_en=r.name_en)
                                         for r in self.reasons))


class CategoryRow(_Table):
    """`[[categories]]`."""

    code: Text
    prefix: Annotated[str, _matching(_PREFIX, "must be one capital letter")]
    name: str
    name_en: str | None = None  # the name when not given
    group: str = ""
    hours: list[Span] = []
    daily_cap: Annotated[int, AfterValidator(_positive)]
    warn_waiting: int = 0
    green_channel: bool = False
    appointment_only: bool = False
    id_required: bool = False
    all_days: bool = False

    def as_category(self) -> Category:
        return Category(code=self.code, prefix=self.prefix, name=self.name,
                        name_en=self.name if self.name_en is None else self.name_en, group=self.group,
                        hours=tuple(self.hours), daily_cap=self.daily_cap, warn_waiting=self.warn_waiting,
                        green_channel=self.green_channel, appointment_only=self.appointment_only,
                        id_required=self.id_required, all_days=self.all_days)


class WindowRow(_Table):
    """`[[windows]]`."""

    code: Text
    name: str
    name_en: str = ""  # window_name(code, "en") when empty: "Window 1"
    area: str = ""
    categories: list[str]
    led: str | None = None

    def as_window(self) -> Window:
        return Window(code=self.code, name=self.name, area=self.area, categories=tuple(self.categories),
                      led=self.led, name_en=self.name_en or window_name(self.code, "en"))


class StaffRow(_Table):
    """`[[staff]]`."""

    username: Text
    name: str
    role: StaffRole
    pin_hash: str

    def as_staff(self) -> Staff:
        return Staff(username=self.username, name=self.name, role=self.role, pin_hash=self.pin_hash)


def _secret(token: str) -> str:
    if len(token) < 16:
        raise ValueError("too short to be secret")
    return token


class DeviceRow(_Table):
    """`[[devices]]`: a hall file gives the token; `hall_config` keeps only its token_sha256."""

    id: Text
    role: DeviceRole
    name: str | None = None  # the id when not given
    token: Annotated[str, AfterValidator(_secret)] | None = None
    token_sha256: Annotated[str, _matching(_SHA256_HEX, "must be 64 hex digits")] | None = None
    area: str | None = None  # an evaluator's defaults to its window's
    window: str | None = None
    sound: CallSound = "silent"  # a display's call announcement, for citizens who cannot see the screen
    language: DisplayLanguage | None = None  # a display's; else the language it is started in
    alternate_seconds: Annotated[int, _within(1, 600)] | None = None  # a display's, with language = "alternate"
    always_on: bool = False  # a 7×24 kiosk (the self-service zone open at night)

    @model_validator(mode="after")
    def _has_a_token(self) -> DeviceRow:
        if self.token is None and self.token_sha256 is None:
            raise ValueError("needs a token (or its token_sha256, 64 hex digits)")
        if self.always_on and self.role != "kiosk":
            raise ValueError("always_on is for kiosks (a 7×24 self-service terminal)")
        return self

    @model_validator(mode="after")
    def _display_settings_on_displays(self) -> DeviceRow:
        if self.role != "display" and (self.language is not None or self.alternate_seconds is not None):
            raise ValueError("language and alternate_seconds are settings of a display (role = \"display\")")
        if self.alternate_seconds is not None and self.language != "alternate":
            raise ValueError('alternate_seconds needs language = "alternate"')
        return self

    def as_device(self, windows: dict[str, Window]) -> Device:
        area = self.area
        if area is None and self.role == "evaluator":
            area = windows[self.window].area if self.window in windows else None
        digest = token_digest(self.token) if self.token is not None else self.token_sha256
        return Device(id=self.id, role=self.role, name=self.id if self.name is None else self.name,
                      token_sha256=str(digest), area=area, window=self.window, sound=self.sound, language=self.language,
                      alternate_seconds=self.alternate_seconds or DISPLAY_ALTERNATE_SECONDS,
                      always_on=self.always_on)


class MaterialRow(_Table):
    """One entry of a matter's `materials`."""

    name: Text
    name_en: Text
    copies: Text
    copies_en: Text


FieldType = Literal["text", "phone", "date", "choice", "address", "idnumber"]
FieldSource = Literal["card:name", "card:sex", "card:nation", "card:birth", "card:address", "card:id",
                      "card:valid_until", "citizen"]
_FIELD_KEY = re.compile(r"^[a-z][a-z0-9_]{0,31}$")


class FormFieldRow(_Table):
    """One field of a matter's form: `[[matters.form.fields]]`."""

    key: Annotated[str, _matching(_FIELD_KEY, "must be lower-case letters, digits and _ (at most 32)")]
    label: Text
    label_en: Text
    type: FieldType
    source: FieldSource = "citizen"
    required: bool = False
    choices: list[Text] = []
    max_length: Annotated[int, _within(1, form_rules.MAX_LENGTH)] = 60

    @model_validator(mode="after")
    def _consistent(self) -> FormFieldRow:
        card_type = form_rules.CARD_FIELD_TYPES.get(self.source)
        if card_type is not None and card_type != self.type:
            raise ValueError(f"a field from {self.source} has type {card_type!r}")
        if (self.type == "choice") != bool(self.choices):
            raise ValueError("choices are given for, and only for, a field of type 'choice'")
        return self


class FormTable(_Table):
    """`[matters.form]`: the form of a matter (电子填单), filled at the kiosk from the ID card and by the citizen."""

    fields: Annotated[list[FormFieldRow], Field(min_length=1, max_length=40)]

    @model_validator(mode="after")
    def _keys_once(self) -> FormTable:
        keys = [f.key for f in self.fields]
        twice = sorted({k for k in keys if keys.count(k) > 1})
        if twice:
            raise ValueError(f"field keys used twice: {', '.join(twice)}")
        return self


class MatterRow(_Table):
    """`[[matters]]`: a matter of the service guide."""

    code: Text
    name: Text
    name_en: Text
    category: Text
    materials: Annotated[list[MaterialRow], Field(min_length=1)]
    legal_days: Days
    promised_days: Days
    fee: Text
    fee_en: Text
    location: Text
    location_en: Text
    online: bool
    notes: str | None = None
    notes_en: str | None = None
    form: FormTable | None = None
    allow_missing: bool = False
    allow_missing_note: Text | None = None
    allow_missing_note_en: Text | None = None

    @model_validator(mode="after")
    def _promise_within_the_law(self) -> MatterRow:
        if self.promised_days > self.legal_days:
            raise ValueError("promised_days exceeds legal_days")
        return self

    @model_validator(mode="after")
    def _missing_explained(self) -> MatterRow:
        noted = self.allow_missing_note is not None and self.allow_missing_note_en is not None
        if self.allow_missing != noted:
            raise ValueError("allow_missing = true needs allow_missing_note and allow_missing_note_en (and only then)")
        return self

    def as_matter(self) -> Matter:
        initials, full = pinyin_of(self.name)
        return Matter(
            code=self.code, name=self.name, name_en=self.name_en, category=self.category,
            materials=tuple(Material(name=m.name, name_en=m.name_en, copies=m.copies, copies_en=m.copies_en)
                            for m in self.materials),
            legal_days=self.legal_days, promised_days=self.promised_days, fee=self.fee, fee_en=self.fee_en,
            location=self.location, location_en=self.location_en, online=self.online, initials=initials,
            pinyin=full, notes=self.notes, notes_en=self.notes_en, form=self.form, allow_missing=self.allow_missing,
            allow_missing_note=self.allow_missing_note, allow_missing_note_en=self.allow_missing_note_en)


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _one_line(text: str) -> str:
    if _CONTROL.search(text):
        raise ValueError("must be one line, without control characters")
    return text


class NoticeTemplateRow(_Table):
    """`[[notice_templates]]`: a notice the console offers to fill in (a scrolling notice is one line)."""

    code: Text
    text: Annotated[str, StringConstraints(max_length=200), AfterValidator(_not_blank), AfterValidator(_one_line)]
    text_en: Annotated[str, StringConstraints(max_length=400), AfterValidator(_not_blank),
                       AfterValidator(_one_line)] | None = None


_CENTRE_URL = re.compile(r"^https?://[^\s/?#]+(/[^\s?#]*)?$")


class CentreTable(_Table):
    """`[centre]`: where the hall takes the shared service catalogue from (hall_server.catalogue)."""

    url: Annotated[str, _matching(_CENTRE_URL, "must be an http:// or https:// address")]
    token: Annotated[str, AfterValidator(_secret)] | None = None  # or HALL_CENTRE_TOKEN in the environment
    refresh_minutes: Annotated[float, _over_zero_up_to(24 * 60)] = 10

    def as_centre(self) -> Centre:
        return Centre(url=self.url.rstrip("/"), token=self.token, refresh_minutes=float(self.refresh_minutes))


class HallFile(_Table):
    """A hall file as a whole; a `hall_config` row holds the same, with device tokens as token_sha256."""

    hall: HallTable
    calendar: CalendarTable = CalendarTable()
    supervision: SupervisionTable = SupervisionTable()
    ratings: RatingsTable = RatingsTable()
    maintenance: MaintenanceTable = MaintenanceTable()
    fleet: FleetTable = FleetTable()
    categories: Annotated[list[CategoryRow], Field(min_length=1)]
    windows: list[WindowRow] = []
    staff: list[StaffRow] = []
    devices: list[DeviceRow] = []
    matters: list[MatterRow] = []
    notice_templates: list[NoticeTemplateRow] = []
    centre: CentreTable | None = None
    # Absent: the default reasons (DEFAULT_PAUSE_REASONS, DEFAULT_HOLD_REASONS); given: at least one.
    pause_reasons: Annotated[list[StaffReasonRow], Field(min_length=1)] | None = None
    hold_reasons: Annotated[list[StaffReasonRow], Field(min_length=1)] | None = None

    def cross_check(self) -> list[str]:
        """The rules between rows and tables (each row is valid on its own by now); one line per problem."""
        problems = repeated("categories", [c.code for c in self.categories], "duplicate category code")
        prefixes: set[str] = set()
        for i, c in enumerate(self.categories):
            if c.prefix in prefixes:
                problems.append(f"categories[{i}] ({c.code}): prefix {c.prefix!r} is already used by another category")
            prefixes.add(c.prefix)
        categories = {c.code for c in self.categories}
        for i, w in enumerate(self.windows):
            unknown = [code for code in w.categories if code not in categories]
            if unknown:
                problems.append(f"windows[{i}] ({w.code}): unknown categories {unknown}")
        problems += repeated("windows", [w.code for w in self.windows], "duplicate window code")
        problems += repeated("staff", [s.username for s in self.staff], "duplicate username")
        windows = {w.code for w in self.windows}
        for i, d in enumerate(self.devices):
            if d.role == "evaluator" and d.window not in windows:
                problems.append(f"devices[{i}] ({d.id}): an evaluator needs the code of its window (window = ...)")
            if d.sound != "silent" and d.role != "display":
                problems.append(f"devices[{i}] ({d.id}): sound is a display's setting, not a {d.role}'s")
        problems += repeated("devices", [d.id for d in self.devices], "duplicate device id")
        problems += repeated("matters", [m.code for m in self.matters], "duplicate matter code")
        for i, m in enumerate(self.matters):
            if m.category not in categories:
                problems.append(f"matters[{i}] ({m.code}): unknown category {m.category!r}")
        problems += repeated("ratings.reasons", [r.code for r in self.ratings.reasons], "duplicate code {!r}")
        problems += repeated("notice_templates", [t.code for t in self.notice_templates], "duplicate template code")
        problems += self._restart_outside_hours()
        for table, rows in (("pause_reasons", self.pause_reasons), ("hold_reasons", self.hold_reasons)):
            problems += repeated(table, [r.code for r in rows or ()], "duplicate code {!r}")
        return problems

    def _restart_outside_hours(self) -> list[str]:
        """The nightly restart window must not touch any category's issuing hours."""
        m = self.maintenance.as_maintenance()
        if m.restart_at is None:
            return []
        start = m.restart_at.hour * 60 + m.restart_at.minute
        window = [(start + k) % (24 * 60) for k in range(m.restart_window_minutes + 1)]
        for c in self.categories:
            for span in c.hours:
                opens, closes = (t.hour * 60 + t.minute for t in span)
                if any(opens <= minute < closes for minute in window):
                    end = (start + m.restart_window_minutes) % (24 * 60)
                    return [f"maintenance: restart_at: the restart window {m.restart_at:%H:%M}-{end // 60:02d}:"
                            f"{end % 60:02d} falls in the issuing hours of category {c.code} "
                            f"({span[0]:%H:%M}-{span[1]:%H:%M}); restart when the hall is closed, or \"off\""]
        return []

    def as_hall(self) -> Hall:
        h = self.hall
        windows = {w.code: w.as_window() for w in self.windows}
        return Hall(
            code=h.code, name=h.name, name_en=h.name if h.name_en is None else h.name_en, level=h.level,
            tz=ZoneInfo(h.timezone), daily_reset=h.daily_reset, number_digits=h.number_digits,
            recall_limit=h.recall_limit, no_show_undo_seconds=h.no_show_undo_seconds,
            green_channel_age=h.green_channel_age, ageing_minutes=h.ageing_minutes,
            appointment_early_minutes=h.appointment_early_minutes, lease_block=h.lease_block,
            default_service_minutes=float(h.default_service_minutes), session_hours=float(h.session_hours),
            calendar=self.calendar.as_calendar(), categories={c.code: c.as_category() for c in self.categories},
            windows=windows, staff={s.username: s.as_staff() for s in self.staff},
            devices={d.id: d.as_device(windows) for d in self.devices},
            sla_yellow_minutes=h.sla_yellow_minutes, sla_red_minutes=h.sla_red_minutes,
            appointment_checkin_early_minutes=h.appointment_checkin_early_minutes,
            appointment_late_minutes=h.appointment_late_minutes, matters=tuple(m.as_matter() for m in self.matters),
            case_warn_days=self.supervision.case_warn_days, ratings=self.ratings.as_rules(),
            centre=None if self.centre is None else self.centre.as_centre(),
            maintenance=self.maintenance.as_maintenance(), fleet=self.fleet.as_fleet(),
            pause_reasons=(DEFAULT_PAUSE_REASONS if self.pause_reasons is None
                           else tuple(r.as_reason() for r in self.pause_reasons)),
            hold_reasons=(DEFAULT_HOLD_REASONS if self.hold_reasons is None
                          else tuple(r.as_reason() for r in self.hold_reasons)),
        )


def repeated(rows: str, keys: list[str], problem: str) -> list[str]:
    """`rows[i] (key): problem` for each key that an earlier row already has."""
    seen: set[str] = set()
    found = []
    for i, key in enumerate(keys):
        if key in seen:
            found.append(f"{rows}[{i}] ({key}): {problem.format(key)}")
        seen.add(key)
    return found


_ERROR_WORDS = {
    "extra_forbidden": "unknown key",
    "missing": "missing",
    "string_type": "must be text",
    "int_type": "must be a whole number",
    "float_type": "must be a number",
    "bool_type": "must be true or false",
    "list_type": "must be an array",
    "model_type": "must be a table",
    "too_short": "must list at least one item",
}
_ROW_LABELS = ("code", "id", "username")  # what names a row of an array of tables in a message


def problem_line(raw: Any, error: Any) -> str:
    """One line for a pydantic error: `place: key: what is wrong`, with a row's code beside its index."""
    kind = error["type"]
    if kind == "value_error":
        words = str(error["ctx"]["error"])
    elif kind == "literal_error":
        words = f"must be one of {error['ctx']['expected']}"
    else:
        words = _ERROR_WORDS.get(kind, error["msg"])
    parts: list[str] = []
    node = raw
    for key in error["loc"]:
        if isinstance(key, int) and parts:
            node = node[key] if isinstance(node, list) and 0 <= key < len(node) else None
            label = next((node[k] for k in _ROW_LABELS if isinstance(node, dict) and isinstance(node.get(k), str)),
                         None)
            parts[-1] += f"[{key}]" + (f" ({label})" if label is not None else "")
        else:
            node = node.get(key) if isinstance(node, dict) else None
            parts.append(str(key))
    place, key = ".".join(parts[:-1]), parts[-1] if parts else ""
    return ": ".join(p for p in (place, key, words) if p)


def pinyin_of(name: str) -> tuple[str, str]:
    """(initials, full pinyin) of a name: 居民身份证换领 → ("JMSFZHL", "juminshenfenzhenghuanling").

    Latin letters and digits in the name are kept as they are; punctuation is dropped.
    """
    initials, full = [], []
    # Both styles cut the name alike: one item per Han character, one per run of other characters.
    for syllable, first in zip(lazy_pinyin(name), lazy_pinyin(name, style=Style.FIRST_LETTER), strict=True):
        kept = "".join(ch for ch in syllable if ch.isascii() and ch.isalnum())
        if not kept:
            continue
        full.append(kept.lower())
        # A Han character gives one initial; a Latin chunk (ETC, 5G) is kept whole.
        initials.append(first if syllable != first or len(kept) == 1 else kept)
    return "".join(initials).upper(), "".join(full)
