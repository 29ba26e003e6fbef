"""Attempts: PIN checks, applicant checks and case reads counted against their limits (step 8).

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attempts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("subject", sa.String(length=80), nullable=False),
        sa.Column("source", sa.String(length=80), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.Column("outcome", sa.String(length=8), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_attempts_source", "attempts", ["kind", "source", "at"], unique=False)
    op.create_index("ix_attempts_subject", "attempts", ["kind", "subject", "at"], unique=False)
    # The lockout is counted in `attempts` from now on; the old per-username counter goes.
    op.execute(sa.table("login_failures").delete())
