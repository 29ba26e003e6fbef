"""The queue engine's parts talk through public methods: no module of the server reaches into
another object's underscore attributes (`engine._id_hash`, `self.tickets._update`), nor imports
another module's underscore names."""
from __future__ import annotations

import ast
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
SERVER = ROOT / "hall_server"
#: (file, attribute) pairs allowed although private, each for a reason of a library outside ours.
ALLOWED = {
    ("hall_server/certpdf.py", "_data"),  # pypdf keeps a stream's bytes as stored in the file only there
}


def private_reaches(source: str, filename: str) -> list[str]:
    """`base._name` where base is not the object's own `self`/`cls`, and `from x import _name`."""
    tree = ast.parse(source, filename=filename)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            own = isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")
            if not own:
                found.append((node.lineno, node.col_offset, ast.unparse(node)))
        elif isinstance(node, ast.ImportFrom):
            found.extend((node.lineno, node.col_offset, f"from {'.' * node.level}{node.module or ''} import {a.name}")
                         for a in node.names if a.name.startswith("_") and not a.name.startswith("__"))
    return [f"{filename}:{line}: {text}" for line, _, text in sorted(found)]


def test_no_server_module_reaches_into_another_objects_privates():
    offenders = []
    for path in sorted(SERVER.rglob("*.py")):
        name = str(path.relative_to(ROOT))
        for hit in private_reaches(path.read_text(encoding="utf-8"), name):
            reach = hit.split(": ", 1)[1]
            if (name, reach) not in ALLOWED and (name, "_" + reach.rsplit("._", 1)[-1]) not in ALLOWED:
                offenders.append(hit)
    assert offenders == []


def test_the_check_sees_each_form_of_reaching_in():
    source = "\n".join([
        "engine._id_hash(x)",              # a module function's argument
        "self.engine._ticket(tx, 1)",      # an attribute of self
        "self.tickets._update(tx, row)",   # another part, held by the facade
        "from .engine import _wrong_state",
        "self._mine(); cls._ours; self.__class__",  # its own: allowed
    ])
    assert [hit.split(": ", 1)[1] for hit in private_reaches(source, "x.py")] == [
        "engine._id_hash", "self.engine._ticket", "self.tickets._update",
        "from .engine import _wrong_state"]
