"""Shared route helpers: the services of the app, the request's origin, known contests."""

from __future__ import annotations

import uuid

from fastapi import Request

from judging.application.access import AccessRegistry
from judging.application.contest_cache import CachedContest
from judging.application.contests import ContestService
from judging.application.results import Origin
from judging.http.errors import ProblemError
from judging.http.limits import MAX_DEVICE_ID


def contest_service(request: Request) -> ContestService:
    service: ContestService = request.app.state.contests
    return service


def access_registry(request: Request) -> AccessRegistry:
    registry: AccessRegistry = request.app.state.access
    return registry


def origin(request: Request) -> Origin:
    device = request.headers.get("x-device-id")
    return Origin(device=device[:MAX_DEVICE_ID] if device else None)


def new_command_id() -> str:
    return str(uuid.uuid4())


async def known_contest(service: ContestService, contest_id: str) -> CachedContest:
    """The contest, or a 404 `unknown_contest`."""
    cached = await service.get(contest_id)
    if cached is None:
        raise ProblemError(404, "unknown_contest", f"no contest {contest_id!r}")
    return cached
