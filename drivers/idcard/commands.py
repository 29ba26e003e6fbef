"""The SAM commands the driver sends, and the sizes of their answers.

CMD/PARA values: SAM_V UART protocol, table 9 "CMD 和 Para" (vendor republications on
eastcoms.com and softs.im agree byte for byte). The answer sizes are whole frames, preamble to
checksum, used to scale the read timeout to the wire time at slow baud rates.
"""
from __future__ import annotations

import enum

from .frame import HEADER_SIZE, SamFrame, command

#: Text, photo and fingerprint block sizes in a read answer (GA/T 490 machine-readable files).
TEXT_SIZE = 256
PHOTO_SIZE = 1024
FINGERPRINT_SIZE = 1024
#: Additional (latest appended) address: one address field, 70 bytes of UCS-2LE.
ADDITIONAL_ADDRESS_SIZE = 70
#: Select answer carries the card's 8-byte serial (vendor SDK captures: 19-byte answer).
CARD_SERIAL_SIZE = 8
#: "Read SAM id" answer data is 16 bytes.
SAM_ID_SIZE = 16


class SamCommand(enum.Enum):
    """One SAM command: (CMD, PARA)."""

    RESET = (0x10, 0xFF)  # 复位SAM
    STATUS = (0x11, 0xFF)  # SAM状态检测
    READ_SAM_ID = (0x12, 0xFF)  # 读SAM管理信息(编号)
    FIND_CARD = (0x20, 0x01)  # 寻找证/卡
    SELECT_CARD = (0x20, 0x02)  # 选取证/卡
    READ_CARD = (0x30, 0x01)  # 读机读文字信息和相片信息
    READ_ADDITIONAL_ADDRESS = (0x30, 0x03)  # 读最新追加住址信息
    READ_CARD_WITH_FINGERPRINT = (0x30, 0x10)  # 读文字、相片和指纹信息

    @property
    def frame(self) -> SamFrame:
        """The command frame (no data)."""
        return command(*self.value)

    @property
    def wire(self) -> bytes:
        """The command's wire bytes, e.g. AA AA AA 96 69 00 03 20 01 22 for FIND_CARD."""
        return _WIRE[self]

    @property
    def answer_size(self) -> int:
        """Whole-frame size of the success answer (for timeouts and wire-time figures)."""
        return HEADER_SIZE + 3 + _ANSWER_DATA[self] + 1


_WIRE = {cmd: cmd.frame.encode() for cmd in SamCommand}
_ANSWER_DATA = {
    SamCommand.RESET: 0,
    SamCommand.STATUS: 0,
    SamCommand.READ_SAM_ID: SAM_ID_SIZE,
    SamCommand.FIND_CARD: 4,
    SamCommand.SELECT_CARD: CARD_SERIAL_SIZE,
    SamCommand.READ_CARD: 4 + TEXT_SIZE + PHOTO_SIZE,
    SamCommand.READ_ADDITIONAL_ADDRESS: ADDITIONAL_ADDRESS_SIZE,
    SamCommand.READ_CARD_WITH_FINGERPRINT: 6 + TEXT_SIZE + PHOTO_SIZE + FINGERPRINT_SIZE,
}
