"""Waits at nearby halls as citizens see them: hall A's kiosk ticket page (offscreen QML) and its phone
tracking page (headless Chromium) name hall B while B is clearly faster, and nothing once B is busy.
Screenshots go to docs/screens/ with HALL_UPDATE_SCREENS=1."""
from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest
from kiosksupport import KioskRig, device_config, screen_problems
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from devices.host import DeviceHost
from hallsupport import screens_dir
from nearbysupport import Network, wait_for

pytestmark = pytest.mark.slow  # real hall servers, a real PostgreSQL, Qt and Chromium

PHONE = {"width": 390, "height": 844, "pixelRatio": 2.0}


def _binary(*names: str) -> str:
    found = next((shutil.which(n) for n in names if shutil.which(n)), None)
    if found is None:
        raise RuntimeError(f"none of {names} is installed (scripts/bootstrap.sh installs chromium, chromium-driver)")
    return found


@pytest.fixture
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
def network(tmp_path, centre_db) -> Iterator[Network]:
    net = Network(tmp_path, centre_db, max_age=300)
    net.start()
    yield net
    net.stop()


def take_number(rig: KioskRig) -> None:
    rig.state.goHome()
    rig.page("home")
    rig.state.startTakeNumber()
    rig.state.chooseCategory("general")
    rig.page("identify")
    rig.state.issueWithoutId()
    rig.page("ticket")
    rig.until(lambda: rig.state.ticket.get("printed"), what="receipt printed")


def nearby_shown(driver: webdriver.Chrome) -> str:
    box = driver.find_element(By.ID, "nearby")
    return driver.find_element(By.ID, "nearby-text").text if box.is_displayed() else ""


def test_kiosk_and_phone_name_the_faster_hall_and_only_while_it_is(qapp, tmp_path, network, browser):
    net = network
    a, b = net.a, net.b
    net.open_window(a)
    staff_b = net.open_window(b)
    net.issue(b, 1)
    net.serve_one(b, staff_b)
    net.issue(b, 2)  # B: 2 waiting × 3 min = 6 min, 10 minutes away
    last = net.issue(a, 12)[-1]  # A: 88 min for the last one
    wait_for(lambda: [h["wait_minutes"] for h in net.nearby_of(a)["categories"].get("general", [])] == [6],
             "hall A to hear of hall B from the centre")
    shots = screens_dir()
    (shots / "kiosk").mkdir(parents=True, exist_ok=True)

    host = DeviceHost(device_config(tmp_path), listen="127.0.0.1:0").start()
    rig = KioskRig(tmp_path, a, host, a.clock)
    try:
        rig.ready()
        rig.until(lambda: rig.core.nearby_faster("general", 100), what="the kiosk to hear of hall B")
        take_number(rig)
        assert rig.item("ticketNearby").isVisible()
        assert rig.text("nearbyLine") == "测试大厅2 现在约等 6 分钟（路程约 10 分钟）"
        assert rig.text("nearbyAddress") == "测试路2号"
        assert screen_problems(rig) == []
        assert rig.kiosk.window.grabWindow().save(str(shots / "kiosk" / "32-ticket-nearby-faster-1080x1920.png"))
        rig.state.toggleLanguage()
        rig.until(lambda: rig.text("nearbyLine") == "Test hall 2: about 6 min wait now (10 min away)",
                  what="the line in English")
        rig.pump(0.2)
        assert screen_problems(rig) == []
        assert rig.kiosk.window.grabWindow().save(
            str(shots / "kiosk" / "32-ticket-nearby-faster-en-1080x1920.png"))
        rig.state.toggleLanguage()
        rig.state.toggleElder()  # large for elders, and still fitting
        rig.until(lambda: rig.text("nearbyLine").startswith("测试大厅2"), what="the line in Chinese again")
        rig.pump(0.2)
        assert screen_problems(rig) == []
        assert rig.kiosk.window.grabWindow().save(
            str(shots / "kiosk" / "32-ticket-nearby-faster-elder-1080x1920.png"))
        rig.state.toggleElder()

        browser.get(f"{a.url}/t/{last['track_token']}?lang=zh")
        WebDriverWait(browser, 20).until(lambda d: "测试大厅2" in nearby_shown(d), "the phone page never named B")
        assert nearby_shown(browser) == "测试大厅2 现在约等 6 分钟（路程约 10 分钟）"
        assert browser.find_element(By.ID, "nearby-address").text == "测试路2号"
        assert browser.execute_script("return document.documentElement.scrollWidth") <= PHONE["width"]
        browser.save_screenshot(str(shots / "phone-track-nearby-zh.png"))
        browser.get(f"{a.url}/t/{last['track_token']}?lang=en")
        WebDriverWait(browser, 20).until(lambda d: "Test hall 2" in nearby_shown(d), "no English line")
        assert nearby_shown(browser) == "Test hall 2: about 6 min wait now (10 min away)"
        browser.save_screenshot(str(shots / "phone-track-nearby-en.png"))

        # B gets busy: no longer clearly faster, so neither screen names it (no list of slower halls).
        net.issue(b, 25)
        wait_for(lambda: all(h["wait_minutes"] >= 75 for h in net.nearby_of(a)["categories"]["general"]),
                 "hall A to hear that B is busy")
        WebDriverWait(browser, 20).until(lambda d: nearby_shown(d) == "", "the phone page kept naming B")
        assert [e["message"] for e in browser.get_log("browser") if e["level"] in ("SEVERE", "WARNING")] == []
        rig.until(lambda: not rig.core.nearby_faster("general", 100), what="the kiosk to hear that B is busy")
        take_number(rig)
        assert not rig.item("ticketNearby").isVisible()
    finally:
        rig.close()
        host.stop()
