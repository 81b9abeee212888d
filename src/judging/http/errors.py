"""Errors as `application/problem+json` with a stable `code` (DESIGN.md §5).

Every error leaving the API goes through here: `ProblemError` raised by the service
and the routes, FastAPI's request validation, Starlette's HTTP errors, and domain
rejections (`Rejected`), whose codes map to a status in `REJECTION_STATUS`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

import orjson
from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from judging.application.results import CommandRefused
from judging.domain.errors import Rejected
from judging.http.statuses import rejection_status

PROBLEM_JSON = "application/problem+json"

# Starlette's bare HTTP errors -> our stable codes. FastAPI's only 400 is a request
# body its JSON parser could not read (e.g. nested past the parser's stack).
_HTTP_CODES: Mapping[int, str] = {
    400: "invalid_json",
    401: "invalid_token",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
}


class ProblemError(HTTPException):
    """An error the API answers with a problem document.

    It is an `HTTPException` so that FastAPI lets it through when raised while the
    request body is read (the body limit) instead of turning it into a 400.
    """

    def __init__(
        self,
        status: int,
        code: str,
        detail: str = "",
        headers: Mapping[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(status_code=status, detail=detail, headers=dict(headers or {}))
        self.status = status
        self.code = code
        self.detail = detail
        self.extra = extra


def _title(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def problem_body(status: int, code: str, detail: str = "", **extra: Any) -> dict[str, Any]:
    title = _title(status)
    body: dict[str, Any] = {
        "type": f"/problems/{code}",
        "title": title,
        "status": status,
        "detail": detail or title,
        "code": code,
    }
    body.update(extra)
    return body


def problem_response(
    status: int,
    code: str,
    detail: str = "",
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> Response:
    content = orjson.dumps(problem_body(status, code, detail, **extra))
    return Response(content, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def validation_errors(errors: Sequence[Any]) -> list[dict[str, str]]:
    """FastAPI/pydantic errors as `[{path, message}]`, the path dotted with indexes."""
    return [
        {"path": error_path(e.get("loc", ())), "message": str(e.get("msg", ""))} for e in errors
    ]


def error_path(loc: Sequence[Any]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


async def _on_problem(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ProblemError)
    headers = dict(exc.headers or {})
    if exc.status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return problem_response(exc.status, exc.code, exc.detail, headers, **exc.extra)


async def _on_rejected(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Rejected)
    return problem_response(rejection_status(exc.code), exc.code, exc.message)


async def _on_refused(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, CommandRefused)
    return problem_response(rejection_status(exc.code), exc.code, exc.message)


async def _on_validation(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = validation_errors(exc.errors())
    return problem_response(422, "validation_error", "the request is not valid", errors=errors)


async def _on_model_validation(request: Request, exc: Exception) -> Response:
    """A domain model a route built from the request refused it (a cross-field rule the
    request body's own model does not repeat): the request is invalid, not the server."""
    assert isinstance(exc, ValidationError)
    errors = [{"path": error_path(("body", *e["loc"])), "message": e["msg"]} for e in exc.errors()]
    return problem_response(422, "validation_error", "the request is not valid", errors=errors)


async def _on_http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    detail = exc.detail if isinstance(exc.detail, str) else ""
    return problem_response(exc.status_code, code, detail, exc.headers)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ProblemError, _on_problem)
    app.add_exception_handler(Rejected, _on_rejected)
    app.add_exception_handler(CommandRefused, _on_refused)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(ValidationError, _on_model_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http)
