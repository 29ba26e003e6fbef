"""Certificate printer: a PDF goes to a CUPS queue or to a spool folder, and we follow it to its end.

URLs::

    cups://QueueName                         (lp / lpstat from cups-client)
    pdfdir:///var/spool/hall/certificates    (atomic write + fsync; ?fault=disk-full to test failures)

A caller marks a certificate issued only when ``CertificateJob.completed`` is True.

CUPS command output parsed here (CUPS ``systemv/lp.c`` and ``systemv/lpstat.c``, run with
``LC_ALL=C`` so the words are not translated):

- ``lp``: ``request id is Queue-12 (1 file(s))``
- ``lpstat -l -W all -o Queue``: one line per job starting with ``Queue-12``, then tab-indented
  ``Status: <message>``, ``Alerts: <job-state-reasons…>`` and ``queued for Queue`` lines.
  Terminal job-state-reasons (RFC 8011 §5.3.8): ``job-completed-successfully``,
  ``job-canceled-by-user|operator|at-device``, ``aborted-by-system``, ``job-completed-with-errors``.
"""
from __future__ import annotations

import errno
import os
import pathlib
import re
import subprocess
import tempfile
import time
import uuid
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, Literal, cast

from pydantic import field_validator

from drivers import registry
from drivers.registry import DeviceAddress, Parameters

from .errors import CertificateRefused
from .status import PrinterHealth

CertificateOutcome = Literal["completed", "failed", "cancelled", "timeout"]

PDF_MAGIC = b"%PDF-"  # ISO 32000-1 §7.5.2: the file header
PDF_EOF = b"%%EOF"  # ISO 32000-1 §7.5.5: the last line of the file
MAX_PDF_BYTES = 50 * 1024 * 1024

_REQUEST_ID = re.compile(r"request id is (?P<job>\S+-\d+) \(\d+ file\(s\)\)")
_DONE_REASONS = {"job-completed-successfully", "job-completed-with-warnings"}
_FAILED_REASONS = {
    "aborted-by-system", "job-aborted-by-system", "job-completed-with-errors", "document-format-error",
    "document-unprintable-error", "document-access-error", "unsupported-document-format",
    "job-data-insufficient", "compression-error", "unsupported-compression",
}


@dataclass(frozen=True)
class CertificateJob:
    """The fate of one certificate print job.

    Args:
        outcome: completed, failed, cancelled, or timeout (still unknown when we stopped waiting).
        job_id: CUPS request id (``Queue-12``) or the spooled file name.
        destination: queue name or spool folder.
        detail: what happened, for the log and the technician.
    """

    outcome: CertificateOutcome
    job_id: str
    destination: str
    detail: str = ""

    @property
    def completed(self) -> bool:
        """True only when the certificate certainly came out (or is fully spooled)."""
        return self.outcome == "completed"


def check_pdf(data: bytes) -> None:
    """Refuse a document that is not a whole PDF.

    Raises:
        CertificateRefused: with the reason.
    """
    if not data.startswith(PDF_MAGIC):
        raise CertificateRefused("certificate is not a PDF (it does not start with %PDF-)")
    if len(data) > MAX_PDF_BYTES:
        raise CertificateRefused(f"certificate PDF is {len(data)} bytes, more than {MAX_PDF_BYTES}")
    if PDF_EOF not in data[-1024:]:
        raise CertificateRefused("certificate PDF is truncated (no %%EOF at its end)")


def _pdf_bytes(pdf: bytes | str | os.PathLike[str]) -> bytes:
    if isinstance(pdf, (bytes, bytearray, memoryview)):
        return bytes(pdf)
    try:
        return pathlib.Path(pdf).read_bytes()
    except OSError as exc:
        raise CertificateRefused(f"certificate PDF cannot be read: {exc}") from exc


class CertificatePrinter(ABC):
    """Something that takes a certificate PDF and tells whether it was printed."""

    destination: str

    @staticmethod
    def open(url: str, **options: Any) -> CertificatePrinter:
        """Make a certificate printer from ``cups://Queue`` or ``pdfdir:///path``.

        Args:
            url: the device URL.
            options: passed to the printer class (e.g. ``lp=``, ``lpstat=``, ``timeout=``).

        Raises:
            ValueError: the URL is not a certificate printer URL (`BadDeviceUrl`).
        """
        return CertificatePrinter.of(registry.parse_device_url("certificate", url), **options)

    @staticmethod
    def of(address: DeviceAddress, **options: Any) -> CertificatePrinter:
        """The printer a parsed certificate printer URL names (the registry's opener).

        Args:
            options: passed on to the printer class, as `open` documents.
        """
        # The registry checked each scheme's query with the model registered for it (below).
        if address.scheme == "cups":
            timeout = cast(CupsParameters, address.parameters).timeout
            if timeout is not None:
                options.setdefault("timeout", timeout)
            return CupsCertificatePrinter(address.target, **options)
        options.setdefault("fault", cast(PdfFolderParameters, address.parameters).fault)
        return PdfFolderCertificatePrinter(address.target, **options)

    @abstractmethod
    def print_pdf(self, pdf: bytes | str | os.PathLike[str], *, title: str = "certificate") -> CertificateJob:
        """Print a certificate PDF and follow the job to its end.

        Raises:
            CertificateRefused: the document is not a whole PDF; nothing was sent.
        """

    @abstractmethod
    def health(self) -> PrinterHealth:
        """Whether a certificate sent now could print."""


class PdfFolderCertificatePrinter(CertificatePrinter):
    """Certificates written to a spool folder, atomically: a file there is always whole.

    Args:
        folder: the spool folder (created if missing).
        fault: ``"disk-full"`` makes every write fail halfway, to test the failure path.
    """

    def __init__(self, folder: str | os.PathLike[str], fault: str | None = None) -> None:
        if fault not in (None, "disk-full"):
            raise ValueError(f"unknown fault {fault!r} (disk-full)")
        self.folder = pathlib.Path(folder)
        self.destination = str(self.folder)
        self.fault = fault

    def print_pdf(self, pdf: bytes | str | os.PathLike[str], *, title: str = "certificate") -> CertificateJob:
        data = _pdf_bytes(pdf)
        check_pdf(data)
        name = f"{_safe_name(title)}-{uuid.uuid4().hex[:12]}.pdf"
        final = self.folder / name
        part = self.folder / f".{name}.part"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with open(part, "wb") as out:
                if self.fault == "disk-full":
                    out.write(data[: len(data) // 2])
                    raise OSError(errno.ENOSPC, "No space left on device (injected fault)")
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(part, final)
            _fsync_folder(self.folder)  # the rename itself must survive a power cut
        except OSError as exc:
            try:
                part.unlink(missing_ok=True)
            except OSError:
                pass  # nothing was created where nothing could be created
            return CertificateJob("failed", name, self.destination, f"writing {final} failed: {exc}")
        return CertificateJob("completed", name, self.destination, f"written to {final}")

    def health(self) -> PrinterHealth:
        if self.fault:
            return PrinterHealth("degraded", f"fault injected: {self.fault}")
        # print_pdf creates missing folders, so the nearest existing ancestor is what must be writable.
        folder = self.folder
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        if not os.access(folder, os.W_OK):
            return PrinterHealth("down", f"spool folder {self.folder} is not writable")
        free = os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize
        if free < 20 * 1024 * 1024:
            return PrinterHealth("degraded", f"spool folder {self.folder} has only {free // 1024} KiB free")
        return PrinterHealth("ok", "ready")


class CupsCertificatePrinter(CertificatePrinter):
    """Certificates printed through a CUPS queue with the ``lp`` and ``lpstat`` commands.

    Args:
        queue: CUPS queue name.
        lp: path of ``lp``; lpstat: path of ``lpstat`` (tests put fakes here).
        timeout: seconds to follow a job before answering ``timeout``.
        poll_interval: seconds between two ``lpstat`` calls.
        command_timeout: seconds one command may take.
    """

    def __init__(self, queue: str, *, lp: str = "lp", lpstat: str = "lpstat", timeout: float = 300.0,
                 poll_interval: float = 1.0, command_timeout: float = 30.0) -> None:
        self.queue = queue
        self.destination = queue
        self.lp = lp
        self.lpstat = lpstat
        self.timeout = timeout
        self.poll_interval = poll_interval
        self.command_timeout = command_timeout

    def print_pdf(self, pdf: bytes | str | os.PathLike[str], *, title: str = "certificate") -> CertificateJob:
        data = _pdf_bytes(pdf)
        check_pdf(data)
        # lp hands the file to cupsd before it returns, so a private temporary copy is enough.
        with tempfile.TemporaryDirectory(prefix="hall-cert-") as tmp:
            path = pathlib.Path(tmp) / f"{_safe_name(title)}.pdf"
            path.write_bytes(data)
            done = self._run([self.lp, "-d", self.queue, "-t", title, "--", str(path)])
        if isinstance(done, str):
            return CertificateJob("failed", "", self.queue, done)
        match = _REQUEST_ID.search(done.stdout)
        if done.returncode != 0 or not match:
            said = (done.stderr or done.stdout).strip() or f"exit status {done.returncode}"
            return CertificateJob("failed", "", self.queue, f"lp refused the job: {said}")
        return self.follow(match.group("job"))

    def follow(self, job_id: str) -> CertificateJob:
        """Poll ``lpstat`` until the job completed, failed or was cancelled, or time runs out."""
        deadline = time.monotonic() + self.timeout
        last = "not yet listed by lpstat"
        while True:
            done = self._run([self.lpstat, "-l", "-W", "all", "-o", self.queue])
            if isinstance(done, str):
                last = done
            elif done.returncode != 0:
                last = f"lpstat failed: {(done.stderr or done.stdout).strip()}"
            else:
                job = parse_lpstat_jobs(done.stdout).get(job_id)
                if job is not None:
                    outcome = job_outcome(job["alerts"])
                    last = "; ".join(x for x in (job["status"], " ".join(job["alerts"])) if x) or "pending"
                    if outcome is not None:
                        return CertificateJob(outcome, job_id, self.queue, last)
            if time.monotonic() >= deadline:
                return CertificateJob("timeout", job_id, self.queue,
                                      f"job did not finish within {self.timeout:g} s (last seen: {last})")
            time.sleep(self.poll_interval)

    def health(self) -> PrinterHealth:
        done = self._run([self.lpstat, "-p", self.queue])
        if isinstance(done, str):
            return PrinterHealth("down", done)
        text = done.stdout.strip()
        if done.returncode != 0 or not text:
            return PrinterHealth("down", f"CUPS queue {self.queue}: {(done.stderr or text).strip()}")
        if " disabled since " in text:
            return PrinterHealth("down", f"CUPS queue {self.queue} is stopped: {text}")
        return PrinterHealth("ok", text.splitlines()[0])

    def _run(self, argv: list[str]) -> subprocess.CompletedProcess[str] | str:
        env = dict(os.environ, LC_ALL="C", LANG="C")  # lp/lpstat translate their messages otherwise
        try:
            return subprocess.run(argv, capture_output=True, text=True, env=env, timeout=self.command_timeout,
                                  check=False)
        except FileNotFoundError:
            return f"{argv[0]} not found: install cups-client"
        except subprocess.TimeoutExpired:
            return f"{argv[0]} did not finish within {self.command_timeout:g} s (is cupsd running?)"
        except OSError as exc:
            return f"{argv[0]} could not run: {exc}"


def parse_lpstat_jobs(text: str) -> dict[str, dict]:
    """Parse ``lpstat -l -o`` output into ``{job_id: {"status": str, "alerts": [reasons]}}``."""
    jobs: dict[str, dict] = {}
    current: dict | None = None
    for line in text.splitlines():
        if not line.strip():
            continue
        if not line[0].isspace():
            job_id = line.split()[0]
            current = jobs[job_id] = {"status": "", "alerts": []}
            continue
        if current is None:
            continue
        item = line.strip()
        if item.startswith("Status:"):
            current["status"] = item.removeprefix("Status:").strip()
        elif item.startswith("Alerts:"):
            current["alerts"] = item.removeprefix("Alerts:").split()
    return jobs


def job_outcome(reasons: list[str]) -> CertificateOutcome | None:
    """Terminal outcome told by job-state-reasons, or None while the job is still going."""
    if any(r.startswith("job-canceled") for r in reasons):
        return "cancelled"
    if any(r in _FAILED_REASONS for r in reasons):
        return "failed"
    if any(r in _DONE_REASONS for r in reasons):
        return "completed"
    return None


def _safe_name(title: str) -> str:
    cleaned = re.sub(r"[^\w\-]+", "_", title, flags=re.UNICODE).strip("_.")
    return (cleaned or "certificate")[:64]


def _fsync_folder(folder: pathlib.Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class CupsParameters(Parameters):
    """A CUPS queue's query: how long to follow a job (seconds)."""

    timeout: float | None = None

    @field_validator("timeout")
    @classmethod
    def _positive(cls, value: float | None) -> float | None:
        if value is not None and not value > 0:
            raise ValueError("must be more than 0 seconds")
        return value


class PdfFolderParameters(Parameters):
    """A spool folder's query: a fault to inject, for tests of the failure path."""

    fault: Literal["disk-full"] | None = None


registry.register("cups", "certificate", CertificatePrinter.of, CupsParameters, target=registry.NAME,
                  example="cups://QueueName")
registry.register("pdfdir", "certificate", CertificatePrinter.of, PdfFolderParameters, target=registry.PATH,
                  example="pdfdir:///var/spool/hall/certificates")
