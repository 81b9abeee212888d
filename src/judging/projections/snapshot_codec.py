"""A contest's fold as bytes, and back: what a snapshot stores.

A snapshot holds the contest state (`judging.domain.state`) and the judge-consistency
fold (`JudgeConsistency`): everything else a board shows is derived from the state
when the board is read. The encoding is JSON (orjson), compressed with zlib:

- the definition, contestants and referees as their models dump them;
- lifecycle times and sign-offs in ISO 8601;
- records as arrays in the order of their fields, versions as arrays too.

A long contest's state is mostly records (one per mark, penalty and attempt), and a
board load or a time travel takes a snapshot every so often: records go to orjson as
they are (their tuples turned into arrays by `default`), and come back by building
the tuples straight from the arrays, with no Python frame per field.

`SCHEMA` names the code that produced a snapshot: a digest of this module and of the
modules whose code decides what a fold holds (the state, the fold, the events, the
definition, the roster, the judge fold). When any of them changes, older snapshots
no longer match and are taken again from the events (never trusted across versions).
"""

from __future__ import annotations

import hashlib
import inspect
import sys
import zlib
from collections.abc import Callable
from datetime import datetime
from functools import partial
from types import ModuleType
from typing import Any, cast

import orjson

from judging.domain import catalog, definition, events, evolve, roster, state
from judging.domain.definition import ContestDefinition
from judging.domain.events import AwardGiven
from judging.domain.roster import Contestant, Referee
from judging.domain.state import (
    ContestState,
    EntryState,
    Lifecycle,
    Record,
    Version,
    originals,
)
from judging.projections import judges
from judging.projections.judges import JudgeConsistency

FORMAT = 1
LEVEL = 1  # zlib: fast; JSON of records compresses about tenfold even so


def _schema(modules: tuple[ModuleType, ...]) -> str:
    digest = hashlib.sha256(f"format {FORMAT}".encode())
    for module in modules:
        digest.update(inspect.getsource(module).encode())
    return digest.hexdigest()[:32]


FOLD_MODULES = (sys.modules[__name__], catalog, definition, events, evolve, roster, state, judges)
SCHEMA = _schema(FOLD_MODULES)


def encode(contest: ContestState, consistency: JudgeConsistency) -> bytes:
    """The fold of one contest as compressed JSON."""
    return encoded(contest, consistency.to_json())


def encoded(contest: ContestState, judges: dict[str, Any]) -> bytes:
    """`encode` of a state and of the judge fold's `to_json()`: what a snapshot taken
    now and encoded later, elsewhere, holds (`snapshots.PendingSnapshot`)."""
    document = {"state": state_json(contest), "judges": judges}
    return zlib.compress(orjson.dumps(document, default=_array), LEVEL)


def _array(value: object) -> list[Any]:
    """A record or a version (named tuples, which orjson leaves to us) as an array."""
    if isinstance(value, Record | Version):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not part of a snapshot")


def decode(data: bytes) -> tuple[ContestState, JudgeConsistency]:
    """The fold `encode` gave: a state and a judge fold that share nothing with others."""
    document = orjson.loads(zlib.decompress(data))
    contest = state_of(document["state"])
    return contest, JudgeConsistency.from_json(document["judges"], contest.definition)


def state_json(contest: ContestState) -> dict[str, Any]:
    """The state as values orjson writes (records as they are: see `_array`)."""
    return {
        "definition": contest.definition.model_dump(mode="json", by_alias=True),
        "lifecycle": [_iso(moment) for moment in _moments(contest.lifecycle)],
        "contestants": [_entry_json(entry) for entry in contest.contestants.values()],
        "referees": [referee.model_dump(mode="json") for referee in contest.referees.values()],
        "records": list(contest.records.values()),
        "corrections": contest.corrections,
        "awards": [award.model_dump(mode="json") for award in contest.awards],
        "advanced": contest.advanced,
        "advanced_from": contest.advanced_from,
    }


def state_of(data: dict[str, Any]) -> ContestState:
    contest = ContestState.of(ContestDefinition.model_validate(data["definition"]))
    contest.lifecycle = Lifecycle(*map(_moment, data["lifecycle"]))
    names: dict[str, str] = {}
    records = contest.records
    for array in data["records"]:  # in entry order: a record's previous is in already
        if array[9] is not None:  # the key's string, not a copy of its own per link
            array[9] = records[array[9]].command_id
        records[array[0]] = _record_of(array, names)
    for array in data["contestants"]:
        entry = _entry_of(array)
        if entry.latest is not None:
            entry.latest = records[entry.latest].command_id
        contest.contestants[entry.contestant.id] = entry
    for referee in map(Referee.model_validate, data["referees"]):
        contest.referees[referee.id] = referee
    contest.corrections = data["corrections"]
    contest.awards = [AwardGiven.model_validate(award) for award in data.get("awards", ())]
    contest.advanced = data.get("advanced", {})
    contest.advanced_from = data.get("advanced_from", {})
    return contest


def _moments(lifecycle: Lifecycle) -> tuple[datetime | None, ...]:
    return (
        lifecycle.started,
        lifecycle.frozen,
        lifecycle.ended,
        lifecycle.thawed,
        lifecycle.finalized,
    )


def _entry_json(entry: EntryState) -> list[Any]:
    return [
        entry.contestant.model_dump(mode="json"),
        entry.latest,
        _iso(entry.signed_off),
        entry.status,
    ]


def _entry_of(data: list[Any]) -> EntryState:
    contestant, latest, signed_off, status = data
    person = Contestant.model_validate(contestant)
    return EntryState(person, latest, _moment(signed_off), status)


def _record_of(data: list[Any], names: dict[str, str]) -> Record:
    """A record from its array (fields in order, versions as arrays): a snapshot is
    read only by the code that wrote it (`SCHEMA`), so the shapes are right. As the
    fold does, records share one string per kind, contestant, subject, referee id and
    result (`names`), and the original version the fold's `originals`."""
    kind, who, subject, referee, versions, result = data[1:7]
    data[1:5] = (
        names.setdefault(kind, kind),
        names.setdefault(who, who),
        names.setdefault(subject, subject),
        names.setdefault(referee, referee),
    )
    data[6] = names.setdefault(result, result)
    first, *later = versions
    shared = originals(first[1], first[3])
    data[5] = (*shared, *map(_version, later)) if later else shared
    return _record(data)


# Named tuples straight from their fields in order (what `_make` does, without its
# Python frame and length check).
_record = cast(Callable[[list[Any]], Record], partial(tuple.__new__, Record))
_version = cast(Callable[[list[Any]], Version], partial(tuple.__new__, Version))


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _moment(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)
