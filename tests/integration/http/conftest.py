"""An app on a fresh migrated database, its lifespan running, and a client for it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from service_api import ADMIN_TOKEN

from judging.http.app import create_app
from judging.settings import Settings


@pytest.fixture
def service_db_url(sqlite_url: str) -> str:
    """A fresh SQLite file already at head (a copy of the session's migrated one): the
    lifespan's migration finds nothing to do, 60 ms a test spared over 200 tests."""
    return sqlite_url


@pytest.fixture
def settings(tmp_path: Path, service_db_url: str) -> Settings:
    return Settings(database_url=service_db_url, data_dir=tmp_path, admin_token=ADMIN_TOKEN)


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[FastAPI]:
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http
