"""The talent database: incremental processing equals a rebuild, and its queries."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from projection_helpers import append, snapshot
from talent_histories import (
    Entry,
    history,
)

from judging.projections.rebuild import rebuild
from judging.projections.runner import ProjectionRunner
from judging.projections.talent.projection import TalentProjection
from judging.store import EventStore

_examples = itertools.count()


Stop = st.sampled_from(["run", "stop after catching up", "stop at once"])


@st.composite
def chunked(draw: st.DrawFn) -> tuple[list[list[Entry]], list[str]]:
    """A history cut at random positions, and what the runner does at each cut."""
    entries = draw(history(f"h{next(_examples)}"))
    cuts = sorted(draw(st.sets(st.integers(1, max(1, len(entries) - 1)), max_size=4)))
    bounds = [0, *cuts, len(entries)]
    chunks = [entries[a:b] for a, b in itertools.pairwise(bounds) if b > a]
    return chunks, draw(st.lists(Stop, min_size=len(chunks), max_size=len(chunks)))


def new_runner(store: EventStore) -> ProjectionRunner:
    return ProjectionRunner(store, persisted=[TalentProjection(store)], retry_delay=0.01)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=chunked())
async def test_incremental_equals_rebuild_with_stops_and_resumes(
    store: EventStore, case: tuple[list[list[Entry]], list[str]]
) -> None:
    chunks, stops = case
    runner = new_runner(store)
    await runner.start()
    try:
        for chunk, stop in zip(chunks, stops, strict=True):
            head = await append(store, chunk)
            if stop != "stop at once":  # else: cancelled wherever it is, even mid-batch
                await runner.wait_for(head, timeout=20)
            if stop != "run":  # a process restart: a new runner resumes from the checkpoint
                await runner.stop()
                runner = new_runner(store)
                await runner.start()
        await runner.wait_for(head, timeout=20)
    finally:
        await runner.stop()
    incremental = await snapshot(store)
    summary = await rebuild(store, [TalentProjection(store)])
    assert summary.position == await store.head()
    assert await snapshot(store) == incremental
    entries = [entry for chunk in chunks for entry in chunk]
    expected = sorted(worker_entries(entries))
    contests = {contest for contest, _ in expected}
    got = sorted(row[:2] for row in incremental["talent_results"] if row[0] in contests)
    assert got == expected


def worker_entries(entries: list[Entry]) -> list[tuple[str, str]]:
    """(contest id, contestant id) of every worker's entry in a finalized contest."""
    finalized = {stream for stream, event in entries if event.type == "contest_finalized"}
    return [
        (stream.removeprefix("contest-"), person.id)
        for stream, event in entries
        if stream in finalized and event.type == "contestants_registered"
        for person in event.contestants
        if person.worker_id is not None
    ]


async def test_queries_give_resume_leaderboard_and_capability(store: EventStore) -> None: ...
