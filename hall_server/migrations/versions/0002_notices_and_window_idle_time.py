"""Hall notices; windows.idle_since for the manager dashboard (step 2).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notices",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("text", sa.String(length=200), nullable=False),
        sa.Column("text_en", sa.String(length=400), nullable=True),
        sa.Column("area", sa.String(length=32), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.Column("updated_by", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    # When the window last let its ticket go: with `since`, its idle time.
    op.add_column("windows", sa.Column("idle_since", sa.Float(), nullable=True))
