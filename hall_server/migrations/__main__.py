"""Alembic's command line over the hall's migration scripts: `python -m hall_server.migrations revision -m "…"`.

Only commands that read or write the scripts work here (revision, history, heads, show); the
database is migrated by the server itself at start.
"""
from __future__ import annotations

import sys

from alembic.config import CommandLine

from . import config


def main(argv: list[str] | None = None) -> None:
    cli = CommandLine(prog="python -m hall_server.migrations")
    cli.run_cmd(config(), cli.parser.parse_args(argv if argv is not None else sys.argv[1:]))


if __name__ == "__main__":
    main()
