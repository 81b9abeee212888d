"""Radar: per criterion mark, percent, cohort mean and percentile, kept incrementally."""

from __future__ import annotations

import math
from typing import Any

from histories import history, plans
from hypothesis import given, settings

from judging.domain.board import entry_facts
from judging.domain.evolve import evolve
from judging.domain.facts import EntryFacts, View
from judging.domain.marking import display
from judging.domain.state import ContestState
from judging.projections.contest_board import ContestBoard
from judging.projections.radar import Cohort
from judging.projections.standings import VIEWS


def rounded(value: float | None) -> float | None:
    return None if value is None else display(value)


def reference(state: ContestState, view: View, cid: str, venue: bool) -> dict[str, Any]:
    """The radar computed from scratch over the folded state."""
    everyone = {f.contestant_id: f for f in entry_facts(state, view)}
    me = everyone[cid]
    cohort: list[EntryFacts] = [
        f
        for f in everyone.values()
        if f.status == "active" and (not venue or me.venue is None or f.venue == me.venue)
    ]
    axes = []
    for criterion in state.definition.criteria:

        def pct(f: EntryFacts, c: Any = criterion) -> float:
            return f.criteria.get(c.id, 0.0) / c.max * 100

        mine, others = pct(me), [pct(f) for f in cohort]
        below, equal = sum(p < mine for p in others), sum(p == mine for p in others)
        axes.append(
            {
                "criterion_id": criterion.id,
                "name": criterion.name,
                "mark": rounded(me.criteria.get(criterion.id)),
                "max": criterion.max,
                "percent": display(mine),
                "cohort_mean_percent": rounded(math.fsum(others) / len(others) if others else None),
                "percentile": rounded(100 * (below + equal / 2) / len(others) if others else None),
            }
        )
    return {"contestant_id": cid, "cohort_size": len(cohort), "criteria": axes}


@settings(deadline=None, max_examples=40)
@given(plans)
def test_radar_equals_a_rebuild_at_every_prefix(plan: Any) -> None:
    board = ContestBoard()
    state: ContestState | None = None
    for position, event in enumerate(history(plan), start=1):
        board.apply(event, position)
        state = evolve(state, event)
        for view in VIEWS:
            for cid in state.contestants:
                for venue in (False, True):
                    assert board.radar(cid, view, venue) == reference(state, view, cid, venue)


def test_percentile_counts_lower_and_half_the_ties() -> None:
    cohort = Cohort(1)
    for cid, percent in [("a", 10.0), ("b", 50.0), ("c", 50.0), ("d", 90.0)]:
        cohort.put(cid, (percent,))
    assert cohort.percentile(0, 50.0) == 100 * (1 + 2 / 2) / 4
    assert cohort.percentile(0, 90.0) == 100 * (3 + 0.5) / 4
    assert cohort.mean(0) == 50.0
    cohort.put("d", None)
    assert len(cohort) == 3 and cohort.percentile(0, 10.0) == 100 * 0.5 / 3
    assert Cohort(1).percentile(0, 1.0) is None and Cohort(1).mean(0) is None
