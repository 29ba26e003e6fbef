"""Receipt printer models: how each one wants Chinese text, and how wide its paper is.

python-escpos sends CJK only as GB18030 and only when the printer is already in Chinese mode,
so we put the printer in its double-byte mode ourselves and encode text per model here.
"""
from __future__ import annotations

from dataclasses import dataclass

FS_AND = b"\x1c\x26"  # FS &: select Kanji/Chinese character mode (ESC/POS, Chinese-market firmware)
FS_DOT = b"\x1c\x2e"  # FS .: cancel Kanji/Chinese character mode


@dataclass(frozen=True)
class PrinterModel:
    """How to drive one family of receipt printers.

    Args:
        name: the name used in the device URL (``?model=...``).
        encoding: Python codec of the printer's double-byte font ROM.
        enter_chinese: bytes that switch the printer into double-byte text mode.
        columns: characters per line in font A at normal size (one half-width column each).
        dots: printable width in dots, for centring images.
        escpos_profile: python-escpos capability profile used for command generation.
        native_qr: print QR codes with GS ( k (True) or as a raster image (False).
    """

    name: str
    encoding: str
    enter_chinese: bytes
    columns: int
    dots: int
    escpos_profile: str
    native_qr: bool = True

    def encode(self, text: str) -> bytes:
        """Encode text for this printer; characters its font lacks print as '?'."""
        return text.encode(self.encoding, errors="replace")

    def width(self, text: str) -> int:
        """Columns the text takes: one per single-byte character, two per double-byte one."""
        return sum(1 if ord(ch) < 0x80 else 2 for ch in text)


MODELS: dict[str, PrinterModel] = {
    m.name: m
    for m in (
        # 80 mm kiosk printers of the Chinese market: GB18030 font, FS & to enter Chinese mode.
        PrinterModel("gb18030-80", "gb18030", FS_AND, 48, 576, "NT-80-V-UL"),
        # 58 mm variant of the same.
        PrinterModel("gb18030-58", "gb18030", FS_AND, 32, 384, "POS-5890"),
        # Older firmware with a GBK (GB2312 + extensions) font only: 4-byte GB18030 would be garbage.
        PrinterModel("gbk-80", "gbk", FS_AND, 48, 576, "NT-80-V-UL"),
        # Traditional-Chinese firmware (HK/MO/TW halls). Assumed, not verified on hardware: such
        # printers take Big5 after the same FS &, as their manuals describe the Kanji mode.
        PrinterModel("big5-80", "big5", FS_AND, 48, 576, "NT-80-V-UL"),
        # Printers without GS ( k: the QR code goes as a GS v 0 raster image.
        PrinterModel("gb18030-80-rasterqr", "gb18030", FS_AND, 48, 576, "NT-80-V-UL", native_qr=False),
    )
}
DEFAULT_MODEL = "gb18030-80"


def printer_model(name: str | None) -> PrinterModel:
    """Look a model up by name.

    Raises:
        ValueError: the name is not in the table.
    """
    key = name or DEFAULT_MODEL
    try:
        return MODELS[key]
    except KeyError:
        raise ValueError(f"unknown receipt printer model {key!r}; known: {', '.join(sorted(MODELS))}") from None
