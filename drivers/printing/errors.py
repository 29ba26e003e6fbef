"""Errors of the receipt and certificate printers, each with a message a technician can act on."""


class PrinterError(Exception):
    """Base class of every printing error."""


class PrinterUnavailable(PrinterError):
    """The printer cannot be reached: unplugged, powered off, wrong address, or the link broke."""


class PrinterNotReady(PrinterError):
    """The printer answers but cannot print now (paper end, cover open, offline, error).

    Args:
        message: what is wrong, in words a hall technician understands.
        status: the decoded status that made the printer refuse, when known.
    """

    def __init__(self, message: str, status: object | None = None) -> None:
        super().__init__(message)
        self.status = status


class ReceiptRefused(PrinterError, ValueError):
    """The receipt content is not acceptable (for example it would print a full ID number)."""


class CertificateRefused(PrinterError, ValueError):
    """The certificate document is not acceptable (for example it is not a PDF)."""
