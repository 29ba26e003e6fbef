"""The layer rules of the design: logic parts import no Qt, apps never import each other."""
import ast
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[1]
NO_QT = ["drivers", "devices", "hall_server"]
APPS = ["kiosk", "queue_display"]


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


def test_arrows_point_one_way():
    forbidden = {
        "drivers": {"devices", "hall_server", "kiosk", "queue_display"},
        "devices": {"hall_server", "kiosk", "queue_display"},
        "hall_server": {"devices", "kiosk", "queue_display"},
        "kiosk": {"queue_display"},
        "queue_display": {"kiosk"},
    }
    bad = {}
    for package, banned in forbidden.items():
        for path, names in imported_modules(package).items():
            hits = names & banned
            if hits:
                bad[path] = sorted(hits)
    assert bad == {}


def test_apps_import_only_the_wire_schema_from_the_server():
    bad = {}
    for package in APPS:
        for path in (ROOT / package).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("hall_server"):
                    if node.module != "hall_server.schema":
                        bad[str(path)] = node.module
    assert bad == {}
