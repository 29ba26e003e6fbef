"""PostgreSQL: committed events notify the server instances (LISTEN/NOTIFY) (step 7).

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from alembic import op

from hall_server.db import EVENTS_CHANNEL

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # one SQLite file has one server: it knows its own events
    # Any writer that adds events (a server instance, `hall-server import-cases`) notifies every
    # listening instance on commit. The payload is empty, so PostgreSQL folds a transaction's
    # notifications into one; the listener reads the events themselves, in sequence order.
    op.execute(f"""
        CREATE OR REPLACE FUNCTION hall_events_notify() RETURNS trigger AS $$
        BEGIN
            PERFORM pg_notify('{EVENTS_CHANNEL}', '');
            RETURN NULL;
        END $$ LANGUAGE plpgsql""")
    op.execute("""
        CREATE TRIGGER events_notify AFTER INSERT ON events
        FOR EACH STATEMENT EXECUTE FUNCTION hall_events_notify()""")
