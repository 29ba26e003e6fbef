"""Reconnect delays: start short, double up to a ceiling, start over after a success (as pymodbus)."""
from __future__ import annotations


class Backoff:
    """Delays between reconnect attempts.

    Args:
        initial: first delay in seconds.
        maximum: the delay never grows past this; with 1 s a device is back within about 1 s of
            returning, which is what the hall expects of a replugged printer.
    """

    def __init__(self, initial: float = 0.25, maximum: float = 1.0) -> None:
        self.initial = initial
        self.maximum = maximum
        self._next = initial

    def next(self) -> float:
        """The delay to wait now; the following one is doubled."""
        delay = self._next
        self._next = min(self._next * 2, self.maximum)
        return delay

    def reset(self) -> None:
        """Start again from the initial delay (call after a success)."""
        self._next = self.initial
