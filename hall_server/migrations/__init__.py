"""The hall database's schema migrations: an Alembic revision chain that ships inside the package.

`versions/` holds one revision per change of the schema, oldest first: 0001 creates the tables
as the first hall server made them, each later one makes one change, with the data it needs
(a key, a backfill, a rewrite). The server runs them at start on its own connection
(`hall_server.db.migrate`), so no alembic.ini and no working directory play a part.

A database from before Alembic (no `alembic_version`, a `schema_version` table with the steps
its server applied, 1 to 9) is adopted first: stamped at the revision of its last step, then
upgraded like any other. The steps of those servers made their tables from the table
definitions of their own day, so a database left between two steps (a server stopped after
step 1 or 2 committed, before the next) may already hold the column that the next step adds;
nothing ever wrote to it, and it is dropped so that the next revision adds it as it does
everywhere else.

A new revision: `python -m hall_server.migrations revision -m "what changes"` writes its file;
fill in `upgrade()`, and tests/hall_server/test_migrations.py checks that a new database at
head matches `hall_server.db.metadata`.
"""
from __future__ import annotations

import logging
import pathlib

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

log = logging.getLogger("hall_server.db")

HERE = pathlib.Path(__file__).resolve().parent

#: The step of a server from before Alembic (its `schema_version`) → the revision that made the same.
LEGACY_STEPS = {1: "0001", 2: "0002", 3: "0003", 4: "0004", 5: "0005", 6: "0006", 7: "0007", 8: "0008",
                9: "0009"}

#: What each such step left in the database, to check a stamp against (step 7 made a PostgreSQL
#: trigger, step 9 rewrote rows: their tables are those of the step before).
_LEGACY_TABLES = {
    1: {"hall_state", "counters", "number_counters", "tickets", "windows", "leases", "appointments", "events",
        "idempotency", "sessions", "login_failures", "hall_config", "schema_version"},
    2: {"notices"}, 3: {"lookup_keys", "device_health"}, 4: {"cases"}, 5: {"case_documents", "certificate_prints"},
    6: {"service_segments", "rating_requests", "ratings", "rating_follow_ups"}, 8: {"attempts"},
}
#: Columns a later step adds to a table an earlier step made: (step, table, column).
_LATER_COLUMNS = [(2, "windows", "idle_since"), (3, "appointments", "id_digest")]


class MigrationRefused(RuntimeError):
    """The database cannot be brought to this server's schema; nothing was changed."""


def config(connection: sa.Connection | None = None) -> Config:
    """Alembic's configuration for the hall: the scripts beside this file, no ini file."""
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.attributes["connection"] = connection
    return cfg


def head() -> str:
    """The newest revision this server knows."""
    newest = ScriptDirectory.from_config(config()).get_current_head()
    if newest is None:
        raise RuntimeError(f"no migration scripts in {HERE / 'versions'}")
    return newest


def current(conn: sa.Connection) -> str | None:
    """The revision the database is at (None: no Alembic record)."""
    return MigrationContext.configure(conn).get_current_revision()


def upgrade(conn: sa.Connection) -> str:
    """Adopt a database from before Alembic, then apply every revision it lacks, on `conn`.

    `conn` is in a transaction that holds the hall's write lock; the caller commits.

    Returns:
        The revision the database is at now (the head).

    Raises:
        MigrationRefused: a database newer than this server, or an old one that is not what its
            `schema_version` says.
    """
    cfg = config(conn)
    scripts = ScriptDirectory.from_config(cfg)
    inspector = sa.inspect(conn)
    if not inspector.has_table("alembic_version") and inspector.has_table("schema_version"):
        command.stamp(cfg, _adopt(conn, inspector))
    at = current(conn)
    if at is not None and at not in {s.revision for s in scripts.walk_revisions()}:
        raise MigrationRefused(f"the database is at schema revision {at}, which this hall server does not know "
                               f"(its newest is {scripts.get_current_head()}): a newer server made it")
    command.upgrade(cfg, "head")
    return current(conn) or ""


def _adopt(conn: sa.Connection, inspector: sa.Inspector) -> str:
    """The revision at which to stamp a database from before Alembic, after checking what it holds."""
    steps = {r[0] for r in conn.exec_driver_sql("SELECT version FROM schema_version")}
    last = max(steps, default=0)
    if steps != set(range(1, last + 1)) or last not in LEGACY_STEPS:
        raise MigrationRefused(f"schema_version lists steps {sorted(steps)}: not a database any hall server made")
    tables = set(inspector.get_table_names())
    for step, made in _LEGACY_TABLES.items():
        if step <= last and not made <= tables:
            raise MigrationRefused(f"schema_version says step {last}, but the tables of step {step} are not all "
                                   f"there (missing {', '.join(sorted(made - tables))})")
    for step, table, column in _LATER_COLUMNS:
        if step > last and column in {c["name"] for c in inspector.get_columns(table)}:
            filled = conn.execute(sa.text(f"SELECT count(*) FROM {table} WHERE {column} IS NOT NULL")).scalar()
            if filled:
                raise MigrationRefused(f"{table}.{column} holds values before step {step} made it")
            conn.exec_driver_sql(f"ALTER TABLE {table} DROP COLUMN {column}")
    log.info("database from before Alembic at step %d: stamped at revision %s", last, LEGACY_STEPS[last])
    return LEGACY_STEPS[last]
