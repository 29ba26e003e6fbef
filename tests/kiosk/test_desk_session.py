"""The service desk (kiosk/deskstate.py) sees the kiosk's session only through DeskSession: it runs
with a fake session that implements that interface and nothing else of KioskState, against a real
hall server, real worker threads and a real Qt event loop; and its source reaches into no other
object's private state."""
from __future__ import annotations

import ast
import datetime as dt
import pathlib
from collections.abc import Callable
from typing import TypeVar

import pytest

from kiosk.core import Identity
from kiosk.deskstate import DeskSession, ServiceDesk
from kiosk.devicelink import DeviceLink
from qtkit.ops import Background, Workers

T = TypeVar("T")
WAIT_MS = 30_000
ADULT = Identity("110101198805152313", "测试", "测*", dt.date(1988, 5, 15))


class FakeSession:
    """A session of the kiosk as the desk may see it (DeskSession), recording what the desk asked."""

    def __init__(self, workers: Workers) -> None:
        self.workers = workers
        self.page = "home"
        self.pages: list[str] = []
        self.identity: Identity | None = None
        self.homes = 0
        self.touches = 0
        self.current = True

    def go(self, page: str) -> None:
        self.page = page
        self.pages.append(page)

    def go_home(self) -> None:
        self.homes += 1
        self.go("home")

    def touched(self) -> None:
        self.touches += 1

    def take_identity(self, identity: Identity) -> None:
        self.identity = identity

    def background(self, job: Callable[[], T]) -> Background[T]:
        return Background(self.workers, job).current(self.is_current)

    def is_current(self) -> bool:
        return self.current


@pytest.fixture
def desk(qapp, server, make_core):
    workers = Workers(threads=2, name="desk-test")
    session: DeskSession = FakeSession(workers)
    core = make_core(server.url)
    devices = DeviceLink("ws://127.0.0.1:9")  # never started: these flows print nothing
    desk = ServiceDesk(session, core, devices)
    yield desk
    workers.shutdown()
    devices.stop()
    desk.deleteLater()
    workers.deleteLater()


def test_a_card_on_the_progress_page_is_looked_up_through_the_session(qtbot, desk):
    session = desk.session
    desk.startProgress()
    assert session.pages == ["progress"] and desk.progress == {"busy": False, "error": ""}
    with qtbot.waitSignal(desk.changed, timeout=WAIT_MS, check_params_cb=lambda *_: not desk.progress["busy"]):
        assert desk.takes_card(ADULT) is True
        assert session.identity is ADULT and desk.progress["busy"] is True
    assert desk.progress["empty"] is True and desk.progress["byCard"] is True  # no cases of this card yet
    assert desk.cases == [] and session.pages == ["progress"]


def test_rating_options_arrive_as_the_hall_has_them(qtbot, desk):
    session = desk.session
    with qtbot.waitSignal(desk.changed, timeout=WAIT_MS, check_params_cb=lambda *_: bool(desk.rating["levels"])):
        desk.startRating()
    assert session.pages == ["rating"] and desk.rating["step"] == "scan"
    assert [x["level"] for x in desk.rating["levels"]] == [5, 4, 3, 2, 1]
    assert all(x["name"] and x["nameEn"] for x in desk.rating["levels"]) and session.touches


def test_a_late_answer_for_an_ended_session_is_dropped(qtbot, desk):
    session = desk.session
    desk.startProgress()
    session.current = False  # the citizen left before the answer came
    # The workers hear the outcome before the test does (their slot was connected first): it is dropped.
    with qtbot.waitSignal(session.workers.outcome, timeout=WAIT_MS):
        desk.takes_card(ADULT)
    assert desk.progress["busy"] is True and "empty" not in desk.progress


def test_the_desk_reaches_into_no_private_state_of_another_object():
    source = (pathlib.Path(__file__).parents[2] / "kiosk" / "deskstate.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    reached = sorted({ast.unparse(n) for n in ast.walk(tree)
                      if isinstance(n, ast.Attribute) and n.attr.startswith("_") and not n.attr.startswith("__")
                      and not (isinstance(n.value, ast.Name) and n.value.id == "self")})
    assert reached == []
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    names |= {a.asname or a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names}
    assert "KioskState" not in names
    assert not [ast.unparse(n) for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr == "state"]
