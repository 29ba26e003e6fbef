"""Service windows: opening, pausing and closing them, and the ticket at a window (call next,
recall, no-show and its undo, start, finish, transfer, hold, resume)."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from .. import db, idnumber
from ..config import Hall, StaffReason
from ..schema import (
    CallNextRequest, CallResult, HoldRequest, PauseRequest, Role, TicketResult, TicketState, TransferRequest,
    WindowResult, WindowState, WindowStatus, WindowTicketRequest,
)
from .core import Principal, QueueRefusal, from_ts, unknown_window, wrong_state
from .tickets import Tickets
from .waiting import WaitingLine
from .writer import Tx


def window_busy(**detail: Any) -> QueueRefusal:
    return QueueRefusal(409, "window_busy", "请先办结、过号或转移当前号码",
                        "finish, no-show or transfer the current ticket first", **detail)


def unknown_reason(what: str, known: tuple[StaffReason, ...]) -> QueueRefusal:
    """A pause or hold with a reason the hall file does not list; its detail lists those it does, and
    never echoes what was sent (words typed by staff may name a citizen)."""
    zh, en = ("暂停", "pause") if what == "pause" else ("挂起", "hold")
    return QueueRefusal(422, f"unknown_{what}_reason", f"没有这个{zh}原因，请从本大厅的{zh}原因中选择",
                        f"no such {en} reason: choose one of the hall's {en} reasons",
                        known=[r.code for r in known])


class Windows:
    """The hall's windows and the tickets called to them."""

    def __init__(self, hall: Hall, tickets: Tickets, line: WaitingLine):
        self.hall = hall
        self.tickets = tickets
        self.line = line

    def add_missing(self, conn: sa.Connection) -> None:
        """Store every window of the hall file not stored yet, closed."""
        existing = {r.code for r in conn.execute(sa.select(db.windows.c.code))}
        for code in self.hall.windows:
            if code not in existing:
                conn.execute(db.windows.insert().values(code=code, state=WindowState.CLOSED))

    # --- what other parts use -----------------------------------------------------------------

    def window_for(self, tx: Tx, actor: Principal, code: str) -> Any:
        """The windows row of `code`, for an actor who may work at it.

        Raises:
            QueueRefusal: unknown_window; not_your_window for staff logged in at another window.
        """
        if code not in self.hall.windows:
            raise unknown_window(code)
        if actor.role == Role.WINDOW_STAFF and actor.window != code:
            raise QueueRefusal(403, "not_your_window", "您未登录到此窗口", "you are not logged in at this window")
        return tx.conn.execute(sa.select(db.windows).where(db.windows.c.code == code)).one()

    def info(self, code: str) -> dict[str, str]:
        """A window as an event carries it."""
        w = self.hall.windows[code]
        return {"code": w.code, "name": w.name, "name_en": w.name_en, "area": w.area}

    def model(self, code: str, row: Any, current: Any | None, staff_names: bool = True) -> WindowStatus:
        """The wire model of a windows row with its current ticket's row (or None).

        Args:
            staff_names: the staff member by full name (for staff); else masked (kiosks, displays).
        """
        w = self.hall.windows[code]
        staff = self.hall.staff.get(row.staff) if row.staff else None
        name = None if staff is None else staff.name if staff_names else idnumber.mask_name(staff.name)
        known = self.pause_reason(row.reason) if row.state == WindowState.PAUSED else None
        return WindowStatus(code=code, name=w.name, name_en=w.name_en, area=w.area, categories=list(w.categories),
                            state=row.state, reason=row.reason, staff_name=name,
                            reason_name=known.name if known else None, reason_name_en=known.name_en if known else None,
                            current_ticket=self.tickets.model(current) if current is not None else None,
                            since=from_ts(row.since))

    def pause_reason(self, code: str | None) -> StaffReason | None:
        """The hall's pause reason of `code`; None for none, or for words stored before reasons were codes."""
        return next((r for r in self.hall.pause_reasons if r.code == code), None)

    def _set(self, tx: Tx, code: str, **values: Any) -> None:
        if "current_ticket" in values and values["current_ticket"] is None:
            values["idle_since"] = tx.ts  # the dashboard's idle time counts from here
        tx.conn.execute(db.windows.update().where(db.windows.c.code == code).values(**values))
        if "state" in values:
            self.line.forget_open_windows()

    def _record_service(self, tx: Tx, row: Any, code: str, outcome: str) -> None:
        """Keep the service this ticket got at this window as it ends: a transfer clears the ticket's times."""
        staff = tx.conn.execute(sa.select(db.windows.c.staff).where(db.windows.c.code == code)).scalar()
        called = row.called_at if row.called_at is not None else tx.ts
        # A ticket resumed after a hold keeps its earlier serving_at until it is started again.
        tx.conn.execute(db.service_segments.insert().values(
            ticket_id=row.id, business_day=row.business_day, category=row.category, window=code, staff=staff,
            called_at=called, serving_at=row.serving_at if (row.serving_at or 0) >= called else None,
            ended_at=tx.ts, outcome=outcome))

    def _result(self, tx: Tx, code: str) -> WindowResult:
        row = tx.conn.execute(sa.select(db.windows).where(db.windows.c.code == code)).one()
        current = None
        if row.current_ticket is not None:
            current = tx.conn.execute(sa.select(db.tickets).where(db.tickets.c.id == row.current_ticket)).first()
        return WindowResult(window=self.model(code, row, current))

    def _ticket_result(self, tx: Tx, row: Any, type_: str, code: str, key: str = "window",
                       **extra: Any) -> tuple[int, TicketResult]:
        """Announce what happened to a ticket at a window; the command's answer."""
        tx.emit(type_, {"ticket": self.tickets.public(row), key: self.info(code), **extra})
        return 200, TicketResult(ticket=self.tickets.model(row))

    # --- the window ---------------------------------------------------------------------------

    def open(self, tx: Tx, actor: Principal, code: str) -> tuple[int, WindowResult]:
        w = self.window_for(tx, actor, code)
        if w.state != WindowState.OPEN:
            staff = actor.id.split(":", 1)[1] if actor.id.startswith("staff:") else None
            if w.state == WindowState.PAUSED and actor.role == Role.HALL_ADMIN:
                staff = w.staff  # a manager resuming a paused window leaves its staff at it
            self._set(tx, code, state=WindowState.OPEN, reason=None, staff=staff, since=tx.ts)
            # The event reaches displays: the staff member's name masked, as a citizen's would be.
            tx.emit("window.opened", {"window": self.info(code), "staff": idnumber.mask_name(actor.name)})
        return 200, self._result(tx, code)

    def pause(self, tx: Tx, actor: Principal, code: str, req: PauseRequest) -> tuple[int, WindowResult]:
        w = self.window_for(tx, actor, code)
        if w.state == WindowState.CLOSED:
            raise QueueRefusal(409, "window_closed", "窗口已关闭，无法暂停", "the window is closed")
        reason = self.pause_reason(req.reason)
        if reason is None:
            raise unknown_reason("pause", self.hall.pause_reasons)
        self._set(tx, code, state=WindowState.PAUSED, reason=reason.code, since=tx.ts)
        tx.emit("window.paused", {"window": self.info(code), "reason": reason.code,
                                  "reason_name": reason.name, "reason_name_en": reason.name_en})
        return 200, self._result(tx, code)

    def close(self, tx: Tx, actor: Principal, code: str) -> tuple[int, WindowResult]:
        w = self.window_for(tx, actor, code)
        if w.current_ticket is not None:
            raise window_busy()
        if w.state != WindowState.CLOSED:
            self._set(tx, code, state=WindowState.CLOSED, reason=None, staff=None, since=tx.ts)
            tx.emit("window.closed", {"window": self.info(code)})
        return 200, self._result(tx, code)

    # --- the ticket at the window -------------------------------------------------------------

    def call_next(self, tx: Tx, actor: Principal, code: str, req: CallNextRequest) -> tuple[int, CallResult]:
        w = self.window_for(tx, actor, code)
        if w.state != WindowState.OPEN:
            raise QueueRefusal(409, "window_not_open", "窗口未开放，不能叫号", "the window is not open for calling")
        if w.current_ticket is not None:
            raise window_busy(ticket_id=w.current_ticket)
        t = db.tickets.c
        candidates = sa.select(db.tickets).where(
            t.business_day == tx.day.isoformat(), t.state == TicketState.WAITING,
            t.category.in_(self.hall.windows[code].categories),
            t.target_window.is_(None) | (t.target_window == code))
        if req.ticket_id is not None:
            chosen = tx.conn.execute(candidates.where(t.id == req.ticket_id)).first()
            if chosen is None:
                raise QueueRefusal(409, "ticket_not_waiting", "该号码不在本窗口的等候队列中",
                                   "that ticket is not waiting for this window")
        else:
            chosen = tx.conn.execute(candidates.order_by(*self.line.order_by(tx.ts)).limit(1)).first()
            if chosen is None:
                return 200, CallResult(ticket=None)
        row = self.tickets.update(tx, chosen, state=TicketState.CALLED, called_at=tx.ts, window=code,
                                  target_window=None, recall_count=0)
        self._set(tx, code, current_ticket=row.id)
        tx.emit("ticket.called", {"ticket": self.tickets.public(row), "window": self.info(code)})
        return 200, CallResult(ticket=self.tickets.model(row))

    def _current(self, tx: Tx, actor: Principal, code: str, req_ticket: int, states: tuple[str, ...],
                 action: str) -> Any:
        self.window_for(tx, actor, code)
        row = self.tickets.ticket(tx, req_ticket)
        if row.window != code or row.state not in states:
            raise wrong_state(row, action)
        return row

    def recall(self, tx: Tx, actor: Principal, code: str, req: WindowTicketRequest) -> tuple[int, TicketResult]:
        row = self._current(tx, actor, code, req.ticket_id, (TicketState.CALLED,), "recall")
        if row.recall_count >= self.hall.recall_limit:
            return self._no_show(tx, code, row, "recall_limit")
        row = self.tickets.update(tx, row, recall_count=row.recall_count + 1)
        return self._ticket_result(tx, row, "ticket.recalled", code)

    def no_show(self, tx: Tx, actor: Principal, code: str, req: WindowTicketRequest) -> tuple[int, TicketResult]:
        row = self._current(tx, actor, code, req.ticket_id, (TicketState.CALLED,), "no_show")
        return self._no_show(tx, code, row, "no_show")

    def _no_show(self, tx: Tx, code: str, row: Any, reason: str) -> tuple[int, TicketResult]:
        self._record_service(tx, row, code, "no_show")
        row = self.tickets.update(tx, row, state=TicketState.NO_SHOW, reason=reason, finished_at=tx.ts)
        self._set(tx, code, current_ticket=None)
        return self._ticket_result(tx, row, "ticket.no_show", code)

    def undo_no_show(self, tx: Tx, actor: Principal, code: str, req: WindowTicketRequest) -> tuple[int, TicketResult]:
        """Take back a no-show made at this window a moment ago: the ticket is called here again.

        The citizen keeps their number and their place: the ticket is as it was before the no-show
        (called at this window, its call time and recalls unchanged), the no-show leaves no service
        record behind, and the event is ticket.resumed (marked `undone`), which every display, LED
        screen and console already follows as a call at this window.

        Raises:
            QueueRefusal: no_show_undo_not_here (not a no-show of this window, or already undone),
                no_show_undo_too_late (past the hall's no_show_undo_seconds, or another business
                day), no_show_undo_called_since (the window has had another ticket since),
                window_not_open (the window was closed since).
        """
        w = self.window_for(tx, actor, code)
        row = self.tickets.ticket(tx, req.ticket_id)
        if row.state != TicketState.NO_SHOW or row.window != code:
            raise QueueRefusal.rule(409, "no_show_undo_not_here", number=row.number)
        limit = self.hall.no_show_undo_seconds
        if (limit <= 0 or row.business_day != tx.day.isoformat() or row.finished_at is None
                or tx.ts - row.finished_at > limit):
            raise QueueRefusal.rule(409, "no_show_undo_too_late", number=row.number)
        # Every ticket that leaves a window leaves a service record there, in order: a ticket at
        # the window now, or a record after the no-show's own, means someone was called here since.
        s = db.service_segments.c
        record = tx.conn.execute(sa.select(sa.func.max(s.id)).where(
            s.ticket_id == row.id, s.window == code, s.outcome == "no_show")).scalar()
        if record is None:
            raise QueueRefusal.rule(409, "no_show_undo_not_here", number=row.number)
        since = tx.conn.execute(sa.select(s.id).where(s.window == code, s.id > record).limit(1)).first()
        if w.current_ticket is not None or since is not None:
            raise QueueRefusal.rule(409, "no_show_undo_called_since", number=row.number)
        if w.state == WindowState.CLOSED:
            raise QueueRefusal(409, "window_not_open", "窗口已关闭，不能撤销过号",
                               "the window is closed; the no-show cannot be undone")
        tx.conn.execute(db.service_segments.delete().where(s.id == record))
        row = self.tickets.update(tx, row, state=TicketState.CALLED, reason=None, finished_at=None)
        tx.conn.execute(db.windows.update().where(db.windows.c.code == code).values(current_ticket=row.id))
        return self._ticket_result(tx, row, "ticket.resumed", code, undone="no_show")

    def start(self, tx: Tx, actor: Principal, code: str, req: WindowTicketRequest) -> tuple[int, TicketResult]:
        row = self._current(tx, actor, code, req.ticket_id, (TicketState.CALLED,), "start")
        row = self.tickets.update(tx, row, state=TicketState.SERVING, serving_at=tx.ts)
        return self._ticket_result(tx, row, "ticket.serving", code)

    def finish(self, tx: Tx, actor: Principal, code: str, req: WindowTicketRequest) -> tuple[int, TicketResult]:
        row = self._current(tx, actor, code, req.ticket_id, (TicketState.SERVING,), "finish")
        self._record_service(tx, row, code, "done")
        row = self.tickets.update(tx, row, state=TicketState.DONE, finished_at=tx.ts)
        self.line.forget_service(row.business_day, row.category)
        self._set(tx, code, current_ticket=None)
        return self._ticket_result(tx, row, "ticket.done", code)

    def transfer(self, tx: Tx, actor: Principal, code: str, req: TransferRequest) -> tuple[int, TicketResult]:
        """一票到底: the same ticket goes on to another category or window, keeping its place in time."""
        row = self._current(tx, actor, code, req.ticket_id, (TicketState.CALLED, TicketState.SERVING), "transfer")
        if req.category is None and req.window is None:
            raise QueueRefusal(422, "transfer_target_missing", "请选择转往的事项或窗口",
                               "name a category or a window to transfer to")
        target_window = None
        category = row.category
        if req.category is not None:
            category = self.tickets.category(req.category).code
        if req.window is not None:
            if req.window not in self.hall.windows:
                raise unknown_window(req.window)
            target_window = req.window
            served = self.hall.windows[req.window].categories
            if req.category is None and category not in served:
                category = served[0]
            elif category not in served:
                raise QueueRefusal(409, "window_does_not_serve", "目标窗口不办理该事项",
                                   "that window does not serve that category")
        if target_window == code or (target_window is None and category == row.category):
            raise QueueRefusal(409, "transfer_to_itself", "不能转到当前窗口或事项",
                               "the transfer target is where the ticket already is")
        self._record_service(tx, row, code, "transferred")
        row = self.tickets.update(tx, row, state=TicketState.WAITING, category=category, target_window=target_window,
                                  window=None, called_at=None, serving_at=None, recall_count=0,
                                  transfers=row.transfers + 1, reason=req.note)
        self._set(tx, code, current_ticket=None)
        return self._ticket_result(tx, row, "ticket.transferred", code, key="from_window")

    def hold(self, tx: Tx, actor: Principal, code: str, req: HoldRequest) -> tuple[int, TicketResult]:
        if not any(r.code == req.reason for r in self.hall.hold_reasons):
            raise unknown_reason("hold", self.hall.hold_reasons)
        row = self._current(tx, actor, code, req.ticket_id, (TicketState.CALLED, TicketState.SERVING), "hold")
        self._record_service(tx, row, code, "held")
        row = self.tickets.update(tx, row, state=TicketState.HELD, reason=req.reason)
        self._set(tx, code, current_ticket=None)
        return self._ticket_result(tx, row, "ticket.held", code)

    def resume(self, tx: Tx, actor: Principal, code: str, req: WindowTicketRequest) -> tuple[int, TicketResult]:
        w = self.window_for(tx, actor, code)
        row = self.tickets.ticket(tx, req.ticket_id)
        if row.state != TicketState.HELD:
            raise wrong_state(row, "resume")
        if row.window != code and row.category not in self.hall.windows[code].categories:
            raise QueueRefusal(409, "window_does_not_serve", "本窗口不办理该事项",
                               "this window does not serve that category")
        if w.state != WindowState.OPEN:
            raise QueueRefusal(409, "window_not_open", "窗口未开放", "the window is not open")
        if w.current_ticket is not None:
            raise window_busy()
        row = self.tickets.update(tx, row, state=TicketState.CALLED, window=code, called_at=tx.ts, reason=None,
                                  recall_count=0)
        self._set(tx, code, current_ticket=row.id)
        return self._ticket_result(tx, row, "ticket.resumed", code)
