"""Crash files: a process that segfaults leaves its Python stack in a file under the log folder,
a clean run leaves none, and only the last few are kept."""
from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import textwrap

from servicekit import crash

ROOT = pathlib.Path(__file__).resolve().parents[2]

SEGFAULT = textwrap.dedent("""
    import ctypes, sys
    from servicekit import crash
    crash.enable_crash_file("probe", sys.argv[1], keep=int(sys.argv[2]))

    def read_the_null_page():
        ctypes.string_at(0)

    if sys.argv[3] == "crash":
        read_the_null_page()
    if sys.argv[3] == "os_exit":  # as a worker process ends: no exit handlers
        import os
        crash.finish()
        os._exit(0)
""")


def run(folder: pathlib.Path, keep: int, what: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop(crash.ENV_DIR, None)
    return subprocess.run([sys.executable, "-c", SEGFAULT, str(folder), str(keep), what],
                          env=env, capture_output=True, text=True, timeout=120, check=False)


def test_a_segfault_names_its_stack_in_the_crash_file(tmp_path) -> None:
    done = run(tmp_path, 3, "crash")
    assert done.returncode != 0
    [file] = crash.crash_files("probe", tmp_path)
    text = file.read_text()
    assert "Segmentation fault" in text
    assert "read_the_null_page" in text
    assert file.name.startswith("probe-crash-")


def test_a_clean_run_leaves_no_file(tmp_path) -> None:
    assert run(tmp_path, 3, "clean").returncode == 0
    assert crash.crash_files("probe", tmp_path) == []


def test_a_process_ending_without_exit_handlers_tidies_by_finish(tmp_path) -> None:
    assert run(tmp_path, 3, "os_exit").returncode == 0
    assert crash.crash_files("probe", tmp_path) == []


def test_only_the_last_few_crashes_are_kept(tmp_path) -> None:
    for _ in range(4):
        assert run(tmp_path, 2, "crash").returncode != 0
    files = crash.crash_files("probe", tmp_path)
    assert len(files) == 2
    assert all("read_the_null_page" in f.read_text() for f in files)


def test_without_a_log_folder_faulthandler_writes_to_stderr(monkeypatch) -> None:
    monkeypatch.delenv(crash.ENV_DIR, raising=False)
    monkeypatch.delenv("LOGS_DIRECTORY", raising=False)
    assert crash.crash_dir() is None
    monkeypatch.setenv("LOGS_DIRECTORY", "/var/log/hall:/elsewhere")
    assert crash.crash_dir() == pathlib.Path("/var/log/hall")
