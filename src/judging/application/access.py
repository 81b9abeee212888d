"""The access registry: token grants kept in the `access` stream of the event store.

Every process folds the stream into a `TokenIndex`; an unknown token (or an index
older than `max_age` seconds, so revocations made elsewhere are seen) triggers a
refresh that reads only the events after the last one applied.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Sequence

from judging.domain.access import (
    ACCESS_STREAM,
    Grant,
    Role,
    TokenIndex,
    TokenIssued,
    TokenRevoked,
    access_data,
    hash_token,
    new_token,
    parse_access_event,
)
from judging.store import EventStore, NewEvent, WrongExpectedVersion

RETRIES = 5


class AccessRegistry:
    def __init__(self, store: EventStore, admin_token: str | None = None, max_age: float = 2.0):
        self._store = store
        self._index = TokenIndex()
        self._admin_hash = hash_token(admin_token) if admin_token else None
        self._max_age = max_age
        self._refreshed = -max_age
        self._lock = asyncio.Lock()

    @property
    def index(self) -> TokenIndex:
        return self._index

    async def refresh(self) -> None:
        for recorded in await self._store.read_stream(ACCESS_STREAM, self._index.version):
            event = parse_access_event(recorded.type, dict(recorded.data))
            self._index.apply(event, recorded.stream_version)
        self._refreshed = time.monotonic()

    async def authenticate(self, token: str) -> Grant | None:
        """The grant of a token, or None for an unknown or revoked one."""
        if self._admin_hash is not None and hash_token(token) == self._admin_hash:
            return Grant("organizer", "admin")
        grant = self._index.lookup(token)
        if grant is None or time.monotonic() - self._refreshed > self._max_age:
            await self.refresh()
            grant = self._index.lookup(token)
        return grant

    async def issue(
        self, role: Role, subject_id: str, contest_id: str | None = None, *, replace: bool = False
    ) -> str:
        """A new token for the subject; `replace` revokes the subject's earlier tokens."""
        token = new_token()
        issued = TokenIssued(
            token_hash=hash_token(token), role=role, contest_id=contest_id, subject_id=subject_id
        )
        async with self._lock:
            for _ in range(RETRIES):
                previous = self._index.hashes_of(contest_id, subject_id) if replace else []
                events = [TokenRevoked(token_hash=h) for h in previous] + [issued]
                if await self._try_append(events):
                    return token
                await self.refresh()
        raise RuntimeError("could not record the token: the access stream kept changing")

    async def revoke(self, contest_id: str, subject_id: str) -> int:
        """Revokes every live token of a referee or screen of a contest (a lost tablet)."""
        async with self._lock:
            for _ in range(RETRIES):
                await self.refresh()
                hashes = self._index.hashes_of(contest_id, subject_id)
                if not hashes:
                    return 0
                if await self._try_append([TokenRevoked(token_hash=h) for h in hashes]):
                    return len(hashes)
        raise RuntimeError("could not revoke the tokens: the access stream kept changing")

    async def issue_first_organizer(self) -> str | None:
        """A new organizer token if the stream has none yet (first start), else None."""
        token = new_token()
        issued = TokenIssued(token_hash=hash_token(token), role="organizer", subject_id="admin")
        async with self._lock:
            for _ in range(RETRIES):
                await self.refresh()
                if self._index.has_organizer():
                    return None
                if await self._try_append([issued]):
                    return token
        raise RuntimeError("could not record the organizer token")

    async def _try_append(self, events: Sequence[TokenIssued | TokenRevoked]) -> bool:
        new = [NewEvent(uuid.uuid4(), e.type, access_data(e), {}) for e in events]
        try:
            await self._store.append(ACCESS_STREAM, new, self._index.version)
        except WrongExpectedVersion:
            return False
        await self.refresh()
        return True
