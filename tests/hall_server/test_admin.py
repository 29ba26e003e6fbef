"""Hall manager endpoints over real HTTP: notices, category settings, the dashboard."""
from __future__ import annotations

import pytest

from hallsupport import DISPLAY_TOKEN, KIOSK_TOKEN, STAFF_PIN, TECH_PIN, FakeClock, HallClient, RunningServer


def events_of(client: HallClient, type_: str, after: int = 0) -> list[dict]:
    page = client.get("/events", after=after).json()
    return [e for e in page["events"] if e["type"] == type_]


def last_seq(client: HallClient) -> int:
    return client.get("/health").json()["seq"]


# --- notices ----------------------------------------------------------------------------------

def test_notice_life_reaches_displays_as_events(server: RunningServer, admin: HallClient) -> None:
    display = server.client(DISPLAY_TOKEN)
    created = admin.ok("/notices", {"text": "今日17:00起暂停办理车管业务", "text_en": "Vehicles closes at 17:00 today"},
                       201)
    assert created["active"] and created["area"] is None
    upstairs = admin.ok("/notices", {"text": "二楼税务窗口临时调整", "area": "二楼"}, 201)
    assert [n["text"] for n in display.get("/notices").json()["notices"]] == [
        "今日17:00起暂停办理车管业务", "二楼税务窗口临时调整"]
    assert [n["id"] for n in server.client(KIOSK_TOKEN).get("/notices", area="一楼").json()["notices"]] == [
        created["id"]]

    edited = admin.ok(f"/notices/{upstairs['id']}", {"text": "二楼税务窗口暂停", "area": "二楼", "active": False})
    assert edited["text"] == "二楼税务窗口暂停" and not edited["active"]
    assert [n["id"] for n in display.get("/notices").json()["notices"]] == [created["id"]]
    assert len(admin.get("/notices", include_inactive="true").json()["notices"]) == 2

    admin.ok(f"/notices/{created['id']}/delete")
    assert display.get("/notices").json()["notices"] == []
    changes = events_of(display, "notice.changed")
    assert [(e["data"]["action"], e["data"]["notice"]["id"]) for e in changes] == [
        ("created", created["id"]), ("created", upstairs["id"]), ("edited", upstairs["id"]),
        ("deleted", created["id"])]


def test_bad_notices_are_refused_and_change_nothing(server: RunningServer, admin: HallClient) -> None:
    kept = admin.ok("/notices", {"text": "请保管好随身物品"}, 201)
    before = last_seq(admin)
    for body, code in [
        ({"text": "   "}, "notice_empty"),
        ({"text": "第一行\n第二行"}, "notice_bad_text"),
        ({"text": "通知", "area": "9F"}, "unknown_area"),
        ({"text": "长" * 201}, "bad_request"),
        ({"text": "通知", "colour": "red"}, "bad_request"),
        ({}, "bad_request"),
    ]:
        admin.refused("/notices", body, 422, code)
    admin.refused(f"/notices/{kept['id']}", {"text": ""}, 422, "bad_request")
    admin.refused("/notices/999", {"text": "通知"}, 404, "unknown_notice")
    admin.refused("/notices/999/delete", None, 404, "unknown_notice")
    staff = server.login("w01", STAFF_PIN, window="01")
    staff.refused("/notices", {"text": "通知"}, 403, "forbidden")
    server.client(DISPLAY_TOKEN).refused(f"/notices/{kept['id']}/delete", None, 403, "forbidden")
    assert last_seq(admin) == before
    assert [n["text"] for n in admin.get("/notices", include_inactive="true").json()["notices"]] == ["请保管好随身物品"]


# --- category settings ------------------------------------------------------------------------

def test_hours_cap_and_warning_level_apply_at_once(server: RunningServer, admin: HallClient,
                                                   kiosk: HallClient) -> None:
    # 09:00 on a Monday: move general's first span to start at 10:00.
    settings = admin.ok("/categories/general/settings", {"hours": ["10:00-12:00", "13:00-17:30"]})
    assert settings["hours"] == ["10:00-12:00", "13:00-17:30"] and settings["prefix"] == "A"
    kiosk.refused("/tickets", {"category": "general"}, 409, "category_closed")
    admin.ok("/categories/general/settings", {"hours": ["08:30-12:00"], "daily_cap": 2, "warning_level": 1})
    kiosk.issue()
    kiosk.issue()
    kiosk.refused("/tickets", {"category": "general"}, 409, "daily_cap_reached")
    general = next(c for c in admin.get("/dashboard").json()["categories"] if c["code"] == "general")
    assert (general["daily_cap"], general["warn_waiting"], general["waiting"],
            general["over_warning"]) == (2, 1, 2, True)
    config = next(c for c in admin.get("/config").json()["categories"] if c["code"] == "general")
    assert (config["hours"], config["daily_cap"], config["warn_waiting"]) == (["08:30-12:00"], 2, 1)
    changed = events_of(admin, "category.changed")
    assert [e["data"]["changed"] for e in changed] == [["hours"], ["daily_cap", "hours", "warn_waiting"]]


def test_bad_settings_are_refused_and_change_nothing(server: RunningServer, admin: HallClient) -> None:
    before = last_seq(admin)
    for body, status, code in [
        ({"hours": ["8:30-12:00"]}, 422, "bad_hours"),
        ({"hours": ["12:00-08:30"]}, 422, "bad_hours"),
        ({"hours": ["08:30-12:00", "11:00-17:00"]}, 422, "bad_hours"),
        ({"hours": ["13:00-17:00", "08:30-12:00"]}, 422, "bad_hours"),
        ({"hours": ["08:30-24:00"]}, 422, "bad_hours"),
        ({"hours": []}, 422, "bad_hours"),
        ({"daily_cap": 0}, 422, "bad_request"),
        ({"prefix": "a"}, 422, "bad_request"),
        ({"prefix": "AB"}, 422, "bad_request"),
        ({}, 422, "nothing_to_change"),
        ({"prefix": "B", "daily_cap": 5}, 409, "prefix_in_use"),
    ]:
        admin.refused("/categories/general/settings", body, status, code)
    admin.refused("/categories/nosuch/settings", {"daily_cap": 5}, 404, "unknown_category")
    server.login("tech", TECH_PIN).refused("/categories/general/settings", {"daily_cap": 5}, 403, "forbidden")
    assert last_seq(admin) == before
    general = next(c for c in admin.get("/config").json()["categories"] if c["code"] == "general")
    assert (general["hours"], general["daily_cap"], general["prefix"]) == (["08:30-12:00", "13:00-17:30"], 400, "A")


@pytest.mark.slow
def test_new_prefix_waits_for_the_next_business_day_and_survives_a_restart(
        server: RunningServer, admin: HallClient, clock: FakeClock) -> None:
    kiosk = server.client(KIOSK_TOKEN)
    assert kiosk.issue()["ticket"]["number"] == "A001"
    settings = admin.ok("/categories/general/settings", {"prefix": "Z", "daily_cap": 300})
    assert (settings["prefix"], settings["pending_prefix"]) == ("A", "Z")
    admin.refused("/categories/tax/settings", {"prefix": "Z"}, 409, "prefix_in_use")  # Z is promised
    assert kiosk.issue()["ticket"]["number"] == "A002"

    server.stop()
    server.start()
    admin = server.login("admin", "860301")
    kiosk = server.client(KIOSK_TOKEN)
    general = next(c for c in admin.get("/dashboard").json()["categories"] if c["code"] == "general")
    assert (general["prefix"], general["pending_prefix"], general["daily_cap"]) == ("A", "Z", 300)

    clock.advance(days=1)  # Tuesday 09:00
    assert kiosk.issue()["ticket"]["number"] == "Z001"
    admin = server.login("admin", "860301")  # yesterday's session has expired
    board = admin.get("/dashboard").json()
    general = next(c for c in board["categories"] if c["code"] == "general")
    assert (general["prefix"], general["pending_prefix"]) == ("Z", None)
    assert events_of(admin, "category.changed")[-1]["data"]["changed"] == ["prefix"]
    # Yesterday's tickets kept their numbers.
    assert "A" in {e["data"]["ticket"]["number"][0] for e in events_of(admin, "ticket.issued")}

    server.stop()
    server.start()
    assert server.client(KIOSK_TOKEN).issue()["ticket"]["number"] == "Z002"


def test_setting_the_prefix_back_cancels_the_pending_one(server: RunningServer, admin: HallClient) -> None:
    admin.ok("/categories/general/settings", {"prefix": "Z"})
    assert admin.ok("/categories/general/settings", {"prefix": "A"})["pending_prefix"] is None
    admin.ok("/categories/tax/settings", {"prefix": "Z"})  # Z is free again


# --- dashboard --------------------------------------------------------------------------------

def test_dashboard_counts_waits_and_turns_yellow_then_red(server: RunningServer, admin: HallClient,
                                                          kiosk: HallClient, clock: FakeClock) -> None:
    kiosk.issue()
    clock.advance(minutes=10)
    kiosk.issue()
    kiosk.issue("tax")
    board = admin.get("/dashboard").json()
    general = next(c for c in board["categories"] if c["code"] == "general")
    assert (general["waiting"], general["longest_wait_minutes"], general["sla"], general["issued_today"]) == (
        2, 10, "ok", 2)
    assert (board["sla_yellow_minutes"], board["sla_red_minutes"]) == (30, 60)
    clock.advance(minutes=21)  # the first ticket has waited 31 minutes
    board = admin.get("/dashboard").json()
    assert {c["code"]: c["sla"] for c in board["categories"] if c["waiting"]} == {"general": "yellow", "tax": "ok"}
    clock.advance(minutes=30)
    board = admin.get("/dashboard").json()
    assert {c["code"]: c["sla"] for c in board["categories"] if c["waiting"]} == {"general": "red", "tax": "yellow"}
    assert all(c["sla"] == "ok" and c["longest_wait_minutes"] == 0 for c in board["categories"] if not c["waiting"])


def test_dashboard_windows_idle_time_and_hourly_figures(server: RunningServer, admin: HallClient,
                                                        kiosk: HallClient, clock: FakeClock) -> None:
    first = kiosk.issue()["ticket"]  # 09:00
    clock.set_local(2026, 11, 23, 10, 15)
    kiosk.issue()
    staff = server.login("w01", STAFF_PIN, window="01")
    staff.ok("/windows/01/open")
    admin.ok("/windows/02/open")
    clock.advance(minutes=5)  # 10:20: call the 09:00 ticket after 80 minutes
    called = staff.ok("/windows/01/call-next", {})["ticket"]
    assert called["id"] == first["id"]
    board = admin.get("/dashboard").json()
    w01, w02 = board["windows"][0], board["windows"][1]
    assert (w01["state"], w01["current_number"], w01["current_state"], w01["idle_minutes"]) == (
        "open", "A001", "called", None)
    assert (w02["state"], w02["idle_minutes"]) == ("open", 5)
    staff.ok("/windows/01/start", {"ticket_id": called["id"]})
    clock.advance(minutes=7)
    staff.ok("/windows/01/finish", {"ticket_id": called["id"]})
    clock.advance(minutes=4)
    board = admin.get("/dashboard").json()
    assert board["windows"][0]["idle_minutes"] == 4 and board["windows"][1]["idle_minutes"] == 16
    assert board["windows"][2]["state"] == "closed" and board["windows"][2]["idle_minutes"] is None
    hours = {h["hour"]: h for h in board["hours"]}
    assert sorted(hours) == list(range(8, 19))
    assert (hours[9]["issued"], hours[9]["called"], hours[9]["average_wait_minutes"]) == (1, 1, 80.0)
    assert (hours[10]["issued"], hours[10]["called"], hours[10]["average_wait_minutes"]) == (1, 0, None)
    assert sum(h["issued"] for h in board["hours"]) == 2


def test_dashboard_is_for_managers_and_technicians(server: RunningServer) -> None:
    assert server.login("tech", TECH_PIN).get("/dashboard").status_code == 200
    for client in (server.login("w01", STAFF_PIN, window="01"), server.client(KIOSK_TOKEN),
                   server.client(DISPLAY_TOKEN)):
        r = client.get("/dashboard")
        assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
