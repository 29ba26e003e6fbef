"""What one kiosk runs with: its hall server, device host, local store, screen and technician PIN."""
from __future__ import annotations

import base64
import dataclasses
import hashlib
import hmac
import math
import os
import pathlib
import time

#: The demo hall's kiosk token and technician PIN (see assets/halls/sample_district.toml).
DEMO_TOKEN = "demo-kiosk-01-3f9c2a7be14d"
DEMO_TECH_PIN = "240724"
#: Touch targets at least this size (the issue: 15 mm), whatever the panel.
MIN_TARGET_MM = 15.0
#: Qt.Key_F1 (qnamespace.h), the voice guidance key unless configured otherwise.
VOICE_KEY_F1 = 0x01000030

_SCRYPT = {"n": 2 ** 14, "r": 8, "p": 1, "dklen": 32}


def pin_hash(pin: str, salt: bytes | None = None) -> str:
    """A scrypt hash of a technician PIN, as written in the kiosk's configuration."""
    salt = salt if salt is not None else os.urandom(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, **_SCRYPT)
    return "scrypt$" + base64.b64encode(salt).decode() + "$" + base64.b64encode(digest).decode()


class TechnicianLock:
    """Checks the technician PIN on the kiosk itself (it must work when the hall server is down);
    five wrong PINs lock the door for five minutes."""

    def __init__(self, stored: str, *, attempts: int = 5, lock_s: float = 300.0, clock=time.monotonic) -> None:
        kind, salt, digest = stored.split("$")
        if kind != "scrypt":
            raise ValueError("technician PIN hash must be scrypt$SALT$HASH")
        self._salt = base64.b64decode(salt)
        self._digest = base64.b64decode(digest)
        self._attempts = attempts
        self._lock_s = lock_s
        self._clock = clock
        self._failures = 0
        self._locked_until = 0.0

    def locked_for(self) -> int:
        """Seconds left of a lock-out, 0 when open."""
        return max(0, math.ceil(self._locked_until - self._clock()))

    def check(self, pin: str) -> bool:
        if self.locked_for() or not pin.isdigit() or not 4 <= len(pin) <= 12:
            return False
        given = hashlib.scrypt(pin.encode(), salt=self._salt, **_SCRYPT)
        if hmac.compare_digest(given, self._digest):
            self._failures = 0
            return True
        self._failures += 1
        if self._failures >= self._attempts:
            self._failures = 0
            self._locked_until = self._clock() + self._lock_s
        return False


@dataclasses.dataclass(frozen=True)
class KioskConfig:
    """One kiosk's settings.

    Attributes:
        server_url / token: the hall server and this kiosk's device token.
        devices_url: the device host's local API.
        store_path: the kiosk's SQLite store (no personal data in it).
        idle_timeout_s / countdown_s: a session ends after this long without a touch; the last
            `countdown_s` of it are counted down on screen.
        ticket_return_s: the ticket screen goes home by itself after this long.
        tech_pin_idle_s: the technician's PIN pad goes home after this long without a touch.
        tech_idle_s / tech_countdown_s: the maintenance page goes home after this long without a
            touch, its last `tech_countdown_s` counted down on screen.
        diagonal_inch: the panel's size, for millimetre-true touch targets.
        tech_pin_hash: scrypt hash of the technician PIN.
        voice_engine: the Qt TextToSpeech engine of voice guidance ("speechd"; "mock" speaks nothing).
        voice_key: the key that switches voice guidance on and off (a Qt key code; a tactile
            keypad presents itself as a USB keyboard): F1 unless the kiosk's keypad sends another.
    """

    server_url: str
    token: str
    devices_url: str
    store_path: pathlib.Path
    idle_timeout_s: float = 60.0
    countdown_s: float = 10.0
    ticket_return_s: float = 30.0
    tech_pin_idle_s: float = 30.0
    tech_idle_s: float = 300.0
    tech_countdown_s: float = 30.0
    diagonal_inch: float = 21.5
    tech_pin_hash: str = ""
    voice_engine: str = "speechd"
    voice_key: int = VOICE_KEY_F1


def pixels_per_mm(width: int, height: int, diagonal_inch: float) -> float:
    """Pixels per millimetre of a panel of this resolution and size."""
    return math.hypot(width, height) / (diagonal_inch * 25.4)
