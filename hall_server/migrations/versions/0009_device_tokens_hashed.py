"""Devices' tokens kept in the stored hall configuration as their SHA-256 only (step 9).

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import tomllib

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from hall_server.admin import dump_toml
    from hall_server.config import tokens_hashed

    hall_config = sa.table("hall_config", sa.column("id", sa.Integer), sa.column("toml", sa.Text))
    conn = op.get_bind()
    for row in conn.execute(sa.select(hall_config.c.id, hall_config.c.toml)).all():
        raw = tomllib.loads(row.toml)
        if any("token" in d for d in raw.get("devices", [])):
            conn.execute(
                hall_config.update().where(hall_config.c.id == row.id).values(toml=dump_toml(tokens_hashed(raw)))
            )
