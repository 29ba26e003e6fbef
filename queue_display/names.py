"""How the staff apps name things of the hall in the UI's language (no Qt, tested without a GUI)."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol


def named(name: str, name_en: str | None, lang: str) -> str:
    """A name in the UI's language: `name_en` in the English UI when it is not blank, else `name`."""
    if lang == "en" and name_en and name_en.strip():
        return name_en.strip()
    return name


class _Reason(Protocol):
    code: str
    name: str
    name_en: str


def reason_name(code: str | None, reasons: Iterable[_Reason], lang: str) -> str:
    """A pause or hold reason's name in the UI's language, from its code and the hall's reasons.

    Words stored before reasons were codes (or a code this hall no longer lists) are shown as they are.
    """
    if not code:
        return ""
    known = next((r for r in reasons if r.code == code), None)
    return named(known.name, known.name_en, lang) if known else code


def reason_choices(reasons: Iterable[_Reason], lang: str) -> list[dict[str, str]]:
    """The hall's reasons as a dialog offers them: each `code` with its `label` in the UI's language."""
    return [{"code": r.code, "label": named(r.name, r.name_en, lang)} for r in reasons]
