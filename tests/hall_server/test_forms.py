"""电子填单 on the hall server: form templates in the hall file, the kiosk's form stored with its ticket,
read at the window (masked on the evaluator), confirmed by the citizen, and purged when the ticket ends."""
from __future__ import annotations

import copy
import io
import logging
import sqlite3
import tomllib

import pytest
from pypdf import PdfReader
from hallsupport import KIOSK2_TOKEN, SAMPLE_HALL, STAFF_PIN, device_token, make_id

from hall_rules import forms as form_rules
from hall_server.config import ConfigError, parse_hall

EVALUATOR_01 = device_token("evaluator-01")
NAME = "欧阳小明"
ID_NUMBER = make_id("19790305", "330106", "517")
ADDRESS = "浙江省杭州市西湖区文三路477号"
PHONE = "13912345678"
MATTER = "GA-HZ-001"
MATERIALS = ["原居民身份证", "居民户口簿"]


def form_body(**values: str) -> dict:
    body = {"matter": MATTER,
            "values": {"name": NAME, "sex": "男", "id_number": ID_NUMBER, "nation": "汉", "birth": "1979-03-05",
                       "address": ADDRESS, "valid_until": "2026-12-31", "phone": PHONE, "reason": "有效期满"},
            "materials": [{"name": n, "have": True} for n in MATERIALS]}
    body["values"].update(values)
    return body


TOKENS: dict[int, str] = {}  # ticket id -> its tracking token, as the issuing kiosk knows it


def issue(kiosk) -> int:
    issued = kiosk.issue("general")
    TOKENS[issued["ticket"]["id"]] = issued["track_token"]
    return issued["ticket"]["id"]


def put_form(client, ticket_id: int, body: dict, key: str | None = None):
    """PUT the form of a ticket, named by its tracking token as the kiosk names it."""
    return client.http.put(f"/api/v1/forms/{TOKENS[ticket_id]}", json=body, headers=client.headers(key, new_key=True))


@pytest.fixture
def w01(server):
    staff = server.login("w01", STAFF_PIN, "01")
    staff.ok("/windows/01/open")
    return staff


@pytest.fixture
def evaluator(server):
    return server.client(EVALUATOR_01)


@pytest.fixture
def filled(kiosk) -> int:
    """A ticket whose kiosk sent its form."""
    ticket_id = issue(kiosk)
    r = put_form(kiosk, ticket_id, form_body())
    assert r.status_code == 200, r.text
    return ticket_id


# --- templates ----------------------------------------------------------------------------------

def _sample() -> dict:
    return tomllib.loads(SAMPLE_HALL.read_text(encoding="utf-8"))


def test_sample_matters_carry_forms_with_card_and_citizen_fields():
    hall = parse_hall(_sample(), "sample")
    with_forms = {m.code: m for m in hall.matters if m.form is not None}
    assert len(with_forms) >= 3
    renewal = with_forms[MATTER].form
    assert renewal is not None
    sources = {f.key: f.source for f in renewal.fields}
    assert sources["id_number"] == "card:id" and sources["name"] == "card:name" and sources["phone"] == "citizen"
    assert any(m.allow_missing and m.allow_missing_note for m in with_forms.values())


@pytest.mark.parametrize("change, words", [
    (lambda f: f[2].update(type="text"), "card:id"),
    (lambda f: f[1].pop("choices"), "choices"),
    (lambda f: f[3].update(key="name"), "used twice"),
    (lambda f: f[0].update(source="card:photo"), "source"),
    (lambda f: f[0].update(colour="red"), "colour"),
])
def test_a_bad_form_template_is_refused_with_its_place(change, words):
    raw = copy.deepcopy(_sample())
    matter = next(m for m in raw["matters"] if m["code"] == MATTER)
    change(matter["form"]["fields"])
    with pytest.raises(ConfigError, match=words):
        parse_hall(raw, "sample")


def test_allow_missing_needs_its_note():
    raw = copy.deepcopy(_sample())
    next(m for m in raw["matters"] if m["code"] == MATTER)["allow_missing"] = True
    with pytest.raises(ConfigError, match="allow_missing_note"):
        parse_hall(raw, "sample")


def test_the_kiosk_gets_each_matters_form_with_the_guide(kiosk):
    matters = {m["code"]: m for m in kiosk.get("/matters").json()["matters"]}
    fields = {f["key"]: f for f in matters[MATTER]["form"]}
    assert fields["reason"]["choices"] == ["有效期满", "证件损坏", "登记项目变更"]
    assert fields["phone"] == {"key": "phone", "label": "联系电话", "label_en": "Phone", "type": "phone",
                               "source": "citizen", "required": True, "choices": [], "max_length": 20}
    assert matters["GA-HZ-003"]["allow_missing"] and matters["GA-HZ-003"]["allow_missing_note"]
    assert matters["GA-HZ-002"]["form"] is None


def test_value_rules_are_shared():
    assert form_rules.check_value("phone", "13912345678") is None
    assert form_rules.check_value("phone", "0571-87654321") is None
    assert form_rules.check_value("phone", "12345") == "form_bad_phone"
    assert form_rules.check_value("date", "2026-02-30") == "form_bad_date"
    assert form_rules.check_value("date", "长期") is None
    assert form_rules.check_value("choice", "x", choices=("男", "女")) == "form_bad_choice"
    assert form_rules.check_value("idnumber", ID_NUMBER[:-1] + "0") in (None, "bad_id_number")
    assert form_rules.check_value("text", " ") == "form_value_blank"
    assert form_rules.check_value("text", "x" * 61, max_length=60) == "form_value_too_long"
    assert form_rules.shown_value("idnumber", ID_NUMBER) == ID_NUMBER[:6] + "********" + ID_NUMBER[-4:]


# --- storing ------------------------------------------------------------------------------------

def test_the_issuing_kiosk_stores_the_form_idempotently(server, kiosk, admin):
    ticket_id = issue(kiosk)
    first = put_form(kiosk, ticket_id, form_body(), key="form-key-0001")
    again = put_form(kiosk, ticket_id, form_body(), key="form-key-0001")
    assert first.status_code == again.status_code == 200
    assert again.headers.get("Idempotent-Replayed") == "true" and again.json() == first.json()
    assert NAME not in first.text and ID_NUMBER not in first.text  # the answer carries no value
    form = admin.get(f"/tickets/{ticket_id}/form").json()
    values = {v["key"]: v["value"] for v in form["values"]}
    assert values["id_number"] == ID_NUMBER and values["name"] == NAME  # staff see it whole
    assert form["matter_name"] == "居民身份证换领" and form["confirmed"] is None


@pytest.mark.parametrize("body, code", [
    (form_body(phone="12345"), "form_bad_phone"),
    (form_body(id_number="110105198506121230"), "bad_id_number"),
    (form_body(reason="随便"), "form_bad_choice"),
    (form_body(birth="05/03/1979"), "form_bad_date"),
    (form_body(phone=""), "form_value_missing"),
    (form_body(hobby="chess"), "form_unknown_field"),
    ({**form_body(), "matter": "GA-HZ-002"}, "form_unknown_matter"),
    ({**form_body(), "materials": [{"name": "居民户口簿", "have": True}]}, "form_bad_materials"),
])
def test_a_bad_form_is_refused_and_nothing_is_kept(kiosk, admin, body, code):
    ticket_id = issue(kiosk)
    r = put_form(kiosk, ticket_id, body)
    assert r.status_code == 422 and r.json()["error"]["code"] == code, r.text
    assert r.json()["error"]["message"] and r.json()["error"]["message_en"]
    assert NAME not in r.text and PHONE not in r.text and "chess" not in r.text
    assert admin.get(f"/tickets/{ticket_id}/form").json()["error"]["code"] == "no_form"


def test_another_kiosk_cannot_fill_a_tickets_form(server, kiosk):
    ticket_id = issue(kiosk)
    r = put_form(server.client(KIOSK2_TOKEN), ticket_id, form_body())
    assert r.status_code == 404 and r.json()["error"]["code"] == "unknown_ticket"


def test_the_form_is_never_in_an_event(server, kiosk, w01, evaluator, filled):
    w01.ok("/windows/01/call-next", {"ticket_id": filled})
    evaluator.ok(f"/tickets/{filled}/form/confirm", {"correct": True})
    events = kiosk.get("/events", after=0).json()["events"]
    text = str(events)
    assert NAME not in text and ID_NUMBER not in text and PHONE not in text and ADDRESS not in text


# --- at the window ------------------------------------------------------------------------------

def test_only_the_window_the_ticket_is_at_reads_its_form(server, kiosk, w01, evaluator, filled):
    assert w01.get(f"/tickets/{filled}/form").status_code == 404  # still waiting: not at the window yet
    assert evaluator.get(f"/tickets/{filled}/form").status_code == 404
    w01.ok("/windows/01/call-next", {"ticket_id": filled})
    form = w01.get(f"/tickets/{filled}/form").json()
    assert {v["key"]: v["value"] for v in form["values"]}["id_number"] == ID_NUMBER
    other = server.login("w02", STAFF_PIN, "02")
    assert other.get(f"/tickets/{filled}/form").json()["error"]["code"] == "no_form"
    assert kiosk.get(f"/tickets/{filled}/form").status_code == 403
    assert server.client(device_token("evaluator-02")).get(f"/tickets/{filled}/form").status_code == 404


def test_the_evaluator_shows_the_id_number_masked_and_records_the_citizens_answer(server, w01, evaluator,
                                                                                    admin, filled):
    w01.ok("/windows/01/call-next", {"ticket_id": filled})
    w01.ok("/windows/01/start", {"ticket_id": filled})
    shown = evaluator.get(f"/tickets/{filled}/form")
    assert ID_NUMBER not in shown.text
    values = {v["key"]: v["value"] for v in shown.json()["values"]}
    assert values["id_number"] == ID_NUMBER[:6] + "*" * 8 + ID_NUMBER[-4:]
    assert evaluator.ok(f"/tickets/{filled}/form/confirm", {"correct": False}) == {"ticket_id": filled,
                                                                                    "confirmed": False}
    assert w01.get(f"/tickets/{filled}/form").json()["confirmed"] is False
    assert w01.post(f"/tickets/{filled}/form/confirm", {"correct": True}).status_code == 403


def test_the_window_asks_its_evaluator_to_check_the_form_by_an_event_without_values(server, kiosk, w01,
                                                                                     evaluator, filled):
    assert w01.post(f"/tickets/{filled}/form/ask-confirm").json()["error"]["code"] == "no_form"  # not called yet
    w01.ok("/windows/01/call-next", {"ticket_id": filled})
    number = w01.get(f"/tickets/{filled}/form").json()["number"]
    asked = w01.ok(f"/tickets/{filled}/form/ask-confirm")
    assert asked == {"ticket_id": filled, "window": "01", "number": number}
    other = server.login("w02", STAFF_PIN, "02")
    assert other.post(f"/tickets/{filled}/form/ask-confirm").json()["error"]["code"] == "no_form"
    assert evaluator.post(f"/tickets/{filled}/form/ask-confirm").status_code == 403
    evaluator.ok(f"/tickets/{filled}/form/confirm", {"correct": True})
    events = [e for e in kiosk.get("/events", after=0).json()["events"] if e["type"].startswith("form.")]
    assert [(e["type"], e["data"]) for e in events] == [
        ("form.confirm_requested", {"ticket": filled, "window": "01", "number": number}),
        ("form.confirmed", {"ticket": filled, "window": "01", "number": number, "confirmed": True})]
    assert NAME not in str(events) and ID_NUMBER not in str(events)


def test_the_window_prints_the_form_as_an_a4_pdf_with_the_id_number_masked(server, kiosk, w01, evaluator,
                                                                            admin, filled):
    assert w01.get(f"/tickets/{filled}/form.pdf").status_code == 404  # not at the window yet
    w01.ok("/windows/01/call-next", {"ticket_id": filled})
    r = w01.get(f"/tickets/{filled}/form.pdf")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(r.content))
    page = reader.pages[0]
    assert (round(float(page.mediabox.width) / 72 * 25.4), round(float(page.mediabox.height) / 72 * 25.4)) == (
        210, 297)
    text = "".join(p.extract_text() for p in reader.pages)
    assert "居民身份证换领" in text and "公民身份号码" in text and NAME in text and ADDRESS in text
    assert ID_NUMBER not in text and ID_NUMBER[:6] + "*" * 8 + ID_NUMBER[-4:] in text
    assert ID_NUMBER.encode() not in r.content
    assert evaluator.get(f"/tickets/{filled}/form.pdf").status_code == 403
    assert admin.get(f"/tickets/{filled}/form.pdf").status_code == 403
    assert server.login("w02", STAFF_PIN, "02").get(f"/tickets/{filled}/form.pdf").status_code == 404


# --- purge --------------------------------------------------------------------------------------

def _database_bytes(server) -> bytes:
    with sqlite3.connect(server.db_path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("VACUUM")
    return b"".join(p.read_bytes() for p in server.db_path.parent.glob(server.db_path.name + "*"))


def _forms_kept(server) -> list[tuple]:
    with sqlite3.connect(server.db_path) as conn:
        return conn.execute("SELECT ticket_id FROM forms").fetchall()


def _seen(server, ticket_id: int) -> tuple | None:
    with sqlite3.connect(server.db_path) as conn:
        return conn.execute("SELECT matter, confirmed FROM forms_seen WHERE ticket_id = ?", (ticket_id,)).fetchone()


def test_a_finished_tickets_form_is_gone_from_the_database_file(server, kiosk, w01, evaluator, admin, filled):
    w01.ok("/windows/01/call-next", {"ticket_id": filled})
    w01.ok("/windows/01/start", {"ticket_id": filled})
    evaluator.ok(f"/tickets/{filled}/form/confirm", {"correct": True})
    assert NAME.encode() in _database_bytes(server)  # the check below can see a value
    w01.ok("/windows/01/finish", {"ticket_id": filled})
    assert admin.get(f"/tickets/{filled}/form").json()["error"]["code"] == "no_form"
    content = _database_bytes(server)
    for value in (NAME, ID_NUMBER, ADDRESS, PHONE):
        assert value.encode() not in content
    assert _seen(server, filled) == (MATTER, 1)  # only the record that it existed remains


def test_a_cancelled_tickets_form_goes_with_it(server, kiosk, admin, filled):
    kiosk.ok(f"/tickets/{filled}/cancel", {"reason": "changed_mind"})
    assert admin.get(f"/tickets/{filled}/form").json()["error"]["code"] == "no_form"
    assert _seen(server, filled) == (MATTER, None)
    assert put_form(kiosk, filled, form_body()).json()["error"]["code"] == "form_ticket_ended"


def test_a_no_shows_form_stays_while_it_may_be_undone_then_goes(server, clock, kiosk, w01, admin, filled):
    w01.ok("/windows/01/call-next", {"ticket_id": filled})
    w01.ok("/windows/01/no-show", {"ticket_id": filled})
    kiosk.issue("general")
    assert admin.get(f"/tickets/{filled}/form").status_code == 200  # the no-show may still be undone
    clock.advance(seconds=121)
    kiosk.issue("general")  # the next command's batch looks for no-shows past their undo time
    assert admin.get(f"/tickets/{filled}/form").json()["error"]["code"] == "no_form"
    assert NAME.encode() not in _database_bytes(server)


def test_the_day_turnover_purges_every_form(server, clock, kiosk, filled):
    assert _forms_kept(server) == [(filled,)]
    clock.advance(days=1)
    kiosk.issue("general")
    assert _forms_kept(server) == []
    assert _seen(server, filled) == (MATTER, None)
    assert ID_NUMBER.encode() not in _database_bytes(server)


def test_no_log_line_carries_a_forms_value(server, kiosk, w01, evaluator, admin, caplog):
    with caplog.at_level(logging.DEBUG):
        ticket_id = issue(kiosk)
        put_form(kiosk, ticket_id, form_body())
        put_form(kiosk, ticket_id, form_body(phone="12345"))  # refused: its value is not logged either
        w01.ok("/windows/01/call-next", {"ticket_id": ticket_id})
        w01.ok("/windows/01/start", {"ticket_id": ticket_id})
        evaluator.get(f"/tickets/{ticket_id}/form")
        evaluator.ok(f"/tickets/{ticket_id}/form/confirm", {"correct": True})
        w01.ok("/windows/01/finish", {"ticket_id": ticket_id})
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for value in (NAME, ID_NUMBER, ADDRESS, PHONE, "12345"):
        assert value not in logged


@pytest.mark.slow
def test_forms_on_postgresql_are_kept_read_and_purged(pg_url, clock):
    import sqlalchemy as sa

    from hallsupport import ADMIN_PIN, KIOSK_TOKEN, RunningServer

    srv = RunningServer(pg_url, SAMPLE_HALL, clock)
    srv.start()
    try:
        kiosk, admin = srv.client(KIOSK_TOKEN), srv.login("admin", ADMIN_PIN)
        staff = srv.login("w01", STAFF_PIN, "01")
        staff.ok("/windows/01/open")
        done, no_show = issue(kiosk), issue(kiosk)
        for ticket_id in (done, no_show):
            assert put_form(kiosk, ticket_id, form_body()).status_code == 200
        staff.ok("/windows/01/call-next", {"ticket_id": done})
        assert {v["key"]: v["value"] for v in staff.get(f"/tickets/{done}/form").json()["values"]}["name"] == NAME
        staff.ok("/windows/01/start", {"ticket_id": done})
        staff.ok("/windows/01/finish", {"ticket_id": done})
        staff.ok("/windows/01/call-next", {"ticket_id": no_show})
        staff.ok("/windows/01/no-show", {"ticket_id": no_show})
        assert admin.get(f"/tickets/{done}/form").json()["error"]["code"] == "no_form"
        assert admin.get(f"/tickets/{no_show}/form").status_code == 200
        clock.advance(seconds=121)
        issue(kiosk)
        engine = sa.create_engine(pg_url)
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM forms")).scalar() == 0
            assert conn.execute(sa.text("SELECT count(*) FROM forms_seen")).scalar() == 2
        engine.dispose()
    finally:
        srv.stop()
