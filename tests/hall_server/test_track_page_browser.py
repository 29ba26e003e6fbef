"""The phone tracking page in headless Chromium at phone size, against a real hall server.

Checks what a citizen sees: the number, the service, the state in large text, people ahead;
then a window calls the ticket and the open page changes to "请到1号窗口办理" by itself.
Screenshots go to docs/screens/ (with HALL_UPDATE_SCREENS=1) for people to look at.
"""
from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from hallsupport import screens_dir, KIOSK_TOKEN, SAMPLE_HALL, STAFF_PIN, RunningServer

pytestmark = pytest.mark.slow  # each test here takes over a second (README: the fast subset)

SCREENS = screens_dir()
PHONE = {"width": 390, "height": 844, "pixelRatio": 2.0}


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
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-proxy-server", "--lang=zh-CN", "--hide-scrollbars"):
        options.add_argument(arg)
    options.add_experimental_option("mobileEmulation", {"deviceMetrics": PHONE})
    options.add_experimental_option("prefs", {"intl.accept_languages": "zh-CN,zh"})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(_binary("chromedriver")))
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@pytest.fixture
def fast_server(tmp_path, clock) -> Iterator[RunningServer]:
    srv = RunningServer(tmp_path / "hall.db", SAMPLE_HALL, clock, poll_interval=0.2, tick_interval=0.5,
                        track_poll_seconds=1)
    srv.start()
    yield srv
    srv.stop()


def text_of(driver: webdriver.Chrome, element_id: str) -> str:
    return driver.find_element(By.ID, element_id).text


def wait_text(driver: webdriver.Chrome, element_id: str, expected: str, timeout: float = 20) -> None:
    WebDriverWait(driver, timeout).until(lambda d: expected in text_of(d, element_id),
                                         f"#{element_id} never showed {expected!r}")


def page_errors(driver: webdriver.Chrome) -> list[str]:
    """Console errors and CSP refusals: a script blocked by its own policy would show nothing live."""
    return [e["message"] for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]


def test_page_follows_the_ticket_without_reload(browser, fast_server):
    kiosk = fast_server.client(KIOSK_TOKEN)
    staff = fast_server.login("w01", STAFF_PIN, "01")
    staff.ok("/windows/01/open")
    kiosk.issue("general")
    mine = kiosk.issue("general", name="李四")
    browser.get(f"{fast_server.url}/t/{mine['track_token']}")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-CN"
    wait_text(browser, "state", "等候中")
    assert text_of(browser, "number") == "A002"
    assert text_of(browser, "service") == "综合受理"
    assert "前面还有 1 人" in text_of(browser, "wait")
    assert f"预计等候 约 {mine['wait_low_minutes']}–{mine['wait_high_minutes']} 分钟" in text_of(browser, "wait")
    assert "示范区政务服务中心" in text_of(browser, "hall")
    assert "李" not in browser.page_source
    number_px = float(browser.find_element(By.ID, "number").value_of_css_property("font-size").removesuffix("px"))
    state_px = float(browser.find_element(By.ID, "state").value_of_css_property("font-size").removesuffix("px"))
    assert number_px >= 56 and state_px >= 28  # readable at arm's length on a small phone
    width = browser.execute_script("return document.documentElement.scrollWidth")
    assert width <= PHONE["width"]  # nothing runs off a 390 px wide screen
    browser.execute_script("window.__sameDocument = true")
    SCREENS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENS / "phone-track-zh.png"))

    first = staff.ok("/windows/01/call-next", {})["ticket"]
    wait_text(browser, "wait", "下一位就是您")
    staff.ok("/windows/01/start", {"ticket_id": first["id"]})
    staff.ok("/windows/01/finish", {"ticket_id": first["id"]})
    assert staff.ok("/windows/01/call-next", {})["ticket"]["number"] == "A002"
    wait_text(browser, "state", "请到1号窗口办理")
    assert browser.find_element(By.ID, "state").get_attribute("data-state") == "called"
    assert browser.execute_script("return window.__sameDocument === true")  # updated in place, not reloaded
    browser.save_screenshot(str(SCREENS / "phone-track-called.png"))

    staff.ok("/windows/01/start", {"ticket_id": mine["ticket"]["id"]})
    wait_text(browser, "state", "正在1号窗口办理")
    staff.ok("/windows/01/finish", {"ticket_id": mine["ticket"]["id"]})
    wait_text(browser, "state", "已办结")
    assert page_errors(browser) == []


def test_english_page_and_not_found(browser, fast_server):
    kiosk = fast_server.client(KIOSK_TOKEN)
    staff = fast_server.login("w01", STAFF_PIN, "01")
    staff.ok("/windows/01/open")
    mine = kiosk.issue("general")
    browser.get(f"{fast_server.url}/t/{mine['track_token']}?lang=en")
    wait_text(browser, "state", "Waiting")
    assert text_of(browser, "service") == "General acceptance"
    assert "next" in text_of(browser, "wait")
    staff.ok("/windows/01/call-next", {})
    wait_text(browser, "state", "Please go to Window 1")
    browser.save_screenshot(str(SCREENS / "phone-track-en.png"))
    browser.find_element(By.ID, "switch-lang").click()
    wait_text(browser, "state", "请到1号窗口办理")

    assert page_errors(browser) == []
    missing = f"{fast_server.url}/t/{'x' * 24}"
    browser.get(missing)
    assert text_of(browser, "state") == "未找到该号码"
    assert [m for m in page_errors(browser) if not m.startswith(missing)] == []  # only the page's own 404
