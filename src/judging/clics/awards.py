"""CLICS awards of a contest: the winner, and the first to solve each problem.

`winner` names the teams ranked first (given by the standings, the one ranking);
`first-to-solve-<problem id>` the team of the earliest visible accepted submission
of each problem (pass-fail contests only), as the Contest API's award ids say.

`published_awards` maps the contest's own awards (the definition's tiers, given by
its latest `awards_published` event, not re-opened since) to CLICS award objects:
one per tier, `{id: tier id, citation: tier name, team_ids}`, best tier first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from judging.clics.reader import Feed, JsonObject
from judging.clics.reltime import parse_reltime
from judging.domain.definition import ContestDefinition
from judging.domain.events import AwardsPublished, ContestDefined, ContestEvent, ContestReopened


def awards(feed: Feed, winners: Sequence[str]) -> list[JsonObject]:
    found: list[JsonObject] = []
    if winners:
        found.append({"id": "winner", "citation": "Contest winner", "team_ids": list(winners)})
    if feed.contest.get("scoreboard_type") != "pass-fail":
        return found
    first = first_solves(feed)
    for problem in feed.of("problems").values():
        team = first.get(str(problem["id"]))
        if team is not None:
            citation = f"First to solve problem {problem.get('label') or problem['id']}"
            found.append(
                {"id": f"first-to-solve-{problem['id']}", "citation": citation, "team_ids": [team]}
            )
    return found


def first_solves(feed: Feed) -> dict[str, str]:
    """Problem id -> the team of its earliest accepted submission."""
    accepted = {
        str(j["submission_id"])
        for j in feed.of("judgements").values()
        if j.get("judgement_type_id") == "AC"
    }
    best: dict[str, tuple[float, str]] = {}
    for sid, submission in feed.of("submissions").items():
        if sid in accepted:
            at = parse_reltime(str(submission["contest_time"]))
            problem = str(submission["problem_id"])
            if problem not in best or at < best[problem][0]:
                best[problem] = (at, str(submission["team_id"]))
    return {problem: team for problem, (_, team) in best.items()}


def published_awards(events: Iterable[ContestEvent]) -> list[JsonObject] | None:
    """The contest's published awards as CLICS awards; None if none are in force."""
    definition: ContestDefinition | None = None
    published: AwardsPublished | None = None
    for event in events:
        if isinstance(event, ContestDefined):
            definition = event.definition
        elif isinstance(event, AwardsPublished):
            published = event
        elif isinstance(event, ContestReopened):
            published = None
    if definition is None or published is None:
        return None
    return [
        {
            "id": tier.id,
            "citation": tier.name,
            "team_ids": [a.contestant_id for a in published.awards if a.award_id == tier.id],
        }
        for tier in definition.awards
    ]
