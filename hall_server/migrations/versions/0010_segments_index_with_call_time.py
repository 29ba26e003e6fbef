"""Service segments indexed by ticket and call time, as the statistics read them.

Step 6 first made the index on the ticket alone; later servers made it with the call time
without a step of its own, so databases of that time still have the old one.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_segments_ticket", table_name="service_segments", if_exists=True)
    op.create_index("ix_segments_ticket", "service_segments", ["ticket_id", "called_at"], unique=False)
