"""Rejections: every refused command has a stable code and a message a referee understands."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

RejectionCode = Literal[
    "not_assigned",
    "conflict_of_interest",
    "out_of_range",
    "unknown_contestant",
    "unknown_aspect",
    "unknown_stage",
    "unknown_penalty",
    "unknown_command",
    "unknown_venue",
    "unknown_criterion",
    "duplicate_command",
    "entry_locked",
    "contest_not_running",
    "contest_finalized",
    "contest_already_defined",
    "contest_not_defined",
    "invalid_transition",
    "already_marked",
    "already_measured",
    "already_cleared",
    "forbidden",
    "not_correctable",
    "invalid_correction",
    "contestant_out",
    "invalid_definition",
    "version_conflict",
    # meets
    "meet_invalid",
    "meet_already_defined",
    "unknown_meet",
    # mentor-apprentice programmes
    "programme_already_defined",
    "programme_unknown",
    "pair_unknown",
    "pair_already_exists",
    "pair_ended",
    "period_unknown",
    "already_assessed",
    "nothing_to_correct",
    "agreement_required",
    "agreement_already_signed",
    "same_worker",
    "mentor_busy",
    "end_before_start",
    # rounds and awards
    "round_not_final",
    "already_advanced",
    "no_advancement_rule",
    "not_next_round",
    "next_round_started",
    "not_finalized",
    # online assessments
    "already_answered",
    "not_a_question",
]


@dataclass(frozen=True)
class Rejected(Exception):
    """Raised by `decide`; the command changes nothing."""

    code: RejectionCode
    message: str
    details: dict[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"
