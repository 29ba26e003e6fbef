"""The wait a ticket is promised: a range of minutes ("约 15–25 分钟") the real wait falls inside
about 9 times in 10.

Why a range, and why this one. The point estimate the hall used alone (people ahead × the
category's recent mean service time ÷ its open windows, `point_minutes`) is right on average
and wrong for nearly every citizen: services vary, windows pause and close, green-channel and
appointment tickets step in ahead, and the lunch break stops everything. So the point stays the
centre, and the spread around it is learnt from how wrong it has just been (split-conformal
calibration): for each of the category's last tickets that were called, the score
(real − point) / (point + SCALE_MINUTES) says how far off its own point estimate was, relative to
its size (a long queue errs by more minutes than a short one; the constant keeps a point of 0
from dividing by nothing). The ~5th and ~95th percentile of those scores, applied to the new
ticket's point, give its range. The scores are the most recent first, today's before earlier
days' (the caller tops today's few up with the history), so a run of slow services, a rush hour
or a window closing widens and shifts the range within a few tickets, and it narrows again when
the hall settles. With too few scores a wide default band stands in.

No window open for the category means no one can say when service starts: the promise is
unknown (`known` False) and says so, rather than a number. Nobody ahead means the next call is
the citizen's: "即将叫号" (`soon`), recorded as 0–5 minutes.

Displayed and recorded ranges are whole 5-minute steps (low rounded down, high up, low ≥ 0), as
people read "约 15–25 分钟"; a hit is a real wait inside the displayed range, ends included.
Pure: no I/O, no clock; the hall server and bench/wait_promise.py call it with what they know at
the moment of issue. A kiosk issuing offline from its lease promises no range: its count of people
ahead is itself a guess, so it keeps its point estimate, marked as an estimate, as before.
"""
from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence

#: Ranges are shown and kept in steps of this many minutes.
STEP_MINUTES = 5
#: Keeps the score of a short wait from swinging wildly: (real − point) / (point + this).
SCALE_MINUTES = 5.0
#: The quantiles of the scores that make the range's ends (tuned by bench/wait_promise.py).
LOW_QUANTILE, HIGH_QUANTILE = 0.05, 0.95
#: How many recent scores calibrate the range (today's first, then earlier days').
CALIBRATION_TICKETS = 120
#: Fewer scores than this and the default band below stands in for the missing ones.
MIN_SCORES = 10
#: The default band: the real wait between half the point and twice the point plus 5 minutes.
DEFAULT_SCORES = (-0.5, 1.0)


@dataclasses.dataclass(frozen=True)
class WaitPromise:
    """What a ticket is told about its wait, in minutes.

    Attributes:
        point: the plain point estimate (today's figure), None when unknown.
        low, high: the range, in whole STEP_MINUTES steps; None when unknown.
        soon: nobody is ahead: "即将叫号".
    """

    point: int | None
    low: int | None
    high: int | None
    soon: bool = False

    @property
    def known(self) -> bool:
        return self.low is not None and self.high is not None

    def holds(self, real_minutes: float) -> bool:
        """Whether a real wait kept this promise (inside the displayed range, ends included)."""
        return self.low is not None and self.high is not None and self.low <= real_minutes <= self.high


UNKNOWN = WaitPromise(point=None, low=None, high=None)


def point_minutes(ahead: int, open_windows: int, per_person_minutes: float) -> int:
    """The plain point estimate: `ahead` services at `per_person_minutes`, shared by the open windows."""
    return math.ceil(ahead * per_person_minutes / max(open_windows, 1))


def score(point: float, real_minutes: float) -> float:
    """How far a real wait was from its point estimate, relative to the point's size."""
    return (real_minutes - point) / (point + SCALE_MINUTES)


def quantile(values: Sequence[float], q: float) -> float:
    """The conformal quantile: the ⌈(n+1)·q⌉-th smallest (clamped), so n scores cover about q of new ones."""
    ordered = sorted(values)
    rank = math.ceil((len(ordered) + 1) * q)
    return ordered[min(max(rank, 1), len(ordered)) - 1]


def display_range(low: float, high: float) -> tuple[int, int]:
    """(low, high) in whole steps: low down, high up, low ≥ 0, at least one step apart."""
    lo = max(0, math.floor(low / STEP_MINUTES) * STEP_MINUTES)
    hi = max(lo + STEP_MINUTES, math.ceil(high / STEP_MINUTES) * STEP_MINUTES)
    return lo, hi


def promise(ahead: int, open_windows: int, per_person_minutes: float, scores: Sequence[float], *,
            low_quantile: float = LOW_QUANTILE, high_quantile: float = HIGH_QUANTILE) -> WaitPromise:
    """The wait promised to a ticket with `ahead` people before it (hall_rules.queue.people_ahead).

    Args:
        open_windows: windows open for the ticket's category now; 0 makes the wait unknown.
        per_person_minutes: minutes a service takes now (the server: the mean of the category's
            last 20 services today, the hall's default service time before the first).
        scores: `score` of the category's most recent called tickets, newest first; only the first
            CALIBRATION_TICKETS count.
    """
    if ahead < 0:
        raise ValueError("ahead must not be negative")
    if open_windows <= 0:
        return UNKNOWN
    point = point_minutes(ahead, open_windows, per_person_minutes)
    if ahead == 0:
        return WaitPromise(point=point, low=0, high=STEP_MINUTES, soon=True)
    used = list(scores[:CALIBRATION_TICKETS])
    if len(used) < MIN_SCORES:  # the default band fills the missing ones, half at each end
        missing = MIN_SCORES - len(used)
        used += [DEFAULT_SCORES[0]] * (missing // 2) + [DEFAULT_SCORES[1]] * (missing - missing // 2)
    scale = point + SCALE_MINUTES
    low, high = display_range(point + quantile(used, low_quantile) * scale,
                              point + quantile(used, high_quantile) * scale)
    return WaitPromise(point=point, low=low, high=high)
