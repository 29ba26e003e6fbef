"""The console's 设备 page: every kiosk, display and evaluator of the hall, the most severe first,
with its condition in the UI's language since when (relative time), the night notices of 7×24
kiosks, and a kiosk's remote self-test (kiosk-diag --self-test run by the kiosk, through the server).

Read on `device.*` events and on the console's timer; a self-test is read again on its events and,
while it waits, every few seconds (the server says when it has timed out).
"""
from __future__ import annotations

import datetime as dt
import json
from typing import Any

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot

from hall_server.schema import DeviceAlert, FleetDevice, FleetList, SelfTestRun
from qtkit.props import qt_property
from qtkit.rows import KeyedListModel

from . import reports
from .console_pages import ConsoleHall, tr

SELF_TEST_POLL_MS = 2000  # while a self-test waits: its timeout comes without an event


def ago(then: dt.datetime | None, now: dt.datetime) -> str:
    """How long ago, in the UI's language: 刚刚, 5 分钟前, 3 小时前, 2 天前."""
    if then is None:
        return "—"
    seconds = max(0, int((now - then).total_seconds()))
    if seconds < 60:
        return tr("刚刚")
    if seconds < 3600:
        return tr("%1 分钟前").replace("%1", str(seconds // 60))
    if seconds < 86400:
        return tr("%1 小时前").replace("%1", str(seconds // 3600))
    return tr("%1 天前").replace("%1", str(seconds // 86400))


def kind_label(kind: str) -> str:
    return {"kiosk": tr("自助终端"), "display": tr("综合屏"), "evaluator": tr("评价器")}.get(kind, kind)


def part_label(part: str) -> str:
    return {"receipt": tr("凭条打印机"), "certificate": tr("证照打印机"), "idcard": tr("身份证阅读器"),
            "scanner": tr("扫码器"), "panel": tr("触摸屏"), "events": tr("评价请求"),
            "window_led": tr("窗口屏")}.get(part, part)


class FleetPage(QObject):
    """设备: the hall's devices with their health, the night notices, and remote self-tests."""

    changed = Signal()
    selfTestChanged = Signal()

    def __init__(self, hall: ConsoleHall, parent: QObject | None = None):
        super().__init__(parent)
        self._hall = hall
        self._list: FleetList | None = None
        self._rows = KeyedListModel("id", parent=self)
        self._self_test: SelfTestRun | None = None
        self._poll = QTimer(self, interval=SELF_TEST_POLL_MS)
        self._poll.timeout.connect(self._read_self_test)

    # --- properties -----------------------------------------------------------------------

    def _get_rows(self) -> KeyedListModel:
        return self._rows

    def _get_trouble(self) -> int:
        return self._list.trouble if self._list else 0

    def _get_alerts(self) -> list:
        return [self._alert(a) for a in self._list.alerts if a.ended_at is None] if self._list else []

    def _get_self_test(self) -> dict:
        return self._self_test_row(self._self_test) if self._self_test else {}

    rows = Property(QObject, _get_rows, constant=True)
    trouble = qt_property(int, _get_trouble, notify=changed)
    alerts = Property(list, _get_alerts, notify=changed)
    selfTest = Property(dict, _get_self_test, notify=selfTestChanged)

    # --- reading --------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        if self._hall.signed_in():
            self._hall.read("/devices/fleet", FleetList, self.take)

    def take(self, listed: FleetList | None) -> None:
        self._list = listed
        self.relabel()

    def clear(self) -> None:
        self._poll.stop()
        self._self_test = None
        self.take(None)
        self.selfTestChanged.emit()

    def relabel(self) -> None:
        """Rows again: names in the UI's language, times relative to the server's moment."""
        listed = self._list
        self._rows.set_rows([self._row(d, listed.at) for d in listed.devices] if listed else [])
        self.changed.emit()
        if self._self_test is not None:
            self.selfTestChanged.emit()

    def _name(self, zh: str, en: str) -> str:
        return en if self._hall.lang == "en" else zh

    def _row(self, d: FleetDevice, now: dt.datetime) -> dict[str, Any]:
        parts = [p for p in d.parts if p.condition != "ok"]
        return {
            "id": d.id, "name": d.name, "kind": d.kind, "kind_label": kind_label(d.kind), "area": d.area or "",
            "always_on": d.always_on, "online": d.online, "condition": d.condition, "severity": d.severity,
            "condition_label": self._name(d.condition_zh, d.condition_en),
            "since": ago(d.since, now) if d.condition not in ("ok", "never_heard") else "",
            "since_at": reports.hall_time(d.since, self._hall.tz) if d.since else "",
            "last_heard": ago(d.last_heard, now) if d.last_heard else tr("从未连接"),
            "version": d.version or "—",
            "parts": "；".join(
                f"{part_label(p.part)}：{self._name(p.condition_zh, p.condition_en)}（{ago(p.since, now)}）"
                if self._hall.lang != "en" else
                f"{part_label(p.part)}: {p.condition_en} ({ago(p.since, now)})" for p in parts),
            "can_self_test": d.kind == "kiosk",
        }

    def _alert(self, a: DeviceAlert) -> dict[str, Any]:
        return {"id": a.id, "text": self._name(a.text, a.text_en),
                "at": reports.hall_time(a.started_at, self._hall.tz)}

    # --- self-test ------------------------------------------------------------------------

    @Slot(str)
    def runSelfTest(self, device_id: str) -> None:
        """Ask the server to have the kiosk run its self-test; the result shows when it comes."""
        if not self._hall.signed_in():
            return
        self._self_test = None
        self.selfTestChanged.emit()
        self._hall.command(f"/devices/{device_id}/self-test", None, SelfTestRun, tr("已请求终端自检，请稍候"),
                           took=self.take_requested, refused=self._refused)

    def take_requested(self, run: SelfTestRun) -> None:
        self._self_test = run
        self.selfTestChanged.emit()
        if run.state in ("pending", "running"):
            self._poll.start()

    def _refused(self, _code: str, _zh: str, _en: str) -> None:  # the status line says why (终端离线...)
        self._self_test = None
        self.selfTestChanged.emit()

    def on_event(self, data: dict[str, Any]) -> None:
        """A device.self_test event: read the run it names if it is the one shown."""
        if self._self_test is not None and data.get("id") == self._self_test.id:
            self._read_self_test()

    def _read_self_test(self) -> None:
        run = self._self_test
        if run is None or not self._hall.signed_in():
            self._poll.stop()
            return
        self._hall.read(f"/devices/self-tests/{run.id}", SelfTestRun, self._take_self_test)

    def _take_self_test(self, run: SelfTestRun) -> None:
        if self._self_test is None or run.id != self._self_test.id:
            return
        self._self_test = run
        if run.state not in ("pending", "running"):
            self._poll.stop()
            self._hall.say(self._name(run.summary or "", run.summary_en or ""), error=not run.passed)
        self.selfTestChanged.emit()

    @Slot()
    def closeSelfTest(self) -> None:
        self._poll.stop()
        self._self_test = None
        self.selfTestChanged.emit()

    def _self_test_row(self, run: SelfTestRun) -> dict[str, Any]:
        device = next((d for d in self._list.devices if d.id == run.device), None) if self._list else None
        waiting = {"pending": tr("等待终端领取自检任务…"), "running": tr("终端正在自检…")}
        summary = waiting.get(run.state) or self._name(run.summary or "", run.summary_en or "")
        return {"id": run.id, "device": run.device, "name": device.name if device else run.device,
                "state": run.state, "passed": run.passed, "summary": summary,
                "lines": self._result_lines(run.result) if run.result else [],
                "json": json.dumps(run.result, ensure_ascii=False, indent=2) if run.result else ""}

    def _result_lines(self, report: dict[str, Any]) -> list[dict[str, Any]]:
        """Each device of kiosk-diag's report: its name, state and self-test verdict in words."""
        lines = []
        for d in report.get("devices", []):
            if not isinstance(d, dict):
                continue
            test = d.get("self_test") or {}
            passed = test.get("passed", d.get("state") != "down")
            detail = self._name(str(test.get("detail_zh") or d.get("reason_zh") or ""),
                                str(test.get("detail_en") or d.get("reason_en") or ""))
            lines.append({"name": part_label(str(d.get("name", ""))), "passed": bool(passed),
                          "verdict": tr("通过") if passed else tr("未通过"), "detail": detail})
        if report.get("error"):
            lines.append({"name": tr("设备主机"), "passed": False, "verdict": tr("未通过"),
                          "detail": str(report["error"])})
        return lines
