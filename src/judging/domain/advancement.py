"""Who of a round goes on to the next (pure), by the definition's `advancement` rule.

Over the public result, active entries only (withdrawn and disqualified entries never
advance). Every condition given must hold: a place within `top`, within `percent` of
the field (floor(P/100 x field)), a score of at least `min_score`. With `per_group`
(venue, organization compared by `organization_key`, or team) places and field are
counted within each group; entries without a group form one group of their own.

A tie at the cut: with `ties="all"` the whole tie goes through (place <= N); with
`ties="none"` a tie that straddles the cut stays out (place + tied - 1 <= N).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from judging.domain.awards import Placed, placed, share
from judging.domain.definition import Advancement
from judging.domain.events import AdvancementCut
from judging.domain.roster import organization_key
from judging.domain.state import ContestState


@dataclass(frozen=True, slots=True)
class Advancing:
    """Who advances, in ranking order, and where the cut fell."""

    contestants: list[str]
    cut: AdvancementCut


def _group_of(state: ContestState, contestant_id: str, per_group: str) -> str | None:
    contestant = state.contestants[contestant_id].contestant
    if per_group == "venue":
        return contestant.venue
    if per_group == "team":
        return contestant.team
    return organization_key(contestant.organization)


def _grouped(state: ContestState, rule: Advancement, entries: list[Placed]) -> list[list[Placed]]:
    """The ranked field, or one field per group with places counted within it."""
    if rule.per_group is None:
        return [entries]
    groups: dict[str | None, list[Placed]] = {}
    for entry in entries:
        group = _group_of(state, entry.contestant_id, rule.per_group)
        groups.setdefault(group, []).append(entry)
    return [_replaced(members) for members in groups.values()]


def _replaced(members: list[Placed]) -> list[Placed]:
    """Places and tie sizes within a group (its members in ranking order)."""
    again: list[Placed] = []
    for index, entry in enumerate(members):
        better = sum(1 for other in members[:index] if other.place < entry.place)
        tied = sum(1 for other in members if other.place == entry.place)
        again.append(replace(entry, place=better + 1, tied=tied))
    return again


def _within(entry: Placed, size: int, ties: str) -> bool:
    if ties == "all":
        return entry.place <= size
    return entry.place + entry.tied - 1 <= size


def _advances(entry: Placed, rule: Advancement, field: int) -> bool:
    if rule.top is not None and not _within(entry, rule.top, rule.ties):
        return False
    if rule.percent is not None and not _within(entry, share(rule.percent, field), rule.ties):
        return False
    return rule.min_score is None or entry.score >= rule.min_score - 1e-9


def advancing(state: ContestState, rule: Advancement | None = None) -> Advancing:
    """Who advances by `rule` (default: the definition's; none without a rule)."""
    rule = rule if rule is not None else state.definition.advancement
    if rule is None:
        return Advancing([], AdvancementCut())
    entries = placed(state)
    chosen = {
        entry.contestant_id
        for group in _grouped(state, rule, entries)
        for entry in group
        if _advances(entry, rule, len(group))
    }
    through = [entry for entry in entries if entry.contestant_id in chosen]
    if not through:
        return Advancing([], AdvancementCut())
    last = through[-1]
    place = None if rule.per_group is not None else last.place
    cut = AdvancementCut(place=place, score=min(entry.score for entry in through))
    return Advancing([entry.contestant_id for entry in through], cut)
