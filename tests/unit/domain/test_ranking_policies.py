"""Sort keys by policy (points, stages, time) and the tie-breaks that follow them."""

from __future__ import annotations

import pytest
from ranking_data import definition, entry, key, points, stages

from judging.domain.facts import Attempt
from judging.domain.ranking import rank, ranks_for
from judging.domain.scoring import score

# --- policies ----------------------------------------------------------------------


def test_points_higher_total_is_better() -> None:
    defn = definition()
    assert key(points(80.5), defn) < key(points(80.25), defn)
    assert key(points(80.5), defn) == key(points(80.5, a=3), defn)


def test_icpc_more_cleared_wins_over_less_time() -> None:
    defn = definition("stages")
    assert key(stages(3, 900, 200), defn) < key(stages(2, 10, 5), defn)


def test_icpc_equal_cleared_less_time_wins() -> None:
    defn = definition("stages")
    assert key(stages(2, 100, 90), defn) < key(stages(2, 101, 50), defn)


def test_icpc_equal_time_earlier_last_clear_wins() -> None:
    defn = definition("stages")
    assert key(stages(2, 100, 60), defn) < key(stages(2, 100, 61), defn)


def test_icpc_fully_equal_share_a_rank() -> None:
    defn = definition("stages")
    keys = [key(stages(2, 100, 60), defn), key(stages(2, 100, 60), defn)]
    assert ranks_for(keys, "standard") == [1, 1]


def test_time_policy_finishing_more_beats_less_time() -> None:
    defn = definition("time")
    assert key(stages(3, 200), defn) < key(stages(2, 100), defn) < key(stages(2, 101), defn)
    assert key(stages(2, 100, 90), defn) == key(stages(2, 100, 10), defn)


# --- tie-breaks --------------------------------------------------------------------


def test_criterion_tie_break_prefers_the_higher_mark_missing_is_zero() -> None:
    defn = definition(tie_breaks=["criterion:b"])
    assert key(points(50, b=10), defn) < key(points(50, a=40, b=9.5), defn)
    assert key(points(50, a=50), defn) > key(points(50, b=0.01), defn)
    assert key(points(50, a=50), defn) == key(points(50, b=0), defn)


def test_points_countback_compares_criteria_in_definition_order() -> None:
    defn = definition(tie_breaks=["countback"])
    assert key(points(50, a=30, b=20), defn) < key(points(50, a=29, b=21), defn)
    assert key(points(50, a=30, b=20), defn) == key(points(50, a=30, b=20), defn)


def test_tie_breaks_apply_in_order() -> None:
    defn = definition(tie_breaks=["criterion:b", "countback"])
    assert key(points(50, a=10, b=40), defn) < key(points(50, a=20, b=30), defn)
    assert key(points(50, a=20, b=30), defn) < key(points(50, a=10, b=30), defn)


@pytest.mark.parametrize("policy", ["stages", "time"])
def test_stage_countback_compares_clears_from_the_latest_backwards(policy: str) -> None:
    defn = definition(policy, tie_breaks=["countback"])
    first = stages(2, 100, 70, clears=(70, 20))
    second = stages(2, 100, 70, clears=(30, 70))
    assert key(first, defn) < key(second, defn)


def test_time_countback_starts_with_the_latest_clear() -> None:
    defn = definition("time", tie_breaks=["countback"])
    assert key(stages(2, 100, 60, clears=(40, 60)), defn) < key(
        stages(2, 100, 70, clears=(10, 70)), defn
    )


def test_without_countback_equal_icpc_keys_tie() -> None:
    defn = definition("stages")
    assert key(stages(2, 100, 70, clears=(70, 20)), defn) == key(
        stages(2, 100, 70, clears=(70, 30)), defn
    )


def test_unknown_tie_break_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown tie-break"):
        key(points(1), definition(tie_breaks=["coin-toss"]))


# --- end to end from facts ---------------------------------------------------------


def test_icpc_ranking_from_attempts() -> None:
    defn = definition("stages", penalty_minutes=20)
    facts = [
        # 2 cleared, 10 + 20 (one failure with penalty) + 30 = 60
        entry(
            "p",
            attempts={
                "s1": (Attempt("failed", 60), Attempt("cleared", 600)),
                "s2": (Attempt("cleared", 1800),),
            },
        ),
        # 2 cleared, the compile error costs nothing; 20 + 40 = 60, last clear later
        entry(
            "q",
            attempts={
                "s1": (Attempt("failed", 60, penalty=False), Attempt("cleared", 1200)),
                "s2": (Attempt("cleared", 2459),),
            },
        ),
        # 1 cleared, failures on an uncleared stage cost nothing
        entry("r", attempts={"s1": (Attempt("cleared", 60),), "s2": (Attempt("failed", 90),) * 5}),
    ]
    rows = rank([(f, score(f, defn)) for f in facts], defn)
    assert [(r.contestant_id, r.rank, r.score.time) for r in rows] == [
        ("p", 1, 60),
        ("q", 2, 60),
        ("r", 3, 1),
    ]
