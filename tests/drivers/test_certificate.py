"""Certificate printing: spool folder and CUPS through fake lp/lpstat that print what CUPS prints."""
import stat
import sys
import textwrap

import pytest

from drivers.printing import CertificateRefused
from drivers.printing.certificate import (
    CertificatePrinter,
    CupsCertificatePrinter,
    PdfFolderCertificatePrinter,
    job_outcome,
    parse_lpstat_jobs,
)

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_pdfdir_writes_the_whole_file_and_reports_completed(tmp_path):
    printer = CertificatePrinter.open(f"pdfdir://{tmp_path}/certs")
    job = printer.print_pdf(PDF, title="不动产登记证明 2024-001")
    assert job.completed and job.outcome == "completed"
    written = tmp_path / "certs" / job.job_id
    assert written.read_bytes() == PDF
    assert job.job_id.endswith(".pdf") and "不动产登记证明" in job.job_id
    assert [p.name for p in (tmp_path / "certs").iterdir()] == [job.job_id]  # no .part left behind
    assert printer.health().state == "ok"


def test_pdfdir_fault_injection_fails_and_leaves_nothing(tmp_path):
    printer = CertificatePrinter.open(f"pdfdir://{tmp_path}?fault=disk-full")
    assert isinstance(printer, PdfFolderCertificatePrinter)
    job = printer.print_pdf(PDF)
    assert job.outcome == "failed" and not job.completed
    assert "No space left" in job.detail
    assert list(tmp_path.iterdir()) == []
    assert printer.health().state == "degraded"


def test_pdfdir_in_an_unwritable_place_fails_cleanly(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    job = PdfFolderCertificatePrinter(blocker / "certs").print_pdf(PDF)
    assert job.outcome == "failed"


@pytest.mark.parametrize("bad, words", [
    (b"<html>not a pdf</html>", "does not start with %PDF-"),
    (b"", "does not start with %PDF-"),
    (b"%PDF-1.4\n1 0 obj", "truncated"),
])
def test_bad_pdf_is_refused_before_anything_is_written(tmp_path, bad, words):
    printer = PdfFolderCertificatePrinter(tmp_path)
    with pytest.raises(CertificateRefused, match=words):
        printer.print_pdf(bad)
    assert list(tmp_path.iterdir()) == []


def test_pdf_can_be_given_as_a_path(tmp_path):
    src = tmp_path / "in.pdf"
    src.write_bytes(PDF)
    job = PdfFolderCertificatePrinter(tmp_path / "out").print_pdf(src)
    assert (tmp_path / "out" / job.job_id).read_bytes() == PDF


# -- CUPS through fake commands ---------------------------------------------------------------

def fake_command(path, body: str):
    path.write_text(f"#!{sys.executable}\n" + textwrap.dedent(body))
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def lpstat_listing(job_id, alerts, status=None):
    # Format of CUPS systemv/lpstat.c show_jobs() with -l: "%-23s %-13s %8.0f   %s", then tab lines.
    head = f"{job_id:<23} {'hall':<13} {1024:8.0f}   Mon May  6 09:31:00 2024"
    lines = [head]
    if status:
        lines.append(f"\tStatus: {status}")
    lines.append(f"\tAlerts: {alerts}")
    lines.append(f"\tqueued for {job_id.rsplit('-', 1)[0]}")
    return "\n".join(lines) + "\n"


@pytest.fixture
def fake_cups(tmp_path):
    """Fake lp/lpstat: lp records its arguments; lpstat walks through the listings in tmp_path/states."""
    states = tmp_path / "states"
    states.mkdir()
    lp = fake_command(tmp_path / "lp", f"""
        import sys, os, pathlib
        args = sys.argv[1:]
        pathlib.Path({str(tmp_path)!r}, "lp-args").write_text("\\n".join(args))
        pdf = pathlib.Path(args[-1]).read_bytes()
        pathlib.Path({str(tmp_path)!r}, "lp-data").write_bytes(pdf)
        queue = args[args.index("-d") + 1]
        if queue == "Missing":
            print("lp: The printer or class does not exist.", file=sys.stderr)
            sys.exit(1)
        print(f"request id is {{queue}}-12 (1 file(s))")
    """)
    lpstat = fake_command(tmp_path / "lpstat", f"""
        import sys, pathlib
        states = sorted(pathlib.Path({str(tmp_path)!r}, "states").iterdir())
        counter = pathlib.Path({str(tmp_path)!r}, "polls")
        n = int(counter.read_text()) if counter.exists() else 0
        counter.write_text(str(n + 1))
        if sys.argv[1:2] == ["-p"]:
            print(pathlib.Path({str(tmp_path)!r}, "printer-state").read_text(), end="")
            sys.exit(0)
        sys.stdout.write(states[min(n, len(states) - 1)].read_text())
    """)
    return tmp_path, lp, lpstat


def set_states(tmp_path, *listings):
    for i, text in enumerate(listings):
        (tmp_path / "states" / f"{i:02d}").write_text(text)


def cups(lp, lpstat, queue="Certs", timeout=5.0):
    return CupsCertificatePrinter(queue, lp=lp, lpstat=lpstat, timeout=timeout, poll_interval=0.01)


def test_cups_job_followed_to_completed(fake_cups):
    tmp_path, lp, lpstat = fake_cups
    other = lpstat_listing("Certs-11", "job-completed-successfully")
    set_states(
        tmp_path,
        "",  # not listed yet
        other + lpstat_listing("Certs-12", "job-queued"),
        other + lpstat_listing("Certs-12", "job-printing", status="Printing page 1, 4% complete."),
        other + lpstat_listing("Certs-12", "job-completed-successfully"),
    )
    job = cups(lp, lpstat).print_pdf(PDF, title="营业执照")
    assert job.outcome == "completed" and job.completed
    assert job.job_id == "Certs-12"
    assert (tmp_path / "lp-args").read_text().split("\n")[:4] == ["-d", "Certs", "-t", "营业执照"]
    assert (tmp_path / "lp-data").read_bytes() == PDF
    assert int((tmp_path / "polls").read_text()) == 4


def test_cups_failed_job(fake_cups):
    tmp_path, lp, lpstat = fake_cups
    set_states(tmp_path, lpstat_listing("Certs-12", "job-printing"),
               lpstat_listing("Certs-12", "aborted-by-system", status="/usr/lib/cups/backend/usb failed"))
    job = cups(lp, lpstat).print_pdf(PDF)
    assert job.outcome == "failed" and not job.completed
    assert "backend/usb failed" in job.detail


def test_cups_cancelled_job(fake_cups):
    tmp_path, lp, lpstat = fake_cups
    set_states(tmp_path, lpstat_listing("Certs-12", "job-canceled-by-user"))
    job = cups(lp, lpstat).print_pdf(PDF)
    assert job.outcome == "cancelled" and not job.completed


def test_cups_job_that_never_ends_times_out(fake_cups):
    tmp_path, lp, lpstat = fake_cups
    set_states(tmp_path, lpstat_listing("Certs-12", "job-printing printer-stopped"))
    job = cups(lp, lpstat, timeout=0.2).print_pdf(PDF)
    assert job.outcome == "timeout" and not job.completed
    assert "printer-stopped" in job.detail


def test_cups_queue_that_does_not_exist(fake_cups):
    tmp_path, lp, lpstat = fake_cups
    job = cups(lp, lpstat, queue="Missing").print_pdf(PDF)
    assert job.outcome == "failed" and "does not exist" in job.detail


def test_missing_lp_command_is_a_failed_job(tmp_path):
    job = cups(str(tmp_path / "no-lp"), str(tmp_path / "no-lpstat")).print_pdf(PDF)
    assert job.outcome == "failed" and "not found" in job.detail


def test_cups_refuses_a_bad_pdf_without_calling_lp(fake_cups):
    tmp_path, lp, lpstat = fake_cups
    with pytest.raises(CertificateRefused):
        cups(lp, lpstat).print_pdf(b"GIF89a")
    assert not (tmp_path / "lp-args").exists()


def test_cups_health_from_lpstat_p(fake_cups):
    tmp_path, lp, lpstat = fake_cups
    (tmp_path / "printer-state").write_text("printer Certs is idle.  enabled since Mon May  6 08:00:00 2024\n")
    assert cups(lp, lpstat).health().state == "ok"
    (tmp_path / "printer-state").write_text(
        "printer Certs disabled since Mon May  6 08:00:00 2024 -\n\tMedia empty\n")
    health = cups(lp, lpstat).health()
    assert health.state == "down" and "Media empty" in health.reason


def test_cups_url():
    printer = CertificatePrinter.open("cups://Certificate_A4?timeout=9", lp="/x/lp")
    assert isinstance(printer, CupsCertificatePrinter)
    assert (printer.queue, printer.timeout, printer.lp) == ("Certificate_A4", 9.0, "/x/lp")
    with pytest.raises(ValueError):
        CertificatePrinter.open("ipp://printer/queue")


def test_lpstat_parsing_and_outcomes():
    text = lpstat_listing("Q-1", "job-completed-successfully") + lpstat_listing("Q-2", "job-printing", "Busy")
    jobs = parse_lpstat_jobs(text)
    assert jobs == {"Q-1": {"status": "", "alerts": ["job-completed-successfully"]},
                    "Q-2": {"status": "Busy", "alerts": ["job-printing"]}}
    assert job_outcome(["job-canceled-at-device"]) == "cancelled"
    assert job_outcome(["job-completed-with-errors"]) == "failed"
    assert job_outcome(["job-queued"]) is None
