"""The CLICS export validates against the Contest API's JSON schemas (2023-06).

Every endpoint object, the scoreboard and every event-feed line, for a points and a
stages contest (public and organizer views, during and after the freeze) and for the
two real feeds where present, against the schemas of `clics_schemas` (written from
the spec) and, when JUDGING_CCS_SPECS names a ccs-specs checkout or git directory,
against the official ones. Also: the export of a contest imports back to the same
standings, for the real feeds too.
"""

from __future__ import annotations

import json
import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from clics_schemas import NOTIFICATION, OBJECTS, SCOREBOARD

from judging.clics.contest_api import COLLECTIONS, ContestApi
from judging.clics.importer import import_feed
from judging.clics.reader import load_feed, read_feed
from judging.domain.events import ContestEvent, parse_event
from judging.projections.standings import ContestStandings

jsonschema_rs = pytest.importorskip(
    "jsonschema_rs", reason="the JSON-schema validator (pip package jsonschema-rs) is absent"
)
ROOT = Path(__file__).resolve().parents[3]
LOG = ROOT / "tests" / "data" / "events_v1.ndjson"
FIXTURES = Path(os.environ.get("JUDGING_CLICS_FIXTURES", ROOT.parent / "shared/fixtures/clics"))
NOW = datetime(2030, 1, 1, tzinfo=UTC)


def stream(name: str) -> list[ContestEvent]:
    rows = [json.loads(line) for line in LOG.read_text(encoding="utf-8").splitlines()]
    return [parse_event(r["type"], r["data"]) for r in rows if r["stream_id"] == f"contest-{name}"]


def frozen_relay() -> list[ContestEvent]:
    """The relay, frozen before its last attempt and never thawed."""
    events = [e for e in stream("relay") if e.type != "contest_finalized"]
    last = next(i for i, e in enumerate(events) if getattr(e, "command_id", "") == "a7")
    frozen = parse_event("contest_frozen", {"at": events[last].model_dump()["at"]})
    return [*events[:last], frozen, *events[last:]]


def real(name: str) -> list[ContestEvent]:
    path = FIXTURES / f"{name}.ndjson"
    if not path.is_file():
        pytest.skip(f"CLICS fixture {path} is absent (set JUDGING_CLICS_FIXTURES)")
    return import_feed(load_feed(path)).events


CONTESTS = {
    "gym": lambda: stream("gym"),
    "relay": lambda: stream("relay"),
    "frozen-relay": frozen_relay,
    "euc2025": lambda: real("euc2025"),
    "swerc2022": lambda: real("swerc2022"),
}


def exports(events: list[ContestEvent]) -> list[tuple[ContestApi, list[Any]]]:
    standings = ContestStandings.of(events)
    return [
        (ContestApi.of(events, public=view == "public"), standings.document(view)["rows"])  # type: ignore[arg-type]
        for view in ("public", "live")
    ]


def problems(validator: Any, instance: Any) -> list[str]:
    return [f"{list(e.instance_path)}: {e.message}" for e in validator.iter_errors(instance)][:5]


def check_all(api: ContestApi, rows: list[Any], validators: dict[str, Any]) -> None:
    assert problems(validators["contest"], {"id": "c", "name": "C", "duration": "5:00:00"})
    assert problems(validators["submissions"], {**api.collection("submissions")[0], "files": None})
    assert not problems(validators["contest"], api.contest())
    assert not problems(validators["state"], api.state())
    for endpoint in COLLECTIONS:
        for item in api.collection(endpoint):
            assert not problems(validators[endpoint], item), (endpoint, item)
    assert not problems(validators["scoreboard"], api.scoreboard(rows, NOW))
    for line in api.event_feed():
        assert not problems(validators["event-feed"], line), line


@pytest.mark.parametrize("name", CONTESTS)
def test_the_export_validates(name: str) -> None:
    schemas = {**OBJECTS, "scoreboard": SCOREBOARD, "event-feed": NOTIFICATION}
    validators = {key: jsonschema_rs.validator_for(schema) for key, schema in schemas.items()}
    for api, rows in exports(CONTESTS[name]()):
        check_all(api, rows, validators)


@pytest.mark.parametrize("name", CONTESTS)
def test_the_export_validates_against_the_official_schemas(name: str) -> None:
    validators = official_validators()
    for api, rows in exports(CONTESTS[name]()):
        check_all(api, rows, validators)


def ranks(events: list[ContestEvent], view: str) -> dict[str, tuple[int, int, float]]:
    document = ContestStandings.of(events).document(view)  # type: ignore[arg-type]
    return {
        r["contestant_id"]: (r["rank"], r["score"]["stages_cleared"], r["score"]["time"])
        for r in document["rows"]
    }


@pytest.mark.parametrize("name", ["relay", "frozen-relay", "euc2025", "swerc2022"])
def test_export_then_import_gives_the_same_standings(name: str) -> None:
    events = CONTESTS[name]()
    for public, view in ((False, "live"), (True, "public")):
        lines = [json.dumps(line) for line in ContestApi.of(events, public).event_feed()]
        again = import_feed(read_feed(lines)).events
        assert ranks(again, "live") == ranks(events, view)


# ---- the official schemas, where a ccs-specs checkout is at hand -------------------

NAMES = {
    "contest": "contest",
    "state": "state",
    "judgement-types": "judgement-type",
    "problems": "problem",
    "groups": "group",
    "organizations": "organization",
    "teams": "team",
    "submissions": "submission",
    "judgements": "judgement",
    "awards": "award",
    "scoreboard": "scoreboard",
    "event-feed": "event-feed",
}
BASE = "https://github.com/icpc/ccs-specs/raw/2023-06/json-schema/"


def official_validators() -> dict[str, Any]:
    source = os.environ.get("JUDGING_CCS_SPECS")
    if not source:
        pytest.skip("JUDGING_CCS_SPECS is not set (a ccs-specs checkout or its git directory)")
    files = _schema_files(Path(source))
    registry = jsonschema_rs.Registry([(BASE + name, schema) for name, schema in files.items()])
    return {
        endpoint: jsonschema_rs.validator_for(files[f"{file}.json"], registry=registry)
        for endpoint, file in NAMES.items()
    }


def _schema_files(source: Path) -> dict[str, Any]:
    if (source / "json-schema").is_dir():
        folder = source / "json-schema"
        return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*.json")}
    listing = _git(source, "ls-tree", "--name-only", "2023-06", "json-schema/").split()
    return {Path(p).name: json.loads(_git(source, "show", f"2023-06:{p}")) for p in listing}


def _git(source: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "--git-dir", str(source), *args], capture_output=True, text=True, check=True
    )
    return result.stdout
