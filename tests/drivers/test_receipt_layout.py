"""Receipt bytes, status decoding and the no-full-ID rule, without any device."""
from datetime import datetime

import pytest

from drivers.printing import PrinterModel, ReceiptPrinter, ReceiptRefused, TicketReceipt, printer_model
from drivers.printing.layout import ReceiptComposer, check_ticket_printable, ticket_layout
from drivers.printing.status import PrinterStatus, StatusByteInvalid, decode_offline_cause, decode_paper_sensor, \
    decode_printer_status

FS_AND = b"\x1c\x26"
ESC_AT = b"\x1b\x40"
FULL_CUT = b"\x1dV\x00"


def ticket(**changes) -> TicketReceipt:
    base = dict(
        hall_name="东城区政务服务中心", ticket_number="A001", category_name="综合受理", people_ahead=3,
        estimated_wait_minutes=15, issued_at=datetime(2024, 5, 6, 9, 31), masked_name="张*三",
        tracking_url="https://hall.example/q/7f3a", notice_lines=("请留意叫号屏",), language="zh",
    )
    base.update(changes)
    return TicketReceipt(**base)


def ticket_bytes(t: TicketReceipt, model: str = "gb18030-80") -> bytes:
    composer = ReceiptComposer(printer_model(model))
    ticket_layout(composer, t)
    return composer.output()


def test_ticket_starts_with_reset_and_chinese_mode_before_any_chinese():
    data = ticket_bytes(ticket())
    assert data.startswith(ESC_AT + FS_AND)
    first_high_byte = next(i for i, b in enumerate(data) if b >= 0x80)
    assert data.index(FS_AND) < first_high_byte


def test_ticket_carries_gb18030_category_and_ends_with_cut():
    data = ticket_bytes(ticket())
    assert "综合受理".encode("gb18030") in data
    assert "综合受理".encode("gb18030") == b"\xd7\xdb\xba\xcf\xca\xdc\xc0\xed"
    assert "综合受理".encode() not in data
    assert data.endswith(b"\x1bd\x06" + FULL_CUT)
    assert data.count(FULL_CUT) == 1


def test_ticket_number_is_printed_large_and_bold():
    data = ticket_bytes(ticket())
    # GS ! 0x33 = 4x width, 4x height; ESC E 1 = bold; ESC a 1 = centred
    assert b"\x1d!\x33\x1bE\x01\x1ba\x01A001\n" in data


def test_ticket_qr_code_is_native_gs_k_with_the_tracking_url():
    data = ticket_bytes(ticket())
    url = b"https://hall.example/q/7f3a"
    store = b"\x1d(k" + bytes([len(url) + 3, 0]) + b"1P0" + url
    assert store in data
    assert data.index(store) < data.index(b"\x1d(k\x03\x001Q0")  # print after store


def test_model_without_native_qr_sends_a_raster_image():
    data = ticket_bytes(ticket(), "gb18030-80-rasterqr")
    assert b"\x1dv0" in data and b"\x1d(k" not in data


def test_gbk_and_big5_models_encode_per_model():
    assert "综合受理".encode("gbk") in ticket_bytes(ticket(), "gbk-80")
    big5 = ticket_bytes(ticket(category_name="綜合受理", hall_name="政務服務中心", masked_name=None,
                               notice_lines=()), "big5-80")
    assert "綜合受理".encode("big5") in big5


def test_english_ticket_has_no_chinese_bytes_but_still_enters_chinese_mode():
    data = ticket_bytes(ticket(language="en", hall_name="Dongcheng Service Hall", masked_name="Z*** S*",
                               notice_lines=("Watch the call screen",)))
    assert b"People ahead: 3" in data and b"Estimated wait: about 15 min" in data
    assert data.startswith(ESC_AT + FS_AND)


@pytest.mark.parametrize("field, value", [
    ("masked_name", "110101199003071234"),
    ("masked_name", "张三"),
    ("masked_name", "张*三 1234"),
    ("notice_lines", ("证件号 11010119900307123X",)),
    ("notice_lines", ("证件号 110101 19900307 1234",)),
    ("tracking_url", "https://hall.example/q?id=110101199003071234"),
    ("hall_name", "ABC123456789012"),
    ("category_name", "110101900307123"),
])
def test_a_full_id_number_or_unmasked_name_is_refused(field, value):
    with pytest.raises(ReceiptRefused):
        ticket_bytes(ticket(**{field: value}))


def test_receipt_printer_refuses_before_touching_the_device():
    printer = ReceiptPrinter.open("escpos+dummy://")
    with pytest.raises(ReceiptRefused, match="full ID"):
        printer.print_ticket(ticket(notice_lines=("110101199003071234",)))


def test_masked_names_and_opaque_tokens_pass():
    check_ticket_printable(ticket(masked_name="欧阳*华"))
    check_ticket_printable(ticket(tracking_url="https://hall.example/q/a1b2c3d4e5f6a7b8c9d0e1f2a3b4"))


def test_long_lines_wrap_at_paper_width():
    model = PrinterModel("narrow", "gb18030", FS_AND, 8, 384, "POS-5890")
    composer = ReceiptComposer(model)
    composer.line("综合受理窗口")  # 12 columns on an 8-column paper
    assert composer.output() == "综合受理".encode("gb18030") + b"\n" + "窗口".encode("gb18030") + b"\n"


# -- DLE EOT status decoding (ESC/POS "Transmit real-time status") ------------------------------

def test_dle_eot_1_online_and_offline():
    assert decode_printer_status(0x12) == {"online": True}
    assert decode_printer_status(0x16) == {"online": True}  # drawer pin high does not matter
    assert decode_printer_status(0x1A) == {"online": False}


def test_dle_eot_2_offline_causes():
    assert decode_offline_cause(0x12) == {"cover_open": False, "feed_button": False, "paper_end_stop": False,
                                          "error": False}
    assert decode_offline_cause(0x16)["cover_open"]
    assert decode_offline_cause(0x1A)["feed_button"]
    assert decode_offline_cause(0x32)["paper_end_stop"]
    assert decode_offline_cause(0x52)["error"]


def test_dle_eot_4_paper_sensors():
    assert decode_paper_sensor(0x12) == {"near_end": False, "paper_end": False}
    assert decode_paper_sensor(0x1E) == {"near_end": True, "paper_end": False}
    assert decode_paper_sensor(0x72) == {"near_end": False, "paper_end": True}
    assert decode_paper_sensor(0x7E) == {"near_end": True, "paper_end": True}


@pytest.mark.parametrize("byte", [0x00, 0x10, 0x02, 0x13, 0x92, 0xFF])
def test_bytes_with_wrong_fixed_bits_are_not_status(byte):
    with pytest.raises(StatusByteInvalid):
        decode_printer_status(byte)


@pytest.mark.parametrize("bytes3, state, words", [
    ((0x12, 0x12, 0x12), "ok", "ready"),
    ((0x12, 0x12, 0x1E), "degraded", "nearly empty"),
    ((0x1A, 0x32, 0x72), "down", "paper roll is empty"),
    ((0x1A, 0x16, 0x12), "down", "cover is open"),
    ((0x1A, 0x52, 0x12), "down", "error"),
    ((0x1A, 0x12, 0x12), "down", "off-line"),
])
def test_status_health(bytes3, state, words):
    health = PrinterStatus.from_bytes(*bytes3).health()
    assert health.state == state and words in health.reason


def test_unreachable_and_unreported_status_health():
    assert PrinterStatus.unreachable("no route").health().state == "down"
    assert PrinterStatus.not_reported("file").health().state == "degraded"


def test_file_printer_writes_the_ticket_bytes(tmp_path):
    dev = tmp_path / "lp0"
    printer = ReceiptPrinter.open(f"escpos+file://{dev}")
    status = printer.print_ticket(ticket())
    printer.close()
    assert not status.known
    assert dev.read_bytes() == ticket_bytes(ticket())


def test_bad_urls_and_models_are_refused():
    with pytest.raises(ValueError):
        ReceiptPrinter.open("http://printer:9100")
    with pytest.raises(ValueError, match="unknown receipt printer model"):
        ReceiptPrinter.open("escpos+tcp://printer:9100?model=nope")


def test_a_green_channel_ticket_says_so_and_another_does_not():
    green, plain = ticket_bytes(ticket(green_channel=True)), ticket_bytes(ticket())
    assert "绿色通道：优先叫号".encode("gb18030") in green
    assert "绿色通道".encode("gb18030") not in plain
    english = ticket_bytes(ticket(green_channel=True, language="en"))
    assert b"Green channel: called first" in english


GS_EXCL_2X2, GS_EXCL_1X1 = b"\x1d!\x11", b"\x1d!\x00"  # GS ! n: character size, n = (width-1)<<4 | (height-1)


@pytest.mark.parametrize("model, half", [("gb18030-80", 24), ("gb18030-58", 16)])
@pytest.mark.parametrize("language", ["zh", "en"])
def test_an_elder_mode_ticket_prints_its_queue_lines_double_size_wrapped_at_half_the_columns(model, half, language):
    large = ticket_bytes(ticket(large_type=True, language=language), model)
    plain = ticket_bytes(ticket(language=language), model)
    assert plain == ticket_bytes(ticket(large_type=False, language=language), model)
    assert GS_EXCL_2X2 not in plain.split(b"A001\n")[1]  # after the number only the hall's name is 2×2
    body = large.split(b"A001\n")[1]
    start = body.index(GS_EXCL_2X2 + b"\x1bE\x01")
    end = body.index(GS_EXCL_1X1, start)
    queue_lines = body[start + 6:end].replace(b"\x1ba\x00", b"").split(b"\n")[:-1]
    words = (("业务类别", "前面等候", "预计等候") if language == "zh"
             else (b"Service", b"People ahead", b"Estimated wait"))
    text = b"\n".join(queue_lines).decode("gb18030")
    for word in words:
        assert (word if isinstance(word, str) else word.decode()) in text
    assert all(printer_model(model).width(line.decode("gb18030")) <= half for line in queue_lines)
    assert any(printer_model(model).width(line.decode("gb18030")) > half // 2 for line in queue_lines)
    after = body[end:]
    assert "取号时间".encode("gb18030") in after or b"Issued" in after  # back at normal size for the rest
    assert GS_EXCL_2X2 not in after


def test_the_device_host_takes_the_large_type_flag_and_refuses_a_wrong_type():
    from devices.services import CommandError, ticket_from_dict
    data = {"hall_name": "东城区政务服务中心", "ticket_number": "A001", "category_name": "综合受理",
            "people_ahead": 3, "tracking_url": "https://hall.example/q/7f3a"}
    assert ticket_from_dict(dict(data, large_type=True)).large_type is True
    assert ticket_from_dict(data).large_type is False
    with pytest.raises(CommandError):
        ticket_from_dict(dict(data, large_type="yes"))


def test_a_receipt_says_the_form_was_filled_only_when_it_was():
    from devices.services import CommandError, ticket_from_dict
    filled = ticket_bytes(ticket(form_filled=True))
    assert "表单已预填".encode("gb18030") in filled
    assert "表单已预填".encode("gb18030") not in ticket_bytes(ticket())
    assert b"Form filled in" in ticket_bytes(ticket(form_filled=True, language="en"))
    data = {"hall_name": "x", "ticket_number": "A001", "category_name": "y", "people_ahead": 0,
            "tracking_url": "https://hall.example/q/7f3a"}
    assert ticket_from_dict(dict(data, form_filled=True)).form_filled is True
    with pytest.raises(CommandError):
        ticket_from_dict(dict(data, form_filled="yes"))


def test_a_reprinted_receipt_says_so_and_names_the_window_once_called():
    again = ticket_bytes(ticket(reprint=True, window_name="03号窗口"))
    assert "补打凭条".encode("gb18030") in again and "已叫号，请到：03号窗口".encode("gb18030") in again
    first = ticket_bytes(ticket())
    assert "补打".encode("gb18030") not in first and "已叫号".encode("gb18030") not in first
    english = ticket_bytes(ticket(reprint=True, window_name="Window 03", language="en"))
    assert b"Reprinted receipt" in english and b"Called: please go to Window 03" in english


def test_a_promised_range_is_the_wait_line_and_the_point_stays_without_one():
    ranged = ticket_bytes(ticket(wait_low_minutes=15, wait_high_minutes=25))
    assert "预计等候：约 15–25 分钟".encode("gb18030") in ranged
    assert "约 15 分钟".encode("gb18030") not in ranged
    english = ticket_bytes(ticket(wait_low_minutes=0, wait_high_minutes=5, language="en"))
    assert "Estimated wait: about 0–5 min".encode("gb18030") in english
    assert "预计等候：约 15 分钟".encode("gb18030") in ticket_bytes(ticket())
