"""Device-host configuration: one URL per device role, window LED screens by window code.

A TOML file (or the same shape as a dict)::

    idcard      = "serial:///dev/ttyUSB0?baud=115200"
    receipt     = "escpos+tcp://10.1.2.9:9100"
    certificate = "cups://Certificates"
    scanner     = "camera://0"

    [window_led]
    "01" = "eq+tcp://10.1.2.3:5005?addr=001"
    "02" = "eq+tcp://10.1.2.3:5005?addr=002"

    [host]
    listen = "127.0.0.1:8790"          # or "unix:/run/hall/devices.sock"
    status_interval = 2.0              # seconds between health checks of a working device

Every role is optional (a display PC has only LED screens). ``sim://`` for any role makes the
host start that device's simulator in-process and drive it over the real wire protocol.
"""
from __future__ import annotations

import dataclasses
import ipaddress
import os
import pathlib
import re
import tempfile
import tomllib
from collections.abc import Mapping
from typing import Any

ROLES = ("idcard", "receipt", "certificate", "scanner")
DEFAULT_LISTEN = "127.0.0.1:8790"
DEFAULT_MAX_MESSAGE_BYTES = 8 * 1024 * 1024  # a certificate PDF in base64 fits; nothing else comes near
_WINDOW_CODE = re.compile(r"[0-9A-Za-z_-]{1,16}")

#: The demo machine: every device simulated, certificates spooled into a temporary folder.
DEFAULT_DEMO_CONFIG: dict[str, Any] = {
    "idcard": "sim://",
    "receipt": "sim://",
    "certificate": "pdfdir://" + pathlib.Path(tempfile.gettempdir(), "hall-demo", "certificates").as_posix(),
    "scanner": "sim://",
    "window_led": {"01": "sim://", "02": "sim://", "03": "sim://"},
    "host": {"listen": DEFAULT_LISTEN},
}


class ConfigError(ValueError):
    """A configuration the host cannot run with; the message names the key."""


@dataclasses.dataclass(frozen=True)
class HostConfig:
    """What the device host runs: device URLs and host settings.

    Attributes:
        idcard, receipt, certificate, scanner: device URLs, None when the machine has none.
        window_led: window code -> LED screen URL.
        listen: where the local API listens: "127.0.0.1:PORT" (loopback only), "unix:/path",
            or "" for no API (embedded use).
        status_interval: seconds between health checks of a working device.
        card_poll_interval: seconds between find-card polls of the ID-card reader.
        reconnect_initial / reconnect_max: back-off of reconnect attempts.
        max_message_bytes: larger API messages are refused with a "too_large" reply.
    """

    idcard: str | None = None
    receipt: str | None = None
    certificate: str | None = None
    scanner: str | None = None
    window_led: Mapping[str, str] = dataclasses.field(default_factory=dict)
    listen: str = DEFAULT_LISTEN
    status_interval: float = 2.0
    card_poll_interval: float = 0.3
    reconnect_initial: float = 0.25
    reconnect_max: float = 1.0
    max_message_bytes: int = DEFAULT_MAX_MESSAGE_BYTES

    def devices(self) -> dict[str, tuple[str, str]]:
        """Every configured device: service name -> (role, URL)."""
        found = {role: (role, getattr(self, role)) for role in ROLES if getattr(self, role)}
        for window, url in self.window_led.items():
            found[f"window_led.{window}"] = ("window_led", url)
        return found


_HOST_KEYS = {
    "listen": str, "status_interval": float, "card_poll_interval": float,
    "reconnect_initial": float, "reconnect_max": float, "max_message_bytes": int,
}


def config_from_dict(data: Mapping[str, Any]) -> HostConfig:
    """Check a configuration mapping (the TOML shape) and build a HostConfig.

    Raises:
        ConfigError: an unknown key, a value of the wrong type, or a URL no driver opens.
    """
    if not isinstance(data, Mapping):
        raise ConfigError("the configuration must be a table")
    unknown = set(data) - set(ROLES) - {"window_led", "host"}
    if unknown:
        raise ConfigError(f"unknown configuration keys: {', '.join(sorted(unknown))}")
    values: dict[str, Any] = {}
    for role in ROLES:
        url = data.get(role)
        if url is None or url == "":
            continue
        if not isinstance(url, str):
            raise ConfigError(f"{role}: a device URL is a string")
        check_device_url(role, url)
        values[role] = url
    leds = data.get("window_led", {}) or {}
    if not isinstance(leds, Mapping):
        raise ConfigError("window_led: a table of window code = URL")
    windows: dict[str, str] = {}
    for window, url in leds.items():
        window = str(window)
        if not _WINDOW_CODE.fullmatch(window):
            raise ConfigError(f"window_led: window code {window!r} must be 1-16 letters, digits, - or _")
        if not isinstance(url, str) or not url:
            raise ConfigError(f"window_led.{window}: a device URL is a string")
        check_device_url("window_led", url)
        windows[window] = url
    values["window_led"] = windows
    host = data.get("host", {}) or {}
    if not isinstance(host, Mapping):
        raise ConfigError("host: a table of host settings")
    for key, value in host.items():
        kind = _HOST_KEYS.get(key)
        if kind is None:
            raise ConfigError(f"host: unknown setting {key!r}")
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise ConfigError(f"host.{key}: expected a {kind.__name__}")
        if kind in (int, float) and value <= 0:
            raise ConfigError(f"host.{key}: must be more than 0")
        values[key] = value
    if "listen" in values:
        check_listen(values["listen"])
    return HostConfig(**values)


def load_config(path: str | os.PathLike[str]) -> HostConfig:
    """Read a TOML configuration file.

    Raises:
        ConfigError: the file cannot be read or parsed, or its content is wrong.
    """
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from exc
    return config_from_dict(data)


def check_device_url(role: str, url: str) -> None:
    """Check a URL with the parser of the role's driver, without touching the device.

    Raises:
        ConfigError: the driver does not accept the URL.
    """
    if url.split(":", 1)[0].lower() == "sim":
        if role == "certificate":
            raise ConfigError("certificate: no simulator; use pdfdir:///folder")
        return
    try:
        if role == "idcard":
            from drivers.idcard import parse_device_url

            parse_device_url(url)
        elif role == "receipt":
            from drivers.printing.receipt import ReceiptPrinterAddress
            from drivers.printing.models import printer_model

            printer_model(ReceiptPrinterAddress.parse(url).options.get("model"))
        elif role == "certificate":
            if not url.startswith(("cups://", "pdfdir://")):
                raise ValueError("use cups://Queue or pdfdir:///folder")
        elif role == "scanner":
            from drivers.scan import parse_scanner_url

            parse_scanner_url(url)
        elif role == "window_led":
            from drivers.led import open_window_screen

            open_window_screen(url).close()  # builds the screen only; the link opens on first use
    except (ValueError, LookupError) as exc:
        raise ConfigError(f"{role}: {exc}") from exc


def check_listen(listen: str) -> None:
    """Refuse any API address reachable from the network: loopback or a Unix socket only.

    Raises:
        ConfigError: the address is not loopback.
    """
    if listen == "" or listen.startswith("unix:"):
        return
    host, _, port = listen.rpartition(":")
    host = host.strip("[]")
    if not port.isdigit():
        raise ConfigError(f"listen: {listen!r} is not host:port or unix:/path")
    if host != "localhost":
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = False
        if not loopback:
            raise ConfigError(f"listen: {host!r} is not a loopback address; the device API stays on this machine")
