"""Judge consistency: how each referee's marks compare with their panels.

A pure fold of one contest's domain events (`apply`, given the contest state after
each event: a correction finds the mark it corrects among the state's records, so
this fold keeps no index of marks of its own), queried with `judges()`:

- `marks_given`: marks the referee awarded (judgement and measurement aspects);
- `panel_marks`, `mean_deviation`, `mean_abs_deviation`: over the *complete*
  judgement panels the referee currently sits on (as many values as the panel's
  size), the signed and absolute distance of the referee's value from the panel's
  consensus — its aggregate (`marking.aggregate_panel`), on the aspect's scale;
  None when there is no such panel;
- `spread_violations`: panels the referee sat on when the panel was complete with a
  spread above `max_spread` (counted once per panel, kept after a correction);
- `corrected`: the referee's marks a chief later corrected or voided.

Applying one event costs O(panel size); `judges()` walks the panels. `to_json()` and
`from_json()` carry the fold in a snapshot of the contest (`snapshot_codec`).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, TypedDict

from judging.domain.definition import ContestDefinition, JudgementAspect
from judging.domain.events import (
    ContestDefined,
    EntryCorrected,
    Event,
    MarkAwarded,
    RefereesRegistered,
)
from judging.domain.marking import aggregate_panel, needs_rescoring
from judging.domain.state import ContestState

PanelId = tuple[str, str]  # (contestant id, aspect id)


class JudgeRow(TypedDict):
    referee_id: str
    name: str | None
    role: str | None
    marks_given: int
    panel_marks: int
    mean_deviation: float | None
    mean_abs_deviation: float | None
    spread_violations: int
    corrected: int


@dataclass
class JudgeConsistency:
    """The judge-consistency read model of one contest."""

    aspects: dict[str, JudgementAspect] = field(default_factory=dict)
    referees: dict[str, dict[str, str]] = field(default_factory=dict)
    panels: dict[PanelId, dict[str, float]] = field(default_factory=dict)
    given: Counter[str] = field(default_factory=Counter)
    corrected: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    violations: defaultdict[str, set[PanelId]] = field(default_factory=lambda: defaultdict(set))

    def apply(self, event: Event, state: ContestState) -> None:
        """Fold `event` in; `state` is the contest's state after it."""
        # By exact class, not isinstance (see `domain.events`): most events fail all four.
        if type(event) is MarkAwarded:  # most events: tested first
            self._award(event)
        elif type(event) is ContestDefined:
            self.aspects = judgement_aspects(event.definition)
        elif type(event) is RefereesRegistered:
            for referee in event.referees:
                self.referees[referee.id] = {"name": referee.name, "role": referee.role}
        elif type(event) is EntryCorrected:
            self._correct(event, state)

    def _award(self, event: MarkAwarded) -> None:
        fields = event.__dict__  # once, not an attribute read each (`domain.events`)
        referee, aspect = fields["referee_id"], fields["aspect_id"]
        self.given[referee] += 1
        if aspect in self.aspects:  # a measurement has no panel
            self._set((fields["contestant_id"], aspect), referee, float(fields["value"]))

    def _correct(self, event: EntryCorrected, state: ContestState) -> None:
        original = state.corrections.get(event.command_id)
        record = state.records.get(original) if original is not None else None
        if record is None or record.kind != "mark":  # a penalty or an attempt
            return
        self.corrected[record.referee_id].add(record.command_id)
        if record.subject_id in self.aspects:
            value = None if event.void or event.value is None else float(event.value)
            self._set((record.contestant_id, record.subject_id), record.referee_id, value)

    def _set(self, panel_id: PanelId, referee_id: str, value: float | None) -> None:
        aspect = self.aspects[panel_id[1]]
        panel = self.panels.setdefault(panel_id, {})
        if value is None:
            panel.pop(referee_id, None)
            return
        panel[referee_id] = value
        if len(panel) >= aspect.panel.size and needs_rescoring(list(panel.values()), aspect):
            for panelist in panel:
                self.violations[panelist].add(panel_id)

    def to_json(self) -> dict[str, Any]:
        """The fold as JSON-ready values (the aspects come from the definition), sharing
        nothing the fold changes later (a snapshot is encoded after more events)."""
        return {
            "referees": dict(self.referees),
            "panels": [[cid, aid, dict(panel)] for (cid, aid), panel in self.panels.items()],
            "given": dict(self.given),
            "corrected": {rid: sorted(ids) for rid, ids in self.corrected.items()},
            "violations": {rid: sorted(ids) for rid, ids in self.violations.items()},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], definition: ContestDefinition) -> JudgeConsistency:
        """The fold `to_json` gave, for a contest of `definition`."""
        consistency = cls(aspects=judgement_aspects(definition), referees=data["referees"])
        consistency.panels = {(cid, aid): panel for cid, aid, panel in data["panels"]}
        consistency.given.update(data["given"])
        for rid, ids in data["corrected"].items():
            consistency.corrected[rid] = set(ids)
        for rid, panels in data["violations"].items():
            consistency.violations[rid] = {(cid, aid) for cid, aid in panels}
        return consistency

    def deviations(self) -> dict[str, list[float]]:
        """Per referee, its signed distances from the consensus of complete panels."""
        found: defaultdict[str, list[float]] = defaultdict(list)
        for (_, aspect_id), panel in self.panels.items():
            aspect = self.aspects[aspect_id]
            if not panel or len(panel) < aspect.panel.size:
                continue
            consensus = aggregate_panel(list(panel.values()), aspect.panel)
            for referee_id, value in panel.items():
                found[referee_id].append(value - consensus)
        return found

    def judges(self) -> list[JudgeRow]:
        """One row per referee (registered or having marked), by referee id."""
        deviations = self.deviations()
        known = set(self.referees) | set(self.given)
        return [self._row(rid, deviations.get(rid, [])) for rid in sorted(known)]

    def _row(self, referee_id: str, deviations: list[float]) -> JudgeRow:
        info = self.referees.get(referee_id, {})
        count = len(deviations)
        return {
            "referee_id": referee_id,
            "name": info.get("name"),
            "role": info.get("role"),
            "marks_given": self.given[referee_id],
            "panel_marks": count,
            "mean_deviation": math.fsum(deviations) / count if count else None,
            "mean_abs_deviation": math.fsum(map(abs, deviations)) / count if count else None,
            "spread_violations": len(self.violations.get(referee_id, ())),
            "corrected": len(self.corrected.get(referee_id, ())),
        }


def judgement_aspects(definition: ContestDefinition) -> dict[str, JudgementAspect]:
    """The aspects judged by a panel, by id."""
    return {
        aspect.id: aspect
        for criterion in definition.criteria
        for aspect in criterion.aspects
        if isinstance(aspect, JudgementAspect)
    }
