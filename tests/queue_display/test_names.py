"""Window names in the UI's language, with and without an English name (`name_en` blank)."""
from __future__ import annotations

import datetime as dt

import pytest

from hall_rules.names import window_name
from hall_server.schema import (Dashboard, DashboardWindow, Event, EventWindow, HallInfo, StaffReasonInfo, WindowInfo,
                                WindowStatus)
from queue_display.display import HallDisplay, window_label
from queue_display.names import named, reason_choices, reason_name

AT = dt.datetime(2026, 11, 23, 1, 0, tzinfo=dt.UTC)

BEFORE = {"code": "07", "name": "7号窗口", "area": "一楼"}                     # a server without name_en
AFTER = {**BEFORE, "name_en": "Window 7 (tax)"}                                 # a server with it
EMPTY = {**BEFORE, "name_en": "  "}


@pytest.mark.parametrize(("window", "lang", "shown"), [
    (AFTER, "en", "Window 7 (tax)"), (AFTER, "zh", "7号窗口"),
    (BEFORE, "en", "7号窗口"), (EMPTY, "en", "7号窗口"), (BEFORE, "zh", "7号窗口"),
])
def test_window_name_falls_back_to_the_chinese_name(window: dict, lang: str, shown: str) -> None:
    assert named(window["name"], window.get("name_en"), lang) == shown


@pytest.mark.parametrize(("window", "lang", "shown"), [
    (AFTER, "en", "Window 7 (tax)"), (BEFORE, "en", "Window 7"), (EMPTY, "en", "Window 7"),
    (AFTER, "zh", "7号窗口"), ({"code": "07"}, "zh", "7号窗口"),
])
def test_the_display_names_a_window_for_citizens(window: dict, lang: str, shown: str) -> None:
    as_sent = EventWindow.model_validate({"name": "", "area": "", **window, "name_en": window.get("name_en", "")})
    assert window_label(as_sent, lang) == shown


def test_an_english_display_shows_the_name_en_of_a_call(qtbot) -> None:
    display = HallDisplay("http://127.0.0.1:9", "token", lang="en")
    try:
        display._on_event(Event(seq=1, type="ticket.called", at=AT, data={"window": AFTER, "ticket": {
            "id": 1, "number": "E001", "category": "tax", "state": "called", "masked_name": None,
            "business_day": "2026-11-23", "issued_at": AT.isoformat(), "queued_at": AT.isoformat()}}))
        assert display.currentWindow == "Window 7 (tax)"
    finally:
        display.stop()


@pytest.mark.parametrize(("lang", "config_window", "shown"), [
    ("en", AFTER, "Window 7 (tax)"), ("en", BEFORE, "7号窗口"), ("zh", AFTER, "7号窗口")])
def test_the_window_terminal_names_its_window_and_the_transfer_targets(qtbot, lang: str, config_window: dict,
                                                                        shown: str) -> None:
    from queue_display.desk import WindowDesk

    desk = WindowDesk("http://127.0.0.1:9", "01", lang)
    as_sent = {**config_window, "name_en": config_window.get("name_en", "")}
    mine = WindowInfo.model_validate({**as_sent, "code": "01", "categories": ["general"]})
    other = WindowInfo.model_validate({**as_sent, "categories": []})
    # Only what the terminal reads of the hall's /config (its other fields play no part here).
    desk._apply_config(HallInfo.model_construct(categories=[], windows=[mine, other]))
    assert desk.windowName == shown
    assert [w["name"] for w in desk.windows] == [shown]
    desk._apply_window(WindowStatus.model_validate({**as_sent, "code": "01", "categories": [], "state": "open"}))
    assert desk.windowName == shown


@pytest.mark.parametrize(("lang", "row", "shown"), [
    ("en", AFTER, "Window 7 (tax)"), ("en", BEFORE, "7号窗口"), ("zh", AFTER, "7号窗口")])
def test_the_console_labels_the_dashboards_windows(qtbot, lang: str, row: dict, shown: str) -> None:
    from queue_display.console_state import HallConsole

    console = HallConsole("http://127.0.0.1:9", lang)
    window = DashboardWindow.model_validate({**row, "name_en": row.get("name_en", ""), "state": "paused",
                                             "reason": "午休"})
    console.dashboard.take(Dashboard(at=AT, business_day=AT.date(), seq=1, sla_yellow_minutes=30, sla_red_minutes=60,
                                     categories=[], windows=[window], hours=[]))
    assert [w["label"] for w in console.dashboard.windows] == [shown]


@pytest.mark.parametrize(("code", "zh", "en"), [
    ("01", "1号窗口", "Window 1"), ("1", "1号窗口", "Window 1"), ("16", "16号窗口", "Window 16"),
    ("010", "10号窗口", "Window 10"), ("B2", "B2号窗口", "Window B2"), ("00", "0号窗口", "Window 0"),
])
def test_one_window_name_format_by_its_number(code: str, zh: str, en: str) -> None:
    assert (window_name(code), window_name(code, "zh"), window_name(code, "en")) == (zh, zh, en)


def test_a_reason_is_named_from_its_code_in_the_uis_language_and_old_words_as_they_are() -> None:
    reasons = [StaffReasonInfo(code="lunch", name="午间休息", name_en="Lunch break"),
               StaffReasonInfo(code="away", name="临时离开", name_en="")]
    assert [reason_name("lunch", reasons, lang) for lang in ("zh", "en")] == ["午间休息", "Lunch break"]
    assert reason_name("away", reasons, "en") == "临时离开"  # no English name: the Chinese one
    assert reason_name("去档案室调档", reasons, "en") == "去档案室调档"  # stored before reasons were codes
    assert reason_name(None, reasons, "zh") == "" and reason_name("", reasons, "zh") == ""
    assert reason_choices(reasons, "en") == [{"code": "lunch", "label": "Lunch break"},
                                             {"code": "away", "label": "临时离开"}]
