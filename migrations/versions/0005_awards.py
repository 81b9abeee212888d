"""Awards on talent results: each result's award (tier id and name), null for none.

Revision ID: 0005_awards
Revises: 0004_contest_catalog
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_awards"
down_revision: str | None = "0004_contest_catalog"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("talent_results") as table:
        table.add_column(sa.Column("award", sa.String(64), nullable=True))
        table.add_column(sa.Column("award_name", sa.String(200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("talent_results") as table:
        table.drop_column("award_name")
        table.drop_column("award")
