"""`judging bench`: run every benchmark module in `benchmarks/` and print its figures.

A benchmark is a module `benchmarks/<name>.py` (not starting with `_`) defining
`async def run(args) -> list[dict]`; each dict is one row of the printed table.
Modules starting with `_` hold what benchmarks share (importable by their name).
`args.quick` asks for the short version (the whole `--quick` run stays under two
minutes); `--json` prints every benchmark's rows as one JSON object instead.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import inspect
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path
from types import ModuleType
from typing import Any

import orjson

Row = dict[str, Any]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--events", type=int, default=10_000, help="events to append")
    parser.add_argument("--batch", type=int, default=100, help="events per append")
    parser.add_argument("--only", metavar="NAME", help="run only benchmarks/NAME.py")
    parser.add_argument(
        "--quick", action="store_true", help="smaller sizes: every benchmark in under 2 minutes"
    )
    parser.add_argument(
        "--json", action="store_true", help="print one JSON object {benchmark: rows} instead"
    )


def benchmarks_dir() -> Path:
    import judging

    beside_package = Path(judging.__file__).resolve().parents[2] / "benchmarks"
    return beside_package if beside_package.is_dir() else Path.cwd() / "benchmarks"


def discover(only: str | None = None) -> dict[str, ModuleType]:
    found: dict[str, ModuleType] = {}
    folder = benchmarks_dir()
    if str(folder) not in sys.path:
        sys.path.append(str(folder))  # their shared helpers: `from _databases import ...`
    for path in sorted(folder.glob("*.py")):
        if path.stem.startswith("_") or (only and path.stem != only):
            continue
        spec = importlib.util.spec_from_file_location(f"judging_benchmarks.{path.stem}", path)
        if spec is None or spec.loader is None:
            continue
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses resolve their annotations there
        spec.loader.exec_module(module)
        if inspect.iscoroutinefunction(getattr(module, "run", None)):
            found[path.stem] = module
    return found


def format_table(rows: list[Row]) -> str:
    columns = list(dict.fromkeys(key for row in rows for key in row))
    cells = [[_cell(row.get(c, "")) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.rjust(w) for v, w in zip(r, widths, strict=True)) for r in cells]
    return "\n".join(lines)


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}" if value < 100 else f"{value:,.0f}"
    return str(value)


def run(args: argparse.Namespace) -> int:
    modules = discover(args.only)
    if not modules:
        print(
            f"no benchmark found in {benchmarks_dir()}"
            + (f" named {args.only}" if args.only else "")
        )
        return 1
    results: dict[str, list[Row]] = {}
    for name, module in modules.items():
        bench: Callable[[argparse.Namespace], Coroutine[Any, Any, list[Row]]] = module.run
        rows = asyncio.run(bench(args))
        results[name] = rows
        if not args.json:
            print(f"\n== {name} ==\n{format_table(rows)}", flush=True)
    if args.json:
        print(orjson.dumps(results, option=orjson.OPT_INDENT_2).decode())
    return 0
