"""`judging import-clics FEED`: import a CLICS event feed as a `stages` contest.

Prints only the contest id on stdout (status lines go to stderr). Importing the same
feed again appends nothing (the events have stable ids) and prints the id again; an
interrupted import is completed. Exit codes: 0 imported, 1 the id holds another
contest (use --id), 2 the feed cannot be read or imported.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from judging.cli import database_url

if TYPE_CHECKING:
    from judging.clics.importer import ImportResult

IMPORTER = "clics-import"  # the actor id in the imported events' metadata


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("feed", metavar="FEED", type=Path, help="CLICS event feed (ndjson file)")
    parser.add_argument(
        "--id", dest="contest_id", metavar="CONTEST_ID", help="contest id (default: the feed's)"
    )


@dataclass(frozen=True, slots=True)
class Appended:
    events: int
    first: int  # first new position (0: nothing appended)
    last: int


def run(args: argparse.Namespace) -> int:
    from judging.clics.importer import FeedImportError
    from judging.clics.plan import ContestExists
    from judging.clics.reader import FeedError
    from judging.store import StoreError

    try:
        return asyncio.run(_import(args.feed, args.contest_id, database_url(args)))
    except (ContestExists, StoreError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except (OSError, FeedError, FeedImportError, ValueError) as error:
        print(f"error: cannot import {args.feed}: {error}", file=sys.stderr)
        return 2


async def _import(path: Path, contest_id: str | None, url: str) -> int:
    from judging.clics.importer import import_feed
    from judging.clics.reader import load_feed
    from judging.store import migrate

    result = import_feed(load_feed(path), contest_id)
    print(
        f"{path.name}: contest {result.contest_id}, {len(result.events)} events "
        f"({result.attempts} attempts, {result.pending} pending, {len(result.skipped)} skipped)",
        file=sys.stderr,
    )
    if result.ignored:
        counts = ", ".join(f"{type_}: {n}" for type_, n in sorted(result.ignored.items()))
        total = sum(result.ignored.values())
        print(
            f"ignored {total} notification{'s' * (total != 1)} of unknown types ({counts})",
            file=sys.stderr,
        )
    await migrate(url)
    appended = await _append(result, url)
    if appended.events:
        print(
            f"appended {appended.events} events at positions {appended.first}..{appended.last}",
            file=sys.stderr,
        )
    else:
        print("already imported: nothing appended", file=sys.stderr)
    print(result.contest_id)
    return 0


async def _append(result: ImportResult, url: str) -> Appended:
    """Append what the stream does not hold yet, through the one writer."""
    from judging.application.writer import Metadata, Writer
    from judging.clics.plan import plan_import
    from judging.domain.events import stream_id
    from judging.store import open_store

    stream = stream_id(result.contest_id)
    events = dict(zip(result.event_ids, result.events, strict=True))
    store = await open_store(url)
    metadata = Metadata(actor_id=IMPORTER, role="organizer")
    try:
        writer = Writer(store)
        stored = [event.event_id for event in await store.read_stream(stream)]
        plan = plan_import(result, stored)
        version, positions = plan.expected_version, []
        for batch in plan.batches:
            keyed = [(p.event_id, events[p.event_id]) for p in batch]
            recorded = await writer.append(stream, keyed, metadata, version)
            version += len(recorded)
            positions += [event.position for event in recorded]
    finally:
        await store.close()
    return Appended(len(positions), min(positions, default=0), max(positions, default=0))
