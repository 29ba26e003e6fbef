"""The kiosk's screen state for QML: the citizen's session, the flows, idle timeout and wipe.

Personal data (the card read) lives only in `self._identity` for the session; the screens get
the masked name and never the ID number. The session ends — and everything in it is dropped —
when the citizen goes home, when the idle countdown runs out, and when a new card starts another.
"""
from __future__ import annotations

import base64
import ctypes
import ctypes.util
import io
import logging
import pathlib
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

import qrcode
from PySide6.QtCore import Property, QObject, QTimer, Signal, SignalInstance, Slot

from hall_rules.errors import HallError
from hall_server.schema import Matter, ReprintTicket
from qtkit.ops import Background, Workers
from qtkit.props import qt_property
from qtkit.speech import QtSpeaker

from .config import MIN_TARGET_MM, KioskConfig, TechnicianLock
from .core import AppointmentMatch, CategoryNow, Identity, IssuedTicketInfo, KioskCore
from .deskstate import DESK_PAGES, ServiceDesk
from .formfill import FormFill
from .devicelink import DeviceError, DeviceLink
from .voice import VoiceGuide, page_details
from qtkit.rows import KeyedListModel

log = logging.getLogger(__name__)

T = TypeVar("T")

#: Devices whose failure the citizen is told about (the words are in the QML, translated).
CITIZEN_DEVICES = ("receipt", "idcard", "scanner")
#: English names of the hall's category groups (the hall file names them in Chinese only).
GROUP_EN = {"综合": "General", "公安": "Public security", "财税": "Finance and tax", "民生": "Social welfare",
            "企业": "Business", "不动产": "Real estate"}
#: Icon per group (kiosk/qml/icons/<name>.svg).
GROUP_ICON = {"综合": "general", "公安": "police", "财税": "tax", "民生": "welfare", "企业": "business",
              "不动产": "house"}
PAGES = ("home", "categories", "identify", "busy", "ticket", "refusal", "checkin", "appointment",
         "guide", "matter", "techpin", "tech", "reprint", "form") + DESK_PAGES
CITIZEN_PAGES = frozenset(PAGES) - {"home", "techpin", "tech"}
#: What every session starts with, and what the session reset puts back: Chinese, standard mode.
FRESH_LANG, FRESH_ELDER = "zh", False
#: Documents whose holder is likely not to read Chinese (the device host's card_type): their session
#: is in English unless they chose the language themselves. A HK/Macao/Taiwan residence permit is not.
ENGLISH_CARDS = frozenset({"foreign_permanent_2017", "foreign_permanent_2023"})


@dataclass(frozen=True)
class IdleRule:
    """A page left alone: after `after_s` seconds without a touch the session resets, the last
    `warn_s` of them counted down on screen (0: straight home, there is nothing to warn of)."""

    after_s: float
    warn_s: float


def idle_rule(page: str, config: KioskConfig, *, fresh: bool) -> IdleRule | None:
    """How `page` returns home when left alone. Every page does, a page added later included;
    only the home screen of a fresh session (nothing chosen there) has nothing to reset."""
    if page == "home":
        return None if fresh else IdleRule(config.idle_timeout_s, 0.0)
    if page == "techpin":
        return IdleRule(config.tech_pin_idle_s, 0.0)
    if page == "tech":
        return IdleRule(config.tech_idle_s, config.tech_countdown_s)
    if page == "ticket":
        return IdleRule(config.ticket_return_s, config.countdown_s)
    return IdleRule(config.idle_timeout_s, config.countdown_s)


def qr_data_url(text: str) -> str:
    """A QR code as a PNG data: URL for a QML Image."""
    image = qrcode.make(text, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _field(attr: str, kind: type[T], notify: Signal) -> T:
    return qt_property(kind, lambda self: getattr(self, attr), notify=notify)


class KioskState(QObject):
    """Everything the kiosk's QML shows, and the slots its buttons call."""

    pageChanged = Signal()
    langChanged = Signal()
    elderChanged = Signal()
    onlineChanged = Signal()
    hallChanged = Signal()
    groupsChanged = Signal()
    sessionChanged = Signal()       # identity, chosen category, ticket, refusal, matches
    guideChanged = Signal()
    devicesChanged = Signal()
    countdownChanged = Signal()
    busyChanged = Signal()
    techChanged = Signal()
    clockChanged = Signal()
    keyboardReset = Signal()        # QML resets the virtual keyboard's learned words
    fullScreenExitRequested = Signal()

    def __init__(self, core: KioskCore, devices: DeviceLink, config: KioskConfig, *,
                 keyboard_dir: pathlib.Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.core = core
        self.devices = devices
        self.config = config
        self.keyboard_dir = keyboard_dir
        self._lock = TechnicianLock(config.tech_pin_hash) if config.tech_pin_hash else None
        self._page = "home"
        self._lang = FRESH_LANG
        self._elder = FRESH_ELDER
        self._lang_chosen = False  # the citizen chose the language: a card does not choose it for them
        self._online = False
        self._hall: dict[str, Any] = {"name": "", "nameEn": "",
                                      "checkinEarlyMinutes": core.hall_setting("appointment_checkin_early_minutes")}
        self._groups: list[dict[str, Any]] = []
        self._identity: Identity | None = None
        self._chosen: dict[str, Any] = {}
        self._ticket: dict[str, Any] = {}
        self._refusal: dict[str, Any] = {}
        self._matches: list[dict[str, Any]] = []
        self._reprint: dict[str, Any] = {}  # 补打凭条: the step, the tickets found, their receipts' fate
        self._form: FormFill | None = None  # 电子填单: the form this citizen fills (kiosk/formfill.py)
        self._query = ""
        self._matters: list[dict[str, Any]] = []
        self._matter: dict[str, Any] = {}
        self._device_health: dict[str, dict[str, Any]] = {}
        self._notices: list[str] = []  # the roles of the citizen's devices that are down
        self._countdown = 0
        self._busy = False
        self._tech: dict[str, Any] = {}
        self._session = 0  # bumped at every wipe: a worker's late answer for an old session is dropped
        self.last_print: dict[str, Any] = {}
        # The rows the screens draw, updated in place: a refresh (a ticket issued anywhere changes a
        # waiting count) never rebuilds the tile a citizen is pressing, nor churns QML objects each time.
        self._group_rows = KeyedListModel("name", parent=self)
        self._category_rows: dict[str, KeyedListModel] = {}  # per group
        self._matter_rows = KeyedListModel("code", parent=self)
        self._device_rows = KeyedListModel("role", parent=self)
        # A few threads kept for the kiosk's life, not one started per citizen: a 7×24 kiosk would
        # otherwise make and drop thousands of thread stacks and Python thread states a day.
        self._workers = Workers(threads=2, name="kiosk-work", parent=self)
        # Progress query, certificate self-print, rating: they see the session through DeskSession only.
        self._desk = ServiceDesk(_DeskSession(self), core, devices, parent=self)
        # Voice guidance: its engine is loaded the first time a citizen switches it on.
        self._voice = VoiceGuide(lambda: self._lang, partial(QtSpeaker, config.voice_engine),
                                 private=self._private_words, page_details=self._voice_details, parent=self)
        self._voice.changed.connect(self.touched)  # switched on over a fresh home: the session's idle time runs

        self._idle = QTimer(self, singleShot=True)
        self._idle.timeout.connect(self._start_countdown)
        self._tick = QTimer(self, interval=1000)
        self._tick.timeout.connect(self._count_down)
        self._trim = QTimer(self, singleShot=True, interval=0)
        self._trim.timeout.connect(release_memory)
        self._refresh = QTimer(self, interval=2000)
        self._refresh.timeout.connect(self.refresh)
        self._clock_text = ""
        self._clock = QTimer(self, singleShot=True)
        self._clock.timeout.connect(self._show_time)
        self.langChanged.connect(self._show_time)
        devices.cardRead.connect(self._on_card)
        devices.codeScanned.connect(self._on_code)
        devices.healthChanged.connect(self._on_health)

    def start(self) -> None:
        self.refresh()
        self._refresh.start()
        self._show_time()

    def stop(self) -> None:
        """No more timers and no more device signals: the kiosk is closing."""
        for timer in (self._idle, self._tick, self._refresh, self._trim, self._clock):
            timer.stop()
        self.devices.cardRead.disconnect(self._on_card)
        self.devices.codeScanned.disconnect(self._on_code)
        self.devices.healthChanged.disconnect(self._on_health)
        self._session += 1  # a worker's late answer is dropped
        self._workers.shutdown()

    # --- properties ----------------------------------------------------------------------
    page = _field("_page", str, pageChanged)
    lang = _field("_lang", str, langChanged)
    elder = _field("_elder", bool, elderChanged)
    online = _field("_online", bool, onlineChanged)
    hall = _field("_hall", dict, hallChanged)
    groups = _field("_groups", list, groupsChanged)
    chosen = _field("_chosen", dict, sessionChanged)
    ticket = _field("_ticket", dict, sessionChanged)
    refusal = _field("_refusal", dict, sessionChanged)
    matches = _field("_matches", list, sessionChanged)
    reprint = _field("_reprint", dict, sessionChanged)
    query = _field("_query", str, guideChanged)
    matters = _field("_matters", list, guideChanged)
    matter = _field("_matter", dict, guideChanged)
    deviceNotices = _field("_notices", list, devicesChanged)
    deviceHealth = _field("_device_health", dict, devicesChanged)
    countdown = _field("_countdown", int, countdownChanged)
    busy = _field("_busy", bool, busyChanged)
    tech = _field("_tech", dict, techChanged)
    #: The header's date and time, the hall's (the machine may be left on UTC), in the UI's language.
    clock = _field("_clock_text", str, clockChanged)

    def _get_group_rows(self) -> KeyedListModel:
        return self._group_rows

    def _get_matter_rows(self) -> KeyedListModel:
        return self._matter_rows

    def _get_device_rows(self) -> KeyedListModel:
        return self._device_rows

    #: `groups`, `matters` and `tech["devices"]` as models for the screens; a group's `categories` is a model too.
    groupRows = Property(QObject, _get_group_rows, constant=True)
    matterRows = Property(QObject, _get_matter_rows, constant=True)
    deviceRows = Property(QObject, _get_device_rows, constant=True)

    def _get_identity(self) -> dict[str, Any]:
        if self._identity is None:
            return {"present": False, "maskedName": ""}
        return {"present": True, "maskedName": self._identity.masked_name or ""}

    identity = Property(dict, _get_identity, notify=sessionChanged)

    def _get_form(self) -> dict[str, Any]:
        return self._form.as_screen() if self._form is not None else {}

    form = Property(dict, _get_form, notify=sessionChanged)

    def _get_min_target_mm(self) -> float:
        return MIN_TARGET_MM

    minTargetMm = Property(float, _get_min_target_mm, constant=True)

    def _get_desk(self) -> ServiceDesk:
        return self._desk

    desk = qt_property(QObject, _get_desk, constant=True)

    def _get_voice(self) -> VoiceGuide:
        return self._voice

    voice = qt_property(QObject, _get_voice, constant=True)

    def _private_words(self) -> list[str]:
        """The session's full name and ID number: never spoken as they are."""
        who = self._identity
        return [w for w in (who.name, who.id_number) if w] if who is not None else []

    def _voice_details(self, page: str) -> str:
        return page_details(page, self._lang, ticket=self._ticket, refusal=self._refusal, matter=self._matter)

    # --- running work off the GUI thread -------------------------------------------------
    def _background(self, job: Callable[[], T]) -> Background[T]:
        """`job` for a worker thread; its outcome is heard on the GUI thread in this session only."""
        return Background(self._workers, job).current(partial(self._in_session, self._session))

    def _in_session(self, session: int) -> bool:
        return session == self._session

    def _set(self, attr: str, value: Any, signal: SignalInstance) -> None:
        if getattr(self, attr) != value:
            setattr(self, attr, value)
            signal.emit()

    def _go(self, page: str) -> None:
        assert page in PAGES and page != "home", page  # home only through the session reset (goHome)
        self._set("_page", page, self.pageChanged)
        self.touched()

    # --- configuration and status from the core ------------------------------------------
    @Slot()
    def refresh(self) -> None:
        """Take the latest hall configuration, category status and link state from the core."""
        self._set("_online", bool(self.core.online), self.onlineChanged)
        hall = self.core.hall
        self._set("_hall", {"name": hall.name if hall else "", "nameEn": hall.name_en if hall else "",
                           "checkinEarlyMinutes": self.core.hall_setting("appointment_checkin_early_minutes")},
                  self.hallChanged)
        groups = _group(self.core.categories())
        if groups != self._groups:
            self._groups = groups
            self._show_groups(groups)
            self.groupsChanged.emit()
        if self._page == "tech":
            self._tech_figures()

    def _show_groups(self, groups: list[dict[str, Any]]) -> None:
        """The category screen's rows: each group's tiles in a model of its own, kept while the group is."""
        for name in set(self._category_rows) - {g["name"] for g in groups}:
            self._category_rows.pop(name).deleteLater()
        rows = []
        for g in groups:
            tiles = self._category_rows.get(g["name"])
            if tiles is None:
                tiles = self._category_rows[g["name"]] = KeyedListModel("code", parent=self)
            tiles.set_rows(g["categories"])
            rows.append({**{k: v for k, v in g.items() if k != "categories"}, "categories": tiles})
        self._group_rows.set_rows(rows)

    def _show_time(self) -> None:
        now = self.core.clock().astimezone(self.core.hall_tz())
        text = f"{now:%Y-%m-%d  %H:%M}" if self._lang == "en" else f"{now.year}年{now.month}月{now.day}日  {now:%H:%M}"
        self._set("_clock_text", text, self.clockChanged)
        self._clock.start(max(1000, (60 - now.second) * 1000 - now.microsecond // 1000 + 20))  # the next minute

    # --- session -------------------------------------------------------------------------
    def _fresh(self) -> bool:
        """Nothing of a session to reset: no card, Chinese, standard mode, nothing chosen."""
        return (self._identity is None and (self._lang, self._elder) == (FRESH_LANG, FRESH_ELDER)
                and not self._lang_chosen and not self._voice.on)

    def _idle_rule(self) -> IdleRule | None:
        return idle_rule(self._page, self.config, fresh=self._fresh())

    @Slot()
    def touched(self) -> None:
        """Any touch: the citizen (or the technician) is still here; the page's idle time starts over."""
        if self._countdown:
            self._tick.stop()
            self._set("_countdown", 0, self.countdownChanged)
        rule = self._idle_rule()
        if rule is None:
            self._idle.stop()
        else:
            self._idle.start(int(max(0.0, rule.after_s - rule.warn_s) * 1000))

    def _start_countdown(self) -> None:
        rule = self._idle_rule()
        if rule is None:
            return
        if rule.warn_s <= 0:
            self.goHome()
            return
        self._set("_countdown", max(1, int(rule.warn_s)), self.countdownChanged)
        self._tick.start()

    def _count_down(self) -> None:
        left = self._countdown - 1
        if left <= 0:
            self._tick.stop()
            self._set("_countdown", 0, self.countdownChanged)
            self.goHome()
            return
        self._set("_countdown", left, self.countdownChanged)

    @Slot()
    def goHome(self) -> None:
        """End the session: drop everything personal, back to the home screen in Chinese and in
        standard mode. The one session reset, whatever ends the session: 返回首页, the idle time of
        any page, a new card or code over an old session, the technician leaving."""
        self._session += 1
        self._identity = None
        self._chosen, self._ticket, self._refusal, self._matches = {}, {}, {}, []
        self._reprint = {}
        self._form = None
        self.sessionChanged.emit()
        if self._query or self._matter:  # what this citizen searched or opened goes; the whole list is kept as is
            self._query, self._matter = "", {}
            self._show_matters(self._filter_matters(""))
            self.guideChanged.emit()
        self._tech = {}
        self._device_rows.set_rows([])  # never the last technician's device states, stale
        self.techChanged.emit()
        self._desk.wipe()
        self._set("_busy", False, self.busyChanged)
        self._lang_chosen = False
        self._set("_lang", FRESH_LANG, self.langChanged)
        self._set("_elder", FRESH_ELDER, self.elderChanged)
        self._voice.off()
        self._wipe_keyboard()
        self._idle.stop()
        self._tick.stop()
        self._set("_countdown", 0, self.countdownChanged)
        self._set("_page", "home", self.pageChanged)
        self.touched()
        self._trim.start()  # after the screen is home, not in the citizen's way

    def _wipe_keyboard(self) -> None:
        """The pinyin keyboard learns words: forget them with the session."""
        self.keyboardReset.emit()
        if self.keyboard_dir is not None and self.keyboard_dir.exists():
            for child in self.keyboard_dir.iterdir():
                if child.is_dir():
                    shutil.rmtree(child, ignore_errors=True)
                else:
                    child.unlink(missing_ok=True)

    @Slot()
    def toggleLanguage(self) -> None:
        self._lang_chosen = True
        self._set("_lang", "en" if self._lang == "zh" else "zh", self.langChanged)
        if self._voice.on:  # the page again, in the language just chosen (translated by now)
            self._voice.announceRequested.emit()
        self.touched()

    @Slot()
    def toggleElder(self) -> None:
        self._set("_elder", not self._elder, self.elderChanged)
        self.touched()

    # --- take a number -------------------------------------------------------------------
    @Slot()
    def startTakeNumber(self) -> None:
        self.refresh()
        self._go("categories")

    @Slot(str)
    def chooseCategory(self, code: str) -> None:
        category = next((c for g in self._groups for c in g["categories"] if c["code"] == code), None)
        if category is None:
            return
        self._chosen = category
        self.sessionChanged.emit()
        if self._identity is not None:
            self._issue()
        else:
            self._go("identify")

    @Slot()
    def issueWithoutId(self) -> None:
        """No card: only where the category allows it (the core refuses otherwise)."""
        if self._form is not None and self._page == "identify":
            self._open_form()  # the form without the card: the citizen types those fields too
        elif self._chosen:
            self._issue()

    def _issue(self, appointment_id: str | None = None) -> None:
        category, identity = self._chosen["code"], self._identity
        self._set("_busy", True, self.busyChanged)
        self._go("busy")
        self._background(lambda: self.core.take_ticket(category, identity, appointment_id=appointment_id)) \
            .success(self._issued).failure(self._refused).run()

    def _issued(self, result: IssuedTicketInfo) -> None:
        self._set("_busy", False, self.busyChanged)
        hall = self.core.hall
        # The server says when in UTC; the citizen reads the hall's own clock, on screen and on paper.
        issued = result.issued_at.astimezone(self.core.hall_tz())
        self._ticket = {
            "number": result.number, "categoryName": result.category_name, "categoryNameEn": result.category_name_en,
            "peopleAhead": result.people_ahead, "waitMinutes": result.estimated_wait_minutes,
            "green": bool(result.green_channel), "appointment": bool(result.appointment),
            "offline": bool(result.offline), "maskedName": result.masked_name or "",
            "estimated": bool(result.offline),
            "waitRange": result.wait_high_minutes is not None,  # the promised range, with its ends
            "waitLow": result.wait_low_minutes or 0, "waitHigh": result.wait_high_minutes or 0,
            "issuedAt": f"{issued:%H:%M}",
            "qr": qr_data_url(result.track_url) if result.track_url else "",
            "printing": True, "printed": False, "printError": "",
            # A hall nearby clearly faster for this service (core.nearby_faster): one line, else none.
            "nearby": {} if result.nearby is None else {
                "name": result.nearby.name, "nameEn": result.nearby.name_en, "address": result.nearby.address,
                "waitMinutes": result.nearby.wait_minutes, "travelMinutes": result.nearby.travel_minutes},
        }
        self.sessionChanged.emit()
        self._go("ticket")
        if self._form is not None:
            self._send_form(result, self._form)
        receipt = {
            # The receipt greets in the citizen's language: the hall's English name on an English one.
            "hall_name": (hall.name if self._lang == "zh" else hall.name_en or hall.name) if hall else "",
            "ticket_number": result.number,
            "category_name": result.category_name if self._lang == "zh" else result.category_name_en,
            "people_ahead": int(result.people_ahead), "estimated_wait_minutes": int(result.estimated_wait_minutes),
            "issued_at": issued.isoformat(), "wait_low_minutes": result.wait_low_minutes,
            "wait_high_minutes": result.wait_high_minutes,
            "masked_name": result.masked_name or None, "tracking_url": result.track_url,
            "language": self._lang, "estimated": bool(result.offline), "green_channel": bool(result.green_channel),
            "large_type": self._elder,  # elder mode is large everywhere, the receipt included
            "form_filled": True if self._form is not None else None,
        }
        receipt = {k: v for k, v in receipt.items() if v is not None}
        if self._device_health.get("receipt", {}).get("state") == "down":
            self._printed(DeviceError("device_down", "", ""))
            return
        session = self._session
        self.devices.command("print_receipt", {"ticket": receipt},
                             lambda r: self._printed(r) if session == self._session else None)

    def _printed(self, result: Any) -> None:
        ticket = dict(self._ticket, printing=False)
        if isinstance(result, DeviceError):
            ticket.update(printed=False, printError=result.code)
        else:
            ticket.update(printed=True)
        self.last_print = {"ok": ticket["printed"], "number": ticket.get("number")}
        self._ticket = ticket
        self.sessionChanged.emit()

    def _refused(self, exc: Exception) -> None:
        """A worker's flow ended in a refusal (or a fault): no longer busy, the refusal page."""
        self._set("_busy", False, self.busyChanged)
        self._refuse(exc)

    def _refuse(self, exc: Exception) -> None:
        if isinstance(exc, HallError):
            self._refusal = {"code": exc.code, "message": exc.message, "messageEn": exc.message_en,
                             "detail": dict(exc.detail)}
        else:  # a fault, not a refusal: the screen says so in its own words, never Python's
            log.error("kiosk flow failed: %s", type(exc).__name__)
            self._refusal = {"code": "internal", "message": "", "messageEn": "", "detail": {}}
        self.sessionChanged.emit()
        self._go("refusal")

    # --- appointment check-in ------------------------------------------------------------
    @Slot()
    def startCheckIn(self) -> None:
        self._go("checkin")

    def _show_matches(self, matches: list[AppointmentMatch]) -> None:
        self._set("_busy", False, self.busyChanged)
        if not matches:
            self._refuse(_Refusal("no_appointment", "", ""))
            return
        self._matches = [{
            "id": m.id, "category": m.category, "categoryName": m.category_name, "categoryNameEn": m.category_name_en,
            "slot": f"{m.slot_start:%H:%M}-{m.slot_end:%H:%M}", "maskedName": m.masked_name or "",
        } for m in matches]
        self.sessionChanged.emit()
        self._go("appointment")

    @Slot(str)
    def confirmAppointment(self, appointment_id: str) -> None:
        match = next((m for m in self._matches if m["id"] == appointment_id), None)
        if match is None:
            return
        self._chosen = {"code": match["category"], "name": match["categoryName"], "nameEn": match["categoryNameEn"]}
        self._issue(appointment_id)

    # --- devices -------------------------------------------------------------------------
    def _take_identity(self, identity: Identity) -> None:
        """The citizen's card, for this session only; a foreign permanent resident's speaks English."""
        self._identity = identity
        self.sessionChanged.emit()
        if identity.card_type in ENGLISH_CARDS and not self._lang_chosen:
            self._set("_lang", "en", self.langChanged)

    # --- 补打凭条: a receipt printed again, by the ticket number or by the card ----------------
    @Slot()
    def startReprint(self) -> None:
        self._reprint = {"step": "ask"}
        self.sessionChanged.emit()
        self._go("reprint")

    @Slot(str)
    def reprintByNumber(self, number: str) -> None:
        """The number typed on the pad: with the number alone the receipt carries no personal data."""
        if self._page != "reprint" or self._reprint.get("step") == "busy" or not number.strip():
            return
        self._find_reprint(lambda: self.core.reprint(number=number))

    def _reprint_by_card(self, identity: Identity) -> None:
        self._take_identity(identity)
        self._find_reprint(lambda: self.core.reprint(identity=identity))

    def _find_reprint(self, job: Callable[[], list[ReprintTicket]]) -> None:
        self._reprint = {"step": "busy"}
        self.sessionChanged.emit()
        self.touched()
        self._background(job).success(self._reprint_found).failure(self._reprint_refused).run()

    def _reprint_refused(self, exc: Exception) -> None:
        if isinstance(exc, HallError):
            refusal = {"code": exc.code, "message": exc.message, "messageEn": exc.message_en}
        else:  # a fault: the page says so in its own words, never Python's
            log.error("reprint failed: %s", type(exc).__name__)
            refusal = {"code": "internal", "message": "", "messageEn": ""}
        self._reprint = {"step": "ask", "refusal": refusal}
        self.sessionChanged.emit()

    def _reprint_found(self, tickets: list[ReprintTicket]) -> None:
        hall = self.core.hall
        zh = self._lang == "zh"
        shown, receipts = [], []
        for t in tickets:
            issued = t.issued_at.astimezone(self.core.hall_tz())
            shown.append({"number": t.number, "categoryName": t.category_name, "categoryNameEn": t.category_name_en,
                          "peopleAhead": t.people_ahead, "waitMinutes": t.estimated_wait_minutes,
                          "called": t.window is not None, "windowName": t.window_name or "",
                          "windowNameEn": t.window_name_en or t.window_name or "", "green": t.green_channel})
            receipt = {
                "hall_name": hall.name if hall else "", "ticket_number": t.number,
                "category_name": t.category_name if zh else t.category_name_en,
                "people_ahead": t.people_ahead, "estimated_wait_minutes": t.estimated_wait_minutes,
                "issued_at": issued.isoformat(), "masked_name": t.masked_name, "tracking_url": t.track_url,
                "language": self._lang, "green_channel": t.green_channel, "reprint": True,
                "window_name": (t.window_name if zh else t.window_name_en or t.window_name),
            }
            receipts.append({k: v for k, v in receipt.items() if v is not None})
        self._reprint = {"step": "done", "tickets": shown, "printing": True, "printed": 0, "printError": ""}
        self.sessionChanged.emit()
        self.touched()
        self._print_reprints(receipts)

    def _print_reprints(self, receipts: list[dict[str, Any]]) -> None:
        """One receipt after another; the first that fails stops the rest and the page says so."""
        if not receipts:
            self._reprint = dict(self._reprint, printing=False)
            self.sessionChanged.emit()
            return
        if self._device_health.get("receipt", {}).get("state") == "down":
            self._reprint_printed(receipts, DeviceError("device_down", "", ""))
            return
        session = self._session
        self.devices.command("print_receipt", {"ticket": receipts[0]},
                             lambda r: self._reprint_printed(receipts, r) if session == self._session else None)

    def _reprint_printed(self, receipts: list[dict[str, Any]], result: Any) -> None:
        if isinstance(result, DeviceError):
            self._reprint = dict(self._reprint, printing=False, printError=result.code)
            self.last_print = {"ok": False, "number": receipts[0]["ticket_number"], "reprint": True}
            self.sessionChanged.emit()
            return
        self._reprint = dict(self._reprint, printed=self._reprint.get("printed", 0) + 1)
        self.last_print = {"ok": True, "number": receipts[0]["ticket_number"], "reprint": True}
        self.sessionChanged.emit()
        self._print_reprints(receipts[1:])

    def _on_card(self, card: dict[str, Any]) -> None:
        """A card was put on the reader: only a card presented now counts, never one left lying there."""
        if self._page in ("techpin", "tech", "busy"):
            return
        if self._page in ("ticket", "refusal", "matter", "guide", "appointment", "form"):
            self.goHome()  # someone new: the last session must not leak into theirs
        identity = Identity.from_card(card)
        if self._page == "reprint":
            if self._reprint.get("step") == "done":  # someone new: the last reprint must not leak into theirs
                self.goHome()
                self.startReprint()
            if self._reprint.get("step") != "busy":
                self._reprint_by_card(identity)
            return
        if self._desk.takes_card(identity):
            return
        self._take_identity(identity)
        if self._page == "checkin":
            self._set("_busy", True, self.busyChanged)
            self._background(lambda: self.core.check_in_identity(identity)) \
                .success(self._show_matches).failure(self._refused).run()
        elif self._page == "identify" and self._form is not None:
            self._open_form()
        elif self._page == "identify" and self._chosen:
            self._issue()
        else:
            self.refresh()
            self._go("categories")

    def _on_code(self, text: str) -> None:
        if self._page in ("techpin", "tech", "busy"):
            return
        if self._desk.takes_code(text):
            return
        if self._page in ("ticket", "refusal", "matter", "guide", "appointment", "categories", "reprint"):
            self.goHome()
        self._go("checkin")
        self._set("_busy", True, self.busyChanged)
        self._background(lambda: [self.core.check_in_code(text)]) \
            .success(self._show_matches).failure(self._refused).run()

    def _on_health(self, health: dict[str, Any]) -> None:
        self._device_health = health
        self._notices = [role for role in CITIZEN_DEVICES if health.get(role, {}).get("state") == "down"]
        self.devicesChanged.emit()
        try:
            self.core.report_health({role: {"role": role, "state": h.get("state") or "down",
                                            "reason": h.get("code") or "", "reason_zh": h.get("reason_zh"),
                                            "reason_en": h.get("reason_en")} for role, h in health.items()})
        except Exception:  # a report that cannot be queued is sent with the next one
            log.warning("device health could not be queued for the hall server", exc_info=True)

    # --- service guide -------------------------------------------------------------------
    @Slot()
    def openGuide(self) -> None:
        self._query = ""
        self._show_matters(self._filter_matters(""))
        self.guideChanged.emit()
        self._go("guide")

    @Slot(str)
    def searchGuide(self, text: str) -> None:
        self._query = text
        self._show_matters(self._filter_matters(text))
        self.guideChanged.emit()
        self.touched()

    def _show_matters(self, matters: list[dict[str, Any]]) -> None:
        self._matters = matters
        self._matter_rows.set_rows(matters)

    def _filter_matters(self, text: str) -> list[dict[str, Any]]:
        ranked = [(rank, m) for m in self.core.matters() if (rank := matter_rank(m, text)) is not None]
        found = [m for _, m in sorted(ranked, key=lambda pair: pair[0])]
        return [{"code": m.code, "name": m.name, "nameEn": m.name_en, "category": m.category,
                 "promisedDays": m.promised_days, "online": m.online} for m in found]

    @Slot(str)
    def openMatter(self, code: str) -> None:
        matter = next((m for m in self.core.matters() if m.code == code), None)
        if matter is None:
            return
        self._matter = matter.model_dump(mode="json")  # the matter page reads the wire's own names
        self.guideChanged.emit()
        self._go("matter")

    # --- 电子填单: the matter's form, filled from the ID card and by the citizen -------------------
    @Slot()
    def startForm(self) -> None:
        """From the matter page: fill its form (the ID card first), then take a number with it."""
        matter = next((m for m in self.core.matters() if m.code == self._matter.get("code")), None)
        if matter is None or not matter.form:
            return
        self._form = FormFill(matter, {})
        self._chosen = {"code": matter.category, "name": matter.name, "nameEn": matter.name_en}
        if self._identity is None:
            self.sessionChanged.emit()
            self._go("identify")
        else:
            self._open_form()

    def _open_form(self) -> None:
        if self._form is not None:
            self._form = FormFill.start(self._form.matter, self._identity)
        self.sessionChanged.emit()
        self._go("form")

    @Slot(str, str)
    def setFormValue(self, key: str, value: str) -> None:
        if self._form is not None:
            self._form.set_value(key, value)
            self.sessionChanged.emit()
            self.touched()

    @Slot(str, bool)
    def setFormMaterial(self, name: str, have: bool) -> None:
        if self._form is not None:
            self._form.set_material(name, have)
            self.sessionChanged.emit()
            self.touched()

    @Slot()
    def submitForm(self) -> None:
        """Take the number with the form, once every field and material is answered as the rules want."""
        if self._form is None or self._page != "form" or self._busy:
            return
        if self._form.check():
            self._issue()
        self.sessionChanged.emit()

    def _send_form(self, ticket: IssuedTicketInfo, form: FormFill) -> None:
        """The form follows the ticket to the hall server (from the outbox when it is away)."""
        request = form.request()
        self._background(lambda: self.core.send_form(ticket, request)).failure(self._form_refused).run()

    def _form_refused(self, exc: Exception) -> None:
        # The ticket stands; the window asks again for what the form would have said.
        log.warning("a ticket's form was not taken: %s", getattr(exc, "code", type(exc).__name__))

    @Slot()
    def backToGuide(self) -> None:
        self._go("guide")

    # --- technician mode -----------------------------------------------------------------
    @Slot()
    def techRequest(self) -> None:
        """The hidden long press on the hall's name: the PIN pad."""
        if self._page in CITIZEN_PAGES:
            self.goHome()
        self._voice.off()  # the technician's pages are not read out
        self._tech = {}
        self._device_rows.set_rows([])  # never the last technician's device states, stale
        self.techChanged.emit()
        self._go("techpin")

    @Slot(str)
    def techEnter(self, pin: str) -> None:
        if self._lock is None:
            self._tech = {"refused": "no_pin"}
        elif self._lock.check(pin):
            self._tech = {}
            self._go("tech")
            self._tech_figures()
            return
        elif self._lock.locked_for():
            self._tech = {"refused": "locked", "minutes": max(1, round(self._lock.locked_for() / 60))}
        else:
            self._tech = {"refused": "wrong_pin"}
        self.techChanged.emit()

    def _tech_figures(self) -> None:
        """The technician's figures; the outbox is counted in the store file, off the GUI thread."""
        self._background(lambda: (self.core.pending_outbox(), len(self.core.failed_outbox()))) \
            .success(self._tech_counted).failure(self._tech_not_counted).run()

    def _tech_not_counted(self, exc: Exception) -> None:
        log.warning("outbox could not be counted: %s", type(exc).__name__)
        self._tech_counted((-1, -1))

    def _tech_counted(self, counts: tuple[int, int]) -> None:
        if self._page != "tech":
            return
        pending, failed = counts
        devices = [{"role": role, **{k: v for k, v in h.items() if v is not None}}
                   for role, h in sorted(self._device_health.items())]
        self._tech = {**self._tech, "devices": devices, "online": bool(self.core.online),
                      "server": self.config.server_url, "pending": pending, "failed": failed}
        self._device_rows.set_rows(devices)
        self.techChanged.emit()

    @Slot(str)
    def techSelfTest(self, role: str) -> None:
        self._tech = {**self._tech, "testing": role, "result": {}}
        self.techChanged.emit()
        self.devices.command("self_test", {"device": role, "wait_seconds": 10}, self._tech_tested, timeout=20)

    def _tech_tested(self, result: Any) -> None:
        if self._page != "tech":
            return
        if isinstance(result, DeviceError):
            outcome = {"passed": False, "detail_zh": result.message, "detail_en": result.message_en}
        else:
            outcome = {k: result.get(k) for k in ("passed", "detail_zh", "detail_en")}
        self._tech = {**self._tech, "testing": "", "result": {**outcome, "role": self._tech.get("testing", "")}}
        self._tech_figures()

    @Slot()
    def techExitFullScreen(self) -> None:
        if self._page == "tech":
            self.fullScreenExitRequested.emit()

    @Slot()
    def techLeave(self) -> None:
        self.goHome()


class _Refusal(HallError):
    """A refusal the kiosk's screens make themselves (not the server's nor a device's)."""


class _DeskSession:
    """The kiosk's session as the service desk sees it (deskstate.DeskSession): its page, the card's
    identity and background work bound to it, nothing else of KioskState."""

    def __init__(self, state: KioskState) -> None:
        self._state = state

    @property
    def page(self) -> str:
        return self._state._page

    def go(self, page: str) -> None:
        self._state._go(page)

    def go_home(self) -> None:
        self._state.goHome()

    def touched(self) -> None:
        self._state.touched()

    @property
    def identity(self) -> Identity | None:
        return self._state._identity

    def take_identity(self, identity: Identity) -> None:
        self._state._take_identity(identity)

    def background(self, job: Callable[[], T]) -> Background[T]:
        return self._state._background(job)


def matter_rank(matter: Matter, text: str) -> int | None:
    """Where a service-guide search hits a matter (earlier is better), or None when it does not:
    Chinese characters, pinyin initials (sfz), full pinyin or English words."""
    needle = "".join(text.split()).lower()
    if not needle:
        return 0
    hay = (matter.name, matter.initials.lower(), "".join(matter.pinyin.split()).lower(),
           matter.name_en.lower().replace(" ", ""))
    hits = [h.find(needle) for h in hay if needle in h]
    return min(hits) if hits else None


def _load_libc() -> Any:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc if hasattr(libc, "malloc_trim") else None
    except OSError:
        return None


_LIBC = _load_libc()


#: glibc's mallopt parameters (malloc.h).
M_MMAP_THRESHOLD, M_ARENA_MAX = -3, -8


def settle_allocator() -> None:
    """Set glibc's allocator for a process that runs for weeks; before its threads start."""
    if _LIBC is None or not hasattr(_LIBC, "mallopt"):
        return
    # Two arenas, not eight per core: every thread (workers, device link, sync, Qt's own) would
    # otherwise get an arena of its own, each keeping what it freed.
    _LIBC.mallopt(M_ARENA_MAX, 2)
    # A fixed threshold: glibc raises it after every large block freed, and then each session's
    # large blocks (the ticket's QR code, decoded) are carved out of the heap between long-lived
    # small ones instead of being mapped and unmapped whole; the heap grows by the holes they leave.
    _LIBC.mallopt(M_MMAP_THRESHOLD, 128 * 1024)


def release_memory() -> None:
    """Hand the memory a finished session freed back to the system (glibc keeps it otherwise,
    and a 7×24 kiosk's size would creep up with every citizen)."""
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


def _group(categories: list[CategoryNow]) -> list[dict[str, Any]]:
    """Categories by their group, in the hall's order, for the category screen."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for c in categories:
        info = c.info
        groups.setdefault(info.group, []).append({
            "code": info.code, "prefix": info.prefix, "name": info.name, "nameEn": info.name_en,
            "waiting": c.waiting, "waitMinutes": c.estimated_wait_minutes, "open": c.open_now,
            "appointmentOnly": info.appointment_only, "idRequired": info.id_required, "green": info.green_channel,
        })
    return [{"name": name, "nameEn": GROUP_EN.get(name, name), "icon": GROUP_ICON.get(name, "general"),
             "categories": items} for name, items in groups.items()]
