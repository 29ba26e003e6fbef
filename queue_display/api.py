"""HTTP client of the hall server for the staff apps, on Qt's own network stack.

Every command carries a client-made Idempotency-Key. A command lost on the network (no answer,
a dropped connection, a 5xx) is sent again with the *same* key after a back-off, for as long as
it takes: the server answers a repeated key with its first answer, so a call is never made twice.
Results and refusals come back as signals on the GUI thread, each naming its request, so one
client serves both the window terminal and the manager console; nothing here blocks.

An answer is parsed into the schema model its request names the moment it arrives; one that is
not what the server's schema says is logged and reported as a refusal (`bad_answer`), never passed on.
"""
from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Property, QByteArray, QObject, QTimer, QUrl, QUrlQuery, Signal
from PySide6.QtNetwork import QNetworkAccessManager, QNetworkReply, QNetworkRequest
from pydantic import BaseModel, ValidationError

from hall_server.schema import API, ErrorBody, LoginResponse

log = logging.getLogger(__name__)

#: Codes that mean the login is gone: the app goes back to its login screen.
SESSION_CODES = frozenset({"session_expired", "unauthorized"})
#: An answer that is not what the schema says: a clear failure of its request, nothing more.
BAD_ANSWER = ("bad_answer", "服务器的回答无法识别", "the server's answer could not be read")


@dataclass
class _Request:
    """One request in flight or waiting for its next attempt."""

    id: str
    method: str
    path: str
    body: dict[str, Any] | None = None
    params: dict[str, Any] = field(default_factory=dict)
    attempts: int = 0
    is_login: bool = False
    retry: bool = True
    raw: bool = False  # a file (a CSV export): its bytes come back as they are, not as JSON
    # What the answer is parsed into; None: its body is not read (a 204, a logout, a health report).
    model: type[BaseModel] | None = None
    headers: dict[str, str] = field(default_factory=dict)  # e.g. If-Match of a settings edit


class ApiClient(QObject):
    """Talks to `/api/v1` of one hall server with one staff token.

    Args:
        server_url: e.g. ``http://10.0.0.5:8000``.
        retry_first_s: back-off before the first retry of a lost command; doubles each time.
        retry_max_s: the longest back-off.
        timeout_s: a request with no answer after this long counts as lost.
    """

    loggedIn = Signal(object)                     # LoginResponse
    loginFailed = Signal(str, str, str)           # code, message (zh), message_en
    done = Signal(str, str, object)               # request id, path, the answer as its model (None: no body)
    fileReceived = Signal(str, str, object)       # request id, path, the file's bytes (get_file)
    refused = Signal(str, str, str, str, str)     # request id, path, code, message (zh), message_en
    retrying = Signal(str, int)                   # request id, attempt number about to be sent
    unanswered = Signal(str, str)                 # request id, path: a read or an unretried command got no answer
    sessionExpired = Signal(str, str)             # message (zh), message_en
    pendingChanged = Signal()

    def __init__(self, server_url: str, token: str | None = None, parent: QObject | None = None, *,
                 retry_first_s: float = 0.5, retry_max_s: float = 10.0, timeout_s: float = 10.0):
        super().__init__(parent)
        self._base = server_url.rstrip("/")
        self.token = token
        self._retry_first_ms = int(retry_first_s * 1000)
        self._retry_max_ms = int(retry_max_s * 1000)
        self._timeout_ms = int(timeout_s * 1000)
        self._nam = QNetworkAccessManager(self)
        self._nam.finished.connect(self._on_reply)
        self._inflight: dict[str, _Request] = {}
        self._waiting_retry: dict[str, _Request] = {}
        self._timers: dict[str, QTimer] = {}
        self._sent_keys: list[str] = []

    # --- public ---------------------------------------------------------------------------

    @property
    def server_url(self) -> str:
        return self._base

    @property
    def sent_keys(self) -> list[str]:
        """Idempotency keys of every command attempt sent, in order (for diagnostics)."""
        return list(self._sent_keys)

    def _get_pending(self) -> int:
        return sum(1 for r in (*self._inflight.values(), *self._waiting_retry.values()) if r.method != "GET")

    pending = Property(int, _get_pending, notify=pendingChanged)

    def login(self, username: str, pin: str, window: str | None) -> str:
        """Open a staff session; answers with `loggedIn` or `loginFailed`. Not retried: a person is waiting."""
        body: dict[str, Any] = {"username": username, "pin": pin}
        if window:
            body["window"] = window
        req = _Request(uuid.uuid4().hex, "POST", "/auth/login", body, is_login=True, model=LoginResponse)
        self._send(req)
        return req.id

    def post(self, path: str, body: dict[str, Any] | None = None, model: type[BaseModel] | None = None, *,
             retry: bool = True) -> str:
        """Send a command with a fresh idempotency key; returns that key, which also names the request.

        Args:
            model: the schema model of its answer, which `done` carries.
            retry: send it again with the same key until answered; False for a command nobody waits
                on (a logout), whose loss is reported by `unanswered` instead.
        """
        req = _Request(uuid.uuid4().hex, "POST", path, body, retry=retry, model=model)
        self._send(req)
        self.pendingChanged.emit()
        return req.id

    def send(self, method: str, path: str, body: dict[str, Any] | None = None, model: type[BaseModel] | None = None,
             headers: dict[str, str] | None = None) -> str:
        """A PUT or DELETE command (a settings edit), kept like `post`: one key, sent again until answered."""
        req = _Request(uuid.uuid4().hex, method, path, body, model=model, headers=dict(headers or {}))
        self._send(req)
        self.pendingChanged.emit()
        return req.id

    def get(self, path: str, params: dict[str, Any] | None = None, model: type[BaseModel] | None = None) -> str:
        """Read; answers with `done` (the answer as `model`), `refused` or (no answer) `unanswered`.
        Not retried here."""
        req = _Request(uuid.uuid4().hex, "GET", path, params={k: v for k, v in (params or {}).items()
                                                                 if v is not None}, model=model)
        self._send(req)
        return req.id

    def get_file(self, path: str, params: dict[str, Any] | None = None) -> str:
        """Read a file (e.g. a CSV export); answers with `fileReceived`, `refused` or `unanswered`."""
        req = _Request(uuid.uuid4().hex, "GET", path, params={k: v for k, v in (params or {}).items()
                                                                 if v is not None}, raw=True)
        self._send(req)
        return req.id

    def abandon_all(self) -> None:
        """Forget every request (on logout): their answers are ignored, no retry is sent."""
        for timer in self._timers.values():
            timer.stop()
            timer.deleteLater()
        self._timers.clear()
        self._waiting_retry.clear()
        self._inflight.clear()
        self.pendingChanged.emit()

    # --- sending and answers --------------------------------------------------------------

    def _send(self, req: _Request) -> None:
        url = QUrl(self._base + API + req.path)
        if req.params:
            query = QUrlQuery()
            for key, value in req.params.items():
                query.addQueryItem(key, str(value))
            url.setQuery(query)
        request = QNetworkRequest(url)
        request.setTransferTimeout(self._timeout_ms)
        if not req.raw:
            request.setRawHeader(QByteArray(b"Accept"), QByteArray(b"application/json"))
        if self.token and not req.is_login:
            request.setRawHeader(QByteArray(b"Authorization"), QByteArray(f"Bearer {self.token}".encode()))
        req.attempts += 1
        for name, value in req.headers.items():
            request.setRawHeader(QByteArray(name.encode()), QByteArray(value.encode()))
        if req.method in ("PUT", "DELETE"):
            request.setHeader(QNetworkRequest.KnownHeaders.ContentTypeHeader, "application/json")
            request.setRawHeader(QByteArray(b"Idempotency-Key"), QByteArray(req.id.encode()))
            self._sent_keys.append(req.id)
            payload = b"" if req.body is None else json.dumps(req.body, ensure_ascii=False).encode()
            reply = self._nam.sendCustomRequest(request, QByteArray(req.method.encode()), QByteArray(payload))
        elif req.method == "POST":
            request.setHeader(QNetworkRequest.KnownHeaders.ContentTypeHeader, "application/json")
            request.setRawHeader(QByteArray(b"Idempotency-Key"), QByteArray(req.id.encode()))
            if not req.is_login:
                self._sent_keys.append(req.id)
            payload = json.dumps(req.body if req.body is not None else {}, ensure_ascii=False).encode()
            reply = self._nam.post(request, QByteArray(payload))
        else:
            reply = self._nam.get(request)
        reply.setProperty("hallRequest", req.id)
        self._inflight[req.id] = req

    def _on_reply(self, reply: QNetworkReply) -> None:
        reply.deleteLater()
        req = self._inflight.pop(str(reply.property("hallRequest")), None)
        if req is None:
            return  # abandoned
        status = reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute)
        raw = bytes(reply.readAll().data())
        if status is None or int(status) >= 500:
            self._lost(req, reply.errorString() if status is None else f"HTTP {status}")
            return
        if req.raw and int(status) < 300:
            self.fileReceived.emit(req.id, req.path, raw)
            return
        try:
            body = json.loads(raw.decode("utf-8")) if raw else {}
        except (UnicodeDecodeError, json.JSONDecodeError):
            body = None
        if not isinstance(body, dict):
            self._lost(req, f"HTTP {status}: not a JSON object")
            return
        status = int(status)
        if status < 300:
            self._answered(req, body)
        else:
            self._refused(req, status, body)
        if req.method != "GET":
            self.pendingChanged.emit()

    def _answered(self, req: _Request, body: dict[str, Any]) -> None:
        answer: BaseModel | None = None
        if req.model is not None:
            try:
                answer = req.model.model_validate(body)
            except ValidationError as exc:
                log.error("%s %s: the answer is not a %s (%d problems): %s", req.method, req.path,
                          req.model.__name__, exc.error_count(), exc.errors(include_url=False, include_input=False))
                code, zh, en = BAD_ANSWER
                if req.is_login:
                    self.loginFailed.emit(code, zh, en)
                else:
                    self.refused.emit(req.id, req.path, code, zh, en)
                return
        if req.is_login:
            self.loggedIn.emit(answer)
        else:
            self.done.emit(req.id, req.path, answer)

    def _refused(self, req: _Request, status: int, body: dict[str, Any]) -> None:
        try:
            error = ErrorBody.model_validate(body).error
            code, zh, en = error.code, error.message, error.message_en
        except ValidationError:
            # Not the server's refusal (a proxy's, a gateway's): refused all the same, in general words.
            log.warning("%s %s: HTTP %d without the server's error body", req.method, req.path, status)
            code = f"http_{status}"
            zh, en = f"服务器拒绝了请求（{status}）", f"the server refused the request ({status})"
        log.info("%s %s refused: %s", req.method, req.path, code)
        if req.is_login:
            self.loginFailed.emit(code, zh, en)
        elif status == 401 or code in SESSION_CODES:
            self.refused.emit(req.id, req.path, code, zh, en)
            self.sessionExpired.emit(zh, en)
        else:
            self.refused.emit(req.id, req.path, code, zh, en)

    def _lost(self, req: _Request, why: str) -> None:
        """No usable answer: a command is sent again with the same key; a read or a login is reported."""
        if req.is_login:
            self.loginFailed.emit("network", "无法连接服务器，请检查网络", "cannot reach the server; check the network")
            return
        if req.method == "GET" or not req.retry:
            log.info("%s %s failed: %s", req.method, req.path, why)
            self.unanswered.emit(req.id, req.path)
            if req.method != "GET":
                self.pendingChanged.emit()
            return
        delay = min(self._retry_first_ms * (2 ** min(req.attempts - 1, 16)), self._retry_max_ms)
        if req.attempts == 1:
            log.warning("command %s lost (%s); retrying with the same key", req.path, why)
        self._waiting_retry[req.id] = req
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setProperty("hallRequest", req.id)
        timer.timeout.connect(self._retry_due)
        self._timers[req.id] = timer
        timer.start(delay)
        self.retrying.emit(req.id, req.attempts + 1)

    def _retry_due(self) -> None:
        timer = self.sender()
        key = str(timer.property("hallRequest")) if timer is not None else ""
        self._timers.pop(key, None)
        if timer is not None:
            timer.deleteLater()
        req = self._waiting_retry.pop(key, None)
        if req is not None:
            self._send(req)
