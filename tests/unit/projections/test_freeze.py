"""The reveal goes from the frozen board to the final one, lowest-ranked first."""

from __future__ import annotations

from typing import Any

from histories import ORGANIZER, attempt, history, opening, plans, referee, run
from hypothesis import given, settings

from judging.domain.commands import Freeze, Start
from judging.domain.evolve import fold
from judging.projections.freeze import board, reveal_steps


def test_a_small_reveal_in_known_order() -> None:
    def at(cid: str, stage: str, result: str, minute: int) -> Any:
        command = attempt(cid, stage, result, contest_time=minute * 60)
        return command, referee("r1"), minute

    events = run(
        opening({"policy": "stages"}, []),
        [
            (Start(command_id="go"), ORGANIZER, 0),
            at("c1", "s1", "cleared", 10),
            at("c2", "s1", "cleared", 20),
            (Freeze(command_id="ice"), ORGANIZER, 180),
            at("c3", "s1", "cleared", 190),
            at("c2", "s2", "failed", 195),
            at("c3", "s2", "cleared", 200),
            at("c1", "s2", "cleared", 230),
        ],
    )
    state = fold(events)
    assert [r["contestant_id"] for r in board(state, "public")] == ["c1", "c2", "c3"]
    steps = reveal_steps(state)
    assert [
        (s["contestant_id"], s["stage_id"], s["result"], s["rank_before"], s["rank_after"])
        for s in steps
    ] == [
        ("c3", "s1", "cleared", 3, 3),
        ("c3", "s2", "cleared", 3, 1),
        ("c2", "s2", "failed", 3, 3),
        ("c1", "s2", "cleared", 2, 1),
    ]
    assert [s["step"] for s in steps] == [1, 2, 3, 4]
    assert [r["contestant_id"] for r in steps[-1]["board_after"]] == ["c1", "c3", "c2"]
    assert steps[-1]["board_after"] == board(state, "live")


@settings(deadline=None, max_examples=60)
@given(plans)
def test_the_last_step_shows_the_final_board(plan: Any) -> None:
    state = fold(history(plan))
    steps = reveal_steps(state)
    assert steps == reveal_steps(state)  # deterministic
    final = board(state, "screen")  # what the audience may see: no incomplete blind panel
    last = steps[-1]["board_after"] if steps else board(state, "public")
    assert last == final
    for step in steps:
        row = next(r for r in step["board_after"] if r["contestant_id"] == step["contestant_id"])
        assert row["rank"] == step["rank_after"]
