"""Snapshots of each contest's fold, for time travel and for loading a live board.

Revision ID: 0003_snapshots
Revises: 0002_projections
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_snapshots"
down_revision: str | None = "0002_projections"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The primary key serves "the latest snapshot of a contest at or before N".
    op.create_table(
        "contest_snapshots",
        sa.Column("contest_id", sa.String(64), primary_key=True),
        sa.Column("schema", sa.String(32), primary_key=True),
        sa.Column("position", sa.BigInteger(), primary_key=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("contest_snapshots")
