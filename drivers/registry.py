"""Device URLs: one parser, and one table from (device kind, URL scheme) to the driver that opens it.

Every device of a machine is configured by a URL, so a real device, a network device and a
simulator are one code path (pyserial's ``serial_for_url`` carried over to printers, cameras and
LED screens)::

    address = parse_device_url("window_led", "eq+tcp://10.1.2.3:5005?addr=001")
    screen = address.open()

A driver module says once which URLs it opens::

    register("eq+tcp", "window_led", open_eq_screen, EqParameters, target=HOST_PORT,
             example="eq+tcp://10.1.2.3:5005?addr=001")

so a new device type is that driver module and its one registration. The kinds are the device
host's roles (``idcard``, ``receipt``, ``certificate``, ``scanner``, ``window_led``): what the
host does with a device; the scheme picks how the device is reached and spoken to.

This module parses the URL's grammar for every driver: the scheme, where the device is (a path,
host:port, a name ...: the registration's `target` form), and the query parameters, checked
against the registration's pydantic model, which forbids unknown ones. A bad URL raises
`BadDeviceUrl` with one line per problem and opens nothing.
"""
from __future__ import annotations

import importlib
import threading
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

# --- where the device is: the forms a URL's part after "scheme://" takes ----------------------
NONE: Final = "none"                    # nothing: loop://, escpos+dummy://
PATH: Final = "path"                    # a path, no host: serial:///dev/ttyACM0, pdfdir:///var/spool/hall
OPTIONAL_PATH: Final = "optional_path"  # a path or nothing, no host: hid://, hid:///dev/input/event5
DEVICE: Final = "device"                # a device name or path: serial:///dev/ttyUSB0, serial://COM3
HOST_PORT: Final = "host_port"          # host:port (port optional when the driver has a default): eq+tcp://h:5005
NAME: Final = "name"                    # a name: cups://Certificates
INDEX_OR_PATH: Final = "index_or_path"  # a number or a path: camera://0, camera:///dev/video2
USB_ID: Final = "usb_id"                # vendor:product in hex: escpos+usb://0416:5011
ANY: Final = "any"                      # whatever follows, or nothing: sim://, sim://elder, sim:///folder
Target = Literal["none", "path", "optional_path", "device", "host_port", "name", "index_or_path", "usb_id", "any"]

_FORM_WORDS = {
    NONE: "nothing after ://", PATH: "a path (scheme:///path)", OPTIONAL_PATH: "a path or nothing",
    DEVICE: "a device path or name", HOST_PORT: "host:port", NAME: "a name", INDEX_OR_PATH: "a number or a path",
    USB_ID: "vendor:product in hex", ANY: "anything",
}

#: The drivers that come with the product; each registers its schemes when imported.
BUILTIN_DRIVERS = (
    "drivers.idcard.reader",
    "drivers.printing.receipt",
    "drivers.printing.certificate",
    "drivers.scan.url",
    "drivers.led.eq",
    "drivers.sim.hosted",
)


class BadDeviceUrl(ValueError):
    """A device URL no driver opens; `problems` has one line per problem, `url` the URL."""

    def __init__(self, url: str, problems: list[str]) -> None:
        self.url = url
        self.problems = tuple(problems)
        super().__init__("; ".join(f"{url}: {p}" if url else p for p in problems))


class Parameters(BaseModel):
    """A driver's query parameters: exactly these, each converted from the URL's text."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class NoParameters(Parameters):
    """A driver that takes no query parameters."""


Opener = Callable[["DeviceAddress"], Any]


@dataclass(frozen=True)
class Driver:
    """One registration: the driver that opens URLs of `scheme` for devices of `kind`.

    Attributes:
        scheme, kind: the table's key (the scheme in lower case).
        opener: makes the driver's device object from a parsed address; None when only the
            device host can open it (a simulator it starts).
        parameters: the pydantic model of the query parameters.
        target: the form of the part after "scheme://" (NONE, PATH, HOST_PORT, ...).
        default_port: the port when a HOST_PORT URL gives none; without one, the port is required.
        simulator: for sim://, makes the in-process simulator the device host starts.
        example: a URL of this form, for messages.
    """

    scheme: str
    kind: str
    opener: Opener | None
    parameters: type[Parameters]
    target: Target
    default_port: int | None = None
    simulator: Callable[[DeviceAddress], Any] | None = None
    example: str = ""


@dataclass(frozen=True)
class DeviceAddress:
    """A device URL taken apart and checked.

    Attributes:
        url: the URL as configured.
        driver: the registration that opens it.
        target: where the device is, in the driver's form: a path (unquoted), "host:port", a
            name, a camera index, "vid:pid", or what follows "sim://" ("" for nothing).
        host, port: for HOST_PORT URLs ("" and None otherwise).
        parameters: the checked query parameters (the driver's model).
        query: the query's raw (name, value) pairs, for drivers that pass some on (pyserial).
    """

    url: str
    driver: Driver
    target: str
    host: str
    port: int | None
    parameters: Parameters
    query: tuple[tuple[str, str], ...]

    @property
    def kind(self) -> str:
        return self.driver.kind

    @property
    def scheme(self) -> str:
        return self.driver.scheme

    @property
    def given(self) -> dict[str, Any]:
        """The parameters the URL gives (not the defaults), converted."""
        return self.parameters.model_dump(exclude_unset=True)

    def open(self) -> Any:
        """Make the driver's device object (most drivers open the link on first use).

        Raises:
            BadDeviceUrl: only the device host opens this URL (a simulator).
            The driver's own errors when the device cannot be opened.
        """
        if self.driver.opener is None:
            raise BadDeviceUrl(self.url, [f"{self.scheme}:// is opened by the device host, which starts the simulator"])
        return self.driver.opener(self)


_table: dict[tuple[str, str], Driver] = {}
_lock = threading.Lock()  # the table's; never held while importing, which may register
_load_lock = threading.RLock()
_builtins_state = "not loaded"  # -> "loading" -> "loaded"


def register(scheme: str, kind: str, opener: Opener | None, parameters: type[Parameters] = NoParameters, *,
             target: Target, default_port: int | None = None,
             simulator: Callable[[DeviceAddress], Any] | None = None, example: str = "") -> Driver:
    """Register the driver that opens `scheme` URLs for devices of `kind`.

    Raises:
        ValueError: the pair is registered already, or the target form is unknown.
    """
    if target not in _FORM_WORDS:
        raise ValueError(f"unknown target form {target!r}")
    driver = Driver(scheme.lower(), kind, opener, parameters, target, default_port, simulator, example)
    with _lock:
        if (kind, driver.scheme) in _table:
            raise ValueError(f"{kind} devices already have a driver for {driver.scheme}://")
        _table[(kind, driver.scheme)] = driver
    return driver


def unregister(scheme: str, kind: str) -> None:
    """Remove a registration (a test's own driver, at its end)."""
    with _lock:
        _table.pop((kind, scheme.lower()), None)


def _load_builtins() -> None:
    global _builtins_state
    if _builtins_state == "loaded":
        return
    with _load_lock:
        if _builtins_state != "not loaded":
            return  # loaded meanwhile, or a look-up while this thread imports them
        _builtins_state = "loading"
        try:
            for module in BUILTIN_DRIVERS:
                importlib.import_module(module)
        except BaseException:
            _builtins_state = "not loaded"  # the next look-up tries again and raises the same
            raise
        _builtins_state = "loaded"


def drivers(kind: str | None = None) -> list[Driver]:
    """Every registration (of one kind), sorted by kind and scheme."""
    _load_builtins()
    with _lock:
        found = [d for (k, _), d in _table.items() if kind is None or k == kind]
    return sorted(found, key=lambda d: (d.kind, d.scheme))


def lookup(kind: str, scheme: str) -> Driver | None:
    """The registration for a kind and scheme, or None."""
    _load_builtins()
    with _lock:
        return _table.get((kind, scheme.lower()))


def _unknown_scheme(kind: str, scheme: str, shown: str) -> str:
    known = [d.scheme for d in drivers(kind)]
    if not known:
        return f"no driver opens {kind} devices"
    names = ", ".join(f"{s}://" if s else "a bare path" for s in known)
    if scheme == "sim":
        return f"{kind} devices have no simulator; use {names}"
    return f"unknown scheme {shown!r} for {kind} devices; use {names}"


def parse_device_url(kind: str, url: Any) -> DeviceAddress:
    """Take a device URL apart and check it against its driver's registration; opens nothing.

    Raises:
        BadDeviceUrl: an empty URL, an unknown scheme for this kind, a missing or extra path,
            a bad host or port, an unknown or malformed query parameter; one line each.
    """
    if not isinstance(url, str) or not url.strip():
        raise BadDeviceUrl("", [f"empty {kind} device URL" if isinstance(url, str) else "a device URL is text"])
    text = url.strip()
    try:
        parts = urllib.parse.urlsplit(text)
    except ValueError as exc:  # e.g. an unclosed [ of an IPv6 host
        raise BadDeviceUrl(text, [f"not a URL: {exc}"]) from None
    scheme = parts.scheme.lower()
    if len(scheme) == 1:  # a Windows drive letter: C:\dev is a bare path
        scheme = ""
    driver = lookup(kind, scheme)
    if driver is None:
        raise BadDeviceUrl(text, [_unknown_scheme(kind, scheme, parts.scheme)])
    problems: list[str] = []
    target, host, port = _target(driver, parts, text, problems)
    query = tuple(urllib.parse.parse_qsl(parts.query, keep_blank_values=True))
    if parts.fragment:
        problems.append(f"a device URL has no #fragment ({parts.fragment!r})")
    values: dict[str, str] = {}
    for name, value in query:
        values[name] = value  # the last of a repeated parameter counts, as in parse_qs
    parameters: Parameters | None = None
    try:
        parameters = driver.parameters.model_validate(values, context={"target": target, "scheme": driver.scheme})
    except ValidationError as exc:
        problems.extend(_parameter_problem(driver, values, error) for error in exc.errors(include_url=False))
    if problems or parameters is None:
        raise BadDeviceUrl(text, problems)
    return DeviceAddress(text, driver, target, host, port, parameters, query)


def open_device(kind: str, url: str) -> Any:
    """Parse a device URL and open it with its driver.

    Raises:
        BadDeviceUrl: the URL is bad (nothing was opened).
    """
    return parse_device_url(kind, url).open()


def _target(driver: Driver, parts: urllib.parse.SplitResult, text: str,
            problems: list[str]) -> tuple[str, str, int | None]:
    """Where the device is, in the driver's form; a problem is added when the URL does not fit it."""
    form, netloc, path = driver.target, parts.netloc, urllib.parse.unquote(parts.path)
    scheme = driver.scheme
    shape = driver.example or f"{scheme}://{_FORM_WORDS[form]}"

    def wrong(words: str) -> tuple[str, str, None]:
        problems.append(f"{words} (like {shape})")
        return "", "", None

    if scheme == "":  # a bare path: everything before the query
        return text.split("?", 1)[0], "", None
    if form == ANY:
        return urllib.parse.unquote(netloc) + path, "", None
    if form == NONE:
        return ("", "", None) if not netloc and not path else wrong(f"{scheme}:// takes nothing after //")
    if form in (PATH, OPTIONAL_PATH):
        if netloc:
            return wrong(f"{scheme}:// names a path, not a host ({netloc!r}): three slashes")
        if not path and form == PATH:
            return wrong(f"missing path after {scheme}://")
        return path, "", None
    if form == DEVICE:
        device = urllib.parse.unquote(netloc) + path
        return (device, "", None) if device else wrong(f"missing device path after {scheme}://")
    if form == NAME:
        name = urllib.parse.unquote(netloc or path.lstrip("/"))
        if not name or (netloc and path.strip("/")):
            return wrong(f"{scheme}:// needs one name")
        return name, "", None
    if form == INDEX_OR_PATH:
        if netloc and path:
            return wrong(f"{scheme}:// takes a number ({scheme}://0) or a path ({scheme}:///path), not both")
        if netloc and not netloc.isdigit():
            return wrong(f"{scheme}:// index must be a number, not {netloc!r}")
        if not netloc and not path:
            return wrong(f"missing number or path after {scheme}://")
        return netloc or path, "", None
    if form == USB_ID:
        vid, sep, pid = netloc.partition(":")
        if path or not sep or not _hex4(vid) or not _hex4(pid):
            return wrong(f"{scheme}:// needs vendor:product in hex, not {netloc + path!r}")
        return netloc, "", None
    # HOST_PORT
    if path.strip("/"):
        return wrong(f"{scheme}:// takes host:port, not a path ({path!r})")
    try:
        host, port = parts.hostname or "", parts.port
    except ValueError:
        raw = netloc.rpartition(":")[2]
        return wrong(f"bad port {raw!r}: a number 1-65535")
    if not host:
        return wrong(f"missing host after {scheme}://")
    if port is None and netloc.endswith(":"):
        return wrong("missing port number after ':'")
    if port == 0:
        return wrong("bad port 0: a number 1-65535")
    if port is None:
        if driver.default_port is None:
            return wrong(f"missing port: {scheme}://{netloc}:PORT")
        port = driver.default_port
    return netloc, host, port


def _hex4(text: str) -> bool:
    return 1 <= len(text) <= 4 and all(c in "0123456789abcdefABCDEF" for c in text)


_PARAMETER_WORDS = {
    "int_parsing": "is not a whole number", "int_type": "is not a whole number",
    "int_from_float": "is not a whole number", "float_parsing": "is not a number",
    "float_type": "is not a number", "bool_parsing": "is not true or false (1/0, true/false, yes/no)",
    "bool_type": "is not true or false (1/0, true/false, yes/no)",
}


def _parameter_problem(driver: Driver, values: dict[str, str], error: Any) -> str:
    """One line for a pydantic error of the query parameters."""
    loc = error["loc"]
    name = str(loc[0]) if loc else ""
    kind = error["type"]
    if kind == "extra_forbidden":
        known = ", ".join(f.alias or n for n, f in driver.parameters.model_fields.items()) or "none"
        return f"unknown parameter {name!r} for {driver.scheme}:// (known: {known})"
    if kind == "missing":
        return f"parameter {name} is missing"
    if kind == "value_error":
        words = str(error["ctx"]["error"])
        return f"parameter {name}: {words}" if name else words
    shown = f"{name}={values[name]!r}" if name in values else name
    if kind == "literal_error":
        return f"parameter {shown} must be one of {error['ctx']['expected']}"
    if kind in _PARAMETER_WORDS:
        return f"parameter {shown} {_PARAMETER_WORDS[kind]}"
    return f"parameter {shown}: {error['msg'][0].lower()}{error['msg'][1:]}"


# --- pyserial's own URLs, shared by every driver that opens a serial port -------------------
# serial.serial_for_url's handlers (pyserial 3.5, serial/urlhandler/protocol_*.py) and the query
# options each takes; a URL for one of them is passed to pyserial with those options only.

LogLevel = Literal["debug", "info", "warning", "error"]


class SocketOptions(Parameters):
    logging: LogLevel | None = None


class Rfc2217Options(Parameters):
    logging: LogLevel | None = None
    ign_set_control: Literal[""] | None = None
    poll_modem: Literal[""] | None = None
    timeout: float | None = None


class SpyOptions(Parameters):
    file: str | None = None
    color: Literal[""] | None = None
    raw: Literal[""] | None = None
    all: Literal[""] | None = None


class AltOptions(Parameters):
    class_: str | None = Field(default=None, alias="class")


#: scheme -> (target form, the options pyserial takes)
PYSERIAL_SCHEMES: dict[str, tuple[Target, type[Parameters]]] = {
    "socket": (HOST_PORT, SocketOptions),
    "loop": (NONE, SocketOptions),
    "rfc2217": (HOST_PORT, Rfc2217Options),
    "spy": (DEVICE, SpyOptions),
    "hwgrep": (ANY, NoParameters),  # hwgrep://regexp&n=1: its options are part of the pattern
    "alt": (DEVICE, AltOptions),
    "cp2110": (ANY, NoParameters),
}


def pyserial_url(address: DeviceAddress, scheme: str, ours: frozenset[str] | set[str]) -> str:
    """The URL pyserial opens for an address of one of PYSERIAL_SCHEMES: our parameters taken out.

    Built by hand: urlunsplit drops the "//" of an empty host, and pyserial needs "loop://".
    """
    parts = urllib.parse.urlsplit(address.url)
    rest = urllib.parse.urlencode([(k, v) for k, v in address.query if k not in ours])
    return f"{scheme}://{parts.netloc}{parts.path}" + (f"?{rest}" if rest else "")


def with_options(parameters: type[Parameters], options: type[Parameters]) -> type[Parameters]:
    """A driver's parameters and pyserial's options of one scheme, as one model."""
    if options is NoParameters:
        return parameters
    return type(f"{parameters.__name__}With{options.__name__}", (parameters, options), {"__module__": __name__})
