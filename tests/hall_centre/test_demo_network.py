"""`./hall demo` runs the hall network: the district hall, two street halls, their centre and the city's centre it
feeds, on a throw-away PostgreSQL cluster; Ctrl-C leaves no process and no cluster behind."""
from __future__ import annotations

import os
import pathlib
import re
import signal
import socket
import subprocess
import sys

import httpx
import psutil
import pytest

from centresupport import wait_for

pytestmark = pytest.mark.slow  # three hall servers, a centre and a PostgreSQL cluster, as real processes

ROOT = pathlib.Path(__file__).resolve().parents[2]
API_TOKEN = "demo-centre-api-91c3e07b5d28"  # the sample centre file's
CITY_TOKEN = "demo-city-api-5e7a20c4b918"  # the sample city centre's


def _free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_ports(count: int) -> int:
    """The first of `count` consecutive free loopback ports (the demo's street halls follow its district hall)."""
    for _ in range(200):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            first = s.getsockname()[1]
        if first + count < 65536 and all(_free(first + i) for i in range(count)):
            return first
    raise RuntimeError("no free ports")


def live_halls(url: str, token: str = API_TOKEN) -> dict[str, str]:
    try:
        r = httpx.get(f"{url}/api/v1/halls", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    except httpx.HTTPError:
        return {}
    return {h["code"]: h["status"] for h in r.json()["halls"]} if r.status_code == 200 else {}


def test_the_demo_runs_three_halls_and_a_centre_and_ctrl_c_stops_them_all(tmp_path):
    port = free_ports(3)
    centre_port = next(p for p in iter(lambda: free_ports(1), None) if _free(p + 100))
    log = tmp_path / "demo.log"
    with log.open("wb") as out:
        demo = subprocess.Popen([sys.executable, str(ROOT / "scripts" / "demo.py"), "--headless", "--no-history",
                                 "--port", str(port), "--centre-port", str(centre_port),
                                 "--data", str(tmp_path / "demo")],
                                stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, process_group=0,
                                env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        url = f"http://127.0.0.1:{centre_port}"
        wait_for(lambda: set(live_halls(url).values()) == {"live"} or demo.poll() is not None,
                 "the centre to follow the three halls live", timeout=240)
        assert demo.poll() is None, log.read_text(errors="replace")
        assert live_halls(url) == {"SFQ-ZWFW-001": "live", "SFQ-JD-001": "live", "SFQ-JD-002": "live"}
        # The city's centre hears of the three halls through the district centre's feed.
        city = f"http://127.0.0.1:{centre_port + 100}"
        wait_for(lambda: live_halls(city, CITY_TOKEN) == live_halls(url), "the city centre fed", timeout=120)
        text = log.read_text(errors="replace")
        assert f"centre        {url}/docs  API token {API_TOKEN}" in text
        folder = re.search(r"the centres' PostgreSQL cluster runs in (\S+)", text)
        assert folder is not None
        cluster = pathlib.Path(folder.group(1))
        procs = psutil.Process(demo.pid).children(recursive=True)
        procs += [p for p in psutil.process_iter(["cmdline"]) if str(cluster) in " ".join(p.info["cmdline"] or [])]
        assert len(procs) >= 6  # three hall servers, two centres, the cluster's server
        # A street hall took up the centre's catalogue: the catalogue's matters of its categories are its own.
        guide = httpx.get(f"http://127.0.0.1:{port + 1}/api/v1/matters", timeout=10)
        assert guide.status_code == 200 and guide.json()["matters"], guide.text
        os.kill(demo.pid, signal.SIGINT)
        assert demo.wait(timeout=120) == 0
    finally:
        if demo.poll() is None:
            demo.kill()
            demo.wait()
    _gone, alive = psutil.wait_procs(procs, timeout=60)
    assert alive == [], alive
    assert not cluster.exists()
    text = log.read_text(errors="replace")
    assert text.rstrip().endswith("demo: stopped")
    assert "Traceback" not in text
