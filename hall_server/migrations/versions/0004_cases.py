"""Cases (办件) from the approval system (step 4).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cases",
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("matter", sa.String(length=32), nullable=False),
        sa.Column("id_hash", sa.String(length=64), nullable=False),
        sa.Column("masked_name", sa.String(length=64), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("accepted_on", sa.String(length=10), nullable=False),
        sa.Column("legal_due", sa.String(length=10), nullable=False),
        sa.Column("promised_due", sa.String(length=10), nullable=False),
        sa.Column("done_on", sa.String(length=10), nullable=True),
        sa.Column("stage_at", sa.Float(), nullable=False),
        sa.Column("imported_at", sa.Float(), nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("number"),
    )
    op.create_index("ix_cases_id_hash", "cases", ["id_hash"], unique=False)
