"""The screen session's wrapper (deploy/session/hall-session): the app runs with the watchdog
meant for it, and never in a cage that allows VT switching."""
from __future__ import annotations

import os
import pathlib
import subprocess

import pytest

SESSION = pathlib.Path(__file__).resolve().parents[2] / "deploy" / "session" / "hall-session"


def under(*cage_args: str, app: str = 'echo "pid=${WATCHDOG_PID:-none}"') -> subprocess.CompletedProcess[str]:
    """Run the wrapper as cage would, from a parent whose command line holds `cage_args` before `--`."""
    env = {**os.environ, "WATCHDOG_PID": "1", "WATCHDOG_USEC": "30000000"}
    parent = f'"{SESSION}" sh -c \'{app}\'; exit $?'
    return subprocess.run(["sh", "-c", parent, "cage", *cage_args, "--", "app"], env=env,
                          capture_output=True, text=True, timeout=60, check=False)


@pytest.mark.parametrize("args", [(), ("-d",), ("-d", "-r"), ("-m", "last")])
def test_the_app_runs_and_feeds_the_watchdog_itself(args) -> None:
    done = under(*args)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "pid=none\n"


@pytest.mark.parametrize("args", [("-s",), ("-d", "-s"), ("-ds",), ("-rs",)])
def test_a_cage_that_allows_vt_switching_runs_nothing(args) -> None:
    done = under(*args)
    assert done.returncode == 1
    assert done.stdout == ""
    assert "cage was started with -s" in done.stderr
