"""One service per device role: it owns its device, keeps its health, reconnects by itself.

Every service runs one background thread (the reading loop or the health poll) and answers
commands from the host's command threads; a lock per device keeps the two apart where the
driver is not thread-safe. A device that goes away is reported "down" once, retried with a
back-off (0.25 s doubling to 1 s), and reported "ok" once when it is back (Home Assistant's rule).
"""
from __future__ import annotations

import base64
import binascii
import datetime as dt
import logging
import queue
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

from drivers.idcard import IdCardError, IdCardRecord, SamModuleError, SamTimeoutError
from drivers.idcard.errors import SamConfigError, SamFrameError, SamTransportError
from drivers.led import Colour, LedScreenUnavailable, LedTextRefused, WindowScreen
from drivers.printing import (
    CertificatePrinter,
    CertificateRefused,
    PrinterNotReady,
    PrinterStatus,
    PrinterUnavailable,
    ReceiptPrinter,
    ReceiptRefused,
    TicketReceipt,
)
from drivers.registry import DeviceAddress
from drivers.scan import DeviceUnavailable, ScanError, ScanResult, SourceEnded
from drivers.sim.hosted import IdCardSimDevice, ScannerSimDevice, SimDevice

from .backoff import Backoff
from .config import HostConfig
from .errors import CommandError, bad_args
from .health import Health, HealthState
from .testpage import certificate_test_page

log = logging.getLogger(__name__)

Emit = Callable[[str, dict[str, Any]], None]

ROLE_NAMES = {
    "idcard": ("身份证阅读器", "ID-card reader"),
    "receipt": ("小票打印机", "receipt printer"),
    "certificate": ("证照打印机", "certificate printer"),
    "scanner": ("扫码器", "code scanner"),
    "window_led": ("窗口屏", "window LED screen"),
}


def device_down(service: DeviceService) -> CommandError:
    """The error of a command sent to a device that is down, with the device's own reason."""
    h = service.health
    zh, en = ROLE_NAMES[service.role]
    return CommandError("device_down", f"{zh}不可用：{h.reason_zh}", f"{en} is unavailable: {h.reason_en}")


class DeviceService:
    """Base of the role services: health, the background thread, stop.

    Args:
        name: the service name ("receipt", "window_led.01").
        address: the configured device URL, parsed: its driver opens the device.
        config: host settings (intervals, back-off).
        emit: sends an event to the host's subscribers.
        sim: the simulator when the URL is sim://.
    """

    role = ""

    def __init__(self, name: str, address: DeviceAddress, config: HostConfig, emit: Emit,
                 sim: SimDevice | None = None) -> None:
        self.name = name
        self.address = address
        self.url = address.url
        self.config = config
        self.sim = sim
        self._emit = emit
        self._health = Health.of("down", "connecting")
        self._health_lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.backoff = Backoff(config.reconnect_initial, config.reconnect_max)

    # --- health --------------------------------------------------------------------------
    @property
    def health(self) -> Health:
        """The device's health now."""
        with self._health_lock:
            return self._health

    def set_health(self, new: Health) -> None:
        """Record the health; on a change of state log once and tell subscribers once."""
        with self._health_lock:
            old = self._health
            if old.state == new.state:
                if (old.code, old.detail) != (new.code, new.detail):
                    # Same state, new words: keep when it began; not news for subscribers.
                    self._health = Health(new.state, new.code, new.reason_zh, new.reason_en, new.detail, old.since)
                return
            self._health = new
        if new.state == "down":
            log.warning("%s unavailable: %s (%s)", self.name, new.reason_en, new.detail or new.code)
        elif new.state == "degraded":
            log.warning("%s degraded: %s (%s)", self.name, new.reason_en, new.detail or new.code)
        elif old.code == "connecting":
            log.info("%s ready", self.name)
        else:
            log.info("%s is back: %s", self.name, new.reason_en)
        self._emit("health.changed", {"device": self.name, "role": self.role, "previous": old.state,
                                      "health": new.as_dict()})

    def describe(self) -> dict[str, Any]:
        """The device as the health command lists it."""
        return {"role": self.role, "url": self.url, "simulated": self.sim is not None, **self.health.as_dict()}

    # --- lifetime ------------------------------------------------------------------------
    def start(self) -> None:
        """Start the service's thread."""
        self._stop.clear()
        self._thread = threading.Thread(target=self._run_guarded, name=f"device-{self.name}", daemon=True)
        self._thread.start()

    def request_stop(self) -> None:
        """Ask the thread to stop without waiting (the host stops all services at once)."""
        self._stop.set()

    def stop(self) -> None:
        """Stop the thread and release the device."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        self.close()

    def close(self) -> None:
        """Release the device (the thread has stopped)."""

    def _run_guarded(self) -> None:
        # A bug in one service must not take the host down, nor leave the loop dead silently.
        while not self._stop.is_set():
            try:
                self.run()
                return
            except Exception as exc:  # the 7x24 loop survives its own bugs
                log.exception("%s loop failed; restarting it", self.name)
                self.set_health(Health.of("down", "not_answering", f"internal error: {type(exc).__name__}"))
                self._stop.wait(self.backoff.next())

    def run(self) -> None:
        """The service loop; returns when stop is set."""
        raise NotImplementedError

    def wait_retry(self) -> None:
        """Wait the next back-off delay (or until stop)."""
        self._stop.wait(self.backoff.next())

    def open_device(self) -> Any:
        """The driver's device object: the URL's own driver, or the simulator's endpoint for sim://.

        Raises:
            ValueError: the driver refuses the URL; the driver's own errors when it cannot open.
        """
        if self.sim is not None:
            return self.sim.open_device()
        return self.address.open()

    def self_test(self, wait: float) -> dict[str, Any]:
        """Run the device's self-test; returns passed with details in zh and en."""
        raise NotImplementedError


def passed(ok: bool, zh: str, en: str, **extra: Any) -> dict[str, Any]:
    """A self-test result."""
    return {"passed": ok, "detail_zh": zh, "detail_en": en, **extra}


# --- ID-card reader ----------------------------------------------------------------------

def card_to_dict(record: IdCardRecord) -> dict[str, Any]:
    """A card record as the card.read event carries it (full data: only for card subscribers)."""
    def day(value: dt.date | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "card_type": record.card_type.name.lower(),
        "card_type_zh": record.card_type.label_zh,
        "card_type_en": record.card_type.label_en,
        "name": record.name,
        "english_name": record.english_name,
        "masked_name": record.masked_name(),
        "gender": record.gender,
        "gender_code": record.gender_code,
        "nation": record.nation,
        "nationality": record.nationality,
        "birth_date": day(record.birth_date),
        "address": record.address,
        "id_number": record.id_number,
        "masked_id": record.masked_id(),
        "authority": record.authority,
        "valid_from": day(record.valid_from),
        "valid_to": day(record.valid_to),
        "pass_number": record.pass_number,
        "issue_count": record.issue_count,
        "renewal_count": record.renewal_count,
        "has_photo": bool(record.photo_wlt),
    }


def _idcard_health(exc: IdCardError) -> Health:
    if isinstance(exc, SamModuleError):
        return Health.of("down", "module_fault", str(exc))
    if isinstance(exc, SamTimeoutError):
        return Health.of("down", "not_answering", str(exc))
    if isinstance(exc, SamFrameError):
        return Health.of("down", "line_noise", str(exc))
    if isinstance(exc, SamConfigError):
        return Health.of("down", "config", str(exc))
    if isinstance(exc, SamTransportError):
        return Health.of("down", "unreachable", str(exc))
    return Health.of("down", "not_answering", str(exc))


class IdCardService(DeviceService):
    """The SAM reading loop: one "card.read" per card presentation."""

    role = "idcard"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._self_test_cards: queue.Queue[IdCardRecord] | None = None

    def run(self) -> None:
        while not self._stop.is_set():
            reader = self.open_device()
            try:
                reader.open()
                reader.status()
                self.set_health(Health.of("ok", "ready"))
                self.backoff.reset()
                for record in reader.cards(poll_interval=self.config.card_poll_interval, stop=self._stop):
                    self._card_read(record)
            except IdCardError as exc:
                self.set_health(_idcard_health(exc))
            finally:
                reader.close()
            self.wait_retry()

    def _card_read(self, record: IdCardRecord) -> None:
        waiting = self._self_test_cards
        if waiting is not None:
            # A technician's test card is not a citizen: the kiosk must not start a session.
            log.info("ID card read for the self-test: %r", record)
            waiting.put(record)
            return
        log.info("ID card read: %r", record)  # the repr is masked
        self._emit("card.read", {"device": self.name, "card": card_to_dict(record)})

    def self_test(self, wait: float) -> dict[str, Any]:
        if self.health.state == "down":
            return passed(False, f"阅读器不可用：{self.health.reason_zh}",
                          f"reader unavailable: {self.health.reason_en}")
        cards: queue.Queue[IdCardRecord] = queue.Queue()
        self._self_test_cards = cards
        try:
            if isinstance(self.sim, IdCardSimDevice):
                # A fresh presentation: take any card away long enough to be seen gone, then place one.
                self.sim.remove()
                time.sleep(self.config.card_poll_interval * 2.5)
                self.sim.place("adult")
            try:
                record = cards.get(timeout=wait)
            except queue.Empty:
                return passed(False, f"{wait:g} 秒内未读到身份证，请放卡重试",
                              f"no ID card read within {wait:g} s: place a card and try again")
        finally:
            self._self_test_cards = None
            if isinstance(self.sim, IdCardSimDevice):
                self.sim.remove()
        return passed(True, f"读卡成功：{record.card_type.label_zh} {record.masked_name()} {record.masked_id()}",
                      f"card read: {record.card_type.label_en} {record.masked_name()} {record.masked_id()}")


# --- QR / barcode scanner ----------------------------------------------------------------

def scan_to_dict(result: ScanResult) -> dict[str, Any]:
    """A scan as the code.scanned event carries it."""
    return {"text": result.text, "symbology": result.symbology, "size": len(result.raw_bytes),
            "raw_base64": base64.b64encode(result.raw_bytes).decode("ascii")}


class ScannerService(DeviceService):
    """The scanner loop: one "code.scanned" per code presentation."""

    role = "scanner"
    read_slice = 0.2  # seconds one read waits, so stop is noticed promptly

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._self_test_codes: queue.Queue[ScanResult] | None = None

    def run(self) -> None:
        scanner = None
        try:
            while not self._stop.is_set():
                if scanner is None:
                    try:
                        scanner = self.open_device()
                    except ScanError as exc:
                        self.set_health(Health.of("down", "config" if isinstance(exc, ValueError) else "unreachable",
                                                  str(exc)))
                        self.wait_retry()
                        continue
                    self.set_health(Health.of("ok", "ready"))
                    self.backoff.reset()
                try:
                    result = scanner.read(timeout=self.read_slice)
                except (DeviceUnavailable, SourceEnded) as exc:
                    code = "source_ended" if isinstance(exc, SourceEnded) else "unreachable"
                    self.set_health(Health.of("down", code, str(exc)))
                    scanner.close()
                    scanner = None
                    self.wait_retry()
                    continue
                except ScanError as exc:
                    log.warning("%s refused a code: %s", self.name, exc)  # the message holds no payload
                    continue
                if result is not None:
                    self._code_read(result)
        finally:
            if scanner is not None:
                scanner.close()

    def _code_read(self, result: ScanResult) -> None:
        waiting = self._self_test_codes
        if waiting is not None:
            waiting.put(result)
            return
        log.info("code scanned: %r", result)  # the repr holds no payload
        self._emit("code.scanned", {"device": self.name, **scan_to_dict(result)})

    def self_test(self, wait: float) -> dict[str, Any]:
        if self.health.state == "down":
            return passed(False, f"扫码器不可用：{self.health.reason_zh}",
                          f"scanner unavailable: {self.health.reason_en}")
        codes: queue.Queue[ScanResult] = queue.Queue()
        sim = self.sim if isinstance(self.sim, ScannerSimDevice) else None
        expected = f"HALL-SELFTEST-{uuid.uuid4().hex[:8]}" if sim is not None else None
        self._self_test_codes = codes
        try:
            if sim is not None and expected is not None:
                sim.present(expected)
            deadline = time.monotonic() + wait
            while True:
                try:
                    result = codes.get(timeout=max(0.0, deadline - time.monotonic()))
                except queue.Empty:
                    return passed(False, f"{wait:g} 秒内未扫到二维码，请出示二维码重试",
                                  f"no code scanned within {wait:g} s: show a QR code and try again")
                if expected is None or result.text == expected:
                    break
        finally:
            self._self_test_codes = None
            if sim is not None:
                sim.clear()
        return passed(True, f"扫码成功：{result.symbology}，{len(result.raw_bytes)} 字节",
                      f"code decoded: {result.symbology}, {len(result.raw_bytes)} bytes")


# --- receipt printer ---------------------------------------------------------------------

def _printer_health(status: PrinterStatus) -> Health:
    reason = status.health()
    if not status.reachable:
        code = "unreachable"
    elif not status.known:
        code = "status_unknown"
    elif not status.answered:
        code = "not_answering"
    elif status.paper_end:
        code = "paper_end"
    elif status.cover_open:
        code = "cover_open"
    elif status.error:
        code = "printer_error"
    elif status.feed_button:
        code = "feeding"
    elif not status.online:
        code = "offline"
    elif status.paper_near_end:
        code = "paper_near_end"
    else:
        code = "ready"
    return Health.of(reason.state, code, status.detail if code != "ready" else "")


_TICKET_FIELDS: dict[str, tuple[tuple[type, ...], bool]] = {
    "hall_name": ((str,), True), "ticket_number": ((str,), True), "category_name": ((str,), True),
    "people_ahead": ((int,), True), "estimated_wait_minutes": ((int, type(None)), False),
    "issued_at": ((str,), False), "masked_name": ((str, type(None)), False), "tracking_url": ((str,), True),
    "notice_lines": ((list,), False), "language": ((str,), False), "estimated": ((bool,), False),
    "green_channel": ((bool,), False), "large_type": ((bool,), False),
    "reprint": ((bool,), False), "window_name": ((str, type(None)), False),
    "wait_low_minutes": ((int, type(None)), False), "wait_high_minutes": ((int, type(None)), False),
    "form_filled": ((bool,), False),
}


def ticket_from_dict(data: Any) -> TicketReceipt:
    """Build a TicketReceipt from the print_receipt arguments.

    Raises:
        CommandError: bad_args, naming the field.
    """
    if not isinstance(data, dict):
        raise bad_args("ticket 应为对象", "ticket must be an object")
    unknown = set(data) - set(_TICKET_FIELDS)
    if unknown:
        names = ", ".join(sorted(unknown))
        raise bad_args(f"小票字段未知：{names}", f"unknown ticket fields: {names}")
    for key, (types, required) in _TICKET_FIELDS.items():
        if key not in data:
            if required:
                raise bad_args(f"缺少小票字段 {key}", f"ticket field {key} is missing")
            continue
        value = data[key]
        if isinstance(value, bool) != (bool in types) or not isinstance(value, types):
            raise bad_args(f"小票字段 {key} 类型错误", f"ticket field {key} has the wrong type")
    lines = data.get("notice_lines", [])
    if not all(isinstance(line, str) for line in lines):
        raise bad_args("notice_lines 应为文字列表", "notice_lines must be a list of strings")
    if data.get("language", "zh") not in ("zh", "en"):
        raise bad_args("language 应为 zh 或 en", "language must be zh or en")
    try:
        issued = dt.datetime.fromisoformat(data["issued_at"]) if "issued_at" in data else dt.datetime.now()
    except ValueError:
        raise bad_args("issued_at 应为 ISO 时间", "issued_at must be an ISO 8601 time") from None
    if data["people_ahead"] < 0:
        raise bad_args("people_ahead 不能为负", "people_ahead must not be negative")
    low, high = data.get("wait_low_minutes"), data.get("wait_high_minutes")
    if (low is None) != (high is None) or low is not None and not 0 <= low <= high:
        raise bad_args("预计等候范围无效", "wait_low_minutes and wait_high_minutes must be a range from 0 up")
    return TicketReceipt(
        hall_name=data["hall_name"], ticket_number=data["ticket_number"], category_name=data["category_name"],
        people_ahead=data["people_ahead"], estimated_wait_minutes=data.get("estimated_wait_minutes"),
        issued_at=issued, masked_name=data.get("masked_name"), tracking_url=data["tracking_url"],
        notice_lines=tuple(lines), language=data.get("language", "zh"), estimated=data.get("estimated", False),
        green_channel=data.get("green_channel", False), large_type=data.get("large_type", False),
        reprint=data.get("reprint", False),
        window_name=data.get("window_name"),
        wait_low_minutes=data.get("wait_low_minutes"), wait_high_minutes=data.get("wait_high_minutes"),
        form_filled=data.get("form_filled", False),
    )


class ReceiptService(DeviceService):
    """The receipt printer: status poll for health; ticket and test receipts on command."""

    role = "receipt"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.printer: ReceiptPrinter = self.open_device()

    def run(self) -> None:
        while not self._stop.is_set():
            health = self.check()
            if health.state == "down":
                self.wait_retry()
            else:
                self.backoff.reset()
                self._stop.wait(self.config.status_interval)

    def check(self) -> Health:
        """Ask the printer for its status now and record the health."""
        health = _printer_health(self.printer.status())
        self.set_health(health)
        return health

    def close(self) -> None:
        self.printer.close()

    def _printing(self, job: Callable[[], PrinterStatus]) -> dict[str, Any]:
        try:
            after = job()
        except ReceiptRefused as exc:
            raise CommandError("refused", "小票内容不允许打印（不得含完整证件号码）", str(exc)) from exc
        except PrinterNotReady as exc:
            health = self.check()
            raise CommandError("not_ready", f"小票未打印：{health.reason_zh}", str(exc)) from exc
        except PrinterUnavailable as exc:
            self.set_health(Health.of("down", "unreachable", str(exc)))
            raise device_down(self) from exc
        self.set_health(_printer_health(after))
        return {"printed": True, "health": self.health.as_dict()}

    def print_receipt(self, ticket: TicketReceipt) -> dict[str, Any]:
        """Print a ticket receipt."""
        result = self._printing(lambda: self.printer.print_ticket(ticket))
        log.info("receipt printed for ticket %s", ticket.ticket_number)
        return result

    def print_test_receipt(self) -> dict[str, Any]:
        """Print the technicians' test receipt."""
        return self._printing(lambda: self.printer.print_test_receipt(("device host self-test",)))

    def self_test(self, wait: float) -> dict[str, Any]:
        try:
            self.print_test_receipt()
        except CommandError as exc:
            return passed(False, exc.message, exc.message_en)
        return passed(True, "测试小票已打印", "test receipt printed", health=self.health.state)


# --- certificate printer -----------------------------------------------------------------

def _certificate_health(state: HealthState, reason: str) -> Health:
    code = {"ok": "ready", "degraded": "spool_trouble"}.get(state, "spool_down")
    return Health.of(state, code, reason if code != "ready" else "")


class CertificateService(DeviceService):
    """The certificate printer: health poll; PDFs printed on command and followed to their end."""

    role = "certificate"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.printer: CertificatePrinter = self.open_device()

    def run(self) -> None:
        while not self._stop.is_set():
            health = self.check()
            if health.state == "down":
                self.wait_retry()
            else:
                self.backoff.reset()
                self._stop.wait(self.config.status_interval)

    def check(self) -> Health:
        """Ask the printer (or spool folder) now and record the health."""
        h = self.printer.health()
        health = _certificate_health(h.state, h.reason)
        self.set_health(health)
        return health

    def print_certificate(self, pdf: bytes | str, title: str) -> dict[str, Any]:
        """Print a PDF; the result's outcome says whether the certificate came out."""
        try:
            job = self.printer.print_pdf(pdf, title=title)
        except CertificateRefused as exc:
            raise CommandError("refused", "证照文件无效，未打印", str(exc)) from exc
        log.info("certificate job %s: %s", job.job_id, job.outcome)
        self.check()  # a job tells about the printer too: a failed one, or a spool folder now made
        return {"outcome": job.outcome, "completed": job.completed, "job_id": job.job_id,
                "destination": job.destination, "detail": job.detail}

    def self_test(self, wait: float) -> dict[str, Any]:
        result = self.print_certificate(certificate_test_page(), "device-host-test-page")
        if result["completed"]:
            return passed(True, "测试页已打印", f"test page printed ({result['job_id']})")
        return passed(False, f"测试页打印失败：{result['outcome']}",
                      f"test page {result['outcome']}: {result['detail']}")


def decode_pdf_argument(args: dict[str, Any]) -> bytes | str:
    """The PDF of a print_certificate command: base64 bytes or a path on this machine.

    Raises:
        CommandError: bad_args.
    """
    has_data, has_path = "pdf_base64" in args, "path" in args
    if has_data == has_path:
        raise bad_args("请给出 pdf_base64 或 path 之一", "give exactly one of pdf_base64 or path")
    if has_path:
        if not isinstance(args["path"], str) or not args["path"]:
            raise bad_args("path 应为文件路径", "path must be a file path")
        return args["path"]
    if not isinstance(args["pdf_base64"], str):
        raise bad_args("pdf_base64 应为 base64 文字", "pdf_base64 must be base64 text")
    try:
        return base64.b64decode(args["pdf_base64"], validate=True)
    except (binascii.Error, ValueError):
        raise bad_args("pdf_base64 不是有效的 base64", "pdf_base64 is not valid base64") from None


# --- window LED screens ------------------------------------------------------------------

class WindowLedService(DeviceService):
    """One window's LED screen: shows text on command, refreshed so a power-cycled screen recovers.

    The screen sends nothing back, so the only health check is a write: the service re-sends
    what the screen should show every status interval. That also restores the text of a screen
    that was switched off and on, which loses its content.
    """

    role = "window_led"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.window = self.name.split(".", 1)[1]
        self.screen: WindowScreen = self.open_device()
        self._lock = threading.Lock()
        # What the screen should show, as a call that draws it again (None: blank).
        self._redraw: Callable[[], object] | None = None

    def run(self) -> None:
        while not self._stop.is_set():
            try:
                with self._lock:
                    if self._redraw is None:
                        self.screen.clear()
                    else:
                        self._redraw()
            except LedScreenUnavailable as exc:
                self.set_health(Health.of("down", "unreachable", str(exc)))
                self.wait_retry()
                continue
            except LedTextRefused:
                self._redraw = None  # text that was shown once is not refused later; never loop on it
                continue
            self.set_health(Health.of("ok", "ready"))
            self.backoff.reset()
            self._stop.wait(self.config.status_interval)

    def close(self) -> None:
        self.screen.close()

    def show(self, lines: list[str], colour: Colour) -> list[str]:
        """Show lines on the screen; returns them as sent (cut to width)."""
        with self._lock:
            try:
                sent = self.screen.show(lines, colour)
            except LedTextRefused as exc:
                raise CommandError("refused", "窗口屏无法显示该文字", str(exc)) from exc
            except LedScreenUnavailable as exc:
                self.set_health(Health.of("down", "unreachable", str(exc)))
                raise device_down(self) from exc
            kept = list(lines)
            self._redraw = lambda: self.screen.show(kept, colour)
        self.set_health(Health.of("ok", "ready"))
        return sent

    def clear(self) -> None:
        """Blank the screen."""
        with self._lock:
            try:
                self.screen.clear()
            except LedScreenUnavailable as exc:
                self.set_health(Health.of("down", "unreachable", str(exc)))
                raise device_down(self) from exc
            self._redraw = None

    def test_pattern(self) -> list[str]:
        """Show the test pattern (until the next show or clear)."""
        with self._lock:
            try:
                lines = self.screen.test_pattern()
            except LedScreenUnavailable as exc:
                self.set_health(Health.of("down", "unreachable", str(exc)))
                raise device_down(self) from exc
            self._redraw = self.screen.test_pattern
        self.set_health(Health.of("ok", "ready"))
        return lines

    def self_test(self, wait: float) -> dict[str, Any]:
        try:
            lines = self.test_pattern()
        except CommandError as exc:
            return passed(False, exc.message, exc.message_en)
        return passed(True, f"窗口屏测试图案已显示：{' / '.join(lines)}", f"test pattern shown: {' / '.join(lines)}")


SERVICES: dict[str, type[DeviceService]] = {
    "idcard": IdCardService, "receipt": ReceiptService, "certificate": CertificateService,
    "scanner": ScannerService, "window_led": WindowLedService,
}

__all__ = [
    "CertificateService", "DeviceService", "IdCardService", "ReceiptService", "SERVICES", "ScannerService",
    "WindowLedService", "card_to_dict", "decode_pdf_argument", "scan_to_dict", "ticket_from_dict",
]
