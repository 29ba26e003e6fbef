"""qt_property: the same Qt property QML binds to, and Python reads the getter's value from it."""
from __future__ import annotations

from PySide6.QtCore import QObject, QUrl, Signal, SignalInstance, Slot
from PySide6.QtQml import QQmlComponent, QQmlEngine

from qtkit.props import qt_property


class Counter(QObject):
    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._names: list[str] = []

    def _get_names(self) -> list[str]:
        return list(self._names)

    def _get_size(self) -> int:
        return 2

    def _get_labels(self) -> dict[str, str]:
        return {"zh": "号", "en": "number"}

    names = qt_property(list, _get_names, notify=changed)
    size = qt_property(int, _get_size, constant=True)
    labels = qt_property(dict, _get_labels, notify=changed)

    @Slot(str)
    def add(self, name: str) -> None:
        self._names.append(name)
        self.changed.emit()


def meta(obj: QObject) -> dict[str, tuple[str, bool, str]]:
    """Each property the class adds: (its Qt type name, constant, its notify signal's name)."""
    mo = obj.metaObject()
    found = {}
    for i in range(mo.propertyOffset(), mo.propertyCount()):
        p = mo.property(i)
        notify = bytes(p.notifySignal().name().data()).decode() if p.hasNotifySignal() else ""
        found[p.name()] = (p.typeName(), p.isConstant(), notify)
    return found


def test_the_meta_object_sees_the_qt_types_and_flags(qapp) -> None:
    assert meta(Counter()) == {"names": ("QVariantList", False, "changed"), "size": ("int", True, ""),
                               "labels": ("QVariantMap", False, "changed")}


def test_python_reads_the_getters_value(qapp) -> None:
    counter = Counter()
    counter.add("A001")
    assert counter.names == ["A001"] and counter.size == 2 and counter.labels["en"] == "number"
    assert isinstance(counter.changed, SignalInstance)


def test_qml_bindings_follow_the_notify_signal(qapp) -> None:
    engine = QQmlEngine()
    counter = Counter()
    engine.rootContext().setContextProperty("counter", counter)
    component = QQmlComponent(engine)
    component.setData(b"import QtQuick\nItem { property int count: counter.names.length\n"
                      b"property string en: counter.labels.en }", QUrl("inline.qml"))
    root = component.create()
    assert root is not None, component.errorString()
    assert (root.property("count"), root.property("en")) == (0, "number")
    counter.add("A001")
    counter.add("A002")
    assert root.property("count") == 2
    del root, engine
