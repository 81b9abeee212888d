"""Live delivery in the app's lifespan: live projections, their runner, the hub, metrics.

`live_delivery(app, store, settings)` builds them, wires the live projection's change
notification to the hub (`LiveBoards.on_change` → `Hub.notify`: one listener per
process), starts the runner after the store is open and stops everything before it
closes. It exposes `app.state.boards`, `.runner`, `.hub` and `.metrics`.
`include_delivery_routes(app)` adds the websocket, feed, board and metrics routes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from judging.service.hub import Hub
from judging.service.live_source import LiveBoardSource
from judging.service.metrics import Metrics
from judging.service.routes import boards, feed, live, metrics
from judging.service.subscription import HubStats
from judging.settings import Settings
from judging.store import EventStore
from projections.live import LiveBoards
from projections.persisted import persisted_projections
from projections.runner import ProjectionRunner


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


def include_delivery_routes(app: FastAPI) -> None:
    for module in (boards, feed):
        app.include_router(module.router, prefix="/api")
    app.include_router(live.router)
    app.include_router(metrics.router)
