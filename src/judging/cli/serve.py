"""`judging serve`: migrate, then serve the API and the web pages on one port."""

from __future__ import annotations

import argparse

import uvicorn

from judging.cli import database_url
from judging.settings import get_settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    settings = get_settings()
    parser.add_argument("--host", default=settings.host, help="interface to listen on")
    parser.add_argument("--port", type=int, default=settings.port, help="port to listen on")


def run(args: argparse.Namespace) -> int:
    from judging.http.app import create_app

    settings = get_settings().model_copy(update={"database_url": database_url(args)})
    app = create_app(settings)
    print(
        f"Serving on http://{args.host}:{args.port}/ (database {settings.resolved_database_url()})"
    )
    base = settings.base_url(args.host, args.port)
    print(f"  Organizer console: {base}/console\n  API docs:          {base}/docs", flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level=settings.log_level)
    return 0
