"""Benchmark of the hall network's centre (not a test): a synthetic city of 200 halls into PostgreSQL.

The city: 1 large hall, 15 district halls and 184 street halls, about 100,000 tickets and a
million events a day at --scale 1 (ten events a ticket: issued, called, recalled, serving,
transferred, called, serving, done, rating requested, rating given). The halls are synthetic:
one separate process serves every hall's event log in the hall server's wire format over HTTP
(GET /events pages and the WebSocket stream, behind the centre token), so what is measured is
the centre, not 200 hall servers. The centre is the real `hall-centre serve` process on a
throw-away PostgreSQL cluster (Debian's postgresql, as the tests use).

Phases and figures:
  ingest_events_per_s  the centre starts empty and follows 199 halls' busy day (the large hall is
                       away): events stored ÷ seconds until every cursor is at its hall's end.
  catch_up_day_s       the large hall (its busy day) comes back: seconds until the centre has it all.
  lag_p99_ms           live load (--live-rate events/s spread over the city through the streams):
                       the event's time at the hall → the moment a poll of the centre's database
                       (every 50 ms) sees it; p99.
  stats_year_s         a year of the city's tickets (≥ 20 million at --scale 1, written by SQL
                       straight into `tickets`, not through the follower; their daily rollup made
                       once, rollup_year_s, as the running centre does minute by minute) answered
                       per hall per month, today's 200 hall-days recomputed first; median of 3.
Every event stored is checked once: count(*) = count(distinct (hall, seq)) = what the halls served.
The last line printed is one JSON object with the figures.
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import pathlib
import random
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

TOKEN = "bench-centre-token-7d1f0c"
DAY = dt.date(2026, 12, 4)
OPENS = dt.datetime(2026, 12, 4, 0, 30, tzinfo=dt.UTC)  # 08:30 in Shanghai
STEPS = ("ticket.issued", "ticket.called", "ticket.recalled", "ticket.serving", "ticket.transferred",
         "ticket.called", "ticket.serving", "ticket.done", "rating.requested", "rating.given")


def city(scale: float) -> list[tuple[str, str, int]]:
    """(code, level, tickets a day) of every hall: ≈ 100,000 tickets a day at scale 1."""
    halls = [("LARGE-01", "district", round(8000 * scale))]
    halls += [(f"DIST-{i:02}", "district", round(2500 * scale)) for i in range(1, 16)]
    halls += [(f"STRT-{i:03}", "street", round(300 * scale)) for i in range(1, 185)]
    return [(c, lv, max(n, 1)) for c, lv, n in halls]


# --- the synthetic halls: every hall's event log in the wire format --------------------------------

def event_text(hall_tickets: int, seq: int, at: dt.datetime | None = None) -> str:
    """Event `seq` of a hall with `hall_tickets` tickets in its day; a live event gets its time `at`."""
    i, step = divmod(seq - 1, len(STEPS))
    kind = STEPS[step]
    issued = OPENS + dt.timedelta(seconds=i * 8 * 3600 / hall_tickets)
    when = at or issued + dt.timedelta(seconds=60 * step)
    window = f"{1 + i % 16:02}"
    w = {"code": window, "name": f"{int(window)}号窗口", "name_en": f"Window {int(window)}", "area": "一楼"}
    if kind.startswith("rating."):
        data = {"ticket_id": i + 1, "number": f"A{i + 1:04}", "window": window, "category": "general",
                "masked_name": "张*三"} | ({"score": 5, "reasons": []} if kind == "rating.given" else {})
    else:
        state = {"ticket.issued": "waiting", "ticket.transferred": "waiting", "ticket.serving": "serving",
                 "ticket.done": "done"}.get(kind, "called")
        called = None if step == 0 else (issued + dt.timedelta(seconds=60)).isoformat()
        ticket = {"id": i + 1, "number": f"A{i + 1:04}", "category": "general", "state": state,
                  "business_day": DAY.isoformat(), "issued_at": issued.isoformat(), "queued_at": issued.isoformat(),
                  "called_at": called, "window": None if state == "waiting" else window, "target_window": None,
                  "recall_count": 1 if 2 <= step else 0, "green_channel": False, "appointment": False,
                  "masked_name": "张*三", "transfers": 1 if step >= 4 else 0, "reason": None}
        data = {"ticket": ticket, "window": None if step == 0 else w}
    return json.dumps({"seq": seq, "type": kind, "at": when.isoformat(), "data": data}, ensure_ascii=False)


def serve_halls(port: int, scale: float) -> None:
    """The synthetic halls' process: /h/{code}/api/v1/events and …/events/stream, plus /control."""
    import uvicorn
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route, WebSocketRoute
    from starlette.websockets import WebSocket, WebSocketDisconnect

    sizes = {c: n for c, _, n in city(scale)}
    last = {c: n * len(STEPS) for c, n in sizes.items()}
    live_at: dict[tuple[str, int], dt.datetime] = {}
    away = {"LARGE-01"}
    waiters: dict[str, set[asyncio.Event]] = {c: set() for c in sizes}

    def text(code: str, seq: int) -> str:
        return event_text(sizes[code], seq, live_at.get((code, seq)))

    def allowed(header: str | None, query: str | None = None) -> bool:
        return header == f"Bearer {TOKEN}" or query == TOKEN

    async def events(request: Request) -> Response:
        code = request.path_params["code"]
        if code in away:
            return Response(status_code=503)
        if not allowed(request.headers.get("authorization")):
            return JSONResponse({"error": {"code": "unauthorized"}}, status_code=401)
        after, limit = int(request.query_params.get("after", 0)), int(request.query_params.get("limit", 500))
        upto = min(last[code], after + limit)
        body = ",".join(text(code, s) for s in range(after + 1, upto + 1))
        return Response(f'{{"events":[{body}],"last_seq":{max(after, upto)}}}', media_type="application/json")

    async def stream(ws: WebSocket) -> None:
        code = ws.path_params["code"]
        await ws.accept()
        if code in away or not allowed(ws.headers.get("authorization"), ws.query_params.get("token")):
            await ws.close(code=4401)
            return
        sent = int(ws.query_params.get("after", 0))
        wake = asyncio.Event()
        waiters[code].add(wake)
        try:
            while True:
                while sent < last[code]:
                    sent += 1
                    await ws.send_text(text(code, sent))
                wake.clear()
                try:
                    await asyncio.wait_for(wake.wait(), 10)
                except TimeoutError:
                    await ws.send_text(json.dumps({"type": "heartbeat", "seq": sent}))
        except (WebSocketDisconnect, RuntimeError):
            return
        finally:
            waiters[code].discard(wake)

    async def control(request: Request) -> Response:
        what = request.query_params
        if "back" in what:
            away.discard(what["back"])
        if "live" in what:
            rate = float(what["live"])
            app.state.live = asyncio.get_running_loop().create_task(live(rate, float(what.get("seconds", 30))))
        if "done" in what:
            return JSONResponse({"done": app.state.live.done() if getattr(app.state, "live", None) else True})
        return JSONResponse({"last": last})

    async def live(rate: float, seconds: float) -> None:
        """New events at `rate` a second over the city, the busiest halls getting the most."""
        rng = random.Random(3)
        codes, weights = list(sizes), list(sizes.values())
        end = time.monotonic() + seconds
        tick = 0.01
        owed = 0.0
        while time.monotonic() < end:
            await asyncio.sleep(tick)
            owed += rate * tick
            while owed >= 1:
                owed -= 1
                code = rng.choices(codes, weights)[0]
                last[code] += 1
                live_at[(code, last[code])] = dt.datetime.now(dt.UTC)
                for wake in waiters[code]:
                    wake.set()

    app = Starlette(routes=[Route("/h/{code}/api/v1/events", events), WebSocketRoute("/h/{code}/api/v1/events/stream",
                                                                                     stream),
                            Route("/control", control, methods=["POST"])])
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", ws="websockets-sansio")


# --- the benchmark ------------------------------------------------------------------------------

def centre_file(path: pathlib.Path, port: int, scale: float) -> None:
    lines = ['[centre]', 'code = "BENCH-CITY"', 'name = "基准市政务服务网络中心"', 'level = "city"']
    for i, (code, level, _) in enumerate(city(scale)):
        parent = "" if code.startswith(("LARGE", "DIST")) else f'parent = "DIST-{1 + i % 15:02}"\n'
        lines.append(f'\n[[halls]]\ncode = "{code}"\nname = "大厅{code}"\nname_en = "Hall {code}"\nlevel = "{level}"\n'
                     f'{parent}address = "基准路{i}号"\nlat = {30 + i / 1000}\nlon = {120 + i / 1000}\n'
                     f'base_url = "http://127.0.0.1:{port}/h/{code}"\ntoken = "{TOKEN}"')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def wait_port(port: int, proc: subprocess.Popen[bytes], what: str) -> None:
    import socket
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"{what} exited at start")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise SystemExit(f"{what} did not start")


def cursors(conn) -> dict[str, int]:
    return dict(conn.execute("SELECT hall, last_seq FROM hall_cursor").fetchall())


def wait_cursors(conn, want: dict[str, int], timeout: float) -> float:
    t0 = time.monotonic()
    while True:
        have = cursors(conn)
        if all(have.get(c, 0) >= n for c, n in want.items()):
            return time.monotonic() - t0
        if time.monotonic() - t0 > timeout:
            behind = {c: (have.get(c, 0), n) for c, n in want.items() if have.get(c, 0) < n}
            raise SystemExit(f"the centre did not catch up in {timeout:.0f} s: {len(behind)} halls behind")
        time.sleep(0.05)


def measure_lag(conn, seconds: float, ctl) -> list[float]:
    """Poll the centre's database every 50 ms during the live phase: each new event's delay, ms."""
    seen = cursors(conn)
    lags: list[float] = []
    end = time.monotonic() + seconds + 10
    while time.monotonic() < end:
        time.sleep(0.05)
        have = cursors(conn)
        now = dt.datetime.now(dt.UTC)
        for code, n in have.items():
            if n > seen.get(code, 0):
                for (at,) in conn.execute("SELECT at FROM events WHERE hall = %s AND seq > %s AND seq <= %s",
                                          (code, seen.get(code, 0), n)):
                    lags.append((now - at).total_seconds() * 1000)
                seen[code] = n
        if time.monotonic() > end - 10 and ctl("done=1")["done"] and all(
                have.get(c, 0) >= n for c, n in ctl("")["last"].items()):
            break
    return lags


def load_year(conn, scale: float, halls: list[tuple[str, str, int]]) -> int:
    """A year of the city's tickets straight into `tickets` (by SQL), ≥ 20 million at scale 1."""
    per_day = {c: max(1, round(n * 220 / 250 * 1.0)) for c, _, n in halls}  # 250 working days ≈ 22 M at scale 1
    conn.execute("CREATE TEMP TABLE bench_halls (hall text, n int)")
    with conn.cursor().copy("COPY bench_halls FROM STDIN") as copy:
        for code, n in per_day.items():
            copy.write_row((code, n))
    conn.execute("""
        INSERT INTO tickets (hall, ticket_id, seq, business_day, number, category, issued_at, queued_at,
                             called_at, finished_at, state, "window", wait_s)
        SELECT h.hall, 1000000 + d.k * 100000 + t.i, 0, day, 'A' || lpad(t.i::text, 4, '0'),
               (ARRAY['general','tax','social','business','pickup'])[1 + t.i % 5],
               day + time '08:30' + t.i * interval '5 seconds', day + time '08:30' + t.i * interval '5 seconds',
               day + time '08:40' + t.i * interval '5 seconds', day + time '08:50' + t.i * interval '5 seconds',
               CASE WHEN t.i % 20 = 0 THEN 'no_show' ELSE 'done' END, lpad((1 + t.i % 16)::text, 2, '0'),
               300 + (t.i * 37) % 1800
        FROM bench_halls h
        CROSS JOIN LATERAL (SELECT k, date '2025-01-01' + k AS day FROM generate_series(0, 364) k
                            WHERE extract(isodow FROM date '2025-01-01' + k) < 6 AND k < 360) d
        CROSS JOIN LATERAL generate_series(1, h.n) t(i)
        ON CONFLICT DO NOTHING""")
    loaded = conn.execute("SELECT count(*) FROM tickets WHERE business_day < '2026-01-01'").fetchone()[0]
    # As the centre marks a day when its tickets are stored (store._upsert_tickets).
    conn.execute("INSERT INTO days_dirty SELECT DISTINCT hall, business_day FROM tickets ON CONFLICT DO NOTHING")
    conn.execute("VACUUM ANALYZE tickets")
    return int(loaded)


#: The keys of the last line (issue 14): the other figures go on the line before it.
LAST_LINE = ("ingest_events_per_s", "lag_p99_ms", "catch_up_day_s", "stats_year_s", "tickets_loaded")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="the city's size (1: 100,000 tickets a day)")
    parser.add_argument("--live-rate", type=float, default=300.0, help="events a second during the live phase")
    parser.add_argument("--live-seconds", type=float, default=30.0)
    parser.add_argument("--serve-halls", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_halls:
        serve_halls(args.serve_halls, args.scale)
        return
    import httpx
    import psycopg

    from hall_centre import store
    from pgsupport import free_port, postgres_cluster

    halls = city(args.scale)
    figures: dict[str, float | int | str] = {"scale": args.scale, "halls": len(halls),
                                             "tickets_a_day": sum(n for _, _, n in halls),
                                             "halls_are": "synthetic event logs in the wire format, one process"}
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")])}
    with tempfile.TemporaryDirectory() as tmp, postgres_cluster() as cluster:
        with psycopg.connect(f"postgresql://hall@{cluster}/postgres", autocommit=True) as c:
            c.execute("CREATE DATABASE centre")
        url = f"postgresql+psycopg://hall@{cluster}/centre"
        store.connect(url).dispose()
        hall_port, centre_port = free_port(), free_port()
        config = pathlib.Path(tmp) / "centre.toml"
        centre_file(config, hall_port, args.scale)
        procs = []
        try:
            source = subprocess.Popen([sys.executable, __file__, "--serve-halls", str(hall_port), "--scale",
                                       str(args.scale)], env=env)
            procs.append(source)
            wait_port(hall_port, source, "the synthetic halls")

            def ctl(query: str) -> dict:
                return httpx.post(f"http://127.0.0.1:{hall_port}/control?{query}", timeout=30).json()

            ends = ctl("")["last"]
            with psycopg.connect(f"postgresql://hall@{cluster}/centre", autocommit=True) as conn:
                t0 = time.monotonic()
                centre = subprocess.Popen([sys.executable, "-m", "hall_centre.cli", "serve", "--config", str(config),
                                           "--db", url, "--port", str(centre_port), "--retry-max", "2"], env=env,
                                          stderr=subprocess.DEVNULL)
                procs.append(centre)
                present = {c: n for c, n in ends.items() if c != "LARGE-01"}
                took = wait_cursors(conn, present, timeout=3600) + 0 * t0
                stored = conn.execute("SELECT count(*) FROM events").fetchone()[0]
                figures["ingest_events"] = int(stored)
                figures["ingest_events_per_s"] = round(stored / took, 1)
                print(f"ingest: {stored} events from {len(present)} halls in {took:.1f} s", flush=True)
                ctl("back=LARGE-01")
                took = wait_cursors(conn, {"LARGE-01": ends["LARGE-01"]}, timeout=3600)
                figures["catch_up_events"] = ends["LARGE-01"]
                figures["catch_up_day_s"] = round(took, 2)
                print(f"catch-up: the large hall's {ends['LARGE-01']} events in {took:.1f} s", flush=True)
                ctl(f"live={args.live_rate}&seconds={args.live_seconds}")
                lags = measure_lag(conn, args.live_seconds, ctl)
                figures["live_events"] = len(lags)
                figures["lag_p50_ms"] = round(statistics.median(lags), 1) if lags else -1
                figures["lag_p99_ms"] = round(percentile(lags, 99), 1) if lags else -1
                print(f"live: {len(lags)} events at {args.live_rate}/s, lag p50 {figures['lag_p50_ms']} ms, "
                      f"p99 {figures['lag_p99_ms']} ms", flush=True)
                final = ctl("")["last"]
                wait_cursors(conn, final, timeout=600)
                total, distinct = conn.execute("SELECT count(*), count(DISTINCT (hall, seq)) FROM events").fetchone()
                figures["events_stored"], figures["duplicates_db"] = int(total), int(total) - int(distinct)
                figures["lost"] = sum(final.values()) - int(distinct)
                centre.terminate()
                centre.wait(timeout=30)
                t0 = time.monotonic()
                figures["tickets_loaded"] = load_year(conn, args.scale, halls)
                print(f"a year: {figures['tickets_loaded']} tickets loaded in {time.monotonic() - t0:.0f} s",
                      flush=True)
                engine = store.connect(url)
                t0 = time.monotonic()
                days = store.refresh_days(engine)  # what the running centre does every minute, all at once here
                figures["rollup_year_s"] = round(time.monotonic() - t0, 1)
                print(f"rollup: {days} hall-days in {figures['rollup_year_s']} s", flush=True)
                runs = []
                for _ in range(3):
                    # Today's halls changed since the last rollup: the statistics recompute them first.
                    conn.execute("INSERT INTO days_dirty SELECT hall, business_day FROM hall_now "
                                 "WHERE business_day IS NOT NULL ON CONFLICT DO NOTHING")
                    t0 = time.monotonic()
                    rows = store.stats_by_month(engine, dt.date(2025, 1, 1), dt.date(2026, 1, 1))
                    runs.append(time.monotonic() - t0)
                engine.dispose()
                figures["stats_rows"] = len(rows)
                figures["stats_year_s"] = round(statistics.median(runs), 3)
                print(f"statistics: {len(rows)} hall-months in {figures['stats_year_s']} s (median of 3)", flush=True)
        finally:
            for p in procs:
                if p.poll() is None:
                    p.terminate()
                    p.wait(timeout=30)
    figures["cpu_count"] = os.cpu_count() or 0
    print("other figures: " + json.dumps({k: v for k, v in figures.items() if k not in LAST_LINE}), flush=True)
    print(json.dumps({k: figures[k] for k in LAST_LINE if k in figures}))  # the keys, and only those


if __name__ == "__main__":
    main()
