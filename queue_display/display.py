"""queue-display: the hall call-number display (综合屏) of the silent calling system.

Calls are shown, and announced only where the hall file says so for this display (`sound`: a
chime, or the call spoken): the newest call large and moving for a few seconds, the calls
before it, per category the people waiting and the estimated wait, a scrolling notices line, the
clock and date. It follows the hall server's event stream through `EventLink`, so after a
network fault it replays the calls it missed, in order and each once.

Its language is the one it is started in, unless its row of the hall file says otherwise
(`language = "zh" | "en" | "alternate"`): with "alternate" its texts change between Chinese and
English every `alternate_seconds` (8), never while a new call is flashing. The band shown while
it is not connected says why in both languages at once.

    queue-display --server http://10.0.0.5:8000 --token TOKEN [--area 二楼] [--lang en]
                  [--windowed 1920x1080] [--notice TEXT]...
    queue-display --demo                      # the demo hall server and its display token
"""
from __future__ import annotations

import argparse
import datetime as dt
import logging
import math
import pathlib
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import (
    Property, QAbstractListModel, QByteArray, QCoreApplication, QDate, QLocale, QModelIndex,
    QObject, QPersistentModelIndex, Qt, QTimer, QTranslator, Signal, Slot,
)
from PySide6.QtQuick import QQuickWindow
from pydantic import ValidationError

from hall_rules.names import window_name
from hall_server.schema import (CategoryStatus, Event, EventWindow, HallInfo, Snapshot, Ticket, TicketEventData,
                                WindowStatus)
from hall_server.schema import NoticeList as HallNotices  # display.NoticeList is the scrolling line's model
from qtkit import shell
from qtkit.speech import DEFAULT_ENGINE, Chime, Player, QtSpeaker, Speaker

from . import appshell
from .link import LIVE, EventLink
from .names import named

log = logging.getLogger(__name__)

ROOT = pathlib.Path(__file__).resolve().parent
_ROOT_INDEX = QModelIndex()  # the invalid index every list row hangs from (never changed, so one is shared)
QML = ROOT / "qml" / "display" / "Main.qml"
I18N = ROOT.parent / "assets" / "i18n"
DEMO_SERVER = "http://127.0.0.1:8000"
EXAMPLE_SIZE = "1920x1080"
DEMO_TOKEN = "demo-display-hall-5a7e90c2d418"
FONT = "Noto Sans CJK SC"
# The clock shows the hall's time, not the machine's (often left on UTC): this zone until the
# hall's /config names its own.
DEFAULT_TIMEZONE = "Asia/Shanghai"

HISTORY_SIZE = 6
SNAPSHOT_EVERY_MS = 30_000
ESTIMATE_REFRESH_MS = 3_000  # an early snapshot when a category's estimate is not known yet
ACTIVE = {"waiting", "called", "serving", "held"}
CALLED = ("called", "serving")
#: The call chime (scripts/make_chime.py writes it).
CHIME_WAV = ROOT.parent / "assets" / "sounds" / "chime.wav"
DEFAULT_NOTICE = ("欢迎光临！请留意屏幕叫号，过号请到服务台咨询。"
                  "　Welcome! Please watch this screen for your number.")
# Why the calls may be old, in both languages (the band shows the one the screen is not in beside
# the translated one): link state -> (Chinese, English), as in assets/i18n/display_en.ts.
LINK_TEXTS = {
    "unauthorized": ("显示屏未获授权，请联系管理员", "Display not authorised: please call the hall manager"),
    "connecting": ("正在连接…", "Connecting…"),
    "reconnecting": ("正在重新连接…", "Reconnecting…"),
}
LANGUAGES = ("zh", "en")


@dataclass
class Call:
    """One call as the display shows it."""

    ticket_id: int
    number: str
    window_code: str
    window_name: str
    masked_name: str
    window_name_en: str = ""  # the window's name on the English screen (an alternating display shows both)

    def window(self, lang: str) -> str:
        return self.window_name_en if lang == "en" and self.window_name_en else self.window_name


def window_label(window: EventWindow | WindowStatus, lang: str) -> str:
    """How a window is named on screen: its hall name; in English its `name_en`, else "Window 7"
    (a citizen reading English is better served by a number than by a Chinese name)."""
    if lang == "zh":
        return window.name or window_name(window.code)
    if window.name_en.strip():
        return named(window.name, window.name_en, lang)
    return window_name(window.code, "en")


def tr(text: str) -> str:
    return QCoreApplication.translate("HallDisplay", text)


def spoken_call(call: Call, lang: str) -> str:
    """A call as the display says it, in its language: 请 A012 号到 3号窗口."""
    return tr("请 %1 号到 %2").replace("%1", call.number).replace("%2", call.window(lang))


class CallAnnouncer:
    """Announces a call as the hall file's `sound` for this display says: not at all (silent, the
    default), a chime, or the call spoken. The chime and the speech engine are made the first time
    they are needed, so a silent display loads neither.

    Args:
        lang: the display's language, the one the call is spoken in.
        make_chime / make_speaker: make the player of the chime and the speaker.
    """

    def __init__(self, lang: str, make_chime: Callable[[], Player] | None = None,
                 make_speaker: Callable[[], Speaker] | None = None) -> None:
        self.lang = lang
        self.sound = "silent"
        self._make_chime = make_chime or (lambda: Chime(CHIME_WAV))
        self._make_speaker = make_speaker or (lambda: QtSpeaker(DEFAULT_ENGINE))
        self._chime: Player | None = None
        self._speaker: Speaker | None = None

    def announce(self, call: Call) -> None:
        """A call or a recall was put on screen."""
        if self.sound == "chime":
            if self._chime is None:
                self._chime = self._make_chime()
            self._chime.play()
        elif self.sound == "voice":
            if self._speaker is None:
                self._speaker = self._make_speaker()
            self._speaker.say(spoken_call(call, self.lang), self.lang)


class CallHistory(QAbstractListModel):
    """The calls before the newest one, newest first, each ticket once."""

    NumberRole = Qt.ItemDataRole.UserRole + 1
    WindowRole = Qt.ItemDataRole.UserRole + 2
    NameRole = Qt.ItemDataRole.UserRole + 3

    def __init__(self, lang: str, parent: QObject | None = None):
        super().__init__(parent)
        self._lang = lang
        self._calls: list[Call] = []

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT_INDEX) -> int:
        return 0 if parent.isValid() else len(self._calls)

    def roleNames(self) -> dict[int, QByteArray]:
        return {self.NumberRole: QByteArray(b"number"), self.WindowRole: QByteArray(b"windowName"),
                self.NameRole: QByteArray(b"maskedName")}

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._calls):
            return None
        call = self._calls[index.row()]
        if role in (self.NumberRole, Qt.ItemDataRole.DisplayRole):
            return call.number
        if role == self.WindowRole:
            return call.window(self._lang)
        if role == self.NameRole:
            return call.masked_name
        return None

    @property
    def calls(self) -> list[Call]:
        return list(self._calls)

    def set_lang(self, lang: str) -> None:
        """Name the windows in this language from now on."""
        self._lang = lang
        if self._calls:
            self.dataChanged.emit(self.index(0), self.index(len(self._calls) - 1), [self.WindowRole])

    def take(self, ticket_id: int) -> Call | None:
        """Remove and return the ticket's entry, if it is listed."""
        for row, call in enumerate(self._calls):
            if call.ticket_id == ticket_id:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._calls[row]
                self.endRemoveRows()
                return call
        return None

    def push(self, call: Call) -> None:
        """Put a call on top; the oldest beyond HISTORY_SIZE goes."""
        self.beginInsertRows(QModelIndex(), 0, 0)
        self._calls.insert(0, call)
        self.endInsertRows()
        if len(self._calls) > HISTORY_SIZE:
            self.beginRemoveRows(QModelIndex(), HISTORY_SIZE, len(self._calls) - 1)
            del self._calls[HISTORY_SIZE:]
            self.endRemoveRows()

    def clear(self) -> None:
        self.beginResetModel()
        self._calls.clear()
        self.endResetModel()


@dataclass
class CategoryRow:
    code: str
    prefix: str
    name: str
    waiting: int
    minutes_per_person: float | None  # from the server's estimate; None until it has given one
    warn_waiting: int
    open_now: bool
    name_en: str = ""

    def label(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name

    @property
    def estimate(self) -> int:
        """Estimated wait in minutes for a newcomer, -1 when not known yet."""
        if self.waiting == 0:
            return 0
        if self.minutes_per_person is None:
            return -1
        return math.ceil(self.waiting * self.minutes_per_person - 1e-9)


class WaitingList(QAbstractListModel):
    """Per category: people waiting and the estimated wait."""

    NameRole = Qt.ItemDataRole.UserRole + 1
    PrefixRole = Qt.ItemDataRole.UserRole + 2
    WaitingRole = Qt.ItemDataRole.UserRole + 3
    EstimateRole = Qt.ItemDataRole.UserRole + 4
    BusyRole = Qt.ItemDataRole.UserRole + 5
    OpenRole = Qt.ItemDataRole.UserRole + 6
    CodeRole = Qt.ItemDataRole.UserRole + 7

    def __init__(self, lang: str, parent: QObject | None = None):
        super().__init__(parent)
        self._lang = lang
        self._rows: list[CategoryRow] = []

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT_INDEX) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def roleNames(self) -> dict[int, QByteArray]:
        return {self.NameRole: QByteArray(b"name"), self.PrefixRole: QByteArray(b"prefix"),
                self.WaitingRole: QByteArray(b"waiting"), self.EstimateRole: QByteArray(b"estimate"),
                self.BusyRole: QByteArray(b"busy"), self.OpenRole: QByteArray(b"openNow"),
                self.CodeRole: QByteArray(b"code")}

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        name = row.label(self._lang)
        return {self.NameRole: name, Qt.ItemDataRole.DisplayRole: name, self.PrefixRole: row.prefix,
                self.WaitingRole: row.waiting, self.EstimateRole: row.estimate,
                self.BusyRole: row.warn_waiting > 0 and row.waiting >= row.warn_waiting,
                self.OpenRole: row.open_now, self.CodeRole: row.code}.get(role)

    @property
    def rows(self) -> list[CategoryRow]:
        return list(self._rows)

    def codes(self) -> set[str]:
        return {r.code for r in self._rows}

    def set_lang(self, lang: str) -> None:
        """Name the categories in this language from now on."""
        self._lang = lang
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1), [self.NameRole])

    def set_categories(self, categories: list[CategoryStatus]) -> None:
        """Take the categories of a snapshot (names, counts, estimates)."""
        known = {r.code: r for r in self._rows}
        rows = []
        for c in categories:
            waiting = c.waiting
            per = (c.estimated_wait_minutes / waiting if waiting
                   else getattr(known.get(c.code), "minutes_per_person", None))
            rows.append(CategoryRow(code=c.code, prefix=c.prefix, name=c.name, name_en=c.name_en,
                                    waiting=waiting, minutes_per_person=per, warn_waiting=c.warn_waiting,
                                    open_now=c.open_now))
        if [r.code for r in rows] == [r.code for r in self._rows]:
            self._rows = rows
            if rows:
                self.dataChanged.emit(self.index(0), self.index(len(rows) - 1))
        else:
            self.beginResetModel()
            self._rows = rows
            self.endResetModel()

    def set_waiting(self, counts: dict[str, int]) -> bool:
        """Update the waiting counts; True if an estimate is not known yet for someone waiting."""
        unknown = False
        for i, row in enumerate(self._rows):
            n = counts.get(row.code, 0)
            if n != row.waiting:
                row.waiting = n
                self.dataChanged.emit(self.index(i), self.index(i))
            unknown |= row.estimate < 0
        return unknown


class NoticeList(QAbstractListModel):
    """The lines of the scrolling notices: the hall manager's, else those given with --notice."""

    TextRole = Qt.ItemDataRole.UserRole + 1
    SEPARATOR = "　　◆　　"
    lineChanged = Signal()

    def __init__(self, notices: Sequence[str], parent: QObject | None = None):
        super().__init__(parent)
        self._notices = [n for n in notices if n.strip()]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT_INDEX) -> int:
        return 0 if parent.isValid() else len(self._notices)

    def roleNames(self) -> dict[int, QByteArray]:
        return {self.TextRole: QByteArray(b"text")}

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if index.isValid() and 0 <= index.row() < len(self._notices) and role in (
                self.TextRole, Qt.ItemDataRole.DisplayRole):
            return self._notices[index.row()]
        return None

    @property
    def notices(self) -> list[str]:
        return list(self._notices)

    def set_notices(self, notices: Sequence[str]) -> None:
        self.beginResetModel()
        self._notices = [n for n in notices if n.strip()]
        self.endResetModel()
        self.lineChanged.emit()

    def _line(self) -> str:
        return self.SEPARATOR.join(self._notices)

    line = Property(str, _line, notify=lineChanged)  # all notices as the one scrolling line


class HallDisplay(QObject):
    """The display's state for QML: the newest call, the history, waiting counts, clock, link state."""

    changed = Signal()
    callChanged = Signal()
    callShown = Signal(str)  # a call or recall was put on screen (its number): QML starts the highlight
    linkStateChanged = Signal()
    clockChanged = Signal()
    hallChanged = Signal()
    languageChanged = Signal(str)  # the screen's language changed (alternation, or the hall file's setting)
    alternationChanged = Signal()

    def __init__(self, server_url: str, token: str, area: str | None = None, lang: str = "zh",
                 notices: Sequence[str] = (), parent: QObject | None = None, *,
                 announcer: CallAnnouncer | None = None):
        super().__init__(parent)
        self._lang = lang
        self.announcer = announcer or CallAnnouncer(lang)
        self._area = area
        self._alternate_ms = 0  # 0: one language; else the time in each before switching
        self._config: HallInfo | None = None
        self._notice_answer: HallNotices | None = None
        self._hall_name = ""
        self._current: Call | None = None
        self._call_serial = 0
        self._tickets: dict[int, tuple[str, str]] = {}  # id -> (category, state), today's active tickets
        self._windows: dict[str, WindowStatus] = {}
        self._applied_seq = -1
        self._history = CallHistory(lang, self)
        self._waiting = WaitingList(lang, self)
        self._fallback_notices = list(notices) or [DEFAULT_NOTICE]
        self._notices = NoticeList(self._fallback_notices, self)
        self._locale = self._locale_of(lang)
        self._clock_text = ""
        self._date_text = ""
        self._tz = ZoneInfo(DEFAULT_TIMEZONE)

        self.link = EventLink(server_url, token, area, self)
        self.link.snapshotReceived.connect(self._on_snapshot)
        self.link.snapshotRefreshed.connect(self._on_refreshed)
        self.link.eventReceived.connect(self._on_event)
        self.link.stateChanged.connect(self.linkStateChanged)

        self._refresh = QTimer(self, interval=SNAPSHOT_EVERY_MS)
        self._refresh.timeout.connect(self.link.refresh)
        self._early_refresh = QTimer(self, singleShot=True, interval=ESTIMATE_REFRESH_MS)
        self._early_refresh.timeout.connect(self.link.refresh)
        self._clock = QTimer(self, singleShot=True)
        self._clock.timeout.connect(self._tick)
        self._tick()

    def start(self) -> None:
        self.link.start()
        self._refresh.start()

    def stop(self) -> None:
        self.link.stop()
        self._refresh.stop()
        self._early_refresh.stop()
        self._clock.stop()

    # --- properties for QML -----------------------------------------------------------------

    def _lang_get(self) -> str:
        return self._lang

    def _area_get(self) -> str:
        return self._area or ""

    def _hall_get(self) -> str:
        return self._hall_name

    def _link_state(self) -> str:
        return self.link.state

    def _live(self) -> bool:
        return self.link.state == LIVE

    def _number(self) -> str:
        return self._current.number if self._current else ""

    def _window(self) -> str:
        return self._current.window(self._lang) if self._current else ""

    def _name(self) -> str:
        return self._current.masked_name if self._current else ""

    def _serial(self) -> int:
        return self._call_serial

    def _clock_get(self) -> str:
        return self._clock_text

    def _date_get(self) -> str:
        return self._date_text

    def _history_get(self) -> QObject:
        return self._history

    def _waiting_get(self) -> QObject:
        return self._waiting

    def _notices_get(self) -> QObject:
        return self._notices

    def _link_other(self) -> str:
        zh, en = LINK_TEXTS.get(self.link.state, LINK_TEXTS["reconnecting"])
        return en if self._lang == "zh" else zh

    def _alternating(self) -> bool:
        return self._alternate_ms > 0

    def _alternate_ms_get(self) -> int:
        return self._alternate_ms

    lang = Property(str, _lang_get, notify=languageChanged)
    linkTextOther = Property(str, _link_other, notify=linkStateChanged)  # the band's text in the other language
    alternating = Property(bool, _alternating, notify=alternationChanged)
    alternateMs = Property(int, _alternate_ms_get, notify=alternationChanged)
    area = Property(str, _area_get, constant=True)
    hallName = Property(str, _hall_get, notify=hallChanged)
    linkState = Property(str, _link_state, notify=linkStateChanged)
    live = Property(bool, _live, notify=linkStateChanged)
    currentNumber = Property(str, _number, notify=callChanged)
    currentWindow = Property(str, _window, notify=callChanged)
    currentName = Property(str, _name, notify=callChanged)
    callSerial = Property(int, _serial, notify=callChanged)
    clockText = Property(str, _clock_get, notify=clockChanged)
    dateText = Property(str, _date_get, notify=clockChanged)
    history = Property(QObject, _history_get, constant=True)
    waiting = Property(QObject, _waiting_get, constant=True)
    notices = Property(QObject, _notices_get, constant=True)

    @property
    def current(self) -> Call | None:
        return self._current

    # --- the language -------------------------------------------------------------------------

    @staticmethod
    def _locale_of(lang: str) -> QLocale:
        if lang == "zh":
            return QLocale(QLocale.Language.Chinese, QLocale.Country.China)
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)

    def set_alternation(self, seconds: float) -> None:
        """Switch languages every `seconds` (0: stay in one); QML's timer asks for each switch."""
        ms = max(0, round(seconds * 1000))
        if ms != self._alternate_ms:
            self._alternate_ms = ms
            self.alternationChanged.emit()

    @Slot()
    def switchLanguage(self) -> None:
        """The other language, now (QML calls this once a call's flash is over)."""
        self.set_language("en" if self._lang == "zh" else "zh")

    def set_language(self, lang: str) -> None:
        """Every text of the screen in `lang`: the models', the hall's name, the date and the notices here,
        the QML's own through the translator (DisplayApp follows languageChanged)."""
        if lang == self._lang or lang not in LANGUAGES:
            return
        self._lang = lang
        self._locale = self._locale_of(lang)
        self._history.set_lang(lang)
        self._waiting.set_lang(lang)
        self.languageChanged.emit(lang)
        self.callChanged.emit()
        self.linkStateChanged.emit()
        if self._config is not None:
            self._name_hall(self._config)
        if self._notice_answer is not None:
            self._on_notices(self._notice_answer)
        self._tick()

    @property
    def history_model(self) -> CallHistory:
        return self._history

    @property
    def waiting_model(self) -> WaitingList:
        return self._waiting

    @property
    def notice_model(self) -> NoticeList:
        return self._notices

    # --- the clock ----------------------------------------------------------------------------

    @Slot()
    def _tick(self) -> None:
        now = dt.datetime.now(self._tz)
        self._clock_text = f"{now:%H:%M:%S}"
        fmt = "yyyy年M月d日 dddd" if self._lang == "zh" else "dddd d MMMM yyyy"
        self._date_text = self._locale.toString(QDate(now.year, now.month, now.day), fmt)
        self.clockChanged.emit()
        self._clock.start(1000 - now.microsecond // 1000 + 5)  # on the next second

    # --- the hall's state ---------------------------------------------------------------------

    def _on_snapshot(self, snapshot: Snapshot) -> None:
        """A first (or fresh) snapshot: the whole state, and the calls on screen if none are yet."""
        self._take_state(snapshot)
        self.link.fetch("/config", HallInfo, self._on_config)
        self.link.fetch("/notices", HallNotices, self._on_notices)
        if self._current is None:
            called = [(t, self._windows[t.window]) for t in snapshot.tickets if t.called_at and t.window
                      and t.state in CALLED and t.window in self._windows]
            called.sort(key=lambda pair: (pair[0].called_at, pair[0].id))
            for ticket, window in called[-(HISTORY_SIZE + 1):]:
                self._show(ticket, window, highlight=False)

    def _on_refreshed(self, snapshot: Snapshot) -> None:
        if snapshot.seq >= self._applied_seq:
            self._take_state(snapshot)
        else:  # events after it are already applied: take its estimates, keep our counts
            self._waiting.set_categories(snapshot.categories)
            self._recount()

    def _take_state(self, snapshot: Snapshot) -> None:
        self._applied_seq = snapshot.seq
        self._windows = {w.code: w for w in snapshot.windows}
        self._tickets = {t.id: (t.category, t.state) for t in snapshot.tickets}
        self._waiting.set_categories(snapshot.categories)
        self._recount()

    def _on_notices(self, answer: HallNotices) -> None:
        """The hall manager's notices for this display's area; the configured lines when there are none."""
        self._notice_answer = answer
        lines = [named(n.text, n.text_en, self._lang) for n in answer.notices if n.active]
        self._notices.set_notices(lines or self._fallback_notices)

    def _name_hall(self, config: HallInfo) -> None:
        name = named(config.name, config.name_en, self._lang)
        if name != self._hall_name:
            self._hall_name = name
            self.hallChanged.emit()

    def _on_config(self, config: HallInfo) -> None:
        self._config = config
        self.announcer.sound = config.sound
        settings = config.display
        if settings is not None:  # this display's row of the hall file sets its language
            alternate = settings.language == "alternate"
            self.set_alternation(settings.alternate_seconds if alternate else 0)
            if not alternate:
                self.set_language(settings.language)
        self._name_hall(config)
        zone = config.timezone
        if zone != self._tz.key:
            try:
                self._tz = ZoneInfo(zone)
            except (ZoneInfoNotFoundError, ValueError):
                log.warning("unknown hall time zone %r; the clock keeps %s time", zone, self._tz.key)
                return
            self._tick()

    def _on_event(self, event: Event) -> None:
        self._applied_seq = event.seq
        kind = event.type
        if kind == "notice.changed":
            self.link.fetch("/notices", HallNotices, self._on_notices)
        if kind == "day.rolled":
            self._tickets.clear()
            self._history.clear()
            self._current = None
            self._call_serial += 1
            self.callChanged.emit()
            self._recount()
            self.link.refresh()
            return
        if not kind.startswith("ticket."):
            return
        try:
            data = TicketEventData.model_validate(event.data)
        except ValidationError as exc:
            log.error("%s event %d is not what the schema says; not shown: %s", kind, event.seq, exc)
            return
        ticket = data.ticket
        if ticket.state in ACTIVE:
            self._tickets[ticket.id] = (ticket.category, ticket.state)
        else:
            self._tickets.pop(ticket.id, None)
        self._recount()
        window = data.window
        if kind in ("ticket.called", "ticket.recalled") and window is not None:
            if self._area is None or window.area == self._area:
                self._show(ticket, window, highlight=True)

    def _recount(self) -> None:
        counts: dict[str, int] = {}
        for category, state in self._tickets.values():
            if state == "waiting":
                counts[category] = counts.get(category, 0) + 1
        if self._waiting.set_waiting(counts) and not self._early_refresh.isActive():
            self._early_refresh.start()

    def _show(self, ticket: Ticket, window: EventWindow | WindowStatus, highlight: bool) -> None:
        """Put a call (or recall) on screen as the newest; the ticket is listed once."""
        call = Call(ticket_id=ticket.id, number=ticket.number, window_code=window.code,
                    window_name=window_label(window, "zh"), masked_name=ticket.masked_name or "",
                    window_name_en=window_label(window, "en"))
        if self._current is None or self._current.ticket_id != call.ticket_id:
            self._history.take(call.ticket_id)
            if self._current is not None:
                self._history.push(self._current)
        self._current = call
        self._call_serial += 1
        self.callChanged.emit()
        if highlight:
            self.callShown.emit(call.number)
            self.announcer.announce(call)


# --- the app ----------------------------------------------------------------------------------

def install_translator(app: QCoreApplication, lang: str) -> QTranslator | None:
    return appshell.install_translator(app, "display", lang)


class RenderReport(QObject):
    """Prints `rendered <number> <time.monotonic()>` once the first frame showing a new call is swapped,
    and `link <state> <time.monotonic()>` as the link's state changes (for bench/call_latency.py)."""

    def __init__(self, display: HallDisplay, window: QQuickWindow):
        super().__init__(display)
        self._pending: str | None = None  # set on the GUI thread
        self._synced: str | None = None  # taken while the scene is synchronised (GUI thread blocked)
        display.callShown.connect(self._on_call)
        display.link.stateChanged.connect(self._on_link)
        window.beforeSynchronizing.connect(self._on_sync, Qt.ConnectionType.DirectConnection)
        window.frameSwapped.connect(self._on_swapped, Qt.ConnectionType.DirectConnection)
        window.update()

    @Slot(str)
    def _on_call(self, number: str) -> None:
        self._pending = number

    @Slot(str)
    def _on_link(self, state: str) -> None:
        sys.stdout.write(f"link {state} {time.monotonic():.6f}\n")
        sys.stdout.flush()

    @Slot()
    def _on_sync(self) -> None:
        if self._pending is not None:
            self._synced, self._pending = self._pending, None

    @Slot()
    def _on_swapped(self) -> None:
        if self._synced is not None:
            number, self._synced = self._synced, None
            sys.stdout.write(f"rendered {number} {time.monotonic():.6f}\n")
            sys.stdout.flush()


class DisplayApp(QObject):
    """One running display: its state, the QML engine and the window."""

    def __init__(self, server_url: str, token: str, area: str | None = None, lang: str = "zh",
                 notices: Sequence[str] = (), parent: QObject | None = None, *,
                 announcer: CallAnnouncer | None = None):
        super().__init__(parent)
        self.display = HallDisplay(server_url, token, area, lang, notices, self, announcer=announcer)
        # The display's own translator, so that it can change language while it runs.
        app = QCoreApplication.instance()
        assert app is not None, "a display needs its QApplication"
        self._app: QCoreApplication = app
        self._translator = None if lang == "zh" else install_translator(self._app, lang)
        self.engine, self.window = shell.load_qml(self, QML, "display", self.display)
        self.display.languageChanged.connect(self._translate)
        self._closed = False
        self.display.start()

    @Slot(str)
    def _translate(self, lang: str) -> None:
        """The QML's own texts in the screen's new language."""
        if self._translator is not None:
            self._app.removeTranslator(self._translator)
            self._translator = None
        if lang != "zh":
            self._translator = install_translator(self._app, lang)
        self.engine.retranslate()

    def close(self) -> None:
        """Stop the link and drop the window (tests call this; the app just quits). Once is enough."""
        if self._closed:
            return
        self._closed = True
        self.display.stop()
        if self._translator is not None:
            self._app.removeTranslator(self._translator)
            self._translator = None
        shell.drop_window(self.engine, self.window)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="queue-display", description="Hall call-number display (silent calling)")
    p.add_argument("--server", help="hall server URL, e.g. http://10.0.0.5:8000")
    p.add_argument("--token", help="the display's device token from the hall file")
    p.add_argument("--demo", action="store_true",
                   help=f"the demo hall server at {DEMO_SERVER} with the demo display token")
    p.add_argument("--area", help="show only the calls of windows in this area/floor, e.g. 二楼")
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.add_argument("--windowed", metavar="WxH", help="a window of this size instead of full screen")
    p.add_argument("--notice", action="append", default=[], metavar="TEXT",
                   help="a line for the scrolling notices (repeatable); default: a bilingual welcome")
    p.add_argument("--report-render", action="store_true", help=argparse.SUPPRESS)  # for bench/call_latency.py
    p.add_argument("--log-level", default="INFO")
    args = p.parse_args(argv)
    if args.demo:
        args.server = args.server or DEMO_SERVER
        args.token = args.token or DEMO_TOKEN
    if not args.server or not args.token:
        p.error("give --server URL and --token TOKEN, or --demo")
    args.size = shell.window_size(p, args.windowed, EXAMPLE_SIZE)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    app = appshell.make_app("queue-display", "display", "zh", args.log_level, FONT)  # DisplayApp translates
    try:
        shown = DisplayApp(args.server, args.token, args.area, args.lang, args.notice)
    except ValueError as e:
        print(f"queue-display: {e}", file=sys.stderr)
        return 2
    if args.report_render:
        RenderReport(shown.display, shown.window)
    code = shell.run_window(app, shown.window, args.size)
    shown.close()
    return code


if __name__ == "__main__":
    sys.exit(main())
