"""`create_app(settings)`: the one composition root of the service."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from judging import __version__
from judging.service.access import AccessRegistry
from judging.service.admin import ensure_organizer_token
from judging.service.contests import ContestService
from judging.service.delivery import include_delivery_routes, live_delivery
from judging.service.errors import install_error_handlers
from judging.service.limits import BodyLimitMiddleware
from judging.service.logging import AccessLogMiddleware, configure_logging
from judging.service.middleware import RequestContextMiddleware
from judging.service.responses import OrjsonResponse
from judging.service.routes import (
    commands,
    contests,
    health,
    me,
    referees,
    standards,
    talent,
    tokens,
)
from judging.service.routes.pages import mount_pages
from judging.service.standards import StandardsService
from judging.service.web import web_dir
from judging.settings import Settings
from judging.store import migrate, open_store


def create_app(settings: Settings) -> FastAPI:
    """Build the application; the store is opened (and migrated) when it starts."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        configure_logging(settings.log_level)
        url = settings.resolved_database_url()
        await migrate(url)
        store = await open_store(url, poll_interval=settings.poll_seconds)
        app.state.store = store
        app.state.access = AccessRegistry(store, settings.admin_token)
        app.state.contests = ContestService(store)
        app.state.standards = StandardsService(store)
        try:
            await ensure_organizer_token(app.state.access, settings)
            async with live_delivery(app, store, settings):
                yield
        finally:
            await store.close()

    app = FastAPI(
        title="Judging",
        version=__version__,
        lifespan=lifespan,
        default_response_class=OrjsonResponse,
    )
    app.state.settings = settings
    install_error_handlers(app)
    app.add_middleware(BodyLimitMiddleware)
    app.add_middleware(AccessLogMiddleware)
    app.add_middleware(RequestContextMiddleware)  # outermost: request ids, no tracebacks out
    app.include_router(health.router, prefix="/api")
    for module in (contests, referees, tokens, commands, talent, standards):
        app.include_router(module.router, prefix="/api")
    app.include_router(me.router, prefix="/api")
    include_delivery_routes(app)
    mount_pages(app, web_dir(settings))
    return app
