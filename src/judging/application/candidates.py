"""Online assessments: candidate tokens for a contest's contestants, and their answers.

The organizer issues each registered contestant with a worker id a personal token
(role `candidate`, scoped to the contest and the contestant, kept hashed in the
`access` stream like every token). With it the candidate reads the questions and
sends `submit_answers`, which the contest decides like any command
(`judging.domain.online`): one command id, so a resend is a duplicate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from judging.application.access import AccessRegistry
from judging.application.results import CommandError, CommandRefused
from judging.domain.commands import Actor
from judging.domain.roster import Contestant
from judging.domain.state import ContestState


@dataclass(frozen=True, slots=True)
class IssuedCandidate:
    contestant: Contestant
    token: str  # shown once


def candidates(state: ContestState, only: Sequence[str] | None = None) -> list[Contestant]:
    """The contestants who may answer online: registered, still competing, with a worker
    id (their levels are granted to it); all of them, or those of `only`.

    `CommandRefused` when the contest has no question, or `only` names someone else."""
    if not state.definition.questions:
        raise CommandRefused(
            CommandError("not_a_question", "This contest has no question answered online.")
        )
    eligible = {
        entry.contestant.id: entry.contestant
        for entry in state.contestants.values()
        if entry.contestant.worker_id is not None and entry.status == "active"
    }
    if only is None:
        return [eligible[cid] for cid in sorted(eligible)]
    unknown = sorted(set(only) - set(eligible))
    if unknown:
        message = f"No competing contestant with a worker id: {', '.join(unknown)}."
        raise CommandRefused(CommandError("unknown_contestant", message))
    return [eligible[cid] for cid in dict.fromkeys(only)]


async def issue_candidate_tokens(
    access: AccessRegistry,
    state: ContestState,
    only: Sequence[str] | None,
    actor: Actor,
) -> list[IssuedCandidate]:
    """A new personal token per candidate (revoking each one's earlier tokens)."""
    people = candidates(state, only)
    tokens = await access.issue_candidates(
        state.definition.id, [person.id for person in people], actor
    )
    return [IssuedCandidate(person, tokens[person.id]) for person in people]
