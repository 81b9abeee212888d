"""Rounds in the contest catalog: the event and order of a contest that is a round.

Revision ID: 0006_rounds
Revises: 0005_awards
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_rounds"
down_revision: str | None = "0005_awards"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("contest_catalog", sa.Column("round_event", sa.String(64), nullable=True))
    op.add_column("contest_catalog", sa.Column("round_order", sa.Integer(), nullable=True))
    op.create_index("ix_contest_catalog_round_event", "contest_catalog", ["round_event"])


def downgrade() -> None:
    op.drop_index("ix_contest_catalog_round_event", table_name="contest_catalog")
    with op.batch_alter_table("contest_catalog") as batch:
        batch.drop_column("round_order")
        batch.drop_column("round_event")
