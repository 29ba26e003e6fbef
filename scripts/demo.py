"""The whole hall in demo mode on this machine: hall server with the sample hall, the device host
with every device simulated, the window LED relay and, on a machine with a screen, the hall
display, a window terminal with its evaluator (评价器), the manager console and the citizen
kiosk. On a machine without a screen the kiosk walks through every flow offscreen once and
writes its screenshots to var/demo/screens/. Each part runs as its own process, as in a
real hall; a part that exits is restarted.
Ctrl-C stops them all.
"""
from __future__ import annotations

import argparse
import os
import pathlib
import signal
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
BIN = pathlib.Path(sys.executable).parent


class Part:
    def __init__(self, name: str, argv: list[str], env: dict[str, str] | None = None, once: bool = False):
        self.name = name
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
            self.proc.send_signal(signal.SIGINT)

    def wait(self, timeout: float) -> None:
        if self.proc is None:
            return
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def parts(args: argparse.Namespace) -> list[Part]:
    data = ROOT / "var" / "demo"
    data.mkdir(parents=True, exist_ok=True)
    server = f"http://127.0.0.1:{args.port}"
    # Past working days served and rated, for the statistics, 电子监察 and the exports: made once, in a
    # database that holds no tickets yet (about a minute on the first start), before anything of today.
    subprocess.run([str(BIN / "hall-server"), "demo-history", "--db", str(data / "hall.db"), "--days", "3",
                    "--per-day", "80"], cwd=ROOT, check=False)
    # Demo cases (办件) in every stage, with documents to print: loaded once, before the server starts.
    subprocess.run([str(BIN / "hall-server"), "import-cases", str(ROOT / "assets" / "halls" / "sample_cases.json"),
                    "--db", str(data / "hall.db"), "--demo"], cwd=ROOT, check=False)
    found = [
        Part("hall server", [str(BIN / "hall-server"), "serve", "--port", str(args.port), "--db",
                             str(data / "hall.db"), "--ignore-hours", "--log-level", "warning"]),
        Part("device host", [str(BIN / "device-host"), "--demo"]),
    ]
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="./hall demo", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8000, help="hall server port on loopback (default 8000)")
    args = parser.parse_args(argv)
    running = parts(args)
    stopping = False

    def on_signal(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)  # the terminal closed: the parts, in their own groups, would not hear it
    for part in running:
        part.start()
    print(f"""
demo: the hall is up.
  hall server   http://127.0.0.1:{args.port}/docs  (OpenAPI at /openapi.json)
  staff PINs    windows w01…w16: 110101 · hall admin 'admin': 860301 · technician 'tech': 240724
  device check  .venv/bin/kiosk-diag
Ctrl-C stops everything.
""", flush=True)
    while not stopping:
        time.sleep(0.5)
        for part in running:
            if not stopping:
                part.check()
    # Last started, first stopped: the apps and the kiosk walk (which cancels its tickets on the way
    # out) go while the hall server is still there to hear them.
    for part in reversed(running):
        part.stop()
        part.wait(10)
    print("demo: stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
