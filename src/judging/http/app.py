"""`create_app(settings)`: the one composition root of the service.

The lifespan opens (and migrates) the store, builds the application services on
one writer, then the live delivery: the live projections and their runner, the
websocket hub wired to the live boards' change notification (one listener per
process) and the metrics. Everything stops before the store closes. The one typed
`Services` in `app.state.services` is what the dependencies of `judging.http.deps`
hand to the routes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from judging import __version__
from judging.application.access import AccessRegistry
from judging.application.admin import ensure_organizer_token
from judging.application.campaigns import CampaignService
from judging.application.contests import ContestService
from judging.application.meets import MeetService
from judging.application.programmes import ProgrammesService
from judging.application.standards import StandardsService
from judging.application.writer import Writer
from judging.http.access_log import AccessLogMiddleware, configure_logging
from judging.http.deps import Services
from judging.http.errors import install_error_handlers
from judging.http.limits import BodyLimitMiddleware
from judging.http.metrics import Metrics
from judging.http.middleware import RequestContextMiddleware
from judging.http.responses import OrjsonResponse
from judging.http.routes import (
    awards,
    boards,
    candidates,
    clics,
    commands,
    contests,
    desk,
    event_feed,
    health,
    me,
    metrics,
    referees,
    site,
    standards,
    talent,
    tokens,
    websockets,
)
from judging.http.routes import campaigns as campaign_routes
from judging.http.routes import meets as meets_routes
from judging.http.routes import programmes as programme_routes
from judging.http.routes import rounds as rounds_routes
from judging.http.routes.api_docs import mount_api_docs
from judging.http.routes.pages import mount_pages
from judging.http.web import web_dir
from judging.live.documents import LiveBoardSource
from judging.live.hub import Hub
from judging.live.meet_feed import MeetFeed
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
        try:
            writer = Writer(store)
            access = AccessRegistry(writer, settings.admin_token)
            await ensure_organizer_token(access, settings)
            contests = ContestService(writer)
            standards = StandardsService(writer)
            programmes = ProgrammesService(writer)
            async with live_delivery(store, settings) as live:
                meets = MeetService(writer, contests)
                feed = meet_feed(meets, live, settings)
                app.state.services = Services(
                    settings,
                    store,
                    contests,
                    access,
                    standards,
                    *live,
                    meets,
                    feed,
                    programmes=programmes,
                    campaigns=CampaignService(writer),
                )
                yield
        finally:
            await store.close()

    app = FastAPI(
        title="Judging",
        version=__version__,
        lifespan=lifespan,
        default_response_class=OrjsonResponse,
        docs_url=None,  # mount_api_docs: the same pages, their assets served from here
        redoc_url=None,
    )
    install_error_handlers(app)
    app.add_middleware(BodyLimitMiddleware)
    app.add_middleware(AccessLogMiddleware)
    app.add_middleware(RequestContextMiddleware)  # outermost: request ids, no tracebacks out
    app.include_router(health.router, prefix="/api")
    for module in (contests, referees, tokens, commands, talent, standards, me, boards, event_feed):
        app.include_router(module.router, prefix="/api")
    for module in (desk, site, clics, awards, meets_routes, candidates):
        app.include_router(module.router, prefix="/api")
    app.include_router(programme_routes.router, prefix="/api")
    app.include_router(campaign_routes.router, prefix="/api")
    app.include_router(rounds_routes.router, prefix="/api")
    app.include_router(websockets.router)
    app.include_router(meets_routes.ws_router)
    app.include_router(metrics.router)
    mount_pages(app, web_dir(settings))
    mount_api_docs(app)
    return app


LiveDelivery = tuple[LiveBoards, Hub, ProjectionRunner, Metrics]


def meet_feed(meets: MeetService, live: LiveDelivery, settings: Settings) -> MeetFeed:
    """Meets' boards on websockets, woken by their contests' changes."""
    boards, hub, *_ = live
    feed = MeetFeed(meets, boards, hub.stats, queue_size=settings.ws_queue_size)
    boards.on_change(feed.changed)  # the boards go with the app: nothing to unregister
    return feed


@asynccontextmanager
async def live_delivery(store: EventStore, settings: Settings) -> AsyncIterator[LiveDelivery]:
    live_boards = await LiveBoards.open(store)
    stats = HubStats()
    hub = Hub(
        LiveBoardSource(live_boards),
        tick=settings.ws_tick_seconds,
        queue_size=settings.ws_queue_size,
        stats=stats,
    )
    app_metrics = Metrics(stats)
    app_metrics.events.position = live_boards.position  # count from the head, like the boards
    runner = ProjectionRunner(
        store,
        live=[live_boards, app_metrics.events],
        persisted=persisted_projections(store),  # the talent database, the contest catalog
    )
    stop_notifying = live_boards.on_change(lambda contest_id, _: hub.notify(contest_id))
    await hub.start()
    await runner.start()
    try:
        yield live_boards, hub, runner, app_metrics
    finally:
        await runner.stop()
        stop_notifying()
        await hub.stop()
        await live_boards.close()
