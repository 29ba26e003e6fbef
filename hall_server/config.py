"""The hall's configuration: categories, windows, staff, devices and the working-day calendar."""
from __future__ import annotations

import datetime as dt
import hashlib
import pathlib
import re
import tomllib
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from pypinyin import Style, lazy_pinyin

SAMPLE_HALL = pathlib.Path(__file__).resolve().parents[1] / "assets" / "halls" / "sample_district.toml"

LEVELS = ("district", "street", "community")
STAFF_ROLES = ("window-staff", "hall-admin", "technician")
# approval-system: imports cases (办件); evaluator: the rating pad (评价器) at one window
DEVICE_ROLES = ("kiosk", "display", "approval-system", "evaluator")
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_PREFIX = re.compile(r"^[A-Z]$")


_WORKDAY_SEARCH = 3660  # a calendar without a working day in ten years is broken


class ConfigError(ValueError):
    """The hall configuration is not usable; the message says where and why."""


def _time(text: str, where: str) -> dt.time:
    m = _HHMM.match(str(text))
    if not m:
        raise ConfigError(f"{where}: {text!r} is not a HH:MM time")
    return dt.time(int(m.group(1)), int(m.group(2)))


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
        return any(start <= t < end for start, end in self.hours)


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


@dataclass(frozen=True)
class RatingReason:
    """A preset reason a citizen can pick for a rating (required for the two lowest levels)."""

    code: str
    name: str
    name_en: str


@dataclass(frozen=True)
class RatingRules:
    """The hall's 好差评 settings (`[ratings]`)."""

    follow_up_hours: float = 24  # a bad rating's follow-up is due this long after it was given
    request_minutes: float = 3  # an evaluator's rating request stays open this long
    rate_within_days: int = 7  # a ticket can be rated until this many days after its business day
    reasons: tuple[RatingReason, ...] = ()


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
    appointment_checkin_early_minutes: int = 60
    appointment_late_minutes: int = 15
    matters: tuple[Matter, ...] = ()
    # 电子监察 of cases: an open case turns yellow this many working days before its promised date.
    case_warn_days: int = 2
    ratings: RatingRules = RatingRules()

    def business_day(self, now: dt.datetime) -> dt.date:
        """The numbering day a moment belongs to: local date, turning over at `daily_reset`."""
        local = now.astimezone(self.tz)
        reset = dt.timedelta(hours=self.daily_reset.hour, minutes=self.daily_reset.minute)
        return (local - reset).date()

    def format_number(self, prefix: str, seq: int) -> str:
        return f"{prefix}{seq:0{self.number_digits}d}"


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
    """The hall file's data with each device's token replaced by its token_sha256, to keep at rest."""
    devices = [{k: v for k, v in d.items() if k != "token"}
               | ({"token_sha256": token_digest(d["token"])} if isinstance(d.get("token"), str) else {})
               for d in raw.get("devices", [])]
    return {**raw, "devices": devices} if "devices" in raw else raw


def parse_hall(raw: dict, where: str = "hall config") -> Hall:
    try:
        return _parse_hall(raw, where)
    except ConfigError:
        raise
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"{where}: missing or malformed entry: {exc}") from exc


def _parse_hall(raw: dict, where: str) -> Hall:
    h = raw["hall"]
    if h.get("level") not in LEVELS:
        raise ConfigError(f"{where}: hall.level must be one of {LEVELS}")
    cal = raw.get("calendar", {})
    calendar = Calendar(
        weekend=frozenset(int(d) for d in cal.get("weekend", [6, 7])),
        holidays=frozenset(dt.date.fromisoformat(d) for d in cal.get("holidays", [])),
        workdays=frozenset(dt.date.fromisoformat(d) for d in cal.get("workdays", [])),
    )
    categories: dict[str, Category] = {}
    prefixes: set[str] = set()
    for i, c in enumerate(raw.get("categories", [])):
        here = f"{where}: categories[{i}] ({c.get('code')})"
        if c["code"] in categories:
            raise ConfigError(f"{here}: duplicate category code")
        if not _PREFIX.match(c["prefix"]):
            raise ConfigError(f"{here}: prefix {c['prefix']!r} must be one capital letter")
        if c["prefix"] in prefixes:
            raise ConfigError(f"{here}: prefix {c['prefix']!r} is already used by another category")
        prefixes.add(c["prefix"])
        hours = []
        for span in c.get("hours", []):
            start, _, end = str(span).partition("-")
            s, e = _time(start, here), _time(end, here)
            if not s < e:
                raise ConfigError(f"{here}: hours {span!r} end before they start")
            hours.append((s, e))
        if int(c["daily_cap"]) <= 0:
            raise ConfigError(f"{here}: daily_cap must be positive")
        categories[c["code"]] = Category(
            code=c["code"], prefix=c["prefix"], name=c["name"], name_en=c.get("name_en", c["name"]),
            group=c.get("group", ""), hours=tuple(hours), daily_cap=int(c["daily_cap"]),
            warn_waiting=int(c.get("warn_waiting", 0)), green_channel=bool(c.get("green_channel", False)),
            appointment_only=bool(c.get("appointment_only", False)),
            id_required=bool(c.get("id_required", False)), all_days=bool(c.get("all_days", False)),
        )
    if not categories:
        raise ConfigError(f"{where}: no categories")
    windows: dict[str, Window] = {}
    for i, w in enumerate(raw.get("windows", [])):
        here = f"{where}: windows[{i}] ({w.get('code')})"
        unknown = [c for c in w["categories"] if c not in categories]
        if unknown:
            raise ConfigError(f"{here}: unknown categories {unknown}")
        if w["code"] in windows:
            raise ConfigError(f"{here}: duplicate window code")
        windows[w["code"]] = Window(code=w["code"], name=w["name"], area=w.get("area", ""),
                                    categories=tuple(w["categories"]), led=w.get("led"),
                                    name_en=str(w.get("name_en") or f"Window {w['code']}"))
    staff: dict[str, Staff] = {}
    for i, s in enumerate(raw.get("staff", [])):
        if s["role"] not in STAFF_ROLES:
            raise ConfigError(f"{where}: staff[{i}] role must be one of {STAFF_ROLES}")
        staff[s["username"]] = Staff(username=s["username"], name=s["name"], role=s["role"],
                                     pin_hash=s["pin_hash"])
    devices: dict[str, Device] = {}
    for i, d in enumerate(raw.get("devices", [])):
        if d["role"] not in DEVICE_ROLES:
            raise ConfigError(f"{where}: devices[{i}] role must be one of {DEVICE_ROLES}")
        if "token" in d:
            if len(d["token"]) < 16:
                raise ConfigError(f"{where}: devices[{i}] token is too short to be secret")
            token_sha256 = token_digest(d["token"])
        elif re.fullmatch(r"[0-9a-f]{64}", str(d.get("token_sha256", ""))):
            token_sha256 = d["token_sha256"]
        else:
            raise ConfigError(f"{where}: devices[{i}] needs a token (or its token_sha256, 64 hex digits)")
        window = d.get("window")
        if d["role"] == "evaluator":
            if window not in windows:
                raise ConfigError(f"{where}: devices[{i}] an evaluator needs the code of its window (window = ...)")
            area = d.get("area", windows[window].area)
        else:
            area = d.get("area")
        devices[d["id"]] = Device(id=d["id"], role=d["role"], name=d.get("name", d["id"]),
                                  token_sha256=token_sha256, area=area, window=window)
    digits = int(h.get("number_digits", 3))
    if not 2 <= digits <= 5:
        raise ConfigError(f"{where}: hall.number_digits must be 2..5")
    sla_yellow, sla_red = int(h.get("sla_yellow_minutes", 30)), int(h.get("sla_red_minutes", 60))
    if not 0 < sla_yellow < sla_red:
        raise ConfigError(f"{where}: hall.sla_yellow_minutes must be positive and below hall.sla_red_minutes")
    checkin_early = int(h.get("appointment_checkin_early_minutes", 60))
    late = int(h.get("appointment_late_minutes", 15))
    if not 0 <= checkin_early <= 24 * 60 or not 0 <= late <= 24 * 60:
        raise ConfigError(f"{where}: hall.appointment_checkin_early_minutes and hall.appointment_late_minutes "
                          "must be 0..1440")
    matters = _parse_matters(raw.get("matters", []), categories, where)
    supervision = raw.get("supervision", {})
    case_warn_days = supervision.get("case_warn_days", 2)
    if not isinstance(case_warn_days, int) or isinstance(case_warn_days, bool) or not 0 <= case_warn_days <= 60:
        raise ConfigError(f"{where}: supervision.case_warn_days must be a whole number of working days, 0..60")
    ratings = _parse_ratings(raw.get("ratings", {}), where)
    return Hall(
        code=h["code"], name=h["name"], name_en=h.get("name_en", h["name"]), level=h["level"],
        tz=ZoneInfo(h.get("timezone", "Asia/Shanghai")),
        daily_reset=_time(h.get("daily_reset", "03:00"), f"{where}: hall.daily_reset"),
        number_digits=digits, recall_limit=int(h.get("recall_limit", 2)),
        green_channel_age=int(h.get("green_channel_age", 70)),
        ageing_minutes=int(h.get("ageing_minutes", 40)),
        appointment_early_minutes=int(h.get("appointment_early_minutes", 15)),
        lease_block=int(h.get("lease_block", 10)),
        default_service_minutes=float(h.get("default_service_minutes", 8)),
        session_hours=float(h.get("session_hours", 10)),
        calendar=calendar, categories=categories, windows=windows, staff=staff, devices=devices,
        sla_yellow_minutes=sla_yellow, sla_red_minutes=sla_red,
        appointment_checkin_early_minutes=checkin_early, appointment_late_minutes=late, matters=matters,
        case_warn_days=case_warn_days,
        ratings=ratings,
    )


def pinyin_of(name: str) -> tuple[str, str]:
    """(initials, full pinyin) of a name: 居民身份证换领 → ("JMSFZHL", "juminshenfenzhenghuanling").

    Latin letters and digits in the name are kept as they are; punctuation is dropped.
    """
    initials, full = [], []
    for syllable, first in zip(lazy_pinyin(name), lazy_pinyin(name, style=Style.FIRST_LETTER)):
        kept = "".join(ch for ch in syllable if ch.isascii() and ch.isalnum())
        if not kept:
            continue
        full.append(kept.lower())
        # A Han character gives one initial; a Latin chunk (ETC, 5G) is kept whole.
        initials.append(first if syllable != first or len(kept) == 1 else kept)
    return "".join(initials).upper(), "".join(full)


_MATTER_TEXT = ("code", "name", "name_en", "category", "fee", "fee_en", "location", "location_en")


def _parse_matters(rows: list, categories: dict[str, Category], where: str) -> tuple[Matter, ...]:
    """The service guide's matters; a bad row fails with its index and code in the message."""
    if not isinstance(rows, list):
        raise ConfigError(f"{where}: matters must be an array of tables ([[matters]])")
    matters: list[Matter] = []
    seen: set[str] = set()
    for i, m in enumerate(rows):
        label = m.get("code") if isinstance(m, dict) else repr(m)
        here = f"{where}: matters[{i}] ({label})"
        if not isinstance(m, dict):
            raise ConfigError(f"{here}: must be a table")
        for key in _MATTER_TEXT:
            if not isinstance(m.get(key), str) or not m[key].strip():
                raise ConfigError(f"{here}: {key} is missing or not text")
        if m["code"] in seen:
            raise ConfigError(f"{here}: duplicate matter code")
        seen.add(m["code"])
        if m["category"] not in categories:
            raise ConfigError(f"{here}: unknown category {m['category']!r}")
        days = {}
        for key in ("legal_days", "promised_days"):
            value = m.get(key)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ConfigError(f"{here}: {key} must be a whole number of days, 0 or more")
            days[key] = value
        if days["promised_days"] > days["legal_days"]:
            raise ConfigError(f"{here}: promised_days exceeds legal_days")
        if not isinstance(m.get("online"), bool):
            raise ConfigError(f"{here}: online must be true or false")
        materials = m.get("materials")
        if not isinstance(materials, list) or not materials:
            raise ConfigError(f"{here}: materials must list at least one item")
        items = []
        for j, item in enumerate(materials):
            if not isinstance(item, dict) or any(not isinstance(item.get(k), str) or not item[k].strip()
                                                 for k in ("name", "name_en", "copies", "copies_en")):
                raise ConfigError(f"{here}: materials[{j}] needs name, name_en, copies and copies_en as text")
            items.append(Material(name=item["name"], name_en=item["name_en"], copies=item["copies"],
                                  copies_en=item["copies_en"]))
        for key in ("notes", "notes_en"):
            if key in m and not isinstance(m[key], str):
                raise ConfigError(f"{here}: {key} must be text")
        unknown = set(m) - {*_MATTER_TEXT, "legal_days", "promised_days", "online", "materials", "notes", "notes_en"}
        if unknown:
            raise ConfigError(f"{here}: unknown keys {sorted(unknown)}")
        initials, full = pinyin_of(m["name"])
        matters.append(Matter(
            code=m["code"], name=m["name"], name_en=m["name_en"], category=m["category"], materials=tuple(items),
            legal_days=days["legal_days"], promised_days=days["promised_days"], fee=m["fee"], fee_en=m["fee_en"],
            location=m["location"], location_en=m["location_en"], online=m["online"], initials=initials,
            pinyin=full, notes=m.get("notes"), notes_en=m.get("notes_en")))
    return tuple(matters)


# --- ratings (好差评) ----------------------------------------------------------------------------

_REASON_CODE = re.compile(r"^[a-z][a-z0-9_]{0,31}$")


def _parse_ratings(raw: dict, where: str) -> RatingRules:
    """`[ratings]`: follow-up deadline, evaluator request lifetime, rating period and reason presets."""
    here = f"{where}: ratings"
    if not isinstance(raw, dict):
        raise ConfigError(f"{here} must be a table")
    unknown = set(raw) - {"follow_up_hours", "request_minutes", "rate_within_days", "reasons"}
    if unknown:
        raise ConfigError(f"{here}: unknown keys {sorted(unknown)}")
    hours = float(raw.get("follow_up_hours", 24))
    minutes = float(raw.get("request_minutes", 3))
    days = int(raw.get("rate_within_days", 7))
    if not 0 < hours <= 24 * 30:
        raise ConfigError(f"{here}.follow_up_hours must be more than 0 and at most 720")
    if not 0 < minutes <= 60:
        raise ConfigError(f"{here}.request_minutes must be more than 0 and at most 60")
    if not 0 <= days <= 366:
        raise ConfigError(f"{here}.rate_within_days must be 0..366")
    reasons: list[RatingReason] = []
    for i, r in enumerate(raw.get("reasons", [])):
        if not isinstance(r, dict) or any(not isinstance(r.get(k), str) or not r[k].strip()
                                          for k in ("code", "name", "name_en")):
            raise ConfigError(f"{here}.reasons[{i}] needs code, name and name_en as text")
        if not _REASON_CODE.match(r["code"]):
            raise ConfigError(f"{here}.reasons[{i}]: code {r['code']!r} must be lower-case letters, digits, _")
        if any(x.code == r["code"] for x in reasons):
            raise ConfigError(f"{here}.reasons[{i}]: duplicate code {r['code']!r}")
        reasons.append(RatingReason(code=r["code"], name=r["name"], name_en=r["name_en"]))
    return RatingRules(follow_up_hours=hours, request_minutes=minutes, rate_within_days=days, reasons=tuple(reasons))
