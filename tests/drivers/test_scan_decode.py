"""Decoders: payloads read right from both backends, bad frames and forged codes refused."""
import numpy as np
import cv2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from drivers.scan.decode import (
    MAX_FRAME_PIXELS,
    PyzbarDecoder,
    ZxingDecoder,
    default_decoder,
    undo_zbar_text_guess,
)
from drivers.scan.result import MAX_PAYLOAD_BYTES, FrameRejected, PayloadTooLarge, payload_text
from drivers.sim.camera_sim import render_qr

APPOINTMENT = "预约:2026-11-23 09:30 综合受理"
PAYLOADS = ["A001", "https://zwfw.example.gov.cn/t/8H2K?w=3", APPOINTMENT, "你好", "Enzyklopädie über"]
DECODERS = [ZxingDecoder, PyzbarDecoder, lambda: PyzbarDecoder(binary=False)]
DECODER_IDS = ["zxing", "pyzbar-binary", "pyzbar-undo-guess"]


def on_desk(code: np.ndarray, size=(480, 640), at=(60, 80)) -> np.ndarray:
    frame = np.full(size, 180, np.uint8)
    frame[at[0]:at[0] + code.shape[0], at[1]:at[1] + code.shape[1]] = code
    return frame


@pytest.fixture(params=DECODERS, ids=DECODER_IDS)
def decoder(request):
    return request.param()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_reads_back_exactly(decoder, payload):
    [result] = decoder.decode(on_desk(render_qr(payload)))
    assert result.text == payload
    assert result.raw_bytes == payload.encode("utf-8")
    assert result.symbology == "qrcode"
    assert len(result.position) == 4


@pytest.mark.parametrize("make_decoder", DECODERS[:2], ids=DECODER_IDS[:2])
@pytest.mark.parametrize("payload", [APPOINTMENT, "预约", "综合受理"])
def test_gbk_payload_reads_as_chinese(make_decoder, payload):
    # Only a zbar that hands over raw bytes can read GBK codes; undoing a guess needs UTF-8.
    decoder = make_decoder()
    raw = payload.encode("gbk")
    [result] = decoder.decode(on_desk(render_qr(raw)))
    assert result.raw_bytes == raw
    assert result.text == payload


def test_bgr_and_rotated_frames(decoder):
    frame = cv2.cvtColor(on_desk(render_qr(APPOINTMENT), at=(100, 150)), cv2.COLOR_GRAY2BGR)
    rotated = cv2.warpAffine(frame, cv2.getRotationMatrix2D((320, 240), 25, 1.0), (640, 480),
                             borderValue=(180, 180, 180))
    assert [r.text for r in decoder.decode(rotated)] == [APPOINTMENT]


def test_empty_desk_has_no_codes(decoder):
    assert decoder.decode(np.full((480, 640), 180, np.uint8)) == []


def test_oversized_payload_refused_but_good_code_beside_it_kept(decoder):
    forged = render_qr(b"X" * (MAX_PAYLOAD_BYTES + 100), module_px=2)
    frame = np.full((480, 900), 180, np.uint8)
    frame[20:20 + forged.shape[0], 20:20 + forged.shape[1]] = forged
    ticket = render_qr("A001", module_px=6)
    frame[100:100 + ticket.shape[0], 600:600 + ticket.shape[1]] = ticket
    with pytest.raises(PayloadTooLarge) as refused:
        decoder.decode(frame)
    assert refused.value.size == MAX_PAYLOAD_BYTES + 100
    assert "refused" in str(refused.value) and "XXXX" not in str(refused.value)
    assert [r.text for r in refused.value.others] == ["A001"]


def test_limit_is_configurable():
    frame = on_desk(render_qr("A001-0123456789"))
    with pytest.raises(PayloadTooLarge):
        ZxingDecoder(max_payload_bytes=8).decode(frame)
    with pytest.raises(PayloadTooLarge):
        PyzbarDecoder(max_payload_bytes=8).decode(frame)


@pytest.mark.parametrize("frame", [
    np.zeros((0, 10), np.uint8),
    np.zeros((10, 10), np.float32),
    np.zeros((10, 10, 2), np.uint8),
    np.zeros((2, 2, 2, 2), np.uint8),
    np.broadcast_to(np.uint8(0), (MAX_FRAME_PIXELS // 1000 + 1, 1000)),
    [[0, 0], [0, 0]],
], ids=["empty", "float", "two-channel", "4d", "too-many-pixels", "list"])
def test_bad_frames_refused_clearly(decoder, frame):
    with pytest.raises(FrameRejected):
        decoder.decode(frame)


frames = hnp.arrays(
    dtype=np.uint8,
    shape=st.one_of(
        hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=96),
        st.tuples(st.integers(1, 96), st.integers(1, 96), st.sampled_from([1, 3, 4])),
    ),
)


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(frame=frames)
def test_random_frames_never_crash(frame):
    for decoder in (ZxingDecoder(), PyzbarDecoder()):
        results = decoder.decode(frame)
        assert all(len(r.raw_bytes) <= MAX_PAYLOAD_BYTES for r in results)


def test_noise_frames_never_crash():
    rng = np.random.default_rng(7)
    for decoder in (ZxingDecoder(), PyzbarDecoder()):
        for _ in range(3):
            decoder.decode(rng.integers(0, 256, (480, 640, 3), dtype=np.uint8))


@pytest.mark.parametrize(("garbled", "original"), [
    # What stock zbar 0.23 returns for these codes: its Latin-1 and Big5 guesses, re-encoded.
    (b"\xc3\xa4\xc2\xbd\xc2\xa0\xc3\xa5\xc2\xa5\xc2\xbd", "你好".encode("utf-8")),
    (b"\xe7\xbe\xb9ber", "über".encode("utf-8")),
    ("ｱ".encode("utf-8"), "ｱ".encode("utf-8")),  # undoing would not give UTF-8: left as is
    ("ÄÖÜ".encode("utf-8"), "ÄÖÜ".encode("utf-8")),
    (b"A001", b"A001"),
    ("综合受理".encode("utf-8"), "综合受理".encode("utf-8")),
])
def test_undo_zbar_text_guess(garbled, original):
    assert undo_zbar_text_guess(garbled) == original


def test_payload_text_rules():
    assert payload_text("预约".encode("utf-8")) == "预约"
    assert payload_text("预约".encode("gbk")) == "预约"
    assert payload_text("über é".encode("utf-8")) == "über é"
    assert payload_text(b"\xff\xfe\x80") == "\ufffd\ufffd\ufffd"


def test_result_repr_hides_payload():
    [result] = ZxingDecoder().decode(on_desk(render_qr("440301199001011234")))
    assert "440301" not in repr(result)


def test_default_decoder_decodes():
    assert [r.text for r in default_decoder().decode(on_desk(render_qr(APPOINTMENT)))] == [APPOINTMENT]
