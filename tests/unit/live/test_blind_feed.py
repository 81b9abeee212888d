"""A screen's event feed: a blind mark's value (and a correction's to it) is null."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from judging.domain.definition import ContestDefinition
from judging.domain.events import ContestDefined, MarkAwarded
from judging.domain.evolve import fold
from judging.live.blind_feed import BlindValues, blind_aspects
from judging.store import RecordedEvent

NOW = datetime(2026, 5, 1, tzinfo=UTC)
DEFINITION = ContestDefinition.model_validate(
    {
        "id": "c",
        "title": "C",
        "duration_minutes": 60,
        "criteria": [
            {
                "id": "wiring",
                "name": "Wiring",
                "aspects": [
                    {"id": "blind", "name": "Blind", "max": 10, "panel": {"size": 3}},
                    {"id": "solo", "name": "Solo", "max": 10},
                    {"id": "length", "name": "Length", "type": "measurement", "max": 5},
                ],
            }
        ],
    }
)


def recorded(type_: str, data: dict[str, Any]) -> RecordedEvent:
    return RecordedEvent(1, "contest-c", 1, uuid.uuid4(), type_, data, {}, NOW, "", "")


def mark(aspect: str, command_id: str) -> dict[str, Any]:
    event = MarkAwarded(
        command_id=command_id,
        contestant_id="c1",
        aspect_id=aspect,
        referee_id="r1",
        value=2,
        at=NOW,
    )
    return event.model_dump(mode="json")


def correction(supersedes: str) -> dict[str, Any]:
    return {"supersedes": supersedes, "value": 1, "void": False, "contestant_id": "c1"}


def test_only_panels_of_several_referees_are_blind() -> None:
    assert blind_aspects(DEFINITION) == {"blind"}


def test_a_screen_reads_no_blind_value() -> None:
    state = fold([ContestDefined(definition=DEFINITION)])
    assert state is not None
    shown = BlindValues(state).shown
    assert shown(recorded("mark_awarded", mark("blind", "m1")))["value"] is None
    assert shown(recorded("mark_awarded", mark("solo", "m2")))["value"] == 2
    assert shown(recorded("entry_corrected", correction("m1")))["value"] is None
    assert shown(recorded("entry_corrected", correction("m2")))["value"] == 1
    unknown = recorded("entry_corrected", correction("never-seen"))
    assert shown(unknown)["value"] is None  # cannot place it: hidden


def test_a_screen_reads_an_online_assessment_without_its_answer_key() -> None:
    question = {"prompt": "额定电压？", "options": ["220 V", "380 V"], "answer": 1}
    exam = ContestDefinition.model_validate(
        {
            "id": "exam",
            "title": "Exam",
            "kind": "assessment",
            "duration_minutes": 30,
            "criteria": [
                {
                    "id": "theory",
                    "name": "Theory",
                    "aspects": [
                        {
                            "id": "q1",
                            "name": "Q1",
                            "type": "measurement",
                            "max": 1,
                            "rule": {"kind": "pass_fail"},
                            "question": question,
                        }
                    ],
                }
            ],
        }
    )
    stored = ContestDefined(definition=exam).model_dump(mode="json", by_alias=True)
    shown = BlindValues(fold([ContestDefined(definition=exam)])).shown(
        recorded("contest_defined", stored)
    )
    aspect = shown["definition"]["criteria"][0]["aspects"][0]
    assert aspect["question"] == {"prompt": "额定电压？", "options": ["220 V", "380 V"]}
    assert stored["definition"]["criteria"][0]["aspects"][0]["question"]["answer"] == 1
