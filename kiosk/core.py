"""The kiosk's offline-first core, without Qt: taking a number, appointment check-in, and the
background sync that keeps the local store, the number leases and the outbox in step with
the hall server.

Everything here is called from worker threads (never from the GUI thread): every public
method is thread-safe and may block on the network for up to about twice `timeout_s`.

Personal data (ID number, name, birth date) lives only in the `Identity` a caller passes in
and in the one request that needs it; it is never written to the store or to a log. The one
thing kept of an ID number is an in-memory keyed hash (random key per process) so the kiosk
can refuse a second waiting ticket for the same card while it issues offline.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import logging
import math
import pathlib
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from typing import Any, overload
from zoneinfo import ZoneInfo

from pydantic import BaseModel

from hall_rules import idnumbers
from hall_rules import nearby as nearby_rules
from hall_rules.forms import VALID_FOR_LIFE
from hall_rules import queue as rules
from hall_rules.errors import HallError
from hall_server.schema import (
    OFFLINE_TRACK_TOKEN_LENGTH, AbandonResult, AppointmentCodeError, AppointmentList, CategoryInfo, CategoryStatus,
    CertificatePrintState, HallInfo, IssuedTicket, KioskAppointment, Lease, Matter, MatterList, NearbyHall, NearbyList,
    OfflineResult, OfflineTicket, ReprintList, ReprintTicket, SelfTestRun, SelfTestTask, Snapshot, TicketFormRequest,
    TicketFormStored, decode_appointment_code,
)

from .link import Ambiguous, HallLink, Refused, Unreachable, new_key, read
from .store import DONE, FAILED, PENDING, KioskStore, LeaseRow

log = logging.getLogger(__name__)

OFFLINE_BATCH = 200  # OfflineSubmit takes at most this many tickets
#: A kiosk cut off from the server keeps issuing this long at the pace of its busiest hour.
OFFLINE_HOURS = 2
#: Leases a kiosk may hold per category and day (the server's `lease_limit`).
LEASES_PER_CATEGORY = 3
HEARTBEAT_S = 60.0  # until the hall's configuration says otherwise (HallInfo.heartbeat_seconds)
#: Runs the kiosk's device self-test (kiosk-diag --self-test) with a wait for a card or code, in seconds;
#: returns whether it passed and kiosk-diag's JSON report.
SelfTester = Callable[[float], tuple[bool, dict[str, Any]]]
LEASE_MAX_COUNT = 1000  # LeaseRequest.count's bound
DEFAULT_PER_PERSON_MINUTES = 5  # offline estimate when nobody was waiting at the last status
#: Waits at nearby halls older than this (the server's age of them + the kiosk's) are not shown.
NEARBY_MAX_AGE_S = 300


#: What the server answers to each kind of outbox row (the kinds `deliver` and the offline issuing queue).
OUTBOX_ANSWERS: dict[str, type[BaseModel]] = {
    "offline_ticket": OfflineResult, "abandon": AbandonResult, "print_report": CertificatePrintState,
    "ticket_form": TicketFormStored,
}
#: Outbox kinds whose body is personal data: blanked once the server has answered (accepted or refused).
OUTBOX_PERSONAL = frozenset({"ticket_form"})
#: The fields of a category's CategoryStatus the kiosk keeps (the store's "status", per category code).
STATUS_KEPT = ("waiting", "estimated_wait_minutes", "open_now", "issued_today", "daily_cap", "open_windows")


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def mask_id(id_number: str | None) -> str | None:
    """110105198506121234 → 110105********1234: the hall's one masking rule (hall_rules)."""
    if not id_number:
        return None
    return idnumbers.mask(id_number)


@dataclass(frozen=True, repr=False)
class Identity:
    """Who is taking the number, as read from the ID card; lives only for the citizen's session."""

    id_number: str | None
    name: str | None
    masked_name: str | None
    birth_date: dt.date | None
    #: The document's kind as the device host names it (mainland, hk_mo_tw_residence,
    #: foreign_permanent_2017, foreign_permanent_2023); "" when not known. Not part of who it is.
    card_type: str = field(default="", compare=False)
    #: The card's fields a form may take (电子填单), by source ("card:sex" -> "男"); never shown in a repr.
    card_fields: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    def __repr__(self) -> str:
        return (f"Identity(id_number={mask_id(self.id_number)!r}, masked_name={self.masked_name!r}, "
                f"birth_date={'<hidden>' if self.birth_date else None})")

    __str__ = __repr__

    @classmethod
    def from_card(cls, card: dict[str, Any]) -> Identity:
        """From the device host's card.read dict (devices.services.card_to_dict)."""
        birth = card.get("birth_date")
        if isinstance(birth, str) and birth:
            try:
                birth = dt.date.fromisoformat(birth)
            except ValueError:
                birth = None
        elif not isinstance(birth, dt.date):
            birth = None
        name = card.get("name") or card.get("english_name") or None
        read = {"card:name": name, "card:sex": card.get("gender"), "card:nation": card.get("nation"),
                "card:birth": card.get("birth_date"), "card:address": card.get("address"),
                "card:id": card.get("id_number"),
                "card:valid_until": card.get("valid_to") or (VALID_FOR_LIFE if card.get("valid_from") else None)}
        return cls(id_number=(card.get("id_number") or None), name=name,
                   masked_name=card.get("masked_name") or None, birth_date=birth,
                   card_type=str(card.get("card_type") or ""),
                   card_fields=tuple((k, str(v)) for k, v in read.items() if isinstance(v, str) and v))


@dataclass(frozen=True)
class IssuedTicketInfo:
    """What the receipt and the screen show of a ticket just taken."""

    number: str
    category: str
    category_name: str
    category_name_en: str
    people_ahead: int
    estimated_wait_minutes: int
    track_url: str
    issued_at: dt.datetime
    green_channel: bool
    appointment: bool
    masked_name: str | None
    offline: bool
    # The server's promised range (hall_rules.wait_promise); None offline (the kiosk promises no
    # range: its count of people ahead is itself a guess) and when no window is open.
    wait_low_minutes: int | None = None
    wait_high_minutes: int | None = None
    #: Another hall clearly faster for this service, travel included (hall_rules.nearby); online only.
    nearby: NearbyHall | None = None


@dataclass(frozen=True)
class StatusSeen:
    """A category's status at the server's last snapshot, as the kiosk keeps it (CategoryStatus's STATUS_KEPT)."""

    waiting: int
    estimated_wait_minutes: int
    open_now: bool
    issued_today: int
    daily_cap: int
    open_windows: int

    @classmethod
    def of(cls, status: CategoryStatus) -> StatusSeen:
        return cls(**{k: getattr(status, k) for k in STATUS_KEPT})


@dataclass(frozen=True)
class CategoryNow:
    """A category of the hall with what the kiosk knows of it now, for the category screen."""

    info: CategoryInfo
    waiting: int
    estimated_wait_minutes: int
    open_now: bool


class CachedAppointments(AppointmentList):
    """Today's appointments as the store keeps them: the server's AppointmentList and the business day it is for."""

    date: dt.date


@dataclass(frozen=True)
class AppointmentMatch:
    """An appointment of today that a citizen may check in for."""

    id: str
    category: str
    category_name: str
    category_name_en: str
    date: dt.date
    slot_start: dt.time
    slot_end: dt.time
    masked_name: str | None = None


class TicketRefused(HallError):
    """A number or a check-in refused, by the server or by the kiosk's offline rules (zh + en)."""

    @classmethod
    def of(cls, refused: Refused) -> TicketRefused:
        return cls(refused.code, refused.message, refused.message_en, refused.detail)

    @classmethod
    def of_rule(cls, refusal: rules.Refusal) -> TicketRefused:
        """A refusal of a shared queue rule (hall_rules.queue), in the words the server gives online."""
        return cls(refusal.code, refusal.message, refusal.message_en, dict(refusal.detail))

    @classmethod
    def rule(cls, code: str, **values: Any) -> TicketRefused:
        """`of_rule` the refusal `code` of hall_rules.queue's table, filled from `values`."""
        return cls.of_rule(rules.refusal(code, **values))


@overload
def _checked_identity(identity: Identity) -> Identity: ...
@overload
def _checked_identity(identity: None) -> None: ...


def _checked_identity(identity: Identity | None) -> Identity | None:
    """The identity with its ID number in the canonical form the server hashes (hall_rules), so
    online and offline take the same number for the same person; a number the rule set refuses
    is refused as the server refuses it (bad_id_number), online and offline alike."""
    if identity is None or not identity.id_number:
        return identity
    try:
        number = idnumbers.normalise(identity.id_number)
    except idnumbers.BadIdNumber:
        raise TicketRefused(idnumbers.BAD_ID_NUMBER, idnumbers.BAD_ID_NUMBER_ZH, idnumbers.BAD_ID_NUMBER_EN) from None
    return replace(identity, id_number=number)


def _no_lease(cat: CategoryInfo | None) -> TicketRefused:
    name = cat.name if cat else ""
    name_en = f" for {cat.name_en}" if cat else ""
    return TicketRefused("no_lease", f"本机暂时无法发放{name}号码，请您联系大厅工作人员协助取号，谢谢",
                         f"This kiosk cannot issue a number{name_en} just now; please ask a member of staff "
                         f"for help. Thank you.")


@dataclass(frozen=True)
class _Queued:
    """A waiting ticket as the calling order reads it (hall_rules.queue.Waiting)."""

    id: int
    green: bool
    queued_at: float
    slot_start: float | None = None
    slot_end: float | None = None


def _age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


@dataclass
class _Unit:
    """One outbox request: a single row, or one lease's offline tickets in one POST."""

    rows: list[dict[str, Any]]
    path: str
    body: Any
    key: str


class KioskCore:
    """The kiosk's queue logic and its sync with the hall server.

    Args:
        server_url: the hall server's base address.
        token: this kiosk's device token.
        store_path: the local SQLite file (created when missing).
        clock: a callable giving the current aware datetime (tests pass the server's FakeClock).
        timeout_s: per-request timeout.
        sync_interval_s: how often the background thread syncs (and on `poke()`).
    """

    def __init__(self, server_url: str, token: str, store_path: str | pathlib.Path, *,
                 clock: Callable[[], dt.datetime] | None = None, timeout_s: float = 2.0,
                 sync_interval_s: float = 5.0, version: str | None = None, self_tester: SelfTester | None = None):
        self.clock = clock or utc_now
        self.version = version
        self.self_tester = self_tester
        self._health_sent_at = -math.inf  # monotonic: the last heartbeat
        self._self_testing: threading.Thread | None = None
        self.link = HallLink(server_url, token, timeout_s=timeout_s)
        self.store = KioskStore(store_path)
        self.sync_interval_s = sync_interval_s
        self.last_error: str | None = None
        self._online = False
        # Set when a request found the server away, cleared by a pass that reached it: while set,
        # a citizen's number comes from the lease at once, without waiting for a timeout.
        self._known_away = False
        self._issue_lock = threading.RLock()
        self._sync_lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._health: dict[str, Any] | None = None
        self._health_dirty = False
        # In memory only: keyed hashes of the ID cards this kiosk issued offline tickets to, per day.
        self._id_key = secrets.token_bytes(32)
        self._holding: dict[tuple[str, str, str], str] = {}
        self._checked_in: set[str] = set()
        self._verified: dict[str, AppointmentMatch] = {}

    # --- life -------------------------------------------------------------------------------

    def start(self) -> None:
        """Start the background sync thread (it syncs at once, then every sync_interval_s)."""
        if self._thread is not None:
            return
        self._stopping.clear()
        self._thread = threading.Thread(target=self._sync_loop, name="kiosk-sync", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the sync thread and close the link and the store."""
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
            self._thread = None
        self.link.close()
        self.store.close()

    def poke(self) -> None:
        """Ask the sync thread for a pass now."""
        self._wake.set()

    def _sync_loop(self) -> None:
        while not self._stopping.is_set():
            try:
                self.sync_now()
            except Exception:  # a 7×24 kiosk keeps syncing whatever one pass ran into
                log.exception("kiosk sync pass failed; will retry")
            self._wake.wait(self.sync_interval_s)
            self._wake.clear()

    # --- state for the UI -------------------------------------------------------------------

    @property
    def online(self) -> bool:
        return self._online

    def _set_online(self, value: bool, why: str | None = None) -> None:
        if value != self._online:
            log.info("hall server %s%s", "reachable" if value else "unreachable", f" ({why})" if why else "")
        self._online = value
        self._known_away = not value
        self.last_error = None if value else why

    @property
    def hall(self) -> HallInfo | None:
        """The hall configuration last fetched, or None before the first sync.
        Shared with every reader: to read, never to change."""
        return self.store.view_model("hall", HallInfo)

    def _status(self, code: str) -> StatusSeen | None:
        """The category's status at the last snapshot, or None when none was seen yet."""
        found = self.store.view("status", {}).get(code)
        return None if found is None else StatusSeen(**{k: found[k] for k in STATUS_KEPT})

    def categories(self) -> list[CategoryNow]:
        """Every category with its latest known status (from the cache when offline)."""
        hall = self.hall
        if hall is None:
            return []
        online, now = self.online, self.clock()
        out = []
        for c in hall.categories:
            s = self._status(c.code)
            out.append(CategoryNow(
                info=c, waiting=s.waiting if s else 0, estimated_wait_minutes=s.estimated_wait_minutes if s else 0,
                # Online the server's word holds (its calendar, a hall open at any hour in the demo).
                open_now=s.open_now if online and s else self._open_now(c, now)))
        return out

    def matters(self) -> list[Matter]:
        """The service guide's matters (shared: to read, never to change)."""
        found = self.store.view_model("matters", MatterList)
        return found.matters if found else []

    def pending_outbox(self) -> int:
        return self.store.count(PENDING)

    def failed_outbox(self) -> list[dict[str, Any]]:
        """Outbox rows the server refused, with its error: kept for a technician, never dropped."""
        return self.store.outbox(FAILED)

    def deliver(self, kind: str, path: str, body: dict[str, Any]) -> BaseModel | None:
        """Send a report that must reach the server however late (a certificate print's outcome).

        It goes into the outbox first, then is tried once at once; when the server is away the sync
        thread delivers it whenever it is back, with the same key.

        Returns:
            The server's answer (the OUTBOX_ANSWERS model of `kind`), or None when the report is kept for later.
        Raises:
            Refused: the server refused it (the row is kept as failed, for a technician).
        """
        answers = OUTBOX_ANSWERS[kind]  # before anything is queued: a kind without a known answer is a bug
        key = new_key()
        self.store.enqueue(key, kind, "POST", path, body, created_at=self.clock().timestamp())
        try:
            answer = self.link.post(path, body, answers, key=key)
        except (Unreachable, Ambiguous) as exc:
            log.info("%s kept in the outbox: %s", kind, exc)
            self.store.mark([key], PENDING, str(exc))
            return None
        except Refused as exc:
            self.store.mark([key], FAILED, _error_text(exc))
            raise
        self.store.mark([key], DONE)
        return answer

    def report_health(self, devices: dict[str, Any]) -> None:
        """Remember the devices' latest health; the next sync pass sends it."""
        self._health = devices
        self._health_dirty = True
        self.poke()

    # --- sync -------------------------------------------------------------------------------

    def sync_now(self) -> bool:
        """Run one sync pass now; returns whether the server was reachable throughout."""
        with self._sync_lock:
            try:
                self._refresh_config()
                self._drain()
                self._keep_leases()
                self._refresh_status()
                self._refresh_nearby()
                self._refresh_matters()
                self._refresh_appointments()
                if self._health_dirty or time.monotonic() - self._health_sent_at >= self._heartbeat_s():
                    self._send_health()
                self._take_self_test()
                self.store.prune(self.clock().timestamp())
            except (Unreachable, Ambiguous) as exc:
                self._set_online(False, str(exc))
            except Refused as exc:  # e.g. the kiosk's token was revoked: reachable, but of no use
                log.warning("hall server refused the kiosk: %s", exc.code)
                self._set_online(False, exc.code)
                self._known_away = False  # it answers: a citizen still hears its word on a ticket
            else:
                self._set_online(True)
            return self._online

    def _refresh_config(self) -> None:
        hall = self.link.fetch("/config", HallInfo)
        self.store.put("hall", hall.model_dump(mode="json"), self.clock().timestamp())
        day = hall.business_day.isoformat()
        for lease in self.store.leases():
            if lease.business_day != day:
                self.store.drop_lease(lease.id)

    def _refresh_status(self) -> None:
        # The categories only: this runs after every ticket, and the whole queue's tickets would be
        # most of what a kiosk parses and throws away in a day.
        snap = self.link.fetch("/snapshot", Snapshot, tickets="false")
        status = {c.code: asdict(StatusSeen.of(c)) for c in snap.categories}
        self.store.put("status", status, self.clock().timestamp())

    def _refresh_nearby(self) -> None:
        """Waits at nearby halls as the server last heard them from its centre; a server without them: none."""
        try:
            found = self.link.fetch("/nearby", NearbyList)
        except Refused:  # a server of an older version, or one that does not give them to this kiosk
            self.store.put("nearby", None, self.clock().timestamp())
            return
        self.store.put("nearby", found.model_dump(mode="json"), self.clock().timestamp())

    def nearby_faster(self, category: str, own_wait_minutes: int) -> NearbyHall | None:
        """The one hall worth the trip for `category` with this wait here, from fresh waits only; else None."""
        kept = self.store.view_with_time("nearby")
        if kept is None or not kept[0]:
            return None
        found = NearbyList.model_validate(kept[0])
        if self.clock().timestamp() - kept[1] + found.age_seconds > NEARBY_MAX_AGE_S:
            return None
        halls = {h.code: h for h in found.categories.get(category, [])}
        best = nearby_rules.suggestion(own_wait_minutes, [nearby_rules.NearbyWait(h.code, h.wait_minutes,
                                                                                  h.travel_minutes)
                                                          for h in halls.values()])
        return None if best is None else halls[best.code]

    def _refresh_matters(self) -> None:
        etag = self.store.get("matters_etag")
        r = self.link.get("/matters", headers={"If-None-Match": etag} if etag else None)
        if r.status_code == 304:
            return
        matters = read(r, MatterList, "GET /matters")
        self.store.put("matters", matters.model_dump(mode="json"), self.clock().timestamp())
        if r.headers.get("etag"):
            self.store.put("matters_etag", r.headers["etag"])

    def _refresh_appointments(self) -> None:
        day = self._business_day()
        found = self.link.fetch("/appointments", AppointmentList, date=day.isoformat())
        cached = CachedAppointments(date=day, **dict(found))
        self.store.put("appointments", cached.model_dump(mode="json"), self.clock().timestamp())

    def _heartbeat_s(self) -> float:
        hall = self.hall
        return float(hall.heartbeat_seconds) if hall is not None else HEARTBEAT_S

    def _send_health(self) -> None:
        """The heartbeat: the devices' latest health (none before the device host first answered) and the version."""
        devices = self._health
        body: dict[str, Any] = {"devices": devices or {}}
        if self.version:
            body["version"] = self.version
        self.link.post("/devices/health", body, None)
        self._health_sent_at = time.monotonic()
        if devices is self._health:
            self._health_dirty = False

    # --- remote self-test (the console's 设备 page, through the server) ----------------------

    def _take_self_test(self) -> None:
        """Take a self-test the console asked for, and run it off the sync thread."""
        if self.self_tester is None or (self._self_testing is not None and self._self_testing.is_alive()):
            return
        try:
            task = self.link.post_for("/devices/self-tests/take", None, SelfTestTask)
        except Refused as exc:  # a server without remote self-tests: the kiosk works on
            log.info("no remote self-test from this server: %s", exc.code)
            return
        if task is None:
            return
        log.info("running the self-test %d the console asked for", task.id)
        self._self_testing = threading.Thread(target=self._run_self_test, args=(task,), name="kiosk-self-test",
                                              daemon=True)
        self._self_testing.start()

    def _run_self_test(self, task: SelfTestTask) -> None:
        assert self.self_tester is not None
        try:
            passed, report = self.self_tester(task.wait_seconds)
        except Exception as exc:  # whatever failed is the self-test's result
            log.warning("self-test %d could not run", task.id, exc_info=True)
            passed, report = False, {"error": f"{type(exc).__name__}: {exc}", "passed": False, "devices": []}
        try:
            self.link.post(f"/devices/self-tests/{task.id}/result", {"passed": passed, "report": report}, SelfTestRun)
        except (Unreachable, Ambiguous, Refused) as exc:  # the console's wait ends in a timeout that says so
            log.warning("self-test %d result not delivered: %s", task.id, exc)

    def offline_target(self, category: str, block: int) -> int:
        """How many numbers of the category this kiosk keeps leased: OFFLINE_HOURS at the pace of
        its busiest hour of the last week (today's included), and never fewer than one block."""
        since = self.clock().timestamp() - 7 * 24 * 3600
        return max(block, math.ceil(OFFLINE_HOURS * self.store.busiest_hour(category, since)))

    def _keep_leases(self) -> None:
        """Numbers for OFFLINE_HOURS of the busiest pace per category, leased ahead.

        Below that target the kiosk fills up to half as much again (so the next refill is not at
        once), in at most LEASES_PER_CATEGORY blocks; when those are all held and the pace has
        outgrown them, the smallest untouched block is given back for a bigger one. Exhausted
        leases are given back.
        """
        hall = self.hall
        assert hall is not None  # this pass fetched it
        day = hall.business_day.isoformat()
        block = hall.lease_block
        pending_leases = {r["lease_id"] for r in self.store.outbox(PENDING) if r["lease_id"]}
        for lease in self.store.leases():
            if lease.left == 0 and lease.id not in pending_leases:
                self._release(lease)
        for cat in hall.categories:
            target = self.offline_target(cat.code, block)
            # A kiosk with no pace yet holds one block, as it always did.
            fill = target if target == block else math.ceil(target * 1.5)
            while True:
                held = [lease for lease in self.store.leases(cat.code) if lease.business_day == day]
                left = sum(lease.left for lease in held)
                # Half a block left is the old trigger, kept for a kiosk with no pace yet.
                if left >= target and left * 2 >= block:
                    break
                if len(held) >= LEASES_PER_CATEGORY:
                    untouched = [lease for lease in held
                                 if lease.next_seq == lease.first and lease.id not in pending_leases]
                    if not untouched:
                        break
                    smallest = min(untouched, key=lambda lease: lease.last - lease.first)
                    if fill - (left - smallest.left) <= smallest.left:
                        break  # a new block would be no bigger
                    self._release(smallest)
                    continue
                size = min(LEASE_MAX_COUNT, max(block, fill - left))
                if self._lease_more(cat.code, day, size) < size:
                    break  # the server gave fewer (its cap) or none: that is all there is

    def _release(self, lease: LeaseRow) -> None:
        """Give a lease back to the server (its unused numbers return to the daily cap) and forget it.

        A number the issuing thread takes from it meanwhile is still accepted: the server takes
        offline tickets of a released lease."""
        try:
            self.link.post(f"/leases/{lease.id}/release", None, Lease, key=f"release-{lease.id}")
        except Refused as exc:
            log.info("releasing lease %s refused (%s); dropped", lease.id, exc.code)
        self.store.drop_lease(lease.id)

    def _lease_more(self, category: str, day: str, count: int) -> int:
        """Ask for one more lease of `count` numbers; returns how many were granted (0: refused)."""
        # The key is kept until answered, so a grant whose answer was lost is replayed, not repeated.
        slot = f"lease_key:{category}:{day}"
        key = self.store.get(slot) or new_key()
        self.store.put(slot, key)
        try:
            lease = self.link.post("/leases", {"category": category, "count": count}, Lease, key=key)
        except Refused as exc:  # lease_limit, daily_cap_reached: issue online only
            log.info("no lease for %s: %s", category, exc.code)
            self.store.drop(slot)
            return 0
        self.store.drop(slot)
        assert lease is not None
        if lease.business_day.isoformat() != day:
            return 0
        self.store.add_lease(lease)
        return max(lease.last - lease.first + 1, 0)

    def _drain(self) -> None:
        """Send pending outbox rows, oldest first; one lease's offline tickets go in one request.

        A row never overtakes an older non-ticket row (an abandon goes before the offline tickets
        queued after it). Stops at the first row the server cannot be asked about.
        """
        for unit in self._units(self.store.outbox(PENDING)):
            self._send_unit(unit)

    def _units(self, rows: list[dict[str, Any]]) -> list[_Unit]:
        units: list[_Unit] = []
        batches: dict[str, list[dict[str, Any]]] = {}

        def flush() -> None:
            for group in batches.values():
                for i in range(0, len(group), OFFLINE_BATCH):
                    units.append(self._batch(group[i:i + OFFLINE_BATCH]))
            batches.clear()

        for row in rows:
            if row["kind"] == "offline_ticket":
                batches.setdefault(row["lease_id"], []).append(row)
            else:
                flush()
                units.append(_Unit([row], row["path"], row["body"], row["key"]))
        flush()
        return units

    @staticmethod
    def _batch(group: list[dict[str, Any]]) -> _Unit:
        if len(group) == 1:
            key = group[0]["key"]
        else:  # the same rows make the same key, so a batch whose answer was lost is replayed
            key = "ob-" + hashlib.sha256("|".join(r["key"] for r in group).encode()).hexdigest()[:40]
        return _Unit(group, group[0]["path"], {"tickets": [r["body"] for r in group]}, key)

    def _send_unit(self, unit: _Unit) -> None:
        keys = [r["key"] for r in unit.rows]
        answers = OUTBOX_ANSWERS.get(unit.rows[0]["kind"])
        if answers is None:  # not a kind this kiosk makes: kept for a technician, never sent blind nor dropped
            self.store.mark(keys, FAILED, f"unknown outbox kind {unit.rows[0]['kind']!r}")
            return
        try:
            if unit.rows[0]["method"] == "PUT":
                answer: BaseModel | None = self.link.put(unit.path, unit.body, answers, key=unit.key)
            else:
                answer = self.link.post(unit.path, unit.body, answers, key=unit.key)
        except (Unreachable, Ambiguous) as exc:
            self.store.mark(keys, PENDING, str(exc))
            raise
        except Refused as exc:
            if exc.status in (401, 403):  # the kiosk's credentials, not the row: keep it for later
                self.store.mark(keys, PENDING, f"{exc.code}: {exc.message_en}")
                raise
            if unit.rows[0]["kind"] == "print_report" and exc.code == "print_already_reported":
                self.store.mark(keys, DONE, exc.code)  # told before (by another key): nothing lost
                return
            if len(unit.rows) > 1:  # find the row the server refuses; the others go through
                for row in unit.rows:
                    self._send_unit(self._batch([row]))
                return
            log.warning("outbox row %s (%s) refused: %s", keys[0], unit.rows[0]["kind"], exc.code)
            self.store.mark(keys, FAILED, _error_text(exc))
            if unit.rows[0]["kind"] in OUTBOX_PERSONAL:
                self.store.wipe(keys)
            return
        self.store.mark(keys, DONE)
        if unit.rows[0]["kind"] in OUTBOX_PERSONAL:
            self.store.wipe(keys)
        if not isinstance(answer, OfflineResult):
            return
        # The server merged an offline ticket differently (e.g. as an ordinary ticket): keep its word.
        by_seq = {r["body"]["seq"]: r["key"] for r in unit.rows}
        for note in answer.notes:
            if note.seq in by_seq:
                log.info("offline ticket %s merged with a note: %s", note.number, note.code)
                self.store.note(by_seq[note.seq], f"{note.code}: {note.message_en}")

    # --- taking a number --------------------------------------------------------------------

    def take_ticket(self, category: str, identity: Identity | None = None,
                    appointment_id: str | None = None) -> IssuedTicketInfo:
        """Take a number: from the server when it answers, else from this kiosk's lease.

        Raises:
            TicketRefused: with the server's code (category_closed, daily_cap_reached,
                already_holding, id_required, appointment_only, bad_id_number, …) or `no_lease` offline.
        """
        identity = _checked_identity(identity)
        body: dict[str, Any] = {"category": category}
        if identity is not None and identity.id_number:
            body["id_number"] = identity.id_number
            if identity.name:
                body["name"] = identity.name
        if appointment_id:
            body["appointment_id"] = appointment_id
        if self._known_away:  # the sync thread will tell when it is back; no citizen waits for a timeout
            self.poke()
            return self._issued(self._issue_offline(category, identity, appointment_id))
        key = new_key()
        try:
            answer = self._post_ticket(body, key)
        except Unreachable as exc:
            self._set_online(False, str(exc))
            return self._issued(self._issue_offline(category, identity, appointment_id))
        except Ambiguous as first:
            try:
                if first.timed_out:  # a silent server: a second wait would only double the citizen's
                    raise first
                answer = self._post_ticket(body, key)  # the same key: the server's first answer, if any
            except (Unreachable, Ambiguous) as exc:
                self._set_online(False, str(exc))
                try:
                    return self._issued(self._issue_offline(category, identity, appointment_id, abandon_key=key))
                except TicketRefused:
                    # No number here either: still make sure no ticket of the lost answer waits unclaimed.
                    self._queue_abandon(key, category)
                    raise
        if appointment_id:
            self._checked_in.add(appointment_id)
        return self._issued(self._online_info(answer, identity))

    def send_form(self, info: IssuedTicketInfo, form: TicketFormRequest) -> bool:
        """Send the form filled for a ticket just taken (电子填单); kept in the outbox while the server is away.

        The form names its ticket by the ticket's tracking token, so the form of an offline ticket
        waits behind that ticket in the outbox and follows it. Once the server has answered, the
        outbox row keeps no value of the form.

        Returns:
            True when the server has it now; False when it waits in the outbox.
        Raises:
            Refused: the server refused the form (e.g. a value the template does not allow).
        """
        token = info.track_url.rsplit("/t/", 1)[-1]
        path, body, key = f"/forms/{token}", form.model_dump(mode="json"), new_key()
        self.store.enqueue(key, "ticket_form", "PUT", path, body, created_at=self.clock().timestamp())
        if info.offline or self._known_away:
            self.poke()
            return False
        try:
            self.link.put(path, body, TicketFormStored, key=key)
        except (Unreachable, Ambiguous) as exc:
            log.info("a ticket's form kept in the outbox: %s", exc)
            self.store.mark([key], PENDING, str(exc))
            return False
        except Refused as exc:
            self.store.mark([key], FAILED, _error_text(exc))
            self.store.wipe([key])
            raise
        self.store.mark([key], DONE)
        self.store.wipe([key])
        return True

    def _issued(self, info: IssuedTicketInfo) -> IssuedTicketInfo:
        self.store.record_issue(info.category, info.issued_at.timestamp())
        return info

    def _post_ticket(self, body: dict[str, Any], key: str) -> IssuedTicket:
        try:
            out = self.link.post("/tickets", body, IssuedTicket, key=key)
        except Refused as exc:
            self._set_online(True)
            raise TicketRefused.of(exc) from None
        self._set_online(True)
        assert out is not None
        return out

    def _online_info(self, issued: IssuedTicket, identity: Identity | None) -> IssuedTicketInfo:
        t = issued.ticket
        cat = self._category(t.category)  # None only before the kiosk has ever had the hall's configuration
        return IssuedTicketInfo(
            number=t.number, category=t.category, category_name=cat.name if cat else t.category,
            category_name_en=cat.name_en if cat else t.category,
            people_ahead=issued.people_ahead, estimated_wait_minutes=issued.estimated_wait_minutes,
            track_url=issued.track_url, issued_at=t.issued_at, green_channel=t.green_channel,
            appointment=t.appointment, masked_name=t.masked_name or (identity.masked_name if identity else None),
            offline=False, wait_low_minutes=issued.wait_low_minutes, wait_high_minutes=issued.wait_high_minutes,
            nearby=self.nearby_faster(t.category, issued.estimated_wait_minutes))

    def _issue_offline(self, code: str, identity: Identity | None, appointment_id: str | None,
                       abandon_key: str | None = None) -> IssuedTicketInfo:
        hall = self.hall
        cat = self._category(code)
        if hall is None:
            raise _no_lease(None)
        if cat is None:
            raise TicketRefused.rule("unknown_category", category=code)
        now = self.clock()
        day = self._business_day(now)
        named = {"name": cat.name, "name_en": cat.name_en}
        if not self._open_now(cat, now):
            raise TicketRefused.rule("category_closed", **named, hours=list(cat.hours))
        id_number = identity.id_number if identity else None
        if cat.id_required and not id_number:
            raise TicketRefused.rule("id_required", **named)
        if appointment_id:
            self._appointment_rules(self._known_appointment(appointment_id, cat.code, day), now)
        elif cat.appointment_only:
            raise TicketRefused.rule("appointment_only", **named)
        holder = None
        if id_number:
            digest = hmac.new(self._id_key, idnumbers.normalise(id_number).encode(), hashlib.sha256).hexdigest()
            holder = (day.isoformat(), cat.code, digest)
        green = bool(cat.green_channel and identity and identity.birth_date
                     and _age_on(identity.birth_date, day) >= hall.green_channel_age)
        with self._issue_lock:
            if holder is not None and holder in self._holding:
                raise TicketRefused.rule("already_holding", **named, number=self._holding[holder])
            status = self._status(cat.code)
            waiting = status.waiting if status else 0
            ahead = self._offline_ahead(cat.code, day, waiting, green, appointment_id, now)
            token = secrets.token_urlsafe(OFFLINE_TRACK_TOKEN_LENGTH * 3 // 4)
            with self.store.transaction():
                lease = self.store.take_number(cat.code, day.isoformat())
                if lease is None:
                    if status is not None and status.issued_today >= status.daily_cap:
                        raise TicketRefused.rule("daily_cap_reached", **named)
                    raise _no_lease(cat)
                number = rules.format_number(lease.prefix, lease.next_seq, hall.number_digits)
                body = OfflineTicket(seq=lease.next_seq, issued_at=now, id_number=None, name=None,
                                     track_token=token, green_channel=green, appointment_id=appointment_id)
                created = now.timestamp()
                if abandon_key is not None:
                    self._queue_abandon(abandon_key, cat.code, created)
                self.store.enqueue(new_key(), "offline_ticket", "POST", f"/leases/{lease.id}/tickets",
                                   body.model_dump(mode="json"), created_at=created, lease_id=lease.id,
                                   category=cat.code, business_day=day.isoformat(), number=number)
            if holder is not None:
                self._holding[holder] = number
            if appointment_id:
                self._checked_in.add(appointment_id)
        self.poke()
        per = status.estimated_wait_minutes / waiting if status and waiting else DEFAULT_PER_PERSON_MINUTES
        return IssuedTicketInfo(
            number=number, category=cat.code, category_name=cat.name, category_name_en=cat.name_en,
            people_ahead=ahead, estimated_wait_minutes=math.ceil(ahead * per),
            track_url=f"{hall.track_base_url.rstrip('/')}/t/{token}",
            issued_at=now, green_channel=green, appointment=appointment_id is not None,
            masked_name=identity.masked_name if identity else None, offline=True)

    def _queue_abandon(self, key: str, category: str, created: float | None = None) -> None:
        """Queue the cancelling (or tombstoning) of whatever a ticket request with this key produced."""
        now = self.clock()
        self.store.enqueue(new_key(), "abandon", "POST", "/tickets/abandon", {"idempotency_key": key},
                           created_at=now.timestamp() if created is None else created, category=category,
                           business_day=self._business_day(now).isoformat())

    # --- appointments -----------------------------------------------------------------------

    def check_in_code(self, text: str) -> AppointmentMatch:
        """Verify an appointment QR code (signed by the hall) against today's rules.

        Raises:
            TicketRefused: the AppointmentCodeError codes, appointment_not_today, appointment_too_early
                (detail `from`, HH:MM), appointment_missed, appointment_used.
        """
        hall = self.hall
        if hall is None:
            raise TicketRefused("appointment_unavailable", "本机暂时无法核验预约码，请联系工作人员",
                                "this kiosk cannot check appointment codes just now; please ask staff")
        try:
            payload = decode_appointment_code(text, base64.b64decode(hall.appointment_public_key), hall.code)
        except AppointmentCodeError as exc:
            raise TicketRefused(exc.code, exc.message, exc.message_en) from None
        cat = self._category(payload.category)
        if cat is None:
            raise TicketRefused.rule("unknown_category", category=payload.category)
        cached = next((a for a in self._cached_appointments() if a.id == payload.id), None)
        match = AppointmentMatch(id=payload.id, category=cat.code, category_name=cat.name,
                                 category_name_en=cat.name_en, date=payload.date,
                                 slot_start=payload.slot_start, slot_end=payload.slot_end,
                                 masked_name=cached.masked_name if cached else None)
        self._appointment_rules(match, self.clock())
        self._verified[match.id] = match
        return match

    def reprint(self, number: str | None = None, identity: Identity | None = None) -> list[ReprintTicket]:
        """A receipt printed again (补打凭条): today's live ticket of this number, or the card's live tickets,
        as the hall server knows them now (online only: a kiosk's lease knows nothing of other kiosks' tickets).

        Raises:
            TicketRefused: the server's refusal (unknown_ticket, ticket_finished, no_ticket_for_card,
                too_many_attempts, bad_id_number), or `reprint_offline` when the server cannot be reached.
        """
        body: dict[str, Any]
        if identity is not None and identity.id_number:
            body = {"id_number": _checked_identity(identity).id_number}
        elif number:
            body = {"number": number.strip().upper()}
        else:
            raise TicketRefused("no_ticket_for_card", "这张身份证今天没有在办理中的号码",
                                "this ID card holds no ticket in the queue today")
        try:
            found = self.link.post("/tickets/reprint", body, ReprintList)
        except Refused as exc:
            raise TicketRefused.of(exc) from None
        except (Unreachable, Ambiguous) as exc:
            self._set_online(False, str(exc))
            self.poke()
            raise TicketRefused("reprint_offline", "暂时连不上大厅服务器，无法补打凭条。请到服务台报号码办理",
                                "the hall server cannot be reached just now, so the receipt cannot be printed "
                                "again; please give your number at the service desk") from None
        assert found is not None
        return found.tickets

    def check_in_identity(self, identity: Identity) -> list[AppointmentMatch]:
        """Today's unused appointments of this ID card (asked online, else matched in the cached list)."""
        if not identity.id_number:
            return []
        identity = _checked_identity(identity)
        day = self._business_day()
        try:
            if self._known_away:  # as for a number: no citizen waits for a server known to be away
                self.poke()
                raise Unreachable("the hall server is known to be away")
            found = self.link.post("/appointments/lookup", {"id_number": identity.id_number}, AppointmentList)
            self._set_online(True)
            assert found is not None
            listed = found.appointments
        except Refused as exc:
            raise TicketRefused.of(exc) from None
        except (Unreachable, Ambiguous) as exc:
            self._set_online(False, str(exc))
            listed = self._cached_by_identity(identity)
        out = []
        for a in listed:
            cat = self._category(a.category)
            if cat is None or a.date != day or self._is_used(a.id, a.used):
                continue
            out.append(AppointmentMatch(id=a.id, category=cat.code, category_name=cat.name,
                                        category_name_en=cat.name_en, date=a.date, slot_start=a.slot_start,
                                        slot_end=a.slot_end, masked_name=a.masked_name))
        out.sort(key=lambda m: m.slot_start)
        for m in out:
            self._verified[m.id] = m
        return out

    def _cached_day(self) -> CachedAppointments | None:
        """Today's appointments as last fetched, or None when the cache holds another day's (or none)."""
        cached = self.store.view_model("appointments", CachedAppointments)
        return cached if cached is not None and cached.date == self._business_day() else None

    def _cached_appointments(self) -> list[KioskAppointment]:
        cached = self._cached_day()
        return cached.appointments if cached else []

    def _cached_by_identity(self, identity: Identity) -> list[KioskAppointment]:
        cached = self._cached_day()
        if cached is None or not identity.id_number:
            return []
        digest = hmac.new(cached.lookup_key.encode("utf-8"), idnumbers.normalise(identity.id_number).encode("utf-8"),
                          hashlib.sha256).hexdigest()
        return [a for a in cached.appointments
                if a.id_digest is not None and hmac.compare_digest(a.id_digest, digest)]

    def _is_used(self, appointment_id: str, used_on_server: bool = False) -> bool:
        if used_on_server or appointment_id in self._checked_in:
            return True
        if any(a.id == appointment_id and a.used for a in self._cached_appointments()):
            return True
        return any(r["body"].get("appointment_id") == appointment_id
                   for r in self.store.offline_tickets(self._business_day().isoformat()))

    def _offline_ahead(self, category: str, day: dt.date, known_waiting: int, green: bool,
                       appointment_id: str | None, now: dt.datetime) -> int:
        """People ahead of a ticket issued now, offline, by the server's calling order (hall_rules.queue).

        An estimate: of the server's line the kiosk knows only how many waited at the last status; they
        count as arrivals queued before any of this kiosk's offline tickets. This kiosk's own pending
        tickets count as what they are (green channel, an appointment in its slot, arrival)."""
        now_ts = now.timestamp()
        settings = {"ageing_minutes": int(self.hall_setting("ageing_minutes")),
                    "early_minutes": int(self.hall_setting("appointment_early_minutes"))}
        pending = [r for r in self.store.offline_tickets(day.isoformat(), category) if r["state"] == PENDING]
        first_ours = min((r["created_at"] for r in pending), default=now_ts)
        line = [_Queued(-i, False, first_ours - 1) for i in range(1, known_waiting + 1)]
        line += [_Queued(r["n"], bool(r["body"].get("green_channel")), r["created_at"],
                         *self._slot(r["body"].get("appointment_id"), category, day)) for r in pending]
        mine = _Queued(max((r["n"] for r in pending), default=0) + 1, green, now_ts,
                       *self._slot(appointment_id, category, day))
        return rules.people_ahead(mine, line, now_ts, **settings)

    def _slot(self, appointment_id: str | None, category: str, day: dt.date) -> tuple[float | None, float | None]:
        """An appointment's slot as moments, or (None, None) for a walk-in or an appointment not known here."""
        if appointment_id is None:
            return None, None
        try:
            match = self._known_appointment(appointment_id, category, day)
        except TicketRefused:
            return None, None
        tz = self.hall_tz()
        return (dt.datetime.combine(match.date, match.slot_start, tz).timestamp(),
                dt.datetime.combine(match.date, match.slot_end, tz).timestamp())

    def _known_appointment(self, appointment_id: str, category: str, day: dt.date) -> AppointmentMatch:
        match = self._verified.get(appointment_id)
        if match is None:
            for a in self._cached_appointments():
                cat = self._category(a.category)
                if a.id == appointment_id and cat is not None:
                    match = AppointmentMatch(id=a.id, category=a.category, category_name=cat.name,
                                             category_name_en=cat.name_en, date=a.date, slot_start=a.slot_start,
                                             slot_end=a.slot_end, masked_name=a.masked_name)
        if match is None or match.category != category or match.date != day:
            raise TicketRefused.rule("appointment_not_today")
        return match

    def _appointment_rules(self, match: AppointmentMatch, now: dt.datetime) -> None:
        """The server's check-in rules (hall_rules.queue) with the hall's settings, for a kiosk on its own."""
        if match.date != self._business_day(now):
            raise TicketRefused.rule("appointment_not_today")
        if self._is_used(match.id):
            raise TicketRefused.rule("appointment_used")
        refused = rules.check_in(now, match.date, match.slot_start, match.slot_end, self.hall_tz(),
                                 early_minutes=int(self.hall_setting("appointment_checkin_early_minutes")),
                                 late_minutes=int(self.hall_setting("appointment_late_minutes"))).refusal()
        if refused is not None:
            raise TicketRefused.of_rule(refused)

    # --- local rules ------------------------------------------------------------------------

    def _category(self, code: str) -> CategoryInfo | None:
        hall = self.hall
        if hall is None:
            return None
        return next((c for c in hall.categories if c.code == code), None)

    def hall_tz(self) -> dt.tzinfo:
        """The hall's time zone (China Standard Time until the hall's configuration is known)."""
        hall = self.hall
        return ZoneInfo(hall.timezone) if hall else dt.timezone(dt.timedelta(hours=8))

    def hall_setting(self, key: str) -> Any:
        """A setting of the cached HallInfo; before the kiosk has one, the schema's default (the hall
        file's, hall_rules.queue), never the kiosk's own."""
        hall = self.hall
        return HallInfo.model_fields[key].default if hall is None else getattr(hall, key)

    def _business_day(self, now: dt.datetime | None = None) -> dt.date:
        """The numbering day of a moment: local date, turning over at the hall's daily reset."""
        reset = dt.time.fromisoformat(self.hall_setting("daily_reset"))
        return rules.business_day(now or self.clock(), self.hall_tz(), reset)

    def _open_now(self, cat: CategoryInfo, now: dt.datetime) -> bool:
        """Within the category's hours, hall time; and not seen closed today (rest day) by the server."""
        local = now.astimezone(self.hall_tz())
        hours = rules.parse_hours(cat.hours)
        if not rules.open_at(hours, local.time()):
            return False
        found = self.store.view_with_time("status")
        if found is not None:
            status, fetched = found
            seen = dt.datetime.fromtimestamp(fetched, dt.UTC).astimezone(self.hall_tz())
            s = status.get(cat.code)
            # The server knows the calendar (holidays, 调休); the kiosk only its last word on today.
            if (s is not None and seen.date() == local.date() and rules.open_at(hours, seen.time())
                    and not s["open_now"]):
                return False
        return True


def _error_text(exc: Refused) -> str:
    text = f"{exc.status} {exc.code}: {exc.message_en}"
    if exc.detail:
        text += f" {exc.detail}"
    return text
