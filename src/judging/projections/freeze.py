"""The frozen public board and the reveal: from frozen to final, one result at a time.

A contestant's frozen results are *reveal units*, in order: each stage whose
attempts the public does not fully see (in the definition's stage order), then each
criterion whose visible mark differs from the live one (in the definition's
order); an entry that differs otherwise (a penalty, a provisional flag) gets one
`entry` unit. Revealing a unit shows the live value of that stage or criterion; the
contestant's last unit shows its whole live entry, so the board after the last step
is the final (live) board.

As the ICPC resolver does: repeatedly take the LOWEST-ranked contestant on the
current revealing board that still has a unit, reveal its first unit, re-rank, and
emit a step:

    {"step": 1, "contestant_id": "c3", "kind": "stage", "stage_id": "s2",
     "result": "cleared" | "failed", "rank_before": 3, "rank_after": 1,
     "board_after": [compact rows]}

(`kind: "criterion"` steps carry `criterion_id` and the revealed `mark`; `entry`
steps nothing more). Compact rows: `{"rank", "contestant_id", "name", "status",
"score"}` with `score` as in the standings rows. The steps are deterministic.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Literal, TypedDict

from judging.domain.board import facts_for
from judging.domain.facts import EntryFacts, Status, View
from judging.domain.marking import display
from judging.domain.ranking import RankedRow, rank
from judging.domain.scoring import score
from judging.domain.state import ContestState
from judging.projections.standings_doc import ScoreDoc, score_parts
from judging.projections.view_board import ViewBoard

Unit = tuple[str, str]  # ("stage", stage id) | ("criterion", criterion id) | ("entry", "")


class CompactRow(TypedDict):
    rank: int | None
    contestant_id: str
    name: str
    status: Status
    score: ScoreDoc


class Outcome(TypedDict, total=False):
    """What a step revealed: a stage's result, or a criterion's mark (nothing for an entry)."""

    stage_id: str
    result: Literal["cleared", "failed"]
    criterion_id: str
    mark: float | None


class RevealStep(Outcome):
    step: int
    contestant_id: str
    kind: str
    rank_before: int | None
    rank_after: int | None
    board_after: list[CompactRow]


def compact(row: RankedRow) -> CompactRow:
    return {
        "rank": row.rank,
        "contestant_id": row.contestant_id,
        "name": row.name,
        "status": row.status,
        "score": score_parts(row.score)["score"],
    }


def board(state: ContestState, view: View) -> list[CompactRow]:
    """The compact board of a view (`public` while frozen is the frozen board)."""
    definition = state.definition
    entries = [(f, score(f, definition)) for f in _facts(state, view).values()]
    return [compact(row) for row in rank(entries, definition)]


def _facts(state: ContestState, view: View) -> dict[str, EntryFacts]:
    return {cid: facts_for(state, cid, view) for cid in sorted(state.contestants)}


def units(frozen: EntryFacts, final: EntryFacts, state: ContestState) -> list[Unit]:
    """What is left to reveal of one entry, in reveal order (see the module doc)."""
    found: list[Unit] = [
        ("stage", stage.id)
        for stage in state.definition.stages
        if frozen.pending_attempts.get(stage.id)
        or frozen.attempts.get(stage.id) != final.attempts.get(stage.id)
    ]
    found += [
        ("criterion", criterion.id)
        for criterion in state.definition.criteria
        if frozen.criteria.get(criterion.id) != final.criteria.get(criterion.id)
    ]
    if not found and frozen != final:
        found.append(("entry", ""))
    return found


def _shown(facts: EntryFacts, final: EntryFacts, unit: Unit) -> EntryFacts:
    kind, subject = unit
    if kind == "stage":
        attempts = {**facts.attempts, subject: final.attempts.get(subject, ())}
        pending = {k: v for k, v in facts.pending_attempts.items() if k != subject}
        return replace(facts, attempts=attempts, pending_attempts=pending)
    criteria = dict(facts.criteria)
    if subject in final.criteria:
        criteria[subject] = final.criteria[subject]
    else:
        criteria.pop(subject, None)
    return replace(facts, criteria=criteria)


class Reveal:
    """The revealing board: frozen facts turned into final ones unit by unit."""

    def __init__(self, state: ContestState) -> None:
        self.final = _facts(state, "screen")  # revealed to the audience: no incomplete blind panel
        frozen = _facts(state, "public")
        self.left = {cid: units(frozen[cid], self.final[cid], state) for cid in frozen}
        self.board = ViewBoard(state.definition, frozen.values())

    def next_contestant(self) -> str | None:
        return next((cid for cid in self.board.index.worst_first() if self.left[cid]), None)

    def step(self, number: int, cid: str) -> RevealStep:
        unit = self.left[cid].pop(0)
        before = self._rank(cid)
        facts = self.board.entries[cid][0]
        self.board.put(
            self.final[cid] if not self.left[cid] else _shown(facts, self.final[cid], unit)
        )
        return {
            "step": number,
            "contestant_id": cid,
            "kind": unit[0],
            **self._outcome(cid, unit),
            "rank_before": before,
            "rank_after": self._rank(cid),
            "board_after": [compact(row) for row in self.board.rows()],
        }

    def _rank(self, cid: str) -> int | None:
        row = self.board.row(cid)
        return row.rank if row is not None else None

    def _outcome(self, cid: str, unit: Unit) -> Outcome:
        kind, subject = unit
        _, entry_score = self.board.entries[cid]
        if kind == "stage":
            stage = entry_score.stages.get(subject)
            cleared = stage is not None and stage.cleared
            return {"stage_id": subject, "result": "cleared" if cleared else "failed"}
        if kind == "criterion":
            mark = entry_score.criteria.get(subject)
            return {"criterion_id": subject, "mark": None if mark is None else display(mark)}
        return {}


def reveal_steps(state: ContestState) -> list[RevealStep]:
    """Every step from the frozen public board to the final board (see the module doc)."""
    reveal = Reveal(state)
    steps: list[RevealStep] = []
    while (cid := reveal.next_contestant()) is not None:
        steps.append(reveal.step(len(steps) + 1, cid))
    return steps
