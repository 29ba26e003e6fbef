"""A list of tickets for QML (the waiting and the held lists of a window terminal)."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import (QAbstractListModel, QByteArray, QModelIndex, QObject, QPersistentModelIndex, Property,
                            Qt, Signal)

_ROLES = ["ticketId", "number", "category", "categoryName", "maskedName", "green", "appointment", "transfers",
          "reason", "state", "window"]


class TicketListModel(QAbstractListModel):
    """Tickets as rows; `categoryName` is filled by the owner in the UI's language."""

    countChanged = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[dict[str, Any]] = []

    def roleNames(self) -> dict[int, QByteArray]:
        return {Qt.ItemDataRole.UserRole + i: QByteArray(name.encode()) for i, name in enumerate(_ROLES)}

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        i = role - Qt.ItemDataRole.UserRole
        if role == Qt.ItemDataRole.DisplayRole:
            return self._rows[index.row()]["number"]
        return self._rows[index.row()].get(_ROLES[i]) if 0 <= i < len(_ROLES) else None

    def _get_count(self) -> int:
        return len(self._rows)

    count = Property(int, _get_count, notify=countChanged)

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        """Replace every row (the lists are short; a reset keeps it simple and ordered)."""
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()
        self.countChanged.emit()

    def rows(self) -> list[dict[str, Any]]:
        return list(self._rows)
