"""The state of the hall manager console (大厅管理端), exposed to QML.

The dashboard is read from `GET /dashboard` whenever the hall's event stream says something
happened (coalesced), and on a timer as well, because waits grow and windows idle without any
event. Commands go through the staff apps' `ApiClient`: each carries an Idempotency-Key and one
lost on the network is sent again with the same key until the server answers, so a manager's
click lands once. Answers and refusals come back on the GUI thread.
"""
from __future__ import annotations

import datetime as dt
import logging
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Property, QCoreApplication, QObject, QTimer, Signal, Slot

from .api import SESSION_CODES, ApiClient
from .link import EventLink
from .names import window_name
from .rows import KeyedListModel

log = logging.getLogger(__name__)

REFRESH_S = 20.0  # waits and idle times grow without events: read the dashboard this often anyway
EVENT_COALESCE_MS = 150  # a burst of events (a call, its window) costs one dashboard read
PAUSE_REASON_MAX = 100  # the server's PauseRequest.reason limit

Answer = Callable[[dict[str, Any]], None]


class HallConsole(QObject):
    """Login, the live dashboard, windows, notices and category settings of one hall manager."""

    changed = Signal()
    dashboardChanged = Signal()
    noticesChanged = Signal()
    messageChanged = Signal()
    eventSeen = Signal(str)  # the type of every event from the stream (tests and the status line)

    def __init__(self, server_url: str, lang: str = "zh", parent: QObject | None = None, *,
                 refresh_s: float = REFRESH_S, retry_first_s: float = 0.5, retry_max_s: float = 10.0,
                 events_url: str | None = None):
        super().__init__(parent)
        self._server_url = server_url
        self._events_url = events_url or server_url
        self._lang = lang
        self.api = ApiClient(server_url, parent=self, retry_first_s=retry_first_s, retry_max_s=retry_max_s)
        self.api.loggedIn.connect(self._on_logged_in)
        self.api.loginFailed.connect(self._on_login_failed)
        self.api.done.connect(self._on_done)
        self.api.refused.connect(self._on_refused)
        self.api.retrying.connect(self._on_retrying)
        self.api.unanswered.connect(self._on_unanswered)
        self.api.sessionExpired.connect(self._on_session_expired)
        self._answers: dict[str, Answer] = {}  # request id -> what to do with its answer
        self._commands: set[str] = set()       # commands not answered yet (the console is busy)
        self._logging_in = False
        self.link: EventLink | None = None
        self._screen = "login"
        self._name = ""
        self._message = ""
        self._message_error = False
        self._link_state = ""
        self._dashboard: dict[str, Any] = {}
        self._notices: list[dict[str, Any]] = []
        self._areas: list[str] = []
        self._tz = ZoneInfo("Asia/Shanghai")  # until /config names the hall's own
        # The rows the dashboard and settings draw: updated in place, so a refresh never drops a press.
        self._category_rows = KeyedListModel("code", parent=self)
        self._window_rows = KeyedListModel("code", parent=self)
        self._notice_rows = KeyedListModel("id", parent=self)
        self._coalesce = QTimer(self, singleShot=True, interval=EVENT_COALESCE_MS)
        self._coalesce.timeout.connect(self.refresh)
        self._periodic = QTimer(self, interval=int(refresh_s * 1000))
        self._periodic.timeout.connect(self.refresh)

    # --- properties -----------------------------------------------------------------------

    def _get_screen(self) -> str:
        return self._screen

    def _get_busy(self) -> bool:
        return self._logging_in or bool(self._commands)

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

    def _get_categories(self) -> list:
        return list(self._dashboard.get("categories", []))

    def _get_windows(self) -> list:
        """The dashboard's windows, each with `label`: its name in the UI's language."""
        return [{**w, "label": window_name(w, self._lang)} for w in self._dashboard.get("windows", [])]

    def _get_hours(self) -> list:
        return list(self._dashboard.get("hours", []))

    def _get_updated(self) -> str:
        """The dashboard's moment in the hall's own time zone (the server speaks UTC)."""
        try:
            at = dt.datetime.fromisoformat(str(self._dashboard.get("at", "")))
        except ValueError:
            return ""
        return f"{at.astimezone(self._tz):%H:%M:%S}"

    def _get_thresholds(self) -> list:
        return [self._dashboard.get("sla_yellow_minutes", 30), self._dashboard.get("sla_red_minutes", 60)]

    def _get_category_rows(self) -> KeyedListModel:
        return self._category_rows

    def _get_window_rows(self) -> KeyedListModel:
        return self._window_rows

    def _get_notice_rows(self) -> KeyedListModel:
        return self._notice_rows

    def _get_notices(self) -> list:
        return list(self._notices)

    def _get_areas(self) -> list:
        return list(self._areas)

    screen = Property(str, _get_screen, notify=changed)
    busy = Property(bool, _get_busy, notify=changed)
    managerName = Property(str, _get_name, notify=changed)
    message = Property(str, _get_message, notify=messageChanged)
    messageIsError = Property(bool, _get_message_error, notify=messageChanged)
    linkState = Property(str, _get_link_state, notify=changed)
    lang = Property(str, _get_lang, constant=True)
    categories = Property("QVariantList", _get_categories, notify=dashboardChanged)
    windows = Property("QVariantList", _get_windows, notify=dashboardChanged)
    hours = Property("QVariantList", _get_hours, notify=dashboardChanged)
    updatedAt = Property(str, _get_updated, notify=dashboardChanged)
    thresholds = Property("QVariantList", _get_thresholds, notify=dashboardChanged)
    categoryRows = Property(QObject, _get_category_rows, constant=True)
    windowRows = Property(QObject, _get_window_rows, constant=True)
    noticeRows = Property(QObject, _get_notice_rows, constant=True)
    notices = Property("QVariantList", _get_notices, notify=noticesChanged)
    areas = Property("QVariantList", _get_areas, notify=noticesChanged)

    @property
    def dashboard(self) -> dict[str, Any]:
        return self._dashboard

    # --- login ----------------------------------------------------------------------------

    @Slot(str, str)
    def login(self, username: str, pin: str) -> None:
        username, pin = username.strip(), pin.strip()
        if not username or not pin:
            self._say(QCoreApplication.translate("HallConsole", "请输入用户名和密码"), error=True)
            return
        self._logging_in = True
        self.changed.emit()
        self.api.login(username, pin, None)

    def _on_login_failed(self, _code: str, zh: str, en: str) -> None:
        self._logging_in = False
        self.changed.emit()
        self._say(en if self._lang == "en" else zh, error=True)

    def _on_logged_in(self, body: dict[str, Any]) -> None:
        self._logging_in = False
        if body.get("role") != "hall-admin":
            self.api.token = body.get("token")
            self.api.post("/auth/logout", retry=False)  # not ours to keep open
            self.api.token = None
            self.changed.emit()
            self._say(QCoreApplication.translate("HallConsole", "该账号不是大厅管理员"), error=True)
            return
        self.api.token = body["token"]
        self._name = body.get("name", "")
        self._screen = "main"
        self._say("")
        self.changed.emit()
        self.link = EventLink(self._events_url, body["token"], parent=self)
        self.link.eventReceived.connect(self._on_event)
        self.link.snapshotReceived.connect(self._on_snapshot)
        self.link.stateChanged.connect(self._on_link_state)
        self.link.start()
        self._periodic.start()
        self.refresh()
        self.refreshNotices()
        self._read("/config", self._on_config)

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
        self._answers.clear()
        self._commands.clear()
        if self.api.token:
            self.api.post("/auth/logout", retry=False)
        self.api.token = None
        self._screen, self._name, self._dashboard, self._notices = "login", "", {}, []
        self._notice_rows.set_rows([])
        self.changed.emit()
        self._dashboard_changed()
        self.noticesChanged.emit()

    # --- live data ------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        if self.api.token:
            self._read("/dashboard", self._on_dashboard)

    @Slot()
    def refreshNotices(self) -> None:
        if self.api.token:
            self._read("/notices", self._on_notices, {"include_inactive": "true"})

    def _read(self, path: str, answer: Answer, params: dict[str, Any] | None = None) -> None:
        self._answers[self.api.get(path, params)] = answer

    def _on_dashboard(self, body: dict[str, Any]) -> None:
        self._dashboard = body
        self._dashboard_changed()

    def _dashboard_changed(self) -> None:
        self._category_rows.set_rows(self._get_categories())
        self._window_rows.set_rows(self._get_windows())
        self.dashboardChanged.emit()

    def _on_notices(self, body: dict[str, Any]) -> None:
        self._notices = list(body.get("notices", []))
        self._notice_rows.set_rows(self._notices)
        self.noticesChanged.emit()

    def _on_config(self, body: dict[str, Any]) -> None:
        self._areas = sorted({w["area"] for w in body.get("windows", []) if w.get("area")})
        try:
            self._tz = ZoneInfo(str(body.get("timezone", "Asia/Shanghai")))
        except (ZoneInfoNotFoundError, ValueError):
            log.warning("unknown hall time zone %r; showing Asia/Shanghai time", body.get("timezone"))
        self.noticesChanged.emit()
        self._dashboard_changed()

    def _on_snapshot(self, _snapshot: dict) -> None:
        self._coalesce.start()

    def _on_event(self, event: dict) -> None:
        kind = str(event.get("type", ""))
        self.eventSeen.emit(kind)
        if kind == "notice.changed":
            self.refreshNotices()
        self._coalesce.start()

    def _on_link_state(self, state: str) -> None:
        self._link_state = state
        self.changed.emit()

    # --- commands -------------------------------------------------------------------------

    @Slot(str)
    def openWindow(self, code: str) -> None:
        self._command(f"/windows/{code}/open", None, QCoreApplication.translate("HallConsole", "窗口已开放"))

    @Slot(str)
    def closeWindow(self, code: str) -> None:
        self._command(f"/windows/{code}/close", None, QCoreApplication.translate("HallConsole", "窗口已关闭"))

    @Slot(str, str)
    def pauseWindow(self, code: str, reason: str) -> None:
        """Pause an open window with a reason (a common one or typed); the hall sees the reason."""
        reason = " ".join(reason.split())
        if not reason:
            self._say(QCoreApplication.translate("HallConsole", "请选择或输入暂停原因"), error=True)
            return
        self._command(f"/windows/{code}/pause", {"reason": reason[:PAUSE_REASON_MAX]},
                      QCoreApplication.translate("HallConsole", "窗口已暂停"))

    @Slot(str)
    def resumeWindow(self, code: str) -> None:
        """Open a paused window again; its staff stay logged in at it."""
        self._command(f"/windows/{code}/open", None, QCoreApplication.translate("HallConsole", "窗口已恢复"))

    @Slot(str, str, str, bool)
    def addNotice(self, text: str, text_en: str, area: str, active: bool) -> None:
        done = QCoreApplication.translate("HallConsole", "通知已发布")
        self._command("/notices", _notice_body(text, text_en, area, active), done, self.refreshNotices)

    @Slot(int, str, str, str, bool)
    def editNotice(self, notice_id: int, text: str, text_en: str, area: str, active: bool) -> None:
        done = QCoreApplication.translate("HallConsole", "通知已修改")
        self._command(f"/notices/{notice_id}", _notice_body(text, text_en, area, active), done, self.refreshNotices)

    @Slot(int)
    def deleteNotice(self, notice_id: int) -> None:
        done = QCoreApplication.translate("HallConsole", "通知已删除")
        self._command(f"/notices/{notice_id}/delete", None, done, self.refreshNotices)

    @Slot(str, str, str, str, str)
    def saveCategory(self, code: str, hours: str, daily_cap: str, warning_level: str, prefix: str) -> None:
        """Send what the form changed; numbers are checked here so a typo never reaches the server."""
        current = next((c for c in self._get_categories() if c["code"] == code), None)
        if current is None:
            return
        body: dict[str, Any] = {}
        spans = [s.strip() for s in hours.replace("，", ",").split(",") if s.strip()]
        if spans != current["hours"]:
            body["hours"] = spans
        for key, text, now in (("daily_cap", daily_cap, current["daily_cap"]),
                               ("warning_level", warning_level, current["warn_waiting"])):
            text = text.strip()
            if not text.isdigit():
                self._say(QCoreApplication.translate("HallConsole", "每日限额和预警人数须为整数"), error=True)
                return
            if int(text) != now:
                body[key] = int(text)
        prefix = prefix.strip().upper()
        if prefix and prefix != (current.get("pending_prefix") or current["prefix"]):
            body["prefix"] = prefix
        if not body:
            self._say(QCoreApplication.translate("HallConsole", "没有修改"))
            return
        done = (QCoreApplication.translate("HallConsole", "设置已保存；新字头自下一个工作日起使用") if "prefix" in body
                else QCoreApplication.translate("HallConsole", "设置已保存"))
        self._command(f"/categories/{code}/settings", body, done)

    def _command(self, path: str, body: dict[str, Any] | None, success: str,
                 then: Callable[[], None] | None = None) -> None:
        """Send a command; it is sent again with the same key until the server answers it."""
        if not self.api.token:
            return

        def answered(_answer: dict[str, Any]) -> None:
            self._say(success)
            self.refresh()
            if then is not None:
                then()

        key = self.api.post(path, body)
        self._answers[key] = answered
        self._commands.add(key)
        self.changed.emit()

    # --- answers --------------------------------------------------------------------------

    def _finish(self, key: str) -> Answer | None:
        answer = self._answers.pop(key, None)
        if key in self._commands:
            self._commands.discard(key)
            self.changed.emit()
        return answer

    def _on_done(self, key: str, _path: str, body: dict[str, Any]) -> None:
        answer = self._finish(key)
        if answer is not None:
            answer(body)

    def _on_refused(self, key: str, _path: str, code: str, zh: str, en: str) -> None:
        if self._finish(key) is None or code in SESSION_CODES:
            return  # not ours (a logout's answer), or the session is over: sessionExpired says so
        self._say(en if self._lang == "en" else zh, error=True)

    def _on_retrying(self, key: str, attempt: int) -> None:
        if key in self._commands:
            self._say(QCoreApplication.translate("HallConsole", "网络中断，正在重新发送（第 %1 次）…")
                      .replace("%1", str(attempt)), error=True)

    def _on_unanswered(self, key: str, _path: str) -> None:
        # A read that got no answer is read again by the next event, the link going live or the timer.
        self._finish(key)

    def _on_session_expired(self, zh: str, en: str) -> None:
        if self._screen != "main":
            return
        self.api.token = None  # the server has ended it: no logout to send
        self.logout()
        self._say(en if self._lang == "en" else zh, error=True)

    # --- messages -------------------------------------------------------------------------

    def _say(self, text: str, error: bool = False) -> None:
        self._message, self._message_error = text, error
        self.messageChanged.emit()


def _notice_body(text: str, text_en: str, area: str, active: bool) -> dict[str, Any]:
    # Notices scroll on one line: a pasted line break becomes a space rather than a refusal.
    text, text_en = " ".join(text.split("\n")), " ".join(text_en.split("\n"))
    return {"text": text, "text_en": text_en.strip() or None, "area": area or None, "active": active}
