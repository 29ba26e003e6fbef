"""The layer rules of the design: logic parts import no Qt, apps never import each other, and
the shared rules (`hall_rules`) import nothing of ours and only the standard library."""
import ast
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
NO_QT = ["drivers", "devices", "hall_server", "hall_rules"]
APPS = ["kiosk", "queue_display"]
OURS = {"drivers", "devices", "hall_server", "hall_rules", "kiosk", "queue_display"}


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
    "drivers": {"devices", "hall_server", "kiosk", "queue_display"},
    "devices": {"hall_server", "kiosk", "queue_display"},
    "hall_server": {"devices", "kiosk", "queue_display"},
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


def test_shared_rules_are_pure_and_importable_by_every_part():
    outside = {
        path: sorted(n for n in names if n not in OURS and n not in sys.stdlib_module_names and n != "__future__")
        for path, names in imported_modules("hall_rules").items()
    }
    assert {p: n for p, n in outside.items() if n} == {}, "hall_rules imports only the standard library"
    # Every part may import it: it is in no part's banned list, and the parts with ID rules use it.
    assert all("hall_rules" not in banned for banned in FORBIDDEN.values())
    assert set(FORBIDDEN) == OURS
    users = {package for package in OURS - {"hall_rules"}
             if any("hall_rules" in names for names in imported_modules(package).values())}
    assert {"drivers", "hall_server", "kiosk"} <= users


def test_shared_rules_load_nothing_else_of_ours():
    import subprocess

    code = f"import sys, hall_rules.idnumbers; print(sorted({{m.split('.')[0] for m in sys.modules}} & {OURS!r}))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['hall_rules']"
