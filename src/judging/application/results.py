"""What the application answers per command: a status, a position, or a coded error.

No HTTP here: the HTTP layer maps an error's `code` to its status.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from judging.domain.errors import Rejected

Status = Literal["accepted", "duplicate", "rejected"]


@dataclass(frozen=True, slots=True)
class CommandError:
    """Why a command was rejected: a domain rejection or `invalid_command`."""

    code: str
    message: str

    @classmethod
    def of(cls, rejected: Rejected) -> CommandError:
        return cls(rejected.code, rejected.message)


class CommandRefused(Exception):
    """A whole request's command was rejected (answered as a problem document)."""

    def __init__(self, error: CommandError) -> None:
        super().__init__(f"{error.code}: {error.message}")
        self.code = error.code
        self.message = error.message


@dataclass(frozen=True, slots=True)
class CommandResult:
    command_id: str | None
    status: Status
    position: int | None = None
    error: CommandError | None = None

    @classmethod
    def accepted(cls, command_id: str, position: int) -> CommandResult:
        return cls(command_id, "accepted", position)

    @classmethod
    def duplicate(cls, command_id: str, position: int) -> CommandResult:
        return cls(command_id, "duplicate", position)

    @classmethod
    def rejected(cls, command_id: str | None, error: CommandError) -> CommandResult:
        return cls(command_id, "rejected", None, error)
