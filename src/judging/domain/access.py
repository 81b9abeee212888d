"""Access tokens: random, shown once, kept only as a sha256 hash.

Grants are events in the stream `access` (`token_issued`, `token_revoked`) so every
process sees them; `TokenIndex` is their in-memory fold, keyed by token hash. The
`decide_...` functions turn a request into events against the index as folded so
far; the writer appends them with the index's version as the expected version, so
two processes deciding at once (two new screens) never both succeed on one state.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict

ACCESS_STREAM = "access"

Role = Literal["organizer", "chief", "referee", "screen", "candidate"]
CANDIDATE_PREFIX = "candidate:"  # not a slug: a candidate's subject never is a referee's


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TokenIssued(_Frozen):
    """`subject_id`: a referee id, "admin", "screen-N" or "candidate:<contestant id>";
    `contest_id` None = all contests."""

    type: Literal["token_issued"] = "token_issued"
    token_hash: str
    role: Role
    contest_id: str | None = None
    subject_id: str


class TokenRevoked(_Frozen):
    type: Literal["token_revoked"] = "token_revoked"
    token_hash: str


AccessEvent = TokenIssued | TokenRevoked


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


@dataclass
class TokenIndex:
    """Valid grants by token hash, folded from the `access` stream up to `version`.

    `subjects` keeps every subject id ever issued per contest, revoked or not, so a
    new screen never takes the name of an earlier one.
    """

    version: int = 0
    grants: dict[str, Grant] = field(default_factory=dict)
    subjects: dict[str | None, set[str]] = field(default_factory=dict)

    def apply(self, event: AccessEvent | None, version: int) -> None:
        """Fold one event in (None: a type this version does not know, skipped)."""
        if isinstance(event, TokenIssued):
            self.grants[event.token_hash] = Grant(event.role, event.subject_id, event.contest_id)
            self.subjects.setdefault(event.contest_id, set()).add(event.subject_id)
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

    def next_screen_id(self, contest_id: str) -> str:
        """`screen-N` with the lowest N never issued in the contest."""
        taken = self.subjects.get(contest_id, set())
        n = 1
        while f"screen-{n}" in taken:
            n += 1
        return f"screen-{n}"


def decide_issue(
    index: TokenIndex, token_hash: str, grant: Grant, *, replace: bool = False
) -> list[AccessEvent]:
    """Grant a token; `replace` revokes the subject's earlier tokens in the contest."""
    previous = index.hashes_of(grant.contest_id, grant.subject_id) if replace else []
    issued = TokenIssued(
        token_hash=token_hash,
        role=grant.role,
        contest_id=grant.contest_id,
        subject_id=grant.subject_id,
    )
    return [*(TokenRevoked(token_hash=h) for h in previous), issued]


def decide_screen(index: TokenIndex, token_hash: str, contest_id: str) -> list[AccessEvent]:
    """A read-only token for a new big screen of the contest, named `screen-N`."""
    grant = Grant("screen", index.next_screen_id(contest_id), contest_id)
    return decide_issue(index, token_hash, grant)


def decide_revoke(index: TokenIndex, contest_id: str, subject_id: str) -> list[AccessEvent]:
    """Revoke every live token of a referee or screen of a contest (none: nothing)."""
    return [TokenRevoked(token_hash=h) for h in index.hashes_of(contest_id, subject_id)]


def decide_first_organizer(index: TokenIndex, token_hash: str) -> list[AccessEvent]:
    """The first start's organizer token, unless the stream already holds one."""
    if index.has_organizer():
        return []
    return decide_issue(index, token_hash, Grant("organizer", "admin"))


def candidate_subject(contestant_id: str) -> str:
    """The token subject of a contestant answering an online assessment."""
    return CANDIDATE_PREFIX + contestant_id


def candidate_of(subject_id: str | None) -> str | None:
    """The contestant id of a candidate's token subject (None: not a candidate's)."""
    if subject_id is None or not subject_id.startswith(CANDIDATE_PREFIX):
        return None
    return subject_id.removeprefix(CANDIDATE_PREFIX)


def decide_candidates(
    index: TokenIndex, contest_id: str, hashes: dict[str, str]
) -> list[AccessEvent]:
    """A personal token per contestant (contestant id -> token hash) for an online
    assessment, each revoking that candidate's earlier ones."""
    events: list[AccessEvent] = []
    for contestant_id, token_hash in hashes.items():
        grant = Grant("candidate", candidate_subject(contestant_id), contest_id)
        events += decide_issue(index, token_hash, grant, replace=True)
    return events
