"""Random contest histories for the read-model tests, made by the real `decide`.

A hypothesis strategy draws a definition variant, extra contestants and a list of
intents (mark, attempt, penalty, correction, lifecycle, status); `history` turns
them into the events `decide` accepts, skipping what it refuses, so every history
is one the engine could have written. Reuses the domain test builders.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parents[1] / "domain"))

from builders import (
    CHIEF,
    ORGANIZER,
    attempt,
    contestants,
    correction,
    ctx,
    definition,
    mark,
    penalty,
    referee,
    referees,
    run,
)

from judging.domain.commands import (
    Actor,
    Command,
    Disqualify,
    End,
    Finalize,
    Freeze,
    SignOff,
    Start,
    Thaw,
    Withdraw,
)
from judging.domain.decide import decide
from judging.domain.errors import Rejected
from judging.domain.events import (
    ContestantsRegistered,
    ContestDefined,
    Event,
    RefereesRegistered,
)
from judging.domain.evolve import evolve
from judging.domain.roster import Contestant
from judging.domain.state import ContestState

__all__ = ["CHIEF", "ORGANIZER", "attempt", "history", "mark", "opening", "plans", "referee", "run"]

CONTESTANTS = [f"c{i}" for i in range(1, 9)]
JUDGES = ["r1", "r2", "r3", "r4"]
VALUES = {"quality": st.integers(0, 3), "faults": st.integers(0, 3), "exam": st.integers(0, 10)}

rankings = st.fixed_dictionaries(
    {
        "policy": st.sampled_from(["points", "stages", "time"]),
        "rank_style": st.sampled_from(["standard", "dense"]),
        "tie_breaks": st.sampled_from([[], ["countback"], ["criterion:wiring", "countback"]]),
    }
)
extra = st.builds(
    lambda i, venue, team, workshop: Contestant(
        id=f"c{i}", name=f"Name {i % 3}", venue=venue, team=team, workshop=workshop
    ),
    st.integers(4, 8),
    st.sampled_from([None, "wz", "nj"]),
    st.sampled_from([None, "red", "blue"]),
    st.sampled_from([None, "w1", "w2"]),
)
who = st.integers(0, 7)  # an index into the registered contestants
marks = st.sampled_from(sorted(VALUES)).flatmap(
    lambda aspect: st.tuples(
        st.just("mark"), who, st.just(aspect), st.sampled_from(JUDGES), VALUES[aspect]
    )
)
attempts = st.tuples(st.just("attempt"), who, st.sampled_from(["s1", "s2"]), st.booleans())
intents = st.one_of(
    marks,
    marks,
    marks,
    attempts,
    attempts,
    attempts,
    st.tuples(st.just("penalty"), who, st.sampled_from(["safety", "restart"])),
    st.tuples(st.just("correct"), st.integers(0, 50), st.none() | st.integers(0, 3)),
    st.tuples(st.just("status"), who, st.sampled_from([Withdraw, Disqualify, SignOff])),
    st.tuples(st.just("lifecycle"), st.sampled_from([Freeze, Freeze, End, Thaw, Finalize])),
)
plans = st.tuples(
    rankings,
    st.lists(extra, max_size=5),
    st.lists(st.tuples(intents, st.integers(0, 12)), min_size=15, max_size=60),
)


def command_for(
    intent: tuple[Any, ...], roster: list[str], entries: list[str], n: int
) -> tuple[Command, Actor]:
    kind, *args = intent
    if kind in ("mark", "attempt", "penalty", "status"):
        args[0] = roster[args[0] % len(roster)]
    if kind == "mark":
        return mark(args[0], args[1], args[3]), referee(args[2])
    if kind == "attempt":
        return attempt(args[0], args[1], "cleared" if args[2] else "failed"), referee("r1")
    if kind == "penalty":
        return penalty(args[0], args[1]), referee("r2")
    if kind == "correct":
        target = entries[args[0] % len(entries)] if entries else "none"
        change = {"void": True} if args[1] is None else {"value": args[1]}
        return correction(target, **change), CHIEF
    if kind == "status":
        return args[1](command_id=f"st-{n}", contestant_id=args[0]), CHIEF
    return args[0](command_id=f"lc-{n}"), ORGANIZER


def opening(ranking: dict[str, Any], more: list[Contestant]) -> list[Event]:
    roster = {c.id: c for c in [*contestants(), *more]}
    return [
        ContestDefined(definition=definition(ranking=ranking)),
        ContestantsRegistered(contestants=list(roster.values())),
        RefereesRegistered(referees=referees()),
    ]


def history(plan: tuple[dict[str, Any], list[Contestant], list[Any]]) -> list[Event]:
    """The accepted events of a drawn plan (see the module doc)."""
    ranking, more, steps = plan
    events = opening(ranking, more)
    state: ContestState | None = None
    for event in events:
        state = evolve(state, event)
    events += decide(state, Start(command_id="start"), ctx(ORGANIZER, 0))
    state = evolve(state, events[-1])
    roster = sorted(state.contestants)
    entries: list[str] = []
    minute = 0.0
    for n, (intent, step) in enumerate(steps):
        minute = min(minute + step, 239)
        command, actor = command_for(intent, roster, entries, n)
        try:
            new = decide(state, command, ctx(actor, minute))
        except Rejected:
            continue
        for event in new:
            state = evolve(state, event)
        if intent[0] in ("mark", "attempt", "penalty", "correct"):
            entries.append(command.command_id)
        events += new
    return events
