"""The hall server's tests on PostgreSQL share one throw-away cluster (Debian's postgresql)."""
from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg
import pytest

from pgsupport import postgres_cluster


@pytest.fixture(scope="session")
def cluster() -> Iterator[str]:
    """A throw-away PostgreSQL cluster on a loopback port; yields its host:port."""
    with postgres_cluster() as host_port:
        yield host_port


@pytest.fixture
def pg_url(cluster: str) -> str:
    name = "hall_" + uuid.uuid4().hex[:12]
    with psycopg.connect(f"postgresql://hall@{cluster}/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return f"postgresql+psycopg://hall@{cluster}/{name}"
