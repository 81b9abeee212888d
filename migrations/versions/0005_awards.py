"""Reserved for awards on talent results (no schema change yet).

Revision ID: 0005_awards
Revises: 0004_contest_catalog
"""

from __future__ import annotations

revision = "0005_awards"
down_revision: str | None = "0004_contest_catalog"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
