"""Sort keys, tie-breaks, rank styles, ranked rows and their JSON."""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from judging.domain.definition import ContestDefinition
from judging.domain.facts import Attempt, EntryFacts, Status
from judging.domain.ranking import rank, ranks_for, row_json, sort_key
from judging.domain.scoring import Score, StageScore, score


def definition(policy: str = "points", **ranking: Any) -> ContestDefinition:
    def criterion(cid: str) -> dict[str, Any]:
        aspect = {"id": f"{cid}1", "name": cid, "type": "judgement", "max": 50}
        return {"id": cid, "name": cid, "aspects": [aspect]}

    return ContestDefinition.model_validate(
        {
            "id": "c",
            "title": "C",
            "duration_minutes": 300,
            "ranking": {"policy": policy, **ranking},
            "criteria": [criterion("a"), criterion("b")],
            "stages": [{"id": f"s{i}", "name": f"S{i}"} for i in range(1, 4)],
        }
    )


def points(total: float, **criteria: float) -> Score:
    return Score(total, criteria, {}, 0, 0, None)


def stages(cleared: int, time: int, last: int | None = None, clears: tuple[int, ...] = ()) -> Score:
    by_stage = {f"s{i}": StageScore(True, m, 1, 0, m) for i, m in enumerate(clears)}
    return Score(0.0, {}, by_stage, cleared, time, last)


def entry(cid: str, status: Status = "active", **fields: Any) -> EntryFacts:
    return EntryFacts(
        contestant_id=cid, name=fields.pop("name", cid.upper()), status=status, **fields
    )


def key(score_: Score, defn: ContestDefinition) -> tuple[float, ...]:
    return sort_key(score_, "active", defn)


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


# --- statuses ----------------------------------------------------------------------


def test_withdrawn_and_disqualified_sort_after_every_active_entry() -> None:
    defn = definition()
    worst_active = sort_key(points(-1000), "active", defn)
    assert worst_active < sort_key(points(99), "withdrawn", defn)
    assert sort_key(points(99), "withdrawn", defn) < sort_key(points(99), "disqualified", defn)


def test_inactive_entries_are_unranked_last_by_status_then_name() -> None:
    defn = definition()
    entries = [
        (entry("d1", "disqualified", name="Ann"), points(99)),
        (entry("w2", "withdrawn", name="Zed"), points(99)),
        (entry("w1", "withdrawn", name="Bob"), points(1)),
        (entry("a1"), points(10)),
    ]
    rows = rank(entries, defn)
    assert [(r.contestant_id, r.rank) for r in rows] == [
        ("a1", 1),
        ("w1", None),
        ("w2", None),
        ("d1", None),
    ]


# --- rank styles -------------------------------------------------------------------


def test_three_tied_then_one_lower_standard_is_1114() -> None:
    assert ranks_for([(0, -5), (0, -5), (0, -5), (0, -4)], "standard") == [1, 1, 1, 4]


def test_three_tied_then_one_lower_dense_is_1112() -> None:
    assert ranks_for([(0, -5), (0, -5), (0, -5), (0, -4)], "dense") == [1, 1, 1, 2]


def test_ranks_for_keeps_the_order_given() -> None:
    assert ranks_for([(3,), (1,), (2,), (1,)], "standard") == [4, 1, 3, 1]
    assert ranks_for([(3,), (1,), (2,), (1,)], "dense") == [3, 1, 2, 1]


def test_rank_uses_the_definition_rank_style() -> None:
    entries = [(entry(c), points(t)) for c, t in [("a", 9), ("b", 9), ("c", 9), ("d", 8)]]
    assert [r.rank for r in rank(entries, definition())] == [1, 1, 1, 4]
    assert [r.rank for r in rank(entries, definition(rank_style="dense"))] == [1, 1, 1, 2]


def test_ties_are_listed_by_name_then_id() -> None:
    entries = [
        (entry("z", name="Li"), points(5)),
        (entry("y", name="Li"), points(5)),
        (entry("x", name="Chen"), points(5)),
    ]
    assert [r.contestant_id for r in rank(entries, definition())] == ["x", "y", "z"]


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


# --- JSON --------------------------------------------------------------------------


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


# --- properties --------------------------------------------------------------------

statuses = st.sampled_from(["active", "active", "active", "withdrawn", "disqualified"])
entry_specs = st.lists(
    st.tuples(st.integers(0, 4), st.sampled_from(["Ann", "Bob"]), statuses),
    max_size=12,
)


def build(specs: list[tuple[int, str, Status]]) -> list[tuple[EntryFacts, Score]]:
    return [
        (entry(f"e{i}", status, name=name), points(total / 2, a=total % 2))
        for i, (total, name, status) in enumerate(specs)
    ]


@given(entry_specs, st.randoms(use_true_random=False), st.sampled_from(["standard", "dense"]))
def test_rank_ignores_input_order(specs: Any, rnd: random.Random, style: str) -> None:
    defn = definition(tie_breaks=["countback"], rank_style=style)
    entries = build(specs)
    shuffled = list(entries)
    rnd.shuffle(shuffled)
    assert rank(shuffled, defn) == rank(entries, defn)


@given(entry_specs, st.sampled_from(["standard", "dense"]))
def test_ranks_never_decrease_along_the_rows(specs: Any, style: str) -> None:
    ranks = [r.rank for r in rank(build(specs), definition(rank_style=style))]
    ranked = [r for r in ranks if r is not None]
    assert ranked == sorted(ranked)
    assert ranks == ranked + [None] * (len(ranks) - len(ranked))


@given(entry_specs)
def test_standard_rank_is_one_plus_strictly_better_keys(specs: Any) -> None:
    defn = definition(tie_breaks=["countback"])
    rows = rank(build(specs), defn)
    active = [r for r in rows if r.status == "active"]
    keys = [sort_key(r.score, r.status, defn) for r in active]
    for row, own in zip(active, keys, strict=True):
        assert row.rank == 1 + sum(other < own for other in keys)
