"""The centre's HTTP API (FastAPI, its own app): each hall's link and live state, for staff and halls."""
from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import hmac
import logging
from collections.abc import AsyncIterator, Callable
from typing import Annotated, Any, Literal

import sqlalchemy as sa
from fastapi import APIRouter, Depends, FastAPI, Header, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from hall_server.config import token_digest

from hall_centre import catalogue_api, nearby, pages, relay, store
from hall_centre.catalogue import CatalogueFolder
from hall_centre.config import Centre, HallEntry
from hall_centre.follower import Followers

API = "/api/v1"
ROLLUP_S = 60.0
log = logging.getLogger("hall_centre.api")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Fault(_Model):
    device: str = Field(description="reporter/device, e.g. kiosk-01/receipt")
    state: str
    reason: str
    reason_zh: str | None = None
    reason_en: str | None = None
    since: dt.datetime


class HallStatus(_Model):
    """One hall as the centre sees it: where it is, its link, and its live queue (no personal data)."""

    code: str
    name: str
    name_en: str
    level: Literal["district", "street", "community"]
    parent: str | None
    address: str
    lat: float
    lon: float
    travel_minutes: int | None
    status: Literal["new", "catching_up", "live", "down", "refused"]
    error: str | None = Field(description="why the link is down or refused")
    last_heard: dt.datetime | None
    last_seq: int
    business_day: dt.date | None
    waiting: dict[str, int] = Field(description="tickets waiting, by category")
    waiting_total: int
    longest_wait_s: int | None = Field(description="how long the longest-waiting ticket has waited, now")
    open_windows: int
    faults: list[Fault]


class HallList(_Model):
    centre: str
    halls: list[HallStatus]


class CentreRefusal(Exception):
    """A refusal with its code and bilingual reason, Chinese first."""

    def __init__(self, status: int, code: str, message: str, message_en: str):
        super().__init__(message_en)
        self.status, self.code, self.message, self.message_en = status, code, message, message_en


@dataclasses.dataclass
class _State:
    centre: Centre
    engine: sa.Engine | None = None


def hall_status(centre: Centre, known: dict[str, dict[str, Any]], now: dt.datetime,
                relayed: dict[str, dict[str, Any]] | None = None) -> list[HallStatus]:
    """Every hall of the centre file, then those of its lower centres, with what the centre has heard of it."""
    out = []
    own = {h.code for h in centre.halls}
    through = [HallEntry(**r["entry"], base_url="", token="") for code, r in sorted((relayed or {}).items())
               if code not in own]
    for h in (*centre.halls, *through):
        row = known.get(h.code, {})
        waiting = dict(row.get("waiting") or {})
        oldest = row.get("oldest_waiting_since")
        windows = row.get("windows") or {}
        faults = [Fault(device=k, state=v["state"], reason=v.get("reason", ""), reason_zh=v.get("reason_zh"),
                        reason_en=v.get("reason_en"), since=v["since"])
                  for k, v in sorted((row.get("faults") or {}).items())]
        out.append(HallStatus(
            code=h.code, name=h.name, name_en=h.name_en, level=h.level,
            parent=h.parent, address=h.address, lat=h.lat, lon=h.lon, travel_minutes=h.travel_minutes,
            status=row.get("status", "new"), error=row.get("error"), last_heard=row.get("last_heard"),
            last_seq=int(row.get("last_seq") or 0), business_day=row.get("business_day"), waiting=waiting,
            waiting_total=sum(waiting.values()),
            longest_wait_s=max(0, int((now - oldest).total_seconds())) if oldest else None,
            open_windows=sum(1 for s in windows.values() if s == "open"), faults=faults))
    return out


def hall_list(state: _State) -> HallList:
    assert state.engine is not None
    known, relayed = store.halls_now(state.engine), store.relayed(state.engine)
    return HallList(centre=state.centre.code, halls=hall_status(state.centre, known, dt.datetime.now(dt.UTC), relayed))


def halls_router(state: _State) -> APIRouter:
    """GET /api/v1/halls, behind the centre file's API tokens."""
    router = APIRouter()

    async def staff(authorization: Annotated[str | None, Header()] = None) -> None:
        token = authorization[7:] if authorization and authorization.lower().startswith("bearer ") else ""
        if not any(hmac.compare_digest(token.encode(), t.encode()) for t in state.centre.api_tokens):
            raise CentreRefusal(401, "unauthorized", "请先登录或提供有效令牌", "a valid token is needed")

    async def parent(authorization: Annotated[str | None, Header()] = None) -> None:
        token = authorization[7:] if authorization and authorization.lower().startswith("bearer ") else ""
        expected = state.centre.parent_token
        if expected is None:
            raise CentreRefusal(403, "no_parent", "本中心未设置上级中心", "this centre feeds no higher centre")
        if not hmac.compare_digest(token.encode(), expected.encode()):
            raise CentreRefusal(401, "unauthorized", "请先登录或提供有效令牌", "a valid token is needed")

    @router.get(f"{API}/halls", response_model=HallList, tags=["halls"], dependencies=[Depends(staff)])
    async def halls() -> HallList:
        assert state.engine is not None
        return await run_in_threadpool(hall_list, state)

    @router.get(f"{relay.FEED}", response_model=relay.FeedPage, tags=["feed"], dependencies=[Depends(parent)])
    async def feed(after: Annotated[int, Query(ge=0)] = 0,
                   limit: Annotated[int, Query(ge=1, le=relay.PAGE)] = relay.PAGE) -> relay.FeedPage:
        """The events this centre stored, in its own numbered order, for the higher centre it feeds."""
        assert state.engine is not None
        return await run_in_threadpool(relay.feed_page, state.engine, state.centre.code, after, limit)

    @router.get(f"{relay.FEED}/halls", response_model=HallList, tags=["feed"], dependencies=[Depends(parent)])
    async def feed_halls() -> HallList:
        """The halls this centre follows (its own and its lower centres'), for the higher centre it feeds."""
        return await run_in_threadpool(hall_list, state)

    @router.get(f"{API}/health", tags=["centre"])
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    return router


def catalogue_router(centre: Centre) -> APIRouter | None:
    """`GET /api/v1/catalogue` for the centre's halls, each with its own token; None without a catalogue."""
    if centre.catalogue is None:
        return None
    folder = CatalogueFolder(centre.catalogue)  # a folder with no good catalogue stops the start, with why
    return catalogue_api.router(folder.current,
                                catalogue_api.hall_tokens({h.code: token_digest(h.token) for h in centre.halls}))


async def _keep_rollup(engine: sa.Engine, every: float = ROLLUP_S) -> None:
    """Bring the statistics rollup up to the stored tickets every so often, off the ingest path."""
    while True:
        await asyncio.sleep(every)
        try:
            await asyncio.to_thread(store.refresh_days, engine)
        except sa.exc.SQLAlchemyError as exc:  # the database away for a moment: next round
            log.warning("statistics rollup not refreshed: %s", exc)


def create_app(centre: Centre, db_url: str, follow: bool = True, page_refresh_s: float = pages.REFRESH_S,
               page_clock: Callable[[], dt.datetime] | None = None, **follow_options: Any) -> FastAPI:
    """The centre's app: its API, its staff pages, and (with `follow`) one follower per hall while it runs."""
    state = _State(centre=centre)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        feeding = centre.parent_token is not None
        state.engine = await asyncio.to_thread(store.connect, db_url, feeding if follow else None)
        followers = Followers(state.engine, centre, feed=feeding, **follow_options)
        own = frozenset(h.code for h in centre.halls)
        lower = [relay.CentreFollower(state.engine, c, own, feed=feeding, **follow_options) for c in centre.centres]
        rollup = None
        relaying: list[asyncio.Task[None]] = []
        if follow:
            followers.start()
            relaying = [asyncio.create_task(f.run(), name=f"follow centre {f.child.code}") for f in lower]
            rollup = asyncio.create_task(_keep_rollup(state.engine))
        try:
            yield
        finally:
            if rollup is not None:
                rollup.cancel()
                await asyncio.gather(rollup, return_exceptions=True)
            for task in relaying:
                task.cancel()
            await asyncio.gather(*relaying, return_exceptions=True)
            await followers.stop()
            state.engine.dispose()

    app = FastAPI(title="Hall centre", version="1", lifespan=lifespan,
                  description="The centre of a hall network: every hall's events, links and live queues.")

    @app.exception_handler(CentreRefusal)
    async def _refusal(_request: Request, exc: CentreRefusal) -> JSONResponse:
        return JSONResponse({"error": {"code": exc.code, "message": exc.message, "message_en": exc.message_en,
                                       "detail": {}}}, status_code=exc.status)

    app.include_router(halls_router(state))
    app.include_router(nearby.router(centre, pages.engine_getter(state), catalogue_api.hall_tokens(
        {h.code: token_digest(h.token) for h in centre.halls})))
    app.include_router(pages.CentrePages(centre, pages.engine_getter(state), page_refresh_s, page_clock).router())
    catalogue = catalogue_router(centre)
    if catalogue is not None:
        app.include_router(catalogue)
    return app
