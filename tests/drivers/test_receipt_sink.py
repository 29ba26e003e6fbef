"""Receipt printer against the ESC/POS sink over real TCP (and a pty serial port)."""
import os
import socket
import threading
import tty
from datetime import datetime

import pytest
import zxingcpp
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.printing import PrinterNotReady, PrinterUnavailable, ReceiptPrinter, TicketReceipt
from drivers.sim.escpos_sink import EscPosParser, EscPosSink, PrinterFaults

FULL_ID = "110101199003071234"


def ticket(**changes) -> TicketReceipt:
    base = dict(
        hall_name="东城区政务服务中心", ticket_number="B017", category_name="综合受理", people_ahead=4,
        estimated_wait_minutes=20, issued_at=datetime(2024, 5, 6, 9, 31), masked_name="李*明",
        tracking_url="https://hall.example/q/b017-7f3a?lang=zh", notice_lines=("过号请重新取号",),
    )
    base.update(changes)
    return TicketReceipt(**base)


@pytest.fixture
def sink(tmp_path):
    with EscPosSink(port=0, out_dir=tmp_path / "receipts") as s:
        yield s


@pytest.fixture
def printer(sink):
    p = ReceiptPrinter.open(f"escpos+tcp://127.0.0.1:{sink.port}?timeout=2")
    yield p
    p.close()


def test_ticket_prints_and_renders_with_number_name_and_decodable_qr(sink, printer, tmp_path):
    printer.print_ticket(ticket())
    [receipt] = sink.wait_for_receipts(1)
    assert receipt.cut
    assert "B017" in receipt.text and "李*明" in receipt.text and "综合受理" in receipt.text
    assert "东城区政务服务中心" in receipt.text
    assert FULL_ID not in receipt.text
    decoded = [code.text for code in zxingcpp.read_barcodes(receipt.image)]
    assert decoded == ["https://hall.example/q/b017-7f3a?lang=zh"]
    assert (tmp_path / "receipts" / "receipt-0001.png").exists()
    assert "B017" in (tmp_path / "receipts" / "receipt-0001.txt").read_text(encoding="utf-8")


def test_raster_qr_model_renders_a_decodable_image(sink):
    p = ReceiptPrinter.open(f"escpos+tcp://127.0.0.1:{sink.port}?model=gb18030-80-rasterqr")
    p.print_ticket(ticket())
    p.close()
    [receipt] = sink.wait_for_receipts(1)
    assert receipt.qr_payloads == []  # it came as pixels, not as QR data
    assert [c.text for c in zxingcpp.read_barcodes(receipt.image)] == ["https://hall.example/q/b017-7f3a?lang=zh"]


def test_without_fs_and_the_sink_does_not_read_chinese(sink):
    with socket.create_connection(("127.0.0.1", sink.port)) as s:
        s.sendall(b"\x1b@" + "综合受理".encode("gb18030") + b"\n\x1dV\x00")
        [receipt] = sink.wait_for_receipts(1)
    assert "综合受理" not in receipt.text


def test_status_and_health_follow_the_printer(sink, printer):
    assert printer.health().state == "ok"
    sink.set_status(paper_near_end=True)
    assert printer.status().paper_near_end
    assert printer.health().state == "degraded"
    sink.set_status(cover_open=True)
    status = printer.status()
    assert status.cover_open and not status.online
    assert printer.health().state == "down"


def test_paper_end_gives_a_clear_error_and_prints_nothing(sink, printer):
    sink.set_status(paper_end=True)
    with pytest.raises(PrinterNotReady, match="paper roll is empty") as err:
        printer.print_ticket(ticket())
    assert err.value.status.paper_end
    sink.set_status(paper_end=False)
    printer.print_ticket(ticket())
    assert len(sink.wait_for_receipts(1)) == 1


def test_offline_printer_refuses(sink, printer):
    sink.set_status(offline=True)
    with pytest.raises(PrinterNotReady, match="off-line"):
        printer.print_ticket(ticket())
    assert sink.receipts == []


def test_unplug_gives_a_clear_error_and_replug_works(sink, printer):
    printer.print_ticket(ticket(ticket_number="A001"))
    sink.wait_for_receipts(1)
    sink.stop()  # unplugged while our connection is open
    with pytest.raises(PrinterUnavailable, match="cannot be reached"):
        printer.print_ticket(ticket(ticket_number="A002"))
    assert printer.health().state == "down"
    sink.start()  # plugged back, same port
    printer.print_ticket(ticket(ticket_number="A003"))
    receipts = sink.wait_for_receipts(2)
    assert ["A001" in receipts[0].text, "A003" in receipts[1].text] == [True, True]
    assert not any("A002" in r.text for r in receipts)


def test_a_sink_left_running_keeps_only_its_latest_receipts():
    """A demo printer prints for weeks: it keeps the latest receipts and counts them all."""
    with EscPosSink(port=0, keep=2) as sink:
        printer = ReceiptPrinter.open(f"escpos+tcp://127.0.0.1:{sink.port}?timeout=2")
        try:
            for number in ("A001", "A002", "A003"):
                printer.print_ticket(ticket(ticket_number=number))
            kept = sink.wait_for_receipts(3)
        finally:
            printer.close()
        assert sink.printed == 3
        assert [(r.number, f"A00{r.number}" in r.text) for r in kept] == [(2, True), (3, True)]


@pytest.mark.slow
def test_printer_that_never_answers_status_is_down():
    listener = socket.create_server(("127.0.0.1", 0))
    accepted = []
    thread = threading.Thread(target=lambda: accepted.append(listener.accept()[0]), daemon=True)
    thread.start()
    p = ReceiptPrinter.open(f"escpos+tcp://127.0.0.1:{listener.getsockname()[1]}?timeout=0.3")
    try:
        health = p.health()
        assert health.state == "down" and "did not answer" in health.reason
        with pytest.raises(PrinterNotReady):
            p.print_ticket(ticket())
    finally:
        p.close()
        thread.join(2)
        for conn in accepted:
            conn.close()
        listener.close()


def test_technician_test_receipt(sink, printer):
    printer.print_test_receipt(extra_lines=("kiosk-07",))
    [receipt] = sink.wait_for_receipts(1)
    assert "中文测试" in receipt.text and "kiosk-07" in receipt.text and "ready" in receipt.text
    assert receipt.qr_payloads and receipt.qr_payloads[0].startswith(b"TEST ")


def test_serial_printer_on_a_pty():
    master, slave = os.openpty()
    tty.setraw(slave)
    parser = EscPosParser()
    stop = threading.Event()

    def printer_side():
        while not stop.is_set():
            try:
                data = os.read(master, 4096)
            except OSError:
                return
            answers = parser.feed(data)
            if answers:
                os.write(master, answers)

    thread = threading.Thread(target=printer_side, daemon=True)
    thread.start()
    p = ReceiptPrinter.open(f"escpos+serial://{os.ttyname(slave)}?baud=9600&timeout=1")
    try:
        assert p.health().state == "ok"
        p.print_ticket(ticket())
        for _ in range(100):
            if parser.receipts:
                break
            threading.Event().wait(0.02)
        assert "B017" in parser.receipts[0].text
    finally:
        p.close()
        stop.set()
        os.close(slave)
        os.close(master)
        thread.join(2)


def test_usb_printer_that_cannot_be_opened_is_unavailable():
    p = ReceiptPrinter.open("escpos+usb://0416:5011")
    status = p.status()
    assert not status.reachable and status.health().state == "down"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=600))
def test_sink_parser_never_crashes_on_random_bytes(data):
    parser = EscPosParser(PrinterFaults(paper_near_end=True))
    answers = parser.feed(data)
    parser.finish()
    assert all(b & 0x93 == 0x12 for b in answers)


@settings(max_examples=20, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=64), min_size=1, max_size=40))
def test_sink_parser_gives_the_same_receipt_however_the_bytes_are_split(cuts):
    data = ReceiptPrinter.open("escpos+dummy://").render_ticket(ticket())
    whole = EscPosParser()
    whole.feed(data)
    split = EscPosParser()
    pos = 0
    for size in cuts:
        split.feed(data[pos:pos + size])
        pos += size
    split.feed(data[pos:])
    assert [r.text for r in split.receipts] == [r.text for r in whole.receipts]
    assert "B017" in whole.receipts[0].text
