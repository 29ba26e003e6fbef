"""Window LED screens: EQ frames byte for byte, refusals, and the simulator end to end."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.led import Colour, EqFrame, EqFrameParser, LedScreenUnavailable, LedTextRefused, encode_eq_frame, \
    open_window_screen
from drivers.led.eq import display_columns, fit_line
from drivers.sim.led_sim import LedScreenSim, render_screen


def test_frame_bytes_exact():
    frame = encode_eq_frame(1, [(Colour.RED, "请A001号"), (Colour.GREEN, "到3号窗口")])
    assert frame == (b"!#001%C1" + b"\xc7\xeb" + b"A001" + b"\xba\xc5" + b"\r\n"
                     + b"%C2" + b"\xb5\xbd" + b"3" + b"\xba\xc5\xb4\xb0\xbf\xda" + b"$$")


def test_yellow_and_clear_frames_exact():
    assert encode_eq_frame(12, [(Colour.YELLOW, "PAUSE")]) == b"!#012%C3PAUSE$$"
    assert encode_eq_frame(999, []) == b"!#999$$"
    with pytest.raises(ValueError):
        encode_eq_frame(1000, [])


def test_width_counts_full_width_as_two_columns_and_cuts():
    assert display_columns("A号") == 3
    assert fit_line("请A001号到综合受理窗口", 16) == "请A001号到综合受"
    assert fit_line("请A001号到综合受理窗口", 15) == "请A001号到综合"  # a full-width char never half shows


def test_text_outside_gbk_is_refused_clearly():
    with pytest.raises(LedTextRefused, match="not in GBK"):
        fit_line("请😀到窗口", 16)
    with pytest.raises(LedTextRefused, match="control character"):
        fit_line("A001\n", 16)


def test_frame_markers_in_text_cannot_break_the_frame():
    line = fit_line("满意度 98% $$!#", 32)
    frame = encode_eq_frame(1, [(Colour.RED, line)])
    assert frame.count(b"$$") == 1 and frame.count(b"!#") == 1
    [parsed] = EqFrameParser().feed(frame)
    assert parsed.lines == ((Colour.RED, "满意度 98％ ＄＄！#"),)


def test_parser_skips_garbage_and_handles_split_frames():
    parser = EqFrameParser()
    frame = encode_eq_frame(3, [(Colour.GREEN, "窗口暂停")])
    assert parser.feed(b"\x00\xffjunk!#ab$$" + frame[:7]) == []
    assert parser.feed(frame[7:]) == [EqFrame(3, ((Colour.GREEN, "窗口暂停"),))]


def test_parser_resyncs_on_a_frame_that_never_ends():
    parser = EqFrameParser()
    good = encode_eq_frame(5, [(Colour.RED, "A009")])
    assert parser.feed(b"!#001%C1never ends" + good) == [EqFrame(5, ((Colour.RED, "A009"),))]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.binary(max_size=200), max_size=8))
def test_eq_parser_never_crashes_on_random_bytes(chunks):
    parser = EqFrameParser()
    for chunk in chunks:
        for frame in parser.feed(chunk):
            assert 0 <= frame.address <= 999


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 999), st.lists(st.tuples(st.sampled_from(list(Colour)),
                                                st.text(alphabet="请到号窗口A0123456789 暂停", max_size=12)),
                                      max_size=3))
def test_eq_round_trip(address, lines):
    frame = encode_eq_frame(address, lines)
    assert EqFrameParser().feed(frame) == [EqFrame(address, tuple(lines))]


@pytest.fixture
def open_screen():
    opened = []

    def opener(url):
        opened.append(open_window_screen(url))
        return opened[-1]

    yield opener
    for screen in opened:
        screen.close()


@pytest.fixture
def sim(tmp_path):
    with LedScreenSim(tcp_port=0, pty=True, out_dir=tmp_path / "led") as s:
        yield s


def test_screen_over_tcp_end_to_end(sim, tmp_path, open_screen):
    screen = open_screen(f"eq+tcp://127.0.0.1:{sim.tcp_port}?addr=007&width=16&rows=2")
    shown = screen.show(["请A001号", "到7号窗口办理业务手续"], Colour.GREEN)
    assert shown == ["请A001号", "到7号窗口办理业"]  # 15 columns; 务 would make 17 of 16
    sim.wait_for_frames(1)
    state = sim.screen(7)
    assert state.lines == ((Colour.GREEN, "请A001号"), (Colour.GREEN, "到7号窗口办理业"))
    assert sim.screen(1).lines == ()  # other addresses untouched
    png = tmp_path / "led" / "addr-007.png"
    assert png.exists()
    pixels = render_screen(state).convert("RGB").getcolors(100000)
    assert any(g > 200 and r < 100 for _, (r, g, b) in pixels)  # green text on the panel
    screen.clear()
    sim.wait_for_frames(2)
    assert sim.screen(7).lines == ()
    screen.test_pattern()
    sim.wait_for_frames(3)
    colours = [c for c, _ in sim.screen(7).lines]
    assert colours == [Colour.RED, Colour.GREEN]
    assert all(display_columns(t) == 16 for _, t in sim.screen(7).lines)


def test_screen_over_serial_pty(sim, open_screen):
    screen = open_screen(f"eq+serial://{sim.pty_path}?baud=9600&addr=002")
    screen.show(["暂停服务"], Colour.RED)
    sim.wait_for_frames(1)
    assert sim.screen(2).text == "暂停服务"


def test_refused_text_sends_nothing(sim, open_screen):
    screen = open_screen(f"eq+tcp://127.0.0.1:{sim.tcp_port}?addr=001")
    with pytest.raises(LedTextRefused):
        screen.show(["OK", "bad \U0001F600"])
    screen.show(["OK"])
    sim.wait_for_frames(1)
    assert sim.screen(1).text == "OK"


def test_screen_unplugged_then_back():
    sim = LedScreenSim(tcp_port=0).start()
    port = sim.tcp_port
    screen = open_window_screen(f"eq+tcp://127.0.0.1:{port}?addr=001&timeout=1")
    screen.show(["A001"])
    sim.wait_for_frames(1)
    sim.stop()
    with pytest.raises(LedScreenUnavailable, match="cannot be reached"):
        screen.show(["A002"])
    sim = LedScreenSim(tcp_port=port).start()
    try:
        screen.show(["A003"])
        sim.wait_for_frames(1)
        assert sim.screen(1).text == "A003"
    finally:
        screen.close()
        sim.stop()


def test_bad_urls():
    for url in ("http://x", "eq+tcp://host?addr=001", "eq+tcp://h:1?addr=01x"):
        with pytest.raises(ValueError):
            open_window_screen(url)
