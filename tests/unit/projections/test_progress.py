"""Stage progress: the public view shows frozen attempts only as pending."""

from __future__ import annotations

from typing import Any

from histories import ORGANIZER, attempt, opening, referee, run

from judging.domain.commands import Freeze, Start
from judging.projections.contest_board import ContestBoard


def test_frozen_attempts_are_pending_in_public_and_shown_live() -> None:
    def at(stage: str, result: str, minute: int) -> Any:
        return attempt("c1", stage, result, contest_time=minute * 60), referee("r1"), minute

    events = run(
        opening({"policy": "stages"}, []),
        [
            (Start(command_id="go"), ORGANIZER, 0),
            at("s1", "failed", 5),
            at("s1", "cleared", 12),
            (Freeze(command_id="ice"), ORGANIZER, 180),
            at("s2", "failed", 190),
            at("s2", "cleared", 200),
        ],
    )
    board = ContestBoard()
    for position, event in enumerate(events, start=1):
        board.apply(event, position)
    public, live = board.progress("c1", "public"), board.progress("c1", "live")
    assert public["stages_cleared"] == 1 and public["pending"] == 2
    s1, s2 = public["stages"]
    assert (s1["cleared"], s1["attempts"], s1["time"], s1["attempt_times"]) == (
        True,
        2,
        32,
        [5, 12],
    )
    assert (s2["cleared"], s2["pending"], s2["attempt_times"]) == (False, 2, [])
    assert live["stages_cleared"] == 2 and live["pending"] == 0
    assert live["stages"][1]["attempt_times"] == [190, 200]
    assert live["stages"][1]["time"] == 220 and live["stages"][1]["cleared_at"] == 200
