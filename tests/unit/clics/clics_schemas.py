"""JSON schemas of the CLICS Contest API objects the export writes, written here.

The official schemas (github.com/icpc/ccs-specs, branch 2023-06, `json-schema/`) carry
no licence, so their text is not copied: these are written from the rules they and
`Contest_API.md` (2023-06) state, each with the file it comes from. Where the
official schemas are at hand (JUDGING_CCS_SPECS: a ccs-specs checkout or its git
directory), `test_clics_export_schemas` validates against them too.
"""

from __future__ import annotations

from typing import Any

# common.json: identifier, abstime, reltime, posreltime (patterns as the spec gives them)
IDENTIFIER = {"type": "string", "pattern": "^[A-Za-z0-9_]([A-Za-z0-9_.-]{0,34}[A-Za-z0-9_-]|)"}
ABSTIME = {
    "type": "string",
    "pattern": r"^[12][0-9]{3}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-6][0-9]:[0-6][0-9]"
    r"(\.[0-9]{3})?([+-][0-1][0-9](:[0-5][0-9])?|Z)$",
}
RELTIME = {
    "type": "string",
    "pattern": r"^-?([1-9][0-9]*)?[0-9]:[0-5][0-9]:[0-5][0-9](\.[0-9]{3})?$",
}
POSRELTIME = {
    "type": "string",
    "pattern": r"^([1-9][0-9]*)?[0-9]:[0-5][0-9]:[0-5][0-9](\.[0-9]{3})?$",
}
# common.json: judgementtypeid (the judgement types of Contest_API.md's "Known judgement types")
JUDGEMENT_TYPE_ID = {"enum": ["AC", "RE", "WA", "TLE", "RTE", "CE", "APE", "OLE", "PE", "EO",
                              "IO", "NO", "WTL", "ILE", "TCO", "TWA", "TPE", "TEO", "TIO", "TNO",
                              "MLE", "SV", "IF", "RCO", "RWA", "RPE", "REO", "RIO", "RNO", "CTL",
                              "JE", "SE", "CS"]}  # fmt: skip


def _or_null(schema: dict[str, Any]) -> dict[str, Any]:
    return {"oneOf": [schema, {"type": "null"}]}


def _object(required: list[str], properties: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {"type": "object", "required": required, "properties": properties, **more}


# contest.json: penalty_time is an integer of minutes, required for pass-fail scoreboards
# and absent from score ones.
CONTEST = _object(
    ["id", "name", "duration", "scoreboard_type"],
    {
        "id": IDENTIFIER,
        "name": {"type": "string"},
        "formal_name": {"type": "string"},
        "start_time": _or_null(ABSTIME),
        "duration": POSRELTIME,
        "scoreboard_freeze_duration": _or_null(POSRELTIME),
        "scoreboard_type": {"enum": ["pass-fail", "score"]},
        "penalty_time": {"type": "integer", "minimum": 0},
    },
    allOf=[
        {
            "if": {"properties": {"scoreboard_type": {"const": "pass-fail"}}},
            "then": {"required": ["penalty_time"]},
        },
        {
            "if": {"properties": {"scoreboard_type": {"const": "score"}}},
            "then": {"not": {"required": ["penalty_time"]}},
        },
    ],
)
# state.json
STATE = _object(
    ["started", "ended", "finalized", "end_of_updates"],
    {
        name: _or_null(ABSTIME)
        for name in ("started", "frozen", "ended", "thawed", "finalized", "end_of_updates")
    },
)
# judgement-type.json
JUDGEMENT_TYPE = _object(
    ["id", "name", "solved"],
    {
        "id": JUDGEMENT_TYPE_ID,
        "name": {"type": "string"},
        "penalty": {"type": "boolean"},
        "solved": {"type": "boolean"},
    },
)
# problem.json: test_data_count is required
PROBLEM = _object(
    ["id", "label", "name", "ordinal", "test_data_count"],
    {
        "id": IDENTIFIER,
        "label": {"type": "string"},
        "name": {"type": "string"},
        "ordinal": {"type": "integer"},
        "test_data_count": {"type": "integer", "minimum": 0},
        "max_score": {"type": "number"},
    },
)
# group.json, organization.json
GROUP = _object(["id", "name"], {"id": IDENTIFIER, "name": {"type": "string"}})
ORGANIZATION = GROUP
# team.json: label is required
TEAM = _object(
    ["id", "name", "label"],
    {
        "id": IDENTIFIER,
        "name": {"type": "string"},
        "label": {"type": "string"},
        "display_name": {"type": ["string", "null"]},
        "organization_id": _or_null(IDENTIFIER),
        "group_ids": _or_null({"type": "array", "uniqueItems": True, "items": IDENTIFIER}),
        "hidden": {"type": ["boolean", "null"]},
    },
)
# submission.json: language_id and files are required (files: file references)
SUBMISSION = _object(
    ["id", "language_id", "problem_id", "team_id", "time", "contest_time", "files"],
    {
        "id": IDENTIFIER,
        "language_id": IDENTIFIER,
        "problem_id": IDENTIFIER,
        "team_id": IDENTIFIER,
        "time": ABSTIME,
        "contest_time": RELTIME,
        "files": {"type": "array", "items": {"type": "object", "required": ["href", "mime"]}},
    },
)
# judgement.json: a judgement with a type has its end time too
JUDGEMENT = _object(
    ["id", "submission_id", "start_time", "start_contest_time"],
    {
        "id": IDENTIFIER,
        "submission_id": IDENTIFIER,
        "judgement_type_id": _or_null(JUDGEMENT_TYPE_ID),
        "score": {"type": "number", "minimum": 0},
        "start_time": ABSTIME,
        "start_contest_time": RELTIME,
        "end_time": _or_null(ABSTIME),
        "end_contest_time": _or_null(RELTIME),
    },
    oneOf=[
        {"required": ["judgement_type_id", "end_time", "end_contest_time"]},
        {"not": {"required": ["judgement_type_id", "end_time", "end_contest_time"]}},
    ],
)
# award.json
AWARD = _object(
    ["id", "citation"],
    {
        "id": IDENTIFIER,
        "citation": {"type": "string"},
        "team_ids": _or_null({"type": "array", "uniqueItems": True, "items": IDENTIFIER}),
    },
)
# scoreboard.json: a row's score is num_solved + total_time (pass-fail) or score; a
# problem cell has `time` exactly when it is solved (or scored above 0)
_CELL = _object(
    ["problem_id", "num_judged", "num_pending"],
    {
        "problem_id": IDENTIFIER,
        "num_judged": {"type": "integer", "minimum": 0},
        "num_pending": {"type": "integer", "minimum": 0},
        "solved": {"type": "boolean"},
        "score": {"type": "number", "minimum": 0},
        "time": {"type": "integer", "minimum": 0},
    },
    oneOf=[{"required": ["solved"]}, {"required": ["score"]}],
    **{
        "if": {
            "oneOf": [
                {"required": ["solved"], "not": {"properties": {"solved": {"const": True}}}},
                {"required": ["score"], "properties": {"score": {"const": 0}}},
            ]
        },
        "then": {"not": {"required": ["time"]}},
        "else": {"required": ["time"]},
    },
)
_SCORE = _object(
    [],
    {
        "num_solved": {"type": "integer", "minimum": 0},
        "total_time": {"type": "integer", "minimum": 0},
        "score": {"type": "number"},
    },
    oneOf=[
        {"required": ["num_solved", "total_time"], "not": {"required": ["score"]}},
        {"required": ["score"], "not": {"required": ["num_solved", "total_time"]}},
    ],
)
SCOREBOARD = _object(
    ["time", "contest_time", "state", "rows"],
    {
        "time": ABSTIME,
        "contest_time": RELTIME,
        "state": STATE,
        "rows": {
            "type": "array",
            "items": _object(
                ["rank", "team_id", "score"],
                {
                    "rank": {"type": "integer", "minimum": 1},
                    "team_id": IDENTIFIER,
                    "score": _SCORE,
                    "problems": {"type": "array", "items": _CELL},
                },
            ),
        },
    },
)
OBJECTS: dict[str, dict[str, Any]] = {
    "contest": CONTEST,
    "state": STATE,
    "judgement-types": JUDGEMENT_TYPE,
    "problems": PROBLEM,
    "groups": GROUP,
    "organizations": ORGANIZATION,
    "teams": TEAM,
    "submissions": SUBMISSION,
    "judgements": JUDGEMENT,
    "awards": AWARD,
}
# event-feed.json (2023-06): {type, id, data, token}; `data: null` deletes
NOTIFICATION = _object(
    ["id", "type", "data"],
    {
        "type": {"enum": [*OBJECTS]},
        "id": _or_null(IDENTIFIER),
        "token": {"type": ["string", "null"]},
    },
    allOf=[
        {
            "if": {"properties": {"type": {"const": name}}},
            "then": {"properties": {"data": {"oneOf": [schema, {"type": "null"}]}}},
        }
        for name, schema in OBJECTS.items()
    ],
)
