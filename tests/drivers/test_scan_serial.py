"""Serial line scanners: framing, text, the length guard, end to end over loop:// and a pty."""
import os
import tty

import pytest
import serial

from drivers.scan.result import DeviceUnavailable, PayloadTooLarge, ScanResult
from drivers.scan.serial_scanner import ScanLineFramer, SerialScanner
from drivers.scan.url import open_scanner

APPOINTMENT = "预约:2026-11-23 09:30 综合受理"


def texts(items):
    return [i.text if isinstance(i, ScanResult) else "REFUSED" for i in items]


@pytest.mark.parametrize("ending", [b"\r", b"\n", b"\r\n"], ids=["CR", "LF", "CRLF"])
def test_framer_endings(ending):
    framer = ScanLineFramer()
    assert texts(framer.feed(b"A001" + ending + b"B002" + ending)) == ["A001", "B002"]


def test_framer_joins_split_reads_and_split_crlf():
    framer = ScanLineFramer()
    assert framer.feed(b"A0") == []
    assert texts(framer.feed(b"01\r")) == ["A001"]
    assert texts(framer.feed(b"\nB002\r\n")) == ["B002"]


def test_framer_text_utf8_and_gbk():
    framer = ScanLineFramer()
    out = framer.feed(APPOINTMENT.encode("utf-8") + b"\r\n" + APPOINTMENT.encode("gbk") + b"\r\n")
    assert texts(out) == [APPOINTMENT, APPOINTMENT]
    assert out[1].raw_bytes == APPOINTMENT.encode("gbk")
    assert out[0].symbology == "unknown" and out[0].position == ()


def test_framer_refuses_long_line_and_recovers():
    framer = ScanLineFramer(max_line_bytes=16)
    out = framer.feed(b"A001\r\n" + b"x" * 10)
    out += framer.feed(b"x" * 10)
    out += framer.feed(b"x" * 1000 + b"\r\nB002\n")
    assert texts(out) == ["A001", "REFUSED", "B002"]
    assert out[1].size == 1020 and out[1].limit == 16
    # The over-long line is counted, never kept.
    assert len(framer._buffer) == 0


def test_framer_accepts_line_at_limit():
    assert texts(ScanLineFramer(max_line_bytes=4).feed(b"A001\nA0012\n")) == ["A001", "REFUSED"]


def test_loop_end_to_end():
    scanner = open_scanner("serial+loop://?baud=115200&max_bytes=2048")
    try:
        scanner.port.write(b"A001\r" + APPOINTMENT.encode("gbk") + b"\n" + b"y" * 3000 + b"\r\nB002\r\n")
        assert scanner.read(timeout=1).text == "A001"
        assert scanner.read(timeout=1).text == APPOINTMENT
        with pytest.raises(PayloadTooLarge):
            scanner.read(timeout=1)
        assert scanner.read(timeout=1).text == "B002"
        assert scanner.read(timeout=0.2) is None
    finally:
        scanner.close()


@pytest.fixture
def pty_scanner():
    controller, device = os.openpty()
    tty.setraw(controller)
    scanner = SerialScanner(os.ttyname(device), baudrate=9600, max_line_bytes=2048)
    yield controller, scanner
    scanner.close()
    os.close(device)
    os.close(controller)


@pytest.mark.parametrize("ending", [b"\r", b"\n", b"\r\n"], ids=["CR", "LF", "CRLF"])
def test_pty_end_to_end(pty_scanner, ending):
    controller, scanner = pty_scanner
    os.write(controller, b"A001" + ending)
    os.write(controller, APPOINTMENT.encode("utf-8") + ending)
    os.write(controller, APPOINTMENT.encode("gbk") + ending)
    os.write(controller, b"z" * 2100 + ending + b"B002" + ending)
    got = [scanner.read(timeout=2).text for _ in range(3)]
    assert got == ["A001", APPOINTMENT, APPOINTMENT]
    with pytest.raises(PayloadTooLarge):
        scanner.read(timeout=2)
    assert scanner.read(timeout=2).text == "B002"


def test_missing_port_is_unavailable():
    with pytest.raises(DeviceUnavailable):
        open_scanner("serial:///dev/ttyACM-no-such-scanner")


def test_port_failure_is_unavailable():
    port = serial.serial_for_url("loop://", timeout=0.1)
    scanner = SerialScanner("loop://", port=port)
    port.close()
    with pytest.raises(DeviceUnavailable):
        scanner.read(timeout=0.5)
