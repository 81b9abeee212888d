"""JSON responses written by orjson, with FastAPI still validating annotated returns."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
from fastapi import FastAPI
from pydantic import BaseModel

import judging.http.responses as responses
from judging.http.app import create_app
from judging.http.responses import OrjsonResponse
from judging.settings import Settings

WHEN = datetime(2025, 5, 1, 8, 30, 15, 250000, tzinfo=UTC)
ID = uuid.UUID(int=7)


class Stamp(BaseModel):
    at: datetime
    id: uuid.UUID
    name: str


def test_render_is_compact_utf8_with_dates_uuids_and_number_keys() -> None:
    response = OrjsonResponse({1: WHEN, "id": ID, "name": "温州", "none": None})
    assert response.media_type == "application/json"
    assert response.headers["content-type"] == "application/json"
    assert (
        response.body
        == (
            '{"1":"2025-05-01T08:30:15.250000+00:00",'
            '"id":"00000000-0000-0000-0000-000000000007","name":"温州","none":null}'
        ).encode()
    )


def test_unknown_types_are_refused() -> None:
    with pytest.raises(TypeError):
        OrjsonResponse({"x": object()})


async def test_annotated_and_plain_routes_are_written_by_orjson(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    written: list[Any] = []
    dumps = orjson.dumps

    def spy(content: Any, option: int) -> bytes:
        written.append(content)
        return dumps(content, option=option)

    monkeypatch.setattr(responses.orjson, "dumps", spy)
    app = FastAPI(default_response_class=OrjsonResponse)

    @app.get("/model")
    async def model() -> Stamp:
        return Stamp(at=WHEN, id=ID, name="南京")

    @app.get("/plain", status_code=201)
    async def plain() -> Any:
        return {"at": WHEN}

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        annotated, untyped = await client.get("/model"), await client.get("/plain")
    assert annotated.headers["content-type"] == "application/json"
    at = "2025-05-01T08:30:15.250000Z"  # pydantic's JSON mode, before orjson writes it
    assert annotated.json() == {"at": at, "id": str(ID), "name": "南京"}
    assert (untyped.status_code, untyped.json()) == (201, {"at": at})
    assert len(written) == 2


def test_the_app_uses_it_by_default(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'a.db'}", data_dir=tmp_path)
    assert create_app(settings).router.default_response_class is OrjsonResponse
