"""Requests in flight, by id: what to do with each one's answer, refusal or loss, and whether any
command is still unanswered (the UI is busy meanwhile).

The network client names each request it sends; the app books the request here with its
handlers, and when the client reports the outcome the app takes the booking back out. An outcome
for a request not booked (one given up on a logout) finds nothing and is dropped.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from qtkit.props import qt_property


@dataclass(frozen=True)
class Booking:
    """What to do when a request's outcome comes back."""

    answer: Callable[[Any], None]
    refused: Callable[..., None] | None = None  # told of a refusal (with the client's reasons)
    lost: Callable[[], None] | None = None      # told that no answer came
    command: bool = False                      # the UI is busy until it is answered


class RequestBook(QObject):
    """Request id → its `Booking`; `busy` while a booked command is unanswered."""

    busyChanged = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._bookings: dict[str, Booking] = {}
        self._commands = 0

    def _get_busy(self) -> bool:
        return self._commands > 0

    busy = qt_property(bool, _get_busy, notify=busyChanged)

    def __contains__(self, key: object) -> bool:
        return key in self._bookings

    def __len__(self) -> int:
        return len(self._bookings)

    def book(self, key: str, answer: Callable[[Any], None], *, refused: Callable[..., None] | None = None,
             lost: Callable[[], None] | None = None, command: bool = False) -> None:
        """Remember what to do with request `key`'s outcome.

        Raises:
            ValueError: `key` is booked already (an id names one request).
        """
        if key in self._bookings:
            raise ValueError(f"request {key!r} is booked already")
        self._bookings[key] = Booking(answer, refused, lost, command)
        if command:
            self._commands += 1
            if self._commands == 1:
                self.busyChanged.emit()

    def peek(self, key: str) -> Booking | None:
        """The booking of `key`, left in place; None when it has none."""
        return self._bookings.get(key)

    def take(self, key: str) -> Booking | None:
        """The booking of `key`, removed; None when it has none."""
        booking = self._bookings.pop(key, None)
        if booking is not None and booking.command:
            self._commands -= 1
            if self._commands == 0:
                self.busyChanged.emit()
        return booking

    def clear(self) -> None:
        """Forget every booking (the answers still to come are dropped)."""
        busy = self._commands > 0
        self._bookings.clear()
        self._commands = 0
        if busy:
            self.busyChanged.emit()
