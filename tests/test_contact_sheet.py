"""docs/screens/README.md, the contact sheet of the reference screenshots, names every PNG there and
no other (scripts/contact_sheet.py writes it)."""
from __future__ import annotations

import importlib.util
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[1]
SCREENS = ROOT / "docs" / "screens"


def contact_sheet():
    spec = importlib.util.spec_from_file_location("contact_sheet", ROOT / "scripts" / "contact_sheet.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def named_pngs(readme: str) -> set[str]:
    """The PNGs a README links to or shows."""
    return set(re.findall(r"\]\(([^)\s]+\.png)\)", readme))


def test_the_readme_names_every_screenshot_and_only_those():
    readme = (SCREENS / "README.md").read_text(encoding="utf-8")
    on_disk = {p.relative_to(SCREENS).as_posix() for p in SCREENS.rglob("*.png")}
    named = named_pngs(readme)
    missing_from_readme = sorted(on_disk - named)
    missing_on_disk = sorted(named - on_disk)
    assert not missing_from_readme, (f"not in docs/screens/README.md (run scripts/contact_sheet.py): "
                                     f"{missing_from_readme}")
    assert not missing_on_disk, f"docs/screens/README.md names pictures that are not there: {missing_on_disk}"


def test_every_screenshot_has_a_caption_under_its_app(tmp_path):
    sheet = contact_sheet()
    for name in ("kiosk/01-home-1080x1920.png", "console-pause-dialog-en.png", "display-reconnecting.png",
                 "terminal-serving.png", "mystery.png"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"")
    text = sheet.readme_text(tmp_path, grids=False)
    assert named_pngs(text) == {"kiosk/01-home-1080x1920.png", "console-pause-dialog-en.png",
                                "display-reconnecting.png", "terminal-serving.png", "mystery.png"}
    assert "- [`console-pause-dialog-en.png`](console-pause-dialog-en.png): Pause dialog, in English" in text
    assert "- [`kiosk/01-home-1080x1920.png`](kiosk/01-home-1080x1920.png): Home, 1080×1920 portrait" in text
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## Citizen kiosk (自助终端)", "## Hall display (综合屏)", "## Window terminal (窗口叫号终端)",
                        "## Manager console (大厅管理端)", "## Other"]


def test_a_grid_of_thumbnails_per_app(tmp_path):
    from PIL import Image

    sheet = contact_sheet()
    for i in range(3):
        Image.new("RGB", (1920, 1080), "white").save(tmp_path / f"display-{i}.png")
    assert sheet.main(["--root", str(tmp_path)]) == 0
    grid = tmp_path / "contact" / "display.png"
    with Image.open(grid) as image:
        assert image.width > 3 * sheet.THUMB_WIDTH
    assert "![Hall display (综合屏): every screenshot](contact/display.png)" in (tmp_path / "README.md").read_text(
        encoding="utf-8")
