"""The typed dependencies of every route: the app's services and the current principal.

`create_app`'s lifespan puts one `Services` in `app.state.services`; nothing else
reads `app.state`. Routes (HTTP and websocket) declare what they need with the
`Annotated` aliases below (`Contests`, `Store`, `CurrentPrincipal`...).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Annotated, TypeVar

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.requests import HTTPConnection

from judging.application.access import AccessRegistry
from judging.application.campaigns import CampaignService
from judging.application.contest_cache import CachedContest
from judging.application.contests import ContestService
from judging.application.meets import MeetService
from judging.application.programmes import ProgrammesService
from judging.application.standards import StandardsService
from judging.application.writer import Origin
from judging.http.auth import Principal, PrincipalRole, TooManyFailures, principal_for
from judging.http.errors import ProblemError
from judging.http.limits import MAX_DEVICE_ID, FailedLogins
from judging.http.metrics import Metrics
from judging.live.hub import Hub
from judging.live.meet_feed import MeetFeed
from judging.projections.live_boards import LiveBoards
from judging.projections.runner import ProjectionRunner
from judging.settings import Settings
from judging.store import EventStore

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Services:
    """Everything the routes use, built once by the app's lifespan."""

    settings: Settings
    store: EventStore
    contests: ContestService
    access: AccessRegistry
    standards: StandardsService
    boards: LiveBoards
    hub: Hub
    runner: ProjectionRunner
    metrics: Metrics
    meets: MeetService
    meet_feed: MeetFeed
    failed_logins: FailedLogins = field(default_factory=FailedLogins)
    programmes: ProgrammesService = field(kw_only=True)
    campaigns: CampaignService | None = field(default=None, kw_only=True)


def services(connection: HTTPConnection) -> Services:
    found: Services = connection.app.state.services
    return found


# Every dependency below is `async def` though none awaits: FastAPI runs a plain
# `def` dependency on its thread pool, a hand-over to a worker thread and back for
# each one of each request (two for a referee's command: a fifth of a health
# check's CPU went to one).
async def _services(connection: HTTPConnection) -> Services:
    return services(connection)


async def _store(connection: HTTPConnection) -> EventStore:
    return services(connection).store


async def _contests(connection: HTTPConnection) -> ContestService:
    return services(connection).contests


async def _access(connection: HTTPConnection) -> AccessRegistry:
    return services(connection).access


async def _standards(connection: HTTPConnection) -> StandardsService:
    return services(connection).standards


async def _meets(connection: HTTPConnection) -> MeetService:
    return services(connection).meets


async def _programmes(connection: HTTPConnection) -> ProgrammesService:
    return services(connection).programmes


async def _boards(connection: HTTPConnection) -> LiveBoards:
    return services(connection).boards


async def _hub(connection: HTTPConnection) -> Hub:
    return services(connection).hub


async def _runner(connection: HTTPConnection) -> ProjectionRunner:
    return services(connection).runner


async def _settings(connection: HTTPConnection) -> Settings:
    return services(connection).settings


async def _metrics(connection: HTTPConnection) -> Metrics:
    return services(connection).metrics


AppServices = Annotated[Services, Depends(_services)]
Store = Annotated[EventStore, Depends(_store)]
Contests = Annotated[ContestService, Depends(_contests)]
Access = Annotated[AccessRegistry, Depends(_access)]
Standards = Annotated[StandardsService, Depends(_standards)]
Boards = Annotated[LiveBoards, Depends(_boards)]
Programmes = Annotated[ProgrammesService, Depends(_programmes)]
Meets = Annotated[MeetService, Depends(_meets)]
LiveHub = Annotated[Hub, Depends(_hub)]
Runner = Annotated[ProjectionRunner, Depends(_runner)]
AppSettings = Annotated[Settings, Depends(_settings)]
AppMetrics = Annotated[Metrics, Depends(_metrics)]

_bearer = HTTPBearer(auto_error=False, description="a token issued by the organizer")


def _invalid(detail: str) -> ProblemError:
    return ProblemError(401, "invalid_token", detail)


def bearer_token(request: Request) -> str | None:
    """The token of `Authorization: Bearer <token>`; None without the header."""
    header = request.headers.get("authorization")
    if header is None:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise _invalid("expected 'Authorization: Bearer <token>'")
    return token.strip()


def client_address(connection: HTTPConnection) -> str:
    """The client's address (the proxy's, unless the server trusts its forwarding)."""
    return connection.client.host if connection.client is not None else "unknown"


async def authenticated(connection: HTTPConnection, token: str | None) -> Principal | None:
    """`principal_for` with the app's registry and this client's failed authentications."""
    found = services(connection)
    return await principal_for(found.access, token, found.failed_logins, client_address(connection))


async def current_principal(
    request: Request,
    _: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    try:
        principal = await authenticated(request, bearer_token(request))
    except TooManyFailures as held_off:
        raise ProblemError(
            429,
            "too_many_attempts",
            f"too many unknown tokens from this address; retry in {held_off.retry_after} s",
            headers={"Retry-After": str(held_off.retry_after)},
        ) from held_off
    if principal is None:
        raise _invalid("unknown or revoked token")
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def require_roles(*roles: PrincipalRole) -> Callable[..., Awaitable[Principal]]:
    """A dependency: the caller, if its role is one of `roles` and it may see `{cid}`."""

    async def dependency(request: Request, principal: CurrentPrincipal) -> Principal:
        if principal.role not in roles:
            raise ProblemError(403, "forbidden", f"this needs one of the roles: {', '.join(roles)}")
        cid = request.path_params.get("cid")
        if isinstance(cid, str) and not principal.may_access(cid):
            raise ProblemError(403, "forbidden", "this token belongs to another contest")
        return principal

    return dependency


async def origin(request: Request) -> Origin:
    """The request's facts kept in the events' metadata (`X-Device-Id`)."""
    device = request.headers.get("x-device-id")
    return Origin(device=device[:MAX_DEVICE_ID] if device else None)


RequestOrigin = Annotated[Origin, Depends(origin)]


def known(found: T | None, contest_id: str) -> T:
    """What was found of the contest (its state, its desk...), or a 404 `unknown_contest`."""
    if found is None:
        raise ProblemError(404, "unknown_contest", f"no contest {contest_id!r}")
    return found


async def known_contest(service: ContestService, contest_id: str) -> CachedContest:
    """The contest, or a 404 `unknown_contest`."""
    return known(await service.get(contest_id), contest_id)
