"""A CLICS feed as domain events of a `stages` contest.

`import_feed` gives, in order: ContestDefined, ContestantsRegistered, then the
contest's timeline: ContestStarted, one AttemptRecorded per judged submission (at
its submission time, in contest-time order) and ContestFrozen / ContestEnded /
ContestThawed / ContestFinalized as the feed's `state` says, interleaved by time.
Every event has a stable store id (uuid5 of contest id and a key such as
`attempt/<submission id>`) and every attempt the command id `clics-sub-<id>`, so
importing the same feed twice gives the same events.

A contest that never started (no `state.started`; `contest.start_time` stands in
only for feeds that carry no `state` at all) gives its definition and roster alone,
with every submission counted as pending. A contest may end frozen (no `thawed`) or
be finalized without a thaw: the lifecycle events are exactly those the state names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from uuid import UUID

from judging.clics.definition import contest_definition, contestants, visible_teams
from judging.clics.ids import event_id, slug
from judging.clics.reader import Feed, JsonObject
from judging.clics.reltime import parse_reltime, parse_time
from judging.clics.verdicts import Verdict, verdicts
from judging.domain.events import (
    AttemptRecorded,
    ContestantsRegistered,
    ContestDefined,
    ContestEnded,
    ContestFinalized,
    ContestFrozen,
    ContestStarted,
    ContestThawed,
    Event,
)

REFEREE_ID = "clics-import"
_LIFECYCLE = (
    ("frozen", ContestFrozen),
    ("ended", ContestEnded),
    ("thawed", ContestThawed),
    ("finalized", ContestFinalized),
)
# At the same instant: the freeze comes before attempts, the end after them.
_ORDER = {"started": 0, "frozen": 1, "attempt": 2, "ended": 3, "thawed": 4, "finalized": 5}


class FeedImportError(ValueError):
    """A feed that cannot be imported (no contest, no start time...)."""


@dataclass(frozen=True)
class ImportResult:
    """The events of an imported contest, with their stable store ids (same order)."""

    contest_id: str
    events: list[Event]
    event_ids: list[UUID]
    attempts: int = 0
    pending: int = 0  # submissions with no counting judgement (not judged, or still judging)
    skipped: list[str] = field(default_factory=list)  # submission ids left out, with why
    ignored: dict[str, int] = field(default_factory=dict)  # unknown notification types


@dataclass(frozen=True, slots=True)
class _Timed:
    offset: float  # seconds since the start
    order: int
    key: str
    event: Event


def import_feed(feed: Feed, contest_id: str | None = None) -> ImportResult:
    """The domain events of a CLICS feed; `contest_id` overrides the feed's own id."""
    if not feed.contest:
        raise FeedImportError("the feed has no `contest` object")
    cid = slug(contest_id or str(feed.contest.get("id") or "clics"))
    start = _start_time(feed)
    head: list[tuple[str, Event]] = [
        ("defined", ContestDefined(definition=contest_definition(feed, cid))),
        ("registered", ContestantsRegistered(contestants=contestants(feed))),
    ]
    timed = _lifecycle(feed, start) if start else []
    attempts, pending, skipped = (
        _attempts(feed, start) if start else ([], len(feed.of("submissions")), [])
    )
    timeline = sorted([*timed, *attempts], key=lambda t: (t.offset, t.order))
    keyed = head + [(t.key, t.event) for t in timeline]
    return ImportResult(
        contest_id=cid,
        events=[event for _, event in keyed],
        event_ids=[event_id(cid, key) for key, _ in keyed],
        attempts=len(attempts),
        pending=pending,
        skipped=skipped,
        ignored=dict(feed.ignored),
    )


def _start_time(feed: Feed) -> datetime | None:
    """When the contest started; None if it has not (a feed with a `state` says so)."""
    started = feed.state.get("started") if feed.state else feed.contest.get("start_time")
    return parse_time(str(started)) if started else None


def _lifecycle(feed: Feed, start: datetime) -> list[_Timed]:
    timed = [_Timed(0.0, _ORDER["started"], "started", ContestStarted(at=start))]
    for name, event_type in _LIFECYCLE:
        value = feed.state.get(name)
        if value:
            at = parse_time(str(value))
            offset = (at - start).total_seconds()
            timed.append(_Timed(offset, _ORDER[name], name, event_type(at=at)))
    return timed


def _attempts(feed: Feed, start: datetime) -> tuple[list[_Timed], int, list[str]]:
    judged = verdicts(feed)
    teams, problems = visible_teams(feed), feed.of("problems")
    attempts: list[_Timed] = []
    pending = 0
    skipped: list[str] = []
    for submission_id, submission in feed.of("submissions").items():
        verdict = judged.get(submission_id)
        reason = _skip_reason(submission, teams, problems)
        if reason:
            skipped.append(f"{submission_id}: {reason}")
        elif verdict is None:
            pending += 1
        else:
            attempts.append(_attempt(submission_id, submission, verdict, start))
    return attempts, pending, skipped


def _skip_reason(
    submission: JsonObject, teams: dict[str, JsonObject], problems: dict[str, JsonObject]
) -> str | None:
    if str(submission.get("team_id")) not in teams:
        return "unknown or hidden team"
    if str(submission.get("problem_id")) not in problems:
        return "unknown problem"
    if parse_reltime(str(submission.get("contest_time"))) < 0:
        return "submitted before the start"
    return None


def _attempt(
    submission_id: str, submission: JsonObject, verdict: Verdict, start: datetime
) -> _Timed:
    seconds = parse_reltime(str(submission["contest_time"]))
    time = submission.get("time")
    event = AttemptRecorded(
        command_id=f"clics-sub-{submission_id}"[:64],
        contestant_id=slug(str(submission["team_id"])),
        stage_id=slug(str(submission["problem_id"])),
        referee_id=REFEREE_ID,
        result="cleared" if verdict.solved else "failed",
        contest_time=seconds,
        penalty=verdict.solved or verdict.penalty,
        at=parse_time(str(time)) if time else start + timedelta(seconds=seconds),
    )
    return _Timed(seconds, _ORDER["attempt"], f"attempt/{submission_id}", event)
