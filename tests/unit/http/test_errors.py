"""Problem documents and the rejection status table."""

from __future__ import annotations

import orjson

from judging.application.results import CommandError, CommandResult
from judging.http.errors import error_path, problem_body, problem_response
from judging.http.statuses import rejection_status, result_json


def test_problem_body_shape() -> None:
    body = problem_body(409, "entry_locked", "signed off", extra=1)
    assert body == {
        "type": "/problems/entry_locked",
        "title": "Conflict",
        "status": 409,
        "detail": "signed off",
        "code": "entry_locked",
        "extra": 1,
    }
    response = problem_response(599, "odd")
    assert response.media_type == "application/problem+json"
    assert orjson.loads(response.body)["title"] == "Error"


def test_error_paths() -> None:
    assert error_path(("body", 0, "name")) == "body[0].name"
    assert error_path(("criteria", 2, "aspects", 0, "max")) == "criteria[2].aspects[0].max"
    assert error_path(()) == ""


def test_rejection_statuses() -> None:
    expected = {
        "forbidden": 403,
        "not_assigned": 403,
        "conflict_of_interest": 403,
        "unknown_contestant": 404,
        "unknown_aspect": 404,
        "entry_locked": 409,
        "contest_not_running": 409,
        "already_marked": 409,
        "version_conflict": 409,
        "out_of_range": 422,
        "something_else": 422,
    }
    assert {code: rejection_status(code) for code in expected} == expected


def test_command_result_json() -> None:
    assert result_json(CommandResult.accepted("k", 7)) == {
        "command_id": "k",
        "status": "accepted",
        "position": 7,
    }
    rejected = result_json(CommandResult.rejected("k", CommandError("entry_locked", "locked")))
    assert rejected == {
        "command_id": "k",
        "status": "rejected",
        "error": {"code": "entry_locked", "message": "locked"},
        "http_status": 409,
    }
