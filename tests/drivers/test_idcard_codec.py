"""SAM frame codec, status codes, card text parsing, masking and GB 11643: no ports involved."""
import datetime as dt

import pytest
from hypothesis import assume, given, settings, strategies as st

from drivers.idcard import (
    CardType,
    IdCardDataError,
    IdCardError,
    IdCardRecord,
    NoCardError,
    ReadCardError,
    SAM_STATUS_TEXT,
    SamChecksumError,
    SamCommand,
    SamConfigError,
    SamFrame,
    SamFrameError,
    SamFrameParser,
    SamFrameTooLongError,
    SamModuleError,
    SamStatusError,
    SelectCardError,
    answer,
    decode_frame,
    gb11643_check_char,
    is_valid_id_number,
    mask_id_number,
    mask_name,
    parse_card_text,
    parse_device_url,
    parse_read_answer,
    status_error,
)
from drivers.idcard import errors, photo
from drivers.idcard.frame import PREAMBLE, xor_checksum
from drivers.sim.idcard_sim import SAMPLE_CARDS


def read_answer_bytes(key: str) -> bytes:
    card = SAMPLE_CARDS[key]
    return answer(0x90, b"\x01\x00\x04\x00" + card.text + card.photo).encode()


# --- frames ---------------------------------------------------------------------------------
def test_command_frames_are_byte_exact():
    assert SamCommand.FIND_CARD.wire == bytes.fromhex("AAAAAA9669 0003 2001 22")
    assert SamCommand.SELECT_CARD.wire == bytes.fromhex("AAAAAA9669 0003 2002 21")
    assert SamCommand.READ_CARD.wire == bytes.fromhex("AAAAAA9669 0003 3001 32")
    assert SamCommand.RESET.wire == bytes.fromhex("AAAAAA9669 0003 10FF EC")
    assert SamCommand.READ_CARD_WITH_FINGERPRINT.wire == bytes.fromhex("AAAAAA9669 0003 3010 23")


def test_answer_frames_match_vendor_captures():
    # 15-byte find-card success and 19-byte select success as logged by vendor SDKs.
    assert answer(0x9F, bytes(4)).encode() == bytes.fromhex("AAAAAA9669 0008 00009F 00000000 97")
    assert answer(0x90, bytes(8)).encode() == bytes.fromhex("AAAAAA9669 000C 000090 0000000000000000 9C")
    assert answer(0x80).encode() == bytes.fromhex("AAAAAA9669 0004 000080 84")


def test_read_answer_is_1295_bytes_and_decodes():
    wire = read_answer_bytes("adult")
    assert len(wire) == 1295 == SamCommand.READ_CARD.answer_size
    assert wire[5:7] == b"\x05\x08"  # 1288: SW(3) + lengths(4) + 256 + 1024 + checksum
    frame = decode_frame(wire)
    assert frame.sw3 == 0x90
    record = parse_read_answer(frame.answer_data)
    assert record.card_type is CardType.MAINLAND and record.name == "测试张三"


def test_decode_frame_rejects_bad_checksum_and_extra_bytes():
    wire = bytearray(SamCommand.FIND_CARD.wire)
    wire[-1] ^= 1
    with pytest.raises(SamChecksumError):
        decode_frame(bytes(wire))
    with pytest.raises(SamFrameError):
        decode_frame(SamCommand.FIND_CARD.wire + b"\x00")


def test_parser_resyncs_after_garbage_and_false_preamble():
    parser = SamFrameParser()
    good = answer(0x9F, bytes(4)).encode()
    # A false preamble with a length that swallows the start of the real frame.
    parser.feed(b"\x01\x02\xAA\xAA\xAA\x96\x69\x00\x05\x99" + good + good)
    frames, errors_seen = [], []
    while True:
        try:
            frame = parser.next_frame()
        except SamFrameError as exc:
            errors_seen.append(exc)
            continue
        if frame is None:
            break
        frames.append(frame)
    assert [f.sw3 for f in frames] == [0x9F, 0x9F]
    assert len(errors_seen) == 1 and isinstance(errors_seen[0], SamChecksumError)
    assert parser.buffered == 0


def test_parser_length_guard_and_split_feeding():
    parser = SamFrameParser(max_length=100)
    parser.feed(b"\xAA\xAA\xAA\x96\x69\xFF\xFF")
    with pytest.raises(SamFrameTooLongError):
        parser.next_frame()
    wire = read_answer_bytes("elder")
    parser.reset()
    parser.feed(wire)
    with pytest.raises(SamFrameTooLongError):  # a 1288-byte read answer is over this guard
        parser.next_frame()
    parser = SamFrameParser()
    got = None
    for i in range(0, len(wire), 7):  # split feeding; needed() never overshoots the frame
        assert parser.needed() <= len(wire) - i
        parser.feed(wire[i:i + 7])
        got = parser.next_frame() or got
    assert got is not None and len(got.payload) == 1287


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=3000), st.integers(min_value=1, max_value=64))
def test_parser_on_random_bytes_only_raises_frame_errors(data, step):
    parser = SamFrameParser()
    for i in range(0, len(data), step):
        parser.feed(data[i:i + step])
        for _ in range(len(data) + 2):  # bounded: each call consumes or returns None
            try:
                frame = parser.next_frame()
            except SamFrameError:
                continue
            if frame is None:
                break
            assert isinstance(frame, SamFrame)
        assert parser.buffered <= 7 + parser.max_length + step
        assert parser.needed() >= 1


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(SAMPLE_CARDS)), st.data())
def test_parser_on_mutated_and_truncated_answers(key, data):
    wire = bytearray(read_answer_bytes(key))
    cut = data.draw(st.integers(min_value=0, max_value=len(wire)))
    flips = data.draw(st.lists(st.integers(min_value=0, max_value=len(wire) - 1), max_size=4))
    for pos in flips:
        wire[pos] ^= data.draw(st.integers(min_value=1, max_value=255))
    parser = SamFrameParser()
    parser.feed(bytes(wire[:cut]))
    try:
        frame = parser.next_frame()
    except SamFrameError:
        return
    if frame is not None:
        try:
            record = parse_read_answer(frame.answer_data)
        except IdCardError:
            return
        assert isinstance(record, IdCardRecord)


# --- resync after false and cut-short frames ---------------------------------------------------
FIND_OK = answer(0x9F, bytes(4)).encode()
NO_CARD = answer(0x80).encode()
FALSE_PREAMBLE = b"\xAA\xAA\xAA\x96\x69\x0F\xFF"  # claims 4095 bytes: plausible, never comes
GARBAGE_BEFORE = {
    "false preamble, plausible length": FALSE_PREAMBLE,
    "false preamble, length and a few bytes": FALSE_PREAMBLE + b"\x01\x02\x03",
    "false preamble, small length": b"\xAA\xAA\xAA\x96\x69\x00\x40\x00",
    "two false preambles": FALSE_PREAMBLE + b"\x00" + b"\xAA\xAA\xAA\x96\x69\x01\x00",
    "false preamble, no length yet": b"\xAA\xAA\xAA\x96\x69\x00",
    "a read answer cut short": read_answer_bytes("adult")[:100],
    "a read answer cut after its header": read_answer_bytes("adult")[:7],
    "a no-card answer cut short": NO_CARD[:-1],
    "noise with AA AA AA runs": b"\xAA\xAA\xAA\x00\xAA\xAA\xAA\x96\x00\xAA\xAA\xAA\x96\x69\xAA",
    "AA bytes only": b"\xAA" * 11,
    "preamble without 69": b"\x13\xAA\xAA\xAA\x96\x96\x69",
    "a too-long claim": b"\xAA\xAA\xAA\x96\x69\xFF\xFF",
    "noise": b"\x00\xffnoise\x01",
}


def frames_from(parser: SamFrameParser, data: bytes, step: int, idle: bool = False):
    """Feed `data` in pieces of `step` bytes, taking every frame out; with idle, resync once the
    line has gone quiet (what SamReader does after a quiet gap)."""
    frames, errors_seen = [], []

    def drain():
        while True:
            try:
                frame = parser.next_frame()
            except SamFrameError as exc:
                errors_seen.append(exc)
                continue
            if frame is None:
                return
            frames.append(frame)

    for i in range(0, len(data), step):
        assert parser.needed() >= 1
        parser.feed(data[i:i + step])
        drain()
    while idle and parser.resync():
        drain()
    return frames, errors_seen


@pytest.mark.parametrize("step", [1, 3, 7, 64, 100_000])
@pytest.mark.parametrize("garbage", list(GARBAGE_BEFORE.values()), ids=list(GARBAGE_BEFORE))
@pytest.mark.parametrize("good", [FIND_OK, "read"], ids=["find answer", "read answer"])
def test_a_good_answer_after_any_garbage_is_found(garbage, good, step):
    good = read_answer_bytes("elder") if good == "read" else good
    frames, _ = frames_from(SamFrameParser(), garbage + good, step)
    assert [f.encode() for f in frames] == [good]


def test_a_false_preamble_with_a_plausible_length_is_dropped_at_once():
    parser = SamFrameParser()
    parser.feed(FALSE_PREAMBLE + FIND_OK)
    with pytest.raises(SamFrameError, match="4095"):
        parser.next_frame()  # not "wait for 4095 bytes": the answer is already here
    assert parser.next_frame().encode() == FIND_OK and parser.buffered == 0


def test_a_good_frame_inside_a_false_one_is_kept_when_more_follows():
    parser = SamFrameParser()
    frames, errors_seen = frames_from(parser, FALSE_PREAMBLE + FIND_OK + NO_CARD + b"\x00\x01", 5)
    assert [f.encode() for f in frames] == [FIND_OK, NO_CARD] and len(errors_seen) == 1


def test_resync_goes_to_the_next_buffered_preamble_only():
    parser = SamFrameParser()
    parser.feed(FALSE_PREAMBLE + b"\x01\x02")
    assert parser.next_frame() is None and parser.resync() is False  # nothing later: keep waiting
    assert parser.buffered == len(FALSE_PREAMBLE) + 2
    bad = bytearray(FIND_OK)
    bad[-1] ^= 0x55
    parser.feed(bytes(bad) + FIND_OK[:9])  # a later frame, but no good one: only the quiet line tells
    assert parser.next_frame() is None
    assert parser.resync() is True
    with pytest.raises(SamChecksumError):
        parser.next_frame()
    assert parser.next_frame() is None  # the next preamble's frame is still incomplete
    parser.feed(FIND_OK[9:])
    assert parser.next_frame().encode() == FIND_OK


GOOD_FRAMES = [FIND_OK, NO_CARD, answer(0x90, bytes(8)).encode(), read_answer_bytes("minor")]
GARBAGE_PIECES = st.one_of(
    st.binary(max_size=12).map(lambda b: b.replace(b"\xAA", b"\x55")),
    st.sampled_from([PREAMBLE, PREAMBLE[:3], PREAMBLE[:4], b"\xAA", FALSE_PREAMBLE]),
    st.binary(min_size=2, max_size=2).map(lambda length: PREAMBLE + length),
    st.sampled_from(GOOD_FRAMES).flatmap(lambda f: st.integers(1, len(f) - 1).map(lambda cut: f[:cut])),
)


def _overlapping_valid_frame(garbage: bytes, data: bytes) -> bool:
    """True when the garbage holds a complete, checksum-valid frame reaching into what follows:
    no parser can tell that from a real frame, so the good frame after it may be lost."""
    pos = data.find(PREAMBLE)
    while 0 <= pos < len(garbage):
        if len(data) - pos >= 7:
            length = int.from_bytes(data[pos + 5:pos + 7], "big")
            end = pos + 7 + length
            if 3 <= length <= 4096 and end <= len(data) and end > len(garbage) \
                    and xor_checksum(data[pos + 5:end - 1]) == data[end - 1]:
                return True
        pos = data.find(PREAMBLE, pos + 1)
    return False


@settings(max_examples=300, deadline=None)
@given(st.lists(GARBAGE_PIECES, max_size=6).map(b"".join), st.sampled_from(GOOD_FRAMES),
       st.integers(min_value=1, max_value=80))
def test_garbage_never_hides_a_good_frame(garbage, good, step):
    data = garbage + good
    assume(not _overlapping_valid_frame(garbage, data))
    frames, _ = frames_from(SamFrameParser(), data, step, idle=True)
    assert frames and frames[-1].encode() == good


# --- card text ------------------------------------------------------------------------------
def test_mainland_adult_fields():
    card = SAMPLE_CARDS["adult"]
    record = parse_card_text(card.text, card.photo)
    assert record.card_type is CardType.MAINLAND
    assert (record.name, record.gender, record.gender_code) == ("测试张三", "男", "1")
    assert (record.nation, record.nation_code) == ("汉", "01")
    assert record.birth_date == dt.date(1988, 5, 15)
    assert record.address == "北京市东城区测试街道1号"
    assert is_valid_id_number(record.id_number) and record.id_number.startswith("11010119880515")
    assert record.authority == "北京市公安局东城分局"
    assert record.valid_to is not None and record.valid_to > record.valid_from
    assert record.photo_wlt == card.photo and record.fingerprint is None


def test_elder_is_long_term_and_green_channel_age():
    record = parse_card_text(SAMPLE_CARDS["elder"].text)
    assert record.valid_to is None and not record.is_expired_on(dt.date(2200, 1, 1))
    assert record.age_on(dt.date.today()) >= 70
    assert (record.gender, record.nation) == ("女", "回")
    assert parse_card_text(SAMPLE_CARDS["longterm"].text).valid_to is None
    assert parse_card_text(SAMPLE_CARDS["minor"].text).age_on(dt.date.today()) < 18


def test_hk_mo_tw_residence_permit():
    text = SAMPLE_CARDS["hkmotw"].text
    assert text[248:250] == "J".encode("utf-16-le")
    record = parse_card_text(text)
    assert record.card_type is CardType.HK_MO_TW_RESIDENCE
    assert record.id_number.startswith("810000") and is_valid_id_number(record.id_number)
    assert (record.pass_number, record.issue_count) == ("H00000001", 2)
    assert record.nation is None and record.address.startswith("广东省")


def test_foreign_permanent_2017():
    text = SAMPLE_CARDS["foreign2017"].text
    assert text[248:250] == "I".encode("utf-16-le")
    record = parse_card_text(text)
    assert record.card_type is CardType.FOREIGN_PERMANENT_2017
    assert (record.english_name, record.name) == ("TESTER, ALPHA", "测试阿尔法")
    assert (record.id_number, record.nationality, record.authority) == ("USA110085061501", "USA", "1100")
    assert record.birth_date == dt.date(1985, 6, 15) and record.gender == "女"
    assert record.card_version == "01"


def test_foreign_permanent_2023_joins_english_name():
    text = SAMPLE_CARDS["foreign2023"].text
    assert text[248:250] == "Y".encode("utf-16-le")
    record = parse_card_text(text)
    assert record.card_type is CardType.FOREIGN_PERMANENT_2023
    assert record.english_name == "TESTOVSKAYA-EXAMPLEVNA, BRAVO ALEXANDRA MARI"
    assert record.id_number.startswith("9") and is_valid_id_number(record.id_number)
    assert (record.nationality, record.renewal_count, record.previous_link) == ("RUS", 1, "110")
    assert record.birth_date == dt.date(1979, 7, 12)


def _with(text: bytes, offset: int, value: str) -> bytes:
    raw = value.encode("utf-16-le")
    return text[:offset] + raw + text[offset + len(raw):]


@pytest.mark.parametrize("offset, value, words", [
    (122, "110101198805152310", "GB 11643"),  # wrong check digit
    (30, "7", "gender"),
    (32, "77", "nation"),
    (36, "19881345", "real date"),
    (204, "2043XX01", "YYYYMMDD"),
    (248, "Q", "card type"),
])
def test_bad_text_gives_clear_data_error(offset, value, words):
    with pytest.raises(IdCardDataError, match=words):
        parse_card_text(_with(SAMPLE_CARDS["adult"].text, offset, value))


# --- ID numbers on every card type: the hall's one rule set ----------------------------------
ID_NUMBER_OFFSET = 122  # the same in all four layouts (mainland/J: after the address; I/Y: after a name)


def _with_field(text: bytes, offset: int, size: int, value: str, pad: str = " ") -> bytes:
    raw = value.encode("utf-16-le")
    assert len(raw) <= size
    return text[:offset] + raw + pad.encode("utf-16-le") * ((size - len(raw)) // 2) + text[offset + size:]


@pytest.mark.parametrize("card, number, why", [
    ("adult", "110105198813010011", "month 13"),
    ("adult", "110105198801320012", "day 32"),
    ("adult", "110105199102290015", "Feb 29 of 1991"),
    ("adult", "110105190002290017", "Feb 29 of 1900"),
    ("adult", "110105209901010012", "born in 2099"),
    ("adult", "110105189912310015", "born before 1900"),
    ("adult", "190101197001010010", "no province"),
    ("adult", "110105491231002", "a legacy 15-digit number on a card"),
    ("adult", "810000199103040171", "a residence permit's number on a citizen's card"),
    ("hkmotw", "810000199113040175", "month 13"),
    ("hkmotw", "81000019910132017X", "day 32"),
    ("hkmotw", "830000199102290033", "Feb 29 of 1991"),
    ("hkmotw", "810000209901010176", "born in 2099"),
    ("hkmotw", "110101198805152313", "a citizen's number on a permit"),
    ("foreign2017", "USA110088130101", "month 13"),
    ("foreign2017", "USA110088013201", "day 32"),
    ("foreign2017", "USA110091022901", "Feb 29 of 1991"),
    ("foreign2017", "USA110088000101", "month 0"),
    ("foreign2017", "US1110079012345", "two letters"),
    ("foreign2017", "USA11007901234Ａ", "a full-width letter among the digits"),
    ("foreign2023", "984011197913120026", "month 13"),
    ("foreign2023", "984011197902300021", "Feb 30"),
    ("foreign2023", "984011209912310026", "born in 2099"),
    ("foreign2023", "984011209907120025", "born in 2099"),
    ("foreign2023", "110101198805152313", "a citizen's number on a foreigner's card"),
    ("foreign2023", "98401119790712002Y", "wrong check character"),
])
def test_a_card_whose_number_fails_the_rule_set_is_a_data_error(card, number, why):
    size = 30 if card == "foreign2017" else 36
    text = _with_field(SAMPLE_CARDS[card].text, ID_NUMBER_OFFSET, size, number)
    with pytest.raises(IdCardDataError, match="ID number") as refused:
        parse_card_text(text)
    assert number not in str(refused.value), why


@pytest.mark.parametrize("card, number, kind", [
    ("adult", "11010519491231002X", "MAINLAND"),
    ("adult", "11010519491231002x", "MAINLAND"),  # the rule set's canonical form: upper-case X
    ("hkmotw", "830000197512250035", "HK_MO_TW_RESIDENCE"),
    ("foreign2017", "KAZ110090123105", "FOREIGN_PERMANENT_2017"),
    ("foreign2017", "CAN110010050101", "FOREIGN_PERMANENT_2017"),
    ("foreign2023", "932682198501010017", "FOREIGN_PERMANENT_2023"),
])
def test_every_card_type_takes_its_valid_numbers(card, number, kind):
    size = 30 if card == "foreign2017" else 36
    record = parse_card_text(_with_field(SAMPLE_CARDS[card].text, ID_NUMBER_OFFSET, size, number))
    assert record.id_number == number.upper() and record.card_type.name == kind
    assert is_valid_id_number(record.id_number)


# --- names as written ------------------------------------------------------------------------
ENGLISH_2023 = (52, 70, 220, 22)  # part 1 (chars 1-35) and part 2 (chars 36-46): offset, size


def _with_english_2023(text: bytes, name: str, pad: str = " ") -> bytes:
    off1, size1, off2, size2 = ENGLISH_2023
    text = _with_field(text, off1, size1, name[:35], pad)
    return _with_field(text, off2, size2, name[35:], pad)


def _name_with_space_at(position: int, length: int = 46) -> str:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ" * 2
    name = letters[:length]
    return name[:position - 1] + " " + name[position:]


@pytest.mark.parametrize("name", [
    _name_with_space_at(36),  # the first character of part 2: the reported defect
    _name_with_space_at(35),  # the last character of part 1
    _name_with_space_at(37),
    _name_with_space_at(36, length=40),
    _name_with_space_at(35, length=36),
    "A" * 34 + "  " + "B" * 10,  # two spaces across the join
    "A" * 35 + "   BC",  # three spaces at the start of part 2
    "A" * 35,  # exactly fills part 1
    "A" * 46,  # fills both parts
    "TESTOVSKAYA-EXAMPLEVNA, BRAVO ALEXANDRA MARI",
    "X Y",
    "VAN  DER  BERG, ANNA",
])
@pytest.mark.parametrize("pad", [" ", "\x00"])
def test_2023_english_name_is_kept_as_written(name, pad):
    record = parse_card_text(_with_english_2023(SAMPLE_CARDS["foreign2023"].text, name, pad))
    assert record.english_name == name


@pytest.mark.parametrize("name", [
    "TESTER, ALPHA", "VAN DER BERG, ANNA MARIA", "A  B", "O'NEIL-SMITH,  JOHN   PAUL", "A" * 60,
    "A" * 58 + " B",
])
@pytest.mark.parametrize("pad", [" ", "\x00"])
def test_2017_english_name_is_kept_as_written(name, pad):
    record = parse_card_text(_with_field(SAMPLE_CARDS["foreign2017"].text, 0, 120, name, pad))
    assert record.english_name == name


CHINESE_NAME = {"adult": 0, "hkmotw": 0, "foreign2023": 0, "foreign2017": 158}  # 30 bytes each


@pytest.mark.parametrize("card", sorted(CHINESE_NAME))
@pytest.mark.parametrize("name", ["测试 张三", "阿卜杜 热合曼 测试", "测试·阿尔法", "测  试",
                                  "测试测试测试测试测试测试 测试"])
@pytest.mark.parametrize("pad", [" ", "\x00"])
def test_chinese_names_of_every_card_keep_inner_spaces_and_lose_padding(card, name, pad):
    record = parse_card_text(_with_field(SAMPLE_CARDS[card].text, CHINESE_NAME[card], 30, name, pad))
    assert record.name == name


def test_2017_card_without_chinese_name_goes_by_its_english_name():
    text = _with_field(SAMPLE_CARDS["foreign2017"].text, 158, 30, "")
    text = _with_field(text, 0, 120, "TESTER,  ALPHA  B")
    assert parse_card_text(text).name == "TESTER,  ALPHA  B"


def test_bad_text_sizes_and_surrogates():
    with pytest.raises(IdCardDataError):
        parse_card_text(b"\x00" * 255)
    with pytest.raises(IdCardDataError, match="UCS-2"):
        parse_card_text(b"\x00\xd8" + SAMPLE_CARDS["adult"].text[2:])
    with pytest.raises(IdCardDataError, match="block sizes"):
        parse_read_answer(b"\x01\x00\x04\x01" + bytes(1281))


@settings(max_examples=300, deadline=None)
@given(st.binary(min_size=0, max_size=300))
def test_text_parser_on_random_bytes_only_raises_data_errors(data):
    try:
        parse_card_text(data)
    except IdCardDataError:
        pass


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(SAMPLE_CARDS)), st.integers(0, 255), st.integers(0, 255))
def test_text_parser_on_one_corrupted_byte(key, pos, value):
    text = bytearray(SAMPLE_CARDS[key].text)
    text[pos] = value
    try:
        record = parse_card_text(bytes(text))
    except IdCardDataError:
        return
    assert record.card_type.value in " JIY"


# --- GB 11643 -------------------------------------------------------------------------------
@pytest.mark.parametrize("number", ["11010519491231002X"])
def test_gb11643_published_examples_are_valid(number):
    assert is_valid_id_number(number)


@pytest.mark.parametrize("number", [
    "110105194912310021", "440524188001010015", "4405241880010100", "A4052418800101001X",
    "11010519491231002x",  # valid, but not as a card carries it (upper-case X)
    "440524188001010014",  # GB 11643's own example: the right check character, but born before 1900
])
def test_gb11643_rejects_invalid(number):
    assert not is_valid_id_number(number)


def test_gb11643_check_char_all_remainders():
    assert gb11643_check_char("11010519491231002") == "X"
    assert gb11643_check_char("44052418800101001") == "4"
    assert {gb11643_check_char(f"{n:017d}") for n in range(0, 200)} == set("10X98765432")
    with pytest.raises(IdCardDataError):
        gb11643_check_char("1234")


# --- status codes ---------------------------------------------------------------------------
DOCUMENTED = [0x10, 0x11, 0x21, 0x23, 0x24, 0x31, 0x32, 0x33, 0x40, 0x41, 0x47, 0x60, 0x66, 0x80, 0x81, 0x91]


@pytest.mark.parametrize("code", DOCUMENTED)
def test_every_documented_status_has_its_own_class_and_text(code):
    exc = status_error(code, "read card")
    assert type(exc) is not SamStatusError and exc.code == code
    assert exc.message_zh and exc.message_en and f"0x{code:02X}" in str(exc) and "read card" in str(exc)
    assert SAM_STATUS_TEXT[code] == (exc.message_zh, exc.message_en)


def test_status_classes_group_by_cause():
    assert isinstance(status_error(0x80), NoCardError)
    assert isinstance(status_error(0x81), SelectCardError)
    assert isinstance(status_error(0x41), ReadCardError)
    assert isinstance(status_error(0x66), SamModuleError) and isinstance(status_error(0x60), SamModuleError)
    assert isinstance(status_error(0x10), errors.SamHostFrameError)
    assert len({type(status_error(c)) for c in DOCUMENTED}) == len(DOCUMENTED)
    odd = status_error(0x55)
    assert type(odd) is SamStatusError and "0x55" in str(odd)
    assert SAM_STATUS_TEXT[0x90][0] == "操作成功" and SAM_STATUS_TEXT[0x9F][0] == "寻找证/卡成功"


# --- masking and logs ------------------------------------------------------------------------
def test_masking():
    assert mask_name("张三") == "张*" and mask_name("张三丰") == "张*丰" and mask_name("欧阳测试") == "欧**试"
    assert mask_name("李") == "*"
    assert mask_id_number("11010519491231002X") == "110105********002X"
    assert mask_id_number("USA110085061501") == "USA110*****1501"


def test_repr_never_shows_name_or_id():
    record = parse_card_text(SAMPLE_CARDS["elder"].text, SAMPLE_CARDS["elder"].photo)
    for shown in (repr(record), str(record), f"{record}", repr([record])):
        assert record.name not in shown and record.id_number not in shown
        assert record.address not in shown and "1948" not in shown
        assert record.masked_name() in shown and record.masked_id() in shown
    assert record.card_type.name in repr(record)
    assert "长期" == "长期" and record.masked_name() == "测***奶"


# --- device URLs ----------------------------------------------------------------------------
@pytest.mark.parametrize("url, expected", [
    ("serial:///dev/ttyUSB0?baud=115200", ("/dev/ttyUSB0", 115200, False)),
    ("serial:///dev/pts/7?baud=9600", ("/dev/pts/7", 9600, False)),
    ("serial://COM3", ("COM3", 115200, False)),
    ("/dev/ttyS1", ("/dev/ttyS1", 115200, False)),
    ("socket://127.0.0.1:7001", ("socket://127.0.0.1:7001", 115200, False)),
    ("socket://127.0.0.1:7001?baud=57600", ("socket://127.0.0.1:7001", 57600, False)),
    ("loop://", ("loop://", 115200, False)),
    ("sim://", ("sim://", 115200, True)),
])
def test_parse_device_url(url, expected):
    spec = parse_device_url(url)
    assert (spec.url, spec.baudrate, spec.simulated) == expected


@pytest.mark.parametrize("url", ["", "serial://", "serial:///dev/ttyUSB0?baud=fast", "serial:///dev/x?baud=1", "ftp://x"])
def test_parse_device_url_rejects(url):
    with pytest.raises(SamConfigError):
        parse_device_url(url)


# --- photo plug-in --------------------------------------------------------------------------
def test_wlt_decoder_registry():
    class FakeVendor:
        def decode(self, wlt: bytes) -> bytes:
            return b"BM" + wlt[:4]

    class Broken:
        def decode(self, wlt: bytes) -> bytes:
            raise RuntimeError("vendor lib crashed")

    with pytest.raises(photo.PhotoDecoderMissingError):
        photo.decode_wlt(b"x" * 1024, "vendor")
    photo.register_wlt_decoder("vendor", FakeVendor())
    photo.register_wlt_decoder("broken", Broken())
    try:
        assert photo.decode_wlt(b"WLT!rest", "vendor") == b"BMWLT!"
        with pytest.raises(photo.PhotoDecoderMissingError):
            photo.decode_wlt(b"x")  # two registered: must name one
        with pytest.raises(photo.PhotoDecodeError):
            photo.decode_wlt(b"x", "broken")
        with pytest.raises(TypeError):
            photo.register_wlt_decoder("bad", object())
    finally:
        photo.unregister_wlt_decoder("vendor")
        photo.unregister_wlt_decoder("broken")
    assert photo.registered_wlt_decoders() == []
