"""The compiled hash-chain loop (`_chain.c`) gives what the Python loop gives (pure)."""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from judging.store import ANY, NewEvent
from judging.store.hashing import GENESIS_HASH, verify_chain
from judging.store.planning import (
    AppendRequest,
    GroupPlan,
    compiled_chain_rows,
    python_chain_rows,
)
from judging.store.rows import stored_row

compiled = pytest.mark.skipif(
    compiled_chain_rows is None,
    reason="judging.store._chain was not built here (no C compiler or OpenSSL headers)",
)
NOW = datetime(2026, 12, 4, 9, 30, 15, 123456, tzinfo=UTC)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)
texts = st.text(min_size=1, max_size=20)  # quotes, backslashes, controls, CJK, emoji


@st.composite
def requests(draw: st.DrawFn) -> AppendRequest:
    types = draw(st.lists(texts, min_size=1, max_size=3))
    shared = draw(st.dictionaries(st.text(max_size=8), json_values, max_size=3))
    ids = draw(st.lists(st.integers(0, 2**128 - 1), max_size=6, unique=True))
    events = [
        NewEvent(
            uuid.UUID(int=id_),
            draw(st.sampled_from(types)),
            draw(st.dictionaries(st.text(max_size=8), json_values, max_size=4)),
            shared if draw(st.booleans()) else dict(shared),
        )
        for id_ in ids
    ]
    return AppendRequest.of(draw(texts), events, ANY)


def chained(chain: Any, request: AppendRequest, position: int, version: int, digest: bytes) -> Any:
    plan = GroupPlan(position, digest.hex(), NOW, {}, {})
    types: dict[str, bytes] = {}
    result = chain(
        digest,
        digest.hex(),
        position,
        version,
        request.stream_id,
        orjson.dumps(request.stream_id),
        plan.now_json,
        plan.now_text,
        request.events,
        request.data_json,
        request.metadata_json,
        types,
        orjson.dumps,
    )
    return result, types


@compiled
@settings(max_examples=300, deadline=None)
@given(
    request=requests(),
    position=st.integers(0, 2**62),
    version=st.integers(0, 2**31),
    digest=st.binary(min_size=32, max_size=32),
)
def test_compiled_rows_equal_the_python_loops(
    request: AppendRequest, position: int, version: int, digest: bytes
) -> None:
    assert chained(compiled_chain_rows, request, position, version, digest) == chained(
        python_chain_rows, request, position, version, digest
    )


@compiled
def test_compiled_rows_verify_as_a_chain_from_genesis() -> None:
    data = [{"分": i, "s": 'a"b\\c\n'} for i in range(50)]
    events = [NewEvent(uuid.uuid4(), "评分", d, {"裁判": "r"}) for d in data]
    request = AppendRequest.of("contest-电工", events, ANY)
    (rows, digest, hash_), _ = chained(
        compiled_chain_rows, request, 0, 0, bytes.fromhex(GENESIS_HASH)
    )
    assert [r[0] for r in rows] == list(range(1, 51))
    assert hash_ == rows[-1][9] == digest.hex()
    assert verify_chain([stored_row(r) for r in rows]) is None


@compiled
def test_compiled_rows_of_no_events_keep_the_head() -> None:
    request = AppendRequest.of("s", [], ANY)
    digest = bytes(range(32))
    (rows, last, hash_), types = chained(compiled_chain_rows, request, 7, 3, digest)
    assert (rows, last, hash_, types) == ([], digest, digest.hex(), {})


@compiled
@pytest.mark.parametrize(
    "change",
    [
        lambda a: a.__setitem__(0, b"short"),  # a digest must be 32 bytes
        lambda a: a.__setitem__(9, ("{}",)),  # data as text, not bytes
        lambda a: a.__setitem__(10, ()),  # fewer metadata than events
        lambda a: a.__setitem__(8, (object(),)),  # not an event
        lambda a: a.__setitem__(11, []),  # types not a dict
        lambda a: a.__setitem__(12, lambda t: "not bytes"),  # dumps giving text
        lambda a: a.__setitem__(2, 2**70),  # a position beyond 64 bits
        lambda a: a.pop(),  # an argument missing
    ],
)
def test_compiled_loop_refuses_wrong_arguments_without_crashing(change: Any) -> None:
    event = NewEvent(uuid.uuid4(), "t", {}, {})
    args: list[Any] = [b"\0" * 32, "0" * 64, 0, 0, "s", b'"s"', b'"t"', "t", (event,),
                       (b"{}",), (b"{}",), {}, orjson.dumps]  # fmt: skip
    change(args)
    with pytest.raises((TypeError, ValueError, OverflowError, AttributeError)):
        compiled_chain_rows(*args)  # type: ignore[misc]


def test_ci_builds_the_compiled_loop() -> None:
    if os.environ.get("CI") != "true":
        pytest.skip("only CI must have built judging.store._chain (it has gcc and OpenSSL)")
    assert compiled_chain_rows is not None
