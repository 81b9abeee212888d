"""JSON responses written by orjson (DESIGN.md §5: "JSON (orjson)").

FastAPI 0.165 deprecated its own `ORJSONResponse` (it now prefers to let pydantic
write the bytes of annotated routes), but a response class of our own stays the
supported way to choose the encoder: set as the app's `default_response_class`, it
turns off FastAPI's pydantic-to-bytes shortcut, so FastAPI still validates a route's
return value against its annotation and turns it into JSON-ready data (pydantic's
JSON mode, or `jsonable_encoder` without an annotation), and the bytes on the wire
are written here. Routes that return a `Response` of their own (problem+json errors,
the ndjson event feed, pages, metrics) are untouched.
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import JSONResponse

OPTIONS = orjson.OPT_NON_STR_KEYS


class OrjsonResponse(JSONResponse):
    """`application/json`, compact UTF-8, encoded by orjson.

    Given raw data instead of FastAPI's JSON-ready data, orjson still writes
    datetimes as RFC 3339 text, UUIDs in their canonical form, dataclasses as objects
    and non-string keys (numbers, UUIDs, dates) as strings; anything else is a
    `TypeError`, as with the standard library.
    """

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content, option=OPTIONS)
