"""Who may do what: device tokens, staff PIN login (scrypt), expiring session tokens, lockout."""
from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import secrets
import threading
import time
from collections.abc import Callable

import sqlalchemy as sa

from . import db
from .config import Hall, Staff
from .engine import Principal, QueueRefusal
from .schema import Role

log = logging.getLogger(__name__)

MAX_FAILURES = 5
# How long a session read from the database is trusted before it is read again: a logout on
# another server instance sharing the database takes effect within this time.
SESSION_CACHE_S = 10.0
LOCKOUT_S = 300
# scrypt parameters for new hashes: ~50 ms on a kiosk-class CPU, 16 MiB of memory.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


def hash_pin(pin: str) -> str:
    """A slow, salted scrypt hash of a PIN in the form scrypt$n$r$p$salt$key."""
    salt = os.urandom(16)
    key = hashlib.scrypt(pin.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${base64.b64encode(salt).decode()}${base64.b64encode(key).decode()}"


def verify_pin(stored: str, pin: str) -> bool:
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        want = base64.b64decode(key)
        got = hashlib.scrypt(pin.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                             dklen=len(want))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, want)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _unauthorized() -> QueueRefusal:
    return QueueRefusal(401, "unauthorized", "请先登录或提供设备凭证", "log in or present a device token")


class Auth:
    """Resolves bearer tokens to principals and logs staff in and out."""

    def __init__(self, hall: Hall, store: db.Store, clock: Callable[[], float] = time.time):
        self.hall = hall
        self.store = store
        self.clock = clock
        self._devices = {
            _digest(d.token): Principal(id=f"device:{d.id}", role=Role(d.role), name=d.name, area=d.area,
                                        window=d.window)
            for d in hall.devices.values()
        }
        self._sessions: dict[str, tuple[Principal, float, float]] = {}  # digest: (who, expires, read at)
        self._lock = threading.Lock()

    def resolve_cached(self, token: str | None) -> Principal | None:
        """The principal if it is known without reading the database (devices, cached sessions)."""
        if not token:
            return None
        digest = _digest(token)
        device = self._devices.get(digest)
        if device is not None:
            return device
        with self._lock:
            cached = self._sessions.get(digest)
        if cached is None or self.clock() >= cached[1] or time.monotonic() - cached[2] > SESSION_CACHE_S:
            return None
        return cached[0]

    def resolve(self, token: str | None) -> Principal:
        """The principal behind a bearer token.

        Raises:
            QueueRefusal: 401 when the token is missing, unknown or expired.
        """
        if not token:
            raise _unauthorized()
        digest = _digest(token)
        device = self._devices.get(digest)
        if device is not None:
            return device
        now = self.clock()
        with self._lock:
            cached = self._sessions.get(digest)
        if cached is None or time.monotonic() - cached[2] > SESSION_CACHE_S:
            with self.store.read() as conn:
                row = conn.execute(sa.select(db.sessions).where(db.sessions.c.token_hash == digest)).first()
            if row is None or row.username not in self.hall.staff:
                with self._lock:
                    self._sessions.pop(digest, None)
                raise _unauthorized()
            staff = self.hall.staff[row.username]
            cached = (Principal(id=f"staff:{staff.username}", role=Role(row.role), name=staff.name,
                                window=row.window), row.expires_at, time.monotonic())
            with self._lock:
                self._sessions[digest] = cached
        principal, expires, _ = cached
        if now >= expires:
            raise QueueRefusal(401, "session_expired", "登录已过期，请重新登录", "the session expired; log in again")
        return principal

    def login(self, username: str, pin: str, window: str | None) -> tuple[str, float, Principal]:
        """Check a PIN and open a session; five wrong PINs lock the account for five minutes."""
        staff = self._check_pin(username, pin)
        now = self.clock()
        role = Role(staff.role)
        if role == Role.WINDOW_STAFF:
            if window not in self.hall.windows:
                raise QueueRefusal(422, "window_required", "请选择要登录的窗口", "choose the window you work at")
        elif window is not None and window not in self.hall.windows:
            raise QueueRefusal(404, "unknown_window", "没有这个窗口", "no such window")
        token = secrets.token_urlsafe(32)
        expires = now + self.hall.session_hours * 3600
        with self.store.write() as conn:
            conn.execute(db.sessions.delete().where(db.sessions.c.expires_at < now))
            conn.execute(db.sessions.insert().values(token_hash=_digest(token), username=username, role=role.value,
                                                     window=window, expires_at=expires))
        principal = Principal(id=f"staff:{username}", role=role, name=staff.name, window=window)
        log.info("staff %s logged in as %s%s", username, role.value, f" at window {window}" if window else "")
        return token, expires, principal

    def authorise(self, username: str, pin: str, roles: tuple[Role, ...]) -> str:
        """Check a staff member's PIN for a one-off authorisation (no session); same lockout as login.

        Returns:
            the username.

        Raises:
            QueueRefusal: locked, wrong_pin, or not_authorised when the role may not authorise this.
        """
        staff = self._check_pin(username, pin)
        if Role(staff.role) not in roles:
            raise QueueRefusal(403, "not_authorised", "该工作人员无权授权此操作",
                               "this staff member may not authorise this")
        log.info("staff %s authorised a one-off action", username)
        return staff.username

    def _check_pin(self, username: str, pin: str) -> Staff:
        now = self.clock()
        staff = self.hall.staff.get(username)
        with self.store.write() as conn:
            fail = conn.execute(sa.select(db.login_failures).where(db.login_failures.c.username == username)).first()
            if fail is not None and fail.locked_until and fail.locked_until > now:
                raise QueueRefusal(429, "locked", "密码错误次数过多，请稍后再试",
                                   "too many wrong PINs; try again later",
                                   retry_after_s=int(fail.locked_until - now))
        # The slow hash runs outside the write transaction so it never holds up the queue.
        ok = staff is not None and verify_pin(staff.pin_hash, pin)
        with self.store.write() as conn:
            if not ok:
                fail = conn.execute(sa.select(db.login_failures)
                                    .where(db.login_failures.c.username == username)).first()
                count = (fail.count if fail else 0) + 1
                locked = now + LOCKOUT_S if count >= MAX_FAILURES else None
                if fail is None:
                    conn.execute(db.login_failures.insert().values(username=username, count=count, locked_until=locked))
                else:
                    conn.execute(db.login_failures.update().where(db.login_failures.c.username == username)
                                 .values(count=0 if locked else count, locked_until=locked))
                log.warning("failed staff login for %r (%d in a row)", username[:32], count)
            else:
                conn.execute(db.login_failures.delete().where(db.login_failures.c.username == username))
        if not ok:
            raise QueueRefusal(401, "wrong_pin", "工号或密码错误", "wrong username or PIN")
        assert staff is not None
        return staff

    def logout(self, token: str) -> None:
        digest = _digest(token)
        with self._lock:
            self._sessions.pop(digest, None)
        with self.store.write() as conn:
            conn.execute(db.sessions.delete().where(db.sessions.c.token_hash == digest))
