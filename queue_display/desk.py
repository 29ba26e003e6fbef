"""The state of one window staff terminal (窗口叫号终端), exposed to QML.

The hall's event stream is the authority on what the window is doing: while the link is live,
command answers only end the "pending" state and the following events move the screen, in
order, so an answer and an older event can never fight. While the link is down, answers move
the screen themselves and the replay after the reconnect brings it to the server's state.
Answers and events arrive as the wire schema's models; an event whose data is not what the schema
says is logged and changes nothing but a read of the lists.
"""
from __future__ import annotations

import logging
import threading
import time
from typing import Any

from PySide6.QtCore import Property, QCoreApplication, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication
from pydantic import BaseModel, ValidationError

from drivers.printing.certificate import CertificatePrinter
from drivers.printing.errors import PrinterError
from hall_rules import queue as queue_rules
from hall_rules.names import window_name
from hall_server.schema import (RATING_LEVELS, CallResult, CategoryInfo, Event, FormConfirmAsked,
                                FormConfirmedData, HallInfo, HoldRequest, LoginResponse,
                                PauseRequest, RatingGivenData, RatingRequestInfo, Snapshot, StaffReasonInfo, Ticket,
                                TicketEventData,
                                TicketForm, TicketList, TicketResult, WindowEventData, WindowInfo, WindowResult,
                                WindowStatus)

from .api import ApiClient
from .link import EventLink
from .names import named, reason_choices, reason_name
from .ticket_model import ticket_list
from .wire import max_length

log = logging.getLogger(__name__)

ACTIVE_AT_WINDOW = ("called", "serving")
#: How often the lists are read again even without events (a safety net, not the live path).
REFRESH_MS = 30_000
_WINDOW_EVENTS = {"window.opened": "open", "window.paused": "paused", "window.closed": "closed"}
PAUSE_REASON_MAX = max_length(PauseRequest, "reason")
HOLD_REASON_MAX = max_length(HoldRequest, "reason")
#: How often the undo countdown after a no-show (过号) ticks.
UNDO_TICK_MS = 1000
#: What each window command answers; the rest (recall, start, finish, transfer, …) answer a TicketResult.
_ANSWERS: dict[str, type[BaseModel]] = {"open": WindowResult, "pause": WindowResult, "close": WindowResult,
                                        "call-next": CallResult, "rating-request": RatingRequestInfo}


def tr(text: str) -> str:
    return QCoreApplication.translate("WindowDesk", text)


class WindowDesk(QObject):
    """Login, window state, current ticket, waiting and held lists and the commands of one window."""

    changed = Signal()
    listsChanged = Signal()
    undoChanged = Signal()
    formChanged = Signal()
    ratingRequested = Signal(int)
    _formPrinted = Signal(str, bool)  # from the printing thread: the form's number, whether it came out

    def __init__(self, server_url: str, window: str, lang: str = "zh", parent: QObject | None = None, *,
                 retry_first_s: float = 0.5, retry_max_s: float = 10.0, events_url: str | None = None,
                 printer: str | None = None):
        """Args:
            events_url: where the event stream is, when not at `server_url` (a split proxy set-up).
            printer: the window's certificate printer (``cups://Queue`` or ``pdfdir:///path``), for
                打印表单; without one the panel says 本窗口未配置打印机.
        """
        super().__init__(parent)
        self._window = window
        self._events_url = events_url or server_url
        self._lang = lang
        self.api = ApiClient(server_url, parent=self, retry_first_s=retry_first_s, retry_max_s=retry_max_s)
        self.api.loggedIn.connect(self._on_logged_in)
        self.api.loginFailed.connect(self._on_login_failed)
        self.api.done.connect(self._on_done)
        self.api.refused.connect(self._on_refused)
        self.api.retrying.connect(self._on_retrying)
        self.api.sessionExpired.connect(self._on_session_expired)
        self.api.unanswered.connect(self._on_unanswered)
        self.api.fileReceived.connect(self._on_file)
        self._printer = CertificatePrinter.open(printer) if printer else None
        self._printing: str | None = None  # 打印表单: the form's PDF being read (its request id), then printed
        self._formPrinted.connect(self._on_form_printed)
        self.link: EventLink | None = None
        self._waiting = ticket_list(self)
        self._held = ticket_list(self)
        self._refresh = QTimer(self, singleShot=True, interval=50)
        self._refresh.timeout.connect(self._read_lists)
        self._safety = QTimer(self, interval=REFRESH_MS)
        self._safety.timeout.connect(self._read_lists)
        self._asking_expiry = QTimer(self, singleShot=True)
        self._asking_expiry.timeout.connect(self._on_asking_expired)
        self._undo_tick = QTimer(self, interval=UNDO_TICK_MS)
        self._undo_tick.timeout.connect(self._on_undo_tick)
        self._undo_seconds = queue_rules.NO_SHOW_UNDO_SECONDS  # the hall's, once /config is read
        self._reset()
        self.changed.connect(self._follow_form)

    def _reset(self) -> None:
        self._screen = "login"
        self._staff = ""
        self._window_name = ""
        self._state = ""
        self._reason = ""
        self._current: Ticket | None = None
        self._categories: dict[str, CategoryInfo] = {}
        self._windows: dict[str, WindowInfo] = {}
        self._pause_reasons: list[StaffReasonInfo] = []
        self._hold_reasons: list[StaffReasonInfo] = []
        self._waiting_tickets: list[Ticket] = []
        self._held_tickets: list[Ticket] = []
        self._command: str | None = None      # key of the command in flight (one at a time)
        self._command_path = ""
        self._attempt = 0
        self._error = ""
        self._notice = ""
        self._login_error = ""
        self._logging_in = False
        self._rating: Ticket | None = None   # the ticket just finished, until the next call
        self._asked: dict[str, Any] | None = None    # 请评价: the rating asked of this window's evaluator
        self._undo: Ticket | None = None      # this terminal's last no-show, while it may be undone
        self._undo_until = 0.0                # time.monotonic() at which the undo offer ends
        self._undo_tick.stop()
        self._link_stopped = False
        self._link_was_live = False           # the link has been live once: its next "live" is a reconnect
        self._reads: dict[str, str] = {}      # request id -> what it reads
        self._stale = False                   # the lists changed while a read was in flight
        self._form: TicketForm | None = None  # 电子填单: the form of the ticket at the window, if it has one
        self._form_for: int | None = None     # the ticket whose form was asked for
        self._form_ask: str | None = None     # 请群众核对 in flight (its idempotency key)
        self._form_asked = False              # the evaluator shows the form; the citizen's answer awaited
        self._waiting.set_rows([])
        self._held.set_rows([])

    # --- properties for QML -------------------------------------------------------------------

    def _get_screen(self) -> str:
        return self._screen

    def _get_window_code(self) -> str:
        return self._window

    def _get_window_name(self) -> str:
        return self._window_name or window_name(self._window, self._lang)

    def _get_staff(self) -> str:
        return self._staff

    def _get_state(self) -> str:
        return self._state

    def _get_reason(self) -> str:
        """The pause reason's name in the UI's language (words stored before codes, as they are)."""
        return reason_name(self._reason, self._pause_reasons, self._lang)

    def _get_pause_reasons(self) -> list:
        return reason_choices(self._pause_reasons, self._lang)

    def _get_hold_reasons(self) -> list:
        return reason_choices(self._hold_reasons, self._lang)

    def _get_current(self) -> dict:
        return self._ticket_view(self._current) if self._current else {}

    def _get_busy(self) -> bool:
        return self._command is not None

    def _get_pending_text(self) -> str:
        if self._command is None:
            return ""
        if self._attempt > 1:
            return tr("网络中断，正在重试（第 %1 次）…").replace("%1", str(self._attempt))
        return tr("正在发送…")

    def _get_error(self) -> str:
        return self._error

    def _get_notice(self) -> str:
        return self._notice

    def _get_login_error(self) -> str:
        return self._login_error

    def _get_logging_in(self) -> bool:
        return self._logging_in

    def _get_link_state(self) -> str:
        if self.link is None:
            return ""
        return "stopped" if self._link_stopped else self.link.state

    def _get_rating(self) -> dict:
        return self._ticket_view(self._rating) if self._rating else {}

    def _rating_subject(self) -> Ticket | None:
        """The ticket 请评价 is for: the one being served, or the one just finished (until the next call)."""
        if self._current is not None:
            return self._current if self._current.state == "serving" else None
        return self._rating

    def _get_asked(self) -> dict:
        a = self._asked
        if a is None:
            return {}
        level = a.get("level")
        name = ""
        if level in RATING_LEVELS:
            _, zh, en = RATING_LEVELS[level]
            name = en if self._lang == "en" else zh
        return {"number": a["number"], "state": a["state"], "level": level or 0, "levelName": name}

    def _get_lang(self) -> str:
        return self._lang

    def _undo_left(self) -> int:
        """Whole seconds left to undo the last no-show (0: no undo on offer)."""
        if self._undo is None:
            return 0
        return max(0, int(self._undo_until - time.monotonic() + 0.999))

    def _get_undo_number(self) -> str:
        return self._undo.number if self._undo is not None and self._undo_left() > 0 else ""

    def _get_undo_seconds(self) -> int:
        return self._undo_seconds

    def _get_undo_countdown(self) -> str:
        left = self._undo_left()
        return f"{left // 60}:{left % 60:02d}" if left else ""

    def _get_actions(self) -> dict:
        idle = self._command is None and self._screen == "work"
        is_open = self._state == "open"
        cur = self._current.state if self._current else None
        return {
            "open": idle and self._state != "open",
            "pause": idle and is_open,
            "close": idle and self._state != "closed" and cur is None,
            "callNext": idle and is_open and cur is None and self._waiting.count > 0,
            "callTicket": idle and is_open and cur is None,
            "recall": idle and cur == "called",
            "start": idle and cur == "called",
            "noShow": idle and cur == "called",
            "finish": idle and cur == "serving",
            "transfer": idle and cur in ACTIVE_AT_WINDOW,
            "hold": idle and cur in ACTIVE_AT_WINDOW,
            "resume": idle and is_open and cur is None and self._held.count > 0,
            "askRating": idle and self._can_ask(),
            "undoNoShow": idle and cur is None and self._get_undo_number() != "",
        }

    def _can_ask(self) -> bool:
        subject = self._rating_subject()
        if subject is None:
            return False
        a = self._asked
        return a is None or a["number"] != subject.number or a["state"] != "given"

    def _get_categories(self) -> list:
        return [{"code": c.code, "name": self._category_name(c.code)} for c in self._categories.values()]

    def _get_windows(self) -> list:
        return [{"code": w.code, "name": named(w.name, w.name_en, self._lang), "label": window_name(w.code, self._lang),
                 "serves": " · ".join(self._category_name(c) for c in w.categories)}
                for w in self._windows.values() if w.code != self._window]

    def _get_serves_text(self) -> str:
        return " · ".join(self._category_name(c) for c in self._serves())

    def _get_waiting(self) -> QObject:
        return self._waiting

    def _get_held(self) -> QObject:
        return self._held

    def _get_form(self) -> dict:
        f = self._form
        if f is None:
            return {}
        en = self._lang == "en"
        return {"number": f.number, "matterName": f.matter_name_en if en else f.matter_name,
                "values": [{"key": v.key, "label": v.label_en if en else v.label, "value": v.value}
                           for v in f.values],
                "missing": [m.name for m in f.materials if not m.have], "missingAccepted": f.missing_accepted,
                "confirmed": f.confirmed, "asking": self._form_ask is not None,
                "printing": self._printing is not None,
                "asked": self._form_asked and f.confirmed is None}

    screen = Property(str, _get_screen, notify=changed)
    form = Property(dict, _get_form, notify=formChanged)
    windowCode = Property(str, _get_window_code, constant=True)
    windowName = Property(str, _get_window_name, notify=changed)
    staffName = Property(str, _get_staff, notify=changed)
    windowState = Property(str, _get_state, notify=changed)
    pauseReason = Property(str, _get_reason, notify=changed)
    pauseReasons = Property(list, _get_pause_reasons, notify=changed)
    holdReasons = Property(list, _get_hold_reasons, notify=changed)
    current = Property(dict, _get_current, notify=changed)
    busy = Property(bool, _get_busy, notify=changed)
    pendingText = Property(str, _get_pending_text, notify=changed)
    errorText = Property(str, _get_error, notify=changed)
    notice = Property(str, _get_notice, notify=changed)
    loginError = Property(str, _get_login_error, notify=changed)
    loggingIn = Property(bool, _get_logging_in, notify=changed)
    linkState = Property(str, _get_link_state, notify=changed)
    rating = Property(dict, _get_rating, notify=changed)
    askedRating = Property(dict, _get_asked, notify=changed)
    lang = Property(str, _get_lang, constant=True)
    undoNumber = Property(str, _get_undo_number, notify=undoChanged)
    undoCountdown = Property(str, _get_undo_countdown, notify=undoChanged)
    undoSeconds = Property(int, _get_undo_seconds, notify=changed)
    actions = Property(dict, _get_actions, notify=changed)
    categories = Property(list, _get_categories, notify=changed)
    windows = Property(list, _get_windows, notify=changed)
    servesText = Property(str, _get_serves_text, notify=changed)
    waiting = Property(QObject, _get_waiting, constant=True)
    held = Property(QObject, _get_held, constant=True)

    # --- login ------------------------------------------------------------------------------

    @Slot(str, str)
    def login(self, username: str, pin: str) -> None:
        """Log in at this terminal's window; the window comes from the command line, not the user."""
        username = username.strip()
        if not username or not pin.isdigit() or not 4 <= len(pin) <= 12:
            self._login_error = tr("请输入工号和 4–12 位数字密码")
            self.changed.emit()
            return
        self._login_error = ""
        self._logging_in = True
        self.changed.emit()
        self.api.login(username, pin, self._window)

    @Slot()
    def logout(self) -> None:
        """Back to the login screen; the window keeps its state on the server."""
        self._end_session()
        self.changed.emit()

    def _end_session(self) -> None:
        if self.link is not None:
            self.link.stop()
            self.link.stateChanged.disconnect(self._on_link_state)
            self.link.deleteLater()
            self.link = None
        self._safety.stop()
        self.api.abandon_all()
        self.api.token = None
        self._reset()

    def _on_logged_in(self, answer: LoginResponse) -> None:
        self._logging_in = False
        self.api.token = answer.token
        self._staff = answer.name
        self._screen = "work"
        self.link = EventLink(self._events_url, answer.token, parent=self)
        self.link.snapshotReceived.connect(self._on_snapshot)
        self.link.snapshotRefreshed.connect(self._on_snapshot_refreshed)
        self.link.eventReceived.connect(self._on_event)
        self.link.stateChanged.connect(self._on_link_state)
        self._reads[self.api.get("/config", model=HallInfo)] = "config"
        self.link.start()
        self._safety.start()
        self._schedule_read()
        log.info("window %s: %s logged in", self._window, answer.role)
        self.changed.emit()

    def _on_login_failed(self, code: str, zh: str, en: str) -> None:
        self._logging_in = False
        self._login_error = en if self._lang == "en" else zh
        self.changed.emit()

    def _on_session_expired(self, zh: str, en: str) -> None:
        self._end_session()
        self._login_error = en if self._lang == "en" else zh
        self.changed.emit()

    def _on_link_state(self, state: str) -> None:
        if state == "live":
            if not self._categories and "config" not in self._reads.values():
                self._reads[self.api.get("/config", model=HallInfo)] = "config"
            if self._link_was_live and self.link is not None:
                # Back after a drop: the replay may not reach what happened meanwhile (the hall's
                # day may have turned over); the window's state is read again from the server.
                self.link.refresh()
            self._link_was_live = True
            self._schedule_read()
        self.changed.emit()

    def _on_unanswered(self, key: str, _path: str) -> None:
        # Not read again at once (the server is likely away): the link going live again, the next
        # event or the safety timer reads again.
        if self._reads.pop(key, None) == "form":
            self._form_for = None  # asked again with the next change
        if key == self._printing:
            self._printing = None
            self._error = tr("表单未能打印，请检查打印机")
            self.formChanged.emit()
        self._stale = False

    # --- 电子填单: the form of the ticket at the window ---------------------------------------------

    @Slot()
    def _follow_form(self) -> None:
        """Ask for the form of the ticket called or served here, once per ticket; forget it when it goes."""
        current = self._current
        wanted = current.id if current is not None and current.state in ACTIVE_AT_WINDOW else None
        if wanted == self._form_for:
            return
        self._form_for = wanted
        self._form_ask = None
        self._form_asked = False
        if self._form is not None:
            self._form = None
            self.formChanged.emit()
        if wanted is not None and self.api.token:
            self._reads[self.api.get(f"/tickets/{wanted}/form", model=TicketForm)] = "form"

    @Slot()
    def askFormConfirm(self) -> None:
        """请群众核对: the window's evaluator shows the form to the citizen (the ID number masked)."""
        if self._form is None or self._form_ask is not None:
            return
        self._form_ask = self.api.post(f"/tickets/{self._form.ticket_id}/form/ask-confirm", None, FormConfirmAsked)
        self.formChanged.emit()

    @Slot()
    def printForm(self) -> None:
        """打印表单: the server's A4 PDF of the form (ID number masked) goes to the certificate printer."""
        if self._form is None or self._printing is not None:
            return
        if self._printer is None:
            self._error = tr("本窗口未配置打印机")
            self.changed.emit()
            return
        self._printing = self.api.get_file(f"/tickets/{self._form.ticket_id}/form.pdf")
        self.formChanged.emit()

    def _on_file(self, key: str, _path: str, data: object) -> None:
        if key != self._printing or self._printer is None or self._form is None or not isinstance(data, bytes):
            return
        printer, number, pdf = self._printer, self._form.number, data

        def send() -> None:  # lp waits for its job: off the GUI thread
            try:
                job = printer.print_pdf(pdf, title=f"form-{number}")
                done = job.completed
                if not done:
                    log.warning("form %s not printed: %s %s", number, job.outcome, job.detail)
            except (PrinterError, OSError) as exc:
                log.warning("form %s not printed: %s", number, exc)
                done = False
            self._formPrinted.emit(number, done)

        threading.Thread(target=send, name="form-print", daemon=True).start()

    def _on_form_printed(self, number: str, done: bool) -> None:
        self._printing = None
        if done:
            self._notice = tr("表单 %1 已送打印机").replace("%1", number)
        else:
            self._error = tr("表单未能打印，请检查打印机")
        self.formChanged.emit()
        self.changed.emit()

    def _form_answered(self, data: FormConfirmedData) -> None:
        """`form.confirmed` for the form shown: read it again (the answer is the server's)."""
        if self._form is not None and data.ticket == self._form.ticket_id and data.window == self._window:
            self._form_asked = False
            self._reads[self.api.get(f"/tickets/{data.ticket}/form", model=TicketForm)] = "form"

    @Slot(str)
    def copyFormValue(self, key: str) -> None:
        """One value of the form onto the clipboard, to paste into the back office's system."""
        value = next((v.value for v in self._form.values if v.key == key), None) if self._form else None
        clipboard = QGuiApplication.clipboard() if value is not None else None
        if clipboard is not None and value is not None:
            clipboard.setText(value)
            self._notice = tr("已复制")
            self.changed.emit()

    # --- commands ---------------------------------------------------------------------------

    def _command_to(self, action: str, body: dict[str, Any] | None = None) -> None:
        if self._command is not None or self._screen != "work":
            return
        self._error = ""
        if action != "rating-request":  # asked right after 办结: its result line stays
            self._notice = ""
        self._attempt = 1
        self._command_path = f"/windows/{self._window}/{action}"
        self._command = self.api.post(self._command_path, body, _ANSWERS.get(action, TicketResult))
        self.changed.emit()

    def _current_id(self) -> int | None:
        return self._current.id if self._current else None

    @Slot()
    def openWindow(self) -> None:
        self._command_to("open")

    @Slot(str)
    def pauseWindow(self, reason: str) -> None:
        reason = reason.strip()
        if reason:
            self._command_to("pause", {"reason": reason[:PAUSE_REASON_MAX]})

    @Slot()
    def closeWindow(self) -> None:
        self._command_to("close")

    @Slot()
    def callNext(self) -> None:
        if self._get_actions()["callNext"]:
            self._command_to("call-next", {})

    @Slot(int)
    def callTicket(self, ticket_id: int) -> None:
        self._command_to("call-next", {"ticket_id": ticket_id})

    def _ticket_command(self, action: str, key: str, **extra: Any) -> None:
        if self._get_actions()[key] and self._current_id() is not None:
            self._command_to(action, {"ticket_id": self._current_id(), **extra})

    @Slot()
    def recall(self) -> None:
        self._ticket_command("recall", "recall")

    @Slot()
    def noShow(self) -> None:
        self._ticket_command("no-show", "noShow")

    @Slot(int)
    def noShowTicket(self, ticket_id: int) -> None:
        """过号 as confirmed for this ticket: nothing when another ticket is at the window by now."""
        if self._current_id() == ticket_id:
            self.noShow()

    @Slot()
    def undoNoShow(self) -> None:
        """撤销过号: call the last no-show of this terminal here again, while the hall allows it."""
        if self._get_actions()["undoNoShow"] and self._undo is not None:
            self._command_to("undo-no-show", {"ticket_id": self._undo.id})

    def _offer_undo(self, ticket: Ticket) -> None:
        """A no-show just made here may be undone for the hall's no_show_undo_seconds."""
        if self._undo_seconds <= 0:
            return
        self._undo = ticket
        self._undo_until = time.monotonic() + self._undo_seconds
        self._undo_tick.start()
        self.undoChanged.emit()

    def _end_undo(self) -> None:
        if self._undo is not None:
            self._undo = None
            self._undo_tick.stop()
            self.undoChanged.emit()

    def _on_undo_tick(self) -> None:
        if self._undo_left() <= 0:
            self._end_undo()
            self.changed.emit()  # the undo action is off now
        else:
            self.undoChanged.emit()

    @Slot()
    def start(self) -> None:
        self._ticket_command("start", "start")

    @Slot()
    def finish(self) -> None:
        self._ticket_command("finish", "finish")

    @Slot(str, str)
    def transferToCategory(self, category: str, note: str) -> None:
        self._ticket_command("transfer", "transfer", category=category, **({"note": note} if note else {}))

    @Slot(str, str)
    def transferToWindow(self, window: str, note: str) -> None:
        self._ticket_command("transfer", "transfer", window=window, **({"note": note} if note else {}))

    @Slot(str)
    def hold(self, reason: str) -> None:
        if reason.strip():
            self._ticket_command("hold", "hold", reason=reason.strip()[:HOLD_REASON_MAX])

    @Slot(int)
    def resume(self, ticket_id: int) -> None:
        self._command_to("resume", {"ticket_id": ticket_id})

    @Slot()
    def askRating(self) -> None:
        """请评价: ask this window's evaluator to rate the ticket served or just finished."""
        subject = self._rating_subject()
        if self._get_actions()["askRating"] and subject is not None:
            self._command_to("rating-request", {"ticket_id": subject.id})

    def _ask_after_finish(self, ticket: Ticket) -> None:
        """办结 starts the rating: the evaluator asks at once, unless it is already asking about this ticket."""
        if self._asked is None or self._asked["number"] != ticket.number:
            self.askRating()

    def _on_asking_expired(self) -> None:
        if self._asked is not None and self._asked["state"] == "asking":
            self._asked["state"] = "expired"
            self.changed.emit()

    def _rating_asked(self, info: RatingRequestInfo) -> None:
        """The server opened the request; it stays open for its own minutes."""
        self._asked = {"number": info.ticket_number, "request": info.id, "state": "asking"}
        seconds = (info.expires_at - info.requested_at).total_seconds()
        self._asking_expiry.start(int(max(seconds, 1.0) * 1000))

    def _rating_given(self, data: RatingGivenData) -> None:
        """`rating.given` at this window: the level, for the ticket asked about or on screen."""
        number = data.number
        subject = self._rating_subject()
        if number is None or not ((self._asked and self._asked["number"] == number)
                                  or (subject and subject.number == number)):
            return
        self._asked = {"number": number, "state": "given", "level": data.level}
        self._asking_expiry.stop()

    @Slot()
    def dismissError(self) -> None:
        self._error = ""
        self.changed.emit()

    @Slot()
    def dismissRating(self) -> None:
        self._rating = None
        self._asked = None
        self._asking_expiry.stop()
        self.changed.emit()

    # --- answers ----------------------------------------------------------------------------

    def _on_retrying(self, key: str, attempt: int) -> None:
        if key == self._command:
            self._attempt = attempt
            self.changed.emit()

    def _on_done(self, key: str, path: str, answer: BaseModel) -> None:
        what = self._reads.pop(key, None)
        if what == "form" and isinstance(answer, TicketForm):
            if answer.ticket_id == self._form_for:
                self._form = answer
                self.formChanged.emit()
        elif key == self._form_ask:
            self._form_ask = None
            self._form_asked = True
            self._notice = tr("已请群众在评价器上核对表单")
            self.formChanged.emit()
        elif what == "config" and isinstance(answer, HallInfo):
            self._apply_config(answer)
        elif what == "waiting" and isinstance(answer, TicketList):
            self._apply_waiting(answer.tickets)
        elif what == "held" and isinstance(answer, TicketList):
            self._apply_held(answer.tickets)
        elif key == self._command:
            self._command = None
            self._apply_answer(path, answer)
            if path.endswith("/finish") and isinstance(answer, TicketResult):
                self._ask_after_finish(answer.ticket)
        if what in ("waiting", "held"):
            self._read_done()
        self.changed.emit()

    def _on_refused(self, key: str, path: str, code: str, zh: str, en: str) -> None:
        if self._reads.pop(key, None) is not None:
            self._read_done()
        if key == self._printing:
            self._printing = None
            self._error = en if self._lang == "en" else zh
            self.formChanged.emit()
        if key == self._form_ask:
            self._form_ask = None
            self._error = en if self._lang == "en" else zh
            self.formChanged.emit()
        if key == self._command:
            self._command = None
            self._error = en if self._lang == "en" else zh
            if path.endswith("/undo-no-show"):
                self._end_undo()  # too late, or the window has moved on: the server said which
            log.info("window %s: %s refused (%s)", self._window, path, code)
            self._schedule_read()
        self.changed.emit()

    def _live(self) -> bool:
        # EventLink.stop() leaves its state at "live", so a stopped link is tracked here.
        return self.link is not None and self.link.state == "live" and not self._link_stopped

    def stop_link(self) -> None:
        """Stop listening to the hall's events (diagnostics, tests): answers move the screen meanwhile."""
        if self.link is not None:
            self._link_stopped = True
            self.link.stop()

    def start_link(self) -> None:
        """Listen again; the link replays what it missed, in order."""
        if self.link is not None:
            self._link_stopped = False
            self.link.start()

    def _apply_answer(self, path: str, answer: BaseModel) -> None:
        action = path.rsplit("/", 1)[-1]
        if isinstance(answer, RatingRequestInfo):
            self._rating_asked(answer)
            return  # changes nothing of the queue
        ticket = answer.ticket if isinstance(answer, (CallResult, TicketResult)) else None
        self._notice = self._result_text(action, answer, ticket)
        if ticket is not None and ticket.state == "no_show" and ticket.window == self._window:
            self._offer_undo(ticket)  # 过号, or a recall past the hall's limit
        elif ticket is not None or action == "close":
            self._end_undo()  # the window has had another ticket, or is closed: nothing to undo
        if action == "finish" and ticket is not None:
            self._rating = ticket
            self.ratingRequested.emit(ticket.id)
        if action in ("call-next", "resume") and ticket is not None:
            self._rating = None
            self._asked = None
            self._asking_expiry.stop()
        if self._live():
            return  # the events that follow move the screen, in order
        if isinstance(answer, WindowResult):
            self._apply_window(answer.window)
        elif ticket is not None:
            self._current = ticket if ticket.state in ACTIVE_AT_WINDOW and ticket.window == self._window else None
        self._schedule_read()

    def _result_text(self, action: str, answer: BaseModel, ticket: Ticket | None) -> str:
        """The status line after a command: what happened, to which number (A012 已转至 3号窗口)."""
        if isinstance(answer, WindowResult):
            return {"open": tr("窗口已开放"), "pause": tr("窗口已暂停"),
                    "close": tr("窗口已关闭")}.get(action, "")
        if ticket is None:
            return tr("当前没有等候的群众") if action == "call-next" else ""
        n = ticket.number
        if ticket.state == "no_show":
            return (tr("%1 重呼已达上限，已过号") if action == "recall" else tr("已过号 %1")).replace("%1", n)
        if action == "transfer":
            where = self._windows.get(ticket.target_window or "")
            target = (named(where.name, where.name_en, self._lang) if where is not None
                      else self._category_name(ticket.category))
            return tr("%1 已转至 %2").replace("%1", n).replace("%2", target)
        if action == "recall":
            return tr("%1 已重呼（第 %2 次）").replace("%1", n).replace("%2", str(ticket.recall_count))
        texts = {"call-next": tr("已呼叫 %1"), "start": tr("%1 开始办理"), "finish": tr("%1 已办结"),
                 "hold": tr("%1 已挂起"), "resume": tr("已恢复 %1，重新呼叫"),
                 "undo-no-show": tr("已撤销 %1 的过号，重新呼叫")}
        return texts[action].replace("%1", n) if action in texts else ""

    # --- reads and events -------------------------------------------------------------------

    def _read_lists(self) -> None:
        """Read both lists again; a read asked for while one is in flight runs when it returns."""
        if self._screen != "work" or self.api.token is None:
            return
        if self._reads_in_flight():
            self._stale = True
            return
        self._stale = False
        self._reads[self.api.get("/tickets", {"state": "waiting", "window": self._window}, TicketList)] = "waiting"
        self._reads[self.api.get("/tickets", {"state": "held"}, TicketList)] = "held"

    def _reads_in_flight(self) -> bool:
        return any(v in ("waiting", "held") for v in self._reads.values())

    def _read_done(self) -> None:
        if self._stale and not self._reads_in_flight():
            self._read_lists()

    def _apply_config(self, config: HallInfo) -> None:
        self._undo_seconds = config.no_show_undo_seconds
        self._categories = {c.code: c for c in config.categories}
        self._windows = {w.code: w for w in config.windows}
        self._pause_reasons = config.pause_reasons
        self._hold_reasons = config.hold_reasons
        mine = self._windows.get(self._window)
        self._window_name = named(mine.name, mine.name_en, self._lang) if mine else ""
        self._show_lists()

    def _serves(self) -> list[str]:
        mine = self._windows.get(self._window)
        return list(mine.categories) if mine else []

    def _apply_waiting(self, tickets: list[Ticket]) -> None:
        self._waiting_tickets = [t for t in tickets if t.target_window in (None, self._window)]
        self._show_lists()

    def _apply_held(self, tickets: list[Ticket]) -> None:
        serves = self._serves()
        self._held_tickets = [t for t in tickets if t.window == self._window or t.category in serves]
        self._show_lists()

    def _show_lists(self) -> None:
        """The lists' rows again (after a read, an event, or names in the UI's language)."""
        self._waiting.set_rows([self._row(t) for t in self._waiting_tickets])
        self._held.set_rows([self._row(t) for t in self._held_tickets])

    def _row(self, t: Ticket) -> dict:
        return {"ticketId": t.id, "number": t.number, "category": t.category,
                "categoryName": self._category_name(t.category), "maskedName": t.masked_name or "",
                "green": t.green_channel, "appointment": t.appointment, "transfers": t.transfers,
                "reason": self._ticket_reason(t), "state": t.state, "window": t.window or ""}

    def _ticket_reason(self, t: Ticket) -> str:
        """A held ticket's reason by its name in the UI's language; other reasons (a transfer's note) as they are."""
        return reason_name(t.reason, self._hold_reasons, self._lang) if t.state == "held" else t.reason or ""

    def _category_name(self, code: str) -> str:
        c = self._categories.get(code)
        return named(c.name, c.name_en, self._lang) if c else code

    def _ticket_view(self, t: Ticket) -> dict:
        return {"id": t.id, "number": t.number, "category": t.category,
                "categoryName": self._category_name(t.category), "state": t.state,
                "maskedName": t.masked_name or "", "recallCount": t.recall_count,
                "transfers": t.transfers, "green": t.green_channel}

    def _apply_window(self, w: WindowStatus) -> None:
        self._state = w.state
        self._reason = w.reason or ""
        if w.name:
            self._window_name = named(w.name, w.name_en, self._lang)
        self._current = w.current_ticket

    def _on_snapshot(self, snapshot: Snapshot) -> None:
        for w in snapshot.windows:
            if w.code == self._window:
                self._apply_window(w)
        self._schedule_read()
        self.changed.emit()

    def _on_snapshot_refreshed(self, snapshot: Snapshot) -> None:
        """The window's state read again (day turned over, link back): taken unless events after it
        have been shown already (they are newer); the events after it replay as ever."""
        if self.link is not None and snapshot.seq >= self.link.lastSeq:
            self._on_snapshot(snapshot)

    def _on_event(self, event: Event) -> None:
        kind = event.type
        try:
            self._take_event(event)
        except ValidationError as exc:
            log.error("%s event %d is not what the schema says; only the lists are read again: %s",
                      kind, event.seq, exc)
        if kind.startswith("ticket.") or kind == "day.rolled":
            self._schedule_read()
        self.changed.emit()

    def _take_event(self, event: Event) -> None:
        """What an event changes here.

        Raises:
            ValidationError: its data is not what the schema says for its type.
        """
        kind = event.type
        if kind in _WINDOW_EVENTS:
            window = WindowEventData.model_validate(event.data)
            if window.window.code == self._window:
                self._state = _WINDOW_EVENTS[kind]
                self._reason = (window.reason or "") if kind == "window.paused" else ""
        elif kind.startswith("ticket."):
            data = TicketEventData.model_validate(event.data)
            where = data.window or data.from_window
            here = where is not None and where.code == self._window
            ticket = data.ticket
            if kind in ("ticket.called", "ticket.resumed", "ticket.recalled", "ticket.serving") and here:
                self._current = ticket
                if self._undo is not None:
                    self._end_undo()  # called here again (undone), or someone else is: no undo now
            elif kind in ("ticket.done", "ticket.no_show", "ticket.held", "ticket.transferred") and here:
                if self._current is not None and ticket.id == self._current.id:
                    self._current = None
            if ticket.state != "waiting" and any(t.id == ticket.id for t in self._waiting_tickets):
                # Gone from the queue: off the list at once, before the read that confirms it.
                self._waiting_tickets = [t for t in self._waiting_tickets if t.id != ticket.id]
                self._show_lists()
        elif kind == "day.rolled":
            # The turnover closes every window; the server's state is read again to be sure of it.
            self._current = None
            self._state, self._reason = "closed", ""
            self._notice = tr("新的营业日开始，窗口已关闭")
            self._end_undo()
            if self.link is not None:
                self.link.refresh()
        elif kind == "rating.given":
            given = RatingGivenData.model_validate(event.data)
            if given.window == self._window:
                self._rating_given(given)
        elif kind == "form.confirmed":
            self._form_answered(FormConfirmedData.model_validate(event.data))

    def _schedule_read(self) -> None:
        """Read the lists soon; a burst of events makes one read, not one per event or none."""
        if not self._refresh.isActive():
            self._refresh.start()
