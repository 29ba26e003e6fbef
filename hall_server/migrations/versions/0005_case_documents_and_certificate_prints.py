"""Case result documents and certificate prints with verification codes (step 5).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "certificate_prints",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("case_number", sa.String(length=40), nullable=False),
        sa.Column("doc", sa.String(length=40), nullable=False),
        sa.Column("kiosk", sa.String(length=80), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("reprint", sa.Boolean(), nullable=False),
        sa.Column("authorised_by", sa.String(length=64), nullable=True),
        sa.Column("requested_at", sa.Float(), nullable=False),
        sa.Column("reported_at", sa.Float(), nullable=True),
        sa.Column("job_id", sa.String(length=100), nullable=True),
        sa.Column("detail", sa.String(length=300), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    op.create_index("ix_certificate_prints_document", "certificate_prints", ["case_number", "doc"], unique=False)
    op.create_table(
        "case_documents",
        sa.Column("case_number", sa.String(length=40), nullable=False),
        sa.Column("doc", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("title_en", sa.String(length=200), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("added_at", sa.Float(), nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.Column("issued_at", sa.Float(), nullable=True),
        sa.Column("issued_print", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_number"],
            ["cases.number"],
        ),
        sa.PrimaryKeyConstraint("case_number", "doc"),
    )
