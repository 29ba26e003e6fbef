"""The centre file: the sample loads; a wrong one names every problem with its place, at once."""
from __future__ import annotations

import asyncio

import httpx
import pytest

from hall_centre.config import SAMPLE_CENTRE, ConfigError, load_centre, parse_centre
from hall_centre.store import scrub

HALL = {"code": "H1", "name": "大厅", "name_en": "Hall", "level": "street", "address": "路1号", "lat": 31.2,
        "lon": 121.4, "base_url": "http://127.0.0.1:8000", "token": "a-token-of-16-chars"}


def test_the_sample_centre_follows_the_demo_district_hall_and_two_street_halls():
    centre = load_centre(SAMPLE_CENTRE, env={})
    assert (centre.code, centre.level, centre.parent_url) == ("SFQ-CENTRE", "district", "http://127.0.0.1:8200")
    assert [h.level for h in centre.halls] == ["district", "street", "street"]
    district = centre.halls[0]
    assert (district.code, district.base_url, district.token) == ("SFQ-ZWFW-001", "http://127.0.0.1:8000",
                                                                   "demo-centre-sfq-4e8b1c7d2a90")
    assert {h.parent for h in centre.halls[1:]} == {"SFQ-ZWFW-001"}


def test_the_sample_city_centre_is_fed_by_the_sample_district_centre():
    district, city = load_centre(SAMPLE_CENTRE, env={}), load_centre(SAMPLE_CENTRE.parent / "sample_city.toml", env={})
    assert (city.level, city.halls, [c.code for c in city.centres]) == ("city", (), [district.code])
    assert city.centres[0].token == district.parent_token and district.parent_url == "http://127.0.0.1:8200"


def test_every_problem_at_once_with_its_place():
    raw = {"centre": {"code": "C", "name": "中心", "level": "province", "colour": "red"},
           "halls": [HALL, {**HALL, "lat": "31.2", "parent": "NOPE"}, {**HALL, "code": "H2", "level": "village"},
                     {**{k: v for k, v in HALL.items() if k != "token"}, "code": "H3", "token_env": "H3_TOKEN"}]}
    with pytest.raises(ConfigError) as caught:
        parse_centre(raw, "centre.toml", env={})
    text = str(caught.value)
    assert "centre.toml: centre: level: must be one of" in text
    assert "centre.toml: centre: colour: unknown key" in text
    assert "halls[1] (H1): lat: must be a number" in text
    assert "halls[2] (H2): level: must be one of" in text
    good = {"centre": {"code": "C", "name": "中心", "level": "city"},
            "halls": [HALL, {**HALL, "parent": "NOPE"}, {**HALL, "code": "H3", "token": None, "token_env": "H3_TOKEN"}]}
    good["halls"][2].pop("token")
    with pytest.raises(ConfigError) as caught:
        parse_centre(good, "centre.toml", env={})
    lines = str(caught.value).splitlines()
    assert lines == ["centre.toml: halls[1] (H1): code: H1 is listed twice",
                     "centre.toml: halls[1] (H1): parent: no hall NOPE in this file",
                     "centre.toml: halls[2] (H3): token_env: H3_TOKEN is not set to a token (at least 16 characters)"]
    assert parse_centre(good | {"halls": [HALL, good["halls"][2]]}, env={"H3_TOKEN": "x" * 20}).halls[1].token == \
        "x" * 20


def test_a_higher_centre_lists_the_lower_centres_it_follows():
    child = {"code": "SFQ-CENTRE", "name": "示范区中心", "base_url": "http://127.0.0.1:8100/", "token": "p" * 20}
    centre = parse_centre({"centre": {"code": "CITY", "name": "市中心", "level": "city"}, "centres": [child]}, env={})
    assert centre.halls == () and [(c.code, c.base_url, c.token) for c in centre.centres] == \
        [("SFQ-CENTRE", "http://127.0.0.1:8100", "p" * 20)]
    with_env = {k: v for k, v in child.items() if k != "token"} | {"code": "C2", "token_env": "C2_TOKEN"}
    assert parse_centre({"centre": {"code": "CITY", "name": "市中心", "level": "city"}, "centres": [with_env]},
                        env={"C2_TOKEN": "q" * 16}).centres[0].token == "q" * 16
    with pytest.raises(ConfigError) as caught:
        parse_centre({"centre": {"code": "CITY", "name": "市中心", "level": "city"}, "halls": [HALL],
                      "centres": [child, {**child, "base_url": "ftp://x"}, {**child, "code": "H1"},
                                  {**child, "code": "C3", "token": "short"}, with_env]}, "city.toml", env={})
    assert str(caught.value).splitlines() == [
        "city.toml: centres[1] (SFQ-CENTRE): base_url: must be an http:// or https:// address",
        "city.toml: centres[3] (C3): token: must be at least 16 characters"]
    with pytest.raises(ConfigError) as caught:
        parse_centre({"centre": {"code": "CITY", "name": "市中心", "level": "city"}, "halls": [HALL],
                      "centres": [child, {**child, "code": "H1"}, with_env]}, "city.toml", env={})
    assert str(caught.value).splitlines() == [
        "city.toml: centres[1] (H1): code: H1 is listed twice",
        "city.toml: centres[2] (C2): token_env: C2_TOKEN is not set to a token (at least 16 characters)"]


def test_staff_and_the_dashboard_settings():
    from hall_centre.pages import hash_pin, verify_pin
    sample = load_centre(SAMPLE_CENTRE, env={})
    assert [(s.username, s.role) for s in sample.staff] == [("centre", "admin")]
    assert verify_pin(sample.staff[0].pin_hash, "860301") and not verify_pin(sample.staff[0].pin_hash, "860302")
    assert (sample.sla_yellow_minutes, sample.sla_red_minutes, sample.timezone) == (30, 60, "Asia/Shanghai")
    person = {"username": "lead", "name": "王主任", "role": "admin", "pin_hash": hash_pin("246810")}
    raw = {"centre": {"code": "C", "name": "中心", "level": "city", "sla_yellow_minutes": 60, "sla_red_minutes": 45,
                      "timezone": "Mars/Olympus"},
           "halls": [HALL], "staff": [person, person, {**person, "username": "x", "role": "boss", "pin_hash": "1234"}]}
    with pytest.raises(ConfigError) as caught:
        parse_centre(raw, "centre.toml", env={})
    text = str(caught.value)
    assert "staff[2] (x): role: must be one of" in text
    assert "staff[2] (x): pin_hash: must be a PIN hash" in text
    raw["staff"] = [person, person]
    with pytest.raises(ConfigError) as caught:
        parse_centre(raw, "centre.toml", env={})
    assert str(caught.value).splitlines() == ["centre.toml: staff[1]: username: lead is listed twice",
                                              "centre.toml: centre: sla_red_minutes: must be more than "
                                              "sla_yellow_minutes",
                                              "centre.toml: centre: timezone: no time zone Mars/Olympus"]
    raw["centre"] |= {"sla_yellow_minutes": 20, "sla_red_minutes": 45, "timezone": "Asia/Urumqi"}
    raw["staff"] = [person]
    centre = parse_centre(raw, env={})
    assert (centre.sla_yellow_minutes, centre.sla_red_minutes, centre.timezone, centre.staff[0].name) == (
        20, 45, "Asia/Urumqi", "王主任")


def test_scrub_drops_personal_keys_and_masks_id_numbers():
    out = scrub({"ticket": {"masked_name": "张*三", "id_number": "110105198506121234"},
                 "note": "证件 11010519850612123X 已核验", "seq": 1, "short": "12345"})
    assert out == {"ticket": {"masked_name": "张*三"}, "note": "证件 110105************ 已核验", "seq": 1,
                   "short": "12345"}


def test_the_api_refuses_without_a_centre_token():
    from hall_centre.api import create_app
    app = create_app(load_centre(SAMPLE_CENTRE, env={}), "postgresql+psycopg://nobody@127.0.0.1:1/none", follow=False)

    async def ask(headers: dict[str, str]) -> httpx.Response:
        # No lifespan here: the refusal comes before any database is needed.
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://centre") as client:
            return await client.get("/api/v1/halls", headers=headers)

    r = asyncio.run(ask({"Authorization": "Bearer wrong"}))
    assert r.status_code == 401 and r.json()["error"]["message"] == "请先登录或提供有效令牌"
    assert r.json()["error"]["message_en"] == "a valid token is needed"
    assert asyncio.run(ask({})).status_code == 401
