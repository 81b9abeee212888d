"""The access registry: token grants kept in the `access` stream of the event store.

Every process folds the stream into a `TokenIndex`; an unknown token (or an index
older than `max_age` seconds, so revocations made elsewhere are seen) triggers a
refresh that reads only the events after the last one applied. Refreshes are one at
a time: any number of unknown tokens asked together wait for one read that started
after they were asked (so a token just issued by another process is found), and a
caller that is being held off (`refresh=False`) is answered from memory.

Grants are decided by the domain (`decide_issue`, `decide_screen`, ...) and appended
by the one writer, which decides again against the newer stream when another process
wrote first.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from judging.application.writer import Decision, Metadata, Writer, new_command_id
from judging.domain.access import (
    ACCESS_STREAM,
    AccessEvent,
    Grant,
    TokenIndex,
    TokenIssued,
    TokenRevoked,
    decide_candidates,
    decide_first_organizer,
    decide_issue,
    decide_revoke,
    decide_screen,
    hash_token,
    new_token,
)
from judging.domain.commands import Actor
from judging.domain.events import UnknownEventType, decode
from judging.store import RecordedEvent

FIRST_START = Actor(id="system", role="organizer")  # who records the first start's token


class AccessStream:
    """The writer's `Folded` state of the `access` stream: the token index."""

    stream_id = ACCESS_STREAM

    def __init__(self) -> None:
        self.index = TokenIndex()

    @property
    def version(self) -> int:
        return self.index.version

    def apply(self, recorded: Sequence[RecordedEvent]) -> None:
        for event in recorded:
            if event.stream_version > self.index.version:
                self.index.apply(_access_event(event), event.stream_version)


def _access_event(recorded: RecordedEvent) -> AccessEvent | None:
    """The grant event, or None for a type this version does not know (skipped)."""
    try:
        event = decode(recorded.type, recorded.data)
    except UnknownEventType:
        return None
    return event if isinstance(event, TokenIssued | TokenRevoked) else None


@dataclass(frozen=True, slots=True)
class IssuedGrant:
    """A new token (shown once) and the subject it was issued to."""

    token: str
    subject_id: str


class AccessRegistry:
    def __init__(self, writer: Writer, admin_token: str | None = None, max_age: float = 2.0):
        self._writer = writer
        self._stream = AccessStream()
        self._admin_hash = hash_token(admin_token) if admin_token else None
        self._max_age = max_age
        self._fresh_from = -math.inf  # when the last completed refresh started
        self._refreshing = asyncio.Lock()
        self._lock = asyncio.Lock()

    @property
    def index(self) -> TokenIndex:
        return self._stream.index

    async def refresh(self) -> None:
        started = time.monotonic()
        await self._writer.catch_up(self._stream)
        self._fresh_from = max(self._fresh_from, started)

    async def authenticate(self, token: str, *, refresh: bool = True) -> Grant | None:
        """The grant of a token, or None for an unknown or revoked one.

        Without `refresh`, a token unknown to the index is not looked for in the stream.
        """
        if self._admin_hash is not None and hash_token(token) == self._admin_hash:
            return Grant("organizer", "admin")
        asked = time.monotonic()
        grant = self.index.lookup(token)
        stale = asked - self._fresh_from > self._max_age
        if (grant is None and refresh) or (grant is not None and stale):
            await self._refreshed_since(asked)
            grant = self.index.lookup(token)
        return grant

    async def _refreshed_since(self, asked: float) -> None:
        """Return once a refresh that started at `asked` or later has completed."""
        async with self._refreshing:
            if self._fresh_from < asked:
                await self.refresh()

    async def issue(self, grant: Grant, actor: Actor, *, replace: bool = False) -> str:
        """A new token for the grant; `replace` revokes the subject's earlier tokens."""
        token_hash, token = _new_token()
        await self._write(
            actor, partial(decide_issue, token_hash=token_hash, grant=grant, replace=replace)
        )
        return token

    async def issue_screen(self, contest_id: str, actor: Actor) -> IssuedGrant:
        """A read-only token for a new big screen, named `screen-N` (never reused)."""
        token_hash, token = _new_token()
        events = await self._write(
            actor, partial(decide_screen, token_hash=token_hash, contest_id=contest_id)
        )
        [issued] = [event for event in events if isinstance(event, TokenIssued)]
        return IssuedGrant(token, issued.subject_id)

    async def issue_candidates(
        self, contest_id: str, contestant_ids: Sequence[str], actor: Actor
    ) -> dict[str, str]:
        """A new personal token per contestant of an online assessment (contestant id ->
        token, shown once), in one append; each revokes the candidate's earlier ones."""
        tokens = {contestant_id: _new_token() for contestant_id in contestant_ids}
        hashes = {contestant_id: pair[0] for contestant_id, pair in tokens.items()}
        await self.refresh()
        await self._write(actor, partial(decide_candidates, contest_id=contest_id, hashes=hashes))
        return {contestant_id: pair[1] for contestant_id, pair in tokens.items()}

    async def revoke(self, contest_id: str, subject_id: str, actor: Actor) -> int:
        """Revokes every live token of a referee or screen of a contest (a lost tablet)."""
        await self.refresh()
        events = await self._write(
            actor, partial(decide_revoke, contest_id=contest_id, subject_id=subject_id)
        )
        return len(events)

    async def issue_first_organizer(self) -> str | None:
        """A new organizer token if the stream has none yet (first start), else None."""
        token_hash, token = _new_token()
        await self.refresh()
        events = await self._write(
            FIRST_START, partial(decide_first_organizer, token_hash=token_hash)
        )
        return token if events else None

    async def _write(
        self, actor: Actor, decide: Callable[[TokenIndex], list[AccessEvent]]
    ) -> list[AccessEvent]:
        """Append what `decide` gives (decided again after a conflict); those events."""
        command_id = new_command_id()
        metadata = Metadata.of(actor, command_id)
        decided: list[AccessEvent] = []

        def decision() -> Decision:
            events = decide(self.index)
            decided[:] = events  # the last decision is the one appended
            return Decision(events, metadata)

        async with self._lock:
            await self._writer.write(self._stream, command_id, decision)
        return decided


def _new_token() -> tuple[str, str]:
    """A new token and its hash: the hash is recorded, the token shown once."""
    token = new_token()
    return hash_token(token), token
