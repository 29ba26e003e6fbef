"""HTTP routes of the hall manager console: notices, category settings, the dashboard.

Registered by `app.create_app` with its own role checks and command runner, so these routes
behave exactly like the queue's: idempotency keys, refusals as clear 4xx, one writer.
"""
# No `from __future__ import annotations`: FastAPI reads the route annotations at definition time.
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import Response

from . import admin
from .engine import Principal
from .routing import Key
from .schema import (
    API, CategorySettings, CategorySettingsRequest, Dashboard, Notice, NoticeList, NoticeRequest, RecordId, Role,
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
