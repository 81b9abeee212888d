"""The web pages (DESIGN.md §7) at their stable paths, and their static files.

Each page is one HTML file of `web/` that loads plain ES modules from `/static/`;
the contest id is read by the page from its own path. Pages are sent with a strict
content security policy: scripts and styles only from this server, no inline code.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from judging.http.errors import ProblemError

# Path -> page file. The `{cid}` / `{worker_id}` segments are read by the page itself.
PAGES: dict[str, str] = {
    "/": "index.html",
    "/console": "console.html",
    "/referee/{cid}": "referee.html",
    "/assess/{cid}": "assess.html",
    "/chief/{cid}": "chief.html",
    "/screen/{cid}": "screen.html",
    "/live/{cid}": "live.html",
    "/workers/{worker_id}": "worker.html",
    "/leaderboard": "leaderboard.html",
    "/rate.html": "rate.html",
    "/campaigns": "campaigns.html",
    "/programmes": "programmes.html",
    "/meets/{mid}": "meet.html",
    "/verify/{code}": "verify.html",
    "/awards/{cid}": "awards.html",
    "/certificates/{cid}": "certificate.html",
}

SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


def _page_route(path: Path) -> FileResponse:
    if not path.is_file():
        raise ProblemError(404, "not_found", f"the page {path.name} is not installed")
    return FileResponse(path, media_type="text/html; charset=utf-8", headers=SECURITY_HEADERS)


def pages_router(web: Path) -> APIRouter:
    """One GET route per page; each answers its HTML file."""
    router = APIRouter(tags=["pages"], include_in_schema=False)
    for route, filename in PAGES.items():
        file = web / filename

        async def page(file: Path = file) -> FileResponse:
            return _page_route(file)

        router.add_api_route(route, page, methods=["GET"], name=f"page:{filename}")
    return router


def mount_pages(app: FastAPI, web: Path) -> None:
    """The pages at their paths and `web/` itself under `/static/`."""
    app.include_router(pages_router(web))
    app.mount("/static", StaticFiles(directory=web, check_dir=False), name="static")
