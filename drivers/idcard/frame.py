"""SAM frame codec: encode commands, decode answers, and a streaming parser that resyncs.

Frame layout (SAM_V UART protocol, tables 3/4 "数据输入/输出传输帧格式"):

    Preamble AA AA AA 96 69 | Len1 Len2 (big-endian) | payload | CHK_SUM

Len counts the payload plus the checksum byte. CHK_SUM is the XOR of every byte after the
preamble and before the checksum, i.e. Len1, Len2 and the payload. A command payload is
CMD PARA DATA; an answer payload is SW1 SW2 SW3 DATA.

This module owns no port: it turns bytes into frames and back, like pyserial's
`serial.threaded.FramedPacket`, so the same code serves the driver and the simulator.
"""
from __future__ import annotations

from dataclasses import dataclass

from .errors import SamChecksumError, SamFrameError, SamFrameTooLongError

#: Frame header; the first three bytes synchronise, 96 69 marks the frame start (SAM_V sheet, 四.1).
PREAMBLE = b"\xAA\xAA\xAA\x96\x69"
HEADER_SIZE = len(PREAMBLE) + 2
#: The smallest Len: CMD PARA CHK (command) — answers need SW1 SW2 SW3 CHK.
MIN_LENGTH = 3
#: Largest legitimate answer is "read with fingerprint": 3+6+256+1024+1024+1 = 2314; keep headroom
#: but refuse lengths a stray preamble in line noise could claim (up to 65535).
MAX_LENGTH = 4096


def xor_checksum(data: bytes | bytearray) -> int:
    """XOR of all bytes.

    Args:
        data: the length bytes and the payload.
    Returns:
        The checksum byte.
    """
    value = 0
    # int.from_bytes + bit folding would be faster for long frames, but 1.3 kB takes ~30 µs here.
    for byte in data:
        value ^= byte
    return value


@dataclass(frozen=True, slots=True)
class SamFrame:
    """One SAM frame: the payload between the length field and the checksum."""

    payload: bytes

    def encode(self) -> bytes:
        """Return the frame's wire bytes."""
        length = len(self.payload) + 1
        if length > 0xFFFF:
            raise SamFrameTooLongError(f"payload of {len(self.payload)} bytes does not fit a SAM frame")
        body = length.to_bytes(2, "big") + self.payload
        return PREAMBLE + body + bytes([xor_checksum(body)])

    # --- command view -----------------------------------------------------------------------
    @property
    def cmd(self) -> int:
        """CMD byte of a command frame."""
        return self.payload[0]

    @property
    def para(self) -> int:
        """PARA byte of a command frame."""
        return self.payload[1]

    # --- answer view ------------------------------------------------------------------------
    @property
    def sw3(self) -> int:
        """SW3, the reader's status byte of an answer frame."""
        return self.payload[2]

    @property
    def answer_data(self) -> bytes:
        """The DATA of an answer frame (after SW1 SW2 SW3)."""
        return self.payload[3:]

    def __repr__(self) -> str:
        # Payloads of read answers carry personal data: show the size and the head only.
        head = self.payload[:4].hex(" ")
        return f"SamFrame(len={len(self.payload)}, head={head})"


def command(cmd: int, para: int, data: bytes = b"") -> SamFrame:
    """Build a command frame.

    Args:
        cmd: CMD byte, e.g. 0x20 find card.
        para: PARA byte, e.g. 0x01.
        data: optional command data.
    """
    return SamFrame(bytes([cmd, para]) + data)


def answer(sw3: int, data: bytes = b"", sw1: int = 0x00, sw2: int = 0x00) -> SamFrame:
    """Build an answer frame (used by the simulator and tests).

    Args:
        sw3: the reader's status byte (0x90 success, 0x9F found, 0x80 no card ...).
        data: answer data.
        sw1: card APDU SW1, forwarded by the reader (00 for reader-side statuses).
        sw2: card APDU SW2.
    """
    return SamFrame(bytes([sw1, sw2, sw3]) + data)


def decode_frame(raw: bytes) -> SamFrame:
    """Decode exactly one complete frame.

    Args:
        raw: the frame's bytes, preamble to checksum.
    Returns:
        The frame.
    Raises:
        SamFrameError: wrong preamble, wrong size, or bad checksum.
    """
    parser = SamFrameParser()
    parser.feed(raw)
    frame = parser.next_frame()
    if frame is None or parser.buffered:
        raise SamFrameError(f"not exactly one SAM frame ({len(raw)} bytes)")
    if not raw.startswith(PREAMBLE):
        raise SamFrameError("bytes before the SAM preamble")
    return frame


class SamFrameParser:
    """Streaming SAM frame parser: feed bytes as they come, take frames out.

    It skips bytes until the preamble, refuses lengths outside [MIN_LENGTH, max_length], and
    after any bad frame resumes the search at the byte after the bad frame's first preamble
    byte, never after its claimed end, so a real frame inside a false one is still found:

    - a bad checksum or an implausible length: the claim is dropped at once;
    - a claimed frame still incomplete while a complete, good frame already sits inside its
      claimed extent (a real frame never holds another: the claim is line noise, e.g. a false
      `AA AA AA 96 69 0F FF` before the answer): the claim is dropped at once;
    - a claimed frame that stays incomplete after the line went quiet: the reader calls
      `resync()`, which drops it when a later preamble is buffered.

    Its buffer never exceeds one frame plus what was fed after it.
    """

    def __init__(self, max_length: int = MAX_LENGTH) -> None:
        self.max_length = max_length
        self._buf = bytearray()

    @property
    def buffered(self) -> int:
        """Number of bytes held that are not yet part of a returned frame."""
        return len(self._buf)

    @property
    def receiving(self) -> bool:
        """True when a preamble has been seen and its frame is not complete yet."""
        return self._buf.find(PREAMBLE) >= 0

    def reset(self) -> None:
        """Forget everything buffered (e.g. before a new command)."""
        self._buf.clear()

    def feed(self, data: bytes) -> None:
        """Add received bytes."""
        self._buf += data

    def needed(self) -> int:
        """How many more bytes the frame being received needs at least (always >= 1).

        A reader can ask its port for exactly this many bytes and so never reads past the
        end of the frame and never waits on a byte-at-a-time loop.
        """
        start = self._buf.find(PREAMBLE)
        if start < 0:
            # Keep any tail that could be the start of a preamble.
            return max(1, HEADER_SIZE - self._partial_preamble())
        have = len(self._buf) - start
        if have < HEADER_SIZE:
            return HEADER_SIZE - have
        length = int.from_bytes(self._buf[start + 5:start + 7], "big")
        if not MIN_LENGTH <= length <= self.max_length:
            return 1
        return max(1, HEADER_SIZE + length - have)

    def _partial_preamble(self) -> int:
        for size in range(len(PREAMBLE) - 1, 0, -1):
            if self._buf.endswith(PREAMBLE[:size]):
                return size
        return 0

    def next_frame(self) -> SamFrame | None:
        """Take the next complete frame out of the buffer.

        Returns:
            The frame, or None when more bytes are needed.
        Raises:
            SamFrameTooLongError / SamChecksumError / SamFrameError: a bad frame was met; the
            parser has already resynced past its first byte, so calling again goes on.
        """
        start = self._buf.find(PREAMBLE)
        if start < 0:
            keep = self._partial_preamble()
            if keep:
                del self._buf[:len(self._buf) - keep]
            else:
                self._buf.clear()
            return None
        if start:
            del self._buf[:start]
        if len(self._buf) < HEADER_SIZE:
            return None
        length = int.from_bytes(self._buf[5:7], "big")
        if length > self.max_length:
            del self._buf[:1]
            raise SamFrameTooLongError(f"SAM frame claims {length} bytes, more than {self.max_length}")
        if length < MIN_LENGTH:
            del self._buf[:1]
            raise SamFrameError(f"SAM frame claims {length} bytes, fewer than {MIN_LENGTH}")
        end = HEADER_SIZE + length
        if len(self._buf) < end:
            if self._good_frame_after(0):
                del self._buf[:1]
                raise SamFrameError(f"SAM frame claims {length} bytes, but a complete frame follows inside them")
            return None
        body = bytes(self._buf[5:end - 1])
        checksum = self._buf[end - 1]
        if xor_checksum(body) != checksum:
            del self._buf[:1]
            raise SamChecksumError(
                f"SAM frame checksum 0x{checksum:02X} != computed 0x{xor_checksum(body):02X}"
            )
        del self._buf[:end]
        return SamFrame(body[2:])

    def resync(self) -> bool:
        """Give up the frame being received when a later preamble is buffered, and search on from it.

        For a reader whose line went quiet before a claimed frame completed: if a later preamble
        sits in the buffered bytes, the claim was noise (or a cut-short frame) and the next frame
        starts there. Without a later preamble nothing is dropped: the frame may yet complete.

        Returns:
            True when bytes were dropped and the search goes on at a later preamble.
        """
        start = self._buf.find(PREAMBLE)
        if start < 0:
            return False
        later = self._buf.find(PREAMBLE, start + 1)
        if later < 0:
            return False
        del self._buf[:later]
        return True

    def _good_frame_after(self, start: int) -> bool:
        """True when a complete frame with a good checksum starts at a preamble after `start`."""
        pos = self._buf.find(PREAMBLE, start + 1)
        while pos >= 0:
            if len(self._buf) - pos < HEADER_SIZE:
                return False
            length = int.from_bytes(self._buf[pos + 5:pos + 7], "big")
            end = pos + HEADER_SIZE + length
            if MIN_LENGTH <= length <= self.max_length and end <= len(self._buf) \
                    and xor_checksum(self._buf[pos + 5:end - 1]) == self._buf[end - 1]:
                return True
            pos = self._buf.find(PREAMBLE, pos + 1)
        return False
