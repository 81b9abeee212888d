"""Evaluation campaigns: the organizer defines them, issues links, enters paper forms
and reads reports; a rater opens the form and answers with a link token.

Tokens travel in request bodies only (never in a URL the access log keeps). An
unknown link counts as a failed authentication of the client's address, so links
cannot be guessed at speed (429 `too_many_attempts`); a known link is served even
then. Rejections keep their domain code (`link_already_used`, `campaign_closed`...).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field, model_validator

from judging.application.campaigns import CampaignService, campaign_of
from judging.application.writer import new_command_id
from judging.domain.definition import Slug
from judging.domain.evaluation import (
    MAX_BATCH,
    MAX_LINKS,
    AnswerItem,
    CampaignDefinition,
    CampaignRejected,
    CampaignState,
    PaperAnswer,
    Values,
)
from judging.http.auth import Principal, TooManyFailures
from judging.http.deps import (
    AppServices,
    RequestOrigin,
    authenticated,
    bearer_token,
    client_address,
    require_roles,
    services,
)
from judging.http.errors import ProblemError
from judging.http.schemas import Created
from judging.projections.evaluations import EvaluationsProjection, campaign_list

router = APIRouter(prefix="/campaigns", tags=["campaigns"])

Organizer = Annotated[Principal, Depends(require_roles("organizer"))]
CommandId = Annotated[str, Field(min_length=1, max_length=64)]
LinkToken = Annotated[str, Field(min_length=3, max_length=200, pattern=r"^[A-Za-z0-9._-]+$")]
CATCH_UP_SECONDS = 2.0

STATUS: dict[str, int] = {
    "campaign_unknown": 404,
    "link_unknown": 404,
    "campaign_exists": 409,
    "campaign_closed": 409,
    "campaign_not_open": 409,
    "link_already_used": 409,
    "not_a_rater": 403,
    "subject_unknown": 422,
    "answer_invalid": 422,
}


def _problem(rejected: CampaignRejected) -> ProblemError:
    return ProblemError(STATUS.get(rejected.code, 422), rejected.code, rejected.message)


async def _campaigns(request: Request) -> CampaignService:
    found = services(request).campaigns
    assert found is not None
    return found


Campaigns = Annotated[CampaignService, Depends(_campaigns)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CampaignRequest(CampaignDefinition):
    """A campaign definition; `command_id` makes a retry idempotent."""

    command_id: CommandId | None = None


class LinksRequest(Strict):
    """Anonymous links (`count`) or one personal link per identified rater (`raters`)."""

    count: Annotated[int, Field(strict=True, ge=1, le=MAX_LINKS)] | None = None
    raters: Annotated[list[Slug], Field(min_length=1, max_length=MAX_LINKS)] | None = None
    command_id: CommandId | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> LinksRequest:
        if (self.count is None) == (self.raters is None):
            raise ValueError("give either count (anonymous links) or raters (identified)")
        return self


class AnswersRequest(Strict):
    """A rater's answer (`link`, and `answers` or `subject_id` with `values`) or an
    organizer's paper batch (`batch`)."""

    link: LinkToken | None = None
    subject_id: Slug | None = None
    values: Values | None = None
    answers: Annotated[list[AnswerItem], Field(min_length=1, max_length=200)] | None = None
    batch: Annotated[list[PaperAnswer], Field(min_length=1, max_length=MAX_BATCH)] | None = None
    command_id: CommandId | None = None

    @model_validator(mode="after")
    def _one_shape(self) -> AnswersRequest:
        single = self.subject_id is not None or self.values is not None
        if self.batch is not None:
            if self.link is not None or single or self.answers is not None:
                raise ValueError("a paper batch comes alone")
            return self
        if self.link is None:
            raise ValueError("an answer needs its link (or send a batch)")
        if single == (self.answers is not None):
            raise ValueError("give either answers or subject_id with values")
        if single and (self.subject_id is None or self.values is None):
            raise ValueError("subject_id and values go together")
        return self

    def items(self) -> list[AnswerItem]:
        if self.answers is not None:
            return self.answers
        assert self.subject_id is not None and self.values is not None
        return [AnswerItem(subject_id=self.subject_id, values=self.values)]


class LinkRequest(Strict):
    link: LinkToken


async def _caught_up(found: AppServices, position: int) -> None:
    try:
        await found.runner.wait_for(
            position, timeout=CATCH_UP_SECONDS, names=(EvaluationsProjection.name,)
        )
    except TimeoutError:
        return


@router.post("", status_code=201)
async def define_campaign(
    body: CampaignRequest, service: Campaigns, found: AppServices, principal: Organizer
) -> Created:
    definition = CampaignDefinition.model_validate(
        body.model_dump(exclude={"command_id"}, by_alias=True)
    )
    try:
        position = await service.define(
            definition, principal.actor(), body.command_id or new_command_id()
        )
    except CampaignRejected as rejected:
        raise _problem(rejected) from rejected
    await _caught_up(found, position)
    return Created(id=definition.id, position=position)


@router.get("")
async def list_campaigns(found: AppServices, _: Organizer) -> list[dict[str, Any]]:
    """Every campaign, in the order defined."""
    await _caught_up(found, await found.store.head())
    async with found.store.tracking.read() as conn:
        return await campaign_list(conn)


async def _known(service: CampaignService, campaign_id: str) -> CampaignState:
    state = await service.state(campaign_id)
    if state is None or state.definition is None:
        raise ProblemError(404, "campaign_unknown", f"no campaign {campaign_id!r}")
    return state


def _used(state: CampaignState) -> int | None:
    """Spent anonymous links: a count under the threshold is not told (it could name)."""
    assert state.definition is not None
    used = len(state.used)
    return used if used == 0 or used >= state.definition.min_answers else None


@router.get("/{campaign_id}")
async def get_campaign(campaign_id: str, service: Campaigns, _: Organizer) -> dict[str, Any]:
    state = await _known(service, campaign_id)
    assert state.definition is not None
    return {
        **state.definition.model_dump(mode="json", by_alias=True),
        "closed": state.closed,
        "links": {"issued": len(state.links), "used": _used(state)},
    }


@router.post("/{campaign_id}/links", status_code=201)
async def issue_links(
    campaign_id: str, body: LinksRequest, service: Campaigns, principal: Organizer
) -> dict[str, Any]:
    """New links, each token returned this once (the log keeps its hash only)."""
    await _known(service, campaign_id)
    try:
        tokens, position = await service.issue_links(
            campaign_id,
            principal.actor(),
            body.command_id or new_command_id(),
            count=body.count or 0,
            rater_ids=body.raters or (),
        )
    except CampaignRejected as rejected:
        raise _problem(rejected) from rejected
    links = [
        {"token": t.token, "url": f"/rate.html#{t.token}", "rater_id": t.rater_id} for t in tokens
    ]
    return {"position": position, "links": links}


def _check_address(request: Request) -> None:
    wait = services(request).failed_logins.wait(client_address(request))
    if wait is not None:
        raise ProblemError(
            429,
            "too_many_attempts",
            f"too many unknown links from this address; retry in {wait} s",
            headers={"Retry-After": str(wait)},
        )


def _unknown_link(request: Request) -> ProblemError:
    services(request).failed_logins.failed(client_address(request))
    return ProblemError(404, "link_unknown", "this link is not one of this campaign's")


@router.post("/{campaign_id}/answers")
async def submit_answers(
    campaign_id: str,
    body: AnswersRequest,
    request: Request,
    service: Campaigns,
    origin: RequestOrigin,
) -> dict[str, Any]:
    """A rater's answer through a link, or (organizer) a batch of paper forms."""
    if body.batch is not None:
        return await _paper(campaign_id, body.batch, body.command_id, request, service)
    assert body.link is not None
    # Without a command id a resend is not recognised (the spent link refuses it).
    command_id = body.command_id or new_command_id()
    if campaign_of(body.link) != campaign_id:
        _check_address(request)
        raise _unknown_link(request)
    try:
        submitted = await service.submit(body.link, body.items(), command_id, origin)
    except CampaignRejected as rejected:
        if rejected.code == "link_unknown":
            _check_address(request)
            raise _unknown_link(request) from rejected
        raise _problem(rejected) from rejected
    return {
        "command_id": command_id,
        "status": submitted.status,
        "position": submitted.position,
    }


async def _paper(
    campaign_id: str,
    batch: list[PaperAnswer],
    command_id: str | None,
    request: Request,
    service: CampaignService,
) -> dict[str, Any]:
    principal = await _organizer(request)
    await _known(service, campaign_id)
    try:
        position = await service.enter_paper(
            campaign_id, batch, principal.actor(), command_id or new_command_id()
        )
    except CampaignRejected as rejected:
        raise _problem(rejected) from rejected
    return {"command_id": command_id, "status": "accepted", "position": position}


async def _organizer(request: Request) -> Principal:
    """The bearer of the request, who must be an organizer (a paper batch)."""
    try:
        principal = await authenticated(request, bearer_token(request))
    except TooManyFailures as held_off:
        raise ProblemError(429, "too_many_attempts", str(held_off)) from held_off
    if principal is None:
        raise ProblemError(401, "invalid_token", "unknown or revoked token")
    if principal.role != "organizer":
        raise ProblemError(403, "forbidden", "a paper batch is entered by an organizer")
    return principal


@router.post("/{campaign_id}/form")
async def rater_form(
    campaign_id: str, body: LinkRequest, request: Request, service: Campaigns
) -> dict[str, Any]:
    """What a link's rater sees: the form, the subjects, the period; whether it is spent."""
    if campaign_of(body.link) != campaign_id:
        _check_address(request)
        raise _unknown_link(request)
    found = await service.link_status(body.link)
    if found is None:
        _check_address(request)
        raise _unknown_link(request)
    state, spent = found
    definition = state.definition
    assert definition is not None
    return {
        "id": definition.id,
        "title": definition.title,
        "kind": definition.kind,
        "raters": definition.raters,
        "period": definition.period.model_dump(mode="json"),
        "subjects": [s.model_dump(mode="json", exclude={"worker_id"}) for s in definition.subjects],
        "form": definition.form.model_dump(mode="json", by_alias=True),
        "closed": state.closed,
        "open": definition.period.holds(datetime.now(UTC)),
        "used": spent,
    }


@router.post("/{campaign_id}/close")
async def close_campaign(
    campaign_id: str, service: Campaigns, principal: Organizer
) -> dict[str, Any]:
    await _known(service, campaign_id)
    try:
        position = await service.close(campaign_id, principal.actor(), new_command_id())
    except CampaignRejected as rejected:
        raise _problem(rejected) from rejected
    return {"id": campaign_id, "position": position}


@router.get("/{campaign_id}/report")
async def campaign_report(
    campaign_id: str,
    service: Campaigns,
    _: Organizer,
    view: Annotated[Literal["organizer", "trainer"], Query()] = "organizer",
) -> dict[str, Any]:
    """Per subject and for the campaign; `view=trainer`: what a subject may be shown
    (aggregates over at least `min_answers` answers only, no rater rows)."""
    await _known(service, campaign_id)
    found = await service.report(campaign_id, "organizer" if view == "organizer" else "public")
    assert found is not None
    return found
