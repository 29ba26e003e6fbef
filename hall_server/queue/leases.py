"""Number leases: blocks of today's numbers a kiosk holds to issue from while it cannot reach the
server, and the merge of the tickets it issued offline into the queue by their issue time."""
from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from hall_rules import queue as rules

from .. import db
from ..config import Category, Hall
from ..schema import Lease, LeaseRequest, OfflineNote, OfflineResult, OfflineSubmit
from .core import CLOCK_SKEW_S, Principal, QueueRefusal
from .tickets import Tickets
from .writer import Tx

MAX_LEASES = 3  # a kiosk's unreleased leases per category and day

OFFLINE_NOTES = {
    "appointment_unknown": ("没有今天该事项的这个预约，已按普通号排队",
                            "no such appointment for this service today; queued as an ordinary ticket"),
    "appointment_used": ("该预约已取过号，已按普通号排队",
                         "the appointment was already checked in; queued as an ordinary ticket"),
    "appointment_other_person": ("该预约不属于此身份证，已按普通号排队",
                                 "the appointment belongs to another ID card; queued as an ordinary ticket"),
    "track_token_refused": ("该号码的查询码无效（重复或过于简单），已另行生成；回执上的二维码无法查询",
                            "the ticket's tracking token was refused (reused or too simple) and replaced; "
                            "the receipt's QR code will not find it"),
}


def offline_note(seq: int, number: str, code: str) -> OfflineNote:
    message, message_en = OFFLINE_NOTES[code]
    return OfflineNote(seq=seq, number=number, code=code, message=message, message_en=message_en)


def fresh_track_token(tx: Tx, token: str) -> bool:
    """A tracking token a kiosk made offline is taken if it looks random and no ticket has it.

    A kiosk makes it as the server does (`secrets.token_urlsafe(18)`, 24 characters); 24 random
    characters of 64 show ten or more different ones but for odds below one in 10^10, so
    fewer is a token somebody chose (`AAAA…`), which would let others guess the address.
    """
    if len(set(token)) < 10:
        return False
    return tx.conn.execute(sa.select(db.tickets.c.id).where(db.tickets.c.track_token == token)).first() is None


class Leases:
    """The kiosks' number leases."""

    def __init__(self, hall: Hall, store: db.Store, clock: Callable[[], dt.datetime], tickets: Tickets):
        self.hall = hall
        self.store = store
        self.clock = clock
        self.tickets = tickets

    def model(self, conn: sa.Connection, row: Any) -> Lease:
        """The wire model of a leases row, with the numbers of it used so far."""
        used = [r.seq for r in conn.execute(sa.select(db.tickets.c.seq).where(db.tickets.c.lease_id == row.id)
                                            .order_by(db.tickets.c.seq))]
        return Lease(id=row.id, category=row.category, prefix=self.hall.categories[row.category].prefix,
                     business_day=dt.date.fromisoformat(row.business_day), first=row.first, last=row.last,
                     used=used, released=row.released_at is not None)

    def of(self, device: str) -> list[Lease]:
        """A kiosk's leases of today."""
        day = self.hall.business_day(self.clock())
        with self.store.read() as conn:
            rows = conn.execute(sa.select(db.leases).where(db.leases.c.device == device,
                                                           db.leases.c.business_day == day.isoformat())).all()
            return [self.model(conn, r) for r in rows]

    def lease_for(self, tx: Tx, actor: Principal, lease_id: str) -> Any:
        """The leases row of this id, if it is the asking kiosk's.

        Raises:
            QueueRefusal: unknown_lease (also for another kiosk's).
        """
        row = tx.conn.execute(sa.select(db.leases).where(db.leases.c.id == lease_id)).first()
        if row is None or row.device != actor.id:
            raise QueueRefusal(404, "unknown_lease", "没有这个号段", "no such lease for this kiosk")
        return row

    def grant(self, tx: Tx, actor: Principal, req: LeaseRequest) -> tuple[int, Lease]:
        cat = self.tickets.category(req.category)
        active = tx.conn.execute(sa.select(sa.func.count()).select_from(db.leases).where(
            db.leases.c.device == actor.id, db.leases.c.category == cat.code,
            db.leases.c.business_day == tx.day.isoformat(), db.leases.c.released_at.is_(None))).scalar_one()
        if active >= MAX_LEASES:
            raise QueueRefusal(409, "lease_limit", "本机该事项已有足够的预留号段",
                               "this kiosk already holds enough leases for this category")
        wanted = req.count or self.hall.lease_block
        if wanted > self.hall.lease_block:
            # A big lease holds numbers back from everyone else: never more than half of what is left.
            reserved = self.tickets.reserved(tx, cat)
            wanted = max(self.hall.lease_block, min(wanted, (cat.daily_cap - reserved) // 2))
        first, count = self.tickets.allocate(tx, cat, wanted, clip=True)
        lease_id = uuid.uuid4().hex
        tx.conn.execute(db.leases.insert().values(
            id=lease_id, device=actor.id, category=cat.code, business_day=tx.day.isoformat(),
            first=first, last=first + count - 1, granted_at=tx.ts))
        row = tx.conn.execute(sa.select(db.leases).where(db.leases.c.id == lease_id)).one()
        tx.emit("lease.granted", {"lease": lease_id, "device": actor.id, "category": cat.code,
                                  "first": row.first, "last": row.last})
        return 201, self.model(tx.conn, row)

    def submit_offline(self, tx: Tx, actor: Principal, lease_id: str, req: OfflineSubmit) -> tuple[int, OfflineResult]:
        """Tickets a kiosk issued from its lease while offline join the queue by their issue time."""
        lease = self.lease_for(tx, actor, lease_id)
        cat = self.hall.categories[lease.category]
        seen = set()
        for t in req.tickets:
            if not lease.first <= t.seq <= lease.last or t.seq in seen:
                raise QueueRefusal(422, "seq_outside_lease", "号码不在该号段内或重复",
                                   "a ticket number lies outside the lease or repeats", seq=t.seq)
            seen.add(t.seq)
            if t.issued_at.tzinfo is None:
                raise QueueRefusal(422, "naive_time", "取号时间须带时区", "issued_at needs a time zone")
            ts = t.issued_at.timestamp()
            if ts > tx.ts + CLOCK_SKEW_S or ts < lease.granted_at - CLOCK_SKEW_S:
                raise QueueRefusal(422, "issued_at_out_of_range", "取号时间不在号段有效期内",
                                   "issued_at is outside the lease's lifetime", seq=t.seq)
        if lease.business_day != tx.day.isoformat():
            raise QueueRefusal(409, "lease_expired", "号段已过期（跨日）", "the lease belongs to an earlier day")
        results, notes = [], []
        for t in req.tickets:
            number = rules.format_number(cat.prefix, t.seq, self.hall.number_digits)
            existing = tx.conn.execute(sa.select(db.tickets).where(
                db.tickets.c.business_day == lease.business_day, db.tickets.c.number == number)).first()
            if existing is not None:
                if existing.lease_id != lease.id or abs(existing.issued_at - t.issued_at.timestamp()) > 0.001:
                    raise QueueRefusal(409, "seq_already_submitted", "该号码已以不同内容提交",
                                       "this number was already submitted with other details", seq=t.seq)
                if t.appointment_id and existing.appointment_id != t.appointment_id:  # the same note again
                    _, refused = self._offline_appointment(tx, cat, lease.business_day, t.appointment_id, None)
                    notes.append(offline_note(t.seq, number, refused or "appointment_used"))
                results.append(self.tickets.issued(tx, existing))
                continue
            id_hash, id_number = self.tickets.id_hash(t.id_number)
            appointment, refused = self._offline_appointment(tx, cat, lease.business_day, t.appointment_id, id_hash)
            if refused:
                notes.append(offline_note(t.seq, number, refused))
            # The kiosk read the age from the card and keeps no ID number: trust its flag where the
            # category has a green channel at all.
            green = cat.green_channel and t.green_channel or self.tickets.green_by_age(cat, id_number, tx.day)
            token = t.track_token
            if token is not None and not fresh_track_token(tx, token):
                # The ticket joins the queue all the same, with a token of the server's own; only
                # the address the kiosk printed will not find it.
                notes.append(offline_note(t.seq, number, "track_token_refused"))
                token = None
            row = self.tickets.insert(tx, actor, cat, t.seq, issued_at=t.issued_at.timestamp(), id_hash=id_hash,
                                      name=t.name, green=green, lease_id=lease.id, track_token=token,
                                      appointment=appointment)
            if appointment is not None:
                tx.conn.execute(db.appointments.update().where(db.appointments.c.id == appointment.id)
                                .values(ticket_id=row.id))
            if lease.released_at is not None:  # its unused numbers were given back to the cap
                self.tickets.unreserve(tx, cat.code, lease.business_day, -1)
            results.append(self.tickets.issued(tx, row))
        return 200, OfflineResult(tickets=results, notes=notes)

    def _offline_appointment(self, tx: Tx, cat: Category, day: str, appointment_id: str | None,
                             id_hash: str | None) -> tuple[Any | None, str | None]:
        """The appointment an offline ticket checked in, or (None, why not): then it merges as ordinary."""
        if not appointment_id:
            return None, None
        row = tx.conn.execute(sa.select(db.appointments).where(db.appointments.c.id == appointment_id)).first()
        if row is None or row.category != cat.code or row.date != day:
            return None, "appointment_unknown"
        if row.ticket_id is not None:
            return None, "appointment_used"
        if row.id_hash and id_hash and row.id_hash != id_hash:
            return None, "appointment_other_person"
        return row, None

    def release(self, tx: Tx, actor: Principal, lease_id: str) -> tuple[int, Lease]:
        lease = self.lease_for(tx, actor, lease_id)
        if lease.released_at is None:
            tx.conn.execute(db.leases.update().where(db.leases.c.id == lease.id).values(released_at=tx.ts))
            used = tx.conn.execute(sa.select(sa.func.count()).select_from(db.tickets)
                                   .where(db.tickets.c.lease_id == lease.id)).scalar_one()
            self.tickets.unreserve(tx, lease.category, lease.business_day, lease.last - lease.first + 1 - used)
            tx.emit("lease.released", {"lease": lease.id, "device": actor.id, "category": lease.category})
        row = tx.conn.execute(sa.select(db.leases).where(db.leases.c.id == lease.id)).one()
        return 200, self.model(tx.conn, row)
