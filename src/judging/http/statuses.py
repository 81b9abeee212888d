"""The HTTP status of each rejection code, in one table (any code not listed is a 422).

The application answers codes only; this is where they become statuses: in problem
documents, and in the `http_status` of each result of `POST .../commands`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from judging.application.results import CommandResult

# Domain rejection code -> HTTP status; any code not listed is a 422.
REJECTION_STATUS: Mapping[str, int] = {
    "forbidden": 403,
    "not_assigned": 403,
    "conflict_of_interest": 403,
    "unknown_contestant": 404,
    "unknown_aspect": 404,
    "unknown_stage": 404,
    "unknown_penalty": 404,
    "unknown_command": 404,
    "contest_not_defined": 404,
    "unknown_venue": 422,
    "unknown_criterion": 422,
    "entry_locked": 409,
    "contest_not_running": 409,
    "contest_already_defined": 409,
    "invalid_transition": 409,
    "already_marked": 409,
    "already_measured": 409,
    "already_cleared": 409,
    "contestant_out": 409,
    "contest_finalized": 409,
    "duplicate_command": 409,
    "command_id_conflict": 409,
    "version_conflict": 409,
    "out_of_range": 422,
    "not_correctable": 422,
    "invalid_correction": 422,
    "invalid_definition": 422,
    "invalid_command": 422,
    # mentor-apprentice programmes
    "programme_unknown": 404,
    "pair_unknown": 404,
    "programme_already_defined": 409,
    "pair_already_exists": 409,
    "pair_ended": 409,
    "already_assessed": 409,
    "agreement_required": 409,
    "agreement_already_signed": 409,
    "mentor_busy": 409,
    "period_unknown": 422,
    "same_worker": 422,
    "nothing_to_correct": 422,
    "end_before_start": 422,
    # meets
    "meet_already_defined": 409,
    "unknown_meet": 404,
    "meet_invalid": 422,
    # rounds and awards
    "round_not_final": 409,
    "already_advanced": 409,
    "next_round_started": 409,
    "not_finalized": 409,
    "no_advancement_rule": 422,
    "not_next_round": 422,
    # online assessments
    "already_answered": 409,
    "not_a_question": 422,
}


def rejection_status(code: str) -> int:
    return REJECTION_STATUS.get(code, 422)


def result_json(result: CommandResult) -> dict[str, Any]:
    """One result of `POST .../commands`: `{command_id, status, position?, error?,
    http_status?}` (the status a rejection would have as a whole request)."""
    body: dict[str, Any] = {"command_id": result.command_id, "status": result.status}
    if result.position is not None:
        body["position"] = result.position
    if result.error is not None:
        body["error"] = {"code": result.error.code, "message": result.error.message}
        body["http_status"] = rejection_status(result.error.code)
    return body
