"""Benchmark the QR decoders on hall-like camera frames and on public photos with known texts.

Generates a seeded set of 640x480 frames (rotation, blur, perspective, noise, low contrast, small
codes; Chinese and ASCII payloads) and runs each decoder backend over all of them. Then reads the
public set in `bench/qr_public/` (real photos from ZXing's and pyzxing's test data, plus their
generated samples; see its README) with each wrapper and with its library called directly, and
counts the wrapper's wrong texts. Prints tables and ends with one JSON line of the figures and the
backend chosen as default (fewest wrong texts, then recognition, then speed).

    python -m bench.qr_decode [--count 280] [--seed 20261123]
"""
from __future__ import annotations

import argparse
import json
import pathlib
import time

import cv2
import numpy as np

from drivers.scan.decode import PyzbarDecoder, ZxingDecoder
from drivers.scan.result import PayloadTooLarge, ScanError
from drivers.sim.camera_sim import render_qr

PUBLIC = pathlib.Path(__file__).resolve().parent / "qr_public"

WIDTH, HEIGHT = 640, 480
CONDITIONS = ("clean", "rotation", "blur", "perspective", "noise", "low_contrast", "small")
SERVICES = ["综合受理", "不动产登记", "社保卡补办", "营业执照", "出入境证件", "公积金提取", "婚姻登记"]


def payload_for(rng: np.random.Generator, index: int) -> str:
    """An appointment, e-ID or ticket payload; two in three are Chinese."""
    kind = index % 3
    if kind == 0:
        return (f"预约:2026-{rng.integers(1, 13):02}-{rng.integers(1, 29):02} "
                f"{rng.integers(8, 18):02}:{rng.choice([0, 30]):02} {rng.choice(SERVICES)}")
    if kind == 1:
        return f"电子证照|{rng.choice(SERVICES)}|编号{rng.integers(10**9, 10**10)}|张*三"
    return f"https://zwfw.example.gov.cn/t/{rng.integers(16**7, 16**8):08x}?w={rng.integers(1, 40)}"


def make_frame(rng: np.random.Generator, payload: str, condition: str) -> np.ndarray:
    """Put a QR code of `payload` on a 640x480 desk, degraded as `condition` says."""
    module_px = int(rng.integers(2, 4)) if condition == "small" else int(rng.integers(4, 7))
    code = render_qr(payload, module_px=module_px)
    h, w = code.shape
    light, dark = (150, 110) if condition == "low_contrast" else (235, 30)
    code = np.where(code > 127, light, dark).astype(np.uint8)
    desk = int(rng.integers(120, 200)) if condition != "low_contrast" else 135
    frame = np.full((HEIGHT, WIDTH), desk, np.uint8)
    y = int(rng.integers(0, HEIGHT - h + 1))
    x = int(rng.integers(0, WIDTH - w + 1))
    frame[y:y + h, x:x + w] = code
    if condition == "rotation":
        matrix = cv2.getRotationMatrix2D((x + w / 2, y + h / 2), float(rng.uniform(-180, 180)), 1.0)
        frame = cv2.warpAffine(frame, matrix, (WIDTH, HEIGHT), borderValue=desk)
    elif condition == "perspective":
        corners = np.float32([[x, y], [x + w, y], [x + w, y + h], [x, y + h]])
        shift = rng.uniform(-0.18, 0.18, (4, 2)) * [w, h]
        matrix = cv2.getPerspectiveTransform(corners, np.float32(corners + shift))
        frame = cv2.warpPerspective(frame, matrix, (WIDTH, HEIGHT), borderValue=desk)
    elif condition == "blur":
        sigma = float(rng.uniform(1.0, 2.2))
        frame = cv2.GaussianBlur(frame, (0, 0), sigma)
    noise_sigma = float(rng.uniform(18, 35)) if condition == "noise" else 3.0
    noisy = frame.astype(np.float32) + rng.normal(0, noise_sigma, frame.shape)
    frame = np.clip(noisy, 0, 255).astype(np.uint8)
    return cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR)


def make_set(count: int, seed: int) -> list[tuple[str, str, np.ndarray]]:
    """(condition, payload, frame) for `count` frames, the same for the same seed."""
    rng = np.random.default_rng(seed)
    cases = []
    for index in range(count):
        condition = CONDITIONS[index % len(CONDITIONS)]
        payload = payload_for(rng, index)
        cases.append((condition, payload, make_frame(rng, payload, condition)))
    return cases


def wrapper_read(decoder, frame: np.ndarray) -> list[tuple[str, bytes]]:
    """(text, bytes) of each code the wrapper reads; codes kept beside a refused one count."""
    try:
        results = decoder.decode(frame)
    except PayloadTooLarge as refused:
        results = refused.others
    except ScanError:
        results = []
    return [(r.text, r.raw_bytes) for r in results]


def raw_read(backend: str, frame: np.ndarray) -> list[tuple[str, bytes]]:
    """(text, bytes) of each code the backend's library reads when called directly, as a caller would."""
    if backend == "zxing":
        import zxingcpp

        return [(b.text, bytes(b.bytes)) for b in zxingcpp.read_barcodes(frame)]
    from pyzbar import pyzbar

    try:
        symbols = pyzbar.decode(frame)
    except ValueError:
        # pyzbar 0.1.9 fails on a joined structured-append symbol (orientation -1).
        return []
    return [(s.data.decode("utf-8", errors="replace"), s.data) for s in symbols]


def measure(decoder, cases, read=None) -> tuple[dict[str, float], float, float]:
    """Return (recognition per condition, overall recognition, ms per frame).

    Args:
        read: reads a frame into (text, bytes) pairs; the decoder's wrapper by default.
    """
    read = read or (lambda frame: wrapper_read(decoder, frame))
    hits = {c: 0 for c in CONDITIONS}
    totals = {c: 0 for c in CONDITIONS}
    elapsed = 0.0
    for condition, payload, frame in cases:
        started = time.perf_counter()
        texts = [text for text, _ in read(frame)]
        elapsed += time.perf_counter() - started
        totals[condition] += 1
        hits[condition] += payload in texts
    per_condition = {c: hits[c] / totals[c] for c in CONDITIONS if totals[c]}
    return per_condition, sum(hits.values()) / len(cases), 1000 * elapsed / len(cases)


def load_public(manifest: pathlib.Path = PUBLIC / "manifest.json") -> list[dict]:
    """The public images with their known texts (see bench/qr_public/README.md)."""
    return json.loads(manifest.read_text(encoding="utf-8"))["images"]


def public_figures(decoder, images: list[dict], root: pathlib.Path = PUBLIC) -> dict:
    """Read the public images with `decoder` and with its library called directly.

    A known code counts as read when a returned text equals its text (or, for a binary payload,
    returned bytes equal its bytes). An image counts as a wrong text when the wrapper returns a
    text (bytes, for binary payloads) that is none of the image's known ones.

    Returns:
        recognition and raw_recognition (share of known codes read), wrong_text and
        raw_wrong_text (images), wrong (files where the wrapper was wrong), worse (files where
        the library read a known code that the wrapper missed), codes (known codes).
    """
    found = raw_found = codes = 0
    wrong, raw_wrong, worse = [], [], []
    for image in images:
        frame = cv2.imread(str(root / image["file"]), cv2.IMREAD_COLOR)
        known_texts = set(image["texts"])
        known_bytes = {bytes.fromhex(h) for h in image.get("bytes_hex", [])}
        codes += len(known_texts) + len(known_bytes)
        read = {"wrapper": wrapper_read(decoder, frame), "raw": raw_read(decoder.name, frame)}
        hits = {}
        for who, pairs in read.items():
            texts = {text for text, _ in pairs}
            payloads = {raw for _, raw in pairs}
            hits[who] = len(known_texts & texts) + len(known_bytes & payloads)
            if any(text not in known_texts and raw not in known_bytes for text, raw in pairs):
                (wrong if who == "wrapper" else raw_wrong).append(image["file"])
        found += hits["wrapper"]
        raw_found += hits["raw"]
        if hits["raw"] > hits["wrapper"]:
            worse.append(image["file"])
    return {"recognition": found / codes, "raw_recognition": raw_found / codes, "codes": codes,
            "wrong_text": len(wrong), "raw_wrong_text": len(raw_wrong), "wrong": wrong,
            "raw_wrong": raw_wrong, "worse": worse}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=280)
    parser.add_argument("--seed", type=int, default=20261123)
    args = parser.parse_args()
    cases = make_set(args.count, args.seed)
    images = load_public()
    public_sets = {"photos": [i for i in images if i["kind"] == "photo"],
                   "samples": [i for i in images if i["kind"] != "photo"]}
    figures, raw_figures, public = {}, {}, {}
    for decoder in (PyzbarDecoder(), ZxingDecoder()):
        decoder.decode(cases[0][2])  # warm up: library load and first allocations
        figures[decoder.name] = measure(decoder, cases)
        raw_figures[decoder.name] = measure(
            decoder, cases, read=lambda frame, name=decoder.name: raw_read(name, frame))
        public[decoder.name] = {label: public_figures(decoder, subset)
                                for label, subset in public_sets.items()}
    print(f"{args.count} frames {WIDTH}x{HEIGHT}, seed {args.seed}")
    columns = [(name, kind) for name in figures for kind in ("", " raw")]
    print(f"{'condition':<14}" + "".join(f"{name + kind:>12}" for name, kind in columns))

    def row(label: str, values: list[str]) -> None:
        print(f"{label:<14}" + "".join(f"{v:>12}" for v in values))

    for condition in CONDITIONS:
        row(condition, [f"{(raw_figures if kind else figures)[name][0][condition]:.1%}"
                        for name, kind in columns])
    row("recognition", [f"{(raw_figures if kind else figures)[name][1]:.1%}" for name, kind in columns])
    row("ms/frame", [f"{(raw_figures if kind else figures)[name][2]:.2f}" for name, kind in columns])
    for label, subset in public_sets.items():
        print(f"public {label}: {len(subset)} images, {public['zxing'][label]['codes']} known codes "
              "(bench/qr_public/README.md)")
        row("recognition", [f"{public[name][label]['raw_recognition' if kind else 'recognition']:.1%}"
                            for name, kind in columns])
        row("wrong texts", [str(public[name][label]["raw_wrong_text" if kind else "wrong_text"])
                            for name, kind in columns])
        for name in public:
            for what in ("wrong", "worse"):
                if public[name][label][what]:
                    print(f"  {name} {what}: {', '.join(public[name][label][what])}")

    def wrong_texts(name: str) -> int:
        return sum(public[name][label]["wrong_text"] for label in public_sets)

    def standing(name: str) -> tuple:
        # A wrong text first (worse than none), then codes read over all sets, then speed.
        read = figures[name][1] * len(cases)
        total = len(cases)
        for label in public_sets:
            read += public[name][label]["recognition"] * public[name][label]["codes"]
            total += public[name][label]["codes"]
        return (wrong_texts(name), -round(read / total, 3), figures[name][2])

    best = min(figures, key=standing)
    line = {
        "pyzbar_recognition": round(figures["pyzbar"][1], 4),
        "pyzbar_ms_per_frame": round(figures["pyzbar"][2], 2),
        "zxing_recognition": round(figures["zxing"][1], 4),
        "zxing_ms_per_frame": round(figures["zxing"][2], 2),
    }
    for name in ("pyzbar", "zxing"):
        line[f"{name}_raw_recognition"] = round(raw_figures[name][1], 4)
        line[f"{name}_public_recognition"] = round(public[name]["photos"]["recognition"], 4)
        line[f"{name}_raw_public_recognition"] = round(public[name]["photos"]["raw_recognition"], 4)
        line[f"{name}_public_samples_recognition"] = round(public[name]["samples"]["recognition"], 4)
        line[f"{name}_raw_public_samples_recognition"] = round(
            public[name]["samples"]["raw_recognition"], 4)
        line[f"{name}_wrong_text"] = wrong_texts(name)
        line[f"{name}_raw_wrong_text"] = sum(public[name][label]["raw_wrong_text"] for label in public_sets)
    # wrong_text: public images (photos and samples) where the default backend's wrapper
    # returned a text that is not the image's known one.
    line["wrong_text"] = wrong_texts(best)
    line["default_backend"] = best
    print(json.dumps(line))


if __name__ == "__main__":
    main()
