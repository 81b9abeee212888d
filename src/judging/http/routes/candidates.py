"""Online assessments: the organizer's candidate links, and the candidate's phone.

The organizer issues (`POST .../candidates/tokens`) a personal token per registered
contestant with a worker id, each with the page's link `/assess/{cid}#token=...`
(the token stays in the fragment, which no request carries); issuing again revokes
the earlier ones, `DELETE .../candidates/{contestant_id}/tokens` revokes them. The
candidate, with that token, reads the questions without their key
(`GET .../candidates/me`) and answers (`POST .../candidates/answers`, the command
`submit_answers`: a resend under the same `command_id` is a duplicate).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends
from pydantic import BaseModel, ConfigDict, Field

from judging.application.candidates import issue_candidate_tokens
from judging.application.results import CommandRefused
from judging.application.writer import Origin
from judging.domain.access import candidate_of, candidate_subject
from judging.domain.commands import Actor, CommandId, OptionIndex, SubmitAnswers
from judging.domain.definition import Slug
from judging.domain.online import paper
from judging.http.auth import Principal
from judging.http.deps import Access, Contests, RequestOrigin, known_contest, require_roles
from judging.http.errors import ProblemError
from judging.http.schemas import LifecycleView, Payload
from judging.http.statuses import result_json

router = APIRouter(prefix="/contests", tags=["candidates"])

Organizer = Annotated[Principal, Depends(require_roles("organizer"))]
Candidate = Annotated[Principal, Depends(require_roles("candidate"))]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CandidateTokensRequest(_Strict):
    """Whom to issue links to: `contestant_ids`, or (left out) every candidate."""

    contestant_ids: Annotated[list[Slug], Field(min_length=1, max_length=10_000)] | None = None


class IssuedCandidateView(Payload):
    contestant_id: str
    name: str
    worker_id: str | None
    token: str
    url: str


class QuestionView(Payload):
    aspect_id: str
    criterion: str
    prompt: str
    options: list[str]
    answered: bool


class CandidatePaper(Payload):
    contest_id: str
    title: str
    contestant_id: str
    name: str
    state: LifecycleView
    questions: list[QuestionView]


class AnswersRequest(_Strict):
    """`submit_answers` as the candidate's phone sends it: option index by aspect id."""

    command_id: CommandId
    answers: Annotated[dict[Slug, OptionIndex], Field(min_length=1, max_length=500)]
    client_time: Annotated[str, Field(max_length=64)] | None = None


def _candidate_actor(principal: Principal) -> Actor:
    contestant_id = candidate_of(principal.subject_id)
    if contestant_id is None:
        raise ProblemError(403, "forbidden", "this is not a candidate's token")
    return Actor(id=contestant_id, role="candidate")


@router.post("/{cid}/candidates/tokens")
async def issue_tokens(
    cid: str,
    contests: Contests,
    access: Access,
    principal: Organizer,
    body: Annotated[CandidateTokensRequest | None, Body()] = None,
) -> list[IssuedCandidateView]:
    """A personal link per candidate (shown once); earlier links of each are revoked."""
    cached = await known_contest(contests, cid)
    assert cached.state is not None
    only = body.contestant_ids if body is not None else None
    issued = await issue_candidate_tokens(access, cached.state, only, principal.actor())
    return [
        IssuedCandidateView(
            contestant_id=item.contestant.id,
            name=item.contestant.name,
            worker_id=item.contestant.worker_id,
            token=item.token,
            url=f"/assess/{cid}#token={item.token}",
        )
        for item in issued
    ]


@router.delete("/{cid}/candidates/{contestant_id}/tokens")
async def revoke_tokens(
    cid: str, contestant_id: str, contests: Contests, access: Access, principal: Organizer
) -> dict[str, int]:
    """Revokes a candidate's links (a lost phone): `{revoked: n}`."""
    await known_contest(contests, cid)
    revoked = await access.revoke(cid, candidate_subject(contestant_id), principal.actor())
    if not revoked:
        raise ProblemError(404, "unknown_token", f"{contestant_id} has no live link in {cid}")
    return {"revoked": revoked}


@router.get("/{cid}/candidates/me")
async def read_paper(cid: str, contests: Contests, principal: Candidate) -> CandidatePaper:
    """The candidate's questions, without their key, each saying whether it is answered."""
    actor = _candidate_actor(principal)
    cached = await contests.refreshed(cid)
    if cached is None or cached.state is None:
        raise ProblemError(404, "unknown_contest", f"no contest {cid!r}")
    state = cached.state
    entry = state.contestants.get(actor.id)
    if entry is None:
        raise ProblemError(403, "forbidden", "this link's candidate is not registered")
    questions = [
        QuestionView(
            aspect_id=q.aspect_id,
            criterion=q.criterion,
            prompt=q.prompt,
            options=list(q.options),
            answered=q.answered,
        )
        for q in paper(state, actor.id)
    ]
    return CandidatePaper(
        contest_id=cid,
        title=state.definition.title,
        contestant_id=actor.id,
        name=entry.contestant.name,
        state=LifecycleView.of(state.lifecycle),
        questions=questions,
    )


@router.post("/{cid}/candidates/answers")
async def submit_answers(
    cid: str, body: AnswersRequest, contests: Contests, origin: RequestOrigin, principal: Candidate
) -> dict[str, Any]:
    """`{command_id, status: accepted|duplicate, position}`; a rejection is a problem
    document with its code (`already_answered`, `contest_not_running`...)."""
    actor = _candidate_actor(principal)
    await known_contest(contests, cid)
    command = SubmitAnswers(
        command_id=body.command_id, contestant_id=actor.id, answers=body.answers
    )
    origin = Origin(device=origin.device, client_time=body.client_time)
    result = await contests.submit(cid, command, actor, origin)
    if result.error is not None:
        raise CommandRefused(result.error)
    return result_json(result)
