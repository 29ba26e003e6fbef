"""The hall's one rule set for ID documents (hall_rules.idnumbers): every kind valid and invalid,
full-width and other-script digits, 15 -> 18, impossible and future birth dates, masking."""
import datetime as dt

import pytest
from hypothesis import given, settings, strategies as st

from hall_rules import idnumbers
from hall_rules.idnumbers import BadIdNumber, IdKind

TODAY = dt.date(2026, 12, 4)
FULL_WIDTH = str.maketrans("0123456789AXSUx", "０１２３４５６７８９ＡＸＳＵｘ")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
DEVANAGARI = str.maketrans("0123456789", "०१२३४५६७८९")

M, J, I17, Y23 = (IdKind.MAINLAND, IdKind.HK_MO_TW_RESIDENCE, IdKind.FOREIGN_PERMANENT_2017,
                  IdKind.FOREIGN_PERMANENT_2023)

VALID = [
    # (as given, canonical, kind, birth)
    ("11010519491231002X", "11010519491231002X", M, "1949-12-31"),  # GB 11643's own example
    ("110101198805152313", "110101198805152313", M, "1988-05-15"),
    ("440301200002291237", "440301200002291237", M, "2000-02-29"),  # 2000 is a leap year
    ("11010519000101001X", "11010519000101001X", M, "1900-01-01"),  # the earliest birth
    ("110105202612040010", "110105202612040010", M, "2026-12-04"),  # born today
    ("11010519491231002x", "11010519491231002X", M, "1949-12-31"),  # lower-case x
    (" \t11010519491231002X\n", "11010519491231002X", M, "1949-12-31"),  # whitespace around
    ("\u300011010519491231002X\u3000", "11010519491231002X", M, "1949-12-31"),  # ideographic spaces
    ("11010519491231002X".translate(FULL_WIDTH), "11010519491231002X", M, "1949-12-31"),
    ("11010519491231002x".translate(FULL_WIDTH), "11010519491231002X", M, "1949-12-31"),  # ｘ
    ("１" + "10105194912310021"[:16] + "X", "11010519491231002X", M, "1949-12-31"),  # one full-width digit
    # Legacy 15-digit numbers become their 18-character form: the same person.
    ("110105491231002", "11010519491231002X", M, "1949-12-31"),
    ("440301900228123", "440301199002281236", M, "1990-02-28"),
    ("110105491231002".translate(FULL_WIDTH), "11010519491231002X", M, "1949-12-31"),
    # HK / Macao / Taiwan residence permits.
    ("810000199103040171", "810000199103040171", J, "1991-03-04"),
    ("820000198001010024", "820000198001010024", J, "1980-01-01"),
    ("830000197512250035", "830000197512250035", J, "1975-12-25"),
    # Foreign permanent resident card 2023: 9 first, the citizen layout and check.
    ("98401119790712002X", "98401119790712002X", Y23, "1979-07-12"),
    ("932682198501010017", "932682198501010017", Y23, "1985-01-01"),  # the immigration administration's example
    ("98401119790712002x", "98401119790712002X", Y23, "1979-07-12"),
    # Foreign permanent resident card 2017: 3 letters, 4-digit authority, YYMMDD, 2 digits.
    ("USA110079012345", "USA110079012345", I17, "1979-01-23"),
    ("usa110079012345", "USA110079012345", I17, "1979-01-23"),
    ("KAZ110090123105", "KAZ110090123105", I17, "1990-12-31"),  # the immigration administration's example
    ("USA110079012345".translate(FULL_WIDTH), "USA110079012345", I17, "1979-01-23"),
    (" USA110085061501 ", "USA110085061501", I17, "1985-06-15"),
    ("CAN110010050101", "CAN110010050101", I17, "2010-05-01"),  # a child: this century
    ("GBR110030010101", "GBR110030010101", I17, "1930-01-01"),  # 2030 is ahead: the last century
    ("FRA110026120401", "FRA110026120401", I17, "2026-12-04"),  # born today
    ("FRA110026120501", "FRA110026120501", I17, "1926-12-05"),  # tomorrow of 2026 is 1926
    ("DEU110000022901", "DEU110000022901", I17, "2000-02-29"),
]

INVALID = [
    # (number, why)
    ("110105194912310021", "wrong check character"),
    ("X10105194912310021", "X not at the end"),
    ("110105198813010011", "month 13"),
    ("110105198801320012", "day 32"),
    ("110105199102290015", "Feb 29 of 1991"),
    ("110105190002290017", "Feb 29 of 1900 (not a leap year)"),
    ("110105202612050016", "born tomorrow"),
    ("110105209901010012", "born in 2099"),
    ("110105189912310015", "born before 1900"),
    ("710000198001010010", "Taiwan's province code is no citizen's"),
    ("000000198001010013", "no province"),
    ("190101197001010010", "19 is no province"),
    ("660101197001010013", "66 is no province"),
    ("110105991301001", "legacy, month 13"),
    ("110105910229001", "legacy, Feb 29 of 1991"),
    ("000105491231002", "legacy, no province"),
    ("810000199113040175", "HK permit, month 13"),
    ("820000198001320022", "Macao permit, day 32"),
    ("830000209901010030", "Taiwan permit, born in 2099"),
    ("810000189912310013", "HK permit, born before 1900"),
    ("810000199103040172", "HK permit, wrong check character"),
    ("984011209907120025", "2023 card, born in 2099"),
    ("984011197902300021", "2023 card, Feb 30"),
    ("984011189912310020", "2023 card, born before 1900"),
    ("98401119790712002Y", "2023 card, wrong check character"),
    ("USA110088130101", "2017 card, month 13"),
    ("USA110088013201", "2017 card, day 32"),
    ("USA110091022901", "2017 card, Feb 29 of 1991 and 2091"),
    ("USA110088000101", "2017 card, month 0"),
    ("US1110079012345", "2017 card, two letters"),
    ("USAA10079012345", "2017 card, four letters"),
    ("USA11007901234A", "2017 card, letter among the digits"),
    ("USA11007901234", "2017 card, 14 characters"),
    ("\u0131RL110079012345", "dotless i, upper-cased into an ASCII I"),
    ("11010519491231002X".translate(ARABIC_INDIC), "Arabic-Indic digits"),
    ("11010519491231002X".translate(DEVANAGARI), "Devanagari digits"),
    ("1101051949123100" + "\u0662" + "X", "one Arabic-Indic digit"),
    ("USA110079012345".translate(ARABIC_INDIC), "2017 card, Arabic-Indic digits"),
    ("110105 19491231002X", "a space inside"),
    ("11010519491231002", "17 characters"),
    ("11010519491231002X1", "19 characters"),
    ("1101051949123", "13 digits"),
    ("", "empty"),
    ("   ", "blank"),
    ("\ud800" * 18, "lone surrogates"),
    ("１" * 18, "full-width ones: wrong check character"),
]


@pytest.mark.parametrize("given_, canonical, kind, born", VALID)
def test_valid_numbers_and_their_canonical_form(given_, canonical, kind, born):
    found = idnumbers.parse(given_, today=TODAY)
    assert (found.number, found.kind, found.birth) == (canonical, kind, dt.date.fromisoformat(born))
    assert idnumbers.normalise(given_, today=TODAY) == canonical
    assert idnumbers.kind_of(given_, today=TODAY) is kind
    assert idnumbers.birth(given_, today=TODAY) == dt.date.fromisoformat(born)
    assert idnumbers.is_valid(given_, today=TODAY)
    # The canonical form is itself valid and its own canonical form.
    assert idnumbers.normalise(canonical, today=TODAY) == canonical


@pytest.mark.parametrize("number, why", INVALID)
def test_invalid_numbers_are_refused_without_echo(number, why):
    with pytest.raises(BadIdNumber) as refused:
        idnumbers.normalise(number, today=TODAY)
    assert isinstance(refused.value, ValueError)
    text = str(refused.value)
    digits = "".join(ch for ch in number if ch.isalnum())
    assert len(digits) < 6 or digits[:6] not in text, why
    assert not idnumbers.is_valid(number, today=TODAY)


def test_not_text_is_refused():
    for value in (None, 110105194912310020, b"11010519491231002X"):
        with pytest.raises(BadIdNumber):
            idnumbers.normalise(value)  # type: ignore[arg-type]  # not text, on purpose


def test_future_is_judged_against_today():
    # Born on 2026-12-05: future on the 4th, fine from the 5th; the default is the local date.
    assert not idnumbers.is_valid("110105202612050016", today=dt.date(2026, 12, 4))
    assert idnumbers.is_valid("110105202612050016", today=dt.date(2026, 12, 5))
    assert not idnumbers.is_valid("110105209901010012")
    assert idnumbers.is_valid("11010519491231002X")
    # A 2017 card's century follows today: 26-12-05 is 1926 today, 2026 from tomorrow.
    assert idnumbers.birth("FRA110026120501", today=dt.date(2026, 12, 5)) == dt.date(2026, 12, 5)


def test_legacy_and_current_numbers_are_the_same_person():
    assert idnumbers.normalise("110105491231002") == idnumbers.normalise("11010519491231002X")
    assert idnumbers.normalise("440301900228123") == "440301199002281236"


def test_age_on():
    assert idnumbers.age_on("11010519491231002X", dt.date(2019, 12, 30)) == 69
    assert idnumbers.age_on("11010519491231002X", dt.date(2019, 12, 31)) == 70
    assert idnumbers.age_on("110105491231002", dt.date(2019, 12, 31)) == 70
    assert idnumbers.age_on("USA110050030101", dt.date(2026, 11, 23)) == 76
    with pytest.raises(BadIdNumber):
        idnumbers.age_on("110105198813010011", dt.date(2026, 1, 1))


def test_check_character():
    assert idnumbers.check_character("11010519491231002") == "X"
    assert idnumbers.check_character("44052418800101001") == "4"
    assert {idnumbers.check_character(f"{n:017d}") for n in range(200)} == set("10X98765432")
    for bad in ("1234", "1101051949123100X", "1101051949123100" + "\u0662", "110105194912310021"):
        with pytest.raises(BadIdNumber):
            idnumbers.check_character(bad)


def test_the_one_masking_rule():
    assert idnumbers.mask("11010519491231002X") == "110105********002X"
    assert idnumbers.mask("USA110079012345") == "USA110*****2345"
    assert idnumbers.mask("H1234567") == "H1*****7"  # shorter: the same share kept
    assert idnumbers.mask("1234") == "1***" and idnumbers.mask("12") == "**" and idnumbers.mask("") == ""
    for n in range(30):
        shown = idnumbers.mask("9" * n)
        assert len(shown) == n
        assert shown.count("*") == n - 10 if n >= 15 else shown.count("*") >= n / 2
    assert idnumbers.mask_name("张三") == "张*"
    assert idnumbers.mask_name("张小三") == "张*三"
    assert idnumbers.mask_name("欧阳小明") == "欧**明"
    assert idnumbers.mask_name("李") == "*"
    assert idnumbers.mask_name(" 张三 ") == "张*" and idnumbers.mask_name("") == "" and idnumbers.mask_name("  ") == ""
    assert idnumbers.mask_name("TESTER, ALPHA") == "T***********A"


def test_a_parsed_number_never_shows_in_full():
    found = idnumbers.parse("11010519491231002X")
    assert "11010519491231002X" not in repr(found) + str(found)
    assert "110105********002X" in repr(found) and "MAINLAND" in repr(found)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=25))
def test_any_text_is_either_refused_or_canonical(text):
    try:
        canonical = idnumbers.normalise(text, today=TODAY)
    except BadIdNumber:
        return
    assert canonical.isascii() and canonical == canonical.upper() and len(canonical) in (15, 18)
    assert idnumbers.normalise(canonical, today=TODAY) == canonical


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY), st.integers(0, 999),
       st.sampled_from(["110105", "440301", "650102", "810000", "820000", "830000", "984011"]))
def test_every_real_birth_of_every_18_character_kind_is_valid(born, seq, prefix):
    body = f"{prefix}{born:%Y%m%d}{seq:03d}"
    number = body + idnumbers.check_character(body)
    assert idnumbers.birth(number, today=TODAY) == born
    assert idnumbers.kind_of(number, today=TODAY) is (M if prefix[0] < "8" else J if prefix[0] == "8" else Y23)
    wrong = body + next(c for c in "0123456789X" if c != number[-1])
    assert not idnumbers.is_valid(wrong, today=TODAY)
