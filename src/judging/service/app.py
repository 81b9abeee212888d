"""`create_app(settings)`: the one composition root of the service."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import ORJSONResponse

from judging import __version__
from judging.service.routes import health
from judging.settings import Settings
from judging.store import migrate, open_store


def create_app(settings: Settings) -> FastAPI:
    """Build the application; the store is opened (and migrated) when it starts."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        url = settings.resolved_database_url()
        await migrate(url)
        store = await open_store(url)
        app.state.store = store
        try:
            yield
        finally:
            await store.close()

    app = FastAPI(
        title="Judging",
        version=__version__,
        default_response_class=ORJSONResponse,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.include_router(health.router, prefix="/api")
    return app
