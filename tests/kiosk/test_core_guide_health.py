"""The service guide is cached with its ETag (304 when unchanged), and device health reaches the server."""
from __future__ import annotations

import pytest

from hall_server.schema import Matter
from hallsupport import TECH_PIN


@pytest.mark.slow
def test_matters_cached_and_revalidated(server, faulty, make_core):
    core = make_core(faulty.url)
    core.sync_now()
    matters = core.matters()
    assert matters and all(isinstance(m, Matter) for m in matters) and matters[0].materials
    faulty.answered.clear()
    core.sync_now()
    assert ("GET", "/api/v1/matters", 304) in faulty.answered
    assert core.matters() == matters
    server.stop()
    core.sync_now()
    assert core.online is False and core.matters() == matters  # offline: from the cache


def test_device_health_is_reported(server, make_core):
    core = make_core(server.url)
    core.report_health({"receipt": {"role": "receipt", "state": "down", "reason": "paper_out",
                                    "reason_zh": "打印纸用完", "reason_en": "out of paper"}})
    assert core.sync_now() is True
    tech = server.login("tech", TECH_PIN)
    reporters = tech.get("/devices/health").json()["reporters"]
    mine = [r for r in reporters if r["devices"]]
    assert len(mine) == 1 and mine[0]["devices"]["receipt"]["state"] == "down"
    assert mine[0]["devices"]["receipt"]["reason_en"] == "out of paper"
