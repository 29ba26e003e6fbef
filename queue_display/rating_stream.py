"""The rating events of one window's evaluator (评价器), live from the hall server, across drops.

An evaluator may read nothing of the queue: no snapshot, no `/events`. The server filters its
stream to the `rating.*` and `form.confirm_requested` events of its own window, so gaps in the
sequence are normal here and are not filled (`EventLink` would try to). The first connection
starts after the hall's current sequence (the open `GET /health`); a reconnection resumes after
the last sequence seen (an event or a heartbeat), so the events of this window missed meanwhile
replay in order. After every (re)connection `synced` asks the app to read the current request,
which is the authority.
Runs on the GUI thread's event loop through QtNetwork/QtWebSockets: nothing blocks. What comes is
parsed into the schema's models (`Health`, `Event`, `Heartbeat`); what is not is logged and skipped.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QUrl, Signal, Slot
from PySide6.QtNetwork import QNetworkReply, QNetworkRequest
from pydantic import ValidationError

from hall_server.schema import API, Health, Heartbeat

from .link import BACKOFF_FIRST_S, LIVE, StreamSocket
from .wire import stream_message

log = logging.getLogger(__name__)


class RatingStream(StreamSocket, QObject):
    """The `rating.*` events of the evaluator's window, each once and in order.

    Args:
        server_url: the hall server, e.g. ``http://127.0.0.1:8000``.
        token: the evaluator's device token.
    """

    eventReceived = Signal(object)  # Event
    stateChanged = Signal(str)
    synced = Signal()  # the stream is open again: read the current request

    def __init__(self, server_url: str, token: str, parent: QObject | None = None):
        super().__init__(parent)
        self._init_stream(server_url, token)
        self._net.finished.connect(self._on_health)

    @property
    def state(self) -> str:
        return self._state

    @property
    def last_seq(self) -> int:
        return self._last_seq

    # --- connecting -----------------------------------------------------------------------------

    @Slot()
    def _connect(self) -> None:
        if not self._running:
            return
        self._attempt += 1
        # The hall's sequence now: where a first stream starts, and how a replaced database shows.
        reply = self._net.get(QNetworkRequest(QUrl(f"{self._http_base}{API}/health")))
        reply.setProperty("attempt", self._attempt)

    def _on_health(self, reply: QNetworkReply) -> None:
        reply.deleteLater()
        if reply.property("attempt") != self._attempt or not self._running:
            return
        seq = None
        if reply.error() == QNetworkReply.NetworkError.NoError:
            try:
                seq = Health.model_validate_json(bytes(reply.readAll().data())).seq
            except ValidationError:
                log.error("hall server's /health is not what the schema says")
        if seq is None:
            log.info("hall server not reachable (%s); retrying", reply.errorString())
            self._schedule_retry()
            return
        if self._last_seq < 0 or seq < self._last_seq:
            if self._last_seq >= 0:
                log.warning("hall server's history is behind ours (%d < %d): starting afresh", seq, self._last_seq)
            self._last_seq = seq
        self._open_stream()

    @Slot()
    def _on_connected(self) -> None:
        self._backoff = BACKOFF_FIRST_S
        self._silence.start()
        self._set_state(LIVE)
        self.synced.emit()

    # --- the stream -----------------------------------------------------------------------------

    @Slot(str)
    def _on_message(self, text: str) -> None:
        self._silence.start()
        item = stream_message(text)
        if isinstance(item, Heartbeat):
            if item.seq < self._last_seq:  # the server's database was replaced: start afresh
                self._last_seq = -1
                self._schedule_retry()
            else:
                self._last_seq = item.seq  # nothing of ours up to here: a resume need not replay it
            return
        if item is None:
            return
        if item.seq <= self._last_seq:
            return
        self._last_seq = item.seq
        if item.event is not None:
            self.eventReceived.emit(item.event)
