"""Forms filled at the kiosk (电子填单): kept with their ticket, shown at its window, then purged.

A form is personal data (a name, an ID number, an address). It is stored in `forms` only while
its ticket is in the queue: when the ticket ends (done, cancelled, a no-show past its undo time)
and at the business day's turnover its row is deleted and only `forms_seen` remains (which
matter, when filled, whether the citizen confirmed it). No event carries a form's values, so
displays, the centre and the event log never see them; nothing here logs a value.
"""
from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import sqlalchemy as sa

from hall_rules import forms as rules

from . import certpdf, db
from .config import Matter
from .engine import Principal, QueueEngine, QueueRefusal, Tx
from .queue.core import unknown_ticket
from .queue.core import from_ts
from .schema import (
    ACTIVE_STATES, FormConfirmAsked, FormConfirmRequest, FormConfirmResult, FormMaterialCheck, Role, TicketForm,
    TicketFormRequest, TicketFormStored, TicketFormValue, TicketState,
)

#: Events after which a ticket's form goes at once (a no-show waits for its undo time: see `sweep`).
ENDING_EVENTS = frozenset({"ticket.done", "ticket.cancelled"})
#: How often, at most, the writer looks for forms of no-shows past their undo time (seconds).
SWEEP_SECONDS = 10.0
_AT_WINDOW = (TicketState.CALLED.value, TicketState.SERVING.value)


def _no_form() -> QueueRefusal:
    return QueueRefusal(404, "no_form", "此号码没有预填表单", "this ticket has no form")


def _bad_value(key: str, code: str) -> QueueRefusal:
    zh, en = rules.REFUSALS[code]
    return QueueRefusal(422, code, zh, en, field=key)


def _matter(engine: QueueEngine, code: str) -> Matter:
    for matter in engine.hall.matters:
        if matter.code == code and matter.form is not None:
            return matter
    raise QueueRefusal(422, "form_unknown_matter", "该事项没有电子表单", "this matter has no form", matter=code)


def check(engine: QueueEngine, req: TicketFormRequest, today: dt.date | None = None) -> Matter:
    """The matter of a form whose values and materials fit its template.

    Raises:
        QueueRefusal: form_unknown_matter, form_unknown_field, form_value_missing, a value's
            refusal (hall_rules.forms), form_bad_materials.
    """
    matter = _matter(engine, req.matter)
    assert matter.form is not None
    fields = {f.key: f for f in matter.form.fields}
    for key in req.values:
        if key not in fields:
            raise QueueRefusal(422, "form_unknown_field", "表单没有此项", "the form has no such field", field=key)
    for f in matter.form.fields:
        value = req.values.get(f.key)
        if value is None or not value.strip():
            if f.required:
                raise QueueRefusal(422, "form_value_missing", "请填写必填项", "a required field is empty",
                                   field=f.key)
            continue
        problem = rules.check_value(f.type, value, choices=tuple(f.choices), max_length=f.max_length, today=today)
        if problem is not None:
            raise _bad_value(f.key, problem)
    names = [m.name for m in req.materials]
    if sorted(names) != sorted(m.name for m in matter.materials):
        raise QueueRefusal(422, "form_bad_materials", "材料清单与办事指南不符",
                           "the materials do not match the matter's list", matter=matter.code)
    return matter


def store(engine: QueueEngine, tx: Tx, actor: Principal, track_token: str, req: TicketFormRequest,
          ) -> tuple[int, TicketFormStored]:
    """Keep the form the issuing kiosk filled for its ticket (a second form replaces the first).

    The ticket is named by its tracking token, which the kiosk has for a ticket it issued offline
    too, before the server gave it an id: so its form waits in the kiosk's outbox behind its ticket.

    Raises:
        QueueRefusal: unknown_ticket (also another kiosk's), form_ticket_ended, and `check`'s.
    """
    row = tx.conn.execute(sa.select(db.tickets).where(db.tickets.c.track_token == track_token)).first()
    if row is None or not engine.tickets.may_see(actor, row):
        raise unknown_ticket()
    ticket_id = row.id
    if row.state not in [s.value for s in ACTIVE_STATES]:
        raise QueueRefusal(409, "form_ticket_ended", "该号码已办结或取消，表单不再保存",
                           "the ticket has ended; its form is not kept", number=row.number)
    matter = check(engine, req, tx.day)
    data = json.dumps({"values": {k: v.strip() for k, v in req.values.items()},
                       "materials": [m.model_dump() for m in req.materials]}, ensure_ascii=False)
    tx.conn.execute(db.forms.delete().where(db.forms.c.ticket_id == ticket_id))
    tx.conn.execute(db.forms.insert().values(ticket_id=ticket_id, matter=matter.code, data=data, created_at=tx.ts))
    seen = db.forms_seen
    tx.conn.execute(seen.delete().where(seen.c.ticket_id == ticket_id))
    tx.conn.execute(seen.insert().values(ticket_id=ticket_id, business_day=row.business_day, matter=matter.code,
                                         filled_at=tx.ts, confirmed=None))
    return 200, TicketFormStored(ticket_id=ticket_id, matter=matter.code, filled_at=tx.now)


def _may_read(actor: Principal, ticket: Any) -> bool:
    """The hall admin; window staff and the evaluator of the window the ticket is called or served at."""
    if actor.role == Role.HALL_ADMIN:
        return True
    if actor.role in (Role.WINDOW_STAFF, Role.EVALUATOR):
        return actor.window is not None and ticket.window == actor.window and ticket.state in _AT_WINDOW
    return False


def read(engine: QueueEngine, actor: Principal, ticket_id: int, masked: bool | None = None) -> TicketForm:
    """A ticket's form for its window (in full) or the window's evaluator (the ID number masked).

    Raises:
        QueueRefusal: no_form (also when the asker may not see it: it is not told more).
    """
    with engine.store.read() as conn:
        ticket = conn.execute(sa.select(db.tickets).where(db.tickets.c.id == ticket_id)).first()
        form = conn.execute(sa.select(db.forms).where(db.forms.c.ticket_id == ticket_id)).first()
        seen = conn.execute(sa.select(db.forms_seen).where(db.forms_seen.c.ticket_id == ticket_id)).first()
    if ticket is None or form is None or not _may_read(actor, ticket):
        raise _no_form()
    matter = next((m for m in engine.hall.matters if m.code == form.matter and m.form is not None), None)
    if matter is None or matter.form is None:  # the catalogue dropped the matter since: nothing to show it by
        raise _no_form()
    data = json.loads(form.data)
    masked = actor.role == Role.EVALUATOR if masked is None else masked or actor.role == Role.EVALUATOR
    # The evaluator faces the hall: the card holder's name masked there too; the window's paper keeps it.
    pad = actor.role == Role.EVALUATOR
    values = [TicketFormValue(key=f.key, label=f.label, label_en=f.label_en, type=f.type, source=f.source,
                              value=rules.shown_value(f.type, data["values"][f.key], f.source if pad else "citizen")
                              if masked
                              else data["values"][f.key])
              for f in matter.form.fields if f.key in data["values"]]
    materials = [FormMaterialCheck(**m) for m in data["materials"]]
    return TicketForm(ticket_id=ticket.id, number=ticket.number, matter=matter.code, matter_name=matter.name,
                      matter_name_en=matter.name_en, values=values, materials=materials,
                      missing_accepted=matter.allow_missing and any(not m.have for m in materials),
                      filled_at=from_ts(form.created_at), confirmed=None if seen is None else seen.confirmed)


def pdf(form: TicketForm, hall_name: str, printed_at: dt.datetime, tz: dt.tzinfo) -> bytes:
    """The form as one A4 page for the back office's paper (打印表单), as certpdf draws its documents.

    The ID number is masked as on the evaluator: paper leaves the window, the whole number stays on
    the clerk's screen. Long values wrap; a form longer than the page goes on to a next page.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4, invariant=1)
    c.setTitle(f"{form.number} {form.matter}")
    width, height = A4
    left, label_w, bottom = 22 * mm, 42 * mm, 20 * mm
    c.setFont(certpdf.CJK_FONT, 18)
    c.drawCentredString(width / 2, height - 28 * mm, form.matter_name)
    c.setFont(certpdf.CJK_FONT, 10.5)
    c.drawCentredString(width / 2, height - 36 * mm, f"{hall_name}　号码 {form.number}　事项编码 {form.matter}")
    y = height - 50 * mm
    per_line = int((width - 2 * left - label_w) / 11.5)  # CJK characters of 11.5 pt a line holds

    def room(lines: int) -> float:
        nonlocal y
        if y - lines * 7 * mm < bottom:
            c.showPage()
            y = height - 25 * mm
        return y

    for v in form.values:
        text = v.value or "—"
        lines = [text[i:i + per_line] for i in range(0, len(text), per_line)] or [""]
        room(len(lines))
        c.setFont(certpdf.CJK_FONT, 11.5)
        c.drawString(left, y, v.label)
        for line in lines:
            c.drawString(left + label_w, y, line)
            y -= 7 * mm
        c.line(left, y + 4.5 * mm, width - left, y + 4.5 * mm)
    if form.materials:
        room(len(form.materials) + 1)
        y -= 3 * mm
        c.drawString(left, y, "材料")
        for m in form.materials:
            c.drawString(left + label_w, y, f"{'已带' if m.have else '未带'}　{m.name}")
            y -= 7 * mm
    room(3)
    y -= 6 * mm
    c.setFont(certpdf.CJK_FONT, 9)
    confirmed = {True: "群众已核对无误", False: "群众指出信息有误", None: "群众未核对"}[form.confirmed]
    filled, printed = form.filled_at.astimezone(tz), printed_at.astimezone(tz)
    c.drawString(left, y, f"自助填单 {filled:%Y-%m-%d %H:%M}　{confirmed}　打印 {printed:%Y-%m-%d %H:%M}"
                          "　身份证号已部分隐藏")
    c.drawString(left, y - 12 * mm, "群众签字：____________________　　　受理人：____________________")
    c.showPage()
    c.save()
    return out.getvalue()


def confirm(tx: Tx, actor: Principal, ticket_id: int, req: FormConfirmRequest) -> tuple[int, FormConfirmResult]:
    """The citizen's answer on the evaluator of the window the ticket is at.

    Raises:
        QueueRefusal: no_form.
    """
    ticket = tx.conn.execute(sa.select(db.tickets).where(db.tickets.c.id == ticket_id)).first()
    form = tx.conn.execute(sa.select(db.forms.c.ticket_id).where(db.forms.c.ticket_id == ticket_id)).first()
    if ticket is None or form is None or not _may_read(actor, ticket):
        raise _no_form()
    tx.conn.execute(db.forms_seen.update().where(db.forms_seen.c.ticket_id == ticket_id)
                    .values(confirmed=req.correct))
    # The window's terminal shows the answer: the ticket and the answer only, never a value.
    tx.emit("form.confirmed", {"ticket": ticket_id, "window": ticket.window, "number": ticket.number,
                               "confirmed": req.correct})
    return 200, FormConfirmResult(ticket_id=ticket_id, confirmed=req.correct)


def ask_confirm(tx: Tx, actor: Principal, ticket_id: int) -> tuple[int, FormConfirmAsked]:
    """请群众核对: the window's staff ask the window's evaluator to show the form to the citizen.

    The event names the ticket only; the evaluator reads the form itself (the ID number masked).
    Asking again asks again (the same idempotency key is answered once).

    Raises:
        QueueRefusal: no_form (also a ticket not called or served at the asker's window).
    """
    ticket = tx.conn.execute(sa.select(db.tickets).where(db.tickets.c.id == ticket_id)).first()
    form = tx.conn.execute(sa.select(db.forms.c.ticket_id).where(db.forms.c.ticket_id == ticket_id)).first()
    if ticket is None or form is None or actor.role != Role.WINDOW_STAFF or not _may_read(actor, ticket):
        raise _no_form()
    tx.emit("form.confirm_requested", {"ticket": ticket_id, "window": ticket.window, "number": ticket.number})
    return 200, FormConfirmAsked(ticket_id=ticket_id, window=ticket.window, number=ticket.number)


def _delete(tx: Tx, ended: Any) -> None:
    tx.conn.execute(db.forms.delete().where(db.forms.c.ticket_id.in_(ended)))


def purge_ended(tx: Tx) -> None:
    """After a command: the forms of the tickets it finished or cancelled go (writer command hook)."""
    ids = {e.data["ticket"]["id"] for e in tx.events if e.type in ENDING_EVENTS and "ticket" in e.data}
    if ids:
        _delete(tx, sorted(ids))


class Sweep:
    """Before a batch, now and then: forms of tickets no longer in the queue (no-shows past their undo time)."""

    def __init__(self, engine: QueueEngine):
        self.engine = engine
        self._next = 0.0

    def __call__(self, tx: Tx) -> None:
        if tx.ts < self._next:
            return
        self._next = tx.ts + SWEEP_SECONDS
        purge_stale(tx, self.engine.hall.no_show_undo_seconds)


def purge_stale(tx: Tx, undo_seconds: float) -> None:
    """Delete every form whose ticket has ended (also at the business day's turnover: a day hook)."""
    t, f = db.tickets.c, db.forms.c
    ended = sa.select(f.ticket_id).select_from(db.forms.join(db.tickets, t.id == f.ticket_id)).where(sa.or_(
        t.state.in_([TicketState.DONE.value, TicketState.CANCELLED.value]),
        sa.and_(t.state == TicketState.NO_SHOW.value, t.finished_at <= tx.ts - undo_seconds),
        t.business_day < tx.day.isoformat()))
    _delete(tx, ended)


def attach(engine: QueueEngine) -> None:
    """Purge forms as tickets end: after each command, now and then before a batch, and at the day's turnover."""
    engine.writer.command_hooks.append(purge_ended)
    engine.writer.batch_hooks.append(Sweep(engine))
    engine.day_hooks.append(lambda tx: purge_stale(tx, engine.hall.no_show_undo_seconds))
