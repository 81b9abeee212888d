"""Who is calling: the `Principal` behind a bearer token, and the one token resolver.

HTTP routes get the principal through `judging.http.deps` (`CurrentPrincipal`,
`require_roles`); websockets, which cannot always send headers, resolve the token
they were offered with the same `principal_for`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from judging.application.access import AccessRegistry
from judging.domain.access import Role
from judging.domain.commands import Actor
from judging.http.errors import ProblemError

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


async def principal_for(access: AccessRegistry, token: str | None) -> Principal | None:
    """The caller of a token: no token is the public; None for an unknown or revoked one."""
    if token is None:
        return PUBLIC
    if len(token) > MAX_TOKEN:
        return None
    grant = await access.authenticate(token)
    if grant is None:
        return None
    return Principal(grant.role, grant.subject_id, grant.contest_id)
