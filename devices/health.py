"""Health of one device as the host reports it: ok / degraded / down, with a reason in zh and en."""
from __future__ import annotations

import dataclasses
import time
from typing import Literal

HealthState = Literal["ok", "degraded", "down"]
STATES: tuple[HealthState, ...] = ("ok", "degraded", "down")

#: Reasons by code: what a hall technician reads on the diagnostics screen, in both languages.
REASONS: dict[str, tuple[str, str]] = {
    "ready": ("正常", "ready"),
    "connecting": ("正在连接设备", "connecting to the device"),
    "unreachable": ("设备未连接或无响应，请检查电源和连线",
                    "device is not connected or does not answer: check power and cable"),
    "not_answering": ("设备无应答", "device does not answer"),
    "module_fault": ("阅读器安全模块故障", "the reader's SAM module reports a fault"),
    "line_noise": ("通信数据错误", "garbled data on the line"),
    "config": ("设备地址配置错误", "the device URL in the configuration is wrong"),
    "status_unknown": ("无法读取打印机状态", "printer status cannot be read over this link"),
    "paper_end": ("打印纸已用完，请更换纸卷", "paper roll is empty: load a new roll"),
    "paper_near_end": ("打印纸将尽，请尽快更换", "paper roll is nearly empty: replace it soon"),
    "cover_open": ("打印机盖未关好", "printer cover is open: close it"),
    "printer_error": ("打印机故障（切刀卡纸或打印头过热）",
                      "printer reports an error (cutter jam or print head overheated)"),
    "feeding": ("正在手动走纸", "paper is being fed with the FEED button"),
    "offline": ("打印机离线", "printer is off-line"),
    "spool_trouble": ("证照打印队列异常", "the certificate print queue has a problem"),
    "spool_down": ("证照打印机不可用", "the certificate printer cannot print"),
    "source_ended": ("视频源已结束", "the video or image source has ended"),
    "stopped": ("服务已停止", "service stopped"),
}


@dataclasses.dataclass(frozen=True)
class Health:
    """One device's health.

    Attributes:
        state: ok, degraded (works, needs attention) or down (cannot serve).
        code: a stable short cause ("paper_end", "unreachable"...), for apps to choose a screen by.
        reason_zh / reason_en: the cause in words for staff and technicians.
        detail: the driver's own technical message (English); never personal data.
        since: wall-clock time this state began.
    """

    state: HealthState
    code: str
    reason_zh: str
    reason_en: str
    detail: str = ""
    since: float = dataclasses.field(default_factory=time.time)

    @classmethod
    def of(cls, state: HealthState, code: str, detail: str = "") -> Health:
        """A health with the standard wording of a code."""
        zh, en = REASONS.get(code, (code, code))
        return cls(state, code, zh, en, detail)

    def as_dict(self) -> dict:
        """The health as the local API sends it."""
        return dataclasses.asdict(self)
