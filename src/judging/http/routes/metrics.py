"""`GET /metrics`: the app's Prometheus metrics, in the text exposition format."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from judging.http.deps import AppMetrics, Runner, Store
from judging.http.metrics import CONTENT_TYPE

router = APIRouter(tags=["metrics"])


@router.get("/metrics", include_in_schema=False)
async def metrics(app_metrics: AppMetrics, store: Store, runner: Runner) -> Response:
    """Measures the projection lag (head minus applied position) at scrape time."""
    app_metrics.set_lag(await store.head(), runner.positions())
    return Response(app_metrics.exposition(), media_type=CONTENT_TYPE)
