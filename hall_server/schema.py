"""The wire schema: every request, response and event the hall server speaks.

This is the one module of `hall_server` that the kiosk and the display apps import.
"""
from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import re
from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, Any, Final, Literal

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from hall_rules import queue as queue_rules

API = "/api/v1"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


# --- bounded input types: what a request may carry is what storage can hold ---------------------

ID_MAX = 2**31 - 1  # row ids live in INTEGER columns (int4 on PostgreSQL)
SEQ_MAX = 2**63 - 1  # event sequence numbers in BIGINT
RecordId = Annotated[int, Field(ge=1, le=ID_MAX, description="a record's id (1 … 2³¹−1)")]
Seq = Annotated[int, Field(ge=0, le=SEQ_MAX, description="an event sequence number (0 … 2⁶³−1)")]
TicketSeq = Annotated[int, Field(ge=1, le=ID_MAX, description="a ticket's daily sequence number")]


def is_text(value: str) -> bool:
    """True unless the string holds a lone surrogate (JSON can escape one, \\ud800; UTF-8 cannot carry it)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _text(value: str) -> str:
    if not is_text(value):
        raise ValueError("the text is not valid Unicode (it holds a lone surrogate)")
    return value


# Every text a request carries: pydantic checks a constrained str itself, but a plain str (and a
# dict key) goes through as given, and a lone surrogate then breaks hashing, storage and JSON answers.
Text = Annotated[str, AfterValidator(_text)]


ROW_DEPTH_MAX = 16  # an import row is a flat object (a command-line row's documents nest two levels)


UnreadableCode = Literal["bad_text", "too_deep"]


def find_unreadable(value: Any, max_depth: int = ROW_DEPTH_MAX) -> tuple[UnreadableCode | None, str | None]:
    """What makes JSON-shaped data unusable, if anything, and the top-level key it is under (None
    when that key is itself bad or the data is not an object): "bad_text" for a lone surrogate
    anywhere, "too_deep" for containers nested deeper than max_depth."""
    def problem(v: Any, depth: int) -> UnreadableCode | None:  # its own stack: no recursion however deep the data
        stack = [(v, depth)]
        while stack:
            item, d = stack.pop()
            if isinstance(item, str):
                if not is_text(item):
                    return "bad_text"
            elif isinstance(item, (dict, list, tuple)):
                if d >= max_depth:
                    return "too_deep"
                children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
                stack.extend((child, d + 1) for child in children)
        return None

    if isinstance(value, dict):
        for k, v in value.items():
            if problem(k, 1):
                return "bad_text", None
            found = problem(v, 1)
            if found:
                return found, k
        return None, None
    return problem(value, 0), None


class TicketState(StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"
    HELD = "held"
    CANCELLED = "cancelled"


ACTIVE_STATES = (TicketState.WAITING, TicketState.CALLED, TicketState.SERVING, TicketState.HELD)


class WindowState(StrEnum):
    OPEN = "open"
    PAUSED = "paused"
    CLOSED = "closed"


class Role(StrEnum):
    KIOSK = "kiosk"
    DISPLAY = "display"
    WINDOW_STAFF = "window-staff"
    HALL_ADMIN = "hall-admin"
    TECHNICIAN = "technician"
    APPROVAL_SYSTEM = "approval-system"  # imports cases (办件) and their result documents
    EVALUATOR = "evaluator"  # the rating pad (评价器) at one window
    CENTRE = "centre"  # the hall network's centre (hall-centre): reads the event log and the snapshot, masked


# --- errors -----------------------------------------------------------------------------------

class ErrorDetail(_Model):
    code: str = Field(description="machine-readable reason, e.g. category_closed, daily_cap_reached")
    message: str = Field(description="the reason in Chinese, fit to show to a citizen or staff")
    message_en: str
    detail: dict[str, Any] = Field(default_factory=dict)


class ErrorBody(_Model):
    error: ErrorDetail


# --- auth -------------------------------------------------------------------------------------

class LoginRequest(_Model):
    username: Text = Field(min_length=1, max_length=64)
    pin: Text = Field(min_length=4, max_length=12, pattern=r"^[0-9]+$")  # ASCII: \d takes any script's digits
    window: Text | None = Field(default=None, max_length=16, description="window to work at (window staff)")


class LoginResponse(_Model):
    token: str
    expires_at: dt.datetime
    role: Role
    name: str
    window: str | None


# --- configuration --------------------------------------------------------------------------

class CategoryInfo(_Model):
    code: str
    prefix: str
    name: str
    name_en: str
    group: str
    hours: list[str]
    daily_cap: int
    warn_waiting: int
    green_channel: bool
    appointment_only: bool
    id_required: bool


class WindowInfo(_Model):
    code: str
    name: str
    name_en: str
    area: str
    categories: list[str]


class StaffReasonInfo(_Model):
    """A pause or hold reason of the hall: staff send its code; screens show its name in their language."""

    code: str
    name: str
    name_en: str


class DisplaySettings(_Model):
    """A hall display's own settings from the hall file's `[[devices]]` row."""

    language: Literal["zh", "en", "alternate"] = Field(
        description="the language of the display's texts, or each in turn (alternate)")
    alternate_seconds: int = Field(description="seconds in each language when alternating")


class HallInfo(_Model):
    code: str
    name: str
    name_en: str
    level: str
    timezone: str
    business_day: dt.date
    categories: list[CategoryInfo]
    windows: list[WindowInfo]
    green_channel_age: int = Field(description="age read from the ID card that puts a ticket in the green channel")
    lease_block: int = Field(description="numbers leased in advance per category by each kiosk")
    # Absent from a description a kiosk cached before they were sent, these mean the hall file's
    # defaults (hall_rules.queue).
    ageing_minutes: int = Field(default=queue_rules.AGEING_MINUTES,
                                description="a ticket waiting this long is called first, with the green channel")
    number_digits: int = Field(default=queue_rules.NUMBER_DIGITS,
                               description="digits of a ticket number after its prefix (A001: 3)")
    daily_reset: str = Field(default=f"{queue_rules.DAILY_RESET:%H:%M}", pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$",
                             description="local time (HH:MM) at which the business day (and numbering) turns over")
    appointment_early_minutes: int = Field(description="an appointment's ticket is called in its slot from this "
                                                       "long before the slot starts")
    appointment_checkin_early_minutes: int = Field(default=queue_rules.CHECKIN_EARLY_MINUTES,
                                                   description="earliest check-in before the slot starts")
    appointment_late_minutes: int = Field(default=queue_rules.LATE_MINUTES,
                                          description="after slot_end + this the appointment has lapsed")
    appointment_public_key: str = Field(
        description="base64 of the raw 32-byte Ed25519 key that signs appointment codes")
    track_base_url: str = Field(description="public base of the tracking addresses: base + '/t/' + token")
    no_show_undo_seconds: int = Field(default=queue_rules.NO_SHOW_UNDO_SECONDS,
                                      description="a no-show may be undone at its window for this long (0: never)")
    sound: Literal["silent", "chime", "voice"] = Field(
        default="silent", description="how the asking display announces a call: silent (shown only), "
                                      "chime, or voice (the call spoken); the hall file's [[devices]] sound")
    pause_reasons: list[StaffReasonInfo] = Field(default_factory=list,
                                                 description="the codes a window may pause with (PauseRequest.reason)")
    hold_reasons: list[StaffReasonInfo] = Field(default_factory=list,
                                                description="the codes a ticket may be held with (HoldRequest.reason)")


    display: DisplaySettings | None = Field(
        default=None, description="to a display whose hall-file row sets its language: those settings")
    heartbeat_seconds: int = Field(default=60, description="how often a device reports its health (its heartbeat)")


# --- tickets ----------------------------------------------------------------------------------

class IssueTicketRequest(_Model):
    category: Text = Field(min_length=1, max_length=32)
    id_number: Text | None = Field(default=None, min_length=15, max_length=18,
                                   description="read from the ID card; stored only as a keyed hash")
    name: Text | None = Field(default=None, max_length=64, description="stored only masked (张*三)")
    appointment_id: Text | None = Field(default=None, max_length=64)
    green_channel: bool = Field(default=False, description="staff mark for the green channel (not for kiosks)")


class Ticket(_Model):
    """A ticket as every client may see it: no ID number, the name masked."""

    id: int
    number: str
    category: str
    state: TicketState
    business_day: dt.date
    issued_at: dt.datetime
    queued_at: dt.datetime
    called_at: dt.datetime | None = None
    window: str | None = None
    target_window: str | None = None
    recall_count: int = 0
    green_channel: bool = False
    appointment: bool = False
    masked_name: str | None = None
    transfers: int = 0
    reason: str | None = None


class IssuedTicket(_Model):
    ticket: Ticket
    people_ahead: int
    estimated_wait_minutes: int
    wait_low_minutes: int | None = Field(default=None, description="the promised wait's range, low end (5-minute "
                                         "steps; null: unknown, no window of the category is open)")
    wait_high_minutes: int | None = Field(default=None, description="the promised wait's range, high end")
    track_token: str = Field(description="unguessable token for the phone tracking address")
    track_url: str = Field(description="the phone tracking address (public base URL + /t/ + token), for the QR code")


class TicketList(_Model):
    tickets: list[Ticket]


# --- a receipt printed again (the printer ran out of paper, or the citizen lost it) --------------

REPRINT_NUMBER_MAX = 8  # a ticket number as rules.format_number makes it (prefix + digits)


class ReprintRequest(_Model):
    """A receipt printed again, at a kiosk or read out at the service desk: by the ticket's number
    (the receipt then carries no personal data) or by the ID card that took it (today's live tickets)."""

    number: Text | None = Field(default=None, min_length=2, max_length=REPRINT_NUMBER_MAX,
                                pattern=r"^[A-Za-z][0-9]+$", description="the ticket number, e.g. A012")
    id_number: Text | None = Field(default=None, min_length=15, max_length=18,
                                   description="read from the ID card; compared as a keyed hash")

    @model_validator(mode="after")
    def _one_way(self) -> ReprintRequest:
        if (self.number is None) == (self.id_number is None):
            raise ValueError("give either number or id_number")
        return self


class ReprintTicket(_Model):
    """One ticket as its receipt shows it now."""

    number: str
    category: str
    category_name: str
    category_name_en: str
    state: TicketState
    people_ahead: int = Field(description="waiting tickets called before this one now (0 once called)")
    estimated_wait_minutes: int
    window: str | None = Field(default=None, description="the window it is called to or served at")
    window_name: str | None = None
    window_name_en: str | None = None
    issued_at: dt.datetime
    green_channel: bool
    appointment: bool
    track_url: str
    masked_name: str | None = Field(default=None, description="only when asked by the ID card")


class ReprintList(_Model):
    tickets: list[ReprintTicket] = Field(description="one by number; by ID card, today's live tickets of the card")


class ReceiptReprintData(_Model):
    """The `data` of receipt.reprinted: which ticket, who asked (a kiosk or the desk) and how."""

    ticket_id: int
    number: str
    by: str = Field(description="the principal that asked: device:<kiosk> or the desk's staff")
    role: Role
    via: Literal["number", "id_card"]


class WindowTicketRequest(_Model):
    ticket_id: RecordId


class CallNextRequest(_Model):
    ticket_id: RecordId | None = Field(default=None,
                                       description="call this waiting ticket instead of the next in order")


class CallResult(_Model):
    ticket: Ticket | None = Field(description="the ticket called, or null when nobody is waiting")


class TransferRequest(_Model):
    ticket_id: RecordId
    category: Text | None = None
    window: Text | None = None
    note: Text | None = Field(default=None, max_length=200)


class HoldRequest(_Model):
    ticket_id: RecordId
    reason: Text = Field(min_length=1, max_length=200, description="the code of one of the hall's hold_reasons")


class CancelRequest(_Model):
    reason: Text | None = Field(default=None, max_length=200)


class TicketResult(_Model):
    ticket: Ticket


# --- windows ----------------------------------------------------------------------------------

class PauseRequest(_Model):
    reason: Text = Field(min_length=1, max_length=100, description="the code of one of the hall's pause_reasons")


class WindowStatus(_Model):
    code: str
    name: str
    name_en: str
    area: str
    categories: list[str]
    state: WindowState
    reason: str | None = Field(default=None, description="paused: the code of its pause reason (or, stored "
                                                         "before reasons were codes, the words given)")
    reason_name: str | None = Field(default=None, description="the pause reason's name; none for an unknown code")
    reason_name_en: str | None = None
    staff_name: str | None = None
    current_ticket: Ticket | None = None
    since: dt.datetime | None = None


class WindowResult(_Model):
    window: WindowStatus


# --- leases (offline kiosks) ------------------------------------------------------------------

class LeaseRequest(_Model):
    category: Text
    #: The kiosk sizes its leases by its own busiest hour; the server grants at most half of
    #: what is left under the category's daily cap.
    count: int | None = Field(default=None, ge=1, le=1000)


class Lease(_Model):
    id: str
    category: str
    prefix: str
    business_day: dt.date
    first: int
    last: int
    used: list[int] = Field(default_factory=list)
    released: bool = False


class LeaseList(_Model):
    leases: list[Lease]


#: A kiosk makes the tracking token of a ticket it issues offline this long (`token_urlsafe(24)`;
#: the server's own are 24 characters), so the phone page can say "not known yet" to the
#: citizen holding it: the answer depends on the token's form, never on what the server holds.
OFFLINE_TRACK_TOKEN_LENGTH = 32


class OfflineTicket(_Model):
    seq: TicketSeq
    issued_at: dt.datetime
    id_number: Text | None = Field(default=None, min_length=15, max_length=18)
    name: Text | None = Field(default=None, max_length=64)
    track_token: Text | None = Field(default=None, min_length=22, max_length=64, pattern=r"^[A-Za-z0-9_-]+$",
                                     description="tracking token the kiosk made and printed while offline")
    green_channel: bool = Field(default=False, description="the kiosk read the citizen's age from the ID card; "
                                                           "honoured only where the category has a green channel")
    appointment_id: Text | None = Field(default=None, max_length=64,
                                        description="the appointment the kiosk checked in offline")


class OfflineSubmit(_Model):
    tickets: list[OfflineTicket] = Field(min_length=1, max_length=200)


class OfflineNote(_Model):
    """Why an offline ticket was merged differently from what the kiosk asked (it is never dropped)."""

    seq: int
    number: str
    code: str = Field(description="e.g. appointment_unknown, appointment_used: merged as an ordinary ticket")
    message: str
    message_en: str


class OfflineResult(_Model):
    tickets: list[IssuedTicket]
    notes: list[OfflineNote] = Field(default_factory=list)


class AbandonRequest(_Model):
    """The kiosk got no answer to POST /tickets with this key and issued a lease number instead."""

    idempotency_key: Text = Field(pattern=r"^[A-Za-z0-9_.:\-]{8,100}$")


class AbandonResult(_Model):
    ticket: Ticket | None = Field(description="the ticket the key had produced, now cancelled; null if none")


# --- appointments -----------------------------------------------------------------------------

class AppointmentRequest(_Model):
    category: Text
    date: dt.date
    slot_start: dt.time
    slot_end: dt.time
    id_number: Text | None = Field(default=None, min_length=15, max_length=18)
    name: Text | None = Field(default=None, max_length=64)


class Appointment(_Model):
    id: str
    category: str
    date: dt.date
    slot_start: dt.time
    slot_end: dt.time
    masked_name: str | None = None
    ticket_id: int | None = None
    code: str = Field(description="the signed appointment code (HA1.…) for the QR the citizen brings")


class KioskAppointment(_Model):
    """One appointment as a kiosk keeps it for the day: no ID number, only a digest under the day's key."""

    id: str
    category: str
    date: dt.date
    slot_start: dt.time
    slot_end: dt.time
    masked_name: str | None = None
    used: bool = Field(description="already checked in")
    id_digest: str | None = Field(default=None, description="hex HMAC-SHA256(lookup_key UTF-8, the ID number in "
                                                            "its canonical form: hall_rules.idnumbers.normalise)")


class AppointmentList(_Model):
    appointments: list[KioskAppointment]
    lookup_key: str = Field(description="the date's random key for id_digest (urlsafe base64 of 32 bytes)")


class AppointmentLookup(_Model):
    id_number: Text = Field(min_length=15, max_length=18)


# --- signed appointment codes (verified offline by kiosks) ------------------------------------

APPOINTMENT_CODE_PREFIX = "HA1"
APPOINTMENT_CODE_MAX = 512
_B64URL = re.compile(r"^[A-Za-z0-9_-]+$")


class AppointmentCodeError(ValueError):
    """An appointment code that cannot be used; `code`, `message` (zh) and `message_en` say why."""

    MESSAGES = {
        "code_malformed": ("无法识别该预约码", "this is not an appointment code"),
        "code_too_large": ("预约码内容过长，无法识别", "the code is too large to be an appointment code"),
        "code_signature": ("预约码校验失败，可能已被篡改", "the appointment code failed its check: altered or forged"),
        "code_other_hall": ("该预约不属于本大厅", "this appointment is for another service hall"),
    }

    def __init__(self, code: str):
        self.code = code
        self.message, self.message_en = self.MESSAGES[code]
        super().__init__(f"{code}: {self.message_en}")


class AppointmentCodePayload(_Model):
    hall: str
    id: str
    category: str
    date: dt.date
    slot_start: dt.time
    slot_end: dt.time


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64url(text: str) -> bytes:
    if not _B64URL.fullmatch(text):
        raise AppointmentCodeError("code_malformed")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise AppointmentCodeError("code_malformed") from None


def encode_appointment_code(payload: AppointmentCodePayload, sign: Callable[[bytes], bytes]) -> str:
    """The QR text of an appointment: `HA1.<base64url JSON>.<base64url Ed25519 signature>`.

    Args:
        sign: signs bytes with the hall's private key (the key itself stays with the server).
    """
    signed = f"{APPOINTMENT_CODE_PREFIX}.{_b64url(payload.model_dump_json().encode('utf-8'))}"
    return f"{signed}.{_b64url(sign(signed.encode('ascii')))}"


def decode_appointment_code(text: str, public_key: bytes, hall: str) -> AppointmentCodePayload:
    """Check an appointment code's signature, then read it; does not judge its date or time.

    Args:
        public_key: the hall's raw 32-byte Ed25519 public key (HallInfo.appointment_public_key, decoded).
        hall: the code of the hall reading it.

    Raises:
        AppointmentCodeError: code_too_large, code_malformed, code_signature or code_other_hall.
    """
    if not isinstance(text, str):
        raise AppointmentCodeError("code_malformed")
    if len(text) > APPOINTMENT_CODE_MAX:
        raise AppointmentCodeError("code_too_large")
    text = text.strip()
    parts = text.split(".")
    if len(parts) != 3 or parts[0] != APPOINTMENT_CODE_PREFIX:
        raise AppointmentCodeError("code_malformed")
    payload_bytes, signature = _unb64url(parts[1]), _unb64url(parts[2])
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, f"{parts[0]}.{parts[1]}".encode("ascii"))
    except InvalidSignature:
        raise AppointmentCodeError("code_signature") from None
    try:
        payload = AppointmentCodePayload.model_validate_json(payload_bytes)
    except ValidationError:
        raise AppointmentCodeError("code_malformed") from None
    if payload.hall != hall:
        raise AppointmentCodeError("code_other_hall")
    return payload


# --- state and events -------------------------------------------------------------------------

class CategoryStatus(_Model):
    code: str
    prefix: str
    name: str
    name_en: str
    waiting: int
    estimated_wait_minutes: int
    open_now: bool
    issued_today: int
    daily_cap: int
    warn_waiting: int
    open_windows: int


class Snapshot(_Model):
    seq: int = Field(description="the event sequence this state includes; stream from here")
    business_day: dt.date
    categories: list[CategoryStatus]
    windows: list[WindowStatus]
    tickets: list[Ticket] = Field(description="today's tickets that are waiting, called, serving or held "
                                              "(none when asked with tickets=false)")


EventType = Literal[
    "ticket.issued", "ticket.called", "ticket.recalled", "ticket.serving", "ticket.done",
    "ticket.no_show", "ticket.transferred", "ticket.held", "ticket.resumed", "ticket.cancelled",
    "window.opened", "window.paused", "window.closed",
    "lease.granted", "lease.released", "appointment.created", "day.rolled",
    "notice.changed", "category.changed", "device.health",
    "case.imported", "case.stage_changed", "case.document_issued",
    "rating.requested", "rating.given", "rating.follow_up_closed",
    "form.confirm_requested", "form.confirmed",
    "catalogue.updated",
    "receipt.reprinted",
    "config.changed",
    "device.state", "device.alert", "device.self_test",
]


class Event(_Model):
    """One append-only change with its hall-wide sequence number."""

    seq: int
    type: EventType
    at: dt.datetime
    data: dict[str, Any]


class EventWindow(_Model):
    """A window as the queue's events name it."""

    code: str
    name: str
    name_en: str
    area: str


class TicketEventData(_Model):
    """The `data` of every `ticket.*` event: the ticket after the change, and the window that acted
    (`window`; `from_window` for ticket.transferred; none for ticket.issued and ticket.cancelled)."""

    ticket: Ticket
    window: EventWindow | None = None
    from_window: EventWindow | None = None
    offline: bool = Field(default=False, description="ticket.issued: issued by a kiosk from its lease while offline")
    undone: Literal["no_show"] | None = Field(
        default=None, description="ticket.resumed: the ticket is called again because its window undid this")


class WindowEventData(_Model):
    """The `data` of window.opened, window.paused and window.closed."""

    window: EventWindow
    staff: str | None = Field(default=None, description="window.opened by its staff: their masked name")
    reason: str | None = Field(default=None, description="window.paused: the code of its pause reason")
    reason_name: str | None = Field(default=None, description="window.paused: the reason's name (Chinese)")
    reason_name_en: str | None = None


class CatalogueUpdatedData(_Model):
    """The `data` of catalogue.updated: the hall took up a new version of its centre's service catalogue
    (matters, rating reasons, calendar); a kiosk or console asks for the guide (`/matters`) again."""

    version: str = Field(description="the centre's version for people, e.g. 2026.12")
    digest: str = Field(description="SHA-256 of the catalogue's content (its ETag at the centre)")
    previous_digest: str | None = Field(default=None, description="the one it replaced (none: the hall file's)")
    matters: int = Field(description="matters in the catalogue")


class EventPage(_Model):
    events: list[Event]
    last_seq: int


class Heartbeat(_Model):
    """What the event stream sends while idle: the last sequence number it has sent, no event."""

    type: Literal["heartbeat"]
    seq: int


class TicketTrack(_Model):
    """What the phone tracking page shows of one ticket: no name, no ID, no internal id.

    The token in the address is the only credential, so nothing here may identify the citizen.
    """

    number: str
    category_name: str
    category_name_en: str
    state: TicketState
    day_closed: bool = Field(default=False, description="the business day ended before the ticket was served")
    window: str | None = Field(default=None, description="window code the ticket is called to or served at")
    window_name: str | None = Field(default=None, description="that window's name (1号窗口)")
    window_name_en: str | None = Field(default=None, description="that window's English name (Window 1)")
    target_window: str | None = Field(default=None, description="window a transferred ticket waits for")
    target_window_name: str | None = None
    target_window_name_en: str | None = None
    people_ahead: int | None = Field(default=None, description="waiting tickets called before this one (waiting only)")
    estimated_wait_minutes: int | None = None
    wait_low_minutes: int | None = Field(default=None, description="the promised wait's range now (waiting only)")
    wait_high_minutes: int | None = None
    business_day: dt.date
    hall_name: str
    hall_name_en: str
    final: bool = Field(description="the ticket will not change any more: the page may stop asking")
    poll_seconds: int = Field(description="how often the page should ask again")
    nearby: NearbyHall | None = Field(default=None, description="another hall clearly faster for this service, "
                                                                 "travel included (hall_rules.nearby); none: stay")


class Health(_Model):
    status: Literal["ok"]
    hall: str
    seq: int
    business_day: dt.date
    storage: str
    # Which server instance answered (host:process), where several share one database.
    instance: str
    # True when other instances' events reach this one by PostgreSQL NOTIFY; False while it polls.
    listening: bool


# --- hall manager: notices, category settings, dashboard ---------------------------------------

class NoticeRequest(_Model):
    """A scrolling notice (滚动通知) for the displays; `area` None means the whole hall."""

    text: Text = Field(min_length=1, max_length=200, description="the notice in Chinese")
    text_en: Text | None = Field(default=None, max_length=400)
    area: Text | None = Field(default=None, max_length=32, description="one area of the hall, or the whole hall")
    active: bool = True


class Notice(_Model):
    id: int
    text: str
    text_en: str | None = None
    area: str | None = None
    active: bool
    updated_at: dt.datetime


class NoticeList(_Model):
    notices: list[Notice]


class CategorySettingsRequest(_Model):
    """What a hall manager may change of a category; fields left out stay as they are."""

    hours: list[Text] | None = Field(default=None, max_length=6, description='issuing hours, e.g. ["08:30-12:00"]')
    daily_cap: int | None = Field(default=None, ge=1, le=9999)
    warning_level: int | None = Field(default=None, ge=0, le=9999, description="waiting count that warns")
    prefix: Text | None = Field(default=None, pattern=rf"^{queue_rules.PREFIX_PATTERN}$",
                                description="takes effect next business day")


class CategorySettings(_Model):
    code: str
    prefix: str
    pending_prefix: str | None = Field(default=None, description="the prefix from the next business day")
    hours: list[str]
    daily_cap: int
    warn_waiting: int


SlaState = Literal["ok", "yellow", "red"]


class DashboardCategory(_Model):
    code: str
    prefix: str
    pending_prefix: str | None = None
    name: str
    name_en: str
    hours: list[str]
    daily_cap: int
    warn_waiting: int
    waiting: int
    over_warning: bool = Field(description="waiting count has reached the warning level")
    longest_wait_minutes: int = Field(description="minutes the longest-waiting ticket has waited")
    sla: SlaState
    issued_today: int
    open_windows: int


class DashboardWindow(_Model):
    code: str
    name: str
    name_en: str
    area: str
    state: WindowState
    reason: str | None = None
    staff_name: str | None = None
    current_number: str | None = None
    current_state: TicketState | None = None
    idle_minutes: int | None = Field(default=None, description="open and without a ticket for this long")


class HourFigures(_Model):
    hour: int = Field(ge=0, le=23, description="local hour the tickets were issued in")
    issued: int
    called: int
    average_wait_minutes: float | None = Field(default=None, description="issue to call, of those called")


class Dashboard(_Model):
    at: dt.datetime
    business_day: dt.date
    seq: int
    sla_yellow_minutes: int
    sla_red_minutes: int
    categories: list[DashboardCategory]
    windows: list[DashboardWindow]
    hours: list[HourFigures]


# --- service guide (办事指南) -------------------------------------------------------------------

class MatterMaterial(_Model):
    name: str
    name_en: str
    copies: str = Field(description='e.g. "原件1份"')
    copies_en: str = Field(description='e.g. "1 original"')


FormFieldType = Literal["text", "phone", "date", "choice", "address", "idnumber"]
FormFieldSource = Literal["card:name", "card:sex", "card:nation", "card:birth", "card:address", "card:id",
                          "card:valid_until", "citizen"]


class FormField(_Model):
    """One field of a matter's form: from the ID card (locked on the kiosk) or typed by the citizen."""

    key: str
    label: str
    label_en: str
    type: FormFieldType
    source: FormFieldSource
    required: bool
    choices: list[str] = []
    max_length: int


class Matter(_Model):
    """One matter (事项) of the service guide, with what to bring and how long it takes."""

    code: str
    name: str
    name_en: str
    category: str
    initials: str = Field(description="pinyin initials of the name, upper case, e.g. JMSFZHL")
    pinyin: str = Field(description="full pinyin of the name without tones, joined, lower case")
    materials: list[MatterMaterial]
    legal_days: int = Field(description="法定办结时限, working days")
    promised_days: int = Field(description="承诺办结时限, working days (0: on the spot)")
    fee: str
    fee_en: str
    location: str
    location_en: str
    online: bool = Field(description="可网办: can also be done online")
    notes: str | None = None
    notes_en: str | None = None
    form: list[FormField] | None = Field(default=None, description="电子填单: the fields of its form, if it has one")
    allow_missing: bool = Field(default=False, description="容缺受理: accepted with a material missing")
    allow_missing_note: str | None = None
    allow_missing_note_en: str | None = None


class MatterList(_Model):
    version: str = Field(description="hash of the content; also the ETag")
    matters: list[Matter]


# --- device health (reported by kiosks and displays) -------------------------------------------

DeviceStateName = Literal["ok", "degraded", "down"]


class DeviceState(_Model):
    role: Text = Field(min_length=1, max_length=32, description="e.g. idcard, receipt, scanner")
    state: DeviceStateName
    reason: Text = Field(default="", max_length=200)
    reason_zh: Text | None = Field(default=None, max_length=200)
    reason_en: Text | None = Field(default=None, max_length=200)


class DeviceHealthReport(_Model):
    devices: dict[Text, DeviceState] = Field(max_length=32)
    version: Text | None = Field(default=None, max_length=64,
                                 description="the reporting app's package version (the heartbeat says it)")

    @field_validator("devices", mode="before")
    @classmethod
    def _roles_are_text(cls, value: Any) -> Any:
        # Checked here, not per key: a refused key would be echoed in the error's location.
        if isinstance(value, dict) and not all(isinstance(k, str) and is_text(k) for k in value):
            raise ValueError("a device role is not valid Unicode text")
        return value


class ReporterHealth(_Model):
    reporter: str = Field(description="the reporting device's id (kiosk-01, display-hall)")
    name: str
    role: str
    reported_at: dt.datetime | None = Field(description="last report; null if it never reported")
    stale: bool = Field(description="no report for 3 minutes")
    devices: dict[str, DeviceState] = Field(default_factory=dict)


class DeviceHealthList(_Model):
    reporters: list[ReporterHealth]


# --- fleet health (the console's 设备 page) and remote self-tests ---------------------------------

class DeviceCondition(StrEnum):
    """A device's (or one of its parts') condition, normalised from the device hosts' states."""

    OK = "ok"
    ATTENTION = "attention"  # works, needs a look (a device host's "degraded" without a known cause)
    PAPER_LOW = "paper_low"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    READER_UNPLUGGED = "reader_unplugged"
    SCANNER_FAULT = "scanner_fault"
    PRINTER_FAULT = "printer_fault"
    FAULT = "fault"
    OFFLINE = "offline"  # the whole device: not heard for more than the hall's offline time
    NEVER_HEARD = "never_heard"  # configured, never reported (not installed yet): listed, not counted as trouble


#: Each condition's name, Chinese and English, and its severity (higher: listed first, counts as trouble ≥ 2).
CONDITIONS: Final[dict[DeviceCondition, tuple[str, str, int]]] = {
    DeviceCondition.OFFLINE: ("离线", "offline", 4),
    DeviceCondition.PAPER_OUT: ("缺纸", "paper out", 3),
    DeviceCondition.COVER_OPEN: ("机盖未关", "cover open", 3),
    DeviceCondition.READER_UNPLUGGED: ("读卡器未连接", "card reader unplugged", 3),
    DeviceCondition.SCANNER_FAULT: ("扫码器故障", "scanner fault", 3),
    DeviceCondition.PRINTER_FAULT: ("打印机故障", "printer fault", 3),
    DeviceCondition.FAULT: ("故障", "fault", 3),
    DeviceCondition.PAPER_LOW: ("纸将用完", "paper low", 2),
    DeviceCondition.ATTENTION: ("需注意", "needs attention", 1),
    DeviceCondition.NEVER_HEARD: ("从未连接", "never heard", 1),
    DeviceCondition.OK: ("正常", "OK", 0),
}
TROUBLE_SEVERITY: Final = 2  # a device at or above this counts on the console's badge


class FleetPart(_Model):
    """One part of a device (its receipt printer, card reader...) or its connection, with since when."""

    part: str = Field(description="the part's name as its app reports it (receipt, idcard, ...; connection)")
    condition: DeviceCondition
    condition_zh: str
    condition_en: str
    reason_zh: str | None = None
    reason_en: str | None = None
    since: dt.datetime = Field(description="when this condition began (repeated reports keep it)")


class FleetDevice(_Model):
    id: str
    kind: str = Field(description="kiosk, display, evaluator")
    name: str
    area: str | None = None
    always_on: bool = False
    last_heard: dt.datetime | None = Field(description="the last heartbeat; null if never heard from")
    version: str | None = None
    online: bool
    condition: DeviceCondition = Field(description="the worst of its parts, or offline")
    condition_zh: str
    condition_en: str
    severity: int
    since: dt.datetime | None = Field(description="when the worst condition began; null if never heard from")
    parts: list[FleetPart] = Field(default_factory=list)


class DeviceAlert(_Model):
    """A notice to the hall manager: an always-on kiosk went offline or faulted at night (one per outage)."""

    id: int
    device: str
    name: str
    condition: DeviceCondition
    text: str
    text_en: str
    started_at: dt.datetime
    ended_at: dt.datetime | None = None


class FleetList(_Model):
    at: dt.datetime
    offline_after_seconds: int
    trouble: int = Field(description="devices offline or with a fault (the console's badge)")
    devices: list[FleetDevice] = Field(description="most severe first")
    alerts: list[DeviceAlert] = Field(description="notices of the last 31 days, open ones first")


class DeviceHistoryEntry(_Model):
    at: dt.datetime
    part: str
    condition: DeviceCondition
    previous: DeviceCondition | None
    condition_zh: str
    condition_en: str
    reason_zh: str | None = None
    reason_en: str | None = None


class DeviceHistory(_Model):
    device: str
    entries: list[DeviceHistoryEntry] = Field(description="newest first; kept 31 days")


class DeviceStateData(_Model):
    """The `data` of device.state: one part of a device (or its connection) changed condition."""

    device: str
    part: str
    condition: DeviceCondition
    previous: DeviceCondition | None = None
    at: dt.datetime


SelfTestState = Literal["pending", "running", "done", "timed_out"]


class SelfTestRun(_Model):
    """A remote self-test of a kiosk's devices (kiosk-diag --self-test run by the kiosk itself)."""

    id: int
    device: str
    state: SelfTestState
    requested_at: dt.datetime
    requested_by: str
    finished_at: dt.datetime | None = None
    passed: bool | None = None
    summary: str | None = Field(default=None, description="pass/fail in one line, Chinese")
    summary_en: str | None = None
    result: dict[str, Any] | None = Field(default=None, description="kiosk-diag --json's report")


class SelfTestTask(_Model):
    """What a kiosk takes from the server: a self-test to run now."""

    id: int
    wait_seconds: float = Field(description="how long the card reader and scanner wait for a card or code")


class SelfTestResult(_Model):
    """What the kiosk posts back: kiosk-diag's JSON report."""

    passed: bool
    report: dict[str, Any]

    @field_validator("report")
    @classmethod
    def _small(cls, value: dict[str, Any]) -> dict[str, Any]:
        if len(json.dumps(value, ensure_ascii=False)) > 64_000:
            raise ValueError("a self-test report is at most 64,000 characters")
        return value


# --- cases (办件): import, progress query, certificate self-print, verification ---------------

class CaseStage(StrEnum):
    """受理 → 审核 → 批准 → 办结; a case never goes back."""

    ACCEPTED = "accepted"
    REVIEWING = "reviewing"
    APPROVED = "approved"
    DONE = "done"


CASE_STAGE_ORDER = (CaseStage.ACCEPTED, CaseStage.REVIEWING, CaseStage.APPROVED, CaseStage.DONE)
CASE_STAGE_NAMES = {CaseStage.ACCEPTED: ("受理", "accepted"), CaseStage.REVIEWING: ("审核", "under review"),
                    CaseStage.APPROVED: ("批准", "approved"), CaseStage.DONE: ("办结", "completed")}
CASE_NUMBER_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{3,39}$"
DOC_NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$"


class CaseRow(_Model):
    """One case as the approval system exports it (JSON object or CSV row with these columns).

    The ID number is kept only as a keyed hash and the name only masked; deadlines are
    computed by the hall from accepted_on and the matter's days on its working-day calendar.
    """

    number: Text = Field(pattern=CASE_NUMBER_PATTERN, description="办件编号")
    matter: Text = Field(min_length=1, max_length=32, description="a matter code of the hall's service guide")
    id_number: Text = Field(min_length=15, max_length=18, description="the applicant's ID number")
    name: Text = Field(min_length=1, max_length=64, description="the applicant's name; stored only masked")
    stage: CaseStage
    accepted_on: dt.date
    stage_at: dt.datetime | None = Field(default=None, description="when the stage began (hall time if no zone); "
                                                                   "default: the import's time")
    done_on: dt.date | None = Field(default=None, description="for stage done; default: stage_at's date")


class UnreadableRow(_Model):
    """An import row that cannot be read: text that is not valid Unicode (a lone surrogate) or
    nesting too deep for a case row. It keeps the row's place so that the import refuses this row
    alone; nothing of its content is kept."""

    code: UnreadableCode
    number: str | None = Field(default=None, description="the row's case number, when it is readable")
    field: str | None = Field(default=None, description="the field at fault, when its name is readable")


class CaseImport(_Model):
    cases: list[Any] = Field(max_length=2000, description="rows shaped as CaseRow, each checked on its "
                                                                     "own so a bad row is reported, not the batch")

    @field_validator("cases")
    @classmethod
    def _unreadable_rows(cls, rows: list[Any]) -> list[Any]:
        """Unreadable rows become UnreadableRow: no lone surrogate, no deep nesting goes further."""
        return [mark_unreadable(raw) for raw in rows]


def mark_unreadable(raw: Any) -> Any:
    """An import row as it is, or an UnreadableRow in its place (see find_unreadable)."""
    code, field = find_unreadable(raw)
    if code is None:
        return raw
    number = raw.get("number") if isinstance(raw, dict) else None
    return UnreadableRow(code=code, number=number if isinstance(number, str) and is_text(number) else None,
                         field=field)


class CaseRowRefusal(_Model):
    row: int = Field(description="1-based position of the row in the import")
    number: str | None = Field(description="the row's case number, when it has a readable one")
    code: str
    message: str
    message_en: str
    field: str | None = None


class CaseImportResult(_Model):
    created: int
    updated: int = Field(description="cases moved to a later stage")
    unchanged: int
    documents: int = Field(default=0, description="documents added or replaced (command-line import)")
    refused: list[CaseRowRefusal]


class CaseDocumentInfo(_Model):
    doc: str
    title: str
    title_en: str
    pages: int
    printable: bool = Field(description="ready for self-print now: the case is approved or done, not yet issued")
    issued: bool
    issued_at: dt.datetime | None = None


class CaseProgress(_Model):
    """What a kiosk shows of one case: never the ID number, the name masked."""

    number: str
    matter: str
    matter_name: str
    matter_name_en: str
    masked_name: str
    stage: CaseStage
    stage_name: str
    stage_name_en: str
    accepted_on: dt.date
    legal_due: dt.date
    promised_due: dt.date
    done_on: dt.date | None = None
    working_days_left: int | None = Field(description="working days after today up to the promised date; "
                                                      "negative once past it; null when done")
    overdue: bool = Field(description="open and past the promised date")
    documents: list[CaseDocumentInfo]
    ready_to_print: bool


class CaseList(_Model):
    today: dt.date
    cases: list[CaseProgress]


class CaseLookup(_Model):
    id_number: Text = Field(min_length=15, max_length=18, description="read from the ID card")


class CaseScan(_Model):
    qr: Text = Field(min_length=1, max_length=200, description="the text of the case-number QR (HC1.<number>)")


class DocumentUploaded(_Model):
    case_number: str
    doc: str
    title: str
    title_en: str
    pages: int
    sha256: str
    outcome: Literal["created", "replaced", "unchanged"]


class StaffAuthorisation(_Model):
    """A window-staff or hall-admin member allowing a second print at the kiosk."""

    username: Text = Field(min_length=1, max_length=64)
    pin: Text = Field(min_length=4, max_length=12, pattern=r"^[0-9]+$")  # ASCII: \d takes any script's digits


class CertificatePrintRequest(_Model):
    case_number: Text = Field(pattern=CASE_NUMBER_PATTERN)
    doc: Text = Field(pattern=DOC_NAME_PATTERN)
    id_number: Text = Field(min_length=15, max_length=18, description="read from the ID card; must be the applicant's")
    authorisation: StaffAuthorisation | None = Field(default=None, description="needed for a document already issued")


PrintState = Literal["printing", "completed", "failed", "cancelled", "void"]


class CertificatePrint(_Model):
    """A print the server granted: the PDF stamped with a fresh verification code and its QR."""

    print_id: str
    code: str = Field(description="verification code as printed (XXXX-XXXX-XXXX)")
    verify_url: str = Field(description="what the stamped QR holds: public_url + /verify/ + code")
    case_number: str
    doc: str
    title: str
    title_en: str
    reprint: bool
    authorised_by: str | None = None
    state: PrintState
    pdf_base64: str | None = Field(default=None, description="the stamped PDF for the certificate printer")


class CertificatePrintReport(_Model):
    """How the kiosk's print job ended (drivers.printing.CertificateJob)."""

    outcome: Literal["completed", "failed", "cancelled"]
    detail: Text = Field(default="", max_length=300)
    job_id: Text | None = Field(default=None, max_length=100)


class CertificatePrintState(_Model):
    print_id: str
    code: str
    case_number: str
    doc: str
    state: PrintState
    issued: bool = Field(description="the document counts as issued by this print")


VerificationStatus = Literal["valid", "pending", "void", "unknown"]


class CertificateVerification(_Model):
    """The public answer for a verification code; details only for a valid one."""

    code: str
    status: VerificationStatus
    message: str
    message_en: str
    title: str | None = None
    title_en: str | None = None
    case_number: str | None = None
    matter: str | None = None
    matter_name: str | None = None
    matter_name_en: str | None = None
    masked_name: str | None = None
    issued_on: dt.date | None = None
    hall_name: str
    hall_name_en: str


SupervisionLight = Literal["green", "yellow", "red"]


class SupervisedCase(_Model):
    number: str
    matter: str
    matter_name: str
    matter_name_en: str
    masked_name: str
    stage: CaseStage
    accepted_on: dt.date
    promised_due: dt.date
    legal_due: dt.date
    working_days_left: int
    light: SupervisionLight


class CaseSupervision(_Model):
    """电子监察 of open cases: yellow within warn_days working days of the promised date, red past it."""

    today: dt.date
    warn_days: int
    yellow: int
    red: int
    cases: list[SupervisedCase]


# The case-number QR on the acceptance receipt (受理回执): "HC1." + the case number.
CASE_QR_PREFIX = "HC1."


class CaseQrError(ValueError):
    """A scanned code that is not a case-number QR; `code`, `message` and `message_en` say why."""

    MESSAGES = {"case_qr_malformed": ("无法识别该办件二维码", "this is not a case-number QR code")}

    def __init__(self, code: str = "case_qr_malformed"):
        self.code = code
        self.message, self.message_en = self.MESSAGES[code]
        super().__init__(f"{code}: {self.message_en}")


def encode_case_qr(number: str) -> str:
    """The QR text of a case number: `HC1.<number>`."""
    return CASE_QR_PREFIX + number


def decode_case_qr(text: str) -> str:
    """The case number in a case-number QR.

    Raises:
        CaseQrError: the text is not `HC1.` followed by a case number.
    """
    text = text.strip() if isinstance(text, str) else ""
    number = text[len(CASE_QR_PREFIX):] if text.upper().startswith(CASE_QR_PREFIX) else ""
    if not re.fullmatch(CASE_NUMBER_PATTERN, number):
        raise CaseQrError()
    return number
# --- ratings (好差评), ticket supervision (电子监察), statistics ---------------------------------

# The national five levels of 政务服务好差评: level → (code, zh, en); levels 1 and 2 need a reason.
RATING_LEVELS: dict[int, tuple[str, str, str]] = {
    5: ("very_satisfied", "非常满意", "Very satisfied"),
    4: ("satisfied", "满意", "Satisfied"),
    3: ("basically_satisfied", "基本满意", "Basically satisfied"),
    2: ("dissatisfied", "不满意", "Dissatisfied"),
    1: ("very_dissatisfied", "非常不满意", "Very dissatisfied"),
}
REASON_REQUIRED_LEVELS = (1, 2)
RATING_REASON_MAX = 200

RatingChannel = Literal["evaluator", "kiosk"]


class RatingLevelInfo(_Model):
    level: int
    code: str
    name: str
    name_en: str
    reason_required: bool


class RatingReasonInfo(_Model):
    code: str
    name: str
    name_en: str


class RatingOptions(_Model):
    """What a rating screen offers: the five levels and the hall's preset reasons."""

    levels: list[RatingLevelInfo]
    reasons: list[RatingReasonInfo]
    reason_max_chars: int
    request_minutes: float = Field(description="how long an evaluator's rating request stays open")


class RatingChoice(_Model):
    level: int = Field(ge=1, le=5, description="5 非常满意 … 1 非常不满意")
    reason_code: Text | None = Field(default=None, max_length=32, description="a preset reason of the hall")
    reason: Text | None = Field(default=None, max_length=RATING_REASON_MAX,
                                description="the citizen's own words; levels 1–2 need this or reason_code")


class RatingRequestStart(_Model):
    ticket_id: RecordId = Field(description="the ticket the window is serving or has just finished")


class RatingRequestInfo(_Model):
    """A window's request to its evaluator: nothing personal beyond the masked name."""

    id: str
    window: str
    window_name: str
    window_name_en: str
    ticket_number: str
    category: str
    category_name: str
    category_name_en: str
    masked_name: str | None = None
    requested_at: dt.datetime
    expires_at: dt.datetime


class CurrentRatingRequest(_Model):
    request: RatingRequestInfo | None = Field(description="the open request at the evaluator's window, or null")


class EvaluatorRating(RatingChoice):
    request_id: Text = Field(min_length=1, max_length=40, description="the request the evaluator is showing")


class TicketCodeLookup(_Model):
    code: Text = Field(min_length=1, max_length=512, description="the text of the receipt's QR code, as scanned")


class TicketCodeRating(RatingChoice):
    code: Text = Field(min_length=1, max_length=512, description="the text of the receipt's QR code, as scanned")


class CaseRating(RatingChoice):
    case_number: Text = Field(min_length=1, max_length=40)
    id_number: Text = Field(min_length=15, max_length=18, description="the applicant's; compared as a keyed hash")


class RateableTicket(_Model):
    """What the kiosk shows of a scanned ticket before the citizen chooses a level."""

    number: str
    business_day: dt.date
    category: str
    category_name: str
    category_name_en: str
    window: str | None = None
    window_name: str | None = None
    window_name_en: str | None = None
    served_at: dt.datetime | None = Field(default=None, description="when its last service ended")


class Rating(_Model):
    id: int
    subject_kind: Literal["ticket", "case"]
    ticket_number: str | None = None
    business_day: dt.date
    case_number: str | None = None
    category: str | None = None
    matter: str | None = None
    window: str | None = None
    level: int
    level_code: str
    reason_code: str | None = None
    reason: str | None = None
    channel: RatingChannel
    rated_at: dt.datetime
    follow_up_due: dt.datetime | None = Field(default=None, description="levels 1–2: the follow-up's deadline")


class RatingRequestedData(_Model):
    """The `data` of rating.requested: what the window's evaluator shows."""

    request: str
    window: str
    number: str
    category: str
    masked_name: str | None = None
    expires_at: dt.datetime


class RatingGivenData(_Model):
    """The `data` of rating.given."""

    rating: int
    subject_kind: Literal["ticket", "case"]
    level: int
    level_code: str
    channel: RatingChannel
    window: str | None = None
    number: str | None = Field(default=None, description="the ticket's number (kind ticket)")
    matter: str | None = Field(default=None, description="the case's matter (kind case)")
    follow_up_due: dt.datetime | None = Field(default=None, description="levels 1–2: the follow-up's deadline")


FollowUpState = Literal["open", "overdue", "closed"]


class FollowUp(_Model):
    id: int
    state: FollowUpState
    overdue: bool = Field(description="past its deadline while open, or closed after it")
    opened_at: dt.datetime
    due_at: dt.datetime
    closed_at: dt.datetime | None = None
    closed_by: str | None = None
    note: str | None = None
    rating: Rating
    staff: str | None = Field(default=None, description="username of the staff who gave the rated service")


class FollowUpList(_Model):
    follow_ups: list[FollowUp]
    open: int
    overdue: int
    closed: int


class FollowUpClose(_Model):
    note: Text = Field(min_length=1, max_length=500, description="what was done about it")


RATING_EXPORT_FORMAT: Final = "hall-ratings/1"


class ExportedRating(_Model):
    """One rating for the provincial 好差评 system. Never an ID number or a name."""

    rating_id: str = Field(description="hall code + '-' + the hall's rating number; stable across exports")
    subject_kind: Literal["ticket", "case"]
    ticket_number: str | None = Field(default=None, description="with business_day: the ticket (kind ticket)")
    business_day: dt.date | None = Field(default=None, description="the ticket's business day (kind ticket)")
    case_number: str | None = Field(default=None, description="办件编号 (kind case)")
    matter_code: str | None = None
    matter_name: str | None = None
    category_code: str | None = None
    category_name: str | None = None
    window: str | None = Field(default=None, description="window code of the service rated")
    staff_username: str | None = Field(default=None, description="the staff at that window (工号)")
    level: int = Field(description="5 非常满意 … 1 非常不满意")
    level_code: str
    level_name: str
    reason_code: str | None = None
    reason_text: str | None = None
    channel: Literal["window_evaluator", "kiosk"]
    rated_at: dt.datetime = Field(description="ISO 8601 with the hall's UTC offset")


class RatingExport(_Model):
    format: Literal["hall-ratings/1"] = RATING_EXPORT_FORMAT
    hall_code: str
    hall_name: str
    timezone: str
    date_from: dt.date = Field(description="first local day of rating time included")
    date_to: dt.date = Field(description="last local day of rating time included")
    generated_at: dt.datetime
    count: int
    ratings: list[ExportedRating]


SupervisionLevel = Literal["yellow", "red"]


class SupervisedTicket(_Model):
    id: int
    number: str
    category: str
    category_name: str
    category_name_en: str
    waited_minutes: int = Field(description="whole minutes since it joined the queue")
    level: SupervisionLevel
    transfers: int = 0
    target_window: str | None = None


class SupervisionList(_Model):
    at: dt.datetime
    business_day: dt.date
    yellow_minutes: int
    red_minutes: int
    yellow: int
    red: int
    tickets: list[SupervisedTicket] = Field(description="longest wait first")


StatsBy = Literal["day", "category", "window"]


class StatsRow(_Model):
    key: str = Field(description="the business day (YYYY-MM-DD), category code or window code")
    name: str
    name_en: str
    issued: int | None = Field(description="tickets issued (null per window: tickets are issued to categories)")
    served: int = Field(description="services completed (a transferred ticket counts once per window serving it)")
    no_shows: int
    average_wait_minutes: float | None = Field(description="issue → first call")
    p90_wait_minutes: float | None = Field(description="nearest-rank 90th percentile of the same waits")
    average_service_minutes: float | None = Field(description="serving → finished or transferred, per service")
    ratings: int
    levels: dict[str, int] = Field(description="ratings per level, keys '5' … '1'")
    satisfaction_rate: float | None = Field(description="share of levels 3–5 (非常满意、满意、基本满意) in 0..1")
    promises_called: int | None = Field(default=None, description="called tickets with a wait promised at issue "
                                        "(null per window: a promise belongs to the ticket's category)")
    promises_kept: int | None = Field(default=None, description="of those, called within the promised range")
    promise_hit_rate: float | None = Field(default=None, description="promises_kept / promises_called in 0..1")
    promises_uncalled: int | None = Field(default=None, description="tickets with a promise never called "
                                          "(left out of the hit rate)")


class StatsReport(_Model):
    date_from: dt.date
    date_to: dt.date
    by: StatsBy
    timezone: str
    rows: list[StatsRow]
    total: StatsRow


# --- hall settings (the hall file's editable tables, edited in the console) ----------------------

SettingsTable = Literal["categories", "windows", "matters", "rating_reasons", "notice_templates"]
SETTINGS_TABLES: Final[tuple[str, ...]] = ("categories", "windows", "matters", "rating_reasons", "notice_templates")


class SettingsReadOnly(_Model):
    """Fields of a row that the centre's catalogue holds (由中心统一发布): shown, not editable here."""

    table: SettingsTable
    code: str
    fields: list[str] = Field(description="the row's fields the catalogue holds; all of them for matters and reasons")


class HallSettings(_Model):
    """The editable tables of the stored hall configuration, rows exactly as the hall file writes them."""

    version: int = Field(description="the stored configuration's version; send it back as If-Match")
    categories: list[dict[str, Any]]
    windows: list[dict[str, Any]]
    matters: list[dict[str, Any]]
    rating_reasons: list[dict[str, Any]] = Field(description="the hall file's [[ratings.reasons]]")
    notice_templates: list[dict[str, Any]] = Field(default=[], description="notices the console offers to fill in")
    read_only: list[SettingsReadOnly] = []


class SettingsRows(_Model):
    """A whole table at once, each row as the hall file writes it."""

    rows: list[dict[str, Any]] = Field(max_length=500)


class SettingsChange(_Model):
    """What one settings edit changed, and the configuration's version after it."""

    version: int
    table: SettingsTable
    code: str | None = Field(description="the row edited or removed; null when the whole table was replaced")
    action: Literal["added", "edited", "removed", "replaced"]
    rows: list[dict[str, Any]] = Field(description="the table as stored after the change")


# --- waits at nearby halls (from the centre: hall_centre GET /api/v1/nearby) --------------------

class NearbyHall(_Model):
    """Another hall offering the same service, its wait now and the way there, as the centre tells it."""

    code: str
    name: str
    name_en: str
    address: str
    distance_km: float
    travel_minutes: int = Field(description="the centre file's travel time for that hall, else from the distance")
    wait_minutes: int = Field(description="its estimated wait now for this service")


class NearbyList(_Model):
    """`GET /api/v1/nearby` of a centre (for one category) and of a hall server (every category, cached)."""

    categories: dict[str, list[NearbyHall]] = Field(
        description="category code → the other live halls offering it, fastest (wait + travel) first")
    age_seconds: float = Field(default=0, description="how old the centre's answer is (a hall server's cache)")


# --- forms filled at the kiosk (电子填单) ----------------------------------------------------------
# A form is personal data: it lives only on the hall server, only until its ticket ends or the
# business day turns over, and never goes into an event (displays and the centre follow events).

FORM_VALUES_MAX = 40


class FormMaterialCheck(_Model):
    """One material of the matter, as the citizen ticked it at the kiosk."""

    name: Text = Field(min_length=1, max_length=200)
    have: bool


class TicketFormRequest(_Model):
    """The form the issuing kiosk filled for its ticket (PUT /tickets/{id}/form, idempotent)."""

    matter: Text = Field(min_length=1, max_length=64)
    values: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,31}$")], Annotated[Text, Field(max_length=200)]] = \
        Field(max_length=FORM_VALUES_MAX, description="field key -> value, as the template names them")
    materials: list[FormMaterialCheck] = Field(default=[], max_length=FORM_VALUES_MAX)


class TicketFormValue(_Model):
    key: str
    label: str
    label_en: str
    type: FormFieldType
    source: FormFieldSource
    value: str = Field(description="the ID number masked for the window's evaluator")


class TicketForm(_Model):
    """A ticket's form as the window (full) or its evaluator (ID number masked) sees it."""

    ticket_id: int
    number: str
    matter: str
    matter_name: str
    matter_name_en: str
    values: list[TicketFormValue]
    materials: list[FormMaterialCheck]
    missing_accepted: bool = Field(description="a material is missing and the matter allows 容缺受理")
    filled_at: dt.datetime
    confirmed: bool | None = Field(default=None, description="the citizen's answer on the evaluator; None: not yet")


class TicketFormStored(_Model):
    """The answer to PUT /tickets/{id}/form: the form is kept (never the values again)."""

    ticket_id: int
    matter: str
    filled_at: dt.datetime


class FormConfirmRequest(_Model):
    """The citizen's answer on the window's evaluator: the form is right, or something is wrong."""

    correct: bool


class FormConfirmResult(_Model):
    ticket_id: int
    confirmed: bool


class FormConfirmAsked(_Model):
    """The answer to POST /tickets/{id}/form/ask-confirm: the window's evaluator is asked (请群众核对)."""

    ticket_id: int
    window: str
    number: str


class FormConfirmRequestedData(_Model):
    """The `data` of form.confirm_requested: which ticket's form the window's evaluator shows, never its values."""

    ticket: int
    window: str
    number: str


class FormConfirmedData(_Model):
    """The `data` of form.confirmed: the citizen's answer on the evaluator, never the form's values."""

    ticket: int
    window: str
    number: str
    confirmed: bool
