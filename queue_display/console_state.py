"""The state of the hall manager console (大厅管理端), exposed to QML.

The dashboard is read from `GET /dashboard` whenever the hall's event stream says something
happened (coalesced), and on a timer as well, because waits grow and windows idle without any
event. Commands carry an Idempotency-Key; answers and refusals come back on the GUI thread.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import uuid
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    Property, QByteArray, QCoreApplication, QObject, QTimer, QUrl, QUrlQuery, Signal, Slot,
)
from PySide6.QtNetwork import QNetworkAccessManager, QNetworkReply, QNetworkRequest

from hall_server.schema import API

from .link import EventLink

log = logging.getLogger(__name__)

REFRESH_S = 20.0  # waits and idle times grow without events: read the dashboard this often anyway
EVENT_COALESCE_MS = 150  # a burst of events (a call, its window) costs one dashboard read
HTTP_TIMEOUT_MS = 10_000

Answer = Callable[[int, dict[str, Any]], None]


class HallHttp(QObject):
    """A small JSON client over QNetworkAccessManager: one callback per request, never blocking.

    (The window terminal's retrying ApiClient was not committed when the console was written; the
    console's commands are a manager's clicks, answered or refused on screen, so no retry queue.)
    """

    def __init__(self, server_url: str, parent: QObject | None = None):
        super().__init__(parent)
        self.base = server_url.rstrip("/")
        self.token: str | None = None
        self._nam = QNetworkAccessManager(self)
        self._nam.setTransferTimeout(HTTP_TIMEOUT_MS)
        self._nam.finished.connect(self._on_reply)
        self._answers: dict[str, Answer] = {}

    def get(self, path: str, answer: Answer, params: dict[str, Any] | None = None) -> None:
        url = QUrl(self.base + API + path)
        if params:
            query = QUrlQuery()
            for k, v in params.items():
                query.addQueryItem(k, str(v))
            url.setQuery(query)
        self._send("GET", url, None, answer)

    def post(self, path: str, body: dict[str, Any] | None, answer: Answer) -> None:
        self._send("POST", QUrl(self.base + API + path), body, answer)

    def forget(self) -> None:
        """Ignore every answer still to come (after a logout)."""
        self._answers.clear()

    def _send(self, method: str, url: QUrl, body: dict[str, Any] | None, answer: Answer) -> None:
        request = QNetworkRequest(url)
        request.setRawHeader(QByteArray(b"Accept"), QByteArray(b"application/json"))
        if self.token:
            request.setRawHeader(QByteArray(b"Authorization"), QByteArray(f"Bearer {self.token}".encode()))
        if method == "POST":
            request.setHeader(QNetworkRequest.KnownHeaders.ContentTypeHeader, "application/json")
            request.setRawHeader(QByteArray(b"Idempotency-Key"), QByteArray(uuid.uuid4().hex.encode()))
            reply = self._nam.post(request, QByteArray(json.dumps(body or {}, ensure_ascii=False).encode()))
        else:
            reply = self._nam.get(request)
        name = uuid.uuid4().hex
        reply.setProperty("consoleRequest", name)
        self._answers[name] = answer

    def _on_reply(self, reply: QNetworkReply) -> None:
        reply.deleteLater()
        answer = self._answers.pop(str(reply.property("consoleRequest")), None)
        if answer is None:
            return
        status = reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute)
        raw = bytes(reply.readAll().data())
        try:
            body = json.loads(raw.decode("utf-8")) if raw else {}
        except (UnicodeDecodeError, json.JSONDecodeError):
            body = {}
        if status is None:
            log.info("%s: %s", reply.url().path(), reply.errorString())
        answer(int(status) if status is not None else 0, body if isinstance(body, dict) else {})


class HallConsole(QObject):
    """Login, the live dashboard, windows, notices and category settings of one hall manager."""

    changed = Signal()
    dashboardChanged = Signal()
    noticesChanged = Signal()
    messageChanged = Signal()
    eventSeen = Signal(str)  # the type of every event from the stream (tests and the status line)

    def __init__(self, server_url: str, lang: str = "zh", parent: QObject | None = None, *,
                 refresh_s: float = REFRESH_S):
        super().__init__(parent)
        self._server_url = server_url
        self._lang = lang
        self.http = HallHttp(server_url, self)
        self.link: EventLink | None = None
        self._screen = "login"
        self._busy = False
        self._name = ""
        self._message = ""
        self._message_error = False
        self._link_state = ""
        self._dashboard: dict[str, Any] = {}
        self._notices: list[dict[str, Any]] = []
        self._areas: list[str] = []
        self._tz = ZoneInfo("Asia/Shanghai")  # until /config names the hall's own
        self._coalesce = QTimer(self, singleShot=True, interval=EVENT_COALESCE_MS)
        self._coalesce.timeout.connect(self.refresh)
        self._periodic = QTimer(self, interval=int(refresh_s * 1000))
        self._periodic.timeout.connect(self.refresh)

    # --- properties -----------------------------------------------------------------------

    def _get_screen(self) -> str:
        return self._screen

    def _get_busy(self) -> bool:
        return self._busy

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
        return list(self._dashboard.get("windows", []))

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
        self._set_busy(True)
        self.http.post("/auth/login", {"username": username, "pin": pin}, self._on_login)

    def _on_login(self, status: int, body: dict[str, Any]) -> None:
        self._set_busy(False)
        if status != 200:
            self._refused(status, body)
            return
        if body.get("role") != "hall-admin":
            self._say(QCoreApplication.translate("HallConsole", "该账号不是大厅管理员"), error=True)
            return
        self.http.token = body["token"]
        self._name = body.get("name", "")
        self._screen = "main"
        self._say("")
        self.changed.emit()
        self.link = EventLink(self._server_url, body["token"], parent=self)
        self.link.eventReceived.connect(self._on_event)
        self.link.snapshotReceived.connect(self._on_snapshot)
        self.link.stateChanged.connect(self._on_link_state)
        self.link.start()
        self._periodic.start()
        self.refresh()
        self.refreshNotices()
        self.http.get("/config", self._on_config)

    @Slot()
    def logout(self) -> None:
        if self.link is not None:
            self.link.stop()
            self.link.deleteLater()
            self.link = None
        self._periodic.stop()
        self._coalesce.stop()
        if self.http.token:
            self.http.post("/auth/logout", None, _ignore)
        self.http.forget()
        self.http.token = None
        self._screen, self._name, self._dashboard, self._notices = "login", "", {}, []
        self.changed.emit()
        self.dashboardChanged.emit()
        self.noticesChanged.emit()

    # --- live data ------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        if self.http.token:
            self.http.get("/dashboard", self._on_dashboard)

    @Slot()
    def refreshNotices(self) -> None:
        if self.http.token:
            self.http.get("/notices", self._on_notices, {"include_inactive": "true"})

    def _on_dashboard(self, status: int, body: dict[str, Any]) -> None:
        if status == 200:
            self._dashboard = body
            self.dashboardChanged.emit()
        elif status:
            self._refused(status, body)

    def _on_notices(self, status: int, body: dict[str, Any]) -> None:
        if status == 200:
            self._notices = list(body.get("notices", []))
            self.noticesChanged.emit()
        elif status:
            self._refused(status, body)

    def _on_config(self, status: int, body: dict[str, Any]) -> None:
        if status == 200:
            self._areas = sorted({w["area"] for w in body.get("windows", []) if w.get("area")})
            try:
                self._tz = ZoneInfo(str(body.get("timezone", "Asia/Shanghai")))
            except (ZoneInfoNotFoundError, ValueError):
                log.warning("unknown hall time zone %r; showing Asia/Shanghai time", body.get("timezone"))
            self.noticesChanged.emit()
            self.dashboardChanged.emit()

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
        self._set_busy(True)

        def answered(status: int, answer: dict[str, Any]) -> None:
            self._set_busy(False)
            if 200 <= status < 300:
                self._say(success)
                self.refresh()
                if then is not None:
                    then()
            else:
                self._refused(status, answer)

        self.http.post(path, body, answered)

    # --- messages -------------------------------------------------------------------------

    def _refused(self, status: int, body: dict[str, Any]) -> None:
        err = body.get("error") if isinstance(body.get("error"), dict) else {}
        if status == 0:
            self._say(QCoreApplication.translate("HallConsole", "无法连接服务器，请检查网络"), error=True)
            return
        text = err.get("message_en" if self._lang == "en" else "message")
        text = text or QCoreApplication.translate("HallConsole", "服务器拒绝了请求")
        if err.get("code") in ("session_expired", "unauthorized") and self._screen == "main":
            self.logout()
        self._say(str(text), error=True)

    def _say(self, text: str, error: bool = False) -> None:
        self._message, self._message_error = text, error
        self.messageChanged.emit()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.changed.emit()


def _notice_body(text: str, text_en: str, area: str, active: bool) -> dict[str, Any]:
    # Notices scroll on one line: a pasted line break becomes a space rather than a refusal.
    text, text_en = " ".join(text.split("\n")), " ".join(text_en.split("\n"))
    return {"text": text, "text_en": text_en.strip() or None, "area": area or None, "active": active}


def _ignore(_status: int, _body: dict[str, Any]) -> None:
    pass
