"""ID numbers on the server: the hall's one rule set (`hall_rules.idnumbers`), keyed hashing.

Every ID document the hall accepts (citizen numbers of 18 and 15 digits, HK/Macao/Taiwan
residence permits, foreign permanent resident cards of 2017 and 2023) is validated and put in
its canonical form by `hall_rules.idnumbers`, the same code the card driver and the kiosk run,
so a number the kiosk accepts offline is one the server accepts online.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from hall_rules import idnumbers
from hall_rules.idnumbers import BAD_ID_NUMBER, BAD_ID_NUMBER_EN, BAD_ID_NUMBER_ZH, BadIdNumber, IdKind

__all__ = ["BAD_ID_NUMBER", "BAD_ID_NUMBER_EN", "BAD_ID_NUMBER_ZH", "BadIdNumber", "IdKind", "age_on", "birth",
           "check_digit", "keyed_hash", "mask_name", "normalise"]


def check_digit(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits."""
    return idnumbers.check_character(first17)


def normalise(id_number: str) -> str:
    """The canonical form of an ID number; raises BadIdNumber without echoing it."""
    return idnumbers.normalise(id_number)


def birth(id_number: str) -> dt.date:
    """The birth date an ID number carries; raises BadIdNumber."""
    return idnumbers.birth(id_number)


def age_on(id_number: str, day: dt.date) -> int:
    """Age in whole years on `day` of the number's holder; raises BadIdNumber."""
    return idnumbers.age_on(id_number, day)


def keyed_hash(key: bytes, id_number: str) -> str:
    """A keyed hash to match a person across tickets without keeping the number itself.

    The canonical form is hashed, so a legacy 15-digit number and its 18-character form, or a
    number typed in full-width digits, are the same person.
    """
    return hmac.new(key, idnumbers.normalise(id_number).encode("ascii"), hashlib.sha256).hexdigest()


def mask_name(name: str | None) -> str | None:
    """张三 → 张*, 张小三 → 张*三, 欧阳小明 → 欧**明, 李 → *: the hall's one masking rule; None for no name."""
    return idnumbers.mask_name(name) or None if name else None
