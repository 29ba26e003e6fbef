"""Driving a Qt Quick window from tests the way a person does: find what is shown, look, then click."""
from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QWindow
from PySide6.QtQuick import QQuickItem, QQuickWindow
from PySide6.QtTest import QTest


def all_items(window: QQuickWindow) -> Iterator[QQuickItem]:
    return items_under(window.contentItem().parentItem() or window.contentItem())


def items_under(root: QQuickItem) -> Iterator[QQuickItem]:
    stack = [root]
    while stack:
        item = stack.pop()
        yield item
        stack.extend(item.childItems())


def really_visible(item: QQuickItem | None) -> bool:
    """Visible and not on a hidden page of a StackLayout (those keep `visible` of their children)."""
    while item is not None:
        if not item.isVisible():
            return False
        item = item.parentItem()
    return True


def find(window: QQuickWindow, name: str) -> QQuickItem | None:
    for item in all_items(window):
        if item.objectName() == name and really_visible(item):
            return item
    return None


def click(qtbot, window: QQuickWindow, name: str, timeout_ms: int) -> None:
    """A left click in the middle of the visible, enabled item called `name`.

    A person sees a frame before touching it, so one is drawn first: that lays out whatever a
    model update has just changed (positioners move their children on the next polish), and the
    click lands where the button is drawn, not where it was a moment ago.
    """
    qtbot.waitUntil(lambda: (item := find(window, name)) is not None and item.isEnabled(), timeout=timeout_ms)
    window.grabWindow()  # polish, sync and render one frame
    item = find(window, name)
    assert item is not None and item.isEnabled(), f"{name} went away while the frame was drawn"
    click_item(window, item)


def click_item(window: QWindow, item: QQuickItem) -> None:
    point = item.mapToScene(QPointF(item.width() / 2, item.height() / 2)).toPoint()
    QTest.mouseClick(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
