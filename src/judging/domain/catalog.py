"""A contest definition indexed by id: what the rules look up on every command."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from judging.domain.definition import Aspect, ContestDefinition, Criterion, Penalty, Stage


@dataclass(frozen=True, slots=True)
class Catalog:
    """Read-only lookups derived once from a definition (never changed afterwards)."""

    venues: frozenset[str]
    criteria: Mapping[str, Criterion]
    aspects: Mapping[str, Aspect]
    criterion_of: Mapping[str, str]  # aspect id -> criterion id
    stages: Mapping[str, Stage]
    penalties: Mapping[str, Penalty]

    @classmethod
    def of(cls, definition: ContestDefinition) -> Catalog:
        aspects = {a.id: (c.id, a) for c in definition.criteria for a in c.aspects}
        return cls(
            venues=frozenset(v.id for v in definition.venues),
            criteria=MappingProxyType({c.id: c for c in definition.criteria}),
            aspects=MappingProxyType({aid: aspect for aid, (_, aspect) in aspects.items()}),
            criterion_of=MappingProxyType({aid: cid for aid, (cid, _) in aspects.items()}),
            stages=MappingProxyType({s.id: s for s in definition.stages}),
            penalties=MappingProxyType({p.id: p for p in definition.penalties}),
        )
