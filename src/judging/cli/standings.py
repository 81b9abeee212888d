"""`judging standings CID`: a contest's standings, now or at a log position.

With `--json`, the same document as `GET /api/contests/{cid}/standings` (DESIGN.md §5);
else a readable table. Exit codes: 0 shown, 1 unknown contest (or not defined yet at
`--at`), 2 a bad `--group`.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import TYPE_CHECKING, Any, cast

from judging.cli import database_url

if TYPE_CHECKING:
    from judging.domain.definition import ContestDefinition
    from judging.domain.facts import View
    from judging.domain.state import ContestState
    from judging.store import EventStore, RecordedEvent


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
    events = asyncio.run(_read(database_url(args), args.contest_id, args.at))
    if not events:
        where = f" at position {args.at}" if args.at is not None else ""
        print(f"error: no contest {args.contest_id!r}{where}", file=sys.stderr)
        return 1
    state = contest_state(events)
    position = args.at if args.at is not None else events[-1].position
    try:
        document = _document(state, args.view, position, args.group)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    sys.stdout.write(_render(document, state, as_json=args.json))
    return 0


async def _read(url: str, contest_id: str, at: int | None) -> list[RecordedEvent]:
    from judging.store import open_store

    store = await open_store(url)
    try:
        return await contest_events(store, contest_id, at)
    finally:
        await store.close()


async def contest_events(
    store: EventStore, contest_id: str, at: int | None = None
) -> list[RecordedEvent]:
    """The contest stream's events, up to position `at` if given."""
    from judging.domain.events import stream_id

    events = await store.read_stream(stream_id(contest_id))
    return [event for event in events if at is None or event.position <= at]


def contest_state(events: list[RecordedEvent]) -> ContestState:
    from judging.domain.events import parse_event
    from judging.domain.evolve import fold

    return fold(parse_event(event.type, dict(event.data)) for event in events)


def _document(state: ContestState, view: str, position: int, group: str | None) -> dict[str, Any]:
    from judging.projections.standings_doc import standings_document

    return standings_document(state, cast("View", view), position, group)


def _render(document: dict[str, Any], state: ContestState, *, as_json: bool) -> str:
    if as_json:
        import orjson

        return orjson.dumps(document, option=orjson.OPT_INDENT_2).decode() + "\n"
    return table(document, state.definition)


def table(document: dict[str, Any], definition: ContestDefinition) -> str:
    """A plain-text board: one line per row, columns padded to their widths."""
    grouped = document["group"] in ("team", "workshop", "organization")
    header = ["#", "group", "members"] if grouped else ["#", "name", "organization"]
    lines = [header + _score_header(definition)]
    for row in document["rows"]:
        who = [row["group"], str(len(row["members"]))] if grouped else _person(row)
        lines.append([str(row["rank"]), *who, *_score_cells(row["score"], definition)])
    widths = [max(len(line[i]) for line in lines) for i in range(len(header) + 2)]
    title = f"{definition.title} ({document['view']} board at position {document['position']})"
    body = ["  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip()
            for line in lines]  # fmt: skip
    return "\n".join([title, *body]) + "\n"


def _person(row: dict[str, Any]) -> list[str]:
    return [str(row["name"]), str(row["organization"] or "")]


def _score_header(definition: ContestDefinition) -> list[str]:
    if definition.ranking.policy == "points":
        return ["stages", "points"]
    return ["stages", "time"]


def _score_cells(score: dict[str, Any], definition: ContestDefinition) -> list[str]:
    stages = f"{score['stages_cleared']}/{len(definition.stages)}" if definition.stages else "-"
    if definition.ranking.policy == "points":
        return [stages, f"{score['total']:g}"]
    return [stages, str(score["time"])]
