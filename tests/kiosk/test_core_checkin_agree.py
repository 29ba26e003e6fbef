"""A kiosk cut off from the server checks appointments in by the server's rules: at every edge of
the check-in window (and of the business day it belongs to) the kiosk offline gives the answer,
in the same words, that the server gives online, from the hall's own settings or, when the
kiosk's cached HallInfo does not carry them, from the same defaults (hall_rules.queue)."""
from __future__ import annotations

import datetime as dt
import functools
import pathlib
import re

import pytest

from hallsupport import ADMIN_PIN, KIOSK_TOKEN, SAMPLE_HALL, SHANGHAI, FakeClock, RunningServer
from kiosk.core import KioskCore, TicketRefused

pytestmark = pytest.mark.slow  # each test here takes over a second (README: the fast subset)

DAY = "2026-11-23"  # a working Monday

#: The hall's own settings: numbering turns over at 07:00, check-in 45 minutes early, 10 late.
OWN = {"daily_reset": '"07:00"', "appointment_checkin_early_minutes": "45", "appointment_late_minutes": "10"}
#: (local time on DAY, slot, what the server answers)
OWN_CASES = [
    ((6, 44), ("07:30", "08:00"), "appointment_not_today"),  # inside the window, but the day has not begun
    ((6, 59, 59), ("07:30", "08:00"), "appointment_not_today"),
    ((7, 0), ("07:30", "08:00"), "ok"),
    ((9, 14, 59), ("10:00", "10:30"), "appointment_too_early"),
    ((9, 15), ("10:00", "10:30"), "ok"),
    ((10, 40), ("10:00", "10:30"), "ok"),
    ((10, 40, 1), ("10:00", "10:30"), "appointment_missed"),
]
#: The hall file's defaults (03:00, 60, 15), and a kiosk whose cached HallInfo does not carry them.
DEFAULT_CASES = [
    ((8, 59, 59), ("10:00", "10:30"), "appointment_too_early"),
    ((9, 0), ("10:00", "10:30"), "ok"),
    ((10, 45), ("10:00", "10:30"), "ok"),
    ((10, 45, 1), ("10:00", "10:30"), "appointment_missed"),
]
NOT_CARRIED = ("daily_reset", "appointment_checkin_early_minutes", "appointment_late_minutes")


def hall_file(tmp_path: pathlib.Path, settings: dict[str, str]) -> pathlib.Path:
    """The sample hall issuing 06:00-22:00 (so the window's edges, not the hours, decide) with `settings`."""
    text = re.sub(r"(?m)^hours = \[.*\]$", 'hours = ["06:00-22:00"]', SAMPLE_HALL.read_text(encoding="utf-8"))
    for key, value in settings.items():
        text, n = re.subn(rf"(?m)^{key} = \S+", f"{key} = {value}", text)
        assert n == 1, key
    path = tmp_path / "hall.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def early_clock() -> FakeClock:
    return FakeClock(dt.datetime(2026, 11, 23, 6, 0, tzinfo=SHANGHAI))  # before every case: time only moves on


def answer(call) -> tuple:
    try:
        call()
    except TicketRefused as refused:
        return refused.code, refused.message, refused.message_en, refused.detail
    return ("ok",)


def check_in_offline(core: KioskCore, code: str) -> None:
    """As the kiosk does it: the code checked, then a number for the appointment (from the lease)."""
    match = core.check_in_code(code)
    info = core.take_ticket(match.category, None, match.id)
    assert info.offline and info.appointment


@pytest.mark.parametrize("settings, cases, stripped", [
    (OWN, OWN_CASES, ()),
    ({}, DEFAULT_CASES, NOT_CARRIED),
], ids=["hall_settings", "older_hallinfo"])
def test_offline_and_online_agree_on_the_checkin_window_edges(tmp_path, early_clock, settings, cases, stripped):
    clock = early_clock
    server = RunningServer(tmp_path / "hall.db", hall_file(tmp_path, settings), clock, poll_interval=0.2,
                           tick_interval=0.5)
    server.start()
    made: list[KioskCore] = []
    try:
        admin = server.login("admin", ADMIN_PIN)
        booked = [tuple(admin.ok("/appointments", {"category": "general", "date": DAY, "slot_start": slot[0],
                                                   "slot_end": slot[1]}, 201) for _ in range(2))
                  for _, slot, _ in cases]
        online = KioskCore(server.url, KIOSK_TOKEN, tmp_path / "online.db", clock=clock, sync_interval_s=3600)
        offline = KioskCore(server.url, KIOSK_TOKEN, tmp_path / "offline.db", clock=clock, sync_interval_s=3600)
        made += [online, offline]
        server_says, kiosk_says = [], []
        for (when, _, _), (for_online, for_offline) in zip(cases, booked, strict=True):
            clock.set_local(2026, 11, 23, *when)
            assert offline.sync_now() is True
            if stripped:  # as an older server's HallInfo, which did not carry these
                hall = {k: v for k, v in offline.store.get("hall").items() if k not in stripped}
                offline.store.put("hall", hall, clock().timestamp())
            server.stop()
            try:
                kiosk_says.append((when, answer(functools.partial(check_in_offline, offline, for_offline["code"]))))
            finally:
                server.start()
            server_says.append((when, answer(functools.partial(online.take_ticket, "general", None, for_online["id"]))))
        assert [(when, said[0]) for when, said in server_says] == [(when, code) for when, _, code in cases]
        assert kiosk_says == server_says
    finally:
        for core in made:
            core.stop()
        server.stop()
