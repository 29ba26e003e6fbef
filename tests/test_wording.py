"""Chinese text uses full-width punctuation (，：；？！（）) wherever a citizen, a member of staff or a
technician reads it: the strings of the code (device messages, refusals, CSV headers), the QML
texts, the translation sources and the templates. A half-width mark next to a Chinese character
is the defect; English text with a Chinese term in brackets ("cases (办件)") is English, and
docstrings are for developers."""
import ast
import pathlib
import re
import xml.etree.ElementTree as ET

ROOT = pathlib.Path(__file__).resolve().parents[1]
CODE = ["devices", "drivers", "hall_rules", "hall_server", "kiosk", "qtkit", "queue_display"]
#: Simulators' sample data (the text inside a simulated QR code) is data, not wording.
NOT_WORDING = {"drivers/sim"}
CJK = re.compile(r"[\u3400-\u9fff]")
HALF = re.compile(r"(?<=[\u3400-\u9fff\u3000-\u303f\uff00-\uffef])[,:;?!()]|[,:;?!(](?=[\u3400-\u9fff])")


def chinese(text: str) -> bool:
    """Text written in Chinese: more Chinese characters than Latin letters."""
    return len(CJK.findall(text)) > len(re.findall(r"[A-Za-z]", text))


def half_width(text: str) -> bool:
    return chinese(text) and (HALF.search(text) is not None or ("（" in text and ")" in text))


def code_strings(source: str):
    """(line, text) of every string of a module but its docstrings; an f-string's fields read as {}."""
    tree = ast.parse(source)
    docs = {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body
            and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    inner = {id(v) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for v in node.values}
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            yield node.lineno, "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs | inner:
            yield node.lineno, node.value


def offenders() -> list[str]:
    found = []
    for part in CODE:
        for path in sorted((ROOT / part).rglob("*.py")):
            where = str(path.relative_to(ROOT))
            if any(where.startswith(skip) for skip in NOT_WORDING):
                continue
            found += [f"{where}:{line}: {text!r}" for line, text in code_strings(path.read_text(encoding="utf-8"))
                      if half_width(text)]
        for path in sorted((ROOT / part).rglob("*.qml")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                found += [f"{path.relative_to(ROOT)}:{number}: {text!r}" for text in re.findall(r'"([^"]*)"', line)
                          if half_width(text)]
    for path in sorted((ROOT / "assets" / "i18n").glob("*.ts")):
        for message in ET.parse(path).getroot().iter("message"):
            text = message.findtext("source") or ""
            if half_width(text):
                found.append(f"{path.relative_to(ROOT)}: {text!r}")
    for path in sorted((ROOT / "assets" / "templates").rglob("*")):
        if path.is_file():
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if not line.startswith("#") and half_width(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()!r}")
    return found


def test_chinese_text_uses_full_width_punctuation():
    assert offenders() == []


def test_the_check_tells_chinese_from_english_with_a_chinese_term():
    assert half_width("打印纸已用完,请更换纸卷") and half_width("未知命令:{}") and half_width("平均等候(分钟)")
    assert half_width("没有样卡 {}（可用：{})")  # a full-width bracket closed by a half-width one
    assert not half_width("打印纸已用完，请更换纸卷") and not half_width("平均等候（分钟）")
    assert not half_width("load cases (办件) from an approval-system export")
    assert not half_width("08:30-12:00") and not half_width("A012 · 3号窗口")
    source = 'def f():\n    """文档：说明,不检查"""\n    return f"小票未打印:{x}"\n'
    assert [text for _, text in code_strings(source) if half_width(text)] == ["小票未打印:{}"]
