"""`judging standings CID`: a contest's standings, now or at a log position.

With `--json`, the same document as `GET /api/contests/{cid}/standings` (DESIGN.md §5),
from the same fold (`projections.timetravel.board_at`, at the log head without
`--at`); else a readable table. Exit codes: 0 shown, 1 unknown contest (or not defined yet at
`--at`), 2 a bad `--group`.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import TYPE_CHECKING, cast

from judging.cli import database_url

if TYPE_CHECKING:
    from judging.domain.definition import ContestDefinition
    from judging.domain.facts import View
    from judging.domain.groups import Grouping
    from judging.projections.contest_board import ContestBoard
    from judging.projections.standings_doc import (
        AnyStandings,
        GroupRowDoc,
        GroupScoreDoc,
        ScoreDoc,
        StandingsRow,
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("contest_id", metavar="CID", help="contest id")
    parser.add_argument(
        "--at", type=int, metavar="N", help="the board at log position N (default: now)"
    )
    parser.add_argument("--json", action="store_true", help="print the standings JSON document")
    parser.add_argument(
        "--view", choices=("public", "live"), default="public", help="board (default: public)"
    )
    parser.add_argument(
        "--group",
        metavar="GROUP",
        help="venue:<id> (one venue's entries), team, workshop or organization (groups)",
    )


def run(args: argparse.Namespace) -> int:
    from judging.domain.groups import UnknownGrouping, parse_grouping

    try:
        grouping = parse_grouping(args.group)
    except UnknownGrouping as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    board = asyncio.run(_board(database_url(args), args.contest_id, args.at))
    if board.standings.state is None:
        where = f" at position {args.at}" if args.at is not None else ""
        print(f"error: no contest {args.contest_id!r}{where}", file=sys.stderr)
        return 1
    document = board.document(cast("View", args.view), grouping)
    sys.stdout.write(_render(document, board.state.definition, grouping, as_json=args.json))
    return 0


async def _board(url: str, contest_id: str, at: int | None) -> ContestBoard:
    """The contest's board at log position `at` (default: the log head): time travel,
    as `GET /api/contests/{cid}/standings?at=N` answers it."""
    from judging.projections.timetravel import board_at
    from judging.store import open_store

    store = await open_store(url)
    try:
        return await board_at(store, contest_id, at if at is not None else await store.head())
    finally:
        await store.close()


def _render(
    document: AnyStandings,
    definition: ContestDefinition,
    grouping: Grouping | None,
    *,
    as_json: bool,
) -> str:
    if as_json:
        import orjson

        return orjson.dumps(document, option=orjson.OPT_INDENT_2).decode() + "\n"
    return table(document, definition, grouping)


def table(document: AnyStandings, definition: ContestDefinition, grouping: Grouping | None) -> str:
    """A plain-text board: one line per row, columns padded to their widths."""
    from judging.domain.groups import ByField

    grouped = isinstance(grouping, ByField)
    header = ["#", "group", "members"] if grouped else ["#", "name", "organization"]
    lines = [header + _score_header(definition)]
    lines += [_line(row, definition) for row in document["rows"]]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header) + 2)]
    title = f"{definition.title} ({document['view']} board at position {document['position']})"
    body = ["  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip()
            for line in lines]  # fmt: skip
    return "\n".join([title, *body]) + "\n"


def _line(row: StandingsRow | GroupRowDoc, definition: ContestDefinition) -> list[str]:
    if "group" in row:
        who = [row["group"], str(len(row["members"]))]
    else:
        who = [row["name"], row["organization"] or ""]
    return [str(row["rank"]), *who, *_score_cells(row["score"], definition)]


def _score_header(definition: ContestDefinition) -> list[str]:
    if definition.ranking.policy == "points":
        return ["stages", "points"]
    return ["stages", "time"]


def _score_cells(score: ScoreDoc | GroupScoreDoc, definition: ContestDefinition) -> list[str]:
    stages = f"{score['stages_cleared']}/{len(definition.stages)}" if definition.stages else "-"
    if definition.ranking.policy == "points":
        return [stages, f"{score['total']:g}"]
    return [stages, str(score["time"])]
