"""Appointments (预约): made by staff, signed for the citizen's code, and the per-date lookup keys
with which kiosks find a card holder's appointments without an ID number on the wire."""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import uuid

import sqlalchemy as sa
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from .. import db, idnumber
from ..config import Hall
from ..schema import Appointment, AppointmentCodePayload, AppointmentRequest, encode_appointment_code
from .core import Principal, QueueRefusal
from .tickets import Tickets
from .writer import Tx


def id_digest(lookup_key: str, id_number: str) -> str:
    """hex HMAC-SHA256 of the upper-cased ID number under a date's lookup key (as a kiosk computes it)."""
    return hmac.new(lookup_key.encode("utf-8"), id_number.upper().encode("utf-8"), hashlib.sha256).hexdigest()


class Appointments:
    """The hall's appointments.

    Args:
        signing_key: the appointment codes' Ed25519 key: never logged, never served (only its public half).
    """

    def __init__(self, hall: Hall, tickets: Tickets, signing_key: Ed25519PrivateKey):
        self.hall = hall
        self.tickets = tickets
        self._signing_key = signing_key
        self.public_key = signing_key.public_key().public_bytes(serialization.Encoding.Raw,
                                                                serialization.PublicFormat.Raw)

    def create(self, tx: Tx, actor: Principal, req: AppointmentRequest) -> tuple[int, Appointment]:
        cat = self.tickets.category(req.category)
        if not req.slot_start < req.slot_end:
            raise QueueRefusal(422, "bad_slot", "预约时段结束早于开始", "the slot ends before it starts")
        id_hash, number = self.tickets.id_hash(req.id_number)
        # Minutes only: the slot is stored, shown and signed as HH:MM.
        slot_start = req.slot_start.replace(second=0, microsecond=0)
        slot_end = req.slot_end.replace(second=0, microsecond=0)
        appointment_id = uuid.uuid4().hex
        digest = id_digest(self.lookup_key(tx, req.date), number) if number else None
        tx.conn.execute(db.appointments.insert().values(
            id=appointment_id, category=cat.code, date=req.date.isoformat(),
            slot_start=slot_start.strftime("%H:%M"), slot_end=slot_end.strftime("%H:%M"),
            id_hash=id_hash, masked_name=idnumber.mask_name(req.name), created_at=tx.ts, id_digest=digest))
        tx.emit("appointment.created", {"appointment": appointment_id, "category": cat.code,
                                        "date": req.date.isoformat()})
        code = encode_appointment_code(AppointmentCodePayload(
            hall=self.hall.code, id=appointment_id, category=cat.code, date=req.date, slot_start=slot_start,
            slot_end=slot_end), self._signing_key.sign)
        return 201, Appointment(id=appointment_id, category=cat.code, date=req.date, slot_start=slot_start,
                                slot_end=slot_end, masked_name=idnumber.mask_name(req.name), code=code)

    def lookup_key(self, tx: Tx, day: dt.date) -> str:
        """The date's random key for kiosks' ID digests; made and stored when first needed."""
        k = db.lookup_keys.c
        key = tx.conn.execute(sa.select(k.key).where(k.date == day.isoformat())).scalar()
        if key is None:
            key = secrets.token_urlsafe(32)
            tx.conn.execute(db.lookup_keys.insert().values(date=day.isoformat(), key=key))
        return key
