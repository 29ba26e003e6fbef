"""Benchmark: from "call next" pressed to the hall display showing the number (not a test).

Starts `hall-server serve` on a fresh SQLite file (as bench/queue_server.py does), the hall display
as its own process (`queue-display --windowed 1920x1080 --report-render`, offscreen), and 50 other
WebSocket subscribers of the event stream. Then, each time: a kiosk issues a ticket, window 01
presses "call next" (the clock is read just before the POST), and the display process prints
`rendered <number> <time.monotonic()>` once the frame showing that number has been swapped.
CLOCK_MONOTONIC is one clock for every process on Linux, so the two readings subtract.
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
from queue_server import DISPLAY, KIOSK, ROOT, percentile, start_server  # noqa: E402 - bench/ is no package

WINDOW = "01"
CATEGORY = "pickup"  # served at window 01


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
    args = parser.parse_args()
    delays: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        server, url = start_server(pathlib.Path(tmp))
        display = subscribers = None
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

            def one_call(record: bool) -> None:
                post("/tickets", kiosk, {"category": CATEGORY})
                t0 = time.monotonic()
                ticket = post(f"/windows/{WINDOW}/call-next", staff, {})["ticket"]
                shown = display.wait_for(ticket["number"])
                if record:
                    delays.append((shown - t0) * 1000)
                post(f"/windows/{WINDOW}/no-show", staff, {"ticket_id": ticket["id"]})

            for _ in range(3):  # the display connects, loads its fonts and draws its first frames
                one_call(record=False)
            for i in range(args.calls):
                one_call(record=True)
                time.sleep(0.05)
        finally:
            if display is not None:
                display.stop()
            if subscribers is not None:
                subscribers.stop()
            server.terminate()
            server.wait(timeout=20)
    p50, p99 = statistics.median(delays), percentile(delays, 99)
    print(f"call → display rendered, {len(delays)} calls, {args.subscribers} other subscribers: "
          f"p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {max(delays):.1f} ms")
    print(json.dumps({"call_to_render_p50_ms": round(p50, 2), "call_to_render_p99_ms": round(p99, 2),
                      "subscribers": args.subscribers, "calls": len(delays),
                      "call_to_render_max_ms": round(max(delays), 2)}))


if __name__ == "__main__":
    main()
