"""Ranked rows as JSON: the DESIGN.md §5 shape, rounded for display only."""

from __future__ import annotations

from ranking_data import definition, entry

from judging.domain.facts import Attempt
from judging.domain.ranking import rank, row_json
from judging.domain.scoring import score


def test_row_json_has_the_design_shape_and_rounds_for_display_only() -> None:
    defn = definition("stages")
    facts = entry(
        "41",
        name="Wang",
        organization="Org",
        venue="wz",
        team="T",
        workshop="W",
        provisional=True,
        criteria={"a": 28 / 3},
        penalty_points=0.125,
        attempts={"s1": (Attempt("failed", 1), Attempt("cleared", 12 * 60 + 30))},
        pending_attempts={"s2": 2},
    )
    row = rank([(facts, score(facts, defn))], defn)[0]
    assert row.score.criteria["a"] == 28 / 3
    assert row_json(row) == {
        "rank": 1,
        "contestant_id": "41",
        "name": "Wang",
        "organization": "Org",
        "venue": "wz",
        "team": "T",
        "workshop": "W",
        "status": "active",
        "provisional": True,
        "score": {
            "total": 9.21,
            "stages_cleared": 1,
            "time": 32,
            "penalty_points": 0.13,
            "penalty_minutes": 0,
            "last_clear": 12,
        },
        "criteria": {"a": 9.33},
        "stages": {
            "s1": {"cleared": True, "time": 32, "attempts": 2, "pending": 0},
            "s2": {"cleared": False, "time": None, "attempts": 0, "pending": 2},
            "s3": {"cleared": False, "time": None, "attempts": 0, "pending": 0},
        },
    }
