"""Resident ID numbers (GB 11643-1999): validation, birth date, keyed hashing and masking."""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import unicodedata

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_FORM = re.compile(r"[0-9]{17}[0-9X]", re.ASCII)  # ASCII only: `\d` would take any script's digits


class BadIdNumber(ValueError):
    """Not a valid 18-character resident ID number."""


def check_digit(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits."""
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS)) % 11]


def normalise(id_number: str) -> str:
    """Upper-case and validate an ID number; raises BadIdNumber without echoing it.

    Full-width forms (１１０…Ｘ, as some input methods type them) are read as their ASCII
    characters (NFKC), so the same number typed either way is the same number; digits of other
    scripts are not an ID number.
    """
    text = unicodedata.normalize("NFKC", id_number).strip().upper()
    if not _FORM.fullmatch(text) or check_digit(text[:17]) != text[17]:
        raise BadIdNumber("the ID number is not a valid 18-character resident ID number")
    birth(text)
    return text


def birth(id_number: str) -> dt.date:
    try:
        return dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError as exc:
        raise BadIdNumber("the ID number holds no valid birth date") from exc


def age_on(id_number: str, day: dt.date) -> int:
    b = birth(id_number)
    return day.year - b.year - ((day.month, day.day) < (b.month, b.day))


def keyed_hash(key: bytes, id_number: str) -> str:
    """A keyed hash to match a person across tickets without keeping the number itself."""
    return hmac.new(key, id_number.encode("ascii"), hashlib.sha256).hexdigest()


def mask_name(name: str | None) -> str | None:
    """张三 → 张*, 张小三 → 张*三, 欧阳小明 → 欧**明, 李 → *: only the first and last characters stay,
    and never the whole name."""
    if not name:
        return None
    name = name.strip()
    if len(name) <= 1:
        return "*" if name else None
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]
