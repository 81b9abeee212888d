"""The hash chain and group planning, pure (no database)."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import orjson
from asyncpg.pgproto.pgproto import UUID as PgUUID

from judging.store import ANY, EventIdConflict, ExpectedVersion, NewEvent, WrongExpectedVersion
from judging.store.hashing import (
    GENESIS_HASH,
    ChainVerifier,
    HashInput,
    canonical,
    chain_hash,
    verify_chain,
)
from judging.store.planning import AppendRequest, plan_group
from judging.store.schema import StoredRow

NOW = datetime(2025, 5, 1, 8, 30, tzinfo=UTC)


def request(
    stream: str, count: int, expected: ExpectedVersion = ANY, **data: object
) -> AppendRequest:
    events = [NewEvent(uuid.uuid4(), "t", dict(data), {}) for _ in range(count)]
    return AppendRequest.of(stream, events, expected)


def test_canonical_json_is_sorted_and_compact() -> None:
    assert (
        canonical({"b": 1, "a": {"d": [1, 2], "c": "é"}})
        == '{"a":{"c":"é","d":[1,2]},"b":1}'.encode()
    )


def test_hash_covers_every_field() -> None:
    base = HashInput(1, "s", 1, str(uuid.UUID(int=1)), "t", '{"n":1}', "{}", NOW)
    digest = chain_hash(GENESIS_HASH, base)
    variants = [
        replace(base, position=2),
        replace(base, stream_id="x"),
        replace(base, stream_version=2),
        replace(base, event_id=str(uuid.UUID(int=2))),
        replace(base, type="u"),
        replace(base, data_json='{"n":2}'),
        replace(base, metadata_json='{"a":1}'),
        replace(base, recorded_at=NOW.replace(microsecond=1)),
    ]
    assert len({digest, *(chain_hash(GENESIS_HASH, v) for v in variants)}) == 9
    assert chain_hash("1" * 64, base) != digest


def test_plan_chains_positions_and_versions_across_requests() -> None:
    plan = plan_group(
        [request("a", 2), request("b", 1, 0), request("a", 1, 2)],
        head=(0, GENESIS_HASH),
        stored={},
        versions={},
        now=NOW,
    )
    assert [r.position for r in plan.new_rows] == [1, 2, 3, 4]
    assert [r.stream_version for r in plan.new_rows] == [1, 2, 1, 3]
    assert verify_chain(plan.new_rows) is None
    assert plan.head_position == 4 and plan.head_hash == plan.new_rows[-1].hash


def test_one_request_failing_leaves_the_others_planned() -> None:
    plan = plan_group(
        [request("a", 1, 5), request("b", 1, 0)],
        head=(7, "a" * 64),
        stored={},
        versions={},
        now=NOW,
    )
    assert isinstance(plan.outcomes[0], WrongExpectedVersion)
    assert [r.position for r in plan.new_rows] == [8]
    assert plan.new_rows[0].prev_hash == "a" * 64


def test_retry_inside_one_group_returns_the_first_recording() -> None:
    first = request("a", 2)
    plan = plan_group([first, first], head=(0, GENESIS_HASH), stored={}, versions={}, now=NOW)
    results = plan.results()
    assert results[0] == results[1]
    assert [e.position for e in results[1]] == [1, 2]  # type: ignore[union-attr]
    assert len(plan.new_rows) == 2


def test_same_id_other_content_in_one_group_conflicts() -> None:
    first = request("a", 1, n=1)
    other = AppendRequest.of("a", [replace(first.events[0], data={"n": 2})], ANY)
    plan = plan_group([first, other], head=(0, GENESIS_HASH), stored={}, versions={}, now=NOW)
    assert isinstance(plan.outcomes[1], EventIdConflict)


def test_verify_chain_names_the_first_broken_position() -> None:
    rows = plan_group(
        [request("a", 5)], head=(0, GENESIS_HASH), stored={}, versions={}, now=NOW
    ).new_rows
    assert verify_chain(rows) is None
    assert verify_chain([*rows[:2], *rows[3:]]) == 3
    assert verify_chain([rows[0], replace(rows[1], data='{"x":1}'), *rows[2:]]) == 2
    assert verify_chain([rows[0], rows[2], rows[1], *rows[3:]]) == 2
    assert verify_chain(rows[2:], prev_hash=rows[1].hash, start=3) is None


def test_planned_rows_hash_as_verification_rehashes_them() -> None:
    """The plan fills the canonical JSON's template itself: any stream id, type, data
    or metadata text re-hashes to the same digests, which are the definition's."""
    events = [
        NewEvent(uuid.uuid4(), 't "%s" \u0001', {"v": "100% é\n"}, {"by": "%d ✓"}),
        NewEvent(uuid.uuid4(), "u", {}, {}),
    ]
    requests = [AppendRequest.of('s "%b" \\ ✓', events, ANY)]
    rows = plan_group(requests, head=(0, GENESIS_HASH), stored={}, versions={}, now=NOW).new_rows
    assert verify_chain(rows) is None
    assert [row.hash for row in rows] == [
        _reference_digest(row.prev_hash, row.hash_input()) for row in rows
    ]


def test_canonical_event_json_is_orjson_with_sorted_keys() -> None:
    """The template writes the keys in sorted order by hand: the same digest as orjson
    sorting them (and a `%` in a value is a value, not a placeholder of the template)."""
    event = HashInput(
        12,
        's "quoted" \\ é \n ✓ 100% %s',
        3,
        str(uuid.uuid4()),
        "t\u0001%d",
        '{"a":"\\n%"}',
        "{}",
        NOW,
    )
    assert chain_hash(GENESIS_HASH, event) == _reference_digest(GENESIS_HASH, event)


def _reference_json(event: HashInput) -> bytes:
    """The canonical JSON by its definition: orjson over the fields, keys sorted."""
    document = {
        "position": event.position,
        "stream_id": event.stream_id,
        "stream_version": event.stream_version,
        "event_id": event.event_id,
        "type": event.type,
        "data": orjson.Fragment(event.data_json),
        "metadata": orjson.Fragment(event.metadata_json),
        "recorded_at": event.recorded_at.astimezone(UTC).isoformat(timespec="microseconds"),
    }
    return orjson.dumps(document, option=orjson.OPT_SORT_KEYS)


def _reference_digest(prev_hash: str, event: HashInput) -> str:
    """sha256(prev || canonical JSON), by hand."""
    return hashlib.sha256(bytes.fromhex(prev_hash) + _reference_json(event)).hexdigest()


def test_every_way_of_hashing_an_event_gives_the_definitions_digest() -> None:
    """`chain_hash`, a stored row's and a recorded event's `digest_after` fill one
    template: each equals the definition computed by hand, for a `%` or a quote in a
    value, text beyond ASCII, a time given in another zone and an event id of
    asyncpg's own UUID class (what PostgreSQL rows carry)."""
    prev = hashlib.sha256(b"before").hexdigest()
    event_id = uuid.uuid4()
    at = datetime(2025, 5, 1, 16, 30, 0, 5, tzinfo=timezone(timedelta(hours=8)))
    data, metadata = {"v": '100% "é"\n', "n": 1.5}, {"by": "%d ✓"}
    row = StoredRow(
        7, 's "%b" ✓', 3, event_id, "t%s", canonical(data).decode(),
        canonical(metadata).decode(), at, prev, "",
    )  # fmt: skip
    expected = _reference_digest(prev, row.hash_input())
    assert chain_hash(prev, row.hash_input()) == expected
    assert row.digest_after(bytes.fromhex(prev)).hex() == expected
    assert row.to_event().digest_after(bytes.fromhex(prev)).hex() == expected
    foreign = replace(row, event_id=PgUUID(str(event_id)))
    assert foreign.digest_after(bytes.fromhex(prev)).hex() == expected


def test_verifier_continues_from_a_hash_set_from_outside() -> None:
    """A follower that took a shared page sets `prev_hash` itself: the verifier goes on
    from that hash (not from the digest of the last row it checked)."""
    rows = plan_group(
        [request("a", 6)], head=(0, GENESIS_HASH), stored={}, versions={}, now=NOW
    ).new_rows
    verifier = ChainVerifier()
    assert verifier.feed(rows[:2]) is None
    verifier.prev_hash = rows[3].hash[:1] + rows[3].hash[1:]  # equal, not the same object
    verifier.next_position = 5  # rows 3 and 4 came in a shared page
    assert verifier.feed(rows[4:]) is None and verifier.prev_hash == rows[5].hash
    tampered = ChainVerifier()
    assert tampered.feed(rows[:2]) is None
    tampered.prev_hash, tampered.next_position = rows[3].hash, 5
    broken = tampered.feed([rows[4], replace(rows[5], data='{"x":1}')])
    assert broken is not None and broken.position == 6
