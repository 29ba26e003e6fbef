"""Texts the apps' Python code shows (status lines, refusals of the terminal and the console) are
looked up by Qt under the context their `tr` names; each must be in that context of the app's
translation file, translated. A text filed under another context is never shown in English."""
import ast
import pathlib
import xml.etree.ElementTree as ET

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
I18N = ROOT / "assets" / "i18n"
#: Module → the translation file of the app it runs in.
MODULES = {"queue_display/desk.py": "terminal_en.ts", "queue_display/console_pages.py": "console_en.ts",
           "queue_display/console_state.py": "console_en.ts", "queue_display/console_fleet.py": "console_en.ts"}


def tr_context(tree: ast.Module, module: str) -> str:
    """The context of the module's `tr`: its own, or the one of the module it imports `tr` from."""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == "tr":
            call = next(n for n in ast.walk(node) if isinstance(n, ast.Call))
            first = call.args[0]
            assert isinstance(first, ast.Constant) and isinstance(first.value, str)
            return first.value
        if isinstance(node, ast.ImportFrom) and any(a.name == "tr" for a in node.names):
            source = ROOT / "queue_display" / f"{node.module}.py"
            return tr_context(ast.parse(source.read_text(encoding="utf-8")), str(source))
    raise AssertionError(f"{module} has no tr")


def tr_texts(tree: ast.Module) -> set[str]:
    return {node.args[0].value for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "tr"
            and node.args and isinstance(node.args[0], ast.Constant)}


def translations(ts_file: str) -> dict[tuple[str, str], str]:
    found = {}
    for context in ET.parse(I18N / ts_file).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            node = message.find("translation")
            done = node is not None and node.get("type") not in ("unfinished", "obsolete", "vanished")
            found[(name, message.findtext("source") or "")] = (node.text or "") if done and node is not None else ""
    return found


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_text_of_the_code_is_translated_in_its_own_context(module):
    tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
    context, texts = tr_context(tree, module), tr_texts(tree)
    assert texts, "the check itself finds the module's texts"
    known = translations(MODULES[module])
    missing = sorted(t for t in texts if not known.get((context, t)))
    assert missing == [], f"not translated under {context!r} in {MODULES[module]}"
