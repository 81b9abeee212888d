"""Meet definitions: define, redefine, and the problems that refuse them."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from judging.domain.errors import Rejected
from judging.domain.events import decode, encode
from judging.domain.meet import (
    DefineMeet,
    MeetDefined,
    MeetDefinition,
    RedefineMeet,
    decide_meet,
    is_meet_id,
    problems,
)

MEET: dict[str, Any] = {
    "id": "spring",
    "title": "春季职工运动会",
    "events": [
        {"id": "relay", "title": "接力", "kind": "team", "rounds": ["relay-final"]},
        {"id": "wiring", "title": "接线", "rounds": ["wiring-pre", "wiring-final"]},
    ],
    "units": [{"id": "wz", "name": "温州供电"}, {"id": "nj", "name": "南京供电"}],
}


def definition(**changes: Any) -> MeetDefinition:
    return MeetDefinition.model_validate({**MEET, **changes})


def test_defaults_medals_and_seven_five_four_three_two_one() -> None:
    meet = definition()
    assert meet.table.mode == "medals"
    assert meet.table.points == [7, 5, 4, 3, 2, 1]
    assert meet.table.medals is None
    assert meet.contest_ids == ["relay-final", "wiring-pre", "wiring-final"]
    assert meet.events[1].final == "wiring-final"


def test_define_then_redefine() -> None:
    meet = definition()
    defined = decide_meet(None, DefineMeet(command_id="c1", definition=meet))
    assert defined == [MeetDefined(definition=meet)]
    assert decode(*encode(defined[0])) == defined[0]
    with pytest.raises(Rejected) as again:
        decide_meet(meet, DefineMeet(command_id="c2", definition=meet))
    assert again.value.code == "meet_already_defined"
    changed = definition(title="秋季")
    assert decide_meet(meet, RedefineMeet(command_id="c3", definition=changed)) == [
        MeetDefined(definition=changed)
    ]
    assert decide_meet(meet, RedefineMeet(command_id="c4", definition=meet)) == []
    with pytest.raises(Rejected) as unknown:
        decide_meet(None, RedefineMeet(command_id="c5", definition=meet))
    assert unknown.value.code == "unknown_meet"


@pytest.mark.parametrize(
    ("changes", "found"),
    [
        ({"units": [{"id": "wz", "name": "A"}, {"id": "wz", "name": "B"}]}, "unit id 'wz'"),
        ({"units": [{"id": "a", "name": "ACME"}, {"id": "acme", "name": "B"}]}, "'acme' names"),
        (
            {"events": [{"id": "x", "title": "X", "rounds": ["c1", "c1"]}]},
            "contest (a contest is one round of one event) 'c1'",
        ),
        (
            {
                "events": [
                    {"id": "x", "title": "X", "rounds": ["c1"]},
                    {"id": "x", "title": "Y", "rounds": ["c2"]},
                ]
            },
            "event id 'x'",
        ),
        ({"table": {"medals": ["gold", "gold"]}}, "award id 'gold'"),
    ],
)
def test_problems_refuse_a_definition_as_meet_invalid(changes: dict[str, Any], found: str) -> None:
    meet = definition(**changes)
    assert any(found in problem for problem in problems(meet))
    with pytest.raises(Rejected) as refused:
        decide_meet(None, DefineMeet(command_id="c", definition=meet))
    assert refused.value.code == "meet_invalid"


@pytest.mark.parametrize(
    "changes",
    [
        {"events": []},
        {"events": [{"id": "x", "title": "X", "rounds": []}]},
        {"events": [{"id": "x", "title": "X", "kind": "relay", "rounds": ["a"]}]},
        {"table": {"mode": "rank"}},
        {"table": {"points": []}},
        {"table": {"points": [-1]}},
        {"unknown": 1},
    ],
)
def test_shapes_that_do_not_read_as_a_meet(changes: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        definition(**changes)


def test_only_a_slug_can_name_a_meet() -> None:
    assert is_meet_id("spring-2026.final_1")
    assert not is_meet_id("")
    assert not is_meet_id("a" * 65)
    assert not is_meet_id("\x00")
    assert not is_meet_id("-leading")
