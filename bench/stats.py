"""Benchmark of the hall's statistics (not a test): a month of a busy hall, answered how fast?

Fills a fresh SQLite file with `--days` business days of `--per-day` tickets each (every one served,
one in ten transferred once, one in twenty a no-show, six in ten rated), then times
`GET /api/v1/stats` and `/stats.csv` for the whole month by day, category and window over HTTP
on loopback. The last line printed is one JSON object with the figures.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import pathlib
import random
import secrets
import statistics
import sys
import tempfile
import time


ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from hall_server import db
from hall_server.config import SAMPLE_HALL, load_hall
from hallsupport import ADMIN_PIN, FakeClock, RunningServer


def fill(path: pathlib.Path, days: int, per_day: int, first: dt.date) -> int:
    """Write the month straight into the tables, as the queue engine would have left them."""
    hall = load_hall(SAMPLE_HALL)
    rng = random.Random(7)
    categories = list(hall.categories.values())
    store = db.Store(str(path))
    db.migrate(store, time.time)
    ticket_id = 0
    with store.write() as conn:
        for n in range(days):
            day = first + dt.timedelta(days=n)
            opens = dt.datetime.combine(day, dt.time(8, 30), tzinfo=hall.tz).timestamp()
            tickets, segments, ratings = [], [], []
            seqs: dict[str, int] = {}
            for _ in range(per_day):
                ticket_id += 1
                cat = rng.choice(categories)
                seqs[cat.code] = seqs.get(cat.code, 0) + 1
                windows = [w.code for w in hall.windows.values() if cat.code in w.categories] or ["16"]
                issued = opens + rng.uniform(0, 8 * 3600)
                called = issued + rng.expovariate(1 / 900)
                serving = called + rng.uniform(20, 120)
                ended = serving + rng.expovariate(1 / 480)
                window = rng.choice(windows)
                no_show = rng.random() < 0.05
                tickets.append(dict(
                    id=ticket_id, business_day=day.isoformat(), number=f"{cat.prefix}{seqs[cat.code]:04d}",
                    number_category=cat.code, seq=seqs[cat.code], category=cat.code,
                    state="no_show" if no_show else "done", green=False, issued_at=issued, queued_at=issued,
                    called_at=called, serving_at=None if no_show else serving, finished_at=ended, window=window,
                    recall_count=0, transfers=0, issued_by="device:kiosk-01", track_token=secrets.token_urlsafe(18)))
                if no_show:
                    segments.append(dict(ticket_id=ticket_id, business_day=day.isoformat(), category=cat.code,
                                         window=window, staff=None, called_at=called, serving_at=None,
                                         ended_at=called + 300, outcome="no_show"))
                    continue
                if rng.random() < 0.1:  # one service before a transfer
                    segments.append(dict(ticket_id=ticket_id, business_day=day.isoformat(), category=cat.code,
                                         window=window, staff=None, called_at=called - 600, serving_at=called - 500,
                                         ended_at=called - 60, outcome="transferred"))
                segments.append(dict(ticket_id=ticket_id, business_day=day.isoformat(), category=cat.code,
                                     window=window, staff=None, called_at=called, serving_at=serving, ended_at=ended,
                                     outcome="done"))
                if rng.random() < 0.6:
                    ratings.append(dict(subject_kind="ticket", ticket_id=ticket_id, ticket_number=tickets[-1]["number"],
                                        business_day=day.isoformat(), category=cat.code, window=window,
                                        level=rng.choices((5, 4, 3, 2, 1), (60, 25, 9, 4, 2))[0],
                                        channel="kiosk", device="device:kiosk-01", rated_at=ended + 60))
            conn.execute(db.tickets.insert(), tickets)
            conn.execute(db.service_segments.insert(), segments)
            conn.execute(db.ratings.insert(), ratings)
    store.close()
    return ticket_id


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--per-day", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    first = dt.date(2026, 10, 1)
    last = first + dt.timedelta(days=args.days - 1)
    with tempfile.TemporaryDirectory(prefix="bench-stats-") as tmp:
        path = pathlib.Path(tmp) / "hall.db"
        started = time.perf_counter()
        tickets = fill(path, args.days, args.per_day, first)
        print(f"filled {tickets} tickets over {args.days} days in {time.perf_counter() - started:.1f} s", flush=True)
        closing_time = dt.datetime.combine(last, dt.time(18), tzinfo=load_hall().tz)
        server = RunningServer(path, SAMPLE_HALL, FakeClock(closing_time))
        server.start()
        figures = {"tickets": tickets, "days": args.days}
        try:
            admin = server.login("admin", ADMIN_PIN)
            for path_ in ("/api/v1/stats", "/api/v1/stats.csv"):
                for by in ("day", "category", "window"):
                    times = []
                    for _ in range(args.runs):
                        t0 = time.perf_counter()
                        r = admin.http.get(path_, params={"from": first.isoformat(), "to": last.isoformat(), "by": by},
                                           headers=admin.headers())
                        times.append(time.perf_counter() - t0)
                        assert r.status_code == 200, r.text
                    name = f"{path_.rsplit('/', 1)[1]}_{by}_ms"
                    figures[name] = round(statistics.median(times) * 1000, 1)
                    print(f"{path_} by {by}: median {figures[name]} ms over {args.runs} runs", flush=True)
        finally:
            server.stop()
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
