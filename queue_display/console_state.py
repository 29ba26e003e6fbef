"""The state of the hall manager console (大厅管理端), exposed to QML.

The dashboard and the 电子监察 lists are read from `GET /dashboard` and `/supervision/*` whenever
the hall's event stream says something happened (coalesced), and on a timer as well, because waits
grow, deadlines pass and windows idle without any event. Follow-ups of bad ratings are read on
rating events and on the timer; statistics when asked for. Commands go through the staff apps'
`ApiClient`: each carries an Idempotency-Key and one lost on the network is sent again with the
same key until the server answers, so a manager's click lands once. Answers and refusals come
back on the GUI thread.
"""
from __future__ import annotations

import datetime as dt
import logging
import pathlib
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Property, QCoreApplication, QObject, QThreadPool, QTimer, Signal, Slot

from . import reports
from .api import SESSION_CODES, ApiClient
from .link import EventLink
from .names import window_name
from qtkit.rows import KeyedListModel

log = logging.getLogger(__name__)

REFRESH_S = 20.0  # waits and idle times grow without events: read the dashboard this often anyway
EVENT_COALESCE_MS = 150  # a burst of events (a call, its window) costs one dashboard read
PAUSE_REASON_MAX = 100  # the server's PauseRequest.reason limit
FOLLOW_UP_NOTE_MAX = 500  # the server's FollowUpClose.note limit
FOLLOW_UP_STATES = ("all", "open", "overdue", "closed")
STATE_ORDER = {"overdue": 0, "open": 1, "closed": 2}  # what still needs doing comes first

Answer = Callable[[dict[str, Any]], None]
Refusal = Callable[[str, str, str], None]  # code, message (zh), message_en


class HallConsole(QObject):
    """Login, the live dashboard, windows, notices and category settings of one hall manager."""

    changed = Signal()
    dashboardChanged = Signal()
    noticesChanged = Signal()
    messageChanged = Signal()
    eventSeen = Signal(str)  # the type of every event from the stream (tests and the status line)
    supervisionChanged = Signal()
    followUpsChanged = Signal()
    followUpClosed = Signal(int)     # the follow-up the server closed (the dialog closes)
    followUpRefused = Signal(str)    # why it was not closed, in the UI's language (the dialog says so)
    statsChanged = Signal()
    exported = Signal(str)           # where a CSV export was saved
    _exportSaved = Signal(str)       # from the thread that wrote it
    _exportFailed = Signal(str)

    def __init__(self, server_url: str, lang: str = "zh", parent: QObject | None = None, *,
                 refresh_s: float = REFRESH_S, retry_first_s: float = 0.5, retry_max_s: float = 10.0,
                 events_url: str | None = None, export_dir: str | pathlib.Path | None = None):
        super().__init__(parent)
        self._server_url = server_url
        self._events_url = events_url or server_url
        self._lang = lang
        self.api = ApiClient(server_url, parent=self, retry_first_s=retry_first_s, retry_max_s=retry_max_s)
        self.api.loggedIn.connect(self._on_logged_in)
        self.api.loginFailed.connect(self._on_login_failed)
        self.api.done.connect(self._on_done)
        self.api.fileReceived.connect(self._on_file)
        self.api.refused.connect(self._on_refused)
        self.api.retrying.connect(self._on_retrying)
        self.api.unanswered.connect(self._on_unanswered)
        self.api.sessionExpired.connect(self._on_session_expired)
        self._answers: dict[str, Answer] = {}  # request id -> what to do with its answer
        self._refusals: dict[str, Refusal] = {}  # request id -> who hears its refusal besides the status line
        self._exports: dict[str, str] = {}  # request id of a CSV fetch -> the file name it is saved as
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
        # 电子监察, follow-ups and statistics
        self._case_rows = KeyedListModel("number", parent=self)
        self._late_ticket_rows = KeyedListModel("id", parent=self)
        self._follow_up_rows = KeyedListModel("id", parent=self)
        self._stats_rows = KeyedListModel("key", parent=self)
        self._case_supervision: dict[str, Any] = {}
        self._ticket_supervision: dict[str, Any] = {}
        self._follow_ups: dict[str, Any] = {}
        self._follow_up_state = "all"
        self._levels: dict[int, tuple[str, str]] = {}   # rating level -> (zh, en) name, from /ratings/options
        self._reasons: dict[str, tuple[str, str]] = {}  # preset reason code -> (zh, en) name
        self._config_windows: dict[str, dict[str, Any]] = {}
        self._stats: dict[str, Any] = {}
        self._stats_preset = "today"
        self._stats_by = "day"
        self._stats_range: tuple[dt.date, dt.date] | None = None  # None: the preset's, once today is known
        self._stats_loading = False
        self._export_dir = pathlib.Path(export_dir) if export_dir else reports.default_export_dir()
        self._last_export = ""
        self._exportSaved.connect(self._on_export_saved)
        self._exportFailed.connect(self._on_export_failed)
        self._coalesce = QTimer(self, singleShot=True, interval=EVENT_COALESCE_MS)
        self._coalesce.timeout.connect(self.refresh)
        self._periodic = QTimer(self, interval=int(refresh_s * 1000))
        self._periodic.timeout.connect(self._tick)

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

    # --- 电子监察, follow-ups, statistics -----------------------------------------------------

    def _get_supervision(self) -> dict:
        cases, tickets = self._case_supervision, self._ticket_supervision
        return {"case_red": cases.get("red", 0), "case_yellow": cases.get("yellow", 0),
                "warn_days": cases.get("warn_days", 0), "ticket_red": tickets.get("red", 0),
                "ticket_yellow": tickets.get("yellow", 0), "yellow_minutes": tickets.get("yellow_minutes", 0),
                "red_minutes": tickets.get("red_minutes", 0)}

    def _get_red_count(self) -> int:
        return int(self._case_supervision.get("red", 0)) + int(self._ticket_supervision.get("red", 0))

    def _get_case_rows(self) -> KeyedListModel:
        return self._case_rows

    def _get_late_ticket_rows(self) -> KeyedListModel:
        return self._late_ticket_rows

    def _get_follow_up_rows(self) -> KeyedListModel:
        return self._follow_up_rows

    def _get_follow_up_counts(self) -> dict:
        return {s: int(self._follow_ups.get(s, 0)) for s in ("open", "overdue", "closed")}

    def _get_follow_up_state(self) -> str:
        return self._follow_up_state

    def _get_stats_rows(self) -> KeyedListModel:
        return self._stats_rows

    def _get_stats_list(self) -> list:
        return self._stats_rows.rows()

    def _get_stats_total(self) -> dict:
        total = self._stats.get("total")
        return self._stats_row(total) if total else {}

    def _get_stats_from(self) -> str:
        return self._stats_range[0].isoformat() if self._stats_range else ""

    def _get_stats_to(self) -> str:
        return self._stats_range[1].isoformat() if self._stats_range else ""

    def _get_stats_by(self) -> str:
        return self._stats_by

    def _get_stats_preset(self) -> str:
        return self._stats_preset

    def _get_stats_loading(self) -> bool:
        return self._stats_loading

    def _get_export_dir(self) -> str:
        return str(self._export_dir)

    def _get_last_export(self) -> str:
        return self._last_export

    supervision = Property("QVariantMap", _get_supervision, notify=supervisionChanged)
    redCount = Property(int, _get_red_count, notify=supervisionChanged)
    caseRows = Property(QObject, _get_case_rows, constant=True)
    lateTicketRows = Property(QObject, _get_late_ticket_rows, constant=True)
    followUpRows = Property(QObject, _get_follow_up_rows, constant=True)
    followUpCounts = Property("QVariantMap", _get_follow_up_counts, notify=followUpsChanged)
    followUpState = Property(str, _get_follow_up_state, notify=followUpsChanged)
    statsRows = Property(QObject, _get_stats_rows, constant=True)
    statsList = Property("QVariantList", _get_stats_list, notify=statsChanged)
    statsTotal = Property("QVariantMap", _get_stats_total, notify=statsChanged)
    statsFrom = Property(str, _get_stats_from, notify=statsChanged)
    statsTo = Property(str, _get_stats_to, notify=statsChanged)
    statsBy = Property(str, _get_stats_by, notify=statsChanged)
    statsPreset = Property(str, _get_stats_preset, notify=statsChanged)
    statsLoading = Property(bool, _get_stats_loading, notify=statsChanged)
    exportDir = Property(str, _get_export_dir, constant=True)
    lastExport = Property(str, _get_last_export, notify=statsChanged)

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
        self._read("/ratings/options", self._on_rating_options)
        self.refreshFollowUps()

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
        self._refusals.clear()
        self._exports.clear()
        self._screen, self._name, self._dashboard, self._notices = "login", "", {}, []
        self._notice_rows.set_rows([])
        self._case_supervision, self._ticket_supervision, self._follow_ups, self._stats = {}, {}, {}, {}
        self._stats_range, self._stats_preset, self._stats_loading = None, "today", False
        for model in (self._case_rows, self._late_ticket_rows, self._follow_up_rows, self._stats_rows):
            model.set_rows([])
        self.changed.emit()
        self._dashboard_changed()
        self.noticesChanged.emit()
        self.supervisionChanged.emit()
        self.followUpsChanged.emit()
        self.statsChanged.emit()

    # --- live data ------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Read the dashboard and the 电子监察 lists (cases and waiting tickets)."""
        if self.api.token:
            self._read("/dashboard", self._on_dashboard)
            self._read("/supervision/cases", self._on_case_supervision)
            self._read("/supervision/tickets", self._on_ticket_supervision)

    def _tick(self) -> None:
        # Deadlines of follow-ups pass without an event: read them on the timer too.
        self.refresh()
        self.refreshFollowUps()
        if not self._levels and self.api.token:  # the first read was lost: rows show bare level numbers till then
            self._read("/ratings/options", self._on_rating_options)

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
        self._config_windows = {w["code"]: w for w in body.get("windows", []) if "code" in w}
        try:
            self._tz = ZoneInfo(str(body.get("timezone", "Asia/Shanghai")))
        except (ZoneInfoNotFoundError, ValueError):
            log.warning("unknown hall time zone %r; showing Asia/Shanghai time", body.get("timezone"))
        self.noticesChanged.emit()
        self._dashboard_changed()
        self._follow_ups_changed()

    def _on_snapshot(self, _snapshot: dict) -> None:
        self._coalesce.start()

    def _on_event(self, event: dict) -> None:
        kind = str(event.get("type", ""))
        self.eventSeen.emit(kind)
        if kind == "notice.changed":
            self.refreshNotices()
        if kind.startswith("rating."):
            self.refreshFollowUps()
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
                 then: Callable[[], None] | None = None, refused: Refusal | None = None) -> None:
        """Send a command; it is sent again with the same key until the server answers it.

        Args:
            then: what to do once it is answered (after the dashboard is read again).
            refused: told of a refusal too (the status line always says it).
        """
        if not self.api.token:
            return

        def answered(_answer: dict[str, Any]) -> None:
            self._say(success)
            self.refresh()
            if then is not None:
                then()

        key = self.api.post(path, body)
        self._answers[key] = answered
        if refused is not None:
            self._refusals[key] = refused
        self._commands.add(key)
        self.changed.emit()

    # --- 电子监察 ---------------------------------------------------------------------------

    def _on_case_supervision(self, body: dict[str, Any]) -> None:
        self._case_supervision = body
        en = self._lang == "en"
        self._case_rows.set_rows([
            {**c, "matter_label": (c.get("matter_name_en") if en else None) or c.get("matter_name", "")}
            for c in body.get("cases", [])])
        self.supervisionChanged.emit()

    def _on_ticket_supervision(self, body: dict[str, Any]) -> None:
        self._ticket_supervision = body
        en = self._lang == "en"
        self._late_ticket_rows.set_rows([
            {**t, "category_label": (t.get("category_name_en") if en else None) or t.get("category_name", "")}
            for t in body.get("tickets", [])])
        self.supervisionChanged.emit()

    # --- 差评回访 ---------------------------------------------------------------------------

    @Slot()
    def refreshFollowUps(self) -> None:
        if self.api.token:
            self._read("/ratings/follow-ups", self._on_follow_ups, {"state": self._follow_up_state})

    @Slot(str)
    def showFollowUps(self, state: str) -> None:
        """Show the follow-ups in one state (open, overdue, closed) or all of them."""
        if state in FOLLOW_UP_STATES and state != self._follow_up_state:
            self._follow_up_state = state
            self.followUpsChanged.emit()
            self.refreshFollowUps()

    def _on_rating_options(self, body: dict[str, Any]) -> None:
        self._levels = {int(x["level"]): (x.get("name", ""), x.get("name_en", "")) for x in body.get("levels", [])}
        self._reasons = {x["code"]: (x.get("name", ""), x.get("name_en", "")) for x in body.get("reasons", [])}
        self._follow_ups_changed()

    def _on_follow_ups(self, body: dict[str, Any]) -> None:
        if not isinstance(body.get("follow_ups"), list):
            return
        self._follow_ups = body
        self._follow_ups_changed()

    def _follow_ups_changed(self) -> None:
        listed = sorted(self._follow_ups.get("follow_ups", []),
                        key=lambda f: (STATE_ORDER.get(f.get("state"), 3), str(f.get("due_at"))))
        self._follow_up_rows.set_rows([self._follow_up_row(f) for f in listed])
        self.followUpsChanged.emit()

    def _named(self, names: tuple[str, str] | None, fallback: str) -> str:
        if names is None:
            return fallback
        return (names[1] if self._lang == "en" else "") or names[0] or fallback

    def _follow_up_row(self, f: dict[str, Any]) -> dict[str, Any]:
        """A follow-up as its row shows it: names in the UI's language, times in the hall's."""
        rating = f.get("rating", {})
        level = int(rating.get("level", 0))
        reason = " · ".join(x for x in (
            self._named(self._reasons.get(rating.get("reason_code") or ""), rating.get("reason_code") or ""),
            rating.get("reason") or "") if x)
        window = rating.get("window")
        return {
            "id": f["id"], "state": f.get("state", ""), "overdue": bool(f.get("overdue")),
            "level": level, "level_label": self._named(self._levels.get(level), str(level)), "reason": reason,
            "subject_kind": rating.get("subject_kind", ""),
            "subject": rating.get("case_number") or rating.get("ticket_number") or "",
            "window": window_name(self._config_windows.get(window, {"name": window}), self._lang) if window else "",
            "staff": f.get("staff") or "",
            "given_at": reports.hall_time(rating.get("rated_at"), self._tz),
            "due_at": reports.hall_time(f.get("due_at"), self._tz),
            "closed_at": reports.hall_time(f.get("closed_at"), self._tz),
            "note": f.get("note") or "", "closed_by": f.get("closed_by") or "",
        }

    @Slot(int, str)
    def closeFollowUp(self, follow_up_id: int, note: str) -> None:
        """Close a follow-up with a note of what was done; a note is required (here and by the server)."""
        note = " ".join(note.split())
        if not note:
            why = QCoreApplication.translate("HallConsole", "请填写回访处理情况")
            self._say(why, error=True)
            self.followUpRefused.emit(why)
            return

        def closed() -> None:
            self.refreshFollowUps()
            self.followUpClosed.emit(follow_up_id)

        self._command(f"/ratings/follow-ups/{follow_up_id}/close", {"note": note[:FOLLOW_UP_NOTE_MAX]},
                      QCoreApplication.translate("HallConsole", "回访已办结"), closed, self._on_close_refused)

    def _on_close_refused(self, _code: str, zh: str, en: str) -> None:
        self.followUpRefused.emit(en if self._lang == "en" else zh)
        self.refreshFollowUps()  # another manager may have closed it meanwhile

    # --- 统计 -------------------------------------------------------------------------------

    def _today(self) -> dt.date:
        """The hall's business day by the server's clock (the dashboard's moment), else by ours."""
        day = reports.hall_day(str(self._dashboard.get("at", "")), self._tz)
        return day or dt.datetime.now(self._tz).date()

    @Slot(str)
    def showStatsPreset(self, preset: str) -> None:
        """Today, the last 7 days or this month."""
        if preset not in reports.STATS_PRESETS:
            return
        self._stats_preset = preset
        self._stats_range = reports.preset_range(preset, self._today())
        self.loadStats()

    @Slot(str, str)
    def showStatsRange(self, first: str, last: str) -> None:
        """Days typed as YYYY-MM-DD; a bad date or range is said here and nothing is read."""
        date_from, date_to = reports.parse_day(first), reports.parse_day(last)
        if date_from is None or date_to is None:
            self._say(QCoreApplication.translate("HallConsole", "日期格式应为 YYYY-MM-DD"), error=True)
            return
        if date_from > date_to:
            self._say(QCoreApplication.translate("HallConsole", "开始日期晚于结束日期"), error=True)
            return
        if (date_to - date_from).days >= reports.MAX_RANGE_DAYS:
            self._say(QCoreApplication.translate("HallConsole", "统计范围最长366天"), error=True)
            return
        self._stats_preset = ""
        self._stats_range = (date_from, date_to)
        self.loadStats()

    @Slot(str)
    def showStatsBy(self, by: str) -> None:
        """Group the figures per day, category or window."""
        if by in reports.STATS_GROUPINGS:
            self._stats_by = by
            self.loadStats()

    def _stats_params(self) -> dict[str, str]:
        if self._stats_range is None:
            self._stats_range = reports.preset_range(self._stats_preset or "today", self._today())
        first, last = self._stats_range
        return {"from": first.isoformat(), "to": last.isoformat(), "by": self._stats_by}

    @Slot()
    def loadStats(self) -> None:
        if not self.api.token:
            return
        params = self._stats_params()
        self._stats_loading = True
        self.statsChanged.emit()

        def answer(body: dict[str, Any]) -> None:
            if self._stats_params() != params:
                return  # the manager asked for another range meanwhile; its own answer follows
            self._on_stats(body)

        self._read("/stats", answer, params)

    def _on_stats(self, body: dict[str, Any]) -> None:
        self._stats = body
        self._stats_loading = False
        self._stats_rows.set_rows([self._stats_row(r) for r in body.get("rows", [])])
        self.statsChanged.emit()

    def _stats_row(self, row: dict[str, Any]) -> dict[str, Any]:
        """A row of figures with `label` (its name in the UI's language) and `short` (for a chart's axis)."""
        key = str(row.get("key", ""))
        label = (row.get("name_en") if self._lang == "en" else None) or row.get("name") or key
        if self._stats.get("by") == "day" and len(key) == 10:
            short = key[5:]  # MM-DD
        elif self._stats.get("by") == "window":
            if key in self._config_windows:
                label = window_name(self._config_windows[key], self._lang) or label
            short = key  # sixteen windows side by side: their codes fit under the bars, the table has names
        else:
            short = label
        return {**row, "label": label, "short": short}

    @Slot()
    def exportStats(self) -> None:
        """Fetch the figures shown as CSV and save them under the export folder."""
        if self.api.token:
            params = self._stats_params()
            request = self.api.get_file("/stats.csv", params)
            self._answers[request] = lambda _body: None  # a refusal comes back through _on_refused
            self._exports[request] = reports.export_name(
                params["by"], dt.date.fromisoformat(params["from"]), dt.date.fromisoformat(params["to"]))
            self._say(QCoreApplication.translate("HallConsole", "正在导出…"))

    def _on_file(self, key: str, _path: str, data: bytes) -> None:
        self._answers.pop(key, None)
        name = self._exports.pop(key, None)
        if name is None:
            return
        folder = self._export_dir
        signals = (self._exportSaved, self._exportFailed)

        def save() -> None:  # on a pool thread: the GUI never waits on the disk
            try:
                signals[0].emit(str(reports.save_export(folder, name, data)))
            except OSError as exc:
                signals[1].emit(str(exc))

        QThreadPool.globalInstance().start(save)

    def _on_export_saved(self, path: str) -> None:
        self._last_export = path
        self.statsChanged.emit()
        self.exported.emit(path)
        self._say(QCoreApplication.translate("HallConsole", "已导出到 %1").replace("%1", path))

    def _on_export_failed(self, why: str) -> None:
        log.warning("statistics export could not be saved: %s", why)
        why = QCoreApplication.translate("HallConsole", "导出失败，无法写入 %1")
        self._say(why.replace("%1", str(self._export_dir)), error=True)

    # --- answers --------------------------------------------------------------------------

    def _finish(self, key: str) -> Answer | None:
        answer = self._answers.pop(key, None)
        self._exports.pop(key, None)
        if key in self._commands:
            self._commands.discard(key)
            self.changed.emit()
        return answer

    def _on_done(self, key: str, _path: str, body: dict[str, Any]) -> None:
        self._refusals.pop(key, None)
        answer = self._finish(key)
        if answer is not None:
            answer(body)

    def _on_refused(self, key: str, path: str, code: str, zh: str, en: str) -> None:
        also = self._refusals.pop(key, None)
        if self._finish(key) is None or code in SESSION_CODES:
            return  # not ours (a logout's answer), or the session is over: sessionExpired says so
        if path == "/stats":
            self._stats_loading = False
            self.statsChanged.emit()
        self._say(en if self._lang == "en" else zh, error=True)
        if also is not None:
            also(code, zh, en)

    def _on_retrying(self, key: str, attempt: int) -> None:
        if key in self._commands:
            self._say(QCoreApplication.translate("HallConsole", "网络中断，正在重新发送（第 %1 次）…")
                      .replace("%1", str(attempt)), error=True)

    def _on_unanswered(self, key: str, path: str) -> None:
        # A read that got no answer is read again by the next event, the link going live or the timer;
        # an export or the statistics are asked for again by the manager.
        self._refusals.pop(key, None)
        exporting = key in self._exports
        if self._finish(key) is None:
            return
        if exporting:
            self._say(QCoreApplication.translate("HallConsole", "导出失败：无法连接服务器"), error=True)
        if path == "/stats":
            self._stats_loading = False
            self.statsChanged.emit()

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
