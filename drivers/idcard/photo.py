"""Plug-in point for a vendor WLT photo decoder.

The 1024-byte WLT photo on the card is in a format only the card authority's licensed library
(e.g. a vendor's libwlt2bmp / WltRS) can decode. The driver keeps the raw bytes on the record
and decodes nothing itself; a site that holds such a library registers an adapter here.
"""
from __future__ import annotations

import threading
from typing import Protocol, runtime_checkable

from .errors import IdCardError


class PhotoDecoderMissingError(IdCardError):
    """No WLT decoder is registered under the requested name."""


class PhotoDecodeError(IdCardError):
    """A registered WLT decoder failed on the given bytes."""


@runtime_checkable
class WltDecoder(Protocol):
    """A vendor decoder turning WLT bytes into an image file's bytes (BMP, PNG or JPEG)."""

    def decode(self, wlt: bytes) -> bytes:
        """Decode one WLT photo.

        Args:
            wlt: the 1024 raw bytes from the card.
        Returns:
            Image file bytes.
        """
        ...


_decoders: dict[str, WltDecoder] = {}
_lock = threading.Lock()


def register_wlt_decoder(name: str, decoder: WltDecoder) -> None:
    """Register (or replace) a WLT decoder under a name, e.g. "vendor-x"."""
    if not isinstance(decoder, WltDecoder):
        raise TypeError("a WLT decoder needs a decode(wlt: bytes) -> bytes method")
    with _lock:
        _decoders[name] = decoder


def unregister_wlt_decoder(name: str) -> None:
    """Remove a decoder; unknown names are ignored."""
    with _lock:
        _decoders.pop(name, None)


def registered_wlt_decoders() -> list[str]:
    """Names of the registered decoders."""
    with _lock:
        return sorted(_decoders)


def decode_wlt(wlt: bytes, name: str | None = None) -> bytes:
    """Decode WLT bytes with a registered decoder.

    Args:
        wlt: raw WLT photo bytes.
        name: which decoder; None takes the only one registered.
    Raises:
        PhotoDecoderMissingError: none (or, with name None, more than one) registered.
        PhotoDecodeError: the decoder raised.
    """
    decoder: WltDecoder | None
    with _lock:
        if name is None:
            if len(_decoders) != 1:
                raise PhotoDecoderMissingError(
                    f"{len(_decoders)} WLT decoders registered; name one (licensed vendor library needed)"
                )
            decoder = next(iter(_decoders.values()))
        else:
            decoder = _decoders.get(name)
            if decoder is None:
                raise PhotoDecoderMissingError(f"no WLT decoder named {name!r} is registered")
    try:
        return decoder.decode(bytes(wlt))
    except Exception as exc:  # a vendor library may raise anything; the host needs one type
        raise PhotoDecodeError(f"WLT decoder failed: {type(exc).__name__}") from exc
