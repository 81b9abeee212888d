"""Mentor–apprentice programmes: weights, the pair lifecycle, refusals, mentor credit."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from judging.domain.errors import Rejected
from judging.domain.events import decode, encode
from judging.domain.mentor_credit import Achievement, PairSpan, credits
from judging.domain.mentoring import (
    EMPTY,
    AssessPair,
    DefineProgramme,
    EndPair,
    FormPair,
    PairAssessed,
    Person,
    Programme,
    ProgrammeCommand,
    SignAgreement,
    Weights,
    decide,
    evolve,
)


def run(state: Programme, command: ProgrammeCommand) -> Programme:
    for event in decide(state, command):
        state = evolve(state, event)
    return state


def define(**fields: object) -> DefineProgramme:
    body: dict[str, object] = {
        "command_id": "c0",
        "id": "p1",
        "title": "电工师带徒",
        "weights": {"kpi": 2, "improvement": 1, "attitude": 1},
        "periods": [{"id": "q1", "name": "Q1"}, {"id": "q2", "name": "Q2"}],
    }
    return DefineProgramme.model_validate({**body, **fields})


def form(mentor: str = "m1", apprentice: str = "a1", **fields: object) -> FormPair:
    return FormPair.model_validate(
        {
            "command_id": "c1",
            "mentor": {"worker_id": mentor},
            "apprentice": {"worker_id": apprentice},
            "start": "2026-01-10",
            "goals": ["wiring"],
            **fields,
        }
    )


def assess(period: str = "q1", **fields: object) -> AssessPair:
    body: dict[str, object] = {
        "command_id": "c3",
        "pair_id": "pair-1",
        "period": period,
        "kpi": 80,
        "improvement": 60,
        "attitude": 100,
        "assessor": "boss",
        "assessed_on": "2026-03-31",
    }
    return AssessPair.model_validate({**body, **fields})


def sign(pair_id: str = "pair-1") -> SignAgreement:
    return SignAgreement(command_id="c2", pair_id=pair_id, signed_on=date(2026, 1, 11))


def end(outcome: str = "completed", on: str = "2026-06-30") -> EndPair:
    return EndPair.model_validate(
        {"command_id": "c4", "pair_id": "pair-1", "outcome": outcome, "on": on}
    )


def rejected(state: Programme, command: ProgrammeCommand) -> str:
    with pytest.raises(Rejected) as caught:
        decide(state, command)
    return caught.value.code


@pytest.fixture
def signed() -> Programme:
    return run(run(run(EMPTY, define()), form()), sign())


# Weights ------------------------------------------------------------------------


def test_weights_are_normalized_and_combine_the_three_parts() -> None:
    weights = Weights(kpi=2, improvement=1, attitude=1)
    assert weights.normalized() == {"kpi": 0.5, "improvement": 0.25, "attitude": 0.25}
    assert weights.score(80, 60, 100) == pytest.approx(80.0)
    assert Weights(kpi=20, improvement=10, attitude=10).score(80, 60, 100) == pytest.approx(80)


def test_a_zero_weight_leaves_its_part_out() -> None:
    assert Weights(kpi=0, improvement=0, attitude=1).score(0, 0, 70) == pytest.approx(70)


@pytest.mark.parametrize(
    "weights",
    [{"kpi": 0, "improvement": 0, "attitude": 0}, {"kpi": -1, "improvement": 1, "attitude": 1}],
)
def test_negative_or_all_zero_weights_are_refused(weights: dict[str, float]) -> None:
    with pytest.raises(ValidationError):
        define(weights=weights)


def test_scores_outside_0_to_100_and_duplicate_periods_are_refused() -> None:
    with pytest.raises(ValidationError):
        assess(kpi=101)
    with pytest.raises(ValidationError):
        define(periods=[{"id": "q1", "name": "a"}, {"id": "q1", "name": "b"}])


# Lifecycle ----------------------------------------------------------------------


def test_a_pair_is_formed_signed_assessed_and_completed(signed: Programme) -> None:
    state = run(signed, assess())
    pair = state.pairs["pair-1"]
    assert pair.state == "active"
    assert pair.assessments["q1"].score == pytest.approx(80.0)
    state = run(state, end())
    assert state.pairs["pair-1"].state == "completed"
    assert state.pairs["pair-1"].ended_on == date(2026, 6, 30)


def test_a_programme_is_defined_once() -> None:
    assert rejected(run(EMPTY, define()), define()) == "programme_already_defined"
    assert rejected(EMPTY, form()) == "programme_unknown"


def test_pair_refusals() -> None:
    state = run(run(EMPTY, define()), form())
    assert state.pairs["pair-1"].state == "formed"
    assert rejected(state, form("m1", "m1")) == "same_worker"
    assert rejected(state, form()) == "pair_already_exists"
    assert rejected(state, form("m2", "a2", pair_id="pair-1")) == "pair_already_exists"
    assert rejected(state, sign("nope")) == "pair_unknown"
    assert rejected(state, assess()) == "agreement_required"
    assert rejected(run(state, sign()), sign()) == "agreement_already_signed"
    assert rejected(state, end(on="2025-12-31")) == "end_before_start"


def test_a_mentor_may_be_limited_to_some_apprentices() -> None:
    state = run(run(EMPTY, define(max_apprentices=1)), form("m1", "a1"))
    assert rejected(state, form("m1", "a2")) == "mentor_busy"
    state = run(state, end("ended_early", "2026-02-01"))
    assert "pair-2" in run(state, form("m1", "a2")).pairs


def test_one_assessment_per_pair_per_period_and_a_correction_replaces_it(
    signed: Programme,
) -> None:
    state = run(signed, assess())
    assert rejected(state, assess()) == "already_assessed"
    assert rejected(state, assess("q9")) == "period_unknown"
    assert rejected(state, assess("q2", correct=True)) == "nothing_to_correct"
    corrected = decide(state, assess(kpi=40, correct=True, reason="typo"))
    assert isinstance(corrected[0], PairAssessed) and corrected[0].corrects
    state = run(state, assess(kpi=40, correct=True, reason="typo"))
    assert state.pairs["pair-1"].assessments["q1"].score == pytest.approx(60.0)


def test_an_ended_pair_changes_no_more(signed: Programme) -> None:
    state = run(signed, end("ended_early", "2026-02-01"))
    assert state.pairs["pair-1"].state == "ended_early"
    assert rejected(state, assess()) == "pair_ended"
    assert rejected(state, end()) == "pair_ended"


def test_programme_events_go_through_the_one_mapper(signed: Programme) -> None:
    for event in decide(signed, assess()):
        assert decode(*encode(event)) == event


# Mentor credit ------------------------------------------------------------------


def span(end: date | None) -> PairSpan:
    return PairSpan("p1", "pair-1", "m1", "a1", date(2026, 1, 10), end)


def won(on: date, worker: str = "a1") -> Achievement:
    return Achievement(worker, "result", on, f"c-{on.isoformat()}", "Contest", {"rank": 1})


def test_mentor_credit_counts_only_while_the_pair_lasts() -> None:
    days = [date(2026, 1, 9), date(2026, 1, 10), date(2026, 6, 30), date(2026, 7, 1)]
    found = credits([span(date(2026, 6, 30))], [won(day) for day in days], date(2027, 1, 1))
    assert [c.achievement.on for c in found] == days[1:3]
    assert all(c.span.mentor_id == "m1" for c in found)


def test_an_open_pair_credits_up_to_today_and_only_its_apprentice() -> None:
    achievements = [won(date(2026, 3, 1)), won(date(2026, 9, 1)), won(date(2026, 3, 1), "a2")]
    found = credits([span(None)], achievements, today=date(2026, 5, 1))
    assert [(c.achievement.worker_id, c.achievement.on) for c in found] == [
        ("a1", date(2026, 3, 1))
    ]


def test_person_needs_a_worker_id() -> None:
    with pytest.raises(ValidationError):
        Person(worker_id="")
