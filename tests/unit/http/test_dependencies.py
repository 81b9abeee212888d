"""No route hands a dependency, or itself, to the thread pool.

FastAPI runs a plain `def` endpoint or dependency on its thread pool: a hand-over
to a worker thread and back for each one of every request. Every route of the
service is a coroutine, and so is everything it depends on (`judging.http.deps`).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from typing import Annotated, Any

import pytest
from fastapi import Depends
from fastapi.dependencies.models import Dependant
from fastapi.dependencies.utils import get_dependant
from fastapi.routing import APIRoute, APIWebSocketRoute

import judging.http.routes as routes_package


def routes() -> Iterator[APIRoute | APIWebSocketRoute]:
    for module_info in pkgutil.iter_modules(routes_package.__path__):
        module = importlib.import_module(f"{routes_package.__name__}.{module_info.name}")
        for name in ("router", "ws_router"):
            router = getattr(module, name, None)
            for route in getattr(router, "routes", ()):
                if isinstance(route, APIRoute | APIWebSocketRoute):
                    yield route


def blocking_calls(dependant: Dependant) -> Iterator[str]:
    """What of `dependant`'s tree FastAPI would run on its thread pool."""
    call: Any = dependant.call
    if call is not None:
        function = call if inspect.isroutine(call) else type(call).__call__
        if not (inspect.iscoroutinefunction(function) or inspect.isasyncgenfunction(function)):
            yield f"{call.__module__}.{getattr(call, '__qualname__', type(call).__qualname__)}"
    for each in dependant.dependencies:
        yield from blocking_calls(each)


def test_the_routes_are_found() -> None:
    paths = {route.path for route in routes()}
    assert "/contests/{cid}/commands" in paths
    assert "/health" in paths
    assert len(paths) > 40


@pytest.mark.parametrize("route", list(routes()), ids=lambda route: route.path)
def test_nothing_a_route_runs_goes_to_the_thread_pool(route: APIRoute | APIWebSocketRoute) -> None:
    dependant = get_dependant(path=route.path_format, call=route.endpoint)
    assert list(blocking_calls(dependant)) == []


def plain_dependency() -> int:
    return 1


async def endpoint_with_a_plain_dependency(
    value: Annotated[int, Depends(plain_dependency)],
) -> int:
    return value


def test_a_plain_def_dependency_is_caught() -> None:
    dependant = get_dependant(path="/x", call=endpoint_with_a_plain_dependency)
    assert list(blocking_calls(dependant)) == [f"{__name__}.plain_dependency"]
