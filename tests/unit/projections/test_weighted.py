"""The craftsman leaderboard's source weights."""

from __future__ import annotations

from judging.projections.talent.weighted import Weights, ranked, score

SOURCES = {
    "contests": {"w1": 520.0, "w2": 480.0},
    "levels": {"w2": 300.0, "w3": 100.0},
    "mentoring": {"w3": 85.0},
    "training": {"w1": 100.0, "w4": 200.0},
}


def test_default_weights_are_the_contests_alone() -> None:
    assert Weights().is_default
    assert Weights().as_dict() == {"contests": 1, "levels": 0, "mentoring": 0, "training": 0}
    assert [w for w, _, _ in ranked(Weights(), SOURCES)] == ["w1", "w2"]


def test_score_is_the_weighted_sum_of_the_sources() -> None:
    weights = Weights(contests=0.5, levels=1, mentoring=2, training=0.25)
    assert score(weights, {"contests": 500, "levels": 200, "training": 100}) == 475
    assert score(weights, {}) == 0


def test_workers_of_weighted_sources_only_ranked_by_score_ties_by_id() -> None:
    rows = ranked(Weights(contests=0, levels=1, mentoring=1), SOURCES)
    assert [(w, s) for w, s, _ in rows] == [("w2", 300), ("w3", 185)]
    assert rows[1][2] == {"contests": 0, "levels": 100, "mentoring": 85, "training": 0}
    tied = ranked(Weights(contests=0, training=1), {"training": {"b": 100, "a": 100}})
    assert [w for w, _, _ in tied] == ["a", "b"]
