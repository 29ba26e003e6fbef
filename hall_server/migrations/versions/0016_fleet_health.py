"""Fleet health for the console's 设备 page: the reporting app's version, each device part's
condition since when, its changes (kept 31 days), night notices of always-on kiosks, remote self-tests.

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("device_health", sa.Column("version", sa.String(length=64), nullable=True))
    op.create_table(
        "device_states",
        sa.Column("device", sa.String(length=64), nullable=False),
        sa.Column("part", sa.String(length=64), nullable=False),
        sa.Column("condition", sa.String(length=24), nullable=False),
        sa.Column("since", sa.Float(), nullable=False),
        sa.Column("reason_zh", sa.String(length=200), nullable=True),
        sa.Column("reason_en", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("device", "part"),
    )
    op.create_table(
        "device_history",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("device", sa.String(length=64), nullable=False),
        sa.Column("part", sa.String(length=64), nullable=False),
        sa.Column("condition", sa.String(length=24), nullable=False),
        sa.Column("previous", sa.String(length=24), nullable=True),
        sa.Column("reason_zh", sa.String(length=200), nullable=True),
        sa.Column("reason_en", sa.String(length=200), nullable=True),
        sa.Column("at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("device_history_by_device", "device_history", ["device", "at"], unique=False)
    op.create_index("device_history_by_time", "device_history", ["at"], unique=False)
    op.create_table(
        "device_alerts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("device", sa.String(length=64), nullable=False),
        sa.Column("condition", sa.String(length=24), nullable=False),
        sa.Column("started_at", sa.Float(), nullable=False),
        sa.Column("ended_at", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "self_tests",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("device", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("requested_at", sa.Float(), nullable=False),
        sa.Column("requested_by", sa.String(length=80), nullable=False),
        sa.Column("taken_at", sa.Float(), nullable=True),
        sa.Column("finished_at", sa.Float(), nullable=True),
        sa.Column("passed", sa.Boolean(), nullable=True),
        sa.Column("result", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("self_tests_by_device", "self_tests", ["device", "state"], unique=False)
