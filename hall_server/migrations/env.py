"""Alembic's environment for the hall server: always the server's own connection, never a URL.

`hall_server.migrations.upgrade` hands over a connection inside the store's writing transaction
(the hall's write lock already taken); the migrations run in that one transaction, and Alembic
neither begins nor commits one of its own.
"""
from __future__ import annotations

import logging

from alembic import context

from hall_server import db

log = logging.getLogger("hall_server.db")


def _applied(ctx, step, heads, run_args) -> None:
    if step.up_revision_id is not None and step.is_upgrade and not step.is_stamp:
        log.info("schema migrated to %s: %s", step.up_revision_id, step.up_revision.doc)


connection = context.config.attributes.get("connection")
if connection is None or context.is_offline_mode():
    raise RuntimeError("the hall server's migrations run on the server's own connection "
                       "(hall_server.db.migrate), not from the alembic command line or as SQL")
context.configure(connection=connection, target_metadata=db.metadata, on_version_apply=_applied)
with context.begin_transaction():
    context.run_migrations()
