"""What a venue screen may read of a contest's event feed: no blind referee's value.

A judgement aspect marked by a panel of several referees is blind: until the panel is
complete, only the organizer and the chief referee see a single referee's mark, on
every channel. Venue screens face the audience and the venue's other referees, so
the feed a screen token reads carries every event, but the `value` of a blind mark
(and of a correction to one, or to an entry the screen cannot place) is null: the
screen reads the panel's mark from its standings once the panel is complete. Nor
does a screen read an online assessment's answer key: `contest_defined` comes with
each question's `answer` left out. Organizers read the feed as stored.
"""

from __future__ import annotations

from typing import Any

from judging.domain.definition import ContestDefinition, JudgementAspect
from judging.domain.state import ContestState
from judging.store import RecordedEvent

MARK = "mark_awarded"
CORRECTION = "entry_corrected"
DEFINED = "contest_defined"


def blind_aspects(definition: ContestDefinition) -> frozenset[str]:
    """The judgement aspects marked by a panel of more than one referee."""
    return frozenset(
        aspect.id
        for criterion in definition.criteria
        for aspect in criterion.aspects
        if isinstance(aspect, JudgementAspect) and aspect.panel.size > 1
    )


class BlindValues:
    """The data of each feed event as a screen may read it (`shown(event)`)."""

    def __init__(self, state: ContestState) -> None:
        self._state = state
        self._blind = blind_aspects(state.definition)
        self._aspect_of: dict[str, str] = {}  # mark command id -> aspect, seen in the feed

    def shown(self, event: RecordedEvent) -> dict[str, Any]:
        data = event.data
        if event.type == MARK:
            aspect = str(data.get("aspect_id"))
            self._aspect_of[str(data.get("command_id"))] = aspect
            return _hidden(data) if aspect in self._blind else data
        if event.type == CORRECTION and data.get("value") is not None:
            return data if self._open(str(data.get("supersedes"))) else _hidden(data)
        if event.type == DEFINED:
            return {**data, "definition": _without_keys(data.get("definition"))}
        return data

    def _open(self, command_id: str) -> bool:
        """Whether a correction of `command_id` is known to correct no blind mark."""
        aspect = self._aspect_of.get(command_id)
        if aspect is None:
            record = self._state.record(command_id)
            if record is None:
                return False
            if record.kind != "mark":
                return True
            aspect = record.subject_id
        return aspect not in self._blind


def _hidden(data: dict[str, Any]) -> dict[str, Any]:
    return {**data, "value": None}


def _without_keys(definition: Any) -> Any:
    """A stored definition with every question's `answer` left out (a copy)."""
    if not isinstance(definition, dict):
        return definition
    criteria = []
    for criterion in definition.get("criteria") or []:
        aspects = []
        for aspect in criterion.get("aspects") or []:
            question = aspect.get("question") if isinstance(aspect, dict) else None
            if isinstance(question, dict):
                question = {k: v for k, v in question.items() if k != "answer"}
                aspect = {**aspect, "question": question}
            aspects.append(aspect)
        criteria.append({**criterion, "aspects": aspects})
    return {**definition, "criteria": criteria}
