"""The centre's tests share one throw-away PostgreSQL cluster; each test has its own database."""
from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg
import pytest

from pgsupport import postgres_cluster


@pytest.fixture(scope="session")
def cluster() -> Iterator[str]:
    with postgres_cluster() as host_port:
        yield host_port


@pytest.fixture
def centre_db(cluster: str) -> str:
    name = "centre_" + uuid.uuid4().hex[:12]
    with psycopg.connect(f"postgresql://hall@{cluster}/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return f"postgresql+psycopg://hall@{cluster}/{name}"
