"""Benchmark of several hall server instances sharing one PostgreSQL database (not a test).

Starts a throw-away PostgreSQL cluster on loopback (Debian's postgresql, as the PostgreSQL tests do),
then for each number of instances N (1, 2, 4) a fresh database and N `hall-server serve`
processes on it, and measures
  * tickets/s with 16 kiosk clients spread over the instances (client i on instance i % N),
    counting only the tickets the server acknowledged (201 with a number), after a warm-up;
  * from the database after the load: duplicate numbers (rows beyond the first per business day
    and number), and `lost` tickets (acknowledged, warm-up included, but not in the tickets table);
    `server_errors` are answers >= 500 and broken connections, in any phase;
  * with N >= 2, the cross-instance call latency: window 01 calls on instance 1, 50 stream
    subscribers listen on instance 2; ms from sending "call next" to each subscriber holding
    that call's ticket.called event (one missed by 10 s counts as 10 s, and the calls stop there).
The last line printed is one JSON object with the figures; the call latency is the N=2 run's.
"""
from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import pathlib
import signal
import statistics
import subprocess
import sys
import tempfile

import psycopg

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "tests"))
from pgsupport import postgres_cluster
from queue_server import (Deliveries, Load, check_db, issue_load, percentile, serve,
                          wait_healthy, write_hall, ws_latency)

CLIENTS = 16
SUBSCRIBERS = 50


@dataclasses.dataclass
class Run:
    instances: int
    load: Load
    duplicates: int
    lost: int
    server_errors: int
    tracebacks: int  # in the servers' logs
    calls: Deliveries | None


def run(cluster: str, n: int, workdir: pathlib.Path, tickets: int, calls: int) -> Run:
    """N instances on a fresh database: the load, the database's check, the cross-instance calls."""
    name = f"hall_i{n}"
    with psycopg.connect(f"postgresql://hall@{cluster}/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    db = f"postgresql+psycopg://hall@{cluster}/{name}"
    workdir.mkdir()
    hall_file = write_hall(workdir, digits=4)
    servers: list[tuple[subprocess.Popen, str]] = []
    logs = [workdir / f"server{k}.log" for k in range(n)]

    def start(k: int) -> None:
        with logs[k].open("wb") as log:
            servers.append(serve(db, hall_file, log))

    def healthy(k: int) -> None:
        try:
            wait_healthy(*servers[k])
        except SystemExit:
            raise SystemExit(f"instance {k + 1} of {n} did not start; its log ends:\n"
                             + "".join(logs[k].read_text(errors="replace").splitlines(True)[-20:])) from None

    try:
        start(0)  # the first one migrates the new database alone
        healthy(0)
        for k in range(1, n):
            start(k)
        for k in range(1, n):
            healthy(k)
        urls = [url for _, url in servers]
        warm = issue_load(urls, CLIENTS, 2)
        load = issue_load(urls, CLIENTS, max(1, tickets // CLIENTS))
        with psycopg.connect(f"postgresql://hall@{cluster}/{name}") as conn:
            duplicates, lost = check_db(conn, warm.tickets + load.tickets)
        deliveries = None
        if n >= 2 and calls:
            deliveries = asyncio.run(ws_latency(urls[0], urls[1].replace("http", "ws", 1), SUBSCRIBERS, calls))
        server_errors = warm.server_errors + load.server_errors + (deliveries.server_errors if deliveries else 0)
    finally:
        for proc, _ in servers:
            proc.terminate()
        for proc, _ in servers:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    tracebacks = sum(log.read_text(errors="replace").count("Traceback (most recent call last)") for log in logs)
    return Run(n, load, duplicates, lost, server_errors, tracebacks, deliveries)


def row(r: Run) -> str:
    lat, d = r.load.latencies, r.calls
    p50, p99 = (f"{statistics.median(lat):.1f}", f"{percentile(lat, 99):.1f}") if lat else ("-", "-")
    c50, c99 = (f"{statistics.median(d.delays):.1f}", f"{percentile(d.delays, 99):.1f}") if d and d.delays \
        else ("-", "-")
    lines = [f"{r.instances:>9} {r.load.rate:>10.0f} {p50:>8} {p99:>8} {r.load.refused:>8} {r.server_errors:>9} "
             f"{r.duplicates:>9} {r.lost:>5} {c50:>9} {c99:>9}"]
    if r.load.problems:
        lines.append(f"{'':>9} load (warm-up aside): {r.load.describe_problems()}")
    if d:
        lines.append(f"{'':>9} calls → {SUBSCRIBERS} subscribers on another instance: {d.describe()}")
    if r.tracebacks:
        lines.append(f"{'':>9} server logs: {r.tracebacks} tracebacks")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tickets", type=int, default=3200, help="tickets per run, over the 16 clients")
    parser.add_argument("--calls", type=int, default=100, help="cross-instance calls per run with N >= 2")
    parser.add_argument("--instances", default="1,2,4", help="numbers of instances, comma-separated")
    args = parser.parse_args()
    counts = list(dict.fromkeys(int(n) for n in args.instances.split(",")))
    # A plain `kill` ends the run through the same clean-up as Ctrl-C and errors.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    runs: list[Run] = []
    print(f"{'instances':>9} {'tickets/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'refused':>8} {'5xx/conn':>9} "
          f"{'dup (db)':>9} {'lost':>5} {'call p50':>9} {'call p99':>9}", flush=True)
    with postgres_cluster() as cluster, tempfile.TemporaryDirectory() as tmp:
        for n in counts:
            runs.append(run(cluster, n, pathlib.Path(tmp) / f"i{n}", args.tickets, args.calls))
            print(row(runs[-1]), flush=True)
    result: dict[str, float | int | None] = {f"tickets_per_s_i{r.instances}": round(r.load.rate, 1) for r in runs}
    result["duplicates"] = sum(r.duplicates for r in runs)
    result["server_errors"] = sum(r.server_errors for r in runs)
    result["lost"] = sum(r.lost for r in runs)
    called = [r.calls for r in runs if r.calls and r.instances == 2] or [r.calls for r in runs if r.calls]
    result["cross_instance_call_p99_ms"] = round(percentile(called[0].delays, 99), 2) \
        if called and called[0].delays else None
    print(json.dumps(result))


if __name__ == "__main__":
    main()
