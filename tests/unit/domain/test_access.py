"""The token index folded from the access stream, and the decisions made against it."""

from __future__ import annotations

import pytest

from judging.domain.access import (
    Grant,
    TokenIndex,
    TokenIssued,
    TokenRevoked,
    decide_first_organizer,
    decide_issue,
    decide_revoke,
    decide_screen,
    hash_token,
    new_token,
)
from judging.domain.events import UnknownEventType, decode, encode


def test_tokens_are_random_and_hashed() -> None:
    first, second = new_token(), new_token()
    assert first != second and len(first) >= 32
    assert hash_token(first) != first and len(hash_token(first)) == 64


def test_issue_then_revoke() -> None:
    index = TokenIndex()
    issued = TokenIssued(
        token_hash=hash_token("t"), role="referee", contest_id="c", subject_id="r1"
    )
    index.apply(issued, 1)
    assert index.lookup("t") == Grant("referee", "r1", "c")
    assert index.hashes_of("c", "r1") == [hash_token("t")]
    assert not index.has_organizer()
    index.apply(TokenRevoked(token_hash=hash_token("t")), 2)
    assert index.lookup("t") is None
    assert index.version == 2


def test_events_round_trip_and_unknown_types_are_skipped() -> None:
    issued = TokenIssued(token_hash="h", role="organizer", subject_id="admin")
    assert decode(*encode(issued)) == issued
    with pytest.raises(UnknownEventType):
        decode("something_new", {})
    index = TokenIndex()
    index.apply(None, 1)  # a type this version does not know
    assert index.version == 1 and not index.grants


def test_reissuing_revokes_the_subjects_earlier_tokens() -> None:
    index = TokenIndex()
    for version, event in enumerate(decide_issue(index, "h1", Grant("referee", "r1", "c")), 1):
        index.apply(event, version)
    again = decide_issue(index, "h2", Grant("referee", "r1", "c"), replace=True)
    assert again == [
        TokenRevoked(token_hash="h1"),
        TokenIssued(token_hash="h2", role="referee", contest_id="c", subject_id="r1"),
    ]
    assert decide_revoke(index, "c", "r1") == [TokenRevoked(token_hash="h1")]
    assert decide_revoke(index, "c", "r9") == []


def test_screen_ids_are_never_reused_even_after_a_revocation() -> None:
    index = TokenIndex()
    first = decide_screen(index, "h1", "c")
    assert [e.subject_id for e in first if isinstance(e, TokenIssued)] == ["screen-1"]
    index.apply(first[0], 1)
    index.apply(TokenRevoked(token_hash="h1"), 2)
    index.apply(
        TokenIssued(token_hash="h3", role="referee", contest_id="c", subject_id="screen-2"), 3
    )
    assert index.next_screen_id("c") == "screen-3"
    assert index.next_screen_id("other") == "screen-1"


def test_the_first_organizer_token_is_issued_once() -> None:
    index = TokenIndex()
    [issued] = decide_first_organizer(index, "h")
    index.apply(issued, 1)
    assert index.has_organizer()
    assert decide_first_organizer(index, "h2") == []
