"""The schema's Alembic revisions: a new database at head is exactly today's tables, on SQLite and
PostgreSQL; a hall database from every earlier server upgrades with its data kept; instances
starting at once migrate once."""
from __future__ import annotations

import logging
import pathlib
import sqlite3
import threading

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from hall_server import db, migrations

# A database the server made before Alembic: all nine steps, a day served and rated, cases.
BEFORE_ALEMBIC = pathlib.Path(__file__).parent / "data" / "hall_before_alembic.sql"
HEAD = migrations.head()
REVISIONS = sorted(p.stem for p in (pathlib.Path(migrations.__file__).parent / "versions").glob("[0-9]*.py"))

# What each step of the servers before Alembic made; a database "at step N" has those of 1..N.
STEP_TABLES = {2: ["notices"], 3: ["lookup_keys", "device_health"], 4: ["cases"],
               5: ["case_documents", "certificate_prints"],
               6: ["service_segments", "rating_requests", "ratings", "rating_follow_ups"], 8: ["attempts"]}
STEP_COLUMNS = {2: ("windows", "idle_since"), 3: ("appointments", "id_digest")}


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    url = str(tmp_path / "hall.db") if request.param == "sqlite" else request.getfixturevalue("pg_url")
    store = db.Store(url)
    yield store
    store.close()


def _differences(store: db.Store) -> list:
    with store.read() as conn:
        return compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), db.metadata)


#: Columns of revisions after the last server before Alembic: its database has none of them to compare.
LATER_COLUMNS = ("tickets.promise_point_min", "tickets.promise_low_min", "tickets.promise_high_min")


def _contents(store: db.Store, skip: tuple[str, ...] = ()) -> dict[str, list[tuple]]:
    """Every row of every table of today's schema (sorted), leaving out the columns in `skip` and LATER_COLUMNS."""
    skip = (*skip, *LATER_COLUMNS)
    out = {}
    with store.read() as conn:
        names = set(sa.inspect(conn).get_table_names())
        for table in db.metadata.sorted_tables:
            if table.name in names:
                cols = [c for c in table.c if f"{table.name}.{c.name}" not in skip]
                out[table.name] = sorted(conn.execute(sa.select(*cols)).all(), key=repr)
    return out


def _load_before_alembic(path: pathlib.Path, step: int = 9, ticket_index: str = "ticket_id, called_at") -> None:
    """The server's database from before Alembic, taken back to what step `step` left."""
    with sqlite3.connect(path) as conn:
        conn.executescript(BEFORE_ALEMBIC.read_text(encoding="utf-8"))
        for later, tables in STEP_TABLES.items():
            if later > step:
                for table in tables:
                    conn.execute(f"DROP TABLE {table}")
        for later, (table, column) in STEP_COLUMNS.items():
            if later > step:
                conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        if step >= 6:
            conn.execute("DROP INDEX ix_segments_ticket")
            conn.execute(f"CREATE INDEX ix_segments_ticket ON service_segments ({ticket_index})")
        conn.execute("DELETE FROM schema_version WHERE version > ?", (step,))
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT max(version) FROM schema_version").fetchone() == (step,)


def _index_columns(store: db.Store, table: str, name: str) -> list[str]:
    with store.read() as conn:
        return next(i["column_names"] for i in sa.inspect(conn).get_indexes(table) if i["name"] == name)


def _table_names(store: db.Store) -> set[str]:
    with store.read() as conn:
        return set(sa.inspect(conn).get_table_names())


def test_a_new_database_at_head_is_todays_tables(store):
    assert db.migrate(store) == HEAD
    assert _differences(store) == []  # tables, columns, types, indexes, unique constraints
    assert _table_names(store) == set(db.metadata.tables) | {"alembic_version"}
    with store.read() as conn:
        assert conn.execute(sa.select(db.counters)).all() == [("event_seq", 0)]
        assert conn.execute(sa.select(sa.func.count()).select_from(db.hall_state)
                            .where(db.hall_state.c.key == db.APPOINTMENT_SIGNING_KEY)).scalar() == 1
        if not store.is_sqlite:
            assert conn.exec_driver_sql("SELECT tgname FROM pg_trigger WHERE tgrelid = 'events'::regclass"
                                        " AND NOT tgisinternal").scalars().all() == ["events_notify"]
    assert db.migrate(store) == HEAD  # again: nothing to do, nothing changes
    assert _differences(store) == []


def test_the_hall_database_of_the_last_server_before_alembic_upgrades_with_its_data(tmp_path, caplog):
    path = tmp_path / "hall.db"
    _load_before_alembic(path)
    store = db.Store(str(path))
    try:
        before = _contents(store, ("device_health.version",))  # the column revision 0016 adds
        assert before["tickets"] and before["ratings"] and before["cases"] and before["case_documents"]
        with caplog.at_level(logging.INFO, logger="hall_server.db"):
            assert db.migrate(store) == HEAD
        assert "database from before Alembic at step 9: stamped at revision 0009" in caplog.text
        assert [r.message.split(":")[0] for r in caplog.records if r.message.startswith("schema migrated")] == [
            "schema migrated to 0010", "schema migrated to 0011", "schema migrated to 0015",
            "schema migrated to 0016", "schema migrated to 0018"]
        after = _contents(store, ("device_health.version",))
        assert {name: rows for name, rows in after.items() if name in before} == before
        assert all(after[name] == [] for name in set(after) - set(before))  # the tables of 0016 and 0018, empty
        with store.read() as conn:  # no ticket from before was promised a wait
            assert conn.execute(sa.select(db.tickets.c.promise_low_min).where(
                db.tickets.c.promise_low_min.is_not(None))).all() == []
        assert _differences(store) == []
        assert "schema_version" not in _table_names(store)
    finally:
        store.close()


@pytest.mark.parametrize("step", range(1, 10))
def test_a_hall_database_left_at_any_earlier_step_upgrades_with_its_data(tmp_path, step):
    path = tmp_path / "hall.db"
    # Step 6 first made the segments' index on the ticket alone; later servers with the call time.
    _load_before_alembic(path, step, ticket_index="ticket_id" if step in (6, 7) else "ticket_id, called_at")
    store = db.Store(str(path))
    try:
        # What the revisions add (a column of step 2 or 3, segments, login failures) is compared apart.
        skip = ("windows.idle_since", "appointments.id_digest", "device_health.version")
        before = _contents(store, skip)
        db.migrate(store)
        after = _contents(store, skip)
        assert _differences(store) == []
        assert _index_columns(store, "service_segments", "ix_segments_ticket") == ["ticket_id", "called_at"]
        for table, rows in before.items():
            assert after[table] == rows, table
        with store.read() as conn:
            served = conn.execute(sa.select(sa.func.count()).select_from(db.tickets)
                                  .where(db.tickets.c.state.in_(["done", "no_show"]))).scalar()
            segments = conn.execute(sa.select(sa.func.count()).select_from(db.service_segments)).scalar()
            if step < 2:
                assert conn.execute(sa.select(db.windows.c.idle_since)).scalars().all() == [None] * 16
        # Served tickets of before step 6 get one segment each (their last service).
        assert segments == served == 12
    finally:
        store.close()


def test_a_step_1_database_whose_next_step_never_ran_gets_the_column_from_its_revision(tmp_path):
    """A server of step 2 made step 1's tables with windows.idle_since, then stopped before step 2:
    nothing wrote the column yet; it goes, and revision 0002 adds it as everywhere else."""
    path = tmp_path / "hall.db"
    _load_before_alembic(path, 1)
    with sqlite3.connect(path) as conn:
        conn.execute("ALTER TABLE windows ADD COLUMN idle_since FLOAT")
    store = db.Store(str(path))
    try:
        assert db.migrate(store) == HEAD
        assert _differences(store) == []
    finally:
        store.close()


def test_a_database_that_is_not_what_its_steps_say_is_refused_and_left_as_it_was(tmp_path):
    path = tmp_path / "hall.db"
    _load_before_alembic(path, 1)
    with sqlite3.connect(path) as conn:  # a step-1 database whose windows.idle_since holds values
        conn.execute("ALTER TABLE windows ADD COLUMN idle_since FLOAT")
        conn.execute("UPDATE windows SET idle_since = 1.0")
    store = db.Store(str(path))
    try:
        before = _contents(store, ("windows.idle_since", "appointments.id_digest", "device_health.version"))
        with pytest.raises(migrations.MigrationRefused, match=r"windows.idle_since holds values before step 2"):
            db.migrate(store)
        with store.read() as conn:  # the column and its values are still there
            assert conn.execute(sa.text("SELECT idle_since FROM windows")).scalars().all() == [1.0] * 16
        with store.write() as conn:  # and one whose steps are not all there
            conn.exec_driver_sql("UPDATE windows SET idle_since = NULL")
            conn.exec_driver_sql("INSERT INTO schema_version VALUES (3, 'x', 0)")
        with pytest.raises(migrations.MigrationRefused, match=r"lists steps \[1, 3\]"):
            db.migrate(store)
        with store.write() as conn:
            conn.exec_driver_sql("UPDATE schema_version SET version = 2 WHERE version = 3")
        with pytest.raises(migrations.MigrationRefused, match="tables of step 2 are not all there .missing notices"):
            db.migrate(store)
        assert "alembic_version" not in _table_names(store)
        assert _contents(store, ("windows.idle_since", "appointments.id_digest", "device_health.version")) == before
    finally:
        store.close()


def test_a_database_of_a_newer_server_is_refused(store):
    db.migrate(store)
    with store.write() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0999'")
    with pytest.raises(migrations.MigrationRefused, match="revision 0999, which this hall server does not know"):
        db.migrate(store)
    with store.read() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all() == ["0999"]


@pytest.mark.parametrize("step", [1, 5, 9])
def test_a_database_from_before_alembic_upgrades_on_postgresql_too(pg_url, step):
    """Built by the revisions that reproduce the old steps, recorded as the old servers did."""
    store = db.Store(pg_url)
    try:
        with store.write() as conn:
            command.upgrade(migrations.config(conn), migrations.LEGACY_STEPS[step])
            conn.exec_driver_sql("DROP TABLE alembic_version")
            for version in range(1, step + 1):
                conn.execute(sa.text("INSERT INTO schema_version VALUES (:v, 'step', 0)"), {"v": version})
            conn.execute(db.tickets.insert().values(
                business_day="2026-11-23", number="A001", number_category="A", seq=1, category="A", state="done",
                green=False, issued_at=1.0, queued_at=1.0, called_at=2.0, serving_at=3.0, finished_at=4.0,
                window="01", recall_count=0, transfers=0, issued_by="kiosk-01", track_token="t" * 24))
        assert db.migrate(store) == HEAD
        assert _differences(store) == []
        with store.read() as conn:
            assert conn.execute(sa.select(db.tickets.c.number)).scalars().all() == ["A001"]
            assert conn.execute(sa.select(db.service_segments.c.outcome)).scalars().all() == (
                ["done"] if step < 6 else [])
            assert conn.exec_driver_sql("SELECT count(*) FROM pg_trigger WHERE tgname = 'events_notify'").scalar() == 1
    finally:
        store.close()


@pytest.mark.parametrize("instances", [4])
def test_instances_starting_at_once_migrate_once(store, instances):
    """Each instance takes the hall's write lock (PostgreSQL's advisory lock, SQLite's own) for the
    whole migration: the first applies every revision, the others find nothing to do."""
    applied: list[str] = []

    class Count(logging.Handler):
        def emit(self, record):
            if record.getMessage().startswith("schema migrated to"):
                applied.append(record.getMessage())

    handler = Count()
    logger = logging.getLogger("hall_server.db")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    barrier = threading.Barrier(instances)
    results: list[object] = []

    def start():
        own = db.Store(store.url)  # an instance of its own: its own engine and connections
        try:
            barrier.wait()
            results.append(db.migrate(own))
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            results.append(exc)
        finally:
            own.close()

    try:
        threads = [threading.Thread(target=start) for _ in range(instances)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    assert results == [HEAD] * instances
    assert len(applied) == len(set(applied)) == len(REVISIONS)  # every revision once, in all
    assert _differences(store) == []
    with store.read() as conn:
        assert conn.execute(sa.select(db.counters)).all() == [("event_seq", 0)]
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all() == [HEAD]
