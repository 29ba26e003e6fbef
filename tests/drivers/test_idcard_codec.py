"""SAM frame codec, status codes, card text parsing, masking and GB 11643: no ports involved."""
import datetime as dt

import pytest
from hypothesis import given, settings, strategies as st

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
@pytest.mark.parametrize("number", ["11010519491231002X", "440524188001010014"])
def test_gb11643_published_examples_are_valid(number):
    assert is_valid_id_number(number)


@pytest.mark.parametrize("number", ["110105194912310021", "440524188001010015", "4405241880010100", "11010519491231002x", "A4052418800101001X"])
def test_gb11643_rejects_invalid(number):
    assert not is_valid_id_number(number)


def test_gb11643_check_char_all_remainders():
    assert gb11643_check_char("11010519491231002") == "X"
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
    assert mask_name("张三") == "张*" and mask_name("张三丰") == "张*丰" and mask_name("欧阳测试") == "欧*试"
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
    assert "长期" == "长期" and record.masked_name() == "测*奶"


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
