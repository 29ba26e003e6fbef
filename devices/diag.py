"""kiosk-diag: the technicians' device check, run against the device host while the kiosk runs.

    kiosk-diag                       # every device with its state, zh and en
    kiosk-diag --self-test           # also read a card, print a test receipt and a test page, ...
    kiosk-diag --json --url unix:/run/hall/devices.sock

Exit status: 0 when every device works (degraded counts as working, with a warning),
1 when a device is down or a self-test failed, 2 when the device host cannot be reached.
"""
from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from typing import Any, TextIO

from .client import DEFAULT_URL, DeviceClient, DeviceCommandError, DeviceHostUnavailable
from .services import ROLE_NAMES

STATE_WORDS = {"ok": ("正常", "OK"), "degraded": ("需注意", "DEGRADED"), "down": ("故障", "DOWN")}
#: Self-test order: quick, harmless checks first; the ones that need a technician's hand last.
ORDER = ("window_led", "receipt", "certificate", "scanner", "idcard")


def _pad(text: str, columns: int) -> str:
    # Chinese characters take two terminal columns; str.ljust counts them as one.
    width = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(1, columns - width)


def device_label(name: str, role: str) -> tuple[str, str]:
    """The device's name in zh and en ("窗口屏 01", "window LED screen 01")."""
    zh, en = ROLE_NAMES.get(role, (role, role))
    suffix = name.split(".", 1)[1] if "." in name else ""
    return (f"{zh} {suffix}".strip(), f"{en} {suffix}".strip())


def run_diagnosis(client: DeviceClient, self_test: bool, wait: float, only: list[str] | None) -> dict[str, Any]:
    """Ask the host for every device's health, and run self-tests when asked.

    Returns:
        {"host": url, "devices": [{name, role, state, reason..., self_test?}], "passed": bool}
    """
    listing = client.call("health")["devices"]
    names = [n for n in listing if not only or n in only]
    names.sort(key=lambda n: (ORDER.index(listing[n]["role"]) if listing[n]["role"] in ORDER else 99, n))
    devices = []
    all_passed = bool(names)
    for name in names:
        info = dict(listing[name], name=name)
        if self_test:
            try:
                result = client.call("self_test", device=name, wait_seconds=wait, timeout=wait + 60)
            except DeviceCommandError as exc:
                result = {"passed": False, "detail_zh": exc.message, "detail_en": exc.message_en}
            except TimeoutError:
                result = {"passed": False, "detail_zh": "自检超时", "detail_en": "self-test timed out"}
            info["self_test"] = result
            if not result.get("passed"):
                all_passed = False
            # A self-test may have changed what the host knows (a printer that just refused).
            info.update({k: v for k, v in client.call("health")["devices"][name].items() if k != "role"})
        if info["state"] == "down":
            all_passed = False
        devices.append(info)
    missing = sorted(set(only or []) - set(listing))
    for name in missing:
        all_passed = False
        devices.append({"name": name, "role": "", "state": "down", "code": "not_configured",
                        "reason_zh": "本机未配置该设备", "reason_en": "not configured on this machine"})
    return {"host": client.url, "devices": devices, "passed": all_passed}


def print_report(report: dict[str, Any], lang: str, out: TextIO) -> None:
    """Write the report as readable text."""
    zh, en = lang in ("zh", "both"), lang in ("en", "both")
    title = [w for w, on in (("设备自检", zh), ("Device diagnosis", en)) if on]
    out.write(f"{' / '.join(title)}  ({report['host']})\n")
    for device in report["devices"]:
        label_zh, label_en = device_label(device["name"], device["role"])
        state_zh, state_en = STATE_WORDS.get(device["state"], (device["state"], device["state"]))
        mark = {"ok": "✔", "degraded": "!", "down": "✘"}.get(device["state"], "?")
        label = " / ".join(x for x, on in ((label_zh, zh), (label_en, en)) if on)
        state = " ".join(x for x, on in ((state_zh, zh), (state_en, en)) if on)
        out.write(f"{mark} {_pad(label, 40)}{state}\n")
        if device["state"] != "ok":
            for text, on in ((device.get("reason_zh", ""), zh), (device.get("reason_en", ""), en)):
                if on and text:
                    out.write(f"    {text}\n")
            if device.get("detail"):
                out.write(f"    ({device['detail']})\n")
        test = device.get("self_test")
        if test is not None:
            verdict = ("通过" if test["passed"] else "未通过", "passed" if test["passed"] else "FAILED")
            out.write(f"    {'自检 ' + verdict[0] if zh else ''}{' / ' if zh and en else ''}"
                      f"{'self-test ' + verdict[1] if en else ''}\n")
            for text, on in ((test.get("detail_zh", ""), zh), (test.get("detail_en", ""), en)):
                if on and text:
                    out.write(f"      {text}\n")
    verdict_zh = "全部正常" if report["passed"] else "有设备故障，请处理"
    verdict_en = "all devices work" if report["passed"] else "some devices need attention"
    out.write(" / ".join(x for x, on in ((verdict_zh, zh), (verdict_en, en)) if on) + "\n")


def main(argv: list[str] | None = None, out: TextIO | None = None) -> int:
    """kiosk-diag command line; returns the exit status."""
    out = out or sys.stdout
    parser = argparse.ArgumentParser(prog="kiosk-diag", description="设备自检 / device diagnosis")
    parser.add_argument("--url", default=DEFAULT_URL, help=f"device host API (default {DEFAULT_URL}; or unix:/path)")
    parser.add_argument("--self-test", action="store_true", help="run every device's self-test")
    parser.add_argument("--device", action="append", help="only this device (repeatable), e.g. receipt, window_led.01")
    parser.add_argument("--wait", type=float, default=15.0, help="seconds to wait for a card or code (default 15)")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--lang", choices=("zh", "en", "both"), default="both")
    args = parser.parse_args(argv)
    try:
        with DeviceClient(args.url, timeout=30) as client:
            report = run_diagnosis(client, args.self_test, args.wait, args.device)
    except DeviceHostUnavailable as exc:
        if args.json:
            out.write(json.dumps({"host": args.url, "error": str(exc), "passed": False}) + "\n")
        else:
            out.write(f"无法连接设备主机 / device host unreachable: {exc}\n")
        return 2
    if args.json:
        out.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    else:
        print_report(report, args.lang, out)
    return 0 if report["passed"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
