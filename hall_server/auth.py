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
from .config import Hall, Staff, token_digest
from .engine import Principal, QueueRefusal
from .limits import Attempts, Limit, TooManyAttempts
from .schema import Role

log = logging.getLogger(__name__)

# PIN checks that did not succeed, counted per username and place (the client's address, or the
# kiosk for an authorisation at a kiosk); a pending check counts as failed until it is done.
PIN_LIMITS = (
    Limit("pair", 5, 300),       # five wrong PINs from one place lock the account there for five minutes
    Limit("pair", 20, 3600),     # and twenty in an hour for the hour
    # From places the account never logged in from: twenty an hour in all, however many places
    # try (an attacker elsewhere cannot lock a member of staff out of their own desk).
    Limit("subject", 20, 3600, unknown_sources_only=True),
    Limit("source", 30, 3600),   # one place trying many usernames
)
PIN_ATTEMPTS = Attempts("pin", PIN_LIMITS)
# How long a session read from the database is trusted before it is read again: a logout on
# another server instance sharing the database takes effect within this time.
SESSION_CACHE_S = 10.0
# scrypt parameters for new hashes: ~50 ms on a kiosk-class CPU, 16 MiB of memory.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


def hash_pin(pin: str) -> str:
    """A slow, salted scrypt hash of a PIN in the form scrypt$n$r$p$salt$key."""
    salt = os.urandom(16)
    key = hashlib.scrypt(pin.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${base64.b64encode(salt).decode()}${base64.b64encode(key).decode()}"


# What an unknown username's PIN is checked against, so that it takes as long as a known one's.
_UNKNOWN_STAFF_HASH = hash_pin(secrets.token_hex(8))


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


_digest = token_digest  # sessions' tokens are kept as devices' are: their SHA-256 only


def _unauthorized() -> QueueRefusal:
    return QueueRefusal(401, "unauthorized", "请先登录或提供设备凭证", "log in or present a device token")


class Auth:
    """Resolves bearer tokens to principals and logs staff in and out."""

    def __init__(self, hall: Hall, store: db.Store, clock: Callable[[], float] = time.time):
        self.hall = hall
        self.store = store
        self.clock = clock
        self._devices = {
            d.token_sha256: Principal(id=f"device:{d.id}", role=Role(d.role), name=d.name, area=d.area,
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

    def login(self, username: str, pin: str, window: str | None, source: str) -> tuple[str, float, Principal]:
        """Check a PIN and open a session; five wrong PINs from one place lock the account there
        for five minutes (PIN_LIMITS).

        Args:
            source: where the request comes from (the client's address), for the limits.
        """
        staff = self._check_pin(username, pin, source)
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

    def authorise(self, username: str, pin: str, roles: tuple[Role, ...], source: str) -> str:
        """Check a staff member's PIN for a one-off authorisation (no session); same limits as login.

        A member of staff whose role may not authorise this is answered as a wrong PIN: the answer
        never tells that the PIN was right.

        Returns:
            the username.

        Raises:
            QueueRefusal: locked or wrong_pin.
        """
        self._check_pin(username, pin, source, allowed=roles)
        log.info("staff %s authorised a one-off action", username)
        return username

    def _check_pin(self, username: str, pin: str, source: str, allowed: tuple[Role, ...] | None = None) -> Staff:
        """The staff member, if the PIN is theirs (and their role among `allowed`), within the limits.

        The attempt is counted (as pending) before the slow hash, in the same locked transaction
        as the check of the limits: parallel requests each see the ones before them.
        """
        now = self.clock()
        staff = self.hall.staff.get(username)
        try:
            with self.store.write() as conn:
                attempt = PIN_ATTEMPTS.begin(conn, username, source, now)
        except TooManyAttempts as too_many:
            log.warning("staff PIN refused without a check for %r from %s: too many wrong PINs",
                        username[:32], source)
            raise QueueRefusal(429, "locked", "密码错误次数过多，请稍后再试", "too many wrong PINs; try again later",
                               retry_after_s=too_many.retry_after_s) from None
        # The slow hash runs outside the write transaction so it never holds up the queue; an
        # unknown username costs the same hash, so the time taken does not tell who exists.
        pin_ok = verify_pin(staff.pin_hash if staff is not None else _UNKNOWN_STAFF_HASH, pin)
        ok = pin_ok and staff is not None and (allowed is None or Role(staff.role) in allowed)
        with self.store.write() as conn:
            PIN_ATTEMPTS.end(conn, attempt, ok)
        if not ok:
            log.warning("failed staff PIN for %r from %s", username[:32], source)
            raise QueueRefusal(401, "wrong_pin", "工号或密码错误", "wrong username or PIN")
        assert staff is not None
        return staff

    def logout(self, token: str) -> None:
        digest = _digest(token)
        with self._lock:
            self._sessions.pop(digest, None)
        with self.store.write() as conn:
            conn.execute(db.sessions.delete().where(db.sessions.c.token_hash == digest))
