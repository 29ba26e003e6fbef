"""Waits at nearby halls: when one is worth the trip, and how long the trip is taken to be.

The centre estimates each hall's wait and travel time; the hall server, the kiosk and the phone
page decide with `suggestion` whether to name one. A hall is named only when it is clearly
faster, travel included: its wait + travel + a margin is less than the wait here, the margin
being `MARGIN_MINUTES` or `MARGIN_SHARE` of the wait here, whichever is more. At most one hall
is named (the fastest by wait + travel); a list of slower halls is never shown.
"""
from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable

#: A nearby hall must save at least this many minutes ...
MARGIN_MINUTES = 15
#: ... and at least this share of the wait here.
MARGIN_SHARE = 0.30
#: Travel time when the centre file gives none for a hall: the distance at this speed ...
TRAVEL_KMH = 20.0
#: ... plus this much to set off and to find the hall.
TRAVEL_EXTRA_MINUTES = 5
EARTH_RADIUS_KM = 6371.0


@dataclasses.dataclass(frozen=True)
class NearbyWait:
    """Another hall's wait now for the same service, and the way there."""

    code: str
    wait_minutes: int
    travel_minutes: int


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle (haversine) distance between two points, in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def travel_minutes(distance: float, configured: int | None = None) -> int:
    """The travel time to a hall: the configured one if given, else `distance` at TRAVEL_KMH + TRAVEL_EXTRA_MINUTES."""
    if configured is not None:
        return configured
    return math.ceil(distance / TRAVEL_KMH * 60) + TRAVEL_EXTRA_MINUTES


def margin(own_wait_minutes: int) -> float:
    """How much sooner another hall must be to be named: max(15 min, 30 % of the wait here)."""
    return max(MARGIN_MINUTES, MARGIN_SHARE * own_wait_minutes)


def suggestion(own_wait_minutes: int, others: Iterable[NearbyWait]) -> NearbyWait | None:
    """The one hall to name, or None: the fastest by wait + travel, if clearly faster than waiting here."""
    best = min(others, key=lambda o: (o.wait_minutes + o.travel_minutes, o.code), default=None)
    if best is None or best.wait_minutes + best.travel_minutes + margin(own_wait_minutes) >= own_wait_minutes:
        return None
    return best
