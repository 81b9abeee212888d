"""Who advances: top N, top P%, a minimum score, per group; ties at the cut go through
whole or stay out whole; withdrawn and disqualified entries never advance."""

from __future__ import annotations

from typing import Any

import pytest
from round_builders import field_of, round_definition, round_state

from judging.domain.advancement import advancing
from judging.domain.events import AdvancementCut
from judging.domain.validation import DefinitionError, validate_definition


def through(scores: dict[str, float], rule: dict[str, Any], **options: Any) -> list[str]:
    return advancing(round_state(scores, advancement=rule, **options)).contestants


def test_top_n() -> None:
    assert through(field_of(5), {"top": 3}) == ["e01", "e02", "e03"]


def test_top_percent_of_the_field() -> None:
    # 42 entries, 43%: floor(18.06) = 18
    assert through(field_of(42), {"percent": 43}) == [f"e{i:02d}" for i in range(1, 19)]


def test_a_minimum_score() -> None:
    assert through({"a": 90, "b": 85, "c": 84.9}, {"min_score": 85}) == ["a", "b"]


def test_every_condition_must_hold() -> None:
    assert through({"a": 90, "b": 85, "c": 84}, {"top": 3, "min_score": 85}) == ["a", "b"]


def test_per_group_top_3_of_each_organization() -> None:
    scores = field_of(8)
    orgs = {cid: ("Branch A" if i % 2 else "branch a ") for i, cid in enumerate(scores)}
    orgs["e08"] = "Branch B"
    # "Branch A" and "branch a " are one organization (organization_key): e01..e07
    result = through(scores, {"top": 3, "per_group": "organization"}, orgs=orgs)
    assert result == ["e01", "e02", "e03", "e08"]


def test_per_group_places_are_counted_within_each_group() -> None:
    scores = {"a1": 99, "a2": 98, "a3": 97, "a4": 96, "b1": 50, "b2": 40, "b3": 30, "b4": 20}
    orgs = {cid: cid[0].upper() for cid in scores}
    result = through(scores, {"top": 2, "per_group": "organization"}, orgs=orgs)
    assert result == ["a1", "a2", "b1", "b2"]


def test_a_tie_at_the_cut_goes_through_whole_by_default() -> None:
    scores = {"a": 90, "b": 80, "c": 80, "d": 70}
    assert through(scores, {"top": 2}) == ["a", "b", "c"]
    assert through(scores, {"top": 2, "ties": "all"}) == ["a", "b", "c"]


def test_a_tie_at_the_cut_stays_out_whole_with_ties_none() -> None:
    scores = {"a": 90, "b": 80, "c": 80, "d": 70}
    assert through(scores, {"top": 2, "ties": "none"}) == ["a"]
    assert through(scores, {"top": 3, "ties": "none"}) == ["a", "b", "c"]


def test_withdrawn_and_disqualified_never_advance() -> None:
    out = {"e01": "withdrawn", "e03": "disqualified"}
    assert through(field_of(5), {"top": 3}, out=out) == ["e02", "e04", "e05"]


def test_the_cut_names_the_last_place_and_score() -> None:
    state = round_state({"a": 90, "b": 80, "c": 80, "d": 70}, advancement={"top": 2})
    assert advancing(state).cut == AdvancementCut(place=2, score=80)
    empty = round_state({"a": 10}, advancement={"min_score": 50})
    assert advancing(empty).contestants == [] and advancing(empty).cut == AdvancementCut()


def test_an_advancement_rule_needs_a_condition() -> None:
    data = round_definition().model_dump(mode="json", by_alias=True)
    data["advancement"] = {"ties": "none", "per_group": "team"}
    with pytest.raises(DefinitionError) as caught:
        validate_definition(data)
    assert [(p.path, p.code) for p in caught.value.problems] == [
        ("advancement", "advancement_invalid")
    ]
