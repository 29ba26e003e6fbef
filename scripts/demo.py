"""The whole hall network in demo mode on this machine: hall server with the sample district hall,
the device host with every device simulated, the window LED relay and, on a machine with a screen,
the hall display, a window terminal with its evaluator (评价器), the manager console and the citizen
kiosk. On a machine without a screen the kiosk walks through every flow offscreen once and
writes its screenshots to var/demo/screens/. Besides (unless --single): two small street halls
(servers only, assets/halls/sample_street_*.toml), the district's centre (hall-centre, on a
throw-away PostgreSQL cluster) that follows all three and publishes the catalogue the street halls
take up, and the city's centre, which the district centre feeds. Each part runs as its own process,
as in a real hall; a part that exits is restarted. Ctrl-C stops them all, and removes the centres' cluster.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import pathlib
import signal
import subprocess
import sys
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent
BIN = pathlib.Path(sys.executable).parent
SAMPLE_CENTRE = ROOT / "assets" / "centres" / "sample_centre.toml"
CENTRE_API_TOKEN = "demo-centre-api-91c3e07b5d28"  # the sample centre file's api_tokens
SAMPLE_CITY = ROOT / "assets" / "centres" / "sample_city.toml"  # the higher centre the district centre feeds
CITY_API_TOKEN = "demo-city-api-5e7a20c4b918"
# The street halls: (name, hall file, port after the district hall's, as in the sample centre file).
STREETS = [("street hall 东湖", "sample_street_donghu.toml", 1), ("street hall 西园", "sample_street_xiyuan.toml", 2)]


class Part:
    def __init__(self, name: str, argv: list[str], env: dict[str, str] | None = None, once: bool = False,
                 stop_signal: signal.Signals = signal.SIGINT):
        self.name = name
        # The servers (uvicorn) stop on SIGTERM without a word; on SIGINT they end with a KeyboardInterrupt traceback.
        self.stop_signal = stop_signal
        self.once = once  # runs to its end once (the scripted kiosk walk); restarted only if it fails
        self.argv = argv
        self.env = {**os.environ, **(env or {})}
        self.proc: subprocess.Popen | None = None
        self.started = 0.0
        self.restarts = 0

    def start(self) -> None:
        print(f"demo: starting {self.name}: {' '.join(self.argv)}", flush=True)
        # A process group of its own: a Ctrl-C in the terminal reaches the demo alone, which stops
        # each part once (a second SIGINT makes uvicorn abort with a traceback).
        self.proc = subprocess.Popen(self.argv, cwd=ROOT, env=self.env, process_group=0)
        self.started = time.monotonic()

    def check(self) -> None:
        """Restart the part if it exited; back off when it keeps failing at once."""
        if self.proc is None or self.proc.poll() is None:
            return
        code = self.proc.returncode
        if self.once and code == 0:
            self.proc = None
            return
        quick = time.monotonic() - self.started < 5
        self.restarts = self.restarts + 1 if quick else 0
        delay = min(30, 2 ** self.restarts) if quick else 1
        print(f"demo: {self.name} exited with {code}; restarting in {delay} s", file=sys.stderr, flush=True)
        time.sleep(delay)
        self.start()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(self.stop_signal)

    def wait(self, timeout: float) -> None:
        if self.proc is None:
            return
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def parts(args: argparse.Namespace) -> list[Part]:
    data = args.data
    server = f"http://127.0.0.1:{args.port}"
    if not args.no_history:
        # Past working days served and rated, for the statistics, 电子监察 and the exports: made once, in a
        # database that holds no tickets yet (about a minute on the first start), before anything of today.
        subprocess.run([str(BIN / "hall-server"), "demo-history", "--db", str(data / "hall.db"), "--days", "3",
                        "--per-day", "80"], cwd=ROOT, check=False)
        # Demo cases (办件) in every stage, with documents to print: loaded once, before the server starts.
        subprocess.run([str(BIN / "hall-server"), "import-cases",
                        str(ROOT / "assets" / "halls" / "sample_cases.json"),
                        "--db", str(data / "hall.db"), "--demo"], cwd=ROOT, check=False)
    found = [Part("hall server", [str(BIN / "hall-server"), "serve", "--port", str(args.port), "--db",
                                  str(data / "hall.db"), "--public-url", server, "--ignore-hours",
                                  "--log-level", "warning"], stop_signal=signal.SIGTERM)]
    if args.headless:
        return found
    found.append(Part("device host", [str(BIN / "device-host"), "--demo"]))
    # The apps, each where its command is installed: (name, command, arguments, has a window).
    apps = [
        ("window LED relay", "led-relay", ["--demo", "--server", server], False),
        ("hall display", "queue-display", ["--demo", "--server", server, "--windowed", "1280x720"], True),
        ("window terminal 01", "window-terminal",
         ["--demo", "--server", server, "--window", "01", "--windowed", "1280x800"], True),
        ("evaluator 01", "evaluator", ["--demo", "--server", server, "--window", "01", "--windowed", "1280x800"], True),
        ("manager console", "hall-console", ["--demo", "--server", server, "--windowed", "1600x1000"], True),
        ("kiosk", "kiosk", ["--demo", "--server", server, "--windowed", "--store", str(data / "kiosk.db")], True),
    ]
    screen = bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    for name, command, extra, windowed in apps:
        if not (BIN / command).exists():
            continue
        if windowed and not screen:
            print(f"demo: no screen here (DISPLAY is not set): {name} not started", file=sys.stderr)
            continue
        found.append(Part(name, [str(BIN / command), *extra]))
    if not screen and (BIN / "kiosk-walk").exists():
        # No screen: the kiosk walks through every flow offscreen once and leaves its screenshots.
        found.append(Part("kiosk walk", [str(BIN / "kiosk-walk"), "--demo", "--server", server,
                                         "--out", str(data / "screens")],
                          env={"QT_QPA_PLATFORM": "offscreen"}, once=True))
    return found


def centre_url(args: argparse.Namespace) -> str:
    return f"http://127.0.0.1:{args.centre_port}"


def city_url(args: argparse.Namespace) -> str:
    return f"http://127.0.0.1:{args.centre_port + 100}"


def network_files(args: argparse.Namespace) -> tuple[pathlib.Path, list[pathlib.Path]]:
    """The sample centre file and the street hall files, copied into the demo's folder with this run's
    ports (the samples name 8000–8002 and the centre on 8100) and the catalogue folder where it is."""
    data = args.data
    centre = SAMPLE_CENTRE.read_text(encoding="utf-8")
    for offset in (2, 1, 0):  # the highest first: 8002 is not mistaken for 8000 and a digit
        centre = centre.replace(f"http://127.0.0.1:{8000 + offset}\"", f"http://127.0.0.1:{args.port + offset}\"")
    catalogue = (SAMPLE_CENTRE.parent / "catalogue").as_posix()
    centre = centre.replace('catalogue = "catalogue"', f'catalogue = "{catalogue}"')
    centre = centre.replace('parent_url = "http://127.0.0.1:8200"', f'parent_url = "{city_url(args)}"')
    centre_file = data / "centre.toml"
    centre_file.write_text(centre, encoding="utf-8")
    city = SAMPLE_CITY.read_text(encoding="utf-8").replace('base_url = "http://127.0.0.1:8100"',
                                                           f'base_url = "{centre_url(args)}"')
    (data / "city.toml").write_text(city, encoding="utf-8")
    streets = []
    for _name, file, _offset in STREETS:
        text = (ROOT / "assets" / "halls" / file).read_text(encoding="utf-8")
        path = data / file
        path.write_text(text.replace('url = "http://127.0.0.1:8100"', f'url = "{centre_url(args)}"'), encoding="utf-8")
        streets.append(path)
    return centre_file, streets


def centre_database(host_port: str, name: str) -> str:
    """A centre's database in the throw-away cluster (made here: the cluster holds only `postgres`)."""
    import psycopg  # the `postgres` extra (bootstrap installs it with the test extra)

    with psycopg.connect(f"postgresql://hall@{host_port}/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return f"postgresql+psycopg://hall@{host_port}/{name}"


def network_parts(args: argparse.Namespace, cluster: str) -> tuple[Part, list[Part]]:
    """The centre, then the city's centre and the two street halls' servers (no windows: the desktop keeps
    the district hall's)."""
    centre_file, streets = network_files(args)
    centre = Part("centre", [str(BIN / "hall-centre"), "serve", "--config", str(centre_file), "--db",
                             centre_database(cluster, "centre"), "--port", str(args.centre_port), "--retry-max", "5"],
                  stop_signal=signal.SIGTERM)
    city = Part("city centre", [str(BIN / "hall-centre"), "serve", "--config", str(args.data / "city.toml"), "--db",
                                centre_database(cluster, "city"), "--port", str(args.centre_port + 100),
                                "--retry-max", "5"], stop_signal=signal.SIGTERM)
    halls = [city]
    for (name, _file, offset), path in zip(STREETS, streets, strict=True):
        port = args.port + offset
        halls.append(Part(name, [str(BIN / "hall-server"), "serve", "--port", str(port), "--hall", str(path),
                                 "--db", str(args.data / f"{path.stem}.db"), "--public-url",
                                 f"http://127.0.0.1:{port}", "--ignore-hours", "--log-level", "warning"],
                          stop_signal=signal.SIGTERM))
    return centre, halls


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return bool(r.status == 200)
    except OSError:
        return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="./hall demo", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8000,
                        help="district hall server port on loopback (default 8000); the street halls take the next two")
    parser.add_argument("--centre-port", type=int, default=8100,
                        help="the centre's port (default 8100); the city's centre takes this + 100")
    parser.add_argument("--single", action="store_true",
                        help="the district hall alone: no street halls, no centre, no PostgreSQL")
    parser.add_argument("--headless", action="store_true",
                        help="the servers only (halls and centre): no device host, no apps, no kiosk walk")
    parser.add_argument("--no-history", action="store_true",
                        help="skip the past days and the demo cases (a quicker first start)")
    parser.add_argument("--data", type=pathlib.Path, default=ROOT / "var" / "demo",
                        help="the demo's folder: databases, copies of the files, screenshots (default var/demo)")
    args = parser.parse_args(argv)
    args.data = args.data.resolve()
    args.data.mkdir(parents=True, exist_ok=True)
    stopping = False

    def on_signal(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)  # the terminal closed: the parts, in their own groups, would not hear it
    began = time.monotonic()
    running: list[Part] = []
    with contextlib.ExitStack() as cleanup:
        # The district hall and its apps first, as quick to start as ever; the network comes up beside them.
        running += parts(args)
        for part in running:
            if not stopping:
                part.start()
        if not args.single and not stopping:
            from hall_centre.pgcluster import postgres_cluster

            def cluster_up(folder: pathlib.Path) -> None:
                print(f"demo: the centres' PostgreSQL cluster runs in {folder}", flush=True)

            try:
                cluster = cleanup.enter_context(postgres_cluster(on_start=cluster_up))
            except RuntimeError as exc:  # no PostgreSQL here, or it would not start: the hall alone still runs
                print(f"demo: the hall network's centre needs PostgreSQL ({exc}); the district hall runs alone, "
                      "as with --single", file=sys.stderr, flush=True)
                args.single = True
        if not args.single and not stopping:
            centre, others = network_parts(args, cluster)
            # The centre before the street halls: they take up its catalogue as they start.
            running.append(centre)
            centre.start()
            deadline = time.monotonic() + 120
            while not stopping and time.monotonic() < deadline and not answers(f"{centre_url(args)}/api/v1/health"):
                time.sleep(0.2)
                centre.check()
            for part in others:
                if not stopping:
                    running.append(part)
                    part.start()
        network = "" if args.single else f"""
  street halls  http://127.0.0.1:{args.port + 1}/docs (东湖) · http://127.0.0.1:{args.port + 2}/docs (西园)
  centre        {centre_url(args)}/docs  API token {CENTRE_API_TOKEN}
                e.g. curl -H 'Authorization: Bearer {CENTRE_API_TOKEN}' {centre_url(args)}/api/v1/halls
  city centre   {city_url(args)}/docs  API token {CITY_API_TOKEN} (fed by the district centre)"""
        print(f"""
demo: the hall is up ({time.monotonic() - began:.0f} s).
  hall server   http://127.0.0.1:{args.port}/docs  (OpenAPI at /openapi.json){network}
  staff PINs    windows w01…w16: 110101 · hall admin 'admin': 860301 · technician 'tech': 240724
  device check  .venv/bin/kiosk-diag
Ctrl-C stops everything.
""", flush=True)
        while not stopping:
            time.sleep(0.5)
            for part in running:
                if not stopping:
                    part.check()
        # Last started, first stopped: the street halls and the centres, then the apps and the kiosk walk
        # (which cancels its tickets on the way out) while the hall server is still there to hear them;
        # then the hall server, and at last the centres' cluster.
        for part in reversed(running):
            part.stop()
            part.wait(10)
    print("demo: stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
