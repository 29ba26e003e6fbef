"""What each window's LED screen says, worked out from the hall server's snapshot and events.

Pure functions, no I/O: the relay feeds them what the hall server sends and hands the result to
the device host. A window screen is small (16 half-width columns by 2 rows on the common
EQ-style panels, a Chinese character taking two columns, GBK only), so every line is made to fit
here, choosing a shorter wording where the long one would be cut.
"""
from __future__ import annotations

from dataclasses import dataclass

from hall_rules.names import window_name
from hall_server.schema import Event, Snapshot, TicketEventData, TicketState, WindowEventData, WindowState

LED_COLUMNS = 16
LED_ROWS = 2


@dataclass(frozen=True)
class LedText:
    """The lines and colour one window screen should show."""

    lines: tuple[str, ...]
    colour: str = "red"  # red / green / yellow: what dual-colour window panels can show


def columns_of(text: str) -> int:
    """Columns a text takes on the screen: 2 per double-byte GBK character, 1 otherwise."""
    return len(text.encode("gbk"))


def clean(text: str) -> str:
    """Drop what a GBK screen cannot show (control characters, characters outside GBK)."""
    out = []
    for ch in str(text):
        if ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0:
            out.append(" ")
            continue
        try:
            ch.encode("gbk")
        except UnicodeEncodeError:
            continue
        out.append(ch)
    return " ".join("".join(out).split())


def cut(text: str, columns: int) -> tuple[str, str]:
    """Split a cleaned text where it reaches `columns`: (what fits, the rest)."""
    used = 0
    for i, ch in enumerate(text):
        used += columns_of(ch)
        if used > columns:
            return text[:i], text[i:]
    return text, ""


def calling(number: str, window: str, columns: int = LED_COLUMNS) -> LedText:
    """A ticket called (or called again) to the window of code `window`."""
    number = clean(number)
    name = window_name(window)
    for wording in (f"请{number}到{name}", f"请到{name}", "请到本窗口"):
        if columns_of(clean(wording)) <= columns:
            return LedText((cut(number, columns)[0], clean(wording)), "red")
    return LedText((cut(number, columns)[0],), "red")


def serving(number: str, columns: int = LED_COLUMNS) -> LedText:
    return LedText((cut(clean(number), columns)[0], "正在办理"), "green")


def idle(window: str, columns: int = LED_COLUMNS) -> LedText:
    """An open window (of code `window`) with nobody at it."""
    name = clean(window_name(window))
    return LedText((cut(name, columns)[0], "欢迎光临"), "green")


def paused(reason: str | None, columns: int = LED_COLUMNS) -> LedText:
    """A paused window shows why: "暂停服务" over a short reason, or a longer reason over both rows.

    `reason` is the words to show: the Chinese name of the hall's reason (the LED is the hall's
    screen, whatever the language of the terminal that paused), or words stored before reasons were codes.
    """
    reason = clean(reason or "")
    if not reason:
        return LedText(("暂停服务",), "yellow")
    if columns_of(reason) <= columns:
        return LedText(("暂停服务", reason), "yellow")
    first, rest = cut(reason, columns)
    return LedText((first, cut(rest.strip(), columns)[0]), "yellow")


CLOSED = LedText(("暂停服务",), "red")


@dataclass(frozen=True)
class TicketView:
    """What a window screen shows of its current ticket."""

    number: str
    state: TicketState


def for_window(code: str, state: str, reason: str | None, ticket: TicketView | None,
               columns: int = LED_COLUMNS) -> LedText:
    """What a window's screen shows for its state and current ticket."""
    if state == WindowState.CLOSED:
        return CLOSED
    if state == WindowState.PAUSED:
        return paused(reason, columns)
    if ticket is not None and ticket.state == TicketState.CALLED:
        return calling(ticket.number, code, columns)
    if ticket is not None and ticket.state == TicketState.SERVING:
        return serving(ticket.number, columns)
    return idle(code, columns)


@dataclass
class WindowView:
    """What the relay knows of one window: enough to draw its screen again at any time."""

    state: str
    reason: str | None = None
    ticket: TicketView | None = None


class HallScreens:
    """Every window's screen text, kept current from a snapshot and then the events in order."""

    def __init__(self, columns: int = LED_COLUMNS):
        self.columns = columns
        self.windows: dict[str, WindowView] = {}

    def text(self, code: str) -> LedText:
        w = self.windows.get(code) or WindowView(WindowState.CLOSED)
        return for_window(code, w.state, w.reason, w.ticket, self.columns)

    def load(self, snapshot: Snapshot) -> dict[str, LedText]:
        """Take the state of every window from a `/snapshot` answer; returns every screen's text."""
        self.windows = {}
        for w in snapshot.windows:
            current = w.current_ticket
            ticket = TicketView(current.number, current.state) if current else None
            self.windows[w.code] = WindowView(w.state, w.reason_name or w.reason, ticket)
        return {code: self.text(code) for code in self.windows}

    def apply(self, event: Event) -> list[tuple[str, LedText]]:
        """Follow one event; returns the screens it changes, as (window code, text), in order.

        Raises:
            pydantic.ValidationError: the event's data is not what the schema says for its type.
        """
        kind = event.type
        if kind == "day.rolled":  # the turnover closes every window
            for view in self.windows.values():
                view.state, view.reason, view.ticket = WindowState.CLOSED, None, None
            return [(code, CLOSED) for code in self.windows]
        number, reason = "", None
        if kind.startswith("ticket."):
            data = TicketEventData.model_validate(event.data)
            window = data.from_window if kind == "ticket.transferred" else data.window
            number = data.ticket.number
        elif kind.startswith("window."):
            window_data = WindowEventData.model_validate(event.data)
            window, reason = window_data.window, window_data.reason_name or window_data.reason
        else:
            return []
        if window is None:  # issued or cancelled: no window acted
            return []
        code = window.code
        view = self.windows.setdefault(code, WindowView(WindowState.OPEN))
        if kind in ("ticket.called", "ticket.recalled", "ticket.resumed"):
            view.ticket = TicketView(number, TicketState.CALLED)
            return [(code, calling(number, code, self.columns))]  # a call shows even at a paused window
        if kind == "ticket.serving":
            view.ticket = TicketView(number, TicketState.SERVING)
        elif kind in ("ticket.done", "ticket.no_show", "ticket.held", "ticket.transferred"):
            view.ticket = None
        elif kind == "window.opened":
            view.state, view.reason = WindowState.OPEN, None
        elif kind == "window.paused":
            view.state, view.reason = WindowState.PAUSED, reason
        elif kind == "window.closed":
            view.state, view.reason, view.ticket = WindowState.CLOSED, None, None
        else:
            return []
        return [(code, self.text(code))]
