"""`[maintenance]` of the hall file: checked strictly like the other tables, and turned into the
nightly restart's calendar event and the next wake-up before opening (`hall-server maintenance`)."""
from __future__ import annotations

import datetime as dt
import json
import pathlib
import subprocess
import sys
import tomllib
from zoneinfo import ZoneInfo

import pytest

from hall_server import maintenance
from hall_server.config import SAMPLE_HALL, ConfigError, Maintenance, parse_hall

ROOT = pathlib.Path(__file__).resolve().parents[2]
RAW = tomllib.loads(SAMPLE_HALL.read_text(encoding="utf-8"))
SHANGHAI = ZoneInfo("Asia/Shanghai")


def hall_with(**table):
    return parse_hall({**RAW, "maintenance": table}, "hall.toml")


def test_the_defaults_restart_at_half_past_three_and_wake_a_quarter_before_opening() -> None:
    assert parse_hall(RAW).maintenance == Maintenance(dt.time(3, 30), 30, 15)
    assert hall_with(restart_at="off", wake_before_open_minutes=-1).maintenance == Maintenance(None, 30, None)


@pytest.mark.parametrize(("table", "said"), [
    ({"restart_at": "3:30"}, "maintenance: restart_at: '3:30' is not a HH:MM time"),
    ({"restart_at": 330}, "maintenance: restart_at: must be text"),
    ({"restart_window_minutes": 181}, "maintenance: restart_window_minutes: must be 0..180"),
    ({"wake_before_open_minutes": "15"}, "maintenance: wake_before_open_minutes: must be a whole number"),
    ({"wake_before_open_minutes": -2}, "maintenance: wake_before_open_minutes: must be -1..240"),
    ({"reboot_at": "03:00"}, "maintenance: reboot_at: unknown key"),
    ({"restart_at": "08:10"}, "maintenance: restart_at: the restart window 08:10-08:40 falls in the issuing hours"
                              " of category general (08:30-12:00)"),
    ({"restart_at": "23:50", "restart_window_minutes": 180}, None),  # past midnight, before 08:30: fine
    ({"restart_at": "12:10", "restart_window_minutes": 20}, None),  # the lunch break of every category
])
def test_a_bad_table_is_an_error_with_its_place(table, said) -> None:
    if said is None:
        hall_with(**table)
        return
    with pytest.raises(ConfigError) as caught:
        hall_with(**table)
    assert said in str(caught.value)
    assert str(caught.value).startswith("hall.toml: ")


def test_the_restart_is_a_calendar_event_in_the_halls_zone() -> None:
    assert maintenance.restart_calendar(parse_hall(RAW)) == "*-*-* 03:30:00 Asia/Shanghai"
    assert maintenance.restart_calendar(hall_with(restart_at="off")) is None


def test_the_wake_up_is_before_the_next_working_days_opening() -> None:
    hall = parse_hall(RAW)
    friday_night = dt.datetime(2026, 12, 4, 23, 0, tzinfo=SHANGHAI)
    assert maintenance.next_wake(hall, friday_night) == dt.datetime(2026, 12, 7, 8, 15, tzinfo=SHANGHAI)
    monday_early = dt.datetime(2026, 12, 7, 8, 0, tzinfo=SHANGHAI)
    assert maintenance.next_wake(hall, monday_early) == dt.datetime(2026, 12, 7, 8, 15, tzinfo=SHANGHAI)
    monday_late = dt.datetime(2026, 12, 7, 8, 15, tzinfo=SHANGHAI)  # that wake-up is over: the next day's
    assert maintenance.next_wake(hall, monday_late) == dt.datetime(2026, 12, 8, 8, 15, tzinfo=SHANGHAI)
    later = hall_with(wake_before_open_minutes=90)
    assert maintenance.next_wake(later, friday_night) == dt.datetime(2026, 12, 7, 7, 0, tzinfo=SHANGHAI)
    assert maintenance.next_wake(hall_with(wake_before_open_minutes=-1), friday_night) is None


def test_a_holiday_is_slept_through_and_a_make_up_workday_woken_for() -> None:
    raw = {**RAW, "calendar": {**RAW.get("calendar", {}), "holidays": [dt.date(2026, 12, 7)],
                               "workdays": [dt.date(2026, 12, 6)]}}
    hall = parse_hall(raw)
    friday_night = dt.datetime(2026, 12, 4, 23, 0, tzinfo=SHANGHAI)
    assert maintenance.next_wake(hall, friday_night) == dt.datetime(2026, 12, 6, 8, 15, tzinfo=SHANGHAI)
    sunday_night = dt.datetime(2026, 12, 6, 23, 0, tzinfo=SHANGHAI)
    assert maintenance.next_wake(hall, sunday_night) == dt.datetime(2026, 12, 8, 8, 15, tzinfo=SHANGHAI)


@pytest.mark.slow
def test_the_command_prints_what_install_sh_reads(tmp_path) -> None:
    done = subprocess.run([sys.executable, "-m", "hall_server.cli", "maintenance", str(SAMPLE_HALL)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=True)
    lines = dict(line.split("=", 1) for line in done.stdout.splitlines())
    assert lines["restart_on_calendar"] == "*-*-* 03:30:00 Asia/Shanghai"
    assert lines["restart_window_seconds"] == "1800"
    wake = dt.datetime.fromtimestamp(int(lines["next_wake_epoch"]), SHANGHAI)
    assert (wake.hour, wake.minute) == (8, 15) and wake > dt.datetime.now(SHANGHAI)
    bad = tmp_path / "bad.toml"
    bad.write_text(SAMPLE_HALL.read_text(encoding="utf-8").replace('restart_at = "03:30"', 'restart_at = "9:00"'),
                   encoding="utf-8")
    refused = subprocess.run([sys.executable, "-m", "hall_server.cli", "maintenance", str(bad)], cwd=ROOT,
                             capture_output=True, text=True, timeout=120, check=False)
    assert refused.returncode == 1 and "restart_at: '9:00' is not a HH:MM time" in refused.stderr
    assert refused.stdout == ""


def test_a_machine_copy_keeps_the_upkeep_and_leaves_the_secrets(tmp_path) -> None:
    done = subprocess.run([sys.executable, "-m", "hall_server.cli", "maintenance", "--machine-copy", str(SAMPLE_HALL)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, check=True)
    copy = tmp_path / "maintenance.json"
    copy.write_text(done.stdout, encoding="utf-8")
    assert "staff" not in json.loads(done.stdout) and "devices" not in json.loads(done.stdout)
    assert "pin_hash" not in done.stdout and "token" not in done.stdout
    hall, original = maintenance.load_for_upkeep(copy), parse_hall(RAW)
    assert hall.maintenance == original.maintenance and hall.calendar == original.calendar
    friday_night = dt.datetime(2026, 12, 4, 23, 0, tzinfo=SHANGHAI)
    assert maintenance.next_wake(hall, friday_night) == maintenance.next_wake(original, friday_night)


@pytest.mark.parametrize("text", ["[1, 2]", "{not json", ""])
def test_a_broken_machine_copy_is_an_error_with_its_file(tmp_path, text) -> None:
    copy = tmp_path / "maintenance.json"
    copy.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match="maintenance.json"):
        maintenance.load_for_upkeep(copy)
