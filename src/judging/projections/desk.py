"""The chief's desk and the tablet's panel view of one contest: a fold of its stream.

The contest state comes from the domain's own `Fold` (one implementation of what an
entry, a correction or a sign-off means); beside it the desk keeps what the state does
not: when each entry and correction was made, by whom and why, and the referees'
correction requests still waiting for the chief.

Two documents: `chief_document` (every mark, penalty and attempt with its referee,
time and status, the re-score queue of panels over their spread, the pending
requests and the sign-offs; a chief scoped to venues sees those venues) and
`referee_document` (per contestant and aspect of the referee's scope, how many of
the panel have marked and whether it awaits re-scoring; the referee's own entries
with their status; no other referee's value and no totals).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, TypedDict, cast

from judging.domain import events as ev
from judging.domain.definition import Aspect, JudgementAspect
from judging.domain.evolve import Fold
from judging.domain.marking import needs_rescoring, panel_spread
from judging.domain.roster import Referee
from judging.domain.state import ContestState, EntryState, Record
from judging.projections.standings_doc import LifecycleDoc, lifecycle_doc

_Entry = ev.MarkAwarded | ev.PenaltyImposed | ev.AttemptRecorded
_ENTRIES: frozenset[type[ev.Event]] = frozenset(
    (ev.MarkAwarded, ev.PenaltyImposed, ev.AttemptRecorded)
)

Value = float | bool


class CorrectionDoc(TypedDict):
    command_id: str
    referee_id: str
    value: Value | None
    void: bool
    reason: str
    at: str


class RequestDoc(TypedDict):
    command_id: str
    entry_id: str  # the entry's original command id
    contestant_id: str
    referee_id: str
    reason: str
    at: str


class EntryDoc(TypedDict):
    command_id: str
    kind: Literal["mark", "penalty", "attempt"]
    contestant_id: str
    subject_id: str
    referee_id: str
    value: Value | None  # the current value (marks)
    first_value: Value | None  # as the referee entered it
    result: str | None  # attempts
    void: bool
    at: str
    corrections: list[CorrectionDoc]
    requested: bool  # a correction request waits for the chief


class PanelDoc(TypedDict):
    contestant_id: str
    aspect_id: str
    marked: int
    size: int
    spread: float | None
    max_spread: float | None
    rescore: bool  # over its spread: waits for the chief's correction
    entries: list[str]


class ChiefDesk(TypedDict):
    contest_id: str
    version: int
    state: LifecycleDoc
    entries: list[EntryDoc]
    queue: list[PanelDoc]
    requests: list[RequestDoc]
    signed_off: dict[str, str]


class RefereeDesk(TypedDict):
    contest_id: str
    version: int
    state: LifecycleDoc
    panels: list[PanelDoc]
    mine: list[EntryDoc]
    signed_off: list[str]


@dataclass(frozen=True, slots=True)
class _Note:
    """Who made an entry, correction or request, when and why."""

    referee_id: str
    at: datetime
    reason: str = ""


class Desk:
    """One contest's desk fold; `version` is the contest stream's version folded."""

    def __init__(self) -> None:
        self._fold = Fold()
        self.version = 0
        self._notes: dict[str, _Note] = {}  # entry or correction command id -> note
        self._requests: dict[str, tuple[str, _Note, str]] = {}  # entry id -> (id, note, cid)
        self._referees: dict[str, str] = {}  # one string per referee id for every note

    def _referee(self, referee_id: str) -> str:
        return self._referees.setdefault(referee_id, referee_id)

    @property
    def state(self) -> ContestState | None:
        return self._fold.state

    def apply(self, event: ev.Event, version: int) -> None:
        """Fold the event at `version` of the contest's stream (an older one is in)."""
        if version <= self.version:
            return
        state = self._fold.apply(event)
        self.version = version
        # By exact class, not isinstance (see `domain.events`).
        if type(event) in _ENTRIES:
            entry = cast(_Entry, event)
            self._notes[entry.command_id] = _Note(self._referee(entry.referee_id), entry.at)
        elif type(event) is ev.EntryCorrected:
            referee = self._referee(event.referee_id)
            self._notes[event.command_id] = _Note(referee, event.at, event.reason)
            self._requests.pop(state.corrections[event.command_id], None)
        elif type(event) is ev.CorrectionRequested:
            record = state.record(event.supersedes)
            if record is not None:
                note = _Note(event.referee_id, event.at, event.reason)
                self._requests[record.command_id] = (event.command_id, note, record.contestant_id)

    def defined(self) -> ContestState:
        state = self._fold.state
        if state is None:
            raise LookupError("the contest is not defined")
        return state

    # -- documents ------------------------------------------------------------------------

    def chief_document(self, chief: Referee | None) -> ChiefDesk:
        """Everything at the chief's venues (`None`: an organizer, every venue)."""
        state = self.defined()
        seen = {cid for cid, entry in state.contestants.items() if _at_venues(chief, entry)}
        records = [r for r in state.records.values() if r.contestant_id in seen]
        return {
            "contest_id": state.definition.id,
            "version": self.version,
            "state": lifecycle_doc(state.lifecycle),
            "entries": [self._entry(record) for record in records],
            "queue": [p for p in self._panels(state, seen, None) if p["rescore"]],
            "requests": [
                self._request(eid, *req) for eid, req in self._requests.items() if req[2] in seen
            ],
            "signed_off": {
                cid: entry.signed_off.isoformat()
                for cid, entry in state.contestants.items()
                if cid in seen and entry.signed_off is not None
            },
        }

    def referee_document(self, referee: Referee) -> RefereeDesk:
        """The panels of the referee's scope and the referee's own entries."""
        state = self.defined()
        seen = {cid for cid, entry in state.contestants.items() if _at_venues(referee, entry)}
        mine = [r for r in state.records.values() if r.referee_id == referee.id]
        return {
            "contest_id": state.definition.id,
            "version": self.version,
            "state": lifecycle_doc(state.lifecycle),
            "panels": self._panels(state, seen, referee),
            "mine": [self._entry(record) for record in mine],
            "signed_off": [cid for cid in seen if state.contestants[cid].signed_off is not None],
        }

    def _entry(self, record: Record) -> EntryDoc:
        first, current = record.versions[0], record.current
        note = self._notes.get(record.command_id)
        return {
            "command_id": record.command_id,
            "kind": record.kind,
            "contestant_id": record.contestant_id,
            "subject_id": record.subject_id,
            "referee_id": record.referee_id,
            "value": current.value,
            "first_value": first.value,
            "result": record.result if record.kind == "attempt" else None,
            "void": current.void,
            "at": note.at.isoformat() if note else "",
            "corrections": [
                self._correction(v.command_id, v.value, v.void) for v in record.versions[1:]
            ],
            "requested": record.command_id in self._requests,
        }

    def _correction(self, command_id: str, value: Value | None, void: bool) -> CorrectionDoc:
        note = self._notes.get(command_id)
        return {
            "command_id": command_id,
            "referee_id": note.referee_id if note else "",
            "value": value,
            "void": void,
            "reason": note.reason if note else "",
            "at": note.at.isoformat() if note else "",
        }

    @staticmethod
    def _request(entry_id: str, command_id: str, note: _Note, contestant_id: str) -> RequestDoc:
        return {
            "command_id": command_id,
            "entry_id": entry_id,
            "contestant_id": contestant_id,
            "referee_id": note.referee_id,
            "reason": note.reason,
            "at": note.at.isoformat(),
        }

    def _panels(
        self, state: ContestState, seen: set[str], referee: Referee | None
    ) -> list[PanelDoc]:
        """Per contestant of `seen` and aspect (of the referee's scope, if given)."""
        aspects = [a for a in state.catalog.aspects.values() if _covers(state, referee, a)]
        panels: list[PanelDoc] = []
        for cid, entry in state.contestants.items():
            if cid in seen and entry.status == "active":
                marks = state.filed(cid).marks  # one walk of the entry for all its aspects
                panels += (_panel(cid, aspect, marks.get(aspect.id, [])) for aspect in aspects)
        return panels


def _panel(contestant_id: str, aspect: Aspect, marks: list[Record]) -> PanelDoc:
    records = [r for r in marks if not r.void]
    values = [float(r.current.value) for r in records if r.current.value is not None]
    size, limit, spread, rescore = 1, None, None, False
    if isinstance(aspect, JudgementAspect):
        size, limit = aspect.panel.size, aspect.panel.max_spread
        if len(values) > 1:
            spread, rescore = panel_spread(values), needs_rescoring(values, aspect)
    return {
        "contestant_id": contestant_id,
        "aspect_id": aspect.id,
        "marked": len(records),
        "size": size,
        "spread": spread,
        "max_spread": limit,
        "rescore": rescore,
        "entries": [r.command_id for r in records],
    }


def _at_venues(who: Referee | None, entry: EntryState) -> bool:
    """Whether a referee or chief scoped to venues acts on this contestant (as decide)."""
    return who is None or not who.venues or entry.contestant.venue in who.venues


def _covers(state: ContestState, referee: Referee | None, aspect: Aspect) -> bool:
    """Empty criteria and aspects scopes mean every aspect (as decide)."""
    if referee is None or (not referee.criteria and not referee.aspects):
        return True
    criterion = state.catalog.criterion_of.get(aspect.id)
    return aspect.id in referee.aspects or criterion in referee.criteria
