"""Camera scanning: each code once per presentation, on the simulator, a video and an image folder."""
import cv2
import numpy as np
import pytest

from drivers.scan.camera import CameraScanner, PresentationTracker
from drivers.scan.decode import PyzbarDecoder, ZxingDecoder
from drivers.scan.result import DeviceUnavailable, SourceEnded
from drivers.scan.url import open_scanner
from drivers.sim.camera_sim import CameraSim, render_qr

APPOINTMENT = "预约:2026-11-23 09:30 综合受理"
FPS = 15


def frames(scanner, seconds):
    """Run the frame loop for `seconds` of simulated time; return the texts reported."""
    found = []
    for _ in range(round(seconds * FPS)):
        found += [r.text for r in scanner.scan_frame(scanner.source.read())]
    return found


@pytest.fixture(params=[ZxingDecoder, PyzbarDecoder], ids=["zxing", "pyzbar"])
def scanner(request):
    return CameraScanner(CameraSim(fps=FPS, seed=3), request.param())


@pytest.mark.slow
def test_code_held_in_view_reported_once(scanner):
    scanner.source.present(APPOINTMENT)
    assert frames(scanner, 2.0) == [APPOINTMENT]


@pytest.mark.slow
def test_code_shown_again_after_leaving_is_a_new_presentation(scanner):
    camera = scanner.source
    camera.present("A001")
    assert frames(scanner, 0.5) == ["A001"]
    camera.clear()
    assert frames(scanner, 1.5) == []
    camera.present("A001")
    assert frames(scanner, 0.5) == ["A001"]


@pytest.mark.slow
def test_code_briefly_lost_is_not_reported_again(scanner):
    camera = scanner.source
    camera.present("A001")
    found = frames(scanner, 0.3)
    camera.clear()  # a hand passes over the code
    found += frames(scanner, 0.5)
    camera.present("A001")
    found += frames(scanner, 0.5)
    assert found == ["A001"]


def test_another_code_is_reported_at_once(scanner):
    camera = scanner.source
    camera.present("A001")
    camera_found = frames(scanner, 0.3)
    camera.present("B002")
    assert camera_found + frames(scanner, 0.3) == ["A001", "B002"]


def test_read_returns_next_presentation(scanner):
    scanner.source.present(APPOINTMENT)
    result = scanner.read(timeout=2)
    assert result.text == APPOINTMENT and result.symbology == "qrcode"
    assert scanner.read(timeout=0.2) is None


def test_oversized_code_refused_once_per_presentation():
    refusals = []
    camera = CameraSim(fps=FPS, size=(800, 600))
    scanner = CameraScanner(camera, ZxingDecoder(max_payload_bytes=2048), on_refused=refusals.append)
    camera.present(b"Z" * 2300, module_px=2)
    assert frames(scanner, 1.0) == []
    assert len(refusals) == 1 and refusals[0].size == 2300


def test_tracker_pure_logic():
    tracker = PresentationTracker(leave_after=1.0)
    assert tracker.new_codes(0.0, ["a", "a"]) == ["a"]
    assert tracker.new_codes(0.9, ["a", "b"]) == ["b"]
    assert tracker.new_codes(1.8, []) == []
    assert tracker.in_view() == 2
    assert tracker.new_codes(1.85, ["a"]) == []  # away 0.95 s: the same presentation
    assert tracker.new_codes(3.0, []) == []
    assert tracker.in_view() == 0
    assert tracker.new_codes(3.5, ["a", "b"]) == ["a", "b"]


def test_sim_plays_images_as_scene():
    blank = np.full((480, 640, 3), 200, np.uint8)
    camera = CameraSim([blank], fps=FPS)
    scanner = CameraScanner(camera, ZxingDecoder())
    assert frames(scanner, 0.5) == []
    camera.present("A001")
    assert frames(scanner, 0.5) == ["A001"]
    camera.close()
    with pytest.raises(SourceEnded):
        camera.read()


def code_frame(payload):
    frame = np.full((480, 640, 3), 190, np.uint8)
    if payload:
        code = cv2.cvtColor(render_qr(payload, module_px=6), cv2.COLOR_GRAY2BGR)
        frame[80:80 + code.shape[0], 120:120 + code.shape[1]] = code
    return frame


def test_video_file(tmp_path):
    path = tmp_path / "counter.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10, (640, 480))
    # At 10 fps: A for 1 s, nothing for 1.5 s, A again, then B.
    for payload, count in (("A001", 10), (None, 15), ("A001", 10), ("B002", 5)):
        for _ in range(count):
            writer.write(code_frame(payload))
    writer.release()
    scanner = open_scanner(f"camera://{path}")
    assert [r.text for r in scanner] == ["A001", "A001", "B002"]
    with pytest.raises(SourceEnded):
        scanner.read()
    scanner.close()


def test_image_folder(tmp_path):
    # Half a second apart: A, A (same presentation), three empty, A (after 2 s away).
    for index, payload in enumerate(["A001", "A001", None, None, None, APPOINTMENT, "A001"]):
        cv2.imwrite(str(tmp_path / f"{index:03}.png"), code_frame(payload))
    (tmp_path / "notes.txt").write_text("not an image")
    scanner = open_scanner(f"camera://{tmp_path}?interval=0.5&decoder=pyzbar")
    assert [r.text for r in scanner] == ["A001", APPOINTMENT, "A001"]


def test_missing_camera_and_files_are_unavailable(tmp_path):
    for url in ("camera://97", f"camera://{tmp_path}/none.mp4", f"camera://{tmp_path}/empty"):
        with pytest.raises(DeviceUnavailable):
            open_scanner(url)
