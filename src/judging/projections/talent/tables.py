"""The talent database's tables (created by migration 0002, never by create_all)."""

from __future__ import annotations

import sqlalchemy as sa

from judging.projections.columns import identifier, moment, position, text

metadata = sa.MetaData()

# One row per contestant with a worker id, per finalized contest.
results = sa.Table(
    "talent_results",
    metadata,
    identifier("contest_id", primary_key=True),
    identifier("contestant_id", primary_key=True),
    identifier("worker_id", index=True),
    text("name"),
    text("title"),
    moment("finalized_at", nullable=False),
    sa.Column("rank", sa.Integer, nullable=True),
    sa.Column("field_size", sa.Integer, nullable=False),
    sa.Column("percentile", sa.Double, nullable=True),
    sa.Column("total_percent", sa.Double, nullable=True),
    text("organization", nullable=True),
    text("team", nullable=True),
    text("workshop", nullable=True),
    position(),  # of the contest_finalized event
    sa.Column("award", sa.String(64), nullable=True),  # the tier id (awards_published), if any
    text("award_name", nullable=True),
)

# Per result, the percent reached in each skill (criterion skill tag or contest:criterion).
skills = sa.Table(
    "talent_skills",
    metadata,
    identifier("contest_id", primary_key=True),
    identifier("contestant_id", primary_key=True),
    sa.Column("skill", sa.String(200), primary_key=True),
    identifier("worker_id", index=True),
    sa.Column("percent", sa.Double, nullable=False),
    position(),
)

ratings = sa.Table(
    "talent_ratings",
    metadata,
    identifier("worker_id", primary_key=True),
    text("name"),
    sa.Column("mu", sa.Double, nullable=False),
    sa.Column("sigma", sa.Double, nullable=False),
    sa.Column("ordinal", sa.Double, nullable=False, index=True),
    sa.Column("contests", sa.Integer, nullable=False),
    sa.Column("best_rank", sa.Integer, nullable=True),
    position("updated_position"),
)

standards = sa.Table(
    "talent_standards",
    metadata,
    identifier("id", primary_key=True),
    text("name"),
    sa.Column("required", sa.JSON, nullable=False),
    position(),
    sa.Column("levels", sa.JSON, nullable=False),  # [{id, name, min_percent}], lowest first
)

# Per worker, standard and skill, the level each finalized assessment granted
# (`rank`: the level's place in its ladder, 1 = lowest). Migration 0009.
levels = sa.Table(
    "talent_levels",
    metadata,
    identifier("worker_id", primary_key=True),
    identifier("standard_id", primary_key=True),
    sa.Column("skill", sa.String(200), primary_key=True),
    identifier("contest_id", primary_key=True),
    identifier("level_id"),
    text("level_name"),
    sa.Column("rank", sa.Integer, nullable=False),
    sa.Column("percent", sa.Double, nullable=False),
    moment("granted_at", nullable=False),
    position(),
)

# Per worker, their latest result: the group capability counts them in, their name.
# Per worker and skill, the percent of their latest result that assessed it; per
# standard, worker and skill, the latest level granted. Kept from the tables above
# (`talent.latest`), so that a capability table reads one row per worker and skill,
# whatever the history. Migration 0011.
ROOM = {"fillfactor": 50}  # rows updated in place keep to their page (`talent.latest`)

latest = sa.Table(
    "talent_latest",
    metadata,
    identifier("worker_id", primary_key=True),
    identifier("contest_id"),
    identifier("contestant_id"),
    text("name"),
    text("organization", nullable=True),
    text("team", nullable=True),
    text("workshop", nullable=True),
    position(),
    postgresql_with=ROOM,
)

latest_skills = sa.Table(
    "talent_latest_skills",
    metadata,
    identifier("worker_id", primary_key=True),
    sa.Column("skill", sa.String(200), primary_key=True),
    identifier("contest_id"),
    identifier("contestant_id"),
    sa.Column("percent", sa.Double, nullable=False),
    position(),
    postgresql_with=ROOM,
)

latest_levels = sa.Table(
    "talent_latest_levels",
    metadata,
    identifier("standard_id", primary_key=True),
    identifier("worker_id", primary_key=True),
    sa.Column("skill", sa.String(200), primary_key=True),
    identifier("contest_id"),
    identifier("level_id"),
    position(),
    postgresql_with=ROOM,
)

ALL = (results, skills, ratings, standards, levels, latest, latest_skills, latest_levels)
