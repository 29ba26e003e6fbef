"""Reading the hall server's event stream into the wire schema, with no Qt (the LED relay uses it
as well as the Qt apps' links).

A message is a `Heartbeat`, an event (`Sequenced` with its `Event`), or nothing usable. An event
that is not what the schema says is logged and kept as its bare sequence number: the number is used
up all the same, so skipping it never opens a gap that a client would try to fill for ever.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from hall_server.schema import Event, Heartbeat

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sequenced:
    """One sequence number of the hall's history: its event, or None when what came under that number
    was not an event of the schema."""

    seq: int
    event: Event | None


def problems(exc: ValidationError) -> str:
    """A validation error in one line: where, and what is wrong there."""
    return "; ".join(f"{'.'.join(map(str, e['loc'])) or '(the whole)'}: {e['msg']}" for e in exc.errors())


def sequenced(raw: Any) -> Sequenced | None:
    """An event of the stream or of `GET /events` as its model; None when it has no sequence number."""
    seq = raw.get("seq") if isinstance(raw, dict) else None
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 0:
        return None
    try:
        return Sequenced(seq, Event.model_validate(raw))
    except ValidationError as exc:
        log.error("event %d is not what the schema says; skipped: %s", seq, problems(exc))
        return Sequenced(seq, None)


def stream_message(text: str | bytes) -> Heartbeat | Sequenced | None:
    """A message of the event stream; None (logged) when it is neither a heartbeat nor an event."""
    try:
        message = json.loads(text)
    except ValueError:
        message = None
    if isinstance(message, dict) and message.get("type") == "heartbeat":
        try:
            return Heartbeat.model_validate(message)
        except ValidationError as exc:
            log.warning("ignored a heartbeat that is not what the schema says: %s", problems(exc))
            return None
    item = sequenced(message)
    if item is None:
        log.warning("ignored a stream message that is not an event")
    return item


def max_length(model: type[BaseModel], field: str) -> int:
    """The longest text the server takes in `model.field` (the app cuts what is typed to it).

    Raises:
        LookupError: the field has no maximum length.
    """
    limits = [m.max_length for m in model.model_fields[field].metadata if getattr(m, "max_length", None)]
    if not limits:
        raise LookupError(f"{model.__name__}.{field} has no maximum length")
    return min(limits)
