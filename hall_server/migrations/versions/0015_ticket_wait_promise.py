"""The wait each ticket was promised at issue: the point estimate and the displayed range (minutes).

Revision ID: 0015
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Null on tickets from before, on tickets a kiosk issued offline (the server promised nothing)
    # and when no window was open for the category (the wait was unknown).
    for column in ("promise_point_min", "promise_low_min", "promise_high_min"):
        op.add_column("tickets", sa.Column(column, sa.Integer(), nullable=True))
