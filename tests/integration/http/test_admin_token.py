"""The organizer token on first start, when JUDGING_ADMIN_TOKEN is not set."""

from __future__ import annotations

import stat
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from judging.http.app import create_app
from judging.settings import Settings


async def _start(settings: Settings) -> FastAPI:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        pass
    return app


async def _contests(app: FastAPI, token: str) -> int:
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            response = await client.get(
                "/api/contests", headers={"Authorization": f"Bearer {token}"}
            )
            return response.status_code


async def test_first_start_prints_and_writes_a_token_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = Settings(data_dir=tmp_path)  # the default SQLite file under data_dir
    await _start(settings)
    printed = capsys.readouterr().out
    assert "Organizer token: " in printed
    token = printed.split("Organizer token: ")[1].split()[0]
    token_file = tmp_path / "admin-token"
    assert token_file.read_text().strip() == token
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    await _start(settings)
    assert "Organizer token" not in capsys.readouterr().out
    assert await _contests(create_app(settings), token) == 200


async def test_no_token_file_for_another_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tmp_path / "data"
    settings = Settings(data_dir=data_dir, database_url=f"sqlite+aiosqlite:///{tmp_path / 'x.db'}")
    await _start(settings)
    assert "Organizer token: " in capsys.readouterr().out
    assert not (data_dir / "admin-token").exists()


async def test_an_admin_token_setting_generates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    await _start(Settings(data_dir=tmp_path, admin_token="set-by-env"))
    assert "Organizer token" not in capsys.readouterr().out
    assert not (tmp_path / "admin-token").exists()
