"""Benchmark: from "call next" pressed to the hall display and window 01's LED screen showing the number (not a test).

Starts `hall-server serve` on a fresh SQLite file (as bench/queue_server.py does), the hall display
as its own process (`queue-display --windowed 1920x1080 --report-render`, offscreen), and 50 other
WebSocket subscribers of the event stream. Then, each time: a kiosk issues a ticket, window 01
presses "call next" (the clock is read just before the POST), and the display process prints
`rendered <number> <time.monotonic()>` once the frame showing that number has been swapped.
CLOCK_MONOTONIC is one clock for every process on Linux, so the two readings subtract.

Unless --no-led: the real LED path too, each part its own process: `device-host --demo` (window
LED screens 01-03 simulated, the simulators taking the EQ text protocol over TCP) and `led-relay`
(hall server events -> the device host's `show_on_led`). The device host tells no one when a
screen changes, so a thread here asks it for window 01's simulator state (`sim.state`) every
2 ms while a call is awaited; the LED figures are taken when the answer shows the number, so they
include up to that polling interval plus one round trip to the device host (its median is printed).

The last line printed is one JSON object with the figures.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import pathlib
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid

import httpx
import websockets

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from queue_server import DISPLAY, KIOSK, ROOT, free_port, percentile, start_server

from devices.client import DeviceClient

WINDOW = "01"
CATEGORY = "pickup"  # served at window 01
LED_POLL_S = 0.002


class DisplayProcess:
    """queue-display in its own process; its `rendered` lines arrive on a queue."""

    def __init__(self, url: str):
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "queue_display.display", "--server", url, "--token", DISPLAY,
             "--windowed", "1920x1080", "--report-render", "--log-level", "warning"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, bufsize=1)
        self.rendered: queue.Queue[tuple[str, float]] = queue.Queue()
        self.live = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            parts = line.split()
            if len(parts) == 3 and parts[0] == "rendered":
                self.rendered.put((parts[1], float(parts[2])))
            elif len(parts) == 3 and parts[0] == "link":
                if parts[1] == "live":
                    self.live.set()
                else:
                    self.live.clear()

    def wait_for(self, number: str, timeout: float = 10.0) -> float:
        """The monotonic time the display reported for `number` (earlier reports are skipped)."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or self.proc.poll() is not None:
                raise SystemExit(f"the display did not show {number}")
            try:
                shown, at = self.rendered.get(timeout=left)
            except queue.Empty:
                continue
            if shown == number:
                return at

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


class LedPath:
    """`device-host --demo` and `led-relay`, each its own process, and a poller of window 01's simulated screen."""

    def __init__(self, url: str):
        self.procs: list[subprocess.Popen] = []
        try:
            self.host_url = self._start_host()
            self.relay = subprocess.Popen(
                [sys.executable, "-m", "queue_display.led_relay", "--server", url, "--token", DISPLAY,
                 "--device-host", self.host_url, "--log-level", "warning"], cwd=ROOT)
            self.procs.insert(0, self.relay)
            self.devices = DeviceClient(self.host_url, timeout=10)
        except BaseException:
            self._end_processes()
            raise
        self._wanted: str | None = None
        self._armed = threading.Condition()
        self._seen: queue.Queue[tuple[str, float]] = queue.Queue()
        self._stopping = False
        self.failure: BaseException | None = None
        self.round_trips: list[float] = []  # of each poll, to say how much they add
        self._thread = threading.Thread(target=self._poll, name="led-poll", daemon=True)
        self._thread.start()

    def _start_host(self) -> str:
        host = subprocess.Popen(
            [sys.executable, "-m", "devices.host", "--demo", "--listen", f"127.0.0.1:{free_port()}"],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.procs.append(host)
        for line in host.stdout:
            if "listening on" in line:
                threading.Thread(target=host.stdout.read, daemon=True).start()  # keep the pipe drained
                return line.rsplit(" ", 1)[1].strip()
        raise SystemExit("device host did not start")

    def _end_processes(self) -> None:
        for proc in self.procs:  # the relay before the host it drives
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()

    def shown(self) -> str:
        """The first line window 01's simulated screen shows now."""
        lines = self.devices.call("sim.state", device=f"window_led.{WINDOW}")["lines"]
        return lines[0]["text"] if lines else ""

    def _poll(self) -> None:
        try:
            self._poll_calls()
        except Exception as exc:  # noqa: BLE001 - reported by wait_for in the main thread
            self.failure = exc
            self._seen.put(("", time.monotonic()))

    def _poll_calls(self) -> None:
        while True:
            with self._armed:
                while self._wanted is None and not self._stopping:
                    self._armed.wait()
                if self._stopping:
                    return
                wanted = self._wanted
            asked = time.monotonic()
            now_shown = self.shown()
            self.round_trips.append(time.monotonic() - asked)
            if now_shown == wanted:
                at = time.monotonic()  # the reply's arrival: the screen changed before it
                with self._armed:
                    if self._wanted == wanted:
                        self._wanted = None
                self._seen.put((wanted, at))
            else:
                time.sleep(LED_POLL_S)

    def watch(self, number: str) -> None:
        """Start polling for `number`, before the call that should show it is made."""
        with self._armed:
            self._wanted = number
            self._armed.notify()

    def wait_for(self, number: str, timeout: float = 10.0) -> float:
        """The monotonic time the poller saw `number` on window 01's screen."""
        try:
            shown, at = self._seen.get(timeout=timeout)
        except queue.Empty:
            raise SystemExit(f"window {WINDOW}'s LED screen did not show {number}: it shows {self.shown()!r}") from None
        if shown != number:
            raise SystemExit(f"polling window {WINDOW}'s LED screen failed: {self.failure!r}")
        return at

    def wait_ready(self, timeout: float = 30.0) -> None:
        """Wait until the relay has drawn window 01's screen (the window is open: it greets)."""
        deadline = time.monotonic() + timeout
        while not self.shown():
            if time.monotonic() > deadline or self.relay.poll() is not None:
                raise SystemExit("the LED relay did not draw window 01's screen")
            time.sleep(0.1)

    def stop(self) -> None:
        with self._armed:
            self._stopping = True
            self._armed.notify()
        self._thread.join(timeout=10)
        self.devices.close()
        self._end_processes()


class Subscribers:
    """Other clients of the event stream (displays, terminals, phones), each reading every event."""

    def __init__(self, url: str, count: int):
        self.url = url.replace("http", "ws", 1)
        self.count = count
        self.received = 0
        self.ready = threading.Event()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_until_complete, args=(self._run(),), daemon=True)
        self.stopping: asyncio.Event | None = None
        self.thread.start()
        if not self.ready.wait(30):
            raise SystemExit("subscribers did not connect")

    async def _run(self) -> None:
        self.stopping = asyncio.Event()
        conns = [await websockets.connect(f"{self.url}/api/v1/events/stream?after=0&token={DISPLAY}")
                 for _ in range(self.count)]
        readers = [asyncio.create_task(self._read(ws)) for ws in conns]
        self.ready.set()
        await self.stopping.wait()
        for task in readers:
            task.cancel()
        await asyncio.gather(*(ws.close() for ws in conns), return_exceptions=True)

    async def _read(self, ws) -> None:
        async for _message in ws:
            self.received += 1

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.stopping.set)
        self.thread.join(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--subscribers", type=int, default=50)
    parser.add_argument("--no-led", action="store_true", help="without the device host and the LED relay")
    args = parser.parse_args()
    delays: list[float] = []
    led_delays: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        server, url = start_server(pathlib.Path(tmp))
        display = subscribers = led = None
        try:
            http = httpx.Client(base_url=f"{url}/api/v1", timeout=30)
            kiosk = {"Authorization": f"Bearer {KIOSK}"}
            login = http.post("/auth/login", json={"username": "w01", "pin": "110101", "window": WINDOW})
            staff = {"Authorization": f"Bearer {login.json()['token']}"}

            def post(path: str, headers: dict, body: dict | None = None) -> dict:
                r = http.post(path, json=body, headers={**headers, "Idempotency-Key": uuid.uuid4().hex})
                if r.status_code not in (200, 201):
                    raise SystemExit(f"{path}: {r.status_code} {r.text[:200]}")
                return r.json()

            post(f"/windows/{WINDOW}/open", staff)
            subscribers = Subscribers(url, args.subscribers)
            display = DisplayProcess(url)
            if not display.live.wait(60):
                raise SystemExit("the display did not connect")
            if not args.no_led:
                led = LedPath(url)
                led.wait_ready()

            def one_call(record: bool) -> None:
                number = post("/tickets", kiosk, {"category": CATEGORY})["ticket"]["number"]
                if led is not None:
                    led.watch(number)
                t0 = time.monotonic()
                ticket = post(f"/windows/{WINDOW}/call-next", staff, {})["ticket"]
                if ticket["number"] != number:
                    raise SystemExit(f"window {WINDOW} called {ticket['number']}, not the ticket just issued {number}")
                shown = display.wait_for(number)
                on_led = led.wait_for(number) if led is not None else None
                if record:
                    delays.append((shown - t0) * 1000)
                    if on_led is not None:
                        led_delays.append((on_led - t0) * 1000)
                post(f"/windows/{WINDOW}/no-show", staff, {"ticket_id": ticket["id"]})

            for _ in range(3):  # the display connects, loads its fonts and draws its first frames
                one_call(record=False)
            for _ in range(args.calls):
                one_call(record=True)
                time.sleep(0.05)
        finally:
            if led is not None:
                led.stop()
                round_trips = led.round_trips
            if display is not None:
                display.stop()
            if subscribers is not None:
                subscribers.stop()
            server.terminate()
            server.wait(timeout=20)
    p50, p99 = statistics.median(delays), percentile(delays, 99)
    print(f"call → display rendered, {len(delays)} calls, {args.subscribers} other subscribers: "
          f"p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {max(delays):.1f} ms")
    figures = {"call_to_render_p50_ms": round(p50, 2), "call_to_render_p99_ms": round(p99, 2),
               "subscribers": args.subscribers, "calls": len(delays),
               "call_to_render_max_ms": round(max(delays), 2)}
    if led_delays:
        led_p50, led_p99 = statistics.median(led_delays), percentile(led_delays, 99)
        print(f"call → window {WINDOW} LED simulator shows it, {len(led_delays)} calls: p50 {led_p50:.1f} ms, "
              f"p99 {led_p99:.1f} ms, max {max(led_delays):.1f} ms (polled every {LED_POLL_S * 1000:.0f} ms, "
              f"a poll's round trip p50 {statistics.median(round_trips) * 1000:.2f} ms)")
        figures.update(call_to_led_p50_ms=round(led_p50, 2), call_to_led_p99_ms=round(led_p99, 2),
                       call_to_led_max_ms=round(max(led_delays), 2))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
