"""The systemd notify protocol (sd_notify(3)): one datagram per message to $NOTIFY_SOCKET.

Outside systemd (no $NOTIFY_SOCKET) every call does nothing, so the same entry points run from a
shell, the demo and the tests. The watchdog interval comes from $WATCHDOG_USEC: a process feeds
WATCHDOG=1 at half of it from its own main loop, so a loop that hangs stops feeding and systemd
restarts the process (WatchdogSec=, Restart=always).
"""
from __future__ import annotations

import asyncio
import logging
import os
import socket

log = logging.getLogger(__name__)

READY = "READY=1"
WATCHDOG = "WATCHDOG=1"
STOPPING = "STOPPING=1"


def _address(name: str) -> str | bytes:
    """The socket address of $NOTIFY_SOCKET: a path, or '@name' for Linux's abstract namespace."""
    if name.startswith("@"):
        return b"\0" + name[1:].encode()
    return name


def notify(*lines: str) -> bool:
    """Send `lines` (e.g. READY=1, STATUS=…) as one message to the service manager.

    Returns:
        True when a service manager was told; False outside systemd or when it could not be
        reached (logged once per failure: a lost notification must never stop the service).
    """
    name = os.environ.get("NOTIFY_SOCKET", "")
    if not name or not (name.startswith("/") or name.startswith("@")):
        return False
    message = "\n".join(lines).encode()
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.connect(_address(name))
            sock.sendall(message)
    except OSError as exc:
        log.warning("could not notify the service manager at %s: %s", name, exc)
        return False
    return True


def status(text: str) -> bool:
    """Say in one line how the service is (`systemctl status` shows it); newlines become spaces."""
    return notify("STATUS=" + " ".join(text.split()))


def watchdog_interval() -> float | None:
    """Seconds between two WATCHDOG=1 feeds (half of $WATCHDOG_USEC), or None without a watchdog.

    $WATCHDOG_PID, when set, names the process meant; any other process (a child) feeds nothing.
    """
    usec = os.environ.get("WATCHDOG_USEC", "")
    pid = os.environ.get("WATCHDOG_PID", "")
    if pid and pid != str(os.getpid()):
        return None
    try:
        value = int(usec)
    except ValueError:
        return None
    return value / 2 / 1_000_000 if value > 0 else None


async def feed_watchdog(interval: float) -> None:
    """Feed the watchdog every `interval` seconds from this asyncio loop, until cancelled.

    Being a task on the loop is the point: a loop that is blocked or hung stops feeding.
    """
    while True:
        notify(WATCHDOG)
        await asyncio.sleep(interval)


def start_watchdog(loop: asyncio.AbstractEventLoop | None = None) -> asyncio.Task[None] | None:
    """Start feeding the watchdog on the running loop (or `loop`); None when there is no watchdog."""
    interval = watchdog_interval()
    if interval is None:
        return None
    loop = loop or asyncio.get_running_loop()
    return loop.create_task(feed_watchdog(interval), name="systemd-watchdog")
