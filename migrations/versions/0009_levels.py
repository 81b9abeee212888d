"""Reserved for position assessment levels (no schema change yet).

Revision ID: 0009_levels
Revises: 0008_mentoring
"""

from __future__ import annotations

revision = "0009_levels"
down_revision: str | None = "0008_mentoring"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
