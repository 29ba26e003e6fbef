"""Progress query (进度查询), certificate self-print (自助打印出证) and rating (好差评) on the kiosk's real
QML, against a real hall server with the demo cases and an embedded device host whose certificate
printer spools real PDFs: by card and by QR, a print that completes and one that fails, ratings
with a required reason, refusals in plain words, the server away, the screen rules and the wipe."""
from __future__ import annotations

import json
import pathlib

import pytest
from pypdf import PdfReader
from kiosksupport import LANDSCAPE, PORTRAIT, KioskRig, all_texts, device_config, screen_problems

from devices.host import DeviceHost
from hallsupport import ADMIN_PIN, KIOSK2_TOKEN, STAFF_PIN, screens_dir
from kiosk.walk import SAMPLE_CASES, Walk

pytestmark = pytest.mark.slow  # each test here takes over a second (README: the fast subset)

ADULT_ID, ADULT_NAME = "110101198805152313", "测试张三"
APPROVED = "SFQ2026110003"    # the adult's approved case: document "migration" ready to print
DONE = "SFQ2026110004"        # the adult's finished case: "tax-record" ready, the case can be rated
REVIEWING = "SFQ2026110002"   # the adult's case under review: nothing to print


def start_host(tmp_path: pathlib.Path, certificate_fault: str | None = None) -> DeviceHost:
    config = device_config(tmp_path)
    if certificate_fault:
        config["certificate"] += f"?fault={certificate_fault}"
    return DeviceHost(config, listen="127.0.0.1:0").start()


@pytest.fixture
def host(tmp_path: pathlib.Path):
    device_host = start_host(tmp_path)
    yield device_host
    device_host.stop()


def make_rig(qapp, tmp_path, server, host, clock, size=PORTRAIT, server_url=None) -> KioskRig:
    r = KioskRig(tmp_path, server, host, clock, size, server_url=server_url)
    r.ready()
    walk(r).load_sample_cases()
    return r


def walk(r: KioskRig, out: pathlib.Path | None = None) -> Walk:
    return Walk(r.kiosk, r.devices, r.server.url, ("admin", ADMIN_PIN), out or screens_dir() / "kiosk-cases",
                clock=r.clock, staff=("w01", STAFF_PIN, "01"))


@pytest.fixture
def rig(qapp, tmp_path, server, host, clock):
    r = make_rig(qapp, tmp_path, server, host, clock)
    yield r
    r.close()


def spooled(tmp_path: pathlib.Path) -> list[pathlib.Path]:
    return sorted((tmp_path / "certificates").glob("*.pdf"))


def document(admin, case: str, doc: str) -> dict:
    return next(d for d in admin.get(f"/cases/{case}").json()["documents"] if d["doc"] == doc)


def clear_code(rig: KioskRig) -> None:
    """Nothing under the scanner, and the scanner has seen it go (so the same code counts again)."""
    rig.sim("sim.clear_code")
    rig.pump(1.3)  # the camera counts a code again once it was away for a second (drivers/scan/url.py)


def cases_by_card(rig: KioskRig) -> list[dict]:
    rig.state.desk.startProgress()
    rig.page("progress")
    rig.sim("sim.place_card", card="adult")
    rig.page("cases")
    return rig.state.desk.cases


# --- progress ------------------------------------------------------------------------------------

def test_progress_by_card_lists_the_cases_with_stage_dates_and_what_can_be_printed(rig: KioskRig):
    cases = {c["number"]: c for c in cases_by_card(rig)}
    expected = [c["number"] for c in json.loads(SAMPLE_CASES.read_text(encoding="utf-8"))["cases"]
                if c["id_number"] == ADULT_ID]
    assert sorted(cases) == sorted(expected) and len(cases) == 4
    assert [cases[n]["stage"] for n in ("SFQ2026110001", REVIEWING, APPROVED, DONE)] == [0, 1, 2, 3]
    assert cases[APPROVED]["readyToPrint"] and cases[DONE]["readyToPrint"] and not cases[REVIEWING]["readyToPrint"]
    assert cases[DONE]["done"] and cases[DONE]["daysLeft"] is None and cases[REVIEWING]["daysLeft"] is not None
    texts = all_texts(rig)
    assert rig.text("casesTitle").startswith("测") and "*" in rig.text("casesTitle")
    assert ADULT_NAME not in texts and ADULT_ID not in texts
    assert "可打印" in texts and "承诺" in texts
    assert rig.item("printDoc_0_0") is not None


def test_progress_by_the_case_qr_shows_that_case_and_asks_for_the_card_to_print(rig: KioskRig):
    rig.sim("sim.present_code", text=f"HC1.{APPROVED}")  # from the home screen
    rig.page("cases")
    [case] = rig.state.desk.cases
    assert case["number"] == APPROVED and case["stage"] == 2
    assert not rig.state.identity["present"]
    assert rig.text("casesNote").startswith("刷身份证")
    rig.state.desk.choosePrint(APPROVED, "migration")
    rig.page("certificate")
    assert rig.state.desk.certificate["step"] == "needcard"
    rig.sim("sim.clear_code")
    # The applicant's card proves who prints.
    rig.sim("sim.place_card", card="adult")
    rig.until(lambda: rig.state.desk.certificate.get("step") == "confirm", what="confirm after the card")
    assert rig.item("confirmPrint").isVisible()


def test_a_forged_case_qr_and_a_card_without_cases_say_so_plainly(rig: KioskRig):
    rig.state.desk.startProgress()
    rig.page("progress")
    rig.sim("sim.present_code", text="HC1.../../etc")
    rig.until(lambda: rig.state.desk.progress.get("error") == "refused", what="refusal")
    rig.until(lambda: rig.text("progressMessage") == "无法识别该办件二维码", what="message")
    clear_code(rig)
    rig.sim("sim.place_card", card="minor")
    rig.until(lambda: rig.state.desk.progress.get("empty"), what="no cases")
    assert rig.state.page == "progress"
    assert rig.text("progressMessage").startswith("没有查到您的办件")


def test_server_away_is_a_plain_message_and_nothing_is_queued(rig: KioskRig, server):
    pending = rig.core.pending_outbox()
    server.stop()
    rig.state.desk.startProgress()
    rig.page("progress")
    rig.sim("sim.place_card", card="adult")
    rig.until(lambda: rig.state.desk.progress.get("error") == "unavailable", 30, "unavailable")
    assert rig.text("progressMessage") == "暂时无法查询，请稍后再试或咨询窗口"
    assert rig.core.pending_outbox() == pending


def test_a_malformed_answer_is_the_same_plain_message_never_python_text(qapp, tmp_path, server, host, clock,
                                                                        faulty):
    r = make_rig(qapp, tmp_path, server, host, clock, server_url=faulty.url)
    try:
        faulty.mode = "mangle"  # every answer of the server arrives with a field missing
        r.state.desk.startProgress()
        r.page("progress")
        r.sim("sim.place_card", card="adult")
        r.until(lambda: r.state.desk.progress.get("error") == "unavailable", 15, "unavailable")
        assert r.text("progressMessage") == "暂时无法查询，请稍后再试或咨询窗口"
        shown = all_texts(r)
        assert not [w for w in ("Malformed", "CaseList", "Traceback", "Error") if w in shown]
    finally:
        r.close()


# --- certificate self-print -----------------------------------------------------------------------

def test_a_print_that_completes_spools_the_stamped_pdf_and_issues_the_document(rig: KioskRig, admin, tmp_path):
    assert document(admin, APPROVED, "migration")["printable"] is True
    cases_by_card(rig)
    index = next(i for i, c in enumerate(rig.state.desk.cases) if c["number"] == APPROVED)
    rig.item(f"printDoc_{index}_0").clicked.emit()
    rig.page("certificate")
    assert rig.state.desk.certificate["step"] == "confirm"
    rig.item("confirmPrint").clicked.emit()
    rig.until(lambda: rig.state.desk.certificate.get("step") == "done", 30, "printed")
    code = rig.state.desk.certificate["code"]
    assert rig.text("certificateTitle") == "请取走您的证照" and rig.text("certificateCode") == code
    [pdf] = spooled(tmp_path)
    assert pdf.read_bytes().startswith(b"%PDF")
    doc = document(admin, APPROVED, "migration")
    assert doc["issued"] is True and doc["printable"] is False
    verified = rig.server.client().get(f"/verify/{code.replace('-', '')}").json()
    assert verified["status"] == "valid" and verified["case_number"] == APPROVED
    # The same document again: a reprint needs a member of staff's own username and PIN.
    rig.state.desk.backToCases()
    rig.page("cases")
    rig.state.desk.choosePrint(APPROVED, "migration")
    rig.page("certificate")
    assert rig.state.desk.certificate["step"] == "issued"
    assert "工作人员" in rig.text("certificateMessage")
    assert not rig.item("confirmPrint").isVisible()
    assert not rig.item("reprintButton").isEnabled()  # nothing typed yet
    rig.item("reprintUser").setProperty("text", "w01")
    rig.item("reprintPin").setProperty("text", "000000")
    rig.item("reprintButton").clicked.emit()
    rig.until(lambda: rig.state.desk.certificate.get("message"), 30, "refused")
    assert rig.state.desk.certificate["step"] == "issued" and rig.text("reprintRefusal") == "工号或密码错误"
    assert rig.item("reprintPin").property("text") == ""  # the PIN never stays on the screen
    assert len(spooled(tmp_path)) == 1
    rig.item("reprintPin").setProperty("text", STAFF_PIN)
    rig.item("reprintButton").clicked.emit()
    rig.until(lambda: rig.state.desk.certificate.get("step") == "done", 30, "reprinted")
    second = rig.state.desk.certificate["code"]
    assert second != code and len(spooled(tmp_path)) == 2
    client = rig.server.client()
    assert client.get(f"/verify/{second.replace('-', '')}").json()["status"] == "valid"
    assert client.get(f"/verify/{code.replace('-', '')}").json()["status"] == "void"  # the first copy no longer counts


def test_a_failed_print_is_reported_and_the_document_stays_printable(qapp, tmp_path, server, clock, admin):
    host = start_host(tmp_path, certificate_fault="disk-full")
    r = make_rig(qapp, tmp_path, server, host, clock)
    try:
        cases_by_card(r)
        r.state.desk.choosePrint(APPROVED, "migration")
        r.page("certificate")
        r.state.desk.confirmPrint()
        r.until(lambda: r.state.desk.certificate.get("step") == "failed", 30, "failed")
        assert r.text("certificateMessage").startswith("打印未成功")
        assert r.state.desk.last_print == {"outcome": "failed", "issued": False}
        doc = document(admin, APPROVED, "migration")
        assert doc["issued"] is False and doc["printable"] is True
        assert spooled(tmp_path) == []
    finally:
        r.close()
        host.stop()


def test_a_print_completed_while_the_server_is_away_is_recorded_when_it_returns(qapp, tmp_path, server, host,
                                                                                clock, admin, faulty):
    r = make_rig(qapp, tmp_path, server, host, clock, server_url=faulty.url)
    try:
        cases_by_card(r)
        r.state.desk.choosePrint(APPROVED, "migration")
        r.page("certificate")
        faulty.then = ("/certificate-prints", "blackhole")  # the server goes once the print is granted
        r.state.desk.confirmPrint()
        r.until(lambda: r.state.desk.certificate.get("step") == "done", 30, "printed")
        # What is known: the paper is out, its recording waits.
        assert r.text("certificateTitle") == "请取走您的证照"
        assert r.text("certificateRecording") == "证照已打印，打印结果正在登记，您无需等待"
        assert len(spooled(tmp_path)) == 1
        assert [row["kind"] for row in r.core.store.outbox("pending")] == ["print_report"]
        assert screen_problems(r) == []
        shots = screens_dir() / "kiosk"
        shots.mkdir(parents=True, exist_ok=True)
        r.kiosk.window.grabWindow().save(str(shots / "27-certificate-printed-recording-1080x1920.png"))
        doc = document(admin, APPROVED, "migration")
        assert doc["issued"] is False
        # Meanwhile no second self-print, here or at another kiosk.
        other = r.server.client(KIOSK2_TOKEN).post("/certificate-prints", {
            "case_number": APPROVED, "doc": "migration", "id_number": ADULT_ID})
        assert other.status_code == 409 and other.json()["error"]["code"] == "print_unreported"

        faulty.mode = "forward"  # back: the outbox tells it
        r.until(lambda: r.core.pending_outbox() == 0, 30, "outcome delivered")
        assert document(admin, APPROVED, "migration")["issued"] is True
        code = r.state.desk.certificate["code"]
        assert r.server.client().get(f"/verify/{code}").json()["status"] == "valid"
    finally:
        r.close()


def test_printing_someone_elses_case_is_refused_by_the_server(rig: KioskRig):
    rig.sim("sim.present_code", text=f"HC1.{APPROVED}")
    rig.page("cases")
    rig.sim("sim.clear_code")
    # Another citizen's card on the reader while the adult's case shows: a lookup of their own cases.
    rig.sim("sim.place_card", card="longterm")
    rig.until(lambda: rig.state.desk.cases and all(c["number"] != APPROVED for c in rig.state.desk.cases),
              what="the card holder's own cases")


# --- rating ---------------------------------------------------------------------------------------

def test_rating_by_the_receipt_qr_needs_a_reason_for_a_low_level(rig: KioskRig, admin):
    code = walk(rig).served_ticket_code()
    rig.item("ratingButton").clicked.emit()
    rig.page("rating")
    rig.sim("sim.present_code", text=code)
    rig.until(lambda: rig.state.desk.rating.get("step") == "choose" and rig.state.desk.rating.get("levels"),
              what="ticket shown")
    subject = rig.state.desk.rating["subject"]
    assert subject["number"].startswith("A") and subject["window"]
    assert subject["number"] in rig.text("ratingSubject")
    assert [x["level"] for x in rig.state.desk.rating["levels"]] == [5, 4, 3, 2, 1]
    rig.item("level_1").clicked.emit()
    rig.until(lambda: rig.item("reasonLabel").isVisible(), what="the reasons asked for")
    assert not rig.item("submitRating").isEnabled()
    rig.item("reason_long_wait").clicked.emit()
    rig.until(lambda: rig.item("submitRating").isEnabled(), what="submit enabled by a reason")
    rig.item("submitRating").clicked.emit()
    rig.until(lambda: rig.state.desk.rating.get("step") == "done", what="rated")
    assert rig.text("ratingTitle") == "感谢您的评价！"
    day = rig.clock().date().isoformat()
    ratings = admin.get("/ratings/export", **{"from": day, "to": day}).json()["ratings"]
    assert [(x["ticket_number"], x["level"], x["reason_code"], x["channel"]) for x in ratings] == [
        (subject["number"], 1, "long_wait", "kiosk")]
    # The same receipt again: on the thanks page it means nothing; to rate again, already rated.
    clear_code(rig)
    rig.sim("sim.present_code", text=code)
    rig.until(lambda: rig.state.desk.rating["step"] == "done", what="the rating stored")
    clear_code(rig)
    rig.state.desk.startRating()
    rig.sim("sim.present_code", text=code)
    rig.until(lambda: rig.state.desk.rating.get("step") == "refused", what="refused")
    assert rig.state.desk.rating["code"] == "already_rated"
    assert rig.text("ratingMessage").startswith("这次服务已经评价过了")


def test_a_ticket_still_waiting_cannot_be_rated(rig: KioskRig):
    waiting = rig.server.client(rig.config.token).issue("general")
    rig.state.desk.startRating()
    rig.page("rating")
    rig.sim("sim.present_code", text=waiting["track_url"])
    rig.until(lambda: rig.state.desk.rating.get("step") == "refused", what="refused")
    assert rig.state.desk.rating["code"] == "service_not_finished"
    assert rig.text("ratingMessage").startswith("业务还没有办结")


def test_a_finished_case_is_rated_from_the_list(rig: KioskRig, admin):
    cases = cases_by_card(rig)
    index = next(i for i, c in enumerate(cases) if c["number"] == DONE)
    assert rig.item(f"rateCase_{index}").isVisible()
    assert not any(c["rateable"] for c in cases if c["number"] != DONE)
    rig.state.desk.rateCase(DONE)
    rig.page("rating")
    rig.until(lambda: rig.state.desk.rating.get("levels"), what="options")
    rig.state.desk.chooseLevel(4)
    rig.state.desk.submitRating()
    rig.until(lambda: rig.state.desk.rating.get("step") == "done", what="rated")
    day = rig.clock().date().isoformat()
    ratings = admin.get("/ratings/export", **{"from": day, "to": day}).json()["ratings"]
    assert [(x["case_number"], x["level"], x["subject_kind"]) for x in ratings] == [(DONE, 4, "case")]


# --- the session wipe -----------------------------------------------------------------------------

def test_the_session_wipe_leaves_no_case_id_or_code(rig: KioskRig):
    cases_by_card(rig)
    rig.state.desk.choosePrint(APPROVED, "migration")
    rig.page("certificate")
    rig.state.desk.confirmPrint()
    rig.until(lambda: rig.state.desk.certificate.get("step") == "done", 30, "printed")
    code = rig.state.desk.certificate["code"]
    rig.sim("sim.remove_card")
    rig.state.desk.startRating()
    rig.sim("sim.present_code", text="not-a-ticket-code")
    rig.until(lambda: rig.state.desk.rating.get("step") == "refused", what="refused")
    assert rig.state.desk._ticket_code
    rig.state._start_countdown()
    rig.until(lambda: rig.state.page == "home", 30, "idle timeout")
    desk = rig.state.desk
    assert desk.cases == [] and desk.progress == {} and desk.certificate == {} and desk.rating == {}
    assert desk._ticket_code == "" and rig.state._identity is None
    texts = all_texts(rig)
    assert APPROVED not in texts and code not in texts and "测" not in rig.text("welcome")


# --- every new screen: targets and text, zh/en, normal/elder, portrait/landscape ------------------

CASE_SCREENS = ["progress", "progress-message", "cases", "cases-by-qr", "certificate-needcard", "certificate-confirm",
                "certificate-done", "certificate-failed", "certificate-issued", "rating-scan", "rating-reason",
                "rating-done", "rating-refused", "rating-case"]


def show(r: KioskRig, screen: str, lang: str, elder: bool, code: str) -> None:
    s, desk = r.state, r.state.desk
    # Codes come as the device link delivers them (scanning itself is tested above): the same code
    # again needs no wait for the camera to see it go.
    scan = r.kiosk.devices.codeScanned.emit
    r.sim("sim.remove_card")
    s.goHome()
    r.page("home")
    if lang == "en":
        s.toggleLanguage()
    if elder:
        s.toggleElder()
    if screen == "progress":
        desk.startProgress()
    elif screen == "progress-message":
        desk.startProgress()
        r.sim("sim.place_card", card="minor")
        r.until(lambda: desk.progress.get("empty"), what="no cases")
    elif screen == "cases":
        desk.startProgress()
        r.sim("sim.place_card", card="adult")
        r.page("cases")
    elif screen == "cases-by-qr":
        scan(f"HC1.{DONE}")
        r.page("cases")
    elif screen == "certificate-needcard":
        scan(f"HC1.{APPROVED}")
        r.page("cases")
        desk.choosePrint(APPROVED, "migration")
    elif screen == "rating-case":
        desk.startProgress()
        r.sim("sim.place_card", card="adult")
        r.page("cases")
        desk.rateCase(DONE)
        r.until(lambda: desk.rating.get("levels"), what="options")
        desk.chooseLevel(2)
    elif screen.startswith("certificate"):
        desk.startProgress()
        r.sim("sim.place_card", card="adult")
        r.page("cases")
        doc = "tax-record" if screen == "certificate-issued" else "migration"
        desk.choosePrint(DONE if doc == "tax-record" else APPROVED, doc)
        if screen == "certificate-done":
            desk._certificate = {**desk.certificate, "step": "done", "code": "ABCD-EFGH-JKLM"}
            desk.changed.emit()
        elif screen in ("certificate-issued", "certificate-failed"):
            desk._certificate = {**desk.certificate, "step": screen.split("-")[1]}
            desk.changed.emit()
    elif screen.startswith("rating"):
        desk.startRating()
        r.page("rating")
        if screen != "rating-scan":
            scan(code)
            r.until(lambda: desk.rating.get("step") == "choose" and desk.rating.get("levels"), what="ticket")
            desk.chooseLevel(1)
            if screen == "rating-done":
                desk._rating = {**desk.rating, "step": "done", "followUp": True}
                desk.changed.emit()
            elif screen == "rating-refused":
                desk._rating = {**desk.rating, "step": "refused", "code": "rating_period_over"}
                desk.changed.emit()
    r.pump(0.2)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
def test_every_new_screen_has_big_targets_and_text_that_fits(qapp, tmp_path, server, host, clock, size, lang):
    r = make_rig(qapp, tmp_path, server, host, clock, size)
    try:
        code = walk(r).served_ticket_code()
        problems = []
        for elder in (False, True):
            for screen in CASE_SCREENS + ["home"]:
                show(r, screen, lang, elder, code)
                assert r.state.lang == lang and r.state.elder == elder
                shots = screens_dir() / "kiosk-cases"
                shots.mkdir(parents=True, exist_ok=True)
                r.kiosk.window.grabWindow().save(
                    str(shots / f"{screen}-{lang}{'-elder' if elder else ''}-{size[0]}x{size[1]}.png"))
                problems += [f"[{lang}{' elder' if elder else ''}] {screen}: {p}" for p in screen_problems(r)]
        assert not problems, "\n".join(problems)
    finally:
        r.close()


def test_certificate_pdf_sent_to_the_printer_is_the_stamped_one(rig: KioskRig, tmp_path):
    """The spooled file is the server's stamped PDF (its verification code printed on it)."""
    cases_by_card(rig)
    rig.state.desk.choosePrint(DONE, "tax-record")
    rig.page("certificate")
    rig.state.desk.confirmPrint()
    rig.until(lambda: rig.state.desk.certificate.get("step") == "done", 30, "printed")
    [pdf] = spooled(tmp_path)
    text = "".join(page.extract_text() or "" for page in PdfReader(str(pdf)).pages)
    assert rig.state.desk.certificate["code"] in text
