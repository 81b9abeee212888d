"""Commands from tablets and the organizer console: one object, or a batch (a list).

Each command is decided and appended on its own, in order; the answer is always the
list form `{"results": [...]}`, one result per command sent, even for a single object.
"""

from __future__ import annotations

from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, Request

from judging.application.contests import ContestService
from judging.application.results import CommandError, CommandResult
from judging.application.writer import Origin
from judging.http.auth import Principal
from judging.http.command_batches import InvalidCommand, as_items, parse_item
from judging.http.deps import Contests, RequestOrigin, known_contest, require_roles
from judging.http.errors import ProblemError
from judging.http.limits import MAX_BATCH
from judging.http.statuses import result_json

router = APIRouter(prefix="/contests", tags=["commands"])

_COMMANDS_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "oneOf": [
                        {"type": "object", "description": "one command"},
                        {"type": "array", "items": {"type": "object"}, "maxItems": MAX_BATCH},
                    ]
                }
            }
        },
    }
}


async def _json_body(request: Request) -> Any:
    media = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
    if media != "application/json" and not media.endswith("+json"):
        raise ProblemError(415, "unsupported_media_type", "send the commands as JSON")
    try:
        return orjson.loads(await request.body())
    except orjson.JSONDecodeError as error:
        raise ProblemError(400, "invalid_json", f"the body is not valid JSON: {error}") from error


def _items(body: Any) -> list[Any]:
    items = as_items(body)
    if items is None:
        raise ProblemError(422, "validation_error", "send a command object or a list of them")
    if len(items) > MAX_BATCH:
        raise ProblemError(413, "payload_too_large", f"at most {MAX_BATCH} commands per request")
    return items


async def _run(
    service: ContestService, cid: str, item: Any, principal: Principal, base: Origin
) -> CommandResult:
    parsed = parse_item(item)
    if isinstance(parsed, InvalidCommand):
        error = CommandError("invalid_command", parsed.message)
        return CommandResult.rejected(parsed.command_id, error)
    at = Origin(device=base.device, client_time=parsed.client_time)
    return await service.submit(cid, parsed.command, principal.actor(), at)


@router.post("/{cid}/commands", openapi_extra=_COMMANDS_BODY)
async def send_commands(
    cid: str,
    request: Request,
    service: Contests,
    base: RequestOrigin,
    principal: Annotated[Principal, Depends(require_roles("organizer", "chief", "referee"))],
) -> dict[str, list[dict[str, Any]]]:
    """Returns `{"results": [{command_id, status, position?, error?, http_status?}]}`."""
    items = _items(await _json_body(request))
    await known_contest(service, cid)
    results = [await _run(service, cid, item, principal, base) for item in items]
    return {"results": [result_json(result) for result in results]}
