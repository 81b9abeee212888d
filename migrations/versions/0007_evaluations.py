"""Evaluation campaigns: the campaign list, who took part, and the answers (projection).

Revision ID: 0007_evaluations
Revises: 0006_rounds
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_evaluations"
down_revision: str | None = "0006_rounds"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "evaluation_campaigns",
        sa.Column("campaign_id", sa.String(64), primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("raters", sa.String(32), nullable=False),
        sa.Column("period_start", sa.String(40), nullable=False),
        sa.Column("period_end", sa.String(40), nullable=False),
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.Column("links_issued", sa.Integer(), nullable=False),
        sa.Column("links_used", sa.Integer(), nullable=False),
        sa.Column("closed", sa.String(40), nullable=True),
        sa.Column("defined_position", sa.BigInteger(), nullable=False, unique=True),
        sa.Column("updated_position", sa.BigInteger(), nullable=False),
    )
    op.create_table(
        "evaluation_participants",
        sa.Column("campaign_id", sa.String(64), primary_key=True),
        sa.Column("worker_id", sa.String(64), primary_key=True, index=True),
    )
    op.create_table(  # no position, no rater for anonymous answers: the values only
        "evaluation_answers",
        sa.Column("campaign_id", sa.String(64), primary_key=True),
        sa.Column("seq", sa.BigInteger(), primary_key=True),
        sa.Column("subject_id", sa.String(64), nullable=False),
        sa.Column("rater_id", sa.String(64), nullable=True),
        sa.Column("answer_values", sa.JSON(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("evaluation_answers")
    op.drop_table("evaluation_participants")
    op.drop_table("evaluation_campaigns")
