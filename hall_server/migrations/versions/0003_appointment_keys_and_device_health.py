"""Appointment signing key, per-date lookup keys, appointments.id_digest, device health (step 3).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import base64

import sqlalchemy as sa
from alembic import op
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from hall_server.db import APPOINTMENT_SIGNING_KEY

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "device_health",
        sa.Column("reporter", sa.String(length=64), nullable=False),
        sa.Column("reported_at", sa.Float(), nullable=False),
        sa.Column("devices", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("reporter"),
    )
    op.create_table(
        "lookup_keys",
        sa.Column("date", sa.String(length=10), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("date"),
    )
    # HMAC of the ID number under the date's lookup key: kiosks match appointments offline.
    op.add_column("appointments", sa.Column("id_digest", sa.String(length=64), nullable=True))
    hall_state = sa.table("hall_state", sa.column("key", sa.String), sa.column("value", sa.Text))
    conn = op.get_bind()
    have = conn.execute(sa.select(hall_state.c.value).where(hall_state.c.key == APPOINTMENT_SIGNING_KEY)).scalar()
    if have is None:
        raw = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
        )
        conn.execute(hall_state.insert().values(key=APPOINTMENT_SIGNING_KEY, value=base64.b64encode(raw).decode()))
