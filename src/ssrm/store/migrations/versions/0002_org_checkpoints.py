"""Checkpoints of organization scans: one row per finished piece (the run, the listing, a plan, a unit).

Revision ID: 0002_org_checkpoints
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_org_checkpoints"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "org_checkpoints",
        sa.Column("run_id", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(16), primary_key=True),
        sa.Column("key", sa.String(255), primary_key=True),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("data_gz", sa.LargeBinary, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("org_checkpoints")
