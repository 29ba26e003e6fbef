"""The phone tracking address over real HTTP: every state, people ahead, no oracle, no personal data."""
from __future__ import annotations

import datetime as dt
import re

import httpx
import pytest

from hallsupport import STAFF_PIN, RunningServer, SAMPLE_HALL, make_id

TRACK_KEYS = {"number", "category_name", "category_name_en", "state", "day_closed", "window", "window_name",
              "window_name_en", "target_window_name", "target_window_name_en",
              "target_window", "people_ahead", "estimated_wait_minutes", "business_day", "hall_name",
              "hall_name_en", "final", "poll_seconds", "wait_low_minutes", "wait_high_minutes", "nearby"}


def staff_at(server: RunningServer, code: str, user: str):
    staff = server.login(user, STAFF_PIN, code)
    staff.ok(f"/windows/{code}/open")
    return staff


def track(server: RunningServer, token: str, **params) -> httpx.Response:
    return httpx.get(f"{server.url}/api/v1/track/{token}", params=params)


def state_of(server: RunningServer, token: str) -> dict:
    r = track(server, token)
    assert r.status_code == 200, r.text
    assert set(r.json()) == TRACK_KEYS
    return r.json()


def test_issued_ticket_carries_a_long_random_token_and_the_public_address(tmp_path, clock):
    srv = RunningServer(tmp_path / "hall.db", SAMPLE_HALL, clock, public_url="https://hall.example.gov.cn/q/")
    srv.start()
    try:
        kiosk = srv.client("demo-kiosk-01-3f9c2a7be14d")
        issued = [kiosk.issue("general") for _ in range(3)]
    finally:
        srv.stop()
    tokens = [t["track_token"] for t in issued]
    assert len(set(tokens)) == 3
    for t in issued:
        assert re.fullmatch(r"[A-Za-z0-9_-]{24,}", t["track_token"])
        assert t["track_url"] == f"https://hall.example.gov.cn/q/t/{t['track_token']}"
        assert t["ticket"]["number"] not in t["track_url"]


def test_default_public_url_is_loopback(kiosk):
    issued = kiosk.issue("general")
    assert issued["track_url"] == f"http://127.0.0.1:8000/t/{issued['track_token']}"


def test_every_state_of_a_ticket_life(server, kiosk):
    staff = staff_at(server, "01", "w01")
    first, second = kiosk.issue("general"), kiosk.issue("general")
    token = first["track_token"]
    view = state_of(server, token)
    assert view["state"] == "waiting" and view["people_ahead"] == 0 and view["final"] is False
    assert view["number"] == "A001" and view["category_name"] == "综合受理" and view["window"] is None
    assert state_of(server, second["track_token"])["people_ahead"] == 1

    tid = staff.ok("/windows/01/call-next", {})["ticket"]["id"]
    view = state_of(server, token)
    assert (view["state"], view["window"], view["window_name"]) == ("called", "01", "1号窗口")
    assert view["people_ahead"] is None
    staff.ok("/windows/01/start", {"ticket_id": tid})
    assert state_of(server, token)["state"] == "serving"
    staff.ok("/windows/01/finish", {"ticket_id": tid})
    view = state_of(server, token)
    assert (view["state"], view["final"], view["window"]) == ("done", True, None)

    tid = staff.ok("/windows/01/call-next", {})["ticket"]["id"]
    staff.ok("/windows/01/no-show", {"ticket_id": tid})
    view = state_of(server, second["track_token"])
    assert (view["state"], view["final"]) == ("no_show", True)


def test_held_transferred_and_cancelled(server, kiosk):
    staff = staff_at(server, "01", "w01")
    held, moved, cancelled = kiosk.issue("general"), kiosk.issue("general"), kiosk.issue("general")
    tid = staff.ok("/windows/01/call-next", {})["ticket"]["id"]
    staff.ok("/windows/01/hold", {"ticket_id": tid, "reason": "documents_missing"})
    view = state_of(server, held["track_token"])
    assert view["state"] == "held" and view["final"] is False
    assert "documents_missing" not in track(server, held["track_token"]).text  # the staff's reason stays inside

    tid = staff.ok("/windows/01/call-next", {})["ticket"]["id"]
    staff.ok("/windows/01/transfer", {"ticket_id": tid, "window": "02"})
    view = state_of(server, moved["track_token"])
    assert (view["state"], view["target_window"]) == ("waiting", "02")
    assert (view["target_window_name"], view["target_window_name_en"]) == ("2号窗口", "Window 2")

    kiosk.ok(f"/tickets/{cancelled['ticket']['id']}/cancel", {})
    view = state_of(server, cancelled["track_token"])
    assert (view["state"], view["final"], view["day_closed"]) == ("cancelled", True, False)


@pytest.mark.slow
def test_people_ahead_falls_as_others_are_called(server, kiosk):
    one = staff_at(server, "01", "w01")
    two = staff_at(server, "02", "w02")
    issued = [kiosk.issue("general") for _ in range(5)]
    mine = issued[-1]["track_token"]
    assert state_of(server, mine)["people_ahead"] == 4
    minutes = state_of(server, mine)["estimated_wait_minutes"]
    assert minutes > 0
    one.ok("/windows/01/call-next", {})
    assert state_of(server, mine)["people_ahead"] == 3
    two.ok("/windows/02/call-next", {})
    view = state_of(server, mine)
    assert view["people_ahead"] == 2 and view["estimated_wait_minutes"] < minutes


def test_the_tracking_view_carries_the_promised_range_while_waiting(server, kiosk):
    """Two windows for general, 8 minutes a person, no calls yet (the default band): 4 ahead → point 16, 5–40."""
    staff = staff_at(server, "01", "w01")
    staff_at(server, "02", "w02")
    issued = [kiosk.issue("general") for _ in range(5)]
    assert (issued[-1]["wait_low_minutes"], issued[-1]["wait_high_minutes"]) == (5, 40)
    view = state_of(server, issued[-1]["track_token"])
    assert (view["estimated_wait_minutes"], view["wait_low_minutes"], view["wait_high_minutes"]) == (16, 5, 40)
    first = state_of(server, issued[0]["track_token"])
    assert (first["people_ahead"], first["wait_low_minutes"], first["wait_high_minutes"]) == (0, 0, 5)  # 即将叫号
    staff.ok("/windows/01/call-next", {})
    called = state_of(server, issued[0]["track_token"])
    assert called["state"] == "called" and (called["wait_low_minutes"], called["wait_high_minutes"]) == (None, None)


def test_unknown_malformed_and_expired_tokens_answer_alike(server, kiosk, clock):
    token = kiosk.issue("general")["track_token"]
    clock.advance(days=2)  # two business days later the address has expired
    answers = {name: (track(server, t), httpx.get(f"{server.url}/t/{t}"))
               for name, t in {"unknown": "A" * 24, "short": "abc", "odd": "%E4%BD%A0" * 4,
                               "expired": token}.items()}
    json_bodies = {r.text for r, _ in answers.values()}
    html_bodies = {h.text for _, h in answers.values()}
    assert {r.status_code for r, _ in answers.values()} == {404}
    assert {h.status_code for _, h in answers.values()} == {404}
    assert len(json_bodies) == 1 and len(html_bodies) == 1
    assert "未找到该号码" in html_bodies.pop()
    assert token not in json_bodies.pop()


def test_yesterdays_ticket_reads_as_closed(server, kiosk, clock):
    staff = staff_at(server, "01", "w01")
    waiting = kiosk.issue("general")["track_token"]
    called = kiosk.issue("general")
    staff.ok("/windows/01/call-next", {})
    clock.advance(days=1)
    view = state_of(server, waiting)  # before any write commits the turnover
    assert (view["state"], view["day_closed"], view["final"], view["people_ahead"]) == ("cancelled", True, True, None)
    assert view["business_day"] == "2026-11-23"
    kiosk.issue("general")  # the turnover commits
    assert state_of(server, waiting)["day_closed"] is True
    assert state_of(server, called["track_token"])["day_closed"] is True


def test_no_personal_data_in_the_answer_or_the_page(server, kiosk):
    id_number = make_id("19500101")
    issued = kiosk.issue("general", name="张三丰", id_number=id_number)
    assert issued["ticket"]["masked_name"] == "张*丰"
    token = issued["track_token"]
    body = track(server, token).text
    page = httpx.get(f"{server.url}/t/{token}")
    assert page.status_code == 200
    for text in (body, page.text):
        for secret in ("张", "丰", "*丰", id_number, id_number[-6:], "masked", "id_hash", "issued_by",
                       str(issued["ticket"]["id"]) + ","):
            assert secret not in text, secret
    assert "A001" in page.text and "综合受理" in page.text


def test_offline_kiosk_tokens_track_too(server, kiosk, clock):
    lease = kiosk.ok("/leases", {"category": "general", "count": 2}, 201)
    at = clock().isoformat()
    out = kiosk.ok(f"/leases/{lease['id']}/tickets",
                   {"tickets": [{"seq": 1, "issued_at": at, "track_token": "kiosk-made-token-0123456789"}]})
    assert out["tickets"][0]["track_url"].endswith("/t/kiosk-made-token-0123456789")
    assert state_of(server, "kiosk-made-token-0123456789")["number"] == "A001"


@pytest.mark.slow
@pytest.mark.parametrize(("params", "headers", "expect", "html_lang"), [
    ({}, {}, "您的号码", "zh-CN"),
    ({"lang": "en"}, {}, "Queue status", "en"),
    ({}, {"Accept-Language": "en-GB,en;q=0.9,zh;q=0.5"}, "Queue status", "en"),
    ({}, {"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"}, "排队进度", "zh-CN"),
    ({"lang": "zh"}, {"Accept-Language": "en"}, "排队进度", "zh-CN"),
])
def test_page_language(server, kiosk, params, headers, expect, html_lang):
    token = kiosk.issue("general")["track_token"]
    page = httpx.get(f"{server.url}/t/{token}", params=params, headers=headers)
    assert page.status_code == 200
    assert f'<html lang="{html_lang}">' in page.text
    assert expect in page.text
    assert page.headers["cache-control"] == "no-store"
    assert page.headers["referrer-policy"] == "no-referrer"
    assert "script-src 'sha256-" in page.headers["content-security-policy"]
    assert "http://" not in page.text.replace(server.url, "") and "https://" not in page.text  # no CDN


def test_track_needs_no_login_and_reads_while_commands_run(server, kiosk):
    token = kiosk.issue("general")["track_token"]
    r = httpx.get(f"{server.url}/api/v1/track/{token}", headers={"Authorization": "Bearer nonsense"})
    assert r.status_code == 200 and r.json()["business_day"] == dt.date(2026, 11, 23).isoformat()
