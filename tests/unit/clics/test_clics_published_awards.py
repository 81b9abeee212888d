"""The CLICS export carries a contest's published awards, one object per tier."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from clics_schemas import NOTIFICATION, OBJECTS

from judging.clics.contest_api import ContestApi
from judging.domain.definition import AwardTier
from judging.domain.events import (
    AwardGiven,
    AwardsPublished,
    ContestantsRegistered,
    ContestDefined,
    ContestEvent,
    ContestReopened,
    parse_event,
)

jsonschema_rs = pytest.importorskip("jsonschema_rs", reason="jsonschema-rs is absent")
LOG = Path(__file__).resolve().parents[2] / "data" / "events_v1.ndjson"
AT = datetime(2025, 5, 1, 12, tzinfo=UTC)


def gym_with_awards() -> list[ContestEvent]:
    """The gym contest of the old-events log, its definition given two tiers, finalized
    with awards published."""
    rows = [json.loads(line) for line in LOG.read_text(encoding="utf-8").splitlines()]
    events = [parse_event(r["type"], r["data"]) for r in rows if r["stream_id"] == "contest-gym"]
    defined = events[0]
    assert isinstance(defined, ContestDefined)
    tiers = [
        AwardTier(id="gold", name="金奖", count=1),
        AwardTier(id="silver", name="银奖", count=2),
    ]
    definition = defined.definition.model_copy(update={"awards": tiers})
    roster = next(e for e in events if isinstance(e, ContestantsRegistered))
    ids = [c.id for c in roster.contestants]
    given = [AwardGiven(contestant_id=ids[0], award_id="gold", rank=1)]
    given += [AwardGiven(contestant_id=i, award_id="silver", rank=2) for i in ids[1:3]]
    published = AwardsPublished(awards=given, at=AT)
    return [defined.model_copy(update={"definition": definition}), *events[1:], published]


@pytest.mark.parametrize("public", [True, False])
def test_published_awards_are_clics_awards(public: bool) -> None:
    events = gym_with_awards()
    api = ContestApi.of(events, public=public, winners=["nobody"])
    awards = {award["id"]: award for award in api.collection("awards")}
    published = events[-1]
    assert isinstance(published, AwardsPublished)
    assert awards["gold"] == {
        "id": "gold",
        "citation": "金奖",
        "team_ids": [published.awards[0].contestant_id],
    }
    assert awards["silver"]["team_ids"] == [a.contestant_id for a in published.awards[1:]]
    assert awards["winner"]["team_ids"] == ["nobody"]  # the feed's own awards stay
    validator = jsonschema_rs.validator_for(OBJECTS["awards"])
    for award in awards.values():
        validator.validate(award)
    lines = api.event_feed()
    notification = jsonschema_rs.validator_for(NOTIFICATION)
    for line in lines:
        notification.validate(line)
    assert len({line["token"] for line in lines}) == len(lines)


def test_a_reopened_contest_carries_no_published_awards() -> None:
    events = [*gym_with_awards(), ContestReopened(reason="a correction", at=AT)]
    ids = {award["id"] for award in ContestApi.of(events, public=True).collection("awards")}
    assert not ids & {"gold", "silver"}
