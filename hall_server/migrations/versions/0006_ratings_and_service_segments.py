"""Ratings, rating requests and follow-ups; service segments per window (step 6).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rating_follow_ups",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("rating_id", sa.Integer(), nullable=False),
        sa.Column("opened_at", sa.Float(), nullable=False),
        sa.Column("due_at", sa.Float(), nullable=False),
        sa.Column("closed_at", sa.Float(), nullable=True),
        sa.Column("closed_by", sa.String(length=80), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("rating_id"),
    )
    op.create_index("ix_follow_ups_closed", "rating_follow_ups", ["closed_at", "due_at"], unique=False)
    op.create_table(
        "rating_requests",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("window", sa.String(length=16), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("requested_by", sa.String(length=80), nullable=False),
        sa.Column("requested_at", sa.Float(), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.Column("closed_at", sa.Float(), nullable=True),
        sa.Column("closed_reason", sa.String(length=16), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_rating_requests_window", "rating_requests", ["window", "closed_at"], unique=False)
    op.create_table(
        "ratings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("subject_kind", sa.String(length=8), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("case_number", sa.String(length=40), nullable=True),
        sa.Column("ticket_number", sa.String(length=8), nullable=True),
        sa.Column("business_day", sa.String(length=10), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=True),
        sa.Column("matter", sa.String(length=32), nullable=True),
        sa.Column("window", sa.String(length=16), nullable=True),
        sa.Column("staff", sa.String(length=64), nullable=True),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("reason_code", sa.String(length=32), nullable=True),
        sa.Column("reason_text", sa.String(length=200), nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("device", sa.String(length=80), nullable=False),
        sa.Column("rated_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_number"),
        sa.UniqueConstraint("ticket_id"),
    )
    op.create_index("ix_ratings_day", "ratings", ["business_day"], unique=False)
    op.create_index("ix_ratings_rated_at", "ratings", ["rated_at"], unique=False)
    op.create_table(
        "service_segments",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("business_day", sa.String(length=10), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("window", sa.String(length=16), nullable=False),
        sa.Column("staff", sa.String(length=64), nullable=True),
        sa.Column("called_at", sa.Float(), nullable=False),
        sa.Column("serving_at", sa.Float(), nullable=True),
        sa.Column("ended_at", sa.Float(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_segments_day_window", "service_segments", ["business_day", "window"], unique=False)
    # As step 6 first shipped it: on the ticket alone (0010 adds called_at).
    op.create_index("ix_segments_ticket", "service_segments", ["ticket_id"], unique=False)
    # Tickets served before segments were kept: one segment each from what the ticket still holds
    # (the services before a transfer are lost; the last one is not).
    tickets = sa.table("tickets", *map(sa.column, ("id", "business_day", "category", "window", "called_at",
                                                    "serving_at", "finished_at", "state")))
    segments = sa.table("service_segments", *map(sa.column, ("ticket_id", "business_day", "category", "window",
                                                            "staff", "called_at", "serving_at", "ended_at", "outcome")))
    t = tickets.c
    served = sa.select(t.id, t.business_day, t.category, t.window, t.called_at, t.serving_at, t.finished_at,
                       t.state).where(t.state.in_(["done", "no_show"]), t.window.is_not(None),
                                      t.called_at.is_not(None), t.finished_at.is_not(None))
    conn = op.get_bind()
    rows = [{"ticket_id": r.id, "business_day": r.business_day, "category": r.category, "window": r.window,
             "staff": None, "called_at": r.called_at, "serving_at": r.serving_at if r.state == "done" else None,
             "ended_at": r.finished_at, "outcome": r.state} for r in conn.execute(served)]
    if rows:
        conn.execute(segments.insert(), rows)
