"""The hall server's tests on PostgreSQL share one throw-away cluster (Debian's postgresql)."""
from __future__ import annotations

import glob
import os
import pathlib
import pwd
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator

import psycopg
import pytest

from hallsupport import free_port


@pytest.fixture(scope="session")
def cluster() -> Iterator[str]:
    """A throw-away PostgreSQL cluster on a loopback port; yields its host:port."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    assert found, "PostgreSQL is not installed (scripts/bootstrap.sh installs the Debian package)"
    bin_dir = pathlib.Path(found[-1]).parent
    # PostgreSQL refuses to run as root: then it runs as the Debian package's postgres user, in
    # a folder of its own outside pytest's (which only root may enter).
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    home = pathlib.Path(tempfile.mkdtemp(prefix="hall-pg-"))
    if as_user:
        shutil.chown(home, pwd.getpwnam("postgres").pw_uid)
    data = home / "data"
    port = free_port()
    try:
        subprocess.run([*as_user, str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "hall"],
                       check=True, capture_output=True)
        subprocess.run([*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-w", "-l", str(home / "log"), "-o",
                        f"-p {port} -k {home} -c listen_addresses=127.0.0.1 -c max_connections=300", "start"], check=True,
                       capture_output=True)
        yield f"127.0.0.1:{port}"
    finally:
        subprocess.run([*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"],
                       capture_output=True)
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture
def pg_url(cluster: str) -> str:
    name = "hall_" + uuid.uuid4().hex[:12]
    with psycopg.connect(f"postgresql://hall@{cluster}/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return f"postgresql+psycopg://hall@{cluster}/{name}"
