"""The contest state folded from events: what `decide` checks and `board` reads.

Entries and corrections: every mark, penalty and stage attempt is a `Record` filed
under the command id that created it. A correction names in `supersedes` either
that original command id or the command id of an earlier correction; both lead to
the same record, which gains a new `Version`. The latest version wins.

A contestant's records form a chain: the entry names its latest record
(`EntryState.latest`) and each record the one entered before it (`Record.previous`).
Filing a record changes one field of the entry, whatever the contest's size: a fold
that appended to a list per contestant and aspect (or stage) went to memory for
the list's tail, and a contest of 2,000 contestants folded each event 1.4 times
slower than one of 50. Readers walk the chain once per entry (`ContestState.filed`).

Ownership: the maps and lists of a state are plain dicts and lists that the fold
(`judging.domain.evolve.Fold`) that builds the state changes in place, so applying
one event costs O(1) whatever the size of the contest. Everyone else reads a state
and never changes it. Records, versions, lifecycles, contestants and referees are
immutable values: the fold replaces them, so `copy` shares them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Literal, NamedTuple

from judging.domain.catalog import Catalog
from judging.domain.definition import ContestDefinition
from judging.domain.events import (
    AwardGiven,
    ContestEnded,
    ContestFinalized,
    ContestFrozen,
    ContestStarted,
    ContestThawed,
)
from judging.domain.facts import Status
from judging.domain.roster import Contestant, Referee

Value = float | bool
RecordKind = Literal["mark", "penalty", "attempt"]
LifecycleEvent = ContestStarted | ContestFrozen | ContestEnded | ContestThawed | ContestFinalized


class Version(NamedTuple):
    """One value of a record: the original entry or a correction of it.

    Records and versions are named tuples: a million of them are built in a second
    and, holding no containers, the garbage collector stops tracking them. The
    original version's `command_id` is empty (the record's own is its id), so that
    records entered with the same value share one tuple of versions (`originals`).
    """

    command_id: str  # the correction's ("" for the original entry)
    value: Value | None = None  # marks only
    void: bool = False
    hidden: bool = False  # recorded while frozen: the public sees it after the thaw


ORIGINALS_KEPT = 4_096  # distinct (value, hidden) pairs shared; more are built each time
# The shared versions by (value, hidden): read by the fold's hot rules without a call
# (checking the value's class as `originals` does), filled only by `originals`.
ORIGINALS: dict[tuple[Value | None, bool], tuple[Version]] = {}


def originals(value: Value | None, hidden: bool) -> tuple[Version]:
    """The versions of a record as first entered: one tuple shared by every record of
    the same value and visibility (a contest's marks take few distinct values), so a
    record costs one tuple of its own instead of three. A value equal to one of
    another type (`True` and `1.0`) gets its own versions, never the other's."""
    key = (value, hidden)
    versions = ORIGINALS.get(key)
    if versions is None or versions[0].value.__class__ is not value.__class__:
        versions = (Version("", value, False, hidden),)
        if len(ORIGINALS) < ORIGINALS_KEPT:
            ORIGINALS[key] = versions
    return versions


class Record(NamedTuple):
    """One mark, penalty or stage attempt with its corrections, latest last."""

    command_id: str
    kind: RecordKind
    contestant_id: str
    subject_id: str  # the aspect, penalty or stage id
    referee_id: str
    versions: tuple[Version, ...]
    result: Literal["cleared", "failed"] = "failed"  # attempts only
    contest_time: float = 0.0  # attempts only, seconds since the start
    penalty: bool = True  # attempts only
    previous: str | None = None  # the contestant's record before this one (None: first)

    @property
    def current(self) -> Version:
        return self.versions[-1]

    @property
    def void(self) -> bool:
        return self.versions[-1].void

    @property
    def hidden(self) -> bool:
        """Whether the entry itself is hidden from the public until the thaw."""
        return self.versions[0].hidden

    def seen(self, revealed: bool) -> Version | None:
        """The latest version a viewer sees; None if the entry is hidden from them.

        Without `revealed` (the public before the thaw), versions recorded while
        frozen are skipped, so the public keeps the value from before a correction.
        """
        if revealed:
            return self.current
        if self.hidden:
            return None
        return [version for version in self.versions if not version.hidden][-1]

    def corrected(self, version: Version) -> Record:
        return self._replace(versions=(*self.versions, version))


@dataclass(slots=True)
class EntryState:
    """One contestant's entry: its latest record (the chain's head), lock and status."""

    contestant: Contestant
    latest: str | None = None  # the command id of the contestant's latest record
    signed_off: datetime | None = None
    status: Status = "active"
    # The contestant's id: the string of its key in `ContestState.contestants`, which
    # a lookup has just read, so records share it instead of each keeping its own.
    id: str = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.id = self.contestant.id

    @property
    def locked(self) -> bool:
        return self.signed_off is not None

    def copy(self) -> EntryState:
        """An entry equal to this one, for a fold to change."""
        return EntryState(self.contestant, self.latest, self.signed_off, self.status)


class Filed(NamedTuple):
    """One contestant's records by what they are about, each list in entry order."""

    marks: dict[str, list[Record]]  # aspect id -> records
    penalties: list[Record]
    attempts: dict[str, list[Record]]  # stage id -> records


_NOTHING_FILED = Filed({}, [], {})


@dataclass(frozen=True, slots=True)
class Lifecycle:
    started: datetime | None = None
    frozen: datetime | None = None
    ended: datetime | None = None
    thawed: datetime | None = None
    finalized: datetime | None = None

    @property
    def running(self) -> bool:
        return self.started is not None and self.ended is None

    @property
    def freezing(self) -> bool:
        """Entries recorded now are hidden from the public until the thaw."""
        return self.frozen is not None and self.thawed is None

    @property
    def revealed(self) -> bool:
        """The public sees everything: the contest was thawed or finalized."""
        return self.thawed is not None or self.finalized is not None

    def after(self, event: LifecycleEvent) -> Lifecycle:
        """The lifecycle once `event` has happened."""
        return replace(self, **{_MOMENT[type(event)]: event.at})

    def reopened(self) -> Lifecycle:
        """The lifecycle once finalized results are re-opened: ended, not final."""
        return replace(self, finalized=None)


_MOMENT: dict[type[LifecycleEvent], str] = {
    ContestStarted: "started",
    ContestFrozen: "frozen",
    ContestEnded: "ended",
    ContestThawed: "thawed",
    ContestFinalized: "finalized",
}


def left_behind(
    advanced_from: Mapping[str, Sequence[str]], source: str, sent: Iterable[str]
) -> set[str]:
    """Who leaves a round when `source` sends `sent` again (after it was reopened): the
    contestants its earlier advancement brought that it no longer sends, unless
    another round brought them too. The fold drops their entries; the CLICS feed
    deletes their teams."""
    others = {cid for src, ids in advanced_from.items() if src != source for cid in ids}
    return set(advanced_from.get(source, ())).difference(sent, others)


@dataclass(slots=True)
class ContestState:
    definition: ContestDefinition
    catalog: Catalog = field(compare=False, repr=False)  # derived from the definition
    lifecycle: Lifecycle = Lifecycle()
    contestants: dict[str, EntryState] = field(default_factory=dict)
    referees: dict[str, Referee] = field(default_factory=dict)
    records: dict[str, Record] = field(default_factory=dict)  # original command id -> record
    # correction command id -> original command id
    corrections: dict[str, str] = field(default_factory=dict)
    awards: list[AwardGiven] = field(default_factory=list)  # latest published ([]: none)
    # Rounds: target contest id -> who this round sent there (`round_advanced`), and
    # source contest id -> who that round sent here (`contestants_advanced`). The fold
    # replaces these lists, never changes them in place.
    advanced: dict[str, list[str]] = field(default_factory=dict)
    advanced_from: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, definition: ContestDefinition) -> ContestState:
        """The state of a contest just defined."""
        return cls(definition=definition, catalog=Catalog.of(definition))

    def copy(self, entries: bool = True) -> ContestState:
        """A state equal to this one that shares nothing a fold changes in place.

        `entries=False` leaves the entries shared: for a fold that copies each entry
        before it first changes it (`Fold.sharing`).
        """
        contestants = self.contestants
        return ContestState(
            self.definition,
            self.catalog,
            self.lifecycle,
            {cid: e.copy() for cid, e in contestants.items()} if entries else contestants.copy(),
            self.referees.copy(),
            self.records.copy(),
            self.corrections.copy(),
            self.awards,  # replaced, never changed in place
            self.advanced.copy(),
            self.advanced_from.copy(),
        )

    @property
    def freeze_start(self) -> float | None:
        """Contest time (seconds) from which stage attempts are hidden from the public."""
        minutes = self.definition.freeze_minutes
        if minutes is None:
            return None
        return (self.definition.duration_minutes - minutes) * 60.0

    def knows_command(self, command_id: str) -> bool:
        return command_id in self.records or command_id in self.corrections

    def record(self, command_id: str) -> Record | None:
        """The record an entry or correction command id leads to."""
        return self.records.get(self.corrections.get(command_id, command_id))

    def entries(self, contestant_id: str) -> list[Record]:
        """The contestant's records in entry order (KeyError if unknown)."""
        records, chain = self.records, []
        command_id = self.contestants[contestant_id].latest
        while command_id is not None:
            record = records[command_id]
            chain.append(record)
            command_id = record.previous
        chain.reverse()
        return chain

    def filed(self, contestant_id: str) -> Filed:
        """The contestant's records by aspect, penalty and stage: one walk of the chain
        for a reader that looks at the whole entry (readers never change it: an entry
        with no record shares one empty `Filed`)."""
        entries = self.entries(contestant_id)
        if not entries:
            return _NOTHING_FILED
        filed = Filed({}, [], {})
        for record in entries:
            kind = record.kind
            if kind == "penalty":
                filed.penalties.append(record)
            else:
                by = filed.marks if kind == "mark" else filed.attempts
                by.setdefault(record.subject_id, []).append(record)
        return filed

    def marks(self, contestant_id: str, aspect_id: str) -> list[Record]:
        """The contestant's marks of one aspect, in entry order."""
        return self._filed_under(contestant_id, "mark", aspect_id)

    def attempts(self, contestant_id: str, stage_id: str) -> list[Record]:
        """The contestant's attempts at one stage, in entry order."""
        return self._filed_under(contestant_id, "attempt", stage_id)

    def _filed_under(self, contestant_id: str, kind: RecordKind, subject_id: str) -> list[Record]:
        entries = self.entries(contestant_id)
        return [r for r in entries if r.kind == kind and r.subject_id == subject_id]
