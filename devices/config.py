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

import ipaddress
import os
import pathlib
import re
import tempfile
import tomllib
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, ValidationError

from drivers import registry
from drivers.registry import BadDeviceUrl, DeviceAddress

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
    """A configuration the host cannot run with: one line per problem, each naming its place."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = tuple(problems) if problems is not None else (message,)


# --- the device host's file, as pydantic models -------------------------------------------------
# Every table forbids unknown keys and is strict (TOML gives each value its type), so a typo is an
# error with its place, never a silent default; every device URL is checked by its driver's
# registration (drivers.registry), without touching the device.

def _more_than_zero(value: float) -> float:
    if not value > 0:
        raise ValueError("must be more than 0")
    return value


def _loopback(listen: str) -> str:
    try:
        check_listen(listen)
    except ConfigError as exc:
        raise ValueError(str(exc).removeprefix("listen: ")) from None
    return listen


def _blank_is_none(value: Any) -> Any:
    return None if value == "" else value


def _device_url(kind: str) -> AfterValidator:
    def check(url: str) -> str:
        registry.parse_device_url(kind, url)  # BadDeviceUrl (a ValueError) names every problem
        return url
    return AfterValidator(check)


def _window_code(code: Any) -> str:
    code = str(code)  # a table key is text in TOML; a dict may give a number
    if not _WINDOW_CODE.fullmatch(code):
        raise ValueError(f"window code {code!r} must be 1-16 letters, digits, - or _")
    return code


Positive = Annotated[float, AfterValidator(_more_than_zero)]
WindowCode = Annotated[str, BeforeValidator(_window_code)]


# A device URL of one kind, checked by its driver; "" means none. Spelt out per kind, as a type
# checker takes only a written-out Annotated as a type.
_IdCardUrl = Annotated[Annotated[str, _device_url("idcard")] | None, BeforeValidator(_blank_is_none)]
_ReceiptUrl = Annotated[Annotated[str, _device_url("receipt")] | None, BeforeValidator(_blank_is_none)]
_CertificateUrl = Annotated[Annotated[str, _device_url("certificate")] | None, BeforeValidator(_blank_is_none)]
_ScannerUrl = Annotated[Annotated[str, _device_url("scanner")] | None, BeforeValidator(_blank_is_none)]


class _Table(BaseModel):
    """A table of the device host's file: exactly these keys, each with its TOML type."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class HostSettings(_Table):
    """`[host]`: the local API and the host's timing.

    Attributes:
        listen: where the local API listens: "127.0.0.1:PORT" (loopback only), "unix:/path",
            or "" for no API (embedded use).
        status_interval: seconds between health checks of a working device.
        card_poll_interval: seconds between find-card polls of the ID-card reader.
        reconnect_initial / reconnect_max: back-off of reconnect attempts.
        max_message_bytes: larger API messages are refused with a "too_large" reply.
    """

    listen: Annotated[str, AfterValidator(_loopback)] = DEFAULT_LISTEN
    status_interval: Positive = 2.0
    card_poll_interval: Positive = 0.3
    reconnect_initial: Positive = 0.25
    reconnect_max: Positive = 1.0
    max_message_bytes: Annotated[int, AfterValidator(_more_than_zero)] = DEFAULT_MAX_MESSAGE_BYTES


class HostConfig(_Table):
    """What the device host runs: device URLs and host settings (the TOML file's shape).

    Attributes:
        idcard, receipt, certificate, scanner: device URLs, None when the machine has none.
        window_led: window code -> LED screen URL.
        host: the host's settings; `listen`, `status_interval` ... read through to them.
    """

    idcard: _IdCardUrl = None
    receipt: _ReceiptUrl = None
    certificate: _CertificateUrl = None
    scanner: _ScannerUrl = None
    window_led: dict[WindowCode, Annotated[str, _device_url("window_led")]] = {}
    host: HostSettings = HostSettings()

    listen = property(lambda self: self.host.listen, doc="where the local API listens")
    status_interval = property(lambda self: self.host.status_interval, doc="seconds between health checks")
    card_poll_interval = property(lambda self: self.host.card_poll_interval, doc="seconds between card polls")
    reconnect_initial = property(lambda self: self.host.reconnect_initial, doc="first reconnect delay")
    reconnect_max = property(lambda self: self.host.reconnect_max, doc="longest reconnect delay")
    max_message_bytes = property(lambda self: self.host.max_message_bytes, doc="largest API message")

    def devices(self) -> dict[str, tuple[str, str]]:
        """Every configured device: service name -> (role, URL)."""
        found = {role: (role, getattr(self, role)) for role in ROLES if getattr(self, role)}
        for window, url in self.window_led.items():
            found[f"window_led.{window}"] = ("window_led", url)
        return found

    def addresses(self) -> dict[str, DeviceAddress]:
        """Every configured device: service name -> its parsed URL (the driver that opens it)."""
        return {name: registry.parse_device_url(role, url) for name, (role, url) in self.devices().items()}


def config_from_dict(data: Mapping[str, Any], where: str = "") -> HostConfig:
    """Check a configuration mapping (the TOML shape) and build a HostConfig.

    Raises:
        ConfigError: one line per problem (unknown key, wrong type, a URL no driver opens),
            each naming its place (`window_led.01: ...`), after `where` when given.
    """
    if not isinstance(data, Mapping):
        problems = ["the configuration must be a table"]
    else:
        try:
            return HostConfig.model_validate(dict(data))
        except ValidationError as exc:
            problems = _problems(exc.errors(include_url=False))
    lines = [f"{where}: {p}" if where else p for p in problems]
    raise ConfigError("\n".join(lines), lines)


def load_config(path: str | os.PathLike[str]) -> HostConfig:
    """Read a TOML configuration file.

    Raises:
        ConfigError: the file cannot be read or parsed, or its content is wrong (every problem,
            one line each, after the file's name).
    """
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from exc
    return config_from_dict(data, str(path))


_ERROR_WORDS = {
    "string_type": "must be text",
    "int_type": "expected an int",
    "float_type": "expected a float",
    "dict_type": "must be a table",
    "model_type": "must be a table",
}
_UNKNOWN_KEYS = {(): "unknown configuration keys", ("host",): "unknown setting", ("window_led",): "unknown key"}


def _problems(errors: list[Any]) -> list[str]:
    """One line per problem of a pydantic validation: `place: what is wrong`.

    A device's place is its service name (`idcard`, `window_led.01`); a bad URL gives one line
    per problem its driver found; unknown keys of one table share a line.
    """
    lines: list[str] = []
    unknown: dict[tuple[str, ...], list[str]] = {}
    for error in errors:
        loc = tuple(str(k) for k in error["loc"])
        if error["type"] == "extra_forbidden":
            unknown.setdefault(loc[:-1], []).append(loc[-1])
            continue
        if loc[-1:] == ("[key]",):  # a window code: the key itself is wrong
            loc = loc[:-2]
        place = ".".join(loc)
        cause = error.get("ctx", {}).get("error") if error["type"] == "value_error" else None
        if isinstance(cause, BadDeviceUrl):
            lines.extend(f"{place}: {cause.url}: {p}" if cause.url else f"{place}: {p}" for p in cause.problems)
        elif cause is not None:
            lines.append(f"{place}: {cause}")
        else:
            lines.append(f"{place}: {_ERROR_WORDS.get(error['type'], error['msg'])}")
    for parent, keys in unknown.items():
        words = _UNKNOWN_KEYS.get(parent, "unknown key")
        if parent == ():
            lines.insert(0, f"{words}: {', '.join(sorted(keys))}")
        else:
            lines.extend(f"{'.'.join(parent)}: {words} {key!r}" for key in sorted(keys))
    return lines


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
