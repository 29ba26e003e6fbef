"""kiosk-walk: a scripted walk through every kiosk flow, offscreen, writing a screenshot per step.

The demo runs it on machines without a screen; the tests run it against their own hall server and
device host. It drives the real QML and the real devices: cards go on the simulated reader, codes
under the simulated scanner, paper runs out in the simulated printer.

    kiosk-walk --demo --out var/demo/screens
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import pathlib
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from PySide6.QtCore import QCoreApplication, QEventLoop
from PySide6.QtGui import QFont, QGuiApplication

from devices.client import DEFAULT_URL as DEFAULT_DEVICES_URL
from devices.client import DeviceClient, DeviceHostUnavailable
from hall_server.schema import API, Appointment, HallInfo, IssuedTicket, LoginResponse, TicketList

from .app import Kiosk, prepare_environment
from .config import DEMO_TECH_PIN, DEMO_TOKEN, KioskConfig, pin_hash

log = logging.getLogger(__name__)

DEMO_ADMIN = ("admin", "860301")
DEMO_STAFF = ("w01", "110101", "01")  # username, PIN, window: serves the ticket the walk then rates
SAMPLE_CASES = pathlib.Path(__file__).resolve().parent.parent / "assets" / "halls" / "sample_cases.json"


class WalkFailed(RuntimeError):
    """A step did not reach the screen it should have."""


class Walk:
    """Drives one kiosk through its flows and saves what each screen shows.

    Args:
        kiosk: a started Kiosk (offscreen is fine).
        devices: a connection to the same device host, to work its simulators.
        server_url / admin: the hall server and a hall-admin login, to book an appointment.
        out: where the PNGs go, named NN-step-size.png.
        clock: the hall's time (tests pass the server's clock), for the appointment's slot.
        tech_pin: the kiosk's technician PIN.
    """

    def __init__(self, kiosk: Kiosk, devices: DeviceClient, server_url: str, admin: tuple[str, str],
                 out: pathlib.Path, *, timeout_s: float = 15.0,
                 clock: Callable[[], dt.datetime] | None = None, tech_pin: str = DEMO_TECH_PIN,
                 staff: tuple[str, str, str] = DEMO_STAFF) -> None:
        self.kiosk = kiosk
        self.state = kiosk.state
        self.devices = devices
        self.server_url = server_url
        self.admin = admin
        self.out = out
        self.timeout_s = timeout_s
        self.tech_pin = tech_pin
        self.staff = staff
        self.clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self.shots: list[pathlib.Path] = []
        self.visited: list[tuple[str, str]] = []  # (step, page)
        self.issued: list[str] = []  # ticket numbers the walk took, cancelled at its end

    # --- helpers -------------------------------------------------------------------------
    def pump(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            time.sleep(0.01)

    def until(self, what: str, check: Callable[[], Any]) -> None:
        deadline = time.monotonic() + self.timeout_s
        while not check():
            if time.monotonic() > deadline:
                raise WalkFailed(f"{what}: not reached in {self.timeout_s:.0f} s (page {self.state.page})")
            self.pump(0.02)

    def page(self, name: str) -> None:
        self.until(f"page {name}", lambda: self.state.page == name)

    def shot(self, step: str) -> pathlib.Path:
        self.pump(0.3)  # let bindings, images and animations settle
        w, h = self.kiosk.window.width(), self.kiosk.window.height()
        path = self.out / f"{len(self.shots) + 1:02d}-{step}-{w}x{h}.png"
        if not self.kiosk.window.grabWindow().save(str(path)):
            raise WalkFailed(f"could not save {path}")
        self.shots.append(path)
        self.visited.append((step, self.state.page))
        number = self.state.ticket.get("number")
        if self.state.page == "ticket" and number and number not in self.issued:
            self.issued.append(number)
        return path

    def sim(self, command: str, **args: Any) -> Any:
        answer = self.devices.call(command, **args)
        if command in ("sim.remove_card", "sim.clear_code"):
            self.pump(0.5)  # the reader polls: it must see the card gone before the next one comes
        return answer

    def _admin(self, http: httpx.Client) -> dict[str, str]:
        login = http.post(f"{API}/auth/login", json={"username": self.admin[0], "pin": self.admin[1]})
        login.raise_for_status()
        return {"Authorization": f"Bearer {LoginResponse.model_validate(login.json()).token}"}

    def cancel_issued(self) -> None:
        """The walk's citizens leave: their tickets are cancelled, so the walk can run again on the
        same hall (one waiting ticket per ID card per service)."""
        try:
            with httpx.Client(base_url=self.server_url, timeout=10, trust_env=False) as http:
                headers = self._admin(http)
                for t in TicketList.model_validate(http.get(f"{API}/tickets", headers=headers).json()).tickets:
                    if t.number in self.issued and t.state == "waiting":
                        http.post(f"{API}/tickets/{t.id}/cancel", json={"reason": "demo walk"},
                                  headers={**headers, "Idempotency-Key": os.urandom(8).hex()})
        except httpx.HTTPError as exc:
            print(f"kiosk-walk: could not cancel the walk's tickets ({exc})", file=sys.stderr)

    def book_appointment(self) -> str | None:
        """A hall admin books an appointment for the adult sample card, slot around now; its QR text.

        None after midnight and before the hall's daily reset: the business day is still yesterday's,
        and no slot of it is around now.
        """
        with httpx.Client(base_url=self.server_url, timeout=10, trust_env=False) as http:
            headers = self._admin(http)
            hall = HallInfo.model_validate(http.get(f"{API}/config", headers=headers).json())
            now = self.clock().astimezone(ZoneInfo(hall.timezone))
            if now.date() != hall.business_day:
                return None
            start = (now - dt.timedelta(minutes=10)).replace(second=0, microsecond=0)
            end = start + dt.timedelta(minutes=30)
            if end.date() != start.date():  # late in the evening: the slot ends with the day, still around now
                start = min(start, now.replace(hour=23, minute=29, second=0, microsecond=0))
                end = now.replace(hour=23, minute=59, second=0, microsecond=0)
            answer = http.post(f"{API}/appointments", headers={**headers, "Idempotency-Key": os.urandom(8).hex()},
                               json={"category": "general", "date": hall.business_day.isoformat(),
                                     "slot_start": start.strftime("%H:%M"), "slot_end": end.strftime("%H:%M"),
                                     "name": "测试张三"})
            answer.raise_for_status()
            return Appointment.model_validate(answer.json()).code

    def load_sample_cases(self) -> None:
        """The demo cases (办件) of the sample cards, with their documents, unless the hall has them
        (the demo imports them at start with `hall-server import-cases --demo`)."""
        with httpx.Client(base_url=self.server_url, timeout=30, trust_env=False) as http:
            headers = self._admin(http)
            export = json.loads(SAMPLE_CASES.read_text(encoding="utf-8"))
            first = export["cases"][0]["number"]
            if http.get(f"{API}/cases/{first}", headers=headers).status_code == 200:
                return
            rows = [{k: v for k, v in c.items() if k != "documents"} for c in export["cases"]]
            http.post(f"{API}/cases/import", json={"cases": rows},
                      headers={**headers, "Idempotency-Key": os.urandom(8).hex()}).raise_for_status()
            for case in export["cases"]:
                for doc in case.get("documents", []):
                    pdf = (SAMPLE_CASES.parent / doc["file"]).read_bytes()
                    http.put(f"{API}/cases/{case['number']}/documents/{doc['doc']}", content=pdf,
                             params={"title": doc["title"], "title_en": doc["title_en"]},
                             headers={**headers, "Content-Type": "application/pdf"}).raise_for_status()

    def served_ticket_code(self) -> str:
        """A ticket taken at this kiosk and served at a window: its receipt's QR text, to rate it."""
        with httpx.Client(base_url=self.server_url, timeout=10, trust_env=False) as http:
            kiosk = {"Authorization": f"Bearer {self.kiosk.config.token}"}
            issued = http.post(f"{API}/tickets", json={"category": "general"},
                               headers={**kiosk, "Idempotency-Key": os.urandom(8).hex()})
            issued.raise_for_status()
            ticket = IssuedTicket.model_validate(issued.json())
            username, pin, window = self.staff
            login = http.post(f"{API}/auth/login", json={"username": username, "pin": pin, "window": window})
            login.raise_for_status()
            staff = {"Authorization": f"Bearer {LoginResponse.model_validate(login.json()).token}"}
            number = {"ticket_id": ticket.ticket.id}
            steps = [("open", {}), ("call-next", number), ("start", number), ("finish", number)]
            for step, body in steps:
                done = http.post(f"{API}/windows/{window}/{step}", json=body,
                                 headers={**staff, "Idempotency-Key": os.urandom(8).hex()})
                if not (step == "open" and done.status_code == 409):  # the window may be open already
                    done.raise_for_status()
            return ticket.track_url

    # --- the walk ------------------------------------------------------------------------
    def run(self) -> list[pathlib.Path]:
        """Walk every flow; the tickets taken are cancelled however the walk ends, so it can run again."""
        try:
            return self._walk()
        finally:
            self.cancel_issued()

    def _walk(self) -> list[pathlib.Path]:
        s = self.state
        self.out.mkdir(parents=True, exist_ok=True)
        self.sim("sim.remove_card")  # start clean: nothing on the reader or under the scanner
        self.sim("sim.clear_code")
        self.until("hall configuration", lambda: bool(s.groups))
        self.until("device health", lambda: "receipt" in s.deviceHealth)
        self.shot("home")

        # Take a number with the ID card: card on the reader, one touch on the service.
        self.sim("sim.place_card", card="adult")
        self.page("categories")
        self.shot("categories-after-card")
        s.chooseCategory("general")
        self.page("ticket")
        self.until("receipt printed", lambda: s.ticket.get("printed"))
        self.shot("ticket-printed")
        self.sim("sim.remove_card")
        s.goHome()

        # Elder mode, no card, a service that allows it.
        s.toggleElder()
        s.startTakeNumber()
        self.page("categories")
        self.shot("categories-elder")
        s.chooseCategory("general")
        self.page("identify")
        self.shot("identify-elder")
        s.issueWithoutId()
        self.page("ticket")
        self.until("receipt printed", lambda: s.ticket.get("printed"))
        s.goHome()

        # A refusal that says why: appointment-only service without an appointment.
        s.startTakeNumber()
        self.page("categories")
        s.chooseCategory("realestate")
        self.page("identify")
        self.sim("sim.place_card", card="adult")
        self.page("refusal")
        self.shot("refusal")
        self.sim("sim.remove_card")
        s.goHome()

        # Appointment check-in with a signed QR code.
        code = self.book_appointment()
        s.startCheckIn()
        self.page("checkin")
        self.shot("checkin")
        if code is None:
            print("kiosk-walk: between midnight and the daily reset no appointment slot is now; check-in skipped",
                  file=sys.stderr)
        else:
            self.sim("sim.present_code", text=code)
            self.page("appointment")
            self.shot("appointment-found")
            self.sim("sim.clear_code")
            s.confirmAppointment(s.matches[0]["id"])
            self.page("ticket")
            self.until("receipt printed", lambda: not s.ticket.get("printing"))
            self.shot("appointment-ticket")
        s.goHome()

        # The service guide in English, searched by pinyin initials.
        s.toggleLanguage()
        self.shot("home-en")
        s.openGuide()
        self.page("guide")
        s.searchGuide("sfz")
        self.shot("guide-search-en")
        if s.matters:
            s.openMatter(s.matters[0]["code"])
            self.page("matter")
            self.shot("matter-en")
        s.goHome()

        # The printer runs out of paper: the home screen says so, the ticket shows its QR code.
        self.sim("sim.set_printer", paper_end=True)
        self.until("printer down on screen", lambda: "receipt" in s.deviceNotices)
        self.shot("home-printer-out")
        s.startTakeNumber()
        self.page("categories")
        s.chooseCategory("general")
        self.page("identify")
        s.issueWithoutId()
        self.page("ticket")
        self.until("print refused", lambda: not s.ticket.get("printing"))
        self.shot("ticket-not-printed")
        self.sim("sim.set_printer", paper_end=False)
        self.until("printer back", lambda: "receipt" not in s.deviceNotices)

        # Left alone: the countdown, then home with nothing of the session left.
        s._start_countdown()
        self.shot("idle-countdown")
        s.goHome()

        # Technician mode behind the PIN.
        s.techRequest()
        self.page("techpin")
        self.shot("technician-pin")
        s.techEnter(self.tech_pin)
        self.page("tech")
        self.shot("technician")
        s.techLeave()
        self.page("home")

        # 进度查询 by the ID card, then 自助打印出证 of a ready document.
        self.load_sample_cases()
        s.desk.startProgress()
        self.page("progress")
        self.shot("progress")
        self.sim("sim.place_card", card="adult")
        self.page("cases")
        self.shot("cases")
        ready = [(c["number"], d["doc"]) for c in s.desk.cases for d in c["documents"] if d["printable"]]
        if ready:
            s.desk.choosePrint(*ready[0])
            self.page("certificate")
            self.shot("certificate-confirm")
            s.desk.confirmPrint()
            self.until("certificate printed", lambda: s.desk.certificate.get("step") not in ("confirm", "printing"))
            self.shot("certificate-printed")
            s.desk.backToCases()
            self.page("cases")
        done = [c["number"] for c in s.desk.cases if c["rateable"]]
        if done:
            s.desk.rateCase(done[0])
            self.page("rating")
            self.until("rating options", lambda: s.desk.rating.get("levels"))
            s.desk.chooseLevel(5)
            self.shot("rate-case")
        self.sim("sim.remove_card")
        s.goHome()

        # 进度查询 by the case-number QR of an acceptance receipt (no card: nothing to print here).
        self.sim("sim.present_code", text="HC1.SFQ2026110002")
        self.page("cases")
        self.shot("progress-by-qr")
        self.sim("sim.clear_code")
        s.goHome()

        # 好差评 by the receipt's QR: a served ticket, a dissatisfied level needs a reason.
        code = self.served_ticket_code()
        s.desk.startRating()
        self.page("rating")
        self.shot("rating-scan")
        self.sim("sim.present_code", text=code)
        self.until("ticket found", lambda: s.desk.rating.get("step") == "choose" and s.desk.rating.get("levels"))
        self.sim("sim.clear_code")
        s.desk.chooseLevel(2)
        self.shot("rating-reason")
        s.desk.chooseReason(s.desk.rating["reasons"][0]["code"])
        s.desk.submitRating()
        self.until("rated", lambda: s.desk.rating.get("step") == "done")
        self.shot("rating-thanks")
        s.goHome()
        return self.shots


def _wait_for_hall(server: str, devices: str, timeout_s: float) -> bool:
    """Wait until the hall server answers and the device host takes connections (the demo starts
    them together with this walk)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{server}{API}/health", timeout=2, trust_env=False).status_code == 200:
                DeviceClient(devices).close()
                return True
        except (httpx.HTTPError, DeviceHostUnavailable):
            pass
        time.sleep(0.5)
    return False


def _panel_size(text: str) -> tuple[int, int]:
    """A panel size as WIDTHxHEIGHT pixels, e.g. 1080x1920."""
    width, _, height = text.partition("x")
    return int(width), int(height)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="kiosk-walk", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--server", default="http://127.0.0.1:8000")
    p.add_argument("--devices", default=DEFAULT_DEVICES_URL)
    p.add_argument("--demo", action="store_true", help="the demo hall's kiosk token, admin and technician PIN")
    p.add_argument("--out", default="var/demo/screens", help="folder for the screenshots")
    p.add_argument("--panel", action="append", help="panel sizes to walk (default 1080x1920 and 1920x1080)")
    args = p.parse_args(argv)
    if not args.demo:
        p.error("only the demo hall can be walked (it books an appointment and prints receipts)")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    prepare_environment()
    app = QGuiApplication(sys.argv[:1])
    app.setFont(QFont("Noto Sans CJK SC", 16))
    out = pathlib.Path(args.out)
    if not _wait_for_hall(args.server, args.devices, 60):
        print("kiosk-walk: the hall server or the device host did not come up", file=sys.stderr)
        return 1
    sizes = [_panel_size(s) for s in (args.panel or ["1080x1920", "1920x1080"])]
    with tempfile.TemporaryDirectory(prefix="kiosk-walk-") as tmp, DeviceClient(args.devices) as devices:
        for size in sizes:
            config = KioskConfig(server_url=args.server, token=DEMO_TOKEN, devices_url=args.devices,
                                 store_path=pathlib.Path(tmp) / f"kiosk-{size[0]}x{size[1]}.db",
                                 tech_pin_hash=pin_hash(DEMO_TECH_PIN))
            kiosk = Kiosk(config, size)
            kiosk.start()
            kiosk.window.show()
            try:
                shots = Walk(kiosk, devices, args.server, DEMO_ADMIN, out).run()
            except WalkFailed as exc:
                print(f"kiosk-walk: {exc}", file=sys.stderr)
                return 1
            except KeyboardInterrupt:  # the demo stopping (Ctrl-C): its tickets are cancelled on the way out
                print("kiosk-walk: stopped", file=sys.stderr)
                return 130
            finally:
                kiosk.close()
            print(f"kiosk-walk: {len(shots)} screens of {size[0]}x{size[1]} in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
