"""Levels granted by an assessment's results, and the counts per level of a standard."""

from __future__ import annotations

from collections.abc import Mapping

from judging.domain.standards import Level
from judging.projections.talent.contest_results import ContestResult
from judging.projections.talent.levels import Ladder, count_levels, grants

LADDER = (
    Level(id="junior", name="初级", min_percent=60),
    Level(id="middle", name="中级", min_percent=75),
    Level(id="senior", name="高级", min_percent=90),
)
FITTER = Ladder("fitter", "Fitter", {"wiring": 80, "safety": 70}, LADDER)


def result(contestant: str, worker: str, skills: Mapping[str, float]) -> ContestResult:
    return ContestResult(
        contest_id="exam",
        contestant_id=contestant,
        worker_id=worker,
        name=worker,
        title="Exam",
        finalized_at="2026-01-05T10:00:00+00:00",
        rank=1,
        field_size=3,
        percentile=0.0,
        total_percent=80.0,
        organization=None,
        team=None,
        workshop=None,
        skills=skills,
    )


def test_each_covered_skill_grants_the_level_of_the_workers_best_entry() -> None:
    results = [
        result("a", "w1", {"wiring": 80, "safety": 95, "x:theory": 100}),
        result("b", "w1", {"wiring": 91}),  # a second entry of the same worker
        result("c", "w2", {"wiring": 59.5}),  # below the lowest level: nothing
    ]
    found = [
        (g.worker_id, g.skill, g.level.id, g.rank, g.percent) for g in grants(results, [FITTER])
    ]
    assert found == [("w1", "safety", "senior", 3, 95), ("w1", "wiring", "senior", 3, 91)]


def test_only_skills_a_standard_requires_grant_its_levels() -> None:
    other = Ladder("welder", "Welder", {"welding": 50}, LADDER)
    found = grants([result("a", "w1", {"wiring": 80})], [FITTER, other])
    assert [(g.standard_id, g.skill, g.level.id) for g in found] == [("fitter", "wiring", "middle")]


def test_a_skill_not_assessed_grants_nothing() -> None:
    assert grants([result("a", "w1", {})], [FITTER]) == []


def test_counts_per_skill_and_for_the_position_take_the_lowest_level() -> None:
    latest = {
        ("w1", "wiring"): "senior",
        ("w1", "safety"): "junior",
        ("w2", "wiring"): "middle",
        ("w2", "safety"): "middle",
        ("w3", "wiring"): "senior",  # safety never granted: no position level
    }
    counts = count_levels(FITTER, latest, ["w1", "w2", "w3"])
    assert counts["position"] == {"junior": 1, "middle": 1, "senior": 0}
    assert counts["partial"] == 1
    assert counts["skills"] == [
        {"skill": "wiring", "counts": {"junior": 0, "middle": 1, "senior": 2}},
        {"skill": "safety", "counts": {"junior": 1, "middle": 1, "senior": 0}},
    ]
    assert [level["name"] for level in counts["levels"]] == ["初级", "中级", "高级"]
