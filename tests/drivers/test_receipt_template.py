"""The ticket receipt from its template in assets/: the same bytes as before, no wording in drivers/."""
import base64
import json
import pathlib
from datetime import datetime

import pytest

from drivers.printing import ReceiptPrinter, ReceiptRefused, ReceiptTemplateError, TicketReceipt, printer_model
from drivers.printing.layout import ReceiptComposer, ticket_layout
from drivers.printing.template import TEMPLATES, parse_template

ROOT = pathlib.Path(__file__).resolve().parents[2]
# Bytes printed for each case below by the layout as it was when the wording still lived in
# drivers/ (computed then, kept in data/ticket_receipts.json).
EXPECTED = json.loads((pathlib.Path(__file__).parent / "data" / "ticket_receipts.json").read_text())

_BASE = dict(
    hall_name="东城区政务服务中心", ticket_number="A001", category_name="综合受理", people_ahead=3,
    estimated_wait_minutes=15, issued_at="2024-05-06T09:31:00", masked_name="张*三",
    tracking_url="https://hall.example/q/7f3a", notice_lines=("请留意叫号屏",), language="zh",
)

CASES: dict[str, tuple[str, dict]] = {
    "zh": ("gb18030-80", _BASE),
    "en": ("gb18030-80", {**_BASE, "language": "en", "hall_name": "Dongcheng Government Service Centre",
                          "category_name": "General acceptance", "notice_lines": ("Watch the call screen",)}),
    "zh_estimated_no_wait_no_name": ("gb18030-80", {**_BASE, "estimated": True, "estimated_wait_minutes": None,
                                                    "masked_name": None, "notice_lines": ()}),
    "en_estimated_zero_wait": ("gb18030-80", {**_BASE, "language": "en", "estimated": True, "people_ahead": 0,
                                              "estimated_wait_minutes": 0, "masked_name": None}),
    "en_no_wait": ("gb18030-80", {**_BASE, "language": "en", "estimated_wait_minutes": None}),
    "zh_58mm_long_lines": ("gb18030-58", {**_BASE, "hall_name": "北京市东城区政务服务中心东直门街道便民服务站",
                                          "category_name": "不动产登记、户籍办理与社会保障综合受理窗口",
                                          "notice_lines": ("请留意叫号屏",
                                                           "过号请重新取号 Please take a new number if missed",
                                                           "{people_ahead} {0} %s")}),
    "zh_gbk": ("gbk-80", {**_BASE, "masked_name": "欧阳*华", "ticket_number": "B123", "people_ahead": 42,
                          "estimated_wait_minutes": 120}),
    "zh_big5": ("big5-80", {**_BASE, "hall_name": "澳門政務服務中心", "category_name": "綜合受理"}),
    "zh_raster_qr": ("gb18030-80-rasterqr", _BASE),
    "en_braces_and_newline": ("gb18030-80", {**_BASE, "language": "en", "hall_name": "Hall {hall_name} @cut",
                                             "category_name": "line\n@qr x", "masked_name": "A*{0}"}),
}


def _ticket(fields: dict) -> TicketReceipt:
    return TicketReceipt(**{**fields, "issued_at": datetime.fromisoformat(fields["issued_at"])})


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_ticket_prints_the_same_bytes_as_before(case):
    model, fields = CASES[case]
    composer = ReceiptComposer(printer_model(model))
    ticket_layout(composer, _ticket(fields))
    assert composer.output() == base64.b64decode(EXPECTED[case])


def test_the_printer_renders_the_same_bytes_too():
    _, fields = CASES["zh"]
    assert ReceiptPrinter.open("escpos+dummy://").render_ticket(_ticket(fields)) == base64.b64decode(EXPECTED["zh"])


def test_the_receipts_wording_lives_in_assets_not_in_drivers():
    assert TEMPLATES == ROOT / "assets" / "templates" / "receipt"
    text = (TEMPLATES / "ticket.txt").read_text(encoding="utf-8")
    assert text.index("@language zh") < text.index("@language en")  # Chinese first
    for words in ("您的排队号", "前面等候", "微信/支付宝扫码查看排队进度", "Your number", "People ahead"):
        assert words in text
        for source in (ROOT / "drivers").rglob("*.py"):
            assert words not in source.read_text(encoding="utf-8"), (words, source)


def test_another_template_given_by_the_caller_is_used():
    template = parse_template("@language zh\n@begin\n号码 {ticket_number}\n[masked_name] 姓名 {masked_name}\n@cut\n")
    composer = ReceiptComposer(printer_model("gb18030-80"))
    _, fields = CASES["zh"]
    ticket_layout(composer, _ticket(fields), template)
    data = composer.output()
    assert "号码 A001\n".encode("gb18030") in data and "姓名 张*三\n".encode("gb18030") in data
    with pytest.raises(ReceiptRefused, match="'zh'"):  # the template has no English receipt
        ticket_layout(ReceiptComposer(printer_model("gb18030-80")), _ticket({**fields, "language": "en"}), template)


@pytest.mark.parametrize("text, error", [
    ("@begin\n", "line 1: a line before the first '@language'"),
    ("@language zh\n@shout loud\n", "line 2: not a directive"),
    ("@language zh\n@style size=9x9\n", "line 2: not a style: 'size=9x9'"),
    ("@language zh\n@style align=middle\n", "not a style"),
    ("@language zh\nNumber {ticket_number\n", "line 2: .*write {{ and }} for braces"),
    ("@language zh\nNumber {ticket.number}\n", "line 2: a field is a plain name"),
    ("@language zh\nNumber {ticket_number!r}\n", "line 2: no conversions"),
    ("@language zh\n@lines\n", "line 2: not a directive"),
    ("@language zh\n@language zh\n", "line 2: language 'zh' given twice"),
    ("# nothing\n", "no '@language' section"),
])
def test_a_broken_template_is_refused_with_its_line(text, error):
    with pytest.raises(ReceiptTemplateError, match=error):
        parse_template(text, "t.txt")


def test_a_template_asking_for_a_field_a_ticket_lacks_prints_nothing():
    template = parse_template("@language zh\n@begin\n{queue_length}\n")
    composer = ReceiptComposer(printer_model("gb18030-80"))
    with pytest.raises(ReceiptTemplateError, match="no value for queue_length"):
        ticket_layout(composer, _ticket(CASES["zh"][1]), template)
    assert composer.output() == b""
