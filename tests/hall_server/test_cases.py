"""Cases (办件) on the hall server: import (API, JSON and CSV files, the command line), idempotency,
bad rows, stages that never go back, deadlines on the working-day calendar, the kiosk's progress
query by ID card and by case-number QR, result documents and the 电子监察 lights."""
from __future__ import annotations

import datetime as dt
import json
import pathlib

import pytest

from hall_server import certpdf, cli
from hall_server.config import Calendar, ConfigError, load_hall, parse_hall
from hall_server.schema import CaseQrError, decode_case_qr, encode_case_qr
from hallsupport import ADMIN_PIN, KIOSK_TOKEN, SAMPLE_HALL, STAFF_PIN, RunningServer, make_id

APPROVAL_TOKEN = "demo-approval-system-7b3e51d0c9a2"
ZHANG = make_id("19850612")
LI = make_id("19900101", serial="456")


def row(number: str, matter: str = "GA-HZ-003", id_number: str = ZHANG, name: str = "张小三", stage: str = "accepted",
        accepted_on: str = "2026-11-20", **more) -> dict:
    return {"number": number, "matter": matter, "id_number": id_number, "name": name, "stage": stage,
            "accepted_on": accepted_on, **more}


def put_pdf(client, number: str, doc: str, pdf: bytes, title: str | None = "户口迁移证",
            title_en: str | None = "Household migration certificate", content_type: str = "application/pdf"):
    params = {k: v for k, v in (("title", title), ("title_en", title_en)) if v is not None}
    return client.http.put(f"/api/v1/cases/{number}/documents/{doc}", content=pdf, params=params,
                           headers={**client.headers(), "Content-Type": content_type})


def sample_pdf(text: str = "SFQ") -> bytes:
    return certpdf.sample_document("户口迁移证", "Household migration certificate", [f"办件 Case {text}"])


@pytest.fixture
def approval(server):
    return server.client(APPROVAL_TOKEN)


def events_of(client, after: int, type_: str) -> list[dict]:
    return [e for e in client.get("/events", after=after).json()["events"] if e["type"] == type_]


# --- the working-day calendar -----------------------------------------------------------------

def test_working_days_skip_holidays_and_count_make_up_workdays():
    cal = load_hall(SAMPLE_HALL).calendar
    # National Day 2026: Oct 1-7 off, Saturday Oct 10 a make-up workday.
    assert cal.add_workdays(dt.date(2026, 9, 30), 0) == dt.date(2026, 9, 30)
    assert cal.add_workdays(dt.date(2026, 9, 30), 1) == dt.date(2026, 10, 8)
    assert cal.add_workdays(dt.date(2026, 9, 30), 3) == dt.date(2026, 10, 10)  # the make-up Saturday counts
    assert cal.add_workdays(dt.date(2026, 9, 30), 5) == dt.date(2026, 10, 13)  # Sunday Oct 11 does not
    assert cal.add_workdays(dt.date(2026, 11, 20), 1) == dt.date(2026, 11, 23)  # Friday → Monday
    assert cal.workdays_until(dt.date(2026, 9, 30), dt.date(2026, 10, 13)) == 5
    assert cal.workdays_until(dt.date(2026, 10, 13), dt.date(2026, 10, 13)) == 0
    assert cal.workdays_until(dt.date(2026, 10, 14), dt.date(2026, 10, 13)) == -1
    assert cal.workdays_until(dt.date(2026, 10, 12), dt.date(2026, 10, 8)) == -3  # Oct 9, 10 (make-up), 12
    with pytest.raises(ValueError):
        Calendar(weekend=frozenset(range(1, 8))).add_workdays(dt.date(2026, 1, 1), 1)


def test_supervision_warn_days_come_from_the_hall_config():
    import tomllib
    raw = tomllib.loads(SAMPLE_HALL.read_text(encoding="utf-8"))
    assert parse_hall(raw).case_warn_days == 2
    raw["supervision"] = {"case_warn_days": 5}
    assert parse_hall(raw).case_warn_days == 5
    raw["supervision"] = {"case_warn_days": -1}
    with pytest.raises(ConfigError, match="case_warn_days"):
        parse_hall(raw)


def test_case_qr_format():
    assert encode_case_qr("SFQ2026000001") == "HC1.SFQ2026000001"
    assert decode_case_qr(" hc1.SFQ2026000001\n") == "SFQ2026000001"
    for bad in ("SFQ2026000001", "HC1.", "HC1.a b", "HC2.SFQ2026000001", "HC1." + "9" * 41):
        with pytest.raises(CaseQrError) as caught:
            decode_case_qr(bad)
        assert caught.value.message and caught.value.message_en


# --- import -----------------------------------------------------------------------------------

def test_import_computes_deadlines_is_idempotent_and_stages_only_move_on(server, approval, kiosk, admin):
    r = approval.post("/cases/import", {"cases": [row("SFQ2026000001", accepted_on="2026-09-30")]})
    assert r.status_code == 200, r.text
    assert r.json() == {"created": 1, "updated": 0, "unchanged": 0, "documents": 0, "refused": []}
    case = admin.get("/cases/SFQ2026000001").json()
    # GA-HZ-003: legal 20, promised 5 working days, across National Day and its make-up Saturday.
    assert case["promised_due"] == "2026-10-13" and case["legal_due"] == "2026-11-03"
    assert case["masked_name"] == "张*三" and case["stage"] == "accepted" and case["stage_name"] == "受理"
    seq = kiosk.get("/health").json()["seq"]

    again = approval.post("/cases/import", {"cases": [row("SFQ2026000001", accepted_on="2026-09-30")]}).json()
    assert again["unchanged"] == 1 and again["created"] == again["updated"] == 0
    assert kiosk.get("/health").json()["seq"] == seq  # nothing changed, nothing to tell

    on = approval.post("/cases/import", {"cases": [row("SFQ2026000001", accepted_on="2026-09-30", stage="approved",
                                                       stage_at="2026-11-20T10:00:00+08:00")]}).json()
    assert on["updated"] == 1
    [moved] = events_of(kiosk, seq, "case.stage_changed")
    assert moved["data"] == {"number": "SFQ2026000001", "matter": "GA-HZ-003", "stage": "approved",
                             "previous": "accepted"}
    assert ZHANG not in json.dumps(moved)

    back = approval.post("/cases/import", {"cases": [row("SFQ2026000001", accepted_on="2026-09-30",
                                                         stage="reviewing")]}).json()
    assert back["updated"] == 0 and len(back["refused"]) == 1
    refusal = back["refused"][0]
    assert (refusal["row"], refusal["number"], refusal["code"]) == (1, "SFQ2026000001", "stage_backwards")
    assert "倒退" in refusal["message"] and "never goes back" in refusal["message_en"]
    assert admin.get("/cases/SFQ2026000001").json()["stage"] == "approved"

    done = approval.post("/cases/import", {"cases": [row("SFQ2026000001", accepted_on="2026-09-30", stage="done",
                                                         done_on="2026-10-12")]}).json()
    assert done["updated"] == 1
    finished = admin.get("/cases/SFQ2026000001").json()
    assert finished["done_on"] == "2026-10-12" and finished["working_days_left"] is None
    assert finished["overdue"] is False


def test_bad_rows_are_reported_one_by_one_and_change_nothing(server, approval, kiosk, admin):
    approval.post("/cases/import", {"cases": [row("SFQ2026000009", id_number=LI, name="李四")]})
    seq = kiosk.get("/health").json()["seq"]
    bad_id = ZHANG[:-1] + ("0" if ZHANG[-1] != "0" else "1")
    rows = [
        row("SFQ2026000010"),                                            # 1 good
        {k: v for k, v in row("SFQ2026000011").items() if k != "stage"},  # 2 missing field
        row("SFQ2026000012", matter="NO-SUCH"),                          # 3 unknown matter
        row("SFQ2026000013", id_number=bad_id),                          # 4 bad ID number
        row("SFQ2026000014", accepted_on="2026-11-30"),                  # 5 in the future
        row("SFQ2026000015", colour="red"),                              # 6 unknown field
        row("SFQ2026000016", done_on="2026-11-21"),                      # 7 done_on while accepted
        row("SFQ2026000009"),                                            # 8 another applicant for a known number
        "SFQ2026000017",                                                 # 9 not an object
        row("SFQ2026000018", stage="finished"),                          # 10 no such stage
        row("SFQ2026000019", stage="done", done_on="2026-11-01"),        # 11 done before accepted
        row("SFQ2026000020", documents=[{"doc": "x"}]),                  # 12 documents come by PUT
        row("SFQ2026000021", matter="GA-HZ-001", accepted_on="2026-11-23"),  # 13 good
    ]
    r = approval.post("/cases/import", {"cases": rows})
    assert r.status_code == 200, r.text
    result = r.json()
    assert result["created"] == 2
    codes = {x["row"]: (x["number"], x["code"], x["field"]) for x in result["refused"]}
    assert codes == {
        2: ("SFQ2026000011", "missing_field", "stage"), 3: ("SFQ2026000012", "unknown_matter", "matter"),
        4: ("SFQ2026000013", "bad_id_number", "id_number"), 5: ("SFQ2026000014", "accepted_in_future", "accepted_on"),
        6: ("SFQ2026000015", "unknown_field", "colour"), 7: ("SFQ2026000016", "done_on_without_done", "done_on"),
        8: ("SFQ2026000009", "case_changed", "id_number"), 9: (None, "not_an_object", None),
        10: ("SFQ2026000018", "bad_field", "stage"), 11: ("SFQ2026000019", "done_on_too_early", "done_on"),
        12: ("SFQ2026000020", "documents_not_here", "documents"),
    }
    for x in result["refused"]:
        assert x["message"] and x["message_en"] and x["message"] != x["message_en"]
    assert ZHANG not in r.text and bad_id not in r.text and "张小三" not in r.text
    for n in range(11, 21):
        assert admin.get(f"/cases/SFQ20260000{n}").status_code == 404
    assert admin.get("/cases/SFQ2026000009").json()["masked_name"] == "李*"  # the known case kept its applicant
    assert admin.get("/cases/SFQ2026000021").json()["promised_due"] == "2026-12-21"  # 20 working days
    [imported] = events_of(kiosk, seq, "case.imported")
    assert imported["data"] == {"created": 2, "updated": 0, "documents": 0, "refused": 11}


def test_only_the_approval_system_and_the_hall_admin_import(server, approval, kiosk, admin):
    body = {"cases": [row("SFQ2026000030")]}
    assert kiosk.post("/cases/import", body).status_code == 403
    assert server.client().post("/cases/import", body).status_code == 401
    assert admin.post("/cases/import", body).json()["created"] == 1
    assert approval.post("/cases/import", body).json()["unchanged"] == 1
    # The approval system reads nothing of the citizens'.
    assert approval.post("/cases/lookup", {"id_number": ZHANG}).status_code == 403
    assert approval.get("/cases/SFQ2026000030").status_code == 403
    # The approval system is no device that reports health.
    assert "approval-system" not in {x["reporter"] for x in admin.get("/devices/health").json()["reporters"]}
    r = approval.post("/cases/import", {"cases": "not a list"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "bad_request"


def test_import_replays_with_an_idempotency_key(server, approval):
    body = {"cases": [row("SFQ2026000040")]}
    first = approval.post("/cases/import", body, key="import-batch-0001")
    again = approval.post("/cases/import", body, key="import-batch-0001")
    assert first.json()["created"] == 1 and again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"


# --- documents ---------------------------------------------------------------------------------

def test_result_documents_are_checked_and_idempotent(server, approval, kiosk, admin):
    approval.post("/cases/import", {"cases": [row("SFQ2026000050", stage="approved")]})
    pdf = sample_pdf()
    r = put_pdf(approval, "SFQ2026000050", "migration", pdf)
    assert r.status_code == 201 and r.json()["outcome"] == "created" and r.json()["pages"] == 1
    assert put_pdf(approval, "SFQ2026000050", "migration", pdf).json()["outcome"] == "unchanged"
    assert put_pdf(approval, "SFQ2026000050", "migration", sample_pdf("v2"), title=None,
                   title_en=None).json()["outcome"] == "replaced"

    def refused(response, status: int, code: str) -> None:
        assert response.status_code == status, response.text
        assert response.json()["error"]["code"] == code and response.json()["error"]["message"]

    refused(put_pdf(approval, "SFQ2026000050", "other", pdf, content_type="text/plain"), 415, "not_pdf")
    refused(put_pdf(approval, "SFQ2026000050", "other", b"hello, not a pdf"), 422, "not_pdf")
    refused(put_pdf(approval, "SFQ2026000050", "other", pdf[: len(pdf) // 2]), 422, "pdf_truncated")
    refused(put_pdf(approval, "SFQ2026000050", "other", b"%PDF-1.4\ngarbage\n%%EOF\n"), 422, "pdf_unreadable")
    refused(put_pdf(approval, "SFQ2026000099", "other", pdf), 404, "unknown_case")
    refused(put_pdf(approval, "SFQ2026000050", "other", pdf, title=None), 422, "document_title_missing")
    assert put_pdf(kiosk, "SFQ2026000050", "other", pdf).status_code == 403
    assert put_pdf(approval, "SFQ2026000050", "bad name!", pdf).status_code == 422
    docs = admin.get("/cases/SFQ2026000050").json()["documents"]
    assert [(d["doc"], d["printable"], d["issued"]) for d in docs] == [("migration", True, False)]


# --- progress query ------------------------------------------------------------------------------

def test_progress_by_id_card_and_by_case_number_qr(server, approval, kiosk):
    approval.post("/cases/import", {"cases": [
        row("SFQ2026000060", accepted_on="2026-11-20"),                        # promised Fri Nov 27
        row("SFQ2026000061", accepted_on="2026-10-08", stage="reviewing"),     # promised Oct 14: overdue
        row("SFQ2026000062", matter="GA-CG-001", stage="done", accepted_on="2026-11-23"),
        row("SFQ2026000063", id_number=LI, name="李四"),
    ]})
    put_pdf(approval, "SFQ2026000060", "migration", sample_pdf())  # accepted only: not printable yet
    r = kiosk.post("/cases/lookup", {"id_number": ZHANG})
    assert r.status_code == 200
    listed = r.json()
    assert listed["today"] == "2026-11-23"
    cases = {c["number"]: c for c in listed["cases"]}
    assert set(cases) == {"SFQ2026000060", "SFQ2026000061", "SFQ2026000062"}  # not Li's
    assert [c["number"] for c in listed["cases"]][0] == "SFQ2026000062"  # newest first
    soon = cases["SFQ2026000060"]
    assert (soon["promised_due"], soon["working_days_left"], soon["overdue"]) == ("2026-11-27", 4, False)
    assert soon["matter_name"] == "户口迁入" and soon["matter_name_en"]
    assert soon["documents"][0]["printable"] is False and soon["ready_to_print"] is False
    late = cases["SFQ2026000061"]
    assert late["promised_due"] == "2026-10-14"  # Oct 9, 10 (make-up Saturday), 12, 13, 14
    assert late["overdue"] is True and late["working_days_left"] == -28
    assert cases["SFQ2026000062"]["working_days_left"] is None
    assert ZHANG not in r.text and "张小三" not in r.text

    assert kiosk.post("/cases/lookup", {"id_number": make_id("20000101")}).json()["cases"] == []
    bad = kiosk.post("/cases/lookup", {"id_number": ZHANG[:-1] + "Y"})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "bad_id_number"

    scanned = kiosk.post("/cases/scan", {"qr": encode_case_qr("SFQ2026000063")})
    assert scanned.status_code == 200 and scanned.json()["masked_name"] == "李*"
    assert LI not in scanned.text
    nope = kiosk.post("/cases/scan", {"qr": "https://example.com/"})
    assert nope.status_code == 422 and nope.json()["error"]["code"] == "case_qr_malformed"
    assert nope.json()["error"]["message"] == "无法识别该办件二维码"
    unknown = kiosk.post("/cases/scan", {"qr": "HC1.SFQ2099000001"})
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "unknown_case"
    assert server.client().post("/cases/lookup", {"id_number": ZHANG}).status_code == 401


def test_supervision_lights_open_cases(server, approval, admin, kiosk, clock):
    approval.post("/cases/import", {"cases": [
        row("SFQ2026000070", accepted_on="2026-11-20"),                     # due Nov 27: 4 left → green
        row("SFQ2026000071", accepted_on="2026-11-16"),                     # due Nov 23 (today): yellow
        row("SFQ2026000072", accepted_on="2026-11-17"),                     # due Nov 24: 1 left → yellow
        row("SFQ2026000073", accepted_on="2026-11-12"),                     # due Nov 19: red
        row("SFQ2026000074", accepted_on="2026-11-12", stage="done"),       # done: never lit
    ]})
    s = admin.get("/supervision/cases").json()
    assert (s["today"], s["warn_days"], s["yellow"], s["red"]) == ("2026-11-23", 2, 2, 1)
    assert [(c["number"], c["light"], c["working_days_left"]) for c in s["cases"]] == [
        ("SFQ2026000073", "red", -2), ("SFQ2026000071", "yellow", 0), ("SFQ2026000072", "yellow", 1)]
    every = admin.get("/supervision/cases", include_green="true").json()
    assert {c["number"]: c["light"] for c in every["cases"]}["SFQ2026000070"] == "green"
    assert "SFQ2026000074" not in {c["number"] for c in every["cases"]}
    clock.set_local(2026, 11, 26, 9, 0)  # Thursday: Nov 27 is one working day away
    s = server.login("admin", ADMIN_PIN).get("/supervision/cases").json()
    assert {c["number"]: c["light"] for c in s["cases"]}["SFQ2026000070"] == "yellow"
    assert s["red"] == 3
    assert kiosk.get("/supervision/cases").status_code == 403
    staff = server.login("w01", STAFF_PIN, "01")
    assert staff.get("/supervision/cases").status_code == 403


# --- files and the command line -----------------------------------------------------------------

def _write_pdf(folder: pathlib.Path, name: str) -> pathlib.Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(sample_pdf(name))
    return path


def test_command_line_imports_json_and_csv_with_documents(tmp_path, clock, capsys):
    db_path = tmp_path / "hall.db"
    export = tmp_path / "export"
    _write_pdf(export, "docs/licence.pdf")
    (export / "cases.json").write_text(json.dumps({"cases": [
        row("SFQ2026000080", stage="approved", documents=[
            {"doc": "licence", "title": "营业执照", "title_en": "Business licence", "file": "docs/licence.pdf"}]),
        row("SFQ2026000081", documents=[
            {"doc": "gone", "title": "证", "title_en": "Certificate", "file": "docs/missing.pdf"}]),
        row("SFQ2026000082", stage="backwards"),
    ]}, ensure_ascii=False), encoding="utf-8")
    args = ["import-cases", str(export / "cases.json"), "--db", str(db_path), "--hall", str(SAMPLE_HALL)]
    assert cli.main(args) == 2
    out = capsys.readouterr()
    assert "1 created" in out.out and "1 documents" in out.out and "2 refused" in out.out
    assert "row 2 (SFQ2026000081): document_unreadable" in out.err
    assert "row 3 (SFQ2026000082): bad_field" in out.err
    assert ZHANG not in out.out + out.err

    _write_pdf(export, "receipt.pdf")
    header = "number,matter,id_number,name,stage,accepted_on,stage_at,done_on,document,document_title," \
             "document_title_en,document_file\n"
    (export / "more.csv").write_text(
        "\ufeff" + header
        + f"SFQ2026000083,GA-HZ-003,{LI},李四,reviewing,2026-11-19,,,,,,\n"
        + f"SFQ2026000080,GA-HZ-003,{ZHANG},张小三,approved,2026-11-20,,,receipt,回执,Receipt,receipt.pdf\n"
        + f"SFQ2026000084,GA-HZ-003,{LI},李四,approved,2026-11-31,,,,,,\n"
        + f"SFQ2026000085,GA-HZ-003,{LI},李四,approved,2026-11-19,,,,,,,surplus\n",
        encoding="utf-8")
    csv_args = ["import-cases", str(export / "more.csv"), "--db", str(db_path)]
    assert cli.main(csv_args) == 2
    out = capsys.readouterr()
    assert "1 created" in out.out and "1 unchanged" in out.out and "1 documents" in out.out
    assert "line 4 (SFQ2026000084): bad_field" in out.err and "accepted_on" in out.err
    assert "line 5 (SFQ2026000085): unknown_field" in out.err
    assert cli.main(["import-cases", str(tmp_path / "nope.csv"), "--db", str(db_path)]) == 1
    assert cli.main(["import-cases", str(export / "docs/licence.pdf"), "--db", str(db_path)]) == 1
    capsys.readouterr()

    srv = RunningServer(db_path, SAMPLE_HALL, clock)
    srv.start()
    try:
        k = srv.client(KIOSK_TOKEN)
        mine = k.post("/cases/lookup", {"id_number": ZHANG}).json()["cases"]
        assert [(c["number"], [d["doc"] for d in c["documents"]]) for c in mine] == [
            ("SFQ2026000080", ["licence", "receipt"])]
        assert mine[0]["ready_to_print"] is True
        assert [c["number"] for c in k.post("/cases/lookup", {"id_number": LI}).json()["cases"]] == ["SFQ2026000083"]
    finally:
        srv.stop()
    assert cli.main(args) == 2  # the same export again: nothing new, the same two rows refused
    assert "0 created, 0 moved on, 1 unchanged, 0 documents, 2 refused" in capsys.readouterr().out


def test_demo_cases_load_once_with_every_stage_and_documents(tmp_path, clock, capsys):
    db_path = tmp_path / "hall.db"
    sample = pathlib.Path(SAMPLE_HALL).parent / "sample_cases.json"
    assert cli.main(["import-cases", str(sample), "--db", str(db_path), "--demo"]) == 0
    assert " 0 refused" in capsys.readouterr().out
    assert cli.main(["import-cases", str(sample), "--db", str(db_path), "--demo"]) == 0
    assert "already holds cases" in capsys.readouterr().out
    data = json.loads(sample.read_text(encoding="utf-8"))
    stages = {c["stage"] for c in data["cases"]}
    assert stages == {"accepted", "reviewing", "approved", "done"}
    srv = RunningServer(db_path, SAMPLE_HALL, clock)
    srv.start()
    try:
        admin = srv.login("admin", ADMIN_PIN)
        numbers = [c["number"] for c in data["cases"]]
        shown = [admin.get(f"/cases/{n}").json() for n in numbers]
        assert all(s["number"] == n for s, n in zip(shown, numbers, strict=True))
        assert any(s["ready_to_print"] for s in shown)
        assert admin.get("/supervision/cases").status_code == 200
    finally:
        srv.stop()
