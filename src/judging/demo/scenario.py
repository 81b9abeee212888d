"""The demo's script: who sends which command at which contest minute.

Pure and deterministic for a given `random.Random`: the driver turns the steps into
HTTP requests at the pace chosen. Each contestant works through the stages in order;
at each stage the venue's panel judges, referee 1 measures, the stage is cleared
(sometimes after a failed try), and now and then a penalty or a chief's correction
of a panel that disagreed too much comes along.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from typing import Any

from judging.demo.people import Person
from judging.domain.definition import (
    ContestDefinition,
    Criterion,
    JudgementAspect,
    LinearRule,
    MeasurementAspect,
    PassFailRule,
    TiersRule,
)
from judging.domain.marking import panel_spread


@dataclass(frozen=True)
class Step:
    minute: float  # contest minutes since the start
    actor: str  # a referee id, or "organizer"
    command: dict[str, Any] = field(default_factory=dict)


def command_id(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def judgement_levels(rng: random.Random, aspect: JudgementAspect, ability: float) -> list[float]:
    low, high = aspect.scale_range
    whole = high - low <= 10
    levels = []
    for _ in range(aspect.panel.size):
        raw = low + (high - low) * min(1.0, max(0.0, rng.gauss(ability, 0.12)))
        levels.append(float(round(raw)) if whole else round(raw, 1))
    return levels


def measured_value(rng: random.Random, aspect: MeasurementAspect, ability: float) -> float | bool:
    rule = aspect.rule
    if isinstance(rule, PassFailRule):
        return rng.random() < 0.35 + 0.6 * ability
    if isinstance(rule, LinearRule):
        return round(rule.target + rng.gauss(0, (1.05 - ability) * rule.zero_at * 0.6), 3)
    if isinstance(rule, TiersRule):
        return float(max(0, round(rng.gauss((1 - ability) * rule.tiers[-1].below * 1.3, 1.5))))
    return round(min(aspect.max, max(0.0, rng.gauss(ability * aspect.max, aspect.max * 0.08))), 1)


class Script:
    """Builds the ordered steps of the whole contest."""

    def __init__(self, rng: random.Random, definition: ContestDefinition, people: list[Person]):
        self.rng = rng
        self.definition = definition
        self.people = people
        self.steps: list[Step] = []

    def add(self, minute: float, actor: str, **command: Any) -> str:
        cid = command_id(self.rng)
        self.steps.append(Step(minute, actor, {"command_id": cid, **command}))
        return cid

    def build(self) -> list[Step]:
        duration = self.definition.duration_minutes
        self.add(0, "organizer", type="start")
        for person in self.people:
            self.contestant(person, duration)
        self.dropout(duration)
        if self.definition.freeze_minutes:
            self.add(duration - self.definition.freeze_minutes, "organizer", type="freeze")
        self.add(duration, "organizer", type="end")
        return sorted(self.steps, key=lambda step: step.minute)

    def contestant(self, person: Person, duration: float) -> None:
        minute = self.rng.uniform(1, 6)
        pace = duration * 0.95 / len(self.definition.criteria)
        for criterion, stage in zip(self.definition.criteria, self.definition.stages, strict=False):
            minute += pace * self.rng.uniform(0.55, 1.25) * (1.25 - person.ability * 0.5)
            if minute >= duration - 1:
                return
            self.stage(person, criterion, stage.id, minute)
            if self.rng.random() < 0.06:
                penalty = self.rng.choice(self.definition.penalties)
                self.add(
                    minute - 2,
                    f"r-{person.venue}-2",
                    type="impose_penalty",
                    contestant_id=person.id,
                    penalty_id=penalty.id,
                    reason="现场裁判记录",
                )

    def stage(self, person: Person, criterion: Criterion, stage_id: str, minute: float) -> None:
        if self.rng.random() > person.ability + 0.1:
            self.attempt(person, stage_id, minute - self.rng.uniform(3, 8), "failed")
        for aspect in criterion.aspects:
            if isinstance(aspect, JudgementAspect):
                self.panel(person, aspect, minute)
            else:
                value = measured_value(self.rng, aspect, person.ability)
                self.add(
                    minute,
                    f"r-{person.venue}-1",
                    type="award_mark",
                    contestant_id=person.id,
                    aspect_id=aspect.id,
                    value=value,
                )
        self.attempt(person, stage_id, minute + 0.5, "cleared")

    def panel(self, person: Person, aspect: JudgementAspect, minute: float) -> None:
        levels = judgement_levels(self.rng, aspect, person.ability)
        ids = [
            self.add(
                minute + 0.1 * n,
                f"r-{person.venue}-{n + 1}",
                type="award_mark",
                contestant_id=person.id,
                aspect_id=aspect.id,
                value=level,
            )
            for n, level in enumerate(levels)
        ]
        spread = aspect.panel.max_spread
        if spread is not None and panel_spread(levels) > spread:
            outlier = max(range(len(levels)), key=lambda n: abs(levels[n] - sorted(levels)[1]))
            self.add(
                minute + 3,
                f"chief-{person.venue}",
                type="correct",
                supersedes=ids[outlier],
                value=sorted(levels)[1],
                reason="评分差异超限，复核后更正",
            )

    def attempt(self, person: Person, stage_id: str, minute: float, result: str) -> None:
        self.add(
            minute,
            f"r-{person.venue}-1",
            type="record_attempt",
            contestant_id=person.id,
            stage_id=stage_id,
            result=result,
            contest_time=round(max(0.0, minute) * 60, 1),
        )

    def dropout(self, duration: float) -> None:
        """One contestant withdraws mid-contest; nothing is sent for them afterwards."""
        person, minute = self.rng.choice(self.people), duration * 0.6
        self.steps = [
            step
            for step in self.steps
            if step.minute < minute or step.command.get("contestant_id") != person.id
        ]
        self.add(
            minute,
            "organizer",
            type="withdraw",
            contestant_id=person.id,
            reason="身体不适，主动退赛",
        )
