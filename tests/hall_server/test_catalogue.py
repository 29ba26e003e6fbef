"""A hall file against the shared service catalogue: what contradicts it, and what the hall takes up from it."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import pathlib
import time
import tomllib

import pytest

from hall_centre.catalogue import load_folder, seed_folder
from hall_server import db
from hall_server.catalogue import (
    KEPT_KEY, Catalogue, contradictions, effective_calendar, parse_published, read_kept, take_up,
)
from hall_server.config import SAMPLE_HALL, Centre, ConfigError, HallFile, load_hall, parse_hall, tokens_hashed


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    folder = tmp_path_factory.mktemp("catalogue")
    seed_folder(SAMPLE_HALL, folder, "2026.12")
    return load_folder(folder)


def sample() -> dict:
    return tomllib.loads(SAMPLE_HALL.read_text(encoding="utf-8"))


def with_catalogue(catalogue: Catalogue, **changes: object) -> Catalogue:
    return catalogue.model_copy(update=changes)


def test_the_sample_hall_agrees_with_the_catalogue_seeded_from_it(catalogue: Catalogue) -> None:
    assert contradictions(HallFile.model_validate(sample()), catalogue) == []
    # A hall file that leaves the shared entries to the catalogue agrees too.
    bare = {k: v for k, v in sample().items() if k not in ("matters", "calendar")}
    bare["ratings"] = {"follow_up_hours": 12}
    assert contradictions(HallFile.model_validate(bare), catalogue) == []


def test_each_contradiction_is_named_by_its_place(catalogue: Catalogue) -> None:
    raw = sample()
    raw["categories"][1]["name_en"] = "Hukou"
    del raw["categories"][2]["name_en"]  # then it is the Chinese name, which the catalogue's English is not
    raw["matters"][0]["category"] = "general"
    raw["matters"][3]["code"] = "GA-HZ-999"
    raw["ratings"]["reasons"][6]["code"] = "weather"
    raw["calendar"]["weekend"] = [7]
    raw["calendar"]["workdays"] = raw["calendar"]["workdays"][1:]
    assert contradictions(HallFile.model_validate(raw), catalogue) == [
        "categories[1] (hukou): name_en 'Hukou' differs from the catalogue's 'Household registration'",
        "categories[2] (vehicle): name_en '车管业务' differs from the catalogue's 'Vehicles and driving licences'",
        "matters[0] (GA-HZ-001): category 'general' differs from the catalogue's 'hukou'",
        "matters[3] (GA-HZ-999): not in the catalogue",
        "ratings.reasons[6] (weather): not in the catalogue",
        "calendar.weekend: [7] differs from the catalogue's [6, 7]",
        "calendar.workdays: the catalogue's 2026-01-04 missing",
    ]


def test_a_hall_keeps_its_own_categories_and_the_dates_of_years_the_catalogue_does_not_cover(
        catalogue: Catalogue) -> None:
    raw = sample()
    raw["categories"].append({"code": "night", "prefix": "Z", "name": "夜间自助", "daily_cap": 50, "all_days": True})
    raw["calendar"]["holidays"] = [*raw["calendar"]["holidays"], "2027-01-01"]
    raw["calendar"]["workdays"] = [*raw["calendar"]["workdays"], "2027-01-04"]
    file = HallFile.model_validate(raw)
    assert contradictions(file, catalogue) == []
    calendar = effective_calendar(file, catalogue)
    assert dt.date(2027, 1, 1) in calendar.holidays and dt.date(2027, 1, 4) in calendar.workdays
    assert calendar.holidays >= {dt.date(2026, 10, 1)}
    # The catalogue's 2027 calendar comes out: it holds, and the hall's own 2027 dates must then agree.
    covering = with_catalogue(catalogue, calendar=catalogue.calendar.model_copy(
        update={"holidays": [*catalogue.calendar.holidays, dt.date(2027, 1, 1), dt.date(2027, 1, 2)]}))
    assert contradictions(file, covering) == [
        "calendar.holidays: the catalogue's 2027-01-02 missing",
        "calendar.workdays: 2027-01-04 not in the catalogue's 2027",
    ]
    assert dt.date(2027, 1, 4) not in effective_calendar(file, covering).workdays


def test_taking_up_a_catalogue_changes_only_its_parts_of_the_hall(catalogue: Catalogue) -> None:
    raw = sample()
    raw["categories"] = [c for c in raw["categories"] if c["code"] in ("general", "hukou")]
    raw["windows"] = []
    raw["devices"] = [d for d in raw["devices"] if d["role"] != "evaluator"]
    raw["matters"] = [m for m in raw["matters"] if m["category"] in ("general", "hukou")][:1]
    raw["ratings"] = {"rate_within_days": 3, "reasons": [raw["ratings"]["reasons"][0]]}
    del raw["calendar"]
    file = HallFile.model_validate(raw)
    hall = parse_hall(raw)
    before = dataclasses.replace(hall)
    renamed = catalogue.model_copy(update={"matters": [
        m.model_copy(update={"name": "居民身份证到期换领"}) if m.code == "GA-HZ-001" else m
        for m in catalogue.matters]})
    take_up(hall, file, renamed)
    assert {m.category for m in hall.matters} == {"general", "hukou"}  # a street hall's categories only
    assert len(hall.matters) == sum(m.category in ("general", "hukou") for m in catalogue.matters)
    assert next(m for m in hall.matters if m.code == "GA-HZ-001").initials == "JMSFZDQHL"
    assert [r.code for r in hall.ratings.reasons] == [r.code for r in catalogue.ratings.reasons]
    assert hall.ratings.rate_within_days == 3  # the periods stay the hall's
    assert not hall.calendar.is_workday(dt.date(2026, 10, 1)) and hall.calendar.is_workday(dt.date(2026, 10, 10))
    assert (hall.categories, hall.windows, hall.devices, hall.code) == (
        before.categories, before.windows, before.devices, before.code)


@pytest.mark.parametrize(("centre", "message"), [
    ({"url": "ftp://centre"}, "centre: url: 'ftp://centre' must be an http:// or https:// address"),
    ({"url": "https://centre.example", "token": "short"}, "centre: token: too short to be secret"),
    ({"url": "https://centre.example", "refresh_minutes": 0}, "centre: refresh_minutes: must be more than 0"),
    ({"url": "https://centre.example", "tokens": "x"}, "centre: tokens: unknown key"),
    ({}, "centre: url: missing"),
])
def test_a_bad_centre_table_is_refused_with_its_place(centre: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=f"^hall config: {message}"):
        parse_hall(sample() | {"centre": centre})


def test_the_centre_table_reads_and_its_token_is_not_kept_at_rest() -> None:
    raw = sample() | {"centre": {"url": "https://centre.example/city/", "token": "t" * 24, "refresh_minutes": 5}}
    assert parse_hall(raw).centre == Centre(url="https://centre.example/city", token="t" * 24, refresh_minutes=5.0)
    kept = tokens_hashed(raw)
    assert kept["centre"] == {"url": "https://centre.example/city/", "refresh_minutes": 5}
    assert parse_hall(kept).centre == Centre(url="https://centre.example/city", token=None, refresh_minutes=5.0)
    assert load_hall(SAMPLE_HALL).centre is None


def test_a_centres_token_comes_from_the_environment_first(tmp_path: pathlib.Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from hall_server.catalogue import TOKEN_ENV, centre_token

    path = tmp_path / "hall.toml"
    path.write_text('[centre]\nurl = "https://c"\ntoken = "from-the-hall-file-123"\n', encoding="utf-8")
    stored = Centre(url="https://c")  # as the database keeps it
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    assert centre_token(stored, path) == "from-the-hall-file-123"
    assert centre_token(stored, tmp_path / "gone.toml") is None
    monkeypatch.setenv(TOKEN_ENV, "from-the-environment-456")
    assert centre_token(stored, path) == "from-the-environment-456"


def test_an_answer_with_more_than_a_digest_and_a_catalogue_is_refused(catalogue: Catalogue) -> None:
    body = {"digest": catalogue.digest(), "catalogue": catalogue.model_dump(mode="json")}
    assert parse_published(json.dumps(body).encode(), "answer")[1] == catalogue.digest()
    with pytest.raises(ConfigError, match="must hold exactly a digest and a catalogue"):
        parse_published(json.dumps(body | {"note": "x"}).encode(), "answer")
    body["catalogue"]["matters"][0]["legal_days"] = "60"
    with pytest.raises(ConfigError, match=r"answer: matters\[0\] \(\S+\): legal_days: must be a whole number"):
        parse_published(json.dumps(body).encode(), "answer")


def test_a_kept_catalogue_that_cannot_be_read_is_not_used(tmp_path: pathlib.Path,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    store = db.Store(str(tmp_path / "hall.db"))
    try:
        db.migrate(store, time.time)
        with store.write() as conn:
            conn.execute(db.hall_state.insert().values(key=KEPT_KEY, value='{"catalogue": {"version": 1}}'))
        with caplog.at_level(logging.WARNING, logger="hall_server.catalogue"), store.read() as conn:
            assert read_kept(conn) is None
    finally:
        store.close()
    assert "the kept catalogue is unreadable and is not used" in caplog.text
