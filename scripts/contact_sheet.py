"""Write docs/screens/README.md: every reference screenshot under docs/screens, grouped by app, each
with a one-line caption, and a thumbnail grid per app (docs/screens/contact/<app>.png).

    .venv/bin/python scripts/contact_sheet.py            # after renewing screenshots
    .venv/bin/python scripts/contact_sheet.py --no-grids # the README only

tests/test_contact_sheet.py fails when a PNG is not in the README or the README names a missing one.
"""
from __future__ import annotations

import argparse
import pathlib
import re
import sys
from collections.abc import Sequence

SCREENS = pathlib.Path(__file__).resolve().parents[1] / "docs" / "screens"
GRIDS = "contact"  # the folder of the thumbnail grids, under docs/screens
README = "README.md"

# Apps in the order a reader meets them, each with how its files are told apart.
APPS = [
    ("kiosk", "Citizen kiosk (自助终端)"),
    ("display", "Hall display (综合屏)"),
    ("terminal", "Window terminal (窗口叫号终端)"),
    ("evaluator", "Evaluator (评价器)"),
    ("console", "Manager console (大厅管理端)"),
    ("phone", "Phone tracking page"),
    ("demo", "The demo on an X screen"),
]
WORDS = {"checkin": "check-in", "en": "in English", "zh": "in Chinese", "elder": "elder mode", "qr": "QR code",
         "pdf": "PDF", "csv": "CSV", "sla": "SLA", "1920x1080": "1920×1080", "1080x1920": "1080×1920 portrait",
         "3840x2160": "3840×2160", "1280x720": "1280×720"}
THUMB_WIDTH = 240
COLUMNS = 6


def app_of(path: pathlib.PurePosixPath) -> str:
    """The app a screenshot belongs to: its folder (kiosk/, demo/) or the first word of its name."""
    if len(path.parts) > 1:
        return path.parts[0]
    return path.stem.split("-")[0]


def caption(path: pathlib.PurePosixPath) -> str:
    """A line saying what the screenshot shows, from its name: `console-pause-dialog-en.png` →
    "pause dialog, in English"."""
    words = path.stem.split("-")
    if len(path.parts) == 1 and words[0] == app_of(path):
        words = words[1:]
    if words and re.fullmatch(r"\d+", words[0]):  # the kiosk walk's step number
        words = words[1:]
    said = [WORDS.get(w, w) for w in words]
    extras = [w for w in said if w != w.lower() or w.startswith(("in ", "elder", "1080", "1920", "3840", "1280"))]
    plain = [w for w in said if w not in extras]
    text = " ".join(plain) or "screen"
    return ", ".join([text[0].upper() + text[1:], *extras])


def screenshots(root: pathlib.Path = SCREENS) -> list[pathlib.PurePosixPath]:
    """Every PNG under root but the grids, relative to it, sorted."""
    return sorted(pathlib.PurePosixPath(p.relative_to(root).as_posix()) for p in root.rglob("*.png")
                  if p.relative_to(root).parts[0] != GRIDS)


def grouped(paths: Sequence[pathlib.PurePosixPath]) -> list[tuple[str, str, list[pathlib.PurePosixPath]]]:
    known = [app for app, _ in APPS]
    groups = [(app, title, [p for p in paths if app_of(p) == app]) for app, title in APPS]
    others = [p for p in paths if app_of(p) not in known]
    if others:
        groups.append(("other", "Other", others))
    return [g for g in groups if g[2]]


def readme_text(root: pathlib.Path = SCREENS, grids: bool = True) -> str:
    lines = ["# Reference screenshots", "",
             "Made by the tests offscreen (`HALL_UPDATE_SCREENS=1 ./hall test tests/queue_display tests/kiosk "
             "tests/test_text_fits.py` renews them); this page is written by `scripts/contact_sheet.py`. "
             "`tests/test_contact_sheet.py` checks that it names every picture here and no other.", ""]
    for app, title, paths in grouped(screenshots(root)):
        lines += [f"## {title}", ""]
        if grids and (root / GRIDS / f"{app}.png").exists():
            lines += [f"![{title}: every screenshot]({GRIDS}/{app}.png)", ""]
        lines += [f"- [`{p}`]({p}): {caption(p)}" for p in paths]
        lines.append("")
    return "\n".join(lines)


def write_grid(root: pathlib.Path, app: str, paths: Sequence[pathlib.PurePosixPath]) -> pathlib.Path:
    """A grid of thumbnails of the app's screenshots, in the README's order."""
    from PIL import Image

    thumbs = []
    for p in paths:
        with Image.open(root / p) as image:
            image = image.convert("RGB")
            image.thumbnail((THUMB_WIDTH, THUMB_WIDTH * 2))
            thumbs.append(image.copy())
    cell_h = max(t.height for t in thumbs)
    columns = min(COLUMNS, len(thumbs))
    rows = (len(thumbs) + columns - 1) // columns
    gap = 8
    sheet = Image.new("RGB", (columns * (THUMB_WIDTH + gap) + gap, rows * (cell_h + gap) + gap), "#d9dee6")
    for i, thumb in enumerate(thumbs):
        x = gap + (i % columns) * (THUMB_WIDTH + gap) + (THUMB_WIDTH - thumb.width) // 2
        y = gap + (i // columns) * (cell_h + gap)
        sheet.paste(thumb, (x, y))
    out = root / GRIDS / f"{app}.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    sheet.quantize(colors=256).save(out, optimize=True)  # a palette keeps the sheet small in the repository
    return out


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="contact_sheet", description=__doc__.splitlines()[0])
    p.add_argument("--root", type=pathlib.Path, default=SCREENS, help="the screenshots' folder")
    p.add_argument("--no-grids", action="store_true", help="write the README only")
    args = p.parse_args(argv)
    root: pathlib.Path = args.root
    if not args.no_grids:
        for app, _, paths in grouped(screenshots(root)):
            write_grid(root, app, paths)
    (root / README).write_text(readme_text(root, grids=not args.no_grids), encoding="utf-8")
    print(f"wrote {root / README} ({len(screenshots(root))} screenshots)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
