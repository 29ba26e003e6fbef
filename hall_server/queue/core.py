"""What every part of the queue engine shares: who asks, how a command is refused, a few constants."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, overload

from hall_rules import queue as rules
from hall_rules.errors import HallError

from ..schema import Role, TicketState

if TYPE_CHECKING:
    from .writer import Tx

STAFF_ROLES = (Role.WINDOW_STAFF, Role.HALL_ADMIN)
TRACK_DAYS = 1  # a tracking address still answers (as closed) this many days after its business day
FINAL_STATES = (TicketState.DONE, TicketState.NO_SHOW, TicketState.CANCELLED)
CLOCK_SKEW_S = 120  # how far an offline kiosk's clock may run ahead of the server's
ABANDONED = "abandoned"  # idempotency.request_hash of a key its kiosk gave up on (POST /tickets/abandon)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@overload
def from_ts(value: float) -> dt.datetime: ...
@overload
def from_ts(value: float | None) -> dt.datetime | None: ...


def from_ts(value: float | None) -> dt.datetime | None:
    """A stored moment (POSIX seconds) as an aware UTC datetime; None stays None."""
    return None if value is None else dt.datetime.fromtimestamp(value, dt.UTC)


class QueueRefusal(HallError):
    """A command the queue rules refuse; carries an HTTP status and a reason in zh and en."""

    def __init__(self, status: int, code: str, message: str, message_en: str, **detail: Any):
        super().__init__(code, message, message_en, detail)
        self.status = status
        # What the refusal itself leaves behind once the command's writes are undone (a failed
        # attempt counted against its limit); run in the command's transaction.
        self.leave: Callable[[Tx], None] | None = None

    @classmethod
    def of(cls, status: int, refusal: rules.Refusal) -> QueueRefusal:
        """A refusal of a shared queue rule (hall_rules.queue), in the words the kiosk gives offline."""
        return cls(status, refusal.code, refusal.message, refusal.message_en, **refusal.detail)

    @classmethod
    def rule(cls, status: int, code: str, **values: Any) -> QueueRefusal:
        """`of` the refusal `code` of hall_rules.queue's table, filled from `values`."""
        return cls.of(status, rules.refusal(code, **values))

    def body(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message, "message_en": self.message_en,
                          "detail": self.detail}}


@dataclass(frozen=True)
class Principal:
    """Who is asking: a device (kiosk, display) or a logged-in staff member."""

    id: str
    role: Role
    name: str
    window: str | None = None
    area: str | None = None


SYSTEM = Principal(id="system", role=Role.HALL_ADMIN, name="system")


def unknown_ticket() -> QueueRefusal:
    return QueueRefusal(404, "unknown_ticket", "没有这个号码", "no such ticket")


def unknown_window(code: str) -> QueueRefusal:
    return QueueRefusal(404, "unknown_window", "没有这个窗口", "no such window", window=code)


ACTION_ZH = {"cancel": "取消", "recall": "重呼", "no_show": "过号", "start": "开始办理", "finish": "办结",
             "transfer": "转移", "hold": "挂起", "resume": "恢复"}


def wrong_state(row: Any, action: str) -> QueueRefusal:
    return QueueRefusal(409, "wrong_state", f"号码{row.number}当前状态不能{ACTION_ZH[action]}",
                        f"ticket {row.number} cannot be {action.replace('_', '-')} in state {row.state}"
                        + (f" at window {row.window}" if row.window else ""),
                        number=row.number, state=row.state, action=action)
