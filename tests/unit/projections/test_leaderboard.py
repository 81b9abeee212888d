"""Craftsman ratings: one PlackettLuce match per contest, carried over, deterministic."""

from __future__ import annotations

from judging.projections.talent.contest_results import ContestResult
from judging.projections.talent.leaderboard import Rating, initial, match, rate


def result(worker: str, rank: int | None, contestant: str | None = None) -> ContestResult:
    return ContestResult(
        "c", contestant or worker, worker, worker, "T", "t", rank, 3, None, None, None, None,
        None, {},
    )  # fmt: skip


def test_match_keeps_ranked_workers_once_with_their_best_rank() -> None:
    results = [result("a", 2, "a1"), result("a", 1, "a2"), result("b", 3), result("c", None)]
    assert match(results) == {"a": 1, "b": 3}


def test_winner_gains_loser_loses_and_ties_move_together() -> None:
    new = rate({}, {"a": 1, "b": 2, "c": 2})
    assert new["a"].mu > initial().mu > new["b"].mu
    assert new["b"] == new["c"]
    assert all(r.sigma < initial().sigma for r in new.values())


def test_beating_a_strong_field_is_worth_more() -> None:
    strong = Rating(35.0, 3.0)
    weak = Rating(15.0, 3.0)
    against_strong = rate({"x": strong}, {"a": 1, "x": 2})["a"]
    against_weak = rate({"x": weak}, {"a": 1, "x": 2})["a"]
    assert against_strong.mu > against_weak.mu


def test_ratings_carry_over_and_are_deterministic() -> None:
    first = rate({}, {"a": 1, "b": 2})
    second = rate(first, {"a": 1, "b": 2})
    assert second["a"].mu > first["a"].mu
    assert rate(first, {"a": 1, "b": 2}) == second
    assert second["a"].ordinal == second["a"].mu - 3 * second["a"].sigma


def test_a_match_of_one_changes_nothing() -> None:
    assert rate({"a": Rating(30.0, 2.0)}, {"a": 1}) == {"a": Rating(30.0, 2.0)}


def test_points_are_500_for_a_newcomer_never_negative_and_follow_the_ordinal() -> None:
    assert initial().points == 500
    assert Rating(0.0, 20.0).points == 0  # an ordinal of -60 would be -700
    new = rate({}, {"a": 1, "b": 2, "c": 3})
    assert new["a"].points > new["b"].points > new["c"].points >= 0
