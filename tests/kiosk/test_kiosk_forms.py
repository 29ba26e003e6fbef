"""电子填单 on the kiosk (issue 20): from a matter of the guide, its form filled from the ID card (those
fields locked, the ID number never shown whole), the citizen's fields and the materials check, then
the number taken with the form: the receipt says 表单已预填 and the hall server has the form."""
from __future__ import annotations

import pathlib

import pytest

from hall_rules.idnumbers import mask_name
from kiosksupport import KioskRig, all_texts, device_config, screen_problems

from devices.host import DeviceHost
from hallsupport import ADMIN_PIN, screens_dir

pytestmark = pytest.mark.slow  # real kiosk windows (README: the fast subset)

CARD_NAME = "测试张三"
CARD_ID = "110101198805152313"  # the simulator's "adult" card


@pytest.fixture
def host(tmp_path: pathlib.Path):
    device_host = DeviceHost(device_config(tmp_path), listen="127.0.0.1:0").start()
    yield device_host
    device_host.stop()


@pytest.fixture
def rig(qapp, tmp_path, server, host, clock):
    r = KioskRig(tmp_path, server, host, clock)
    r.ready()
    yield r
    r.close()


def shot(rig: KioskRig, name: str) -> None:
    out = screens_dir() / "kiosk"
    out.mkdir(parents=True, exist_ok=True)
    assert rig.kiosk.window.grabWindow().save(str(out / f"{name}-1080x1920.png"))


def open_form(rig: KioskRig, matter: str = "GA-HZ-001", card: str = "adult") -> None:
    rig.state.openGuide()
    rig.until(lambda: any(m["code"] == matter for m in rig.state.matters), what="the guide")
    rig.state.openMatter(matter)
    rig.page("matter")
    assert rig.item("fillFormButton").isVisible()
    rig.item("fillFormButton").clicked.emit()
    rig.page("identify")
    rig.sim("sim.place_card", card=card)
    rig.page("form")


def fields(rig: KioskRig) -> dict[str, dict]:
    return {f["key"]: f for f in rig.state.form["fields"]}


def test_the_form_is_filled_from_the_card_and_goes_with_the_ticket(rig: KioskRig, server, host):
    open_form(rig)
    f = fields(rig)
    assert f["name"]["locked"] and f["name"]["value"] == mask_name(CARD_NAME)  # a public screen: as everywhere
    assert f["id_number"]["locked"] and f["id_number"]["value"] == CARD_ID[:6] + "********" + CARD_ID[-4:]
    assert f["phone"]["locked"] is False and f["phone"]["value"] == ""
    assert CARD_ID not in all_texts(rig) and CARD_NAME not in all_texts(rig)  # never whole on screen
    assert screen_problems(rig) == []
    shot(rig, "40-form-zh")

    rig.state.setFormValue("name", "别人")  # a card's field stays as the card says
    assert fields(rig)["name"]["value"] == mask_name(CARD_NAME)
    rig.state.setFormValue("phone", "12345")
    rig.item("submitForm").clicked.emit()
    rig.until(lambda: fields(rig)["phone"]["problem"], what="the phone refused")
    assert rig.state.page == "form" and rig.state.form["unanswered"] is True
    rig.state.setFormValue("phone", "13912345678")
    rig.item("choice_reason_有效期满").clicked.emit()
    rig.until(lambda: fields(rig)["reason"]["value"] == "有效期满", what="the reason chosen")
    rig.item("have_0").clicked.emit()
    rig.item("missing_1").clicked.emit()
    rig.until(lambda: rig.item("missingAdvice").isVisible(), what="advice on the missing material")
    assert "请备齐后再来" in rig.text("missingAdvice")
    assert rig.state.form["unanswered"] is False  # every material answered: the reminder goes
    page = rig.item("formPage")

    def at_bottom() -> bool:
        page.setProperty("contentY", page.property("contentHeight") - page.height())
        rig.pump(0.05)
        return rig.item("submitForm").mapToScene(rig.item("submitForm").boundingRect().bottomLeft()).y() \
            <= page.mapToScene(page.boundingRect().bottomLeft()).y() + 1
    rig.until(at_bottom, what="the form scrolled to its button")
    assert screen_problems(rig) == []
    shot(rig, "41-form-materials-check-zh")

    before = rig.receipts()
    rig.item("submitForm").clicked.emit()
    rig.page("ticket")
    rig.until(lambda: rig.receipts() > before, what="the receipt printed")
    receipt = host.sims["receipt"].sink.receipts[-1].raw
    assert "表单已预填".encode("gb18030") in receipt and CARD_ID.encode() not in receipt
    admin = server.login("admin", ADMIN_PIN)
    number = rig.state.ticket["number"]
    ticket = next(t for t in admin.get("/tickets").json()["tickets"] if t["number"] == number)
    form = rig.until(lambda: (r := admin.get(f"/tickets/{ticket['id']}/form").json()).get("values") and r,
                     what="the form on the hall server")
    values = {v["key"]: v["value"] for v in form["values"]}
    assert values["id_number"] == CARD_ID and values["phone"] == "13912345678" and values["reason"] == "有效期满"
    assert form["materials"] == [{"name": "原居民身份证", "have": True}, {"name": "居民户口簿", "have": False}]
    assert ticket["category"] == "hukou"


def test_a_matter_that_allows_a_missing_material_says_so(rig: KioskRig):
    open_form(rig, "GA-HZ-003")
    rig.state.setFormMaterial("房屋产权证明或落户地址证明", False)
    rig.until(lambda: rig.state.form["missing"], what="a material missing")
    assert "容缺受理" in rig.text("missingAdvice") and "5个工作日" in rig.text("missingAdvice")


def test_the_form_in_english(rig: KioskRig):
    rig.state.toggleLanguage()
    open_form(rig)
    assert "Fill the form now" in rig.text("formTitle")
    assert screen_problems(rig) == []
    shot(rig, "42-form-en")


def test_the_form_in_elder_mode(rig: KioskRig):
    rig.state.toggleElder()
    open_form(rig, card="longterm")
    assert fields(rig)["valid_until"]["value"] == "长期"  # a card valid for life
    assert screen_problems(rig) == []
    shot(rig, "43-form-elder-zh")


def test_going_home_forgets_the_form(rig: KioskRig):
    open_form(rig)
    rig.state.setFormValue("phone", "13912345678")
    rig.state.goHome()
    rig.page("home")
    assert rig.state.form == {}
