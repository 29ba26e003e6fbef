"""The hall's maintenance times as the machines' service manager takes them: the nightly restart
as a systemd calendar event, and the next RTC wake-up before the hall opens (`hall-server
maintenance`, which scripts/install.sh reads)."""
from __future__ import annotations

import datetime as dt

from .config import Hall

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
