"""The hall file is a model: unknown keys and wrong types are errors that name their place."""
from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Callable

import pytest

from hall_server.admin import dump_toml
from hall_server.config import SAMPLE_HALL, ConfigError, load_hall, parse_hall, tokens_hashed


def sample() -> dict:
    return tomllib.loads(SAMPLE_HALL.read_text(encoding="utf-8"))


def problems(change: Callable[[dict], object]) -> list[str]:
    """The lines of the error the sample hall gives after `change`."""
    raw = sample()
    change(raw)
    with pytest.raises(ConfigError) as caught:
        parse_hall(raw, "hall.toml")
    return str(caught.value).splitlines()


def table(raw: dict, *path: str | int) -> dict:
    for key in path:
        raw = raw[key]
    return raw


UNKNOWN_KEYS = [
    ((), "hal", "hal: unknown key"),
    (("hall",), "recal_limit", "hall: recal_limit: unknown key"),
    (("calendar",), "holiday", "calendar: holiday: unknown key"),
    (("supervision",), "case_warn_day", "supervision: case_warn_day: unknown key"),
    (("ratings",), "follow_up_days", "ratings: follow_up_days: unknown key"),
    (("ratings", "reasons", 2), "name_zh", "ratings.reasons[2] (attitude): name_zh: unknown key"),
    (("categories", 4), "green_chanel", "categories[4] (tax): green_chanel: unknown key"),
    (("windows", 0), "leds", "windows[0] (01): leds: unknown key"),
    (("staff", 0), "pin", "staff[0] (w01): pin: unknown key"),
    (("devices", 0), "tokn", "devices[0] (kiosk-01): tokn: unknown key"),
    (("matters", 0), "note", "matters[0] (GA-HZ-001): note: unknown key"),
    (("matters", 0, "materials", 1), "copy", "matters[0] (GA-HZ-001).materials[1]: copy: unknown key"),
]


@pytest.mark.parametrize("path,key,expected", UNKNOWN_KEYS, ids=[e[2].split(":")[0] for e in UNKNOWN_KEYS])
def test_an_unknown_key_is_refused_naming_its_place(path, key, expected):
    assert problems(lambda raw: table(raw, *path).update({key: True})) == [f"hall.toml: {expected}"]


WRONG_TYPES = [
    (("categories", 4), "daily_cap", "300", "categories[4] (tax): daily_cap: must be a whole number"),
    (("categories", 4), "green_channel", 1, "categories[4] (tax): green_channel: must be true or false"),
    (("hall",), "number_digits", 3.0, "hall: number_digits: must be a whole number"),
    (("hall",), "recall_limit", True, "hall: recall_limit: must be a whole number"),
    (("hall",), "session_hours", "10", "hall: session_hours: must be a number"),
    (("calendar",), "weekend", ["6", 7], "calendar: weekend[0]: must be a whole number"),
    (("windows", 0), "categories", "general", "windows[0] (01): categories: must be an array"),
    (("ratings",), "follow_up_hours", True, "ratings: follow_up_hours: must be a number"),
    (("devices", 0), "token", 1234567890123456789, "devices[0] (kiosk-01): token: must be text"),
    (("matters", 0), "online", "no", "matters[0] (GA-HZ-001): online: must be true or false"),
    ((), "supervision", 2, "supervision: must be a table"),
]


@pytest.mark.parametrize("path,key,value,expected", WRONG_TYPES, ids=[e[3].split(": ")[-2] for e in WRONG_TYPES])
def test_a_value_of_the_wrong_type_is_refused_not_coerced(path, key, value, expected):
    assert problems(lambda raw: table(raw, *path).update({key: value})) == [f"hall.toml: {expected}"]


def test_every_problem_is_reported_on_its_own_line():
    def two_typos(raw: dict) -> None:
        raw["categories"][4]["green_chanel"] = True
        raw["hall"]["daily_cap"] = "300"
        raw["matters"][1].pop("fee_en")

    assert sorted(problems(two_typos)) == [
        "hall.toml: categories[4] (tax): green_chanel: unknown key",
        "hall.toml: hall: daily_cap: unknown key",
        "hall.toml: matters[1] (GA-HZ-002): fee_en: missing",
    ]


def test_a_typo_in_a_file_names_the_file_and_the_place(tmp_path):
    bad = tmp_path / "hall.toml"
    text = SAMPLE_HALL.read_text(encoding="utf-8")
    bad.write_text(text.replace('code = "tax"\n', 'code = "tax"\ngreen_chanel = true\n', 1), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_hall(bad)
    assert str(caught.value) == f"{bad}: categories[4] (tax): green_chanel: unknown key"


CROSS_CHECKS = [
    (lambda r: r["categories"][1].update(code="general"), "categories[1] (general): duplicate category code"),
    (lambda r: r["categories"][0].update(prefix="a"),
     "categories[0] (general): prefix: 'a' must be one capital letter"),
    (lambda r: r["categories"][1].update(prefix="A"),
     "categories[1] (hukou): prefix 'A' is already used by another category"),
    (lambda r: r["categories"][0].update(hours=["12:00-08:30"]),
     "categories[0] (general): hours[0]: '12:00-08:30' must end after it starts"),
    (lambda r: r["categories"][0].update(hours=["8:30-12:00"]),
     "categories[0] (general): hours[0]: '8:30' is not a HH:MM time"),
    (lambda r: r["categories"][0].update(daily_cap=0), "categories[0] (general): daily_cap: must be positive"),
    (lambda r: r.update(categories=[]), "categories: must list at least one"),
    (lambda r: r["windows"][0].update(categories=["general", "nope"]), "windows[0] (01): unknown categories ['nope']"),
    (lambda r: r["windows"][1].update(code="01"), "windows[1] (01): duplicate window code"),
    (lambda r: r["staff"][0].update(role="boss"),
     "staff[0] (w01): role: must be one of 'window-staff', 'hall-admin' or 'technician'"),
    (lambda r: r["staff"][1].update(username="w01"), "staff[1] (w01): duplicate username"),
    (lambda r: r["devices"][-1].pop("window"),
     "devices[21] (evaluator-16): an evaluator needs the code of its window (window = ...)"),
    (lambda r: r["devices"][-1].update(window="99"),
     "devices[21] (evaluator-16): an evaluator needs the code of its window (window = ...)"),
    (lambda r: r["devices"][0].pop("token"),
     "devices[0] (kiosk-01): needs a token (or its token_sha256, 64 hex digits)"),
    (lambda r: r["devices"][0].update(token="short"), "devices[0] (kiosk-01): token: too short to be secret"),
    (lambda r: r["devices"][1].update(id="kiosk-01"), "devices[1] (kiosk-01): duplicate device id"),
    (lambda r: r["devices"][3].update(sound="bell"),
     "devices[3] (display-2f): sound: must be one of 'silent', 'chime' or 'voice'"),
    (lambda r: r["devices"][3].update(sound=True), "devices[3] (display-2f): sound: must be one of"),
    (lambda r: r["devices"][0].update(sound="chime"),
     "devices[0] (kiosk-01): sound is a display's setting, not a kiosk's"),
    (lambda r: r["hall"].update(level="city"), "hall: level: must be one of 'district', 'street' or 'community'"),
    (lambda r: r["hall"].update(number_digits=6), "hall: number_digits: must be 2..5"),
    (lambda r: r["hall"].update(daily_reset="3:00"), "hall: daily_reset: '3:00' is not a HH:MM time"),
    (lambda r: r["hall"].update(timezone="Mars/Base"), "hall: timezone: unknown time zone 'Mars/Base'"),
    (lambda r: r["hall"].update(sla_yellow_minutes=60),
     "hall: sla_yellow_minutes must be positive and below sla_red_minutes"),
    (lambda r: r["hall"].update(appointment_late_minutes=1441), "hall: appointment_late_minutes: must be 0..1440"),
    (lambda r: r["calendar"].update(holidays=["2026-13-01"]), "calendar: holidays[0]: '2026-13-01' is not a date"),
    (lambda r: r["supervision"].update(case_warn_days=61), "supervision: case_warn_days: must be 0..60"),
    (lambda r: r["ratings"].update(request_minutes=-1),
     "ratings: request_minutes: must be more than 0 and at most 60"),
    (lambda r: r["ratings"]["reasons"].append(dict(r["ratings"]["reasons"][0])),
     "ratings.reasons[7] (long_wait): duplicate code 'long_wait'"),
    (lambda r: r["ratings"]["reasons"][0].update(code="Long Wait"),
     "ratings.reasons[0] (Long Wait): code: 'Long Wait' must be lower-case letters, digits, _"),
    (lambda r: r["matters"][0].update(category="nope"), "matters[0] (GA-HZ-001): unknown category 'nope'"),
    (lambda r: r["matters"][0].update(promised_days=90), "matters[0] (GA-HZ-001): promised_days exceeds legal_days"),
    (lambda r: r["matters"][1].update(code="GA-HZ-001"), "matters[1] (GA-HZ-001): duplicate matter code"),
    (lambda r: r["matters"][0].update(materials=[]), "matters[0] (GA-HZ-001): materials: must list at least one"),
    (lambda r: r["matters"][0]["materials"][0].update(name_en=" "),
     "matters[0] (GA-HZ-001).materials[0]: name_en: must not be blank"),
]


@pytest.mark.parametrize("change,expected", CROSS_CHECKS, ids=[e[1] for e in CROSS_CHECKS])
def test_every_rule_still_holds_and_names_its_place(change, expected):
    found = problems(change)
    # A broken reference may break others (a renamed window leaves its evaluator without one): all are told.
    assert any(line.startswith(f"hall.toml: {expected}") for line in found), found
    assert all(line.startswith("hall.toml: ") for line in found), found


def test_the_sample_hall_loads_as_before():
    """A guard against behaviour change: passes before and after the move to models."""
    hall = load_hall()
    assert (hall.code, hall.name_en, hall.level, str(hall.tz)) == (
        "SFQ-ZWFW-001", "Model District Government Service Centre", "district", "Asia/Shanghai")
    assert (hall.daily_reset, hall.number_digits, hall.recall_limit, hall.lease_block) == (dt.time(3), 3, 2, 10)
    assert hall.default_service_minutes == 8.0 and isinstance(hall.default_service_minutes, float)
    assert hall.session_hours == 10.0 and isinstance(hall.session_hours, float)
    assert (len(hall.categories), len(hall.windows), len(hall.staff), len(hall.devices), len(hall.matters)) == (
        10, 16, 18, 22, 24)
    tax = hall.categories["tax"]
    assert (tax.prefix, tax.daily_cap, tax.warn_waiting, tax.green_channel, tax.id_required) == ("E", 300, 30, True,
                                                                                             False)
    assert tax.hours == ((dt.time(8, 30), dt.time(12)), (dt.time(13), dt.time(17, 30)))
    assert hall.windows["01"].categories == ("general", "pickup") and hall.windows["01"].name_en == "Window 1"
    assert hall.devices["evaluator-09"].area == "二楼" and hall.devices["kiosk-01"].window is None
    assert dt.date(2026, 10, 1) in hall.calendar.holidays and hall.calendar.weekend == frozenset({6, 7})
    assert hall.ratings.follow_up_hours == 24.0 and isinstance(hall.ratings.follow_up_hours, float)
    assert [r.code for r in hall.ratings.reasons][:2] == ["long_wait", "slow_service"]
    card = hall.matters[0]
    assert (card.code, card.initials, card.legal_days, card.promised_days, card.online) == (
        "GA-HZ-001", "JMSFZHL", 60, 20, False)


def test_the_configuration_kept_in_the_database_loads_as_the_file_does():
    """`hall_config` keeps the file as TOML with tokens hashed, and category changes written back."""
    stored = tomllib.loads(dump_toml(tokens_hashed(sample())))
    assert "token" not in stored["devices"][0] and len(stored["devices"][0]["token_sha256"]) == 64
    assert parse_hall(stored, "stored configuration") == load_hall()
    stored["categories"][0].update(hours=["09:00-12:00"], daily_cap=500, warn_waiting=10, prefix="Z")
    changed = parse_hall(tomllib.loads(dump_toml(stored)), "changed configuration").categories["general"]
    assert (changed.prefix, changed.daily_cap, changed.warn_waiting) == ("Z", 500, 10)
    # A bad digest is refused, even next to no token.
    stored["devices"][0]["token_sha256"] = "0" * 63
    with pytest.raises(ConfigError, match=r"devices\[0\] \(kiosk-01\): token_sha256: '0{63}' must be 64 hex digits"):
        parse_hall(stored, "stored configuration")


def test_calendar_dates_may_be_toml_dates_but_not_date_times():
    raw = sample()
    raw["calendar"]["holidays"] = [dt.date(2026, 12, 24), "2026-12-25"]
    assert parse_hall(raw).calendar.holidays == {dt.date(2026, 12, 24), dt.date(2026, 12, 25)}
    raw["calendar"]["holidays"] = [dt.datetime(2026, 12, 24, 9, 0)]
    with pytest.raises(ConfigError, match=r"calendar: holidays\[0\]: .* is not a date"):
        parse_hall(raw)


def test_a_display_is_silent_unless_its_hall_file_row_says_chime_or_voice():
    raw = sample()
    raw["devices"][3]["sound"] = "voice"
    hall = parse_hall(raw, "hall.toml")
    assert hall.devices["display-2f"].sound == "voice"
    assert hall.devices["display-hall"].sound == "silent"
def test_pause_and_hold_reasons_default_when_absent_and_are_strict_when_given():
    hall = load_hall()  # the sample hall lists none: the defaults
    assert [r.code for r in hall.pause_reasons] == ["away", "consulting", "system_fault", "lunch", "training"]
    assert [r.code for r in hall.hold_reasons] == ["documents_missing", "awaiting_approval", "citizen_away"]
    assert (hall.pause_reasons[3].name, hall.pause_reasons[3].name_en) == ("午间休息", "Lunch break")

    raw = sample()
    raw["pause_reasons"] = [{"code": "meeting", "name": "开会", "name_en": "Meeting"}]
    own = parse_hall(raw)
    assert [(r.code, r.name, r.name_en) for r in own.pause_reasons] == [("meeting", "开会", "Meeting")]
    assert own.hold_reasons == hall.hold_reasons  # the other table keeps its defaults

    reason = {"code": "lunch", "name": "午间休息", "name_en": "Lunch break"}
    for change, expected in [
        (lambda r: r.update(pause_reasons=[{**reason, "label": "x"}]), "pause_reasons[0] (lunch): label: unknown key"),
        (lambda r: r.update(pause_reasons=[reason, reason]), "pause_reasons[1] (lunch): duplicate code 'lunch'"),
        (lambda r: r.update(hold_reasons=[{**reason, "code": "Lunch"}]),
         "hold_reasons[0] (Lunch): code: 'Lunch' must be lower-case letters, digits, _"),
        (lambda r: r.update(hold_reasons=[{"code": "x", "name": "某"}]), "hold_reasons[0] (x): name_en: missing"),
        (lambda r: r.update(pause_reasons=[]), "pause_reasons: must list at least one"),
        (lambda r: r.update(pause_reasons=[{**reason, "name": 3}]), "pause_reasons[0] (lunch): name: must be text"),
    ]:
        found = problems(change)
        assert any(line.startswith(f"hall.toml: {expected}") for line in found), found
