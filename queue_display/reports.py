"""What the manager console's 电子监察, 差评回访 and 统计 pages compute for themselves (no Qt, tested
without a GUI): the date ranges of the statistics presets, hall-time labels and where a CSV export goes."""
from __future__ import annotations

import datetime as dt
import os
import pathlib
import re
from zoneinfo import ZoneInfo

STATS_PRESETS = ("today", "week", "month")
STATS_GROUPINGS = ("day", "category", "window")
MAX_RANGE_DAYS = 366  # the server's limit for /stats


def preset_range(preset: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """The business days of a preset: today, the last 7 days (today included), or this month so far."""
    if preset == "today":
        return today, today
    if preset == "week":
        return today - dt.timedelta(days=6), today
    if preset == "month":
        return today.replace(day=1), today
    raise ValueError(f"unknown preset {preset!r}")


def parse_day(text: str) -> dt.date | None:
    """A date typed as YYYY-MM-DD (or with / or .), or None if it is not one."""
    m = re.fullmatch(r"\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*", text)
    if not m:
        return None
    try:
        return dt.date(*(int(x) for x in m.groups()))
    except ValueError:
        return None


def hall_day(at: dt.datetime | None, tz: ZoneInfo) -> dt.date | None:
    """The hall's local date of a server moment (the server's clock is the hall's authority)."""
    if at is None or at.tzinfo is None:
        return None
    return at.astimezone(tz).date()


def hall_time(at: dt.datetime | None, tz: ZoneInfo) -> str:
    """A server moment as the hall's local `MM-DD HH:MM`; empty if there is none."""
    if at is None:
        return ""
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)
    return f"{at.astimezone(tz):%m-%d %H:%M}"


def default_export_dir() -> pathlib.Path:
    """~/Downloads when the user has one (a manager looks there first), else var/exports here."""
    downloads = pathlib.Path(os.path.expanduser("~")) / "Downloads"
    return downloads if downloads.is_dir() else pathlib.Path("var") / "exports"


def export_name(by: str, date_from: dt.date, date_to: dt.date) -> str:
    """The file a statistics export is saved as (the server's own Content-Disposition name)."""
    return f"stats-{by}-{date_from.isoformat()}-{date_to.isoformat()}.csv"


def free_path(folder: pathlib.Path, name: str) -> pathlib.Path:
    """`folder/name`, or `name (2)`, `name (3)`… so an earlier export is never overwritten."""
    path = folder / name
    stem, suffix = path.stem, path.suffix
    n = 2
    while path.exists():
        path = folder / f"{stem} ({n}){suffix}"
        n += 1
    return path


def save_export(folder: pathlib.Path, name: str, data: bytes) -> pathlib.Path:
    """Write an export under `folder` (made if missing) without overwriting; returns where it went.

    Raises:
        OSError: the folder cannot be made or written.
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = free_path(folder, name)
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(path)  # a half-written file never carries the export's name
    return path
