"""`judging export CID`: a contest's events as verifiable ndjson (docs/verification.md).

One line per log position from the contest's first event to its last. An event of
the contest gives its hashed fields (`position`, `stream_id`, `stream_version`,
`event_id` with dashes, `type`, `data`, `metadata`, `recorded_at` in the chain's one
textual form) plus `prev_hash` and `hash`; an event of another stream in between
gives only `position`, `prev_hash` and `hash`, a link that keeps the chain
unbroken without showing others' data. `tools/verify_export.py` recomputes every
hash from such a file with the standard library alone. Before writing, each line is
checked the way that script checks it, so a file this command writes always
verifies against an intact log.
Exit codes: 0 written, 1 no such contest or a stored event whose hash does not hold.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from judging.cli import database_url

if TYPE_CHECKING:
    from judging.store import EventStore, RecordedEvent


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("contest_id", metavar="CID", help="the contest to export")
    parser.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write to FILE (default: stdout)"
    )


class ExportError(ValueError):
    """A contest that cannot be exported as it is stored."""


def run(args: argparse.Namespace) -> int:
    try:
        lines = asyncio.run(_export(database_url(args), args.contest_id))
    except ExportError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    text = "".join(f"{line}\n" for line in lines)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    last = json.loads(lines[-1])
    print(f"exported {len(lines)} events; head {last['position']}:{last['hash']}", file=sys.stderr)
    return 0


async def _export(url: str, contest_id: str) -> list[str]:
    from judging.domain.events import stream_id
    from judging.store import open_store

    stream = stream_id(contest_id)
    store = await open_store(url)
    try:
        ours = await store.read_stream(stream)
        if not ours:
            raise ExportError(f"no contest {contest_id!r}")
        events = await _log_range(store, ours[0].position, ours[-1].position)
    finally:
        await store.close()
    return [export_line(event) if event.stream_id == stream else _link(event) for event in events]


async def _log_range(store: EventStore, first: int, last: int) -> list[RecordedEvent]:
    """The stored events at positions first..last, read page by page."""
    events: list[RecordedEvent] = []
    while not events or events[-1].position < last:
        after = events[-1].position if events else first - 1
        page = await store.read_all(after=after, limit=1000)
        if not page:
            break
        events += [event for event in page if event.position <= last]
    return events


def _link(event: RecordedEvent) -> str:
    """Another stream's event: its place in the chain, not its content."""
    link = {"position": event.position, "prev_hash": event.prev_hash, "hash": event.hash}
    return json.dumps(link, separators=(",", ":"))


def export_line(event: RecordedEvent) -> str:
    """The exported line of a contest's event, checked against its stored hash."""
    from judging.store.hashing import format_time

    hashed: dict[str, Any] = {
        "position": event.position,
        "stream_id": event.stream_id,
        "stream_version": event.stream_version,
        "event_id": str(event.event_id),
        "type": event.type,
        "data": event.data,
        "metadata": event.metadata,
        "recorded_at": format_time(event.recorded_at),
    }
    body = canonical(hashed)
    if hashlib.sha256(bytes.fromhex(event.prev_hash) + body).hexdigest() != event.hash:
        raise ExportError(f"the event at position {event.position} does not match its hash")
    line: dict[str, Any] = {**hashed, "prev_hash": event.prev_hash, "hash": event.hash}
    return json.dumps(line, ensure_ascii=False, separators=(",", ":"))


def canonical(value: object) -> bytes:
    """The documented canonical form: what `tools/verify_export.py` hashes."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
