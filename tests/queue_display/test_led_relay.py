"""The LED relay between a real hall server and an in-process device host with LED simulators.

What the screens show is read back from the simulators, which parsed the EQ protocol bytes the
device host sent; what the relay asked for is read from the device host's command log.
"""
from __future__ import annotations

import pathlib
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from devices.host import DeviceHost
from hall_server.schema import Event, Snapshot
from hallsupport import DISPLAY_TOKEN, SAMPLE_HALL, STAFF_PIN, RunningServer
from queue_display.desk import WindowDesk
from queue_display.led_relay import HallFollower, LedRelay
from queue_display.led_screens import HallScreens, calling, clean, columns_of, paused

WINDOWS = ("01", "02", "03")
AT = "2026-11-23T01:00:00Z"
WINDOW_01 = '{"code": "01", "name": "1号窗口", "name_en": "Window 1", "area": "一楼"}'
CLOSED = ("暂停服务",)
IDLE_01 = ("1号窗口", "欢迎光临")  # the window by its number: 01 reads 1 (hall_rules.names)


def call(number: str, window: str = "01") -> tuple[str, ...]:
    return (number, f"请{number}到{int(window)}号窗口")


def wait_for(check: Callable[[], Any], timeout: float = 20.0, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not met within {timeout} s")
        time.sleep(0.02)


class Recorder:
    """The device host's show_on_led commands, and what each simulated screen drew (repaints collapsed)."""

    def __init__(self, host: DeviceHost) -> None:
        self.host = host
        self.lock = threading.Lock()
        self.shows: list[tuple[str, tuple[str, ...]]] = []
        self.drawn: dict[str, list[tuple[str, ...]]] = {w: [] for w in WINDOWS}
        run = host.execute

        def execute(command: str, args: dict | None = None) -> Any:
            if command == "show_on_led":
                with self.lock:
                    self.shows.append((args["window"], tuple(args["lines"])))
            return run(command, args)

        host.execute = execute  # type: ignore[method-assign]  # the local API calls it per command
        for window in WINDOWS:
            self._watch(window)

    def _watch(self, window: str) -> None:
        sim = self.host.sims[f"window_led.{window}"].sim
        apply = sim.apply

        def record(frame: Any) -> None:
            lines = tuple(text for _, text in frame.lines)
            with self.lock:
                drawn = self.drawn[window]
                if not drawn or drawn[-1] != lines:
                    drawn.append(lines)
            apply(frame)

        sim.apply = record  # type: ignore[method-assign]  # the screen records every frame it draws

    def screen(self, window: str) -> tuple[str, ...]:
        return tuple(line["text"] for line in self.host.sims[f"window_led.{window}"].shown())

    def colour(self, window: str) -> str:
        return self.host.sims[f"window_led.{window}"].shown()[0]["colour"]

    def shown_at(self, window: str) -> list[tuple[str, ...]]:
        with self.lock:
            return [lines for w, lines in self.shows if w == window]

    def wait_screen(self, window: str, lines: tuple[str, ...]) -> None:
        wait_for(lambda: self.screen(window) == lines, what=f"window {window} screen showing {lines}")


def start_host(listen: str = "127.0.0.1:0") -> DeviceHost:
    config = {"window_led": {w: "sim://" for w in WINDOWS}, "host": {"status_interval": 0.3}}
    host = DeviceHost(config, listen=listen).start()
    host.wait_ready()
    return host


@pytest.fixture
def host() -> Iterator[DeviceHost]:
    device_host = start_host()
    yield device_host
    device_host.stop()


@pytest.fixture
def screens(host: DeviceHost) -> Recorder:
    return Recorder(host)


@pytest.fixture
def relay(server: RunningServer, host: DeviceHost, screens: Recorder) -> Iterator[LedRelay]:
    led_relay = LedRelay(server.url, DISPLAY_TOKEN, host.api_url).start()
    for window in WINDOWS:
        screens.wait_screen(window, CLOSED)  # the snapshot: every window closed this morning
    yield led_relay
    led_relay.stop()


def staff_at(server: RunningServer, window: str = "01", user: str = "w01"):
    staff = server.login(user, STAFF_PIN, window)
    staff.ok(f"/windows/{window}/open")
    return staff


@pytest.mark.slow
def test_a_call_shows_on_its_window_screen(server, kiosk, relay, screens):
    staff = staff_at(server)
    screens.wait_screen("01", IDLE_01)
    kiosk.issue("general")
    ticket = staff.ok("/windows/01/call-next", {})["ticket"]
    screens.wait_screen("01", call("A001"))
    assert screens.colour("01") == "red"
    assert screens.screen("02") == CLOSED and screens.screen("03") == CLOSED
    staff.ok("/windows/01/start", {"ticket_id": ticket["id"]})
    screens.wait_screen("01", ("A001", "正在办理"))
    assert screens.colour("01") == "green"
    staff.ok("/windows/01/finish", {"ticket_id": ticket["id"]})
    screens.wait_screen("01", IDLE_01)
    assert screens.shown_at("01") == [CLOSED, IDLE_01, call("A001"), ("A001", "正在办理"), IDLE_01]
    assert screens.shown_at("02") == [CLOSED]


@pytest.mark.slow
def test_recall_pause_and_close(server, kiosk, relay, screens):
    staff = staff_at(server, "02", "w02")
    kiosk.issue("general")
    ticket = staff.ok("/windows/02/call-next", {})["ticket"]
    screens.wait_screen("02", call("A001", "02"))
    staff.ok("/windows/02/recall", {"ticket_id": ticket["id"]})
    wait_for(lambda: screens.shown_at("02").count(call("A001", "02")) == 2, what="the recall shown again")
    staff.ok("/windows/02/no-show", {"ticket_id": ticket["id"]})
    screens.wait_screen("02", ("2号窗口", "欢迎光临"))
    staff.ok("/windows/02/pause", {"reason": "lunch"})  # the code of one of the hall's pause reasons
    screens.wait_screen("02", ("暂停服务", "午间休息"))
    assert screens.colour("02") == "yellow"
    staff.ok("/windows/02/pause", {"reason": "system_fault"})
    screens.wait_screen("02", ("暂停服务", "系统故障"))
    staff.ok("/windows/02/close")
    screens.wait_screen("02", CLOSED)
    assert screens.shown_at("02").count(call("A001", "02")) == 2


def test_an_undone_no_show_is_called_on_the_screen_again(server, kiosk, relay, screens):
    staff = staff_at(server)
    kiosk.issue("general")
    ticket = staff.ok("/windows/01/call-next", {})["ticket"]
    screens.wait_screen("01", call("A001"))
    staff.ok("/windows/01/no-show", {"ticket_id": ticket["id"]})
    screens.wait_screen("01", IDLE_01)
    staff.ok("/windows/01/undo-no-show", {"ticket_id": ticket["id"]})
    screens.wait_screen("01", call("A001"))
    assert screens.shown_at("01")[-3:] == [call("A001"), IDLE_01, call("A001")]


@pytest.mark.slow
def test_calls_made_while_the_server_was_down_reach_the_screen_once_each_in_order(
        tmp_path: pathlib.Path, clock, server, kiosk, relay, screens):
    staff = staff_at(server)
    for _ in range(3):
        kiosk.issue("general")
    first = staff.ok("/windows/01/call-next", {})["ticket"]
    screens.wait_screen("01", call("A001"))
    before = len(screens.shown_at("01"))
    server.stop()  # the relay's stream drops; it retries against the same address

    # Meanwhile the hall goes on through another instance of the server on the same database.
    other = RunningServer(server.db_path, SAMPLE_HALL, clock)
    other.start()
    try:
        desk = other.login("w01", STAFF_PIN, "01")
        desk.ok("/windows/01/no-show", {"ticket_id": first["id"]})
        second = desk.ok("/windows/01/call-next", {})["ticket"]
        desk.ok("/windows/01/start", {"ticket_id": second["id"]})
        desk.ok("/windows/01/finish", {"ticket_id": second["id"]})
        desk.ok("/windows/01/call-next", {})
    finally:
        other.stop()
    assert screens.screen("01") == call("A001")  # nothing reached the relay while its server was away

    server.start()  # back on the address the relay knows
    screens.wait_screen("01", call("A003"))
    replayed = [IDLE_01, call("A002"), ("A002", "正在办理"), IDLE_01, call("A003")]
    assert screens.shown_at("01")[before:] == replayed
    drawn = screens.drawn["01"]
    assert drawn[-len(replayed):] == replayed
    assert drawn.count(call("A002")) == 1 and drawn.count(call("A001")) == 1


@pytest.mark.slow
def test_device_host_gone_and_back_shows_the_current_state(server, kiosk, screens, host):
    port = host.api_url.rsplit(":", 1)[1]
    led_relay = LedRelay(server.url, DISPLAY_TOKEN, host.api_url).start()
    try:
        staff = staff_at(server)
        kiosk.issue("general")
        kiosk.issue("general")
        first = staff.ok("/windows/01/call-next", {})["ticket"]
        screens.wait_screen("01", call("A001"))
        host.stop()  # the device host goes away with its screens
        staff.ok("/windows/01/no-show", {"ticket_id": first["id"]})
        staff.ok("/windows/01/call-next", {})  # A002 is called while no screen can show it
        head = server.client(DISPLAY_TOKEN).get("/snapshot").json()["seq"]
        wait_for(lambda: led_relay.follower.last_seq == head, what="the relay following the calls")
        again = start_host(f"127.0.0.1:{port}")  # a fresh host: its screens start blank
        try:
            back = Recorder(again)
            back.wait_screen("01", call("A002"))
            back.wait_screen("02", CLOSED)
            assert call("A001") not in back.shown_at("01")  # a stale call is not replayed
        finally:
            again.stop()
    finally:
        led_relay.stop()


@pytest.mark.slow
def test_only_the_windows_asked_for(server, kiosk, host, screens):
    led_relay = LedRelay(server.url, DISPLAY_TOKEN, host.api_url, windows={"02"}).start()
    try:
        screens.wait_screen("02", CLOSED)
        staff = staff_at(server, "02", "w02")
        screens.wait_screen("02", ("2号窗口", "欢迎光临"))
        staff_at(server, "01", "w01")
        staff.ok("/windows/02/pause", {"reason": "lunch"})
        screens.wait_screen("02", ("暂停服务", "午间休息"))
        assert screens.shown_at("01") == [] and screens.shown_at("03") == []
    finally:
        led_relay.stop()


def test_screen_text_fits_a_16_column_gbk_screen():
    assert calling("A012", "01").lines == ("A012", "请A012到1号窗口")
    assert calling("A012", "12").lines == ("A012", "请A012到12号窗口")
    assert columns_of("请A012到12号窗口") == 16
    assert calling("A1000", "12").lines == ("A1000", "请到12号窗口")  # the long wording would be cut
    assert clean("午休\x07🛠中") == "午休 中"
    long = paused("因系统升级暂停受理，请到三楼大厅")
    assert all(columns_of(line) <= 16 for line in long.lines) and len(long.lines) == 2
    assert paused("").lines == ("暂停服务",)


def test_bad_messages_never_stop_the_follower():
    changes: list = []
    follower = HallFollower("http://127.0.0.1:9", "t", lambda w, t: changes.append((w, t)))
    follower.last_seq = 5
    for junk in ("not json", "[]", '{"seq": "x"}', f'{{"seq": 6, "type": "ticket.called", "at": "{AT}", "data": {{}}}}',
                 f'{{"seq": 7, "type": "window.paused", "at": "{AT}", "data": {{"window": 3}}}}'):
        assert follower._handle(junk) is True
    assert changes == [] and follower.last_seq == 7
    assert follower._handle(f'{{"seq": 8, "type": "window.closed", "at": "{AT}", "data": {{"window": {WINDOW_01}}}}}')
    assert follower._handle(f'{{"seq": 8, "type": "window.opened", "at": "{AT}", "data": {{"window": {WINDOW_01}}}}}')
    assert [w for w, _ in changes] == ["01"]  # the repeated seq 8 was not handled twice


@pytest.mark.slow
def test_an_english_terminal_pausing_for_lunch_shows_the_chinese_name_on_the_led(qtbot, server, relay, screens):
    """The terminal sends the reason's code; the LED (the hall's screen) shows its Chinese name, as
    the simulator read it from the EQ bytes, while the English terminal itself says "Lunch break"."""
    desk = WindowDesk(server.url, "01", "en", retry_first_s=0.05, retry_max_s=0.4)
    try:
        desk.login("w01", STAFF_PIN)
        qtbot.waitUntil(lambda: desk.screen == "work" and desk.linkState == "live" and desk.windowState != ""
                        and desk.pauseReasons != [], timeout=20_000)
        assert {"code": "lunch", "label": "Lunch break"} in desk.pauseReasons
        desk.openWindow()  # the desk's requests run on this thread's event loop: wait with qtbot, not wait_for
        qtbot.waitUntil(lambda: screens.screen("01") == IDLE_01 and not desk.busy, timeout=20_000)
        desk.pauseWindow("lunch")
        qtbot.waitUntil(lambda: screens.screen("01") == ("暂停服务", "午间休息"), timeout=20_000)
        qtbot.waitUntil(lambda: desk.windowState == "paused" and desk.pauseReason == "Lunch break", timeout=20_000)
        assert screens.colour("01") == "yellow"
        assert not any("Lunch" in line for _, lines in screens.shows for line in lines)
    finally:
        desk.logout()


def test_a_pause_event_shows_the_reasons_chinese_name_and_old_words_as_they_are():
    model = HallScreens()
    paused_event = {"window": {"code": "01", "name": "1号窗口", "name_en": "Window 1", "area": "一楼"},
                    "reason": "lunch", "reason_name": "午间休息", "reason_name_en": "Lunch break"}
    assert model.apply(Event(seq=1, type="window.paused", at=AT, data=paused_event)) == [
        ("01", paused("午间休息"))]
    old = {**paused_event, "reason": "去档案室调档", "reason_name": None, "reason_name_en": None}
    assert model.apply(Event(seq=2, type="window.paused", at=AT, data=old))[0][1].lines == ("暂停服务", "去档案室调档")


def test_day_turnover_closes_every_screen():
    model = HallScreens()
    window = {"name": "窗口", "name_en": "Window", "area": "一楼", "categories": ["general"]}
    ticket = {"id": 1, "number": "A001", "category": "general", "state": "called", "business_day": "2026-11-23",
              "issued_at": AT, "queued_at": AT}
    model.load(Snapshot.model_validate({"seq": 5, "business_day": "2026-11-23", "categories": [], "tickets": [],
                                        "windows": [
                                            {**window, "code": "01", "state": "open", "current_ticket": ticket},
                                            {**window, "code": "02", "state": "paused", "reason": "午休"}]}))
    assert model.text("01").lines == call("A001")
    assert model.text("02").lines == ("暂停服务", "午休")  # words stored before reasons were codes: as they are
    rolled = Event(seq=6, type="day.rolled", at=AT, data={})
    assert model.apply(rolled) == [("01", model.text("01")), ("02", model.text("02"))]
    assert model.text("01").lines == CLOSED


def test_a_refused_token_is_logged_once_and_retried(server, host, screens, caplog):
    caplog.set_level("WARNING", logger="queue_display.led_relay")
    led_relay = LedRelay(server.url, "not-a-display-token", host.api_url).start()
    try:
        wait_for(lambda: any("refused the display token" in r.getMessage() for r in caplog.records),
                 what="the refusal logged")
        assert led_relay.follower._thread is not None and led_relay.follower._thread.is_alive()
        assert screens.shown_at("01") == []
    finally:
        led_relay.stop()
