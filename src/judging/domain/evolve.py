"""Folding events into the contest state: `Fold` in place, `evolve` and `fold` pure.

`Fold` owns a state and applies events to it in place, one small method per event
type: O(1) per event whatever the size of the contest (a dict operation, one new
`Record` and the entry's chain head: see `domain.state`). It is what a read model
that keeps the current state of a contest uses (`fold.apply(event)`, then read
`fold.state` until the next event); `snapshot()` copies the state for a reader that
keeps it longer.

`evolve(state, event)` and `fold(events, state)` are the pure functions of the
design: they never change `state`. They run the same `Fold` on a copy: the maps are
copied (O(n) at C speed, a dict copy) and each entry the first time an event changes
it (`Fold.sharing`), so `evolve` costs O(size of the state) and suits tests and rare
calls, not catching up on a log; `fold` copies once for any number of events.

The rules of the events a long contest is made of (marks, penalties, attempts,
corrections) read an event's fields from its `__dict__` (see `domain.events` on
reading events on a hot path).

Events are facts already accepted by `decide`; an event that does not fit the state
(a log written by something else) raises `ValueError` rather than being skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import Any, cast, get_args

from judging.domain import events as ev
from judging.domain.roster import Contestant
from judging.domain.state import (
    ORIGINALS,
    ContestState,
    EntryState,
    LifecycleEvent,
    Record,
    Version,
    left_behind,
    originals,
)


class Fold:
    """An owned, mutable fold of one contest's events (see the module doc)."""

    __slots__ = ("_copied", "_freeze_start", "_freezing", "_names", "_state")

    def __init__(self, state: ContestState | None = None) -> None:
        """Take ownership of `state` (None: before the contest is defined): `apply`
        changes it in place, so the caller must not keep reading it as it was."""
        self._state = state
        self._copied: set[str] | None = None  # sharing: the entries copied so far
        # One string object per id that records repeat (aspects, penalties, stages,
        # referees, results): the event's own copy dies with the event instead of
        # living in each record. The contestant's is the entry's (`EntryState.id`).
        self._names: dict[str, str] = {}
        self._follow(state)

    @classmethod
    def sharing(cls, state: ContestState) -> Fold:
        """A fold that starts from `state` and leaves it as it is: copy-on-write."""
        fold = cls(state.copy(entries=False))
        fold._copied = set()
        return fold

    @property
    def state(self) -> ContestState | None:
        """The current state (the fold's own: read it, do not keep it across `apply`)."""
        return self._state

    def snapshot(self) -> ContestState:
        """An independent copy of the current state (O(n)), for a reader that keeps it."""
        if self._state is None:
            raise LookupError("the contest is not defined yet")
        return self._state.copy()

    def apply(self, event: ev.Event) -> ContestState:
        """Apply one event in place; the state after it."""
        state = self._state
        if state is None:
            state = self._state = _defined(event)
            self._follow(state)
            return state
        rule = _RULES.get(type(event))
        if rule is None:
            raise TypeError(f"no evolve rule for {type(event).__name__}")
        rule(self, state, event)
        return state

    def apply_all(self, events: Iterable[ev.Event]) -> ContestState | None:
        """`apply` each event in order; the state after the last (None: not defined).

        A long stream's fold (a load, time travel): the rule of each event is found
        and called here, without a call of `apply` per event."""
        rules = _RULES
        for event in events:
            state, rule = self._state, rules.get(type(event))
            if state is None or rule is None:
                self.apply(event)  # the definition, or an event without a rule: raises
            else:
                rule(self, state, event)
        return self._state

    def _follow(self, state: ContestState | None) -> None:
        """Keep what every entry reads of the contest at hand (it changes rarely)."""
        self._freezing = state is not None and state.lifecycle.freezing
        self._freeze_start = state.freeze_start if state is not None else None

    def _entry(self, state: ContestState, contestant_id: str) -> EntryState:
        """The entry an event changes (copied first when the entries are shared)."""
        entry = state.contestants.get(contestant_id)
        if entry is None:
            raise ValueError(f"unknown contestant {contestant_id!r} in the log")
        copied = self._copied
        if copied is not None and contestant_id not in copied:
            entry = state.contestants[contestant_id] = entry.copy()
            copied.add(contestant_id)
        return entry

    def _redefined(self, state: ContestState, event: ev.ContestDefined) -> None:
        raise ValueError("the contest is already defined")

    def _contestants(self, state: ContestState, event: ev.ContestantsRegistered) -> None:
        self._register(state, event.contestants)

    def _register(self, state: ContestState, contestants: Iterable[Contestant]) -> None:
        for contestant in contestants:
            if contestant.id in state.contestants:
                self._entry(state, contestant.id).contestant = contestant
            else:
                state.contestants[contestant.id] = EntryState(contestant)

    def _referees(self, state: ContestState, event: ev.RefereesRegistered) -> None:
        state.referees.update({referee.id: referee for referee in event.referees})

    def _lifecycle(self, state: ContestState, event: LifecycleEvent) -> None:
        state.lifecycle = state.lifecycle.after(event)
        self._follow(state)

    def _mark(self, state: ContestState, event: ev.MarkAwarded) -> None:
        fields = event.__dict__  # the event's fields (see `domain.events`)
        who = fields["contestant_id"]
        entry = state.contestants.get(who) if self._copied is None else None
        if entry is None:  # not owned here, or not known: the slow path checks
            entry = self._entry(state, who)
        names = self._names
        aspect, referee, cid = fields["aspect_id"], fields["referee_id"], fields["command_id"]
        aspect, referee = names.setdefault(aspect, aspect), names.setdefault(referee, referee)
        value, hidden = fields["value"], self._freezing
        versions = ORIGINALS.get((value, hidden))  # `originals`, without a call when shared
        if versions is None or versions[0].value.__class__ is not value.__class__:
            versions = originals(value, hidden)
        state.records[cid] = _record(
            (cid, "mark", entry.id, aspect, referee, versions, "failed", 0.0, True, entry.latest)
        )
        entry.latest = cid

    def _penalty(self, state: ContestState, event: ev.PenaltyImposed) -> None:
        fields, names = event.__dict__, self._names
        who = fields["contestant_id"]
        entry = state.contestants.get(who) if self._copied is None else None
        if entry is None:
            entry = self._entry(state, who)
        what, referee, cid = fields["penalty_id"], fields["referee_id"], fields["command_id"]
        what, referee = names.setdefault(what, what), names.setdefault(referee, referee)
        versions = _HIDDEN if self._freezing else _SHOWN
        state.records[cid] = _record(
            (cid, "penalty", entry.id, what, referee, versions, "failed", 0.0, True, entry.latest)
        )
        entry.latest = cid

    def _attempt(self, state: ContestState, event: ev.AttemptRecorded) -> None:
        fields, names = event.__dict__, self._names
        who = fields["contestant_id"]
        entry = state.contestants.get(who) if self._copied is None else None
        if entry is None:
            entry = self._entry(state, who)
        stage, referee, cid = fields["stage_id"], fields["referee_id"], fields["command_id"]
        stage, referee = names.setdefault(stage, stage), names.setdefault(referee, referee)
        time, result = fields["contest_time"], fields["result"]
        start = self._freeze_start  # hidden in the freeze window too, as CLICS does
        hidden = self._freezing or (start is not None and time >= start)
        state.records[cid] = _record(
            (cid, "attempt", entry.id, stage, referee, _HIDDEN if hidden else _SHOWN,
             names.setdefault(result, result), time, fields["penalty"], entry.latest)
        )  # fmt: skip
        entry.latest = cid

    def _corrected(self, state: ContestState, event: ev.EntryCorrected) -> None:
        fields = event.__dict__
        supersedes, cid = fields["supersedes"], fields["command_id"]
        original = state.corrections.get(supersedes, supersedes)
        record = state.records.get(original)
        if record is None:
            raise ValueError(f"correction of unknown entry {supersedes!r} in the log")
        version = Version(cid, fields["value"], fields["void"], self._freezing)
        state.records[original] = record.corrected(version)
        state.corrections[cid] = original

    def _requested(self, state: ContestState, event: ev.CorrectionRequested) -> None:
        """A request changes no entry: the chief's correction, if any, will."""

    def _signed_off(self, state: ContestState, event: ev.EntrySignedOff) -> None:
        self._entry(state, event.contestant_id).signed_off = event.at

    def _out(
        self, state: ContestState, event: ev.ContestantDisqualified | ev.ContestantWithdrew
    ) -> None:
        disqualified = isinstance(event, ev.ContestantDisqualified)
        self._entry(state, event.contestant_id).status = (
            "disqualified" if disqualified else "withdrawn"
        )

    def _reopened(self, state: ContestState, event: ev.ContestReopened) -> None:
        """Ended again, not final; an advancement made from the final results is open
        again too (the round may advance anew once finalized again)."""
        state.lifecycle = state.lifecycle.reopened()
        state.advanced = {}
        self._follow(state)

    def _awards(self, state: ContestState, event: ev.AwardsPublished) -> None:
        state.awards = list(event.awards)

    def _advanced(self, state: ContestState, event: ev.RoundAdvanced) -> None:
        state.advanced[event.to] = list(event.contestants)

    def _advanced_here(self, state: ContestState, event: ev.ContestantsAdvanced) -> None:
        """Register who the source round sent, dropping whom its earlier advancement
        brought and this one does not (unless another round brought them too)."""
        sent = [contestant.id for contestant in event.contestants]
        for gone in left_behind(state.advanced_from, event.from_contest, sent):
            state.contestants.pop(gone, None)
        state.advanced_from[event.from_contest] = sent
        self._register(state, event.contestants)


def evolve(state: ContestState | None, event: ev.Event) -> ContestState:
    """The state after `event` (None before the contest is defined); `state` is unchanged."""
    return (Fold() if state is None else Fold.sharing(state)).apply(event)


def fold(events: Iterable[ev.Event], state: ContestState | None = None) -> ContestState:
    """The state after all `events`, starting from `state` (or from nothing), unchanged."""
    folded = Fold() if state is None else Fold.sharing(state)
    after = folded.apply_all(events)
    if after is None:
        raise ValueError("no events and no state to start from")
    return after


def _defined(event: ev.Event) -> ContestState:
    if not isinstance(event, ev.ContestDefined):
        raise ValueError(f"{event.type} before the contest was defined")
    return ContestState.of(event.definition)


# The hot path (`_mark`, `_penalty`, `_attempt`: one record each, its versions the
# shared `originals` of its value and visibility) builds records straight from a
# tuple of their fields in order (what `_make` does, without its Python frame and
# length check), each written out in its rule: a helper shared by the three cost a
# call and another tuple per event.
_record = cast(Callable[[tuple[Any, ...]], Record], partial(tuple.__new__, Record))
# Penalties and attempts have no value: two tuples of versions serve them all.
_HIDDEN, _SHOWN = originals(None, True), originals(None, False)
# A mark's or a penalty's record holds `Record`'s defaults in the attempt fields,
# written out in its rule (a tuple unpacked into another goes through a list).


_RULES: dict[type[Any], Callable[[Fold, ContestState, Any], None]] = {
    ev.ContestDefined: Fold._redefined,
    ev.ContestantsRegistered: Fold._contestants,
    ev.RefereesRegistered: Fold._referees,
    **dict.fromkeys(get_args(LifecycleEvent), Fold._lifecycle),
    ev.MarkAwarded: Fold._mark,
    ev.PenaltyImposed: Fold._penalty,
    ev.AttemptRecorded: Fold._attempt,
    ev.EntryCorrected: Fold._corrected,
    ev.CorrectionRequested: Fold._requested,
    ev.EntrySignedOff: Fold._signed_off,
    ev.ContestantDisqualified: Fold._out,
    ev.ContestantWithdrew: Fold._out,
    ev.ContestReopened: Fold._reopened,
    ev.AwardsPublished: Fold._awards,
    ev.RoundAdvanced: Fold._advanced,
    ev.ContestantsAdvanced: Fold._advanced_here,
}
