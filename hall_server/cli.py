"""`hall-server`: run the hall server, print its OpenAPI, hash a staff PIN, import cases (办件)."""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import functools
import getpass
import json
import logging
import os
import pathlib
import signal
import sys
from collections.abc import AsyncIterator
from typing import Any

from servicekit import crash, notify

from .config import SAMPLE_HALL, ConfigError, load_hall

# One call goes out to every display, terminal and phone page of the hall at once, so the cost
# per message counts: the sans-I/O protocol is lighter than the legacy one, and compressing
# each ~500-byte event anew for every subscriber cost more than half the fan-out time.
WS_PROTOCOL = "websockets-sansio"
WS_DEFLATE = False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="hall-server", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the hall server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--db", default="var/hall.db", help="SQLite path or a SQLAlchemy URL (postgresql+psycopg://…)")
    serve.add_argument("--hall", type=pathlib.Path, default=SAMPLE_HALL,
                       help="hall configuration loaded on first start")
    serve.add_argument("--public-url", default="http://127.0.0.1:8000",
                       help="base address phones reach this server at; receipts' QR codes point under it")
    serve.add_argument("--ignore-hours", action="store_true", help="demo: issue tickets at any hour")
    serve.add_argument("--log-level", default="info")
    serve.add_argument("--workers", type=int, default=1,
                       help="server processes sharing the port (PostgreSQL only): one per core for a busy hall")
    sub.add_parser("openapi", help="print the OpenAPI document without starting a server")
    check = sub.add_parser("check-config", help="check a hall configuration file")
    check.add_argument("file", type=pathlib.Path)
    export = sub.add_parser("export-config", help="print the hall configuration stored in the database as a hall "
                                                  "file (PINs and device tokens as their stored hashes)")
    export.add_argument("--db", default="var/hall.db", help="the hall server's database (SQLite path or URL)")
    upkeep = sub.add_parser("maintenance", help="the hall file's nightly restart and next wake-up, as key=value "
                                                "lines for scripts/install.sh and the wake-up unit")
    upkeep.add_argument("file", type=pathlib.Path, help="a hall file, or a machine copy of one (.json)")
    upkeep.add_argument("--machine-copy", action="store_true",
                        help="print the machine copy instead: the hall file without staff and devices, as JSON")
    sub.add_parser("hash-pin", help="read a PIN and print its scrypt hash for the configuration")
    imports = sub.add_parser("import-cases", help="load cases (办件) from an approval-system export (.json or .csv)")
    imports.add_argument("file", type=pathlib.Path)
    imports.add_argument("--db", default="var/hall.db", help="SQLite path or a SQLAlchemy URL")
    imports.add_argument("--hall", type=pathlib.Path, default=SAMPLE_HALL,
                         help="hall configuration, used only if the database has none yet")
    imports.add_argument("--demo", action="store_true",
                         help="demo data: dates moved to this week; nothing done if the database holds cases")
    # 好差评 demo data (ratings.seed_demo_ratings)
    seed = sub.add_parser("demo-ratings", help="demo: rate a share of a day's served tickets as citizens might")
    seed.add_argument("--db", default="var/hall.db", help="the hall server's database (SQLite path or URL)")
    seed.add_argument("--day", type=_date, default=None, help="business day YYYY-MM-DD (default: today)")
    seed.add_argument("--share", type=float, default=0.7, help="share of served tickets rated (0..1)")
    history = sub.add_parser("demo-history", help="demo: past working days of tickets served and rated, in an "
                                                  "empty database (for the statistics and the exports)")
    history.add_argument("--db", default="var/hall.db", help="the hall server's database (SQLite path or URL)")
    history.add_argument("--hall", type=pathlib.Path, default=SAMPLE_HALL,
                         help="hall configuration, used only if the database has none yet")
    history.add_argument("--days", type=int, default=5, help="working days before today (1..30)")
    history.add_argument("--per-day", type=int, default=90, help="citizens arriving each day (1..2000)")
    args = parser.parse_args(argv)
    if args.command == "demo-history":
        return _demo_history(args)
    if args.command == "import-cases":
        return import_cases(args.file, args.db, args.hall, args.demo)

    if args.command == "openapi":
        from .app import create_app
        json.dump(create_app().openapi(), sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    if args.command == "check-config":
        try:
            hall = load_hall(args.file)
        except ConfigError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        print(f"ok: {hall.name}: {len(hall.categories)} categories, {len(hall.windows)} windows, "
              f"{len(hall.staff)} staff, {len(hall.devices)} devices")
        return _check_against_catalogue(args.file, hall)
    if args.command == "export-config":
        return export_config(args.db)
    if args.command == "maintenance":
        from .maintenance import load_for_upkeep, machine_copy, read_hall_file, shell_lines
        try:
            hall = load_for_upkeep(args.file)
        except ConfigError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        if args.machine_copy:
            print(machine_copy(read_hall_file(args.file)))
        else:
            print("\n".join(shell_lines(hall, dt.datetime.now(dt.UTC))))
        return 0
    if args.command == "demo-ratings":
        return _demo_ratings(args)
    if args.command == "hash-pin":
        from .auth import hash_pin
        pin = getpass.getpass("PIN: ") if sys.stdin.isatty() else sys.stdin.readline().strip()
        if not pin.isdigit() or not 4 <= len(pin) <= 12:
            print("error: a PIN is 4 to 12 digits", file=sys.stderr)
            return 1
        print(hash_pin(pin))
        return 0

    return serve_hall(args)


def export_config(db_url: str) -> int:
    """Print the stored configuration as a hall file; an error (and nothing printed) without one."""
    import sqlalchemy as sa

    from . import db
    from .settings import export_config as exported

    if "://" not in db_url and not pathlib.Path(db_url).is_file():
        print(f"error: {db_url}: no such database", file=sys.stderr)
        return 1
    store = db.Store(db_url)
    try:
        with store.read() as conn:
            text = exported(conn)
    except (sa.exc.SQLAlchemyError, ValueError) as exc:  # no hall_config table, or no row in it
        print(f"error: {db_url}: no stored hall configuration ({type(exc).__name__})", file=sys.stderr)
        return 1
    finally:
        store.close()
    sys.stdout.write(text)
    return 0


def _check_against_catalogue(file: pathlib.Path, hall: Any) -> int:
    """A hall file that names a `[centre]`: checked against the centre's catalogue, when it answers."""
    import tomllib

    from . import catalogue
    from .config import HallFile

    if hall.centre is None:
        return 0
    try:
        fetched = catalogue.fetch(hall.centre, catalogue.centre_token(hall.centre, file), None)
    except catalogue.CentreAway as exc:
        print(f"note: not checked against the centre's catalogue: {exc}")
        return 0
    assert fetched is not None  # asked without an ETag
    shared, _ = fetched
    problems = catalogue.contradictions(HallFile.model_validate(tomllib.loads(file.read_text(encoding="utf-8"))),
                                        shared)
    for problem in problems:
        print(f"error: {file}: {problem} (catalogue {shared.version})", file=sys.stderr)
    if not problems:
        print(f"ok: agrees with the centre's catalogue {shared.version}")
    return 1 if problems else 0


SERVE_ENV = "HALL_SERVER_SERVE"  # the serve options, as JSON, for each worker process


def serve_hall(args: argparse.Namespace) -> int:
    import uvicorn

    if "://" not in args.db:
        pathlib.Path(args.db).parent.mkdir(parents=True, exist_ok=True)
    try:
        load_hall(args.hall)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if not 1 <= args.workers <= 64:
        print("error: --workers is 1 to 64", file=sys.stderr)
        return 1
    if args.workers > 1 and not args.db.startswith("postgresql"):
        # One SQLite file has one writer: more processes would only queue for its lock.
        print("error: several workers need PostgreSQL (--db postgresql+psycopg://…)", file=sys.stderr)
        return 1
    options = {"db_url": args.db, "hall_file": str(args.hall), "ignore_hours": args.ignore_hours,
               "public_url": args.public_url, "log_level": args.log_level}
    run = dict(host=args.host, port=args.port, log_level=args.log_level, ws=WS_PROTOCOL,
               ws_per_message_deflate=WS_DEFLATE, access_log=args.log_level.lower() in ("debug", "trace"))
    crash.enable_crash_file("hall-server")
    # uvicorn shuts down on SIGTERM and then raises it again under the handler it found: this one
    # ends the process with 0 (and its exit handlers), where the default would kill it.
    signal.signal(signal.SIGTERM, _exit_cleanly)
    if args.workers == 1:
        _notifying_server()(uvicorn.Config(_app(options), **run)).run()
    else:  # uvicorn starts each worker anew and builds its app from the options in the environment
        os.environ[SERVE_ENV] = json.dumps(options)
        uvicorn.run("hall_server.cli:app_from_environment", factory=True, workers=args.workers, **run)
    return 0


def app_from_environment() -> Any:
    """The app of one worker process of `hall-server serve --workers N`.

    The port is bound before the workers start, so each tells systemd it is ready once its app
    has started (the unit says NotifyAccess=all) and feeds the watchdog from its own loop.
    """
    crash.enable_crash_file("hall-server")
    app = _app(json.loads(os.environ[SERVE_ENV]))
    started = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[Any]:
        async with started(app) as state:
            feeding = _serving()
            try:
                yield state
            finally:
                _stopping(feeding)
                crash.finish()  # a worker ends with os._exit: its exit handlers never run

    app.router.lifespan_context = lifespan
    return app


def _exit_cleanly(signum: int, _frame: object) -> None:
    raise SystemExit(0)


def _serving() -> asyncio.Task[None] | None:
    """On the server's loop once it serves: READY to systemd, and the watchdog fed from this loop
    (a loop that hangs stops feeding, and systemd restarts the server)."""
    notify.notify(notify.READY, "STATUS=正在服务 / serving")
    return notify.start_watchdog()


def _stopping(feeding: asyncio.Task[None] | None) -> None:
    notify.notify(notify.STOPPING)
    if feeding is not None:
        feeding.cancel()


def _notifying_server() -> type:
    import uvicorn

    class NotifyingServer(uvicorn.Server):
        """uvicorn's server that tells systemd once its port listens and feeds the watchdog from its loop."""

        _feeding: asyncio.Task[None] | None = None

        async def startup(self, sockets: Any = None) -> None:
            await super().startup(sockets=sockets)
            if not self.should_exit:
                self._feeding = _serving()

        async def shutdown(self, sockets: Any = None) -> None:
            _stopping(self._feeding)
            await super().shutdown(sockets=sockets)

    return NotifyingServer


def _app(options: dict[str, Any]) -> Any:
    from .app import Settings, create_app

    logging.basicConfig(level=options["log_level"].upper(),
                        format="%(asctime)s %(levelname)s %(process)d %(name)s: %(message)s")
    # The queue writer thread and the event loop share the GIL; switching every millisecond (not
    # every 5) lets the loop hand new commands to the writer while it works, so they commit in groups.
    sys.setswitchinterval(0.001)
    return create_app(Settings(db_url=options["db_url"], hall_file=pathlib.Path(options["hall_file"]),
                               ignore_hours=options["ignore_hours"], public_url=options["public_url"]))


# --- import-cases -------------------------------------------------------------------------------

IMPORT_CHUNK = 200  # rows per writing transaction: a long export never holds the queue writer for long


def import_cases(file: pathlib.Path, db_url: str, hall_file: pathlib.Path, demo: bool = False) -> int:
    """Load an export into the hall database; 0 when every row landed, 2 when some were refused, 1 on error."""
    import time

    import sqlalchemy as sa

    from . import admin, cases, db
    from .app import Settings, load_or_store_config
    from .engine import Principal, QueueEngine
    from .schema import Role

    logging.basicConfig(level="WARNING", format="%(levelname)s %(name)s: %(message)s")
    if "://" not in db_url:
        pathlib.Path(db_url).parent.mkdir(parents=True, exist_ok=True)
    store = db.Store(db_url)
    engine = None
    try:
        db.migrate(store, time.time)
        hall = load_or_store_config(store, Settings(db_url=db_url, hall_file=hall_file))
        if demo:
            with store.read() as conn:
                if conn.execute(sa.select(sa.func.count()).select_from(db.cases)).scalar_one():
                    print("import-cases: the database already holds cases; demo data not loaded again")
                    return 0
        today = dt.datetime.now(hall.tz).date()
        try:
            rows, where = cases.read_export(file, shift_to=today if demo else None)
        except cases.ExportError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        engine = QueueEngine(hall, store)
        # Its first command may be the one to turn the business day over: then it does all a server would.
        engine.day_hooks.append(lambda tx: admin.apply_pending_prefixes(engine, tx))
        who = Principal(id="cli:import-cases", role=Role.HALL_ADMIN, name="import-cases")
        totals = {"created": 0, "updated": 0, "unchanged": 0, "documents": 0}
        refused = []
        for start in range(0, len(rows), IMPORT_CHUNK):
            chunk = rows[start:start + IMPORT_CHUNK]
            out = engine.execute(who, None, "", functools.partial(cases.import_rows, engine, rows=chunk,
                                                                  first_row=start + 1, documents_allowed=True))
            result = json.loads(out.body)
            for name in totals:
                totals[name] += result[name]
            refused += result["refused"]
        for r in refused:
            print(f"{where[r['row'] - 1]} ({r['number'] or 'no case number'}): {r['code']}: "
                  f"{r['message']} / {r['message_en']}", file=sys.stderr)
        print(f"import-cases: {totals['created']} created, {totals['updated']} moved on, "
              f"{totals['unchanged']} unchanged, {totals['documents']} documents, {len(refused)} refused")
        return 2 if refused else 0
    finally:
        if engine is not None:
            engine.close()
        store.close()


# --- 好差评 demo data -------------------------------------------------------------------------------

def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _demo_ratings(args: argparse.Namespace) -> int:
    """Seed ratings into a hall database (the server may be running: events reach it through the database)."""
    from . import db, ratings
    from .app import Settings, load_or_store_config
    from .engine import QueueEngine

    if not 0 <= args.share <= 1:
        print("error: --share is a fraction 0..1", file=sys.stderr)
        return 1
    store = db.Store(args.db)
    try:
        settings = Settings(db_url=args.db)
        db.migrate(store, lambda: settings.clock().timestamp())
        engine = QueueEngine(load_or_store_config(store, settings), store, settings.clock)
        try:
            rated = ratings.seed_demo_ratings(engine, args.day, args.share)
        finally:
            engine.close()
    finally:
        store.close()
    print(f"ok: {rated} served tickets rated")
    return 0



def _demo_history(args: argparse.Namespace) -> int:
    """Make past working days in an empty hall database; does nothing where tickets exist already."""
    import time

    from . import db, demo_history
    from .app import Settings, load_or_store_config

    if not 1 <= args.days <= 30 or not 1 <= args.per_day <= 2000:
        print("error: --days is 1..30 and --per-day 1..2000", file=sys.stderr)
        return 1
    logging.basicConfig(level="WARNING", format="%(levelname)s %(name)s: %(message)s")
    if "://" not in args.db:
        pathlib.Path(args.db).parent.mkdir(parents=True, exist_ok=True)
    store = db.Store(args.db)
    try:
        db.migrate(store, time.time)
        hall = load_or_store_config(store, Settings(db_url=args.db, hall_file=args.hall))
        try:
            done = demo_history.seed_history(hall, store, args.days, args.per_day)
        except RuntimeError as exc:
            print(f"demo-history: {exc}; nothing done")
            return 0
    finally:
        store.close()
    print("demo-history: past working days {days}; tickets issued {issued}, served {served}, no-shows {no_shows}, "
          "transfers {transfers}, rated {rated}".format(**done))
    return 0


if __name__ == "__main__":
    sys.exit(main())
