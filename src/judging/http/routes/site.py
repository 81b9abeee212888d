"""`GET /api/site`: what the organizer console needs to know of this server.

`public_base_url` (setting `JUDGING_PUBLIC_BASE_URL`) is the address tablets reach
the server at; the console puts it in the links and QR codes it prints, instead of
the address the console itself was opened on (often 127.0.0.1).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from judging import __version__
from judging.http.auth import Principal
from judging.http.deps import AppSettings, require_roles

router = APIRouter(tags=["site"])


@router.get("/site")
async def site(
    settings: AppSettings,
    _: Annotated[Principal, Depends(require_roles("organizer"))],
) -> dict[str, Any]:
    """`{public_base_url, version}`; `public_base_url` is null when not configured."""
    return {"public_base_url": settings.public_base_url, "version": __version__}
