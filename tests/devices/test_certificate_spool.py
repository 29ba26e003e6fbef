"""The certificate spool folder's health before it exists (driver fix found by the device host)."""
from __future__ import annotations

import pathlib

from drivers.printing import CertificatePrinter


def test_missing_spool_folder_under_a_writable_parent_is_ready(tmp_path: pathlib.Path) -> None:
    printer = CertificatePrinter.open(f"pdfdir://{tmp_path / 'not' / 'yet' / 'made'}")
    assert printer.health().state == "ok"  # print_pdf creates the folders
    assert not (tmp_path / "not").exists()

