"""Awards over the official result: by count, by percent, by threshold; ties share the
higher award; withdrawn and disqualified entries get none."""

from __future__ import annotations

from typing import Any

import pytest
from builders import ORGANIZER, at, given
from round_builders import field_of, round_definition, round_history, round_state

from judging.domain.awards import compute_awards
from judging.domain.commands import DefineContest, Finalize
from judging.domain.events import AwardGiven, AwardsPublished, ContestFinalized
from judging.domain.validation import DefinitionError, validate_definition


def tiers(*specs: tuple[str, dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"id": name, "name": name.title(), **spec} for name, spec in specs]


def awarded(
    scores: dict[str, float], awards: list[dict[str, Any]], **options: Any
) -> dict[str, str]:
    state = round_state(scores, awards=awards, **options)
    return {given.contestant_id: given.award_id for given in compute_awards(state)}


def test_awards_by_count_in_order() -> None:
    result = awarded(field_of(6), tiers(("gold", {"count": 1}), ("silver", {"count": 2})))
    assert result == {"e01": "gold", "e02": "silver", "e03": "silver"}


def test_awards_by_percent_of_the_ranked_field() -> None:
    # 10 ranked: 10% -> 1, 25% -> floor(2.5) = 2 more
    result = awarded(field_of(10), tiers(("gold", {"percent": 10}), ("silver", {"percent": 25})))
    assert result == {"e01": "gold", "e02": "silver", "e03": "silver"}


def test_awards_by_threshold_go_to_every_remaining_entry_that_reaches_it() -> None:
    scores = {"a": 95, "b": 91, "c": 90, "d": 89.5, "e": 70}
    specs = tiers(("gold", {"count": 1}), ("excellence", {"min_score": 90}))
    assert awarded(scores, specs) == {"a": "gold", "b": "excellence", "c": "excellence"}


def test_a_size_with_a_min_score_needs_both() -> None:
    scores = {"a": 95, "b": 80, "c": 70}
    specs = tiers(("gold", {"count": 2, "min_score": 85}), ("silver", {"count": 1}))
    # b is within gold's cut but below its score; silver's cut is 3 places
    assert awarded(scores, specs) == {"a": "gold", "b": "silver", "c": "silver"}


def test_ties_share_the_higher_award() -> None:
    scores = {"a": 90, "b": 80, "c": 80, "d": 70, "e": 60}
    specs = tiers(("gold", {"count": 2}), ("silver", {"count": 1}), ("bronze", {"count": 1}))
    # b and c tie at place 2: both gold; d (place 4) is past silver's cut of 3: bronze
    assert awarded(scores, specs) == {"a": "gold", "b": "gold", "c": "gold", "d": "bronze"}


def test_withdrawn_and_disqualified_entries_get_nothing_and_leave_the_field() -> None:
    scores = {"a": 99, "b": 98, "c": 97, "d": 96}
    out = {"a": "disqualified", "b": "withdrawn"}
    specs = tiers(("gold", {"count": 1}), ("silver", {"percent": 50}))
    # the field is c and d: gold c, silver floor(50% of 2) = 1 more: d
    assert awarded(scores, specs, out=out) == {"c": "gold", "d": "silver"}


def test_the_award_carries_the_rank() -> None:
    state = round_state({"a": 90, "b": 90, "c": 50}, awards=tiers(("gold", {"count": 1})))
    assert compute_awards(state) == [
        AwardGiven(contestant_id="a", award_id="gold", rank=1),
        AwardGiven(contestant_id="b", award_id="gold", rank=1),
    ]


def test_finalize_publishes_the_awards_right_after() -> None:
    history = round_history(
        {"a": 90, "b": 80}, finalized=False, awards=tiers(("gold", {"count": 1}))
    )
    given(*history).when(Finalize(command_id="f"), ORGANIZER, 70).then(
        ContestFinalized(at=at(70)),
        AwardsPublished(awards=[AwardGiven(contestant_id="a", award_id="gold", rank=1)], at=at(70)),
    )


def test_finalize_publishes_an_empty_list_and_nothing_without_awards() -> None:
    specs = tiers(("excellence", {"min_score": 99}))
    history = round_history({"a": 90}, finalized=False, awards=specs)
    [_, published] = given(*history).when(Finalize(command_id="f"), ORGANIZER, 70).events()
    assert published == AwardsPublished(awards=[], at=at(70))
    plain = round_history({"a": 90}, finalized=False)
    given(*plain).when(Finalize(command_id="f"), ORGANIZER, 70).then(ContestFinalized(at=at(70)))


def test_the_published_final_2_4_6_6() -> None:
    specs = tiers(
        ("gold", {"count": 2}),
        ("silver", {"count": 4}),
        ("bronze", {"count": 6}),
        ("excellence", {"count": 6}),
    )
    result = awarded(field_of(18), specs, contest_id="final")
    counts = {name: list(result.values()).count(name) for name in set(result.values())}
    assert counts == {"gold": 2, "silver": 4, "bronze": 6, "excellence": 6}
    assert result["e01"] == "gold" and result["e03"] == "silver" and result["e18"] == "excellence"


def test_award_tiers_are_checked_when_the_definition_is_read() -> None:
    data = round_definition().model_dump(mode="json", by_alias=True)
    data["awards"] = [
        {"id": "gold", "name": "Gold"},  # neither a size nor a threshold
        {"id": "silver", "name": "Silver", "count": 2, "percent": 10},  # both sizes
        {"id": "gold", "name": "Again", "min_score": 5},  # an id used twice
        {"id": "bronze", "name": "Bronze", "percent": 0},  # out of range (shape)
    ]
    with pytest.raises(DefinitionError) as caught:
        validate_definition(data)
    found = {(problem.path, problem.code) for problem in caught.value.problems}
    assert {
        ("awards[0]", "awards_invalid"),
        ("awards[1]", "awards_invalid"),
        ("awards[2].id", "awards_invalid"),
        ("awards[3].percent", "out_of_range"),
    } <= found


def test_a_definition_built_in_code_is_checked_by_define_too() -> None:
    bad = round_definition(awards=[{"id": "gold", "name": "Gold"}])
    given().when(DefineContest(command_id="d", definition=bad)).rejected("invalid_definition")
