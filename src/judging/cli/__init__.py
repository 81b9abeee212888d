"""The `judging` command line: one module per sub-command, registered here."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from judging.settings import get_settings

# Sub-command name -> module under judging.cli that defines `add_arguments(parser)`
# and `run(args) -> int`. Keep module-level imports light: heavy ones go inside run().
COMMANDS: dict[str, str] = {
    "migrate": "migrate",
    "verify": "verify",
    "serve": "serve",
    "bench": "bench",
    "demo": "demo",
    "rebuild": "rebuild",
    "import-clics": "import_clics",
    "standings": "standings",
    "replay": "replay",
    "export": "export",
    "meet-table": "meet_table",
}

HELP: dict[str, str] = {
    "migrate": "apply the database migrations",
    "verify": "recompute the hash chain and name the first broken position",
    "serve": "migrate, then serve the API and the web pages on one port",
    "bench": "run the benchmarks in benchmarks/ and print their figures",
    "demo": "a simulated multi-venue contest with scripted referees, on the big screen",
    "rebuild": "reset the persisted projections and re-apply the whole log",
    "import-clics": "import a CLICS event feed as a contest; prints the contest id",
    "standings": "a contest's standings (table or --json), now or --at a log position",
    "replay": "re-stream a finished contest into a new one, live, at --speed X",
    "export": "a contest's events as hash-chained ndjson that tools/verify_export.py checks",
    "meet-table": "a meet's unit table and its events' winners (text or --json)",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="judging",
        description="A real-time competition judging engine with event sourcing.",
        epilog="Every command takes --db URL. See README.md for a walkthrough.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, module_name in COMMANDS.items():
        module = importlib.import_module(f"judging.cli.{module_name}")
        command = sub.add_parser(name, help=HELP.get(name), description=HELP.get(name))
        command.add_argument(
            "--db",
            metavar="URL",
            default=None,
            help="database URL (default: JUDGING_DATABASE_URL, else var/judging.db on SQLite)",
        )
        module.add_arguments(command)
        command.set_defaults(_module=module)
    return parser


def database_url(args: argparse.Namespace) -> str:
    """The URL a command works on: --db, else the settings' URL."""
    url: str | None = getattr(args, "db", None)
    return url or get_settings().resolved_database_url()


def main(argv: Sequence[str] | None = None) -> int:
    from judging.domain.events import UnknownEventType, UnreadableEvent

    args = build_parser().parse_args(argv)
    try:
        code: int = args._module.run(args)
    except (UnreadableEvent, UnknownEventType) as error:
        print(f"error: {error}", file=sys.stderr)  # a stored event this code cannot read
        return 1
    return code


def entrypoint() -> None:
    sys.exit(main())
