"""Position assessment levels: a standard's ladder, and the levels workers were granted.

`talent_standards.levels` keeps each standard's ladder (`[]` for a standard without
one, as every standard defined before this revision). `talent_levels` has one row per
worker, standard, skill and finalized assessment contest: the level its percent granted.

Revision ID: 0009_levels
Revises: 0008_mentoring
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_levels"
down_revision: str | None = "0008_mentoring"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("talent_standards") as batch:
        batch.add_column(sa.Column("levels", sa.JSON(), nullable=False, server_default="[]"))
    op.create_table(
        "talent_levels",
        sa.Column("worker_id", sa.String(64), primary_key=True),
        sa.Column("standard_id", sa.String(64), primary_key=True),
        sa.Column("skill", sa.String(200), primary_key=True),
        sa.Column("contest_id", sa.String(64), primary_key=True),
        sa.Column("level_id", sa.String(64), nullable=False),
        sa.Column("level_name", sa.String(200), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("percent", sa.Double(), nullable=False),
        sa.Column("granted_at", sa.String(40), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
    )
    op.create_index("ix_talent_levels_standard", "talent_levels", ["standard_id", "position"])


def downgrade() -> None:
    op.drop_index("ix_talent_levels_standard", table_name="talent_levels")
    op.drop_table("talent_levels")
    with op.batch_alter_table("talent_standards") as batch:
        batch.drop_column("levels")
