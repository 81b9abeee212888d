"""Reserved for mentor-apprentice programmes (no schema change yet).

Revision ID: 0008_mentoring
Revises: 0007_evaluations
"""

from __future__ import annotations

revision = "0008_mentoring"
down_revision: str | None = "0007_evaluations"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
