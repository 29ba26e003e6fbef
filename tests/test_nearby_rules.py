"""hall_rules.nearby: a nearby hall is named only when it is clearly faster, travel included."""
from __future__ import annotations

import pytest

from hall_rules.nearby import NearbyWait, distance_km, margin, suggestion, travel_minutes


def w(code: str, wait: int, travel: int) -> NearbyWait:
    return NearbyWait(code=code, wait_minutes=wait, travel_minutes=travel)


def test_margin_is_fifteen_minutes_or_thirty_percent() -> None:
    assert margin(0) == 15
    assert margin(50) == 15
    assert margin(100) == 30
    assert margin(200) == 60


@pytest.mark.parametrize(("own", "wait", "travel", "named"), [
    (40, 5, 15, True),     # 20 + 15 = 35 < 40
    (35, 5, 15, False),    # 20 + 15 = 35: not less
    (36, 5, 15, True),
    (100, 40, 29, True),   # 69 + 30 = 99 < 100
    (100, 40, 30, False),  # 70 + 30 = 100: not less
    (10, 0, 0, False),     # a short wait here: never worth a trip
    (0, 0, 0, False),
])
def test_the_edges_of_clearly_faster(own: int, wait: int, travel: int, named: bool) -> None:
    assert (suggestion(own, [w("B", wait, travel)]) is not None) is named


def test_at_most_one_the_fastest_by_wait_and_travel() -> None:
    found = suggestion(90, [w("B", 30, 10), w("C", 5, 20), w("D", 0, 40)])
    assert found == w("C", 5, 20)
    assert suggestion(90, []) is None
    assert suggestion(30, [w("B", 30, 10), w("C", 20, 20)]) is None  # only slower halls: nothing


def test_travel_configured_or_from_the_distance() -> None:
    assert travel_minutes(12.3, 25) == 25
    assert travel_minutes(0.0) == 5
    assert travel_minutes(10.0) == 35  # 10 km at 20 km/h = 30 min, + 5
    assert distance_km(31.2, 121.4, 31.2, 121.4) == 0
    assert distance_km(31.2, 121.4, 31.21, 121.41) == pytest.approx(1.47, abs=0.02)
