"""drivers.registry: every documented device URL parses to its driver, bad ones are refused with
one line per problem, and no other module of drivers/ or devices/ takes a URL apart."""
from __future__ import annotations

import pathlib
import re

import pytest

from devices.config import config_from_dict
from drivers import registry
from drivers.idcard import SamReader
from drivers.led import EqWindowScreen
from drivers.printing import CupsCertificatePrinter, PdfFolderCertificatePrinter, ReceiptPrinter
from drivers.registry import BadDeviceUrl, parse_device_url

ROOT = pathlib.Path(__file__).resolve().parents[2]

#: The device URLs of the design's device table (DESIGN.md, "Devices"), as they are written there.
DESIGN_URLS = {
    "idcard": ["serial:///dev/ttyUSB0?baud=115200", "socket://127.0.0.1:7001", "sim://"],
    "receipt": ["escpos+serial:///dev/ttyS1?baud=9600", "escpos+tcp://printer:9100", "escpos+usb://0416:5011"],
    "certificate": ["cups://QueueName", "pdfdir:///var/spool/hall/certificates"],
    "scanner": ["camera://0", "serial:///dev/ttyACM0", "hid://", "sim://"],
    "window_led": ["eq+serial:///dev/ttyUSB1?baud=9600&addr=001", "eq+tcp://10.1.2.3:5005?addr=001"],
}


@pytest.mark.parametrize("kind, url, target, host, port, given", [
    # DESIGN.md
    ("idcard", "serial:///dev/ttyUSB0?baud=115200", "/dev/ttyUSB0", "", None, {"baud": 115200}),
    ("idcard", "socket://127.0.0.1:7001", "127.0.0.1:7001", "127.0.0.1", 7001, {}),
    ("idcard", "sim://", "", "", None, {}),
    ("receipt", "escpos+serial:///dev/ttyS1?baud=9600", "/dev/ttyS1", "", None, {"baud": 9600}),
    ("receipt", "escpos+tcp://printer:9100", "printer:9100", "printer", 9100, {}),
    ("receipt", "escpos+usb://0416:5011", "0416:5011", "", None, {}),
    ("certificate", "cups://QueueName", "QueueName", "", None, {}),
    ("certificate", "pdfdir:///var/spool/hall/certificates", "/var/spool/hall/certificates", "", None, {}),
    ("scanner", "camera://0", "0", "", None, {}),
    ("scanner", "serial:///dev/ttyACM0", "/dev/ttyACM0", "", None, {}),
    ("scanner", "hid://", "", "", None, {}),
    ("scanner", "sim://", "", "", None, {}),
    ("window_led", "eq+serial:///dev/ttyUSB1?baud=9600&addr=001", "/dev/ttyUSB1", "", None,
     {"baud": 9600, "addr": "001"}),
    ("window_led", "eq+tcp://10.1.2.3:5005?addr=001", "10.1.2.3:5005", "10.1.2.3", 5005, {"addr": "001"}),
    # the device host's file and the drivers' own documentation
    ("idcard", "serial://COM3?baud=9600", "COM3", "", None, {"baud": 9600}),
    ("idcard", "/dev/ttyUSB0", "/dev/ttyUSB0", "", None, {}),
    ("idcard", "COM3", "COM3", "", None, {}),
    ("idcard", "loop://", "", "", None, {}),
    ("idcard", "rfc2217://10.0.0.7:2217", "10.0.0.7:2217", "10.0.0.7", 2217, {}),
    ("idcard", "sim://elder", "elder", "", None, {}),
    ("receipt", "escpos+tcp://10.1.2.9", "10.1.2.9", "10.1.2.9", 9100, {}),
    ("receipt", "escpos+file:///dev/usb/lp0", "/dev/usb/lp0", "", None, {}),
    ("receipt", "escpos+dummy://", "", "", None, {}),
    ("receipt", "escpos+tcp://[::1]:9100?model=gb18030-58&timeout=2", "[::1]:9100", "::1", 9100,
     {"model": "gb18030-58", "timeout": 2.0}),
    ("receipt", "sim://?out=/tmp/receipts", "", "", None, {"out": "/tmp/receipts"}),
    ("certificate", "cups://Certificate_A4?timeout=9", "Certificate_A4", "", None, {"timeout": 9.0}),
    ("certificate", "pdfdir:///var/spool/hall?fault=disk-full", "/var/spool/hall", "", None, {"fault": "disk-full"}),
    ("scanner", "camera://0?width=1280&height=720", "0", "", None, {"width": 1280, "height": 720}),
    ("scanner", "camera:///dev/video2", "/dev/video2", "", None, {}),
    ("scanner", "camera:///srv/clips/queue.mp4", "/srv/clips/queue.mp4", "", None, {}),
    ("scanner", "camera:///srv/clips/frames/?interval=0.1", "/srv/clips/frames/", "", None, {"interval": 0.1}),
    ("scanner", "serial:///dev/ttyACM0?baud=9600", "/dev/ttyACM0", "", None, {"baud": 9600}),
    ("scanner", "serial+loop://", "", "", None, {}),
    ("scanner", "serial+socket://host:7002", "host:7002", "host", 7002, {}),
    ("scanner", "hid:///dev/input/event5?grab=1", "/dev/input/event5", "", None, {"grab": True}),
    ("scanner", "sim:///srv/scenes", "/srv/scenes", "", None, {}),
    ("window_led", "sim://?width=20&rows=3", "", "", None, {"width": 20, "rows": 3}),
])
def test_documented_urls_parse(kind, url, target, host, port, given) -> None:
    address = parse_device_url(kind, url)
    assert ((address.kind, address.target, address.host, address.port, address.given)
            == (kind, target, host, port, given))
    assert address.url == url and address.driver is registry.lookup(kind, address.scheme)


def test_the_design_table_is_a_valid_host_file() -> None:
    for kind, urls in DESIGN_URLS.items():
        for url in urls:
            if kind == "window_led":
                config = config_from_dict({"window_led": {"01": url}})
                assert config.addresses()["window_led.01"].url == url
            else:
                config = config_from_dict({kind: url})
                assert config.addresses()[kind].url == url


@pytest.mark.parametrize("kind, url, kind_of_object", [
    ("idcard", "serial:///dev/ttyUSB0?baud=115200", SamReader),
    ("idcard", "socket://127.0.0.1:7001", SamReader),
    ("receipt", "escpos+serial:///dev/ttyS1?baud=9600", ReceiptPrinter),
    ("receipt", "escpos+tcp://printer:9100", ReceiptPrinter),
    ("receipt", "escpos+usb://0416:5011", ReceiptPrinter),
    ("certificate", "cups://QueueName", CupsCertificatePrinter),
    ("certificate", "pdfdir:///var/spool/hall/certificates", PdfFolderCertificatePrinter),
    ("window_led", "eq+serial:///dev/ttyUSB1?baud=9600&addr=001", EqWindowScreen),
    ("window_led", "eq+tcp://10.1.2.3:5005?addr=001", EqWindowScreen),
])
def test_the_scheme_picks_the_driver(kind, url, kind_of_object) -> None:
    device = registry.open_device(kind, url)  # these drivers open their link on first use
    assert isinstance(device, kind_of_object)


def test_the_parameters_reach_the_driver() -> None:
    screen = registry.open_device("window_led", "eq+serial:///dev/ttyUSB1?baud=19200&addr=042&width=24&rows=1")
    assert (screen.address, screen.columns, screen.rows) == (42, 24, 1)
    assert (screen._link.kind, screen._link.target, screen._link.baud) == ("serial", "/dev/ttyUSB1", 19200)
    printer = registry.open_device("receipt", "escpos+tcp://10.0.0.5?model=gb18030-58&timeout=1.5")
    assert (printer.model.name, printer.timeout, printer.address.describe()) == ("gb18030-58", 1.5, "tcp 10.0.0.5")


def test_a_simulator_is_opened_by_the_host_only() -> None:
    address = parse_device_url("idcard", "sim://")
    assert address.driver.simulator is not None and address.driver.opener is None
    with pytest.raises(BadDeviceUrl, match="opened by the device host"):
        address.open()


@pytest.mark.parametrize("kind, url, words", [
    ("idcard", "usb://reader", "unknown scheme 'usb' for idcard devices; use a bare path, alt://"),
    ("certificate", "sim://", "certificate devices have no simulator; use cups://, pdfdir://"),
    ("window_led", "eq+tcp://10.1.2.3:0?addr=001", "bad port 0: a number 1-65535"),
    ("window_led", "eq+tcp://10.1.2.3:65536?addr=001", "bad port '65536'"),
    ("window_led", "eq+tcp://10.1.2.3:fifty?addr=001", "bad port 'fifty'"),
    ("window_led", "eq+tcp://10.1.2.3?addr=001", "missing port: eq+tcp://10.1.2.3:PORT"),
    ("window_led", "eq+tcp://10.1.2.3:5005?addr=001&colour=red",
     "unknown parameter 'colour' for eq+tcp:// (known: addr, width, rows, timeout)"),
    ("window_led", "eq+tcp://10.1.2.3:5005?baud=9600", "unknown parameter 'baud' for eq+tcp://"),
    ("window_led", "eq+serial://?addr=001", "missing path after eq+serial://"),
    ("window_led", "eq+serial://ttyUSB1", "eq+serial:// names a path, not a host ('ttyUSB1'): three slashes"),
    ("window_led", "eq+tcp://10.1.2.3:5005?width=wide", "parameter width='wide' is not a whole number"),
    ("receipt", "escpos+tcp://p:9100?model=nonesuch", "unknown receipt printer model 'nonesuch'"),
    ("receipt", "escpos+usb://printer", "escpos+usb:// needs vendor:product in hex"),
    ("receipt", "escpos+dummy://x", "escpos+dummy:// takes nothing after //"),
    ("receipt", "escpos+serial:///dev/ttyS1?dsrdtr=maybe", "parameter dsrdtr='maybe' is not true or false"),
    ("certificate", "pdfdir://spool/certs", "pdfdir:// names a path, not a host"),
    ("certificate", "cups://", "cups:// needs one name"),
    ("certificate", "pdfdir:///x?fault=fire", "parameter fault='fire' must be one of 'disk-full'"),
    ("scanner", "camera://front", "camera:// index must be a number, not 'front'"),
    ("scanner", "camera://0?interval=1", "option 'interval' unknown for a camera scanner"),
    ("scanner", "serial+socket://h:7002?logging=loud", "parameter logging='loud' must be one of"),
    ("idcard", "", "empty idcard device URL"),
    ("idcard", "serial:///dev/ttyUSB0#x", "no #fragment"),
])
def test_bad_urls_name_the_problem(kind, url, words) -> None:
    with pytest.raises(BadDeviceUrl) as refused:
        parse_device_url(kind, url)
    assert words in str(refused.value)
    assert isinstance(refused.value, ValueError)


def test_every_problem_of_a_url_at_once() -> None:
    with pytest.raises(BadDeviceUrl) as refused:
        parse_device_url("window_led", "eq+tcp://10.1.2.3:0?addr=0001&rows=0&colour=red")
    assert refused.value.url == "eq+tcp://10.1.2.3:0?addr=0001&rows=0&colour=red"
    assert len(refused.value.problems) == 4, refused.value.problems


def test_no_other_module_takes_a_device_url_apart() -> None:
    """One parser: urllib's URL splitting and query parsing appear in drivers/registry.py only."""
    splitting = re.compile(r"\b(urlsplit|urlparse|parse_qs|parse_qsl)\b")
    found = sorted(str(p.relative_to(ROOT)) for folder in ("drivers", "devices") for p in (ROOT / folder).rglob("*.py")
                   if splitting.search(p.read_text(encoding="utf-8")))
    assert found == ["drivers/registry.py"]
