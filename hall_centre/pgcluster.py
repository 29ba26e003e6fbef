"""A throw-away PostgreSQL cluster on a loopback port (Debian's postgresql): the demo's centre, tests and benchmarks."""
from __future__ import annotations

import contextlib
import glob
import os
import pathlib
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable, Iterator


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def postgres_cluster(on_start: Callable[[pathlib.Path], None] | None = None) -> Iterator[str]:
    """A throw-away PostgreSQL cluster on a loopback port; yields its host:port, removes it all on the way out.

    `on_start` is told the cluster's folder (its data, log and socket) once the server runs.
    """
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise RuntimeError("PostgreSQL is not installed (scripts/bootstrap.sh installs the Debian package)")
    bin_dir = pathlib.Path(found[-1]).parent
    # PostgreSQL refuses to run as root: then it runs as the Debian package's postgres user, in a
    # folder of its own.
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    home = pathlib.Path(tempfile.mkdtemp(prefix="hall-pg-"))
    if as_user:
        shutil.chown(home, pwd.getpwnam("postgres").pw_uid)
    data, log = home / "data", home / "log"
    port = free_port()
    try:
        for step in ([str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "hall"],
                     [str(bin_dir / "pg_ctl"), "-D", str(data), "-w", "-l", str(log), "-o",
                      f"-p {port} -k {home} -c listen_addresses=127.0.0.1 -c max_connections=300", "start"]):
            done = subprocess.run([*as_user, *step], capture_output=True, text=True)
            if done.returncode:
                raise RuntimeError(f"{pathlib.Path(step[0]).name} failed: {done.stdout}{done.stderr}"
                                   + (log.read_text(errors="replace")[-2000:] if log.exists() else ""))
        if on_start is not None:
            on_start(home)
        yield f"127.0.0.1:{port}"
    finally:
        subprocess.run([*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"],
                       capture_output=True)
        shutil.rmtree(home, ignore_errors=True)
