"""A round's event feed: the contestants an earlier round sent are its teams."""

from __future__ import annotations

from judging.clics.feed_writer import notifications, read_notifications
from judging.domain.definition import ContestDefinition
from judging.domain.events import ContestantsAdvanced, ContestDefined, Event
from judging.domain.evolve import fold
from judging.domain.roster import Contestant

FINAL = ContestDefinition.model_validate(
    {
        "id": "final",
        "title": "Final",
        "duration_minutes": 60,
        "round": {"event": "dance", "order": 2},
        "criteria": [
            {
                "id": "dance",
                "name": "Dance",
                "aspects": [{"id": "points", "name": "Points", "type": "measurement", "max": 100}],
            }
        ],
    }
)


def sent(source: str, position: int, *ids: str) -> ContestantsAdvanced:
    people = [Contestant(id=cid, name=cid.upper(), organization="Plant") for cid in ids]
    return ContestantsAdvanced(from_contest=source, from_position=position, contestants=people)


def teams(events: list[Event]) -> list[str]:
    feed = read_notifications(notifications(events, public=True))
    return sorted(feed.of("teams"))


def test_advanced_contestants_are_teams_like_registered_ones() -> None:
    events: list[Event] = [ContestDefined(definition=FINAL), sent("prelim", 5, "a", "b")]
    assert teams(events) == ["a", "b"]
    feed = read_notifications(notifications(events, public=True))
    assert feed.of("teams")["a"]["organization_id"] in feed.of("organizations")


def test_an_advancement_made_anew_deletes_the_teams_it_no_longer_sends() -> None:
    """As the fold drops their entries (the same rule: `state.left_behind`)."""
    events: list[Event] = [
        ContestDefined(definition=FINAL),
        sent("prelim", 5, "a", "b"),
        sent("heat2", 6, "c"),
        sent("prelim", 9, "a", "d"),
    ]
    assert teams(events) == ["a", "c", "d"] == sorted(fold(events).contestants)
    shared = [*events[:2], sent("heat2", 6, "b", "c"), events[3]]
    assert teams(shared) == ["a", "b", "c", "d"] == sorted(fold(shared).contestants)
