"""Limits on attempts that guess: PINs, a citizen's ID against a case, case reads by a kiosk.

An attempt is counted in the database (`attempts`) before it is answered, in a writing
transaction, so under the hall's write lock (db.py): forty parallel requests cannot all pass a
check that reads a count of zero, and several server instances share one count. A slow check
(a PIN hash) runs between `begin`, which counts it as pending, and `end`, which says how it went;
a pending attempt counts as failed until then.
"""
from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence

import sqlalchemy as sa

from . import db

KEEP_S = 31 * 86400  # attempts are kept a month: a source that logged in within it is known
PRUNE_EVERY_S = 3600.0


@dataclasses.dataclass(frozen=True)
class Limit:
    """At most `count` attempts that did not succeed in `window_s` seconds, per subject and/or source.

    Args:
        per: "pair" (this subject from this source), "subject" (from any source), "source" (any subject).
        count_all: count every attempt, not only those that failed (for reads, which cannot fail).
        unknown_sources_only: the limit applies to sources that never succeeded for the subject
            within KEEP_S (so an attacker elsewhere cannot lock a member of staff out of their own desk).
    """

    per: str
    count: int
    window_s: float
    count_all: bool = False
    unknown_sources_only: bool = False


class TooManyAttempts(Exception):
    def __init__(self, retry_after_s: int):
        super().__init__(f"too many attempts; retry after {retry_after_s} s")
        self.retry_after_s = retry_after_s


class Attempts:
    """Counts attempts of one kind against its limits."""

    def __init__(self, kind: str, limits: Sequence[Limit]):
        self.kind = kind
        self.limits = list(limits)
        self._pruned_at = -math.inf

    def check(self, conn: sa.Connection, subject: str, source: str, now: float) -> None:
        """Raise TooManyAttempts if any limit is reached. Run it in a writing transaction."""
        a = db.attempts.c
        known = None
        for limit in self.limits:
            if limit.unknown_sources_only:
                if known is None:
                    known = conn.execute(sa.select(a.id).where(
                        a.kind == self.kind, a.subject == subject, a.source == source, a.outcome == "ok",
                        a.at > now - KEEP_S).limit(1)).first() is not None
                if known:
                    continue
            where = [a.kind == self.kind, a.at > now - limit.window_s]
            if limit.per in ("pair", "subject"):
                where.append(a.subject == subject)
            if limit.per in ("pair", "source"):
                where.append(a.source == source)
            if not limit.count_all:
                where.append(a.outcome != "ok")
            counted = conn.execute(sa.select(sa.func.count(), sa.func.min(a.at)).where(*where)).one()
            if counted[0] >= limit.count:
                # Not exact when several windows overlap; a hint for the caller, never less than a second.
                raise TooManyAttempts(max(1, int(counted[1] + limit.window_s - now)))

    def begin(self, conn: sa.Connection, subject: str, source: str, now: float) -> int:
        """Check the limits and count a pending attempt; returns its id for `end`."""
        self._prune(conn, now)
        self.check(conn, subject, source, now)
        return conn.execute(db.attempts.insert().values(
            kind=self.kind, subject=subject[:80], source=source[:80], at=now, outcome="pending")
            .returning(db.attempts.c.id)).scalar_one()

    def end(self, conn: sa.Connection, attempt_id: int, ok: bool) -> None:
        conn.execute(db.attempts.update().where(db.attempts.c.id == attempt_id)
                     .values(outcome="ok" if ok else "failed"))

    def take(self, conn: sa.Connection, subject: str, source: str, now: float) -> None:
        """Check the limits and count an attempt that has no outcome (a read)."""
        self.check(conn, subject, source, now)
        self.record(conn, subject, source, now, ok=True)

    def record(self, conn: sa.Connection, subject: str, source: str, now: float, ok: bool) -> None:
        """Count an attempt that was checked at once (no slow step between)."""
        self._prune(conn, now)
        conn.execute(db.attempts.insert().values(kind=self.kind, subject=subject[:80], source=source[:80],
                                                 at=now, outcome="ok" if ok else "failed"))

    def _prune(self, conn: sa.Connection, now: float) -> None:
        if now - self._pruned_at < PRUNE_EVERY_S:
            return
        self._pruned_at = now
        conn.execute(db.attempts.delete().where(db.attempts.c.kind == self.kind, db.attempts.c.at < now - KEEP_S))
