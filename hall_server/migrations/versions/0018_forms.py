"""Forms filled at the kiosk (电子填单): `forms` while a ticket is in the queue, `forms_seen` after.

Revision ID: 0018
Revises: 0016
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "forms",
        sa.Column("ticket_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("matter", sa.String(length=64), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("ticket_id"),
    )
    op.create_table(
        "forms_seen",
        sa.Column("ticket_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("business_day", sa.String(length=10), nullable=False),
        sa.Column("matter", sa.String(length=64), nullable=False),
        sa.Column("filled_at", sa.Float(), nullable=False),
        sa.Column("confirmed", sa.Boolean(), nullable=True),
        sa.PrimaryKeyConstraint("ticket_id"),
    )
