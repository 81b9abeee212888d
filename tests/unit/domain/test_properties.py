"""Properties of the fold and the board over generated valid histories."""

from __future__ import annotations

import random
from collections import defaultdict, deque

from builders import CHIEF, correction, ctx, histories, mark_ids
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from judging.domain.board import entry_facts
from judging.domain.decide import decide
from judging.domain.errors import Rejected
from judging.domain.events import (
    AttemptRecorded,
    ContestantDisqualified,
    ContestantWithdrew,
    EntryCorrected,
    EntrySignedOff,
    Event,
    MarkAwarded,
    PenaltyImposed,
)
from judging.domain.evolve import Fold, evolve, fold
from judging.domain.facts import EntryFacts
from judging.domain.state import ContestState

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ContestantEvent = (
    MarkAwarded
    | PenaltyImposed
    | AttemptRecorded
    | EntryCorrected
    | EntrySignedOff
    | ContestantDisqualified
    | ContestantWithdrew
)


def board(state: ContestState) -> tuple[list[EntryFacts], list[EntryFacts]]:
    return entry_facts(state, "public"), entry_facts(state, "live")


@SETTINGS
@given(histories())
def test_incremental_fold_equals_fold_from_scratch(history: list[Event]) -> None:
    state = fold(history[:1])
    for length in range(2, len(history) + 1):
        state = evolve(state, history[length - 1])
        scratch = fold(history[:length])
        assert state == scratch
        assert board(state) == board(scratch)


@SETTINGS
@given(histories())
def test_evolve_never_changes_the_state_it_is_given(history: list[Event]) -> None:
    state = fold(history[:1])
    for event in history[1:]:
        before = state.copy()
        after = evolve(state, event)
        assert state == before
        assert board(state) == board(before)
        state = after


@SETTINGS
@given(histories())
def test_a_fold_in_place_equals_the_pure_fold_at_every_prefix(history: list[Event]) -> None:
    owned = Fold()
    for length, event in enumerate(history, start=1):
        owned.apply(event)
        assert owned.state == fold(history[:length])


@SETTINGS
@given(histories(), st.integers(0, 50), st.sampled_from([0, 1, 2, 3, 10]))
def test_a_correction_and_its_reversal_change_nothing(
    history: list[Event], pick: int, value: float
) -> None:
    state = fold(history)
    targets = mark_ids(state)
    assume(targets)
    target = targets[pick % len(targets)]
    current = state.records[target].current
    undo = (
        correction(target, void=True) if current.void else correction(target, value=current.value)
    )
    try:
        first = decide(state, correction(target, value=value), ctx(CHIEF, 1000))
        corrected = fold(first, state)
        second = decide(corrected, undo, ctx(CHIEF, 1001))
    except Rejected:
        assume(False)
        return
    assert board(fold(second, corrected)) == board(state)


def _contestant(event: Event) -> str | None:
    if isinstance(event, ContestantEvent):
        return event.contestant_id
    return None


def _shuffle(segment: list[Event], rng: random.Random) -> list[Event]:
    """Interleave the contestants' events at random, keeping each contestant's order."""
    queues: dict[str | None, deque[Event]] = defaultdict(deque)
    for event in segment:
        queues[_contestant(event)].append(event)
    merged: list[Event] = []
    while queues:
        key = rng.choice(sorted(queues, key=str))
        merged.append(queues[key].popleft())
        if not queues[key]:
            del queues[key]
    return merged


def reorder(history: list[Event], rng: random.Random) -> list[Event]:
    """Shuffle contestant events between the contest-wide events (lifecycle, roster)."""
    result: list[Event] = []
    segment: list[Event] = []
    for event in history:
        if _contestant(event) is None:
            result += [*_shuffle(segment, rng), event]
            segment = []
        else:
            segment.append(event)
    return result + _shuffle(segment, rng)


@SETTINGS
@given(histories(), st.randoms(use_true_random=False))
def test_contestants_events_commute(history: list[Event], rng: random.Random) -> None:
    reordered = reorder(history, rng)
    assert sorted(map(repr, reordered)) == sorted(map(repr, history))
    assert board(fold(reordered)) == board(fold(history))
