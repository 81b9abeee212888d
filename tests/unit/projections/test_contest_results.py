"""Results for the talent database: percentile, percents per skill, ranks of workers."""

from __future__ import annotations

import pytest

from judging.domain.definition import ContestDefinition
from judging.domain.facts import EntryFacts
from judging.projections.talent.contest_results import (
    contest_results,
    percent,
    percentile,
    skill_percents,
)


def definition() -> ContestDefinition:
    aspect = {"id": "a", "name": "A", "type": "measurement", "max": 10}
    return ContestDefinition.model_validate(
        {
            "id": "c1",
            "title": "Cup",
            "duration_minutes": 60,
            "criteria": [
                {"id": "wiring", "name": "W", "skill": "elec.wiring", "aspects": [aspect]},
                {"id": "theory", "name": "T", "aspects": [{**aspect, "max": 30}]},
                {"id": "solder", "name": "S", "skill": "elec.wiring", "aspects": [aspect]},
            ],
        }
    )


def test_percentile_counts_the_field_strictly_below() -> None:
    ranks = [1, 2, 2, 4]
    assert percentile(1, ranks) == 75
    assert percentile(2, ranks) == 25
    assert percentile(4, ranks) == 0
    assert percentile(None, ranks) is None
    assert percentile(1, [1]) == 0


def test_percent_of_nothing_is_none() -> None:
    assert percent(5, 20) == 25
    assert percent(5, 0) is None


def test_skill_percents_key_by_tag_else_contest_and_criterion_and_pool_shared_tags() -> None:
    facts = EntryFacts("x", "X", criteria={"wiring": 10, "theory": 15})
    assert skill_percents(facts, definition()) == {"elec.wiring": 50, "c1:theory": 50}


def test_contest_results_keep_workers_with_rank_field_and_percents() -> None:
    entries = [
        EntryFacts("a", "A", worker_id="w1", team="t1", criteria={"wiring": 10, "theory": 30}),
        EntryFacts("b", "B", criteria={"wiring": 5}),
        EntryFacts("c", "C", worker_id="w3", criteria={"wiring": 5}),
        EntryFacts("d", "D", worker_id="w4", status="withdrawn", criteria={"wiring": 9}),
    ]
    results = contest_results(definition(), entries, "2026-01-01T00:00:00+00:00")
    assert [(r.worker_id, r.rank, r.field_size) for r in results] == [
        ("w1", 1, 3),
        ("w3", 2, 3),
        ("w4", None, 3),
    ]
    first, second, withdrawn = results
    assert first.percentile == pytest.approx(200 / 3)
    assert second.percentile == 0
    assert withdrawn.percentile is None
    assert first.total_percent == 80
    assert first.team == "t1" and first.title == "Cup"
    assert first.skills == {"elec.wiring": 50, "c1:theory": 100}
