"""How the staff apps name things of the hall in the UI's language (no Qt, tested without a GUI)."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def window_name(window: Mapping[str, Any], lang: str) -> str:
    """A window's name: `name_en` in the English UI when the server sends a non-empty one, else `name`.

    Servers before `name_en` was added to the window models send only `name`; both work.
    """
    if lang == "en":
        name_en = str(window.get("name_en") or "").strip()
        if name_en:
            return name_en
    return str(window.get("name") or "")
