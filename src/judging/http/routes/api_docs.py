"""`/docs` (Swagger UI) and `/redoc` (ReDoc) served with no request to the internet.

FastAPI's own pages load their scripts, styles, icon and fonts from CDNs, so they are
blank on a venue network without internet. The assets come from the
`fastapi-offline` package (Swagger UI and ReDoc, as published) and are served from
`/docs-static/`; no Google fonts, and a content security policy that keeps the pages
from asking anything of another host (ReDoc's footer shows its logo from a CDN).
"""

from __future__ import annotations

from importlib import resources

from fastapi import FastAPI
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = "/docs-static"
OAUTH2_REDIRECT = "/docs/oauth2-redirect"
# Nothing but this server: ReDoc's footer logo (a CDN image) is not even requested.
OFFLINE = {"Content-Security-Policy": "default-src 'self' 'unsafe-inline' blob: data:"}


def mount_api_docs(app: FastAPI) -> None:
    """Swagger UI at `/docs` and ReDoc at `/redoc`, their assets from the package."""
    static = resources.files("fastapi_offline") / "static"
    app.mount(ASSETS, StaticFiles(directory=str(static)), name="docs-static")
    openapi_url = app.openapi_url or "/openapi.json"
    title = f"{app.title} API"

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui() -> HTMLResponse:
        return _offline(
            get_swagger_ui_html(
                openapi_url=openapi_url,
                title=title,
                oauth2_redirect_url=OAUTH2_REDIRECT,
                swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
                swagger_css_url=f"{ASSETS}/swagger-ui.css",
                swagger_favicon_url=f"{ASSETS}/favicon.png",
            )
        )

    @app.get(OAUTH2_REDIRECT, include_in_schema=False)
    async def swagger_ui_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @app.get("/redoc", include_in_schema=False)
    async def redoc() -> HTMLResponse:
        return _offline(
            get_redoc_html(
                openapi_url=openapi_url,
                title=title,
                redoc_js_url=f"{ASSETS}/redoc.standalone.js",
                redoc_favicon_url=f"{ASSETS}/favicon.png",
                with_google_fonts=False,
            )
        )


def _offline(page: HTMLResponse) -> HTMLResponse:
    page.headers.update(OFFLINE)
    return page
