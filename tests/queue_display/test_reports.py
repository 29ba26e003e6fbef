"""The console's statistics presets, hall-time labels and export files, without a GUI."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from queue_display import reports

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_presets_cover_today_the_last_seven_days_and_this_month() -> None:
    today = dt.date(2026, 11, 23)
    assert reports.preset_range("today", today) == (today, today)
    assert reports.preset_range("week", today) == (dt.date(2026, 11, 17), today)
    assert reports.preset_range("month", today) == (dt.date(2026, 11, 1), today)
    assert reports.preset_range("month", dt.date(2026, 12, 1)) == (dt.date(2026, 12, 1), dt.date(2026, 12, 1))
    with pytest.raises(ValueError):
        reports.preset_range("year", today)


def test_typed_days_are_read_or_refused() -> None:
    assert reports.parse_day("2026-11-03") == dt.date(2026, 11, 3)
    assert reports.parse_day(" 2026/1/5 ") == dt.date(2026, 1, 5)
    for bad in ("", "2026-02-30", "23.11.2026", "2026-11", "今天"):
        assert reports.parse_day(bad) is None


def test_server_moments_in_hall_time() -> None:
    at = dt.datetime.fromisoformat
    assert reports.hall_time(at("2026-11-23T17:30:00Z"), SHANGHAI) == "11-24 01:30"
    assert reports.hall_time(at("2026-11-23T01:00:00+00:00"), SHANGHAI) == "11-23 09:00"
    assert reports.hall_time(None, SHANGHAI) == ""
    # The business day follows the hall's clock, not UTC's.
    assert reports.hall_day(at("2026-11-23T16:30:00Z"), SHANGHAI) == dt.date(2026, 11, 24)
    assert reports.hall_day(at("2026-11-23T16:30:00"), SHANGHAI) is None  # no zone: not a moment
    assert reports.hall_day(None, SHANGHAI) is None


def test_an_export_never_overwrites_an_earlier_one(tmp_path) -> None:
    folder = tmp_path / "made" / "here"
    name = reports.export_name("day", dt.date(2026, 11, 1), dt.date(2026, 11, 23))
    assert name == "stats-day-2026-11-01-2026-11-23.csv"
    first = reports.save_export(folder, name, b"one")
    second = reports.save_export(folder, name, b"two")
    assert (first.name, second.name) == (name, "stats-day-2026-11-01-2026-11-23 (2).csv")
    assert (first.read_bytes(), second.read_bytes()) == (b"one", b"two")
    assert sorted(p.name for p in folder.iterdir()) == sorted([first.name, second.name])  # no .part left
    blocked = tmp_path / "a-file"
    blocked.write_text("x")
    with pytest.raises(OSError):
        reports.save_export(blocked, name, b"three")
