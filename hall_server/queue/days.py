"""What every batch of commands checks first: whether the business day has turned over, and whether
another server instance stored category settings since this one last looked."""
from __future__ import annotations

import dataclasses
import logging
import tomllib
from collections.abc import Callable

import sqlalchemy as sa

from .. import db
from ..config import Hall, HallFile, RatingReason, parse_hall
from ..schema import ACTIVE_STATES, TicketState, WindowState
from .writer import HotStatements, Tx

log = logging.getLogger("hall_server.engine")


class Days:
    """The business day's turnover: yesterday's unfinished tickets and leases end, windows close."""

    def __init__(self) -> None:
        # Run inside the transaction that turns the business day over (e.g. pending category prefixes).
        self.hooks: list[Callable[[Tx], None]] = []
        self._seen: str | None = None

    def forget(self) -> None:
        """Look at the stored day again next time (the transaction that saw it was rolled back)."""
        self._seen = None

    def roll(self, tx: Tx) -> None:
        """Turn the stored business day over to the transaction's, once; a clock gone back keeps state."""
        c = tx.conn
        today = tx.day.isoformat()
        if self._seen == today:
            return
        stored = c.execute(sa.select(db.hall_state.c.value).where(db.hall_state.c.key == "business_day")).scalar()
        self._seen = today
        if stored == today:
            return
        if stored is None:
            c.execute(db.hall_state.insert().values(key="business_day", value=today))
        else:
            c.execute(db.hall_state.update().where(db.hall_state.c.key == "business_day").values(value=today))
        if stored is not None and stored > today:
            log.warning("clock went back across a business day (%s → %s); keeping state", stored, today)
            return
        closed = c.execute(db.tickets.update().where(
            db.tickets.c.business_day < today, db.tickets.c.state.in_([s.value for s in ACTIVE_STATES]),
        ).values(state=TicketState.CANCELLED, reason="day_closed", finished_at=tx.ts)).rowcount
        c.execute(db.leases.update().where(db.leases.c.business_day < today, db.leases.c.released_at.is_(None))
                  .values(released_at=tx.ts))
        c.execute(db.windows.update().values(state=WindowState.CLOSED, reason=None, staff=None,
                                             current_ticket=None, since=tx.ts))
        for hook in self.hooks:
            hook(tx)
        if stored is not None:
            log.info("business day turned over to %s; %d unfinished tickets closed", today, closed)
            tx.emit("day.rolled", {"business_day": today, "previous": stored, "closed_tickets": closed})


SETTINGS_TABLES = ("categories", "windows", "matters", "rating_reasons")


def take_up_tables(hall: Hall, file: HallFile, tables: tuple[str, ...] = SETTINGS_TABLES) -> list[str]:
    """Put the configuration's categories, windows, matters and rating reasons into the running hall.

    Each part of the server reads these from the one Hall when it needs them; the dicts are changed
    in place and the tuples swapped whole. With a centre (`[centre]`) the catalogue's matters and
    reasons are in force and stay. Call it from the queue writer. Returns the tables that changed.
    """
    changed = []
    if "categories" in tables:
        fresh = {c.code: c.as_category() for c in file.categories}
        if fresh != hall.categories:
            for code in [c for c in hall.categories if c not in fresh]:
                del hall.categories[code]
            hall.categories.update(fresh)
            changed.append("categories")
    if "windows" in tables:
        windows = {w.code: w.as_window() for w in file.windows}
        if windows != hall.windows:
            for code in [w for w in hall.windows if w not in windows]:
                del hall.windows[code]
            hall.windows.update(windows)
            changed.append("windows")
    if hall.centre is None and "matters" in tables:
        matters = tuple(m.as_matter() for m in file.matters)
        if matters != hall.matters:
            object.__setattr__(hall, "matters", matters)  # the hall is frozen but for what the settings change
            changed.append("matters")
    if hall.centre is None and "rating_reasons" in tables:
        reasons = tuple(RatingReason(code=r.code, name=r.name, name_en=r.name_en) for r in file.ratings.reasons)
        if reasons != hall.ratings.reasons:
            object.__setattr__(hall, "ratings", dataclasses.replace(hall.ratings, reasons=reasons))
            changed.append("rating_reasons")
    return changed


class StoredSettings:
    """Category settings another server instance stored (hall_config) taken up by this one's hall.

    Args:
        version: the hall_config row the hall's categories were read from (None: none stored yet).
    """

    def __init__(self, hall: Hall, hot: HotStatements, version: int | None):
        self.hall = hall
        self.hot = hot
        self.version = version

    def follow(self, tx: Tx) -> None:
        """Take up category settings another server instance stored since this one last looked."""
        conn = tx.conn
        latest = self.hot.config_version.execute(conn).fetchone()[0]
        if latest == self.version:
            return
        if self.version is not None:
            row = conn.execute(sa.select(db.hall_config.c.toml).where(db.hall_config.c.id == latest)).one()
            raw = tomllib.loads(row.toml)
            parse_hall(raw, "stored configuration")  # what another instance stored was checked; still, never half
            changed = take_up_tables(self.hall, HallFile.model_validate(raw))
            if changed:
                log.info("settings (%s) taken from the configuration stored by another instance", ", ".join(changed))
        self.version = latest
