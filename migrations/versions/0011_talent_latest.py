"""Each worker's latest result, percent per skill and level, kept for capability.

A capability table counted every worker in the group of their latest result, with
the percent of the latest result that assessed each skill and the latest level per
standard and skill, by reading every result, percent and level on record for each
request: its cost grew with the whole history. The three new tables keep just those
latest rows (the talent projection updates the rows of the workers of each contest
it finalizes). The upgrade fills them from the rows already on record, with the
same choice the projection makes: the highest log position, then the highest
contestant id.

Revision ID: 0011_talent_latest
Revises: 0010_catalog_advanced
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_talent_latest"
down_revision: str | None = "0010_catalog_advanced"
branch_labels = None
depends_on = None

LATEST = ("worker_id", "contest_id", "contestant_id", "name", "organization", "team", "workshop")
SKILLS = ("worker_id", "skill", "contest_id", "contestant_id", "percent")
ROOM = {"fillfactor": 50}  # rows are updated in place: room for the new version
LEVELS = ("standard_id", "worker_id", "skill", "contest_id", "level_id")


def upgrade() -> None:
    op.create_table(
        "talent_latest",
        sa.Column("worker_id", sa.String(64), primary_key=True),
        sa.Column("contest_id", sa.String(64), nullable=False),
        sa.Column("contestant_id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("organization", sa.String(200), nullable=True),
        sa.Column("team", sa.String(200), nullable=True),
        sa.Column("workshop", sa.String(200), nullable=True),
        sa.Column("position", sa.BigInteger(), nullable=False),
        postgresql_with=ROOM,
    )
    op.create_table(
        "talent_latest_skills",
        sa.Column("worker_id", sa.String(64), primary_key=True),
        sa.Column("skill", sa.String(200), primary_key=True),
        sa.Column("contest_id", sa.String(64), nullable=False),
        sa.Column("contestant_id", sa.String(64), nullable=False),
        sa.Column("percent", sa.Double(), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        postgresql_with=ROOM,
    )
    op.create_table(
        "talent_latest_levels",
        sa.Column("standard_id", sa.String(64), primary_key=True),
        sa.Column("worker_id", sa.String(64), primary_key=True),
        sa.Column("skill", sa.String(200), primary_key=True),
        sa.Column("contest_id", sa.String(64), nullable=False),
        sa.Column("level_id", sa.String(64), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        postgresql_with=ROOM,
    )
    newest = "position DESC, contestant_id DESC"
    _fill("talent_latest", "talent_results", LATEST, "worker_id", newest)
    _fill("talent_latest_skills", "talent_skills", SKILLS, "worker_id, skill", newest)
    per = "worker_id, standard_id, skill"  # one contest per position: its finalize's
    _fill("talent_latest_levels", "talent_levels", LEVELS, per, "position DESC")


def _fill(table: str, source: str, columns: tuple[str, ...], per: str, newest: str) -> None:
    listed = ", ".join((*columns, "position"))
    op.execute(
        f"INSERT INTO {table} ({listed}) SELECT {listed} FROM ("
        f"SELECT {listed}, ROW_NUMBER() OVER (PARTITION BY {per} ORDER BY {newest}) "
        f"AS newest FROM {source}) ranked WHERE newest = 1"
    )


def downgrade() -> None:
    op.drop_table("talent_latest_levels")
    op.drop_table("talent_latest_skills")
    op.drop_table("talent_latest")
