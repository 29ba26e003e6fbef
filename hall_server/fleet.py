"""Fleet health for the console's 设备 page: every configured kiosk, display and evaluator, when it
was last heard, its version, each part's condition since when, the changes of the last 31 days,
a notice to the hall manager when an always-on kiosk goes down at night, and remote self-tests.

A device's heartbeat is its health report (POST /devices/health, every `[fleet] heartbeat_seconds`).
The device hosts' states (ok / degraded / down with a reason code) are normalised here into
`DeviceCondition`; a part's `since` is when its condition began and survives repeated reports.

Self-tests go to the kiosk, not to its device host: the device host listens only on the kiosk
machine itself (loopback or a Unix socket), and the hall LAN lets the kiosk reach the server but
not the other way round through every firewall; the kiosk already talks to the server every few
seconds, so it takes a pending self-test on its next pass and posts kiosk-diag's report back.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
from typing import Any

import sqlalchemy as sa

from . import db
from .config import Device, Hall
from .engine import Principal, QueueEngine, QueueRefusal, Tx
from .queue.core import from_ts
from .schema import (
    CONDITIONS, TROUBLE_SEVERITY, DeviceAlert, DeviceCondition, DeviceHistory, DeviceHistoryEntry, DeviceState,
    FleetDevice, FleetList, FleetPart, SelfTestResult, SelfTestRun, SelfTestTask,
)

log = logging.getLogger(__name__)

KINDS = ("kiosk", "display", "evaluator")  # devices that report (not the approval system)
CONNECTION = "connection"  # the part that says whether the device is heard from
KEEP_DAYS = 31
SELF_TEST_TIMEOUT_S = 120.0  # a self-test not answered by then is reported as timed out
SELF_TEST_WAIT_S = 5.0  # how long the kiosk's card reader and scanner wait for a card or code

_PRINTERS = ("receipt", "certificate")
#: The parts' names in a self-test's summary line, zh and en (as kiosk-diag names the roles).
PART_NAMES = {"receipt": ("凭条打印机", "receipt printer"), "certificate": ("证照打印机", "certificate printer"),
              "idcard": ("身份证阅读器", "ID card reader"), "scanner": ("扫码器", "QR scanner"),
              "window_led": ("窗口屏", "window LED screen")}


def condition_of(state: DeviceState) -> DeviceCondition | None:
    """A device host's state as a condition; None for a part not configured on that machine."""
    code, role = state.reason, state.role
    if code == "not_configured":
        return None
    if state.state == "ok":
        return DeviceCondition.OK
    if code in ("paper_end", "paper_out"):
        return DeviceCondition.PAPER_OUT
    if code in ("paper_near_end", "paper_low"):
        return DeviceCondition.PAPER_LOW
    if code == "cover_open":
        return DeviceCondition.COVER_OPEN
    if state.state == "degraded":
        return DeviceCondition.ATTENTION
    if role == "idcard":
        return DeviceCondition.READER_UNPLUGGED
    if role == "scanner":
        return DeviceCondition.SCANNER_FAULT
    if role in _PRINTERS:
        return DeviceCondition.PRINTER_FAULT
    return DeviceCondition.FAULT


def _names(condition: DeviceCondition) -> tuple[str, str, int]:
    return CONDITIONS[condition]


def hall_open(hall: Hall, now: dt.datetime) -> bool:
    """Whether the hall is staffed now: a category that is not a 7×24 one issues at this moment."""
    local = now.astimezone(hall.tz)
    if not hall.calendar.is_workday(local.date()):
        return False
    return any(c.open_at(local.time()) for c in hall.categories.values() if not c.all_days)


def _devices(hall: Hall) -> dict[str, Device]:
    return {k: d for k, d in hall.devices.items() if d.role in KINDS}


# --- writing: reports, the watch, the purge ---------------------------------------------------

def _set_part(tx: Tx, device: str, part: str, condition: DeviceCondition, reason_zh: str | None,
              reason_en: str | None, at: float | None = None, quiet: bool = False) -> None:
    """Keep a part's condition; a change starts a new `since`, goes into the history and is an event
    (unless `quiet`: a display's stream coming up is not worth an event to every other stream)."""
    s = db.device_states.c
    row = tx.conn.execute(sa.select(db.device_states).where(s.device == device, s.part == part)).first()
    if row is not None and row.condition == condition.value:
        if (row.reason_zh, row.reason_en) != (reason_zh, reason_en):
            tx.conn.execute(db.device_states.update().where(s.device == device, s.part == part)
                            .values(reason_zh=reason_zh, reason_en=reason_en))
        return
    at = tx.ts if at is None else at
    values = {"condition": condition.value, "since": at, "reason_zh": reason_zh, "reason_en": reason_en}
    if row is None:
        tx.conn.execute(db.device_states.insert().values(device=device, part=part, **values))
    else:
        tx.conn.execute(db.device_states.update().where(s.device == device, s.part == part).values(**values))
    previous = None if row is None else row.condition
    tx.conn.execute(db.device_history.insert().values(device=device, part=part, condition=condition.value,
                                                      previous=previous, reason_zh=reason_zh,
                                                      reason_en=reason_en, at=at))
    if not quiet:
        tx.emit("device.state", {"device": device, "part": part, "condition": condition.value,
                                 "previous": previous, "at": from_ts(at).isoformat()})


def record_report(engine: QueueEngine, tx: Tx, device: str, parts: dict[str, DeviceState]) -> None:
    """A heartbeat with its parts' states: the device is online, each part keeps or changes its condition."""
    _set_part(tx, device, CONNECTION, DeviceCondition.OK, None, None)
    reported = set()
    for name, state in sorted(parts.items()):
        condition = condition_of(state)
        if condition is None:
            continue
        reported.add(name)
        _set_part(tx, device, name, condition, state.reason_zh, state.reason_en)
    s = db.device_states.c
    # A part no longer reported (taken out of the machine's device file) no longer counts.
    tx.conn.execute(db.device_states.delete().where(s.device == device, s.part != CONNECTION,
                                                    s.part.not_in(sorted(reported))))
    _check_alert(engine, tx, device)


def record_heard(engine: QueueEngine, tx: Tx, device: str) -> tuple[int, None]:
    """A heartbeat without parts (a display's open event stream): last heard now, online."""
    h = db.device_health.c
    if tx.conn.execute(db.device_health.update().where(h.reporter == device).values(reported_at=tx.ts)).rowcount == 0:
        tx.conn.execute(db.device_health.insert().values(reporter=device, reported_at=tx.ts, devices="{}"))
    _set_part(tx, device, CONNECTION, DeviceCondition.OK, None, None, quiet=True)
    return 200, None


class Heard:
    """Says a streaming display is heard, at most every half heartbeat period (one write, not one per event)."""

    def __init__(self, engine: QueueEngine, who: Principal):
        self.engine = engine
        self.who = who
        self.device = who.id.split(":", 1)[1] if who.id.startswith("device:") else who.id
        self._at = -1e18

    async def now(self) -> None:
        now = self.engine.clock().timestamp()
        if now - self._at < self.engine.hall.fleet.heartbeat_seconds / 2:
            return
        self._at = now
        try:
            await asyncio.wrap_future(self.engine.submit(
                self.who, None, "", lambda tx: record_heard(self.engine, tx, self.device)))
        except Exception:  # the stream goes on; the next heartbeat tries again
            log.warning("could not record that display %s was heard", self.device, exc_info=True)
            self._at = -1e18


def watch(engine: QueueEngine, tx: Tx) -> None:
    """The periodic look (engine.tick_hooks): a device silent too long goes offline; night notices."""
    limit = engine.hall.fleet.offline_after_seconds
    h = db.device_health.c
    heard = {r.reporter: r.reported_at for r in tx.conn.execute(sa.select(h.reporter, h.reported_at))}
    s = db.device_states.c
    connection = {r.device: r.condition for r in tx.conn.execute(
        sa.select(s.device, s.condition).where(s.part == CONNECTION))}
    for device_id in _devices(engine.hall):
        last = heard.get(device_id)
        if last is not None and tx.ts - last > limit and connection.get(device_id) != DeviceCondition.OFFLINE:
            log.warning("device %s not heard since %s: offline", device_id, from_ts(last).isoformat())
            _set_part(tx, device_id, CONNECTION, DeviceCondition.OFFLINE, None, None, at=last)
        _check_alert(engine, tx, device_id)


def _check_alert(engine: QueueEngine, tx: Tx, device_id: str) -> None:
    """Open a notice when an always-on kiosk is in trouble at night (once per outage); end it when it is well."""
    device = engine.hall.devices.get(device_id)
    if device is None or not device.always_on:
        return
    s = db.device_states.c
    worst = None
    for row in tx.conn.execute(sa.select(s.condition).where(s.device == device_id)):
        condition = DeviceCondition(row.condition)
        if _names(condition)[2] >= 3 and (worst is None or _names(condition)[2] > _names(worst)[2]):
            worst = condition
    a = db.device_alerts.c
    open_alert = tx.conn.execute(sa.select(db.device_alerts).where(a.device == device_id, a.ended_at.is_(None))).first()
    if worst is None:
        if open_alert is not None:
            tx.conn.execute(db.device_alerts.update().where(a.id == open_alert.id).values(ended_at=tx.ts))
            tx.emit("device.alert", {"id": open_alert.id, "device": device_id, "ended": True})
        return
    if open_alert is not None or hall_open(engine.hall, tx.now):
        return
    alert_id = tx.conn.execute(db.device_alerts.insert().values(
        device=device_id, condition=worst.value, started_at=tx.ts).returning(db.device_alerts.c.id)).scalar_one()
    text, text_en = alert_text(device.name, worst)
    log.warning("7×24 kiosk %s: %s; the hall manager is told", device_id, text_en)
    tx.emit("device.alert", {"id": alert_id, "device": device_id, "condition": worst.value, "text": text,
                             "text_en": text_en})


def alert_text(name: str, condition: DeviceCondition) -> tuple[str, str]:
    """A night notice in zh and en."""
    zh, en, _ = _names(condition)
    return f"7×24自助终端“{name}”夜间{zh}", f"7×24 kiosk {name}: {en} at night"


def purge(tx: Tx) -> None:
    """At the day's turnover: history, ended notices and self-tests older than 31 days go."""
    before = tx.ts - KEEP_DAYS * 86400
    tx.conn.execute(db.device_history.delete().where(db.device_history.c.at < before))
    tx.conn.execute(db.device_alerts.delete().where(db.device_alerts.c.ended_at < before))
    tx.conn.execute(db.self_tests.delete().where(db.self_tests.c.requested_at < before))


# --- reading ----------------------------------------------------------------------------------

def _part(row: Any) -> FleetPart:
    condition = DeviceCondition(row.condition)
    zh, en, _ = _names(condition)
    return FleetPart(part=row.part, condition=condition, condition_zh=zh, condition_en=en, reason_zh=row.reason_zh,
                     reason_en=row.reason_en, since=from_ts(row.since))


def _alert(row: Any, hall: Hall) -> DeviceAlert:
    device = hall.devices.get(row.device)
    name = device.name if device else row.device
    text, text_en = alert_text(name, DeviceCondition(row.condition))
    return DeviceAlert(id=row.id, device=row.device, name=name, condition=row.condition, text=text, text_en=text_en,
                       started_at=from_ts(row.started_at), ended_at=from_ts(row.ended_at))


def fleet_list(engine: QueueEngine) -> FleetList:
    """Every configured kiosk, display and evaluator (also those never heard from), most severe first."""
    now = engine.clock()
    hall = engine.hall
    limit = hall.fleet.offline_after_seconds
    with engine.store.read() as conn:
        heard = {r.reporter: r for r in conn.execute(sa.select(db.device_health))}
        parts: dict[str, list[Any]] = {}
        for row in conn.execute(sa.select(db.device_states).order_by(db.device_states.c.part)):
            parts.setdefault(row.device, []).append(row)
        a = db.device_alerts.c
        alerts = conn.execute(sa.select(db.device_alerts).where(a.started_at >= now.timestamp() - KEEP_DAYS * 86400)
                              .order_by(a.ended_at.is_not(None), a.started_at.desc()).limit(50)).all()
    devices = []
    for device in _devices(hall).values():
        report = heard.get(device.id)
        last = None if report is None else report.reported_at
        online = last is not None and now.timestamp() - last <= limit
        mine = [_part(p) for p in parts.get(device.id, [])]
        connection = next((p for p in mine if p.part == CONNECTION), None)
        shown = [p for p in mine if p.part != CONNECTION]
        if last is None:
            condition, since = DeviceCondition.NEVER_HEARD, None
        elif not online:
            condition = DeviceCondition.OFFLINE
            # Silent but not yet judged by the watch: since its last heartbeat.
            since = (connection.since if connection and connection.condition == DeviceCondition.OFFLINE
                     else from_ts(last))
        else:
            worst = max(shown, key=lambda p: (_names(p.condition)[2], -p.since.timestamp()), default=None)
            condition = worst.condition if worst else DeviceCondition.OK
            since = worst.since if worst and worst.condition != DeviceCondition.OK else (
                connection.since if connection else from_ts(last))
        zh, en, severity = _names(condition)
        devices.append(FleetDevice(
            id=device.id, kind=device.role, name=device.name, area=device.area, always_on=device.always_on,
            last_heard=from_ts(last), version=None if report is None else report.version, online=online,
            condition=condition, condition_zh=zh, condition_en=en, severity=severity, since=since,
            parts=sorted(shown, key=lambda p: (-_names(p.condition)[2], p.part))))
    devices.sort(key=lambda d: (-d.severity, KINDS.index(d.kind), d.id))  # kiosks first: citizens use them
    return FleetList(at=now, offline_after_seconds=limit, devices=devices,
                     trouble=sum(1 for d in devices if d.severity >= TROUBLE_SEVERITY),
                     alerts=[_alert(r, hall) for r in alerts])


def history(engine: QueueEngine, device_id: str) -> DeviceHistory:
    """One device's changes of the last 31 days, newest first."""
    if device_id not in _devices(engine.hall):
        raise QueueRefusal(404, "unknown_device", "没有这台设备", "no such device")
    h = db.device_history.c
    since = engine.clock().timestamp() - KEEP_DAYS * 86400
    with engine.store.read() as conn:
        rows = conn.execute(sa.select(db.device_history).where(h.device == device_id, h.at >= since)
                            .order_by(h.at.desc(), h.id.desc())).all()
    entries = []
    for r in rows:
        zh, en, _ = _names(DeviceCondition(r.condition))
        entries.append(DeviceHistoryEntry(at=from_ts(r.at), part=r.part, condition=r.condition, previous=r.previous,
                                          condition_zh=zh, condition_en=en, reason_zh=r.reason_zh,
                                          reason_en=r.reason_en))
    return DeviceHistory(device=device_id, entries=entries)


# --- remote self-tests ------------------------------------------------------------------------

def _summary(passed: bool, report: dict[str, Any]) -> tuple[str, str]:
    listed = [d for d in report.get("devices", []) if isinstance(d, dict)]
    failed = [d for d in listed if not (d.get("self_test") or {}).get("passed", d.get("state") != "down")]
    if passed:
        return f"自检通过：{len(listed)} 台设备全部正常", f"self-test passed: all {len(listed)} devices work"
    names = [PART_NAMES.get(str(d.get("name", "?")), (str(d.get("name", "?")),) * 2) for d in failed]
    if not listed:  # the device host did not answer (kiosk-diag's "error")
        return (f"自检未通过：{report.get('error') or '无法连接设备主机'}",
                f"self-test failed: {report.get('error') or 'device host unreachable'}")
    return (f"自检未通过：{len(failed)}/{len(listed)} 台设备有问题（{'、'.join(n[0] for n in names) or '—'}）",
            f"self-test failed: {len(failed)} of {len(listed)} devices need attention "
            f"({', '.join(n[1] for n in names) or '-'})")


def _run(row: Any, now: float) -> SelfTestRun:
    state = row.state
    if state in ("pending", "running") and now - row.requested_at > SELF_TEST_TIMEOUT_S:
        state = "timed_out"
    result = None if row.result is None else json.loads(row.result)
    summary = summary_en = None
    if state == "done" and result is not None:
        summary, summary_en = _summary(bool(row.passed), result)
    elif state == "timed_out":
        summary = "自检超时：终端未在规定时间内回复"
        summary_en = "self-test timed out: the kiosk did not answer in time"
    return SelfTestRun(id=row.id, device=row.device, state=state, requested_at=from_ts(row.requested_at),
                       requested_by=row.requested_by, finished_at=from_ts(row.finished_at), passed=row.passed,
                       summary=summary, summary_en=summary_en, result=result)


def request_self_test(engine: QueueEngine, tx: Tx, actor: Principal, device_id: str) -> tuple[int, SelfTestRun]:
    """Queue a self-test for a kiosk that is online; one already waiting is answered instead of a second."""
    device = engine.hall.devices.get(device_id)
    if device is None or device.role not in KINDS:
        raise QueueRefusal(404, "unknown_device", "没有这台设备", "no such device")
    if device.role != "kiosk":
        raise QueueRefusal(422, "no_self_test", "只有自助终端可以远程自检", "only kiosks run a remote self-test")
    h = db.device_health.c
    last = tx.conn.execute(sa.select(h.reported_at).where(h.reporter == device_id)).scalar()
    if last is None or tx.ts - last > engine.hall.fleet.offline_after_seconds:
        raise QueueRefusal(409, "device_offline", "终端离线，无法远程自检", "the kiosk is offline: no remote self-test",
                           device=device_id)
    t = db.self_tests.c
    waiting = tx.conn.execute(sa.select(db.self_tests).where(
        t.device == device_id, t.state.in_(("pending", "running")),
        t.requested_at >= tx.ts - SELF_TEST_TIMEOUT_S)).first()
    if waiting is not None:
        return 200, _run(waiting, tx.ts)
    test_id = tx.conn.execute(db.self_tests.insert().values(
        device=device_id, state="pending", requested_at=tx.ts, requested_by=actor.name)
        .returning(db.self_tests.c.id)).scalar_one()
    tx.emit("device.self_test", {"id": test_id, "device": device_id, "state": "pending"})
    row = tx.conn.execute(sa.select(db.self_tests).where(t.id == test_id)).one()
    return 202, _run(row, tx.ts)


def pending_self_test(engine: QueueEngine, device_id: str) -> bool:
    """Whether a self-test waits for this kiosk (read first, so a kiosk's pass writes nothing when none does)."""
    t = db.self_tests.c
    with engine.store.read() as conn:
        return conn.execute(sa.select(t.id).where(
            t.device == device_id, t.state == "pending",
            t.requested_at >= engine.clock().timestamp() - SELF_TEST_TIMEOUT_S).limit(1)).first() is not None


def take_self_test(engine: QueueEngine, tx: Tx, actor: Principal) -> tuple[int, SelfTestTask | None]:
    """The kiosk takes its oldest waiting self-test (204: none)."""
    device_id = actor.id.split(":", 1)[1] if actor.id.startswith("device:") else actor.id
    t = db.self_tests.c
    row = tx.conn.execute(sa.select(db.self_tests).where(
        t.device == device_id, t.state == "pending", t.requested_at >= tx.ts - SELF_TEST_TIMEOUT_S)
        .order_by(t.id).limit(1)).first()
    if row is None:
        return 204, None
    tx.conn.execute(db.self_tests.update().where(t.id == row.id).values(state="running", taken_at=tx.ts))
    tx.emit("device.self_test", {"id": row.id, "device": device_id, "state": "running"})
    return 200, SelfTestTask(id=row.id, wait_seconds=SELF_TEST_WAIT_S)


def finish_self_test(engine: QueueEngine, tx: Tx, actor: Principal, test_id: int,
                     result: SelfTestResult) -> tuple[int, SelfTestRun]:
    """The kiosk's report of a self-test it took."""
    device_id = actor.id.split(":", 1)[1] if actor.id.startswith("device:") else actor.id
    t = db.self_tests.c
    row = tx.conn.execute(sa.select(db.self_tests).where(t.id == test_id, t.device == device_id)).first()
    if row is None:  # another kiosk's test reads as none at all
        raise QueueRefusal(404, "unknown_self_test", "没有这次自检", "no such self-test")
    if row.state == "done":
        raise QueueRefusal(409, "self_test_reported", "这次自检已有结果", "this self-test already has its result")
    if tx.ts - row.requested_at > SELF_TEST_TIMEOUT_S:
        raise QueueRefusal(409, "self_test_timed_out", "这次自检已超时", "this self-test has timed out")
    tx.conn.execute(db.self_tests.update().where(t.id == test_id).values(
        state="done", finished_at=tx.ts, passed=result.passed,
        result=json.dumps(result.report, ensure_ascii=False)))
    tx.emit("device.self_test", {"id": test_id, "device": device_id, "state": "done", "passed": result.passed})
    row = tx.conn.execute(sa.select(db.self_tests).where(t.id == test_id)).one()
    return 200, _run(row, tx.ts)


def get_self_test(engine: QueueEngine, test_id: int) -> SelfTestRun:
    with engine.store.read() as conn:
        row = conn.execute(sa.select(db.self_tests).where(db.self_tests.c.id == test_id)).first()
    if row is None:
        raise QueueRefusal(404, "unknown_self_test", "没有这次自检", "no such self-test")
    return _run(row, engine.clock().timestamp())
