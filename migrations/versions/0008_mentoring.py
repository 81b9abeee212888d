"""Mentor-apprentice programmes: programmes, pairs and period assessments (a persisted projection).

Revision ID: 0008_mentoring
Revises: 0007_evaluations
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_mentoring"
down_revision: str | None = "0007_evaluations"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mentoring_programmes",
        sa.Column("programme_id", sa.String(64), primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("organization", sa.String(200), nullable=True),
        sa.Column("weights", sa.JSON(), nullable=False),
        sa.Column("periods", sa.JSON(), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
    )
    op.create_table(
        "mentoring_pairs",
        sa.Column("programme_id", sa.String(64), primary_key=True),
        sa.Column("pair_id", sa.String(64), primary_key=True),
        sa.Column("mentor_id", sa.String(64), nullable=False, index=True),
        sa.Column("mentor_name", sa.String(200), nullable=True),
        sa.Column("mentor_organization", sa.String(200), nullable=True),
        sa.Column("apprentice_id", sa.String(64), nullable=False, index=True),
        sa.Column("apprentice_name", sa.String(200), nullable=True),
        sa.Column("apprentice_organization", sa.String(200), nullable=True),
        sa.Column("start", sa.String(40), nullable=False),
        sa.Column("goals", sa.JSON(), nullable=False),
        sa.Column("signed_on", sa.String(40), nullable=True),
        sa.Column("end", sa.String(40), nullable=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("latest_period", sa.String(64), nullable=True),
        sa.Column("latest_score", sa.Double(), nullable=True),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("formed_position", sa.BigInteger(), nullable=False),
    )
    op.create_table(
        "mentoring_assessments",
        sa.Column("programme_id", sa.String(64), primary_key=True),
        sa.Column("pair_id", sa.String(64), primary_key=True),
        sa.Column("period_id", sa.String(64), primary_key=True),
        sa.Column("period_index", sa.Integer(), nullable=False),
        sa.Column("kpi", sa.Double(), nullable=False),
        sa.Column("improvement", sa.Double(), nullable=False),
        sa.Column("attitude", sa.Double(), nullable=False),
        sa.Column("score", sa.Double(), nullable=False),
        sa.Column("assessor", sa.String(64), nullable=False),
        sa.Column("assessed_on", sa.String(40), nullable=False),
        sa.Column("corrections", sa.Integer(), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("mentoring_assessments")
    op.drop_table("mentoring_pairs")
    op.drop_table("mentoring_programmes")
