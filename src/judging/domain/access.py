"""Access tokens: random, shown once, kept only as a sha256 hash.

Grants are events in the stream `access` (`token_issued`, `token_revoked`) so every
process sees them; `TokenIndex` is their in-memory fold, keyed by token hash.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

ACCESS_STREAM = "access"

Role = Literal["organizer", "chief", "referee", "screen"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TokenIssued(_Frozen):
    """`subject_id`: a referee id, "admin" or "screen-N"; `contest_id` None = all contests."""

    type: Literal["token_issued"] = "token_issued"
    token_hash: str
    role: Role
    contest_id: str | None = None
    subject_id: str


class TokenRevoked(_Frozen):
    type: Literal["token_revoked"] = "token_revoked"
    token_hash: str


@dataclass(frozen=True, slots=True)
class Grant:
    """What a token lets its bearer do."""

    role: Role
    subject_id: str
    contest_id: str | None = None


def new_token() -> str:
    return secrets.token_urlsafe(24)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def parse_access_event(type_: str, data: dict[str, Any]) -> TokenIssued | TokenRevoked | None:
    """An `access` stream event, or None for a type this version does not know."""
    if type_ == "token_issued":
        return TokenIssued.model_validate(data)
    if type_ == "token_revoked":
        return TokenRevoked.model_validate(data)
    return None


def access_data(event: TokenIssued | TokenRevoked) -> dict[str, Any]:
    data = event.model_dump(mode="json")
    data.pop("type")
    return data


@dataclass
class TokenIndex:
    """Valid grants by token hash, folded from the `access` stream up to `version`."""

    version: int = 0
    grants: dict[str, Grant] = field(default_factory=dict)

    def apply(self, event: TokenIssued | TokenRevoked | None, version: int) -> None:
        if isinstance(event, TokenIssued):
            self.grants[event.token_hash] = Grant(event.role, event.subject_id, event.contest_id)
        elif isinstance(event, TokenRevoked):
            self.grants.pop(event.token_hash, None)
        self.version = version

    def lookup(self, token: str) -> Grant | None:
        return self.grants.get(hash_token(token))

    def hashes_of(self, contest_id: str | None, subject_id: str) -> list[str]:
        """The valid token hashes of one subject of a contest (to revoke on re-issue)."""
        return [
            token_hash
            for token_hash, grant in self.grants.items()
            if grant.contest_id == contest_id and grant.subject_id == subject_id
        ]

    def has_organizer(self) -> bool:
        return any(grant.role == "organizer" for grant in self.grants.values())

    def count(self, contest_id: str | None, role: Role) -> int:
        return sum(1 for g in self.grants.values() if g.contest_id == contest_id and g.role == role)
