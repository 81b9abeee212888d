"""Liveness and readiness: is the service up, and how far is the log."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from judging import __version__

router = APIRouter(tags=["health"])


@router.get("/health")
async def health(request: Request) -> dict[str, Any]:
    store = request.app.state.store
    return {"status": "ok", "version": __version__, "position": await store.head()}
