"""The centre's place in the layers: no Qt, none of the apps or devices, and of the hall server only its wire schema
and the catalogue's format (the hall file's own rows, which the centre publishes and every hall reads)."""
from __future__ import annotations

import ast
import pathlib

from test_layers import ROOT, imported_modules, server_modules_imported


# The admin module's TOML writer seeds a first catalogue folder from a hall file (`catalogue seed`).
SHARED = {"hall_server.schema", "hall_server.catalogue", "hall_server.config", "hall_server.admin"}


def test_the_centre_imports_only_the_wire_schema_and_the_shared_rules():
    banned = {"drivers", "devices", "kiosk", "qtkit", "queue_display"}
    found = imported_modules("hall_centre")
    assert found, "the centre has modules"
    assert {p: sorted(n & banned) for p, n in found.items() if n & banned} == {}
    assert {p: sorted(n) for p, n in found.items() if any(m.startswith(("PySide", "shiboken")) for m in n)} == {}
    server = {str(path.relative_to(ROOT)): server_modules_imported(ast.parse(path.read_text(encoding="utf-8")))
              - SHARED for path in pathlib.Path(ROOT, "hall_centre").rglob("*.py")}
    assert {p: m for p, m in server.items() if m} == {}
