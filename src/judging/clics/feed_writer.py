"""A contest's events as a CLICS Contest API event feed (2023-06 shape).

`notifications(events, public)` walks the contest stream in order and says what each
event changed, as `{"type", "id", "data", "token"}` notifications: the definition
gives `contest`, `judgement-types` and `problems`; registrations give `groups`,
`organizations` and `teams` (so does an advancement from an earlier round, which
also deletes the teams it no longer sends); each lifecycle event a full `state`; each stage attempt
a `submission` and its `judgement`; each mark a `submission` whose judgement carries
the mark as its `score` (a points contest is a CLICS `score` contest, its criteria
the problems); a correction updates the judgement, a void deletes both (`data:
null`); once the contest has ended, the `awards` follow.

Public role: the judgement of an entry recorded while the scoreboard is frozen is
held back until the thaw (or finalization), as the domain's public view does; the
submission itself is shown. Tokens are `<stream version>.<n>`: stable, so a client
resumes after the last token it read.

Ids: every id is the domain's own slug (stage, criterion, contestant); groups and
organizations, which the domain knows by name, get `slug(name)`; a submission's id is
`slug(command id)` and its judgement's `j-` + that. Stage names written
"<label> — <name>" (as the CLICS import writes them) give back label and name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from judging.clics.awards import awards
from judging.clics.ids import slug
from judging.clics.reader import Feed, JsonObject, apply
from judging.clics.reltime import format_reltime, format_time, parse_time
from judging.domain.definition import ContestDefinition
from judging.domain.events import (
    AttemptRecorded,
    ContestantsAdvanced,
    ContestantsRegistered,
    ContestDefined,
    ContestEnded,
    ContestEvent,
    ContestFinalized,
    ContestFrozen,
    ContestStarted,
    ContestThawed,
    EntryCorrected,
    MarkAwarded,
)
from judging.domain.roster import Contestant
from judging.domain.state import LifecycleEvent, left_behind

Notification = dict[str, Any]
LIFECYCLE = (ContestStarted, ContestFrozen, ContestEnded, ContestThawed, ContestFinalized)
JUDGEMENT_TYPES = [
    {"id": "AC", "name": "correct", "penalty": False, "solved": True},
    {"id": "WA", "name": "wrong answer", "penalty": True, "solved": False},
    {"id": "CE", "name": "compiler error", "penalty": False, "solved": False},
]


@dataclass
class _Writer:
    public: bool
    version: int = 0
    out: list[Notification] = field(default_factory=list)
    state: dict[str, str | None] = field(default_factory=dict)
    definition: ContestDefinition | None = None
    aspects: dict[str, str] = field(default_factory=dict)  # aspect id -> criterion id
    entries: dict[str, str] = field(default_factory=dict)  # command id -> submission id
    held: list[Notification] = field(default_factory=list)  # judgements shown at the thaw
    advanced_from: dict[str, list[str]] = field(default_factory=dict)  # round -> who it sent

    def emit(self, type_: str, id_: str | None, data: object) -> None:
        token = f"{self.version}.{len(self.out)}"
        self.out.append({"type": type_, "id": id_, "data": data, "token": token})

    @property
    def hiding(self) -> bool:
        frozen = self.state.get("frozen") is not None
        revealed = self.state.get("thawed") or self.state.get("finalized")
        return self.public and frozen and not revealed


def notifications(
    events: Iterable[ContestEvent], public: bool, winners: Sequence[str] = ()
) -> list[Notification]:
    """The event feed of a contest's events (in stream order) for one role; once the
    contest has ended, the awards follow (`winners`: the teams ranked first)."""
    writer = _Writer(public)
    for version, event in enumerate(events, start=1):
        writer.version = version
        _write(writer, event)
    if writer.state.get("ended"):
        for award in awards(read_notifications(writer.out), winners):
            writer.emit("awards", award["id"], award)
    return writer.out


def read_notifications(lines: Sequence[Notification]) -> Feed:
    """The current objects of a feed written here (the REST endpoints' source)."""
    feed = Feed()
    for number, line in enumerate(lines, start=1):
        apply(feed, line, number)
    return feed


def _write(writer: _Writer, event: ContestEvent) -> None:
    """The event's feed changes, found by its exact class (`_WRITES`); most write none."""
    write = _WRITES.get(type(event))
    if write is not None:
        write(writer, event)


def _define(writer: _Writer, definition: ContestDefinition) -> None:
    writer.definition = definition
    writer.emit("contest", definition.id, contest_object(definition, None))
    for judgement_type in JUDGEMENT_TYPES:
        writer.emit("judgement-types", str(judgement_type["id"]), judgement_type)
    for problem in problem_objects(definition):
        writer.emit("problems", problem["id"], problem)
    writer.aspects = {a.id: c.id for c in definition.criteria for a in c.aspects}
    writer.state = dict.fromkeys(("started", "frozen", "ended", "thawed", "finalized"))
    writer.emit("state", None, {**writer.state, "end_of_updates": None})


def contest_object(definition: ContestDefinition, started: str | None) -> JsonObject:
    contest: JsonObject = {
        "id": definition.id,
        "name": definition.title,
        "formal_name": definition.title,
        "start_time": started,
        "duration": format_reltime(definition.duration_minutes * 60),
        "scoreboard_freeze_duration": (
            format_reltime(definition.freeze_minutes * 60)
            if definition.freeze_minutes is not None
            else None
        ),
        "scoreboard_type": "score" if definition.ranking.policy == "points" else "pass-fail",
    }
    if contest["scoreboard_type"] == "pass-fail":
        contest["penalty_time"] = round(definition.ranking.penalty_minutes)
    return contest


def problem_objects(definition: ContestDefinition) -> list[JsonObject]:
    """Stages (pass-fail) or criteria (score) as CLICS problems, in order."""
    if definition.ranking.policy == "points":
        return [
            {
                "id": criterion.id,
                "label": criterion.id,
                "name": criterion.name,
                "ordinal": ordinal,
                "test_data_count": 0,
                "max_score": criterion.total or sum(a.max for a in criterion.aspects),
            }
            for ordinal, criterion in enumerate(definition.criteria)
        ]
    problems = []
    for ordinal, stage in enumerate(definition.stages):
        label, sep, name = stage.name.partition(" — ")
        if not sep:
            label, name = _label(ordinal), stage.name
        problems.append(
            {"id": stage.id, "label": label, "name": name, "ordinal": ordinal, "test_data_count": 0}
        )
    return problems


def _label(ordinal: int) -> str:
    return chr(ord("A") + ordinal) if ordinal < 26 else str(ordinal + 1)


def _register(writer: _Writer, contestants: Sequence[Contestant]) -> None:
    for contestant in contestants:
        groups = [name for name in (contestant.team or "").split(" / ") if name]
        for name in groups:
            writer.emit("groups", slug(name), {"id": slug(name), "name": name})
        organization = contestant.organization
        if organization:
            writer.emit(
                "organizations",
                slug(organization),
                {"id": slug(organization), "name": organization},
            )
        team = {
            "id": contestant.id,
            "label": contestant.id,
            "name": contestant.name,
            "display_name": contestant.name,
            "organization_id": slug(organization) if organization else None,
            "group_ids": [slug(name) for name in dict.fromkeys(groups)],
            "hidden": False,
        }
        writer.emit("teams", contestant.id, team)


def _advanced(writer: _Writer, event: ContestantsAdvanced) -> None:
    """The teams an earlier round sent: registered like any other; those it no longer
    sends (it was reopened and advanced anew) are deleted."""
    sent = [contestant.id for contestant in event.contestants]
    for gone in sorted(left_behind(writer.advanced_from, event.from_contest, sent)):
        writer.emit("teams", gone, None)
    writer.advanced_from[event.from_contest] = sent
    _register(writer, event.contestants)


def _lifecycle(writer: _Writer, event: LifecycleEvent) -> None:
    moment = format_time(event.at)
    name = event.type.removeprefix("contest_")
    writer.state[name] = moment
    if isinstance(event, ContestStarted) and writer.definition is not None:
        contest = contest_object(writer.definition, moment)
        writer.emit("contest", writer.definition.id, contest)
    end_of_updates = writer.state["finalized"]
    writer.emit("state", None, {**writer.state, "end_of_updates": end_of_updates})
    if not writer.hiding:
        for judgement in writer.held:
            writer.emit("judgements", judgement["id"], judgement)
        writer.held.clear()


def _submission(
    writer: _Writer, command_id: str, team: str, problem: str, at: Any, seconds: float
) -> str:
    sid = slug(command_id)
    writer.entries[command_id] = sid
    submission = {
        "id": sid,
        "language_id": "none",
        "problem_id": problem,
        "team_id": team,
        "time": format_time(at),
        "contest_time": format_reltime(seconds),
        "files": [],
    }
    writer.emit("submissions", sid, submission)
    return sid


def _judge(writer: _Writer, sid: str, submission_time: str, at: str, extra: JsonObject) -> None:
    judgement = {
        "id": f"j-{sid}"[:64],
        "submission_id": sid,
        "start_time": at,
        "start_contest_time": submission_time,
        "end_time": at,
        "end_contest_time": submission_time,
        **extra,
    }
    if writer.hiding:
        writer.held.append(judgement)
    else:
        writer.emit("judgements", judgement["id"], judgement)


def _attempt(writer: _Writer, event: AttemptRecorded) -> None:
    sid = _submission(
        writer, event.command_id, event.contestant_id, event.stage_id, event.at, event.contest_time
    )
    verdict = "AC" if event.result == "cleared" else "WA" if event.penalty else "CE"
    at = format_time(event.at)
    _judge(writer, sid, format_reltime(event.contest_time), at, {"judgement_type_id": verdict})


def _mark(writer: _Writer, event: MarkAwarded) -> None:
    criterion = writer.aspects.get(event.aspect_id, event.aspect_id)
    seconds = _since_start(writer, event.at)
    sid = _submission(writer, event.command_id, event.contestant_id, criterion, event.at, seconds)
    extra = {"judgement_type_id": "AC", "score": max(float(event.value), 0.0)}
    _judge(writer, sid, format_reltime(seconds), format_time(event.at), extra)


def _since_start(writer: _Writer, at: Any) -> float:
    started = writer.state.get("started")
    return max((at - parse_time(started)).total_seconds(), 0.0) if started else 0.0


def _correct(writer: _Writer, event: EntryCorrected) -> None:
    sid = writer.entries.get(event.supersedes)
    if sid is None:
        return
    writer.entries[event.command_id] = sid
    if event.void:
        writer.held = [j for j in writer.held if j["submission_id"] != sid]
        writer.emit("judgements", f"j-{sid}"[:64], None)
        writer.emit("submissions", sid, None)
    elif event.value is not None:
        at = format_time(event.at)
        extra = {"judgement_type_id": "AC", "score": max(float(event.value), 0.0)}
        _judge(writer, sid, format_reltime(_since_start(writer, event.at)), at, extra)


# By exact class, not a chain of isinstance (see `domain.events`): a mark failed ten
# of them before it was found.
_WRITES: dict[type[Any], Callable[[_Writer, Any], None]] = {
    ContestDefined: lambda writer, event: _define(writer, event.definition),
    ContestantsRegistered: lambda writer, event: _register(writer, event.contestants),
    ContestantsAdvanced: _advanced,
    **dict.fromkeys(LIFECYCLE, _lifecycle),
    AttemptRecorded: _attempt,
    MarkAwarded: _mark,
    EntryCorrected: _correct,
}
