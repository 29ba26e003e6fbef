"""Benchmark of the hall server over HTTP and WebSocket on loopback (not a test).

Starts `hall-server serve` as its own process on a fresh SQLite file, then measures
  * tickets/s and latency p50/p99 with 1, 4 and 16 concurrent kiosk clients, and duplicates;
  * one call's WebSocket delivery latency p50/p99 to 50 and 200 subscribers
    (from sending "call next" to each subscriber holding the event).
The last line printed is one JSON object with the figures.
"""
from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import pathlib
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid

import httpx
import websockets

ROOT = pathlib.Path(__file__).resolve().parents[1]
KIOSK = "demo-kiosk-01-3f9c2a7be14d"
DISPLAY = "demo-display-hall-5a7e90c2d418"
CATEGORIES = ["general", "tax", "social", "housing_fund", "pickup"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def start_server(workdir: pathlib.Path, digits: int | None = None) -> tuple[subprocess.Popen, str]:
    """`hall-server serve` on a fresh SQLite file with the sample hall, daily caps raised (and
    `digits` digits in ticket numbers, for runs that issue more than 999 a service)."""
    hall = (ROOT / "assets/halls/sample_district.toml").read_text(encoding="utf-8")
    import re
    hall = re.sub(r"daily_cap = \d+", "daily_cap = 99999", hall)
    if digits:
        hall = re.sub(r"number_digits = \d+", f"number_digits = {digits}", hall)
    hall_file = workdir / "hall.toml"
    hall_file.write_text(hall, encoding="utf-8")
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "hall_server.cli", "serve", "--port", str(port), "--db", str(workdir / "hall.db"),
         "--hall", str(hall_file), "--ignore-hours", "--log-level", "warning"], cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(f"{url}/api/v1/health", timeout=1).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or proc.poll() is not None:
            raise SystemExit("hall server did not start")
        time.sleep(0.1)


def issue_load(url: str, clients: int, per_client: int) -> tuple[float, list[float], list[str]]:
    latencies: list[float] = []
    numbers: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(clients + 1)

    host, port = url.removeprefix("http://").split(":")

    def worker(i: int) -> None:
        # The stdlib client on a kept-alive connection: a light load generator, so the figures are
        # the server's and not the client library's (this machine has 2 cores for both).
        mine_l, mine_n = [], []
        conn = http.client.HTTPConnection(host, int(port))
        barrier.wait()
        for n in range(per_client):
            body = json.dumps({"category": CATEGORIES[(i + n) % len(CATEGORIES)]})
            headers = {"Authorization": f"Bearer {KIOSK}", "Idempotency-Key": uuid.uuid4().hex,
                       "Content-Type": "application/json"}
            t0 = time.perf_counter()
            conn.request("POST", "/api/v1/tickets", body, headers)
            r = conn.getresponse()
            payload = r.read()
            mine_l.append((time.perf_counter() - t0) * 1000)
            if r.status != 201:
                raise SystemExit(f"ticket refused: {r.status} {payload[:200]!r}")
            mine_n.append(json.loads(payload)["ticket"]["number"])
        conn.close()
        with lock:
            latencies.extend(mine_l)
            numbers.extend(mine_n)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    barrier.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    return clients * per_client / elapsed, latencies, numbers


async def ws_latency(url: str, subscribers: int, calls: int) -> list[float]:
    """Per delivery: ms from sending call-next to a subscriber holding the ticket.called event."""
    ws_url = url.replace("http", "ws")
    async with httpx.AsyncClient(base_url=url) as http:
        login = await http.post("/api/v1/auth/login", json={"username": "w01", "pin": "110101", "window": "01"})
        staff = {"Authorization": f"Bearer {login.json()['token']}"}
        await http.post("/api/v1/windows/01/open", headers={**staff, "Idempotency-Key": uuid.uuid4().hex})
        seq = (await http.get("/api/v1/health")).json()["seq"]
        conns = [await websockets.connect(f"{ws_url}/api/v1/events/stream?after={seq}&token={DISPLAY}",
                                          max_size=2**20) for _ in range(subscribers)]
        delays: list[float] = []
        try:
            for _ in range(calls):
                await http.post("/api/v1/tickets", json={"category": "pickup"},
                                headers={"Authorization": f"Bearer {KIOSK}", "Idempotency-Key": uuid.uuid4().hex})

                async def until(ws, kind: str) -> float:
                    # 200 displays share this one client process: look for the event's type in the
                    # text (the stream's JSON is compact) rather than parse every message, so the
                    # figure is the server's delivery and not this process's queue of parsing.
                    marker = f'"type":"{kind}"'
                    while True:
                        if marker in await ws.recv():
                            return time.perf_counter()

                await asyncio.gather(*(until(ws, "ticket.issued") for ws in conns))
                t0 = time.perf_counter()
                call = asyncio.create_task(http.post("/api/v1/windows/01/call-next", json={},
                                                     headers={**staff, "Idempotency-Key": uuid.uuid4().hex}))
                got = await asyncio.gather(*(until(ws, "ticket.called") for ws in conns))
                r = await call
                delays.extend((g - t0) * 1000 for g in got)
                tid = r.json()["ticket"]["id"]
                for action in ("no-show",):
                    await http.post(f"/api/v1/windows/01/{action}", json={"ticket_id": tid},
                                    headers={**staff, "Idempotency-Key": uuid.uuid4().hex})
                await asyncio.gather(*(until(ws, "ticket.no_show") for ws in conns))
        finally:
            await asyncio.gather(*(ws.close() for ws in conns))
        return delays


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tickets", type=int, default=1600, help="tickets per concurrency level")
    parser.add_argument("--calls", type=int, default=30, help="calls per subscriber count")
    args = parser.parse_args()
    result: dict[str, float | int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        proc, url = start_server(pathlib.Path(tmp))
        try:
            issue_load(url, 4, 25)  # warm up
            all_numbers: list[str] = []
            print(f"{'clients':>8} {'tickets/s':>10} {'p50 ms':>8} {'p99 ms':>8}")
            for clients in (1, 4, 16):
                per = max(1, args.tickets // clients)
                rate, lat, numbers = issue_load(url, clients, per)
                all_numbers.extend(numbers)
                print(f"{clients:>8} {rate:>10.0f} {statistics.median(lat):>8.1f} {percentile(lat, 99):>8.1f}")
                result[f"tickets_per_s_c{clients}"] = round(rate, 1)
                result[f"ticket_p50_ms_c{clients}"] = round(statistics.median(lat), 2)
                result[f"ticket_p99_ms_c{clients}"] = round(percentile(lat, 99), 2)
            result["duplicates"] = len(all_numbers) - len(set(all_numbers))
            print(f"tickets issued: {len(all_numbers)}, duplicate numbers: {result['duplicates']}")
            for subs in (50, 200):
                delays = asyncio.run(ws_latency(url, subs, args.calls))
                p50, p99 = statistics.median(delays), percentile(delays, 99)
                print(f"call → {subs} subscribers: p50 {p50:.1f} ms, p99 {p99:.1f} ms ({len(delays)} deliveries)")
                result[f"ws_p50_ms_{subs}"] = round(p50, 2)
                result[f"ws_p99_ms_{subs}"] = round(p99, 2)
        finally:
            proc.terminate()
            proc.wait(timeout=20)
    result["cpu_count"] = os.cpu_count() or 0
    print(json.dumps(result))


if __name__ == "__main__":
    main()
