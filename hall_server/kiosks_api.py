"""HTTP routes for kiosks and displays: today's appointments, ID-card lookup, abandoning a ticket
request, the service guide and device health.

Registered by `app.create_app` with its role checks and command runner, like `admin_api`.
"""
# No `from __future__ import annotations`: FastAPI reads the route annotations at definition time.
import asyncio
import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Path, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from . import fleet, kiosks
from .engine import Principal
from .routing import Key
from .schema import (
    API, AbandonRequest, AbandonResult, AppointmentList, AppointmentLookup, DeviceHealthList, DeviceHealthReport,
    DeviceHistory, FleetList, MatterList, ReprintList, ReprintRequest, Role, SelfTestResult, SelfTestRun,
    SelfTestTask,
)

DeviceId = Annotated[str, Path(pattern=r"^[A-Za-z0-9_.\-]{1,64}$")]


def add_routes(app: FastAPI, engine: Callable[[], Any], hall: Callable[[], Any], allow: Callable[..., Any],
               run: Callable[..., Any], errors: dict) -> None:
    """Add the kiosks' routes.

    Args:
        engine: returns the running QueueEngine; `hall`: the running Hall (both exist once the app started).
        allow: the app's role check factory; `run`: the app's command runner.
    """
    KIOSK = allow(Role.KIOSK)
    APPOINTMENT_READERS = allow(Role.KIOSK, Role.HALL_ADMIN)
    REPORTERS = allow(Role.KIOSK, Role.DISPLAY, Role.EVALUATOR)
    WATCHERS = allow(Role.HALL_ADMIN, Role.TECHNICIAN)
    FAULT_READERS = allow(Role.HALL_ADMIN, Role.TECHNICIAN, Role.CENTRE)  # the centre shows faults, read-only
    REPRINTERS = allow(Role.KIOSK, Role.HALL_ADMIN)  # a kiosk prints it; the console's desk reads it out
    # The guide as last answered, with the matters it was made of: a catalogue update swaps them.
    guide: list[tuple[tuple, MatterList, str]] = []

    @app.get(f"{API}/appointments", response_model=AppointmentList, responses=errors, tags=["appointments"])
    def appointments(who: Annotated[Principal, Depends(APPOINTMENT_READERS)],
                     date: dt.date | None = None) -> AppointmentList:
        """A date's appointments (default today) for kiosks to check in offline, with the date's lookup key."""
        return kiosks.appointments_of(engine(), who, date)

    @app.post(f"{API}/appointments/lookup", response_model=AppointmentList, responses=errors, tags=["appointments"])
    def lookup(req: AppointmentLookup, who: Annotated[Principal, Depends(KIOSK)]) -> AppointmentList:
        """Today's appointments of the ID card the kiosk read (online check-in)."""
        return kiosks.appointments_by_id(engine(), who, req.id_number)

    @app.post(f"{API}/tickets/abandon", response_model=AbandonResult, responses=errors, tags=["tickets"])
    async def abandon(request: Request, req: AbandonRequest, who: Annotated[Principal, Depends(KIOSK)],
                      idempotency_key: Annotated[str | None, Header(pattern=r"^[A-Za-z0-9_.:\-]{8,100}$")] = None,
                      ) -> Response:
        """Give up a ticket request that got no answer: cancel what it issued, or refuse it if it comes later."""
        # Abandoning is idempotent by itself; a header that repeats the abandoned key must not collide with it.
        key = None if idempotency_key == req.idempotency_key else idempotency_key
        return await run(request, who, key, req, lambda tx: engine().abandon(tx, who, req))

    @app.post(f"{API}/tickets/reprint", response_model=ReprintList, responses=errors, tags=["tickets"])
    async def reprint(request: Request, req: ReprintRequest, who: Annotated[Principal, Depends(REPRINTERS)],
                      k: Key) -> Response:
        """补打凭条: today's live ticket by its number (no personal data), or the ID card's live tickets of
        today, as their receipts show them now; each is a receipt.reprinted event."""
        await run_in_threadpool(kiosks.count_reprint, engine(), who)
        return await run(request, who, k, req, lambda tx: kiosks.reprint(engine(), tx, who, req))

    @app.get(f"{API}/matters", response_model=MatterList, responses={304: {"description": "not modified"}},
             tags=["guide"])
    def matters(if_none_match: Annotated[str | None, Header()] = None) -> Response:
        """The service guide (public information, no login); ETag = version, 304 when unchanged."""
        h = hall()
        if not guide or guide[0][0] is not h.matters:
            listed = kiosks.matter_list(h)
            guide[:] = [(h.matters, listed, listed.model_dump_json())]
        _, listed, body = guide[0]
        etag = f'"{listed.version}"'
        headers = {"ETag": etag, "Cache-Control": "no-cache"}
        tags = {t.strip() for t in (if_none_match or "").split(",")}
        if etag in tags or f"W/{etag}" in tags or "*" in tags:
            return Response(status_code=304, headers=headers)
        return Response(body, media_type="application/json", headers=headers)

    @app.post(f"{API}/devices/health", status_code=204, responses=errors, tags=["devices"])
    async def report(req: DeviceHealthReport, who: Annotated[Principal, Depends(REPORTERS)]) -> Response:
        """A kiosk's or display's latest device states (the reporter is the token's device)."""
        e = engine()
        out = await asyncio.wrap_future(e.submit(who, None, "", lambda tx: kiosks.report_health(e, tx, who, req)))
        if out.status != 204:
            return Response(out.body, status_code=out.status, media_type="application/json")
        return Response(status_code=204)

    @app.get(f"{API}/devices/health", response_model=DeviceHealthList, responses=errors, tags=["devices"])
    async def health(who: Annotated[Principal, Depends(FAULT_READERS)]) -> DeviceHealthList:
        """Each kiosk's and display's last report; stale after 3 minutes of silence."""
        return await run_in_threadpool(kiosks.health_list, engine())

    # --- fleet health (the console's 设备 page) and remote self-tests (fleet.py) -----------------

    async def write(who: Principal, command: Callable[..., Any]) -> Response:
        out = await asyncio.wrap_future(engine().submit(who, None, "", command))
        if out.status == 204:
            return Response(status_code=204)
        return Response(out.body, status_code=out.status, media_type="application/json")

    @app.get(f"{API}/devices/fleet", response_model=FleetList, responses=errors, tags=["devices"])
    async def fleet_list(who: Annotated[Principal, Depends(WATCHERS)]) -> FleetList:
        """Every kiosk, display and evaluator: last heard, version, each part's condition since when."""
        return await run_in_threadpool(fleet.fleet_list, engine())

    @app.get(f"{API}/devices/{{device_id}}/history", response_model=DeviceHistory, responses=errors, tags=["devices"])
    async def device_history(device_id: DeviceId, who: Annotated[Principal, Depends(WATCHERS)]) -> DeviceHistory:
        """One device's condition changes of the last 31 days, newest first."""
        return await run_in_threadpool(fleet.history, engine(), device_id)

    @app.post(f"{API}/devices/{{device_id}}/self-test", response_model=SelfTestRun, status_code=202,
              responses=errors, tags=["devices"])
    async def request_self_test(device_id: DeviceId, who: Annotated[Principal, Depends(WATCHERS)]) -> Response:
        """Ask an online kiosk to run kiosk-diag --self-test (it takes it on its next pass); 409 when offline."""
        return await write(who, lambda tx: fleet.request_self_test(engine(), tx, who, device_id))

    @app.get(f"{API}/devices/self-tests/{{test_id}}", response_model=SelfTestRun, responses=errors, tags=["devices"])
    async def self_test(test_id: Annotated[int, Path(ge=1, le=2**62)],
                        who: Annotated[Principal, Depends(WATCHERS)]) -> SelfTestRun:
        """A remote self-test: waiting, running, done (with kiosk-diag's report) or timed out."""
        return await run_in_threadpool(fleet.get_self_test, engine(), test_id)

    @app.post(f"{API}/devices/self-tests/take", response_model=SelfTestTask, responses={204: {}, **errors},
              tags=["devices"])
    async def take_self_test(who: Annotated[Principal, Depends(KIOSK)]) -> Response:
        """The kiosk's next self-test to run (204: none waits)."""
        device_id = who.id.split(":", 1)[1] if who.id.startswith("device:") else who.id
        if not await run_in_threadpool(fleet.pending_self_test, engine(), device_id):
            return Response(status_code=204)
        return await write(who, lambda tx: fleet.take_self_test(engine(), tx, who))

    @app.post(f"{API}/devices/self-tests/{{test_id}}/result", response_model=SelfTestRun, responses=errors,
              tags=["devices"])
    async def self_test_result(test_id: Annotated[int, Path(ge=1, le=2**62)], req: SelfTestResult,
                               who: Annotated[Principal, Depends(KIOSK)]) -> Response:
        """The kiosk's kiosk-diag report of a self-test it took."""
        return await write(who, lambda tx: fleet.finish_self_test(engine(), tx, who, test_id, req))
