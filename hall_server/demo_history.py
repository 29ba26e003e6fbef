"""Demo data: past working days of a hall, lived through the queue engine itself.

Citizens arrive through the day (more in the morning peak), take numbers, wait, are called at the
windows whose work profile covers their service, are served for a few minutes or do not come (过号);
a few are transferred on (一票到底). Each day is then rated as citizens might. Every step is a real
engine command at its own moment, so the statistics, the charts and the exports read what a real hall
would have written. For a fresh demo database only.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import heapq
import json
import random
from collections.abc import Callable
from functools import partial
from typing import Any

import sqlalchemy as sa

from . import db, idnumber
from .engine import Principal, QueueEngine, Tx
from .ratings import seed_demo_ratings
from .schema import (CallNextRequest, IssueTicketRequest, Role, TransferRequest, WindowTicketRequest)

DAY_START, DAY_END = dt.time(8, 40), dt.time(16, 50)  # arrivals; windows serve on until the queue is empty
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超",
         "秀英", "桂兰", "建国", "志强"]
WINDOWS = ("01", "02", "03", "04", "05", "06", "07", "08")  # the windows staffed in the demo's past days


@dataclasses.dataclass
class _Clock:
    """The moment the engine lives in, moved by the simulation."""

    now: dt.datetime

    def __call__(self) -> dt.datetime:
        return self.now


def past_workdays(engine: QueueEngine, today: dt.date, count: int) -> list[dt.date]:
    """The `count` working days before `today` on the hall calendar, oldest first."""
    days: list[dt.date] = []
    day = today
    while len(days) < count:
        day -= dt.timedelta(days=1)
        if engine.hall.calendar.is_workday(day):
            days.append(day)
    return days[::-1]


def seed_history(hall, store: db.Store, days: int = 5, per_day: int = 90, seed: int = 7,
                 today: dt.date | None = None) -> dict[str, int]:
    """Live through `days` past working days in an empty hall database; returns what was done.

    Raises:
        RuntimeError: the database already holds tickets (history is only made before anything real).
    """
    with store.read() as conn:
        if conn.execute(sa.select(sa.func.count()).select_from(db.tickets)).scalar_one():
            raise RuntimeError("the database already holds tickets; demo history is made only in an empty one")
    rng = random.Random(seed)
    clock = _Clock(dt.datetime.now(dt.UTC))
    engine = QueueEngine(hall, store, clock)
    totals = {"days": 0, "issued": 0, "served": 0, "no_shows": 0, "transfers": 0, "rated": 0}
    try:
        local_today = today or dt.datetime.now(hall.tz).date()
        for day in past_workdays(engine, local_today, days):
            _live_day(engine, clock, day, per_day, rng, totals)
            totals["rated"] += seed_demo_ratings(engine, day, share=0.75, seed=rng.randrange(1 << 30))
            totals["days"] += 1
    finally:
        engine.close()
    return totals


def _citizen_id(rng: random.Random, day: dt.date) -> str:
    """A made-up ID number with a valid check digit, of a citizen aged 18 to 85 (a few old enough for 绿色通道)."""
    born = day - dt.timedelta(days=int(rng.triangular(18, 85, 40) * 365.25))
    first17 = f"110105{born:%Y%m%d}{rng.randint(0, 999):03d}"
    return first17 + idnumber.check_digit(first17)


def _live_day(engine: QueueEngine, clock: _Clock, day: dt.date, per_day: int, rng: random.Random,
              totals: dict[str, int]) -> None:
    hall = engine.hall

    def at(t: dt.time) -> dt.datetime:
        return dt.datetime.combine(day, t, hall.tz).astimezone(dt.UTC)

    staff = [s for s in hall.staff.values() if s.role == "window-staff"]
    desks = {code: Principal(id=f"staff:{s.username}", role=Role.WINDOW_STAFF, name=s.name, window=code)
             # The first windows get the hall's staff: either list may be the longer one.
             for code, s in zip(WINDOWS, staff, strict=False) if code in hall.windows}
    served_by = {c for code in desks for c in hall.windows[code].categories}
    categories = [c for c in hall.categories if c in served_by]

    def run(actor: Principal, when: dt.datetime, command: Callable[[Tx], tuple[int, Any]],
            may_refuse: tuple[str, ...] = ()) -> dict[str, Any]:
        """The command's answer at `when`: done, or refused for one of `may_refuse` (any other refusal raises)."""
        clock.now = when
        out = engine.execute(actor, None, "", command)
        body: dict[str, Any] = json.loads(out.body)
        if out.status >= 400 and body.get("error", {}).get("code") not in may_refuse:
            raise RuntimeError(f"demo history: {out.body}")
        return body

    start = at(DAY_START) - dt.timedelta(minutes=10)
    for code, who in desks.items():
        run(who, start, partial(engine.open_window, actor=who, code=code))
    # Arrivals: a morning peak around 09:30 and a smaller one after lunch.
    span = (at(DAY_END) - at(DAY_START)).total_seconds()
    moments = sorted(at(DAY_START) + dt.timedelta(seconds=min(span, max(0.0, rng.gauss(mu, sd))))
                     for mu, sd in [(span * 0.18, span * 0.12)] * (per_day * 2 // 3)
                     + [(span * 0.68, span * 0.12)] * (per_day - per_day * 2 // 3))
    # Events in time order: ("arrive", category) and ("free", window) — a window free to call next.
    queue: list[tuple[dt.datetime, int, str, str]] = []
    for i, when in enumerate(moments):
        heapq.heappush(queue, (when, i, "arrive", rng.choice(categories)))
    order = len(moments)
    for code in desks:
        heapq.heappush(queue, (at(DAY_START) + dt.timedelta(minutes=rng.randint(0, 5)), order, "free", code))
        order += 1
    waiting = 0
    while queue:
        when, _, kind, what = heapq.heappop(queue)
        if kind == "arrive":
            kiosk = Principal(id="device:demo-kiosk", role=Role.KIOSK, name="demo")
            card = IssueTicketRequest(category=what, id_number=_citizen_id(rng, day),
                                      name=rng.choice(SURNAMES) + rng.choice(GIVEN))
            # Over lunch, past its cap or by appointment only, a service issues nothing: that citizen
            # comes another time.
            if "error" in run(kiosk, when, partial(engine.issue_ticket, actor=kiosk, req=card),
                              may_refuse=("category_closed", "daily_cap_reached", "appointment_only")):
                continue
            totals["issued"] += 1
            waiting += 1
            continue
        code, who = what, desks[what]
        called = run(who, when, partial(engine.call_next, actor=who, code=code, req=CallNextRequest()))["ticket"]
        if called is None:
            if waiting or any(k == "arrive" for _, _, k, _ in queue):
                heapq.heappush(queue, (when + dt.timedelta(minutes=2), order, "free", code))
                order += 1
            continue
        ticket = WindowTicketRequest(ticket_id=called["id"])
        waiting -= 1
        if rng.random() < 0.06:  # not there when called: 过号 after a few minutes
            run(who, when + dt.timedelta(minutes=3), partial(engine.no_show, actor=who, code=code, req=ticket))
            totals["no_shows"] += 1
            heapq.heappush(queue, (when + dt.timedelta(minutes=3, seconds=20), order, "free", code))
            order += 1
            continue
        begin = when + dt.timedelta(seconds=rng.randint(40, 150))
        run(who, begin, partial(engine.start, actor=who, code=code, req=ticket))
        end = begin + dt.timedelta(seconds=max(120.0, rng.gauss(9 * 60, 4 * 60)))
        onward = [c for c in categories if c != called["category"]]
        if onward and rng.random() < 0.04:  # 一票到底: on to another service with the same ticket
            onward_to = TransferRequest(ticket_id=called["id"], category=rng.choice(onward))
            run(who, end, partial(engine.transfer, actor=who, code=code, req=onward_to))
            totals["transfers"] += 1
            waiting += 1
        else:
            run(who, end, partial(engine.finish, actor=who, code=code, req=ticket))
            totals["served"] += 1
        heapq.heappush(queue, (end + dt.timedelta(seconds=rng.randint(20, 90)), order, "free", code))
        order += 1
    close = max(at(DAY_END), clock.now) + dt.timedelta(minutes=5)
    for code, who in desks.items():
        run(who, close, partial(engine.close_window, actor=who, code=code))
