"""Fleet health (the console's 设备 page): every configured device with last heard, version and each
part's condition since when; the changes kept 31 days; a notice when a 7×24 kiosk goes down at
night (once per outage); remote self-tests relayed to the kiosk and refused when it is offline."""
from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa

from hall_server import db
from hall_server.config import SAMPLE_HALL
from hallsupport import ADMIN_PIN, DISPLAY_TOKEN, KIOSK2_TOKEN, TECH_PIN, FakeClock, HallClient, RunningServer

WAIT_S = 30.0

PAPER_OUT = {"role": "receipt", "state": "down", "reason": "paper_end", "reason_zh": "打印纸已用完，请更换纸卷",
             "reason_en": "paper roll is empty: load a new roll"}
OK = {"role": "receipt", "state": "ok", "reason": "ready"}
READER = {"role": "idcard", "state": "ok", "reason": "ready"}


def until(check: Callable[[], Any], what: str) -> Any:
    """Wait for the server's periodic housekeeping to have done something (no fixed sleep)."""
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def fleet(client: HallClient) -> dict:
    r = client.get("/devices/fleet")
    assert r.status_code == 200, r.text
    return r.json()


def device(client: HallClient, device_id: str) -> dict:
    return next(d for d in fleet(client)["devices"] if d["id"] == device_id)


def report(client: HallClient, **parts: dict) -> None:
    r = client.post("/devices/health", {"devices": parts, "version": "0.1.0"})
    assert r.status_code == 204, r.text


def test_every_configured_device_is_listed_even_never_heard(admin: HallClient) -> None:
    listed = fleet(admin)
    ids = {d["id"] for d in listed["devices"]}
    assert {"kiosk-01", "kiosk-02", "display-hall", "display-2f", "evaluator-01"} <= ids
    assert "approval-system" not in ids  # it imports cases; it has no hardware to watch
    never = device(admin, "display-hall")
    assert (never["condition"], never["condition_zh"], never["last_heard"]) == ("never_heard", "从未连接", None)
    assert listed["trouble"] == 0 and listed["offline_after_seconds"] == 180
    assert device(admin, "kiosk-02")["always_on"] is True


def test_paper_out_since_it_began_and_back_with_both_changes_in_history(
        server: RunningServer, kiosk: HallClient, admin: HallClient, clock: FakeClock) -> None:
    report(kiosk, receipt=OK, idcard=READER)
    clock.advance(minutes=5)
    began = clock()
    report(kiosk, receipt=PAPER_OUT, idcard=READER)
    clock.advance(seconds=60)
    report(kiosk, receipt=PAPER_OUT, idcard=READER)  # the next heartbeat keeps "since"
    listed = fleet(admin)
    assert listed["trouble"] == 1
    first = listed["devices"][0]
    assert first["id"] == "kiosk-01" and first["condition"] == "paper_out"
    assert (first["condition_zh"], first["condition_en"]) == ("缺纸", "paper out")
    assert dt.datetime.fromisoformat(first["since"]) == began
    assert first["online"] is True and first["version"] == "0.1.0"
    assert dt.datetime.fromisoformat(first["last_heard"]) == clock()
    receipt = next(p for p in first["parts"] if p["part"] == "receipt")
    assert receipt["reason_zh"] == "打印纸已用完，请更换纸卷"
    # The technician sees the same.
    assert device(server.login("tech", TECH_PIN), "kiosk-01")["condition"] == "paper_out"

    clock.advance(minutes=3)
    report(kiosk, receipt=OK, idcard=READER)
    assert device(admin, "kiosk-01")["condition"] == "ok" and fleet(admin)["trouble"] == 0
    entries = admin.get("/devices/kiosk-01/history").json()["entries"]
    receipt_changes = [(e["previous"], e["condition"]) for e in entries if e["part"] == "receipt"]
    assert receipt_changes == [("paper_out", "ok"), ("ok", "paper_out"), (None, "ok")]  # newest first
    assert admin.get("/devices/nobody/history").status_code == 404


def test_each_change_is_an_event(kiosk: HallClient, admin: HallClient) -> None:
    report(kiosk, receipt=PAPER_OUT)
    report(kiosk, receipt=PAPER_OUT)
    events = admin.get("/events", after=0).json()["events"]
    states = [e["data"] for e in events if e["type"] == "device.state" and e["data"]["part"] == "receipt"]
    assert [(s["device"], s["previous"], s["condition"]) for s in states] == [("kiosk-01", None, "paper_out")]


def test_a_silent_device_goes_offline_after_the_configured_heartbeats(
        kiosk: HallClient, admin: HallClient, clock: FakeClock) -> None:
    report(kiosk, receipt=OK)
    heard = clock()
    clock.advance(seconds=179)
    assert device(admin, "kiosk-01")["online"] is True
    clock.advance(seconds=2)
    found = until(lambda: [e for e in admin.get("/devices/kiosk-01/history").json()["entries"]
                           if e["condition"] == "offline"], "the watch to mark kiosk-01 offline")
    assert dt.datetime.fromisoformat(found[0]["at"]) == heard  # offline since it was last heard
    shown = device(admin, "kiosk-01")
    assert (shown["condition"], shown["online"], dt.datetime.fromisoformat(shown["since"])) == ("offline", False, heard)
    assert fleet(admin)["trouble"] == 1 and fleet(admin)["devices"][0]["id"] == "kiosk-01"
    # No notice: kiosk-01 is not a 7×24 kiosk.
    assert fleet(admin)["alerts"] == []


@pytest.mark.slow
def test_an_always_on_kiosk_silent_at_night_is_one_notice(
        server: RunningServer, kiosk: HallClient, clock: FakeClock) -> None:
    night_kiosk = server.client(KIOSK2_TOKEN)
    clock.set_local(2026, 11, 23, 22, 0)
    admin = server.login("admin", ADMIN_PIN)
    report(night_kiosk, receipt=OK)
    report(kiosk, receipt=OK)  # kiosk-01 marks the housekeeping passes: it goes offline in each one
    clock.advance(minutes=10)
    alerts = until(lambda: fleet(admin)["alerts"], "a notice for kiosk-02")
    assert len(alerts) == 1
    assert alerts[0]["device"] == "kiosk-02" and alerts[0]["condition"] == "offline"
    assert alerts[0]["text"] == "7×24自助终端“7×24自助区终端2”夜间离线" and alerts[0]["ended_at"] is None

    def offline_marks() -> int:
        return len([e for e in admin.get("/devices/kiosk-01/history").json()["entries"]
                    if e["condition"] == "offline"])

    until(lambda: offline_marks() == 1, "kiosk-01 offline")
    # Later passes in the same outage add nothing: kiosk-01 comes and goes again to show one ran.
    report(kiosk, receipt=OK)
    clock.advance(minutes=30)
    until(lambda: offline_marks() == 2, "another housekeeping pass")
    assert len(fleet(admin)["alerts"]) == 1
    notices = [e for e in admin.get("/events", after=0).json()["events"] if e["type"] == "device.alert"]
    assert len(notices) == 1
    # Back: the outage ends.
    report(night_kiosk, receipt=OK)
    assert fleet(admin)["alerts"][0]["ended_at"] is not None


def test_a_fault_of_an_always_on_kiosk_by_day_is_no_notice(server: RunningServer, admin: HallClient) -> None:
    report(server.client(KIOSK2_TOKEN), receipt=PAPER_OUT)
    assert device(admin, "kiosk-02")["condition"] == "paper_out"
    assert fleet(admin)["alerts"] == []


def test_history_older_than_31_days_is_purged_at_the_day_turnover(
        server: RunningServer, kiosk: HallClient, clock: FakeClock) -> None:
    def receipt_changes() -> list[dict]:
        admin = server.login("admin", ADMIN_PIN)  # a session lasts hours, not days
        return [e for e in admin.get("/devices/kiosk-01/history").json()["entries"] if e["part"] == "receipt"]

    report(kiosk, receipt=PAPER_OUT)
    clock.advance(days=20)
    report(kiosk, receipt=OK)
    assert len(receipt_changes()) == 2
    clock.advance(days=12)  # the first change is 32 days old, the second 12
    report(kiosk, receipt=OK)  # its batch turns the business day over
    assert len(receipt_changes()) == 1
    engine = sa.create_engine(f"sqlite:///{server.db_path}")
    with engine.connect() as conn:
        ats = [r.at for r in conn.execute(sa.select(db.device_history.c.at).where(
            db.device_history.c.part == "receipt"))]
    engine.dispose()
    assert len(ats) == 1 and min(ats) >= clock().timestamp() - 31 * 86400  # gone from the table, not just hidden


# --- remote self-tests ------------------------------------------------------------------------

def test_self_test_round_trip(kiosk: HallClient, admin: HallClient) -> None:
    report(kiosk, receipt=OK)
    assert kiosk.post("/devices/self-tests/take").status_code == 204  # none waits
    r = admin.post("/devices/kiosk-01/self-test")
    assert r.status_code == 202, r.text
    run = r.json()
    assert run["state"] == "pending" and run["requested_by"]
    again = admin.post("/devices/kiosk-01/self-test")  # a second ask while one waits: the same one
    assert (again.status_code, again.json()["id"]) == (200, run["id"])
    task = kiosk.post("/devices/self-tests/take")
    assert task.status_code == 200 and task.json()["id"] == run["id"]
    assert admin.get(f"/devices/self-tests/{run['id']}").json()["state"] == "running"
    report_json = {"host": "unix:/run/hall/devices.sock", "passed": False, "devices": [
        {"name": "receipt", "role": "receipt", "state": "down", "self_test": {"passed": False}},
        {"name": "idcard", "role": "idcard", "state": "ok", "self_test": {"passed": True}}]}
    done = kiosk.post(f"/devices/self-tests/{run['id']}/result", {"passed": False, "report": report_json})
    assert done.status_code == 200, done.text
    shown = admin.get(f"/devices/self-tests/{run['id']}").json()
    assert shown["state"] == "done" and shown["passed"] is False and shown["result"] == report_json
    assert shown["summary"] == "自检未通过：1/2 台设备有问题（凭条打印机）"
    assert shown["summary_en"] == "self-test failed: 1 of 2 devices need attention (receipt printer)"
    # Reported once; another kiosk cannot see or answer it.
    assert kiosk.post(f"/devices/self-tests/{run['id']}/result",
                      {"passed": True, "report": {}}).json()["error"]["code"] == "self_test_reported"


def test_self_test_of_an_offline_kiosk_is_refused_and_a_silent_one_times_out(
        server: RunningServer, kiosk: HallClient, admin: HallClient, clock: FakeClock) -> None:
    error = admin.refused("/devices/kiosk-02/self-test", None, 409, "device_offline")  # never heard
    assert error["message"] == "终端离线，无法远程自检"
    admin.refused("/devices/display-hall/self-test", None, 422, "no_self_test")
    admin.refused("/devices/kiosk-99/self-test", None, 404, "unknown_device")
    report(kiosk, receipt=OK)
    run = admin.ok("/devices/kiosk-01/self-test", None, 202)
    other = server.client(KIOSK2_TOKEN)
    assert other.post("/devices/self-tests/take").status_code == 204  # not kiosk-02's
    assert other.post(f"/devices/self-tests/{run['id']}/result",
                      {"passed": True, "report": {}}).status_code == 404
    clock.advance(seconds=121)
    shown = admin.get(f"/devices/self-tests/{run['id']}").json()
    assert shown["state"] == "timed_out" and shown["summary"] == "自检超时：终端未在规定时间内回复"
    assert kiosk.post(f"/devices/self-tests/{run['id']}/result",
                      {"passed": True, "report": {}}).json()["error"]["code"] == "self_test_timed_out"


def test_a_bad_report_changes_nothing(kiosk: HallClient, admin: HallClient) -> None:
    report(kiosk, receipt=OK)
    run = admin.ok("/devices/kiosk-01/self-test", None, 202)
    kiosk.post("/devices/self-tests/take")
    r = kiosk.post(f"/devices/self-tests/{run['id']}/result", {"passed": "maybe", "report": []})
    assert r.status_code == 422
    assert admin.get(f"/devices/self-tests/{run['id']}").json()["state"] == "running"


def test_always_on_is_only_for_kiosks() -> None:
    import tomllib

    from hall_server.config import ConfigError, parse_hall
    raw = tomllib.loads(SAMPLE_HALL.read_text(encoding="utf-8"))
    display = next(d for d in raw["devices"] if d["id"] == "display-hall")
    display["always_on"] = True
    with pytest.raises(ConfigError, match="always_on is for kiosks"):
        parse_hall(raw, "hall.toml")


def test_a_display_with_its_event_stream_open_is_heard(server: RunningServer, admin: HallClient) -> None:
    from websockets.sync.client import connect

    assert device(admin, "display-hall")["condition"] == "never_heard"
    with connect(f"{server.ws_url}/api/v1/events/stream?after=0&token={DISPLAY_TOKEN}", open_timeout=10):
        shown = until(lambda: (d := device(admin, "display-hall"))["online"] and d, "the display heard")
        assert shown["condition"] == "ok" and shown["last_heard"] is not None


def test_a_fault_of_an_always_on_kiosk_at_night_is_a_notice_once(server: RunningServer, clock: FakeClock) -> None:
    clock.set_local(2026, 11, 23, 23, 30)
    admin = server.login("admin", ADMIN_PIN)
    night_kiosk = server.client(KIOSK2_TOKEN)
    report(night_kiosk, receipt=PAPER_OUT)
    report(night_kiosk, receipt=PAPER_OUT)
    alerts = fleet(admin)["alerts"]
    assert [(a["device"], a["condition"], a["text_en"]) for a in alerts] == [
        ("kiosk-02", "paper_out", "7×24 kiosk 7×24自助区终端2: paper out at night")]
    report(night_kiosk, receipt=OK)
    assert fleet(admin)["alerts"][0]["ended_at"] is not None
