"""Published awards and their verification codes, proved against the hash chain.

A code names one award of one `awards_published` event with no lookup table: the
event's log position, the award's place in the event's list (from 1), the first 12
hex digits of the event's chain hash, and a check character:

    POSITION-INDEX-HASH12-C            e.g.  1207-3-9F2AB81C0D3E-K

The check character is sum(weight * value) mod 31 over the characters before it
(digits and hex digits are their values, a dash is 16, the weight of the n-th
character is n), written with the 31 letters and digits of `CHECK_ALPHABET`, so any
single mistyped character and any swap of two neighbours is caught before the log is
read. `verify` reads two events by position (the award's and its predecessor),
recomputes the award event's hash from its data and the predecessor's stored hash
(`judging.store.hashing`), and says whether the stored hash, the chain link and the
code all agree: a change of the event in the database fails the proof, and
`judging verify` names the same position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final

from judging.application.contest_cache import CachedContest
from judging.store import EventStore, RecordedEvent
from judging.store.hashing import GENESIS_HASH, chain_hash

PUBLISHED: Final = "awards_published"
REOPENED: Final = "contest_reopened"
HASH_DIGITS: Final = 12
CHECK_ALPHABET: Final = "0123456789ABCDEFGHJKMNPQRSTVWXY"  # 31 characters: mod 31 is prime
_CODE = re.compile(r"^(\d{1,15})-(\d{1,6})-([0-9A-F]{12})-([0-9A-Z])$")
TAIL: Final = 8  # a contest's last events searched first for its latest publication


class InvalidCode(ValueError):
    """Not a verification code: `verification_code_invalid`."""

    code = "verification_code_invalid"


def check_character(body: str) -> str:
    """The check character of a code's body (`POSITION-INDEX-HASH12`, upper case)."""
    total = 0
    for weight, char in enumerate(body, start=1):
        total += weight * (16 if char == "-" else int(char, 16))
    return CHECK_ALPHABET[total % 31]


def encode(position: int, index: int, event_hash: str) -> str:
    """The code of the `index`-th award (from 1) of the event at `position`."""
    body = f"{position}-{index}-{event_hash[:HASH_DIGITS].upper()}"
    return f"{body}-{check_character(body)}"


@dataclass(frozen=True, slots=True)
class Code:
    """A decoded verification code."""

    position: int
    index: int  # from 1
    hash_prefix: str  # lower-case hex, as the log stores hashes

    @property
    def text(self) -> str:
        body = f"{self.position}-{self.index}-{self.hash_prefix.upper()}"
        return f"{body}-{check_character(body)}"


def decode(text: str) -> Code:
    """Parse a code (any case, surrounding spaces ignored); `InvalidCode` if it is not
    one or its check character does not match."""
    found = _CODE.match(text.strip().upper())
    if found is None:
        raise InvalidCode(f"{text[:80]!r} is not a verification code (POSITION-INDEX-HASH-C)")
    position, index = int(found[1]), int(found[2])
    body = f"{found[1]}-{found[2]}-{found[3]}"
    if check_character(body) != found[4] or position < 1 or index < 1:
        raise InvalidCode(f"{text[:80]!r}: the check character does not match (mistyped?)")
    if found[1] != str(position) or found[2] != str(index):
        raise InvalidCode(f"{text[:80]!r}: numbers are written without leading zeros")
    return Code(position, index, found[3].lower())


@dataclass(frozen=True, slots=True)
class Publication:
    """A contest's latest `awards_published` event: where it is in the log and what it
    gave (each award as its stored dict: contestant_id, award_id, rank)."""

    contest_id: str
    position: int
    hash: str
    awards: tuple[dict[str, Any], ...]

    def code(self, index: int) -> str:
        """The verification code of the `index`-th award (from 1)."""
        return encode(self.position, index, self.hash)


def awards_of(event: RecordedEvent) -> list[dict[str, Any]]:
    """The award dicts of an `awards_published` event as stored (a malformed one: none)."""
    awards = event.data.get("awards") if isinstance(event.data, dict) else None
    if not isinstance(awards, list):
        return []
    return [award for award in awards if isinstance(award, dict)]


async def latest_publication(store: EventStore, contest: CachedContest) -> Publication | None:
    """The contest's publication in force (None: none, or re-opened since).

    Awards are appended by `finalize`, so the publication is among a finalized
    contest's last few events: the stream's tail (by stream version, an indexed read)
    is searched first, the whole stream only if it is not there.
    """
    after = max(contest.version - TAIL, 0)
    while True:
        events = await store.read_stream(contest.stream_id, after)
        for event in reversed(events):
            if event.stream_version > contest.version:
                continue
            if event.type == REOPENED:
                return None
            if event.type == PUBLISHED:
                awards = tuple(awards_of(event))
                return Publication(contest.contest_id, event.position, event.hash, awards)
        if after == 0:
            return None
        after = 0


@dataclass(frozen=True, slots=True)
class Proof:
    """What the log says of a code: the event it names and whether the proof holds.

    `holds`: the event's hash, recomputed from its stored data and the stored hash of
    the event before it, equals its stored hash; its `prev_hash` is that hash; and
    the code's hash digits are the stored hash's. `reason` says which failed.
    """

    code: str
    position: int
    index: int
    contest_id: str | None
    event_type: str
    award: dict[str, Any] | None
    stored_hash: str
    computed_hash: str
    prev_hash: str
    holds: bool
    reason: str | None


class UnknownCode(LookupError):
    """A well-formed code that names no award: no event at its position, or an event of
    another type whose hash the code does not match (`verification_code_unknown`)."""

    code = "verification_code_unknown"


async def _linked(store: EventStore, position: int) -> tuple[RecordedEvent | None, str]:
    """The event at `position` and the stored hash of the one before it (two rows)."""
    events = await store.read_all(max(position - 2, 0), 2)
    by_position = {event.position: event for event in events}
    before = by_position.get(position - 1)
    return by_position.get(position), before.hash if before is not None else GENESIS_HASH


async def publication_holds(store: EventStore, publication: Publication) -> bool:
    """Whether the publication's event still matches its hash and its chain link."""
    event, prev_hash = await _linked(store, publication.position)
    if event is None or event.prev_hash != prev_hash or event.hash != publication.hash:
        return False
    return chain_hash(prev_hash, event.hash_input()) == event.hash


async def prove(store: EventStore, code: Code) -> Proof:
    """Check `code` against the log, reading the award's event and the one before it."""
    event, prev_hash = await _linked(store, code.position)
    if event is None:
        raise UnknownCode(f"no event at log position {code.position}")
    if event.type != PUBLISHED and not event.hash.startswith(code.hash_prefix):
        # neither an award nor the event the code was issued for: say nothing of it
        raise UnknownCode(f"no award at log position {code.position}")
    computed = chain_hash(prev_hash, event.hash_input())
    awards = awards_of(event) if event.type == PUBLISHED else []
    award = awards[code.index - 1] if code.index <= len(awards) else None
    reason = _failure(event, prev_hash, computed, code, award)
    return Proof(
        code=code.text,
        position=code.position,
        index=code.index,
        contest_id=_contest_of(event.stream_id),
        event_type=event.type,
        award=award,
        stored_hash=event.hash,
        computed_hash=computed,
        prev_hash=prev_hash,
        holds=reason is None,
        reason=reason,
    )


def _failure(
    event: RecordedEvent,
    prev_hash: str,
    computed: str,
    code: Code,
    award: dict[str, Any] | None,
) -> str | None:
    if event.prev_hash != prev_hash:
        return "prev_hash_mismatch"  # the chain is cut before this event
    if computed != event.hash:
        return "content_mismatch"  # the event's stored data is not what was hashed
    if not event.hash.startswith(code.hash_prefix):
        return "code_mismatch"  # the code was not issued for this event
    if event.type != PUBLISHED or award is None:
        return "not_an_award"
    return None


def _contest_of(stream_id: str) -> str | None:
    prefix = "contest-"
    return stream_id[len(prefix) :] if stream_id.startswith(prefix) else None
