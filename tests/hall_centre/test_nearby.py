"""Waits at nearby halls: a real centre following two real hall servers; hall A's phone page names hall B
only while B is clearly faster, and names nothing once the centre has been away long enough."""
from __future__ import annotations

import datetime as dt

import httpx
import pytest

from centresupport import CENTRE_TOKEN
from hall_centre.nearby import wait_minutes
from hall_centre.nearby import nearby as nearby_of
from hall_centre.config import Centre, HallEntry
from nearbysupport import B_TOKEN, Network, wait_for

pytestmark = pytest.mark.slow  # real hall servers, a real PostgreSQL


def track(server, token: str) -> dict:
    r = httpx.get(f"{server.url}/api/v1/track/{token}", timeout=30)
    assert r.status_code == 200, r.text
    return r.json()


def test_a_long_queue_here_names_the_empty_hall_nearby_and_only_while_it_is_faster(tmp_path, centre_db):
    net = Network(tmp_path, centre_db)
    net.start()
    try:
        a, b = net.a, net.b
        net.open_window(a)
        staff_b = net.open_window(b)
        net.issue(b, 1)
        net.serve_one(b, staff_b)  # B offers "general" today and is empty now
        last = net.issue(a, 12)[-1]  # A: 11 ahead × 8 min at one window
        wait_for(net.b_is_offered, "hall A to hear of hall B from the centre")
        shown = track(a, last["track_token"])
        assert shown["estimated_wait_minutes"] == 88
        assert shown["nearby"] == {"code": "HALL-B", "name": "测试大厅2", "name_en": "Test hall 2",
                                   "address": "测试路2号", "distance_km": 1.5, "travel_minutes": 10,
                                   "wait_minutes": 0}
        # The centre answers a hall by its own token only, and never names the asking hall.
        r = httpx.get(f"{net.centre.url}/api/v1/nearby", params={"category": "general"},
                      headers={"Authorization": f"Bearer {B_TOKEN}"}, timeout=30)
        assert [h["code"] for h in r.json()["categories"]["general"]] == ["HALL-A"]
        assert r.json()["categories"]["general"][0]["wait_minutes"] == 60  # 12 × 5 min (none served yet) at one window
        for bad in ({}, {"Authorization": "Bearer not-a-hall-token-000000"}):
            r = httpx.get(f"{net.centre.url}/api/v1/nearby", params={"category": "general"}, headers=bad, timeout=30)
            assert r.status_code == 401 and r.json()["error"]["message"] == "需要有效的大厅令牌"
        for bad in ({"category": "<x>"}, {"category": "x" * 33}, {}):
            r = httpx.get(f"{net.centre.url}/api/v1/nearby", params=bad,
                          headers={"Authorization": f"Bearer {CENTRE_TOKEN}"}, timeout=30)
            assert r.status_code == 422 and r.json()["error"]["code"] == "bad_category", r.text

        # B gets busy: 25 waiting × 3 min = 75 min there, + 10 travel: not clearly faster than 88 → no line.
        net.issue(b, 25)
        wait_for(lambda: all(h["wait_minutes"] >= 75 for h in net.nearby_of(a)["categories"]["general"]),
                 "hall A to hear that B is busy")
        assert track(a, last["track_token"])["nearby"] is None

        # The centre goes away: the kept answer ages out, the page still answers, with no line.
        net.centre.stop()
        wait_for(lambda: net.nearby_of(a)["categories"] == {}, "the kept answer to age out")
        shown = track(a, last["track_token"])
        assert shown["nearby"] is None and shown["state"] == "waiting"
    finally:
        net.stop()


def hall(code: str, lat: float, travel: int | None = None) -> HallEntry:
    return HallEntry(code=code, name=code, name_en=code, level="street", parent=None, address="路", lat=lat,
                     lon=121.4, base_url="http://127.0.0.1:1", token="x" * 16, travel_minutes=travel)


def test_the_centre_counts_live_open_halls_offering_the_service_fastest_first():
    now = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)
    centre = Centre(code="C", name="C", level="district", parent_url=None, parent_token=None, api_tokens=(),
                    halls=(hall("A", 31.2), hall("B", 31.3), hall("C", 31.2, travel=30), hall("D", 31.2),
                           hall("E", 31.2), hall("F", 31.2)))
    live = {"status": "live", "last_heard": now - dt.timedelta(seconds=30), "windows": {"01": "open"}}
    known = {"A": live, "B": {**live, "waiting": {"general": 4}}, "C": live,
             "D": {**live, "status": "down"},                                    # not live
             "E": {**live, "last_heard": now - dt.timedelta(seconds=121)},       # not heard from for 2 min
             "F": {**live, "windows": {"01": "closed"}}}                         # no window open
    facts = {code: (6.0, True) for code in "ABCDEF"}
    found = nearby_of(centre, known, facts, "A", "general", now)
    assert [(h.code, h.wait_minutes, h.travel_minutes) for h in found] == [("B", 24, 39), ("C", 0, 30)][::-1]
    assert nearby_of(centre, known, {**facts, "C": (6.0, False)}, "A", "general", now)[0].code == "B"
    assert wait_minutes(0, 8, 1) == 0 and wait_minutes(3, 8, 2) == 12 and wait_minutes(1, 0.5, 0) == 1
