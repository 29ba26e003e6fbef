"""How a window is named when only its code is at hand: one format for every screen, receipt and page.

"1号窗口" in Chinese, "Window 1" in English: the digits of a numeric code without leading zeros
(the hall's windows 01…16 are spoken and signed 1…16), no space before 号窗口 (as the hall file's
own names and the hall's signs are written); a code that is not all digits is kept as it is
("B2号窗口", "Window B2"). A window the hall file names ("16号窗口（绿色通道）") shows that name.
"""
from __future__ import annotations


def window_number(code: str) -> str:
    """A window code as it is read out and signed: "01" → "1", "B2" → "B2", "00" → "0"."""
    code = code.strip()
    return str(int(code)) if code.isascii() and code.isdigit() else code


def window_name(code: str, lang: str = "zh") -> str:
    """The window of `code` by its number: "1号窗口", or "Window 1" when `lang` is "en"."""
    number = window_number(code)
    return f"Window {number}" if lang == "en" else f"{number}号窗口"
