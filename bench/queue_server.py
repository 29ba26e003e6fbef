"""Benchmark of the hall server over HTTP and WebSocket on loopback (not a test).

Starts `hall-server serve` as its own process on a fresh SQLite file, then measures
  * tickets/s and latency p50/p99 with 1, 4 and 16 concurrent kiosk clients, counting only the
    tickets the server acknowledged (201 with a number); refusals (other 4xx) and server errors
    (5xx, broken connections) are counted apart;
  * duplicate numbers twice: among the acknowledged tickets, and in the database's tickets table
    (opened read-only after the load), where every acknowledged ticket must be (else `lost`);
  * one call's WebSocket delivery latency p50/p99 to 50 and 200 subscribers
    (from sending "call next" to each subscriber holding the event).
The last line printed is one JSON object with the figures.
"""
from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import dataclasses
import http.client
import json
import os
import pathlib
import re
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterable
from typing import IO, Any

import httpx
import websockets

ROOT = pathlib.Path(__file__).resolve().parents[1]
KIOSK = "demo-kiosk-01-3f9c2a7be14d"
DISPLAY = "demo-display-hall-5a7e90c2d418"
CATEGORIES = ["general", "tax", "social", "housing_fund", "pickup"]
HTTP_TIMEOUT_S = 30
GIVE_UP_AFTER = 20  # a load worker stops after this many broken connections in a row (the server is gone)
DELIVERY_TIMEOUT_S = 10  # an event a subscriber does not hold by then counts as missed


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def write_hall(workdir: pathlib.Path, digits: int | None = None) -> pathlib.Path:
    """The sample hall with daily caps raised (and `digits` digits in ticket numbers, for runs that
    issue more than 999 a service), written to workdir/hall.toml."""
    hall = (ROOT / "assets/halls/sample_district.toml").read_text(encoding="utf-8")
    hall = re.sub(r"daily_cap = \d+", "daily_cap = 99999", hall)
    if digits:
        hall = re.sub(r"number_digits = \d+", f"number_digits = {digits}", hall)
    hall_file = workdir / "hall.toml"
    hall_file.write_text(hall, encoding="utf-8")
    return hall_file


def serve(db: str, hall_file: pathlib.Path, log: IO[bytes] | None = None) -> tuple[subprocess.Popen, str]:
    """`hall-server serve` on a free loopback port (not waited for: see wait_healthy)."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "hall_server.cli", "serve", "--port", str(port), "--db", db,
         "--hall", str(hall_file), "--ignore-hours", "--log-level", "warning"], cwd=ROOT, stdout=log, stderr=log)
    return proc, f"http://127.0.0.1:{port}"


def wait_healthy(proc: subprocess.Popen, url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(f"{url}/api/v1/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or proc.poll() is not None:
            raise SystemExit(f"hall server at {url} did not start")
        time.sleep(0.1)


def start_server(workdir: pathlib.Path, digits: int | None = None) -> tuple[subprocess.Popen, str]:
    """`hall-server serve` on a fresh SQLite file (workdir/hall.db) with the sample hall of write_hall."""
    proc, url = serve(str(workdir / "hall.db"), write_hall(workdir, digits))
    wait_healthy(proc, url)
    return proc, url


@dataclasses.dataclass
class Load:
    rate: float  # acknowledged tickets/s
    latencies: list[float]  # ms, of the acknowledged tickets
    tickets: list[tuple[str, str]]  # (business_day, number) of each acknowledged ticket
    refused: int  # answers other than 201 below 500
    server_errors: int  # answers >= 500, broken connections, a 201 without a ticket number
    problems: collections.Counter[str]  # what went wrong, by kind
    stopped: list[str]  # workers that gave up, and why

    def describe_problems(self) -> str:
        text = ", ".join(f"{kind} ×{n}" for kind, n in self.problems.most_common(6))
        return text + "".join(f"; {why}" for why in self.stopped)


def issue_load(urls: list[str], clients: int, per_client: int) -> Load:
    """`clients` kiosk threads, client i on urls[i % len(urls)], each POSTing `per_client` tickets."""
    load = Load(0.0, [], [], 0, 0, collections.Counter(), [])
    lock = threading.Lock()
    barrier = threading.Barrier(clients + 1)

    def worker(i: int) -> None:
        # Signals go to the main thread, waiting in join below: a Ctrl-C stops the run at once.
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        host, port = urls[i % len(urls)].removeprefix("http://").split(":")
        # The stdlib client on a kept-alive connection: a light load generator, so the figures are
        # the server's and not the client library's (this machine has 2 cores for both).
        conn = http.client.HTTPConnection(host, int(port), timeout=HTTP_TIMEOUT_S)
        mine = Load(0.0, [], [], 0, 0, collections.Counter(), [])
        broken_in_a_row = 0
        barrier.wait()
        for n in range(per_client):
            body = json.dumps({"category": CATEGORIES[(i + n) % len(CATEGORIES)]})
            headers = {"Authorization": f"Bearer {KIOSK}", "Idempotency-Key": uuid.uuid4().hex,
                       "Content-Type": "application/json"}
            try:
                t0 = time.perf_counter()
                conn.request("POST", "/api/v1/tickets", body, headers)
                r = conn.getresponse()
                payload = r.read()
                ms = (time.perf_counter() - t0) * 1000
            except (OSError, http.client.HTTPException) as e:
                conn.close()  # the next request connects again
                mine.server_errors += 1
                mine.problems[type(e).__name__] += 1
                broken_in_a_row += 1
                if broken_in_a_row == GIVE_UP_AFTER:
                    mine.stopped.append(f"client {i} stopped after {GIVE_UP_AFTER} broken connections in a row "
                                        f"({per_client - n - 1} tickets not tried)")
                    break
                continue
            broken_in_a_row = 0
            if r.status == 201:
                try:
                    ticket = json.loads(payload)["ticket"]
                    mine.tickets.append((ticket["business_day"], ticket["number"]))
                    mine.latencies.append(ms)
                except (ValueError, KeyError, TypeError):
                    mine.server_errors += 1
                    mine.problems["201 without a ticket number"] += 1
            elif r.status >= 500:
                mine.server_errors += 1
                mine.problems[f"HTTP {r.status}"] += 1
            else:
                mine.refused += 1
                mine.problems[f"HTTP {r.status} {error_code(payload)}"] += 1
        conn.close()
        with lock:
            load.latencies.extend(mine.latencies)
            load.tickets.extend(mine.tickets)
            load.refused += mine.refused
            load.server_errors += mine.server_errors
            load.problems.update(mine.problems)
            load.stopped.extend(mine.stopped)

    # Daemons: a Ctrl-C in the main thread ends the run without waiting for the kiosks.
    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    barrier.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    load.rate = len(load.tickets) / (time.perf_counter() - t0)
    return load


def error_code(payload: bytes) -> str:
    try:
        return json.loads(payload)["error"]["code"]
    except (ValueError, KeyError, TypeError):
        return ""


def check_db(conn: Any, acknowledged: Iterable[tuple[str, str]]) -> tuple[int, int]:
    """(duplicates, lost) in the tickets table, on a DB-API connection with `execute` (sqlite3,
    psycopg): rows beyond the first per business day and number, and acknowledged tickets not there."""
    groups = conn.execute("SELECT business_day, number, COUNT(*) FROM tickets GROUP BY 1, 2 "
                          "HAVING COUNT(*) > 1").fetchall()
    stored = {(day, number) for day, number in conn.execute("SELECT business_day, number FROM tickets")}
    return sum(count - 1 for _, _, count in groups), len(set(acknowledged) - stored)


@dataclasses.dataclass
class Deliveries:
    delays: list[float]  # ms per subscriber and call; a missed ticket.called counts as DELIVERY_TIMEOUT_S
    calls: int  # calls measured
    missed: int  # events a subscriber did not hold within DELIVERY_TIMEOUT_S (the calls stop at the first)
    failed: list[str]  # issue / call-next / no-show requests that were not answered 2xx
    server_errors: int  # of those: answers >= 500 and no answer

    def describe(self) -> str:
        text = f"{self.calls} calls, {len(self.delays)} deliveries"
        if self.missed:
            text += f", {self.missed} events missed (after {DELIVERY_TIMEOUT_S} s; the calls stopped there)"
        if self.failed:
            text += f", {len(self.failed)} requests failed ({'; '.join(self.failed[:3])})"
        return text


async def ws_latency(api_url: str, ws_url: str, subscribers: int, calls: int) -> Deliveries:
    """Window 01 on api_url calls; `subscribers` stream subscribers on ws_url (the same server, or
    another one on the same database). Per delivery: ms from sending call-next to a subscriber
    holding that call's ticket.called event."""
    loop = asyncio.get_running_loop()
    result = Deliveries([], 0, 0, [], 0)
    async with httpx.AsyncClient(base_url=api_url, timeout=HTTP_TIMEOUT_S) as http:
        login = await http.post("/api/v1/auth/login", json={"username": "w01", "pin": "110101", "window": "01"})
        if login.status_code != 200:
            raise SystemExit(f"window staff login refused: {login.status_code} {login.text[:200]}")
        staff = {"Authorization": f"Bearer {login.json()['token']}"}
        opened = await http.post("/api/v1/windows/01/open", headers={**staff, "Idempotency-Key": uuid.uuid4().hex})
        if opened.status_code >= 300:
            raise SystemExit(f"window 01 not opened: {opened.status_code} {opened.text[:200]}")
        seq = (await http.get(f"{ws_url.replace('ws', 'http', 1)}/api/v1/health")).json()["seq"]
        conns = [await websockets.connect(f"{ws_url}/api/v1/events/stream?after={seq}&token={DISPLAY}",
                                          max_size=2**20) for _ in range(subscribers)]

        async def post(path: str, body: dict | None, headers: dict) -> httpx.Response | None:
            try:
                r = await http.post(path, json=body, headers={**headers, "Idempotency-Key": uuid.uuid4().hex})
            except httpx.HTTPError as e:
                result.failed.append(f"{path}: {type(e).__name__}")
                result.server_errors += 1
                return None
            if r.status_code >= 300:
                result.failed.append(f"{path}: {r.status_code} {error_code(r.content)}")
                result.server_errors += r.status_code >= 500
                return None
            return r

        async def until(ws, kind: str, ticket: asyncio.Future[int]) -> float:
            # 200 displays share this one client process: look for the event's type in the text
            # (the stream's JSON is compact) rather than parse every message, so the figure is the
            # server's delivery and not this process's queue of parsing. Only then check it is
            # this call's ticket, so an event from before (a late one, a replayed one) never counts.
            marker = f'"type":"{kind}"'
            while True:
                text = await ws.recv()
                if marker in text:
                    at = time.perf_counter()
                    wanted = f'"ticket":{{"id":{await ticket},'
                    if wanted in text:
                        return at

        def every(kind: str, ticket: asyncio.Future[int]) -> list[asyncio.Task]:
            return [asyncio.create_task(asyncio.wait_for(until(ws, kind, ticket), DELIVERY_TIMEOUT_S))
                    for ws in conns]

        async def held(waits: list[asyncio.Task]) -> list[float]:
            # Not held: timed out, or the subscriber's connection closed.
            got = [g for g in await asyncio.gather(*waits, return_exceptions=True) if isinstance(g, float)]
            result.missed += len(waits) - len(got)
            return got

        def known(ticket_id: int) -> asyncio.Future[int]:
            f = loop.create_future()
            f.set_result(ticket_id)
            return f

        try:
            for _ in range(calls):
                issued = await post("/api/v1/tickets", {"category": "pickup"}, {"Authorization": f"Bearer {KIOSK}"})
                if issued is None:
                    continue
                await held(every("ticket.issued", known(issued.json()["ticket"]["id"])))
                if result.missed:
                    break
                called_id: asyncio.Future[int] = loop.create_future()
                t0 = time.perf_counter()
                call = asyncio.create_task(post("/api/v1/windows/01/call-next", {}, staff))
                waits = every("ticket.called", called_id)
                r = await call
                if r is None:
                    for w in waits:
                        w.cancel()
                    await asyncio.gather(*waits, return_exceptions=True)
                    continue
                tid = r.json()["ticket"]["id"]
                called_id.set_result(tid)
                got = await held(waits)
                result.calls += 1
                result.delays.extend((g - t0) * 1000 for g in got)
                result.delays.extend([DELIVERY_TIMEOUT_S * 1000.0] * (len(conns) - len(got)))
                if result.missed:
                    break
                if await post("/api/v1/windows/01/no-show", {"ticket_id": tid}, staff) is not None:
                    await held(every("ticket.no_show", known(tid)))
                    if result.missed:
                        break
        finally:
            await asyncio.gather(*(ws.close() for ws in conns))
        return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tickets", type=int, default=1600, help="tickets per concurrency level")
    parser.add_argument("--calls", type=int, default=30, help="calls per subscriber count")
    args = parser.parse_args()
    result: dict[str, float | int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        proc, url = start_server(pathlib.Path(tmp))
        try:
            warm = issue_load([url], 4, 25)  # warm up
            tickets, server_errors = list(warm.tickets), warm.server_errors
            print(f"{'clients':>8} {'tickets/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'refused':>8} {'5xx/conn':>9}")
            for clients in (1, 4, 16):
                load = issue_load([url], clients, max(1, args.tickets // clients))
                if not load.latencies:
                    raise SystemExit(f"no ticket acknowledged with {clients} clients: {load.describe_problems()}")
                tickets.extend(load.tickets)
                server_errors += load.server_errors
                p50, p99 = statistics.median(load.latencies), percentile(load.latencies, 99)
                print(f"{clients:>8} {load.rate:>10.0f} {p50:>8.1f} {p99:>8.1f} {load.refused:>8} "
                      f"{load.server_errors:>9}")
                if load.problems:
                    print(f"{'':>8} {load.describe_problems()}")
                result[f"tickets_per_s_c{clients}"] = round(load.rate, 1)
                result[f"ticket_p50_ms_c{clients}"] = round(p50, 2)
                result[f"ticket_p99_ms_c{clients}"] = round(p99, 2)
            result["duplicates"] = len(tickets) - len(set(tickets))
            with contextlib.closing(sqlite3.connect(f"file:{pathlib.Path(tmp) / 'hall.db'}?mode=ro", uri=True)) as db:
                result["duplicates_db"], result["lost"] = check_db(db, tickets)
            result["server_errors"] = server_errors
            print(f"tickets acknowledged: {len(tickets)} (warm-up included), duplicate numbers: "
                  f"{result['duplicates']}, in the database: {result['duplicates_db']}, "
                  f"acknowledged but not in the database: {result['lost']}, server errors: {server_errors}")
            for subs in (50, 200):
                d = asyncio.run(ws_latency(url, url.replace("http", "ws", 1), subs, args.calls))
                if not d.delays:
                    raise SystemExit(f"no call delivered to {subs} subscribers: {d.describe()}")
                p50, p99 = statistics.median(d.delays), percentile(d.delays, 99)
                print(f"call → {subs} subscribers: p50 {p50:.1f} ms, p99 {p99:.1f} ms ({d.describe()})")
                result[f"ws_p50_ms_{subs}"] = round(p50, 2)
                result[f"ws_p99_ms_{subs}"] = round(p99, 2)
        finally:
            proc.terminate()
            proc.wait(timeout=20)
    result["cpu_count"] = os.cpu_count() or 0
    print(json.dumps(result))


if __name__ == "__main__":
    main()
