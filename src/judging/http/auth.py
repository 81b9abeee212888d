"""Who is calling: bearer tokens resolved to a `Principal`, and role checks.

Routes declare what they need with `Depends(require_roles("organizer", ...))`; a
token of another contest than the path's `{cid}` is a 403. No token is the public.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from judging.application.access import AccessRegistry
from judging.domain.access import Role
from judging.domain.commands import Actor
from judging.http.errors import ProblemError

PrincipalRole = Role | Literal["public"]

_bearer = HTTPBearer(auto_error=False, description="a token issued by the organizer")


@dataclass(frozen=True, slots=True)
class Principal:
    role: PrincipalRole
    subject_id: str | None = None
    contest_id: str | None = None  # None: every contest (organizer) or public

    def may_access(self, contest_id: str) -> bool:
        return self.contest_id is None or self.contest_id == contest_id

    def actor(self) -> Actor:
        """The domain's actor for a command sender (organizer, chief or referee)."""
        if self.role not in ("organizer", "chief", "referee") or self.subject_id is None:
            raise ProblemError(403, "forbidden", "this token may not send commands")
        return Actor(id=self.subject_id, role=self.role)


PUBLIC = Principal("public")


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


async def current_principal(
    request: Request, _: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> Principal:
    token = bearer_token(request)
    if token is None:
        return PUBLIC
    if len(token) > 256:
        raise _invalid("unknown or revoked token")
    registry: AccessRegistry = request.app.state.access
    grant = await registry.authenticate(token)
    if grant is None:
        raise _invalid("unknown or revoked token")
    return Principal(grant.role, grant.subject_id, grant.contest_id)


def require_roles(*roles: PrincipalRole) -> Callable[..., Awaitable[Principal]]:
    """A dependency: the caller, if its role is one of `roles` and it may see `{cid}`."""

    async def dependency(
        request: Request, principal: Annotated[Principal, Depends(current_principal)]
    ) -> Principal:
        if principal.role not in roles:
            raise ProblemError(403, "forbidden", f"this needs one of the roles: {', '.join(roles)}")
        cid = request.path_params.get("cid")
        if isinstance(cid, str) and not principal.may_access(cid):
            raise ProblemError(403, "forbidden", "this token belongs to another contest")
        return principal

    return dependency


ALL_ROLES: tuple[PrincipalRole, ...] = ("organizer", "chief", "referee", "screen", "public")
