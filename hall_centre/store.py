"""The centre's PostgreSQL store: every hall's events once on (hall, seq), its cursor, and facts derived from them.

The schema is made with `create_all` and a version row (`centre_meta`), not Alembic: the centre
is new, and its first migration comes with its first change. `events` is the big table (about a
million rows a day for a city): its key (hall, seq) is what makes storing idempotent, and a BRIN
index on the event time keeps time-range reads cheap at a year's size (BRIN stays tiny because
rows arrive in time order). Measured against monthly range partitions on the event time (1 million
events of 200 halls over four months, batches of 1,000): partitions inserted 44,000 rows/s, this
table 30,000 rows/s, a week's count 44 ms against 57 ms. Both are far above what the follower
feeds (about 8,000 events/s, bench/city.py), and a partitioned table's key would have to include
the time, leaving (hall, seq) unique only by the halls' good faith; so one table with the exact
key. Derived facts (`tickets`, `hall_now`) are written in the same
transaction as the events and the cursor, so a restart resumes exactly where the last commit was.
A centre that feeds a higher one (`[centre] parent_token`) also writes a row of `feed` for each new
event in that transaction: its own log of what it stored, which the higher centre pages by number
(`GET /api/v1/feed`, hall_centre/relay.py). The rows are numbered later, by one numbering
transaction at a time (`number_feed`, before the feed is read), so numbers commit in their order and
a reader paging by number never passes one still to commit, while the followers of many halls store
at once without waiting for each other (a lock held to each storing commit instead halved
bench/city.py's ingest and multiplied its live lag by six). A centre that feeds no one writes no
feed; started feeding, it first adds to the feed what it stored meanwhile (`centre_meta` 'feed').
Personal data stays in the hall: payloads are scrubbed of any ID number before they are stored,
and `tickets` holds no name at all.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as pg

from hall_server.schema import Event

SCHEMA_VERSION = 1

metadata = sa.MetaData()

centre_meta = sa.Table(
    "centre_meta", metadata,
    sa.Column("name", sa.String(32), primary_key=True),
    sa.Column("value", sa.String(64), nullable=False),
)

events = sa.Table(
    "events", metadata,
    sa.Column("hall", sa.String(32), primary_key=True),
    sa.Column("seq", sa.BigInteger, primary_key=True),
    sa.Column("type", sa.String(40), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("payload", pg.JSONB, nullable=False),
    sa.Index("events_at_brin", "at", postgresql_using="brin"),
)

hall_cursor = sa.Table(
    "hall_cursor", metadata,
    sa.Column("hall", sa.String(32), primary_key=True),
    sa.Column("last_seq", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("last_heard", sa.DateTime(timezone=True)),
    sa.Column("status", sa.String(16), nullable=False, server_default="new"),  # new|catching_up|live|down|refused
    sa.Column("error", sa.Text),
    sa.Column("since", sa.DateTime(timezone=True)),
)

# The centre's own log of what it stored, in the order it was stored: a higher centre follows it.
feed = sa.Table(
    "feed", metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(always=True), primary_key=True),  # the order stored in
    sa.Column("seq", sa.BigInteger, unique=True),  # the feed's number; none until numbered
    sa.Column("hall", sa.String(32), nullable=False),
    sa.Column("hall_seq", sa.BigInteger, nullable=False),
    sa.Index("feed_unnumbered", "id", postgresql_where=sa.text("seq IS NULL")),
)

# A higher centre's link to each lower centre it follows: the lower centre's feed number stored last.
centre_cursor = sa.Table(
    "centre_cursor", metadata,
    sa.Column("centre", sa.String(32), primary_key=True),
    sa.Column("last_seq", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("last_heard", sa.DateTime(timezone=True)),
    sa.Column("status", sa.String(16), nullable=False, server_default="new"),  # new|catching_up|live|down|refused
    sa.Column("error", sa.Text),
    sa.Column("since", sa.DateTime(timezone=True)),
)

# The halls a lower centre follows, as it describes them (name, level, place: no token), for the halls list.
relayed_halls = sa.Table(
    "relayed_halls", metadata,
    sa.Column("hall", sa.String(32), primary_key=True),
    sa.Column("centre", sa.String(32), nullable=False),
    sa.Column("entry", pg.JSONB, nullable=False),
)

tickets = sa.Table(
    "tickets", metadata,
    sa.Column("hall", sa.String(32), primary_key=True),
    sa.Column("ticket_id", sa.BigInteger, primary_key=True),  # the hall's own id of the ticket
    sa.Column("seq", sa.BigInteger, nullable=False),  # the last event applied: an older one changes nothing
    sa.Column("business_day", sa.Date, nullable=False),
    sa.Column("number", sa.String(16), nullable=False),
    sa.Column("category", sa.String(32), nullable=False),
    sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("called_at", sa.DateTime(timezone=True)),
    sa.Column("finished_at", sa.DateTime(timezone=True)),
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("window", sa.String(16)),
    sa.Column("wait_s", sa.Integer),  # issued → first called
    sa.Index("tickets_day_brin", "business_day", postgresql_using="brin"),
    sa.Index("tickets_hall_day", "hall", "business_day"),
    sa.Index("tickets_waiting", "hall", "business_day", "category", postgresql_where=sa.text("state = 'waiting'")),
)

hall_now = sa.Table(
    "hall_now", metadata,
    sa.Column("hall", sa.String(32), primary_key=True),
    sa.Column("seq", sa.BigInteger, nullable=False, server_default="0"),  # the last event applied
    sa.Column("business_day", sa.Date),
    sa.Column("waiting", pg.JSONB, nullable=False, server_default="{}"),  # category → tickets waiting
    sa.Column("oldest_waiting_since", sa.DateTime(timezone=True)),
    sa.Column("windows", pg.JSONB, nullable=False, server_default="{}"),  # window code → open|paused|closed
    sa.Column("faults", pg.JSONB, nullable=False, server_default="{}"),  # "reporter/device" → {state, reason, since}
)

# Statistics read a rollup of tickets per hall, day and category: a year of a city (tens of millions
# of tickets) answers from a few hundred thousand rows. A day whose tickets changed is marked in
# `days_dirty` as the tickets are stored and recomputed from `tickets` before statistics are read
# (and every minute by the running centre), so the rollup is exact and re-deriving changes nothing.
ticket_days = sa.Table(
    "ticket_days", metadata,
    sa.Column("hall", sa.String(32), primary_key=True),
    sa.Column("business_day", sa.Date, primary_key=True),
    sa.Column("category", sa.String(32), primary_key=True),
    sa.Column("issued", sa.Integer, nullable=False),
    sa.Column("served", sa.Integer, nullable=False),
    sa.Column("no_show", sa.Integer, nullable=False),
    sa.Column("waits", sa.Integer, nullable=False),  # tickets with a wait (called at least once)
    sa.Column("wait_s_sum", sa.BigInteger, nullable=False),
    sa.Column("wait_s_max", sa.Integer),
)

# Ratings (好差评) as the halls' rating events give them, for 差评回访 and the provincial export: the level,
# channel, window and the ticket's number or the case's matter (no reason text and no staff: those stay
# in the hall), the ticket's business day and category as the centre's tickets know them, and the
# follow-up of a bad rating (its deadline, when it was closed and whether late).
ratings = sa.Table(
    "ratings", metadata,
    sa.Column("hall", sa.String(32), primary_key=True),
    sa.Column("rating", sa.BigInteger, primary_key=True),  # the hall's own rating number
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.Column("rated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("subject_kind", sa.String(8), nullable=False),
    sa.Column("level", sa.SmallInteger, nullable=False),
    sa.Column("channel", sa.String(16), nullable=False),
    sa.Column("window", sa.String(16)),
    sa.Column("number", sa.String(16)),
    sa.Column("matter", sa.String(64)),
    sa.Column("business_day", sa.Date),
    sa.Column("category", sa.String(32)),
    sa.Column("follow_up_due", sa.DateTime(timezone=True)),
    sa.Column("follow_up_closed", sa.DateTime(timezone=True)),
    sa.Column("follow_up_late", sa.Boolean),
    sa.Index("ratings_at", "rated_at"),
)

# The waits of the same hall, day and category in whole minutes (rounded down), for the 90th percentile:
# percentiles do not add up from days, but these counts do, and the nearest rank of the whole minutes is
# the exact P90 rounded down to the minute. Refreshed with `ticket_days`.
ticket_day_waits = sa.Table(
    "ticket_day_waits", metadata,
    sa.Column("hall", sa.String(32), primary_key=True),
    sa.Column("business_day", sa.Date, primary_key=True),
    sa.Column("category", sa.String(32), primary_key=True),
    sa.Column("minute", sa.Integer, primary_key=True),
    sa.Column("tickets", sa.Integer, nullable=False),
)

days_dirty = sa.Table(
    "days_dirty", metadata,
    sa.Column("hall", sa.String(32), primary_key=True),
    sa.Column("business_day", sa.Date, primary_key=True),
)

TICKET_EVENTS = frozenset({
    "ticket.issued", "ticket.called", "ticket.recalled", "ticket.serving", "ticket.done", "ticket.no_show",
    "ticket.transferred", "ticket.held", "ticket.resumed", "ticket.cancelled"})
FINISHED = frozenset({"done", "no_show", "cancelled"})
# Personal data never leaves the hall: keys the centre drops, and any ID number left in a text.
_PERSONAL_KEYS = frozenset({"id_number", "id_hash", "name_full", "phone", "mobile"})
_ID_NUMBER = re.compile(r"(?<![0-9])([0-9]{6})(?:[0-9]{8}[0-9]{3}[0-9Xx]|[0-9]{9})(?![0-9A-Za-z])")


def scrub(value: Any) -> Any:
    """The value without personal keys and with every ID-number-like digit run masked (110105********)."""
    if isinstance(value, dict):
        return {k: scrub(v) for k, v in value.items() if k not in _PERSONAL_KEYS}
    if isinstance(value, list):
        return [scrub(v) for v in value]
    if isinstance(value, str) and len(value) >= 15:
        return _ID_NUMBER.sub(lambda m: m.group(1) + "*" * (len(m.group(0)) - 6), value)
    return value


WireEvent = Event  # one event as a hall's log gives it: the hall server's wire schema


def connect(url: str, feeding: bool | None = None) -> sa.Engine:
    """The centre's database (PostgreSQL only), its schema made if it is new; `feeding`: the centre that
    will store into it feeds a higher centre (True), or not (False); None (a reader): left as it is.

    Raises:
        ValueError: the URL is not PostgreSQL, or the schema is of another version.
    """
    engine = sa.create_engine(url, pool_size=8, max_overflow=4, pool_pre_ping=True)
    if engine.dialect.name != "postgresql":
        raise ValueError(f"the centre keeps its data in PostgreSQL only, not {engine.dialect.name}")
    with engine.begin() as conn:
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(7141)"))  # two centres starting at once make it once
        had = {t: sa.inspect(conn).has_table(t) for t in ("ratings", "ticket_day_waits")}
        metadata.create_all(conn)
        found = conn.execute(sa.select(centre_meta.c.value).where(centre_meta.c.name == "schema")).scalar()
        if found is not None and not had["ratings"]:  # a centre from before the ratings table: fill it from the log
            _ratings_from_log(conn)
        if found is not None and not had["ticket_day_waits"]:  # the next rollup makes the waits of every day
            conn.execute(pg.insert(days_dirty).from_select(
                ["hall", "business_day"], sa.select(ticket_days.c.hall, ticket_days.c.business_day).distinct())
                .on_conflict_do_nothing())
        if found is None:
            conn.execute(centre_meta.insert().values(name="schema", value=str(SCHEMA_VERSION)))
        elif found != str(SCHEMA_VERSION):
            raise ValueError(f"the centre's database has schema {found}; this centre needs {SCHEMA_VERSION}")
        was = conn.execute(sa.select(centre_meta.c.value).where(centre_meta.c.name == "feed")).scalar()
        if feeding is not None and (was == "on") != feeding:
            if feeding:  # what was stored while it fed no one joins the feed first, once (a scan of events)
                conn.execute(sa.text(
                    "INSERT INTO feed (hall, hall_seq) SELECT e.hall, e.seq FROM events e WHERE NOT EXISTS "
                    "(SELECT 1 FROM feed f WHERE f.hall = e.hall AND f.hall_seq = e.seq) ORDER BY e.at, e.hall, e.seq"))
            conn.execute(pg.insert(centre_meta).values(name="feed", value="on" if feeding else "off")
                         .on_conflict_do_update(index_elements=[centre_meta.c.name],
                                                set_={"value": "on" if feeding else "off"}))
    return engine


def _ratings_from_log(conn: sa.Connection) -> None:
    """Derive `ratings` from the rating events already stored, hall by hall in sequence order."""
    e = events.c
    rows = conn.execute(sa.select(e.hall, e.seq, e.type, e.at, e.payload).where(
        e.type.in_(("rating.given", "rating.follow_up_closed"))).order_by(e.hall, e.seq)).all()
    for hall in dict.fromkeys(r.hall for r in rows):
        _apply_ratings(conn, hall, [WireEvent(seq=r.seq, type=r.type, at=r.at, data=r.payload)
                                    for r in rows if r.hall == hall])


def cursor_of(engine: sa.Engine, hall: str) -> int:
    """The last sequence number stored for this hall (0 for a new hall)."""
    with engine.connect() as conn:
        found = conn.execute(sa.select(hall_cursor.c.last_seq).where(hall_cursor.c.hall == hall)).scalar()
    return int(found or 0)


def mark(engine: sa.Engine, hall: str, status: str, error: str | None = None) -> None:
    """Set a hall's link status (and the error that explains it); its cursor stays as it is."""
    now = dt.datetime.now(dt.UTC)
    stmt = pg.insert(hall_cursor).values(hall=hall, status=status, error=error, since=now)
    stmt = stmt.on_conflict_do_update(
        index_elements=[hall_cursor.c.hall],
        set_={"status": status, "error": error,
              "since": sa.case((hall_cursor.c.status == status, hall_cursor.c.since), else_=now)},
        where=sa.or_(hall_cursor.c.status != status, hall_cursor.c.error.is_distinct_from(error)))
    with engine.begin() as conn:
        conn.execute(stmt)


_INSERT_EVENTS = sa.text(
    "INSERT INTO events (hall, seq, type, at, payload) "
    "SELECT :hall, s, t, a, p::jsonb FROM unnest(CAST(:seqs AS bigint[]), CAST(:types AS text[]), "
    "CAST(:ats AS timestamptz[]), CAST(:payloads AS text[])) AS e(s, t, a, p) "
    "ON CONFLICT (hall, seq) DO NOTHING RETURNING seq")

_UPSERT_TICKETS = sa.text(
    'INSERT INTO tickets (hall, ticket_id, seq, business_day, number, category, issued_at, queued_at, called_at, '
    'finished_at, state, "window", wait_s) '
    "SELECT :hall, i, s, d, n, c, ia, qa, ca, fa, st, w, ws FROM unnest("
    "CAST(:ids AS bigint[]), CAST(:seqs AS bigint[]), CAST(:days AS date[]), CAST(:numbers AS text[]), "
    "CAST(:categories AS text[]), CAST(:issued AS timestamptz[]), CAST(:queued AS timestamptz[]), "
    "CAST(:called AS timestamptz[]), CAST(:finished AS timestamptz[]), CAST(:states AS text[]), "
    "CAST(:windows AS text[]), CAST(:waits AS int[])) AS t(i, s, d, n, c, ia, qa, ca, fa, st, w, ws) "
    "ON CONFLICT (hall, ticket_id) DO UPDATE SET seq = excluded.seq, business_day = excluded.business_day, "
    "number = excluded.number, category = excluded.category, issued_at = excluded.issued_at, "
    "queued_at = excluded.queued_at, called_at = excluded.called_at, finished_at = excluded.finished_at, "
    'state = excluded.state, "window" = excluded."window", wait_s = excluded.wait_s '
    "WHERE tickets.seq < excluded.seq")


def store(engine: sa.Engine, hall: str, page: Sequence[WireEvent], heard: dt.datetime | None = None,
          feed: bool = False) -> int:
    """Store a page of one hall's events with its derived facts, cursor (and feed rows), in one transaction.

    Events already stored are skipped (idempotent on (hall, seq)); facts derive only from the new
    ones, and each fact keeps the sequence number it was derived from, so nothing is applied twice.

    Returns:
        how many events were new.
    """
    heard = heard or dt.datetime.now(dt.UTC)
    with engine.begin() as conn:
        new = _store_hall(conn, hall, page, heard)
        if feed:
            _append_feed(conn, [(hall, seq) for seq in new])
    return len(new)


def _store_hall(conn: sa.Connection, hall: str, page: Sequence[WireEvent], heard: dt.datetime) -> list[int]:
    """One hall's events, their facts and its cursor; returns the new sequence numbers, in order."""
    new = _insert(conn, hall, page) if page else set()
    fresh = [e for e in page if e.seq in new]
    if fresh:
        _derive(conn, hall, fresh)
    last = max((e.seq for e in page), default=0)
    stmt = pg.insert(hall_cursor).values(hall=hall, last_seq=last, last_heard=heard, status="live", since=heard)
    conn.execute(stmt.on_conflict_do_update(
        index_elements=[hall_cursor.c.hall],
        set_={"last_seq": sa.func.greatest(hall_cursor.c.last_seq, last), "last_heard": heard}))
    return sorted(new)


def _append_feed(conn: sa.Connection, stored: list[tuple[str, int]]) -> None:
    """Add what this transaction stored to the feed, unnumbered (number_feed numbers it once committed)."""
    if stored:
        conn.execute(sa.text("INSERT INTO feed (hall, hall_seq) SELECT h, s FROM unnest(CAST(:halls AS text[]), "
                             "CAST(:seqs AS bigint[])) WITH ORDINALITY AS f(h, s, n) ORDER BY n"),
                     {"halls": [h for h, _ in stored], "seqs": [q for _, q in stored]})


_NUMBER_FEED = sa.text(
    "UPDATE feed SET seq = n.next FROM (SELECT id, (SELECT coalesce(max(seq), 0) FROM feed) "
    "+ row_number() OVER (ORDER BY id) AS next FROM feed WHERE seq IS NULL ORDER BY id LIMIT :most) AS n "
    "WHERE feed.id = n.id")


def number_feed(engine: sa.Engine, most: int = 100_000) -> int:
    """Number the feed's committed, unnumbered rows after the last number, in the order they were stored.

    One numbering at a time (the lock is held to the commit, and the next one reads the numbers
    after taking it), so the numbers commit in order. Returns how many were numbered.
    """
    with engine.begin() as conn:
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(7143)"))
        return int(conn.execute(_NUMBER_FEED, {"most": most}).rowcount)


def feed_page(engine: sa.Engine, after: int, limit: int) -> list[dict[str, Any]]:
    """The feed after this number: each item's number, hall and the event as stored (already scrubbed)."""
    number_feed(engine)
    f, e = feed.c, events.c
    query = (sa.select(f.seq, f.hall, e.seq.label("hall_seq"), e.type, e.at, e.payload)
             .select_from(feed.join(events, sa.and_(e.hall == f.hall, e.seq == f.hall_seq)))
             .where(f.seq > after).order_by(f.seq).limit(limit))
    with engine.connect() as conn:
        return [r._asdict() for r in conn.execute(query)]


def store_relayed(engine: sa.Engine, centre: str, items: Sequence[tuple[int, str, WireEvent]],
                  heard: dt.datetime | None = None, feed: bool = False) -> int:
    """Store a page of a lower centre's feed ((feed number, hall, event) each) as each hall's own events,
    with the lower centre's cursor, in one transaction; idempotent on (hall, seq) as a hall's own page.

    Returns:
        how many events were new.
    """
    heard = heard or dt.datetime.now(dt.UTC)
    by_hall: dict[str, list[WireEvent]] = {}
    for _n, hall, event in items:
        by_hall.setdefault(hall, []).append(event)
    with engine.begin() as conn:
        stored: list[tuple[str, int]] = []
        for hall, page in by_hall.items():
            stored += [(hall, seq) for seq in _store_hall(conn, hall, page, heard)]
        if feed:
            _append_feed(conn, stored)
        last = max((n for n, _h, _e in items), default=0)
        stmt = pg.insert(centre_cursor).values(centre=centre, last_seq=last, last_heard=heard, status="live",
                                               since=heard)
        conn.execute(stmt.on_conflict_do_update(
            index_elements=[centre_cursor.c.centre],
            set_={"last_seq": sa.func.greatest(centre_cursor.c.last_seq, last), "last_heard": heard}))
    return len(stored)


def centre_cursor_of(engine: sa.Engine, centre: str) -> int:
    """The last feed number stored from this lower centre (0 for a new one)."""
    with engine.connect() as conn:
        found = conn.execute(sa.select(centre_cursor.c.last_seq).where(centre_cursor.c.centre == centre)).scalar()
    return int(found or 0)


def mark_centre(engine: sa.Engine, centre: str, status: str, error: str | None = None) -> None:
    """Set a lower centre's link status; its cursor stays as it is."""
    now = dt.datetime.now(dt.UTC)
    stmt = pg.insert(centre_cursor).values(centre=centre, status=status, error=error, since=now)
    stmt = stmt.on_conflict_do_update(
        index_elements=[centre_cursor.c.centre],
        set_={"status": status, "error": error,
              "since": sa.case((centre_cursor.c.status == status, centre_cursor.c.since), else_=now)},
        where=sa.or_(centre_cursor.c.status != status, centre_cursor.c.error.is_distinct_from(error)))
    with engine.begin() as conn:
        conn.execute(stmt)


def keep_relayed_halls(engine: sa.Engine, centre: str, entries: dict[str, dict[str, Any]]) -> None:
    """Keep the halls a lower centre follows (code → its description), as it gave them last."""
    with engine.begin() as conn:
        for hall, entry in entries.items():
            conn.execute(pg.insert(relayed_halls).values(hall=hall, centre=centre, entry=entry).on_conflict_do_update(
                index_elements=[relayed_halls.c.hall], set_={"centre": centre, "entry": entry}))


def relayed(engine: sa.Engine) -> dict[str, dict[str, Any]]:
    """The halls known through lower centres: code → {centre, entry}."""
    with engine.connect() as conn:
        return {r.hall: {"centre": r.centre, "entry": dict(r.entry)} for r in conn.execute(sa.select(relayed_halls))}


def _insert(conn: sa.Connection, hall: str, page: Sequence[WireEvent]) -> set[int]:
    rows = conn.execute(_INSERT_EVENTS, {
        "hall": hall, "seqs": [e.seq for e in page], "types": [e.type for e in page], "ats": [e.at for e in page],
        "payloads": [json.dumps(scrub(e.data), ensure_ascii=False) for e in page]})
    return {r[0] for r in rows}


def _ts(text: Any) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if isinstance(text, str) else None


def _derive(conn: sa.Connection, hall: str, fresh: list[WireEvent]) -> None:
    fresh.sort(key=lambda e: e.seq)
    latest: dict[int, tuple[WireEvent, dict[str, Any]]] = {}
    for e in fresh:
        t = e.data.get("ticket") if e.type in TICKET_EVENTS else None
        if isinstance(t, dict) and isinstance(t.get("id"), int):
            latest[t["id"]] = (e, t)
    if latest:
        _upsert_tickets(conn, hall, list(latest.values()))
    _apply_ratings(conn, hall, [e for e in fresh if e.type in ("rating.given", "rating.follow_up_closed")])
    _apply_now(conn, hall, fresh)


def _apply_ratings(conn: sa.Connection, hall: str, found: list[WireEvent]) -> None:
    """Store each rating once (on (hall, rating)) and mark its follow-up closed; runs after the tickets."""
    t = tickets.c
    for e in found:
        d = e.data
        if not isinstance(d.get("rating"), int):
            continue
        if e.type == "rating.follow_up_closed":
            conn.execute(ratings.update().where(ratings.c.hall == hall, ratings.c.rating == d["rating"]).values(
                follow_up_closed=e.at, follow_up_late=bool(d.get("late"))))
            continue
        ticket = None
        if d.get("subject_kind") == "ticket" and d.get("number"):
            ticket = conn.execute(sa.select(t.business_day, t.category).where(
                t.hall == hall, t.number == str(d["number"]), t.issued_at <= e.at)
                .order_by(t.issued_at.desc()).limit(1)).first()
        conn.execute(pg.insert(ratings).values(
            hall=hall, rating=d["rating"], seq=e.seq, rated_at=e.at, subject_kind=str(d.get("subject_kind")),
            level=int(d.get("level") or 0), channel=str(d.get("channel")), window=d.get("window"),
            number=d.get("number"), matter=d.get("matter"),
            business_day=ticket.business_day if ticket else None, category=ticket.category if ticket else None,
            follow_up_due=_ts(d.get("follow_up_due"))).on_conflict_do_nothing())


def _upsert_tickets(conn: sa.Connection, hall: str, found: list[tuple[WireEvent, dict[str, Any]]]) -> None:
    cols: dict[str, list[Any]] = {k: [] for k in ("ids", "seqs", "days", "numbers", "categories", "issued", "queued",
                                                   "called", "finished", "states", "windows", "waits")}
    for e, t in found:
        issued, called = _ts(t.get("issued_at")), _ts(t.get("called_at"))
        state = str(t.get("state"))
        cols["ids"].append(t["id"])
        cols["seqs"].append(e.seq)
        cols["days"].append(dt.date.fromisoformat(t["business_day"]))
        cols["numbers"].append(str(t.get("number")))
        cols["categories"].append(str(t.get("category")))
        cols["issued"].append(issued)
        cols["queued"].append(_ts(t.get("queued_at")) or issued)
        cols["called"].append(called)
        cols["finished"].append(e.at if state in FINISHED else None)
        cols["states"].append(state)
        cols["windows"].append(t.get("window"))
        cols["waits"].append(int((called - issued).total_seconds()) if called and issued else None)
    conn.execute(_UPSERT_TICKETS, {"hall": hall, **cols})
    conn.execute(pg.insert(days_dirty).values([{"hall": hall, "business_day": d} for d in set(cols["days"])])
                 .on_conflict_do_nothing())


def refresh_days(engine: sa.Engine) -> int:
    """Recompute the rollup of every day whose tickets changed since; returns how many hall-days."""
    t, r = tickets.c, ticket_days.c
    with engine.begin() as conn:
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(7142)"))  # one refresh at a time
        dirty = conn.execute(sa.delete(days_dirty).returning(days_dirty.c.hall, days_dirty.c.business_day)).all()
        if not dirty:
            return 0
        halls, days = [d.hall for d in dirty], [d.business_day for d in dirty]
        chosen = sa.select(sa.func.unnest(sa.cast(halls, pg.ARRAY(sa.String))).label("hall"),
                           sa.func.unnest(sa.cast(days, pg.ARRAY(sa.Date))).label("business_day")).subquery()
        conn.execute(sa.delete(ticket_days).where(sa.tuple_(r.hall, r.business_day).in_(
            sa.select(chosen.c.hall, chosen.c.business_day))))
        chosen_days = sa.tuple_(ticket_day_waits.c.hall, ticket_day_waits.c.business_day).in_(
            sa.select(chosen.c.hall, chosen.c.business_day))
        conn.execute(sa.delete(ticket_day_waits).where(chosen_days))
        minute = (t.wait_s // 60).label("minute")  # integer division: whole minutes, rounded down
        conn.execute(sa.insert(ticket_day_waits).from_select(
            ["hall", "business_day", "category", "minute", "tickets"],
            sa.select(t.hall, t.business_day, t.category, minute, sa.func.count())
            .select_from(tickets.join(chosen, sa.and_(t.hall == chosen.c.hall,
                                                      t.business_day == chosen.c.business_day)))
            .where(t.wait_s.is_not(None)).group_by(t.hall, t.business_day, t.category, minute)))
        conn.execute(sa.insert(ticket_days).from_select(
            ["hall", "business_day", "category", "issued", "served", "no_show", "waits", "wait_s_sum", "wait_s_max"],
            sa.select(t.hall, t.business_day, t.category, sa.func.count(),
                      sa.func.count().filter(t.state == "done"), sa.func.count().filter(t.state == "no_show"),
                      sa.func.count(t.wait_s), sa.func.coalesce(sa.func.sum(t.wait_s), 0), sa.func.max(t.wait_s))
            .select_from(tickets.join(chosen, sa.and_(t.hall == chosen.c.hall,
                                                      t.business_day == chosen.c.business_day)))
            .group_by(t.hall, t.business_day, t.category)))
    return len(dirty)


def _apply_now(conn: sa.Connection, hall: str, fresh: Iterable[WireEvent]) -> None:
    """Bring `hall_now` up to these events: windows, faults, the business day, then the waiting line."""
    conn.execute(pg.insert(hall_now).values(hall=hall).on_conflict_do_nothing())
    row = conn.execute(sa.select(hall_now).where(hall_now.c.hall == hall).with_for_update()).one()
    seq, day = row.seq, row.business_day
    windows, faults = dict(row.windows), dict(row.faults)
    for e in fresh:
        if e.seq <= seq:
            continue
        seq = e.seq
        if e.type.startswith("window."):
            code = (e.data.get("window") or {}).get("code")
            if code:
                windows[code] = {"window.opened": "open", "window.paused": "paused"}.get(e.type, "closed")
        elif e.type == "device.health":
            key = f"{e.data.get('reporter')}/{e.data.get('device')}"
            if e.data.get("state") in ("ok", None):
                faults.pop(key, None)
            elif key not in faults or faults[key]["state"] != e.data.get("state"):
                faults[key] = {"state": e.data.get("state"), "reason": e.data.get("reason", ""),
                               "reason_zh": e.data.get("reason_zh"), "reason_en": e.data.get("reason_en"),
                               "since": e.at.isoformat()}
        elif e.type == "day.rolled" and isinstance(e.data.get("business_day"), str):
            day = max(day, dt.date.fromisoformat(e.data["business_day"])) if day else \
                dt.date.fromisoformat(e.data["business_day"])
        elif e.type in TICKET_EVENTS and isinstance(e.data.get("ticket"), dict):
            d = dt.date.fromisoformat(e.data["ticket"]["business_day"])
            day = d if day is None or d > day else day
    if seq == row.seq:
        return
    t = tickets.c
    waiting: dict[str, int] = {}
    oldest = None
    if day is not None:
        for category, count, first in conn.execute(
                sa.select(t.category, sa.func.count(), sa.func.min(t.queued_at))
                .where(t.hall == hall, t.business_day == day, t.state == "waiting").group_by(t.category)):
            waiting[category] = count
            oldest = first if oldest is None or first < oldest else oldest
    conn.execute(hall_now.update().where(hall_now.c.hall == hall).values(
        seq=seq, business_day=day, waiting=waiting, oldest_waiting_since=oldest, windows=windows, faults=faults))


def halls_now(engine: sa.Engine) -> dict[str, dict[str, Any]]:
    """Each known hall's cursor and live facts, by hall code."""
    c, n = hall_cursor.c, hall_now.c
    query = sa.select(c.hall, c.last_seq, c.last_heard, c.status, c.error, c.since, n.business_day, n.waiting,
                      n.oldest_waiting_since, n.windows, n.faults).select_from(
        hall_cursor.outerjoin(hall_now, n.hall == c.hall))
    with engine.connect() as conn:
        return {r.hall: r._asdict() for r in conn.execute(query)}


def stats_by_month(engine: sa.Engine, since: dt.date, until: dt.date) -> list[dict[str, Any]]:
    """Tickets per hall per month in [since, until): issued, served, no-shows, average and longest wait."""
    refresh_days(engine)
    r = ticket_days.c
    month = sa.func.date_trunc("month", r.business_day).label("month")
    query = (sa.select(r.hall, month, sa.func.sum(r.issued).label("issued"), sa.func.sum(r.served).label("served"),
                       sa.func.sum(r.no_show).label("no_show"),
                       (sa.func.sum(r.wait_s_sum) / sa.func.nullif(sa.func.sum(r.waits), 0)).label("wait_avg_s"),
                       sa.func.max(r.wait_s_max).label("wait_max_s"))
             .where(r.business_day >= since, r.business_day < until).group_by(r.hall, month).order_by(r.hall, month))
    with engine.connect() as conn:
        return [r._asdict() for r in conn.execute(query)]
