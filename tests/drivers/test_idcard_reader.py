"""SamReader against the SAM simulator over a real pty and over TCP: the bytes a reader sees."""
import collections
import threading
import time

import pytest

from drivers.idcard import (
    CardType,
    ReadCardError,
    SamChecksumError,
    SamConfigError,
    SamDeviceGoneError,
    SamDeviceUnavailableError,
    SamFrameError,
    SamModuleError,
    SamReader,
    SamTimeoutError,
    SelectCardError,
)
from drivers.idcard.errors import SamChecksumRejected
from drivers.idcard.frame import answer
from drivers.sim.idcard_sim import SAMPLE_CARDS, IdCardSimulator, SamFault, handle_line


@pytest.fixture(params=["pty", "tcp"])
def sim(request):
    simulator = IdCardSimulator()
    if request.param == "pty":
        simulator.start_pty()
    else:
        simulator.start_tcp()
    yield simulator
    simulator.stop()


@pytest.fixture
def reader(sim):
    with SamReader(sim.url, timeout=0.3) as r:
        yield r


def test_urls_are_what_a_host_configures(sim):
    assert sim.url.startswith("serial:///dev/") or sim.url.startswith("socket://127.0.0.1:")


def test_management_commands(reader, sim):
    reader.reset()
    reader.status()
    assert reader.sam_id() == "05.01-20240101-1234567890-0987654321"
    assert sim.commands_seen == [(0x10, 0xFF), (0x11, 0xFF), (0x12, 0xFF)]


def test_no_card_then_card(reader, sim):
    assert reader.find_card() is False
    assert reader.read_once() is None
    with pytest.raises(SelectCardError):
        reader.select_card()
    sim.place("adult")
    assert reader.find_card() is True
    assert reader.select_card() == SAMPLE_CARDS["adult"].serial


@pytest.mark.slow
@pytest.mark.parametrize("key, card_type", [
    ("adult", CardType.MAINLAND), ("elder", CardType.MAINLAND), ("longterm", CardType.MAINLAND),
    ("hkmotw", CardType.HK_MO_TW_RESIDENCE), ("foreign2017", CardType.FOREIGN_PERMANENT_2017),
    ("foreign2023", CardType.FOREIGN_PERMANENT_2023),
])
def test_every_card_type_end_to_end(reader, sim, key, card_type):
    sim.place(key)
    record = reader.read_once()
    assert record is not None and record.card_type is card_type
    assert record.photo_wlt == SAMPLE_CARDS[key].photo
    assert sim.commands_seen[-3:] == [(0x20, 0x01), (0x20, 0x02), (0x30, 0x01)]


def test_fingerprint_and_additional_address(reader, sim):
    sim.place("adult")
    reader.find_card()
    reader.select_card()
    record = reader.read_card_with_fingerprint()
    assert record.fingerprint == SAMPLE_CARDS["adult"].fingerprint and len(record.fingerprint) == 1024
    assert reader.read_additional_address() is None  # 91: no appended address on this card
    sim.place("elder")
    reader.find_card()
    reader.select_card()
    assert reader.read_additional_address() == "北京市东城区测试新村3号楼2单元"


def test_read_without_select_is_a_read_error(reader, sim):
    sim.place("adult")
    with pytest.raises(ReadCardError, match="0x41"):
        reader.read_card()


@pytest.mark.slow
@pytest.mark.parametrize("fault, error", [
    (SamFault.BAD_CHECKSUM, SamChecksumError),
    (SamFault.TRUNCATE, SamTimeoutError),
    (SamFault.MUTE, SamTimeoutError),
    (SamFault.READ_FAILED, ReadCardError),
    (SamFault.NOT_AUTHORISED, SamModuleError),
    (SamFault.STATUS_10, SamChecksumRejected),
])
def test_faults_give_clear_errors_and_the_next_read_works(reader, sim, fault, error):
    sim.place("elder")
    reader.find_card()
    reader.select_card()
    sim.inject(fault)
    started = time.monotonic()
    with pytest.raises(error):
        reader.read_card()
    assert time.monotonic() - started < 2.0
    record = reader.read_once()
    assert record is not None and record.name == "测试王奶奶"


def test_garbage_before_an_answer_is_skipped(reader, sim):
    sim.place("foreign2023")
    sim.inject(SamFault.GARBAGE, SamFault.GARBAGE, SamFault.GARBAGE)
    record = reader.read_once()
    assert record is not None and record.card_type is CardType.FOREIGN_PERMANENT_2023


@pytest.mark.slow
def test_reading_loop_yields_once_per_presentation(reader, sim):
    stop = threading.Event()
    got = []

    def presenter():
        time.sleep(0.1)
        sim.place("adult")
        time.sleep(0.4)  # left on the reader for several polls: must not be yielded again
        sim.remove()
        time.sleep(0.15)
        sim.place("hkmotw")
        time.sleep(0.3)
        sim.remove()
        time.sleep(0.15)
        sim.place("adult")  # the same card again is a new presentation
        time.sleep(0.3)
        stop.set()

    thread = threading.Thread(target=presenter)
    thread.start()
    for record in reader.cards(poll_interval=0.03, stop=stop):
        got.append(record.card_type)
    thread.join()
    assert got == [CardType.MAINLAND, CardType.HK_MO_TW_RESIDENCE, CardType.MAINLAND]
    finds = sim.commands_seen.count((0x20, 0x01))
    assert finds > 20 and sim.commands_seen.count((0x30, 0x01)) == 3


def test_reading_loop_retries_a_failed_read_on_the_next_poll(reader, sim):
    sim.place("minor")
    real_answer_to = sim.answer_to
    failed_selects = []

    def select_fails_once(cmd):
        # 81 on the first select: a card-side error the loop must retry, not raise.
        if (cmd.cmd, cmd.para) == (0x20, 0x02) and not failed_selects:
            failed_selects.append(cmd)
            sim.commands_seen.append((0x20, 0x02))
            return answer(0x81)
        return real_answer_to(cmd)

    sim.answer_to = select_fails_once
    stop = threading.Event()
    records = []
    for record in reader.cards(poll_interval=0.02, stop=stop):
        records.append(record)
        stop.set()
    assert len(records) == 1 and len(failed_selects) == 1
    assert sim.commands_seen.count((0x20, 0x02)) == 2


def test_reading_loop_raises_device_faults(reader, sim):
    sim.place("adult")
    sim.inject(SamFault.NOT_AUTHORISED)  # 66 on find: the SAM is unusable, the host must know
    with pytest.raises(SamModuleError):
        next(reader.cards(poll_interval=0.02))


def test_loop_url_echo_is_a_clear_frame_error():
    with SamReader("loop://", timeout=0.2) as reader:
        with pytest.raises(SamFrameError, match="SW1 SW2 SW3"):
            reader.find_card()


def test_sim_url_and_missing_port_are_clear_errors(tmp_path):
    with pytest.raises(SamConfigError, match="IdCardSimulator"):
        SamReader("sim://")
    reader = SamReader(f"serial://{tmp_path}/ttyNONE?baud=115200")
    with pytest.raises(SamDeviceUnavailableError):
        reader.find_card()
    assert not reader.is_open


@pytest.mark.slow
def test_unplug_and_replug_over_tcp():
    sim = IdCardSimulator()
    port = sim.start_tcp()
    sim.place("adult")
    reader = SamReader(f"socket://127.0.0.1:{port}", timeout=0.5)
    try:
        assert reader.read_once() is not None
        sim.stop()  # unplugged
        with pytest.raises(SamDeviceGoneError):
            reader.find_card()
        assert not reader.is_open
        with pytest.raises(SamDeviceUnavailableError):  # still gone: refused, not hung
            reader.find_card()
        sim.start_tcp(port)  # plugged back on the same address
        assert reader.read_once() is not None
    finally:
        reader.close()
        sim.stop()


def test_unplug_and_replug_over_pty():
    sim = IdCardSimulator()
    sim.start_pty()
    sim.place("elder")
    reader = SamReader(sim.url, timeout=0.5)
    try:
        assert reader.read_once() is not None
        sim.stop()
        with pytest.raises((SamDeviceGoneError, SamTimeoutError)) as info:
            reader.read_once()
        assert isinstance(info.value, SamDeviceGoneError)
        sim.start_pty()  # a replugged USB adapter may come back under a new name
        reader = SamReader(sim.url, timeout=0.5)
        assert reader.read_once() is not None
    finally:
        reader.close()
        sim.stop()


@pytest.mark.slow
def test_watch_survives_unplug_and_reports_it():
    sim = IdCardSimulator()
    port = sim.start_tcp()
    reader = SamReader(f"socket://127.0.0.1:{port}", timeout=0.3)
    stop = threading.Event()
    cards, errors = [], []
    thread = threading.Thread(target=reader.watch, args=(cards.append,),
                              kwargs=dict(stop=stop, on_error=errors.append, poll_interval=0.02, retry_delay=0.05))
    thread.start()
    try:
        sim.place("adult")
        _wait_for(lambda: len(cards) == 1)
        sim.stop()
        _wait_for(lambda: errors)
        sim.start_tcp(port)
        sim.place("foreign2017")
        _wait_for(lambda: len(cards) == 2)
    finally:
        stop.set()
        thread.join(timeout=5)
        reader.close()
        sim.stop()
    assert [c.card_type for c in cards] == [CardType.MAINLAND, CardType.FOREIGN_PERMANENT_2017]
    assert all(isinstance(e, SamDeviceGoneError) for e in errors)


def _wait_for(condition, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.01)


def test_console_commands():
    sim = IdCardSimulator()
    assert handle_line(sim, "place elder").startswith("placed")
    assert sim.card is SAMPLE_CARDS["elder"]
    assert handle_line(sim, "fault truncate") == "next answer: truncate"
    assert handle_line(sim, "remove") == "removed" and sim.card is None
    assert "foreign2023" in handle_line(sim, "cards")
    assert "commands" in handle_line(sim, "dance")
    assert handle_line(sim, "quit") is None


# --- resync on the wire: a good answer after garbage is read, never timed out ------------------
FALSE_PREAMBLE = b"\xAA\xAA\xAA\x96\x69\x0F\xFF"  # claims a plausible 4095 bytes


class ShapedSim(IdCardSimulator):
    """The simulator, with the bytes of chosen answers reshaped by the test (still sent for real)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.shapes: collections.deque = collections.deque()

    def _wire_bytes_for(self, cmd):
        wire = super()._wire_bytes_for(cmd)
        if wire is not None and self.shapes:
            wire = self.shapes.popleft()(wire)
        return wire


@pytest.fixture(params=["pty", "tcp", "pty-paced"])
def shaped(request):
    simulator = ShapedSim(wire_delay=request.param.endswith("paced"))  # paced: many small reads
    if request.param.startswith("pty"):
        simulator.start_pty()
    else:
        simulator.start_tcp()
    yield simulator
    simulator.stop()


@pytest.mark.slow
@pytest.mark.parametrize("fault", [SamFault.FALSE_PREAMBLE, SamFault.SYNC_NOISE, SamFault.CUT_THEN_ANSWER,
                                   SamFault.GARBAGE])
def test_every_answer_after_garbage_is_read_not_timed_out(shaped, fault):
    shaped.place("foreign2023")
    # A timeout far beyond any loaded machine's delay: an answer read, not waited out, comes well inside it.
    with SamReader(shaped.url, timeout=20.0) as reader:
        for command in (reader.find_card, reader.select_card, reader.read_card):
            shaped.inject(fault)
            started = time.monotonic()
            got = command()
            assert time.monotonic() - started < 10.0, command.__name__
        assert got.card_type is CardType.FOREIGN_PERMANENT_2023
        shaped.inject(fault)
        shaped.remove()
        assert reader.find_card() is False  # a short no-card answer inside a false 4095-byte claim


@pytest.mark.slow
@pytest.mark.parametrize("shape", [
    lambda wire: FALSE_PREAMBLE + wire,
    lambda wire: FALSE_PREAMBLE + b"\x00\x01" + FALSE_PREAMBLE + wire,
    lambda wire: b"\xAA\xAA\xAA" + FALSE_PREAMBLE[:-1] + wire,  # AA runs, then a claim of 0x0FAA
    lambda wire: answer(0x90, bytes(2000)).encode()[:50] + wire,  # a long answer cut short
    lambda wire: wire[:-1] + wire,  # the answer cut one byte short, then the whole answer
    lambda wire: b"\xAA\xAA\xAA\x96\x69\x00\x03\x20\x01\x22" + wire,  # an echo of find card
], ids=["false preamble", "two false preambles", "AA runs", "long answer cut short", "cut by one byte",
        "echo"])
def test_find_card_answer_survives_line_garbage(shaped, shape):
    shaped.place("adult")
    with SamReader(shaped.url, timeout=0.5) as reader:
        shaped.shapes.append(shape)
        assert reader.find_card() is True
        shaped.shapes.append(shape)
        assert reader.read_once().name == "测试张三"


@pytest.mark.slow
def test_a_bad_answer_inside_a_false_claim_is_reported_as_what_it_is(shaped):
    # Nothing good follows the false claim: once the line is quiet the reader looks inside it,
    # finds the spoiled answer and says so, instead of waiting for 4095 bytes that never come.
    shaped.place("adult")
    with SamReader(shaped.url, timeout=20.0) as reader:  # far beyond any delay: said at once, not waited out
        shaped.shapes.append(lambda wire: FALSE_PREAMBLE + wire[:-1] + bytes([wire[-1] ^ 0x5A]))
        started = time.monotonic()
        with pytest.raises(SamChecksumError):
            reader.find_card()
        assert time.monotonic() - started < 10.0
    with SamReader(shaped.url, timeout=1.5) as reader:
        shaped.shapes.append(lambda wire: FALSE_PREAMBLE + wire[:len(wire) // 2])
        with pytest.raises(SamTimeoutError, match="cut short"):
            reader.find_card()  # a false claim and a cut-short answer: a timeout, not a hang
        assert reader.find_card() is True
