"""The six pages of the hall manager console (大厅管理端), one state object each, exposed to QML
as constant properties of `HallConsole`: the dashboard (实时看板), notices (滚动通知), category
settings (事项设置), 电子监察, 差评回访 follow-ups and statistics (统计).

Each page reads and commands through the console it belongs to (`ConsoleHall`: the staff API with
its request book, the status line, the hall's language, time zone and configuration); what the
server answers arrives here as its schema model, and the rows handed to QML are dicts made from
those models.
"""
from __future__ import annotations

import builtins
import datetime as dt
import logging
import pathlib
from collections.abc import Callable
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from PySide6.QtCore import Property, QCoreApplication, QObject, QThreadPool, Signal, Slot
from pydantic import BaseModel

from hall_server.schema import (
    CaseSupervision, CategorySettings, Dashboard, DashboardWindow, FollowUp, FollowUpClose, FollowUpList, HallInfo,
    Notice, NoticeList, PauseRequest, RatingOptions, StatsReport, StatsRow, SupervisionList, WindowResult,
)
from qtkit.props import qt_property
from qtkit.rows import KeyedListModel

from . import reports
from .names import named, reason_choices, reason_name
from .wire import max_length

log = logging.getLogger(__name__)

PAUSE_REASON_MAX = max_length(PauseRequest, "reason")
FOLLOW_UP_NOTE_MAX = max_length(FollowUpClose, "note")
FOLLOW_UP_STATES = ("all", "open", "overdue", "closed")
STATE_ORDER = {"overdue": 0, "open": 1, "closed": 2}  # what still needs doing comes first

Refusal = Callable[[str, str, str], None]  # code, message (zh), message_en


def tr(text: str) -> str:
    return QCoreApplication.translate("HallConsole", text)


class ConsoleHall(Protocol):
    """What a page may use of the console it belongs to."""

    lang: str
    tz: ZoneInfo
    config: HallInfo | None

    def signed_in(self) -> bool: ...

    def read(self, path: str, model: type[BaseModel], answer: Callable[[Any], None],
             params: dict[str, Any] | None = None, lost: Callable[[], None] | None = None,
             refused: Refusal | None = None) -> None: ...

    def command(self, path: str, body: dict[str, Any] | None, model: type[BaseModel] | None, success: str,
                then: Callable[[], None] | None = None, refused: Refusal | None = None, *, method: str = "POST",
                headers: dict[str, str] | None = None,
                took: Callable[[Any], None] | None = None) -> None: ...

    def fetch_file(self, path: str, params: dict[str, Any], save: Callable[[bytes], None],
                   lost: Callable[[], None]) -> None: ...

    def say(self, text: str, error: bool = False) -> None: ...

    def refresh(self) -> None: ...


def _row(model: BaseModel, **extra: Any) -> dict[str, Any]:
    """A model as QML's row: its JSON fields, and what the page adds."""
    return {**model.model_dump(mode="json"), **extra}


class DashboardPage(QObject):
    """实时看板: queues against their SLA, the windows with their open/pause/close commands, hourly figures."""

    changed = Signal()

    def __init__(self, hall: ConsoleHall, parent: QObject | None = None):
        super().__init__(parent)
        self._hall = hall
        self._board: Dashboard | None = None
        # Updated in place, so a refresh never drops a press.
        self._category_rows = KeyedListModel("code", parent=self)
        self._window_rows = KeyedListModel("code", parent=self)

    @property
    def board(self) -> Dashboard | None:
        return self._board

    def take(self, board: Dashboard | None) -> None:
        self._board = board
        self._category_rows.set_rows(self._get_categories())
        self._window_rows.set_rows(self._get_windows())
        self.changed.emit()

    def relabel(self) -> None:
        self.take(self._board)

    def _get_categories(self) -> list:
        return [_row(c) for c in self._board.categories] if self._board else []

    def _get_windows(self) -> list:
        """The dashboard's windows, each with `label` and `reasonText` (a paused window's reason's name)
        in the UI's language."""
        reasons = self._hall.config.pause_reasons if self._hall.config else []
        return [_row(w, label=self._label(w), reasonText=reason_name(w.reason, reasons, self._hall.lang))
                for w in self._board.windows] if self._board else []

    def _get_pause_reasons(self) -> list:
        """The hall's pause reasons as the pause dialog offers them: `code` and `label`."""
        return reason_choices(self._hall.config.pause_reasons, self._hall.lang) if self._hall.config else []

    def _label(self, window: DashboardWindow) -> str:
        return named(window.name, window.name_en, self._hall.lang)

    def _get_hours(self) -> list:
        return [_row(h) for h in self._board.hours] if self._board else []

    def _get_updated(self) -> str:
        """The dashboard's moment in the hall's own time zone (the server speaks UTC)."""
        return f"{self._board.at.astimezone(self._hall.tz):%H:%M:%S}" if self._board else ""

    def _get_thresholds(self) -> list:
        return [self._board.sla_yellow_minutes, self._board.sla_red_minutes] if self._board else []

    def _get_category_rows(self) -> KeyedListModel:
        return self._category_rows

    def _get_window_rows(self) -> KeyedListModel:
        return self._window_rows

    categories = qt_property(list, _get_categories, notify=changed)  # the settings page reads these two
    windows = Property(list, _get_windows, notify=changed)
    pauseReasons = Property(list, _get_pause_reasons, notify=changed)
    hours = Property(list, _get_hours, notify=changed)
    updatedAt = Property(str, _get_updated, notify=changed)
    thresholds = Property(list, _get_thresholds, notify=changed)
    categoryRows = qt_property(QObject, _get_category_rows, constant=True)
    windowRows = Property(QObject, _get_window_rows, constant=True)

    @Slot(str)
    def openWindow(self, code: str) -> None:
        self._hall.command(f"/windows/{code}/open", None, WindowResult, tr("窗口已开放"))

    @Slot(str)
    def closeWindow(self, code: str) -> None:
        self._hall.command(f"/windows/{code}/close", None, WindowResult, tr("窗口已关闭"))

    @Slot(str, str)
    def pauseWindow(self, code: str, reason: str) -> None:
        """Pause an open window with the code of one of the hall's pause reasons (the server checks it)."""
        reason = reason.strip()
        if not reason:
            self._hall.say(tr("请选择暂停原因"), error=True)
            return
        self._hall.command(f"/windows/{code}/pause", {"reason": reason[:PAUSE_REASON_MAX]}, WindowResult,
                           tr("窗口已暂停"))

    @Slot(str)
    def resumeWindow(self, code: str) -> None:
        """Open a paused window again; its staff stay logged in at it."""
        self._hall.command(f"/windows/{code}/open", None, WindowResult, tr("窗口已恢复"))


class NoticesPage(QObject):
    """滚动通知: the notices of the hall's displays, and the areas a notice may be limited to."""

    changed = Signal()

    def __init__(self, hall: ConsoleHall, parent: QObject | None = None):
        super().__init__(parent)
        self._hall = hall
        self._notices: list[Notice] = []
        self._rows = KeyedListModel("id", parent=self)

    def _get_list(self) -> list:
        return [_row(n) for n in self._notices]

    def _get_rows(self) -> KeyedListModel:
        return self._rows

    def _get_areas(self) -> list:
        config = self._hall.config
        return sorted({w.area for w in config.windows if w.area}) if config else []

    list = Property(list, _get_list, notify=changed)
    rows = Property(QObject, _get_rows, constant=True)
    areas = Property(builtins.list, _get_areas, notify=changed)  # `list` is this page's own property by now

    def take(self, notices: NoticeList | None) -> None:
        self._notices = list(notices.notices) if notices else []
        self._rows.set_rows(self._get_list())
        self.changed.emit()

    @Slot()
    def refresh(self) -> None:
        if self._hall.signed_in():
            self._hall.read("/notices", NoticeList, self.take, {"include_inactive": "true"})

    @Slot(str, str, str, bool)
    def add(self, text: str, text_en: str, area: str, active: bool) -> None:
        self._hall.command("/notices", _notice_body(text, text_en, area, active), Notice, tr("通知已发布"),
                           self.refresh)

    @Slot(int, str, str, str, bool)
    def edit(self, notice_id: int, text: str, text_en: str, area: str, active: bool) -> None:
        self._hall.command(f"/notices/{notice_id}", _notice_body(text, text_en, area, active), Notice,
                           tr("通知已修改"), self.refresh)

    @Slot(int)
    def remove(self, notice_id: int) -> None:
        self._hall.command(f"/notices/{notice_id}/delete", None, Notice, tr("通知已删除"), self.refresh)


def _notice_body(text: str, text_en: str, area: str, active: bool) -> dict[str, Any]:
    # Notices scroll on one line: a pasted line break becomes a space rather than a refusal.
    text, text_en = " ".join(text.split("\n")), " ".join(text_en.split("\n"))
    return {"text": text, "text_en": text_en.strip() or None, "area": area or None, "active": active}


class SettingsPage(QObject):
    """事项设置: a category's issuing hours, daily cap and warning level, and its prefix from tomorrow.

    It edits what the dashboard shows, and a save comes back through the dashboard."""

    changed = Signal()

    def __init__(self, hall: ConsoleHall, dashboard: DashboardPage, parent: QObject | None = None):
        super().__init__(parent)
        self._hall = hall
        self._dashboard = dashboard
        dashboard.changed.connect(self.changed)

    def _get_categories(self) -> list:
        return self._dashboard.categories

    def _get_category_rows(self) -> QObject:
        return self._dashboard.categoryRows

    categories = Property(list, _get_categories, notify=changed)
    categoryRows = Property(QObject, _get_category_rows, constant=True)

    @Slot(str, str, str, str, str)
    def save(self, code: str, hours: str, daily_cap: str, warning_level: str, prefix: str) -> None:
        """Send what the form changed; numbers are checked here so a typo never reaches the server."""
        board = self._dashboard.board
        current = next((c for c in board.categories if c.code == code), None) if board else None
        if current is None:
            return
        body: dict[str, Any] = {}
        spans = [s.strip() for s in hours.replace("，", ",").split(",") if s.strip()]
        if spans != current.hours:
            body["hours"] = spans
        for key, text, now in (("daily_cap", daily_cap, current.daily_cap),
                               ("warning_level", warning_level, current.warn_waiting)):
            text = text.strip()
            if not text.isdigit():
                self._hall.say(tr("每日限额和预警人数须为整数"), error=True)
                return
            if int(text) != now:
                body[key] = int(text)
        prefix = prefix.strip().upper()
        if prefix and prefix != (current.pending_prefix or current.prefix):
            body["prefix"] = prefix
        if not body:
            self._hall.say(tr("没有修改"))
            return
        done = tr("设置已保存；新字头自下一个工作日起使用") if "prefix" in body else tr("设置已保存")
        self._hall.command(f"/categories/{code}/settings", body, CategorySettings, done)


class SupervisionPage(QObject):
    """电子监察: open cases against their promised dates, waiting tickets against the wait limits."""

    changed = Signal()

    def __init__(self, hall: ConsoleHall, parent: QObject | None = None):
        super().__init__(parent)
        self._hall = hall
        self._cases: CaseSupervision | None = None
        self._tickets: SupervisionList | None = None
        self._case_rows = KeyedListModel("number", parent=self)
        self._late_ticket_rows = KeyedListModel("id", parent=self)

    def take_cases(self, cases: CaseSupervision | None) -> None:
        self._cases = cases
        self._case_rows.set_rows([
            _row(c, matter_label=named(c.matter_name, c.matter_name_en, self._hall.lang))
            for c in (cases.cases if cases else [])])
        self.changed.emit()

    def take_tickets(self, tickets: SupervisionList | None) -> None:
        self._tickets = tickets
        self._late_ticket_rows.set_rows([
            _row(t, category_label=named(t.category_name, t.category_name_en, self._hall.lang))
            for t in (tickets.tickets if tickets else [])])
        self.changed.emit()

    def _get_counts(self) -> dict:
        cases, tickets = self._cases, self._tickets
        return {"case_red": cases.red if cases else 0, "case_yellow": cases.yellow if cases else 0,
                "warn_days": cases.warn_days if cases else 0, "ticket_red": tickets.red if tickets else 0,
                "ticket_yellow": tickets.yellow if tickets else 0,
                "yellow_minutes": tickets.yellow_minutes if tickets else 0,
                "red_minutes": tickets.red_minutes if tickets else 0}

    def _get_red_count(self) -> int:
        return (self._cases.red if self._cases else 0) + (self._tickets.red if self._tickets else 0)

    def _get_case_rows(self) -> KeyedListModel:
        return self._case_rows

    def _get_late_ticket_rows(self) -> KeyedListModel:
        return self._late_ticket_rows

    counts = Property(dict, _get_counts, notify=changed)
    redCount = Property(int, _get_red_count, notify=changed)
    caseRows = Property(QObject, _get_case_rows, constant=True)
    lateTicketRows = Property(QObject, _get_late_ticket_rows, constant=True)


class FollowUpsPage(QObject):
    """差评回访: the follow-ups of bad ratings, what still needs doing first, and closing one with a note."""

    changed = Signal()
    followUpClosed = Signal(int)     # the follow-up the server closed (the dialog closes)
    followUpRefused = Signal(str)    # why it was not closed, in the UI's language (the dialog says so)

    def __init__(self, hall: ConsoleHall, parent: QObject | None = None):
        super().__init__(parent)
        self._hall = hall
        self._list: FollowUpList | None = None
        self._state = "all"
        self._options: RatingOptions | None = None
        self._rows = KeyedListModel("id", parent=self)

    def _get_rows(self) -> KeyedListModel:
        return self._rows

    def _get_counts(self) -> dict:
        listed = self._list
        return {"open": listed.open if listed else 0, "overdue": listed.overdue if listed else 0,
                "closed": listed.closed if listed else 0}

    def _get_state(self) -> str:
        return self._state

    rows = Property(QObject, _get_rows, constant=True)
    counts = Property(dict, _get_counts, notify=changed)
    state = Property(str, _get_state, notify=changed)

    @property
    def knows_the_levels(self) -> bool:
        return self._options is not None

    def take(self, listed: FollowUpList | None) -> None:
        self._list = listed
        self.relabel()

    def take_options(self, options: RatingOptions) -> None:
        self._options = options
        self.relabel()

    def clear(self) -> None:
        self._state = "all"
        self.take(None)

    def relabel(self) -> None:
        """Rows again: the names of levels, reasons and windows in the UI's language."""
        follow_ups = self._list.follow_ups if self._list else []
        listed = sorted(follow_ups, key=lambda f: (STATE_ORDER.get(f.state, 3), f.due_at))
        self._rows.set_rows([self._row(f) for f in listed])
        self.changed.emit()

    def _row(self, f: FollowUp) -> dict[str, Any]:
        """A follow-up as its row shows it: names in the UI's language, times in the hall's."""
        hall, rating = self._hall, f.rating
        levels = {x.level: x for x in self._options.levels} if self._options else {}
        reasons = {x.code: x for x in self._options.reasons} if self._options else {}
        level = levels.get(rating.level)
        preset = reasons.get(rating.reason_code or "")
        reason_name = (named(preset.name, preset.name_en, hall.lang) if preset else "") or rating.reason_code or ""
        window = None
        if rating.window and hall.config:
            window = next((w for w in hall.config.windows if w.code == rating.window), None)
        return {
            "id": f.id, "state": f.state, "overdue": f.overdue,
            "level": rating.level,
            "level_label": (named(level.name, level.name_en, hall.lang) if level else "") or str(rating.level),
            "reason": " · ".join(x for x in (reason_name, rating.reason or "") if x),
            "subject_kind": rating.subject_kind,
            "subject": rating.case_number or rating.ticket_number or "",
            "window": (named(window.name, window.name_en, hall.lang) if window else rating.window or ""),
            "staff": f.staff or "",
            "given_at": reports.hall_time(rating.rated_at, hall.tz),
            "due_at": reports.hall_time(f.due_at, hall.tz),
            "closed_at": reports.hall_time(f.closed_at, hall.tz),
            "note": f.note or "", "closed_by": f.closed_by or "",
        }

    @Slot()
    def refresh(self) -> None:
        if self._hall.signed_in():
            self._hall.read("/ratings/follow-ups", FollowUpList, self.take, {"state": self._state})

    def read_options(self) -> None:
        if self._hall.signed_in():
            self._hall.read("/ratings/options", RatingOptions, self.take_options)

    @Slot(str)
    def show(self, state: str) -> None:
        """Show the follow-ups in one state (open, overdue, closed) or all of them."""
        if state in FOLLOW_UP_STATES and state != self._state:
            self._state = state
            self.changed.emit()
            self.refresh()

    @Slot(int, str)
    def close(self, follow_up_id: int, note: str) -> None:
        """Close a follow-up with a note of what was done; a note is required (here and by the server)."""
        note = " ".join(note.split())
        if not note:
            why = tr("请填写回访处理情况")
            self._hall.say(why, error=True)
            self.followUpRefused.emit(why)
            return

        def closed() -> None:
            self.refresh()
            self.followUpClosed.emit(follow_up_id)

        self._hall.command(f"/ratings/follow-ups/{follow_up_id}/close", {"note": note[:FOLLOW_UP_NOTE_MAX]},
                           FollowUp, tr("回访已办结"), closed, self._on_close_refused)

    def _on_close_refused(self, _code: str, zh: str, en: str) -> None:
        self.followUpRefused.emit(en if self._hall.lang == "en" else zh)
        self.refresh()  # another manager may have closed it meanwhile


class StatsPage(QObject):
    """统计: the figures of a range of days per day, category or window, and their CSV export."""

    changed = Signal()
    exported = Signal(str)           # where a CSV export was saved
    _exportSaved = Signal(str)       # from the thread that wrote it
    _exportFailed = Signal(str)

    def __init__(self, hall: ConsoleHall, today: Callable[[], dt.date], export_dir: pathlib.Path,
                 parent: QObject | None = None):
        super().__init__(parent)
        self._hall = hall
        self._today = today
        self._report: StatsReport | None = None
        self._preset = "today"
        self._by = "day"
        self._range: tuple[dt.date, dt.date] | None = None  # None: the preset's, once today is known
        self._loading = False
        self._export_dir = export_dir
        self._last_export = ""
        self._rows = KeyedListModel("key", parent=self)
        self._exportSaved.connect(self._on_export_saved)
        self._exportFailed.connect(self._on_export_failed)

    def _get_rows(self) -> KeyedListModel:
        return self._rows

    def _get_list(self) -> list:
        return self._rows.rows()

    def _get_total(self) -> dict:
        return self._row(self._report.total) if self._report else {}

    def _get_from(self) -> str:
        return self._range[0].isoformat() if self._range else ""

    def _get_to(self) -> str:
        return self._range[1].isoformat() if self._range else ""

    def _get_by(self) -> str:
        return self._by

    def _get_preset(self) -> str:
        return self._preset

    def _get_loading(self) -> bool:
        return self._loading

    def _get_export_dir(self) -> str:
        return str(self._export_dir)

    def _get_last_export(self) -> str:
        return self._last_export

    rows = Property(QObject, _get_rows, constant=True)
    list = Property(list, _get_list, notify=changed)
    total = Property(dict, _get_total, notify=changed)
    dateFrom = Property(str, _get_from, notify=changed)
    dateTo = Property(str, _get_to, notify=changed)
    by = Property(str, _get_by, notify=changed)
    preset = Property(str, _get_preset, notify=changed)
    loading = Property(bool, _get_loading, notify=changed)
    exportDir = Property(str, _get_export_dir, constant=True)
    lastExport = Property(str, _get_last_export, notify=changed)

    def clear(self) -> None:
        self._report, self._range, self._preset, self._loading = None, None, "today", False
        self._rows.set_rows([])
        self.changed.emit()

    @Slot(str)
    def showPreset(self, preset: str) -> None:
        """Today, the last 7 days or this month."""
        if preset not in reports.STATS_PRESETS:
            return
        self._preset = preset
        self._range = reports.preset_range(preset, self._today())
        self.load()

    @Slot(str, str)
    def showRange(self, first: str, last: str) -> None:
        """Days typed as YYYY-MM-DD; a bad date or range is said here and nothing is read."""
        date_from, date_to = reports.parse_day(first), reports.parse_day(last)
        if date_from is None or date_to is None:
            self._hall.say(tr("日期格式应为 YYYY-MM-DD"), error=True)
            return
        if date_from > date_to:
            self._hall.say(tr("开始日期晚于结束日期"), error=True)
            return
        if (date_to - date_from).days >= reports.MAX_RANGE_DAYS:
            self._hall.say(tr("统计范围最长366天"), error=True)
            return
        self._preset = ""
        self._range = (date_from, date_to)
        self.load()

    @Slot(str)
    def showBy(self, by: str) -> None:
        """Group the figures per day, category or window."""
        if by in reports.STATS_GROUPINGS:
            self._by = by
            self.load()

    def _params(self) -> dict[str, str]:
        if self._range is None:
            self._range = reports.preset_range(self._preset or "today", self._today())
        first, last = self._range
        return {"from": first.isoformat(), "to": last.isoformat(), "by": self._by}

    @Slot()
    def load(self) -> None:
        if not self._hall.signed_in():
            return
        params = self._params()
        self._loading = True
        self.changed.emit()

        def answer(report: StatsReport) -> None:
            if self._params() != params:
                return  # the manager asked for another range meanwhile; its own answer follows
            self._take(report)

        self._hall.read("/stats", StatsReport, answer, params, lost=self._not_loading, refused=self._refused)

    def _refused(self, _code: str, _zh: str, _en: str) -> None:
        self._not_loading()

    def _not_loading(self) -> None:
        self._loading = False
        self.changed.emit()

    def _take(self, report: StatsReport) -> None:
        self._report = report
        self._loading = False
        self._rows.set_rows([self._row(r) for r in report.rows])
        self.changed.emit()

    def _row(self, row: StatsRow) -> dict[str, Any]:
        """A row of figures with `label` (its name in the UI's language) and `short` (for a chart's axis)."""
        key = row.key
        label = named(row.name, row.name_en, self._hall.lang) or key
        by = self._report.by if self._report else ""
        if by == "day" and len(key) == 10:
            short = key[5:]  # MM-DD
        elif by == "window":
            config = self._hall.config
            window = next((w for w in config.windows if w.code == key), None) if config else None
            if window is not None:
                label = named(window.name, window.name_en, self._hall.lang) or label
            short = key  # sixteen windows side by side: their codes fit under the bars, the table has names
        else:
            short = label
        return _row(row, label=label, short=short)

    @Slot()
    def exportCsv(self) -> None:
        """Fetch the figures shown as CSV and save them under the export folder."""
        if not self._hall.signed_in():
            return
        params = self._params()
        name = reports.export_name(params["by"], dt.date.fromisoformat(params["from"]),
                                   dt.date.fromisoformat(params["to"]))
        folder = self._export_dir
        signals = (self._exportSaved, self._exportFailed)

        def save(data: bytes) -> None:
            def write() -> None:  # on a pool thread: the GUI never waits on the disk
                try:
                    signals[0].emit(str(reports.save_export(folder, name, data)))
                except OSError as exc:
                    signals[1].emit(str(exc))

            QThreadPool.globalInstance().start(write)

        self._hall.fetch_file("/stats.csv", params, save, self._export_lost)
        self._hall.say(tr("正在导出…"))

    def _export_lost(self) -> None:
        self._hall.say(tr("导出失败：无法连接服务器"), error=True)

    def _on_export_saved(self, path: str) -> None:
        self._last_export = path
        self.changed.emit()
        self.exported.emit(path)
        self._hall.say(tr("已导出到 %1").replace("%1", path))

    def _on_export_failed(self, why: str) -> None:
        log.warning("statistics export could not be saved: %s", why)
        self._hall.say(tr("导出失败，无法写入 %1").replace("%1", str(self._export_dir)), error=True)
