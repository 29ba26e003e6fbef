"""The layer rules of the design: logic parts import no Qt, apps never import each other, and
the shared rules (`hall_rules`) import nothing of ours and only the standard library; the apps'
shared Qt plumbing (`qtkit`) imports nothing of ours but `servicekit`, how a process runs as a
system service (sd_notify, crash files), which imports nothing of ours and only the standard
library, so every part that has a main loop may use it."""
import ast
import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
NO_QT = ["drivers", "devices", "hall_server", "hall_rules", "servicekit"]
APPS = ["kiosk", "queue_display"]
OURS = {"drivers", "devices", "hall_server", "hall_rules", "kiosk", "qtkit", "queue_display", "servicekit"}


def imported_modules(package: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in (ROOT / package).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        names: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(ROOT))] = names
    return found


def test_logic_parts_import_no_qt():
    offenders = {
        path: sorted(n for n in names if n.startswith(("PySide", "PyQt", "shiboken")))
        for package in NO_QT
        for path, names in imported_modules(package).items()
    }
    assert {p: n for p, n in offenders.items() if n} == {}


#: What each part may not import; `hall_rules` is banned nowhere: every part may use the shared rules.
FORBIDDEN = {
    "hall_rules": OURS - {"hall_rules"},
    "qtkit": OURS - {"qtkit", "servicekit"},
    "servicekit": OURS - {"servicekit"},
    "drivers": {"devices", "hall_server", "kiosk", "qtkit", "queue_display"},
    "devices": {"hall_server", "kiosk", "qtkit", "queue_display"},
    "hall_server": {"devices", "kiosk", "qtkit", "queue_display"},
    "kiosk": {"queue_display"},
    "queue_display": {"kiosk"},
}


def test_arrows_point_one_way():
    forbidden = FORBIDDEN
    bad = {}
    for package, banned in forbidden.items():
        for path, names in imported_modules(package).items():
            hits = names & banned
            if hits:
                bad[path] = sorted(hits)
    assert bad == {}


def server_modules_imported(tree: ast.AST) -> set[str]:
    """Every module of hall_server a source file imports, in any form: `import hall_server.x`,
    `from hall_server import x`, `from hall_server.x import y`, `importlib.import_module("hall_server.x")`."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "hall_server")
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "hall_server":
                found.update(f"hall_server.{a.name}" for a in node.names)
            elif node.module.startswith("hall_server."):
                found.add(node.module)
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
                and isinstance(node.args[0].value, str) and node.args[0].value.split(".")[0] == "hall_server":
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in ("import_module", "__import__"):
                found.add(node.args[0].value)
    return found


def test_apps_import_only_the_wire_schema_from_the_server():
    bad = {}
    for package in APPS:
        for path in (ROOT / package).rglob("*.py"):
            imported = server_modules_imported(ast.parse(path.read_text(encoding="utf-8"))) - {"hall_server.schema"}
            if imported:
                bad[str(path.relative_to(ROOT))] = sorted(imported)
    assert bad == {}


@pytest.mark.parametrize("source", [
    "import hall_server.engine", "import hall_server", "from hall_server import engine",
    "from hall_server.engine import QueueEngine", "import importlib; importlib.import_module('hall_server.db')",
])
def test_the_import_check_sees_every_form(source):
    assert server_modules_imported(ast.parse(source)) - {"hall_server.schema"}
    assert server_modules_imported(ast.parse("from hall_server.schema import API")) == {"hall_server.schema"}
    assert server_modules_imported(ast.parse("from hall_server import schema")) == {"hall_server.schema"}


def test_shared_rules_are_pure_and_importable_by_every_part():
    outside = {
        path: sorted(n for n in names if n not in OURS and n not in sys.stdlib_module_names and n != "__future__")
        for path, names in imported_modules("hall_rules").items()
    }
    assert {p: n for p, n in outside.items() if n} == {}, "hall_rules imports only the standard library"
    # Every part with a domain may import it (qtkit has none): it is in no other part's banned
    # list, and the parts with ID rules use it.
    assert all("hall_rules" not in banned for part, banned in FORBIDDEN.items() if part not in ("qtkit", "servicekit"))
    assert set(FORBIDDEN) == OURS
    users = {package for package in OURS - {"hall_rules"}
             if any("hall_rules" in names for names in imported_modules(package).values())}
    assert {"drivers", "hall_server", "kiosk"} <= users


def test_the_service_plumbing_is_stdlib_only_and_importable_by_every_part():
    outside = {
        path: sorted(n for n in names if n not in OURS and n not in sys.stdlib_module_names and n != "__future__")
        for path, names in imported_modules("servicekit").items()
    }
    assert {p: n for p, n in outside.items() if n} == {}, "servicekit imports only the standard library"
    # Every part that runs a process may use it; the shared rules stay pure.
    assert all("servicekit" not in banned
               for part, banned in FORBIDDEN.items() if part not in ("servicekit", "hall_rules"))


def test_shared_rules_load_nothing_else_of_ours():
    import subprocess

    code = f"import sys, hall_rules.idnumbers; print(sorted({{m.split('.')[0] for m in sys.modules}} & {OURS!r}))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['hall_rules']"
