"""Rank styles, ties, and where withdrawn and disqualified entries go."""

from __future__ import annotations

import random
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from ranking_data import definition, entry, points

from judging.domain.facts import EntryFacts, Status
from judging.domain.ranking import rank, ranks_for, sort_key
from judging.domain.scoring import Score

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
