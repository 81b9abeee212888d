"""Small ranking inputs: a two-criterion, three-stage definition, scores and entries."""

from __future__ import annotations

from typing import Any

from judging.domain.definition import ContestDefinition
from judging.domain.facts import EntryFacts, Status
from judging.domain.ranking import sort_key
from judging.domain.scoring import Score, StageScore


def definition(policy: str = "points", **ranking: Any) -> ContestDefinition:
    def criterion(cid: str) -> dict[str, Any]:
        aspect = {"id": f"{cid}1", "name": cid, "type": "judgement", "max": 50}
        return {"id": cid, "name": cid, "aspects": [aspect]}

    return ContestDefinition.model_validate(
        {
            "id": "c",
            "title": "C",
            "duration_minutes": 300,
            "ranking": {"policy": policy, **ranking},
            "criteria": [criterion("a"), criterion("b")],
            "stages": [{"id": f"s{i}", "name": f"S{i}"} for i in range(1, 4)],
        }
    )


def points(total: float, **criteria: float) -> Score:
    return Score(total, criteria, {}, 0, 0, None)


def stages(cleared: int, time: int, last: int | None = None, clears: tuple[int, ...] = ()) -> Score:
    by_stage = {f"s{i}": StageScore(True, m, 1, 0, m) for i, m in enumerate(clears)}
    return Score(0.0, {}, by_stage, cleared, time, last)


def entry(cid: str, status: Status = "active", **fields: Any) -> EntryFacts:
    return EntryFacts(
        contestant_id=cid, name=fields.pop("name", cid.upper()), status=status, **fields
    )


def key(score_: Score, defn: ContestDefinition) -> tuple[float, ...]:
    return sort_key(score_, "active", defn)
