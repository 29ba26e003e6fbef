"""Keyboard-wedge scanners: scanner bursts told from typing, evdev decoding, a device end to end."""
import os

import pytest

from drivers.scan.hid import (
    ENTER,
    EV_KEY,
    INPUT_EVENT,
    HidScanner,
    InputEvent,
    KeystrokeDecoder,
    ScanBurstDetector,
    Typing,
    WedgeScan,
    parse_input_events,
)
from drivers.scan.result import DeviceUnavailable, PayloadTooLarge


def burst(text, start=0.0, gap=0.004):
    """A scanner typing `text` then Enter, `gap` seconds apart."""
    return [(start + i * gap, key) for i, key in enumerate(list(text) + [ENTER])]


def typed(text, start=0.0, gaps=(0.18, 0.09, 0.31, 0.14, 0.22)):
    """A person typing `text`, irregularly."""
    events, t = [], start
    for i, key in enumerate(text):
        events.append((t, key))
        t += gaps[i % len(gaps)]
    return events


def run(events, detector=None):
    detector = detector or ScanBurstDetector()
    out = []
    for timestamp, key in events:
        out += detector.feed(timestamp, key)
    return out + detector.flush(events[-1][0] + 10)


def scans(out):
    return [o.text for o in out if isinstance(o, WedgeScan)]


def typing(out):
    return "".join(o.text for o in out if isinstance(o, Typing))


def test_scanner_burst_is_a_scan():
    out = run(burst("TKT-A001-20261123"))
    assert scans(out) == ["TKT-A001-20261123"]
    assert typing(out) == ""


def test_human_typing_is_not_a_scan():
    out = run(typed("A001\n"))
    assert scans(out) == []
    assert typing(out) == "A001\n"


def test_fast_typist_rolling_keys_is_not_a_scan():
    # Two keys rolled 20 ms apart, then Enter quickly: fast, but too short for a payload.
    out = run([(0.0, "o"), (0.020, "k"), (0.045, ENTER)])
    assert scans(out) == []


def test_slow_key_inside_burst_breaks_it():
    events = burst("A001B002")
    events = [(t + (0.2 if i >= 4 else 0), k) for i, (t, k) in enumerate(events)]
    out = run(events)
    assert scans(out) == ["B002"]
    assert typing(out) == "A001"


def test_mixed_typing_and_scans():
    events = typed("ab", start=0.0) + burst("E-ID:0123456789", start=1.0) + typed("c\n", start=2.0) \
        + burst("预约A001", start=3.0, gap=0.012)
    out = run(events)
    assert scans(out) == ["E-ID:0123456789", "预约A001"]
    assert typing(out) == "abc\n"


def test_burst_gap_limit_is_configurable():
    assert scans(run(burst("A001B002", gap=0.045))) == []
    assert scans(run(burst("A001B002", gap=0.045), ScanBurstDetector(max_gap=0.060))) == ["A001B002"]


def test_overlong_burst_refused_without_keeping_it():
    detector = ScanBurstDetector(max_length=32)
    out = run(burst("x" * 500) + burst("A001", start=5.0), detector)
    refused = [o for o in out if isinstance(o, PayloadTooLarge)]
    assert len(refused) == 1 and refused[0].size == 500
    assert scans(out) == ["A001"]


def key_events(t, code, shift=False):
    events = [InputEvent(t, EV_KEY, 42, 1)] if shift else []
    events += [InputEvent(t, EV_KEY, code, 1), InputEvent(t + 0.001, EV_KEY, code, 0)]
    return events + ([InputEvent(t + 0.001, EV_KEY, 42, 0)] if shift else [])


def test_keystroke_decoder_us_layout():
    decoder = KeystrokeDecoder()
    # "A0:b" + Enter: Shift+a, 0, Shift+;, b, Enter; plus a SYN event to ignore.
    events = key_events(0.0, 30, shift=True) + key_events(0.01, 11) + key_events(0.02, 39, shift=True) \
        + [InputEvent(0.025, 0, 0, 0)] + key_events(0.03, 48) + key_events(0.04, 28)
    keys = [k for k in map(decoder.feed, events) if k]
    assert "".join(k.key for k in keys) == "A0:b\n"
    assert keys[0].timestamp == 0.0


def test_keystroke_decoder_alt_code_gbk():
    # Chinese scanners type 预 as Alt + keypad "54436" (0xD4A4, its GBK code).
    decoder = KeystrokeDecoder()
    keypad = {"0": 82, "1": 79, "2": 80, "3": 81, "4": 75, "5": 76, "6": 77, "7": 71, "8": 72, "9": 73}
    events = [InputEvent(0.0, EV_KEY, 56, 1)]
    for i, digit in enumerate(str(0xD4A4)):
        events += key_events(0.001 * (i + 1), keypad[digit])
    events.append(InputEvent(0.01, EV_KEY, 56, 0))
    keys = [k for k in map(decoder.feed, events) if k]
    assert [k.key for k in keys] == ["预"]


def pack(events):
    return b"".join(INPUT_EVENT.pack(int(e.timestamp), int(round(e.timestamp % 1 * 1e6)), e.type, e.code, e.value)
                    for e in events)


def test_parse_input_events_ignores_partial_record():
    data = pack([InputEvent(12.5, EV_KEY, 30, 1), InputEvent(12.75, EV_KEY, 30, 0)])
    assert parse_input_events(data + data[:7]) == [InputEvent(12.5, EV_KEY, 30, 1), InputEvent(12.75, EV_KEY, 30, 0)]


@pytest.fixture
def fifo_device(tmp_path):
    path = tmp_path / "event-kbd"
    os.mkfifo(path)
    scanner = HidScanner([str(path)])
    writer = os.open(path, os.O_WRONLY)
    yield scanner, writer
    scanner.close()


def test_hid_scanner_end_to_end(fifo_device):
    scanner, writer = fifo_device
    letters = {"a": 30, "1": 2, "0": 11}
    human = key_events(100.0, letters["a"]) + key_events(100.3, letters["1"]) + key_events(100.5, 28)
    scan = []
    for i, ch in enumerate("a1001"):
        scan += key_events(101.0 + i * 0.005, letters[ch])
    scan += key_events(101.03, 28)
    os.write(writer, pack(human + scan))
    result = scanner.read(timeout=2)
    assert result.text == "a1001" and result.raw_bytes == b"a1001"
    assert scanner.read(timeout=0.1) is None
    os.close(writer)
    with pytest.raises(DeviceUnavailable):
        scanner.read(timeout=1)


def test_missing_device_is_unavailable(tmp_path):
    with pytest.raises(DeviceUnavailable):
        HidScanner([str(tmp_path / "no-such-event")])
