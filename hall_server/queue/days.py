"""What every batch of commands checks first: whether the business day has turned over, and whether
another server instance stored category settings since this one last looked."""
from __future__ import annotations

import logging
import tomllib
from collections.abc import Callable

import sqlalchemy as sa

from .. import db
from ..config import Hall, parse_hall
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
            stored = parse_hall(tomllib.loads(row.toml), "stored configuration")
            for code, cat in stored.categories.items():
                if code in self.hall.categories and self.hall.categories[code] != cat:
                    self.hall.categories[code] = cat
                    log.info("category %s settings taken from the configuration stored by another instance", code)
        self.version = latest
