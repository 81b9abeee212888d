"""A meet's board: its events' state and winners, and the unit table (pure).

Only an event's FINAL (its last round) counts, and only once it is finalized: its
official ranking (the public view of the finalized contest, active entries only)
gives each entry a `place`, 1 + the number of entries strictly better whatever the
rank style, so ties share the higher place.

- Individual event: one placing per ranked contestant, with the award the contest
  published (`ContestState.awards`).
- Team event: one placing per team (`groups.group_rows(..., "team")`), credited to
  the unit most of its members belong to; the final's award tiers are applied to
  the team ranking (count, percent of the ranked teams, min_score on the team's
  total, or stages cleared; ties share the higher award). A final whose entries have
  no team ranks its entries as the teams.

A placing goes to the unit its organization names (`roster.organization_key` of a
unit's id or name); one that names no unit counts for nobody (and is listed in
`unmatched`), without moving anyone else's place.

Unit table, `medals` mode: per unit the count of each medal column (the award ids
of `table.medals`, or by default the first three tiers of each final), units ranked
lexicographically (more of the first column first, then the second...). `points`
mode: `table.points[place - 1]` per placing (0 past the list), units ranked by
total. Units with equal keys share a rank and are listed in the meet's order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from judging.domain.awards import Placed, tier_for
from judging.domain.board import entry_facts
from judging.domain.definition import AwardTier, ContestDefinition
from judging.domain.groups import GroupRow, group_rows
from judging.domain.meet import MeetDefinition, MeetEvent, Unit
from judging.domain.ranking import RankedRow, rank
from judging.domain.roster import organization_key
from judging.domain.scoring import score
from judging.domain.state import ContestState

RoundState = Literal["not_defined", "not_started", "running", "ended", "finalized"]
EventState = Literal["not_started", "running", "between_rounds", "ended", "finalized"]
DEFAULT_MEDALS = ("gold", "silver", "bronze")  # the default columns: the first three tiers
WINNER_PLACES = 3


@dataclass(frozen=True, slots=True)
class Placing:
    """One contestant's (or team's) place in a finalized final."""

    place: int
    name: str
    organization: str | None
    unit: str | None
    award: str | None = None  # award id
    tier: int | None = None  # the award's index among the final's tiers (0: best)


class UnitIndex:
    """Organization text -> unit id, by `organization_key` of each unit's id and name."""

    def __init__(self, units: Sequence[Unit]) -> None:
        self._by_key: dict[str, str] = {}
        for unit in units:
            for text in (unit.name, unit.id):
                key = organization_key(text)
                if key is not None:
                    self._by_key.setdefault(key, unit.id)

    def of(self, organization: str | None) -> str | None:
        key = organization_key(organization)
        return self._by_key.get(key) if key is not None else None


def round_state(state: ContestState | None) -> RoundState:
    if state is None:
        return "not_defined"
    lifecycle = state.lifecycle
    if lifecycle.finalized is not None:
        return "finalized"
    if lifecycle.ended is not None:
        return "ended"
    return "running" if lifecycle.started is not None else "not_started"


def event_state(rounds: Sequence[RoundState]) -> EventState:
    """The event's state from its rounds' (the final last)."""
    final = rounds[-1]
    if final == "finalized":
        return "finalized"
    if all(r in ("not_defined", "not_started") for r in rounds):
        return "not_started"
    if "running" in rounds:
        return "running"
    return "ended" if final == "ended" else "between_rounds"


# -- placings of a finalized final ------------------------------------------------


def official_ranking(state: ContestState) -> list[RankedRow]:
    """The public (official, once finalized) ranking of a contest."""
    definition = state.definition
    entries = [(facts, score(facts, definition)) for facts in entry_facts(state, "public")]
    return rank(entries, definition)


def standard_places(ranks: Sequence[int | None]) -> list[int]:
    """Places (1 + the number strictly better) of ranked rows in ranking order;
    rows without a rank (withdrawn, disqualified) are left out."""
    places: list[int] = []
    previous: int | None = None
    for index, value in enumerate(r for r in ranks if r is not None):
        places.append(places[-1] if value == previous else index + 1)
        previous = value
    return places


def tier_of(award: str | None, tiers: Sequence[AwardTier]) -> int | None:
    ids = [tier.id for tier in tiers]
    return ids.index(award) if award in ids else None


def individual_placings(state: ContestState, units: UnitIndex) -> list[Placing]:
    rows = [row for row in official_ranking(state) if row.rank is not None]
    awards = {given.contestant_id: given.award_id for given in state.awards}
    tiers = state.definition.awards
    return [
        Placing(
            place,
            row.name,
            row.organization,
            units.of(row.organization),
            awards.get(row.contestant_id),
            tier_of(awards.get(row.contestant_id), tiers),
        )
        for place, row in zip(standard_places([r.rank for r in rows]), rows, strict=True)
    ]


def team_placings(state: ContestState, units: UnitIndex) -> list[Placing]:
    definition = state.definition
    entries = [(facts, score(facts, definition)) for facts in entry_facts(state, "public")]
    teams = [row for row in group_rows(entries, definition, "team") if row.rank is not None]
    if not teams:
        return individual_placings(state, units)
    organizations = {facts.contestant_id: facts.organization for facts, _ in entries}
    places = standard_places([team.rank for team in teams])
    values = [_team_value(team, definition) for team in teams]
    awards = tier_awards(definition.awards, list(zip(places, values, strict=True)))
    placings = []
    for place, team, award in zip(places, teams, awards, strict=True):
        organization, unit = _team_unit(team, organizations, units)
        tier = tier_of(award, definition.awards)
        placings.append(Placing(place, team.group, organization, unit, award, tier))
    return placings


def _team_value(team: GroupRow, definition: ContestDefinition) -> float:
    policy = definition.ranking.policy
    return team.score.total if policy == "points" else float(team.score.stages_cleared)


def _team_unit(
    team: GroupRow, organizations: Mapping[str, str | None], units: UnitIndex
) -> tuple[str | None, str | None]:
    """The organization and unit most of the team's members name (the first on a tie)."""
    named = [organizations.get(member) for member in team.members]
    counted = Counter(units.of(org) for org in named if units.of(org) is not None)
    if counted:
        unit = counted.most_common(1)[0][0]
        return next(org for org in named if units.of(org) == unit), unit
    return next((org for org in named if org), None), None


def tier_awards(
    tiers: Sequence[AwardTier], placed: Sequence[tuple[int, float]]
) -> list[str | None]:
    """The award of each (place, value) of a ranked field of teams, by the contest's
    award rules (`awards.tier_for`)."""
    found = []
    for place, value in placed:
        entry = Placed("", place, place, 1, value)
        tier = tier_for(entry, list(tiers), len(placed))
        found.append(tier.id if tier is not None else None)
    return found


def event_placings(event: MeetEvent, final: ContestState, units: UnitIndex) -> list[Placing]:
    """The placings of a finalized final (an event's last round)."""
    if event.kind == "team":
        return team_placings(final, units)
    return individual_placings(final, units)


# -- the unit table ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FinalResult:
    """A finalized final: its placings and its award tiers."""

    placings: list[Placing]
    tiers: list[AwardTier]


def medal_column(placing: Placing, medals: Sequence[str] | None) -> int | None:
    if medals is not None:
        return medals.index(placing.award) if placing.award in medals else None
    tier = placing.tier
    return tier if tier is not None and tier < len(DEFAULT_MEDALS) else None


def place_points(place: int, points: Sequence[float]) -> float:
    return points[place - 1] if place <= len(points) else 0.0


def unit_table(meet: MeetDefinition, finals: Mapping[str, FinalResult]) -> dict[str, Any]:
    """The unit table document from the finalized finals (by event id)."""
    table = meet.table
    medals = table.medals
    width = len(medals) if medals is not None else len(DEFAULT_MEDALS)
    counts = {unit.id: [0] * width for unit in meet.units}
    points = {unit.id: 0.0 for unit in meet.units}
    unmatched: set[str] = set()
    for event in meet.events:
        result = finals.get(event.id)
        for placing in result.placings if result is not None else ():
            if placing.unit is None or placing.unit not in counts:
                unmatched.add(placing.organization or "")
                continue
            column = medal_column(placing, medals)
            if column is not None:
                counts[placing.unit][column] += 1
            points[placing.unit] += place_points(placing.place, table.points)
    rows = _ranked_units(meet.units, counts, points, table.mode)
    return {
        "mode": table.mode,
        "columns": _columns(meet, finals),
        "points": list(table.points),
        "rows": rows,
        "unmatched": sorted(unmatched),
    }


def _ranked_units(
    units: Sequence[Unit],
    counts: Mapping[str, list[int]],
    points: Mapping[str, float],
    mode: str,
) -> list[dict[str, Any]]:
    def key(unit: Unit) -> tuple[float, ...]:
        if mode == "points":
            return (-points[unit.id],)
        return tuple(-count for count in counts[unit.id])

    ordered = sorted(units, key=key)  # stable: ties keep the meet's order
    keys = [key(unit) for unit in ordered]
    rows = []
    for index, unit in enumerate(ordered):
        rank = keys.index(keys[index]) + 1
        rows.append(
            {
                "rank": rank,
                "unit_id": unit.id,
                "name": unit.name,
                "medals": counts[unit.id],
                "medal_total": sum(counts[unit.id]),
                "points": _number(points[unit.id]),
            }
        )
    return rows


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def _columns(meet: MeetDefinition, finals: Mapping[str, FinalResult]) -> list[dict[str, Any]]:
    """The medal columns: `{id, name}` (name: the first final's tier name, or None)."""
    tiers = [result.tiers for e in meet.events if (result := finals.get(e.id)) is not None]
    if meet.table.medals is not None:
        names = {t.id: t.name for found in reversed(tiers) for t in found}
        return [{"id": mid, "name": names.get(mid)} for mid in meet.table.medals]
    columns = []
    for index, medal in enumerate(DEFAULT_MEDALS):
        name = next((found[index].name for found in tiers if len(found) > index), None)
        columns.append({"id": medal, "name": name})
    return columns


# -- the board ----------------------------------------------------------------------


def meet_board(
    meet: MeetDefinition, states: Mapping[str, ContestState | None], position: int
) -> dict[str, Any]:
    """The meet's board: its events (rounds, state, winners) and the unit table.

    `states` holds each round's contest state by contest id (None or missing: not
    defined yet)."""
    units = UnitIndex(meet.units)
    finals: dict[str, FinalResult] = {}
    events = []
    for event in meet.events:
        rounds = [(cid, states.get(cid)) for cid in event.rounds]
        final = rounds[-1][1]
        placings: list[Placing] = []
        if final is not None and final.lifecycle.finalized is not None:
            placings = event_placings(event, final, units)
            finals[event.id] = FinalResult(placings, list(final.definition.awards))
        events.append(_event_doc(event, rounds, placings, final))
    return {
        "meet_id": meet.id,
        "title": meet.title,
        "position": position,
        "units": [{"id": unit.id, "name": unit.name} for unit in meet.units],
        "events": events,
        "table": unit_table(meet, finals),
    }


def _event_doc(
    event: MeetEvent,
    rounds: Sequence[tuple[str, ContestState | None]],
    placings: Sequence[Placing],
    final: ContestState | None,
) -> dict[str, Any]:
    states = [round_state(state) for _, state in rounds]
    names = {t.id: t.name for t in final.definition.awards} if final is not None else {}
    return {
        "id": event.id,
        "title": event.title,
        "kind": event.kind,
        "state": event_state(states),
        "final": event.final,
        "rounds": [
            _round_doc(order, cid, state, status, rounds[order][0] if order < len(rounds) else None)
            for order, ((cid, state), status) in enumerate(zip(rounds, states, strict=True), 1)
        ],
        "winners": [
            {
                "place": p.place,
                "name": p.name,
                "organization": p.organization,
                "unit_id": p.unit,
                "award_id": p.award,
                "award_name": names.get(p.award) if p.award is not None else None,
            }
            for p in placings
            if p.place <= WINNER_PLACES
        ],
    }


def _round_doc(
    order: int, cid: str, state: ContestState | None, status: RoundState, following: str | None
) -> dict[str, Any]:
    """One round; `advanced`: how many it sent on to the next round (None: not yet)."""
    sent = state.advanced.get(following) if state is not None and following else None
    return {
        "contest_id": cid,
        "order": order,
        "title": state.definition.title if state is not None else None,
        "state": status,
        "advanced": len(sent) if sent is not None else None,
    }
