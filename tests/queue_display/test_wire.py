"""What the staff apps do with answers and events that are not what the wire schema says: a clear
logged failure of that one request or event, never a crash, and nothing passed on half-read."""
from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from hall_server.schema import Dashboard, Event
from hallsupport import DISPLAY_TOKEN
from queue_display.api import BAD_ANSWER, ApiClient
from queue_display.console_state import HallConsole
from queue_display.link import EventLink

WAIT_MS = 30_000  # generous: waiting for an event costs nothing when it comes
LOGIN = {"token": "t0k3n", "expires_at": "2026-11-23T10:00:00Z", "role": "hall-admin", "name": "何主任",
         "window": None}


class OddServer:
    """An HTTP server that answers each path with what a test gives it (anything else: 200 `{}`)."""

    def __init__(self) -> None:
        self.answers: dict[str, tuple[int, object]] = {}
        self.posts: list[str] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                path = self.path.split("?", 1)[0]
                status, body = owner.answers.get(path, (200, {}))
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                self._answer()

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                owner.posts.append(self.path)
                self._answer()

            def log_message(self, *_args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> OddServer:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def odd() -> Iterator[OddServer]:
    with OddServer() as server:
        yield server


def test_an_answer_not_of_its_model_is_refused_as_bad_answer(qtbot, odd: OddServer) -> None:
    odd.answers["/api/v1/dashboard"] = (200, {"at": "soon", "seq": "many"})
    odd.answers["/api/v1/notices"] = (409, {"detail": "not the server's error body"})
    api = ApiClient(odd.url, "t0k3n")
    done, refused = [], []
    api.done.connect(lambda *a: done.append(a))
    api.refused.connect(lambda key, path, code, zh, en: refused.append((path, code, zh, en)))
    api.get("/dashboard", model=Dashboard)
    qtbot.waitUntil(lambda: len(refused) == 1, timeout=WAIT_MS)
    assert refused == [("/dashboard", *BAD_ANSWER)] and done == []
    api.get("/notices", model=Dashboard)
    qtbot.waitUntil(lambda: len(refused) == 2, timeout=WAIT_MS)
    assert refused[1][:2] == ("/notices", "http_409") and "409" in refused[1][2]


def test_a_login_answer_not_of_the_schema_fails_the_login(qtbot, odd: OddServer) -> None:
    odd.answers["/api/v1/auth/login"] = (200, {**LOGIN, "role": "mayor"})
    api = ApiClient(odd.url)
    failed, logged_in = [], []
    api.loginFailed.connect(lambda *a: failed.append(a))
    api.loggedIn.connect(logged_in.append)
    api.login("admin", "860301", None)
    qtbot.waitUntil(lambda: failed != [], timeout=WAIT_MS)
    assert failed == [BAD_ANSWER] and logged_in == [] and api.token is None


def test_the_console_says_a_bad_answer_and_keeps_running(qtbot, odd: OddServer) -> None:
    """Every read answers `{}`: each is said on the status line, nothing is shown half-read, and a
    command answered badly is not sent again (the server did it; only its answer is unreadable)."""
    odd.answers["/api/v1/auth/login"] = (200, LOGIN)
    console = HallConsole(odd.url, refresh_s=600)
    try:
        console.login("admin", "860301")
        qtbot.waitUntil(lambda: console.screen == "main" and console.message == BAD_ANSWER[1], timeout=WAIT_MS)
        assert console.messageIsError and console.dashboard.board is None and console.dashboard.windows == []
        console.dashboard.openWindow("01")
        assert console.busy
        qtbot.waitUntil(lambda: not console.busy, timeout=WAIT_MS)
        assert odd.posts.count("/api/v1/windows/01/open") == 1
        assert console.message == BAD_ANSWER[1] and console.screen == "main"
    finally:
        console.logout()


def test_a_malformed_event_is_skipped_but_uses_up_its_number(qtbot) -> None:
    """No gap opens behind it (a gap would be filled from the server for ever)."""
    link = EventLink("http://127.0.0.1:9", "token")
    got: list[Event] = []
    link.eventReceived.connect(got.append)
    try:
        link._set_last_seq(4)
        at = "2026-11-23T01:00:00Z"
        link._on_message("not json")
        link._on_message(json.dumps({"type": "heartbeat", "seq": "four"}))
        link._on_message(json.dumps({"seq": 5, "type": "ticket.teleported", "at": at, "data": {}}))
        assert got == [] and link.lastSeq == 5
        link._on_message(json.dumps({"seq": 6, "type": "notice.changed", "at": at, "data": {"id": 1}}))
        assert [(e.seq, e.type) for e in got] == [(6, "notice.changed")] and link.lastSeq == 6
    finally:
        link.stop()


def test_the_display_shows_nothing_of_a_ticket_event_it_cannot_read(qtbot) -> None:
    from queue_display.display import HallDisplay

    display = HallDisplay("http://127.0.0.1:9", "token")
    try:
        at = "2026-11-23T01:00:00Z"
        display._on_event(Event.model_validate({"seq": 1, "type": "ticket.called", "at": at,
                                                "data": {"ticket": {"id": 1, "number": "A001"}}}))
        assert display.currentNumber == "" and display.history_model.calls == []
    finally:
        display.stop()


def test_stream_messages_are_heartbeats_events_or_nothing() -> None:
    from hall_server.schema import Heartbeat
    from queue_display.wire import Sequenced, stream_message

    at = "2026-11-23T01:00:00Z"
    assert stream_message('{"type": "heartbeat", "seq": 9}') == Heartbeat(type="heartbeat", seq=9)
    good = stream_message(json.dumps({"seq": 3, "type": "day.rolled", "at": at, "data": {}}))
    assert isinstance(good, Sequenced) and good.seq == 3 and good.event is not None and good.event.type == "day.rolled"
    # An event the schema does not know keeps its number, and nothing else.
    unknown = json.dumps({"seq": 4, "type": "ticket.teleported", "at": at, "data": {}})
    assert stream_message(unknown) == Sequenced(4, None)
    for junk in ("", "[]", "null", '{"type": "heartbeat"}', '{"seq": true, "type": "day.rolled"}', '{"seq": -1}'):
        assert stream_message(junk) is None


def test_text_limits_come_from_the_schema() -> None:
    from hall_server.schema import FollowUpClose, PauseRequest, Ticket
    from queue_display.wire import max_length

    assert (max_length(PauseRequest, "reason"), max_length(FollowUpClose, "note")) == (100, 500)
    with pytest.raises(LookupError):
        max_length(Ticket, "number")


def test_the_servers_events_are_what_the_apps_parse_them_into(server, kiosk) -> None:
    """The event data models the apps read (TicketEventData, WindowEventData, RatingRequestedData,
    RatingGivenData) hold for what a real hall server sends, for every event type they are used on."""
    from hall_server.schema import (EventPage, RatingGivenData, RatingRequestedData, TicketEventData,
                                    WindowEventData)
    from hallsupport import STAFF_PIN, device_token

    staff = server.login("w01", STAFF_PIN, "01")
    staff.ok("/windows/01/open")
    staff.ok("/windows/01/pause", {"reason": "lunch"})
    staff.ok("/windows/01/open")
    first = kiosk.issue("general")["ticket"]
    second = kiosk.issue("general")["ticket"]
    staff.ok("/windows/01/call-next", {"ticket_id": first["id"]})
    staff.ok("/windows/01/recall", {"ticket_id": first["id"]})
    staff.ok("/windows/01/start", {"ticket_id": first["id"]})
    staff.ok("/windows/01/finish", {"ticket_id": first["id"]})
    request = staff.ok("/windows/01/rating-request", {"ticket_id": first["id"]}, 201)
    evaluator = server.client(device_token("evaluator-01"))
    evaluator.ok("/ratings/evaluator", {"request_id": request["id"], "level": 5}, 201)
    staff.ok("/windows/01/call-next", {"ticket_id": second["id"]})
    staff.ok("/windows/01/hold", {"ticket_id": second["id"], "reason": "documents_missing"})
    staff.ok("/windows/01/resume", {"ticket_id": second["id"]})
    staff.ok("/windows/01/transfer", {"ticket_id": second["id"], "category": "tax"})
    third = kiosk.issue("general")["ticket"]
    staff.ok("/windows/01/call-next", {"ticket_id": third["id"]})
    staff.ok("/windows/01/no-show", {"ticket_id": third["id"]})
    staff.ok("/windows/01/close")
    page = EventPage.model_validate(server.client(DISPLAY_TOKEN).get("/events", after=0, limit=1000).json())
    models = {"ticket": TicketEventData, "window": WindowEventData, "rating.requested": RatingRequestedData,
              "rating.given": RatingGivenData}
    seen = set()
    for event in page.events:
        model = models.get(event.type) or models.get(event.type.split(".")[0])
        if model is not None:
            model.model_validate(event.data)
            seen.add(event.type)
    assert {"ticket.issued", "ticket.called", "ticket.recalled", "ticket.serving", "ticket.done", "ticket.held",
            "ticket.resumed", "ticket.transferred", "ticket.no_show", "window.opened", "window.paused",
            "window.closed", "rating.requested", "rating.given"} <= seen
