"""The keyed list model: a refresh keeps the delegates of rows that stayed, and QML sees the new values."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtQml import QJSValue, QQmlComponent, QQmlEngine

from qtkit.rows import KeyedListModel

QML = b"""
import QtQuick
Item {
    property alias model: rep.model
    property var made: []
    Repeater {
        id: rep
        delegate: Item {
            required property var modelData
            objectName: "row_" + modelData.code
            property int waiting: modelData.waiting
            Component.onCompleted: made.push(modelData.code)
        }
    }
    function names() {
        let out = []
        for (let i = 0; i < rep.count; ++i) out.push(rep.itemAt(i).objectName)
        return out
    }
    function item(i) { return rep.itemAt(i) }
}
"""


def plain(value):
    """A JS array from QML as a Python list."""
    return value.toVariant() if isinstance(value, QJSValue) else value


def rows(*pairs: tuple[str, int]) -> list[dict]:
    return [{"code": c, "waiting": w} for c, w in pairs]


@pytest.fixture
def view(qapp):
    engine = QQmlEngine()
    component = QQmlComponent(engine)
    component.setData(QML, QUrl("inline.qml"))
    root = component.create()
    assert root is not None, component.errorString()
    model = KeyedListModel("code", parent=root)
    root.setProperty("model", model)
    yield root, model
    del root, engine


def test_a_changed_value_keeps_the_delegate(view) -> None:
    root, model = view
    model.set_rows(rows(("a", 1), ("b", 2)))
    first = root.item(0)
    seen = []
    model.dataChanged.connect(lambda tl, br: seen.append((tl.row(), br.row())))
    model.set_rows(rows(("a", 5), ("b", 2)))
    assert root.item(0) is first and first.property("waiting") == 5
    assert seen == [(0, 0)]  # only the row that changed
    assert plain(root.property("made")) == ["a", "b"]  # built once each


def test_rows_coming_going_and_moving(view) -> None:
    root, model = view
    model.set_rows(rows(("a", 1), ("b", 2), ("c", 3)))
    b = root.item(1)
    model.set_rows(rows(("c", 3), ("d", 4), ("b", 9)))
    assert plain(root.names()) == ["row_c", "row_d", "row_b"]
    assert root.item(2) is b and b.property("waiting") == 9
    assert [r["code"] for r in model.rows()] == ["c", "d", "b"] and model.property("count") == 3
    assert plain(root.property("made")) == ["a", "b", "c", "d"]  # b and c were never rebuilt


def test_repeated_keys_are_refused_and_change_nothing(view) -> None:
    _root, model = view
    model.set_rows(rows(("a", 1)))
    with pytest.raises(ValueError):
        model.set_rows(rows(("a", 1), ("a", 2)))
    assert model.rows() == rows(("a", 1))


def test_named_roles_and_the_display_role(qapp) -> None:
    """With roles, each field is a role of its own; the display role is the row's key."""
    model = KeyedListModel("code", roles=("code", "waiting"))
    model.set_rows(rows(("a", 1), ("b", 2)))
    names = {bytes(v.data()).decode(): k for k, v in model.roleNames().items()}
    assert set(names) == {"code", "waiting"}
    index = model.index(1, 0)
    assert model.data(index, names["waiting"]) == 2
    assert model.data(index, Qt.ItemDataRole.DisplayRole) == "b"
    assert model.data(model.index(5, 0), names["code"]) is None  # outside the rows


def test_count_is_told_only_when_it_changes(qapp) -> None:
    model = KeyedListModel("code")
    told = []
    model.countChanged.connect(lambda: told.append(model.property("count")))
    model.set_rows(rows(("a", 1)))
    model.set_rows(rows(("a", 2)))  # same count: a changed value only
    model.set_rows([])
    assert told == [1, 0]
