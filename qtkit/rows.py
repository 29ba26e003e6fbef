"""A list model that updates its rows in place, so a refresh never rebuilds what someone is touching.

A QML Repeater or ListView over a plain JS array recreates every delegate whenever the array is
assigned again; a press that began on a delegate is then lost with it. Here a new list of rows is
matched to the old by key: unchanged rows stay as they are, changed ones get `dataChanged`, and
only rows that came or went are inserted, moved or removed.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (QAbstractListModel, QByteArray, QModelIndex, QObject, QPersistentModelIndex,
                            Qt, Signal)

from qtkit.props import qt_property

Row = dict[str, Any]
_ROOT = QModelIndex()  # the invalid index: a list's rows all hang from it (never changed, so one is shared)


class KeyedListModel(QAbstractListModel):
    """Rows are dicts told apart by `key`.

    With `roles`, each named field is a role of its own; without, the whole dict is the single
    role `modelData`, so a delegate declares `required property var modelData` as it would over
    a JS array.
    """

    countChanged = Signal()

    def __init__(self, key: str, roles: Sequence[str] = (), parent: QObject | None = None):
        super().__init__(parent)
        self._key = key
        self._roles = list(roles)
        self._rows: list[Row] = []

    def roleNames(self) -> dict[int, QByteArray]:
        names = self._roles or ["modelData"]
        return {Qt.ItemDataRole.UserRole + i: QByteArray(name.encode()) for i, name in enumerate(names)}

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return str(row.get(self._key, ""))
        i = role - Qt.ItemDataRole.UserRole
        if not self._roles:
            return row if i == 0 else None
        return row.get(self._roles[i]) if 0 <= i < len(self._roles) else None

    def _get_count(self) -> int:
        return len(self._rows)

    count = qt_property(int, _get_count, notify=countChanged)

    def rows(self) -> list[Row]:
        return list(self._rows)

    def set_rows(self, rows: Sequence[Row]) -> None:
        """Make the model hold `rows`, in their order, touching only what differs."""
        new = list(rows)
        keys = [r[self._key] for r in new]
        if len(set(keys)) != len(keys):
            raise ValueError(f"rows repeat a {self._key!r}")
        before = len(self._rows)
        wanted = set(keys)
        for i in range(len(self._rows) - 1, -1, -1):  # rows that went
            if self._rows[i][self._key] not in wanted:
                self.beginRemoveRows(QModelIndex(), i, i)
                del self._rows[i]
                self.endRemoveRows()
        for i, row in enumerate(new):
            key = row[self._key]
            at = next((j for j in range(i, len(self._rows)) if self._rows[j][self._key] == key), None)
            if at is None:  # a row that came
                self.beginInsertRows(QModelIndex(), i, i)
                self._rows.insert(i, row)
                self.endInsertRows()
                continue
            if at != i:  # a row that moved up to here
                self.beginMoveRows(QModelIndex(), at, at, QModelIndex(), i)
                self._rows.insert(i, self._rows.pop(at))
                self.endMoveRows()
            if self._rows[i] != row:
                self._rows[i] = row
                index = self.index(i, 0)
                self.dataChanged.emit(index, index)
        if len(self._rows) != before:
            self.countChanged.emit()
