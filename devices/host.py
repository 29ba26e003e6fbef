"""The device host: one process owning the machine's devices, as pcscd owns card readers.

    device-host --config /etc/hall/devices.toml            # production
    device-host --demo [--listen 127.0.0.1:8790]            # every device simulated

Embedded (tests, the demo)::

    host = DeviceHost(DEFAULT_DEMO_CONFIG, listen="127.0.0.1:0").start()
    ... DeviceClient(host.api_url) ...
    host.stop()
"""
from __future__ import annotations

import argparse
import logging
import signal
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any, Literal, overload

from drivers.led import Colour
from drivers.sim.hosted import IdCardSimDevice, ReceiptSimDevice, ScannerSimDevice, SimDevice
from servicekit import crash, notify

from .config import DEFAULT_DEMO_CONFIG, ConfigError, HostConfig, config_from_dict, load_config
from .errors import CommandError, bad_args
from .services import (
    SERVICES,
    CertificateService,
    DeviceService,
    ReceiptService,
    WindowLedService,
    decode_pdf_argument,
    ticket_from_dict,
)

log = logging.getLogger(__name__)

PRINTER_CONDITIONS = ("paper_end", "paper_near_end", "cover_open", "offline", "error")


def _only(args: dict[str, Any], *allowed: str) -> None:
    unknown = set(args) - set(allowed)
    if unknown:
        names = ", ".join(sorted(unknown))
        raise bad_args(f"未知参数：{names}", f"unknown arguments: {names}")


@overload
def _text_arg(args: dict[str, Any], name: str, *, required: Literal[True] = True) -> str: ...
@overload
def _text_arg(args: dict[str, Any], name: str, *, required: Literal[False], default: str) -> str: ...


def _text_arg(args: dict[str, Any], name: str, *, required: bool = True, default: str | None = None) -> str | None:
    if name not in args:
        if required:
            raise bad_args(f"缺少参数 {name}", f"argument {name} is missing")
        return default
    value = args[name]
    if not isinstance(value, str) or not value:
        raise bad_args(f"参数 {name} 应为非空文字", f"argument {name} must be non-empty text")
    return value


class DeviceHost:
    """Owns the devices of one machine: one service per role, simulators for sim://, the local API.

    Args:
        config: a HostConfig or its dict/TOML shape; None runs DEFAULT_DEMO_CONFIG.
        listen: overrides config.listen ("127.0.0.1:0" picks a free port; "" runs no API).
    """

    def __init__(self, config: HostConfig | Mapping[str, Any] | None = None, *, listen: str | None = None) -> None:
        if config is None:
            config = DEFAULT_DEMO_CONFIG
        self.config = config if isinstance(config, HostConfig) else config_from_dict(config)
        self.listen = self.config.listen if listen is None else listen
        if listen is not None:
            from .config import check_listen

            check_listen(listen)
        self.services: dict[str, DeviceService] = {}
        self.sims: dict[str, SimDevice] = {}
        self.api: Any = None
        self._commands: dict[str, Callable[[dict[str, Any]], Any]] = {
            "health": self._health,
            "print_receipt": self._print_receipt,
            "print_test_receipt": self._print_test_receipt,
            "print_certificate": self._print_certificate,
            "show_on_led": self._show_on_led,
            "clear_led": self._clear_led,
            "led_test_pattern": self._led_test_pattern,
            "self_test": self._self_test,
            "sim.place_card": self._sim_place_card,
            "sim.remove_card": self._sim_remove_card,
            "sim.present_code": self._sim_present_code,
            "sim.clear_code": self._sim_clear_code,
            "sim.set_printer": self._sim_set_printer,
            "sim.unplug": self._sim_unplug,
            "sim.replug": self._sim_replug,
            "sim.state": self._sim_state,
        }

    # --- lifetime ------------------------------------------------------------------------
    def start(self) -> DeviceHost:
        """Start simulators, services and the local API; on any failure undo what started.

        Raises:
            ConfigError: a device URL the driver refuses.
            OSError: the API address cannot be bound.
        """
        try:
            for name, address in self.config.addresses().items():
                sim = None
                if address.driver.simulator is not None:
                    sim = self.sims[name] = address.driver.simulator(address)
                    sim.start()
                try:
                    service = SERVICES[address.kind](name, address, self.config, self._emit, sim)
                except ValueError as exc:
                    raise ConfigError(f"{name}: {exc}") from exc
                self.services[name] = service
            for service in self.services.values():
                service.start()
            if self.listen:
                from .api import LocalApi

                self.api = LocalApi(self, self.listen, self.config.max_message_bytes)
                self.api.start()
        except BaseException:
            self.stop()
            raise
        log.info("device host started: %s", ", ".join(self.services) or "no devices")
        return self

    def stop(self) -> None:
        """Stop the API, every service and every simulator; joins all their threads."""
        if self.api is not None:
            self.api.stop()
            self.api = None
        for service in self.services.values():
            service.request_stop()  # every loop winds down at once, not one after another
        for service in self.services.values():
            service.stop()
        # Simulators stop in parallel too: each waits out its own accept timeout.
        stoppers = [threading.Thread(target=sim.stop, name=f"stop-{name}") for name, sim in self.sims.items()]
        for stopper in stoppers:
            stopper.start()
        for stopper in stoppers:
            stopper.join()
        self.services.clear()
        self.sims.clear()

    def __enter__(self) -> DeviceHost:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def api_url(self) -> str:
        """The URL clients connect to (ws://127.0.0.1:PORT or unix:/path)."""
        if self.api is None:
            raise RuntimeError("the local API is not running")
        return self.api.url

    def wait_ready(self, timeout: float = 5.0) -> dict[str, Any]:
        """Wait until every device has left "connecting"; returns the health listing."""
        deadline = time.monotonic() + timeout
        while any(s.health.code == "connecting" for s in self.services.values()) and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.health()

    # --- events --------------------------------------------------------------------------
    def _emit(self, event: str, payload: dict[str, Any]) -> None:
        message = {"event": event, "time": time.time(), **payload}
        if self.api is not None:
            self.api.publish(message)

    # --- commands ------------------------------------------------------------------------
    @property
    def commands(self) -> tuple[str, ...]:
        """Names of the commands the host executes (the API adds subscribe/unsubscribe)."""
        return tuple(self._commands)

    def execute(self, command: str, args: dict[str, Any] | None = None) -> Any:
        """Run one command and return its result.

        Raises:
            CommandError: unknown command, bad arguments, or a device that cannot do it.
        """
        handler = self._commands.get(command)
        if handler is None:
            raise CommandError("unknown_command", f"未知命令：{command}", f"unknown command: {command}")
        if args is None:
            args = {}
        if not isinstance(args, dict):
            raise bad_args("args 应为对象", "args must be an object")
        return handler(args)

    def health(self) -> dict[str, Any]:
        """Every device with its health."""
        return {"devices": {name: service.describe() for name, service in self.services.items()},
                "time": time.time()}

    def _service(self, name: str, kind: type[DeviceService]) -> Any:
        service = self.services.get(name)
        if not isinstance(service, kind):
            raise CommandError("not_configured", f"本机未配置设备 {name}", f"this machine has no device {name}")
        return service

    def _window(self, args: dict[str, Any]) -> WindowLedService:
        window = _text_arg(args, "window")
        return self._service(f"window_led.{window}", WindowLedService)

    def _health(self, args: dict[str, Any]) -> dict[str, Any]:
        _only(args)
        return self.health()

    def _print_receipt(self, args: dict[str, Any]) -> dict[str, Any]:
        _only(args, "ticket")
        if "ticket" not in args:
            raise bad_args("缺少参数 ticket", "argument ticket is missing")
        service = self._service("receipt", ReceiptService)
        return service.print_receipt(ticket_from_dict(args["ticket"]))

    def _print_test_receipt(self, args: dict[str, Any]) -> dict[str, Any]:
        _only(args)
        return self._service("receipt", ReceiptService).print_test_receipt()

    def _print_certificate(self, args: dict[str, Any]) -> dict[str, Any]:
        _only(args, "pdf_base64", "path", "title")
        pdf = decode_pdf_argument(args)
        title = _text_arg(args, "title", required=False, default="certificate")
        return self._service("certificate", CertificateService).print_certificate(pdf, title)

    def _show_on_led(self, args: dict[str, Any]) -> dict[str, Any]:
        _only(args, "window", "lines", "colour")
        service = self._window(args)
        lines = args.get("lines")
        if not isinstance(lines, list) or not lines or not all(isinstance(x, str) for x in lines):
            raise bad_args("lines 应为非空文字列表", "lines must be a non-empty list of strings")
        colour_name = _text_arg(args, "colour", required=False, default="red")
        try:
            colour = Colour(colour_name)
        except ValueError:
            raise bad_args("colour 应为 red、green 或 yellow", "colour must be red, green or yellow") from None
        return {"window": service.window, "shown": service.show(lines, colour)}

    def _clear_led(self, args: dict[str, Any]) -> dict[str, Any]:
        _only(args, "window")
        service = self._window(args)
        service.clear()
        return {"window": service.window}

    def _led_test_pattern(self, args: dict[str, Any]) -> dict[str, Any]:
        _only(args, "window")
        service = self._window(args)
        return {"window": service.window, "shown": service.test_pattern()}

    def _self_test(self, args: dict[str, Any]) -> dict[str, Any]:
        _only(args, "device", "wait_seconds")
        name = _text_arg(args, "device")
        wait = args.get("wait_seconds", 10)
        if isinstance(wait, bool) or not isinstance(wait, (int, float)) or not 0 < wait <= 120:
            raise bad_args("wait_seconds 应为 0-120 秒", "wait_seconds must be a number of seconds, 0-120")
        service = self._service(name, DeviceService)
        return {"device": name, "role": service.role, **service.self_test(float(wait))}

    # --- simulator controls --------------------------------------------------------------
    def _sim(self, name: str, kind: type[SimDevice]) -> Any:
        if name not in self.services:
            raise CommandError("not_configured", f"本机未配置设备 {name}", f"this machine has no device {name}")
        sim = self.sims.get(name)
        if not isinstance(sim, kind):
            raise CommandError("not_simulated", f"设备 {name} 不是模拟设备", f"device {name} is not simulated")
        return sim

    def _sim_place_card(self, args: dict[str, Any]) -> dict[str, Any]:
        _only(args, "card")
        sim = self._sim("idcard", IdCardSimDevice)
        card = _text_arg(args, "card", required=False, default="adult")
        try:
            return {"placed": card, "description": sim.place(card)}
        except KeyError:
            known = ", ".join(sim.describe()["cards"])
            raise bad_args(f"没有样卡 {card}（可用：{known}）", f"no sample card {card} (known: {known})") from None

    def _sim_remove_card(self, args: dict[str, Any]) -> dict[str, Any]:
        _only(args)
        self._sim("idcard", IdCardSimDevice).remove()
        return {"removed": True}

    def _sim_present_code(self, args: dict[str, Any]) -> dict[str, Any]:
        _only(args, "text")
        text = _text_arg(args, "text")
        sim = self._sim("scanner", ScannerSimDevice)
        try:
            sim.present(text)
        except ValueError as exc:
            raise bad_args("二维码内容过长", str(exc)) from None
        return {"presented": True}

    def _sim_clear_code(self, args: dict[str, Any]) -> dict[str, Any]:
        _only(args)
        self._sim("scanner", ScannerSimDevice).clear()
        return {"cleared": True}

    def _sim_set_printer(self, args: dict[str, Any]) -> dict[str, Any]:
        _only(args, *PRINTER_CONDITIONS)
        if not all(isinstance(v, bool) for v in args.values()):
            raise bad_args("打印机状态应为 true/false", "printer conditions are true or false")
        sim = self._sim("receipt", ReceiptSimDevice)
        sim.set_status(**args)
        return sim.describe()["status"]

    def _sim_device(self, args: dict[str, Any]) -> SimDevice:
        _only(args, "device")
        return self._sim(_text_arg(args, "device") or "", SimDevice)

    def _sim_unplug(self, args: dict[str, Any]) -> dict[str, Any]:
        sim = self._sim_device(args)
        if sim.plugged:
            sim.unplug()
        return {"plugged": False}

    def _sim_replug(self, args: dict[str, Any]) -> dict[str, Any]:
        sim = self._sim_device(args)
        if not sim.plugged:
            sim.replug()
        return {"plugged": True}

    def _sim_state(self, args: dict[str, Any]) -> dict[str, Any]:
        return self._sim_device(args).describe()


def main(argv: list[str] | None = None) -> int:
    """device-host: run the host until SIGTERM or Ctrl-C."""
    parser = argparse.ArgumentParser(prog="device-host", description="Hall device host / 设备主机")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--config", help="TOML configuration file")
    source.add_argument("--demo", action="store_true", help="every device simulated (DEFAULT_DEMO_CONFIG)")
    parser.add_argument("--listen", help="127.0.0.1:PORT or unix:/path (overrides the configuration)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        force=True)  # python-escpos logs at import, which installs a root handler first
    crash.enable_crash_file("device-host")
    try:
        config = load_config(args.config) if args.config else config_from_dict(DEFAULT_DEMO_CONFIG)
        host = DeviceHost(config, listen=args.listen).start()
    except (ConfigError, OSError) as exc:
        print(f"device-host: {exc}")
        return 2
    stopping = threading.Event()

    def on_signal(signum: int, frame: object) -> None:
        stopping.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    print(f"device host listening on {host.api_url}" if host.api else "device host running without API", flush=True)
    notify.notify(notify.READY, f"STATUS=listening on {host.api_url}" if host.api else "STATUS=running without API")
    # With an API its loop feeds systemd's watchdog (LocalApi); without one, this loop does.
    interval = None if host.api else notify.watchdog_interval()
    try:
        while not stopping.wait(interval or 1.0):
            if interval:
                notify.notify(notify.WATCHDOG)
    finally:
        notify.notify(notify.STOPPING)
        host.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
