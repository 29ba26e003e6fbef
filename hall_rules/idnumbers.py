"""ID documents the hall accepts: one rule set for the card driver, the kiosk and the server.

`normalise` turns what a card reader, a keyboard or a request carries into the one canonical
form that is hashed and compared everywhere, or refuses it with `BadIdNumber`. Sources:

- 居民身份证, GB 11643-1999 公民身份号码: 6-digit address code (GB/T 2260; its first two digits
  are a province), birth date YYYYMMDD, 3-digit sequence, check character ISO 7064 MOD 11-2
  (weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, remainder -> "10X98765432").
- Legacy 15-digit citizen numbers (issued before 1999): address code, birth YYMMDD of the
  1900s, 3-digit sequence, no check character. GB 11643-1999 upgrades them by inserting "19"
  and appending the check character; that 18-character form is the canonical one, so the same
  person hashes the same whichever number they give.
- 港澳台居民居住证 (国办发〔2018〕81号): 18 characters in the GB 11643 layout and check, address
  code 810000 (Hong Kong), 820000 (Macao) or 830000 (Taiwan).
- 外国人永久居留身份证, 2023 edition (国家移民管理局 "新版外国人永久居留身份证适配性改造要点",
  issued from 2023-12-01; republished by reader vendors, e.g.
  http://www.eastcoms.com/service/pro/840.html):
  18 characters, first digit 9, birth date where a citizen's is, MOD 11-2 check character
  "the same as the citizen number's".
- 外国人永久居留身份证, 2017 edition (same source: "15 位(3 位拉丁字母+12 位数字)"; its example
  KAZ110090123105 as quoted by implementers): nationality (3 Latin letters, ISO 3166-1
  alpha-3), 4-digit accepting-authority code, birth YYMMDD, 2 digits (sequence / check). No
  published check-digit rule was found: one open-source library applies the ICAO 9303 7-3-1
  check to the last digit, citing nothing; the one official example satisfies it, which one
  example cannot establish. So none is applied: letters, digits and a real, non-future birth
  date are checked; the century is the latest that does not put the birth in the future.

Every birth date must be a real date, not before 1900-01-01 and not after today.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import re
import unicodedata

#: GB 11643-1999 weights of the first 17 digits, and the check character for each remainder.
GB11643_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
GB11643_CHECK = "10X98765432"
#: GB/T 2260 province-level codes of the mainland: the first two digits of a citizen's number.
PROVINCE_CODES = frozenset({
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41",
    "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
})
#: Address codes of the HK/Macao/Taiwan residence permits.
RESIDENCE_PERMIT_CODES = frozenset({"810000", "820000", "830000"})
#: No ID document of a living person shows an earlier birth.
EARLIEST_BIRTH = dt.date(1900, 1, 1)

#: The refusal every part gives for a number that is not valid (code, Chinese, English).
BAD_ID_NUMBER = "bad_id_number"
BAD_ID_NUMBER_ZH = "身份证号码无效"
BAD_ID_NUMBER_EN = "the ID number is not valid"

# ASCII only: a character range, never `\d`, which would take any script's digits.
_FORM_18 = re.compile(r"[0-9]{17}[0-9X]")
_FORM_15 = re.compile(r"[0-9]{15}")
_FORM_2017 = re.compile(r"[A-Z]{3}[0-9]{12}")


class BadIdNumber(ValueError):
    """Not the number of an ID document the hall accepts; the message says why, never the number."""


class IdKind(enum.Enum):
    """Which document an ID number belongs to."""

    MAINLAND = "mainland"  # 居民身份证 (legacy 15-digit numbers normalise to this)
    HK_MO_TW_RESIDENCE = "hk_mo_tw_residence"  # 港澳台居民居住证
    FOREIGN_PERMANENT_2017 = "foreign_permanent_2017"  # 外国人永久居留身份证 (2017)
    FOREIGN_PERMANENT_2023 = "foreign_permanent_2023"  # 外国人永久居留身份证 (2023)


@dataclasses.dataclass(frozen=True, repr=False)
class IdNumber:
    """A valid ID number in canonical form, with what it says."""

    number: str
    kind: IdKind
    birth: dt.date

    def __repr__(self) -> str:
        # Never the number itself: these end up in logs.
        return f"IdNumber({mask(self.number)!r}, {self.kind.name})"

    __str__ = __repr__


def check_character(first17: str) -> str:
    """The GB 11643 (ISO 7064 MOD 11-2) check character of the first 17 digits.

    Raises:
        BadIdNumber: not 17 ASCII digits.
    """
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise BadIdNumber("an ID number body is 17 digits")
    return GB11643_CHECK[sum(int(d) * w for d, w in zip(first17, GB11643_WEIGHTS, strict=True)) % 11]


def parse(text: str, *, today: dt.date | None = None) -> IdNumber:
    """Read an ID number as typed or read from a card: its canonical form, kind and birth date.

    Full-width forms (１１０…Ｘ, as some input methods type them) read as their ASCII characters
    (NFKC); whitespace around the number and a lower-case x are accepted; digits or letters of
    other scripts are not.

    Args:
        text: the number.
        today: the day a birth may not come after (default: the local date).
    Raises:
        BadIdNumber: not a valid number of any accepted document.
    """
    if not isinstance(text, str):
        raise BadIdNumber("an ID number is text")
    today = today or dt.date.today()
    s = unicodedata.normalize("NFKC", text).strip()
    if not s.isascii():
        raise BadIdNumber("an ID number is written in ASCII digits and letters")
    s = s.upper()
    if _FORM_18.fullmatch(s):
        if s[:6] in RESIDENCE_PERMIT_CODES:
            kind = IdKind.HK_MO_TW_RESIDENCE
        elif s[0] == "9":
            kind = IdKind.FOREIGN_PERMANENT_2023
        elif s[:2] in PROVINCE_CODES:
            kind = IdKind.MAINLAND
        else:
            raise BadIdNumber("the ID number's address code is not a province's")
        if check_character(s[:17]) != s[17]:
            raise BadIdNumber("the ID number's check character is wrong (GB 11643)")
        born = _date(s[6:14])
    elif _FORM_15.fullmatch(s):
        if s[:2] not in PROVINCE_CODES:
            raise BadIdNumber("the ID number's address code is not a province's")
        born = _date("19" + s[6:12])
        s = s[:6] + "19" + s[6:]
        s += check_character(s)
        kind = IdKind.MAINLAND
    elif _FORM_2017.fullmatch(s):
        born = _date_in_latest_century(s[7:13], today)
        kind = IdKind.FOREIGN_PERMANENT_2017
    else:
        raise BadIdNumber("the ID number has the form of no accepted ID document")
    if born < EARLIEST_BIRTH:
        raise BadIdNumber("the ID number's birth date is before 1900")
    if born > today:
        raise BadIdNumber("the ID number's birth date is in the future")
    return IdNumber(s, kind, born)


def _date(yyyymmdd: str) -> dt.date:
    try:
        return dt.date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        raise BadIdNumber("the ID number's birth date is not a real date") from None


def _date_in_latest_century(yymmdd: str, today: dt.date) -> dt.date:
    real = None
    for century in (2000, 1900):
        try:
            day = _date(f"{century // 100}{yymmdd}")
        except BadIdNumber:
            continue
        if day <= today:
            return day
        real = day
    if real is not None:
        raise BadIdNumber("the ID number's birth date is in the future")
    raise BadIdNumber("the ID number's birth date is not a real date")


def normalise(text: str, *, today: dt.date | None = None) -> str:
    """The canonical form of an ID number (see `parse`); raises BadIdNumber."""
    return parse(text, today=today).number


def is_valid(text: str, *, today: dt.date | None = None) -> bool:
    """True when `parse` accepts the number."""
    try:
        parse(text, today=today)
    except BadIdNumber:
        return False
    return True


def kind_of(text: str, *, today: dt.date | None = None) -> IdKind:
    """Which document the number belongs to; raises BadIdNumber."""
    return parse(text, today=today).kind


def birth(text: str, *, today: dt.date | None = None) -> dt.date:
    """The birth date an ID number carries; raises BadIdNumber."""
    return parse(text, today=today).birth


def age_on(text: str, day: dt.date, *, today: dt.date | None = None) -> int:
    """Age in whole years on `day` of the holder of an ID number; raises BadIdNumber."""
    born = birth(text, today=today)
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def mask(number: str) -> str:
    """An ID number as a screen or receipt may show it: 110105********002X.

    The first 6 and last 4 characters stay on numbers of 15 characters or more; shorter ones
    keep about that share (a third in front, a fifth at the end), so at least half is hidden.
    """
    n = len(number)
    head, tail = (6, 4) if n >= 15 else (n // 3, n // 5)
    return number[:head] + "*" * (n - head - tail) + number[n - tail:]


def mask_name(name: str) -> str:
    """A name as a screen or receipt may show it: only its first and last characters, and
    never the whole name: 张三 -> 张*, 张小三 -> 张*三, 欧阳小明 -> 欧**明, 李 -> *."""
    name = name.strip()
    if len(name) <= 1:
        return "*" if name else ""
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]
