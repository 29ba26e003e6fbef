"""The hall server's event stream for a Qt app: a snapshot, then every event once, in order, across drops.

`EventLink` GETs `/api/v1/snapshot`, then opens the WebSocket stream after the snapshot's
sequence number. When the stream drops it retries with back-off and resumes after the last
event it delivered, so the events missed meanwhile replay in order; an event it has delivered
is never delivered again, and a gap in the sequence is filled from `GET /events` first.
All of it runs on the GUI thread's event loop through QtNetwork/QtWebSockets: nothing blocks.

What the server sends is parsed into the schema's models as it arrives (`Snapshot`, `Event`,
`Heartbeat`); a message that is not what the schema says is logged and skipped, never passed on,
and a malformed event still counts as its sequence number, so it cannot open a gap that never fills.
"""
from __future__ import annotations

import json
import logging
from typing import Any, ClassVar
from urllib.parse import quote, urlsplit, urlunsplit

from PySide6.QtCore import QByteArray, QObject, QTimer, QUrl, Signal, Slot
from PySide6.QtNetwork import QNetworkAccessManager, QNetworkReply, QNetworkRequest
from PySide6.QtWebSockets import QWebSocket
from pydantic import BaseModel, ValidationError

from hall_server.schema import API, Heartbeat, Snapshot
from qtkit.props import qt_property

from .wire import Sequenced, problems, sequenced, stream_message

log = logging.getLogger(__name__)

BACKOFF_FIRST_S = 0.5
BACKOFF_MAX_S = 5.0
UNAUTHORIZED_RETRY_S = 30.0
SILENCE_LIMIT_S = 40.0  # the server sends a heartbeat every 15 s when idle
HTTP_TIMEOUT_MS = 10_000
GAP_PAGE = 1000
CLOSE_UNAUTHORIZED = 4401

CONNECTING, LIVE, RECONNECTING, UNAUTHORIZED = "connecting", "live", "reconnecting", "unauthorized"


class _RawPage(BaseModel):
    """A page of `GET /events`, its events still to be parsed one by one."""

    events: list[Any]
    last_seq: int


def _fingerprint(item: Sequenced) -> str:
    event = item.event
    return json.dumps([item.seq, event.type, event.data] if event else [item.seq], sort_keys=True, default=str)


def _close_code(sock: QWebSocket) -> int:
    return int(sock.closeCode().value)


def server_bases(server_url: str) -> tuple[str, str]:
    """The HTTP and WebSocket bases of a hall server URL.

    Raises:
        ValueError: the URL is not http(s)://host[:port][/path].
    """
    parts = urlsplit(server_url.rstrip("/"))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"server URL must be http(s)://host[:port], not {server_url!r}")
    return (urlunsplit((parts.scheme, parts.netloc, parts.path, "", "")),
            urlunsplit(("wss" if parts.scheme == "https" else "ws", parts.netloc, parts.path, "", "")))


class StreamSocket(QObject):
    """The WebSocket life both event links share: open after a sequence, notice silence and
    refusals, back off and retry. A link subclasses it with the `stateChanged` signal and
    `_connect`, `_on_connected` / `_on_message` of its own; `_init_stream` sets the rest."""

    stateChanged: ClassVar[Signal]  # each link declares its own Signal(str)

    def _connect(self) -> None:
        raise NotImplementedError

    def _on_connected(self) -> None:
        raise NotImplementedError

    def _on_message(self, text: str) -> None:
        raise NotImplementedError

    def _init_stream(self, server_url: str, token: str) -> None:
        """The state both links start with (called from the QObject's __init__)."""
        self._http_base, self._ws_base = server_bases(server_url)
        self._token = token
        self._state = CONNECTING
        self._last_seq = -1  # -1: not connected once yet
        self._running = False
        self._attempt = 0  # bumped per connection attempt; late answers of an older one are dropped
        self._backoff = BACKOFF_FIRST_S
        self._net = QNetworkAccessManager(self)
        self._net.setTransferTimeout(HTTP_TIMEOUT_MS)
        self._socket: QWebSocket | None = None
        self._retry = QTimer(self, singleShot=True)
        self._retry.timeout.connect(self._connect)
        self._silence = QTimer(self, singleShot=True, interval=int(SILENCE_LIMIT_S * 1000))
        self._silence.timeout.connect(self._on_silence)

    def start(self) -> None:
        """Connect; keeps reconnecting until `stop()`, and resumes after the last sequence seen."""
        if self._running:
            return
        self._running = True
        self._backoff = BACKOFF_FIRST_S
        self._set_state(CONNECTING if self._last_seq < 0 else RECONNECTING)
        self._connect()

    def stop(self) -> None:
        """Close the stream and stop retrying."""
        self._running = False
        self._attempt += 1
        self._retry.stop()
        self._silence.stop()
        self._drop_socket()

    def drop_connection(self) -> None:
        """Abort the stream as a network fault would (for tests and diagnostics)."""
        if self._socket is not None:
            self._socket.abort()

    def _open_stream(self) -> None:
        self._drop_socket()
        sock = QWebSocket(parent=self)
        sock.connected.connect(self._on_connected)
        sock.disconnected.connect(self._on_disconnected)
        sock.textMessageReceived.connect(self._on_message)
        self._socket = sock
        url = f"{self._ws_base}{API}/events/stream?after={self._last_seq}&token={quote(self._token, safe='')}"
        self._silence.start()
        sock.open(QUrl(url))

    def _drop_socket(self) -> None:
        sock, self._socket = self._socket, None
        if sock is not None:
            # Silenced: its abort() would otherwise tell us of a disconnection we asked for.
            sock.blockSignals(True)
            sock.abort()
            sock.deleteLater()

    def _on_disconnected(self) -> None:
        sock = self._socket
        if sock is None or self.sender() is not sock:
            return
        code = _close_code(sock)
        reason = sock.closeReason()
        self._drop_socket()
        if not self._running:
            return
        if code == CLOSE_UNAUTHORIZED:
            self._unauthorized()
            return
        log.info("event stream closed (%s %s); reconnecting", code, reason)
        self._schedule_retry()

    def _on_silence(self) -> None:
        if not self._running:
            return
        log.info("no message from the hall server for %.0f s; reconnecting", SILENCE_LIMIT_S)
        self._schedule_retry()

    def _schedule_retry(self) -> None:
        self._attempt += 1
        self._silence.stop()
        self._drop_socket()
        self._set_state(RECONNECTING if self._last_seq >= 0 else CONNECTING)
        self._retry.start(int(self._backoff * 1000))
        self._backoff = min(self._backoff * 2, BACKOFF_MAX_S)

    def _unauthorized(self) -> None:
        self._attempt += 1
        self._silence.stop()
        self._drop_socket()
        self._set_state(UNAUTHORIZED)
        log.warning("hall server refused the token; retrying in %.0f s", UNAUTHORIZED_RETRY_S)
        self._retry.start(int(UNAUTHORIZED_RETRY_S * 1000))

    def _set_state(self, state: str) -> None:
        if state != self._state:
            self._state = state
            self.stateChanged.emit(state)


class EventLink(StreamSocket, QObject):
    """One client's view of the hall's event stream.

    Args:
        server_url: the hall server, e.g. ``http://127.0.0.1:8000``.
        token: a device (display) or staff token, sent as a Bearer header and on the stream.
        area: limits the snapshot to one area/floor (events are not filtered: the app does that).
    """

    snapshotReceived = Signal(object)   # Snapshot
    snapshotRefreshed = Signal(object)  # Snapshot; answers refresh(): the state now, without touching the stream
    eventReceived = Signal(object)      # Event
    stateChanged = Signal(str)
    lastSeqChanged = Signal(int)

    def __init__(self, server_url: str, token: str, area: str | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._init_stream(server_url, token)  # _last_seq -1: no snapshot yet
        self._area = area
        self._last_fingerprint: str | None = None  # of the event at _last_seq, when we had it
        self._need_snapshot = True
        self._filling = False  # a gap fill is in flight; stream messages wait in _pending
        self._pending: list[Sequenced] = []
        self._replies: set[QNetworkReply] = set()

    # --- properties -----------------------------------------------------------------------

    def _get_state(self) -> str:
        return self._state

    def _get_last_seq(self) -> int:
        return max(self._last_seq, 0)

    state = qt_property(str, _get_state, notify=stateChanged)
    lastSeq = qt_property(int, _get_last_seq, notify=lastSeqChanged)

    @property
    def area(self) -> str | None:
        return self._area

    # --- control --------------------------------------------------------------------------

    def stop(self) -> None:
        """Close the stream, stop retrying and drop the reads in flight; `start()` resumes after `lastSeq`."""
        super().stop()
        for reply in list(self._replies):
            reply.abort()
        self._filling = False
        self._pending.clear()

    @Slot()
    def refresh(self) -> None:
        """GET a fresh snapshot for `snapshotRefreshed` (e.g. every 30 s); a failure is let pass."""
        self.fetch("/snapshot", Snapshot, self._on_refreshed, **({"area": self._area} if self._area else {}))

    def fetch(self, path: str, model: type[BaseModel], handler, **params: str | int) -> None:
        """GET an API path (e.g. "/config") with the link's token; `handler(answer as model)` on success only."""
        if self._running:
            self._get(path, params, handler, model, quiet=True)

    def _on_refreshed(self, snapshot: Snapshot) -> None:
        self.snapshotRefreshed.emit(snapshot)

    # --- connecting -----------------------------------------------------------------------

    @Slot()
    def _connect(self) -> None:
        if not self._running:
            return
        self._attempt += 1
        self._filling = False
        self._pending.clear()
        if self._need_snapshot:
            self._get("/snapshot", {"area": self._area} if self._area else {}, self._on_snapshot, Snapshot)
        else:
            # Look at our last event on the server first: that checks the token, and a server whose
            # history is not ours (a new database) needs a fresh snapshot rather than a resume.
            self._get("/events", {"after": max(self._last_seq - 1, 0), "limit": 1}, self._on_probe, _RawPage)

    def _get(self, path: str, params: dict[str, str | int], handler, model: type[BaseModel],
             quiet: bool = False) -> None:
        """GET an API path; `handler(answer as model)` on 200. A failure (an answer not of the model
        included) reconnects, or is let pass if `quiet`."""
        query = "&".join(f"{k}={quote(str(v), safe='')}" for k, v in params.items())
        url = QUrl(f"{self._http_base}{API}{path}" + (f"?{query}" if query else ""))
        request = QNetworkRequest(url)
        request.setRawHeader(QByteArray(b"Authorization"), QByteArray(f"Bearer {self._token}".encode()))
        reply = self._net.get(request)
        self._replies.add(reply)
        attempt = self._attempt
        # The lambda lives as long as the reply, which is deleted once it has finished.
        reply.finished.connect(lambda: self._on_reply(reply, attempt, handler, model, quiet))

    def _on_reply(self, reply: QNetworkReply, attempt: int, handler, model: type[BaseModel], quiet: bool) -> None:
        self._replies.discard(reply)
        reply.deleteLater()
        if attempt != self._attempt or not self._running:
            return
        status = reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute)
        body = None
        if reply.error() == QNetworkReply.NetworkError.NoError and status == 200:
            path = reply.url().path()
            try:
                body = model.model_validate_json(bytes(reply.readAll().data()))
            except ValidationError as exc:
                log.error("GET %s: the answer is not a %s: %s", path, model.__name__, problems(exc))
        if body is not None:
            handler(body)
        elif quiet:
            return
        elif status == 401:
            self._unauthorized()
        else:
            why = f"HTTP {status}: {reply.errorString()}" if status else reply.errorString()
            log.info("hall server not reachable (%s); retrying", why)
            self._schedule_retry()

    def _on_snapshot(self, snapshot: Snapshot) -> None:
        self._need_snapshot = False
        self._last_fingerprint = None
        self._set_last_seq(snapshot.seq)
        self.snapshotReceived.emit(snapshot)
        if self._running:
            self._open_stream()

    def _on_probe(self, page: _RawPage) -> None:
        events = [item for item in map(sequenced, page.events) if item is not None]
        ours = self._last_seq == 0 or (
            bool(events) and events[0].seq == self._last_seq
            and self._last_fingerprint in (None, _fingerprint(events[0])))
        if not ours:
            log.warning("hall server's history differs from ours after seq %d: taking a fresh snapshot",
                        self._last_seq)
            self._need_snapshot = True
            self._connect()
            return
        self._open_stream()

    @Slot()
    def _on_connected(self) -> None:
        self._backoff = BACKOFF_FIRST_S
        self._silence.start()
        self._set_state(LIVE)

    # --- the stream ---------------------------------------------------------------------------

    @Slot(str)
    def _on_message(self, text: str) -> None:
        self._silence.start()
        item = stream_message(text)
        if isinstance(item, Heartbeat):
            if item.seq < self._last_seq and not self._filling:
                # The server's history is behind ours: its database was replaced.
                self._need_snapshot = True
                self._schedule_retry()
            return
        if item is None:
            return
        if self._filling:
            self._pending.append(item)
            return
        self._take(item)

    def _take(self, item: Sequenced) -> None:
        if item.seq <= self._last_seq:
            return
        if item.seq > self._last_seq + 1:
            self._filling = True
            self._pending.append(item)
            self._fill_gap()
            return
        self._deliver(item)

    def _deliver(self, item: Sequenced) -> None:
        self._last_fingerprint = _fingerprint(item)
        self._set_last_seq(item.seq)
        if item.event is not None:
            self.eventReceived.emit(item.event)

    def _fill_gap(self) -> None:
        self._get("/events", {"after": self._last_seq, "limit": GAP_PAGE}, self._on_gap_page, _RawPage)

    def _on_gap_page(self, page: _RawPage) -> None:
        if not self._filling:
            return
        events = [item for item in map(sequenced, page.events) if item is not None]
        wanted = min(item.seq for item in self._pending) - 1
        for item in events:
            if self._last_seq < item.seq <= wanted:
                self._deliver(item)
                if not self._running or not self._filling:
                    return
        if self._last_seq < wanted and len(page.events) == GAP_PAGE:
            self._fill_gap()
            return
        if self._last_seq < wanted:
            # The server has no such events: go on rather than wait for ever.
            log.warning("events %d..%d are missing on the server; going on", self._last_seq + 1, wanted)
            self._set_last_seq(wanted)
        pending, self._pending = sorted(self._pending, key=lambda item: item.seq), []
        self._filling = False
        for item in pending:
            if self._filling:  # another gap among the held events: its fill takes the rest
                self._pending.append(item)
            else:
                self._take(item)

    # --- state ----------------------------------------------------------------------------------

    def _set_last_seq(self, seq: int) -> None:
        if seq != self._last_seq:
            self._last_seq = seq
            self.lastSeqChanged.emit(max(seq, 0))
