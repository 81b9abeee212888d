"""Run as a separate OS process by the store tests: append N events to one stream.

usage: python store_append_worker.py URL STREAM COUNT BATCH
Prints the event ids it appended, one per line.
"""

from __future__ import annotations

import asyncio
import sys
import uuid

from judging.store import ANY, NewEvent, open_store


async def append_all(url: str, stream: str, count: int, batch: int) -> list[uuid.UUID]:
    store = await open_store(url)
    ids: list[uuid.UUID] = []
    try:
        for start in range(0, count, batch):
            events = [
                NewEvent(uuid.uuid4(), "appended", {"n": n}, {"actor": stream})
                for n in range(start, min(start + batch, count))
            ]
            await store.append(stream, events, ANY)
            ids += [e.event_id for e in events]
    finally:
        await store.close()
    return ids


def main() -> None:
    url, stream, count, batch = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    ids = asyncio.run(append_all(url, stream, count, batch))
    print("\n".join(str(i) for i in ids))


if __name__ == "__main__":
    main()
