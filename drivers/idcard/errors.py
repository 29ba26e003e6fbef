"""Errors of the ID-card reader: framing, transport, card data and SAM status codes.

Every failure the driver can meet is one of these classes, so a 7x24 device host can catch
`IdCardError` and never see a bare `ValueError`, `UnicodeDecodeError` or `OSError`.

SAM status codes (SW3, the reader's own status byte). Sources, checked against each other:
  - the SAM_V UART protocol sheet as republished by vendors (eastcoms.com "身份证阅读器模块SAM
    通讯协议"; softs.im "身份证阅读器通信协议"), table "SW1 SW2 SW3 / 说明";
  - vendor SDK headers listing the same codes (e.g. HX_FDX3CardReader.h, a Delphi `Global`
    unit with `res_Err_*` constants), which add 0x23 越权操作 and 0x91 证/卡中此项无内容.
All codes below appear in both kinds of source; their English wording is ours.
"""
from __future__ import annotations


class IdCardError(Exception):
    """Base of every error raised by the ID-card driver."""


class SamConfigError(IdCardError, ValueError):
    """A device URL or option that the driver cannot use."""


class SamTransportError(IdCardError):
    """The byte transport to the reader failed."""


class SamDeviceGoneError(SamTransportError):
    """The reader went away (unplugged, simulator stopped, socket closed); reopen later."""


class SamDeviceUnavailableError(SamDeviceGoneError):
    """The reader could not be opened (no such port, connection refused, busy)."""


class SamTimeoutError(SamTransportError):
    """The reader did not answer in time."""


class SamFrameError(IdCardError):
    """Bytes that are not a well-formed SAM frame."""


class SamChecksumError(SamFrameError):
    """A SAM frame whose XOR checksum does not match its contents."""


class SamFrameTooLongError(SamFrameError):
    """A SAM frame whose length field exceeds the driver's guard."""


class IdCardDataError(IdCardError):
    """Card text or answer payload that does not follow the card's layout."""


class SamStatusError(IdCardError):
    """The SAM answered with a status code other than success.

    Attributes:
        code: the SW3 byte.
        message_zh: the Chinese text of the code, as on the vendor sheet.
        message_en: its English text.
    """

    code: int = -1
    message_zh: str = "未知状态"
    message_en: str = "unknown status"

    def __init__(self, code: int | None = None, context: str = "") -> None:
        if code is not None:
            self.code = code
        self.context = context
        where = f" during {context}" if context else ""
        super().__init__(f"SAM status 0x{self.code:02X}{where}: {self.message_zh} / {self.message_en}")


class SamHostFrameError(SamStatusError):
    """The SAM rejected the frame we sent (checksum, length or command)."""


class SamChecksumRejected(SamHostFrameError):
    code, message_zh, message_en = 0x10, "接收业务终端数据的校验和错", "reader got a frame with a bad checksum"


class SamLengthRejected(SamHostFrameError):
    code, message_zh, message_en = 0x11, "接收业务终端数据的长度错", "reader got a frame with a bad length"


class SamCommandRejected(SamHostFrameError):
    code, message_zh, message_en = 0x21, "接收业务终端的命令错误", "reader got an unknown or ill-formed command"


class SamNotPermittedError(SamStatusError):
    code, message_zh, message_en = 0x23, "越权操作", "operation not permitted"


class SamUnknownError(SamStatusError):
    code, message_zh, message_en = 0x24, "无法识别的错误", "reader reports an unrecognised error"


class SamModuleError(SamStatusError):
    """The SAM module itself is unusable: a device fault, not a citizen's card."""


class SamSelfTestError(SamModuleError):
    code, message_zh, message_en = 0x60, "SAM自检失败，不能接收命令", "SAM self-test failed; it accepts no commands"


class SamNotAuthorisedError(SamModuleError):
    code, message_zh, message_en = 0x66, "SAM未经授权，无法使用", "SAM is not authorised and cannot be used"


class CardError(SamStatusError):
    """Something about the presented card: absent, moved away, unreadable or not genuine."""


class NoCardError(CardError):
    code, message_zh, message_en = 0x80, "寻找证/卡失败（无卡）", "no card found on the reader"


class SelectCardError(CardError):
    code, message_zh, message_en = 0x81, "选取证/卡失败", "selecting the card failed"


class CardAuthenticatesSamError(CardError):
    code, message_zh, message_en = 0x31, "证/卡认证SAM失败", "the card failed to authenticate the SAM"


class SamAuthenticatesCardError(CardError):
    code, message_zh, message_en = 0x32, "SAM认证证/卡失败", "the SAM failed to authenticate the card"


class CardVerifyError(CardError):
    code, message_zh, message_en = 0x33, "信息验证错误", "card information failed verification"


class WrongCardTypeError(CardError):
    code, message_zh, message_en = 0x40, "无法识别的卡类型", "unrecognised card type"


class ReadCardError(CardError):
    code, message_zh, message_en = 0x41, "读证/卡操作失败", "reading the card failed"


class RandomNumberError(CardError):
    code, message_zh, message_en = 0x47, "取随机数失败", "getting a random number from the card failed"


class NoContentError(CardError):
    code, message_zh, message_en = 0x91, "证/卡中此项无内容", "the card holds no content for this item"


#: SW3 codes that mean success; 0x9F is "find card succeeded".
SW3_OK = 0x90
SW3_FOUND = 0x9F

_STATUS_CLASSES: dict[int, type[SamStatusError]] = {
    cls.code: cls
    for cls in (
        SamChecksumRejected, SamLengthRejected, SamCommandRejected, SamNotPermittedError,
        SamUnknownError, CardAuthenticatesSamError, SamAuthenticatesCardError, CardVerifyError,
        WrongCardTypeError, ReadCardError, RandomNumberError, SamSelfTestError,
        SamNotAuthorisedError, NoCardError, SelectCardError, NoContentError,
    )
}

#: Every documented SW3 code with its Chinese and English text (success codes included).
SAM_STATUS_TEXT: dict[int, tuple[str, str]] = {
    SW3_OK: ("操作成功", "success"),
    SW3_FOUND: ("寻找证/卡成功", "card found"),
    **{code: (cls.message_zh, cls.message_en) for code, cls in _STATUS_CLASSES.items()},
}


def status_error(code: int, context: str = "") -> SamStatusError:
    """Build the exception for a non-success SW3 code.

    Args:
        code: the SW3 byte of the answer.
        context: what the driver was doing, for the message (e.g. "read card").
    Returns:
        An instance of the matching class; an unlisted code gives a plain `SamStatusError`.
    """
    cls = _STATUS_CLASSES.get(code)
    if cls is None:
        return SamStatusError(code, context)
    return cls(context=context)
