"""`create_app(settings)`: the one composition root of the service.

The lifespan opens (and migrates) the store, builds the application services, then
the live delivery: the live projections and their runner, the websocket hub wired to
the live boards' change notification (one listener per process) and the metrics.
Everything stops before the store closes. `app.state` holds what the dependencies in
`judging.http.deps` hand to the routes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from judging import __version__
from judging.application.access import AccessRegistry
from judging.application.admin import ensure_organizer_token
from judging.application.contests import ContestService
from judging.application.standards import StandardsService
from judging.http.access_log import AccessLogMiddleware, configure_logging
from judging.http.errors import install_error_handlers
from judging.http.limits import BodyLimitMiddleware
from judging.http.metrics import Metrics
from judging.http.middleware import RequestContextMiddleware
from judging.http.responses import OrjsonResponse
from judging.http.routes import (
    boards,
    commands,
    contests,
    event_feed,
    health,
    me,
    metrics,
    referees,
    standards,
    talent,
    tokens,
    websockets,
)
from judging.http.routes.pages import mount_pages
from judging.http.web import web_dir
from judging.live.documents import LiveBoardSource
from judging.live.hub import Hub
from judging.live.subscription import HubStats
from judging.projections.live_boards import LiveBoards
from judging.projections.persisted import persisted_projections
from judging.projections.runner import ProjectionRunner
from judging.settings import Settings
from judging.store import EventStore, migrate, open_store


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
    for module in (contests, referees, tokens, commands, talent, standards, me, boards, event_feed):
        app.include_router(module.router, prefix="/api")
    app.include_router(websockets.router)
    app.include_router(metrics.router)
    mount_pages(app, web_dir(settings))
    return app


@asynccontextmanager
async def live_delivery(app: FastAPI, store: EventStore, settings: Settings) -> AsyncIterator[None]:
    live_boards = LiveBoards()
    stats = HubStats()
    hub = Hub(
        LiveBoardSource(live_boards),
        tick=settings.ws_tick_seconds,
        queue_size=settings.ws_queue_size,
        stats=stats,
    )
    app_metrics = Metrics(stats)
    runner = ProjectionRunner(
        store,
        live=[live_boards, app_metrics.events],
        persisted=persisted_projections(store),  # the talent database
    )
    stop_notifying = live_boards.on_change(lambda contest_id, _: hub.notify(contest_id))
    app.state.boards, app.state.hub, app.state.runner = live_boards, hub, runner
    app.state.metrics = app_metrics
    await hub.start()
    await runner.start()
    try:
        yield
    finally:
        await runner.stop()
        stop_notifying()
        await hub.stop()
