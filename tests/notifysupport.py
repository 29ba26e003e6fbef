"""A stand-in for systemd's notify socket: a real datagram socket the code under test sends to."""
from __future__ import annotations

import os
import pathlib
import socket
import time


class NotifySocket:
    """A bound AF_UNIX datagram socket; `address` is what goes into $NOTIFY_SOCKET."""

    def __init__(self, path: pathlib.Path | None = None, abstract: str | None = None) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        if abstract is not None:
            self.sock.bind(b"\0" + abstract.encode())
            self.address = "@" + abstract
        else:
            assert path is not None
            self.sock.bind(str(path))
            self.address = str(path)
        self.received: list[str] = []

    def env(self, watchdog_usec: int | None = None) -> dict[str, str]:
        """The environment of a process started under this socket (and a watchdog, if given)."""
        env = {**os.environ, "NOTIFY_SOCKET": self.address}
        env.pop("WATCHDOG_PID", None)
        if watchdog_usec is not None:
            env["WATCHDOG_USEC"] = str(watchdog_usec)
        return env

    def next(self, timeout: float) -> str | None:
        """The next message, or None when nothing came within `timeout` seconds."""
        self.sock.settimeout(timeout)
        try:
            message = self.sock.recv(4096).decode()
        except TimeoutError:
            return None
        self.received.append(message)
        return message

    def wait_for(self, line: str, timeout: float = 120) -> str:
        """The first message holding `line`; fails the test when none came in `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            message = self.next(left)
            if message is not None and line in message.split("\n"):
                return message
        raise AssertionError(f"no {line} within {timeout} s; got {self.received}")

    def drain(self) -> list[str]:
        """Every message already waiting, without waiting for more."""
        got = []
        while (message := self.next(0.001)) is not None:
            got.append(message)
        return got

    def close(self) -> None:
        self.sock.close()
