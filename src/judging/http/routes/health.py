"""Liveness and readiness: is the service up, and how far is the log."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from judging import __version__
from judging.http.deps import Store

router = APIRouter(tags=["health"])


@router.get("/health")
async def health(store: Store) -> dict[str, Any]:
    return {"status": "ok", "version": __version__, "position": await store.head()}
