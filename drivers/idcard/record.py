"""Card records: parse the 256-byte machine-readable text of every card type a SAM reads.

Sources of the layouts (offsets are into the 256-byte UCS-2LE text block):

- Mainland resident ID card (居民身份证), GA/T 490 "机读文字信息文件": name 30, gender 2,
  nation 4, birth 16, address 70, ID number 36, authority 30, valid from 16, valid to 16,
  reserved 36. Checked against several open SDK parsers (same offsets 0/30/32/36/52/122/158/
  188/204).
- HK/Macao/Taiwan residence permit 'J' (港澳台居民居住证机读信息规范(试行版)): the mainland
  layout with nation -> reserved (4), and the reserved tail split into pass number 18,
  issue count 4, reserved 6, card type 2 ('J'), reserved 6. Source: an open-source reader's C
  struct `t_idcardinfor` (passID/issuesNum/typeFlag); the field list matches the regulation's
  printed items (通行证号码, 签发次数). The byte split itself is NOT verified against the
  regulation text, which we could not find.
- Foreign permanent resident ID card, 2017 'I' (外国人永久居留身份证): English name 120, gender 2,
  card number 30 (15 chars), nationality 6 (GB/T 2659 alpha-3), Chinese name 30, valid from 16,
  valid to 16, birth 16, card version 4, authority code 8, card type 2 ('I'), reserved 6.
  Verified: a vendor's published data-item table (序号 1-13, with byte counts) and the same
  struct in an open-source reader agree.
- Foreign permanent resident ID card, 2023 'Y' (新版外国人永久居留身份证机读信息规则): Chinese name
  30, gender 2, renewal count 4, birth 16, English name part 1 70 (chars 1-35), card number 36
  (18 digits, first digit 9, GB 11643 check digit), reserved 30, valid from 16, valid to 16,
  English name part 2 22 (chars 36-46), nationality 6, card type 2 ('Y'), previous-card link 6.
  Source: an open-source reader's C struct `t_idforeigner2023`; the number rules (18 digits,
  leading 9, MOD 11-2) are verified against the immigration administration's published rule.
  The byte split itself is NOT verified against the rule's own table.

In all four layouts the card-type character sits at bytes 248-249.

Which ID numbers are valid (and for which card type) is the hall's one rule set,
`hall_rules.idnumbers`, shared with the kiosk and the server; so is the masking of names and
numbers.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import re
from typing import TypedDict

from hall_rules import idnumbers
from hall_rules.idnumbers import BadIdNumber, IdKind

from .commands import FINGERPRINT_SIZE, PHOTO_SIZE, TEXT_SIZE
from .errors import IdCardDataError

#: GB 11643-1999 weights of the first 17 digits, and the check character for each remainder.
GB11643_WEIGHTS = idnumbers.GB11643_WEIGHTS
GB11643_CHECK = idnumbers.GB11643_CHECK

#: GB/T 2261.1 gender codes.
GENDERS = {"0": "未知", "1": "男", "2": "女", "9": "未说明"}

#: GB/T 3304 nation (ethnic group) codes, 01-56 plus 97 其他 and 98 外国血统中国籍人士.
NATIONS = {
    "01": "汉", "02": "蒙古", "03": "回", "04": "藏", "05": "维吾尔", "06": "苗", "07": "彝",
    "08": "壮", "09": "布依", "10": "朝鲜", "11": "满", "12": "侗", "13": "瑶", "14": "白",
    "15": "土家", "16": "哈尼", "17": "哈萨克", "18": "傣", "19": "黎", "20": "傈僳", "21": "佤",
    "22": "畲", "23": "高山", "24": "拉祜", "25": "水", "26": "东乡", "27": "纳西", "28": "景颇",
    "29": "柯尔克孜", "30": "土", "31": "达斡尔", "32": "仫佬", "33": "羌", "34": "布朗",
    "35": "撒拉", "36": "毛南", "37": "仡佬", "38": "锡伯", "39": "阿昌", "40": "普米",
    "41": "塔吉克", "42": "怒", "43": "乌孜别克", "44": "俄罗斯", "45": "鄂温克", "46": "德昂",
    "47": "保安", "48": "裕固", "49": "京", "50": "塔塔尔", "51": "独龙", "52": "鄂伦春",
    "53": "赫哲", "54": "门巴", "55": "珞巴", "56": "基诺", "97": "其他", "98": "外国血统中国籍人士",
}

#: "Valid to" of a card without end date (居民身份证有效期 长期, GA/T 2000.16).
LONG_TERM = "长期"
#: Position of the card-type character in the text block.
CARD_TYPE_OFFSET = 248


class CardType(enum.Enum):
    """Kind of card, from the card-type character at text bytes 248-249."""

    MAINLAND = " "
    HK_MO_TW_RESIDENCE = "J"
    FOREIGN_PERMANENT_2017 = "I"
    FOREIGN_PERMANENT_2023 = "Y"

    @property
    def label_zh(self) -> str:
        """Name of the card in Chinese."""
        return _CARD_LABELS[self][0]

    @property
    def label_en(self) -> str:
        """Name of the card in English."""
        return _CARD_LABELS[self][1]


_CARD_LABELS = {
    CardType.MAINLAND: ("居民身份证", "Resident Identity Card"),
    CardType.HK_MO_TW_RESIDENCE: ("港澳台居民居住证", "Residence Permit for HK/Macao/Taiwan Residents"),
    CardType.FOREIGN_PERMANENT_2017: ("外国人永久居留身份证（2017版）", "Foreign Permanent Resident ID Card (2017)"),
    CardType.FOREIGN_PERMANENT_2023: ("外国人永久居留身份证（2023版）", "Foreign Permanent Resident ID Card (2023)"),
}

# Field layouts: (name, byte size). Each sums to 256; a module-level check below says so.
MAINLAND_LAYOUT = (
    ("name", 30), ("gender", 2), ("nation", 4), ("birth", 16), ("address", 70),
    ("id_number", 36), ("authority", 30), ("valid_from", 16), ("valid_to", 16), ("reserved", 36),
)
HK_MO_TW_LAYOUT = (
    ("name", 30), ("gender", 2), ("reserved1", 4), ("birth", 16), ("address", 70),
    ("id_number", 36), ("authority", 30), ("valid_from", 16), ("valid_to", 16),
    ("pass_number", 18), ("issue_count", 4), ("reserved2", 6), ("card_type", 2), ("reserved3", 6),
)
FOREIGN_2017_LAYOUT = (
    ("english_name", 120), ("gender", 2), ("id_number", 30), ("nationality", 6), ("name", 30),
    ("valid_from", 16), ("valid_to", 16), ("birth", 16), ("card_version", 4),
    ("authority", 8), ("card_type", 2), ("reserved", 6),
)
FOREIGN_2023_LAYOUT = (
    ("name", 30), ("gender", 2), ("renewal_count", 4), ("birth", 16), ("english_name", 70),
    ("id_number", 36), ("reserved1", 30), ("valid_from", 16), ("valid_to", 16),
    ("english_name_2", 22), ("nationality", 6), ("card_type", 2), ("previous_link", 6),
)
LAYOUTS = {
    CardType.MAINLAND: MAINLAND_LAYOUT,
    CardType.HK_MO_TW_RESIDENCE: HK_MO_TW_LAYOUT,
    CardType.FOREIGN_PERMANENT_2017: FOREIGN_2017_LAYOUT,
    CardType.FOREIGN_PERMANENT_2023: FOREIGN_2023_LAYOUT,
}
for _layout in LAYOUTS.values():
    assert sum(size for _, size in _layout) == TEXT_SIZE, _layout

_DATE = re.compile(r"[0-9]{8}")
_COUNT = re.compile(r"[0-9]{1,2}")


def gb11643_check_char(first17: str) -> str:
    """Check character of a citizen ID number (GB 11643-1999, ISO 7064 MOD 11-2).

    Args:
        first17: the first 17 digits.
    Returns:
        One of "0123456789X".
    Raises:
        IdCardDataError: not 17 ASCII digits.
    """
    try:
        return idnumbers.check_character(first17)
    except BadIdNumber as exc:
        raise IdCardDataError(str(exc)) from None


def is_valid_id_number(number: str) -> bool:
    """True when a number is valid by the hall's rule set and already in its canonical form
    (as a card carries it: upper-case X, 18 characters for citizens, no spaces)."""
    try:
        return idnumbers.normalise(number) == number
    except BadIdNumber:
        return False


def mask_name(name: str) -> str:
    """Mask a name for screens and receipts (the hall's one rule): 张三 -> 张*, 张小三 -> 张*三."""
    return idnumbers.mask_name(name)


def mask_id_number(number: str) -> str:
    """Mask an ID number (the hall's one rule): first 6 and last 4 kept, e.g. 110101********123X."""
    return idnumbers.mask(number)


@dataclasses.dataclass(frozen=True, repr=False)
class IdCardRecord:
    """What a SAM read of one card gives: text fields, raw WLT photo, optional fingerprint.

    `name` is the Chinese name when the card holds one, else the English name. Fields a card
    type does not carry are None (or "" for address/authority).
    """

    card_type: CardType
    name: str
    gender: str
    gender_code: str
    nation: str | None
    nation_code: str | None
    birth_date: dt.date
    address: str
    id_number: str
    authority: str
    valid_from: dt.date
    valid_to: dt.date | None
    photo_wlt: bytes = b""
    fingerprint: bytes | None = None
    english_name: str | None = None
    nationality: str | None = None
    pass_number: str | None = None
    issue_count: int | None = None
    renewal_count: int | None = None
    card_version: str | None = None
    previous_link: str | None = None

    def masked_name(self) -> str:
        """The name as a screen may show it: 张*三."""
        return mask_name(self.name)

    def masked_id(self) -> str:
        """The ID number as a screen or receipt may show it."""
        return mask_id_number(self.id_number)

    def age_on(self, day: dt.date) -> int:
        """Age in whole years on a given day."""
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years

    def is_expired_on(self, day: dt.date) -> bool:
        """True when the card's validity ended before the given day (长期 never expires)."""
        return self.valid_to is not None and day > self.valid_to

    def __repr__(self) -> str:
        # Never the full name, ID number, address or birth date: records end up in logs.
        return (
            f"IdCardRecord(card_type={self.card_type.name}, name={self.masked_name()!r}, "
            f"id={self.masked_id()!r}, photo={len(self.photo_wlt)}B, "
            f"fingerprint={'yes' if self.fingerprint else 'no'})"
        )

    __str__ = __repr__


def _raw_field(text: bytes, offset: int, size: int, label: str) -> str:
    try:
        value = text[offset:offset + size].decode("utf-16-le")
    except UnicodeDecodeError as exc:
        raise IdCardDataError(f"card field {label} is not UCS-2 text") from exc
    # Fields are padded with spaces; some writers pad with NUL instead.
    return value.replace("\x00", " ")


def _field(text: bytes, offset: int, size: int, label: str) -> str:
    return _raw_field(text, offset, size, label).strip()


def _split_raw(text: bytes, layout: tuple[tuple[str, int], ...]) -> dict[str, str]:
    fields: dict[str, str] = {}
    offset = 0
    for label, size in layout:
        fields[label] = _raw_field(text, offset, size, label)
        offset += size
    return fields


def _name(*parts: str) -> str:
    """A name as written: its parts joined as they are, only the padding after the whole name
    removed, so a space anywhere inside (also where one field runs on into the next) stays."""
    return "".join(parts).rstrip()


def _date(value: str, label: str) -> dt.date:
    if not _DATE.fullmatch(value):
        raise IdCardDataError(f"card field {label} is not a YYYYMMDD date")
    try:
        return dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError as exc:
        raise IdCardDataError(f"card field {label} is not a real date") from exc


def _valid_to(value: str) -> dt.date | None:
    if value == LONG_TERM:
        return None
    return _date(value, "valid_to")


def _gender(code: str) -> str:
    try:
        return GENDERS[code]
    except KeyError:
        raise IdCardDataError("card gender code is not in GB/T 2261.1") from None


def _count(value: str, label: str) -> int | None:
    if not value:
        return None
    if not _COUNT.fullmatch(value):
        raise IdCardDataError(f"card field {label} is not a count")
    return int(value)


#: The ID document each card type carries.
_KIND_OF_CARD = {
    CardType.MAINLAND: IdKind.MAINLAND,
    CardType.HK_MO_TW_RESIDENCE: IdKind.HK_MO_TW_RESIDENCE,
    CardType.FOREIGN_PERMANENT_2017: IdKind.FOREIGN_PERMANENT_2017,
    CardType.FOREIGN_PERMANENT_2023: IdKind.FOREIGN_PERMANENT_2023,
}


def _id_number(value: str, card_type: CardType) -> str:
    """The card's ID number, checked by the hall's rule set for this card type."""
    try:
        found = idnumbers.parse(value)
    except BadIdNumber as exc:
        raise IdCardDataError(f"card ID number is not valid for a {card_type.label_en}: {exc}") from None
    if found.kind is not _KIND_OF_CARD[card_type] or len(found.number) != len(value):
        raise IdCardDataError(f"card ID number is not the number of a {card_type.label_en}")
    return found.number


def card_type_of(text: bytes) -> CardType:
    """Tell the card type from the text block's bytes 248-249.

    Raises:
        IdCardDataError: the text is not 256 bytes or the type character is unknown.
    """
    if len(text) != TEXT_SIZE:
        raise IdCardDataError(f"card text is {len(text)} bytes, not {TEXT_SIZE}")
    mark = _field(text, CARD_TYPE_OFFSET, 2, "card_type")
    if not mark:
        return CardType.MAINLAND
    try:
        return CardType(mark)
    except ValueError:
        raise IdCardDataError("unknown card type mark in card text") from None


class _CommonFields(TypedDict):
    """The fields every card type's text gives the same way."""

    card_type: CardType
    id_number: str
    gender_code: str
    gender: str
    birth_date: dt.date
    valid_from: dt.date
    valid_to: dt.date | None
    photo_wlt: bytes
    fingerprint: bytes | None


def parse_card_text(text: bytes, photo_wlt: bytes = b"", fingerprint: bytes | None = None) -> IdCardRecord:
    """Parse the 256-byte text block of any supported card into a record.

    Args:
        text: the UCS-2LE text block.
        photo_wlt: the WLT photo bytes, kept as they are.
        fingerprint: the fingerprint block, when read with 30 10.
    Returns:
        The record.
    Raises:
        IdCardDataError: the text does not follow its card type's layout.
    """
    card_type = card_type_of(text)
    raw = _split_raw(text, LAYOUTS[card_type])
    f = {label: value.strip() for label, value in raw.items()}
    number = _id_number(f["id_number"], card_type)
    common = _CommonFields(
        card_type=card_type,
        id_number=number,
        gender_code=f["gender"],
        gender=_gender(f["gender"]),
        birth_date=_date(f["birth"], "birth"),
        valid_from=_date(f["valid_from"], "valid_from"),
        valid_to=_valid_to(f["valid_to"]),
        photo_wlt=bytes(photo_wlt),
        fingerprint=None if fingerprint is None else bytes(fingerprint),
    )
    name = _name(raw["name"])
    if card_type is CardType.MAINLAND:
        if f["nation"] not in NATIONS:
            raise IdCardDataError("card nation code is not in GB/T 3304")
        record = IdCardRecord(
            name=name, nation=NATIONS[f["nation"]], nation_code=f["nation"],
            address=f["address"], authority=f["authority"],
            **common,
        )
    elif card_type is CardType.HK_MO_TW_RESIDENCE:
        record = IdCardRecord(
            name=name, nation=None, nation_code=None, address=f["address"],
            authority=f["authority"],
            pass_number=f["pass_number"] or None,
            issue_count=_count(f["issue_count"], "issue_count"),
            **common,
        )
    elif card_type is CardType.FOREIGN_PERMANENT_2017:
        english = _name(raw["english_name"])
        record = IdCardRecord(
            name=name or english, nation=None, nation_code=None, address="",
            authority=f["authority"], english_name=english,
            nationality=f["nationality"] or None, card_version=f["card_version"] or None,
            **common,
        )
    else:
        # The English name runs on from its first part (35 chars) into the second (11 chars):
        # join the parts as written, then drop the padding after the whole name.
        english = _name(raw["english_name"], raw["english_name_2"])
        record = IdCardRecord(
            name=name or english, nation=None, nation_code=None, address="",
            authority="", english_name=english,
            nationality=f["nationality"] or None,
            renewal_count=_count(f["renewal_count"], "renewal_count"),
            previous_link=f["previous_link"] or None,
            **common,
        )
    if not record.name:
        raise IdCardDataError("card text carries no name")
    return record


def parse_read_answer(data: bytes, with_fingerprint: bool = False) -> IdCardRecord:
    """Parse the DATA of a successful read answer (30 01, or 30 10 with fingerprint).

    Layout: text length, photo length[, fingerprint length] (2 bytes big-endian each), then
    the text, photo and fingerprint blocks.

    Raises:
        IdCardDataError: the lengths do not add up or the text is malformed.
    """
    head = 6 if with_fingerprint else 4
    if len(data) < head:
        raise IdCardDataError(f"read answer of {len(data)} bytes is too short")
    text_len = int.from_bytes(data[0:2], "big")
    photo_len = int.from_bytes(data[2:4], "big")
    fp_len = int.from_bytes(data[4:6], "big") if with_fingerprint else 0
    if text_len != TEXT_SIZE or photo_len > PHOTO_SIZE or fp_len > FINGERPRINT_SIZE:
        raise IdCardDataError(f"read answer block sizes {text_len}/{photo_len}/{fp_len} are not a card's")
    if len(data) != head + text_len + photo_len + fp_len:
        raise IdCardDataError(f"read answer is {len(data)} bytes, "
                              f"its block sizes say {head + text_len + photo_len + fp_len}")
    text = data[head:head + text_len]
    photo = data[head + text_len:head + text_len + photo_len]
    fingerprint = data[head + text_len + photo_len:] if with_fingerprint else None
    return parse_card_text(text, photo, fingerprint)


def parse_additional_address(data: bytes) -> str:
    """Parse the DATA of a read-additional-address answer (30 03) into the address text."""
    if not data or len(data) % 2:
        raise IdCardDataError("additional address is not UCS-2 text")
    return _field(data, 0, len(data), "additional_address")
