"""The hall's maintenance times as the machines' service manager takes them: the nightly restart
as a systemd calendar event, and the next RTC wake-up before the hall opens (`hall-server
maintenance`, which scripts/install.sh reads).

Every machine of the hall keeps a machine copy of the hall file for this (/etc/hall/maintenance.json):
the hall file without its staff and devices, so a kiosk holds no PIN hash and no device token.
"""
from __future__ import annotations

import datetime as dt
import json
import pathlib
import tomllib
from typing import Any

from .config import ConfigError, Hall, parse_hall

#: What a machine copy leaves out: the staff's PIN hashes and every device's token.
SECRET_TABLES = ("staff", "devices", "centre")  # PIN hashes, device tokens, the token at the centre

_LOOK_AHEAD_DAYS = 60  # a hall closed for longer than this is woken on no particular day


def restart_calendar(hall: Hall) -> str | None:
    """The nightly restart as systemd's OnCalendar= in the hall's own zone, e.g. `*-*-* 03:30:00
    Asia/Shanghai`; None when the hall has none."""
    at = hall.maintenance.restart_at
    return None if at is None else f"*-*-* {at:%H:%M}:00 {hall.tz.key}"


def opening(hall: Hall, day: dt.date) -> dt.datetime | None:
    """When the first category opens on `day` (hall time): every category on a working day, only
    those that issue on rest days (`all_days`) on others; None when none opens."""
    workday = hall.calendar.is_workday(day)
    starts = [c.hours[0][0] for c in hall.categories.values() if c.hours and (workday or c.all_days)]
    return dt.datetime.combine(day, min(starts), hall.tz) if starts else None


def next_wake(hall: Hall, now: dt.datetime) -> dt.datetime | None:
    """The next moment after `now` to wake a machine switched off at night: the hall's next
    opening less `wake_before_open_minutes`; None without a wake-up or an opening in reach."""
    minutes = hall.maintenance.wake_before_open_minutes
    if minutes is None:
        return None
    today = now.astimezone(hall.tz).date()
    for n in range(_LOOK_AHEAD_DAYS):
        opens = opening(hall, today + dt.timedelta(days=n))
        if opens is not None and opens - dt.timedelta(minutes=minutes) > now:
            return opens - dt.timedelta(minutes=minutes)
    return None


def shell_lines(hall: Hall, now: dt.datetime) -> list[str]:
    """`key=value` lines for scripts/install.sh and the wake-up unit (empty value: none)."""
    wake = next_wake(hall, now)
    return [
        f"restart_on_calendar={restart_calendar(hall) or ''}",
        f"restart_window_seconds={hall.maintenance.restart_window_minutes * 60}",
        f"next_wake_epoch={int(wake.timestamp()) if wake else ''}",
        f"next_wake={wake.isoformat() if wake else ''}",
    ]


def read_hall_file(path: pathlib.Path) -> dict[str, Any]:
    """A hall file's data: TOML, or a machine copy's JSON (`.json`).

    Raises:
        ConfigError: the file cannot be read or is not TOML / JSON.
    """
    try:
        text = path.read_text(encoding="utf-8")
        raw = json.loads(text) if path.suffix == ".json" else tomllib.loads(text)
    except (OSError, ValueError) as exc:  # TOMLDecodeError and JSONDecodeError are ValueErrors
        raise ConfigError(f"{path}: {exc}") from exc
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: not a table")
    return raw


def load_for_upkeep(path: pathlib.Path) -> Hall:
    """The hall of a hall file or of a machine copy, checked as the server checks it.

    Raises:
        ConfigError: one line per problem, naming the file and the place.
    """
    return parse_hall(read_hall_file(path), str(path))


def machine_copy(raw: dict[str, Any]) -> str:
    """The JSON a machine keeps for its upkeep: the hall file without its staff and devices."""
    kept = {key: value for key, value in raw.items() if key not in SECRET_TABLES}
    return json.dumps(kept, ensure_ascii=False, indent=1, sort_keys=True, default=_text)


def _text(value: object) -> str:
    if isinstance(value, dt.date | dt.time):  # TOML dates (holidays, workdays) become YYYY-MM-DD
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not kept in a machine copy")
