"""`GET /api/v1/nearby?category=CODE`: for the asking hall, the other live halls offering that
service, with their wait now and the way there (hall_rules.nearby decides which one, if any, a
citizen is told of).

- The asking hall is known by its own token (the one the centre reads its event log with).
- A hall *offers* a category when it issued tickets of it today or in the last `OFFERED_DAYS`
  days (the centre's ticket facts), and it counts only while its link is live, heard from in
  the last `LIVE_S` seconds, with at least one window open.
- Its wait is estimated as the hall itself estimates it (hall_server.queue.waiting): the tickets
  waiting there times the mean service time of that category's last `RECENT` tickets served
  today (called to finished; `DEFAULT_SERVICE_MIN` minutes with none yet), spread over its open
  windows (the centre does not know which windows serve which category: all open ones count).
  Nobody waiting: 0.
- The travel time is the centre file's `travel_minutes` of that hall when given, else the
  haversine distance from the asking hall at 20 km/h plus 5 minutes (hall_rules.nearby).
- Sorted by wait + travel, fastest first.
"""
# No `from __future__ import annotations`: FastAPI reads the route annotations at definition time.
import datetime as dt
import math
import re
from collections.abc import Callable
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Header, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response

from hall_rules.nearby import distance_km, travel_minutes
from hall_server.schema import NearbyHall, NearbyList

from . import store
from .config import Centre

PATH = "/api/v1/nearby"
_CODE = re.compile(r"[A-Za-z0-9_-]{1,32}")
LIVE_S = 120
OFFERED_DAYS = 30
RECENT = 20
DEFAULT_SERVICE_MIN = 5.0


def wait_minutes(waiting: int, service_minutes: float, open_windows: int) -> int:
    """A hall's wait now for a category: its queue times the mean service time, over its open windows."""
    if waiting <= 0:
        return 0
    return math.ceil(waiting * service_minutes / max(1, open_windows))


def _facts(engine: sa.Engine, category: str, days: dict[str, dt.date]) -> dict[str, tuple[float, bool]]:
    """Per hall: the mean service minutes of `category` today, and whether the hall offers it."""
    t, r = store.tickets.c, store.ticket_days.c
    out: dict[str, tuple[float, bool]] = {}
    with engine.connect() as conn:
        for hall, day in days.items():
            today = (t.hall == hall, t.business_day == day, t.category == category)
            issued = conn.execute(sa.select(sa.func.count()).where(*today)).scalar_one()
            recent = (sa.select((sa.func.extract("epoch", t.finished_at - t.called_at) / 60).label("m"))
                      .where(*today, t.state == "done", t.called_at.is_not(None), t.finished_at.is_not(None))
                      .order_by(t.finished_at.desc()).limit(RECENT).subquery())
            mean = conn.execute(sa.select(sa.func.avg(recent.c.m))).scalar()
            offered = issued > 0 or conn.execute(
                sa.select(sa.func.count()).select_from(store.ticket_days)
                .where(r.hall == hall, r.category == category,
                       r.business_day >= day - dt.timedelta(days=OFFERED_DAYS))).scalar_one() > 0
            out[hall] = (DEFAULT_SERVICE_MIN if mean is None else float(mean), offered)
    return out


def nearby(centre: Centre, known: dict[str, dict[str, Any]], facts: dict[str, tuple[float, bool]], asking: str,
           category: str, now: dt.datetime) -> list[NearbyHall]:
    """The other live halls offering `category`, fastest (wait + travel) first."""
    me = centre.hall(asking)
    found = []
    for h in centre.halls:
        row = known.get(h.code, {})
        service, offered = facts.get(h.code, (DEFAULT_SERVICE_MIN, False))
        heard = row.get("last_heard")
        windows = row.get("windows") or {}
        open_windows = sum(1 for s in windows.values() if s == "open")
        if (h.code == asking or row.get("status") != "live" or heard is None or not offered or not open_windows
                or (now - heard).total_seconds() > LIVE_S):
            continue
        km = distance_km(me.lat, me.lon, h.lat, h.lon)
        waiting = int((row.get("waiting") or {}).get(category, 0))
        found.append(NearbyHall(code=h.code, name=h.name, name_en=h.name_en, address=h.address,
                                distance_km=round(km, 1), travel_minutes=travel_minutes(km, h.travel_minutes),
                                wait_minutes=wait_minutes(waiting, service, open_windows)))
    found.sort(key=lambda n: (n.wait_minutes + n.travel_minutes, n.code))
    return found


def _error(status: int, code: str, message: str, message_en: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message, "message_en": message_en, "detail": {}}},
                        status_code=status, headers={"WWW-Authenticate": "Bearer"} if status == 401 else None)


def router(centre: Centre, engine: Callable[[], sa.Engine], hall_of: Callable[[str], str | None]) -> APIRouter:
    """The nearby route: `engine()` gives the centre's database once it runs; `hall_of` a token's hall."""
    routes = APIRouter(tags=["halls"])

    @routes.get(PATH, response_model=NearbyList, responses={401: {"description": "no hall's token"},
                                                              422: {"description": "no such category code"}})
    async def get_nearby(category: Annotated[str, Query(description="the category's code, e.g. general")] = "",
                         authorization: Annotated[str | None, Header()] = None) -> Response:
        """The other live halls offering this category, their wait now and travel time, fastest first."""
        token = authorization[7:] if authorization and authorization.lower().startswith("bearer ") else ""
        asking = hall_of(token) if token else None
        if asking is None:
            return _error(401, "unauthorized", "需要有效的大厅令牌", "a hall's valid token is required")
        if not _CODE.fullmatch(category):
            return _error(422, "bad_category", "服务类别代码无效（1 至 32 位字母、数字、_ 或 -）",
                          "category must be a code of 1 to 32 letters, digits, _ or -")
        now = dt.datetime.now(dt.UTC)
        known = await run_in_threadpool(store.halls_now, engine())
        days = {code: row["business_day"] for code, row in known.items()
                if code != asking and row.get("business_day") is not None and row.get("status") == "live"}
        facts = await run_in_threadpool(_facts, engine(), category, days)
        found = nearby(centre, known, facts, asking, category, now)
        return Response(NearbyList(categories={category: found}).model_dump_json(), media_type="application/json")

    return routes
