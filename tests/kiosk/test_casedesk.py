"""The kiosk's online-only desk (progress, certificate prints, ratings) without Qt, against a real hall
server behind a relay that really loses answers: a lost answer is retried with the same key, so a
print is granted and its outcome told once; the server away is DeskUnavailable, a refusal DeskRefused."""
from __future__ import annotations

import ast
import json
import pathlib

import pytest

from hallsupport import ADMIN_PIN, KIOSK_TOKEN
from kiosk.casedesk import CaseDesk, DeskRefused, DeskUnavailable
from kiosk.link import HallLink
from kiosk.walk import SAMPLE_CASES

APPROVAL_TOKEN = "demo-approval-system-7b3e51d0c9a2"
ADULT_ID = "110101198805152313"
APPROVED = "SFQ2026110003"


@pytest.fixture
def cases(server):
    """The demo cases of the sample cards and the approved case's document."""
    approval = server.client(APPROVAL_TOKEN)
    export = json.loads(SAMPLE_CASES.read_text(encoding="utf-8"))
    rows = [{k: v for k, v in c.items() if k != "documents"} for c in export["cases"]]
    assert approval.post("/cases/import", {"cases": rows}).json()["created"] == len(rows)
    pdf = (SAMPLE_CASES.parent / "sample_documents" / f"migration-{APPROVED}.pdf").read_bytes()
    r = approval.http.put(f"/api/v1/cases/{APPROVED}/documents/migration", content=pdf,
                          params={"title": "户口迁移证明", "title_en": "Household migration certificate"},
                          headers={**approval.headers(), "Content-Type": "application/pdf"})
    assert r.status_code == 201, r.text
    return approval


@pytest.fixture
def desk_at():
    """A desk over its own link to a URL; the links are closed after the test."""
    links: list[HallLink] = []

    def make(url: str) -> CaseDesk:
        links.append(HallLink(url, KIOSK_TOKEN, timeout_s=2.0))
        return CaseDesk(links[-1])

    yield make
    for link in links:
        link.close()


def posts(faulty, part: str) -> list[tuple]:
    return [s for s in faulty.seen if s[1] == "POST" and part in s[2]]


def test_the_desk_imports_no_qt_and_only_the_wire_schema_of_the_server():
    tree = ast.parse((pathlib.Path(__file__).parents[2] / "kiosk" / "casedesk.py").read_text(encoding="utf-8"))
    modules = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    modules |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module and n.level == 0}
    assert not {m for m in modules if m.startswith(("PySide", "hall_server", "devices")) and m != "hall_server.schema"}


def test_progress_by_card_and_by_qr(server, cases, desk_at):
    desk = desk_at(server.url)
    found = desk.cases_of(ADULT_ID).cases
    assert len(found) == 4 and all(c.masked_name.startswith("测*") for c in found)
    assert "id_number" not in found[0].model_dump()
    assert desk.case_by_qr(f"HC1.{APPROVED}").stage == "approved"
    with pytest.raises(DeskRefused) as refused:
        desk.case_by_qr("HC2.nonsense")
    assert refused.value.code == "case_qr_malformed" and refused.value.message_en


def test_server_away_is_unavailable(desk_at):
    desk = desk_at("http://127.0.0.1:9")  # nothing listens on the discard port
    with pytest.raises(DeskUnavailable):
        desk.cases_of(ADULT_ID)


@pytest.mark.slow
def test_a_lost_grant_is_retried_with_the_same_key_and_one_print_results(server, cases, faulty, desk_at):
    desk = desk_at(faulty.url)
    faulty.mode = "drop_answer"
    with pytest.raises(DeskUnavailable):
        desk.request_print(APPROVED, "migration", ADULT_ID)
    tries = posts(faulty, "/certificate-prints")
    assert len(tries) == 2 and tries[0][3] == tries[1][3]
    faulty.mode = "forward"
    granted = desk.request_print(APPROVED, "migration", ADULT_ID)  # asked again: the print granted unseen
    assert granted.pdf_base64 and granted.code
    assert posts(faulty, "/certificate-prints")[-1][3] == tries[0][3]
    # The one print granted: its completion issues the document (a second print would have met
    # the first unreported one and needed staff).
    assert server.client(KIOSK_TOKEN).post(f"/certificate-prints/{granted.print_id}/result",
                                           {"outcome": "completed"}).json()["issued"] is True


@pytest.mark.slow
def test_a_print_outcome_the_server_did_not_hear_waits_in_the_outbox(server, cases, make_core):
    core = make_core(server.url)
    assert core.sync_now() is True
    desk = CaseDesk(core.link)
    granted = desk.request_print(APPROVED, "migration", ADULT_ID)
    path, body = desk.print_report(granted.print_id, "completed", "spooled", "job-1")
    server.stop()
    assert core.deliver("print_report", path, body) is None  # kept, not dropped
    assert core.pending_outbox() == 1
    server.start()
    assert core.sync_now() is True  # however late: past the old five minutes too
    assert core.pending_outbox() == 0 and core.failed_outbox() == []
    doc = server.login("admin", ADMIN_PIN).get(f"/cases/{APPROVED}").json()["documents"][0]
    assert doc["issued"] is True
    with pytest.raises(DeskRefused) as refused:
        desk.request_print(APPROVED, "migration", ADULT_ID)
    assert refused.value.code == "already_issued"


@pytest.mark.slow
def test_a_lost_report_answer_is_replayed_from_the_outbox_and_told_once(server, cases, faulty, make_core):
    core = make_core(faulty.url)
    assert core.sync_now() is True
    desk = CaseDesk(core.link)
    granted = desk.request_print(APPROVED, "migration", ADULT_ID)
    faulty.mode = "drop_answer"  # the server records it; the kiosk never hears
    assert core.deliver("print_report", *desk.print_report(granted.print_id, "completed")) is None
    faulty.mode = "forward"
    assert core.sync_now() is True
    tries = posts(faulty, "/result")
    assert len(tries) == 2 and len({t[3] for t in tries}) == 1  # one key: told once
    assert core.pending_outbox() == 0 and core.failed_outbox() == []


def test_a_print_for_someone_else_is_refused(server, cases, desk_at):
    desk = desk_at(server.url)
    with pytest.raises(DeskRefused) as refused:
        desk.request_print(APPROVED, "migration", "110101197001013153")
    assert refused.value.code == "no_case_for_card"
