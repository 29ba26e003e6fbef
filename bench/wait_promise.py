"""Benchmark of the wait promise (not a test): does the real wait fall inside the promised range
about 9 times in 10, and how wide is the range?

Replays `--days` days of a synthetic hall, minute by minute in 15-second steps: three categories
(A quick, B middling, C long services; each day's pace varies), six windows with mixed work
profiles, arrivals with a morning and an afternoon rush, staggered lunch breaks (half the windows
at a time), windows paused at random for 10–30 minutes and one window closing early on some days.
Windows call the longest-waiting ticket of their categories. At each issue the promise is computed
by hall_rules.wait_promise with only what the server knows at that moment (people waiting ahead,
windows open now, the mean of the category's last 20 service times today, else the default 8 minutes,
the scores of its last called tickets, today's first); at the call the real wait is measured.

Figures: hit_rate (real wait inside the displayed range, ends included), median_range_width_min,
and for the plain point estimate used before (rounded to 5 minutes): point_hit_rate (a hit when
the real wait is within ±5 minutes of it) and point_mae_min. "即将叫号" promises (nobody ahead,
0–5 minutes) count like any other; tickets issued while no window of their category is open get
an unknown promise and are counted apart (unknown), as are tickets never called (uncalled).
Per-day lines, then the last line printed is one JSON object with the figures.
"""
from __future__ import annotations

import argparse
import json
import math
import pathlib
import random
import statistics
import sys
from collections import deque
from dataclasses import dataclass, field

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from hall_rules import wait_promise as wp

STEP_S = 15
OPEN_S, CLOSE_S, LAST_ARRIVAL_S = 8.5 * 3600, 17 * 3600, 16.5 * 3600
CATEGORIES = {"A": (0.5, 6.0), "B": (0.3, 10.0), "C": (0.2, 15.0)}  # share of arrivals, mean service minutes
WINDOWS = {"01": "AB", "02": "AB", "03": "AB", "04": "BC", "05": "BC", "06": "AC"}
LUNCH = {"01": (11.75, 12.75), "02": (12.5, 13.5), "03": (11.75, 12.75),
         "04": (12.5, 13.5), "05": (11.75, 12.75), "06": (12.5, 13.5)}
ARRIVALS_PER_HOUR = 28.0
DEFAULT_SERVICE_MIN = 8.0
LEVELS = [wp.LOW_QUANTILE, wp.HIGH_QUANTILE]  # --low-quantile, --high-quantile


def arrival_rate(hour: float) -> float:
    """Arrivals per hour at `hour`: rushes at 9–10:30 and 14–15:30, fewer over lunch."""
    if 9 <= hour < 10.5:
        return ARRIVALS_PER_HOUR * 1.9
    if 14 <= hour < 15.5:
        return ARRIVALS_PER_HOUR * 1.4
    if 11.75 <= hour < 13.5:
        return ARRIVALS_PER_HOUR * 0.6
    return ARRIVALS_PER_HOUR


@dataclass
class Ticket:
    category: str
    issued: float
    promise: wp.WaitPromise
    called: float | None = None


@dataclass
class Window:
    code: str
    categories: str
    busy_until: float = 0.0
    paused_until: float = 0.0
    closes: float = CLOSE_S

    def is_open(self, now: float) -> bool:
        lunch = LUNCH[self.code]
        return (OPEN_S <= now < self.closes and not lunch[0] * 3600 <= now < lunch[1] * 3600
                and now >= self.paused_until)


@dataclass
class History:
    """What the server knows across days: the scores of each category's last called tickets."""

    scores: dict[str, deque[float]] = field(default_factory=dict)



def live_day(rng: random.Random, history: History, n: int) -> list[Ticket]:
    """One day of the hall; returns its tickets with their promises and calls."""
    pace = {c: mean * rng.uniform(0.8, 1.25) for c, (_, mean) in CATEGORIES.items()}
    windows = [Window(code, cats) for code, cats in WINDOWS.items()]
    if rng.random() < 0.4:
        rng.choice(windows).closes = 15.5 * 3600
    waiting: dict[str, deque[Ticket]] = {c: deque() for c in CATEGORIES}
    served_today: dict[str, list[float]] = {c: [] for c in CATEGORIES}
    tickets: list[Ticket] = []
    day_factor = rng.uniform(0.8, 1.2)
    now = OPEN_S
    while now < CLOSE_S or any(waiting.values()):
        if now < LAST_ARRIVAL_S and rng.random() < arrival_rate(now / 3600) * day_factor * STEP_S / 3600:
            category = rng.choices(list(CATEGORIES), [s for s, _ in CATEGORIES.values()])[0]
            opened = sum(1 for w in windows if category in w.categories and w.is_open(now))
            recent = served_today[category][-20:]  # as the server: today's last 20, else the default
            per = statistics.fmean(recent) if recent else DEFAULT_SERVICE_MIN
            scores = list(history.scores.get(category, ()))[::-1]
            ticket = Ticket(category, now, wp.promise(len(waiting[category]), opened, per, scores,
                                                      low_quantile=LEVELS[0], high_quantile=LEVELS[1]))
            waiting[category].append(ticket)
            tickets.append(ticket)
        for w in windows:
            if w.is_open(now) and rng.random() < 0.04 * STEP_S / 3600 * 6:
                w.paused_until = now + rng.uniform(600, 1800)
            if now >= CLOSE_S and now >= w.paused_until:  # after hours the windows serve the queue out
                w.closes = math.inf
            if not w.is_open(now) or w.busy_until > now:
                continue
            queued = [waiting[c][0] for c in w.categories if waiting[c]]
            if not queued:
                continue
            ticket = min(queued, key=lambda t: t.issued)
            waiting[ticket.category].popleft()
            ticket.called = now
            if ticket.promise.point is not None:
                real = (now - ticket.issued) / 60
                history.scores.setdefault(ticket.category, deque(maxlen=max(wp.CALIBRATION_TICKETS, 1))).append(
                    wp.score(ticket.promise.point, real))
            minutes = rng.lognormvariate(math.log(pace[ticket.category]) - 0.18, 0.6)
            served_today[ticket.category].append(minutes)
            w.busy_until = now + minutes * 60
        now += STEP_S
    return tickets


def figures(tickets: list[Ticket]) -> dict[str, float | int]:
    known = [t for t in tickets if t.called is not None and t.promise.known]
    pairs = [(t.promise, ((t.called or 0) - t.issued) / 60) for t in known]
    n = len(pairs) or 1
    waits = [wait for _, wait in pairs]
    # The plain point, shown as it would be (to 5 minutes): a hit within ±5 minutes of it.
    shown = [(wp.STEP_MINUTES * round((p.point or 0) / wp.STEP_MINUTES), wait) for p, wait in pairs]
    return {
        "hit_rate": round(sum(p.holds(wait) for p, wait in pairs) / n, 4),
        "median_range_width_min": statistics.median((p.high or 0) - (p.low or 0) for p, _ in pairs) if pairs else 0,
        "point_hit_rate": round(sum(abs(wait - point) <= wp.STEP_MINUTES for point, wait in shown) / n, 4),
        "point_mae_min": round(sum(abs(wait - (p.point or 0)) for p, wait in pairs) / n, 2),
        "median_wait_min": round(statistics.median(waits), 1) if waits else 0.0,
        "tickets": len(pairs),
        "unknown": sum(1 for t in tickets if not t.promise.known),
        "uncalled": sum(1 for t in tickets if t.called is None),
    }


LAST_LINE = ("hit_rate", "median_range_width_min", "point_hit_rate", "point_mae_min")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--low-quantile", type=float, default=wp.LOW_QUANTILE)
    parser.add_argument("--high-quantile", type=float, default=wp.HIGH_QUANTILE)
    parser.add_argument("--calibration", type=int, default=wp.CALIBRATION_TICKETS,
                        help="how many recent scores calibrate the range")
    args = parser.parse_args(argv)
    LEVELS[:] = [args.low_quantile, args.high_quantile]
    wp.CALIBRATION_TICKETS = args.calibration
    rng = random.Random(args.seed)
    history = History()
    every: list[Ticket] = []
    for day in range(1, args.days + 1):
        tickets = live_day(rng, history, day)
        f = figures(tickets)
        print(f"day {day:2d}: {f['tickets']:3d} tickets  hit {f['hit_rate']:.3f}"
              f"  width {f['median_range_width_min']} min"
              f"  point hit {f['point_hit_rate']:.3f}  point MAE {f['point_mae_min']:.1f} min"
              f"  median wait {f['median_wait_min']} min  unknown {f['unknown']}", flush=True)
        every += tickets
    whole = figures(every)
    print("other figures: " + json.dumps({k: v for k, v in whole.items() if k not in LAST_LINE}), flush=True)
    # The keys: the range's hit rate and width, and the same for the plain point estimate.
    print(json.dumps({k: whole[k] for k in LAST_LINE}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
