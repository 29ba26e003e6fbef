"""The state of one window's evaluator (评价器), exposed to QML: what the citizen at the window sees.

idle → (the window asks: `rating.requested`) rate → (level 1–2) reason → sending → thanks → idle.
请群众核对 (the window asks: `form.confirm_requested`): the form is read (the ID number masked) and
shown on `confirm` until the citizen answers (确认无误 / 信息有误) or CONFIRM_S pass; then back to
where it was (idle, or the open rating request). The form's values are dropped as it leaves.
The server is the authority on the open request: it is read after every (re)connection, when the
request should have expired, now and then while one is shown, and after every rating; events
arriving while such a read is in flight wait for it, so an older answer never undoes a newer event.
A rating is sent with one idempotency key and retried with it until answered, so it lands once.
Words the citizen reads are QML's (qsTr); from here come states and the server's zh/en messages.
What the server answers and sends arrives as the wire schema's models.
"""
from __future__ import annotations

import datetime as dt
import importlib.metadata
import logging
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot
from pydantic import BaseModel, ValidationError

from hall_rules.names import window_name
from hall_server.schema import (RATING_LEVELS, RATING_REASON_MAX, REASON_REQUIRED_LEVELS, CurrentRatingRequest, Event,
                                FormConfirmRequestedData, FormConfirmResult, HallInfo, Rating, RatingGivenData,
                                RatingLevelInfo, RatingOptions, RatingReasonInfo, TicketForm,
                                RatingRequestedData, RatingRequestInfo, WindowInfo)
from qtkit.props import qt_property

from .api import ApiClient
from .link import LIVE
from .names import named
from .rating_stream import RatingStream

log = logging.getLogger(__name__)

THANKS_S = 5.0          # "感谢您的评价" stays this long
ENDED_S = 6.0           # a refusal (request ended, already rated) stays this long
CHECK_S = 20.0          # while a request is shown, the server is asked this often whether it is still open
SEND_PATIENCE_S = 15.0  # retrying longer than this, the citizen is told plainly
SEND_GIVE_UP_S = 240.0  # a request is open 3 minutes (the sample hall); a rating not sent by then is refused
HEALTH_S = 60.0         # device health report (stale after 3 minutes on the server)
CONFIRM_S = 120.0       # 请核对您的信息 unanswered this long goes back to idle


def _app_version() -> dict[str, str]:
    """The package's version for the health report (the console's 设备 page shows it); none from a bare checkout."""
    try:
        return {"version": importlib.metadata.version("hall-kiosk")}
    except importlib.metadata.PackageNotFoundError:
        return {}


_VERSION = _app_version()


def _seconds_between(start: dt.datetime, end: dt.datetime) -> float:
    """Seconds from one moment to another, both of the server's clock (so skew does not matter)."""
    return (end - start).total_seconds()


@dataclass(frozen=True)
class ShownRequest:
    """The rating request on screen: from the server's answer, or from its event (which names no category)."""

    id: str
    number: str
    category: str
    masked_name: str | None
    category_name: str | None = None
    category_name_en: str | None = None

    @classmethod
    def of_answer(cls, info: RatingRequestInfo) -> ShownRequest:
        return cls(info.id, info.ticket_number, info.category, info.masked_name, info.category_name,
                   info.category_name_en)

    @classmethod
    def of_event(cls, data: RatingRequestedData) -> ShownRequest:
        return cls(data.request, data.number, data.category, data.masked_name)


class RatingPad(QObject):
    """One evaluator: its window, the open request, the citizen's choice and its sending."""

    changed = Signal()
    langChanged = Signal()
    keyboardReset = Signal()  # a citizen is done: the pinyin keyboard forgets the words it learnt

    def __init__(self, server_url: str, token: str, window: str = "", lang: str = "zh",
                 parent: QObject | None = None, *,
                 retry_first_s: float = 0.5, retry_max_s: float = 10.0, check_s: float = CHECK_S,
                 thanks_s: float = THANKS_S, ended_s: float = ENDED_S, patience_s: float = SEND_PATIENCE_S,
                 give_up_s: float = SEND_GIVE_UP_S, health_s: float = HEALTH_S, confirm_s: float = CONFIRM_S):
        super().__init__(parent)
        self._lang = "en" if lang == "en" else "zh"
        self.api = ApiClient(server_url, token, parent=self, retry_first_s=retry_first_s, retry_max_s=retry_max_s)
        self.api.done.connect(self._on_done)
        self.api.refused.connect(self._on_refused)
        self.api.retrying.connect(self._on_retrying)
        self.api.unanswered.connect(self._on_unanswered)
        self.stream = RatingStream(server_url, token, parent=self)
        self.stream.eventReceived.connect(self._on_event)
        self.stream.stateChanged.connect(self._on_stream_state)
        self.stream.synced.connect(self._on_synced)
        self._config: HallInfo | None = None
        self._window_code = window  # learnt from the first request when not given
        self._levels = [RatingLevelInfo(level=lv, code=code, name=zh, name_en=en,
                                        reason_required=lv in REASON_REQUIRED_LEVELS)
                        for lv, (code, zh, en) in RATING_LEVELS.items()]
        self._reasons: list[RatingReasonInfo] = []
        self._screen = "idle"
        self._request: ShownRequest | None = None
        self._level = 0
        self._reason = ""
        self._text = ""                      # the citizen's own words (optional; counts as a reason)
        self._sending: str | None = None     # idempotency key of the rating in flight
        self._attempt = 0
        self._trouble = False                # sending has failed for a while: the citizen is told
        self._ended_zh = ""
        self._ended_en = ""
        self._reads: dict[str, str] = {}     # request id -> what it reads
        self._held_events: list[Event] = []   # events that came while the current request was being read
        self._reported_link = ""
        self._form: TicketForm | None = None  # 请核对您的信息: the form shown (the ID number masked)
        self._form_answer: str | None = None  # idempotency key of the citizen's answer in flight
        self._form_timeout = QTimer(self, singleShot=True, interval=int(confirm_s * 1000))
        self._form_timeout.timeout.connect(self._leave_form)

        self._deadline = QTimer(self, singleShot=True)
        self._deadline.timeout.connect(self._read_request)
        self._check = QTimer(self, interval=int(check_s * 1000))
        self._check.timeout.connect(self._read_request)
        self._back_to_idle = QTimer(self, singleShot=True)
        self._back_to_idle.timeout.connect(self._idle_again)
        self._thanks_ms = int(thanks_s * 1000)
        self._ended_ms = int(ended_s * 1000)
        self._patience = QTimer(self, singleShot=True, interval=int(patience_s * 1000))
        self._patience.timeout.connect(self._on_patience)
        self._give_up = QTimer(self, singleShot=True, interval=int(give_up_s * 1000))
        self._give_up.timeout.connect(self._on_give_up)
        self._health = QTimer(self, interval=int(health_s * 1000))
        self._health.timeout.connect(self._report_health)

    def start(self) -> None:
        """Listen for requests (reading the hall's names and the rating options once connected); report health."""
        self.stream.start()
        self._health.start()
        self._report_health()

    def stop(self) -> None:
        self.stream.stop()
        self.api.abandon_all()
        for timer in (self._deadline, self._check, self._back_to_idle, self._patience, self._give_up, self._health,
                      self._form_timeout):
            timer.stop()

    # --- properties for QML -------------------------------------------------------------------

    def _get_screen(self) -> str:
        return self._screen

    def _get_lang(self) -> str:
        return self._lang

    def _window(self) -> WindowInfo | None:
        windows = self._config.windows if self._config else []
        return next((w for w in windows if w.code == self._window_code), None)

    def _get_window_code(self) -> str:
        return self._window_code

    def _get_window_name(self) -> str:
        w = self._window()
        if w is not None:
            return named(w.name, w.name_en, self._lang)
        return window_name(self._window_code, self._lang) if self._window_code else ""

    def _get_serves(self) -> str:
        w = self._window()
        return " · ".join(self._category_name(c) for c in (w.categories if w else []))

    def _get_request(self) -> dict:
        r = self._request
        if r is None:
            return {}
        return {"number": r.number, "categoryName": self._request_category(r), "maskedName": r.masked_name or ""}

    def _get_levels(self) -> list:
        return [{"level": x.level, "code": x.code, "name": self._named(x), "reasonRequired": x.reason_required}
                for x in self._levels]

    def _get_reasons(self) -> list:
        return [{"code": r.code, "name": self._named(r), "chosen": r.code == self._reason} for r in self._reasons]

    def _get_level(self) -> int:
        return self._level

    def _get_level_name(self) -> str:
        return next((self._named(x) for x in self._levels if x.level == self._level), "")

    def _get_reason_text(self) -> str:
        return self._text

    def _get_can_submit(self) -> bool:
        return self._screen == "reason" and (self._reason != "" or self._text.strip() != "")

    def _get_attempt(self) -> int:
        return self._attempt

    def _get_trouble(self) -> bool:
        return self._trouble

    def _get_ended_text(self) -> str:
        return self._ended_en if self._lang == "en" else self._ended_zh

    def _get_online(self) -> bool:
        return self.stream.state == LIVE

    def _get_form(self) -> dict:
        f = self._form
        if f is None:
            return {}
        en = self._lang == "en"
        return {"number": f.number, "matterName": f.matter_name_en if en else f.matter_name,
                "values": [{"key": v.key, "label": v.label_en if en else v.label, "value": v.value}
                           for v in f.values],
                "answering": self._form_answer is not None}

    screen = Property(str, _get_screen, notify=changed)
    lang = qt_property(str, _get_lang, notify=changed)
    windowCode = Property(str, _get_window_code, notify=changed)
    windowName = Property(str, _get_window_name, notify=changed)
    servesText = Property(str, _get_serves, notify=changed)
    request = Property(dict, _get_request, notify=changed)
    levels = Property(list, _get_levels, notify=changed)
    reasons = Property(list, _get_reasons, notify=changed)
    level = Property(int, _get_level, notify=changed)
    levelName = Property(str, _get_level_name, notify=changed)
    reasonText = Property(str, _get_reason_text, notify=changed)
    canSubmit = Property(bool, _get_can_submit, notify=changed)
    attempt = Property(int, _get_attempt, notify=changed)
    trouble = Property(bool, _get_trouble, notify=changed)
    endedText = Property(str, _get_ended_text, notify=changed)
    online = Property(bool, _get_online, notify=changed)
    form = Property(dict, _get_form, notify=changed)

    def _named(self, x: RatingLevelInfo | RatingReasonInfo) -> str:
        return named(x.name, x.name_en, self._lang)

    def _request_category(self, request: ShownRequest) -> str:
        if request.category_name:
            return named(request.category_name, request.category_name_en, self._lang)
        return self._category_name(request.category)

    def _category_name(self, code: str) -> str:
        categories = self._config.categories if self._config else []
        c = next((c for c in categories if c.code == code), None)
        return named(c.name, c.name_en, self._lang) if c else code

    # --- the citizen's touches -------------------------------------------------------------------

    @Slot(int)
    def chooseLevel(self, level: int) -> None:
        """A level tapped: 3–5 are sent at once, 1–2 ask for a reason first."""
        if self._screen not in ("rate", "reason") or self._request is None or level not in RATING_LEVELS:
            return
        self._level = level
        self._reason = ""
        self._text = ""
        if level in REASON_REQUIRED_LEVELS:
            self._screen = "reason"
            self.changed.emit()
        else:
            self._send(self._request)

    @Slot(str)
    def toggleReason(self, code: str) -> None:
        """A preset reason tapped: chosen, or let go when tapped again (one reason per rating)."""
        if self._screen != "reason" or code not in {r.code for r in self._reasons}:
            return
        self._reason = "" if self._reason == code else code
        self.changed.emit()

    @Slot(str)
    def setReasonText(self, text: str) -> None:
        """The citizen's own words, as typed (the server keeps at most RATING_REASON_MAX characters)."""
        if self._screen == "reason" and text != self._text:
            self._text = text[:RATING_REASON_MAX]
            self.changed.emit()

    @Slot()
    def submit(self) -> None:
        if self._get_can_submit() and self._request is not None:  # the reason screen has one
            self._send(self._request)

    @Slot()
    def back(self) -> None:
        """From the reasons back to the five levels."""
        if self._screen == "reason":
            self._screen = "rate"
            self._level = 0
            self._reason = ""
            self._text = ""
            self.changed.emit()

    @Slot(bool)
    def answerForm(self, correct: bool) -> None:
        """确认无误 / 信息有误: the citizen's answer goes to the server (retried with one key until answered)."""
        if self._screen != "confirm" or self._form is None or self._form_answer is not None:
            return
        self._form_answer = self.api.post(f"/tickets/{self._form.ticket_id}/form/confirm", {"correct": correct},
                                          FormConfirmResult)
        log.info("form of %s answered", self._form.number)
        self.changed.emit()

    def _show_form(self, form: TicketForm) -> None:
        if self._sending is not None or self._screen in ("reason", "sending"):
            return  # the citizen is rating: the form is not pushed over it
        if self._screen in ("thanks", "ended"):
            self._back_to_idle.stop()
        self._form = form
        self._form_answer = None
        self._screen = "confirm"
        self._form_timeout.start()
        log.info("form of %s shown to check", form.number)

    def _leave_form(self) -> None:
        """Answered or unanswered too long: the form's values go; the pad is where it was."""
        self._form_timeout.stop()
        self._form = None
        self._form_answer = None
        if self._screen == "confirm":
            self._screen = "rate" if self._request is not None else "idle"
        self.changed.emit()

    @Slot()
    def toggleLanguage(self) -> None:
        self._lang = "en" if self._lang == "zh" else "zh"
        self.langChanged.emit()
        self.changed.emit()

    # --- sending -----------------------------------------------------------------------------------

    def _send(self, request: ShownRequest) -> None:
        body: dict[str, Any] = {"request_id": request.id, "level": self._level}
        if self._reason:
            body["reason_code"] = self._reason
        if self._text.strip():
            body["reason"] = self._text.strip()
        self._screen = "sending"
        self._attempt = 1
        self._trouble = False
        self._check.stop()
        self._deadline.stop()
        self._patience.start()
        self._give_up.start()
        self._sending = self.api.post("/ratings/evaluator", body, Rating)
        log.info("rating level %d for %s sent", self._level, request.number)
        self.changed.emit()

    def _on_retrying(self, key: str, attempt: int) -> None:
        if key == self._sending:
            self._attempt = attempt
            self.changed.emit()

    def _on_patience(self) -> None:
        if self._sending is not None:
            self._trouble = True
            self.changed.emit()

    def _on_give_up(self) -> None:
        """The request has surely ended on the server: a retry now could only be refused."""
        if self._sending is None:
            return
        log.warning("rating for %s not delivered; given up", self._request and self._request.number)
        self.api.abandon_all()
        self._reads.clear()
        self._sending = None
        self._request = None
        self._show_ended("评价未能提交，请告知窗口工作人员",
                         "the rating could not be sent; please tell the window staff")

    def _sent(self) -> None:
        self._sending = None
        self._patience.stop()
        self._give_up.stop()
        self._trouble = False

    # --- answers -----------------------------------------------------------------------------------

    def _on_done(self, key: str, path: str, answer: BaseModel | None) -> None:
        what = self._reads.pop(key, None)
        if what == "form" and isinstance(answer, TicketForm):
            self._show_form(answer)
        elif key == self._form_answer:
            self._leave_form()
        elif what == "config" and isinstance(answer, HallInfo):
            self._config = answer
        elif what == "options" and isinstance(answer, RatingOptions):
            self._levels = list(answer.levels or self._levels)
            self._reasons = list(answer.reasons)
        elif what == "request" and isinstance(answer, CurrentRatingRequest):
            self._apply_request(answer.request)
            held, self._held_events = self._held_events, []
            for event in held:
                self._on_event(event)
        elif key == self._sending:
            self._sent()
            self._request = None
            self._text = ""
            self._screen = "thanks"
            self._back_to_idle.start(self._thanks_ms)
            self.keyboardReset.emit()
        self.changed.emit()

    def _on_refused(self, key: str, path: str, code: str, zh: str, en: str) -> None:
        what = self._reads.pop(key, None)
        if what == "request":
            self._release_held()
        if key == self._form_answer:  # the ticket has left the window meanwhile: nothing to check now
            log.info("form answer refused: %s", code)
            self._leave_form()
        if key == self._sending:
            self._sent()
            log.info("rating refused: %s", code)
            if code == "reason_required":  # the hall's reasons changed under us: choose again
                self._screen = "reason"
                self._reason = ""
            elif code == "service_not_finished":
                # Asked while still serving: the request stays open; the citizen rates once it ends.
                self._show_ended(zh, en)
            else:
                self._request = None
                self._show_ended(zh, en)
        self.changed.emit()

    def _on_unanswered(self, key: str, path: str) -> None:
        # A read lost on the network: the next (re)connection, deadline or check reads again.
        if self._reads.pop(key, None) == "request":
            self._release_held()
        self.changed.emit()

    def _release_held(self) -> None:
        held, self._held_events = self._held_events, []
        for event in held:
            self._on_event(event)

    def _show_ended(self, zh: str, en: str) -> None:
        self._ended_zh, self._ended_en = zh, en
        self._screen = "ended"
        self._level = 0
        self._reason = ""
        self._text = ""
        self.keyboardReset.emit()
        self._check.stop()
        self._deadline.stop()
        self._back_to_idle.start(self._ended_ms)
        self.changed.emit()

    def _idle_again(self) -> None:
        if self._screen in ("thanks", "ended"):
            self._screen = "rate" if self._request is not None else "idle"
            if self._request is not None:
                self._check.start()
            self.changed.emit()
            self._read_request()  # the server's word: a newer request may be open, this one may have ended

    # --- the open request --------------------------------------------------------------------------

    def _on_synced(self) -> None:
        """Connected (again): what is still missing of the hall is read, and the open request."""
        if self._config is None and "config" not in self._reads.values():
            self._reads[self.api.get("/config", model=HallInfo)] = "config"
        if not self._reasons and "options" not in self._reads.values():
            self._reads[self.api.get("/ratings/options", model=RatingOptions)] = "options"
        self._read_request()

    @Slot()
    def _read_request(self) -> None:
        if self._sending is not None or "request" in self._reads.values():
            return
        self._reads[self.api.get("/ratings/request", model=CurrentRatingRequest)] = "request"

    def _apply_request(self, info: RatingRequestInfo | None) -> None:
        """The server's word on the open request."""
        if self._sending is not None:
            return
        if info is None:
            if self._request is not None:
                self._drop_request()
            return
        self._window_code = info.window or self._window_code
        if self._request is not None and self._request.id == info.id:
            self._request = ShownRequest.of_answer(info)  # the same request, now with its category's names
            return
        # A request's life is counted from its own times on the server's clock, never the pad's.
        self._show_request(ShownRequest.of_answer(info), _seconds_between(info.requested_at, info.expires_at))

    def _show_request(self, request: ShownRequest, seconds_left: float | None) -> None:
        if self._screen in ("thanks", "ended"):
            self._back_to_idle.stop()
        if self._screen == "confirm":  # the window has moved on to the rating: the form goes
            self._form_timeout.stop()
            self._form = None
            self._form_answer = None
        self._request = request
        self._screen = "rate"
        self._level = 0
        self._reason = ""
        self._text = ""
        self.keyboardReset.emit()
        self._check.start()
        if seconds_left is not None:
            self._deadline.start(max(int(seconds_left * 1000) + 500, 0))
        log.info("rating requested for %s", request.number)

    def _drop_request(self) -> None:
        """The request shown has ended (expired, replaced, rated elsewhere): back to idle."""
        log.info("rating request for %s ended", self._request and self._request.number)
        self._request = None
        self._check.stop()
        self._deadline.stop()
        if self._screen in ("rate", "reason"):
            self._screen = "idle"
            self._level = 0
            self._reason = ""
            self._text = ""
            self.keyboardReset.emit()

    def _on_event(self, event: Event) -> None:
        if "request" in self._reads.values():
            self._held_events.append(event)
            return
        try:
            self._take_event(event)
        except ValidationError as exc:
            log.error("%s event %d is not what the schema says; the open request is read instead: %s",
                      event.type, event.seq, exc)
            self._read_request()
        self.changed.emit()

    def _take_event(self, event: Event) -> None:
        """What a rating event changes here.

        Raises:
            ValidationError: its data is not what the schema says for its type.
        """
        if event.type == "rating.requested" and self._sending is None:
            requested = RatingRequestedData.model_validate(event.data)
            self._window_code = requested.window or self._window_code
            if self._request is None or self._request.id != requested.request:
                self._show_request(ShownRequest.of_event(requested), _seconds_between(event.at, requested.expires_at))
        elif event.type == "rating.given" and self._sending is None:
            given = RatingGivenData.model_validate(event.data)
            # Rated elsewhere (the kiosk, by the receipt's QR): this request can only be refused now.
            if self._request is not None and given.number == self._request.number:
                self._drop_request()
        elif event.type == "form.confirm_requested":
            asked = FormConfirmRequestedData.model_validate(event.data)
            if self._sending is None and "form" not in self._reads.values():
                self._reads[self.api.get(f"/tickets/{asked.ticket}/form", model=TicketForm)] = "form"

    def _on_stream_state(self, state: str) -> None:
        self._report_health()
        self.changed.emit()

    # --- device health -----------------------------------------------------------------------------

    def _report_health(self) -> None:
        """The pad's own state, as kiosks and displays report theirs (POST /devices/health)."""
        live = self.stream.state == LIVE
        events = {"role": "event_stream", "state": "ok" if live else "down"}
        if not live:
            events.update(reason="rating requests not received", reason_zh="收不到评价请求",
                          reason_en="rating requests not received")
        self.api.post("/devices/health", {"devices": {"panel": {"role": "touchscreen", "state": "ok"},
                                                      "events": events}, **_VERSION}, retry=False)
