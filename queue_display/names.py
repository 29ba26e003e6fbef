"""How the staff apps name things of the hall in the UI's language (no Qt, tested without a GUI)."""
from __future__ import annotations


def named(name: str, name_en: str | None, lang: str) -> str:
    """A name in the UI's language: `name_en` in the English UI when it is not blank, else `name`."""
    if lang == "en" and name_en and name_en.strip():
        return name_en.strip()
    return name
