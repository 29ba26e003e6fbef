"""Scanner URLs map to the right scanner, and malformed ones are refused clearly."""
import pytest

from drivers.scan.camera import CameraScanner
from drivers.scan.decode import PyzbarDecoder, ZxingDecoder
from drivers.scan.url import BadScannerUrl, ScannerUrl, open_scanner, parse_scanner_url
from drivers.sim.camera_sim import CameraSim


@pytest.mark.parametrize(("url", "expected"), [
    ("camera://0", ScannerUrl("camera", "0")),
    ("camera://2?width=1280&height=720", ScannerUrl("camera", "2", {"width": 1280, "height": 720})),
    ("camera:///dev/video2", ScannerUrl("camera", "/dev/video2")),
    ("camera:///srv/clips/queue.mp4", ScannerUrl("video", "/srv/clips/queue.mp4")),
    ("camera:///srv/clips/frames?interval=0.5", ScannerUrl("images", "/srv/clips/frames", {"interval": 0.5})),
    ("camera:///srv/%E5%A4%A7%E5%8E%85/a.png", ScannerUrl("images", "/srv/大厅/a.png")),
    ("serial:///dev/ttyACM0", ScannerUrl("serial", "/dev/ttyACM0")),
    ("serial:///dev/ttyS1?baud=115200&max_bytes=512",
     ScannerUrl("serial", "/dev/ttyS1", {"baud": 115200, "max_bytes": 512})),
    ("serial+loop://", ScannerUrl("serial", "loop://")),
    ("serial+socket://10.1.2.3:7002?baud=9600", ScannerUrl("serial", "socket://10.1.2.3:7002", {"baud": 9600})),
    ("serial+loop://?logging=debug", ScannerUrl("serial", "loop://?logging=debug")),
    ("hid://", ScannerUrl("hid", "")),
    ("hid:///dev/input/event5?grab=1&max_gap_ms=40",
     ScannerUrl("hid", "/dev/input/event5", {"grab": True, "max_gap_ms": 40.0})),
    ("sim://", ScannerUrl("sim", "")),
    ("SIM://?realtime=0&decoder=pyzbar", ScannerUrl("sim", "", {"realtime": False, "decoder": "pyzbar"})),
    ("sim:///srv/scenes", ScannerUrl("sim", "/srv/scenes")),
])
def test_parse(url, expected):
    assert parse_scanner_url(url) == expected


@pytest.mark.parametrize("url", [
    "usb://0", "camera://", "camera://front", "camera://0/x", "camera://0?fps=30",
    "camera://0?decoder=opencv", "serial://", "serial://ttyACM0", "serial:///dev/ttyACM0?baud=fast",
    "serial:///dev/ttyACM0?baud=-1", "hid://keyboard", "hid://?grab=maybe", "sim://?colour=red", "",
])
def test_bad_urls_refused(url):
    with pytest.raises(BadScannerUrl):
        parse_scanner_url(url)
    with pytest.raises(ValueError):  # BadScannerUrl is a ValueError for callers that catch those
        open_scanner(url)


def test_open_sim_with_decoder_choice():
    scanner = open_scanner("sim://?realtime=0&decoder=pyzbar&leave_after=2")
    assert isinstance(scanner, CameraScanner) and isinstance(scanner.source, CameraSim)
    assert isinstance(scanner.decoder, PyzbarDecoder)
    assert scanner.tracker.leave_after == 2.0
    scanner.source.present("A001")
    assert scanner.read(timeout=2).text == "A001"
    scanner.close()


def test_open_sim_defaults():
    scanner = open_scanner("sim://")
    assert isinstance(scanner.decoder, ZxingDecoder) and scanner.source.realtime
    scanner.close()
