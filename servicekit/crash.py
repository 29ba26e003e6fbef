"""A crash file for faulthandler: a fatal error (segfault, abort) dumps every thread's Python
stack there, so a service that died at night says where in the morning.

Each start opens a new file `<name>-crash-<time>-<pid>.log` in the log folder and keeps only the
last `keep` files of that name; a run that ends cleanly removes its empty file, and the next
start says in the log when the one before left a stack.
"""
from __future__ import annotations

import atexit
import datetime as dt
import faulthandler
import logging
import os
import pathlib
import re
from typing import TextIO

log = logging.getLogger(__name__)

#: The log folder when none is given: $HALL_LOG_DIR (install.sh sets /var/log/hall), else
#: systemd's $LOGS_DIRECTORY. Without either, faulthandler writes to stderr (journald keeps it).
ENV_DIR = "HALL_LOG_DIR"
KEEP = 10
_PID = re.compile(r"-(\d+)\.log$")

_open: TextIO | None = None


def crash_dir(folder: str | os.PathLike[str] | None = None) -> pathlib.Path | None:
    """The folder of the crash files: `folder`, else $HALL_LOG_DIR, else $LOGS_DIRECTORY, else None."""
    chosen = folder or os.environ.get(ENV_DIR) or os.environ.get("LOGS_DIRECTORY", "").split(":")[0]
    return pathlib.Path(chosen) if chosen else None


def enable_crash_file(name: str, folder: str | os.PathLike[str] | None = None,
                      keep: int = KEEP) -> pathlib.Path | None:
    """Turn faulthandler on, into a new crash file of `name` (the last `keep` are kept).

    Returns:
        The file; None when there is no log folder or it cannot be written (then faulthandler
        writes to stderr, which journald keeps; an unwritable folder is said as a warning).
    """
    global _open
    if keep < 1:
        raise ValueError("keep at least one crash file")
    where = crash_dir(folder)
    if where is None:
        faulthandler.enable(all_threads=True)
        return None
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = where / f"{name}-crash-{stamp}-{os.getpid()}.log"
    try:
        where.mkdir(parents=True, exist_ok=True)
        _prune(where, name, keep - 1)
        handle = open(path, "w", encoding="utf-8")  # kept open for the process's life
    except OSError as exc:
        log.warning("no crash file under %s (%s); fatal errors go to stderr", where, exc)
        faulthandler.enable(all_threads=True)
        return None
    if _open is not None:
        _open.close()
    _open = handle
    faulthandler.enable(file=handle, all_threads=True)
    atexit.register(_drop_if_empty, path)
    return path


def crash_files(name: str, folder: str | os.PathLike[str]) -> list[pathlib.Path]:
    """The crash files of `name` in `folder`, oldest first."""
    return sorted(pathlib.Path(folder).glob(f"{name}-crash-*.log"), key=lambda p: (p.stat().st_mtime, p.name))


def _prune(where: pathlib.Path, name: str, room: int) -> None:
    """Drop the empty files of runs that are over (killed before they could tidy), then the oldest
    until at most `room` are left; the newest that holds a stack is said in the log."""
    files = []
    for path in crash_files(name, where):
        if path.stat().st_size == 0 and not _running(path):
            path.unlink(missing_ok=True)
        else:
            files.append(path)
    stacks = [p for p in files if p.stat().st_size > 0]
    if stacks:
        log.warning("an earlier run of %s ended in a fatal error: %s", name, stacks[-1])
    for old in files[:max(0, len(files) - room)]:
        old.unlink(missing_ok=True)


def _running(path: pathlib.Path) -> bool:
    """Whether the process named in a crash file's name still runs (its file is still open)."""
    m = _PID.search(path.name)
    if not m:
        return False
    try:
        os.kill(int(m.group(1)), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def finish() -> None:
    """The process is ending cleanly where exit handlers do not run (a worker process ended with
    os._exit): drop this run's crash file if it is empty; faulthandler writes to stderr from now."""
    if _open is not None:
        _drop_if_empty(pathlib.Path(_open.name))
        faulthandler.enable(all_threads=True)


def _drop_if_empty(path: pathlib.Path) -> None:
    """At a clean exit: the run left nothing to say, so its file goes."""
    global _open
    if _open is not None and _open.name == str(path):
        faulthandler.disable()
        _open.close()
        _open = None
    try:
        if path.stat().st_size == 0:
            path.unlink()
    except OSError:
        pass  # the folder went away: nothing to tidy
