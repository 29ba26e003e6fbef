"""Storage: SQLAlchemy Core tables, the schema's migrations (`migrate`), and the write/read transactions.

SQLite (WAL, synchronous=FULL) is the embedded default; a PostgreSQL URL runs the same code,
and several server instances may share one PostgreSQL database.

Every writing transaction takes the hall's write lock before it reads anything: SQLite's own
(`BEGIN IMMEDIATE`), on PostgreSQL a transaction-level advisory lock (`HALL_WRITE_LOCK`). So
writers are serialised hall-wide, across instances too, and always take that one lock first:
a rule that reads and then writes (the next ticket number, a lease block, the business day,
an idempotency key, "one waiting ticket per ID card") sees every write committed before it,
no two writers deadlock, and events are committed in the order of their sequence numbers, so
a subscriber reading "after N" never misses one. Readers take no lock.
"""
from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event as sa_event
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.sql.compiler import SQLCompiler

log = logging.getLogger(__name__)

# The key of PostgreSQL's advisory lock that every writing transaction takes first ("hall" in ASCII).
HALL_WRITE_LOCK = 0x68616C6C

# Today's tables. A change here is a new revision in hall_server/migrations/versions, and
# tests/hall_server/test_migrations.py checks that a database at the head matches this.
metadata = sa.MetaData()

hall_state = sa.Table(
    "hall_state", metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

counters = sa.Table(
    "counters", metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("value", sa.BigInteger, nullable=False),
)

number_counters = sa.Table(
    "number_counters", metadata,
    sa.Column("business_day", sa.String(10), primary_key=True),
    sa.Column("category", sa.String(32), primary_key=True),
    sa.Column("value", sa.Integer, nullable=False),  # the last sequence number handed out
    # Tickets issued plus numbers leased and not yet used or released: what the daily cap counts.
    sa.Column("reserved", sa.Integer, nullable=False),
)

tickets = sa.Table(
    "tickets", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("business_day", sa.String(10), nullable=False),
    sa.Column("number", sa.String(8), nullable=False),
    sa.Column("number_category", sa.String(32), nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("category", sa.String(32), nullable=False),
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("id_hash", sa.String(64)),
    sa.Column("masked_name", sa.String(64)),
    sa.Column("green", sa.Boolean, nullable=False, default=False),
    sa.Column("appointment_id", sa.String(64)),
    sa.Column("slot_start", sa.Float),
    sa.Column("slot_end", sa.Float),
    sa.Column("issued_at", sa.Float, nullable=False),
    sa.Column("queued_at", sa.Float, nullable=False),
    sa.Column("called_at", sa.Float),
    sa.Column("serving_at", sa.Float),
    sa.Column("finished_at", sa.Float),
    sa.Column("window", sa.String(16)),
    sa.Column("target_window", sa.String(16)),
    sa.Column("recall_count", sa.Integer, nullable=False, default=0),
    sa.Column("transfers", sa.Integer, nullable=False, default=0),
    sa.Column("reason", sa.String(200)),
    sa.Column("lease_id", sa.String(40)),
    sa.Column("issued_by", sa.String(64), nullable=False),
    sa.Column("track_token", sa.String(64), nullable=False, unique=True),
    # The wait promised at issue (revision 0015): hall_rules.wait_promise's point and displayed range.
    sa.Column("promise_point_min", sa.Integer),
    sa.Column("promise_low_min", sa.Integer),
    sa.Column("promise_high_min", sa.Integer),
    sa.UniqueConstraint("business_day", "number", name="uq_ticket_number"),
)
sa.Index("ix_tickets_day_state", tickets.c.business_day, tickets.c.state, tickets.c.category)
sa.Index("ix_tickets_id_hash", tickets.c.business_day, tickets.c.id_hash)
sa.Index("ix_tickets_number_category", tickets.c.business_day, tickets.c.number_category)
sa.Index("ix_tickets_lease", tickets.c.lease_id)

windows = sa.Table(
    "windows", metadata,
    sa.Column("code", sa.String(16), primary_key=True),
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("reason", sa.String(100)),
    sa.Column("staff", sa.String(64)),
    sa.Column("current_ticket", sa.Integer),
    sa.Column("since", sa.Float),
    # When the window last let its ticket go (added by revision 0002): with `since`, its idle time.
    sa.Column("idle_since", sa.Float),
)

leases = sa.Table(
    "leases", metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("device", sa.String(64), nullable=False),
    sa.Column("category", sa.String(32), nullable=False),
    sa.Column("business_day", sa.String(10), nullable=False),
    sa.Column("first", sa.Integer, nullable=False),
    sa.Column("last", sa.Integer, nullable=False),
    sa.Column("granted_at", sa.Float, nullable=False),
    sa.Column("released_at", sa.Float),
)

appointments = sa.Table(
    "appointments", metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("category", sa.String(32), nullable=False),
    sa.Column("date", sa.String(10), nullable=False),
    sa.Column("slot_start", sa.String(5), nullable=False),
    sa.Column("slot_end", sa.String(5), nullable=False),
    sa.Column("id_hash", sa.String(64)),
    sa.Column("masked_name", sa.String(64)),
    sa.Column("ticket_id", sa.Integer),
    sa.Column("created_at", sa.Float, nullable=False),
    # HMAC of the ID number under the date's lookup key (added by revision 0003): kiosks match offline.
    sa.Column("id_digest", sa.String(64)),
)

lookup_keys = sa.Table(
    "lookup_keys", metadata,
    sa.Column("date", sa.String(10), primary_key=True),
    sa.Column("key", sa.String(64), nullable=False),
)

device_health = sa.Table(
    "device_health", metadata,
    sa.Column("reporter", sa.String(64), primary_key=True),
    sa.Column("reported_at", sa.Float, nullable=False),
    sa.Column("devices", sa.Text, nullable=False),  # JSON: {device: DeviceState}
    sa.Column("version", sa.String(64)),  # the reporting app's version (migration 16)
)

# The console's 设备 page (migration 16): each device part's condition since when, its changes for
# 31 days, the night notices of always-on kiosks, and remote self-tests.
device_states = sa.Table(
    "device_states", metadata,
    sa.Column("device", sa.String(64), primary_key=True),
    sa.Column("part", sa.String(64), primary_key=True),  # "connection": heard from or not
    sa.Column("condition", sa.String(24), nullable=False),
    sa.Column("since", sa.Float, nullable=False),
    sa.Column("reason_zh", sa.String(200)),
    sa.Column("reason_en", sa.String(200)),
)

device_history = sa.Table(
    "device_history", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("device", sa.String(64), nullable=False),
    sa.Column("part", sa.String(64), nullable=False),
    sa.Column("condition", sa.String(24), nullable=False),
    sa.Column("previous", sa.String(24)),
    sa.Column("reason_zh", sa.String(200)),
    sa.Column("reason_en", sa.String(200)),
    sa.Column("at", sa.Float, nullable=False),
    sa.Index("device_history_by_device", "device", "at"),
    sa.Index("device_history_by_time", "at"),
)

device_alerts = sa.Table(
    "device_alerts", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("device", sa.String(64), nullable=False),
    sa.Column("condition", sa.String(24), nullable=False),
    sa.Column("started_at", sa.Float, nullable=False),
    sa.Column("ended_at", sa.Float),
)

self_tests = sa.Table(
    "self_tests", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("device", sa.String(64), nullable=False),
    sa.Column("state", sa.String(16), nullable=False),  # pending, running, done
    sa.Column("requested_at", sa.Float, nullable=False),
    sa.Column("requested_by", sa.String(80), nullable=False),
    sa.Column("taken_at", sa.Float),
    sa.Column("finished_at", sa.Float),
    sa.Column("passed", sa.Boolean),
    sa.Column("result", sa.Text),  # JSON: kiosk-diag's report
    sa.Index("self_tests_by_device", "device", "state"),
)

events = sa.Table(
    "events", metadata,
    sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("at", sa.Float, nullable=False),
    sa.Column("type", sa.String(32), nullable=False),
    sa.Column("data", sa.Text, nullable=False),
)

idempotency = sa.Table(
    "idempotency", metadata,
    sa.Column("principal", sa.String(80), primary_key=True),
    sa.Column("key", sa.String(100), primary_key=True),
    sa.Column("request_hash", sa.String(64), nullable=False),
    sa.Column("status", sa.Integer, nullable=False),
    sa.Column("response", sa.Text, nullable=False),
    sa.Column("at", sa.Float, nullable=False),
)

sessions = sa.Table(
    "sessions", metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("username", sa.String(64), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("window", sa.String(16)),
    sa.Column("expires_at", sa.Float, nullable=False),
)

login_failures = sa.Table(
    "login_failures", metadata,
    sa.Column("username", sa.String(64), primary_key=True),
    sa.Column("count", sa.Integer, nullable=False),
    sa.Column("locked_until", sa.Float),
)

hall_config = sa.Table(
    "hall_config", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("toml", sa.Text, nullable=False),
    sa.Column("loaded_at", sa.Float, nullable=False),
)

notices = sa.Table(
    "notices", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("text", sa.String(200), nullable=False),
    sa.Column("text_en", sa.String(400)),
    sa.Column("area", sa.String(32)),  # None: the whole hall
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("updated_at", sa.Float, nullable=False),
    sa.Column("updated_by", sa.String(80), nullable=False),
)

# A case (办件) from the approval system: the kiosk's progress query and certificate self-print.
cases = sa.Table(
    "cases", metadata,
    sa.Column("number", sa.String(40), primary_key=True),   # 办件编号, as the approval system gives it
    sa.Column("matter", sa.String(32), nullable=False),     # a matter code of the hall's service guide
    sa.Column("id_hash", sa.String(64), nullable=False),    # keyed hash of the applicant's ID number
    sa.Column("masked_name", sa.String(64), nullable=False),
    sa.Column("stage", sa.String(16), nullable=False),      # accepted → reviewing → approved → done
    sa.Column("accepted_on", sa.String(10), nullable=False),
    sa.Column("legal_due", sa.String(10), nullable=False),    # working days counted on the hall calendar
    sa.Column("promised_due", sa.String(10), nullable=False),
    sa.Column("done_on", sa.String(10)),
    sa.Column("stage_at", sa.Float, nullable=False),        # when the approval system says the stage began
    sa.Column("imported_at", sa.Float, nullable=False),
    sa.Column("updated_at", sa.Float, nullable=False),
)
sa.Index("ix_cases_id_hash", cases.c.id_hash)

# --- cases: result documents and certificate self-print (revision 0005) -------------------------

# A result document (PDF) of a case, printed by the citizen at a kiosk (自助打印出证).
case_documents = sa.Table(
    "case_documents", metadata,
    sa.Column("case_number", sa.String(40), sa.ForeignKey("cases.number"), primary_key=True),
    sa.Column("doc", sa.String(40), primary_key=True),       # the document's name within its case
    sa.Column("title", sa.String(100), nullable=False),
    sa.Column("title_en", sa.String(200), nullable=False),
    sa.Column("pdf", sa.LargeBinary, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("pages", sa.Integer, nullable=False),
    sa.Column("added_at", sa.Float, nullable=False),
    sa.Column("updated_at", sa.Float, nullable=False),
    sa.Column("issued_at", sa.Float),                        # the completed print that issued it
    sa.Column("issued_print", sa.String(32)),
)

# One print of a document at a kiosk, with its verification code; only `completed` issues it.
certificate_prints = sa.Table(
    "certificate_prints", metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("code", sa.String(16), nullable=False, unique=True),
    sa.Column("case_number", sa.String(40), nullable=False),
    sa.Column("doc", sa.String(40), nullable=False),
    sa.Column("kiosk", sa.String(80), nullable=False),
    sa.Column("state", sa.String(16), nullable=False),      # printing | completed | failed | cancelled | void
    sa.Column("reprint", sa.Boolean, nullable=False),
    sa.Column("authorised_by", sa.String(64)),              # staff username that allowed a second print
    sa.Column("requested_at", sa.Float, nullable=False),
    sa.Column("reported_at", sa.Float),
    sa.Column("job_id", sa.String(100)),
    sa.Column("detail", sa.String(300)),
)
sa.Index("ix_certificate_prints_document", certificate_prints.c.case_number, certificate_prints.c.doc)


# --- ratings (好差评), service segments (revision 0006) -------------------------------------------

# One row per service a ticket received at a window (一票到底: a transferred ticket has several),
# written by the queue engine when the service ends: finished, transferred, no-show or held.
service_segments = sa.Table(
    "service_segments", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("ticket_id", sa.Integer, nullable=False),
    sa.Column("business_day", sa.String(10), nullable=False),
    sa.Column("category", sa.String(32), nullable=False),   # the category served in this segment
    sa.Column("window", sa.String(16), nullable=False),
    sa.Column("staff", sa.String(64)),                      # username at the window, if any
    sa.Column("called_at", sa.Float, nullable=False),
    sa.Column("serving_at", sa.Float),                      # None: ended before service began
    sa.Column("ended_at", sa.Float, nullable=False),
    sa.Column("outcome", sa.String(16), nullable=False),    # done | transferred | no_show | held
)
sa.Index("ix_segments_day_window", service_segments.c.business_day, service_segments.c.window)
sa.Index("ix_segments_ticket", service_segments.c.ticket_id, service_segments.c.called_at)

# A window terminal asks its evaluator (评价器) to rate one ticket; a newer request replaces it.
rating_requests = sa.Table(
    "rating_requests", metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("window", sa.String(16), nullable=False),
    sa.Column("ticket_id", sa.Integer, nullable=False),
    sa.Column("requested_by", sa.String(80), nullable=False),
    sa.Column("requested_at", sa.Float, nullable=False),
    sa.Column("expires_at", sa.Float, nullable=False),
    sa.Column("closed_at", sa.Float),
    sa.Column("closed_reason", sa.String(16)),              # replaced | rated
)
sa.Index("ix_rating_requests_window", rating_requests.c.window, rating_requests.c.closed_at)

# One rating per ticket and one per case: the unique columns hold even against a racing writer.
ratings = sa.Table(
    "ratings", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("subject_kind", sa.String(8), nullable=False),   # ticket | case
    sa.Column("ticket_id", sa.Integer, unique=True),
    sa.Column("case_number", sa.String(40), unique=True),
    sa.Column("ticket_number", sa.String(8)),
    sa.Column("business_day", sa.String(10), nullable=False),  # the ticket's day; a case's rating day
    sa.Column("category", sa.String(32)),
    sa.Column("matter", sa.String(32)),
    sa.Column("window", sa.String(16)),
    sa.Column("staff", sa.String(64)),
    sa.Column("level", sa.Integer, nullable=False),
    sa.Column("reason_code", sa.String(32)),
    sa.Column("reason_text", sa.String(200)),
    sa.Column("channel", sa.String(16), nullable=False),       # evaluator | kiosk
    sa.Column("device", sa.String(80), nullable=False),
    sa.Column("rated_at", sa.Float, nullable=False),
)
sa.Index("ix_ratings_day", ratings.c.business_day)
sa.Index("ix_ratings_rated_at", ratings.c.rated_at)

# A bad rating (levels 1–2) is followed up by the hall admin before its deadline.
rating_follow_ups = sa.Table(
    "rating_follow_ups", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("rating_id", sa.Integer, nullable=False, unique=True),
    sa.Column("opened_at", sa.Float, nullable=False),
    sa.Column("due_at", sa.Float, nullable=False),
    sa.Column("closed_at", sa.Float),
    sa.Column("closed_by", sa.String(80)),
    sa.Column("note", sa.String(500)),
)
sa.Index("ix_follow_ups_closed", rating_follow_ups.c.closed_at, rating_follow_ups.c.due_at)

# --- attempts that guess (revision 0008) ----------------------------------------------------------

# Each PIN check, each check of a citizen's ID against a case, each case read by a kiosk: counted
# here before it is answered, so limits hold across parallel requests and server instances.
attempts = sa.Table(
    "attempts", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(16), nullable=False),       # pin | applicant | case_read
    sa.Column("subject", sa.String(80), nullable=False),    # the username, the case number, or "" (any)
    sa.Column("source", sa.String(80), nullable=False),     # the client's address or the device
    sa.Column("at", sa.Float, nullable=False),
    sa.Column("outcome", sa.String(8), nullable=False),     # pending | ok | failed
)
sa.Index("ix_attempts_subject", attempts.c.kind, attempts.c.subject, attempts.c.at)
sa.Index("ix_attempts_source", attempts.c.kind, attempts.c.source, attempts.c.at)

# --- forms filled at the kiosk, 电子填单 (revision 0018) ---------------------------------------------

# A ticket's form while its ticket is in the queue: personal data, deleted (hall_server.forms)
# when the ticket ends and at the day's turnover. Never copied into events.
forms = sa.Table(
    "forms", metadata,
    sa.Column("ticket_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("matter", sa.String(64), nullable=False),
    sa.Column("data", sa.Text, nullable=False),          # JSON: {"values": {...}, "materials": [...]}
    sa.Column("created_at", sa.Float, nullable=False),
)

# That a ticket had a form, kept after the form itself is gone: no personal data.
forms_seen = sa.Table(
    "forms_seen", metadata,
    sa.Column("ticket_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("business_day", sa.String(10), nullable=False),
    sa.Column("matter", sa.String(64), nullable=False),
    sa.Column("filled_at", sa.Float, nullable=False),
    sa.Column("confirmed", sa.Boolean),                  # the citizen's answer on the evaluator; NULL: none
)

APPOINTMENT_SIGNING_KEY = "appointment_signing_key"  # hall_state: raw Ed25519 private key, base64
EVENTS_CHANNEL = "hall_events"  # PostgreSQL NOTIFY channel: "events were committed"


def make_engine(url: str) -> sa.Engine:
    """An engine for a SQLite path/URL or a PostgreSQL URL, with the pragmas the hall relies on."""
    if "://" not in url:
        url = f"sqlite:///{url}"
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": 30},
                                  pool_size=8, max_overflow=24)

        @sa_event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
            # pysqlite's own implicit BEGIN is deferred and late; Store issues BEGIN itself instead.
            # (A pool "connect" listener, not a "begin" one: connection events would slow every statement.)
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            # FULL: a ticket or an event acknowledged to a client survives a power cut.
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        return engine
    return sa.create_engine(url, pool_size=10, max_overflow=30, pool_pre_ping=True)


def migrate(store: Store, clock: Callable[[], float] | None = None) -> str:
    """Bring the database to this server's schema (hall_server/migrations); returns its revision.

    All of it runs in one writing transaction, which holds the hall's write lock: instances that
    start at once on one database migrate one after the other, and all but the first find
    nothing left to do. A failing revision leaves the database as it was.

    Args:
        clock: not used (Alembic records no times); kept for the callers of the numbered steps.
    """
    from . import migrations

    with store.write() as conn:
        return migrations.upgrade(conn)


def insert_missing(table: sa.Table, dialect: sa.Dialect) -> sa.Insert:
    """`INSERT … ON CONFLICT DO NOTHING` for the dialect: creates a row unless it is there already."""
    if dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql
        return postgresql.insert(table).on_conflict_do_nothing()
    from sqlalchemy.dialects import sqlite
    return sqlite.insert(table).on_conflict_do_nothing()


def dbapi_connection(conn: sa.Connection) -> DBAPIConnection:
    """The driver's connection under `conn`, which is there while `conn` is open and valid."""
    dbapi = conn.connection.dbapi_connection
    if dbapi is None:  # invalidated (SQLAlchemy drops it when the database connection broke)
        raise sa.exc.ResourceClosedError("the database connection was invalidated")
    return dbapi


class Prepared:
    """A statement compiled once for the store's dialect and run on the raw DBAPI cursor.

    The queue writer runs a handful of statements for every ticket, and SQLAlchemy's work per
    execution (cache keys, event dispatch, result wrapping) costs several times what SQLite
    itself does. The hot path therefore compiles its statements once and skips that layer.
    Only plain values (str, int, float, bool, None) go through here.
    """

    def __init__(self, stmt: sa.ClauseElement, dialect: sa.Dialect, column_keys: list[str] | None = None):
        compiled = stmt.compile(dialect=dialect, column_keys=column_keys)
        if not isinstance(compiled, SQLCompiler):  # DDL has no binds to fill
            raise TypeError(f"not a DML or SELECT statement: {stmt}")
        self.sql = compiled.string
        names = compiled.bind_names
        self.fixed = {names[b]: getattr(b.value, "value", b.value) for b in compiled.binds.values() if not b.required}
        self.order = list(compiled.positiontup or ()) if compiled.positional else None

    def execute(self, conn: sa.Connection, params: dict[str, Any] | None = None) -> Any:
        """Run in `conn`'s transaction; returns the DBAPI cursor."""
        values = {**self.fixed, **params} if params else self.fixed
        cursor = dbapi_connection(conn).cursor()
        cursor.execute(self.sql, [values[n] for n in self.order] if self.order is not None else values)
        return cursor


class Savepoint:
    """A savepoint on the raw DBAPI connection: one command of a group commit, undone alone.

    SQLAlchemy's `begin_nested()` does the same with several times the Python work; the queue
    writer takes one per command, so it speaks SQL directly (the same on SQLite and PostgreSQL).
    """

    def __init__(self, conn: sa.Connection):
        self.cursor = dbapi_connection(conn).cursor()
        self.cursor.execute("SAVEPOINT command")

    def commit(self) -> None:
        self.cursor.execute("RELEASE SAVEPOINT command")

    def undo(self) -> None:
        """Undo what was done since the savepoint, which stays for what follows."""
        self.cursor.execute("ROLLBACK TO SAVEPOINT command")

    def rollback(self) -> None:
        self.undo()
        self.cursor.execute("RELEASE SAVEPOINT command")


# SQLSTATEs with which PostgreSQL rolls a transaction back that may simply run again.
TRANSIENT_STATES = {"40001": "serialization_failure", "40P01": "deadlock_detected"}


def sqlstate(exc: BaseException) -> str | None:
    """The SQLSTATE of a database error (SQLAlchemy's wrapper or the driver's own), if it has one."""
    orig = getattr(exc, "orig", exc)
    return getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)


def is_transient(exc: BaseException) -> bool:
    return sqlstate(exc) in TRANSIENT_STATES


class Store:
    """Owns the engine; hands out writing and reading transactions."""

    def __init__(self, url: str):
        self.url = url
        self.engine = make_engine(url)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        # On SQLite one writer at a time anyway; queueing in Python beats spinning on busy_timeout.
        self._write_lock = threading.Lock() if self.is_sqlite else contextlib.nullcontext()

    @contextlib.contextmanager
    def write(self, after_commit: Callable[[], None] | None = None) -> Iterator[sa.Connection]:
        """A writing transaction; `after_commit` runs once it committed, still in write order."""
        with self._write_lock:
            with self.engine.begin() as conn:
                if self.is_sqlite:
                    conn.exec_driver_sql("BEGIN IMMEDIATE")  # take the write lock now, not at first write
                else:
                    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({HALL_WRITE_LOCK})")
                yield conn
            if after_commit is not None:
                after_commit()

    @contextlib.contextmanager
    def read(self) -> Iterator[sa.Connection]:
        conn = self.engine.connect()
        try:
            with conn.begin():
                if self.is_sqlite:
                    conn.exec_driver_sql("BEGIN")  # one snapshot for every read that follows
                yield conn
        finally:
            conn.close()

    def describe(self) -> str:
        return f"{self.engine.dialect.name}"

    def close(self) -> None:
        self.engine.dispose()
