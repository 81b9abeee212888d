"""`judging meet-table MID`: a meet's unit table and its events' state and winners.

With `--json`, the same document as `GET /api/meets/{mid}/table` (the same service,
`MeetService.board`); else readable text. Exit codes: 0 shown, 1 unknown meet.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from judging.cli import database_url


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("meet_id", metavar="MID", help="meet id")
    parser.add_argument("--json", action="store_true", help="print the meet's board document")


def run(args: argparse.Namespace) -> int:
    import orjson

    board = asyncio.run(_board(database_url(args), args.meet_id))
    if board is None:
        print(f"error: no meet {args.meet_id!r}", file=sys.stderr)
        return 1
    if args.json:
        sys.stdout.write(orjson.dumps(board, option=orjson.OPT_INDENT_2).decode() + "\n")
    else:
        sys.stdout.write(render(board))
    return 0


async def _board(url: str, meet_id: str) -> dict[str, Any] | None:
    from judging.application.contests import ContestService
    from judging.application.meets import MeetService
    from judging.application.writer import Writer
    from judging.store import open_store

    store = await open_store(url)
    try:
        writer = Writer(store)
        return await MeetService(writer, ContestService(writer)).board(meet_id)
    finally:
        await store.close()


def render(board: dict[str, Any]) -> str:
    """The unit table, then each event's state and winners, as plain text."""
    table = board["table"]
    lines = [f"{board['title']} ({board['meet_id']}) at position {board['position']}", ""]
    if table["mode"] == "medals":
        names = [column["name"] or column["id"] for column in table["columns"]]
        lines.append("rank  unit  " + "  ".join(names) + "  total")
        lines += [
            f"{r['rank']:>4}  {r['name']}  "
            + "  ".join(str(n) for n in r["medals"])
            + f"  {r['medal_total']}"
            for r in table["rows"]
        ]
    else:
        lines.append("rank  unit  points")
        lines += [f"{r['rank']:>4}  {r['name']}  {r['points']}" for r in table["rows"]]
    if table["unmatched"]:
        lines.append("not counted (no unit): " + ", ".join(table["unmatched"]))
    for event in board["events"]:
        lines += ["", f"{event['title']} [{event['kind']}]: {event['state']}"]
        lines += [
            f"  {w['place']}. {w['name']} ({w['organization'] or '-'})"
            + (f" {w['award_name'] or w['award_id']}" if w["award_id"] else "")
            for w in event["winners"]
        ]
    return "\n".join(lines) + "\n"
