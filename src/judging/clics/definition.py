"""The contest definition and the roster of an imported CLICS feed.

Problems become stages in ordinal order (stage id = the problem's slug, name =
"<label> — <name>"); teams become contestants (id = the team's slug, name = its
`display_name`, else its `name`; organization = the organization's `name`; team =
the names of the team's groups, in `group_ids` order, joined by " / ", so grouping
the standings by team reproduces the CLICS group scoreboards). Hidden teams
(`hidden: true`) are left out, as CLICS scoreboards do.
"""

from __future__ import annotations

from judging.clics.ids import slug
from judging.clics.reader import Feed, JsonObject
from judging.clics.reltime import parse_minutes, parse_reltime
from judging.domain.definition import ContestDefinition, Ranking, Stage
from judging.domain.roster import Contestant


def contest_definition(feed: Feed, contest_id: str) -> ContestDefinition:
    contest = feed.contest
    freeze = contest.get("scoreboard_freeze_duration")
    return ContestDefinition(
        id=contest_id,
        title=_text(contest.get("formal_name") or contest.get("name") or contest_id),
        kind="competition",
        duration_minutes=parse_reltime(str(contest.get("duration", "5:00:00"))) / 60,
        freeze_minutes=parse_reltime(str(freeze)) / 60 if freeze else None,
        ranking=Ranking(
            policy="stages",
            penalty_minutes=parse_minutes(contest.get("penalty_time", 20)),
            rank_style="standard",
        ),
        stages=[_stage(problem) for problem in problems_in_order(feed)],
    )


def problems_in_order(feed: Feed) -> list[JsonObject]:
    """The problems by ordinal (then label, then id), as the scoreboard lists them."""

    def key(problem: JsonObject) -> tuple[float, str, str]:
        ordinal = problem.get("ordinal")
        number = float(ordinal) if isinstance(ordinal, int | float) else float("inf")
        return number, str(problem.get("label", "")), str(problem["id"])

    return sorted(feed.of("problems").values(), key=key)


def _stage(problem: JsonObject) -> Stage:
    label, name = problem.get("label"), problem.get("name")
    title = " — ".join(str(part) for part in (label, name) if part) or str(problem["id"])
    return Stage(id=slug(str(problem["id"])), name=_text(title))


def visible_teams(feed: Feed) -> dict[str, JsonObject]:
    """The teams that appear on the scoreboard, by CLICS id."""
    return {tid: team for tid, team in feed.of("teams").items() if not team.get("hidden")}


def contestants(feed: Feed) -> list[Contestant]:
    organizations = feed.of("organizations")
    groups = feed.of("groups")
    return [
        _contestant(team, organizations, groups)
        for _, team in sorted(visible_teams(feed).items(), key=lambda item: _id_key(item[0]))
    ]


def _contestant(
    team: JsonObject, organizations: dict[str, JsonObject], groups: dict[str, JsonObject]
) -> Contestant:
    organization = organizations.get(str(team.get("organization_id"))) or {}
    org_name = organization.get("name") or organization.get("formal_name")
    group_names = [
        str(groups[str(gid)].get("name") or gid)
        for gid in team.get("group_ids") or []
        if str(gid) in groups
    ]
    return Contestant(
        id=slug(str(team["id"])),
        name=_text(team.get("display_name") or team.get("name") or team["id"]),
        organization=_text(org_name) if org_name else None,
        team=_text(" / ".join(group_names)) if group_names else None,
    )


def _id_key(id_: str) -> tuple[int, str]:
    """Numeric ids in numeric order, then the others."""
    return (int(id_), "") if id_.isdigit() else (1 << 62, id_)


def _text(value: object) -> str:
    return str(value)[:200]
