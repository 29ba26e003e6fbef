"""Errors a device-host command answers with: a stable code plus a message in zh and en."""
from __future__ import annotations

from hall_rules.errors import HallError

#: Error codes of the local API and what they mean.
ERROR_CODES = {
    "bad_json": "the message is not JSON text",
    "bad_message": "the message is not a command object",
    "too_large": "the message is larger than the host accepts",
    "unknown_command": "no such command",
    "bad_args": "the command's arguments are missing or wrong",
    "not_configured": "this machine has no such device",
    "not_simulated": "simulator controls work only on sim:// devices",
    "device_down": "the device cannot be reached",
    "not_ready": "the device answers but cannot do it now (paper end, cover open...)",
    "refused": "the content is not acceptable (full ID number on a receipt, not a PDF...)",
    "busy": "too many commands in flight on this connection",
    "internal": "the host failed unexpectedly; see its log",
}


class CommandError(HallError):
    """A command that failed in a way the caller can act on.

    Args:
        code: one of ERROR_CODES.
        message: Chinese text for staff screens.
        message_en: English text for technicians and logs.
    """



def bad_args(message: str, message_en: str) -> CommandError:
    """A bad_args error."""
    return CommandError("bad_args", message, message_en)
