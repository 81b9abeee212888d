"""The talent database's tables (created by migration 0002, never by create_all)."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

# One row per contestant with a worker id, per finalized contest.
results = sa.Table(
    "talent_results",
    metadata,
    sa.Column("contest_id", sa.String(64), primary_key=True),
    sa.Column("contestant_id", sa.String(64), primary_key=True),
    sa.Column("worker_id", sa.String(64), nullable=False, index=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("finalized_at", sa.String(40), nullable=False),  # ISO 8601, as in the event
    sa.Column("rank", sa.Integer, nullable=True),
    sa.Column("field_size", sa.Integer, nullable=False),
    sa.Column("percentile", sa.Double, nullable=True),
    sa.Column("total_percent", sa.Double, nullable=True),
    sa.Column("organization", sa.String(200), nullable=True),
    sa.Column("team", sa.String(200), nullable=True),
    sa.Column("workshop", sa.String(200), nullable=True),
    sa.Column("position", sa.BigInteger, nullable=False),  # of the contest_finalized event
)

# Per result, the percent reached in each skill (criterion skill tag or contest:criterion).
skills = sa.Table(
    "talent_skills",
    metadata,
    sa.Column("contest_id", sa.String(64), primary_key=True),
    sa.Column("contestant_id", sa.String(64), primary_key=True),
    sa.Column("skill", sa.String(200), primary_key=True),
    sa.Column("worker_id", sa.String(64), nullable=False, index=True),
    sa.Column("percent", sa.Double, nullable=False),
    sa.Column("position", sa.BigInteger, nullable=False),
)

ratings = sa.Table(
    "talent_ratings",
    metadata,
    sa.Column("worker_id", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("mu", sa.Double, nullable=False),
    sa.Column("sigma", sa.Double, nullable=False),
    sa.Column("ordinal", sa.Double, nullable=False, index=True),
    sa.Column("contests", sa.Integer, nullable=False),
    sa.Column("best_rank", sa.Integer, nullable=True),
    sa.Column("updated_position", sa.BigInteger, nullable=False),
)

standards = sa.Table(
    "talent_standards",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("required", sa.JSON, nullable=False),
    sa.Column("position", sa.BigInteger, nullable=False),
)

ALL = (results, skills, ratings, standards)
