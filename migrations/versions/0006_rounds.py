"""Reserved for rounds in the contest catalog (no schema change yet).

Revision ID: 0006_rounds
Revises: 0005_awards
"""

from __future__ import annotations

revision = "0006_rounds"
down_revision: str | None = "0005_awards"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
