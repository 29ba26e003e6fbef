"""ID-card reader (SAM protocol, GA 467 readers): frame codec, commands, records, reader.

A device host uses `SamReader` (opened from a device URL) and `IdCardRecord`; everything it
can meet is an `IdCardError`. The WLT photo stays raw; see `photo` for the decoder plug-in.
"""
from .commands import SamCommand
from .errors import (
    CardError,
    IdCardDataError,
    IdCardError,
    NoCardError,
    NoContentError,
    ReadCardError,
    SAM_STATUS_TEXT,
    SamChecksumError,
    SamConfigError,
    SamDeviceGoneError,
    SamDeviceUnavailableError,
    SamFrameError,
    SamFrameTooLongError,
    SamModuleError,
    SamStatusError,
    SamTimeoutError,
    SamTransportError,
    SelectCardError,
    status_error,
)
from .frame import PREAMBLE, SamFrame, SamFrameParser, answer, command, decode_frame, xor_checksum
from .photo import WltDecoder, decode_wlt, register_wlt_decoder, unregister_wlt_decoder
from .reader import DEFAULT_BAUDRATE, SamPortSpec, SamReader, parse_device_url
from .record import (
    CardType,
    GENDERS,
    IdCardRecord,
    NATIONS,
    gb11643_check_char,
    is_valid_id_number,
    mask_id_number,
    mask_name,
    parse_card_text,
    parse_read_answer,
)

__all__ = [
    "CardError", "CardType", "DEFAULT_BAUDRATE", "GENDERS", "IdCardDataError", "IdCardError",
    "IdCardRecord", "NATIONS", "NoCardError", "NoContentError", "PREAMBLE", "ReadCardError",
    "SAM_STATUS_TEXT", "SamChecksumError", "SamCommand", "SamConfigError", "SamDeviceGoneError",
    "SamDeviceUnavailableError", "SamFrame", "SamFrameError", "SamFrameParser",
    "SamFrameTooLongError", "SamModuleError", "SamPortSpec", "SamReader", "SamStatusError",
    "SamTimeoutError", "SamTransportError", "SelectCardError", "WltDecoder", "answer", "command",
    "decode_frame", "decode_wlt", "gb11643_check_char", "is_valid_id_number", "mask_id_number",
    "mask_name", "parse_card_text", "parse_device_url", "parse_read_answer",
    "register_wlt_decoder", "status_error", "unregister_wlt_decoder", "xor_checksum",
]
