"""One window-name format everywhere: "1号窗口" / "Window 1" is built by `hall_rules.names.window_name`
only. A name built anywhere else from a code ("01号窗口", "01 号窗口", "Window 01") is the defect
this test finds: in the code's strings (f-strings' fields read as {}), the QML, the phone page's
script, the translation sources and the templates. A hall file's own names are data, not built."""
from __future__ import annotations

import pathlib
import re
import xml.etree.ElementTree as ET

from hall_rules.names import window_name, window_number
from test_wording import CODE, code_strings

ROOT = pathlib.Path(__file__).resolve().parents[1]
#: The one place a window's name is built from its code.
THE_FUNCTION = "hall_rules/names.py"
#: A placeholder (Python's {} or {name}, Qt's %1, JavaScript's ${…}, Jinja's }}) or a string's
#: start right before 号窗口, or right after "Window": a name put together from a code.
BUILT = re.compile(r"(\{[^{}]*\}|\}\}|%\d|\$\{[^{}]*\}|^)\s*号\s*窗口|\bWindow(\s*(\{[^{}]*\}|%\d|\$\{)|\s+$)")


def built(text: str) -> bool:
    return BUILT.search(text) is not None


def offenders() -> list[str]:
    found = []
    for part in CODE:
        for path in sorted((ROOT / part).rglob("*.py")):
            where = str(path.relative_to(ROOT))
            if where != THE_FUNCTION:
                found += [f"{where}:{line}: {text!r}" for line, text in code_strings(path.read_text(encoding="utf-8"))
                          if built(text)]
        for path in sorted((ROOT / part).rglob("*.qml")):
            found += _quoted(path)
    for path in sorted((ROOT / "assets" / "web").rglob("*.js")):
        found += _quoted(path)
    for path in sorted((ROOT / "assets" / "i18n").glob("*.ts")):
        for message in ET.parse(path).getroot().iter("message"):
            for text in (message.findtext("source") or "", message.findtext("translation") or ""):
                if built(text):
                    found.append(f"{path.relative_to(ROOT)}: {text!r}")
    for path in sorted((ROOT / "assets" / "templates").rglob("*")):
        if path.is_file():
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if not line.startswith("#") and built(line.strip()):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()!r}")
    return found


def _quoted(path: pathlib.Path) -> list[str]:
    """The strings of a QML or JavaScript file that build a window name (comments are not read)."""
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        code = re.sub(r"^\s*//.*$|\s//.*$", "", line)
        found += [f"{path.relative_to(ROOT)}:{number}: {text!r}" for text in re.findall(r'"([^"]*)"', code)
                  if built(text)]
    return found


def test_window_names_are_built_in_one_place():
    assert offenders() == []


def test_the_check_finds_the_ways_a_name_was_built_before():
    for text in ("{}号窗口", "%1 号窗口", "%1号窗口", "请到 {w}号窗口办理", "请{}到{}号窗口", "号窗口", "Window {}",
                 "Window %1", "Window ${code}", "Window ", "{{ ticket.window }}号窗口"):
        assert built(text), text
    for text in ("1号窗口", "请到 %1", "Window 1", "ApplicationWindow {", "窗口已关闭", "{}号", "Window 7 (tax)",
                 "the window {} is closed", "窗口：%1"):
        assert not built(text), text
    source = 'def f(code):\n    """A docstring may say 01号窗口."""\n    return f"{code}号窗口"\n'
    assert [text for _, text in code_strings(source) if built(text)] == ["{}号窗口"]


def test_the_one_format():
    assert [window_name(c) for c in ("01", "1", "16", "B2")] == ["1号窗口", "1号窗口", "16号窗口", "B2号窗口"]
    assert [window_name(c, "en") for c in ("01", "16", "B2")] == ["Window 1", "Window 16", "Window B2"]
    assert window_number(" 07 ") == "7"
