"""The state of the hall manager console (大厅管理端), exposed to QML: the login, the status line
and the link to the hall, with one state object per page (`console_pages`).

The dashboard and the 电子监察 lists are read from `GET /dashboard` and `/supervision/*` whenever
the hall's event stream says something happened (coalesced), and on a timer as well, because waits
grow, deadlines pass and windows idle without any event. Follow-ups of bad ratings are read on
rating events and on the timer; statistics when asked for. Commands go through the staff apps'
`ApiClient`: each carries an Idempotency-Key and one lost on the network is sent again with the
same key until the server answers, so a manager's click lands once. Answers come back on the GUI
thread as schema models; a refusal, or an answer that is not what the schema says, is said on the
status line.
"""
from __future__ import annotations

import datetime as dt
import logging
import pathlib
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot
from pydantic import BaseModel

from hall_server.schema import CaseSupervision, Dashboard, Event, HallInfo, LoginResponse, Role, SupervisionList
from qtkit.props import qt_property
from qtkit.requests import RequestBook

from . import reports
from .api import SESSION_CODES, ApiClient
from .console_desk import DeskLookup
from .console_fleet import FleetPage
from .console_pages import (DashboardPage, FollowUpsPage, NoticesPage, Refusal, SettingsPage, StatsPage,
                            SupervisionPage, tr)
from .console_settings import HallSettingsPage
from .link import EventLink

log = logging.getLogger(__name__)

REFRESH_S = 20.0  # waits and idle times grow without events: read the dashboard this often anyway
EVENT_COALESCE_MS = 150  # a burst of events (a call, its window) costs one dashboard read
DEFAULT_TIMEZONE = "Asia/Shanghai"  # until /config names the hall's own


class HallConsole(QObject):
    """Login, the link to the hall and the status line of one hall manager; the pages' state objects."""

    changed = Signal()
    messageChanged = Signal()
    eventSeen = Signal(str)  # the type of every event from the stream (tests and the status line)

    def __init__(self, server_url: str, lang: str = "zh", parent: QObject | None = None, *,
                 refresh_s: float = REFRESH_S, retry_first_s: float = 0.5, retry_max_s: float = 10.0,
                 events_url: str | None = None, export_dir: str | pathlib.Path | None = None):
        super().__init__(parent)
        self._events_url = events_url or server_url
        self._lang = lang
        self.tz = ZoneInfo(DEFAULT_TIMEZONE)
        self.config: HallInfo | None = None
        self.api = ApiClient(server_url, parent=self, retry_first_s=retry_first_s, retry_max_s=retry_max_s)
        self.api.loggedIn.connect(self._on_logged_in)
        self.api.loginFailed.connect(self._on_login_failed)
        self.api.done.connect(self._on_done)
        self.api.fileReceived.connect(self._on_file)
        self.api.refused.connect(self._on_refused)
        self.api.retrying.connect(self._on_retrying)
        self.api.unanswered.connect(self._on_unanswered)
        self.api.sessionExpired.connect(self._on_session_expired)
        self._requests = RequestBook(self)
        self._requests.busyChanged.connect(self.changed)
        self._logging_in = False
        self.link: EventLink | None = None
        self._screen = "login"
        self._name = ""
        self._message = ""
        self._message_error = False
        self._link_state = ""
        self._dashboard = DashboardPage(self, self)
        self._notices = NoticesPage(self, self)
        self._settings = SettingsPage(self, self._dashboard, self)
        self._hall_settings = HallSettingsPage(self, self)
        self._supervision = SupervisionPage(self, self)
        self._follow_ups = FollowUpsPage(self, self)
        self._fleet = FleetPage(self, self)
        self._stats = StatsPage(self, self.today, pathlib.Path(export_dir) if export_dir
                                else reports.default_export_dir(), self)
        self._desk = DeskLookup(self, self)  # 补打凭条 at the service desk
        self._coalesce = QTimer(self, singleShot=True, interval=EVENT_COALESCE_MS)
        self._coalesce.timeout.connect(self.refresh)
        self._periodic = QTimer(self, interval=int(refresh_s * 1000))
        self._periodic.timeout.connect(self._tick)

    # --- properties -----------------------------------------------------------------------

    def _get_screen(self) -> str:
        return self._screen

    def _get_busy(self) -> bool:
        return self._logging_in or self._requests.busy

    def _get_name(self) -> str:
        return self._name

    def _get_message(self) -> str:
        return self._message

    def _get_message_error(self) -> bool:
        return self._message_error

    def _get_link_state(self) -> str:
        return self._link_state

    def _get_lang(self) -> str:
        return self._lang

    def _get_dashboard(self) -> DashboardPage:
        return self._dashboard

    def _get_notices(self) -> NoticesPage:
        return self._notices

    def _get_settings(self) -> SettingsPage:
        return self._settings

    def _get_hall_settings(self) -> HallSettingsPage:
        return self._hall_settings

    def _get_supervision(self) -> SupervisionPage:
        return self._supervision

    def _get_follow_ups(self) -> FollowUpsPage:
        return self._follow_ups

    def _get_stats(self) -> StatsPage:
        return self._stats

    def _get_desk(self) -> DeskLookup:
        return self._desk

    screen = Property(str, _get_screen, notify=changed)
    busy = Property(bool, _get_busy, notify=changed)
    managerName = Property(str, _get_name, notify=changed)
    message = Property(str, _get_message, notify=messageChanged)
    messageIsError = Property(bool, _get_message_error, notify=messageChanged)
    linkState = Property(str, _get_link_state, notify=changed)
    lang = qt_property(str, _get_lang, constant=True)  # the pages read it (ConsoleHall.lang)
    dashboard = Property(QObject, _get_dashboard, constant=True)
    notices = Property(QObject, _get_notices, constant=True)
    settings = Property(QObject, _get_settings, constant=True)
    hallSettings = Property(QObject, _get_hall_settings, constant=True)
    supervision = Property(QObject, _get_supervision, constant=True)
    followUps = Property(QObject, _get_follow_ups, constant=True)

    def _get_fleet(self) -> FleetPage:
        return self._fleet

    fleet = Property(QObject, _get_fleet, constant=True)
    stats = Property(QObject, _get_stats, constant=True)
    desk = Property(QObject, _get_desk, constant=True)

    # --- login ----------------------------------------------------------------------------

    @Slot(str, str)
    def login(self, username: str, pin: str) -> None:
        username, pin = username.strip(), pin.strip()
        if not username or not pin:
            self.say(tr("请输入用户名和密码"), error=True)
            return
        self._logging_in = True
        self.changed.emit()
        self.api.login(username, pin, None)

    def _on_login_failed(self, _code: str, zh: str, en: str) -> None:
        self._logging_in = False
        self.changed.emit()
        self.say(en if self._lang == "en" else zh, error=True)

    def _on_logged_in(self, answer: LoginResponse) -> None:
        self._logging_in = False
        if answer.role != Role.HALL_ADMIN:
            self.api.token = answer.token
            self.api.post("/auth/logout", retry=False)  # not ours to keep open
            self.api.token = None
            self.changed.emit()
            self.say(tr("该账号不是大厅管理员"), error=True)
            return
        self.api.token = answer.token
        self._name = answer.name
        self._screen = "main"
        self.say("")
        self.changed.emit()
        self.link = EventLink(self._events_url, answer.token, parent=self)
        self.link.eventReceived.connect(self._on_event)
        self.link.snapshotReceived.connect(self._on_snapshot)
        self.link.stateChanged.connect(self._on_link_state)
        self.link.start()
        self._periodic.start()
        self.refresh()
        self._notices.refresh()
        self._hall_settings.refresh()
        self.read("/config", HallInfo, self._on_config)
        self._follow_ups.read_options()
        self._follow_ups.refresh()
        self._fleet.refresh()

    @Slot()
    def logout(self) -> None:
        """Back to the login screen; commands not answered yet are given up."""
        if self.link is not None:
            self.link.stop()
            self.link.deleteLater()
            self.link = None
        self._periodic.stop()
        self._coalesce.stop()
        self.api.abandon_all()
        self._requests.clear()
        if self.api.token:
            self.api.post("/auth/logout", retry=False)
        self.api.token = None
        self._screen, self._name = "login", ""
        self._dashboard.take(None)
        self._notices.take(None)
        self._hall_settings.clear()
        self._supervision.take_cases(None)
        self._supervision.take_tickets(None)
        self._follow_ups.clear()
        self._fleet.clear()
        self._stats.clear()
        self._desk.clear()
        self.changed.emit()

    # --- what the pages use ---------------------------------------------------------------

    def signed_in(self) -> bool:
        return bool(self.api.token)

    def read(self, path: str, model: type[BaseModel], answer: Callable[[Any], None],
             params: dict[str, Any] | None = None, lost: Callable[[], None] | None = None,
             refused: Refusal | None = None) -> None:
        """GET `path`; `answer(model)` with what comes back. A read that got no answer is read again by
        the next event, the link going live or the timer; `lost` and `refused` are told as well."""
        self._requests.book(self.api.get(path, params, model), answer, refused=refused, lost=lost)

    def command(self, path: str, body: dict[str, Any] | None, model: type[BaseModel] | None, success: str,
                then: Callable[[], None] | None = None, refused: Refusal | None = None, *, method: str = "POST",
                headers: dict[str, str] | None = None,
                took: Callable[[Any], None] | None = None) -> None:
        """Send a command; it is sent again with the same key until the server answers it.

        Args:
            model: what its answer is.
            success: what the status line says once it is answered.
            then: what to do once it is answered (after the dashboard is read again).
            refused: told of a refusal too (the status line always says it).
            method, headers: a settings edit is a PUT or DELETE with its If-Match.
            took: given the answer (a `model`) first.
        """
        if not self.api.token:
            return

        def answered(answer: BaseModel) -> None:
            if took is not None:
                took(answer)
            self.say(success)
            self.refresh()
            if then is not None:
                then()

        key = (self.api.post(path, body, model) if method == "POST"
               else self.api.send(method, path, body, model, headers))
        self._requests.book(key, answered, refused=refused, command=True)

    def ask(self, path: str, body: dict[str, Any], model: type[BaseModel], answer: Callable[[Any], None],
            refused: Refusal) -> None:
        """A command whose answer the caller wants (a lookup that is recorded): sent again with the same
        key until answered; `answer(model)` with the answer, `refused` (and the status line) with a refusal."""
        if self.api.token:
            self._requests.book(self.api.post(path, body, model), answer, refused=refused, command=True)

    def fetch_file(self, path: str, params: dict[str, Any], save: Callable[[bytes], None],
                   lost: Callable[[], None]) -> None:
        """GET a file (a CSV export); `save(bytes)` when it comes, `lost()` when nothing does."""
        self._requests.book(self.api.get_file(path, params), save, lost=lost)

    def say(self, text: str, error: bool = False) -> None:
        """The status line."""
        self._message, self._message_error = text, error
        self.messageChanged.emit()

    def today(self) -> dt.date:
        """The hall's business day by the server's clock (the dashboard's moment), else by ours."""
        board = self._dashboard.board
        return (reports.hall_day(board.at, self.tz) if board else None) or dt.datetime.now(self.tz).date()

    # --- live data ------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Read the dashboard and the 电子监察 lists (cases and waiting tickets)."""
        if self.api.token:
            self.read("/dashboard", Dashboard, self._dashboard.take)
            self.read("/supervision/cases", CaseSupervision, self._supervision.take_cases)
            self.read("/supervision/tickets", SupervisionList, self._supervision.take_tickets)

    def _tick(self) -> None:
        # Deadlines of follow-ups pass without an event: read them on the timer too.
        self.refresh()
        self._follow_ups.refresh()
        self._fleet.refresh()  # "since" grows and devices fall silent without events
        if not self._follow_ups.knows_the_levels:  # the first read was lost: rows show bare level numbers till then
            self._follow_ups.read_options()

    def _on_config(self, config: HallInfo) -> None:
        self.config = config
        try:
            self.tz = ZoneInfo(config.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            log.warning("unknown hall time zone %r; showing %s time", config.timezone, self.tz.key)
        self._notices.changed.emit()  # the areas a notice may be limited to
        self._dashboard.relabel()
        self._follow_ups.relabel()
        self._fleet.relabel()

    def _on_snapshot(self, _snapshot: object) -> None:
        self._coalesce.start()

    def _on_event(self, event: Event) -> None:
        self.eventSeen.emit(event.type)
        if event.type == "notice.changed":
            self._notices.refresh()
        if event.type == "config.changed":
            self._hall_settings.refresh()
        if event.type.startswith("rating."):
            self._follow_ups.refresh()
        if event.type in ("device.state", "device.alert"):
            self._fleet.refresh()
        if event.type == "device.self_test":
            self._fleet.on_event(event.data)
        self._coalesce.start()

    def _on_link_state(self, state: str) -> None:
        if state == "live" and self._link_state not in ("", "live"):
            # Back after a drop: read the dashboard again rather than wait for the next event or timer
            # (the hall's day may have turned over meanwhile, closing every window).
            self._coalesce.start()
        self._link_state = state
        self.changed.emit()

    # --- answers --------------------------------------------------------------------------

    def _on_done(self, key: str, _path: str, answer: BaseModel | None) -> None:
        booking = self._requests.take(key)
        if booking is not None:
            booking.answer(answer)

    def _on_file(self, key: str, _path: str, data: bytes) -> None:
        booking = self._requests.take(key)
        if booking is not None:
            booking.answer(data)

    def _on_refused(self, key: str, _path: str, code: str, zh: str, en: str) -> None:
        booking = self._requests.take(key)
        if booking is None or code in SESSION_CODES:
            return  # not ours (a logout's answer), or the session is over: sessionExpired says so
        self.say(en if self._lang == "en" else zh, error=True)
        if booking.refused is not None:
            booking.refused(code, zh, en)

    def _on_retrying(self, key: str, attempt: int) -> None:
        booking = self._requests.peek(key)
        if booking is not None and booking.command:
            self.say(tr("网络中断，正在重新发送（第 %1 次）…").replace("%1", str(attempt)), error=True)

    def _on_unanswered(self, key: str, _path: str) -> None:
        booking = self._requests.take(key)
        if booking is not None and booking.lost is not None:
            booking.lost()

    def _on_session_expired(self, zh: str, en: str) -> None:
        if self._screen != "main":
            return
        self.api.token = None  # the server has ended it: no logout to send
        self.logout()
        self.say(en if self._lang == "en" else zh, error=True)
