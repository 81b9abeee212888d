"""The contest catalog: one row per contest, for the contest list (a persisted projection).

Revision ID: 0004_contest_catalog
Revises: 0003_snapshots
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_contest_catalog"
down_revision: str | None = "0003_snapshots"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "contest_catalog",
        sa.Column("contest_id", sa.String(64), primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("venues", sa.JSON(), nullable=False),
        sa.Column("contestants", sa.Integer(), nullable=False),
        sa.Column("started", sa.String(40), nullable=True),
        sa.Column("frozen", sa.String(40), nullable=True),
        sa.Column("ended", sa.String(40), nullable=True),
        sa.Column("thawed", sa.String(40), nullable=True),
        sa.Column("finalized", sa.String(40), nullable=True),
        sa.Column("defined_position", sa.BigInteger(), nullable=False, unique=True),
        sa.Column("updated_position", sa.BigInteger(), nullable=False),
    )
    op.create_table(  # who is registered, so that re-registering one is not counted twice
        "contest_catalog_contestants",
        sa.Column("contest_id", sa.String(64), primary_key=True),
        sa.Column("contestant_id", sa.String(64), primary_key=True),
    )


def downgrade() -> None:
    op.drop_table("contest_catalog_contestants")
    op.drop_table("contest_catalog")
