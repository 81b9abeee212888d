"""What the service answers per command, and where a command came from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from judging.domain.errors import Rejected
from judging.http.statuses import rejection_status

Status = Literal["accepted", "duplicate", "rejected"]


@dataclass(frozen=True, slots=True)
class Origin:
    """Request facts stored in the events' metadata: the device and the client's clock."""

    device: str | None = None
    client_time: str | float | int | None = None


@dataclass(frozen=True, slots=True)
class CommandError:
    """Why a command was rejected: a domain rejection or `invalid_command`."""

    code: str
    message: str

    @classmethod
    def of(cls, rejected: Rejected) -> CommandError:
        return cls(rejected.code, rejected.message)

    @property
    def http_status(self) -> int:
        return rejection_status(self.code)


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

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"command_id": self.command_id, "status": self.status}
        if self.position is not None:
            body["position"] = self.position
        if self.error is not None:
            body["error"] = {"code": self.error.code, "message": self.error.message}
            body["http_status"] = self.error.http_status
        return body
