"""hall-centre: the centre of a hall network (`serve`: follow every hall of the centre file and answer its API)."""
from __future__ import annotations

import argparse
import logging
import sys

import uvicorn


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="hall-centre", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="follow every hall's event log and serve the centre's API")
    serve.add_argument("--config", required=True, help="the centre file (TOML), e.g. assets/centres/sample_centre.toml")
    serve.add_argument("--db", required=True, help="PostgreSQL URL, e.g. postgresql+psycopg://centre@127.0.0.1/centre")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8100)
    serve.add_argument("--retry-max", type=float, default=30.0,
                       help="the longest wait, in seconds, before trying a hall that is away again")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    from hall_centre.api import create_app
    from hall_centre.config import ConfigError, load_centre
    try:
        centre = load_centre(args.config)
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    uvicorn.run(create_app(centre, args.db, backoff_max=args.retry_max), host=args.host, port=args.port,
                log_level="warning")
    return 0


if __name__ == "__main__":
    sys.exit(main())
