"""The centre's staff pages against two real hall servers, one hall that is away and a real PostgreSQL:
the city dashboard in headless Chromium (waits, SLA colour, a paper-out fault, the hall not heard from,
English), statistics and their CSV, the 电子监察 and 差评回访 roll-up, the provincial ratings export for all
halls, no page without a login, and a hostile hall name shown as text.
Screenshots go to docs/screens/centre/ (with HALL_UPDATE_SCREENS=1)."""
from __future__ import annotations

import csv
import datetime as dt
import io
import os
import pathlib
import re
import shutil
from collections.abc import Iterator

import httpx
import pytest
import sqlalchemy as sa
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from centresupport import CENTRE_TOKEN, RunningCentre, free_port, hall_seqs, wait_for
from hall_centre.catalogue import seed_folder
from hall_centre.pages import COOKIE, hash_pin
from hall_server.schema import RatingExport
from hallsupport import (ADMIN_PIN, KIOSK_TOKEN, SAMPLE_HALL, STAFF_PIN, FakeClock, HallClient, RunningServer,
                         device_token, screens_dir)

pytestmark = pytest.mark.slow  # real hall servers, a real PostgreSQL, a real browser

SCREENS = screens_dir() / "centre"
EVALUATOR_01 = device_token("evaluator-01")
HOSTILE = '<img src=x onerror="alert(1)">&<b>坏名字</b>'
PIN = {"lead": "246810", "watch": "135790"}
PAPER_OUT = {"role": "receipt", "state": "down", "reason": "paper_end", "reason_zh": "打印纸已用完，请更换纸卷",
             "reason_en": "paper roll is empty: load a new roll"}
READER_UNPLUGGED = {"role": "idcard", "state": "down", "reason": "unreachable",
                    "reason_zh": "设备未连接或无响应，请检查电源和连线",
                    "reason_en": "device is not connected or does not answer: check power and cable"}


def _binary(*names: str) -> str:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError(f"none of {names} is installed (scripts/bootstrap.sh installs chromium, chromium-driver)")


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    os.environ.setdefault("SE_AVOID_STATS", "true")
    options = webdriver.ChromeOptions()
    options.binary_location = _binary("chromium", "chromium-browser")
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-proxy-server",
                "--lang=zh-CN", "--hide-scrollbars", "--window-size=1440,1000"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(_binary("chromedriver")))
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def centre_file(tmp_path: pathlib.Path, a: RunningServer, b: RunningServer) -> pathlib.Path:
    """Two live halls (district, street), a community hall whose server is away, with a hostile name, and staff."""
    halls = [("HALL-A", "测试大厅一", "Test hall A", "district", a.url),
             ("HALL-B", "测试大厅二", "Test hall B", "street", b.url),
             ("HALL-C", HOSTILE, HOSTILE, "community", f"http://127.0.0.1:{free_port()}")]
    seed_folder(SAMPLE_HALL, tmp_path / "catalogue", "2026.11")  # the categories' and matters' names
    lines = ['[centre]', 'code = "TEST-CENTRE"', 'name = "测试网络中心"', 'level = "district"',
             'api_tokens = ["test-centre-api-token-0001"]', 'catalogue = "catalogue"']
    for i, (code, name, name_en, level, url) in enumerate(halls):
        lines += ["", "[[halls]]", f'code = "{code}"', f"name = '{name}'", f"name_en = '{name_en}'",
                  f'level = "{level}"', f'address = "测试路{i + 1}号"', f"lat = {31.2 + i / 100}",
                  f"lon = {121.4 + i / 100}", f'base_url = "{url}"', f'token = "{CENTRE_TOKEN}"']
    for username, name, role in (("lead", "王主任", "admin"), ("watch", "值班员", "viewer")):
        lines += ["", "[[staff]]", f'username = "{username}"', f'name = "{name}"', f'role = "{role}"',
                  f'pin_hash = "{hash_pin(PIN[username])}"']
    path = tmp_path / "centre.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class Hall:
    """A running hall and the people at it."""

    def __init__(self, server: RunningServer):
        self.server = server
        self.kiosk = server.client(KIOSK_TOKEN)
        self.staff: HallClient | None = None

    def serve_next(self) -> dict:
        """Call, start and finish the next ticket at window 01; returns the ticket."""
        if self.staff is None:
            self.staff = self.server.login("w01", STAFF_PIN, "01")
            self.staff.ok("/windows/01/open")
        ticket = self.staff.ok("/windows/01/call-next", {})["ticket"]
        self.staff.ok("/windows/01/start", {"ticket_id": ticket["id"]})
        self.staff.ok("/windows/01/finish", {"ticket_id": ticket["id"]})
        return ticket

    def rate(self, ticket: dict, level: int) -> None:
        assert self.staff is not None
        request = self.staff.ok("/windows/01/rating-request", {"ticket_id": ticket["id"]}, 201)
        choice = {"request_id": request["id"], "level": level}
        if level <= 2:
            choice |= {"reason_code": "long_wait", "reason": "等了很久"}
        self.server.client(EVALUATOR_01).ok("/ratings/evaluator", choice, 201)


@pytest.fixture
def city(tmp_path, centre_db) -> Iterator[tuple[RunningCentre, Hall, Hall, dict]]:
    """Hall A (district): 3 issued from 09:00, the first served after 3 min and rated 2 (不满意), paper out,
    two waiting past the 30-minute warning. Hall B (street): 2 issued at 09:43, the first served at once and
    rated 5, its ID-card reader unplugged. Hall C (community): its server is away. The centre follows them."""
    clock = FakeClock()
    servers = {code: RunningServer(tmp_path / f"{code}.db", SAMPLE_HALL, clock, poll_interval=0.2,
                                   tick_interval=0.5) for code in ("HALL-A", "HALL-B")}
    for s in servers.values():
        s.start()
    a, b = Hall(servers["HALL-A"]), Hall(servers["HALL-B"])
    for _ in range(3):
        a.kiosk.issue("general")
        clock.advance(minutes=1)
    a.rate(a.serve_next(), 2)
    assert a.kiosk.post("/devices/health", {"devices": {"receipt": PAPER_OUT}}).status_code == 204
    clock.advance(minutes=40)
    for _ in range(2):
        b.kiosk.issue("general")
    b.rate(b.serve_next(), 5)
    assert b.kiosk.post("/devices/health", {"devices": {"idcard": READER_UNPLUGGED}}).status_code == 204
    clock.advance(minutes=1)
    page_time: dict = {"shift": dt.timedelta()}  # the pages' clock: the halls' own, moved on by a test
    centre = RunningCentre(centre_file(tmp_path, a.server, b.server), centre_db, page_refresh_s=0.5,
                           page_clock=lambda: clock() + page_time["shift"])
    centre.start()
    engine = sa.create_engine(centre_db)

    def caught_up() -> bool:
        with engine.connect() as conn:
            found = dict(conn.execute(sa.text("SELECT hall, last_seq FROM hall_cursor")).all())
            status = dict(conn.execute(sa.text("SELECT hall, status FROM hall_cursor")).all())
        return all(found.get(code) == hall_seqs(s)[-1] for code, s in servers.items()) and \
            status.get("HALL-C") == "down"

    wait_for(caught_up, "the centre to catch up with both halls and find hall C away")
    engine.dispose()
    yield centre, a, b, page_time
    while _OPEN:
        _OPEN.pop().close()
    centre.stop()
    for s in servers.values():
        s.stop()


_OPEN: list[httpx.Client] = []  # closed when the test's city stops


def client_of(centre: RunningCentre, **options) -> httpx.Client:
    client = httpx.Client(base_url=centre.url, timeout=30, follow_redirects=False, **options)
    _OPEN.append(client)
    return client


def cells_of(driver: webdriver.Chrome, selector: str, cells: str = ":scope > td") -> list[list[str]]:
    """The text of each matching element's cells, read at once (the board is replaced as it refreshes)."""
    return driver.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0])).map(r => arguments[1] === '*' ? [r.innerText] :"
        " Array.from(r.querySelectorAll(arguments[1])).map(c => c.innerText.trim()))", selector, cells)


def text_of(driver: webdriver.Chrome, selector: str) -> str:
    return driver.execute_script("return document.querySelector(arguments[0]).innerText", selector)


def logged_in(centre: RunningCentre, username: str = "lead") -> httpx.Client:
    client = client_of(centre)
    r = client.post("/login", content=f"username={username}&pin={PIN[username]}",
                    headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 303, r.text
    return client


def test_no_page_without_a_login(city):
    centre = city[0]
    anonymous = client_of(centre)
    for path in ("/", "/stats", "/supervision", "/?lang=en"):
        r = anonymous.get(path)
        assert (r.status_code, r.headers["location"].split("?")[0]) == (303, "/login"), path
    for path in ("/board", "/stats.csv", "/ratings/export?from=2026-11-23&to=2026-11-23"):
        assert anonymous.get(path).status_code == 401, path
    forged = client_of(centre, cookies={COOKIE: "made-up"})
    assert forged.get("/").status_code == 303
    wrong = anonymous.post("/login", content="username=lead&pin=000000",
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert wrong.status_code == 401 and "用户名或密码不正确" in wrong.text and COOKIE not in wrong.cookies
    unknown = anonymous.post("/login", content="username=nobody&pin=246810",
                             headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert unknown.status_code == 401
    r = anonymous.post("/login", content="username=lead&pin=246810",
                       headers={"Content-Type": "application/x-www-form-urlencoded"})
    cookie = r.headers["set-cookie"].lower()
    assert r.status_code == 303 and "httponly" in cookie and "samesite=strict" in cookie
    client = logged_in(centre, "watch")
    assert client.get("/").status_code == 200
    assert client.get("/ratings/export?from=2026-11-23&to=2026-11-23").status_code == 403  # viewers do not export
    client.post("/logout")
    assert client.get("/").status_code == 303
    for _ in range(5):  # five wrong PINs lock the username: then its right PIN is refused too, for a while
        anonymous.post("/login", content="username=lead&pin=000000",
                       headers={"Content-Type": "application/x-www-form-urlencoded"})
    locked = anonymous.post("/login", content=f"username=lead&pin={PIN['lead']}",
                            headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert locked.status_code == 401
    assert logged_in(centre, "watch").get("/").status_code == 200  # another username is not locked


def test_dashboard_in_chromium(city, browser):
    centre, a, _, _ = city
    browser.get(centre.url + "/")
    assert browser.current_url.endswith("/login")
    browser.find_element(By.ID, "username").send_keys("lead")
    browser.find_element(By.ID, "pin").send_keys(PIN["lead"])
    browser.find_element(By.ID, "login").click()
    WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.ID, "board"), "the dashboard after the login")

    def row(hall: str) -> dict[str, str]:
        cells = cells_of(browser, f'#halls tr[data-hall="{hall}"]')[0]
        return dict(zip(("name", "waiting", "longest", "windows", "sla", "link"), cells[:6], strict=True))

    assert row("HALL-A") == {"name": "测试大厅一", "waiting": "2", "longest": "43 分钟", "windows": "1", "sla": "预警",
                             "link": "在线"}
    assert row("HALL-B") == {"name": "测试大厅二", "waiting": "1", "longest": "1 分钟", "windows": "1", "sla": "正常",
                             "link": "在线"}
    assert [c[0] for c in cells_of(browser, "#halls h2", "*")] == [
        "区级大厅", "街道便民服务中心", "社区便民服务站"]
    unheard = text_of(browser, "#unheard")
    assert "1 个大厅未联通" in unheard and "中断" in unheard and "从未联通" in unheard
    # the hostile name is text: shown as written, no element made of it, no script run
    assert HOSTILE in unheard and HOSTILE == row("HALL-C")["name"]
    assert row("HALL-C")["sla"] == "未知"  # a hall not heard from has no colour
    assert browser.find_elements(By.CSS_SELECTOR, "#board img") == []
    faults = cells_of(browser, "#faults tbody tr")
    assert [f[:3] for f in faults] == [["测试大厅一", "kiosk-01/receipt", "打印纸已用完，请更换纸卷"],
                                       ["测试大厅二", "kiosk-01/idcard", "设备未连接或无响应，请检查电源和连线"]]
    assert faults[0][3] == "11-23 09:03"
    # the board refreshes itself: a ticket issued now shows without a reload
    a.kiosk.issue("general")
    WebDriverWait(browser, 60).until(lambda d: row("HALL-A")["waiting"] == "3", "hall A's third waiting ticket")
    assert [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
    SCREENS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENS / "dashboard-zh.png"))

    browser.find_element(By.ID, "switch").click()
    WebDriverWait(browser, 30).until(lambda d: "Halls not heard from" in text_of(d, "#unheard"))
    assert row("HALL-A") == {"name": "Test hall A", "waiting": "3", "longest": "43 min", "windows": "1",
                             "sla": "Warning", "link": "live"}
    assert "Halls not heard from (1)" in text_of(browser, "#unheard")
    assert "paper roll is empty: load a new roll" in text_of(browser, "#faults")
    browser.save_screenshot(str(SCREENS / "dashboard-en.png"))

    browser.get(centre.url + "/stats")
    assert [r.get_attribute("data-key") for r in browser.find_elements(By.CSS_SELECTOR, "#rows tbody tr")] == [
        "HALL-A", "HALL-B"]
    browser.save_screenshot(str(SCREENS / "stats-zh.png"))
    browser.get(centre.url + "/supervision")
    assert browser.find_elements(By.CSS_SELECTOR, "#rows tbody tr")[0].get_attribute("data-hall") == "HALL-A"
    browser.save_screenshot(str(SCREENS / "supervision-zh.png"))


def test_statistics_and_their_csv(city):
    client = logged_in(city[0])
    page = client.get("/stats")  # default: this month up to today (23 November 2026 by the halls' clock)
    assert page.status_code == 200 and 'value="2026-11-01"' in page.text and 'value="2026-11-23"' in page.text
    r = client.get("/stats.csv", params={"by": "hall", "from": "2026-11-01", "to": "2026-11-30"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert r.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows == [
        ["分组 key", "名称 name", "取号数 issued", "办结数 served", "过号数 no_shows",
         "平均等候（分钟） average_wait_minutes", "P90等候（分钟） p90_wait_minutes",
         "最长等候（分钟） longest_wait_minutes"],
        ["HALL-A", "测试大厅一", "3", "1", "0", "3.0", "3.0", "3.0"],
        ["HALL-B", "测试大厅二", "2", "1", "0", "0.0", "0.0", "0.0"]]
    by_level = list(csv.reader(io.StringIO(client.get("/stats.csv", params={
        "by": "level", "from": "2026-11-23", "to": "2026-11-23"}).content.decode("utf-8-sig"))))
    assert [x[:4] for x in by_level[1:]] == [["district", "区级", "3", "1"], ["street", "街道", "2", "1"]]
    by_day = list(csv.reader(io.StringIO(client.get("/stats.csv", params={
        "by": "day", "from": "2026-11-01", "to": "2026-11-30"}).content.decode("utf-8-sig"))))
    assert [x[:4] for x in by_day[1:]] == [["2026-11-23", "2026-11-23", "5", "2"]]
    by_category = client.get("/stats", params={"by": "category", "from": "2026-11-23", "to": "2026-11-23",
                                               "lang": "en"})
    assert by_category.status_code == 200 and 'data-key="general"' in by_category.text and "Issued" in by_category.text
    by_category = list(csv.reader(io.StringIO(client.get("/stats.csv", params={
        "by": "category", "from": "2026-11-23", "to": "2026-11-23"}).content.decode("utf-8-sig"))))
    assert [x[:4] for x in by_category[1:]] == [["general", "综合受理", "5", "2"]]  # the catalogue's name
    assert "该时段没有数据" in client.get("/stats", params={"from": "2026-10-01", "to": "2026-10-31"}).text
    for bad in ({"from": "2026-11-30", "to": "2026-11-01"}, {"from": "23.11.2026"}, {"by": "window"},
                {"from": "2025-01-01", "to": "2026-11-30"}):
        assert client.get("/stats.csv", params=bad).status_code == 422, bad
        assert client.get("/stats", params=bad).status_code == 422, bad


def test_supervision_and_follow_ups_rolled_up(city):
    centre, a, _, page_time = city
    client = logged_in(centre)

    def counts() -> dict[str, list[str]]:
        page = client.get("/supervision").text
        out = {}
        for hall, cells in re.findall(r'<tr data-hall="([^"]+)">(.*?)</tr>', page, re.S):
            out[hall] = re.findall(r'<td class="n[^"]*">(\d+)</td>', cells)
        return out

    # overdue follow-ups, waiting past red, past yellow, called late this month, open, bad this month, closed late
    found = counts()
    assert list(found) == ["HALL-A", "HALL-B", "HALL-C"]  # worst first
    assert found["HALL-A"] == ["0", "0", "2", "0", "1", "1", "0"]
    assert found["HALL-B"] == ["0"] * 7 and found["HALL-C"] == ["0"] * 7
    page_time["shift"] = dt.timedelta(hours=25)  # a day later by the pages' clock: the follow-up is past due
    found = counts()
    assert found["HALL-A"][0] == "1" and found["HALL-A"][4] == "0"
    # the hall closes it (late): the centre hears of it and counts it closed late
    a.server.clock.advance(hours=25)
    admin = a.server.login("admin", ADMIN_PIN)
    follow_up = admin.get("/ratings/follow-ups").json()["follow_ups"][0]
    admin.ok(f"/ratings/follow-ups/{follow_up['id']}/close", {"note": "已电话回访并致歉"})
    page_time["shift"] = dt.timedelta()  # the halls' clock has moved on by itself
    wait_for(lambda: counts()["HALL-A"][0] == "0", "the closed follow-up at the centre")
    assert counts()["HALL-A"][6] == "1"


def test_ratings_export_for_all_halls(city):
    centre, a, b, _ = city
    client = logged_in(centre)
    r = client.get("/ratings/export", params={"from": "2026-11-23", "to": "2026-11-23"})
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    export = RatingExport.model_validate_json(r.content)  # the format's own schema, as the hall's export
    assert (export.format, export.hall_code, export.hall_name, export.timezone, export.count) == (
        "hall-ratings/1", "TEST-CENTRE", "测试网络中心", "Asia/Shanghai", 2)
    assert [x.rating_id for x in export.ratings] == ["HALL-A-1", "HALL-B-1"]
    for hall, mine in ((a, export.ratings[0]), (b, export.ratings[1])):
        admin = hall.server.login("admin", ADMIN_PIN)
        own = admin.get("/ratings/export", **{"from": "2026-11-23", "to": "2026-11-23"}).json()["ratings"][0]
        got = mine.model_dump(mode="json")
        same = ("subject_kind", "ticket_number", "business_day", "category_code", "category_name", "window", "level",
                "level_code", "level_name", "channel", "rated_at")
        assert {k: got[k] for k in same} == {k: own[k] for k in same}
        # what stays in the hall is left empty, as the format allows
        assert (mine.reason_code, mine.reason_text, mine.staff_username, mine.case_number) == (None, None, None, None)
    assert export.ratings[0].level == 2 and export.ratings[1].level == 5
    assert client.get("/ratings/export", params={"from": "2026-11-24", "to": "2026-11-30"}).json()["count"] == 0
    assert client.get("/ratings/export", params={"from": "2026-11-30", "to": "2026-11-01"}).status_code == 422
    assert client.get("/ratings/export", params={"from": "yesterday", "to": "2026-11-01"}).status_code == 422
