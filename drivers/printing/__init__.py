"""Receipt printers (ESC/POS over python-escpos) and certificate printers (CUPS or a PDF folder)."""
from .certificate import CertificateJob, CertificatePrinter, CupsCertificatePrinter, PdfFolderCertificatePrinter
from .errors import CertificateRefused, PrinterError, PrinterNotReady, PrinterUnavailable, ReceiptRefused
from .layout import ReceiptComposer, TechnicianTestReceipt, TicketReceipt, contains_full_id_number, ticket_layout
from .models import MODELS, PrinterModel, printer_model
from .receipt import ReceiptPrinter
from .status import PrinterHealth, PrinterStatus
from .template import ReceiptTemplate, ReceiptTemplateError, load_template

__all__ = [
    "CertificateJob", "CertificatePrinter", "CupsCertificatePrinter", "PdfFolderCertificatePrinter",
    "CertificateRefused", "PrinterError", "PrinterNotReady", "PrinterUnavailable", "ReceiptRefused",
    "ReceiptComposer", "TechnicianTestReceipt", "TicketReceipt", "contains_full_id_number", "ticket_layout",
    "MODELS", "PrinterModel", "printer_model", "ReceiptPrinter", "PrinterHealth", "PrinterStatus",
    "ReceiptTemplate", "ReceiptTemplateError", "load_template",
]
