"""Projection checkpoints and the talent database.

Revision ID: 0002_projections
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_projections"
down_revision: str | None = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "projection_checkpoints",
        sa.Column("name", sa.String(100), primary_key=True),
        sa.Column("position", sa.BigInteger(), nullable=False),
    )
    op.create_table(
        "talent_results",
        sa.Column("contest_id", sa.String(64), primary_key=True),
        sa.Column("contestant_id", sa.String(64), primary_key=True),
        sa.Column("worker_id", sa.String(64), nullable=False, index=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("finalized_at", sa.String(40), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.Column("field_size", sa.Integer(), nullable=False),
        sa.Column("percentile", sa.Double(), nullable=True),
        sa.Column("total_percent", sa.Double(), nullable=True),
        sa.Column("organization", sa.String(200), nullable=True),
        sa.Column("team", sa.String(200), nullable=True),
        sa.Column("workshop", sa.String(200), nullable=True),
        sa.Column("position", sa.BigInteger(), nullable=False),
    )
    op.create_table(
        "talent_skills",
        sa.Column("contest_id", sa.String(64), primary_key=True),
        sa.Column("contestant_id", sa.String(64), primary_key=True),
        sa.Column("skill", sa.String(200), primary_key=True),
        sa.Column("worker_id", sa.String(64), nullable=False, index=True),
        sa.Column("percent", sa.Double(), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
    )
    op.create_table(
        "talent_ratings",
        sa.Column("worker_id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("mu", sa.Double(), nullable=False),
        sa.Column("sigma", sa.Double(), nullable=False),
        sa.Column("ordinal", sa.Double(), nullable=False, index=True),
        sa.Column("contests", sa.Integer(), nullable=False),
        sa.Column("best_rank", sa.Integer(), nullable=True),
        sa.Column("updated_position", sa.BigInteger(), nullable=False),
    )
    op.create_table(
        "talent_standards",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("required", sa.JSON(), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
    )


def downgrade() -> None:
    for table in (
        "talent_standards",
        "talent_ratings",
        "talent_skills",
        "talent_results",
        "projection_checkpoints",
    ):
        op.drop_table(table)
