"""Reserved for evaluation campaigns (no schema change yet).

Revision ID: 0007_evaluations
Revises: 0006_rounds
"""

from __future__ import annotations

revision = "0007_evaluations"
down_revision: str | None = "0006_rounds"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
