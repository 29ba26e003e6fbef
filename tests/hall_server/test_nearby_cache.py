"""hall_server.nearby: the centre's answers are kept with their age, forgotten after 5 minutes, and a
centre that is away, refuses or answers nonsense changes nothing and raises nothing."""
from __future__ import annotations

import socket

from hall_server.config import Centre
from hall_server.nearby import NearbyWaits
from hall_server.schema import NearbyHall


def hall(code: str, wait: int, travel: int) -> NearbyHall:
    return NearbyHall(code=code, name=code, name_en=code, address="路", distance_km=1.0, travel_minutes=travel,
                      wait_minutes=wait)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_kept_answers_age_out_and_only_a_clearly_faster_hall_is_named() -> None:
    clock = Clock()
    waits = NearbyWaits(None, None, lambda: ["general"], clock=clock, max_age_s=300)
    waits._kept["general"] = ([hall("B", 5, 10), hall("C", 60, 5)], clock.now)
    assert waits.suggest("general", 60) == hall("B", 5, 10)   # 15 + 18 < 60
    assert waits.suggest("general", 30) is None                # 15 + 15 = 30: not clearly faster
    assert waits.suggest("other", 60) is None
    assert waits.current().categories == {"general": [hall("B", 5, 10), hall("C", 60, 5)]}
    clock.now += 300
    assert waits.suggest("general", 60) == hall("B", 5, 10) and waits.current().age_seconds == 300
    clock.now += 1
    assert waits.suggest("general", 60) is None and waits.current().categories == {}


def test_a_centre_away_changes_nothing_and_raises_nothing() -> None:
    clock = Clock()
    centre = Centre(url=f"http://127.0.0.1:{closed_port()}", token="t" * 16)
    waits = NearbyWaits(centre, centre.token, lambda: ["general"], clock=clock)
    waits._kept["general"] = ([hall("B", 5, 10)], clock.now)
    assert waits.refresh() == "away" and waits.away
    assert waits.halls("general") == [hall("B", 5, 10)]  # kept until it ages out
    assert NearbyWaits(None, None, lambda: ["general"]).refresh() == "away"
