"""`GET /metrics`: the app's Prometheus metrics, in the text exposition format."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from judging.http.metrics import CONTENT_TYPE, Metrics

router = APIRouter(tags=["metrics"])


@router.get("/metrics", include_in_schema=False)
async def metrics(request: Request) -> Response:
    """Measures the projection lag (head minus applied position) at scrape time."""
    app_metrics: Metrics = request.app.state.metrics
    head = await request.app.state.store.head()
    app_metrics.set_lag(head, request.app.state.runner.positions())
    return Response(app_metrics.exposition(), media_type=CONTENT_TYPE)
