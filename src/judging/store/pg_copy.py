"""A group's rows as PostgreSQL's binary `COPY` stream.

The store's writer sends each group with `COPY ... FROM STDIN (FORMAT binary)`:
every field goes in as the server keeps it, so the server parses nothing (a JSON
document of the same rows cost it about 0.17 ms of CPU a group of 100). Migration
0012's trigger moves the log head in the same statement. `python_copy_rows` is
the definition; `_copy.c` writes the same bytes compiled where it was built
(`setup.py`), and `copy_rows` is whichever is here.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from judging.store.rows import Row

SIGNATURE = b"PGCOPY\n\xff\r\n\x00"
HEADER = SIGNATURE + struct.pack("!ii", 0, 0)  # no flags, no header extension
TRAILER = struct.pack("!h", -1)
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)  # PostgreSQL's timestamps count from here
_FIXED = struct.Struct("!hiqI")  # the field count; position: its length, the value; ...
_INT4 = struct.Struct("!ii")
_LENGTH = struct.Struct("!i")


def microseconds(moment: datetime) -> int:
    """A timestamptz as the binary format carries it: microseconds since 2000 UTC."""
    return (moment - EPOCH) // timedelta(microseconds=1)


def python_copy_rows(rows: list[Row], recorded_at: int) -> bytes:
    """The binary `COPY` stream of `rows`, each recorded at `recorded_at`
    (`microseconds`): the rows of one group share their time."""
    parts = [HEADER]
    time_field = struct.pack("!iq", 8, recorded_at)
    for position, stream_id, version, event_id, type_, data, metadata, _, prev, hash_ in rows:
        stream = stream_id.encode()
        parts.append(_FIXED.pack(10, 8, position, len(stream)))
        parts.append(stream)
        parts.append(_INT4.pack(4, version))
        parts.append(_LENGTH.pack(16) + bytes.fromhex(event_id))
        for text in (type_, data, metadata):
            encoded = text.encode()
            parts.append(_LENGTH.pack(len(encoded)) + encoded)
        parts.append(time_field)
        for text in (prev, hash_):
            encoded = text.encode()
            parts.append(_LENGTH.pack(len(encoded)) + encoded)
    parts.append(TRAILER)
    return b"".join(parts)


CopyRows = Callable[[list[Row], int], bytes]
compiled_copy_rows: CopyRows | None
try:  # the same bytes compiled, where it was built (setup.py)
    from judging.store._copy import copy_rows as compiled_copy_rows
except ImportError:  # no C compiler at install time
    compiled_copy_rows = None
copy_rows: CopyRows = python_copy_rows if compiled_copy_rows is None else compiled_copy_rows
