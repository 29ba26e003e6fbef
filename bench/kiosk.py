"""Benchmark: the kiosk's cold start, take-a-number latency to the printer, and memory over sessions
(not a test).

- Starts `hall-server serve` on a fresh SQLite file (daily caps raised) and `device-host --demo`
  (every device simulated: the receipt printer is the ESC/POS sink on a loopback port), each as its
  own process, as in a hall.
- cold start: `kiosk --report-ready` as a new process, offscreen, until the home screen's first
  frame is on screen (median of 3 starts).
- ticket: in this process, a kiosk with a card on the reader; the clock starts at the tap on the
  service and stops when the printer simulator has received the whole receipt (the cut); 100 runs.
- memory: whole citizen sessions (card read → services → tap → ticket printed → home, which wipes
  the session), RSS of this process after 1,000 and after 10,000 of them. The hall manager
  cancels the waiting tickets now and then, as citizens who leave, so the hall's queue stays hall-sized.

The last line printed is one JSON object with the figures.
"""
from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import httpx
import psutil

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# This file is bench/kiosk.py: with bench/ first on the path, "kiosk" would be this file, not the app.
HERE = pathlib.Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if pathlib.Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))
_spec = importlib.util.spec_from_file_location("queue_server", HERE / "queue_server.py")
queue_server = importlib.util.module_from_spec(_spec)
sys.modules["queue_server"] = queue_server  # its dataclasses look their module up while it loads
_spec.loader.exec_module(queue_server)
KIOSK, ROOT = queue_server.KIOSK, queue_server.ROOT
free_port, percentile = queue_server.free_port, queue_server.percentile
start_server = queue_server.start_server

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtGui import QFont, QGuiApplication

from devices.client import DeviceClient
from hall_server.idnumber import check_digit
from kiosk.app import Kiosk, prepare_environment
from kiosk.config import KioskConfig

ADMIN_PIN = "860301"  # the demo hall's manager (assets/halls/sample_district.toml)


def start_devices() -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "devices.host", "--demo", "--listen", f"127.0.0.1:{port}"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    for line in proc.stdout:
        if "listening on" in line:
            threading.Thread(target=proc.stdout.read, daemon=True).start()  # keep the pipe drained
            return proc, line.rsplit(" ", 1)[1].strip()
    raise SystemExit("device host did not start")


def cold_start(server: str, devices: str, workdir: pathlib.Path, runs: int = 3) -> list[float]:
    times = []
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    for n in range(runs):
        t0 = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-m", "kiosk.app", "--server", server, "--token", KIOSK, "--devices", devices,
             "--store", str(workdir / f"cold-{n}.db"), "--windowed", "--report-ready", "--log-level", "warning"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
        for line in proc.stdout:
            if line.startswith("ready "):
                times.append(float(line.split()[1]) - t0)
                break
        proc.terminate()
        proc.wait(20)
    return times


def card(n: int) -> dict:
    """A sample card read, as the device host sends it; a different citizen each time."""
    first17 = "110105" + f"{1950 + n // 1000 % 50}0101" + f"{n % 1000:03d}"
    number = first17 + check_digit(first17)
    return {"id_number": number, "name": "测试市民", "masked_name": "测*民", "birth_date": f"{first17[6:10]}-01-01",
            "card_type": "mainland"}


class Driver:
    """Drives one kiosk in this process as a citizen would."""

    def __init__(self, kiosk: Kiosk, devices: DeviceClient):
        self.kiosk = kiosk
        self.state = kiosk.state
        self.devices = devices
        self.citizens = 0  # every session a different ID card (one waiting ticket per card per service)
        self._loop = QEventLoop()
        self._wake = QTimer(singleShot=True, interval=1)
        self._wake.timeout.connect(self._loop.quit)

    def pump_until(self, check, timeout: float = 10.0) -> None:
        """Run Qt's event loop until check() holds. A real loop, not processEvents(): objects the
        QML drops are deleted later *by the loop*, and without one they would pile up as a leak."""
        deadline = time.monotonic() + timeout
        while not check():
            if time.monotonic() > deadline:
                raise SystemExit(f"kiosk stuck on page {self.state.page} {self.state.refusal}")
            self._wake.start()
            self._loop.exec()

    def receipts(self) -> int:
        return int(self.devices.call("sim.state", device="receipt")["receipts"])

    def session(self, category: str, timed: bool = False) -> float:
        """One citizen: card, services, one tap, printed ticket, home. Returns tap → receipt seconds."""
        s = self.state
        self.citizens += 1
        self.kiosk.devices.cardRead.emit(card(self.citizens))
        self.pump_until(lambda: s.page == "categories")
        before = self.receipts() if timed else 0
        t0 = time.perf_counter()
        s.chooseCategory(category)
        if timed:
            self.pump_until(lambda: self.receipts() > before)
            elapsed = time.perf_counter() - t0
        else:
            self.pump_until(lambda: s.page == "ticket" and not s.ticket.get("printing"))
            elapsed = time.perf_counter() - t0
        if s.page != "ticket":
            raise SystemExit(f"session {self.citizens}: no ticket ({s.refusal})")
        self.pump_until(lambda: not s.ticket.get("printing"))
        s.goHome()
        return elapsed


def cancel_waiting(server: str) -> None:
    """Citizens who leave: keeps the hall's queue the size of a real one."""
    with httpx.Client(base_url=server, timeout=30, trust_env=False) as http:
        login = http.post("/api/v1/auth/login", json={"username": "admin", "pin": ADMIN_PIN}).json()
        http.headers["Authorization"] = f"Bearer {login['token']}"
        # Only the waiting ones: the day's whole list grows with every session, and reading it here
        # would make this process's own memory grow, which is not the kiosk's.
        for t in http.get("/api/v1/tickets", params={"state": "waiting"}).json()["tickets"]:
            http.post(f"/api/v1/tickets/{t['id']}/cancel", json={},
                      headers={"Idempotency-Key": os.urandom(12).hex()})


def rss_mb() -> float:
    gc.collect()
    return psutil.Process().memory_info().rss / 2 ** 20


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", type=int, default=100, help="timed take-a-number runs")
    p.add_argument("--sessions", type=int, default=10_000, help="sessions for the memory figure")
    p.add_argument("--rss-every", type=int, default=0, help="also print RSS every this many sessions")
    args = p.parse_args()
    categories = ["general", "social", "housing_fund", "pickup", "tax"]
    with tempfile.TemporaryDirectory(prefix="bench-kiosk-") as tmp:
        workdir = pathlib.Path(tmp)
        server_proc, server = start_server(workdir, digits=5)
        devices_proc, devices_url = start_devices()
        try:
            starts = cold_start(server, devices_url, workdir)
            print(f"cold start to home screen: {', '.join(f'{t:.2f}' for t in starts)} s", flush=True)

            prepare_environment()
            app = QGuiApplication(sys.argv[:1])
            app.setFont(QFont("Noto Sans CJK SC", 16))
            config = KioskConfig(server_url=server, token=KIOSK, devices_url=devices_url,
                                 store_path=workdir / "kiosk.db")
            kiosk = Kiosk(config)
            kiosk.start()
            kiosk.window.show()
            with DeviceClient(devices_url) as devices:
                driver = Driver(kiosk, devices)
                driver.pump_until(lambda: kiosk.state.groups and kiosk.state.deviceHealth.get("receipt", {})
                                  .get("state") == "ok", 30)
                for _ in range(5):  # warm-up: first paint of each screen, first connection
                    driver.session("general")
                timings = []
                for n in range(args.runs):
                    timings.append(driver.session(categories[n % len(categories)], timed=True))
                    if n % 50 == 49:
                        cancel_waiting(server)
                ms = [t * 1000 for t in timings]
                print(f"tap → receipt received: p50 {statistics.median(ms):.1f} ms, p99 {percentile(ms, 99):.1f} ms "
                      f"over {len(ms)} runs", flush=True)
                rss = {}
                print(f"RSS before the sessions: {rss_mb():.1f} MB", flush=True)
                started = time.monotonic()
                for n in range(args.sessions):
                    driver.session(categories[n % len(categories)])
                    if n % 200 == 199:
                        cancel_waiting(server)
                    if args.rss_every and (n + 1) % args.rss_every == 0:
                        print(f"  RSS after {n + 1}: {rss_mb():.1f} MB", flush=True)
                    if n + 1 in (1_000, args.sessions):
                        rss[n + 1] = rss_mb()
                        print(f"RSS after {n + 1} sessions: {rss[n + 1]:.1f} MB "
                              f"({time.monotonic() - started:.0f} s)", flush=True)
            kiosk.close()
        finally:
            for proc in (devices_proc, server_proc):
                proc.terminate()
                proc.wait(20)
    figures = {
        "cold_start_s": round(statistics.median(starts), 2),
        "ticket_p50_ms": round(statistics.median(ms), 1),
        "ticket_p99_ms": round(percentile(ms, 99), 1),
        "rss_mb_1k": round(rss.get(1_000, 0.0), 1),
        "rss_mb_10k": round(rss.get(args.sessions, 0.0), 1),
    }
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
