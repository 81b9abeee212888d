"""Online assessments: questions a candidate answers from a phone, marked against a key.

A contest of kind `assessment` may give a pass/fail measurement aspect a `question`
(a prompt, options, and the index of the right one). Each registered contestant gets
a personal candidate token (`judging.domain.access`); with it the candidate reads the
questions without their key (`paper`) and sends `submit_answers`. The server marks
each answer against the key: one `mark_awarded` per question, true (right) or false,
by the referee `online`, so ranking, finalize and the levels of the talent database
read them like any measurement, and a chief referee may correct them like any mark.
Each question is answered once (`already_answered`), only while the contest runs,
and only for the candidate's own entry.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from judging.domain import events as ev
from judging.domain.commands import ONLINE_REFEREE, Context, SubmitAnswers
from judging.domain.definition import MeasurementAspect
from judging.domain.errors import Rejected
from judging.domain.state import ContestState, EntryState

_ANSWERS = uuid.UUID("6f1d8a52-3c1e-4f0b-9a57-0c5e2f8b7d31")  # namespace of answer ids


def answer_id(command_id: str, aspect_id: str) -> str:
    """The command id of the mark one answer of a `submit_answers` gets: the same for
    the same command (a batch decided again appends the same marks)."""
    return str(uuid.uuid5(_ANSWERS, f"{command_id}\n{aspect_id}"))


def decide_answers(command: SubmitAnswers, state: ContestState, ctx: Context) -> list[ev.Event]:
    """The marks of a candidate's answers, or `Rejected` (and nothing is recorded)."""
    entry = _candidate_entry(command, state, ctx)
    questions, done = state.definition.questions, answered(state, entry)
    for aspect_id, option in sorted(command.answers.items()):
        aspect = _question(questions, state, aspect_id)
        assert aspect.question is not None
        if option >= len(aspect.question.options):
            message = f"'{aspect.name}' has {len(aspect.question.options)} options (from 0)."
            raise Rejected("out_of_range", message)
        if aspect_id in done:
            raise Rejected("already_answered", f"'{aspect.name}' is already answered.")
    return [
        ev.MarkAwarded(
            command_id=answer_id(command.command_id, aspect_id),
            contestant_id=entry.contestant.id,
            aspect_id=aspect_id,
            referee_id=ONLINE_REFEREE,
            value=_right(questions[aspect_id], option),
            at=ctx.now,
        )
        for aspect_id, option in command.answers.items()
    ]


def _right(aspect: MeasurementAspect, option: int) -> bool:
    assert aspect.question is not None
    return option == aspect.question.answer


def _candidate_entry(command: SubmitAnswers, state: ContestState, ctx: Context) -> EntryState:
    """The candidate's own entry, still taking answers in a running contest."""
    if ctx.actor.role != "candidate":
        raise Rejected("forbidden", "Only a candidate answers the questions, with their link.")
    if command.contestant_id is not None and command.contestant_id != ctx.actor.id:
        raise Rejected("forbidden", "A candidate answers for their own entry only.")
    entry = state.contestants.get(ctx.actor.id)
    if entry is None:
        raise Rejected("forbidden", "This link's candidate is not registered for the contest.")
    lifecycle = state.lifecycle
    if lifecycle.started is None:
        raise Rejected("contest_not_running", "The assessment has not started yet.")
    if lifecycle.ended is not None:
        raise Rejected("contest_not_running", "The assessment has ended.")
    if entry.locked:
        raise Rejected("entry_locked", f"{entry.contestant.name}'s entry is signed off.")
    if entry.status != "active":
        raise Rejected("contestant_out", f"{entry.contestant.name} is {entry.status}.")
    return entry


def _question(
    questions: dict[str, MeasurementAspect], state: ContestState, aspect_id: str
) -> MeasurementAspect:
    aspect = questions.get(aspect_id)
    if aspect is None and aspect_id in state.catalog.aspects:
        raise Rejected("not_a_question", f"'{aspect_id}' is not answered online.")
    if aspect is None:
        raise Rejected("unknown_aspect", f"This assessment has no question '{aspect_id}'.")
    return aspect


def answered(state: ContestState, entry: EntryState) -> set[str]:
    """The questions (aspect ids) the entry has a (not voided) value for."""
    marks = state.filed(entry.contestant.id).marks
    return {aspect_id for aspect_id, records in marks.items() if any(not r.void for r in records)}


@dataclass(frozen=True, slots=True)
class PaperQuestion:
    """One question as the candidate reads it: no key."""

    aspect_id: str
    criterion: str
    prompt: str
    options: tuple[str, ...]
    answered: bool


def paper(state: ContestState, contestant_id: str) -> list[PaperQuestion]:
    """The questions of the assessment for one candidate, in definition order, each
    saying whether the candidate answered it; never the key."""
    entry = state.contestants.get(contestant_id)
    done = answered(state, entry) if entry is not None else set()
    found = []
    for criterion in state.definition.criteria:
        for aspect in criterion.aspects:
            if not isinstance(aspect, MeasurementAspect) or aspect.question is None:
                continue
            question = aspect.question
            found.append(
                PaperQuestion(
                    aspect.id,
                    criterion.name,
                    question.prompt,
                    tuple(question.options),
                    aspect.id in done,
                )
            )
    return found
