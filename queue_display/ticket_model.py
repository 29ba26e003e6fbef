"""The lists of tickets a window terminal shows (waiting, held), for QML: qtkit's keyed list model
with one role per field, rows keyed by the ticket's id and updated in place."""
from __future__ import annotations

from PySide6.QtCore import QObject

from qtkit.rows import KeyedListModel

#: The roles of a ticket row; the window terminal makes rows of exactly these keys from its tickets.
ROLES = ("ticketId", "number", "category", "categoryName", "maskedName", "green", "appointment", "transfers",
         "reason", "state", "window")


def ticket_list(parent: QObject | None = None) -> KeyedListModel:
    """An empty list of tickets; `categoryName` is filled by the owner in the UI's language."""
    return KeyedListModel("ticketId", ROLES, parent)
