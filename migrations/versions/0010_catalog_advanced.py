"""The catalog remembers who each source round's advancement brought.

A round reopened and advanced again replaces the contestants its earlier advancement
brought (the fold's `left_behind` rule); the catalog's count needs to know who came
from which round to do the same. The new table is filled by the catalog projection,
so the upgrade empties the catalog and its checkpoint: the runner rebuilds it from
the log on the next start (one catch-up of the contest events that change it).

Revision ID: 0010_catalog_advanced
Revises: 0009_levels
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_catalog_advanced"
down_revision: str | None = "0009_levels"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "contest_catalog_advanced",
        sa.Column("contest_id", sa.String(64), primary_key=True),
        sa.Column("source_id", sa.String(64), primary_key=True),
        sa.Column("contestant_id", sa.String(64), primary_key=True),
    )
    op.execute("DELETE FROM contest_catalog_contestants")
    op.execute("DELETE FROM contest_catalog")
    op.execute("DELETE FROM projection_checkpoints WHERE name = 'catalog'")


def downgrade() -> None:
    op.drop_table("contest_catalog_advanced")
