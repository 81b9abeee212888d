"""Judge consistency: the fold equals a computation from the contest state."""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

from histories import CHIEF, ORGANIZER, history, mark, opening, plans, referee, run
from hypothesis import given, settings

from judging.domain.commands import Correct, Start
from judging.domain.definition import JudgementAspect
from judging.domain.events import MarkAwarded
from judging.domain.evolve import Fold, evolve, fold
from judging.domain.marking import aggregate_panel, needs_rescoring
from judging.domain.state import ContestState
from judging.projections.judges import JudgeConsistency

Panels = dict[tuple[str, str], dict[str, float]]


def panels_of(state: ContestState) -> Panels:
    panels: Panels = defaultdict(dict)
    for record in state.records.values():
        aspect = state.catalog.aspects.get(record.subject_id)
        version = record.current
        if record.kind != "mark" or not isinstance(aspect, JudgementAspect):
            continue
        if not version.void and version.value is not None:
            panels[(record.contestant_id, record.subject_id)][record.referee_id] = float(
                version.value
            )
    return panels


def complete(state: ContestState, panels: Panels) -> dict[tuple[str, str], dict[str, float]]:
    sizes = {aid: a.panel.size for aid, a in state.catalog.aspects.items() if a.type == "judgement"}
    return {pid: p for pid, p in panels.items() if len(p) >= sizes[pid[1]]}


def reference(states: list[ContestState], given_: dict[str, int]) -> list[dict[str, Any]]:
    state = states[-1]
    violations: defaultdict[str, set[tuple[str, str]]] = defaultdict(set)
    for earlier in states:
        for pid, panel in complete(earlier, panels_of(earlier)).items():
            aspect = earlier.catalog.aspects[pid[1]]
            assert isinstance(aspect, JudgementAspect)
            if needs_rescoring(list(panel.values()), aspect):
                for rid in panel:
                    violations[rid].add(pid)
    deviations: defaultdict[str, list[float]] = defaultdict(list)
    for pid, panel in complete(state, panels_of(state)).items():
        aspect = state.catalog.aspects[pid[1]]
        assert isinstance(aspect, JudgementAspect)
        consensus = aggregate_panel(list(panel.values()), aspect.panel)
        for rid, value in panel.items():
            deviations[rid].append(value - consensus)
    corrected: defaultdict[str, int] = defaultdict(int)
    for record in state.records.values():
        if record.kind == "mark" and len(record.versions) > 1:
            corrected[record.referee_id] += 1
    rows = []
    for rid in sorted(set(state.referees) | set(given_)):
        devs, referee_ = deviations.get(rid, []), state.referees.get(rid)
        rows.append(
            {
                "referee_id": rid,
                "name": referee_.name if referee_ else None,
                "role": referee_.role if referee_ else None,
                "marks_given": given_.get(rid, 0),
                "panel_marks": len(devs),
                "mean_deviation": math.fsum(devs) / len(devs) if devs else None,
                "mean_abs_deviation": math.fsum(map(abs, devs)) / len(devs) if devs else None,
                "spread_violations": len(violations.get(rid, ())),
                "corrected": corrected.get(rid, 0),
            }
        )
    return rows


@settings(deadline=None, max_examples=60)
@given(plans)
def test_judges_equal_a_computation_from_the_state(plan: Any) -> None:
    model = JudgeConsistency()
    states: list[ContestState] = []
    given_: dict[str, int] = defaultdict(int)
    state: ContestState | None = None
    for event in history(plan):
        state = evolve(state, event)
        model.apply(event, state)
        states.append(state)
        if isinstance(event, MarkAwarded):
            given_[event.referee_id] += 1
        assert model.judges() == reference(states, given_)


def test_a_panel_with_a_correction() -> None:
    r1, r2, r3, r4 = (referee(f"r{i}") for i in range(1, 5))
    events = run(
        opening({"policy": "points"}, []),
        [
            (Start(command_id="go"), ORGANIZER, 0),
            (mark("c1", "quality", 1), r1, 1),
            (mark("c1", "quality", 2), r2, 1),
            (mark("c1", "quality", 3, command_id="m3"), r3, 1),
            (mark("c2", "quality", 3), r1, 2),
            (mark("c2", "quality", 3), r2, 2),
            (mark("c2", "quality", 3), r4, 2),
            (mark("c1", "exam", 8), r1, 3),
            (Correct(command_id="fix", supersedes="m3", value=2, reason="typo"), CHIEF, 4),
        ],
    )
    model, contest = JudgeConsistency(), Fold()
    for event in events:
        model.apply(event, contest.apply(event))
    rows = {row["referee_id"]: row for row in model.judges()}
    assert rows["r1"]["marks_given"] == 3
    assert rows["r1"]["panel_marks"] == 2
    assert math.isclose(rows["r1"]["mean_deviation"], (-2 / 3 + 0) / 2)
    assert math.isclose(rows["r1"]["mean_abs_deviation"], (2 / 3 + 0) / 2)
    assert [rows[r]["spread_violations"] for r in ("r1", "r2", "r3", "r4")] == [1, 1, 1, 0]
    assert [rows[r]["corrected"] for r in ("r1", "r2", "r3")] == [0, 0, 1]
    assert math.isclose(rows["r3"]["mean_deviation"], 1 / 3)
    assert rows["chief"]["marks_given"] == 0 and rows["chief"]["mean_deviation"] is None
    assert fold(events).referees["r3"].name == rows["r3"]["name"]
