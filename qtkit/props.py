"""A read-only Qt property that Python code reads as well as QML, typed as what it reads.

PySide6's stubs declare `Property` without `__get__`, so to a type checker `obj.count` is the
`Property` object itself, not the int QML and Python get. `qt_property` makes the same Qt
property and says what reading it on an instance gives: its getter's return type, the way
`dataclasses.field` is typed as the field's value rather than a `Field`.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from PySide6.QtCore import Property, Signal

T = TypeVar("T")


def qt_property(kind: type, fget: Callable[[Any], T], *, notify: Signal | None = None,
                constant: bool = False) -> T:
    """A read-only Qt property of `kind` (list is QML's QVariantList, dict its QVariantMap).

    Args:
        kind: the Python type QML sees it as.
        fget: the getter; an instance's attribute reads as what it returns.
        notify: the class's change signal (omit it with `constant=True`).
    """
    prop = Property(kind, fget, notify=notify, constant=constant)
    # Read on an instance (the only way the apps read one), the descriptor gives fget's value.
    return cast(T, prop)
