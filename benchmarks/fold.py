"""The contest fold: events/s on a long contest against reading the same log raw.

One contest of 2,000 contestants and 1,000,000 events (`--quick`: 50,000) is
written to a SQLite file in the columns of the store's events table, then, in the
same run:

- `read (raw driver)`: the rows read back with `sqlite3`, page by page by position:
  the reference (a catch-up can never be faster than reading its log);
- `read + orjson`: and each row's JSON data decoded to a dict;
- `decode: parse_event`: and each dict turned into an event (today's path);
- `decode: parse_events (pages)`: `judging.domain.event_codec.parse_events` of each
  page (upcasting included; the flat classes built by plan without validation, the
  others validated by pydantic);
- `fold (Fold.apply_all, collector paused)`: the events folded into the contest
  state, timed alone (each page is read and decoded first, untimed), as
  `bulk_fold.folded_state` folds a stream: with CPython's cyclic collector paused,
  as every fold of a stream in the product runs (`judging.collector`). The fold's
  own cost, and the row the targets are for;
- `fold, collector running`: the same with the collector running, every collection
  made during the run counted against the fold, those that start while a page is
  decoded too (the fold's records are what its full collections walk). Which part a
  full collection starts in is chance: of a run's 19, three to seven started during
  the fold, so timing only those moved this row by half from one run to the next;
- `read + parse_event + fold`: the whole catch-up of a read model, event by event;
- `read + iter_events + fold`: the events decoded by plan, each folded as soon as it
  is built (`event_codec.iter_events`), the collector paused (`bulk_fold`);
- `read + iter_events + board`: and the events applied to a `ContestBoard` (the
  fold, the standings' dirty marks and judge consistency) instead of the bare fold,
  as a live board loads (`bulk_fold.follow_all`);
- `store: read_stream_rows + follow_all`: the same contest appended through the
  event store (SQLite, batches of 1,000), then a live board's first load without a
  snapshot as `LiveBoards` does it: the contest's stream read through the store as
  `StreamRow`s and followed with the collector paused (each event's JSON parsed and
  decoded as it is folded), copying the snapshot due last (which the snapshot writer
  encodes on a worker thread once the board is in use). The end-to-end figure the
  issue measured ("the live boards caught up").

Each time is the faster of two runs. `x read` is each row's events/s over the
reference's (the target for the fold, as the product runs it: >= 0.5). The same
number of events is also folded into a 50-contestant contest, the two contests'
folds taking turns run by run: `x 50` is the 2,000-contestant per-event cost over
the 50-contestant one, with the collector running and paused (target: <= 1.5; each
entry's history is 40 times longer at 50 contestants, so a fold whose cost grew with
the contest or with an entry would show it). Times are CPU time of this process
(`time.process_time`), so other work on the machine weighs less.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import random
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson

from judging.collector import paused_collector
from judging.domain.event_codec import iter_events, parse_events
from judging.domain.events import VERSION_KEY, decode, encode, parse_event
from judging.domain.evolve import Fold
from judging.projections.bulk_fold import follow_all
from judging.projections.contest_board import ContestBoard
from judging.store import EventStore, NewEvent, migrate, open_store

FULL, QUICK = 1_000_000, 50_000
LARGE, SMALL = 2_000, 50
PAGE = 1_000
AT = "2024-05-01T08:00:00+00:00"
Row = tuple[Any, ...]  # position, the columns above: type at 4, data at 5
MEASURED = {"type": "measurement", "max": 10}
DEFINITION = {
    "id": "fold",
    "title": "Fold bench",
    "duration_minutes": 240,
    "criteria": [
        {"id": c, "name": c, "aspects": [{"id": f"{c}1", "name": c, **MEASURED}]}
        for c in ("a", "b", "c")
    ],
    "stages": [{"id": f"s{n}", "name": f"S{n}"} for n in range(1, 6)],
    "penalties": [{"id": "safety", "name": "Safety", "points": 5}],
}  # fmt: skip


def contest(contestants: int, count: int) -> Iterator[tuple[str, dict[str, Any]]]:
    """The opening, then `count` entries: marks, attempts, a penalty in 20, a correction in 50,
    each as the product stores it today (`events.encode`: every field, and the schema
    version of a type whose shape changed; `current_shape` checks it)."""
    rng = random.Random(contestants)
    people = [{"id": f"c{i}", "name": f"Contestant {i}"} for i in range(contestants)]
    yield "contest_defined", {"definition": DEFINITION}
    yield "contestants_registered", {"contestants": people}
    yield "referees_registered", {"referees": [{"id": "r", "name": "Referee"}]}
    yield "contest_started", {"at": AT}
    marks: list[str] = []
    for n in range(count - 4):
        entry = {"command_id": f"x{n}", "contestant_id": f"c{rng.randrange(contestants)}"}
        entry |= {"referee_id": "r", "at": AT}
        if n % 50 == 49:
            correction = {"supersedes": rng.choice(marks), "value": 5, "void": False}
            yield "entry_corrected", entry | correction | {"reason": "", VERSION_KEY: 2}
        elif n % 20 == 19:
            yield "penalty_imposed", entry | {"penalty_id": "safety", "reason": ""}
        elif n % 3 == 2:
            stage = {"stage_id": f"s{rng.randint(1, 5)}", "contest_time": n % 14_400}
            result = {"result": rng.choice(("cleared", "failed")), "penalty": True}
            yield "attempt_recorded", entry | stage | result | {VERSION_KEY: 2}
        else:
            marks.append(entry["command_id"])
            yield "mark_awarded", entry | {"aspect_id": rng.choice(("a1", "b1", "c1")), "value": 7}


COLUMNS = "stream_id, stream_version, event_id, type, data, metadata, recorded_at, prev_hash, hash"
READ_PAGE = f"SELECT position, {COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?"


def current_shape(events: Iterable[tuple[str, dict[str, Any]]]) -> None:
    """Each type's first event holds the keys `encode` writes for it today: no event of
    the bench is upcast on the way (a stored log written by today's code is not)."""
    seen: set[str] = set()
    for type_, data in events:
        if type_ not in seen:
            seen.add(type_)
            stored = encode(decode(type_, data))[1]
            if stored.keys() != data.keys():
                raise AssertionError(f"{type_}: {sorted(data)} is not today's {sorted(stored)}")


def stored(folder: Path, contestants: int, count: int) -> sqlite3.Connection:
    """The contest's log in a SQLite file, in the columns of the store's events table."""
    current_shape(contest(contestants, min(count, 1_000)))
    db = sqlite3.connect(folder / f"fold-{contestants}.db")
    db.execute(f"CREATE TABLE events (position INTEGER PRIMARY KEY, {COLUMNS})")
    db.executemany(
        f"INSERT INTO events ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            _stored_row(n, type_, data)
            for n, (type_, data) in enumerate(contest(contestants, count))
        ),
    )
    db.commit()
    return db


def _stored_row(n: int, type_: str, data: dict[str, Any]) -> tuple[Any, ...]:
    metadata = {"actor_id": "r", "role": "referee", "command_id": data.get("command_id")}
    chain = hashlib.sha256(str(n).encode()).hexdigest()
    identity = uuid.UUID(int=n).hex
    return ("contest-fold", n + 1, identity, type_, orjson.dumps(data).decode(),
            orjson.dumps(metadata).decode(), AT, chain, chain)  # fmt: skip


def pages(db: sqlite3.Connection) -> Iterator[list[Row]]:
    """The log page by page, by position, as the store's `read_all` asks for it."""
    after = 0
    while page := db.execute(READ_PAGE, (after, PAGE)).fetchall():
        after = page[-1][0]
        yield page


READ, PARSE = "read (raw driver)", "decode: parse_event"
CATCH_UP, PAGED_CATCH_UP = "read + parse_event + fold", "read + iter_events + fold"
BOARD_CATCH_UP = "read + iter_events + board"
STORE_LOAD = "store: read_stream_rows + follow_all"
STREAM = "contest-fold"
PAUSED, FOLD = "fold (Fold.apply_all, collector paused)", "fold, collector running"
DECODERS: dict[str, Callable[[list[Row]], Any]] = {
    READ: lambda page: page,
    "read + orjson": lambda page: [orjson.loads(row[5]) for row in page],
    PARSE: lambda page: [parse_event(r[4], orjson.loads(r[5])) for r in page],
    "decode: parse_events (pages)": lambda page: parse_events(
        [(r[4], orjson.loads(r[5]), r[0]) for r in page]
    ),
}


def timed_read(db: sqlite3.Connection, decoder: Callable[[list[Row]], Any]) -> float:
    """The faster of two reads of the whole log (the other had more interference)."""
    return min(_read_once(db, decoder) for _ in range(2))


def _read_once(db: sqlite3.Connection, decoder: Callable[[list[Row]], Any]) -> float:
    started = time.process_time()
    for page in pages(db):
        decoder(page)
    return time.process_time() - started


def timed_catch_up(db: sqlite3.Connection) -> float:
    """Read, decode and fold, as a read model catching up on the log does."""
    return min(_catch_up_once(db) for _ in range(2))


def _catch_up_once(db: sqlite3.Connection) -> float:
    fold, started = Fold(), time.process_time()
    for page in pages(db):
        for row in page:
            fold.apply(parse_event(row[4], orjson.loads(row[5])))
    return time.process_time() - started


def timed_paged_catch_up(db: sqlite3.Connection) -> float:
    """Read, decode each event and fold it with the collector paused, as a board loads
    (`bulk_fold.follow_all` under `paused_collector`)."""
    return min(_paged_catch_up_once(db) for _ in range(2))


def _paged_catch_up_once(db: sqlite3.Connection) -> float:
    fold, started = Fold(), time.process_time()
    gc.disable()
    try:
        for page in pages(db):
            fold.apply_all(iter_events((r[4], orjson.loads(r[5]), r[0]) for r in page))
    finally:
        gc.enable()
    return time.process_time() - started


def timed_board_catch_up(db: sqlite3.Connection) -> float:
    """The paged catch-up into a live board (fold, standings and judges)."""
    return min(_board_catch_up_once(db) for _ in range(2))


def _board_catch_up_once(db: sqlite3.Connection) -> float:
    board, started = ContestBoard(), time.process_time()
    gc.disable()
    try:
        for page in pages(db):
            events = iter_events((r[4], orjson.loads(r[5]), r[0]) for r in page)
            for stored_row, event in zip(page, events, strict=True):
                board.apply(event, stored_row[0], stored_row[9])
    finally:
        gc.enable()
    return time.process_time() - started


def timed_folds(dbs: dict[int, sqlite3.Connection]) -> dict[tuple[int, str], float]:
    """The raw read and the fold alone of each contest (by its number of contestants),
    the fold with the cyclic collector running and paused, each the faster of two
    runs (the fold: each page read and decoded untimed, then folded). The cases and
    the contests take turns run by run: `x read` and `x 50` compare them, and
    measured minutes apart they saw a machine whose speed had moved by up to a third
    in between."""
    spent: dict[tuple[int, str], list[float]] = {}
    for _ in range(2):
        for contestants, db in dbs.items():
            spent.setdefault((contestants, READ), []).append(_read_once(db, DECODERS[READ]))
            for case, collecting in ((PAUSED, False), (FOLD, True)):
                spent.setdefault((contestants, case), []).append(_fold_once(db, collecting))
    return {key: min(times) for key, times in spent.items()}


def _fold_once(db: sqlite3.Connection, collecting: bool) -> float:
    fold, spent = Fold(), 0.0
    if not collecting:
        gc.disable()
    outside = _Collections()  # while the collector runs: those started between folds
    gc.callbacks.append(outside.observe)
    try:
        for page in pages(db):
            events = DECODERS[PARSE](page)
            outside.counting = False
            started = time.process_time()
            fold.apply_all(events)
            spent += time.process_time() - started
            outside.counting = True
    finally:
        gc.callbacks.remove(outside.observe)
        gc.enable()
    return spent + outside.seconds


class _Collections:
    """The CPU time of the collections that start while `counting`."""

    def __init__(self) -> None:
        self.counting, self.seconds, self._started = True, 0.0, 0.0

    def observe(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.process_time()
        elif self.counting:
            self.seconds += time.process_time() - self._started


def row(case: str, contestants: int, count: int, seconds: float, read: float) -> dict[str, Any]:
    return {
        "case": case,
        "contestants": contestants,
        "events": count,
        "events/s": count / seconds,
        "us/event": seconds / count * 1e6,
        "x read": read / seconds,
    }


def measure(
    db: sqlite3.Connection, contestants: int, count: int, folds: dict[str, float], every: bool
) -> list[dict[str, Any]]:
    """The rows of one contest: its raw read and folds (`timed_folds`) and, with
    `every`, the other reads and the catch-ups."""
    cases = {case: decoder for case, decoder in DECODERS.items() if every and case != READ}
    seconds = folds | {case: timed_read(db, decoder) for case, decoder in cases.items()}
    if every:
        seconds[CATCH_UP] = timed_catch_up(db)
        seconds[PAGED_CATCH_UP] = timed_paged_catch_up(db)
        seconds[BOARD_CATCH_UP] = timed_board_catch_up(db)
    read = seconds[READ]
    return [row(case, contestants, count, spent, read) for case, spent in seconds.items()]


async def timed_store_load(folder: Path, contestants: int, count: int) -> float:
    """A board's first load through the store, the faster of two."""
    url = f"sqlite+aiosqlite:///{folder / 'store.db'}"
    await migrate(url)
    store = await open_store(url)
    try:
        batch: list[NewEvent] = []
        for n, (type_, data) in enumerate(contest(contestants, count), start=1):
            metadata = {"actor_id": "r", "role": "referee", "command_id": data.get("command_id")}
            batch.append(NewEvent(uuid.UUID(int=n), type_, data, metadata))
            if len(batch) == PAGE:
                await store.append(STREAM, batch)
                batch = []
        if batch:
            await store.append(STREAM, batch)
        return min([await _store_load_once(store) for _ in range(2)])
    finally:
        await store.close()


async def _store_load_once(store: EventStore) -> float:
    gc.collect()
    started = time.process_time()
    stream = await store.read_stream_rows(STREAM, 0)
    with paused_collector():
        follow_all(ContestBoard(), stream)
    return time.process_time() - started


async def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    count = QUICK if getattr(args, "quick", False) else FULL
    with tempfile.TemporaryDirectory() as folder:
        dbs = {size: stored(Path(folder), size, count) for size in (LARGE, SMALL)}
        try:
            folds = timed_folds(dbs)
            each = {size: {c: folds[size, c] for c in (READ, PAUSED, FOLD)} for size in dbs}
            large = measure(dbs[LARGE], LARGE, count, each[LARGE], every=True)
            small = measure(dbs[SMALL], SMALL, count, each[SMALL], every=False)
        finally:
            for db in dbs.values():
                db.close()
        loaded = await timed_store_load(Path(folder), LARGE, count)
        read = next(r["us/event"] for r in large if r["case"] == READ) * count / 1e6
        large.append(row(STORE_LOAD, LARGE, count, loaded, read))
    return [*large, *small, *(_versus(large, small, case) for case in (PAUSED, FOLD))]


def _versus(large: list[dict[str, Any]], small: list[dict[str, Any]], case: str) -> dict[str, Any]:
    """The per-event cost of `case` at 2,000 contestants over the one at 50."""
    costs = [next(r["us/event"] for r in rows if r["case"] == case) for rows in (large, small)]
    return {"case": f"{case}: {LARGE} vs {SMALL}", "x 50": costs[0] / costs[1]}
