"""How the staff apps name things of the hall in the UI's language (no Qt, tested without a GUI)."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def named(name: str, name_en: str | None, lang: str) -> str:
    """A name in the UI's language: `name_en` in the English UI when it is not blank, else `name`."""
    if lang == "en" and name_en and name_en.strip():
        return name_en.strip()
    return name


def window_name(window: Mapping[str, Any], lang: str) -> str:
    """A window's name from its JSON object (the window terminal and the display, which still pass
    the server's answers on as dicts); `named` is the rule."""
    return named(str(window.get("name") or ""), window.get("name_en"), lang)
