"""The one root of the errors the hall's parts raise on purpose.

Every refusal the hall gives (a queue rule, a device command, a kiosk's offline rule, a result
document that cannot be printed) has a code a program can act on and a reason in Chinese for the
citizen or the staff and in English for the technician and the logs. Each part subclasses
`HallError` where its callers must tell errors apart (and adds what it needs, e.g. an HTTP status).
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class HallError(Exception):
    """A refusal with its code and its reason in both languages.

    Args:
        code: what a program acts on, e.g. "daily_cap_reached".
        message: Chinese text.
        message_en: English text (also what `str()` shows after the code).
        detail: values that go with the refusal (a number, a time), shown to nobody as such.
    """

    def __init__(self, code: str, message: str, message_en: str, detail: Mapping[str, Any] | None = None) -> None:
        super().__init__(f"{code}: {message_en}")
        self.code = code
        self.message = message
        self.message_en = message_en
        self.detail: dict[str, Any] = dict(detail or {})

    def as_dict(self) -> dict[str, Any]:
        """The error object of an answer: code, message, message_en (and detail when there is one)."""
        out: dict[str, Any] = {"code": self.code, "message": self.message, "message_en": self.message_en}
        if self.detail:
            out["detail"] = dict(self.detail)
        return out
