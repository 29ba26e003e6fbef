"""The hall's side of the network: its `centre` device reads the event log and the snapshot, masked,
and does nothing else."""
from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from websockets.sync.client import connect

from centresupport import CENTRE_TOKEN
from hallsupport import ADMIN_PIN, KIOSK_TOKEN, SAMPLE_HALL, STAFF_PIN, FakeClock, RunningServer

pytestmark = pytest.mark.slow  # a real hall server


@pytest.fixture
def server(tmp_path) -> Iterator[RunningServer]:
    srv = RunningServer(tmp_path / "hall.db", SAMPLE_HALL, FakeClock(), poll_interval=0.2, tick_interval=0.5)
    srv.start()
    yield srv
    srv.stop()


def test_the_centre_reads_the_log_and_the_masked_snapshot_and_may_not_act(server):
    staff = server.login("w01", STAFF_PIN, "01")
    staff.ok("/windows/01/open")
    server.client(KIOSK_TOKEN).issue("general", name="欧阳小明")
    centre = server.client(CENTRE_TOKEN)
    snap = centre.get("/snapshot").json()
    full = server.login("admin", ADMIN_PIN).get("/snapshot").json()
    staff_shown = {w["code"]: w.get("staff_name") for w in snap["windows"]}
    staff_full = {w["code"]: w.get("staff_name") for w in full["windows"]}
    assert staff_full["01"] and staff_shown["01"] != staff_full["01"] and "*" in staff_shown["01"]
    assert [t["masked_name"] for t in snap["tickets"]] == ["欧**明"]
    page = centre.get("/events", after=0).json()
    assert [e["type"] for e in page["events"]] == ["window.opened", "ticket.issued"]
    assert "欧阳小明" not in json.dumps(page, ensure_ascii=False)
    with connect(f"{server.ws_url}/api/v1/events/stream?after=1",
                 additional_headers={"Authorization": f"Bearer {CENTRE_TOKEN}"}, open_timeout=10) as ws:
        assert json.loads(ws.recv(timeout=10))["seq"] == 2
    assert centre.get("/devices/health").status_code == 200
    centre.refused("/tickets", {"category": "general"}, 403, "forbidden")
    centre.refused("/windows/01/call-next", {}, 403, "forbidden")
