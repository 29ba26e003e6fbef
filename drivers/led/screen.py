"""The window LED screen every vendor protocol fills: show lines in a colour, clear, test pattern."""
from __future__ import annotations

import enum
from abc import ABC, abstractmethod
from collections.abc import Sequence


class Colour(enum.Enum):
    """Colours a window LED screen can show (red/green dual-colour panels; yellow = both on)."""

    RED = "red"
    GREEN = "green"
    YELLOW = "yellow"


class LedScreenError(Exception):
    """Base class of window LED screen errors."""


class LedScreenUnavailable(LedScreenError):
    """The screen cannot be reached: unplugged, powered off, wrong address, or the link broke."""


class LedTextRefused(LedScreenError, ValueError):
    """The text cannot be shown (a character the screen's font lacks, a control character)."""


class WindowScreen(ABC):
    """A window's LED screen. Other vendors' protocols implement the same three calls."""

    columns: int
    rows: int

    @abstractmethod
    def show(self, lines: Sequence[str], colour: Colour = Colour.RED) -> list[str]:
        """Show lines of text, each cut to the screen width.

        Returns:
            The lines as actually sent (after cutting to width and row count).

        Raises:
            LedTextRefused: a line cannot be shown; nothing was sent.
            LedScreenUnavailable: the screen cannot be reached.
        """

    @abstractmethod
    def clear(self) -> None:
        """Blank the screen."""

    @abstractmethod
    def test_pattern(self) -> list[str]:
        """Show a pattern a technician can check every row, colour and column with."""

    def close(self) -> None:  # noqa: B027 - optional on purpose: a screen holding no link need not write one
        """Release the link (a later call opens it again); a screen that holds none has nothing to do."""


def open_window_screen(url: str) -> WindowScreen:
    """Open a window screen from its URL (``eq+serial://…``, ``eq+tcp://…`` or any registered scheme).

    Raises:
        ValueError: the URL is not a window screen URL (`drivers.registry.BadDeviceUrl`).
    """
    from drivers.registry import open_device

    return open_device("window_led", url)
