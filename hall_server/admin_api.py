"""HTTP routes of the hall manager console: notices, category settings, the dashboard.

Registered by `app.create_app` with its own role checks and command runner, so these routes
behave exactly like the queue's: idempotency keys, refusals as clear 4xx, one writer.
"""
# No `from __future__ import annotations`: FastAPI reads the route annotations at definition time.
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Body, Depends, FastAPI, Header, Query, Request
from fastapi.responses import Response

from . import admin, settings
from .engine import Principal
from .routing import Key
from .schema import (
    API, CategorySettings, CategorySettingsRequest, Dashboard, ErrorBody, HallSettings, Notice, NoticeList,
    NoticeRequest, RecordId, Role, SettingsChange, SettingsRows,
)


def add_routes(app: FastAPI, engine: Callable[[], Any], allow: Callable[..., Any], run: Callable[..., Any],
               errors: dict) -> None:
    """Add the console's routes.

    Args:
        engine: returns the running QueueEngine (it exists only once the app has started).
        allow: the app's role check factory; `run`: the app's command runner.
    """
    ADMIN = allow(Role.HALL_ADMIN)
    WATCHERS = allow(Role.HALL_ADMIN, Role.TECHNICIAN)
    READERS = allow(Role.KIOSK, Role.DISPLAY, Role.WINDOW_STAFF, Role.HALL_ADMIN, Role.TECHNICIAN)

    @app.get(f"{API}/notices", response_model=NoticeList, responses=errors, tags=["notices"])
    def notices(who: Annotated[Principal, Depends(READERS)], area: Annotated[str | None, Query(max_length=32)] = None,
                include_inactive: bool = False) -> NoticeList:
        return admin.list_notices(engine(), area or who.area, include_inactive)

    @app.post(f"{API}/notices", status_code=201, response_model=Notice, responses=errors, tags=["notices"])
    async def add_notice(request: Request, req: NoticeRequest, who: Annotated[Principal, Depends(ADMIN)],
                         k: Key) -> Response:
        return await run(request, who, k, req, lambda tx: admin.create_notice(engine(), tx, who, req))

    @app.post(f"{API}/notices/{{notice_id}}", response_model=Notice, responses=errors, tags=["notices"])
    async def edit_notice(request: Request, notice_id: RecordId, req: NoticeRequest,
                          who: Annotated[Principal, Depends(ADMIN)], k: Key) -> Response:
        return await run(request, who, k, req, lambda tx: admin.edit_notice(engine(), tx, who, notice_id, req))

    @app.post(f"{API}/notices/{{notice_id}}/delete", response_model=Notice, responses=errors, tags=["notices"])
    async def delete_notice(request: Request, notice_id: RecordId, who: Annotated[Principal, Depends(ADMIN)],
                            k: Key) -> Response:
        return await run(request, who, k, None, lambda tx: admin.delete_notice(engine(), tx, who, notice_id))

    @app.post(f"{API}/categories/{{code}}/settings", response_model=CategorySettings, responses=errors,
              tags=["categories"])
    async def category_settings(request: Request, code: str, req: CategorySettingsRequest,
                                who: Annotated[Principal, Depends(ADMIN)], k: Key) -> Response:
        return await run(request, who, k, req, lambda tx: admin.change_category(engine(), tx, who, code, req))

    @app.get(f"{API}/dashboard", response_model=Dashboard, responses=errors, tags=["dashboard"])
    def dashboard(who: Annotated[Principal, Depends(WATCHERS)]) -> Dashboard:
        return admin.dashboard(engine())


def add_settings_routes(app: FastAPI, engine: Callable[[], Any], allow: Callable[..., Any], run: Callable[..., Any],
                        errors: dict) -> None:
    """The hall admin's settings: the hall file's categories, windows, matters and rating reasons."""
    ADMIN = allow(Role.HALL_ADMIN)
    conflict = {**errors, 428: {"model": ErrorBody}}

    @app.get(f"{API}/settings", response_model=HallSettings, responses=errors, tags=["settings"])
    def read(who: Annotated[Principal, Depends(ADMIN)]) -> Response:
        found = settings.read_settings(engine())
        return Response(found.model_dump_json(), media_type="application/json",
                        headers={"ETag": settings.etag(found.version)})

    @app.put(f"{API}/settings/{{table}}", response_model=SettingsChange, responses=conflict, tags=["settings"])
    async def replace_table(request: Request, table: str, req: SettingsRows, who: Annotated[Principal, Depends(ADMIN)],
                            k: Key, if_match: Annotated[str | None, Header()] = None) -> Response:
        version = settings.parse_if_match(if_match)
        return await run(request, who, k, req,
                         lambda tx: settings.change(engine(), tx, who, version, table, None, req.rows))

    @app.put(f"{API}/settings/{{table}}/{{code}}", response_model=SettingsChange, responses=conflict,
             tags=["settings"])
    async def put_row(request: Request, table: str, code: str, row: Annotated[dict[str, Any], Body()],
                      who: Annotated[Principal, Depends(ADMIN)], k: Key,
                      if_match: Annotated[str | None, Header()] = None) -> Response:
        """Edit the row `code` (or add it): the body is the row as the hall file writes it."""
        version = settings.parse_if_match(if_match)
        req = SettingsRows(rows=[row])
        return await run(request, who, k, req,
                         lambda tx: settings.change(engine(), tx, who, version, table, code, req.rows))

    @app.delete(f"{API}/settings/{{table}}/{{code}}", response_model=SettingsChange, responses=conflict,
                tags=["settings"])
    async def remove_row(request: Request, table: str, code: str, who: Annotated[Principal, Depends(ADMIN)],
                         k: Key, if_match: Annotated[str | None, Header()] = None) -> Response:
        version = settings.parse_if_match(if_match)
        return await run(request, who, k, None,
                         lambda tx: settings.change(engine(), tx, who, version, table, code, None, remove=True))
