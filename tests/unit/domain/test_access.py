"""The token index folded from the access stream."""

from __future__ import annotations

from judging.domain.access import (
    Grant,
    TokenIndex,
    TokenIssued,
    TokenRevoked,
    access_data,
    hash_token,
    new_token,
    parse_access_event,
)


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
    assert index.count("c", "referee") == 1
    index.apply(TokenRevoked(token_hash=hash_token("t")), 2)
    assert index.lookup("t") is None
    assert index.version == 2


def test_events_round_trip_and_unknown_types_are_skipped() -> None:
    issued = TokenIssued(token_hash="h", role="organizer", subject_id="admin")
    assert parse_access_event("token_issued", access_data(issued)) == issued
    assert parse_access_event("something_new", {}) is None
