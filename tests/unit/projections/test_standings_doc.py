"""Standings rows and group rows: the DESIGN.md §5 shapes, rounded for display only."""

from __future__ import annotations

from typing import Any

from judging.domain.definition import ContestDefinition
from judging.domain.facts import Attempt, EntryFacts
from judging.domain.groups import group_rows
from judging.domain.ranking import rank
from judging.domain.scoring import Score, score
from judging.projections.standings_doc import group_row, standings_row


def definition(policy: str = "points") -> ContestDefinition:
    def criterion(cid: str) -> dict[str, Any]:
        aspect = {"id": f"{cid}1", "name": cid, "type": "judgement", "max": 50}
        return {"id": cid, "name": cid, "aspects": [aspect]}

    return ContestDefinition.model_validate(
        {
            "id": "c",
            "title": "C",
            "duration_minutes": 300,
            "ranking": {"policy": policy},
            "criteria": [criterion("a"), criterion("b")],
            "stages": [{"id": f"s{i}", "name": f"S{i}"} for i in range(1, 4)],
        }
    )


def entry(cid: str, **fields: Any) -> EntryFacts:
    return EntryFacts(contestant_id=cid, name=fields.pop("name", cid.upper()), **fields)


def test_row_has_the_design_shape_and_rounds_for_display_only() -> None:
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
    assert standings_row(row) == {
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


def test_group_row_shape() -> None:
    facts = entry("p", team="P")
    entries = [(facts, Score(28 / 3, {"a": 28 / 3}, {}, 0, 0, None))]
    assert group_row(group_rows(entries, definition(), "team")[0]) == {
        "rank": 1,
        "group": "P",
        "members": ["p"],
        "score": {
            "total": 9.33,
            "stages_cleared": 0,
            "time": 0,
            "counted": 1,
            "criteria": {"a": 9.33, "b": 0.0},
        },
    }
