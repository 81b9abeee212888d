"""Who is calling: the `Principal` behind a bearer token, and the one token resolver.

HTTP routes get the principal through `judging.http.deps` (`CurrentPrincipal`,
`require_roles`); websockets, which cannot always send headers, resolve the token
they were offered with the same `principal_for`.

Failed authentications are counted per client address (`FailedLogins`): once an
address has used up its failures, a token the index does not hold is refused with
`TooManyFailures` (a 429, or a websocket closed with 4429) without reading the
access stream, while a valid token from that address is still served.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from judging.application.access import AccessRegistry
from judging.domain.access import Role
from judging.domain.commands import Actor
from judging.http.errors import ProblemError
from judging.http.limits import FailedLogins

PrincipalRole = Role | Literal["public"]
MAX_TOKEN = 256  # characters: a longer one is never looked up


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
ALL_ROLES: tuple[PrincipalRole, ...] = ("organizer", "chief", "referee", "screen", "public")


class TooManyFailures(Exception):
    """The client address failed to authenticate too often; it may retry after a while."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many failed authentications; retry after {retry_after} s")
        self.retry_after = retry_after


async def principal_for(
    access: AccessRegistry, token: str | None, failures: FailedLogins, address: str
) -> Principal | None:
    """The caller of a token: no token is the public; None for an unknown or revoked one.

    Raises `TooManyFailures` instead of answering None while `address` is held off."""
    if token is None:
        return PUBLIC
    wait = failures.wait(address)
    grant = (
        await access.authenticate(token, refresh=wait is None) if len(token) <= MAX_TOKEN else None
    )
    if grant is not None:
        return Principal(grant.role, grant.subject_id, grant.contest_id)
    if wait is not None:
        raise TooManyFailures(wait)
    failures.failed(address)
    return None
