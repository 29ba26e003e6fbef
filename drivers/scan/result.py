"""What a scanner reports: one code's payload, and the ways a presentation is refused."""
from __future__ import annotations

from dataclasses import dataclass

# The most one code can carry: a version 40-L QR code holds 7,089 digits (7,089 bytes as text) or
# 2,953 bytes in byte mode (ISO/IEC 18004:2015 table 7); Data Matrix, Aztec and PDF417 hold less.
# A bigger "payload" is a bug or a forgery; refusing it bounds a 7x24 process's memory and logs.
# Hall codes carry well under 1 KB, but a valid code is read whatever it holds.
MAX_PAYLOAD_BYTES = 7089


@dataclass(frozen=True)
class ScanResult:
    """One code read from a camera frame, a serial scanner line or a keyboard-wedge burst.

    Attributes:
        text: the payload as text: for a camera code, as `code_text` reads it (the decoding
            library's charset, GB18030 where the library only guessed and the bytes are common
            Chinese); for a serial or keyboard-wedge scanner, as `payload_text` reads it.
        raw_bytes: the payload bytes exactly as the code carried them.
        symbology: lower-case symbology name ("qrcode", "code128", "ean13", ...), or
            "unknown" when the device does not say (serial and keyboard-wedge scanners).
        position: corner points (x, y) in frame pixels, empty when there is no frame.
    """

    text: str
    raw_bytes: bytes
    symbology: str
    position: tuple[tuple[int, int], ...] = ()

    def __repr__(self) -> str:
        # Payloads can hold ID numbers: a repr that lands in a log shows only size and kind.
        return f"ScanResult(symbology={self.symbology!r}, {len(self.raw_bytes)} bytes)"


class ScanError(Exception):
    """A presentation, frame or device that the scanner refuses or cannot serve."""


class PayloadTooLarge(ScanError, ValueError):
    """A code whose payload is over the size limit; its content is never kept."""

    def __init__(self, size: int, limit: int, symbology: str = "unknown",
                 others: list[ScanResult] | None = None) -> None:
        super().__init__(f"{symbology} payload of {size} bytes refused (limit {limit} bytes)")
        self.size = size
        self.limit = limit
        self.symbology = symbology
        # Good codes seen in the same frame, so a forged code held next to a real one
        # cannot hide it.
        self.others = others or []


class FrameRejected(ScanError, ValueError):
    """An image the decoders will not look at (wrong type, shape or size)."""


class DeviceUnavailable(ScanError, OSError):
    """The camera, serial port or input device cannot be opened or stopped answering."""


class SourceEnded(ScanError, EOFError):
    """A video file or image folder has no more frames."""


def payload_text(raw: bytes) -> str:
    """Decode scanned bytes as text the way Chinese codes and scanners produce them.

    Args:
        raw: payload bytes.

    Returns:
        UTF-8 text when the bytes are valid UTF-8 (unless that reading is implausible and the
        GB18030 one is not), else GB18030 (a superset of GBK, which many Chinese scanners and
        older code generators emit), else UTF-8 with U+FFFD marks.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    try:
        gbk = raw.decode("gb18030")
    except UnicodeDecodeError:
        gbk = None
    if text is not None:
        # Short GBK payloads can also be valid UTF-8 ("预约" in GBK reads "ԤԼ" as UTF-8); those
        # readings land in scripts a hall code never carries, which tells them apart.
        if gbk is not None and not _plausible(text) and _plausible(gbk):
            return gbk
        return text
    if gbk is not None:
        return gbk
    return raw.decode("utf-8", errors="replace")


# Unicode ranges a hall payload uses: ASCII, Latin letters of foreign residents' names,
# punctuation, CJK ideographs (with extension A), CJK punctuation and full-width forms.
_PLAUSIBLE_RANGES = ((0x00, 0x7F), (0xA0, 0x17F), (0x2000, 0x206F), (0x3000, 0x303F),
                     (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xFF00, 0xFFEF))


def _plausible(text: str) -> bool:
    return all(any(low <= ord(ch) <= high for low, high in _PLAUSIBLE_RANGES) for ch in text)


def guess_charset(raw: bytes) -> str:
    """Guess a code's charset the way ZXing-C++ does when the code declares none.

    A port of `GuessTextEncoding` (zxing-cpp core/src/Content.cpp, 3.1.1), so that a backend
    which only hands over bytes (zbar in binary mode) reads text as the default backend does.

    Returns:
        "utf-8", "shift_jis" or "latin-1" (a Python codec name).
    """
    can_latin1 = can_sjis = True
    can_utf8 = is_utf8(raw)
    utf8_multibyte = can_utf8 and not raw.isascii()
    sjis_left = katakana = katakana_run = double_run = 0
    max_katakana_run = max_double_run = 0
    latin1_high_other = 0
    for value in raw:
        if can_latin1:
            if 0x7F < value < 0xA0:
                can_latin1 = False
            elif value > 0x9F and (value < 0xC0 or value in (0xD7, 0xF7)):
                latin1_high_other += 1
        if can_sjis:
            if sjis_left:
                if value < 0x40 or value == 0x7F or value > 0xFC:
                    can_sjis = False
                else:
                    sjis_left -= 1
            elif value in (0x80, 0xA0) or value > 0xEF or (value < 0x20 and value not in b"\n\r"):
                can_sjis = False  # a control byte says binary, not text
            elif 0xA0 < value < 0xE0:
                katakana += 1
                double_run = 0
                katakana_run += 1
                max_katakana_run = max(max_katakana_run, katakana_run)
            elif value > 0x7F:
                sjis_left += 1
                katakana_run = 0
                double_run += 1
                max_double_run = max(max_double_run, double_run)
            else:
                katakana_run = double_run = 0
    can_sjis = can_sjis and sjis_left == 0
    if utf8_multibyte or (can_utf8 and raw.startswith(b"\xef\xbb\xbf")):
        return "utf-8"
    if can_sjis and (max_katakana_run >= 3 or max_double_run >= 3):
        return "shift_jis"
    if can_latin1 and can_sjis:
        few_katakana = max_katakana_run == 2 and katakana == 2
        return "shift_jis" if few_katakana or latin1_high_other * 10 >= len(raw) else "latin-1"
    if can_latin1:
        return "latin-1"
    if can_sjis:
        return "shift_jis"
    if can_utf8:
        return "utf-8"
    return "latin-1"


def is_utf8(raw: bytes) -> bool:
    """Whether `raw` is valid UTF-8."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode_as(raw: bytes, charset: str) -> str:
    """Decode `raw` in `charset`, Shift-JIS with Windows' extensions where plain Shift-JIS fails."""
    if charset == "shift_jis":
        for codec in ("shift_jis", "cp932"):
            try:
                return raw.decode(codec)
            except UnicodeDecodeError:
                pass
    return raw.decode(charset, errors="replace")


def gb2312_text(raw: bytes) -> str | None:
    """Read `raw` as GB18030 if every non-ASCII character is a common Chinese one.

    Returns:
        The text when each non-ASCII byte pairs into a GB2312 ideograph (lead byte 0xB0-0xF7) or
        a GB2312 punctuation, number or full-width character (lead 0xA1-0xA3), trail byte
        0xA1-0xFE; otherwise None (kana, Greek, Cyrillic rows and GBK's rare extensions count as
        not Chinese enough to overrule another reading).
    """
    index, size = 0, len(raw)
    while index < size:
        lead = raw[index]
        if lead < 0x80:
            index += 1
            continue
        if index + 1 >= size or not (0xA1 <= lead <= 0xA3 or 0xB0 <= lead <= 0xF7) \
                or not 0xA1 <= raw[index + 1] <= 0xFE:
            return None
        index += 2
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return None


def code_text(raw: bytes, library_text: str | None = None) -> str | None:
    """The text of a camera code's payload; None when it cannot be told which text it is.

    The decoding library's reading stands: it honours the code's ECI and QR Kanji mode and
    otherwise guesses UTF-8, Shift-JIS or ISO-8859-1 (see `guess_charset`). Where it guessed and
    every non-ASCII byte pairs into a common Chinese GB2312 character (`gb2312_text`), as Chinese
    generators write codes without ECI, the bytes are read as GB18030 instead of a guessed
    - UTF-8 that reads as none of the hall's scripts ("预约" in GBK is valid UTF-8, "ԤԼ");
    - ISO-8859-1 (its fallback; paired accented letters are not a European text);
    - Shift-JIS, which for such bytes is half-width katakana and rare JIS level-2 kanji only
      ("营业执照" in GBK reads "ﾓｪﾒｵﾖｴﾕﾕ"). A Japanese code of half-width katakana alone,
      without ECI, is then read as Chinese: in a Chinese hall that is the likelier text.
    A reading with undecodable bytes (U+FFFD) gives no text. The caller makes sure the library
    guessed (no ECI, no Kanji mode) before taking the GB18030 reading over its own.

    Args:
        raw: the payload bytes.
        library_text: the library's text; None when the library gave only bytes (zbar in binary
            mode, which drops Kanji mode): they are read as ZXing-C++ would guess
            (`guess_charset`), and bytes that Kanji mode may have made (double-byte Shift-JIS
            only) give no text where they would read otherwise, as ISO-8859-1 or GB2312.
    """
    bytes_only = library_text is None
    if library_text is None:
        guess = guess_charset(raw)
        library_text = decode_as(raw, guess)
        if guess == "latin-1" and _kanji_mode_possible(raw):
            return None
    if raw.isascii():
        return library_text
    chinese = gb2312_text(raw)
    if chinese is not None and chinese != library_text:
        chinese = _guessed_over(raw, library_text, chinese, bytes_only)
        if chinese != library_text:
            return chinese
    return None if undecodable(library_text, raw) else library_text


def undecodable(text: str, raw: bytes) -> bool:
    """Whether `text` marks bytes of `raw` it could not decode (U+FFFD the payload lacks)."""
    return "\ufffd" in text and b"\xef\xbf\xbd" not in raw


def _guessed_over(raw: bytes, library_text: str, chinese: str, bytes_only: bool) -> str | None:
    """`chinese` where it beats the library's guess; None where Kanji mode may have made `raw`."""
    if is_utf8(raw) and library_text == raw.decode("utf-8"):
        # An implausible UTF-8 reading is a wrong one; GB2312 is the likely one.
        return library_text if _plausible(library_text) else chinese
    if bytes_only and _kanji_mode_possible(raw):
        return None  # Kanji mode or GB2312: zbar does not say which
    if guess_charset(raw) != "utf-8":
        # The library's guess was ISO-8859-1 or Shift-JIS (its U+FFFD marks may not match
        # Python's, so the guess is compared, not the text).
        return chinese
    return library_text  # not the reading the library guesses: it knew the charset


def _kanji_mode_possible(raw: bytes) -> bool:
    """Whether QR Kanji mode (double-byte Shift-JIS, ASCII in byte mode around) could make `raw`."""
    try:
        text = raw.decode("shift_jis")
    except UnicodeDecodeError:
        return False
    return not text.isascii() and all(ord(ch) < 0x80 or len(ch.encode("shift_jis")) == 2
                                      for ch in text)


def symbology_name(name: str) -> str:
    """Normalise a backend's symbology name ("QR Code", "QRCODE", "I25") to one spelling."""
    key = "".join(ch for ch in name.lower() if ch.isalnum())
    return _SYMBOLOGY_ALIASES.get(key, key)


# zbar and ZXing spell a few symbologies differently.
_SYMBOLOGY_ALIASES = {
    "i25": "itf",
    "ean8": "ean8",
    "isbn10": "isbn",
    "isbn13": "isbn",
    "pdf417": "pdf417",
    "databarexp": "databarexpanded",
}
