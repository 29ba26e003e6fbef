"""Qt's X11 platform plugin can load here: the demo's windows open on a screen, not only offscreen.

The tests run offscreen, so nothing else notices when a library of the xcb plugin is missing
("Could not load the Qt platform plugin "xcb""); scripts/bootstrap.sh installs them.
"""
import pathlib
import shutil
import subprocess

import PySide6
import pytest

QT = pathlib.Path(PySide6.__file__).resolve().parent / "Qt"


@pytest.mark.parametrize("library", ["plugins/platforms/libqxcb.so", "lib/libQt6XcbQpa.so.6"])
def test_the_xcb_platform_plugin_finds_all_its_libraries(library):
    ldd = shutil.which("ldd")
    assert ldd, "ldd is part of libc-bin on Debian"
    path = QT / library
    assert path.exists(), f"{path} is missing: install the full PySide6 wheel"
    out = subprocess.run([ldd, str(path)], capture_output=True, text=True, check=True).stdout
    missing = sorted({line.split("=>")[0].strip() for line in out.splitlines() if "not found" in line})
    assert missing == [], f"add the Debian packages of {', '.join(missing)} to scripts/bootstrap.sh"
