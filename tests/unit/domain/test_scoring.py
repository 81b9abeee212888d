"""Scores: exact totals, stage clears and times under the CLICS rule and the time policy."""

from __future__ import annotations

import math
from typing import Any

from judging.domain.definition import ContestDefinition
from judging.domain.facts import Attempt, EntryFacts
from judging.domain.scoring import Score, StageScore, minute_of, score, stage_score, whole


def definition(
    policy: str = "stages", penalty_minutes: float = 20, **extra: Any
) -> ContestDefinition:
    return ContestDefinition.model_validate(
        {
            "id": "c",
            "title": "C",
            "duration_minutes": 300,
            "ranking": {"policy": policy, "penalty_minutes": penalty_minutes},
            "criteria": [
                criterion("a"),
                criterion("b"),
            ],
            "stages": [{"id": "s1", "name": "S1"}, {"id": "s2", "name": "S2"}],
            **extra,
        }
    )


def criterion(cid: str) -> dict[str, Any]:
    aspect = {"id": f"{cid}1", "name": cid, "type": "judgement", "max": 50}
    return {"id": cid, "name": cid, "aspects": [aspect]}


def failed(seconds: float, penalty: bool = True) -> Attempt:
    return Attempt("failed", seconds, penalty)


def cleared(seconds: float) -> Attempt:
    return Attempt("cleared", seconds)


def entry(**fields: Any) -> EntryFacts:
    return EntryFacts(contestant_id=fields.pop("contestant_id", "e"), name="E", **fields)


# --- minutes -----------------------------------------------------------------------


def test_contest_time_rounds_down_to_whole_minutes() -> None:
    assert [minute_of(t) for t in (0, 59.999, 60, 119.5, 3599)] == [0, 0, 1, 1, 59]


def test_whole_turns_integral_floats_into_ints() -> None:
    assert whole(20.0) == 20 and isinstance(whole(20.0), int)
    assert whole(2.5) == 2.5


# --- one stage ---------------------------------------------------------------------


def test_clear_at_first_attempt_counts_its_minute() -> None:
    assert stage_score([cleared(12 * 60 + 59)], 0, 20) == StageScore(True, 12, 1, 0, 12)


def test_failed_attempts_with_penalty_before_the_clear_add_penalty_minutes() -> None:
    attempts = [failed(60), failed(120, penalty=False), failed(180), cleared(600)]
    assert stage_score(attempts, 0, 20) == StageScore(True, 10 + 2 * 20, 4, 0, 10)


def test_attempts_after_the_clear_do_not_count() -> None:
    attempts = [cleared(300), failed(400), cleared(500)]
    assert stage_score(attempts, 2, 20) == StageScore(True, 5, 1, 0, 5)


def test_attempts_are_taken_in_contest_time_order() -> None:
    attempts = [cleared(600), failed(60)]
    assert stage_score(attempts, 0, 20) == StageScore(True, 30, 2, 0, 10)


def test_uncleared_stage_counts_all_attempts_and_pending() -> None:
    assert stage_score([failed(60), failed(70)], 3, 20) == StageScore(False, None, 2, 3)


def test_fractional_penalty_minutes_stay_exact() -> None:
    assert stage_score([failed(0), cleared(60)], 0, 2.5).time == 3.5


# --- whole entries -----------------------------------------------------------------


def test_total_is_the_sum_of_marks_minus_penalty_points_exactly() -> None:
    facts = entry(criteria={"b": 0.1, "a": 0.2}, penalty_points=0.3)
    result = score(facts, definition("points"))
    assert result.total == math.fsum([0.1, 0.2, -0.3])  # exact: not 0.1 + 0.2 - 0.3
    assert result.total != 0.1 + 0.2 - 0.3
    assert list(result.criteria) == ["a", "b"]  # definition order
    assert result.penalty_points == 0.3


def test_stages_time_is_the_icpc_sum_plus_imposed_penalty_minutes() -> None:
    facts = entry(
        attempts={"s1": (failed(30), cleared(95)), "s2": (cleared(3000),)},
        penalty_minutes=5,
    )
    result = score(facts, definition())
    assert result.stages_cleared == 2
    assert result.time == (1 + 20) + 50 + 5
    assert isinstance(result.time, int)
    assert result.last_clear == 50
    assert result.clear_minutes() == (50, 1)


def test_attempts_on_uncleared_stages_cost_nothing() -> None:
    facts = entry(attempts={"s1": (cleared(120),), "s2": (failed(10), failed(20))})
    result = score(facts, definition())
    assert (result.stages_cleared, result.time) == (1, 2)
    assert result.stages["s2"] == StageScore(False, None, 2, 0)


def test_time_policy_counts_the_last_clear_plus_penalties_before_clears() -> None:
    facts = entry(
        attempts={"s1": (failed(30), cleared(95)), "s2": (failed(100), cleared(3000))},
        penalty_minutes=5,
    )
    result = score(facts, definition("time"))
    assert result.time == 50 + 2 * 20 + 5


def test_time_policy_without_clears_counts_only_imposed_minutes() -> None:
    facts = entry(attempts={"s1": (failed(30),)}, penalty_minutes=5)
    result = score(facts, definition("time"))
    assert (result.stages_cleared, result.time, result.last_clear) == (0, 5, None)


def test_every_defined_stage_is_scored_and_unknown_ones_follow() -> None:
    facts = entry(attempts={"zz": (cleared(60),)}, pending_attempts={"s2": 1})
    result = score(facts, definition())
    assert list(result.stages) == ["s1", "s2", "zz"]
    assert result.stages["s2"] == StageScore(False, None, 0, 1)
    assert result.stages["s1"] == StageScore(False, None, 0, 0)


def test_empty_entry_scores_zero() -> None:
    assert score(entry(), definition("points", stages=[])) == Score(
        total=0.0, criteria={}, stages={}, stages_cleared=0, time=0, last_clear=None
    )
