"""The hall server's HTTP and WebSocket API (FastAPI)."""
# No `from __future__ import annotations`: FastAPI reads the route annotations at definition time.
import asyncio
import base64
import contextlib
import gc
import dataclasses
import datetime as dt
import hashlib
import json
import logging
import os
import pathlib
import socket
import time
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import Depends, FastAPI, Header, Query, Request, WebSocket, WebSocketDisconnect
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, TypeAdapter, ValidationError
from starlette.concurrency import run_in_threadpool

from hall_rules import queue as rules

from . import admin, admin_api, cases_api, db, fleet, forms, forms_api, kiosks_api, ratings_api
from .auth import Auth
from .catalogue import CatalogueFollower
from .nearby import NearbyWaits
from .config import SAMPLE_HALL, CallSound, Hall, parse_hall, tokens_hashed
from .engine import Principal, QueueEngine, QueueRefusal, utc_now
from .hub import CATCH_UP, CLOSED, HEARTBEAT, EventHub, Subscriber
from .notify import NotifyListener
from .routing import Key
from .schema import (
    API, Appointment, AppointmentRequest, CallNextRequest, CallResult, CancelRequest, CategoryInfo, DisplaySettings,
    ErrorBody, Event, EventPage, HallInfo, Health, HoldRequest, IssuedTicket, IssueTicketRequest, Lease, LeaseList,
    LeaseRequest, LoginRequest, LoginResponse, NearbyList, OfflineResult, OfflineSubmit, PauseRequest, RecordId, Role,
    Seq, Snapshot, StaffReasonInfo, Ticket, TicketList, TicketResult, TicketTrack, TransferRequest, WindowInfo,
    WindowResult, WindowTicketRequest,
)
from .trackpage import TOKEN_PATTERN, TrackPages, choose_language

log = logging.getLogger(__name__)

MAX_BODY = 256 * 1024
HEARTBEAT_S = 15.0
REPLAY_PAGE = 500
_SEQ = TypeAdapter(Seq)


@dataclasses.dataclass
class Settings:
    db_url: str = "var/hall.db"
    hall_file: pathlib.Path = SAMPLE_HALL
    clock: Callable[[], dt.datetime] = utc_now
    ignore_hours: bool = False  # demo only: issue tickets at any hour
    poll_interval: float = 1.0
    tick_interval: float = 15.0
    public_url: str = "http://127.0.0.1:8000"  # where phones reach this server: the receipt QR's base
    track_poll_seconds: int = 5  # how often the phone tracking page asks again
    catalogue_interval: float | None = None  # seconds between asking the centre; None: the hall file's [centre]
    nearby_interval: float = 60.0  # seconds between asking the centre for waits at nearby halls
    nearby_max_age: float = 300.0  # an answer older than this counts as none


class Services:
    """What the routes use, built at start-up."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.instance = f"{socket.gethostname()}:{os.getpid()}"
        self.store = db.Store(settings.db_url)
        db.migrate(self.store, lambda: settings.clock().timestamp())
        # The centre's shared catalogue (matters, rating reasons, calendar) over the hall file's own;
        # checked against the configuration before it is stored, so a refused hall file leaves nothing.
        self.catalogue = CatalogueFollower(self.store, settings.hall_file, settings.clock)
        self.catalogue.choose()
        self.hall = load_or_store_config(self.store, settings)
        changed = self.catalogue.start(self.hall)
        self.engine = QueueEngine(self.hall, self.store, settings.clock, settings.ignore_hours,
                                  public_url=settings.public_url)
        self.catalogue.engine = self.engine
        if changed is not None:
            self.catalogue.announce(*changed)
        # Waits at nearby halls for the same service, from the same centre with the same token.
        self.nearby = NearbyWaits(self.catalogue.centre, self.catalogue.token, lambda: list(self.hall.categories),
                                  max_age_s=settings.nearby_max_age)
        self.auth = Auth(self.hall, self.store, lambda: settings.clock().timestamp())
        self.hub = EventHub(self.engine.last_seq(), self.engine.events_after)
        self.engine.listeners.append(self.hub.publish_threadsafe)
        self.engine.day_hooks.append(lambda tx: admin.apply_pending_prefixes(self.engine, tx))
        self.engine.day_hooks.append(fleet.purge)
        self.engine.tick_hooks.append(lambda tx: fleet.watch(self.engine, tx))
        forms.attach(self.engine)  # 电子填单: a form goes when its ticket ends
        self.hub.on_read.append(self._follow_others)
        # Several instances on one PostgreSQL database hear of each other's events by NOTIFY.
        self.listener = None if self.store.is_sqlite else NotifyListener(
            self.store.engine.url, self.hub.mark_behind_threadsafe, self._listening)

    def _follow_others(self, events: list[Event]) -> None:
        if any(e.type in ("category.changed", "config.changed") for e in events):
            self.engine.nudge()  # another instance changed a category: take its settings up now

    def _listening(self, up: bool) -> None:
        """From the listener's thread: poll while it cannot listen; once it can, read what was missed."""
        if self.hub.loop is not None and not self.hub.loop.is_closed():
            self.hub.loop.call_soon_threadsafe(self._set_polling, not up)

    def _set_polling(self, polling: bool) -> None:
        self.hub.polling = polling
        self.hub.mark_behind()


def load_or_store_config(store: db.Store, settings: Settings) -> Hall:
    """The hall's configuration as kept in the database; read from the file on first start."""
    import tomllib

    with store.write() as conn:
        row = conn.execute(sa.select(db.hall_config).order_by(db.hall_config.c.id.desc()).limit(1)).first()
        if row is None:
            text = pathlib.Path(settings.hall_file).read_text(encoding="utf-8")
            raw = tomllib.loads(text)
            hall = parse_hall(raw, str(settings.hall_file))
            # Devices' tokens are kept as their SHA-256 only: the database never holds a credential.
            conn.execute(db.hall_config.insert().values(source=str(settings.hall_file),
                                                        toml=admin.dump_toml(tokens_hashed(raw)),
                                                        loaded_at=time.time()))
            log.info("hall configuration loaded from %s on first start", settings.hall_file)
            return hall
    return parse_hall(tomllib.loads(row.toml), f"stored configuration from {row.source}")


def _call_sound(hall: Hall, who: Principal) -> CallSound:
    """How the asking device announces calls: its hall-file setting if it is a display, else silent."""
    device = hall.devices.get(who.id.removeprefix("device:")) if who.id.startswith("device:") else None
    return device.sound if device is not None and device.role == "display" else "silent"


def _error_body(code: str, message: str, message_en: str, **detail: Any) -> dict:
    return {"error": {"code": code, "message": message, "message_en": message_en, "detail": detail}}


def _printable(value: object) -> str:
    """A name from a request (a dict key in an error's location) that JSON can always carry."""
    return str(value).encode("utf-8", "replace").decode("utf-8")


def _request_hash(method: str, path: str, body: BaseModel | None) -> str:
    payload = "" if body is None else json.dumps(body.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    # surrogatepass: a text the schema let through can never turn the hash into a server error.
    return hashlib.sha256(f"{method} {path}\n{payload}".encode("utf-8", "surrogatepass")).hexdigest()


ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody}, 403: {"model": ErrorBody}, 404: {"model": ErrorBody}, 409: {"model": ErrorBody},
    422: {"model": ErrorBody}}


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the API. Storage opens when the app starts, so `openapi()` needs no database."""
    settings = settings or Settings()
    holder: dict[str, Services] = {}

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        services = await asyncio.to_thread(Services, settings)
        services.hub.bind(asyncio.get_running_loop())
        holder["s"] = services
        if services.listener is not None:
            services.listener.start()
        tasks = [asyncio.create_task(services.hub.run()),
                 asyncio.create_task(services.hub.poll(settings.poll_interval)),
                 asyncio.create_task(_tick(services, settings.tick_interval)),
                 asyncio.create_task(services.hub.heartbeat(HEARTBEAT_S))]
        if services.catalogue.centre is not None:
            interval = settings.catalogue_interval or services.catalogue.centre.refresh_minutes * 60
            tasks.append(asyncio.create_task(services.catalogue.run(interval)))
            tasks.append(asyncio.create_task(services.nearby.run(settings.nearby_interval)))
        # What start-up built lives as long as the server: keep it out of the collector's full
        # passes, which otherwise stall every request and stream now and then as the hall grows.
        gc.collect()
        gc.freeze()
        log.info("hall server ready: %s, storage %s, event seq %d", services.hall.name,
                 services.store.describe(), services.hub.last)
        try:
            yield
        finally:
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            if services.listener is not None:
                await asyncio.to_thread(services.listener.stop)
            await asyncio.to_thread(services.engine.close)
            services.store.close()

    app = FastAPI(title="Hall server", version="1", lifespan=lifespan, max_body_size=MAX_BODY,
                  description="Queue engine, events and services of a government service hall.")

    @app.exception_handler(QueueRefusal)
    async def _refusal(_request: Request, exc: QueueRefusal) -> JSONResponse:
        return JSONResponse(exc.body(), status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        # Never echo the input back: it may hold an ID number.
        errors = [{"loc": [part if isinstance(part, int) else _printable(part) for part in e.get("loc", ())],
                   "msg": e.get("msg", ""), "type": e.get("type", "")} for e in exc.errors()]
        return JSONResponse(_error_body("bad_request", "请求格式错误", "the request is malformed", errors=errors), 422)

    def services() -> Services:
        return holder["s"]

    async def principal(authorization: Annotated[str | None, Header()] = None) -> Principal:
        token = authorization[7:] if authorization and authorization.lower().startswith("bearer ") else None
        auth = services().auth
        cached = auth.resolve_cached(token)
        return cached if cached is not None else await run_in_threadpool(auth.resolve, token)

    def allow(*roles: Role) -> Callable[..., Awaitable[Principal]]:
        async def check(authorization: Annotated[str | None, Header()] = None) -> Principal:
            who = await principal(authorization)
            if who.role not in roles:
                raise QueueRefusal(403, "forbidden", "无权进行此操作", f"role {who.role.value} may not do this")
            return who
        return check

    ANY = allow(*Role)
    STAFF = allow(Role.WINDOW_STAFF, Role.HALL_ADMIN)
    ISSUERS = allow(Role.KIOSK, Role.WINDOW_STAFF, Role.HALL_ADMIN)
    KIOSK = allow(Role.KIOSK)
    ADMIN = allow(Role.HALL_ADMIN)
    # The network's centre follows the event log and reads the snapshot (masked, as displays see it).
    READERS = allow(Role.KIOSK, Role.DISPLAY, Role.WINDOW_STAFF, Role.HALL_ADMIN, Role.TECHNICIAN, Role.CENTRE)

    async def run(request: Request, who: Principal, key: str, body: BaseModel | None, command: Callable) -> Response:
        """Hand a command to the queue writer and answer once it is committed."""
        future = services().engine.submit(who, key, _request_hash(request.method, request.url.path, body), command)
        out = await asyncio.wrap_future(future)
        headers = {"Idempotent-Replayed": "true"} if out.replayed else None
        return Response(out.body, status_code=out.status, media_type="application/json", headers=headers)

    # --- open endpoints -------------------------------------------------------------------

    @app.get(f"{API}/health", response_model=Health, tags=["hall"])
    def health() -> Health:
        s = services()
        return Health(status="ok", hall=s.hall.code, seq=s.engine.last_seq(),
                      business_day=s.hall.business_day(settings.clock()), storage=s.store.describe(),
                      instance=s.instance, listening=s.listener is not None and s.listener.listening)

    @app.post(f"{API}/auth/login", response_model=LoginResponse, responses=ERRORS, tags=["auth"])
    def login(req: LoginRequest, request: Request) -> LoginResponse:
        source = request.client.host if request.client else "unknown"
        token, expires, who = services().auth.login(req.username, req.pin, req.window, source)
        return LoginResponse(token=token, expires_at=dt.datetime.fromtimestamp(expires, dt.UTC),
                             role=who.role, name=who.name, window=who.window)

    @app.post(f"{API}/auth/logout", status_code=204, responses=ERRORS, tags=["auth"])
    def logout(who: Annotated[Principal, Depends(ANY)],
               authorization: Annotated[str, Header()]) -> Response:
        services().auth.logout(authorization[7:])
        return Response(status_code=204)

    # --- phone tracking (the token in the address is the credential) ------------------------

    pages = TrackPages()

    def tracked(token: str) -> TicketTrack | None:
        if not TOKEN_PATTERN.fullmatch(token):
            return None
        found = services().engine.track(token, settings.track_poll_seconds)
        if found is None or found.state != "waiting" or found.day_closed or not found.estimated_wait_minutes:
            return found
        code = next((c.code for c in services().hall.categories.values()
                     if (c.name, c.name_en) == (found.category_name, found.category_name_en)), None)
        faster = None if code is None else services().nearby.suggest(code, found.estimated_wait_minutes)
        return found if faster is None else found.model_copy(update={"nearby": faster})

    @app.get(f"{API}/track/{{token}}", response_model=TicketTrack, responses={404: {"model": ErrorBody}},
             tags=["tracking"])
    def track(token: str) -> Response:
        found = tracked(token)
        if found is None:  # unknown, malformed and expired tokens get the same answer
            raise QueueRefusal(404, "unknown_ticket", "未找到该号码", "no such ticket")
        return Response(found.model_dump_json(), media_type="application/json", headers=pages.headers)

    @app.get("/t/{token}", response_class=HTMLResponse, tags=["tracking"])
    def track_page(token: str, lang: str | None = None,
                   accept_language: Annotated[str | None, Header()] = None) -> HTMLResponse:
        language = choose_language(lang, accept_language)
        found = tracked(token)
        page = pages.not_found(language, token) if found is None else pages.ticket(token, found, language)
        return HTMLResponse(page.html, status_code=404 if found is None else 200, headers=page.headers)

    # --- reading ----------------------------------------------------------------------------

    def _display_settings(h: Hall, who: Principal) -> DisplaySettings | None:
        """A display's own settings from its row of the hall file, when the row sets its language."""
        device = h.devices.get(who.id.removeprefix("device:")) if who.role == Role.DISPLAY else None
        if device is None or device.language is None:
            return None
        return DisplaySettings(language=device.language, alternate_seconds=device.alternate_seconds)

    @app.get(f"{API}/config", response_model=HallInfo, responses=ERRORS, tags=["hall"])
    def config(who: Annotated[Principal, Depends(ANY)]) -> HallInfo:
        h = services().hall
        return HallInfo(
            code=h.code, name=h.name, name_en=h.name_en, level=h.level, timezone=str(h.tz),
            business_day=h.business_day(settings.clock()),
            categories=[CategoryInfo(code=c.code, prefix=c.prefix, name=c.name, name_en=c.name_en, group=c.group,
                                     hours=rules.format_hours(c.hours), daily_cap=c.daily_cap,
                                     warn_waiting=c.warn_waiting, green_channel=c.green_channel,
                                     appointment_only=c.appointment_only, id_required=c.id_required)
                        for c in h.categories.values()],
            windows=[WindowInfo(code=w.code, name=w.name, name_en=w.name_en, area=w.area,
                                categories=list(w.categories))
                     for w in h.windows.values()],
            green_channel_age=h.green_channel_age, ageing_minutes=h.ageing_minutes, lease_block=h.lease_block,
            number_digits=h.number_digits,
            daily_reset=f"{h.daily_reset:%H:%M}", appointment_early_minutes=h.appointment_early_minutes,
            appointment_checkin_early_minutes=h.appointment_checkin_early_minutes,
            appointment_late_minutes=h.appointment_late_minutes,
            appointment_public_key=base64.b64encode(services().engine.appointment_public_key).decode("ascii"),
            track_base_url=services().engine.public_url, no_show_undo_seconds=h.no_show_undo_seconds,
            sound=_call_sound(h, who),
            pause_reasons=[StaffReasonInfo(code=r.code, name=r.name, name_en=r.name_en) for r in h.pause_reasons],
            hold_reasons=[StaffReasonInfo(code=r.code, name=r.name, name_en=r.name_en) for r in h.hold_reasons],
            display=_display_settings(h, who),
            heartbeat_seconds=h.fleet.heartbeat_seconds)

    @app.get(f"{API}/nearby", response_model=NearbyList, responses=ERRORS, tags=["queue"])
    def nearby(who: Annotated[Principal, Depends(KIOSK)]) -> NearbyList:
        """Waits at nearby halls per category, as last heard from the centre (none when older than 5 minutes)."""
        return services().nearby.current()

    @app.get(f"{API}/snapshot", response_model=Snapshot, responses=ERRORS, tags=["queue"])
    def snapshot(who: Annotated[Principal, Depends(READERS)], area: str | None = None,
                 tickets: Annotated[bool, Query(description="false: the categories and windows only")] = True,
                 ) -> Snapshot:
        return services().engine.snapshot(area or who.area, with_tickets=tickets,
                                          staff_names=who.role in (Role.WINDOW_STAFF, Role.HALL_ADMIN, Role.TECHNICIAN))

    @app.get(f"{API}/events", response_model=EventPage, responses=ERRORS, tags=["events"])
    def events(who: Annotated[Principal, Depends(READERS)], after: Seq = 0,
               limit: Annotated[int, Query(ge=1, le=1000)] = 500) -> EventPage:
        page = services().engine.events_after(after, limit)
        return EventPage(events=page, last_seq=page[-1].seq if page else after)

    @app.get(f"{API}/tickets", response_model=TicketList, responses=ERRORS, tags=["tickets"])
    def tickets(who: Annotated[Principal, Depends(allow(Role.WINDOW_STAFF, Role.HALL_ADMIN, Role.TECHNICIAN))],
                state: str | None = None, category: str | None = None, window: str | None = None) -> TicketList:
        return TicketList(tickets=services().engine.list_tickets(state, category, window))

    @app.get(f"{API}/tickets/{{ticket_id}}", response_model=Ticket, responses=ERRORS, tags=["tickets"])
    def ticket(ticket_id: RecordId, who: Annotated[Principal, Depends(ISSUERS)]) -> Ticket:
        return services().engine.get_ticket(ticket_id, who)

    @app.get(f"{API}/leases", response_model=LeaseList, responses=ERRORS, tags=["leases"])
    def my_leases(who: Annotated[Principal, Depends(KIOSK)]) -> LeaseList:
        return LeaseList(leases=services().engine.leases_of(who.id))

    # --- commands ---------------------------------------------------------------------------

    def e() -> QueueEngine:
        """The running engine: a short name for the command bodies below."""
        return services().engine

    @app.post(f"{API}/tickets", status_code=201, response_model=IssuedTicket, responses=ERRORS, tags=["tickets"])
    async def issue(request: Request, req: IssueTicketRequest, who: Annotated[Principal, Depends(ISSUERS)],
              key: Key) -> Response:
        return await run(request, who, key, req, lambda tx: e().issue_ticket(tx, who, req))

    @app.post(f"{API}/tickets/{{ticket_id}}/cancel", response_model=TicketResult, responses=ERRORS, tags=["tickets"])
    async def cancel(request: Request, ticket_id: RecordId, req: CancelRequest,
                     who: Annotated[Principal, Depends(ISSUERS)], key: Key) -> Response:
        return await run(request, who, key, req, lambda tx: e().cancel(tx, who, ticket_id, req))

    def window_route(path: str, body_type: type[BaseModel] | None, method_name: str, response: type[BaseModel]) -> None:
        handler: Callable[..., Awaitable[Response]]
        if body_type is None:
            async def without_body(request: Request, code: str, who: Annotated[Principal, Depends(STAFF)],
                                   key: Key) -> Response:
                return await run(request, who, key, None, lambda tx: getattr(e(), method_name)(tx, who, code))
            handler = without_body
        else:
            async def with_body(request: Request, code: str,
                                req: body_type,  # type: ignore[valid-type]  # FastAPI reads the body's model here
                                who: Annotated[Principal, Depends(STAFF)], key: Key) -> Response:
                return await run(request, who, key, req, lambda tx: getattr(e(), method_name)(tx, who, code, req))
            handler = with_body
        handler.__name__ = f"window_{method_name}"
        app.post(f"{API}/windows/{{code}}/{path}", response_model=response, responses=ERRORS,
                 tags=["windows"], name=method_name)(handler)

    window_route("open", None, "open_window", WindowResult)
    window_route("close", None, "close_window", WindowResult)
    window_route("pause", PauseRequest, "pause_window", WindowResult)
    window_route("call-next", CallNextRequest, "call_next", CallResult)
    window_route("recall", WindowTicketRequest, "recall", TicketResult)
    window_route("no-show", WindowTicketRequest, "no_show", TicketResult)
    window_route("start", WindowTicketRequest, "start", TicketResult)
    window_route("finish", WindowTicketRequest, "finish", TicketResult)
    window_route("transfer", TransferRequest, "transfer", TicketResult)
    window_route("hold", HoldRequest, "hold", TicketResult)
    window_route("resume", WindowTicketRequest, "resume", TicketResult)

    @app.post(f"{API}/windows/{{code}}/undo-no-show", response_model=TicketResult, responses=ERRORS,
              tags=["windows"], name="undo_no_show")
    async def window_undo_no_show(request: Request, code: str, req: WindowTicketRequest,
                                  who: Annotated[Principal, Depends(STAFF)], key: Key) -> Response:
        """Undo a no-show of this window within the hall's `no_show_undo_seconds`: called here again."""
        return await run(request, who, key, req, lambda tx: e().windows.undo_no_show(tx, who, code, req))

    @app.post(f"{API}/leases", status_code=201, response_model=Lease, responses=ERRORS, tags=["leases"])
    async def lease(request: Request, req: LeaseRequest, who: Annotated[Principal, Depends(KIOSK)],
                    key: Key) -> Response:
        return await run(request, who, key, req, lambda tx: e().grant_lease(tx, who, req))

    @app.post(f"{API}/leases/{{lease_id}}/tickets", response_model=OfflineResult, responses=ERRORS, tags=["leases"])
    async def offline(request: Request, lease_id: str, req: OfflineSubmit, who: Annotated[Principal, Depends(KIOSK)],
                key: Key) -> Response:
        return await run(request, who, key, req, lambda tx: e().submit_offline(tx, who, lease_id, req))

    @app.post(f"{API}/leases/{{lease_id}}/release", response_model=Lease, responses=ERRORS, tags=["leases"])
    async def release(request: Request, lease_id: str, who: Annotated[Principal, Depends(KIOSK)], key: Key) -> Response:
        return await run(request, who, key, None, lambda tx: e().release_lease(tx, who, lease_id))

    @app.post(f"{API}/appointments", status_code=201, response_model=Appointment, responses=ERRORS,
              tags=["appointments"])
    async def appointment(request: Request, req: AppointmentRequest, who: Annotated[Principal, Depends(ADMIN)],
                    key: Key) -> Response:
        return await run(request, who, key, req, lambda tx: e().create_appointment(tx, who, req))

    admin_api.add_routes(app, e, allow, run, ERRORS)
    admin_api.add_settings_routes(app, e, allow, run, ERRORS)
    kiosks_api.add_routes(app, e, lambda: services().engine.hall, allow, run, ERRORS)
    # Cases (办件), certificate self-print and its verification page.
    cases_api.add_routes(app, e, lambda: services().auth, allow, run, ERRORS)
    # 好差评, ticket supervision and statistics (ratings_api.py)
    ratings_api.add_routes(app, e, allow, run, ERRORS)
    forms_api.add_routes(app, e, allow, run, ERRORS)  # 电子填单 (forms_api.py)

    # --- event stream -----------------------------------------------------------------------

    @app.websocket(f"{API}/events/stream")
    async def stream(ws: WebSocket, after: str = "0", token: str | None = None) -> None:
        """Every event after `after`, in order, then live; a heartbeat when idle.

        A bad `after` (not a sequence number 0 … 2⁶³−1) closes with 4400, a bad token with 4401.
        """
        s = services()
        header = ws.headers.get("authorization")
        if token is None and header and header.lower().startswith("bearer "):
            token = header[7:]
        # Accept first and close with a code, so a display can tell a bad token from a network fault.
        await ws.accept()
        try:
            after_seq: int = _SEQ.validate_python(after)
        except ValidationError:
            await ws.close(code=4400, reason="bad_request: after must be an event sequence number")
            return
        try:
            who = await run_in_threadpool(s.auth.resolve, token)
        except QueueRefusal as refusal:
            await ws.close(code=4401, reason=refusal.code)
            return
        if who.role not in (Role.KIOSK, Role.DISPLAY, Role.WINDOW_STAFF, Role.HALL_ADMIN, Role.TECHNICIAN,
                            Role.EVALUATOR, Role.CENTRE):
            await ws.close(code=4403, reason="forbidden")
            return
        keep = _evaluator_filter(who.window) if who.role == Role.EVALUATOR else None
        # A display's open stream is its heartbeat (the console's 设备 page): said on connecting and then
        # at most every half heartbeat period, on the stream's own idle heartbeats.
        heard = fleet.Heard(s.engine, who) if who.role == Role.DISPLAY else None
        if heard is not None:
            await heard.now()
        sub = s.hub.subscribe()
        receiver = asyncio.create_task(_drain_client(ws, sub))
        try:
            last = await _replay(ws, s, after_seq, keep=keep)
            while True:
                # One await per event: fan-out to hundreds of displays stays cheap.
                seq, text = await sub.queue.get()
                if seq == CLOSED:
                    return
                if seq == HEARTBEAT:
                    await ws.send_text(json.dumps({"type": "heartbeat", "seq": last}))
                    if heard is not None:
                        await heard.now()
                    continue
                if seq == CATCH_UP or sub.lagging:  # fell behind: catch up from the database
                    sub.lagging = False
                    last = await _replay(ws, s, last, keep=keep)
                    continue
                if seq <= last:
                    continue
                if seq > last + 1:  # a gap: fill it from the database, in order
                    last = await _replay(ws, s, last, upto=seq - 1, keep=keep)
                if keep is None or keep(json.loads(text)):
                    await ws.send_text(text)
                last = seq
        except (WebSocketDisconnect, RuntimeError, ConnectionError):
            return
        finally:
            receiver.cancel()
            s.hub.unsubscribe(sub)

    return app


async def _drain_client(ws: WebSocket, sub: Subscriber) -> None:
    """Read (and ignore) what the client sends, so a close is noticed at once."""
    try:
        while True:
            message = await ws.receive()
            if message["type"] == "websocket.disconnect":
                return
    except (WebSocketDisconnect, RuntimeError):
        return
    finally:
        sub.signal(CLOSED)


def _evaluator_filter(window: str | None) -> Callable[[dict], bool]:
    """An evaluator hears only its own window's rating events and requests to check a form, nothing else."""
    def keep(event: dict) -> bool:
        kind = event.get("type", "")
        return ((kind.startswith("rating.") or kind == "form.confirm_requested")
                and event.get("data", {}).get("window") == window)
    return keep


async def _replay(ws: WebSocket, s: Services, last: int, upto: int | None = None,
                  keep: Callable[[dict], bool] | None = None) -> int:
    while True:
        page = await run_in_threadpool(s.engine.events_after, last, REPLAY_PAGE)
        for ev in page:
            if upto is not None and ev.seq > upto:
                return last
            if keep is None or keep({"type": ev.type, "data": ev.data}):
                await ws.send_text(ev.model_dump_json())
            last = ev.seq
        if len(page) < REPLAY_PAGE:
            return last


async def _tick(s: Services, interval: float) -> None:
    while True:
        await asyncio.sleep(interval)
        try:
            await asyncio.to_thread(s.engine.tick)
        except Exception:
            log.exception("housekeeping failed; will retry")
