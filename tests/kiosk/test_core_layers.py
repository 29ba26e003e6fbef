"""The kiosk's core is logic without Qt: its modules import no PySide6 and, of the server, only the schema."""
import ast
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORE = ["kiosk/core.py", "kiosk/link.py", "kiosk/store.py"]


def test_core_modules_import_no_qt_and_only_the_wire_schema():
    found = {}
    for name in CORE:
        tree = ast.parse((ROOT / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            modules = []
            if isinstance(node, ast.Import):
                modules = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                modules = [node.module]
            for m in modules:
                if m.startswith(("PySide", "PyQt", "shiboken")) or (
                        m.startswith("hall_server") and m != "hall_server.schema"):
                    found.setdefault(name, []).append(m)
    assert found == {}
