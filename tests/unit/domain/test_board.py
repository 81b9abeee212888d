"""Entry facts per view: blind panels, the freeze, corrections, penalties, attempts."""

from __future__ import annotations

import pytest
from builders import CHIEF, ORGANIZER, attempt, correction, mark, penalty, referee, run, started

from judging.domain.board import entry_facts, facts_for
from judging.domain.commands import End, Freeze, Thaw, Withdraw
from judging.domain.events import Event
from judging.domain.evolve import fold
from judging.domain.facts import Attempt

R1, R2, R3 = referee("r1"), referee("r2"), referee("r3")


def panel(*values: float) -> list[Event]:
    """c1's quality (scale 0..3 → 10 marks, panel of 3, max spread 1)."""
    marks = [
        (mark("c1", "quality", v, f"q{i}"), referee(f"r{i + 1}"), 1.0) for i, v in enumerate(values)
    ]
    return run(started(), marks)


def test_one_facts_per_contestant_with_roster_details() -> None:
    facts = entry_facts(fold(started()), "public")
    assert [f.contestant_id for f in facts] == ["c1", "c2", "c3"]
    assert (facts[0].name, facts[0].organization, facts[0].venue) == ("Li Wei", "Acme", "wz")
    assert facts[0].provisional  # its panel has no marks yet


def test_a_partial_panel_is_blind_in_public_and_partial_live() -> None:
    state = fold(panel(2, 3))
    assert facts_for(state, "c1", "public").criteria == {}
    live = facts_for(state, "c1", "live")
    assert live.criteria == {"wiring": pytest.approx(2.5 / 3 * 10)}
    assert live.provisional


def test_a_complete_panel_shows_in_both_views() -> None:
    state = fold(run(panel(2, 2, 3), [(mark("c1", "exam", 7), R1, 2)]))
    for view in ("public", "live"):
        facts = facts_for(state, "c1", view)
        assert facts.criteria == {"wiring": pytest.approx(70 / 9), "theory": 7.0}
        assert not facts.provisional


def test_a_wide_panel_stays_provisional_until_corrected() -> None:
    wide = panel(0, 2, 3)
    assert facts_for(fold(wide), "c1", "public").provisional
    fixed = run(wide, [(correction("q0", value=2), CHIEF, 3)])
    assert not facts_for(fold(fixed), "c1", "public").provisional


def test_a_measurement_mark_follows_its_rule() -> None:
    state = fold(run(started(), [(mark("c2", "faults", 0.5), R1, 1)]))
    assert facts_for(state, "c2", "public").criteria == {"wiring": 2.0}


def test_penalties_count_until_voided() -> None:
    steps = [(penalty("c2", "safety", "p1"), R1, 1), (penalty("c2", "restart", "p2"), R1, 2)]
    history = run(started(), steps)
    facts = facts_for(fold(history), "c2", "public")
    assert (facts.penalty_points, facts.penalty_minutes) == (5.0, 5.0)
    voided = run(history, [(correction("p1", void=True), CHIEF, 3)])
    facts = facts_for(fold(voided), "c2", "public")
    assert (facts.penalty_points, facts.penalty_minutes) == (0.0, 5.0)


def test_attempts_in_order_without_voided_ones() -> None:
    steps = [
        (attempt("c1", "s1", "failed", "a1"), R1, 10),
        (attempt("c1", "s1", "failed", "a2", penalty=False), R1, 20),
        (attempt("c1", "s1", "cleared", "a3"), R1, 30),
        (correction("a1", void=True), CHIEF, 31),
    ]
    facts = facts_for(fold(run(started(), steps)), "c1", "public")
    assert facts.attempts == {
        "s1": (Attempt("failed", 1200.0, penalty=False), Attempt("cleared", 1800.0))
    }


def test_the_freeze_hides_new_entries_from_the_public_until_the_thaw() -> None:
    history = run(
        panel(1, 1, 1),
        [
            (Freeze(command_id="f"), ORGANIZER, 100),
            (correction("q0", value=2), CHIEF, 101),
            (penalty("c2"), R1, 102),
            (attempt("c3", "s1", "cleared"), R1, 103),
        ],
    )
    public = {f.contestant_id: f for f in entry_facts(fold(history), "public")}
    assert public["c1"].criteria == {"wiring": pytest.approx(10 / 3)}
    assert public["c2"].penalty_points == 0.0
    assert (public["c3"].attempts, public["c3"].pending_attempts) == ({}, {"s1": 1})
    live = {f.contestant_id: f for f in entry_facts(fold(history), "live")}
    assert live["c1"].criteria == {"wiring": pytest.approx(40 / 9)}
    assert live["c2"].penalty_points == 5.0
    thawed = run(
        history, [(End(command_id="e"), ORGANIZER, 240), (Thaw(command_id="t"), ORGANIZER, 241)]
    )
    assert entry_facts(fold(thawed), "public") == entry_facts(fold(thawed), "live")


def test_attempts_in_the_freeze_window_are_pending_without_a_freeze() -> None:
    # freeze_minutes 60 of 240: attempts from minute 180 on are hidden until the thaw.
    history = run(
        started(),
        [(attempt("c1", "s1", "failed"), R1, 179), (attempt("c1", "s1", "failed"), R1, 181)],
    )
    facts = facts_for(fold(history), "c1", "public")
    assert (len(facts.attempts["s1"]), facts.pending_attempts) == (1, {"s1": 1})
    assert len(facts_for(fold(history), "c1", "live").attempts["s1"]) == 2


def test_status_follows_withdrawal() -> None:
    history = run(started(), [(Withdraw(command_id="w", contestant_id="c3"), ORGANIZER, 5)])
    assert facts_for(fold(history), "c3", "public").status == "withdrawn"
