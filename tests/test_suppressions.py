"""Every silenced linter or type-checker finding says why, on its line: `# noqa: CODE - reason` or
`# type: ignore[code]  # reason`. ruff (RUF100) and mypy (warn_unused_ignores) check that each is
still needed; this checks that each is explained, so the next reader can judge it."""
import pathlib
import re
import tokenize

ROOT = pathlib.Path(__file__).resolve().parents[1]
PARTS = ["bench", "devices", "drivers", "hall_centre", "hall_rules", "hall_server", "kiosk", "qtkit", "queue_display",
         "scripts", "servicekit", "tests"]
CODES = r"(?P<codes>:\s*[A-Z]+[0-9]+(?:\s*,\s*[A-Z]+[0-9]+)*|\[[a-z-]+(?:,\s*[a-z-]+)*\])?"
SUPPRESSION = re.compile(r"(noqa|type:\s*ignore)" + CODES + r"(?P<rest>.*)")


def comments(path: pathlib.Path):
    with tokenize.open(path) as source:
        for token in tokenize.generate_tokens(source.readline):
            if token.type == tokenize.COMMENT:
                yield token.start[0], token.string


def unexplained(path: pathlib.Path, root: pathlib.Path = ROOT) -> list[str]:
    found = []
    for line, text in comments(path):
        match = SUPPRESSION.search(text)
        if not match:
            continue
        reason = re.sub(r"^[\s#\-—:]+", "", match["rest"])
        if not match["codes"] or len(reason) < 8:
            found.append(f"{path.relative_to(root)}:{line}: {text.strip()}")
    return found


def test_every_suppression_names_its_code_and_says_why():
    bad = [hit for part in PARTS for path in sorted((ROOT / part).rglob("*.py")) for hit in unexplained(path)]
    assert bad == []


def test_the_check_sees_a_bare_or_unexplained_suppression(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("x = 1  # noqa\ny = 2  # type: ignore[assignment]\n"
                      "z = 3  # noqa: E731 - a named lambda reads better\nw = 4  # type: ignore\n", encoding="utf-8")
    assert [hit.split(":")[1] for hit in unexplained(sample, tmp_path)] == ["1", "2", "4"]
