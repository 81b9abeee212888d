"""The CLICS Contest API of one contest: its objects, scoreboard and event feed.

Every endpoint reads the same source: the event feed `feed_writer.notifications`
writes for the caller's role, folded to its current objects by the CLICS reader, so
the REST answers, the event feed and a re-import can never disagree. The scoreboard
takes its ranks and totals from the standings document (the one ranking) and adds
the per-problem cells the Contest API asks for. A contest with published awards
(`awards_published`) carries them as `awards` after the feed's own (winner, first to
solve), one object per tier (`clics.awards.published_awards`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from judging.clics.awards import published_awards
from judging.clics.feed_writer import Notification, notifications, read_notifications
from judging.clics.reader import Feed, JsonObject
from judging.clics.reltime import format_reltime, format_time, parse_reltime, parse_time
from judging.domain.events import ContestEvent

COLLECTIONS = (
    "judgement-types",
    "problems",
    "groups",
    "organizations",
    "teams",
    "submissions",
    "judgements",
    "awards",
)


class UnknownToken(LookupError):
    """A `since_token` this feed never gave."""


@dataclass(frozen=True)
class ContestApi:
    lines: list[Notification]
    feed: Feed

    @classmethod
    def of(
        cls, events: Iterable[ContestEvent], public: bool, winners: Sequence[str] = ()
    ) -> ContestApi:
        events = list(events)
        lines = notifications(events, public, winners)
        for award in published_awards(events) or []:
            token = f"{len(events)}.{len(lines)}"  # as the feed writer numbers its lines
            lines.append({"type": "awards", "id": award["id"], "data": award, "token": token})
        return cls(lines, read_notifications(lines))

    def contest(self) -> JsonObject:
        return self.feed.contest

    def state(self) -> JsonObject:
        return self.feed.state

    def collection(self, endpoint: str) -> list[JsonObject]:
        """The live objects of an endpoint, in the order they were first written."""
        return list(self.feed.of(endpoint).values())

    def event_feed(self, since_token: str | None = None) -> list[Notification]:
        """The notifications after `since_token` (all without one)."""
        if since_token is None:
            return self.lines
        tokens = [line["token"] for line in self.lines]
        if since_token not in tokens:
            raise UnknownToken(since_token)
        return self.lines[tokens.index(since_token) + 1 :]

    def scoreboard(self, rows: Sequence[Mapping[str, Any]], now: datetime) -> JsonObject:
        """The CLICS scoreboard of the standings rows (ranked rows only)."""
        started = self.feed.state.get("started")
        elapsed = (now - parse_time(str(started))).total_seconds() if started else 0.0
        return {
            "time": format_time(now),
            "contest_time": format_reltime(max(elapsed, 0.0)),
            "state": self.feed.state,
            "rows": [self._row(row) for row in rows if row.get("rank")],
        }

    def _row(self, row: Mapping[str, Any]) -> JsonObject:
        team = str(row["contestant_id"])
        score = row["score"]
        pass_fail = self.feed.contest.get("scoreboard_type") == "pass-fail"
        cells = self._cells(team)
        problems = [
            _pass_fail_cell(pid, cells.get(pid, []))
            if pass_fail
            else _score_cell(pid, cells.get(pid, []), row.get("criteria", {}).get(pid, 0.0))
            for pid in self.feed.of("problems")
        ]
        result: JsonObject = (
            {"num_solved": int(score["stages_cleared"]), "total_time": int(score["time"])}
            if pass_fail
            else {"score": float(score["total"])}
        )
        return {"rank": int(row["rank"]), "team_id": team, "score": result, "problems": problems}

    def _cells(self, team: str) -> dict[str, list[tuple[float, str | None]]]:
        """Problem id -> the team's (contest seconds, judgement type or None) in time order."""
        verdicts = {
            str(j["submission_id"]): j.get("judgement_type_id")
            for j in self.feed.of("judgements").values()
        }
        cells: dict[str, list[tuple[float, str | None]]] = {}
        for sid, submission in self.feed.of("submissions").items():
            if str(submission["team_id"]) == team:
                at = parse_reltime(str(submission["contest_time"]))
                cells.setdefault(str(submission["problem_id"]), []).append((at, verdicts.get(sid)))
        return {pid: sorted(attempts, key=lambda a: a[0]) for pid, attempts in cells.items()}


def _pass_fail_cell(problem_id: str, attempts: list[tuple[float, str | None]]) -> JsonObject:
    judged = pending = 0
    for at, verdict in attempts:
        if verdict is None:
            pending += 1
            continue
        judged += 1
        if verdict == "AC":
            cell = {"problem_id": problem_id, "num_judged": judged, "num_pending": pending}
            return {**cell, "solved": True, "time": int(at // 60)}
    return {"problem_id": problem_id, "num_judged": judged, "num_pending": pending, "solved": False}


def _score_cell(
    problem_id: str, attempts: list[tuple[float, str | None]], score: float
) -> JsonObject:
    cell: JsonObject = {
        "problem_id": problem_id,
        "num_judged": sum(verdict is not None for _, verdict in attempts),
        "num_pending": sum(verdict is None for _, verdict in attempts),
        "score": max(float(score), 0.0),
    }
    if cell["score"]:
        cell["time"] = int(attempts[-1][0] // 60) if attempts else 0
    return cell
