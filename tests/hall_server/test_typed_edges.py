"""What the server's types promise at run time: the one Idempotency-Key dependency every route module
names, a stored moment's conversion, the raw-cursor helper, and pinyin's two styles cut alike."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from hall_server import db
from hall_server.app import create_app
from hall_server.config import pinyin_of
from hall_server.engine import from_ts
from hall_server.routing import IDEMPOTENCY_KEY


def _key_headers() -> dict[tuple[str, str], dict]:
    spec = create_app().openapi()
    return {(method, path): p for path, ops in spec["paths"].items() for method, op in ops.items()
            for p in op.get("parameters", []) if p["in"] == "header" and p["name"] == "idempotency-key"}


def test_every_route_module_takes_the_one_idempotency_key():
    headers = _key_headers()
    # A command of each route module: the queue (app), the console, cases, ratings.
    for route in [("post", "/api/v1/tickets"), ("post", "/api/v1/windows/{code}/call-next"),
                  ("post", "/api/v1/notices"), ("post", "/api/v1/certificate-prints"),
                  ("post", "/api/v1/ratings/evaluator")]:
        assert headers[route]["required"] is True and headers[route]["schema"]["pattern"] == IDEMPOTENCY_KEY, route
    # Where it is optional (an import, a print's report), it is the same pattern.
    optional = [p for p in headers.values() if not p["required"]]
    assert optional and all(p["schema"]["anyOf"][0]["pattern"] == IDEMPOTENCY_KEY for p in optional)


def test_a_stored_moment_is_an_aware_utc_datetime_and_none_stays_none():
    assert from_ts(None) is None
    assert from_ts(0.0) == dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    assert from_ts(1_800_000_000.5).utcoffset() == dt.timedelta(0)


def test_a_prepared_statement_runs_on_the_raw_cursor_of_its_transaction(tmp_path):
    store = db.Store(str(tmp_path / "hall.db"))
    try:
        db.migrate(store, lambda: 0.0)
        with store.write() as conn:
            put = db.Prepared(db.hall_state.insert(), conn.dialect, ["key", "value"])
            put.execute(conn, {"key": "typed-edge", "value": "1"})
            assert db.dbapi_connection(conn) is conn.connection.dbapi_connection
        with store.read() as conn:
            assert conn.execute(sa.select(db.hall_state.c.value)
                                .where(db.hall_state.c.key == "typed-edge")).scalar_one() == "1"
    finally:
        store.close()


@pytest.mark.parametrize("name,expected", [
    ("居民身份证换领", ("JMSFZHL", "juminshenfenzhenghuanling")),
    ("ETC 办理", ("ETCBL", "etcbanli")),
    ("5G·行长-重庆!", ("5GHZCQ", "5ghangzhangchongqing")),
    ("A1 〇号𠀀字", ("A1LHHZ", "a1linghaohezi")),
    ("", ("", "")),
])
def test_pinyin_styles_cut_a_name_alike(name, expected):
    assert pinyin_of(name) == expected  # zip(strict=True) inside: a mismatch would raise
